-- The sweep of cancelled flights' bookings (every booking.expiry-interval, on every instance)
-- starts from the cancelled flights: few, so a small partial index. Built CONCURRENTLY, as V12.
CREATE INDEX CONCURRENTLY IF NOT EXISTS flight_cancelled ON flight (departure_time) WHERE status = 'CANCELLED';
