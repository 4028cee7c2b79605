#!/usr/bin/env bash
# Build-speed benchmark, one command: the same synthetic pages (bench/gen_site.py: about 600 words
# each, headings, lists, a table, cross-links and three questions) built side by side, in one run,
# by
#   floor         bench/floor: walk, read, render with pulldown-cmark, write; nothing else
#   sitegen       the release binary, clinic theme, share cards off (a warm build)
#   sitegen+cards the same pages with share cards on, cached by an earlier build
#   hugo          when installed (apt-get install hugo)
#   zola          when installed, or ZOLA=/path/to/zola (cargo build --release in Zola's source)
# Each size is generated once, every tool builds it once unmeasured (sitegen's first build is cold:
# an empty public/, reported on its own row), then RUNS rounds (default 5; 3 above 10,000 pages),
# each round running every tool once in turn, so all share the machine's conditions. Printed:
# the median wall time, CPU time (user + system) and peak resident memory of each, and sitegen's
# ratios to the floor against the targets (CPU 1.5x, wall 1.15x). With several sizes, the time of
# the largest against the smallest.
#   Usage: bash bench/run.sh [sizes...]   (default: 10000)
#   Env:   RUNS=n, BENCH_DIR=/tmp/sitegen-bench, PEERS=no (skip Hugo and Zola), CARDS=no
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -gt 0 ] || sizes=(10000)
work=${BENCH_DIR:-/tmp/sitegen-bench}
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/floor/Cargo.toml
sitegen=$PWD/target/release/sitegen
floor=$PWD/bench/floor/target/release/floor
zola=${ZOLA:-$(command -v zola || true)}
hugo=$(command -v hugo || true)
if [ "${PEERS:-yes}" = no ]; then zola=""; hugo=""; fi

# Runs a command once; appends "wall cpu user sys peak_mib" to the file named first.
run_once() {
  local into=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.log" 2>&1 || {
    echo "failed: $*" >&2; tail -20 "$work/out.log" >&2; exit 1; }
  awk '{ printf "%.2f %.2f %.2f %.2f %d\n", $1, $2 + $3, $2, $3, $4 / 1024 }' "$work/time.txt" >>"$into"
}

# The median of column $2 (1-based) of file $1.
median() { awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A wall_of
verdicts=""
row() { # tool, file of runs
  local w c u s m
  w=$(median "$2" 1); c=$(median "$2" 2); u=$(median "$2" 3); s=$(median "$2" 4); m=$(median "$2" 5)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$1" "$w" "$c" "$u" "$s" "$m"
  wall_of[$n:$1]=$w
}

echo "| pages | tool | wall (s) | CPU (s) | user (s) | system (s) | peak MiB |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  runs=${RUNS:-$([ "$n" -gt 10000 ] && echo 3 || echo 5)}
  site=$work/sitegen-$n; cards_site=$work/cards-$n; hugo_site=$work/hugo-$n; zola_site=$work/zola-$n
  [ -d "$site/content" ] || python3 bench/gen_site.py "$n" "$site" >/dev/null
  tools=(floor sitegen)
  if [ "${CARDS:-yes}" != no ]; then
    [ -d "$cards_site/content" ] || python3 bench/gen_site.py "$n" "$cards_site" --cards >/dev/null
    tools+=(sitegen+cards)
  fi
  if [ -n "$hugo" ]; then
    [ -d "$hugo_site/content" ] || python3 bench/gen_site.py "$n" "$hugo_site" --hugo >/dev/null
    tools+=(hugo)
  fi
  if [ -n "$zola" ]; then
    [ -d "$zola_site/content" ] || python3 bench/gen_site.py "$n" "$zola_site" --zola >/dev/null
    tools+=(zola)
  fi
  command_of() {
    case $1 in
      floor) echo "$floor $site" ;;
      sitegen) echo "$sitegen --root $site build" ;;
      sitegen+cards) echo "$sitegen --root $cards_site build" ;;
      hugo) echo "$hugo --quiet --source $hugo_site" ;;
      zola) echo "$zola --root $zola_site build" ;;
    esac
  }
  rm -rf "$site/public" "$site/public-floor" "$work"/runs-"$n"-*
  run_once "$work/runs-$n-cold" $sitegen --root "$site" build
  for tool in "${tools[@]}"; do
    [ "$tool" = sitegen ] || run_once "$work/runs-$n-warmup" $(command_of "$tool")
  done
  for _ in $(seq "$runs"); do
    for tool in "${tools[@]}"; do run_once "$work/runs-$n-$tool" $(command_of "$tool"); done
  done
  for tool in "${tools[@]}"; do
    row "$tool" "$work/runs-$n-$tool"
    [ "$tool" != sitegen ] || row "sitegen, cold (1 run)" "$work/runs-$n-cold"
  done
  fw=$(median "$work/runs-$n-floor" 1); fc=$(median "$work/runs-$n-floor" 2)
  sw=$(median "$work/runs-$n-sitegen" 1); sc=$(median "$work/runs-$n-sitegen" 2)
  verdicts+=$(awk -v n="$n" -v fw="$fw" -v fc="$fc" -v sw="$sw" -v sc="$sc" 'BEGIN {
    cr = sc / fc; wr = sw / fw
    printf "%s pages: sitegen CPU %.2fx the floor'"'"'s (target 1.5x: %s), wall %.2fx (target 1.15x: %s)\n",
      n, cr, cr <= 1.5 ? "met" : "NOT met", wr, wr <= 1.15 ? "met" : "NOT met" }')$'\n'
done
echo
printf '%s' "$verdicts"
if [ ${#sizes[@]} -gt 1 ]; then
  small=${sizes[0]}; large=${sizes[-1]}
  awk -v a="${wall_of[$small:sitegen]}" -v b="${wall_of[$large:sitegen]}" -v s="$small" -v l="$large" \
    'BEGIN { printf "sitegen: %s pages take %.1fx the time of %s pages (%.0fx the pages)\n", l, b / a, s, l / s }'
fi
