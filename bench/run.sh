#!/usr/bin/env bash
# Build-speed benchmark: synthetic sites of 1,000 and 10,000 pages (bench/gen_site.py), built
# by sitegen in release mode; prints wall time and peak memory (/usr/bin/time -v). If Hugo is
# installed (apt-get install hugo), the same pages are built by Hugo in the same run and the
# ratio is printed. Usage: bash bench/run.sh [sizes...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000}")
[ $# -gt 0 ] || sizes=(1000 10000)
work=${BENCH_DIR:-/tmp/sitegen-bench}
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/sitegen

# Runs a command three times; prints the best wall time (s) and its peak RSS (MiB).
measure() {
  local best="" rss=""
  for _ in 1 2 3; do
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.log" || { cat "$work/time.log"; exit 1; }
    local wall kb secs
    wall=$(grep "Elapsed (wall clock)" "$work/time.log" | awk '{print $NF}')
    secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    kb=$(grep "Maximum resident set size" "$work/time.log" | awk '{print $NF}')
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$((kb / 1024)); fi
  done
  echo "$best $rss"
}

printf '%-8s %-8s %10s %10s\n' pages tool "wall (s)" "peak MiB"
for n in "${sizes[@]}"; do
  python3 bench/gen_site.py "$n" "$work/sitegen-$n" >/dev/null
  rm -rf "$work/sitegen-$n/public"
  measure "$bin" --root "$work/sitegen-$n" build >"$work/m.txt"
  read -r s_time s_rss <"$work/m.txt"
  printf '%-8s %-8s %10s %10s\n' "$n" sitegen "$s_time" "$s_rss"
  if command -v hugo >/dev/null; then
    python3 bench/gen_site.py "$n" "$work/hugo-$n" --hugo >/dev/null
    measure hugo --quiet --source "$work/hugo-$n" >"$work/m.txt"
    read -r h_time h_rss <"$work/m.txt"
    printf '%-8s %-8s %10s %10s\n' "$n" hugo "$h_time" "$h_rss"
    awk -v s="$s_time" -v h="$h_time" -v n="$n" 'BEGIN{ printf "%-8s ratio    sitegen takes %.0f%% of Hugo'"'"'s time (%.1fx faster)\n", n, 100*s/h, h/s }'
  fi
done
