-- wrk script: every request is a claim of one seat with its own Idempotency-Key, by the users of
-- the TOKENS file (one bearer token per line, from benchmarks/service.sh's write_tokens) in turn,
-- as a crowd of distinct buyers sends them; the user is the token's. With NO_KEY set, without the
-- key; with CLOSE set, each on a new connection (Connection: close), as buyers who each open their
-- own do; with USER_IN_BODY set, the user also named in the body, for builds from before tokens
-- (benchmarks/compare-builds.sh). FLIGHT (one flight, or several separated by commas, claimed in
-- turn) and TOKENS come from the environment.
local flights = {}
for flight in string.gmatch(os.getenv("FLIGHT"), "[^,]+") do
    flights[#flights + 1] = flight
end
local keyed = os.getenv("NO_KEY") == nil
local close = os.getenv("CLOSE") ~= nil
local user_in_body = (os.getenv("USER_IN_BODY") or "") ~= ""
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
end
-- Keys differ from run to run: a key reused by the same user would be answered from its record.
local run = os.getenv("RUN") or tostring(os.time())
local thread_id = 0
local counter = 0

function setup(thread)
    thread_id = thread_id + 1
    thread:set("id", thread_id)
end

function request()
    counter = counter + 1
    local flight = flights[counter % #flights + 1]
    local body = string.format('{"flightIdentifier":"%s","seats":1,"paymentMethod":"pm_card_visa"}', flight)
    if user_in_body then
        body = string.format('{"userId":"wrk-user-%d","flightIdentifier":"%s","seats":1,"paymentMethod":"pm_card_visa"}',
            counter % 5000, flight)
    end
    local headers = {["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. tokens[(counter * 7 + id) % #tokens + 1]}
    if keyed then
        headers["Idempotency-Key"] = string.format("wrk-%s-%d-%d", run, id, counter)
    end
    if close then
        headers["Connection"] = "close"
    end
    return wrk.format("POST", "/v1/bookings", headers, body)
end

function done(summary, latency, requests)
    io.write(string.format("answers %d, of them non-2xx %d (all must be 409), socket errors %d, p50 %.2f ms, p99 %.2f ms\n",
        summary.requests, summary.errors.status,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
