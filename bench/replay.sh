#!/usr/bin/env bash
# Rebuild replay throughput next to the raw Kafka consumer rate, measured in the same run on
# the same topic, with a bounded heap (BENCH_HEAP, default -Xmx1g). Usage: bench/replay.sh [results, default 10000000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source .ci/java-home.sh
./mvnw -q -B -DskipTests -pl bench -am install
classpath="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec "$JAVA_HOME/bin/java" ${BENCH_HEAP:--Xmx1g} -cp "bench/target/classes:$classpath" io.statuslog.bench.ReplayBenchmark "${1:-10000000}"
