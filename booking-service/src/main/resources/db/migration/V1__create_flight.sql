-- Flights: the durable record of capacity and seats sold (confirmed sales only; holds live in Redis).
CREATE TABLE flight (
    id             VARCHAR(12)              NOT NULL PRIMARY KEY,
    origin         CHAR(3)                  NOT NULL,
    destination    CHAR(3)                  NOT NULL,
    departure_time TIMESTAMP WITH TIME ZONE NOT NULL,
    capacity       INTEGER                  NOT NULL CHECK (capacity > 0),
    seats_sold     INTEGER                  NOT NULL DEFAULT 0,
    price          NUMERIC(10, 2)           NOT NULL CHECK (price >= 0),
    currency       CHAR(3)                  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- I1: whatever else fails, the database never sells more seats than the flight has.
    CONSTRAINT flight_seats_sold_within_capacity CHECK (seats_sold BETWEEN 0 AND capacity)
);
