package dev.seatbooking.payment;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what is wrong with the payment settings and how to fix it, instead of a stack trace. */
class PaymentSettingsFailureAnalyzer extends AbstractFailureAnalyzer<PaymentSettingsInvalid> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PaymentSettingsInvalid cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
