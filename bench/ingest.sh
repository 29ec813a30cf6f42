#!/usr/bin/env bash
# Results accepted per second by one ingest node on embedded Kafka from CLIENTS concurrent agents
# posting batches of BATCH results, with p50/p99 latency, next to a bare Kafka producer
# (idempotent, acks=all) sending the same results in the same run, a record each as a checker
# writes them (and, for reference, a record per batch as ingest writes them); then ingest at half
# its peak rate, open loop, for p50/p99 (goal p99 < 50 ms). Broker and ingest run in one JVM, the
# clients and the bare producer in another. Usage: bench/ingest.sh [seconds per run, default 30]
# INGEST_KAFKA_PROPS='"fetch.max.wait.ms": "10"' tries Kafka client settings for ingest's clients;
# SERVER_JAVA_OPTS and CLIENT_JAVA_OPTS add JVM options to either side (a profiler: -XX:StartFlightRecording=filename=/tmp/i.jfr).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source .ci/java-home.sh
seconds="${1:-30}"
clients="${CLIENTS:-8}"
batch="${BATCH:-100}"

work="$(mktemp -d)"
port="${INGEST_PORT:-18482}"
cleanup() { [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Built and resolved in one reactor, so the classpath is this checkout's modules, not whatever
# another checkout last installed in ~/.m2. The last module to write the file is bench.
./mvnw -q -B -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile="$work/classpath"
classpath="$(cat "$work/classpath")"
# A fixed heap, as a server runs: the broker's live set (about 190 MiB) shares this JVM with ingest,
# and on a heap G1 had sized at 354 MiB it ran a marking cycle every 2.5 s, which set the p99.
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${SERVER_JAVA_OPTS:-} -cp "bench/target/classes:$classpath" io.statuslog.bench.IngestBenchmarkServer "$work" "$port" "$clients" "${INGEST_KAFKA_PROPS:-}" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do grep -q READY "$work/server.log" && break; sleep 1; done
grep -q READY "$work/server.log" || { tail -30 "$work/server.log"; exit 1; }
bootstrap="$(sed -n 's/^READY bootstrap=//p' "$work/server.log")"

echo "load before: $(uptime)"
"$JAVA_HOME/bin/java" -Xmx1g ${CLIENT_JAVA_OPTS:-} -cp "bench/target/classes:$classpath" io.statuslog.bench.IngestBenchmark \
  "http://127.0.0.1:$port" "$bootstrap" "$work/tokens" "$batch" "$seconds"
echo "load after:  $(uptime)"
