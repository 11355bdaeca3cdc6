-- The flight in whose Redis slot a keyed claim's marker lives (its first flight): when Redis loses
-- that flight, its rebuild restores the markers of the keys that have answers, so a retry of a
-- claim that won is never refused from memory (FullFlights) after a Redis reset. Null for records
-- written by earlier versions: while any is within the retention, keyed claims are not refused from
-- memory (IdempotencyKeys.markersComplete). Its indexes come in V8, built without blocking writes.
ALTER TABLE idempotency_key ADD COLUMN marker_flight_id VARCHAR(12);
