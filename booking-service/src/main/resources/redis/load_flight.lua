-- load_flight.lua: load one flight's inventory from the database, the source of truth (I6).
-- Only when the flight is absent, or stale (loaded on a master this Redis replaced: loaded_state):
-- a flight loaded here may hold claims the database does not know yet (taken, booking not yet
-- committed), and overwriting it would forget them. A stale one is replaced: it may lack holds and
-- sales its master acknowledged, and no claim has run on it since (every script refuses it).
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- KEYS[4]  inv:{flightId}:sold        HASH bookingId -> seats
-- KEYS[5 ..]        idem:{flightId}:<hash>: markers of keyed claims with stored answers (ClaimMarkers)
-- ARGV[1]  capacity
-- ARGV[2]  seats sold (flight.seats_sold)
-- ARGV[3]  n, the number of holds that follow
-- ARGV[4]  the markers' life in milliseconds
-- ARGV[5]  the flight's status: OPEN, CLOSED or CANCELLED (flight.status)
-- ARGV[6 .. 5+3n]   n triples: bookingId, seats, expiresAtMillis (PENDING bookings)
-- ARGV[6+3n .. ]    pairs: bookingId, seats (CONFIRMED bookings, so confirm stays idempotent)
--
-- Returns {code, holdsLoaded, holdsRestored, salesRestored}:
--   1  loaded, with holdsLoaded unexpired holds (lapsed ones are skipped)
--   2  a stale flight replaced, restoring holdsRestored holds and salesRestored sales it lacked
--   0  already loaded here: left as it is

local inv, holds, holdSeats, sold = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

local state = loaded_state(inv)
if state == 'here' then
  return {0, 0, 0, 0}
end

local now = now_millis()

-- What the stale copy lacked, for the failover metrics.
local holdsRestored, salesRestored = 0, 0
if state == 'stale' then
  local n = tonumber(ARGV[3])
  for i = 0, n - 1 do
    if tonumber(ARGV[8 + 3 * i]) > now and not redis.call('ZSCORE', holds, ARGV[6 + 3 * i]) then
      holdsRestored = holdsRestored + 1
    end
  end
  for i = 6 + 3 * n, #ARGV, 2 do
    if redis.call('HEXISTS', sold, ARGV[i]) == 0 then
      salesRestored = salesRestored + 1
    end
  end
end

-- Leftovers of a half-gone flight would be counted twice; start clean.
redis.call('DEL', holds, holdSeats, sold)

local held, loaded = 0, 0
local n = tonumber(ARGV[3])
for i = 0, n - 1 do
  local id, seats, expiresAt = ARGV[6 + 3 * i], tonumber(ARGV[7 + 3 * i]), tonumber(ARGV[8 + 3 * i])
  if expiresAt > now then
    redis.call('ZADD', holds, expiresAt, id)
    redis.call('HSET', holdSeats, id, seats)
    held = held + seats
    loaded = loaded + 1
  end
end
for i = 6 + 3 * n, #ARGV, 2 do
  redis.call('HSET', sold, ARGV[i], ARGV[i + 1])
end
-- Answered long ago as far as the claim script can tell: never "in flight" (started at 0).
for i = 5, #KEYS do
  redis.call('SET', KEYS[i], 'restored:0', 'PX', ARGV[4])
end

redis.call('HSET', inv, 'capacity', ARGV[1], 'sold', ARGV[2], 'held', held, 'loaded-on', replication_id())
set_status(inv, ARGV[5])
-- A flight reloaded after a Redis reset may have fewer seats taken than before it.
announce_release(inv)
return {state == 'stale' and 2 or 1, loaded, holdsRestored, salesRestored}
