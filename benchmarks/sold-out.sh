#!/usr/bin/env bash
# Sold-out answers per second (docs/performance.md): the service answering 409 NO_SEATS on a
# sold-out flight, next to a bare JDK HTTP server on virtual threads answering the same 409 body,
# both under the same wrk load in one run, on kept-alive connections and on a new connection per
# request. The claims come from TOKENS (50,000) distinct buyers' tokens in turn, as a crowd's do.
# Usage:
#   benchmarks/sold-out.sh [seconds=20] [connections=100] [wrk threads=2] [service warm-up seconds=60]
# The service gets a long warm-up: on two cores its JIT takes about a minute of load to settle.
# JAVA_OPTS go to the service's JVM; SERVICE_JAR runs another build of the service.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-home
. benchmarks/service.sh
seconds=${1:-20}
connections=${2:-100}
threads=${3:-2}
warmup=${4:-60}
service_port=18083
bare_port=18084
work=$(mktemp -d)

need_wrk
jar=$(service_jar)
./mvnw -q -B -pl load-test test-compile
write_tokens "$work/tokens" "${TOKENS_COUNT:-50000}"
export TOKENS="$work/tokens"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
start_service "$jar" $service_port "$work/service.log"
pids+=("$service_pid")

# A flight of one seat, sold out by one claim; the next claim's answer is the body both servers send.
sold_out_body $service_port "$work/no-seats.json"
flight=$sold_out_flight
start_bare_server $bare_port "$work/no-seats.json" "$work/bare.log"
pids+=("$bare_pid")

load() { # name port; NO_KEY=1 sends no Idempotency-Key, CLOSE=1 opens a connection per request
    FLIGHT=$flight wrk -t"$threads" -c"$connections" -d"${seconds}s" -s benchmarks/claim.lua "http://127.0.0.1:$2" \
        >"$work/$1.txt"
    rps=$(awk '/Requests\/sec/ { print $2 }' "$work/$1.txt")
    printf '%-34s %10.0f answers/s   %s\n' "$1" "$rps" "$(tail -1 "$work/$1.txt")"
}
echo "wrk: $threads threads, $connections connections, ${seconds} s per server, after a warm-up of 10 s (bare) and ${warmup} s (service)"
FLIGHT=$flight wrk -t"$threads" -c"$connections" -d10s -s benchmarks/claim.lua "http://127.0.0.1:$bare_port" >/dev/null
CLOSE=1 FLIGHT=$flight wrk -t"$threads" -c"$connections" -d5s -s benchmarks/claim.lua "http://127.0.0.1:$bare_port" >/dev/null
FLIGHT=$flight wrk -t"$threads" -c"$connections" -d"$((warmup / 2))s" -s benchmarks/claim.lua "http://127.0.0.1:$service_port" >/dev/null
CLOSE=1 FLIGHT=$flight wrk -t"$threads" -c"$connections" -d"$((warmup - warmup / 2))s" -s benchmarks/claim.lua \
    "http://127.0.0.1:$service_port" >/dev/null
admin=$(dev_token $service_port bench-admin admin)
cache_gets() { # result: hits or misses of the verified-token cache so far (0 for a build without it)
    curl -s -H "Authorization: Bearer $admin" \
        "http://127.0.0.1:$service_port/actuator/metrics/cache.gets?tag=cache:verified_tokens&tag=result:$1" |
        sed -nE 's/.*"value":([0-9.E+]+).*/\1/p' | awk '{ printf "%d", $1 } END { if (NR == 0) printf "0" }'
}
hits_before=$(cache_gets hit)
misses_before=$(cache_gets miss)
load "bare JDK HttpServer (same 409)" $bare_port
bare_rps=$rps
CLOSE=1 load "bare, new connection each" $bare_port
bare_close_rps=$rps
load "service, keyed" $service_port
service_rps=$rps
NO_KEY=1 load "service, no key" $service_port
keyless_rps=$rps
CLOSE=1 load "service, keyed, new connection each" $service_port
close_rps=$rps
NO_KEY=1 CLOSE=1 load "service, no key, new connection each" $service_port
keyless_close_rps=$rps
rss_kib=$(ps -o rss= -p "$service_pid")
hits=$(($(cache_gets hit) - hits_before))
misses=$(($(cache_gets miss) - misses_before))
awk -v s="$service_rps" -v k="$keyless_rps" -v b="$bare_rps" -v c="$close_rps" -v kc="$keyless_close_rps" \
    -v bc="$bare_close_rps" -v rss="$rss_kib" -v h="$hits" -v m="$misses" 'BEGIN {
    printf "service / bare server, kept-alive: %.2f with keys, %.2f without\n", s / b, k / b
    printf "service / bare server, new connection each: %.2f with keys, %.2f without\n", c / bc, kc / bc
    printf "token cache: %d hits, %d misses (hit rate %.2f)   service RSS after the run: %d MiB\n", h, m, (h + m) ? h / (h + m) : 0, rss / 1024 }'
