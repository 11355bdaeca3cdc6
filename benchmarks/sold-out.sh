#!/usr/bin/env bash
# Sold-out answers per second (docs/performance.md): the service answering 409 NO_SEATS on a
# sold-out flight, next to a bare JDK HTTP server on virtual threads answering the same 409 body,
# both under the same wrk load in one run. Usage:
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

if ! command -v wrk >/dev/null; then
    echo "Installing Debian's wrk"
    apt-get install -y -q wrk >/dev/null
fi
jar=${SERVICE_JAR:-booking-service/target/booking-service.jar}
if [ -z "${SERVICE_JAR:-}" ]; then
    ./mvnw -q -B -DskipTests -pl booking-service -am package
fi
./mvnw -q -B -pl load-test test-compile
write_tokens "$work/tokens"
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

load() { # name port; NO_KEY=1 sends no Idempotency-Key
    FLIGHT=$flight wrk -t"$threads" -c"$connections" -d"${seconds}s" -s benchmarks/claim.lua "http://127.0.0.1:$2" \
        >"$work/$1.txt"
    rps=$(awk '/Requests\/sec/ { print $2 }' "$work/$1.txt")
    printf '%-34s %10.0f answers/s   %s\n' "$1" "$rps" "$(tail -1 "$work/$1.txt")"
}
echo "wrk: $threads threads, $connections connections, ${seconds} s per server, after a warm-up of 10 s (bare) and ${warmup} s (service)"
FLIGHT=$flight wrk -t"$threads" -c"$connections" -d10s -s benchmarks/claim.lua "http://127.0.0.1:$bare_port" >/dev/null
FLIGHT=$flight wrk -t"$threads" -c"$connections" -d"${warmup}s" -s benchmarks/claim.lua "http://127.0.0.1:$service_port" >/dev/null
load "bare JDK HttpServer (same 409)" $bare_port
bare_rps=$rps
load "service, sold-out flight" $service_port
service_rps=$rps
NO_KEY=1 load "service, no Idempotency-Key" $service_port
keyless_rps=$rps
rss_kib=$(ps -o rss= -p "$service_pid")
awk -v s="$service_rps" -v k="$keyless_rps" -v b="$bare_rps" -v rss="$rss_kib" 'BEGIN {
    printf "service / bare server: %.2f with keys, %.2f without   service RSS after the run: %d MiB\n", s / b, k / b, rss / 1024 }'
