package dev.paymentsimulator;

import java.util.Arrays;
import java.util.Optional;

/** The payment methods the simulator knows; each one decides how a confirmed PaymentIntent ends. */
public enum TestPaymentMethod {
    /** As on Stripe: succeeded at once; the success event follows 1-5 s later. */
    CARD_VISA("pm_card_visa"),
    /** As on Stripe: declined ({@code card_declined}); the failure event follows. */
    CARD_DECLINED("pm_card_visa_chargeDeclined"),
    /**
     * As on Stripe: the payment succeeds; a refund of it starts {@code succeeded} and fails a moment
     * later ({@code refund.updated}, {@code refund.failed}, {@code failure_reason} {@code declined}).
     */
    CARD_REFUND_FAIL("pm_card_refundFail"),
    /** {@code processing}; succeeds 1-5 s later and sends the success event. */
    SIM_DELAYED("pm_sim_delayed"),
    /** {@code processing} forever: no outcome ever. */
    SIM_NEVER("pm_sim_never"),
    /** {@code processing}; succeeds after simulator.late-delay, longer than a hold lives. */
    SIM_LATE("pm_sim_late"),
    /** Succeeded at once; the success event is delivered 3 times, then a stale failure event. */
    SIM_CHAOS("pm_sim_chaos"),
    /**
     * Authorized as {@code pm_card_visa} is, but with {@code capture_method=manual} the issuer refuses
     * the capture: 402 {@code card_declined}, and the authorization is canceled.
     */
    SIM_CAPTURE_REFUSED("pm_sim_capture_refused"),
    /**
     * Authorized as {@code pm_card_visa} is, but with {@code capture_method=manual} the authorization
     * lapses just before its first capture, as if the capture came after its validity: the intent is
     * canceled ({@code automatic}) and the capture answers 400 {@code payment_intent_unexpected_state}.
     */
    SIM_AUTHORIZATION_LAPSED("pm_sim_authorization_lapsed");

    private final String id;

    TestPaymentMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static Optional<TestPaymentMethod> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
