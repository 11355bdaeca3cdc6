/**
 * The payment provider (PSP) side: the {@link dev.seatbooking.payment.PaymentGateway} port and its
 * Stripe adapter, the signed webhook endpoint, and the in-process simulator of the default run.
 * Outcomes leave this package as events ({@code PaymentSucceeded}, {@code PaymentFailed}) that the
 * booking feature turns into status changes.
 */
package dev.seatbooking.payment;
