#!/usr/bin/env bash
# Soak drill: the platform as five processes (Kafka broker, PostgreSQL, checker, projector, web)
# probing 20 checks of a counting target every 1-2 s, while one of them, at random, is SIGKILLed
# every 20-40 s and started again 0-5 s later. Then it counts, per check: probes the target
# answered, results in the log, results counted by the live generation; and status page
# requests a running web process did not answer with 200. Exits non-zero on any difference
# beyond the probes in flight at a checker kill (which it prints).
# Each process logs to a file of its own under bench/target/chaos-<time>/, printed at start.
# Exit code: 0 every count agrees, 1 a promise broken (the reason in one line), 2 the drill
# itself could not run (a process never became ready, say).
# Usage: bench/chaos.sh [minutes of faults, default 10] [seed, default random]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source .ci/java-home.sh
# One reactor run, no install: the drill runs what this checkout builds, never a snapshot that
# another build left in ~/.m2 (and leaves none there for others).
./mvnw -q -B -DskipTests -pl app,bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
run="bench/target/chaos-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run"
"$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.statuslog.bench.chaos.ChaosDrill "$run" app/target/statuslog.jar "${1:-10}" ${2:+"$2"} 2>&1 | tee "$run/drill.log"
