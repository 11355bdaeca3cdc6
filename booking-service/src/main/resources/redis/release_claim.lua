-- release_claim.lua: give back booking ARGV[1]'s hold on one flight at once (payment failed,
-- customer cancelled, or the database insert after the claim failed), instead of waiting for
-- the hold to lapse. A sale is never released here.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- ARGV[1]  bookingId
--
-- Returns {code, seats, purged}; purged = lapsed holds removed before deciding.
--   1  hold released, giving back seats
--  -4  no live hold: it lapsed, was released before, or was never taken; nothing to do
--  -3  flight not loaded on this Redis (loaded_state): nothing to release (a rebuild only loads holds of PENDING bookings)

local inv, holds, holdSeats = KEYS[1], KEYS[2], KEYS[3]
local bookingId = ARGV[1]

local now = now_millis()

if not loaded_here(inv) then
  return {-3, 0, 0}
end

local purged = purge_lapsed_holds(inv, holds, holdSeats, now)

if not redis.call('ZSCORE', holds, bookingId) then
  return {-4, 0, purged}
end
local seats = tonumber(redis.call('HGET', holdSeats, bookingId))
redis.call('ZREM', holds, bookingId)
redis.call('HDEL', holdSeats, bookingId)
redis.call('HINCRBY', inv, 'held', -seats)
announce_release(inv)
return {1, seats, purged}
