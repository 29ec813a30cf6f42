#!/usr/bin/env bash
# Requests/s and p99 latency of the status page and summary API (50 checks, 90 days of
# history) next to nginx serving the same page bytes as a static file, measured with wrk on
# loopback in the same run; then p99 at about half of each peak rate (wrk paced by a Lua delay).
# Needs Debian's wrk and nginx (installed when missing). Usage: bench/web.sh [seconds per run]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source .ci/java-home.sh
duration="${1:-15}"
command -v wrk >/dev/null && command -v nginx >/dev/null || apt-get install -y -qq wrk nginx >/dev/null

work="$(mktemp -d)"; mkdir -p "$work/html"
web_port=18480; nginx_port=18481
cleanup() { [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

./mvnw -q -B -DskipTests -pl bench -am install
classpath="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
"$JAVA_HOME/bin/java" -Xmx1g -cp "bench/target/classes:$classpath" io.statuslog.bench.WebBenchmarkServer "$work" "$web_port" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do grep -q READY "$work/server.log" && break; sleep 1; done
grep READY "$work/server.log" || { tail -30 "$work/server.log"; exit 1; }

cat > "$work/nginx.conf" <<CONF
worker_processes auto;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$nginx_port; root $work/html; gzip_static on; location / { default_type text/html; } }
}
CONF
# Browsers ask for gzip; both servers answer with the same precompressed page bytes.
gzip -9 -k "$work/html/index.html"
nginx -p "$work" -c "$work/nginx.conf"

run() { # name url [delay-ms]
  local script=""
  if [ -n "${3:-}" ]; then printf 'function delay() return %s end\n' "$3" > "$work/pace.lua"; script="-s $work/pace.lua"; fi
  wrk -t2 -c50 -d"${duration}s" --latency -H 'Accept-Encoding: gzip' $script "$2" > "$work/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  printf '%-34s %12s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
  echo "$rps"
}

echo "wrk -t2 -c50 with Accept-Encoding: gzip, ${duration}s per run, loopback, 2 cores shared by wrk and the server" >&2
echo "page: $(stat -c %s "$work/html/index.html") bytes, gzip $(stat -c %s "$work/html/index.html.gz") bytes" >&2
run "warm-up (statuslog /)" "http://127.0.0.1:$web_port/" >/dev/null
nginx_rps=$(run "nginx static page (baseline)" "http://127.0.0.1:$nginx_port/")
page_rps=$(run "statuslog GET /" "http://127.0.0.1:$web_port/")
api_rps=$(run "statuslog GET /api/v1/summary" "http://127.0.0.1:$web_port/api/v1/summary")
awk -v p="$page_rps" -v a="$api_rps" -v n="$nginx_rps" 'BEGIN { printf "page = %.0f%% of nginx, summary = %.0f%% of nginx (goal >= 50%%)\n", 100*p/n, 100*a/n }' >&2
# 50 connections each pausing d ms between requests: rate ~ 50*1000/d. Pick d for half the peak.
page_delay=$(awk -v r="$page_rps" 'BEGIN { printf "%d", 50*1000/(r/2) }')
api_delay=$(awk -v r="$api_rps" 'BEGIN { printf "%d", 50*1000/(r/2) }')
run "statuslog GET / at ~half peak" "http://127.0.0.1:$web_port/" "$page_delay" >/dev/null
run "statuslog summary at ~half peak" "http://127.0.0.1:$web_port/api/v1/summary" "$api_delay" >/dev/null
