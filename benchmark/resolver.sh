#!/usr/bin/env bash
# Resolver benchmark: generates a seeded catalog of 10,000 pack versions with dense constraints and times
# Resolver.resolve on 15-layer profiles (typical, deep backtracking, two unsatisfiable ones) in one JVM,
# after JIT warm-up. Prints a Markdown report on stdout; progress goes to stderr. See benchmark/README.md.
#
#   benchmark/resolver.sh [--iterations 200] [--warmup 20] [--versions 10000] [--seed 20261121] [--wait-idle 0] [--no-build]
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command_line=$(printf '%q ' "$0" "$@")
command_line=${command_line% }

iterations=200    # timed resolves per case
warmup=20         # seconds of untimed resolves of every case before measuring
versions=10000    # pack versions in the generated catalog
seed=20261121     # seed of the catalog and of the typical profile
wait_idle=0       # seconds to wait for other load on the machine to go away before starting
build=1
jar="$root/benchmark/resolver/target/packyard-resolver-benchmark.jar"
default_java_opts="-Xms1g -Xmx1g"

usage() {
  sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'

Options:
  --iterations N   timed resolves per case (default 200, 20-10000)
  --warmup S       seconds of untimed resolves of every case first (default 20, 0-600)
  --versions N     pack versions in the catalog (default 10000, 4000-100000)
  --seed N         seed of the catalog and the typical profile (default 20261121)
  --wait-idle S    first wait up to S seconds (0-600) for the CPUs to be at most 20% busy
  --no-build       run benchmark/resolver/target/packyard-resolver-benchmark.jar as it is, even when older
                   than its sources (it is still built when missing)
Builds packs, resolver and the benchmark (./mvnw -pl benchmark/resolver -am package, no tests) when the
jar is missing or older than their sources. Environment: PACKYARD_JAVA_OPTS replaces the JVM options
(default -Xms1g -Xmx1g).
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --versions) versions=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --wait-idle) wait_idle=${2:?}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "resolver.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
in_range() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
in_range "$iterations" 20 10000 || { echo "resolver.sh: --iterations must be 20..10000" >&2; exit 2; }
in_range "$warmup" 0 600 || { echo "resolver.sh: --warmup must be 0..600 (seconds)" >&2; exit 2; }
in_range "$versions" 4000 100000 || { echo "resolver.sh: --versions must be 4000..100000" >&2; exit 2; }
[[ $seed =~ ^-?[0-9]{1,18}$ ]] || { echo "resolver.sh: --seed must be a whole number" >&2; exit 2; }
in_range "$wait_idle" 0 600 || { echo "resolver.sh: --wait-idle must be 0..600 (seconds)" >&2; exit 2; }

log() { printf '[resolver %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- JDK and build
# shellcheck source=../scripts/jdk.sh
. "$root/scripts/jdk.sh"
packyard_find_jdk || exit 1
export JAVA_HOME
java="$JAVA_HOME/bin/java"

stale() { # the jar is older than a pom or a main source of the modules it runs
  [ -f "$jar" ] && [ -d "$root/benchmark/resolver/target/libs" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root"/{packs,resolver,benchmark/resolver}/pom.xml \
            "$root"/{packs,resolver}/src/main "$root/benchmark/resolver/src" \
            -newer "$jar" -type f -print -quit 2>/dev/null || true)" ]
}
if [ ! -f "$jar" ] || { [ "$build" = 1 ] && stale; }; then
  log "building: ./mvnw -q -B -Dmaven.test.skip=true -pl benchmark/resolver -am package"
  (cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true -pl benchmark/resolver -am package >&2) \
    || die "building the resolver benchmark failed"
  [ -f "$jar" ] || die "the build did not produce $jar"
elif stale; then
  log "WARNING: $jar is older than its sources; running it anyway (--no-build)"
fi

# ---------------------------------------------------------------- quiet machine
cpu_busy_percent() { # share of all CPUs busy over one second, from /proc/stat
  local a b
  a=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat); sleep 1
  b=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
    busy = y[1] - x[1]; idle = y[2] - x[2]; printf "%.0f", (busy + idle) ? 100 * busy / (busy + idle) : 0 }'
}
background_busy=$(cpu_busy_percent)
if [ "$background_busy" -gt 20 ] && [ "$wait_idle" -gt 0 ]; then
  log "the CPUs are ${background_busy}% busy; waiting up to ${wait_idle}s for them to be at most 20% busy"
  deadline=$((SECONDS + wait_idle))
  while [ "$background_busy" -gt 20 ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 4
    background_busy=$(cpu_busy_percent)
  done
fi
[ "$background_busy" -le 20 ] || log "WARNING: the CPUs were ${background_busy}% busy before starting; numbers will be noisy"

# ---------------------------------------------------------------- run
java_opts=${PACKYARD_JAVA_OPTS:-$default_java_opts}
out=$(mktemp "${TMPDIR:-/tmp}/packyard-resolver.XXXXXX")
trap 'rm -f "$out"' EXIT
log "running: java $java_opts -jar ${jar#"$root"/} --versions $versions --seed $seed --iterations $iterations --warmup $warmup"
# shellcheck disable=SC2086 # the options are meant to split
"$java" $java_opts -jar "$jar" --versions "$versions" --seed "$seed" --iterations "$iterations" \
  --warmup "$warmup" >"$out" || die "the benchmark failed (see above)"

# ---------------------------------------------------------------- report
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
[ -n "$cpu_model" ] || cpu_model=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
jdk_version=$("$java" -version 2>&1 | head -n 1)
jar_built=$(date -u -r "$jar" '+%Y-%m-%d %H:%M UTC')

echo "## Resolver: 15-layer profiles, $(echo "$versions" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') pack versions"
echo
cat "$out"
echo
echo "- machine: $(nproc) CPUs, $cpu_model, $memory memory, Linux $(uname -r); CPUs ${background_busy}% busy just before the run"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- JDK: $jdk_version ($JAVA_HOME), JVM options: $java_opts"
echo "- benchmark: benchmark/resolver/target/packyard-resolver-benchmark.jar built $jar_built"
echo "- command: \`$command_line\`"
