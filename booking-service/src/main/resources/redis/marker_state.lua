-- marker_state.lua: whether an Idempotency-Key's marker is set in a flight's slot, for a keyed claim
-- that this instance would refuse from memory (FullFlights). A flight Redis has lost has lost its
-- markers too, until its rebuild restores them: then the answer is "maybe" as well, and so it is
-- for a flight loaded on a master this Redis replaced. Runs with lib/holds.lua in front of it.
--
-- KEYS[1]  inv:{flightId}
-- KEYS[2]  idem:{flightId}:<hash of caller and key>
--
-- Returns 1 when the marker is set or the flight is not loaded; 0 when neither.

if redis.call('EXISTS', KEYS[2]) == 1 or not loaded_here(KEYS[1]) then
  return 1
end
return 0
