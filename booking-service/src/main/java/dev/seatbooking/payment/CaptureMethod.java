package dev.seatbooking.payment;

/** How PAY asks the PSP to take the money ({@code payment.capture-method}). */
public enum CaptureMethod {
    /** Authorize at PAY, capture once the seats are sold, void if they are not (the default). */
    MANUAL,
    /** Take the money at PAY, refund it if the seats cannot be sold: for methods that cannot authorize. */
    AUTOMATIC
}
