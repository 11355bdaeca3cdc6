-- Booking ids grow from BK + 8 to BK + 16 random characters, so they do not collide in practice;
-- the ids of earlier bookings stay valid.
ALTER TABLE booking ALTER COLUMN id TYPE VARCHAR(18);
ALTER TABLE booking_leg ALTER COLUMN booking_id TYPE VARCHAR(18);
ALTER TABLE booking_event ALTER COLUMN booking_id TYPE VARCHAR(18);
ALTER TABLE payment_event ALTER COLUMN booking_id TYPE VARCHAR(18);
ALTER TABLE outbox ALTER COLUMN booking_id TYPE VARCHAR(18);

-- Payments that named a booking but were not its own intent for its price (DESIGN section 6,
-- "Whose money confirms what"): each is refunded once, whatever number of events tell of it.
CREATE TABLE foreign_payment (
    intent_id   VARCHAR(255)             NOT NULL PRIMARY KEY,
    booking_id  VARCHAR(18)              NOT NULL,
    amount      BIGINT                   NOT NULL,
    currency    VARCHAR(3)               NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX foreign_payment_booking_id ON foreign_payment (booking_id);
