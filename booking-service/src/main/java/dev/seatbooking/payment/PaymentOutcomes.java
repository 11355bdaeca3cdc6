package dev.seatbooking.payment;

/**
 * Where payment outcomes go: the booking feature implements it. Each call applies the outcome to
 * the booking, in one transaction with the event id (I5), before the webhook is acknowledged.
 */
public interface PaymentOutcomes {

    enum Applied {
        /** The booking changed (or was already in the state the event asks for, and the event is recorded). */
        APPLIED,
        /** This event id was applied before: nothing changed. */
        DUPLICATE,
        /** No booking matches the intent. */
        UNKNOWN_BOOKING,
        /**
         * The payment names a booking but is not that booking's own intent for its price: the
         * booking does not change; a payment that succeeded is refunded once.
         */
        FOREIGN
    }

    Applied succeeded(PaymentSucceeded payment);

    Applied failed(PaymentFailed payment);
}
