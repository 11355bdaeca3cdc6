package dev.seatbooking.payment;

/** The PSP's answer to a refund it took: its id, amount (smallest unit) and Stripe status. */
public record RefundReceipt(String refundId, long amount, String status) {
}
