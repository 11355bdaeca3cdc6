-- release_marker.lua: delete an Idempotency-Key's marker after the claim that set it failed, only if
-- it is still ours ("<token>:<startedAtMillis>"). A request that outlived its marker must not delete
-- the marker a later request took meanwhile.
--
-- KEYS[1]  idem:{flightId}:<hash of caller and key>
-- ARGV[1]  the token this request stored in the marker
--
-- Returns 1 deleted; 0 the marker is gone or belongs to another request.

local set = redis.call('GET', KEYS[1])
if set and string.sub(set, 1, #ARGV[1] + 1) == ARGV[1] .. ':' then
  return redis.call('DEL', KEYS[1])
end
return 0
