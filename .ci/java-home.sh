# Sourced by .ci/run and the bench scripts: exports JAVA_HOME as a JDK 21+, found the way ./mvnw
# and ./statuslog find it (.mvn/jdk.sh), or stops with one line saying what to install.
. "$(dirname "${BASH_SOURCE[0]}")/../.mvn/jdk.sh"
statuslog_use_jdk "$0"
