-- release_sale.lua: take back the seats booking ARGV[1] bought on one flight. A customer cancelled
-- (no ARGV[2]: the seats go back on sale), or the confirm that sold them is being undone because
-- its database transaction failed (ARGV[2]: the hold's recorded expiry). An undone confirm gives
-- the seats back to the booking's hold while that expiry is ahead, as the reconciler restores holds
-- after a crash: a paid buyer whose confirm failed must not lose a hold that has not lapsed.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- KEYS[4]  inv:{flightId}:sold        HASH bookingId -> seats
-- ARGV[1]  bookingId
-- ARGV[2]  optional: the booking's hold expiry in epoch milliseconds, to turn the sale back into
--          that hold if it is still ahead
--
-- Returns {code, seats, purged}; purged = lapsed holds removed before deciding.
--   2  sale turned back into the booking's hold (sold + held unchanged)
--   1  sale released, giving back seats
--  -4  this booking bought nothing here (released before, or never sold): nothing to do
--  -3  flight not loaded on this Redis (loaded_state): rebuild it from the database and retry

local inv, holds, holdSeats, sold = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local bookingId = ARGV[1]
local expiresAt = tonumber(ARGV[2])

local now = now_millis()

if not loaded_here(inv) then
  return {-3, 0, 0}
end

local purged = purge_lapsed_holds(inv, holds, holdSeats, now)

local seats = redis.call('HGET', sold, bookingId)
if not seats then
  return {-4, 0, purged}
end
seats = tonumber(seats)
redis.call('HDEL', sold, bookingId)
redis.call('HINCRBY', inv, 'sold', -seats)
if expiresAt and expiresAt > now and not redis.call('ZSCORE', holds, bookingId) then
  redis.call('ZADD', holds, expiresAt, bookingId)
  redis.call('HSET', holdSeats, bookingId, seats)
  redis.call('HINCRBY', inv, 'held', seats)
  return {2, seats, purged}
end
announce_release(inv)
return {1, seats, purged}
