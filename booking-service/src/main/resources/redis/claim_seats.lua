-- claim_seats.lua: CLAIM. Put a hold of ARGV[2] seats on one flight for booking ARGV[1].
-- The hold counts against availability at once (available = capacity - sold - held) and lapses
-- at its expiry, which is taken from Redis TIME so that every instance agrees on it.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held, and status when not OPEN
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- KEYS[4]  inv:{flightId}:sold        HASH bookingId -> seats
-- KEYS[5]  optional: idem:{flightId}:<hash of caller and key>, the marker of an Idempotency-Key
--          (I7), in this flight's slot: "<token>:<startedAtMillis>". A claim that takes its hold
--          sets it; while it is younger than ARGV[7] the claim under the key is still running and
--          another is refused (-5). It stays for the key's retention (ARGV[6]) unless that claim
--          fails: a key with a marker may have a stored answer, one without has none (FullFlights).
-- ARGV[1]  bookingId
-- ARGV[2]  seats, an integer >= 1
-- ARGV[3]  hold TTL in milliseconds, an integer >= 1
-- ARGV[4]  absolute expiry in epoch milliseconds, or "" for now + TTL. Set when a hold is
--          re-asserted after a Redis reset, so the hold keeps the expiry the booking recorded.
-- ARGV[5]  with KEYS[5]: the token this request stores in the marker
-- ARGV[6]  with KEYS[5]: the marker's life in milliseconds (the key's retention)
-- ARGV[7]  with KEYS[5]: how long a claim under the key counts as running, in milliseconds
--
-- Returns {code, expiresAtMillis, purged}; purged = lapsed holds removed before deciding.
--   1  hold taken, expiring at expiresAtMillis
--   0  not enough seats: then {0, available, firstLapseMillis, purged}, where available is the
--      seats free now and firstLapseMillis how long until the earliest hold lapses (-1: no
--      holds); for how long this answer stands unless seats are released (FullFlights)
--  -1  invalid input
--  -2  this booking already holds (expiresAtMillis given) or bought seats here: a retried call,
--      which the caller treats as success
--  -3  flight not loaded on this Redis (loaded_state): rebuild it from the database and retry
--  -4  the absolute expiry of ARGV[4] has passed: the hold has lapsed, nothing taken
--  -5  the marker of KEYS[5] is set: another request under the same key is running, nothing taken
--  -6  the flight's sales are closed (its status is CLOSED or CANCELLED): nothing taken. A retried
--      call of a claim that took its hold before still answers -2, and a re-assert on a CLOSED
--      flight still holds (on a CANCELLED one the booking is being cancelled: no hold comes back).

local inv, holds, holdSeats, sold = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local bookingId = ARGV[1]
local seats = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local marker = KEYS[5]

local now = now_millis()

if marker then
  local set = redis.call('GET', marker)
  local startedAt = set and tonumber(string.match(set, ':(%d+)$'))
  -- A marker without its start (an earlier version's bare token) counts as running.
  if set and (not startedAt or now - startedAt < tonumber(ARGV[7])) then
    return {-5, 0, 0}
  end
end

if not loaded_here(inv) then
  return {-3, 0, 0}
end

-- Lapsed holds go first, so they never stand in the way of this claim (I8).
local purged = purge_lapsed_holds(inv, holds, holdSeats, now)

if not seats or seats < 1 or seats ~= math.floor(seats) or not ttl or ttl < 1 then
  return {-1, 0, purged}
end

local holding = redis.call('ZSCORE', holds, bookingId)
if holding then
  return {-2, tonumber(holding), purged}
end
if redis.call('HEXISTS', sold, bookingId) == 1 then
  return {-2, 0, purged}
end

local expiresAt = now + ttl
if ARGV[4] and ARGV[4] ~= '' then
  expiresAt = tonumber(ARGV[4])
  if not expiresAt then
    return {-1, 0, purged}
  end
  if expiresAt <= now then
    return {-4, 0, purged}
  end
end

local counts = redis.call('HMGET', inv, 'capacity', 'sold', 'held', 'status')
local capacity, soldSeats, held = tonumber(counts[1]), tonumber(counts[2]), tonumber(counts[3])
-- A re-assert (ARGV[4] set) takes back the hold of a booking recorded before a close.
local reassert = ARGV[4] and ARGV[4] ~= ''
if counts[4] == 'CANCELLED' or (counts[4] and not reassert) then
  return {-6, 0, purged}
end
if soldSeats + held + seats > capacity then
  local first = redis.call('ZRANGE', holds, 0, 0, 'WITHSCORES')
  local firstLapse = -1
  if first[2] then
    firstLapse = tonumber(first[2]) - now
  end
  return {0, capacity - soldSeats - held, firstLapse, purged}
end

redis.call('ZADD', holds, expiresAt, bookingId)
redis.call('HSET', holdSeats, bookingId, seats)
redis.call('HINCRBY', inv, 'held', seats)
if marker then
  redis.call('SET', marker, ARGV[5] .. ':' .. now, 'PX', ARGV[6])
end
return {1, expiresAt, purged}
