package dev.seatbooking.payment;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * An event names a booking whose payment start has not yet recorded the intent the PSP made: it
 * may be that intent, or a stranger's. The webhook is answered 503 so the PSP delivers it again
 * once the start has recorded its intent and the two can be told apart.
 */
public class PaymentStartUnderWay extends ApiProblem {

    public PaymentStartUnderWay(String bookingId) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENT_START_IN_PROGRESS",
                "The payment of " + bookingId + " is being started; deliver the event again shortly");
    }
}
