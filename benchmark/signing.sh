#!/usr/bin/env bash
# Signing and FIPS-mode benchmark: sign and verify operations per second for each key type (EC P-256, the
# default, EC P-384, RSA-3072-PSS), one thread, as the registry makes and checks cosign signatures on Bouncy
# Castle FIPS, outside and inside approved-only mode, beside the JDK's own providers on the same payload; then
# the server's start-up (/health 200) with and without --fips. Markdown report on stdout; progress on stderr.
#
#   benchmark/signing.sh [--seconds 5] [--warmup 2] [--starts 3] [--wait-idle 0]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log_tag=signing
# shellcheck source=lib.sh
. "$root/benchmark/lib.sh"
command_line=$(printf '%q ' "$0" "$@")
command_line=${command_line% }

seconds=5      # measured seconds per row
warmup=2       # untimed seconds before each row
starts=3       # server starts per mode
wait_idle=0
bench_jar="$root/benchmark/signing/target/packyard-signing-benchmark.jar"

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --starts) starts=${2:?}; shift 2 ;;
    --wait-idle) wait_idle=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "signing.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
in_range "$seconds" 1 60 || { echo "signing.sh: --seconds must be 1..60" >&2; exit 2; }
in_range "$warmup" 0 60 || { echo "signing.sh: --warmup must be 0..60" >&2; exit 2; }
in_range "$starts" 1 20 || { echo "signing.sh: --starts must be 1..20" >&2; exit 2; }
in_range "$wait_idle" 0 600 || { echo "signing.sh: --wait-idle must be 0..600" >&2; exit 2; }

bench_find_jdk
ensure_server_jar
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/signing/src/main" "$root/benchmark/signing/src" "$root/benchmark/signing/pom.xml" \
      -newer "$bench_jar" -type f -print -quit 2>/dev/null || true)" ]; then
  log "building: ./mvnw -q -B -Dmaven.test.skip=true -pl benchmark/signing -am package"
  (cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true -pl benchmark/signing -am package >&2) \
    || die "building the signing benchmark failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/packyard-signing.XXXXXX")
server_pid=""
cleanup() { [ -z "$server_pid" ] || stop_pids "$server_pid"; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_idle "$wait_idle"
cpu_snapshot "$work/cpu.start"

# ---------------------------------------------------------------- operations per second
jvm=(--enable-native-access=ALL-UNNAMED -jar "$bench_jar" --seconds "$seconds" --warmup "$warmup")
log "sign/verify outside approved-only mode (${seconds}s per row after ${warmup}s warm-up)"
"$java" "${jvm[@]}" >"$work/plain" || die "the benchmark failed outside approved-only mode"
log "sign/verify in approved-only mode"
"$java" -Dorg.bouncycastle.fips.approved_only=true "${jvm[@]}" >"$work/approved" \
  || die "the benchmark failed in approved-only mode"
grep -q 'approvedOnly=true' "$work/approved" || die "approved-only mode did not take: $(head -n 1 "$work/approved")"
ops() { # file algorithm provider operation
  sed -n "s/^row algorithm=$2 provider=$3 operation=$4 ops=\\([0-9.]*\\)$/\\1/p" "$1"
}

# ---------------------------------------------------------------- server start-up
copy_server_jar "$work/server"
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for mode in plain fips; do
  : >"$work/starts.$mode"
  for _ in $(seq 1 "$starts"); do
    port=$(free_port)
    rm -rf "$work/data"
    if [ "$mode" = fips ]; then
      start_packyard "$work/server" "$work/data" "$port" "$work/server.$mode.log" --no-builtin-catalog --fips
    else
      start_packyard "$work/server" "$work/data" "$port" "$work/server.$mode.log" --no-builtin-catalog
    fi
    echo "$ready_seconds" >>"$work/starts.$mode"
    if [ "$mode" = fips ]; then
      sed -n 's/.*started in \([0-9]*\) ms.*/\1/p' "$work/server.$mode.log" | tail -n 1 >>"$work/module.ms"
      curl -sf "http://127.0.0.1:$port/v1/fips" >"$work/fips.json" || die "GET /v1/fips failed in FIPS mode"
    fi
    stop_pids "$server_pid"; server_pid=""
  done
  log "  $mode: /health after $(tr '\n' ' ' <"$work/starts.$mode")s"
done
grep -q '"approvedOnly":true' "$work/fips.json" || die "the --fips server does not report approved-only mode: $(cat "$work/fips.json")"
cpu_snapshot "$work/cpu.end"
check_other_load "$work/cpu.start" "$work/cpu.end"

# ---------------------------------------------------------------- report
echo "## Packyard signing and FIPS mode"
echo
echo "| operation, one thread | BC-FIPS ops/s | BC-FIPS approved-only ops/s | JDK ops/s | approved-only / JDK |"
echo "| --- | ---: | ---: | ---: | ---: |"
for algorithm in EC_P256 EC_P384 RSA_3072_PSS; do
  for operation in sign verify; do
    a=$(ops "$work/plain" "$algorithm" bcfips "$operation")
    b=$(ops "$work/approved" "$algorithm" bcfips "$operation")
    j=$(ops "$work/plain" "$algorithm" jdk "$operation")
    awk -v al="$algorithm" -v op="$operation" -v a="$a" -v b="$b" -v j="$j" \
      'BEGIN { printf "| %s %s | %.0f | %.0f | %.0f | %.2f |\n", al, op, a, b, j, (j > 0) ? b / j : 0 }'
  done
done
echo
echo "| server start-up, empty data folder (median of $starts) | \`/health\` 200 |"
echo "| --- | ---: |"
echo "| plain | $(median <"$work/starts.plain") s |"
echo "| \`--fips\` (module start and self-test inside: $(median <"$work/module.ms") ms) | $(median <"$work/starts.fips") s |"
echo
echo "BC-FIPS rows go through the registry's own code (CosignSigner: sign and base64; CosignVerifier: base64, strict"
echo "DER, the signature, then the payload's claims); JDK rows are bare java.security.Signature calls (SunEC,"
echo "SunRsaSign) on the same $(sed -n 's/.*payload_bytes=\([0-9]*\).*/\1/p' "$work/plain")-byte payload. \`/v1/fips\` in FIPS mode: \`$(cat "$work/fips.json")\`"
echo
report_machine
echo "- command: \`$command_line\`"
