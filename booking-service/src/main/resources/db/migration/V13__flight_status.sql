-- Whether a flight still sells: OPEN, CLOSED (sales stopped; bookings made stay) or CANCELLED
-- (every booking voided or refunded). Redis carries the same in inv:{flightId}.status, which the
-- claim script checks atomically; this column is the record it is rebuilt and repaired from.
-- A constant default: PostgreSQL adds the column without rewriting the table.
ALTER TABLE flight ADD COLUMN status VARCHAR(12) NOT NULL DEFAULT 'OPEN'
    CONSTRAINT flight_status_known CHECK (status IN ('OPEN', 'CLOSED', 'CANCELLED'));
