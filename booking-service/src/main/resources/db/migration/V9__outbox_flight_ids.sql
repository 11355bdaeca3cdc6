-- The flights of the booking an outbox row works for, for its log lines: written with the row, so
-- the outbox relay reads no booking table. Rows not done yet get theirs here.
ALTER TABLE outbox ADD COLUMN flight_ids VARCHAR(1024);

UPDATE outbox o SET flight_ids = (SELECT string_agg(l.flight_id, ',' ORDER BY l.flight_id)
                                  FROM booking_leg l WHERE l.booking_id = o.booking_id)
WHERE o.done_at IS NULL;
