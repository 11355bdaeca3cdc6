package dev.seatbooking.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param apiKey the PSP's secret key (payment.api-key, env PAYMENT_API_KEY); with the in-process
 *     simulator, the simulator's key ({@link PaymentEnvironmentPostProcessor})
 * @param webhookTolerance how old a webhook's signed timestamp may be (payment.webhook-tolerance=5m)
 * @param connectTimeout time to connect to the PSP (payment.connect-timeout=2s)
 * @param readTimeout time to wait for the PSP's answer (payment.read-timeout=10s)
 * @param eventRetention how long applied PSP event ids are kept (payment.event-retention=30d)
 * @param minimumCharges the PSP's smallest charge per currency, beyond or instead of Stripe's
 *     ({@link ChargeLimits}), e.g. payment.minimum-charges.ZAR=10.00
 * @param captureMethod {@code manual} (payment.capture-method=manual): authorize at PAY, capture on
 *     the sale, void otherwise; {@code automatic}: take the money at PAY and refund it if no sale
 * @param captureDeadline how long after its intent was made an authorization is still captured
 *     (payment.capture-deadline=6d); older ones are voided instead, since the PSP lets them lapse (7
 *     days for cards on Stripe, less for some methods): keep it below the PSP's validity
 */
@ConfigurationProperties("payment")
record PaymentProperties(
        String apiKey,
        @DefaultValue("5m") Duration webhookTolerance,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30d") Duration eventRetention,
        Map<String, BigDecimal> minimumCharges,
        @DefaultValue("manual") CaptureMethod captureMethod,
        @DefaultValue("6d") Duration captureDeadline) {
}
