-- Built CONCURRENTLY, so that instances of the earlier version keep selling meanwhile during a
-- rolling update (Flyway runs this script outside a transaction).
-- GET /v1/flights: upcoming departures, optionally on one route.
CREATE INDEX CONCURRENTLY IF NOT EXISTS flight_departure_time ON flight (departure_time);
CREATE INDEX CONCURRENTLY IF NOT EXISTS flight_route_departure_time ON flight (origin, destination, departure_time);
-- GET /v1/bookings: a user's bookings, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS booking_user_id_created_at ON booking (user_id, created_at DESC, id DESC);
