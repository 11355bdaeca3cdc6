-- reconcile_flight.lua: repair one flight's Redis inventory with the changes the reconciler
-- decided from the database (the source of truth), then recount held and sold from the hashes.
-- The reconciler holds the row locks of the bookings named here, so none of them is mid-flow.
-- Runs with lib/holds.lua in front of it (now_millis, purge_lapsed_holds).
--
-- KEYS[1]  inv:{flightId}             HASH capacity, sold, held
-- KEYS[2]  inv:{flightId}:holds       ZSET bookingId -> expiresAtMillis
-- KEYS[3]  inv:{flightId}:hold-seats  HASH bookingId -> seats
-- KEYS[4]  inv:{flightId}:sold        HASH bookingId -> seats
-- ARGV[1]  capacity (from the database)
-- ARGV[2]  status: OPEN, CLOSED or CANCELLED (from the database)
-- ARGV[3]  r, holds to remove; then r bookingIds (bookings no longer PENDING)
-- then     a, holds to add; then a triples bookingId, seats, expiresAtMillis (PENDING bookings Redis lost)
-- then     s, sales to remove; then s bookingIds (bookings that are not CONFIRMED)
-- then     t, sales to add; then t pairs bookingId, seats (CONFIRMED bookings Redis lost)
--
-- Returns {code, holdsRemoved, holdsAdded, holdsNotRestored, salesRemoved, salesAdded, heldDrift, soldDrift, capacityDrift, statusChanged}
--   code 1 done; -3 flight not loaded (nothing to repair: it is rebuilt from the database when used);
--   -6 flight loaded on a master this Redis replaced (loaded_state): load it again from the database
-- A hold is added only if it fits: a repair never takes seats from a live hold or a sale.

local inv, holds, holdSeats, sold = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

local state = loaded_state(inv)
if state ~= 'here' then
  return {state == 'stale' and -6 or -3, 0, 0, 0, 0, 0, 0, 0, 0, 0}
end
local now = now_millis()
purge_lapsed_holds(inv, holds, holdSeats, now)

local i = 3
local function take()
  local value = ARGV[i]
  i = i + 1
  return value
end

local function sum(hash)
  local total = 0
  local values = redis.call('HVALS', hash)
  for _, v in ipairs(values) do
    total = total + tonumber(v)
  end
  return total
end

local capacity = tonumber(ARGV[1])
local capacityDrift = capacity - tonumber(redis.call('HGET', inv, 'capacity') or '0')
redis.call('HSET', inv, 'capacity', capacity)
local statusChanged = set_status(inv, ARGV[2])

local holdsRemoved = 0
for _ = 1, tonumber(take()) do
  local id = take()
  if redis.call('ZREM', holds, id) == 1 then
    holdsRemoved = holdsRemoved + 1
  end
  redis.call('HDEL', holdSeats, id)
end

local toAdd = {}
for _ = 1, tonumber(take()) do
  table.insert(toAdd, {take(), take(), take()})
end

local salesRemoved = 0
for _ = 1, tonumber(take()) do
  salesRemoved = salesRemoved + redis.call('HDEL', sold, take())
end

local salesAdded = 0
for _ = 1, tonumber(take()) do
  local id, seats = take(), take()
  if redis.call('HSETNX', sold, id, seats) == 1 then
    salesAdded = salesAdded + 1
  end
  -- A booking that is sold holds nothing.
  redis.call('ZREM', holds, id)
  redis.call('HDEL', holdSeats, id)
end

local heldBefore = tonumber(redis.call('HGET', inv, 'held') or '0')
local soldBefore = tonumber(redis.call('HGET', inv, 'sold') or '0')
local soldNow = sum(sold)
local heldNow = sum(holdSeats)

local holdsAdded, holdsNotRestored = 0, 0
for _, hold in ipairs(toAdd) do
  local id, seats, expiresAt = hold[1], tonumber(hold[2]), tonumber(hold[3])
  if redis.call('ZSCORE', holds, id) or redis.call('HEXISTS', sold, id) == 1 or expiresAt <= now then
    -- Taken back meanwhile, sold, or lapsed: nothing to restore.
  elseif soldNow + heldNow + seats <= capacity then
    redis.call('ZADD', holds, expiresAt, id)
    redis.call('HSET', holdSeats, id, seats)
    heldNow = heldNow + seats
    holdsAdded = holdsAdded + 1
  else
    holdsNotRestored = holdsNotRestored + 1
  end
end

redis.call('HSET', inv, 'sold', soldNow, 'held', heldNow)
if statusChanged == 1 or capacityDrift > 0 or soldNow < soldBefore or heldNow < heldBefore or holdsRemoved > 0 or salesRemoved > 0 then
  announce_release(inv)
end
return {1, holdsRemoved, holdsAdded, holdsNotRestored, salesRemoved, salesAdded,
        heldNow - heldBefore, soldNow - soldBefore, capacityDrift, statusChanged}
