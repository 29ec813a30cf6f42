#!/usr/bin/env bash
# Scale benchmark: ONE checker process holding N http checks at a 30 s interval (10 000 = 333
# probes/s) against nginx on 127.0.0.1, then blackbox_exporter driven at the same rate against
# the same nginx as the baseline, each measured from outside for a window of M minutes after a
# warm-up: CPU time and resident memory from /proc, probes and their arrival times from nginx's
# access log, results in the log (read_committed, distinct ids) against probes nginx answered.
# Prints both side by side and the goals with PASS/FAIL. Run it three times or more and report
# the range: the machine is shared.
# Installs nginx and prometheus-blackbox-exporter when run as root and they are missing; without
# nginx the target is the JDK's HTTP server, without blackbox_exporter there is no baseline.
# Each process logs to a file of its own under bench/target/scale-<time>/, printed at start.
# Exit code: 0 every goal met, 1 a goal missed, 2 the benchmark itself could not run.
# Environment: BENCH_CHECKER_JAVA_OPTS (added to the checker's JVM options, e.g. a JFR
# recording), BENCH_WARMUP_SECONDS (default 60).
# Usage: bench/checker.sh [minutes, default 5] [checks, default 10000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source .ci/java-home.sh
if [ "$(id -u)" = 0 ] && { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/bin/prometheus-blackbox-exporter ]; }; then
  apt-get install -y nginx prometheus-blackbox-exporter >&2 || echo "bench/checker.sh: could not install nginx and prometheus-blackbox-exporter; going on without" >&2
fi
# One reactor run, no install: the benchmark runs what this checkout builds, never a snapshot
# that another build left in ~/.m2 (and leaves none there for others).
./mvnw -q -B -DskipTests -pl app,bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# The checker is started through ./statuslog, to measure its JVM defaults for the checker role;
# ./statuslog rebuilds a jar older than any source, and this one was just built from them.
touch app/target/statuslog.jar
run="bench/target/scale-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run"
"$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.statuslog.bench.scale.CheckerScaleBenchmark "$run" "$root" "${1:-5}" "${2:-10000}" 2>&1 | tee "$run/benchmark.log"
