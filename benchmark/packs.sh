#!/usr/bin/env bash
# Pack benchmark: generates 2,000 pack versions (200 packs x 10 versions), pushes them into a fresh
# Packyard server through the packyard CLI, measures the catalog API's latency under concurrent
# clients, then restarts the server and reads how long loading the pack catalog took. Loopback only.
# Prints a Markdown report on stdout; progress goes to stderr. See benchmark/README.md.
#
#   benchmark/packs.sh [--packs 200] [--versions 10] [--batch 100] [--clients 10] [--duration 10] [--warmup 3] [--wait-idle 0]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log_tag=packs
# shellcheck source=lib.sh
. "$root/benchmark/lib.sh"
command_line=$(printf '%q ' "$0" "$@")
command_line=${command_line% }

packs=200         # distinct packs
versions=10       # versions per pack
batch=100         # pack folders per CLI invocation
clients=10        # concurrent clients for the catalog rows
duration=10       # seconds of each measured catalog window
warmup=3          # seconds of untimed load before each catalog window
wait_idle=0       # seconds to wait for other load on the machine to go away before starting

cli_jar="$root/cli/target/packyard-cli.jar"

usage() {
  sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'

Options:
  --packs N        distinct packs (default 200, 10-1000)
  --versions N     versions of each pack (default 10, 1-10)
  --batch N        pack folders per CLI invocation (default 100, 1-1000)
  --clients N      concurrent clients for the catalog rows (default 10, 1-64)
  --duration S     seconds of each measured catalog window (default 10, 1-60)
  --warmup S       seconds of untimed load before each catalog window (default 3, 0-30)
  --wait-idle S    first wait up to S seconds (0-600) for the CPUs to be at most 20% busy
Builds with ./packyard build only when the server or CLI jar is missing (a stale jar is measured as
it is, with a warning); builds the load driver when its jar is missing or older than its sources.
Environment: PACKYARD_JAVA_OPTS is passed to the server's JVM, PACKYARD_CLI_JAVA_OPTS to the CLI's
(after the launcher's -XX:TieredStopAtLevel=1 -XX:+UseSerialGC, as ./packyard does).
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --packs) packs=${2:?}; shift 2 ;;
    --versions) versions=${2:?}; shift 2 ;;
    --batch) batch=${2:?}; shift 2 ;;
    --clients) clients=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --wait-idle) wait_idle=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "packs.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
in_range "$packs" 10 1000 || { echo "packs.sh: --packs must be 10..1000" >&2; exit 2; }
in_range "$versions" 1 10 || { echo "packs.sh: --versions must be 1..10" >&2; exit 2; }
in_range "$batch" 1 1000 || { echo "packs.sh: --batch must be 1..1000" >&2; exit 2; }
in_range "$clients" 1 64 || { echo "packs.sh: --clients must be 1..64" >&2; exit 2; }
in_range "$duration" 1 60 || { echo "packs.sh: --duration must be 1..60 (seconds)" >&2; exit 2; }
in_range "$warmup" 0 30 || { echo "packs.sh: --warmup must be 0..30 (seconds)" >&2; exit 2; }
in_range "$wait_idle" 0 600 || { echo "packs.sh: --wait-idle must be 0..600 (seconds)" >&2; exit 2; }
total_versions=$((packs * versions))

command -v curl >/dev/null 2>&1 || die "curl is missing (apt-get install curl)"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is missing"

# ---------------------------------------------------------------- JDK and builds
bench_find_jdk

if [ ! -f "$server_jar" ] || [ ! -d "$root/registry/target/libs" ] \
   || [ ! -f "$cli_jar" ] || [ ! -d "$root/cli/target/libs" ]; then
  log "building Packyard (a jar is missing): ./packyard build"
  (cd "$root" && ./packyard build >&2) || die "./packyard build failed"
  [ -f "$server_jar" ] && [ -f "$cli_jar" ] || die "./packyard build did not produce $server_jar and $cli_jar"
fi
# The same staleness rule as ./packyard, but only a warning: this script measures the jars as they are.
! server_stale || log "WARNING: $server_jar is older than its sources; measuring it as it is"
[ -z "$(newer_sources "$cli_jar" packs cli)" ] \
  || log "WARNING: $cli_jar is older than its sources; measuring it as it is"
! driver_stale || build_driver

# ---------------------------------------------------------------- temp dir, processes, cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/packyard-packs.XXXXXX")
server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  stop_pids "$server_pid"
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Private copies of the jars (each finds its libs/ beside it), so a rebuild during the run cannot
# swap classes under the running server or between CLI invocations.
mkdir -p "$work/cli" "$work/packs" "$work/urls"
copy_server_jar "$work/server"
cp -p "$cli_jar" "$work/cli/" && cp -r "$root/cli/target/libs" "$work/cli/libs"
cli_built=$(date -u -r "$cli_jar" '+%Y-%m-%d %H:%M UTC')
# What ./packyard push runs: C1 only and SerialGC, which start fastest for a short-lived client, then
# PACKYARD_CLI_JAVA_OPTS as the launcher passes it.
# shellcheck disable=SC2206 # PACKYARD_CLI_JAVA_OPTS is a list of JVM options
cli=("$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC ${PACKYARD_CLI_JAVA_OPTS:-} -Dpackyard.stderr.tty=false
     -jar "$work/cli/$(basename "$cli_jar")")

start_server() { # log-file; sets server_pid and ready_seconds
  start_packyard "$work/server" "$work/data" "$port" "$1" --no-builtin-catalog
}

wait_for_idle "$wait_idle"

# ---------------------------------------------------------------- generate the packs
# Pack i has layer, add-on type, cloud types and source picked from i, so the catalog filters match
# different subsets. Versions of a pack: 1.0.p 1.1.p 1.2.p 1.3.p 2.0.p ... 3.1.p and, as the 10th,
# the pre-release 3.2.0-rc.1 (p = i mod 3), pushed oldest first.
layers=(kernel os k8s cni csi addon addon addon addon addon)
addon_types=(monitoring logging ingress security servicemesh registry)
version_of() { # pack-index version-index; sets $version (no subshell: 2,000 forks would take seconds)
  if [ "$2" -eq 9 ]; then version="3.2.0-rc.1"; else version="$((1 + $2 / 4)).$(($2 % 4)).$(($1 % 3))"; fi
}
pack_dirs=()
write_pack() { # pack-index version-index
  local i=$1 v=$2 name version dir layer addon cloud source
  printf -v name 'bench-pack-%03d' "$i"
  version_of "$i" "$v"
  dir="$work/packs/$name-$version"
  layer=${layers[$((i % 10))]}
  addon=""
  [ "$layer" = addon ] && addon="\"addonType\":\"${addon_types[$((i % 6))]}\","
  if ((i % 4 == 0)); then cloud='"aws","azure"'; else cloud='"all"'; fi
  if ((i % 3 == 0)); then source=spectrocloud; else source=community; fi
  printf '{"name":"%s","displayName":"Bench pack %d","version":"%s","layer":"%s",%s"cloudTypes":[%s],"annotations":{"source":"%s"},"kubeManifests":["manifests/app.yaml"]}\n' \
    "$name" "$i" "$version" "$layer" "$addon" "$cloud" "$source" >"$dir/pack.json"
  # printf, not cat with a here-document: builtins only, so 2,000 packs take about a second.
  printf '%s\n' "# Generated by benchmark/packs.sh" "pack:" "  namespace: $name" "  content:" "    images:" \
    "      - image: nginx:1.27.$v" "manifests:" "  app:" "    replicas: $((1 + v % 3))" >"$dir/values.yaml"
  printf '%s\n' "apiVersion: apps/v1" "kind: Deployment" "metadata:" "  name: $name" "  namespace: $name" "spec:" \
    "  replicas: $((1 + v % 3))" "  selector:" "    matchLabels:" "      app: $name" "  template:" "    metadata:" \
    "      labels:" "        app: $name" "    spec:" "      containers:" "        - name: app" \
    "          image: nginx:1.27.$v" "          ports:" "            - containerPort: 80" >"$dir/manifests/app.yaml"
  printf '# Bench pack %d\n\nVersion %s of a generated pack for benchmark/packs.sh: one Deployment of nginx.\n' \
    "$i" "$version" >"$dir/README.md"
  # A 1x1 RGBA PNG (70 bytes).
  printf '\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\x50\x48\x58\xf0\x1f\x00\x03\xe4\x02\x20\x7b\x86\x0e\xdc\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82' \
    >"$dir/logo.png"
}

log "generating $total_versions pack versions ($packs packs x $versions versions) in $work/packs"
generate_started=$EPOCHREALTIME
for ((i = 0; i < packs; i++)); do
  for ((v = 0; v < versions; v++)); do
    version_of "$i" "$v"
    printf -v dir '%s/packs/bench-pack-%03d-%s' "$work" "$i" "$version"
    pack_dirs+=("$dir")
  done
done
printf '%s/manifests\n' "${pack_dirs[@]}" | xargs mkdir -p
for ((i = 0; i < packs; i++)); do
  for ((v = 0; v < versions; v++)); do write_pack "$i" "$v"; done
done
generate_seconds=$(awk -v a="$generate_started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
log "generated in ${generate_seconds}s"

# Check one pack of every layer with the CLI's validate (the same rules the server applies).
for ((i = 0; i < 10 && i < packs; i++)); do
  [ "${layers[$i]}" != addon ] || [ "$i" -eq 5 ] || continue
  out=$(timeout 60 "${cli[@]}" validate "${pack_dirs[$((i * versions + versions - 1))]}" 2>&1) \
    || { printf '%s\n' "$out" >&2; die "a generated ${layers[$i]} pack does not validate (above)"; }
  ! grep -qi warning <<<"$out" || { printf '%s\n' "$out" >&2; log "WARNING: the generated ${layers[$i]} pack has warnings (above)"; }
done
log "generated packs validate (one of each layer checked with packyard validate)"

# ---------------------------------------------------------------- ingest through the CLI
port=$(free_port)
base="http://127.0.0.1:$port"
cpu_snapshot "$work/cpu.start"
log "starting a fresh server on $base"
start_server "$work/server.log"

# JVM start-up of the CLI alone (median of 3 `--version` runs), to put the per-invocation cost in context.
for k in 1 2 3; do
  t0=$EPOCHREALTIME
  timeout 60 "${cli[@]}" --version >/dev/null 2>&1 || die "the CLI does not run: ${cli[*]} --version"
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/cli-start"
done
cli_start=$(sort -g "$work/cli-start" | sed -n 2p)

invocations=$(((total_versions + batch - 1) / batch))
log "pushing $total_versions pack versions through the CLI, $invocations invocations of up to $batch folders"
: >"$work/push.times"
server_cpu_before=$(process_cpu_seconds "$server_pid")
cpu_snapshot "$work/cpu.push-start"
push_started=$EPOCHREALTIME
for ((b = 0; b < invocations; b++)); do
  args=("${pack_dirs[@]:$((b * batch)):batch}")
  launched=$EPOCHREALTIME
  # Each output line ("pushed NAME VERSION DIGEST") is stamped as it arrives; the CLI flushes per pack.
  set +e
  timeout 600 "${cli[@]}" push --registry "$base" "${args[@]}" 2>>"$work/cli.err" \
    | while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$work/push.$b"
  status=("${PIPESTATUS[@]}")
  set -e
  finished=$EPOCHREALTIME
  pushed=$(grep -c '^[0-9.]* pushed ' "$work/push.$b" || true)
  if [ "${status[0]}" != 0 ] || [ "$pushed" != "${#args[@]}" ]; then
    grep -v '^[0-9.]* pushed ' "$work/push.$b" | head -n 20 >&2 || true
    tail -n 20 "$work/cli.err" >&2
    die "CLI invocation $((b + 1)) exited with ${status[0]} and pushed $pushed of ${#args[@]} packs (above)"
  fi
  # launch, first line, last line, end, packs
  awk -v l="$launched" -v e="$finished" -v n="$pushed" '$2 == "pushed" { if (!f) f = $1; t = $1 }
    END { printf "%s %s %s %s %d\n", l, f, t, e, n }' "$work/push.$b" >>"$work/push.times"
  log "  invocation $((b + 1))/$invocations: $pushed pushed in $(awk -v a="$launched" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')s"
done
push_finished=$EPOCHREALTIME
cpu_snapshot "$work/cpu.push-end"
server_cpu_after=$(process_cpu_seconds "$server_pid")
# CPU per pushed pack: the CLIs (all their JVMs, start-up included) and the server (all its threads).
read -r cli_cpu_ms server_cpu_ms <<<"$(awk -v a="$(cut -d' ' -f3 "$work/cpu.push-start")" \
  -v b="$(cut -d' ' -f3 "$work/cpu.push-end")" -v s0="$server_cpu_before" -v s1="$server_cpu_after" -v n="$total_versions" \
  'BEGIN { printf "%.1f %.1f\n", 1000 * (b - a) / n, 1000 * (s1 - s0) / n }')"
read -r push_wall push_rate steady_ms steady_rate first_pack <<<"$(awk -v s="$push_started" -v e="$push_finished" -v total="$total_versions" '
  { steady += $3 - $2; steady_n += $5 - 1; first += $2 - $1; k++ }
  END { wall = e - s
        printf "%.1f %.1f %.2f %.1f %.2f\n", wall, total / wall, (steady_n ? 1000 * steady / steady_n : 0),
               (steady > 0 ? steady_n / steady : 0), first / k }' "$work/push.times")"
log "pushed $total_versions in ${push_wall}s = $push_rate pushes/s; steady ${steady_ms} ms per pack = $steady_rate pushes/s"
log "CPU per pushed pack: CLI ${cli_cpu_ms} ms (start-ups included), server ${server_cpu_ms} ms"

total=$(curl -sS -f --max-time 30 "$base/v1/packs?limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
[ "$total" = "$packs" ] || die "the catalog lists ${total:-no} packs after the push, expected $packs"

# ---------------------------------------------------------------- catalog latency
for ((o = 0; o < packs; o += 50)); do echo "$base/v1/packs?limit=50&offset=$o"; done >"$work/urls/list"
cat >"$work/urls/filtered" <<URLS
$base/v1/packs?layer=addon&addonType=monitoring
$base/v1/packs?name=bench-pack-1&layer=addon
$base/v1/packs?cloudType=aws&layer=cni
$base/v1/packs?name=pack-04
URLS
for ((i = 0; i < packs; i++)); do printf '%s/v1/packs/bench-pack-%03d\n' "$base" "$i"; done >"$work/urls/pack"
# Versions interleaved across packs (every pack's 1st version, then every 2nd, ...). The first 20% are
# read once to warm the server's code path (untimed); the other 80% are the cold reads measured.
for ((v = 0; v < versions; v++)); do
  for ((i = 0; i < packs; i++)); do
    version_of "$i" "$v"
    printf '%s/v1/packs/bench-pack-%03d/%s\n' "$base" "$i" "$version"
  done
done >"$work/urls/versions"
warm_count=$((total_versions / 5))
head -n "$warm_count" "$work/urls/versions" >"$work/urls/version-warmup"
tail -n +"$((warm_count + 1))" "$work/urls/versions" >"$work/urls/version-cold"
cold_count=$((total_versions - warm_count))

driver() { # args... -> the driver's key=value line ("" when it failed to run)
  timeout $((duration + warmup + 120)) "$java" "${driver_java[@]}" --connections "$clients" "$@" || true
}
results="$work/results"
: >"$results"
measure() { # row expected-requests-or-0 driver-args...
  local row=$1 expect=$2 line rps p50 p99 errors requests; shift 2
  line=$(driver "$@")
  log "  $row: $line"
  rps=$(sed -n 's/^rps=\([0-9.]*\) .*/\1/p' <<<"$line")
  requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")
  errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  if [ -z "$rps" ] || [ "${errors:-1}" != 0 ] || { [ "$expect" != 0 ] && [ "$requests" != "$expect" ]; }; then
    echo "$row failed" >>"$results"
  else
    echo "$row $rps $p50 $p99 $requests" >>"$results"
  fi
}

log "catalog latency: $clients clients, ${warmup}s untimed + ${duration}s measured per row"
measure list 0 --urls "$work/urls/list" --warmup "$warmup" --duration "$duration"
measure filtered 0 --urls "$work/urls/filtered" --warmup "$warmup" --duration "$duration"
measure pack 0 --urls "$work/urls/pack" --warmup "$warmup" --duration "$duration"
log "  version warm-up: reading $warm_count versions once (untimed)"
driver --urls "$work/urls/version-warmup" --once --duration 120 >/dev/null
measure version-cold "$cold_count" --urls "$work/urls/version-cold" --once --duration 120
measure version-warm 0 --urls "$work/urls/versions" --warmup "$warmup" --duration "$duration"

# ---------------------------------------------------------------- restart: catalog load time
log "restarting the server on the same data folder"
stop_server
start_server "$work/server-restart.log"
restart_ready=$ready_seconds
catalog_line=$(grep -o 'pack catalog: [0-9]* packs, [0-9]* versions, loaded in [0-9]* ms' "$work/server-restart.log" | tail -n 1)
[ -n "$catalog_line" ] || { tail -n 30 "$work/server-restart.log" >&2; die "no 'pack catalog:' line in the server log"; }
read -r loaded_packs loaded_versions load_ms <<<"$(sed 's/pack catalog: \([0-9]*\) packs, \([0-9]*\) versions, loaded in \([0-9]*\) ms/\1 \2 \3/' <<<"$catalog_line")"
log "after restart: $catalog_line; /health answered 200 after ${restart_ready}s"
[ "$loaded_packs" = "$packs" ] && [ "$loaded_versions" = "$total_versions" ] \
  || die "the restarted server loaded $loaded_packs packs and $loaded_versions versions, expected $packs and $total_versions"
# Helidon's own line: "Started all channels in N milliseconds. M milliseconds since JVM startup."
started_ms=$(sed -n 's/.* \([0-9][0-9]*\) milliseconds since JVM startup.*/\1/p' "$work/server-restart.log" | tail -n 1)
data_size=$(du -sh "$work/data" | cut -f1)
stop_server
cpu_snapshot "$work/cpu.end"
check_other_load "$work/cpu.start" "$work/cpu.end"

# ---------------------------------------------------------------- report
row() { # key title
  local key=$1 title=$2 r
  r=$(awk -v k="$key" '$1 == k' "$results")
  if [ -z "$r" ] || [ "$(cut -d' ' -f2 <<<"$r")" = failed ]; then
    echo "| $title | failed | failed | failed |"
  else
    awk -v t="$title" '{ printf "| %s | %.0f | %.2f | %.2f |\n", t, $2, $3, $4 }' <<<"$r"
  fi
}

echo "## Packyard pack benchmark: $total_versions pack versions"
echo
echo "| ingest and start-up | result |"
echo "| --- | ---: |"
echo "| push $total_versions versions ($packs packs x $versions) through the CLI, $invocations invocations x $batch folders: wall time | ${push_wall} s |"
echo "| pushes/s, all included (CLI JVM start-ups, validation, tar.gz, upload) | ${push_rate} |"
echo "| per pack inside one CLI invocation, excluding its JVM start and first pack | ${steady_ms} ms = ${steady_rate} pushes/s |"
echo "| first pack of each invocation (JVM start, class loading, first push), mean | ${first_pack} s |"
echo "| CLI JVM start alone (\`packyard --version\`, median of 3) | ${cli_start} s |"
echo "| CPU per pushed pack: CLI (start-ups included) / server | ${cli_cpu_ms} ms / ${server_cpu_ms} ms |"
echo "| catalog load at server start-up (server log) | ${load_ms} ms ($loaded_packs packs, $loaded_versions versions) |"
echo "| server start to \`/health\` 200, with that catalog | ${restart_ready} s${started_ms:+ (listening ${started_ms} ms after JVM start, server log)} |"
echo
echo "| catalog request ($clients clients) | req/s | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: |"
row list "list page \`GET /v1/packs?limit=50&offset=N\` (N = 0, 50, ...)"
row filtered "filtered list \`GET /v1/packs?layer=…&addonType=…\`, \`?name=…\` (4 filters in turn)"
row pack "one pack \`GET /v1/packs/{name}\` ($versions versions each, all $packs in turn)"
row version-cold "one version \`GET /v1/packs/{name}/{version}\`, cold: first access, $cold_count distinct versions once each"
row version-warm "one version, warm (cached), all $total_versions in turn"
echo
echo "Catalog rows other than the cold one: ${warmup} s untimed + ${duration} s measured, closed loop, keep-alive (Java load"
echo "driver). The cold row reads every version once, after $warm_count other versions warmed the code path; its req/s"
echo "is over the time the whole list took."
echo
report_machine
echo "- jars: registry built $server_built${PACKYARD_JAVA_OPTS:+ (JVM options: $PACKYARD_JAVA_OPTS)}, CLI built $cli_built${PACKYARD_CLI_JAVA_OPTS:+ (JVM options: $PACKYARD_CLI_JAVA_OPTS)}"
echo "- data folder after ingest: $data_size; packs generated in ${generate_seconds} s (not counted)"
echo "- command: \`$command_line\`"
