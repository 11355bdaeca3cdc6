#!/usr/bin/env bash
# The flash crowd end to end (docs/performance.md): starts the service with its embedded Redis and
# PostgreSQL, runs the Gatling FlashCrowdSimulation against it (10,000 buyers, 100 seats, 10 s by
# default), and prints the service's peak RSS and heap while the crowd ran. First the same crowd
# meets benchmarks/BareServer.java answering the service's 409 NO_SEATS body: what the load
# generator and this machine allow a server that does nothing. Options go to Gatling:
#   benchmarks/flash-crowd.sh -Dusers=10000 -Dseats=100 -DrampSeconds=10
# JAVA_OPTS go to the service's JVM; SERVICE_JAR runs another build of the service. Before the crowd
# the service is warmed up for WARMUP seconds (default 180; 0 for a cold start) by wrk claiming a
# 1,000-seat flight, so the JIT has compiled the claim path, as prior traffic would have in production.
# With WARMUP=0 START_AFTER=30 the crowd comes 30 s after the service was started instead (a cold
# JIT): the baseline runs meanwhile, then the script waits out the rest. AOT=1 (JDK 25+) first
# records an AOT cache in a training run (benchmarks/service.sh, train_aot) and starts from it.
# NMT=1 prints where the JVM's memory went at the end (Native Memory Tracking, committed MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-home
. benchmarks/service.sh
port=18083
bare_port=18084
work=$(mktemp -d)
need_wrk
jar=$(service_jar)
./mvnw -q -B -pl load-test test-compile

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
if [ -n "${AOT:-}" ]; then
    train_aot "$jar" $port
fi
started=$(date +%s)
# PROFILE=1: the CPU budget of the service's part of the crowd, as benchmarks/cpu-budget.sh prints it.
[ -n "${PROFILE:-}" ] && JAVA_OPTS="${JAVA_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256"
[ -n "${NMT:-}" ] && JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
start_service "$jar" $port "$work/service.log"
echo "service ready $(($(date +%s) - started)) s after it was started"
pids+=("$service_pid")
admin=$(dev_token $port bench-admin admin)
write_tokens "$work/tokens"
export TOKENS="$work/tokens"
heap() {
    curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/actuator/metrics/jvm.memory.used?tag=area:heap" |
        sed -E 's/.*"value":([0-9.E+]+).*/\1/' | awk '{ printf "%d", $1 / 1048576 }'
}
warmup=${WARMUP:-180}
if [ "$warmup" -gt 0 ]; then
    flight="WU$(date +%s | tail -c 8)"
    curl -sf -X POST "http://127.0.0.1:$port/v1/flights" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $admin" -d \
        "{\"flightId\":\"$flight\",\"origin\":\"FRA\",\"destination\":\"JFK\",\"departureTime\":\"$(date -u -d '+30 days' +%Y-%m-%dT08:30:00Z)\",\"capacity\":1000,\"price\":100,\"currency\":\"EUR\"}" >/dev/null
    # Half on kept-alive connections, half on a new connection per claim as the crowd's buyers
    # come: the JIT must have compiled the accept-and-close path too, or it compiles it mid-crowd.
    FLIGHT=$flight wrk -t2 -c50 -d"$((warmup / 2))s" -s benchmarks/claim.lua "http://127.0.0.1:$port" >/dev/null
    CLOSE=1 FLIGHT=$flight wrk -t2 -c50 -d"$((warmup - warmup / 2))s" -s benchmarks/claim.lua \
        "http://127.0.0.1:$port" >/dev/null
    echo "warmed up for $warmup s (1,000 bookings and payments, then sold-out answers, half on new connections)"
    sleep 5 # let the warm-up's payments settle
fi
# WARMUP_CROWD=N: then a smaller crowd of N buyers within 10 s on a flight of its own, so the JIT has
# compiled what a crowd runs (new buyers' tokens and connections, the first seconds' sales).
if [ -n "${WARMUP_CROWD:-}" ]; then
    ./mvnw -B -q -pl load-test gatling:test -Dgatling.simulationClass=dev.seatbooking.loadtest.FlashCrowdSimulation \
        -DbaseUrl="http://127.0.0.1:$port" -Dusers="$WARMUP_CROWD" -DrampSeconds=10 -DsettleSeconds=5 >/dev/null || true
    echo "warmed up with a crowd of $WARMUP_CROWD buyers"
    sleep 5 # let the warm-up's payments settle
fi
sold_out_body $port "$work/no-seats.json"
start_bare_server $bare_port "$work/no-seats.json" "$work/bare.log"
pids+=("$bare_pid")
# Warmed like the service, on kept-alive and on new connections.
FLIGHT=none wrk -t2 -c50 -d10s -s benchmarks/claim.lua "http://127.0.0.1:$bare_port" >/dev/null
CLOSE=1 FLIGHT=none wrk -t2 -c50 -d10s -s benchmarks/claim.lua "http://127.0.0.1:$bare_port" >/dev/null
echo "Baseline: the same crowd against a bare server answering every claim with the same 409 body"
./mvnw -B -q -pl load-test gatling:test -Dgatling.simulationClass=dev.seatbooking.loadtest.FlashCrowdSimulation \
    -DbaseUrl="http://127.0.0.1:$bare_port" -Dbaseline=true -DlatencyCsv="$PWD/load-test/target/flash-crowd-bare.csv" \
    "$@" | sed -n '/^Flash crowd on/,/^RESULT/p'
kill "$bare_pid"

if [ -n "${START_AFTER:-}" ] && [ $((started + START_AFTER - $(date +%s))) -gt 0 ]; then
    sleep $((started + START_AFTER - $(date +%s)))
fi
echo "the crowd starts $(($(date +%s) - started)) s after the service was started (and Gatling's own start)"
echo "service up (pid $service_pid): RSS $(($(ps -o rss= -p "$service_pid") / 1024)) MiB, heap used $(heap) MiB"

# The service's resident memory, every half second while the crowd runs.
(while kill -0 "$service_pid" 2>/dev/null; do ps -o rss= -p "$service_pid"; sleep 0.5; done) >"$work/rss.txt" &
# CPU seconds (user + system) of a process so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat"; }
cpu_before=$(cpu_seconds "$service_pid")
pids+=("$!")
status=0
[ -n "${PROFILE:-}" ] && profile_start "$work"
crowd_started=$(date +%s)
./mvnw -B -pl load-test gatling:test -Dgatling.simulationClass=dev.seatbooking.loadtest.FlashCrowdSimulation \
    -DbaseUrl="http://127.0.0.1:$port" -DlatencyCsv="$PWD/load-test/target/flash-crowd-service.csv" "$@" || status=$?
[ -n "${PROFILE:-}" ] && profile_stop "$work" "the flash crowd (per buyer)" 10000 "$(($(date +%s) - crowd_started))"
echo "service CPU during the crowd: $(awk -v a="$cpu_before" -v b="$(cpu_seconds "$service_pid")" 'BEGIN { printf "%.1f s, %.0f us per buyer", b - a, (b - a) * 1e6 / 10000 }')"
peak=$(sort -n "$work/rss.txt" | tail -1)
echo "service peak RSS during the crowd: $((peak / 1024)) MiB; heap used after: $(heap) MiB"
if [ -n "${NMT:-}" ]; then
    jcmd "$service_pid" VM.native_memory summary scale=MB | grep -E '^(Total|-  *[A-Za-z ]+ \(reserved)' |
        sed -E 's/ *\(reserved=[0-9]+MB, committed=([0-9]+)MB\)/: \1 MiB committed/; s/^Total: reserved=[0-9]+MB, committed=([0-9]+)MB.*/Total: \1 MiB committed/'
fi
if [ "$status" -ne 0 ]; then
    # The service logs WARN and above here: what answered other than 201 or 409 NO_SEATS says why.
    cp "$work/service.log" load-test/target/flash-crowd-service.log
    echo "the crowd failed: the service's log is in load-test/target/flash-crowd-service.log"
fi
exit $status
