-- Built CONCURRENTLY, so that instances of the earlier version keep recording answers meanwhile
-- during a rolling update (Flyway runs this script outside a transaction).
-- The markers of one flight's answered keys, for its rebuild (InventoryRebuilder).
CREATE INDEX CONCURRENTLY IF NOT EXISTS idempotency_key_marker_flight ON idempotency_key (marker_flight_id, created_at);
-- Answers recorded without a marker's flight (IdempotencyKeys.markersComplete).
CREATE INDEX CONCURRENTLY IF NOT EXISTS idempotency_key_without_marker_flight ON idempotency_key (created_at)
    WHERE marker_flight_id IS NULL;
