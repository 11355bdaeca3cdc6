/**
 * The payment provider (PSP) side: the {@link dev.seatbooking.payment.PaymentGateway} port and its
 * Stripe adapter, the signed webhook endpoint, and the in-process simulator of the default run.
 * Outcomes leave this package as calls on the {@link dev.seatbooking.payment.PaymentOutcomes} port
 * ({@code succeeded}, {@code failed}), which the booking feature implements: the webhook's answer to
 * the PSP depends on what the booking made of the outcome, so it is a synchronous call, not an event.
 */
@ApplicationModule(allowedDependencies = {"system"})
package dev.seatbooking.payment;

import org.springframework.modulith.ApplicationModule;
