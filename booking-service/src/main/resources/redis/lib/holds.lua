-- lib/holds.lua: shared by every inventory script; InventoryScripts puts it in front of each
-- script's own text when loading it, so all of them purge lapsed holds the same way.

-- Redis's clock in epoch milliseconds. Every instance agrees on it, so they agree on when a hold
-- lapses; application clocks may drift apart.
local function now_millis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- This Redis's replication id. Redis gives itself a new one whenever it may lack writes it (or the
-- master it replaced) once acknowledged: a replica promoted to master in a failover takes a new id,
-- and so does a Redis restarted without persistence. Replicas in sync carry their master's id.
-- A Redis user the ACL denies INFO gets 'unknown' for every flight: the service works, without
-- this safeguard (docs/scale-out.md says to allow it).
local function replication_id()
  local info = redis.pcall('INFO', 'replication')
  return type(info) == 'string' and string.match(info, 'master_replid:(%x+)') or 'unknown'
end

-- Whether the flight's inventory was loaded on this Redis: its hash carries this Redis's
-- replication id in `loaded-on`, written by the load and copied to replicas with it. Answers
-- 'here', 'absent' (no such flight), or 'stale': loaded under another id, on a master this one
-- replaced, and possibly without holds and sales that master acknowledged but never replicated (a
-- failover to a replica that was behind). A stale flight counts as not loaded: scripts answer -3,
-- and the service loads it again from the database before any claim on it is answered
-- (docs/scale-out.md). A hash without the field, loaded by an earlier version, is adopted as is.
local function loaded_state(inv)
  local stamp = redis.call('HGET', inv, 'loaded-on')
  if not stamp then
    if redis.call('EXISTS', inv) == 0 then
      return 'absent'
    end
    redis.call('HSET', inv, 'loaded-on', replication_id())
    return 'here'
  end
  if stamp == replication_id() then
    return 'here'
  end
  return 'stale'
end

local function loaded_here(inv)
  return loaded_state(inv) == 'here'
end

-- Tells every instance that seats of this flight may have gone back on sale, so that none goes on
-- refusing claims from its memory of the flight being full (FullFlights). `inv` is the flight's
-- inv:{flightId} key. In a cluster PUBLISH reaches every node's subscribers.
local function announce_release(inv)
  -- pcall: a Redis user not allowed to publish must not fail the release it follows.
  redis.pcall('PUBLISH', 'inv:released', string.match(inv, '{(.-)}'))
end

-- Removes the holds that lapsed at or before `now` and gives their seats back to the flight.
-- Every script runs it before deciding, so a lapsed hold never counts against a claim, whether or
-- not any job has run (I8). Answers how many holds it removed.
local function purge_lapsed_holds(inv, holds, holdSeats, now)
  local lapsed = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
  if #lapsed > 0 then
    local freed = 0
    for _, id in ipairs(lapsed) do
      freed = freed + tonumber(redis.call('HGET', holdSeats, id) or '0')
      redis.call('HDEL', holdSeats, id)
    end
    redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
    redis.call('HINCRBY', inv, 'held', -freed)
  end
  return #lapsed
end

-- Records the flight's status from the database in its hash: `status` CLOSED or CANCELLED, no
-- field while OPEN, so that a flight loaded by an earlier version is open. Only ever forward (OPEN,
-- CLOSED, CANCELLED), as in the database: a repair or load that read the database before a close
-- committed, and runs after the close reached Redis, must not open the flight again. Answers 1
-- when it changed.
local status_rank = {OPEN = 0, CLOSED = 1, CANCELLED = 2}
local function set_status(inv, status)
  local before = redis.call('HGET', inv, 'status') or 'OPEN'
  if (status_rank[status] or 0) <= (status_rank[before] or 0) then
    return 0
  end
  redis.call('HSET', inv, 'status', status)
  return 1
end
