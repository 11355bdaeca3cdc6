#!/usr/bin/env bash
# The CPU budget of one claim (docs/performance.md): where a request's CPU goes, in microseconds per
# answer and per layer, for refusals on a sold-out flight and for claims that take a seat, each with
# and without an Idempotency-Key, on kept-alive connections and on a new connection per request.
# Usage:
#   benchmarks/cpu-budget.sh [seconds per mode=15] [warm-up seconds=60] [tokens=50000]
# Each mode runs wrk (100 connections, 2 threads) against the warmed service while JFR samples its
# threads; benchmarks/cpu_budget.py splits the service's CPU over layers. JAVA_OPTS go to the
# service's JVM; SERVICE_JAR runs another build.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-home
. benchmarks/service.sh
seconds=${1:-15}
warmup=${2:-60}
token_count=${3:-50000}
port=18083
work=$(mktemp -d)
need_wrk
jar=$(service_jar)
./mvnw -q -B -pl load-test test-compile
write_tokens "$work/tokens" "$token_count"
export TOKENS="$work/tokens"
trap 'kill "$service_pid" 2>/dev/null; rm -rf "$work"' EXIT
JAVA_OPTS="${JAVA_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256" start_service "$jar" $port "$work/service.log"
admin=$(dev_token $port bench-admin admin)

# new_flights COUNT CAPACITY: makes COUNT flights and prints their ids, separated by commas.
new_flights() {
    local ids="" id i
    for i in $(seq 1 "$1"); do
        id="CB$(date +%s%N | tail -c 9)"
        curl -sf -X POST "http://127.0.0.1:$port/v1/flights" -H 'Content-Type: application/json' \
            -H "Authorization: Bearer $admin" -d \
            "{\"flightId\":\"$id\",\"origin\":\"FRA\",\"destination\":\"JFK\",\"departureTime\":\"$(date -u -d '+30 days' +%Y-%m-%dT08:30:00Z)\",\"capacity\":$2,\"price\":100,\"currency\":\"EUR\"}" >/dev/null
        ids="$ids${ids:+,}$id"
    done
    echo "$ids"
}


sold_out_body $port "$work/no-seats.json"
sold_out=$sold_out_flight
echo "warming up for $warmup s: claims that take seats, then sold-out answers, half on new connections"
FLIGHT=$(new_flights 10 1000) wrk -t2 -c50 -d"$((warmup / 3))s" -s benchmarks/claim.lua "http://127.0.0.1:$port" >/dev/null
FLIGHT=$sold_out wrk -t2 -c100 -d"$((warmup / 3))s" -s benchmarks/claim.lua "http://127.0.0.1:$port" >/dev/null
CLOSE=1 FLIGHT=$sold_out wrk -t2 -c100 -d"$((warmup / 3))s" -s benchmarks/claim.lua "http://127.0.0.1:$port" >/dev/null
sleep 3

# phase NAME FLIGHTS [VAR=value...]: one wrk run under JFR, then its budget.
phase() {
    local name=$1 flights=$2
    shift 2
    profile_start "$work"
    env "$@" FLIGHT="$flights" wrk -t2 -c100 -d"${seconds}s" -s benchmarks/claim.lua "http://127.0.0.1:$port" >"$work/wrk.txt"
    profile_stop "$work" "$name" "$(awk '/requests in/ { print $1 }' "$work/wrk.txt")" "$seconds"
    echo "  wrk: $(tail -1 "$work/wrk.txt")"
    echo
}

phase "refusal, keyed, kept-alive" "$sold_out"
phase "refusal, no key, kept-alive" "$sold_out" NO_KEY=1
phase "refusal, keyed, new connection each" "$sold_out" CLOSE=1
phase "refusal, no key, new connection each" "$sold_out" NO_KEY=1 CLOSE=1
phase "claim takes a seat, keyed, kept-alive" "$(new_flights 20 1000)"
phase "claim takes a seat, no key, kept-alive" "$(new_flights 20 1000)" NO_KEY=1
