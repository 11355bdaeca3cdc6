package dev.seatbooking.payment;

import dev.seatbooking.payment.PaymentOutcomes.Applied;

/**
 * Where refund outcomes go: the booking feature implements it. Each call applies the refund's news
 * to the booking whose own payment it gives back, in one transaction with the event id (I5).
 */
public interface RefundOutcomes {

    Applied refundUpdated(RefundUpdate update);
}
