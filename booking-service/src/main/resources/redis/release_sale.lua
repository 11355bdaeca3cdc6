-- release_sale.lua: give back the seats booking ARGV[1] bought on one flight: its confirm is being
-- undone (the database transaction after it failed) or the customer cancelled and is refunded.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- KEYS[4]  inv:{flightId}:sold        HASH bookingId -> seats
-- ARGV[1]  bookingId
--
-- Returns {code, seats, purged}; purged = lapsed holds removed before deciding.
--   1  sale released, giving back seats
--  -4  this booking bought nothing here (released before, or never sold): nothing to do
--  -3  flight not loaded: rebuild it from the database and retry

local inv, holds, holdSeats, sold = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local bookingId = ARGV[1]

local now = now_millis()

if redis.call('EXISTS', inv) == 0 then
  return {-3, 0, 0}
end

local purged = purge_lapsed_holds(inv, holds, holdSeats, now)

local seats = redis.call('HGET', sold, bookingId)
if not seats then
  return {-4, 0, purged}
end
redis.call('HDEL', sold, bookingId)
redis.call('HINCRBY', inv, 'sold', -tonumber(seats))
return {1, tonumber(seats), purged}
