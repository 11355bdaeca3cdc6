-- Built CONCURRENTLY, as V12: instances of the earlier version keep selling meanwhile.
-- The sweep of cancelled flights' bookings (every booking.expiry-interval, on every instance)
-- starts from the cancelled flights: few, so a small partial index.
CREATE INDEX CONCURRENTLY IF NOT EXISTS flight_cancelled ON flight (departure_time) WHERE status = 'CANCELLED';
-- An operator's look at one booking (GET /v1/admin/bookings/{id}) lists its outbox work.
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_booking_id ON outbox (booking_id);
