# The one way Statuslog's scripts find the JDK 21 or newer they need, where the machine's
# default java may be older. Sourced (POSIX sh) by ./mvnw, ./statuslog and .ci/java-home.sh,
# so the build, the launcher and CI always agree on the JDK.
#
# statuslog_use_jdk NAME exports JAVA_HOME as a JDK 21+ (java and javac): $JAVA_HOME when it is
# one, else the java on PATH when it is one, else the newest JDK in the usual install folders
# (STATUSLOG_JDK_DIRS, colon-separated, replaces that list). Finding none, it prints one line
# that names NAME and every JDK it saw, and exits 1.

statuslog_use_jdk() {
  _sl_best='' _sl_best_major=0 _sl_seen='' _sl_seen_homes='|' _sl_noglob=''
  # mvnw runs with globbing off (set -f); the install folders are listed with globs.
  case $- in *f*) _sl_noglob=yes; set +f ;; esac

  statuslog_jdk_consider "${JAVA_HOME:+$JAVA_HOME/bin/java}"
  if [ -z "$_sl_best" ]; then
    statuslog_jdk_consider "$(command -v java || true)"
  fi
  if [ -z "$_sl_best" ]; then
    _sl_ifs=$IFS
    IFS=:
    for _sl_dir in ${STATUSLOG_JDK_DIRS-/usr/lib/jvm:/opt/java:/Library/Java/JavaVirtualMachines:${HOME:-}/.sdkman/candidates/java:${HOME:-}/.jdks}; do
      IFS=$_sl_ifs
      for _sl_home in "$_sl_dir"/*; do
        if [ -x "$_sl_home/Contents/Home/bin/java" ]; then _sl_home=$_sl_home/Contents/Home; fi # macOS bundle
        statuslog_jdk_consider "$_sl_home/bin/java"
      done
    done
    IFS=$_sl_ifs
  fi

  if [ "$_sl_noglob" = yes ]; then set -f; fi
  if [ -z "$_sl_best" ]; then
    echo "statuslog: $1 needs a JDK 21 or newer; install one or set JAVA_HOME (found: ${_sl_seen:-no JDK})" >&2
    exit 1
  fi
  JAVA_HOME=$_sl_best
  export JAVA_HOME
}

# Notes the JDK that java binary $1 belongs to, keeping it when it is the newest JDK 21+ so far.
# The JDK reports its own home, so the symlinked aliases of one JDK count once.
statuslog_jdk_consider() {
  if [ -z "$1" ] || [ ! -x "$1" ]; then return 0; fi
  _sl_probe=$("$1" -XshowSettings:properties -version 2>&1 | awk -F ' = ' '
    $1 ~ /^ *java\.specification\.version$/ { split($2, v, "."); major = (v[1] == "1") ? v[2] : v[1] }
    $1 ~ /^ *java\.home$/ { home = $2 }
    END { if (major != "" && home != "") print major " " home }' || true)
  if [ -z "$_sl_probe" ]; then return 0; fi
  _sl_major=${_sl_probe%% *}
  _sl_home_of=${_sl_probe#* }
  case $_sl_seen_homes in *"|$_sl_home_of|"*) return 0 ;; esac
  _sl_seen_homes="$_sl_seen_homes$_sl_home_of|"
  if [ -x "$_sl_home_of/bin/javac" ]; then _sl_what="$_sl_major at $_sl_home_of"; else _sl_what="$_sl_major at $_sl_home_of (no javac)"; fi
  _sl_seen="${_sl_seen:+$_sl_seen, }$_sl_what"
  if [ "$_sl_major" -ge 21 ] && [ "$_sl_major" -gt "$_sl_best_major" ] && [ -x "$_sl_home_of/bin/javac" ]; then
    _sl_best=$_sl_home_of
    _sl_best_major=$_sl_major
  fi
}
