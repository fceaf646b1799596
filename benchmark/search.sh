#!/usr/bin/env bash
# Search benchmark: fills a fresh Packyard server with 20,000 searchable documents (10,000 packs pushed
# over OCI and 10,000 Helm charts uploaded through the ChartMuseum API, names, descriptions and keywords
# drawn from a word list), measures the indexing rate and how soon the last upload is found, the latency of
# a mixed set of 200 queries under concurrent clients, and start-up with the index present and after
# deleting it (<data>/_index). Loopback only. Markdown report on stdout; progress on stderr.
#
#   benchmark/search.sh [--packs 10000] [--charts 10000] [--clients 8] [--queries 200] [--duration 10] [--warmup 3] [--wait-idle 0]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log_tag=search
# shellcheck source=lib.sh
. "$root/benchmark/lib.sh"
command_line=$(printf '%q ' "$0" "$@")
command_line=${command_line% }

packs=10000       # packs, one version each (one search document each)
charts=10000      # Helm charts, one version each (one search document each)
clients=8         # concurrent clients for the uploads and the query rows
queries=200       # distinct queries of the mixed row
duration=10       # seconds of each measured query window
warmup=3          # seconds of untimed load before each query window
wait_idle=0       # seconds to wait for other load on the machine to go away before starting
repo=bench        # the chart repository
upload_limit=900  # seconds each upload phase may take at most
index_limit=300   # seconds to wait for the index to catch up (after uploads, after a restart)

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'

Options:
  --packs N        packs to push (default 10000, 0-20000)
  --charts N       Helm charts to upload (default 10000, 0-20000; packs + charts >= 10)
  --clients N      concurrent clients for the uploads and the query rows (default 8, 1-64)
  --queries N      distinct queries of the mixed row (default 200, 12-10000)
  --duration S     seconds of each measured query window (default 10, 1-60)
  --warmup S       seconds of untimed load before each query window (default 3, 0-30)
  --wait-idle S    first wait up to S seconds (0-600) for the CPUs to be at most 20% busy
Builds with ./packyard build only when the server jar is missing (a stale jar is measured as it is,
with a warning); builds the load driver when its jar is missing or older than its sources.
Environment: PACKYARD_JAVA_OPTS is passed to the server's JVM.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --packs) packs=${2:?}; shift 2 ;;
    --charts) charts=${2:?}; shift 2 ;;
    --clients) clients=${2:?}; shift 2 ;;
    --queries) queries=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --wait-idle) wait_idle=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "search.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
in_range "$packs" 0 20000 || { echo "search.sh: --packs must be 0..20000" >&2; exit 2; }
in_range "$charts" 0 20000 || { echo "search.sh: --charts must be 0..20000" >&2; exit 2; }
[ $((packs + charts)) -ge 10 ] || { echo "search.sh: --packs + --charts must be at least 10" >&2; exit 2; }
in_range "$clients" 1 64 || { echo "search.sh: --clients must be 1..64" >&2; exit 2; }
in_range "$queries" 12 10000 || { echo "search.sh: --queries must be 12..10000" >&2; exit 2; }
in_range "$duration" 1 60 || { echo "search.sh: --duration must be 1..60 (seconds)" >&2; exit 2; }
in_range "$warmup" 0 30 || { echo "search.sh: --warmup must be 0..30 (seconds)" >&2; exit 2; }
in_range "$wait_idle" 0 600 || { echo "search.sh: --wait-idle must be 0..600 (seconds)" >&2; exit 2; }
total=$((packs + charts))

command -v curl >/dev/null 2>&1 || die "curl is missing (apt-get install curl)"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is missing"

# ---------------------------------------------------------------- JDK and builds
bench_find_jdk
ensure_server_jar
! driver_stale || build_driver

# ---------------------------------------------------------------- temp dir, server, cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/packyard-search.XXXXXX")
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
start_server() { # log-file; sets server_pid, ready_seconds and launched (EPOCHREALTIME of the launch)
  launched=$EPOCHREALTIME
  start_packyard "$work/server" "$work/data" "$port" "$1" --no-builtin-catalog
}
driver() { # seconds-limit args... -> the driver's key=value line ("" when it failed to run)
  local limit=$1; shift
  timeout "$limit" "$java" "${driver_java[@]}" "$@" || true
}
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; } # name line -> value of name=value
secs() { awk -v s="$1" 'BEGIN { printf "%.2f", s }'; }
# GET /v1/search?QUERY -> the body on stdout ("" on a failure)
search() { curl -sS -f --max-time 30 "$base/v1/search?$1" 2>/dev/null || true; }
total_of() { sed -n 's/^{.*"total" *: *\([0-9][0-9]*\).*/\1/p' <<<"$1" | head -n 1; }
# Polls until `GET /v1/search?QUERY` answers a total >= N; prints the seconds since SINCE (an
# EPOCHREALTIME), or "timeout" after index_limit seconds.
wait_total() { # query n since
  local deadline=$((SECONDS + index_limit)) body
  while [ "$SECONDS" -lt "$deadline" ]; do
    body=$(search "$1")
    if [ "$(total_of "$body")" -ge "$2" ] 2>/dev/null; then seconds_since "$3"; return 0; fi
    sleep 0.02
  done
  echo timeout
}
# Polls until the hits of `GET /v1/search?q=NAME` include NAME; prints the seconds since SINCE.
wait_found() { # name since
  local deadline=$((SECONDS + index_limit))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if search "q=$1&limit=5" | grep -q "\"name\" *: *\"$1\""; then seconds_since "$2"; return 0; fi
    sleep 0.02
  done
  echo timeout
}

wait_for_idle "$wait_idle"

# ---------------------------------------------------------------- generate the charts
if [ "$charts" -gt 0 ]; then
  log "generating $charts Helm charts in $work/charts"
  gen=$(driver 600 charts --search-corpus --out "$work/charts" --list "$work/charts.list" --charts "$charts" --versions 1)
  [ "$(field files "$gen")" = "$charts" ] || die "generating the charts failed: ${gen:-no output}"
fi

# ---------------------------------------------------------------- a fresh server, and the route
port=$(free_port)
base="http://127.0.0.1:$port"
cpu_snapshot "$work/cpu.start"
log "starting a fresh server on $base"
start_server "$work/server.log"
fresh_ready=$ready_seconds
status=$(http_status "$base/v1/search?q=x")
[ "$status" = 200 ] || die "GET /v1/search?q=x answered $status: this server has no search (yet)"

# ---------------------------------------------------------------- uploads: the indexing rate
server_cpu_before=$(process_cpu_seconds "$server_pid")
ingest_started=$EPOCHREALTIME
if [ "$packs" -gt 0 ]; then
  log "pushing $packs packs over OCI (config, archive, manifest each), $clients clients"
  pk=$(driver "$upload_limit" push-packs --url "$base" --packs "$packs" --connections "$clients" \
         --max-seconds $((upload_limit - 60)))
  log "  $pk"
  [ "$(field uploads "$pk")" = "$packs" ] && [ "$(field errors "$pk")" = 0 ] \
    || { tail -n 20 "$work/server.log" >&2; die "pushing the packs failed (server log above): ${pk:-the driver did not run}"; }
fi
if [ "$charts" -gt 0 ]; then
  log "uploading $charts charts: POST /api/$repo/charts, $clients clients"
  ch=$(driver "$upload_limit" upload --url "$base/api/$repo/charts" --files "$work/charts.list" \
         --connections "$clients" --content-type application/gzip --expect 201 --max-seconds $((upload_limit - 60)))
  log "  $ch"
  [ "$(field uploads "$ch")" = "$charts" ] && [ "$(field errors "$ch")" = 0 ] \
    || { tail -n 20 "$work/server.log" >&2; die "uploading the charts failed (server log above): ${ch:-the driver did not run}"; }
fi
ingest_finished=$EPOCHREALTIME
server_cpu_after=$(process_cpu_seconds "$server_pid")
ingest_seconds=$(seconds_since "$ingest_started")
# The query list, and every document's name (packs first, then charts, in upload order).
driver 60 search-urls --base "$base" --out "$work/urls" --charts "$charts" --packs "$packs" --count "$queries" \
  --names "$work/names" >/dev/null
[ -s "$work/urls" ] && [ -s "$work/names" ] || die "writing the query list failed"
last_name=$(tail -n 1 "$work/names") # the last document uploaded
found_after=$(wait_found "$last_name" "$ingest_finished")
all_after=$(wait_total "q=" "$total" "$ingest_finished")
log "ingest: $total documents in ${ingest_seconds}s; '$last_name' found ${found_after}s after the last upload, all $total ${all_after}s after"
server_cpu_ms=$(awk -v a="$server_cpu_before" -v b="$server_cpu_after" -v n="$total" 'BEGIN { printf "%.2f", 1000 * (b - a) / n }')

# ---------------------------------------------------------------- correctness checks
checks="$work/checks"
: >"$checks"
check() { # description ok|wrong detail
  echo "| $1 | $2${3:+ ($3)} |" >>"$checks"
  [ "$2" = ok ] || log "WRONG: $1: $3"
}
body=$(search "q=&limit=1")
t=$(total_of "$body")
if [ "$t" = "$total" ]; then check "\`q=\` (empty) total = all $total documents" ok; else check "\`q=\` (empty) total = all $total documents" wrong "got ${t:-no answer}"; fi
for kind in pack chart; do
  want=$packs; [ "$kind" = chart ] && want=$charts
  got=$(sed -n "s/.*\"facets\" *:.*\"type\" *: *{[^}]*\"$kind\" *: *\([0-9]*\).*/\1/p" <<<"$body")
  [ "$want" -gt 0 ] || [ -n "$got" ] || got=0
  if [ "$got" = "$want" ]; then check "facet type.$kind = $want" ok; else check "facet type.$kind = $want" wrong "got ${got:-none}"; fi
done
if [ "$packs" -gt 0 ]; then
  cni=$(( (packs + 6) / 10 )) # pack i has layer cni when i % 10 == 3
  t=$(total_of "$(search "q=&layer=cni&limit=1")")
  if [ "$t" = "$cni" ]; then check "\`layer=cni\` total = $cni" ok; else check "\`layer=cni\` total = $cni" wrong "got ${t:-no answer}"; fi
fi
# Exact names: the document itself must be the first hit.
bad=0; n=0
while read -r name; do
  n=$((n + 1))
  first=$(search "q=$name&limit=1" | grep -o '"name" *: *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
  [ "$first" = "$name" ] || { bad=$((bad + 1)); [ "$bad" -gt 1 ] || log "  q=$name: first hit '$first'"; }
done < <(shuf -n 20 --random-source=<(yes) "$work/names" 2>/dev/null || head -n 20 "$work/names")
if [ "$bad" = 0 ]; then check "exact name is the first hit ($n names)" ok; else check "exact name is the first hit ($n names)" wrong "$bad wrong"; fi
# A typo of a name (one letter dropped from its first word) still finds it among the first 5 hits.
bad=0; n=0
while read -r name; do
  n=$((n + 1))
  word=${name%%-*}; [ "${#word}" -ge 5 ] || continue
  typo="${word:0:2}${word:3}-${name#*-}"
  search "q=$typo&limit=5" | grep -q "\"name\" *: *\"$name\"" || { bad=$((bad + 1)); [ "$bad" -gt 1 ] || log "  q=$typo: '$name' not in the first 5"; }
done < <(head -n 20 "$work/names")
if [ "$bad" = 0 ]; then check "typo in the name (a letter dropped) finds it in the first 5" ok; else check "typo in the name (a letter dropped) finds it in the first 5" wrong "$bad of $n missed"; fi
status=$(http_status "$base/v1/search?q=x&limit=-1")
if [ "$status" = 400 ]; then check "\`limit=-1\` answers 400" ok; else check "\`limit=-1\` answers 400" wrong "got $status"; fi

# ---------------------------------------------------------------- query latency
results="$work/results"
: >"$results"
measure() { # row driver-args...
  local row=$1 line rps; shift
  line=$(driver $((duration + warmup + 120)) --connections "$clients" --warmup "$warmup" --duration "$duration" "$@")
  log "  $row: $line"
  rps=$(field rps "$line")
  if [ -z "$rps" ] || [ "$(field requests "$line")" = 0 ]; then
    echo "$row failed" >>"$results"
  else # errors (a time-out is 10 s in the driver) are counted apart from the answered requests
    echo "$row $rps $(field p50_ms "$line") $(field p99_ms "$line") $(field errors "$line")" >>"$results"
  fi
}
log "query latency: $clients clients, ${warmup}s untimed + ${duration}s measured per row"
# Every query once, one at a time (curl): each must answer 200; the slowest go in the report.
log "  each of the $queries queries once, one client"
while read -r url; do
  curl -s -o /dev/null --max-time 60 -w "%{http_code} %{time_total} " "$url" || true
  echo "${url#*/v1/search?}"
done <"$work/urls" >"$work/sequential"
sequential_bad=$(awk '$1 != 200' "$work/sequential" | wc -l)
[ "$sequential_bad" = 0 ] || log "WARNING: $sequential_bad of the $queries queries did not answer 200 (first: $(awk '$1 != 200' "$work/sequential" | head -n 1))"
read -r seq_p50 seq_p99 seq_max <<<"$(cut -d' ' -f2 "$work/sequential" | sort -g | awk '{ v[NR] = $1 }
  END { i50 = int(0.5 * NR + 0.999); i99 = int(0.99 * NR + 0.999); printf "%.1f %.1f %.1f\n", 1000 * v[i50], 1000 * v[i99], 1000 * v[NR] }')"
log "  one client: p50 ${seq_p50} ms, p99 ${seq_p99} ms, max ${seq_max} ms"
measure mixed --urls "$work/urls"
measure name --url "$base/v1/search?q=$last_name&limit=20"
measure words --url "$base/v1/search?q=prometheus%20grafana%20exporter&limit=20"
measure empty --url "$base/v1/search?q=&limit=20"

# ---------------------------------------------------------------- start-up with and without the index
stop_server
# The first start after the ingest reads 20,000 repositories' metadata from a cold cache and takes twice as long
# as any later one (the ingest also leaves dirty pages to write back): one untimed start first, so the two
# start-up rows differ only in the index.
sync
log "starting the server once, untimed, to warm the file system caches"
start_server "$work/server-warm.log"
for _ in $(seq 1 600); do grep -q 'search index: opened' "$work/server-warm.log" && break; sleep 0.1; done
stop_server
log "restarting the server with its index"
sync
start_server "$work/server-restart.log"
restart_ready=$ready_seconds
restart_full=$(wait_total "q=" "$total" "$launched")
log "with the index: /health 200 after ${restart_ready}s, full total after ${restart_full}s"
stop_server
index_size=$(du -sh "$work/data/_index" 2>/dev/null | cut -f1 || true)
[ -d "$work/data/_index" ] || log "WARNING: $work/data/_index does not exist; the rebuild row deletes nothing"
rm -rf "$work/data/_index"
log "restarting the server without its index (deleted $work/data/_index)"
sync
start_server "$work/server-rebuild.log"
rebuild_ready=$ready_seconds
rebuild_full=$(wait_total "q=" "$total" "$launched")
rebuild_found=$(wait_found "$last_name" "$launched")
log "rebuilding: /health 200 after ${rebuild_ready}s, full total after ${rebuild_full}s"
data_size=$(du -sh "$work/data" | cut -f1)
stop_server
cpu_snapshot "$work/cpu.end"
check_other_load "$work/cpu.start" "$work/cpu.end"
server_problems=$(cat "$work"/server*.log | grep -cE 'ERROR|SEVERE|Exception' || true)
[ "$server_problems" = 0 ] || log "WARNING: the server logs have $server_problems lines with ERROR, SEVERE or Exception"

# ---------------------------------------------------------------- report
row() { # key title
  local r
  r=$(awk -v k="$1" '$1 == k' "$results")
  if [ -z "$r" ] || [ "$(cut -d' ' -f2 <<<"$r")" = failed ]; then
    echo "| $2 | failed | failed | failed | - |"
  else
    awk -v t="$2" '{ printf "| %s | %.1f | %.2f | %.2f | %d |\n", t, $2, $3, $4, $5 }' <<<"$r"
  fi
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }'; }
fmt_rate() { awk -v r="$1" 'BEGIN { if (r == "NaN" || r == "") print "n/a"; else printf "%.0f", r }'; }

echo "## Packyard search: $total documents ($packs packs, $charts Helm charts)"
echo
echo "| indexing | result |"
echo "| --- | ---: |"
[ "$packs" -gt 0 ] && echo "| $packs packs pushed over OCI (3 requests each), $clients clients: packs/s (after the first 10%) | $(fmt_rate "$(field rate "$pk")") ($(fmt_rate "$(field rate_after_10pct "$pk")")) |"
[ "$charts" -gt 0 ] && echo "| $charts charts uploaded (\`POST /api/$repo/charts\`), $clients clients: charts/s (after the first 10%) | $(fmt_rate "$(field rate "$ch")") ($(fmt_rate "$(field rate_after_10pct "$ch")")) |"
echo "| all $total documents: wall time / documents/s | $(secs "$ingest_seconds") s / $(rate "$total" "$ingest_seconds") |"
echo "| server CPU per document (push or upload, validation, storage, indexing) | ${server_cpu_ms} ms |"
echo "| last upload to \`/v1/search?q=<its name>\` finding it | $found_after s |"
echo "| last upload to \`/v1/search?q=\` counting all $total | $all_after s |"
echo
echo "| query ($clients clients) | req/s | p50 ms | p99 ms | errors (time-outs) |"
echo "| --- | ---: | ---: | ---: | ---: |"
row mixed "mixed: $queries distinct queries in turn (names, prefixes, typos, 2-3 words, filtered, empty q)"
row name "one exact name (\`q=$last_name\`)"
row words "three words (\`q=prometheus grafana exporter\`)"
row empty "empty q (\`q=\`: all $total, facets)"
echo
echo "Each of the $queries queries once, one client (curl): p50 ${seq_p50} ms, p99 ${seq_p99} ms, max ${seq_max} ms;"
echo "$sequential_bad did not answer 200. The slowest:"
echo
echo "| query | status | ms |"
echo "| --- | ---: | ---: |"
sort -k2,2gr "$work/sequential" | head -n 5 | awk '{ printf "| `%s` | %s | %.0f |\n", $3, $1, 1000 * $2 }'
echo
echo "| start-up | \`/health\` 200 | search counts all $total | first search finds \`$last_name\` |"
echo "| --- | ---: | ---: | ---: |"
echo "| fresh, empty data folder | $fresh_ready s | - | - |"
echo "| restart with the index (${index_size:-no _index folder}) | $restart_ready s | $restart_full s | - |"
echo "| restart after deleting \`<data>/_index\` (rebuilt from storage) | $rebuild_ready s | $rebuild_full s | $rebuild_found s |"
echo
echo "| check | result |"
echo "| --- | --- |"
cat "$checks"
echo
echo "Packs and charts have names, descriptions and keywords drawn from a list of 149 words (names like"
echo "\`grafana-vault-p00042\`, \`mesh-mysql-c00000\`); one version each, so one search document each. Query rows:"
echo "${warmup} s untimed + ${duration} s measured, closed loop, keep-alive (Java load driver); only 200 counts, and a"
echo "request the server does not answer in 10 s is an error."
echo "Times after the last upload and at start-up are polled every 20 ms with curl."
echo
report_machine
echo "- Packyard: registry/target/packyard-registry.jar built $server_built${PACKYARD_JAVA_OPTS:+ (JVM options: $PACKYARD_JAVA_OPTS)}"
echo "- data folder at the end: $data_size"
echo "- server log lines with ERROR, SEVERE or Exception: $server_problems"
echo "- command: \`$command_line\`"
