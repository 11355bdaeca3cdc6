-- read_inventory.lua: purge a flight's lapsed holds, then report its counts. Used by reads, so
-- availableSeats is exact even on a flight no claim has touched for a while, and by the sweeper,
-- which keeps idle flights' hold sets small.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
--
-- Returns {code, capacity, sold, held, firstLapseMillis, status, purged}; purged = lapsed holds
-- removed, firstLapseMillis how long until the earliest hold lapses (-1: no holds), status 0 OPEN,
-- 1 CLOSED, 2 CANCELLED.
--   1  counts follow
--  -3  flight not loaded on this Redis (loaded_state): rebuild it from the database and retry

local inv, holds, holdSeats = KEYS[1], KEYS[2], KEYS[3]

local now = now_millis()

if not loaded_here(inv) then
  return {-3, 0, 0, 0, 0, 0, 0}
end

local purged = purge_lapsed_holds(inv, holds, holdSeats, now)

local counts = redis.call('HMGET', inv, 'capacity', 'sold', 'held', 'status')
local status = ({CLOSED = 1, CANCELLED = 2})[counts[4] or ''] or 0
local first = redis.call('ZRANGE', holds, 0, 0, 'WITHSCORES')
local firstLapse = -1
if first[2] then
  firstLapse = tonumber(first[2]) - now
end
return {1, tonumber(counts[1]), tonumber(counts[2]), tonumber(counts[3]), firstLapse, status, purged}
