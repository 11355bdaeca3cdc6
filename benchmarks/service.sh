# Sourced by the benchmark scripts: starts the service from a jar and waits until it is ready.
# start_service JAR PORT LOG sets service_pid; JAVA_OPTS go to its JVM; it logs warnings only.
start_service() {
    # shellcheck disable=SC2086 # JAVA_OPTS holds several flags on purpose
    # The load comes from one address: no per-address limit (the per-user one stays on).
    "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$1" --server.port="$2" --booking.demo-flight=false \
        --booking.rate-limit.per-ip-enabled=false --logging.level.root=WARN >"$3" 2>&1 &
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
    curl -sf -X POST "http://127.0.0.1:$1/v1/flights" -H 'Content-Type: application/json' -d \
        "{\"flightId\":\"$flight\",\"origin\":\"FRA\",\"destination\":\"JFK\",\"departureTime\":\"2027-06-01T08:30:00Z\",\"capacity\":1,\"price\":100,\"currency\":\"EUR\"}" >/dev/null
    for buyer in first-buyer second-buyer; do
        status=$(curl -s -o "$2" -w '%{http_code}' -X POST "http://127.0.0.1:$1/v1/bookings" \
            -H 'Content-Type: application/json' -d "{\"userId\":\"$buyer\",\"flightIdentifier\":\"$flight\",\"seats\":1}")
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
