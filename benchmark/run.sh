#!/usr/bin/env bash
# Packyard vs the CNCF distribution registry (Debian docker-registry 2.8.2), side by side on this
# machine, loopback only. Prints a Markdown table (Packyard / distribution ratios) on stdout;
# progress goes to stderr. See benchmark/README.md for what it measures and how to read it.
#
#   benchmark/run.sh [--rounds 5] [--duration 5] [--warmup 5] [--wait-idle 0] [--subject packyard|distribution] [--no-build]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log_tag=bench
# shellcheck source=lib.sh
. "$root/benchmark/lib.sh"
command_line=$(printf '%q ' "$0" "$@")
command_line=${command_line% }

rounds=5          # measured rounds; each row reports the median over them
duration=5        # seconds of each measured requests-per-second window
warmup=5          # seconds of untimed load per registry and req/s row before round 1
clients=10        # concurrent clients for the req/s rows
pulls=5           # 100 MiB pulls per round and registry
pushes=5          # 10 MiB pushes per round and registry (a new random blob each)
subject=packyard  # "distribution" runs distribution against a second distribution (to validate the harness)
build=1
wait_idle=0       # seconds to wait for other load on the machine to go away before starting

layer_bytes=$((100 * 1024 * 1024))
push_bytes=$((10 * 1024 * 1024))
repo=bench/image
tag=bench
push_repo=bench/push
manifest_type=application/vnd.oci.image.manifest.v1+json
jar=$server_jar

usage() {
  sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'

Options:
  --rounds N        measured rounds, median reported (default 5, 1-15)
  --duration S      seconds per requests-per-second window (default 5, 1-30)
  --warmup S        seconds of warm-up load per registry and req/s row (default 5, 0-30)
  --subject NAME    packyard (default) or distribution: compare distribution with a second
                    distribution instance, to check the harness itself (ratios should be ~1.0)
  --wait-idle S     first wait up to S seconds (0-600) for the CPUs to be at most 20% busy
  --no-build        never build Packyard: measure its jar as it is, even when older than its
                    sources (the small load driver is still built when its jar is missing)
Environment: PACKYARD_JAVA_OPTS is passed to Packyard's JVM.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --subject) subject=${2:?}; shift 2 ;;
    --wait-idle) wait_idle=${2:?}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
in_range "$rounds" 1 15 || { echo "run.sh: --rounds must be 1..15" >&2; exit 2; }
in_range "$duration" 1 30 || { echo "run.sh: --duration must be 1..30 (seconds)" >&2; exit 2; }
in_range "$warmup" 0 30 || { echo "run.sh: --warmup must be 0..30 (seconds)" >&2; exit 2; }
in_range "$wait_idle" 0 600 || { echo "run.sh: --wait-idle must be 0..600 (seconds)" >&2; exit 2; }
case "$subject" in packyard|distribution) ;; *) echo "run.sh: --subject packyard|distribution" >&2; exit 2 ;; esac

# ---------------------------------------------------------------- tools, JDK, builds
install_debs() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing $*; install them (apt-get install $*) or run as root"
    sudo=sudo
  fi
  log "installing $* with apt-get"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v sha256sum >/dev/null 2>&1 || missing+=(coreutils)
[ ${#missing[@]} -eq 0 ] || install_debs "${missing[@]}"

bench_find_jdk

# Same rule as ./packyard: the jar is stale when any source or pom of the modules it needs is newer.
if [ "$subject" = packyard ] && [ "$build" = 0 ]; then
  [ -f "$jar" ] || die "$jar is missing (and --no-build was given)"
  ! server_stale || log "WARNING: $jar is older than its sources; measuring it anyway (--no-build)"
elif [ "$subject" = packyard ] && server_stale; then
  log "building Packyard: ./packyard build"
  (cd "$root" && ./packyard build >&2) || die "./packyard build failed"
  [ -f "$jar" ] || die "./packyard build did not produce $jar"
fi
if [ ! -f "$driver_jar" ] || { [ "$build" = 1 ] && driver_stale; }; then
  build_driver
fi

# ---------------------------------------------------------------- temp dir, processes, cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/packyard-bench.XXXXXX")
pids=()         # distribution instances
server_pid=""   # Packyard (set by start_packyard in lib.sh)
stop_servers() {
  stop_pids ${pids[@]+"${pids[@]}"} ${server_pid:+"$server_pid"}
  pids=()
  server_pid=""
}
cleanup() {
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_distribution() { # slot port
  local slot=$1 port=$2 dir="$work/$1"
  mkdir -p "$dir/storage"
  # Upstream's sample config minus auth: filesystem storage with the in-memory blob descriptor
  # cache, deletes enabled, and no per-request access log (Packyard's defaults are used likewise).
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$dir/config.yml" >"$dir/server.log" 2>&1 &
  pids+=($!)
  wait_ready "distribution ($slot)" "$!" "http://127.0.0.1:$port/v2/" 30 "$dir/server.log"
}

start_packyard_slot() { # slot port
  local slot=$1 port=$2 dir="$work/$1"
  # Run a private copy (the jar finds its libs/ beside it), so a rebuild during the run cannot
  # swap classes under the running server.
  copy_server_jar "$dir/app"
  jar_built=$server_built
  mkdir -p "$dir/data"
  start_packyard "$dir/app" "$dir/data" "$port" "$dir/server.log" # sets server_pid, which stop_servers stops
}

# ---------------------------------------------------------------- registry operations (curl)
sha() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }

# Starts an upload (POST) and finishes it monolithically (PUT ?digest= with the whole body).
# Prints the seconds both requests took together (curl's own timing, so process start-up is excluded).
push_blob() { # base repo file
  local base=$1 name=$2 file=$3 digest headers location url post put code
  digest=$(sha "$file")
  headers="$work/post.headers"
  post=$(curl -sS -o /dev/null -D "$headers" -w '%{http_code} %{time_total}' --max-time 60 \
              -X POST -H 'Content-Length: 0' "$base/v2/$name/blobs/uploads/") || return 1
  [ "${post%% *}" = 202 ] || { log "POST upload on $base answered ${post%% *}"; return 1; }
  location=$(tr -d '\r' <"$headers" | awk 'tolower($1) == "location:" { print $2 }' | tail -n 1)
  case "$location" in
    /*) location="$base$location" ;;
    "$base"/*) ;;
    *) log "unexpected upload Location '$location' from $base"; return 1 ;;
  esac
  case "$location" in *\?*) url="$location&digest=$digest" ;; *) url="$location?digest=$digest" ;; esac
  put=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 120 -X PUT \
             -H 'Content-Type: application/octet-stream' -H 'Expect:' --data-binary "@$file" "$url") || return 1
  code=${put%% *}
  [ "$code" = 201 ] || { log "PUT upload on $base answered $code"; return 1; }
  awk -v a="${post#* }" -v b="${put#* }" 'BEGIN { printf "%.6f\n", a + b }'
}

seed() { # slot
  local base=${base_url[$1]} code got
  push_blob "$base" "$repo" "$work/img/config.json" >/dev/null || die "${label[$1]}: pushing the config blob failed"
  push_blob "$base" "$repo" "$work/img/layer.bin" >/dev/null || die "${label[$1]}: pushing the 100 MiB layer failed"
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X PUT -H "Content-Type: $manifest_type" \
              --data-binary "@$work/img/manifest.json" "$base/v2/$repo/manifests/$tag")
  [ "$code" = 201 ] || die "${label[$1]}: PUT manifest answered $code"
  # Check what the measurements will read: manifest by tag and the layer, byte for byte.
  curl -sS -f --max-time 30 -H "Accept: $manifest_type" -o "$work/check.manifest" "$base/v2/$repo/manifests/$tag" \
    || die "${label[$1]}: GET manifest by tag failed"
  [ "$(sha "$work/check.manifest")" = "$manifest_digest" ] || die "${label[$1]}: GET manifest returned other bytes"
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -I -H "Accept: $manifest_type" \
              "$base/v2/$repo/manifests/$tag")
  [ "$code" = 200 ] || die "${label[$1]}: HEAD manifest answered $code"
  got=$(curl -sS -f --max-time 120 "$base/v2/$repo/blobs/$layer_digest" | sha256sum | cut -d' ' -f1)
  [ "sha256:$got" = "$layer_digest" ] || die "${label[$1]}: GET blob returned other bytes"
}

# ---------------------------------------------------------------- measurements
results="$work/results"
mkdir -p "$results"
record() { echo "$3" >>"$results/$1.$2"; } # row slot value

rps() { # slot method seconds-warmup seconds-measured -> prints the driver's key=value line
  "$java" "${driver_java[@]}" \
    --url "${base_url[$1]}/v2/$repo/manifests/$tag" --method "$2" --header "Accept: $manifest_type" \
    --connections "$clients" --warmup "$3" --duration "$4" || true
}

measure_rps() { # row slot method
  local line value errors
  line=$(rps "$2" "$3" 1 "$duration")
  log "  ${label[$2]}: $3 $line"
  value=$(sed -n 's/^rps=\([0-9.]*\) .*/\1/p' <<<"$line")
  errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
  if [ -z "$value" ] || [ "${errors:-1}" != 0 ]; then value=ERR; fi
  record "$1" "$2" "$value"
}

measure_pull() { # slot
  local base=${base_url[$1]} i out code size t value bytes=0 secs=0
  for ((i = 0; i < pulls; i++)); do
    out=$(curl -sS -o /dev/null -w '%{http_code} %{size_download} %{time_total}' --max-time 120 \
               "$base/v2/$repo/blobs/$layer_digest") || out="000 0 0"
    read -r code size t <<<"$out"
    if [ "$code" != 200 ] || [ "$size" != "$layer_bytes" ]; then
      log "  ${label[$1]}: pull answered $code with $size bytes"; record pull "$1" ERR; return
    fi
    bytes=$((bytes + size)); secs=$(awk -v a="$secs" -v b="$t" 'BEGIN { print a + b }')
  done
  value=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / s / 1e6 }')
  log "  ${label[$1]}: pull ${pulls}x100 MiB in ${secs}s = $value MB/s"
  record pull "$1" "$value"
}

push_index=0
measure_push() { # slot first-file-index
  local base=${base_url[$1]} i t value secs=0
  for ((i = 0; i < pushes; i++)); do
    t=$(push_blob "$base" "$push_repo" "$work/push/$(($2 + i)).bin") || { record push "$1" ERR; return; }
    secs=$(awk -v a="$secs" -v b="$t" 'BEGIN { print a + b }')
  done
  value=$(awk -v n="$pushes" -v b="$push_bytes" -v s="$secs" 'BEGIN { printf "%.1f", n * b / s / 1e6 }')
  log "  ${label[$1]}: push ${pushes}x10 MiB in ${secs}s = $value MB/s"
  record push "$1" "$value"
}

median() { # file -> median of its numbers, or ERR when any round failed
  if grep -q ERR "$1"; then echo ERR; return; fi
  sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------- run
declare -A label base_url
label[b]="distribution 2.8.2"
if [ "$subject" = packyard ]; then label[a]="Packyard"; else label[a]="distribution (2nd)"; fi

wait_for_idle "$wait_idle"

log "generating the image (100 MiB random layer) and $((2 + rounds * pushes)) random 10 MiB push blobs in $work"
mkdir -p "$work/img" "$work/push"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{}}' >"$work/img/config.json"
head -c "$layer_bytes" /dev/urandom >"$work/img/layer.bin"
config_digest=$(sha "$work/img/config.json")
layer_digest=$(sha "$work/img/layer.bin")
printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}],"annotations":{"org.opencontainers.image.title":"packyard-benchmark"}}' \
  "$manifest_type" "$config_digest" "$(stat -c %s "$work/img/config.json")" "$layer_digest" "$layer_bytes" \
  >"$work/img/manifest.json"
manifest_digest=$(sha "$work/img/manifest.json")
for ((i = 0; i < 2 + rounds * pushes; i++)); do head -c "$push_bytes" /dev/urandom >"$work/push/$i.bin"; done

cpu_snapshot "$work/cpu.start"
port_a=$(free_port)
port_b=$(free_port)
while [ "$port_b" = "$port_a" ]; do port_b=$(free_port); done
base_url[a]="http://127.0.0.1:$port_a"
base_url[b]="http://127.0.0.1:$port_b"

log "starting ${label[b]} on ${base_url[b]}"
start_distribution b "$port_b"
log "starting ${label[a]} on ${base_url[a]}"
if [ "$subject" = packyard ]; then start_packyard_slot a "$port_a"; else start_distribution a "$port_a"; fi

for slot in a b; do
  log "seeding ${label[$slot]} with $repo:$tag (config, 100 MiB layer, manifest) and checking it reads back"
  seed "$slot"
done

log "warm-up: ${warmup}s HEAD and GET load, one pull and two pushes on each registry"
for slot in a b; do
  if [ "$warmup" -gt 0 ]; then
    log "  ${label[$slot]}: HEAD $(rps "$slot" HEAD 0 "$warmup")"
    log "  ${label[$slot]}: GET $(rps "$slot" GET 0 "$warmup")"
  fi
  curl -sS -o /dev/null --max-time 120 "${base_url[$slot]}/v2/$repo/blobs/$layer_digest" || true
  for i in 0 1; do push_blob "${base_url[$slot]}" "$push_repo" "$work/push/$i.bin" >/dev/null || true; done
done

for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then order=(a b); else order=(b a); fi
  log "round $round/$rounds (order: ${label[${order[0]}]} first)"
  first_push=$((2 + (round - 1) * pushes))
  for slot in "${order[@]}"; do measure_rps head "$slot" HEAD; done
  for slot in "${order[@]}"; do measure_rps get "$slot" GET; done
  for slot in "${order[@]}"; do measure_pull "$slot"; done
  for slot in "${order[@]}"; do measure_push "$slot" "$first_push"; done
done

log "stopping both registries"
stop_servers
cpu_snapshot "$work/cpu.end"
check_other_load "$work/cpu.start" "$work/cpu.end"

# ---------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "ERR" || b == "ERR" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
fmt() { # value decimals
  if [ "$1" = ERR ]; then echo "failed"; else awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; fi
}
rounds_of() { paste -sd' ' "$results/$1.$2" | sed 's/ /, /g'; }

rows=(head get pull push)
declare -A title decimals
title[head]="manifest HEAD by tag (req/s, $clients clients)"
title[get]="manifest GET by tag (req/s, $clients clients)"
title[pull]="blob pull, 100 MiB (MB/s)"
title[push]="monolithic blob push, 10 MiB, POST + PUT ?digest= (MB/s)"
decimals[head]=0; decimals[get]=0; decimals[pull]=1; decimals[push]=1

distribution_version=$(docker-registry --version 2>/dev/null | awk '{ print $NF }')

echo "## ${label[a]} vs CNCF distribution"
echo
echo "| row | ${label[a]} | ${label[b]} | ratio ${label[a]} / distribution |"
echo "| --- | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
  ma=$(median "$results/$row.a"); mb=$(median "$results/$row.b")
  echo "| ${title[$row]} | $(fmt "$ma" "${decimals[$row]}") | $(fmt "$mb" "${decimals[$row]}") | $(ratio "$ma" "$mb") |"
done
echo
echo "Median of $rounds rounds; higher is better in every row, so a ratio above 1 means ${label[a]} is faster."
echo "Req/s rows: ${duration}s closed-loop windows, $clients keep-alive clients (Java load driver). MB/s = 10^6 bytes/s."
echo
echo "<details><summary>Every round</summary>"
echo
echo "| row | ${label[a]} | ${label[b]} |"
echo "| --- | --- | --- |"
for row in "${rows[@]}"; do
  echo "| ${title[$row]} | $(rounds_of "$row" a) | $(rounds_of "$row" b) |"
done
echo
echo "</details>"
echo
report_machine
echo "- distribution: docker-registry $distribution_version (Debian package)"
if [ "$subject" = packyard ]; then
  echo "- Packyard: registry/target/packyard-registry.jar built $jar_built${PACKYARD_JAVA_OPTS:+, JVM options: $PACKYARD_JAVA_OPTS}"
fi
echo "- command: \`$command_line\`"
