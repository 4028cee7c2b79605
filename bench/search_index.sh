#!/usr/bin/env bash
# Search-index benchmark: size of search-index.js (raw and gzip -9, as GitHub Pages serves it)
# for the clinic site and for synthetic sites (bench/gen_site.py), and the time node takes to
# load the index and answer a few queries with the theme's search-engine.js.
# Usage: bash bench/search_index.sh [sizes...]   (default: 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000}")
work=${BENCH_DIR:-/tmp/sitegen-bench}
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/sitegen

report() { # name, output folder
  local file=$2/search-index.js
  local raw gz docs
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  timing=$(node -e '
    const t0 = performance.now();
    global.window = {};
    require(process.argv[1]);
    const s = require(process.argv[2]);
    const t1 = performance.now();
    const queries = ["side effect", "driving home", "blood pressure", "sess"];
    for (const q of queries) s.search(window.sitegenSearchIndex, q);
    const t2 = performance.now();
    console.log(window.sitegenSearchIndex.docs.length + " docs, load " + (t1 - t0).toFixed(0) +
      " ms, " + ((t2 - t1) / queries.length).toFixed(1) + " ms per query");
  ' "$file" "$PWD/themes/clinic/static/search-engine.js")
  printf '%-22s %10s bytes %9s gzip   %s\n' "$1" "$raw" "$gz" "$timing"
}

"$bin" build --output "$work/clinic" >/dev/null 2>&1
report "clinic site" "$work/clinic"
for n in "${sizes[@]}"; do
  python3 bench/gen_site.py "$n" "$work/site-$n" >/dev/null
  "$bin" --root "$work/site-$n" build --output "$work/site-$n/public" >/dev/null 2>&1
  report "$n pages" "$work/site-$n/public"
done
