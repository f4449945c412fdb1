# Shared helpers for the project's scripts. Source it; it defines functions only.

# Prints the path of a JDK whose major version is at least 21: JAVA_HOME first, then the newest
# under /usr/lib/jvm. Fails with a clear message when there is none.
find_jdk() {
  local candidates=() home best="" best_major=0 major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(jdk_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "seedfleet: no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm/*); install one, e.g. Temurin 25" >&2
    return 1
  fi
  echo "$best"
}

# Prints the major version of the JDK at $1, from its release file (no JVM start), else from java.
jdk_major() {
  local v=""
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}
