# Sourced by .ci/run and the bench scripts: exports JAVA_HOME as a JDK 21+ (the machine's
# default java may be older; the newest JDK under /usr/lib/jvm or /opt/java is picked then).
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }

if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java" || echo 0)" -lt 21 ]; then
  best=""; best_major=0
  for home in /usr/lib/jvm/* /opt/java/*; do
    [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java" || echo 0)"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  if [ -z "$best" ] && command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    best="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  [ -n "$best" ] || { echo "no JDK 21+ found; set JAVA_HOME" >&2; exit 1; }
  export JAVA_HOME="$best"
fi
