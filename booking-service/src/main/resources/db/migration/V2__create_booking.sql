CREATE TABLE booking (
    id               VARCHAR(10)              NOT NULL PRIMARY KEY,
    user_id          VARCHAR(64)              NOT NULL,
    status           VARCHAR(16)              NOT NULL
        CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'REFUNDED')),
    seats            INTEGER                  NOT NULL CHECK (seats BETWEEN 1 AND 9),
    total_price      NUMERIC(12, 2)           NOT NULL,
    currency         CHAR(3)                  NOT NULL,
    -- The expiry Redis set for the hold (from Redis TIME), so the database and Redis agree on it.
    hold_expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    payment_intent_id VARCHAR(255),
    payment_status   VARCHAR(32),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          INTEGER                  NOT NULL DEFAULT 0
);

-- The expiry job looks for PENDING bookings whose hold has lapsed.
CREATE INDEX booking_status_hold_expires_at ON booking (status, hold_expires_at);
CREATE INDEX booking_user_id ON booking (user_id);

CREATE TABLE booking_leg (
    booking_id VARCHAR(10) NOT NULL REFERENCES booking (id),
    flight_id  VARCHAR(12) NOT NULL REFERENCES flight (id),
    seats      INTEGER     NOT NULL CHECK (seats BETWEEN 1 AND 9),
    PRIMARY KEY (booking_id, flight_id)
);

-- A rebuild of one flight's inventory reads its legs.
CREATE INDEX booking_leg_flight_id ON booking_leg (flight_id);

-- Every status change: what it was, what it became, and why (request, PSP event id, job).
CREATE TABLE booking_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  VARCHAR(10)              NOT NULL REFERENCES booking (id),
    from_status VARCHAR(16),
    to_status   VARCHAR(16)              NOT NULL,
    cause       VARCHAR(255)             NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX booking_event_booking_id ON booking_event (booking_id);
