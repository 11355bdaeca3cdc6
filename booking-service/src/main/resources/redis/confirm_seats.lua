-- confirm_seats.lua: CONFIRM. Turn booking ARGV[1]'s live hold on one flight into a sale.
-- Idempotent per booking: a second call answers -2 and changes nothing. If the hold has lapsed
-- (the payment came late), it takes ARGV[2] free seats afresh, or answers 0 when there are none.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held, and status when not OPEN
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- KEYS[4]  inv:{flightId}:sold        HASH bookingId -> seats
-- ARGV[1]  bookingId
-- ARGV[2]  seats, an integer >= 1 (used when the hold has lapsed)
--
-- Returns {code, fromHold, purged}; purged = lapsed holds removed before deciding.
--   1  sold; fromHold = 1 when the live hold became the sale, 0 when free seats were taken afresh
--   0  the hold had lapsed and there are not enough free seats: nothing sold
--  -1  invalid input
--  -2  already sold to this booking: a retried call, which the caller treats as success
--  -3  flight not loaded on this Redis (loaded_state): rebuild it from the database and retry
--  -6  the flight is CANCELLED: nothing sold (its bookings are voided or refunded). A CLOSED
--      flight still confirms: closing stops new claims, not the payments of those made.

local inv, holds, holdSeats, sold = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local bookingId = ARGV[1]
local seats = tonumber(ARGV[2])

local now = now_millis()

if not loaded_here(inv) then
  return {-3, 0, 0}
end

local purged = purge_lapsed_holds(inv, holds, holdSeats, now)

if not seats or seats < 1 or seats ~= math.floor(seats) then
  return {-1, 0, purged}
end
if redis.call('HEXISTS', sold, bookingId) == 1 then
  return {-2, 0, purged}
end
if redis.call('HGET', inv, 'status') == 'CANCELLED' then
  return {-6, 0, purged}
end

if redis.call('ZSCORE', holds, bookingId) then
  local heldSeats = tonumber(redis.call('HGET', holdSeats, bookingId))
  redis.call('ZREM', holds, bookingId)
  redis.call('HDEL', holdSeats, bookingId)
  redis.call('HINCRBY', inv, 'held', -heldSeats)
  redis.call('HINCRBY', inv, 'sold', heldSeats)
  redis.call('HSET', sold, bookingId, heldSeats)
  return {1, 1, purged}
end

local counts = redis.call('HMGET', inv, 'capacity', 'sold', 'held')
local capacity, soldSeats, held = tonumber(counts[1]), tonumber(counts[2]), tonumber(counts[3])
if soldSeats + held + seats > capacity then
  return {0, 0, purged}
end
redis.call('HINCRBY', inv, 'sold', seats)
redis.call('HSET', sold, bookingId, seats)
return {1, 0, purged}
