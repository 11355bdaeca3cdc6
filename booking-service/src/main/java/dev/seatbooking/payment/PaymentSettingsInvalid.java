package dev.seatbooking.payment;

/** The payment settings break a rule; the service does not start ({@link PaymentSettingsFailureAnalyzer}). */
class PaymentSettingsInvalid extends IllegalStateException {

    private final String action;

    PaymentSettingsInvalid(String problem, String action) {
        super(problem);
        this.action = action;
    }

    String action() {
        return action;
    }
}
