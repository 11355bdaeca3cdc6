-- Each refund of a booking's own payment, as the PSP reports it (refund.created, refund.updated,
-- refund.failed) or as an operator's partial refund got it back: what remains refundable is what was
-- captured minus the refunds that did not fail. On Stripe a failed refund is final; a new one is made.
CREATE TABLE booking_refund (
    refund_id   VARCHAR(255)             NOT NULL PRIMARY KEY,
    booking_id  VARCHAR(18)              NOT NULL,
    amount      BIGINT                   NOT NULL,
    status      VARCHAR(32)              NOT NULL,
    reason      VARCHAR(255),
    -- An operator's refund: the Idempotency-Key it was asked with (a retry answers the same refund).
    request_key VARCHAR(255),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX booking_refund_booking_id ON booking_refund (booking_id);
