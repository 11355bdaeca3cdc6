#!/usr/bin/env bash
# Sold-out answers/s of several builds of the service, in turn, in one session (docs/performance.md,
# "What security costs"). Usage:
#   benchmarks/compare-builds.sh ROUNDS JAR[:body] ...
# Each round runs every jar in turn: starts it (benchmarks/service.sh), sells out a one-seat flight,
# warms it up with wrk for 30 s on kept-alive connections and 20 s on a new connection per claim,
# then measures 15 s of each mode: keyed (an Idempotency-Key per claim), keyed on a new connection
# per claim (CLOSE=1), and without a key (NO_KEY=1). Jars come from worktrees of the commits to
# compare. A build from before authentication (70170d7) takes the user from the body: add ":body"
# to its path.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-home
. benchmarks/service.sh
rounds=$1
shift
port=18083
work=$(mktemp -d)
service_pid=""
trap 'kill "$service_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
if ! command -v wrk >/dev/null; then
    echo "Installing Debian's wrk"
    apt-get install -y -q wrk >/dev/null
fi
./mvnw -q -B -pl load-test test-compile
write_tokens "$work/tokens"
export TOKENS="$work/tokens"

# sold_out_without_tokens: sold_out_body for a build that takes the user from the body.
sold_out_without_tokens() {
    sold_out_flight="SO$(date +%s%N | tail -c 8)"
    curl -sf -X POST "http://127.0.0.1:$port/v1/flights" -H 'Content-Type: application/json' -d \
        "{\"flightId\":\"$sold_out_flight\",\"origin\":\"FRA\",\"destination\":\"JFK\",\"departureTime\":\"$(date -u -d '+30 days' +%Y-%m-%dT08:30:00Z)\",\"capacity\":1,\"price\":100,\"currency\":\"EUR\"}" >/dev/null
    for buyer in first-buyer second-buyer; do
        curl -s -o /dev/null -X POST "http://127.0.0.1:$port/v1/bookings" -H 'Content-Type: application/json' \
            -d "{\"userId\":\"$buyer\",\"flightIdentifier\":\"$sold_out_flight\",\"seats\":1}"
    done
}

printf '%-5s %-40s %10s %12s %10s\n' round build keyed new-conn no-key
for round in $(seq 1 "$rounds"); do
    for spec in "$@"; do
        jar=${spec%:body}
        body=""
        [ "$spec" != "$jar" ] && body=1
        start_service "$jar" $port "$work/service.log"
        if [ -n "$body" ]; then sold_out_without_tokens; else sold_out_body $port "$work/no-seats.json"; fi
        export FLIGHT=$sold_out_flight USER_IN_BODY=$body
        wrk -t2 -c100 -d30s -s benchmarks/claim.lua "http://127.0.0.1:$port" >/dev/null
        CLOSE=1 wrk -t2 -c100 -d20s -s benchmarks/claim.lua "http://127.0.0.1:$port" >/dev/null
        rates=()
        for mode in "" CLOSE=1 NO_KEY=1; do
            rates+=("$(env $mode wrk -t2 -c100 -d15s -s benchmarks/claim.lua "http://127.0.0.1:$port" |
                awk '/Requests\/sec/ { printf "%.0f", $2 }')")
        done
        printf '%-5s %-40s %10s %12s %10s\n' "$round" "$jar" "${rates[@]}"
        kill "$service_pid"
        wait "$service_pid" 2>/dev/null || true
    done
done
