-- The flight in whose Redis slot a keyed claim's marker lives (its first flight): when Redis loses
-- that flight, its rebuild restores the markers of the keys that have answers, so a retry of a
-- claim that won is never refused from memory (FullFlights) after a Redis reset. Null for records
-- written before this column, which lapse within the retention period.
ALTER TABLE idempotency_key ADD COLUMN marker_flight_id VARCHAR(12);
CREATE INDEX idempotency_key_marker_flight ON idempotency_key (marker_flight_id, created_at);
