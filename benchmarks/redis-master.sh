#!/usr/bin/env bash
# What one Redis master does with the claim script (docs/scale-out.md): claims/s that take a hold,
# and refusals/s on a full flight, with the failover safeguard (the replication-id check of
# loaded_state in lib/holds.lua) and without it, in alternating rounds of one run. Redis runs on
# core 0 and redis-benchmark on core 1 (taskset), so the client does not take the server's core.
#   benchmarks/redis-master.sh [ROUNDS] [REQUESTS] [CLIENTS]     default 3 200000 50
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
requests=${2:-200000}
clients=${3:-50}
for tool in redis-server redis-benchmark redis-cli taskset; do
    if ! command -v "$tool" >/dev/null; then
        echo "Installing Debian's redis-server and redis-tools"
        apt-get install -y -q redis-server redis-tools util-linux >/dev/null
        break
    fi
done
work=$(mktemp -d)
port=$((20000 + RANDOM % 10000))
taskset -c 0 redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT
cli() { redis-cli -p "$port" "$@"; }
until cli ping >/dev/null 2>&1; do sleep 0.1; done

scripts=booking-service/src/main/resources/redis
cat "$scripts/lib/holds.lua" "$scripts/claim_seats.lua" >"$work/fenced.lua"
# The same script with the safeguard taken out: a flight counts as loaded when its hash exists.
sed 's/^if not loaded_here(inv) then$/if redis.call("EXISTS", inv) == 0 then/' "$work/fenced.lua" >"$work/unfenced.lua"
if cmp -s "$work/fenced.lua" "$work/unfenced.lua"; then
    echo "claim_seats.lua no longer has the line this script replaces" >&2
    exit 1
fi
fenced=$(cli script load "$(cat "$work/fenced.lua")")
unfenced=$(cli script load "$(cat "$work/unfenced.lua")")
replid=$(cli info replication | tr -d '\r' | sed -n 's/^master_replid://p')

# A flight that never fills (each claim adds a hold of its own booking id), and a full one.
cli hset 'inv:{OPEN}' capacity 2000000000 sold 0 held 0 loaded-on "$replid" >/dev/null
cli hset 'inv:{FULL}' capacity 0 sold 0 held 0 loaded-on "$replid" >/dev/null

used_memory() { cli info memory | tr -d '\r' | sed -n 's/^used_memory://p'; }
memory_before=$(used_memory)

# run SHA FLIGHT: claims/s of redis-benchmark running the claim script on the flight.
run() {
    taskset -c 1 redis-benchmark -p "$port" -n "$requests" -c "$clients" -r 1000000000 --csv \
        evalsha "$1" 4 "inv:{$2}" "inv:{$2}:holds" "inv:{$2}:hold-seats" "inv:{$2}:sold" \
        "BK__rand_int__" 1 600000 "" | tail -1 | cut -d, -f2 | tr -d '"' | cut -d. -f1
}

printf '%-6s %-14s %12s %12s %8s\n' round "flight" "safeguard" "without" ratio
for round in $(seq 1 "$rounds"); do
    for flight in OPEN FULL; do
        # Each round runs the other first: the open flight's set of holds grows as they run.
        if [ $((round % 2)) -eq 1 ]; then
            with=$(run "$fenced" $flight)
            without=$(run "$unfenced" $flight)
        else
            without=$(run "$unfenced" $flight)
            with=$(run "$fenced" $flight)
        fi
        printf '%-6s %-14s %12s %12s %8s\n' "$round" "$([ $flight = OPEN ] && echo 'holds taken' || echo 'full: refused')" \
            "$with" "$without" "$(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.2f", a / b }')"
    done
done
holds=$(cli zcard 'inv:{OPEN}:holds')
echo "holds in Redis at the end: $holds, $(( ($(used_memory) - memory_before) / holds )) bytes each (ZSET entry and hash field)"
