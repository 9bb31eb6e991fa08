#!/usr/bin/env bash
# The grid engine against react-grid-layout 2.3.0 (the official InfluxDB UI's grid), on
# the same seeded inputs: our figures, theirs, the ratios and how often the results agree.
# Prints figures, asserts nothing. Usage: scripts/bench/grid.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export RGL_DIR=${RGL_DIR:-$HOME/.cache/influx-dashboards/rgl}
if [ ! -f "$RGL_DIR/node_modules/react-grid-layout/package.json" ]; then
  npm install --silent --no-audit --no-fund --prefix "$RGL_DIR" react-grid-layout@2.3.0 react react-dom
fi
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
cd "$root"
cargo run --quiet --release -p dashboards-core --example grid_bench -- --dump "$dump"
echo
node scripts/bench/rgl_bench.mjs "$dump"
