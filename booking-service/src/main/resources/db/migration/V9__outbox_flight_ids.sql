-- The flights of the booking an outbox row works for, for its log lines: written with the row, so
-- the outbox relay reads no booking table. Rows written before this version have none.
ALTER TABLE outbox ADD COLUMN flight_ids VARCHAR(1024);
