#!/usr/bin/env node
// react-grid-layout 2.3.0, the official InfluxDB UI's grid, on the inputs that
// `cargo run --release -p dashboards-core --example grid_bench -- --dump DIR` wrote.
//
//   node scripts/bench/rgl_bench.mjs DIR
//
// One step is what its GridLayout does on a drag: moveElement(layout, item, x, y,
// isUserAction = true, preventCollision = false, "vertical", 12, allowOverlap = false),
// then the compactor's compact(layout, 12); steps are chained, as in the Rust bench, after
// one warm-up pass for the JIT. Both of its vertical compactors are timed:
// verticalCompactor (the default) and fastVerticalCompactor (extras). Prints median and
// p90 per size and the ratio to our figures from the same dump; asserts nothing.
//
// The package is looked up in $RGL_DIR (default ~/.cache/influx-dashboards/rgl), where
// `npm install --prefix "$RGL_DIR" react-grid-layout@2.3.0 react react-dom` puts it
// (scripts/bench/grid.sh does that when it is missing).

import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/bench/rgl_bench.mjs DIR   (DIR from grid_bench --dump)");
  process.exit(2);
}
const rglDir = process.env.RGL_DIR ?? join(homedir(), ".cache/influx-dashboards/rgl");
const require = createRequire(join(rglDir, "package.json"));
const core = require("react-grid-layout/core");
const extras = require("react-grid-layout/extras");
const version = JSON.parse(readFileSync(join(rglDir, "node_modules/react-grid-layout/package.json"), "utf8")).version;

const COMPACTORS = [
  ["verticalCompactor", core.verticalCompactor],
  ["fastVerticalCompactor", extras.fastVerticalCompactor],
];

// Median and p90 by nearest rank, as in grid_bench.rs.
function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const rank = (p) => s[Math.min(Math.max(Math.ceil(p * s.length), 1), s.length) - 1];
  return [rank(0.5), rank(0.9)];
}

// FNV-1a over x, y, w, h in array order: the same hash grid_bench.rs writes.
function hash(layout) {
  let h = 0x811c9dc5;
  for (const it of layout) {
    for (const v of [it.x, it.y, it.w, it.h]) {
      h = Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

// As GridLayout's onDrag: find the item by id (fastVerticalCompactor returns the layout
// sorted by position, so an index does not name the same item from one step to the next),
// move it, compact.
function step(layout, id, x, y, compactor) {
  const moved = core.moveElement(layout, core.getLayoutItem(layout, id), x, y, true, false, "vertical", 12, false);
  return compactor.compact(moved, 12);
}

function run(start, moves, compactor) {
  let layout = core.cloneLayout(start);
  const ms = [];
  for (const [i, x, y] of moves) {
    const id = start[i].i;
    const t = performance.now();
    layout = step(layout, id, x, y, compactor);
    ms.push(performance.now() - t);
  }
  return ms;
}

// fastVerticalCompactor returns the items sorted by (y, x): put them back in the order of
// `like`, by id, before comparing.
function inOrderOf(like, layout) {
  const byId = new Map(layout.map((it) => [it.i, it]));
  return like.map((it) => byId.get(it.i));
}

function same(a, b) {
  return a.length === b.length && a.every((p, k) => p.x === b[k].x && p.y === b[k].y && p.w === b[k].w && p.h === b[k].h);
}

const docs = readdirSync(dir)
  .filter((f) => /^layout-\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")))
  .sort((a, b) => a.cells - b.cells);
if (docs.length === 0) {
  console.error(`no layout-N.json in ${dir}: run grid_bench with --dump ${dir} first`);
  process.exit(2);
}

const fmt = (v, d = 4) => v.toFixed(d).padStart(10);
console.log(`react-grid-layout ${version} on node ${process.versions.node}: moveElement + compact, ${docs[0].moves.length} chained moves per size`);
console.log(`${"cells".padStart(6)} ${"compactor".padEnd(22)} ${"median ms".padStart(10)} ${"p90 ms".padStart(10)}`);
const rows = [];
for (const doc of docs) {
  for (const [name, compactor] of COMPACTORS) {
    run(doc.layout, doc.moves, compactor); // warm-up
    const [median, p90] = stats(run(doc.layout, doc.moves, compactor));
    rows.push({ cells: doc.cells, name, median, p90, ours: doc.ours });
    console.log(`${String(doc.cells).padStart(6)} ${name.padEnd(22)} ${fmt(median)} ${fmt(p90)}`);
  }
}

console.log("\nratio (react-grid-layout / ours; above 1 means ours is faster), step = move + compact in place");
console.log(`${"cells".padStart(6)} ${"vs".padEnd(22)} ${"ours median".padStart(12)} ${"ours p90".padStart(10)} ${"x median".padStart(10)} ${"x p90".padStart(10)}`);
for (const r of rows) {
  const o = r.ours;
  console.log(
    `${String(r.cells).padStart(6)} ${r.name.padEnd(22)} ${fmt(o.median_ms).padStart(12)} ${fmt(o.p90_ms)} ${fmt(r.median / o.median_ms, 1)} ${fmt(r.p90 / o.p90_ms, 1)}`,
  );
}

// Same semantics? Compaction of the raw (overlapping) layouts, and each move applied alone
// to the compacted layout (our move pushes colliders straight under the moved item;
// react-grid-layout's moves them down one row at a time and may swap them above it).
console.log("\nagreement with react-grid-layout");
for (const doc of docs) {
  const parts = [];
  for (const [name, compactor] of COMPACTORS) {
    const c = inOrderOf(doc.raw, compactor.compact(core.cloneLayout(doc.raw), 12));
    parts.push(`compact(raw) ${same(c, doc.layout) ? "=" : "!="} ${name}`);
  }
  let equal = 0;
  doc.moves.forEach(([i, x, y], k) => {
    const out = step(core.cloneLayout(doc.layout), doc.layout[i].i, x, y, extras.fastVerticalCompactor);
    if (hash(inOrderOf(doc.layout, out)) === doc.single_move_hashes[k]) equal += 1;
  });
  parts.push(`${equal}/${doc.moves.length} single moves give the same layout as moveElement + fastVerticalCompactor`);
  console.log(`${String(doc.cells).padStart(6)} ${parts.join("; ")}`);
}
