# Sourced by the benchmark scripts: starts the service from a jar and waits until it is ready.
# start_service JAR PORT LOG sets service_pid; JAVA_OPTS go to its JVM; it logs warnings only.
start_service() {
    # shellcheck disable=SC2086 # JAVA_OPTS holds several flags on purpose
    "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$1" --server.port="$2" --booking.demo-flight=false \
        --logging.level.root=WARN >"$3" 2>&1 &
    service_pid=$!
    until curl -sf "http://127.0.0.1:$2/actuator/health/readiness" >/dev/null; do
        kill -0 "$service_pid" || { cat "$3"; exit 1; }
        sleep 0.5
    done
}
