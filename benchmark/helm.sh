#!/usr/bin/env bash
# Helm chart repository benchmark: generates 5,000 chart versions (50 charts x 100 versions) as chart
# packages, uploads them into a fresh Packyard server through the ChartMuseum API from concurrent
# clients, measures GET index.yaml (full body, gzip, If-None-Match revalidation) under concurrent
# clients, then restarts the server and times the first index.yaml. Loopback only.
# Prints a Markdown report on stdout; progress goes to stderr. See benchmark/README.md.
#
#   benchmark/helm.sh [--charts 50] [--versions 100] [--clients 8] [--duration 10] [--warmup 3] [--wait-idle 0]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log_tag=helm
# shellcheck source=lib.sh
. "$root/benchmark/lib.sh"
command_line=$(printf '%q ' "$0" "$@")
command_line=${command_line% }

charts=50         # distinct charts
versions=100      # versions per chart
clients=8         # concurrent clients, for the uploads and for the index.yaml rows
duration=10       # seconds of each measured index.yaml window
warmup=3          # seconds of untimed load before each index.yaml window
wait_idle=0       # seconds to wait for other load on the machine to go away before starting
repo=bench        # the chart repository
upload_limit=900  # seconds the upload phase may take at most

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'

Options:
  --charts N       distinct charts (default 50, 1-1000)
  --versions N     versions of each chart (default 100, 1-1000; at most 100,000 chart versions in all)
  --clients N      concurrent clients for the uploads and the index.yaml rows (default 8, 1-64)
  --duration S     seconds of each measured index.yaml window (default 10, 1-60)
  --warmup S       seconds of untimed load before each index.yaml window (default 3, 0-30)
  --wait-idle S    first wait up to S seconds (0-600) for the CPUs to be at most 20% busy
Builds with ./packyard build only when the server jar is missing (a stale jar is measured as it is,
with a warning); builds the load driver when its jar is missing or older than its sources.
Environment: PACKYARD_JAVA_OPTS is passed to the server's JVM.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --charts) charts=${2:?}; shift 2 ;;
    --versions) versions=${2:?}; shift 2 ;;
    --clients) clients=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --wait-idle) wait_idle=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "helm.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
in_range "$charts" 1 1000 || { echo "helm.sh: --charts must be 1..1000" >&2; exit 2; }
in_range "$versions" 1 1000 || { echo "helm.sh: --versions must be 1..1000" >&2; exit 2; }
in_range "$clients" 1 64 || { echo "helm.sh: --clients must be 1..64" >&2; exit 2; }
in_range "$duration" 1 60 || { echo "helm.sh: --duration must be 1..60 (seconds)" >&2; exit 2; }
in_range "$warmup" 0 30 || { echo "helm.sh: --warmup must be 0..30 (seconds)" >&2; exit 2; }
in_range "$wait_idle" 0 600 || { echo "helm.sh: --wait-idle must be 0..600 (seconds)" >&2; exit 2; }
total=$((charts * versions))
[ "$total" -le 100000 ] || { echo "helm.sh: --charts x --versions must be at most 100,000" >&2; exit 2; }

command -v curl >/dev/null 2>&1 || die "curl is missing (apt-get install curl)"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is missing"
command -v gzip >/dev/null 2>&1 && command -v tar >/dev/null 2>&1 || die "gzip and tar are needed"

# ---------------------------------------------------------------- JDK and builds
bench_find_jdk
ensure_server_jar
! driver_stale || build_driver

# ---------------------------------------------------------------- temp dir, server, cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/packyard-helm.XXXXXX")
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

copy_server_jar "$work/server" # a private copy: a rebuild during the run changes nothing
start_server() { # log-file; sets server_pid and ready_seconds
  start_packyard "$work/server" "$work/data" "$port" "$1" --no-builtin-catalog
}
driver() { # seconds-limit args... -> the driver's key=value line ("" when it failed to run)
  local limit=$1; shift
  timeout "$limit" "$java" "${driver_java[@]}" "$@" || true
}
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; } # name line -> value of name=value
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", 1000 * s }'; } # seconds -> ms
header_of() { tr -d '\r' <"$2" | awk -v h="$(tr 'A-Z' 'a-z' <<<"$1")" 'tolower($1) == h ":" { sub(/^[^:]*: */, ""); v = $0 } END { print v }'; }
count_entries() { grep -cE '^[ -]*version:' "$1" || true; } # chart versions in an index.yaml

wait_for_idle "$wait_idle"

# ---------------------------------------------------------------- generate the charts
log "generating $total chart versions ($charts charts x $versions versions) in $work/charts"
t0=$EPOCHREALTIME
gen=$(driver 600 charts --out "$work/charts" --list "$work/charts.list" --charts "$charts" --versions "$versions")
generate_seconds=$(awk -v s="$(seconds_since "$t0")" 'BEGIN { printf "%.1f", s }')
[ "$(field files "$gen")" = "$total" ] || die "generating the charts failed: ${gen:-no output}"
chart_bytes=$(field bytes "$gen")
chart_mean=$(field mean_bytes "$gen")
log "generated in ${generate_seconds}s: $gen"
# Check one package the way Helm would read it: a gzip'd tar with NAME/Chart.yaml at its top.
sample=$(head -n 1 "$work/charts.list")
sample_name=$(basename "$sample" | sed 's/-[0-9][0-9.]*\.tgz$//')
listing=$(tar -tzf "$sample" | sort | paste -sd' ')
[ "$listing" = "$sample_name/Chart.yaml $sample_name/templates/configmap.yaml $sample_name/values.yaml" ] \
  || die "unexpected chart package layout in $sample: $listing"
tar -xzOf "$sample" "$sample_name/Chart.yaml" | grep -q "^name: $sample_name\$" || die "$sample: Chart.yaml has the wrong name"

# ---------------------------------------------------------------- uploads
port=$(free_port)
base="http://127.0.0.1:$port"
cpu_snapshot "$work/cpu.start"
log "starting a fresh server on $base"
start_server "$work/server.log"

log "uploading $total chart versions: POST /api/$repo/charts, $clients clients"
server_cpu_before=$(process_cpu_seconds "$server_pid")
up=$(driver "$upload_limit" upload --url "$base/api/$repo/charts" --files "$work/charts.list" \
       --connections "$clients" --content-type application/gzip --expect 201 --max-seconds $((upload_limit - 60)))
server_cpu_after=$(process_cpu_seconds "$server_pid")
log "  $up"
if [ "$(field uploads "$up")" != "$total" ] || [ "$(field errors "$up")" != 0 ]; then
  tail -n 20 "$work/server.log" >&2
  die "the uploads failed (server log above): ${up:-the driver did not run}"
fi
upload_seconds=$(field seconds "$up")
upload_rate=$(field rate "$up")
upload_rate_after=$(field rate_after_10pct "$up")
upload_p50=$(field p50_ms "$up")
upload_p99=$(field p99_ms "$up")
upload_max=$(field max_ms "$up")
server_cpu_ms=$(awk -v a="$server_cpu_before" -v b="$server_cpu_after" -v n="$total" 'BEGIN { printf "%.2f", 1000 * (b - a) / n }')
log "uploaded $total in ${upload_seconds}s = $upload_rate uploads/s; server CPU ${server_cpu_ms} ms per upload"

# ---------------------------------------------------------------- index.yaml checks
index_url="$base/helm/$repo/index.yaml"
get_index() { # name [curl options...] -> prints "status seconds bytes"; body in $work/NAME.body, headers in NAME.headers
  local name=$1; shift
  curl -sS --max-time 120 -D "$work/$name.headers" -o "$work/$name.body" -w '%{http_code} %{time_total} %{size_download}' \
    "$@" "$index_url" || echo "000 0 0"
}
read -r status first_get_seconds plain_bytes <<<"$(get_index first)"
[ "$status" = 200 ] || { head -c 500 "$work/first.body" >&2; echo >&2; die "GET $index_url answered $status"; }
entries=$(count_entries "$work/first.body")
[ "$entries" = "$total" ] || die "index.yaml lists $entries chart versions (lines 'version:'), expected $total"
etag=$(header_of ETag "$work/first.headers")
content_type=$(header_of Content-Type "$work/first.headers")
[ -n "$etag" ] || die "index.yaml came without an ETag"
[[ $content_type == *yaml* ]] || log "WARNING: index.yaml has Content-Type '$content_type'"
read -r _ second_get_seconds _ <<<"$(get_index second)"
log "index.yaml: $entries versions, $plain_bytes bytes, ETag $etag; first GET $(ms "$first_get_seconds") ms, second $(ms "$second_get_seconds") ms"

read -r status _ gzip_bytes <<<"$(get_index gzip -H 'Accept-Encoding: gzip')"
[ "$status" = 200 ] || die "GET index.yaml with Accept-Encoding: gzip answered $status"
[ "$(header_of Content-Encoding "$work/gzip.headers")" = gzip ] \
  || die "GET index.yaml with Accept-Encoding: gzip came without Content-Encoding: gzip"
gzip -dc "$work/gzip.body" | cmp -s - "$work/first.body" \
  || log "WARNING: the gzip'd index.yaml differs from the plain one once decompressed"
read -r status _ _ <<<"$(get_index revalidate -H "If-None-Match: $etag")"
[ "$status" = 304 ] || die "GET index.yaml with If-None-Match: $etag answered $status, expected 304"
log "gzip: $gzip_bytes bytes; If-None-Match: 304"

# ---------------------------------------------------------------- index.yaml latency
results="$work/results"
: >"$results"
measure() { # row driver-args...
  local row=$1 line rps errors; shift
  line=$(driver $((duration + warmup + 120)) --url "$index_url" --connections "$clients" \
           --warmup "$warmup" --duration "$duration" "$@")
  log "  $row: $line"
  rps=$(field rps "$line")
  errors=$(field errors "$line")
  if [ -z "$rps" ] || [ "${errors:-1}" != 0 ]; then
    echo "$row failed" >>"$results"
  else
    echo "$row $rps $(field p50_ms "$line") $(field p99_ms "$line")" >>"$results"
  fi
}
log "index.yaml latency: $clients clients, ${warmup}s untimed + ${duration}s measured per row"
measure full
measure gzip --header 'Accept-Encoding: gzip'
measure revalidate --header "If-None-Match: $etag" --expect 304

# ---------------------------------------------------------------- restart: index built from storage
log "restarting the server on the same data folder"
stop_server
start_server "$work/server-restart.log"
restart_ready=$ready_seconds
read -r status restart_get_seconds _ <<<"$(get_index restart)"
[ "$status" = 200 ] || die "GET index.yaml after the restart answered $status"
read -r _ restart_second_seconds _ <<<"$(get_index restart2)"
restart_entries=$(count_entries "$work/restart.body")
[ "$restart_entries" = "$total" ] || die "after the restart index.yaml lists $restart_entries chart versions, expected $total"
if [ "$(header_of ETag "$work/restart.headers")" = "$etag" ]; then etag_kept="the same ETag"; else etag_kept="a new ETag"; fi
log "after restart: /health 200 after ${restart_ready}s; first GET index.yaml $(ms "$restart_get_seconds") ms, second $(ms "$restart_second_seconds") ms ($etag_kept)"
data_size=$(du -sh "$work/data" | cut -f1)
stop_server
cpu_snapshot "$work/cpu.end"
check_other_load "$work/cpu.start" "$work/cpu.end"
server_problems=$(cat "$work"/server*.log | grep -cE 'ERROR|SEVERE|Exception' || true)
[ "$server_problems" = 0 ] || log "WARNING: the server logs have $server_problems lines with ERROR, SEVERE or Exception"

# ---------------------------------------------------------------- report
row() { # key title bytes-per-response
  local r
  r=$(awk -v k="$1" '$1 == k' "$results")
  if [ -z "$r" ] || [ "$(cut -d' ' -f2 <<<"$r")" = failed ]; then
    echo "| $2 | failed | failed | failed | failed |"
  else
    awk -v t="$2" -v b="$3" '{ mbs = (b > 0) ? sprintf("%.0f", $2 * b / 1e6) : "-"
      printf "| %s | %.0f | %.2f | %.2f | %s |\n", t, $2, $3, $4, mbs }' <<<"$r"
  fi
}
size() { awk -v b="$1" 'BEGIN { if (b >= 1e6) printf "%.2f MB", b / 1e6; else printf "%.1f kB", b / 1e3 }'; }
fmt_rate() { awk -v r="$1" 'BEGIN { if (r == "NaN" || r == "") print "n/a"; else printf "%.0f", r }'; }

echo "## Packyard Helm chart repository: $total chart versions"
echo
echo "| upload (\`POST /api/$repo/charts\`, raw .tgz, $clients clients) | result |"
echo "| --- | ---: |"
echo "| $total chart versions ($charts charts x $versions), mean $chart_mean B per .tgz: wall time | $(awk -v s="$upload_seconds" 'BEGIN { printf "%.1f", s }') s |"
echo "| uploads/s, all | $(fmt_rate "$upload_rate") |"
echo "| uploads/s after the first 10% (server warmed up) | $(fmt_rate "$upload_rate_after") |"
echo "| upload latency p50 / p99 / max | $(printf '%.1f / %.1f / %.1f' "$upload_p50" "$upload_p99" "$upload_max") ms |"
echo "| server CPU per upload | ${server_cpu_ms} ms |"
echo
echo "| index.yaml with $total versions | result |"
echo "| --- | ---: |"
echo "| body size: plain / gzip | $(size "$plain_bytes") / $(size "$gzip_bytes") |"
echo "| first GET after the uploads / the next GET | $(ms "$first_get_seconds") ms / $(ms "$second_get_seconds") ms |"
echo "| server restart to \`/health\` 200 | ${restart_ready} s |"
echo "| first GET after the restart (index built from storage) / the next GET | $(ms "$restart_get_seconds") ms / $(ms "$restart_second_seconds") ms ($etag_kept) |"
echo
echo "| \`GET /helm/$repo/index.yaml\` ($clients clients) | req/s | p50 ms | p99 ms | body MB/s |"
echo "| --- | ---: | ---: | ---: | ---: |"
row full "full body (no Accept-Encoding), 200" "$plain_bytes"
row gzip "gzip (\`Accept-Encoding: gzip\`), 200" "$gzip_bytes"
row revalidate "revalidation (\`If-None-Match: <ETag>\`), 304" 0
echo
echo "Uploads: every chart version once, versions interleaved across charts (every chart's 1.0.0, then every"
echo "1.0.1, ...), $clients keep-alive clients (Java load driver), into a fresh server; only 201 counts. Index rows:"
echo "${warmup} s untimed + ${duration} s measured, closed loop, keep-alive; times from curl's \`time_total\` elsewhere."
echo
report_machine
echo "- Packyard: registry/target/packyard-registry.jar built $server_built${PACKYARD_JAVA_OPTS:+ (JVM options: $PACKYARD_JAVA_OPTS)}"
echo "- data folder after the uploads: $data_size; charts generated in ${generate_seconds} s ($(size "$chart_bytes"), not counted)"
echo "- server log lines with ERROR, SEVERE or Exception: $server_problems"
echo "- command: \`$command_line\`"
