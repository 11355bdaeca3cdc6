#!/usr/bin/env bash
# The inventory benchmark (docs/performance.md): claims/s and latency through the service's inventory
# client, through redis-benchmark running the same Lua script on the same Redis, and through a
# database-only design, all in one run. Options go to the benchmark, e.g.
#   benchmarks/inventory.sh --concurrency=50 --seconds=20 --warmup=5
# Embedded Redis and PostgreSQL are started unless SPRING_DATA_REDIS_URL / SPRING_DATASOURCE_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-home
if ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "Installing Debian's redis-tools (redis-benchmark, redis-cli)"
    apt-get install -y -q redis-tools >/dev/null
fi
./mvnw -q -B -pl booking-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
classpath="booking-service/target/test-classes:booking-service/target/classes:$(cat booking-service/target/benchmark.classpath)"
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -cp "$classpath" dev.seatbooking.benchmark.InventoryBenchmark "$@"
