-- lib/holds.lua: shared by every inventory script; InventoryScripts puts it in front of each
-- script's own text when loading it, so all of them purge lapsed holds the same way.

-- Redis's clock in epoch milliseconds. Every instance agrees on it, so they agree on when a hold
-- lapses; application clocks may drift apart.
local function now_millis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
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
