#!/usr/bin/env bash
# make bench: builds the benchmark corpus with docproof and with Debian's hugo
# in the same run and prints a table of times, memory and ratios.
#   PAGES=1000 scripts/bench.sh        (PAGES=10000 for the large variant)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${PAGES:-1000}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/docproof-bench.XXXX)}
if ! command -v hugo >/dev/null 2>&1; then
  echo "bench: installing hugo (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq hugo >/dev/null
fi
if ! command -v /usr/bin/time >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
go build -o bin/docproof ./cmd/docproof
go run ./internal/benchcorpus -pages "$PAGES" -out "$WORK/corpus" >/dev/null
DP=$PWD/bin/docproof
C=$WORK/corpus

# measure CMD...: prints "wall_s user_s sys_s maxrss_kb" of the best (lowest wall) of $RUNS runs.
measure() {
  local best=""
  for _ in $(seq "$RUNS"); do
    [ -n "${PREP:-}" ] && eval "$PREP"
    local line
    line=$( { /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
    if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[1]<y[1])}'; then best=$line; fi
  done
  echo "$best"
}

cd "$C"
PREP="rm -rf $WORK/hugo-out" hugo_cold=$(measure hugo --quiet -s "$C/hugo" -d "$WORK/hugo-out")
PREP="rm -rf $WORK/dp-cache $C/public" dp_cold=$(measure "$DP" build --content content --out public --cache-dir "$WORK/dp-cache")
PREP="" dp_nochange=$(measure "$DP" build --content content --out public --cache-dir "$WORK/dp-cache")
PREP="echo 'Edited paragraph.' >> content/section-00/page-0000.md" dp_edit=$(measure "$DP" build --content content --out public --cache-dir "$WORK/dp-cache")
PREP="rm -rf $C/public" dp_nocache=$(measure "$DP" build --content content --out public --no-cache)

samples=$((PAGES * 5))
awk -v h="$hugo_cold" -v c="$dp_cold" -v n="$dp_nochange" -v e="$dp_edit" -v x="$dp_nocache" -v s="$samples" -v p="$PAGES" 'BEGIN{
  split(h,H," "); split(c,C," "); split(n,N," "); split(e,E," "); split(x,X," ");
  printf "| %-34s | %9s | %9s | %10s | %-22s |\n", "measurement ("p" pages, "s" samples)", "wall s", "cpu s", "peak RSS", "vs Hugo cold"
  printf "|%s|%s|%s|%s|%s|\n", "------------------------------------","-----------","-----------","------------","------------------------"
  printf "| %-34s | %9.2f | %9.2f | %7.0f MiB | %-22s |\n", "hugo (no verification)", H[1], H[2]+H[3], H[4]/1024, "1.00"
  printf "| %-34s | %9.2f | %9.2f | %7.0f MiB | time %.2f, mem %.2f   |\n", "docproof cold (empty cache)", C[1], C[2]+C[3], C[4]/1024, C[1]/H[1], C[4]/H[4]
  printf "| %-34s | %9.2f | %9.2f | %7.0f MiB | time %.2f, mem %.2f   |\n", "docproof cold (--no-cache)", X[1], X[2]+X[3], X[4]/1024, X[1]/H[1], X[4]/H[4]
  printf "| %-34s | %9.2f | %9.2f | %7.0f MiB | time %.2f              |\n", "docproof no-change rebuild", N[1], N[2]+N[3], N[4]/1024, N[1]/H[1]
  printf "| %-34s | %9.2f | %9.2f | %7.0f MiB | time %.2f              |\n", "docproof one-page edit rebuild", E[1], E[2]+E[3], E[4]/1024, E[1]/H[1]
  printf "\nverified samples per second (cold, --no-cache): %.0f\n", s / X[1]
}'
echo "corpus and outputs in $WORK"
