#!/usr/bin/env bash
# make bench: builds the benchmark corpus with docproof and with Debian's hugo
# in the same run and prints a table of times, memory and ratios.
#   scripts/bench.sh                 1,000 pages (5,000 samples), best of RUNS=3
#   PAGES=10000 scripts/bench.sh     the large variant
#   BENCH_DIR=/tmp/b scripts/bench.sh   keep the corpus and outputs there
# Hugo, docproof --no-cache and docproof with an empty cache run in alternating
# rounds; each figure is the run with the lowest wall time; CPU is user+system.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${PAGES:-1000}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/docproof-bench.XXXX)}
install_pkg() { # Debian package $1, when its command $2 is missing
  if ! command -v "$2" >/dev/null 2>&1; then
    echo "bench: installing $1 (Debian package)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "$1" >/dev/null
  fi
}
install_pkg hugo hugo
[ -x /usr/bin/time ] || { install_pkg time /usr/bin/time; }
go build -o bin/docproof ./cmd/docproof
mkdir -p "$WORK"
# set_aside PATH...: moves earlier outputs out of the way instead of deleting them
# before a timed run: deleting a tree bills up to 20,000 freed inodes of kernel
# work to the next build (see the pause below). They are deleted once every
# figure is taken.
TRASH=$WORK/trash
set_aside() {
  mkdir -p "$TRASH"
  for p in "$@"; do if [ -e "$p" ]; then mv "$p" "$(mktemp -d "$TRASH/old.XXXXXX")/"; fi; done
}
set_aside "$WORK/corpus" # benchcorpus would delete it: see the pause below
go run ./internal/benchcorpus -pages "$PAGES" -out "$WORK/corpus" >/dev/null
DP=$PWD/bin/docproof
C=$WORK/corpus
samples=$((PAGES * 5))

# timed NAME CMD...: runs CMD once under GNU time and appends
# "wall_s user_s sys_s maxrss_kb" to $WORK/NAME.runs.
timed() {
  local name=$1
  shift
  sync # the previous run's writeback (up to 500 MB at 10,000 pages) is flushed before the clock starts, not billed to this run
  /usr/bin/time -o "$WORK/time.txt" -f "%e %U %S %M" "$@" >/dev/null 2>&1
  tail -1 "$WORK/time.txt" >>"$WORK/$name.runs"
}
# best NAME: the run of NAME with the lowest wall time.
best() { sort -n -k1,1 "$WORK/$1.runs" | head -1; }

cd "$C"
# The corpus must build green with every sample verified, or the figures mean nothing.
summary=$("$DP" build --content content --out public --no-cache)
{ echo "$summary" | grep -q "built $((PAGES + 1)) pages into public, $samples samples verified (" &&
  echo "$summary" | grep -q ", 0 skipped, 0 warnings in "; } ||
  { echo "bench: the corpus did not build green: $summary" >&2; exit 1; }

# On an ext4 without a journal (this project's CI VMs) the kernel skips every
# inode freed in the last 30-35 s when it allocates one (recently_deleted()),
# so creating a tree right after another was deleted costs several times more.
# The pause lets an earlier run's deletions age out; the cold rounds below then
# alternate Hugo and docproof, so whatever the kernel does lands on both.
sleep "${BENCH_SETTLE:-35}"
rm -f "$WORK"/*.runs
build=("$DP" build --content content --out public)
for _ in $(seq "$RUNS"); do
  set_aside "$WORK/hugo-out"
  timed hugo hugo --quiet -s "$C/hugo" -d "$WORK/hugo-out"
  set_aside "$C/public" "$C"/.public-tmp-* # cold: no earlier site to replace
  timed nocache "${build[@]}" --no-cache
  set_aside "$WORK/dp-cache" "$C/public" "$C"/.public-tmp-*
  timed cold "${build[@]}" --cache-dir "$WORK/dp-cache"
done
for _ in $(seq "$RUNS"); do timed nochange "${build[@]}" --cache-dir "$WORK/dp-cache"; done
for _ in $(seq "$RUNS"); do
  echo 'Edited paragraph.' >>content/section-00/page-0000.md
  timed edit "${build[@]}" --cache-dir "$WORK/dp-cache"
done
hugo_cold=$(best hugo) dp_nocache=$(best nocache) dp_cold=$(best cold) dp_nochange=$(best nochange) dp_edit=$(best edit)

rm -rf "$TRASH"
echo "docproof bench: $PAGES pages, $samples samples, $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(go env GOVERSION), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk -v h="$hugo_cold" -v c="$dp_cold" -v n="$dp_nochange" -v e="$dp_edit" -v x="$dp_nocache" -v s="$samples" 'BEGIN{
  split(h,H," "); split(c,C," "); split(n,N," "); split(e,E," "); split(x,X," ")
  hw = H[1]; hc = H[2]+H[3]; hm = H[4]
  printf "| %-40s | %7s | %7s | %9s | %-12s | %-12s | %-10s |\n", "build", "wall s", "CPU s", "peak RSS", "wall/Hugo", "CPU/Hugo", "RSS/Hugo"
  printf "|%s|%s|%s|%s|%s|%s|%s|\n", "------------------------------------------", "---------", "---------", "-----------", "--------------", "--------------", "------------"
  row("hugo 0.111.3 (renders, verifies nothing)", H)
  row("docproof cold, --no-cache", X)
  row("docproof cold, empty cache", C)
  row("docproof no-change rebuild", N)
  row("docproof one-page edit rebuild", E)
  printf "\nverified samples per second (cold, --no-cache, wall): %.0f\n", s / X[1]
}
function row(name, A) {
  printf "| %-40s | %7.2f | %7.2f | %5.0f MiB | %12.2f | %12.2f | %10.2f |\n", name, A[1], A[2]+A[3], A[4]/1024, A[1]/hw, (A[2]+A[3])/hc, A[4]/hm
}'
echo
echo "corpus and outputs in $WORK"
