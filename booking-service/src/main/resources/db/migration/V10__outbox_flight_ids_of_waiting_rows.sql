-- The flights of outbox rows written before V9 and not done yet, for their log lines.
UPDATE outbox o SET flight_ids = (SELECT string_agg(l.flight_id, ',' ORDER BY l.flight_id)
                                  FROM booking_leg l WHERE l.booking_id = o.booking_id)
WHERE o.done_at IS NULL AND o.flight_ids IS NULL;
