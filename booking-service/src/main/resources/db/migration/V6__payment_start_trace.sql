-- The trace headers a payment start put into its PaymentIntent's metadata. A start interrupted
-- between the PSP's answer and its record (the process died) is resumed with the very same request
-- under the same idempotency key, so the PSP answers with the intent it made, not an error.
ALTER TABLE booking ADD COLUMN payment_trace VARCHAR(1024);
