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

# start_service JAR PORT LOG sets service_pid; JAVA_OPTS go to its JVM; it logs warnings only.
start_service() {
    # shellcheck disable=SC2086 # JAVA_OPTS holds several flags on purpose
    # Dev mode with the run's token key, which the load generators sign with too (TOKEN_SECRET).
    # The load comes from one address and wrk cycles through a few thousand users: no per-address
    # limit, and a per-user one no benchmark reaches (the buckets are still checked on every claim).
    # The JVM flags ./run starts the service with, then JAVA_OPTS (JVM_DEFAULTS=none leaves them out).
    local defaults="" arenas=${MALLOC_ARENA_MAX:-2}
    if [ "${JVM_DEFAULTS:-}" != none ]; then defaults=$(grep -v '^#' booking-service/jvm.options); else arenas=${MALLOC_ARENA_MAX:-}; fi
    MALLOC_ARENA_MAX=$arenas "$JAVA_HOME/bin/java" $defaults ${JAVA_OPTS:-} -jar "$1" --server.port="$2" --booking.demo-flight=false \
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
