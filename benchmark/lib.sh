# Helpers shared by benchmark/run.sh, benchmark/packs.sh and benchmark/helm.sh. Sourced, not run.
# The sourcing script sets `root` (the repository) and `log_tag` (the prefix of its progress lines)
# first; `bench_find_jdk` sets `java`, and the helpers that start or stop servers use `work` (its temp
# dir). Everything here writes progress to stderr only; stdout is the report.
# shellcheck shell=bash

export LC_ALL=C # EPOCHREALTIME, printf and awk must use '.' as the decimal point

driver_jar="$root/benchmark/target/packyard-benchmark.jar"
server_jar="$root/registry/target/packyard-registry.jar"

log() { printf '[%s %s] %s\n' "$log_tag" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
in_range() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; } # value min max
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; } # EPOCHREALTIME-value

# ---------------------------------------------------------------- JDK and builds
bench_find_jdk() { # sets JAVA_HOME (exported) and java
  # shellcheck source=../scripts/jdk.sh
  . "$root/scripts/jdk.sh"
  packyard_find_jdk || exit 1
  export JAVA_HOME
  java="$JAVA_HOME/bin/java"
}

# Prints the first file among the poms and main sources of the modules that is newer than the jar
# (nothing when the jar is up to date). The same rule as ./packyard uses.
newer_sources() { # jar module...
  local jar=$1 module paths=("$root/pom.xml"); shift
  for module in "$@"; do paths+=("$root/$module/pom.xml" "$root/$module/src/main"); done
  find "${paths[@]}" -newer "$jar" -type f -print -quit 2>/dev/null || true
}
# The server jar needs the modules packs, resolver, signing and registry.
server_stale() {
  [ -f "$server_jar" ] && [ -d "$root/registry/target/libs" ] || return 0
  [ -n "$(newer_sources "$server_jar" packs resolver signing registry)" ]
}
# Builds the server with ./packyard build when its jar is missing; a stale jar is measured as it
# is, with a warning (packs.sh and helm.sh measure what is there; run.sh has its own --no-build rule).
ensure_server_jar() {
  if [ ! -f "$server_jar" ] || [ ! -d "$root/registry/target/libs" ]; then
    log "building Packyard (the server jar is missing): ./packyard build"
    (cd "$root" && ./packyard build >&2) || die "./packyard build failed"
    [ -f "$server_jar" ] || die "./packyard build did not produce $server_jar"
  elif server_stale; then
    log "WARNING: $server_jar is older than its sources; measuring it as it is"
  fi
}
driver_stale() {
  [ -f "$driver_jar" ] || return 0
  [ -n "$(find "$root/benchmark/pom.xml" "$root/benchmark/src" -newer "$driver_jar" -type f -print -quit)" ]
}
build_driver() { # builds the load driver (benchmark/target/packyard-benchmark.jar)
  log "building the load driver: ./mvnw -q -B -pl benchmark package"
  (cd "$root" && ./mvnw -q -B -pl benchmark package >&2) || die "building the benchmark module failed"
}
# The load driver's JVM: SerialGC and C1 only, so it has no GC or JIT threads competing with the server.
driver_java=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m -jar "$driver_jar")

# ---------------------------------------------------------------- ports and processes
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port i
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free loopback port found"
}
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true; }

# Waits until the URL answers 200; dies (with the log's tail) when the process exits or time runs out.
wait_ready() { # name pid url seconds logfile
  local name=$1 pid=$2 url=$3 limit=$4 logfile=$5 i
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$logfile" >&2; die "$name exited during start-up (log above)"; }
    [ "$(http_status "$url")" = 200 ] && return 0
    sleep 0.1
  done
  tail -n 30 "$logfile" >&2
  die "$name did not answer 200 on $url within ${limit}s (log above)"
}

# SIGTERM to all, then up to 10 s for each to exit before SIGKILL; reaps them.
stop_pids() { # pid...
  local pid i
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# Copies the server jar with its libs/ into DIR, so a rebuild during the run cannot swap classes
# under the running server. Sets server_built (the jar's time stamp, for the report).
copy_server_jar() { # dir
  mkdir -p "$1"
  cp -p "$server_jar" "$1/" && cp -r "$root/registry/target/libs" "$1/libs"
  server_built=$(date -u -r "$server_jar" '+%Y-%m-%d %H:%M UTC')
}

# Starts Packyard from a copy made by copy_server_jar on 127.0.0.1:PORT and waits (up to 90 s) for
# GET /health to answer 200. PACKYARD_JAVA_OPTS goes to its JVM. Sets server_pid and ready_seconds
# (from the launch to the first 200).
start_packyard() { # app-dir data-dir port logfile [serve options...]
  local app=$1 data=$2 port=$3 logfile=$4 started; shift 4
  started=$EPOCHREALTIME
  # shellcheck disable=SC2086 # PACKYARD_JAVA_OPTS is a list of JVM options
  "$java" ${PACKYARD_JAVA_OPTS:-} -jar "$app/$(basename "$server_jar")" serve --host 127.0.0.1 --port "$port" \
    --data "$data" "$@" >"$logfile" 2>&1 &
  server_pid=$!
  wait_ready Packyard "$server_pid" "http://127.0.0.1:$port/health" 90 "$logfile"
  ready_seconds=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
}

# CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
process_cpu_seconds() { # pid
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}

# ---------------------------------------------------------------- other load on the machine
cpu_busy_percent() { # share of all CPUs busy over one second, from /proc/stat
  local a b
  a=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat); sleep 1
  b=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
    busy = y[1] - x[1]; idle = y[2] - x[2]; printf "%.0f", (busy + idle) ? 100 * busy / (busy + idle) : 0 }'
}

# --wait-idle: waits up to S seconds for the CPUs to be at most 20% busy. Sets background_busy.
wait_for_idle() { # seconds
  local deadline
  background_busy=$(cpu_busy_percent)
  if [ "$background_busy" -gt 20 ] && [ "$1" -gt 0 ]; then
    log "the CPUs are ${background_busy}% busy; waiting up to ${1}s for them to be at most 20% busy"
    deadline=$((SECONDS + $1))
    while [ "$background_busy" -gt 20 ] && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 4
      background_busy=$(cpu_busy_percent)
    done
  fi
  [ "$background_busy" -le 20 ] || log "WARNING: the CPUs were ${background_busy}% busy before starting; numbers will be noisy"
}

# CPU used by other processes while the benchmark runs: all busy CPU time (from /proc/stat) minus
# the CPU time of this script's own children (servers, load driver, curl), which the shell reports
# with `times` once they have been waited for.
cpu_snapshot() { # file; writes "busy-seconds total-seconds children-seconds". Must not run in a
  # subshell (no $(...) or pipe), or `times` would report the subshell's children instead of ours.
  times >"$1.times"
  awk -v hz="$(getconf CLK_TCK)" -v times="$1.times" 'BEGIN {
      getline line < times; getline line < times; split(line, f, " "); c = 0
      for (i = 1; i <= 2; i++) { split(f[i], p, "m"); c += p[1] * 60 + p[2] } }
    /^cpu / { printf "%f %f %f\n", ($2+$3+$4+$7+$8+$9) / hz, ($2+$3+$4+$5+$6+$7+$8+$9) / hz, c }' /proc/stat >"$1"
}
other_load_percent() { # start-snapshot-file end-snapshot-file
  awk -v a="$(cat "$1")" -v b="$(cat "$2")" 'BEGIN { split(a, x, " "); split(b, y, " ");
    other = (y[1] - x[1]) - (y[3] - x[3]); total = y[2] - x[2];
    if (other < 0) other = 0; printf "%.0f", (total > 0) ? 100 * other / total : 0 }'
}
# Sets other_load from two snapshots and warns above 10%.
check_other_load() { # start-snapshot-file end-snapshot-file
  other_load=$(other_load_percent "$1" "$2")
  [ "$other_load" -le 10 ] || log "WARNING: other processes used ${other_load}% of the CPUs during the run; numbers are noisy"
}

# ---------------------------------------------------------------- report
# The first lines of every report's footer: machine, other load (needs background_busy and
# other_load), date and JDK.
report_machine() {
  local cpu_model memory
  cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
  [ -n "$cpu_model" ] || cpu_model=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
  memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "- machine: $(nproc) CPUs, $cpu_model, $memory memory, Linux $(uname -r)"
  echo "- other load on the machine: CPUs ${background_busy}% busy just before the run; other processes used ${other_load}% of the CPU time during it"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- JDK: $("$java" -version 2>&1 | head -n 1) ($JAVA_HOME)"
}
