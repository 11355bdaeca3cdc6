/**
 * A payment provider simulator that answers the subset of Stripe's API the booking service calls
 * (PaymentIntents create, retrieve, cancel, capture; Refunds create; Idempotency-Key; Stripe's error
 * shape), keeps a ledger readable over HTTP, and sends webhooks in Stripe's event format, signed
 * afresh on every attempt and retried with backoff. Test payment methods choose the outcome
 * ({@link dev.paymentsimulator.TestPaymentMethod}).
 */
package dev.paymentsimulator;
