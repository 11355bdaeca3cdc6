# Sourced by the benchmark scripts: starts the service from a jar and waits until it is ready.
# The key the service signs and checks its dev tokens with during a benchmark run.
TOKEN_SECRET=${TOKEN_SECRET:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export TOKEN_SECRET

# write_tokens FILE [COUNT]: user tokens for wrk (benchmarks/claim.lua), one per line.
write_tokens() {
    "$JAVA_HOME/bin/java" -cp load-test/target/test-classes dev.seatbooking.loadtest.Tokens "${2:-5000}" wrk >"$1"
}

# dev_token PORT USER [ROLE]: a token the service at PORT issues in dev mode.
dev_token() {
    curl -sf -X POST "http://127.0.0.1:$1/dev/token?userId=$2${3:+&role=$3}"
}

# need_wrk: installs Debian's wrk when it is missing.
need_wrk() {
    if ! command -v wrk >/dev/null; then
        echo "Installing Debian's wrk" >&2
        apt-get install -y -q wrk >/dev/null
    fi
}

# service_jar: SERVICE_JAR, or this checkout's jar, built now.
service_jar() {
    if [ -z "${SERVICE_JAR:-}" ]; then
        ./mvnw -q -B -DskipTests -pl booking-service -am package >&2
    fi
    echo "${SERVICE_JAR:-booking-service/target/booking-service.jar}"
}

# extracted JAR: the path of JAR extracted (java -Djarmode=tools), once per jar and build.
extracted() {
    local dir
    dir="${TMPDIR:-/tmp}/seat-booking-extracted/$(basename "$1" .jar)-$(stat -c %Y "$1")"
    if [ ! -f "$dir/$(basename "$1")" ]; then
        rm -rf "$dir"
        "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$1" extract --destination "$dir" >/dev/null
    fi
    echo "$dir/$(basename "$1")"
}

# start_service JAR PORT LOG sets service_pid; JAVA_OPTS go to its JVM; it logs warnings only.
start_service() {
    # shellcheck disable=SC2086 # JAVA_OPTS holds several flags on purpose
    # Dev mode with the run's token key, which the load generators sign with too (TOKEN_SECRET).
    # The load comes from one address and wrk cycles through a few thousand users: no per-address
    # limit, and a per-user one no benchmark reaches (the buckets are still checked on every claim).
    # The JVM flags ./run starts the service with, then JAVA_OPTS (JVM_DEFAULTS=none leaves them out).
    local defaults="" arenas=${MALLOC_ARENA_MAX:-2} jar=$1 aot=""
    if [ "${JVM_DEFAULTS:-}" != none ]; then defaults=$(grep -v '^#' booking-service/jvm.options); else arenas=${MALLOC_ARENA_MAX:-}; fi
    # The extracted jar, as ./run starts it: from the nested jar, Spring Boot's loader once left both
    # carrier threads blocked on its lock while the first payment starts loaded Stripe's classes on
    # virtual threads, and the service never answered again (docs/performance.md). After
    # train_aot: the extracted jar, from its AOT cache.
    if [ -n "${AOT_CACHE:-}" ]; then
        jar=$AOT_JAR
        aot="-XX:AOTCache=$AOT_CACHE"
    elif [ ! -d "$(dirname "$1")/lib" ]; then
        jar=$(extracted "$1")
    fi
    MALLOC_ARENA_MAX=$arenas "$JAVA_HOME/bin/java" $defaults $aot ${JAVA_OPTS:-} -jar "$jar" --server.port="$2" --booking.demo-flight=false \
        --security.dev-tokens.enabled=true --security.dev-tokens.secret="$TOKEN_SECRET" --simulator.enabled=true \
        --booking.rate-limit.per-ip-enabled=false --booking.rate-limit.per-user=1000000000 \
        --logging.level.root=WARN >"$3" 2>&1 &
    service_pid=$!
    until curl -sf "http://127.0.0.1:$2/actuator/health/readiness" >/dev/null; do
        kill -0 "$service_pid" || { cat "$3"; exit 1; }
        sleep 0.5
    done
}

# sold_out_body PORT FILE: makes a one-seat flight, sells its seat, and writes the 409 NO_SEATS
# body of the next claim to FILE: the body the bare server answers with.
sold_out_body() {
    local flight status buyer
    flight="SO$(date +%s%N | tail -c 8)"
    curl -sf -X POST "http://127.0.0.1:$1/v1/flights" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $(dev_token "$1" bench-admin admin)" -d \
        "{\"flightId\":\"$flight\",\"origin\":\"FRA\",\"destination\":\"JFK\",\"departureTime\":\"$(date -u -d '+30 days' +%Y-%m-%dT08:30:00Z)\",\"capacity\":1,\"price\":100,\"currency\":\"EUR\"}" >/dev/null
    for buyer in first-buyer second-buyer; do
        status=$(curl -s -o "$2" -w '%{http_code}' -X POST "http://127.0.0.1:$1/v1/bookings" \
            -H "Authorization: Bearer $(dev_token "$1" "$buyer")" \
            -H 'Content-Type: application/json' -d "{\"flightIdentifier\":\"$flight\",\"seats\":1}")
    done
    [ "$status" = 409 ] || { echo "The second claim on $flight was not refused"; cat "$2"; exit 1; }
    sold_out_flight=$flight
}

# start_bare_server PORT BODY_FILE LOG sets bare_pid: benchmarks/BareServer.java answering BODY_FILE.
start_bare_server() {
    "$JAVA_HOME/bin/java" benchmarks/BareServer.java "$1" "$2" >"$3" 2>&1 &
    bare_pid=$!
    until curl -s -o /dev/null "http://127.0.0.1:$1/"; do sleep 0.2; done
}

# train_aot JAR PORT (JDK 25+): extracts JAR and records an AOT cache of it (JEP 483, 514, 515): a
# training run starts the service with -XX:AOTCacheOutput, serves claims that take seats, then
# refusals, kept-alive and on new connections, for AOT_TRAINING seconds (default 30), and stops; the
# JVM writes the cache, with the profiles of the methods the claims ran, as it exits. Sets AOT_JAR
# and AOT_CACHE, which start_service then starts from.
train_aot() {
    local dir flight admin tokens
    dir=$(mktemp -d)
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$1" extract --destination "$dir" >/dev/null
    AOT_JAR="$dir/$(basename "$1")"
    AOT_CACHE=""
    JAVA_OPTS="${JAVA_OPTS:-} -XX:AOTCacheOutput=$dir/service.aot" start_service "$AOT_JAR" "$2" "$dir/training.log"
    tokens=${TOKENS:-$dir/tokens}
    [ -f "$tokens" ] || write_tokens "$tokens"
    admin=$(dev_token "$2" bench-admin admin)
    flight="AT$(date +%s | tail -c 8)"
    curl -sf -X POST "http://127.0.0.1:$2/v1/flights" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $admin" -d \
        "{\"flightId\":\"$flight\",\"origin\":\"FRA\",\"destination\":\"JFK\",\"departureTime\":\"$(date -u -d '+30 days' +%Y-%m-%dT08:30:00Z)\",\"capacity\":1000,\"price\":100,\"currency\":\"EUR\"}" >/dev/null
    local half=$((${AOT_TRAINING:-30} / 2))
    TOKENS=$tokens FLIGHT=$flight wrk -t2 -c50 -d"${half}s" -s benchmarks/claim.lua "http://127.0.0.1:$2" >/dev/null
    TOKENS=$tokens CLOSE=1 FLIGHT=$flight wrk -t2 -c50 -d"${half}s" -s benchmarks/claim.lua "http://127.0.0.1:$2" >/dev/null
    kill -TERM "$service_pid"
    wait "$service_pid" 2>/dev/null || true
    [ -f "$dir/service.aot" ] || { echo "The training run wrote no AOT cache"; tail -20 "$dir/training.log"; exit 1; }
    AOT_CACHE="$dir/service.aot"
    echo "AOT cache recorded: $(du -m "$AOT_CACHE" | cut -f1) MiB after ${AOT_TRAINING:-30} s of claims"
}

# thread_ticks PID: one line per thread of PID: name, user ticks, system ticks.
thread_ticks() {
    local f s name rest
    for f in /proc/"$1"/task/*/stat; do
        s=$(cat "$f" 2>/dev/null) || continue
        name=${s#*(}
        name=${name%)*}
        rest=(${s##*) })
        printf '%s\t%s\t%s\n' "$name" "${rest[11]}" "${rest[12]}"
    done
}

# server_ticks: the CPU ticks of every Redis and PostgreSQL server process, by program.
server_ticks() {
    local pid
    # The embedded Redis runs as redis-server-<version>, so match on the command line.
    for pid in $(pgrep -f redis-server); do
        thread_ticks "$pid" | awk -F'\t' '{ u += $2; s += $3 } END { printf "Redis server\t%d\t%d\n", u, s }'
    done
    for pid in $(pgrep -x postgres); do
        thread_ticks "$pid" | awk -F'\t' '{ u += $2; s += $3 } END { printf "PostgreSQL server\t%d\t%d\n", u, s }'
    done
}

# profile_start DIR / profile_stop DIR NAME ANSWERS SECONDS: the CPU budget of what the service did
# in between (benchmarks/cpu_budget.py): JFR samples of its threads and /proc counters of its
# threads and of the Redis and PostgreSQL servers. The service needs
# -XX:FlightRecorderOptions:stackdepth=256 for whole stacks.
profile_start() {
    jcmd "$service_pid" JFR.start name=budget settings=profile >/dev/null
    thread_ticks "$service_pid" >"$1/threads-before"
    server_ticks >"$1/procs-before"
}
profile_stop() {
    thread_ticks "$service_pid" >"$1/threads-after"
    server_ticks >"$1/procs-after"
    jcmd "$service_pid" JFR.stop name=budget filename="$1/budget.jfr" >/dev/null
    "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample "$1/budget.jfr" >"$1/samples.txt"
    python3 benchmarks/cpu_budget.py "$2" "$3" "$4" "$1/threads-before" "$1/threads-after" \
        "$1/procs-before" "$1/procs-after" "$1/samples.txt"
    # What kept the JIT busy: compilations over 100 ms and deoptimisations, by method.
    "$JAVA_HOME/bin/jfr" summary "$1/budget.jfr" | awk '/jdk.Compilation |jdk.Deoptimization / { printf "  %s: %s events\n", $1, $2 }'
    "$JAVA_HOME/bin/jfr" print --events jdk.Deoptimization "$1/budget.jfr" |
        awk -F'= ' '/^ *method = / { m = $2 } /^ *reason = / { print m " (" $2 ")" }' | sort | uniq -c | sort -rn | head -8
}
