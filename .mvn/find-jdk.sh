# Sourced by ./sori, ./mvnw and .ci/run: sets JAVA_HOME to a JDK 21 or newer.
# Order: JAVA_HOME, then the java on PATH, then the newest JDK under /usr/lib/jvm.
sori_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
sori_jdk_ok() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major; major=$(sori_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}
sori_find_jdk() {
  if sori_jdk_ok "${JAVA_HOME:-}"; then return 0; fi
  local onpath
  if onpath=$(command -v javac 2>/dev/null); then
    onpath=$(dirname "$(dirname "$(readlink -f "$onpath")")")
    if sori_jdk_ok "$onpath"; then JAVA_HOME=$onpath; export JAVA_HOME; return 0; fi
  fi
  local best="" bestmajor=0 dir major noglob=0
  case $- in *f*) noglob=1; set +f ;; esac  # mvnw runs with globbing off
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -L "$dir" ] && continue
    sori_jdk_ok "$dir" || continue
    major=$(sori_java_major "$dir")
    if [ "$major" -gt "$bestmajor" ]; then best=$dir; bestmajor=$major; fi
  done
  [ "$noglob" -eq 0 ] || set -f
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "sori: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  return 1
}
