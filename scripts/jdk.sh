# Sourced by ./packyard and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME, the `java` on PATH, then the usual install folders.

packyard_java_major() {
  # Prints the feature release (17, 21, 25, ...) of the java binary given as $1, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

packyard_find_jdk() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$home")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(packyard_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$home"
      return 0
    fi
  done
  cat >&2 <<'MSG'
packyard: no JDK 21 or newer found (checked $JAVA_HOME, the java on PATH and /usr/lib/jvm).
Install one, for example:
  Debian/Ubuntu:  apt-get install -y openjdk-21-jdk     (or Temurin 21/25 from adoptium.net)
  macOS:          brew install openjdk@21
then run this command again, or point JAVA_HOME at it.
MSG
  return 1
}
