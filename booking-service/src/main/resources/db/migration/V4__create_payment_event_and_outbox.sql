-- The payment method a booking pays with (a PSP test method such as pm_card_visa, or a real one).
ALTER TABLE booking ADD COLUMN payment_method VARCHAR(128);

-- I5: every PSP event id is applied at most once; the row is written in the transaction of its effect.
CREATE TABLE payment_event (
    event_id    VARCHAR(255)             NOT NULL PRIMARY KEY,
    booking_id  VARCHAR(10),
    type        VARCHAR(64)              NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Work to do after a status change commits (refund, cancel the intent, booking events). Written in
-- the same transaction as the change, so it is never lost; done_at is set when it has taken effect.
CREATE TABLE outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  VARCHAR(10)              NOT NULL,
    kind        VARCHAR(32)              NOT NULL,
    payload     TEXT,
    attempts    INTEGER                  NOT NULL DEFAULT 0,
    next_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at     TIMESTAMP WITH TIME ZONE
);

CREATE INDEX outbox_pending ON outbox (done_at, next_at);
CREATE INDEX booking_payment_intent_id ON booking (payment_intent_id);
