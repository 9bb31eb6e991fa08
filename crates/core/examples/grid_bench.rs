//! The grid engine's speed, on the inputs react-grid-layout's anchor figures use.
//!
//! `cargo run --release -p dashboards-core --example grid_bench [-- --dump DIR]`
//!
//! Seeded random layouts of 50, 200 and 500 cells (12 columns, widths 2–6, heights 2–5),
//! compacted first; 200 random moves each, chained (each step works on the previous
//! step's result, as a drag does). One step = `move_item` + `compact`, in place; the
//! "drag" figures add the clone a page makes (`layout::drag`). Prints median and p90 per
//! size; asserts nothing.
//!
//! `--dump DIR` also writes, per size, `layout-N.json` with the raw and compacted layouts,
//! the moves, our figures, and a hash of our result for each move applied alone to the
//! compacted layout, so that `scripts/bench/rgl_bench.mjs DIR` runs react-grid-layout on
//! the same inputs and prints the ratios (`scripts/bench/grid.sh` does both).

use dashboards_core::layout::{bottom, compact, drag, move_item, Item, GRID_COLUMNS};
use serde_json::{json, Value};
use std::time::Instant;

const SIZES: [usize; 3] = [50, 200, 500];
const MOVES: usize = 200;
const SEED: u64 = 0x6c61_796f_7574; // "layout"

/// splitmix64: small, seedable, good enough to scatter cells.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (((self.next() >> 32) * (hi - lo + 1) as u64) >> 32) as i32
    }
}

/// FNV-1a over x, y, w, h of every item in slice order; the node script computes the same.
fn hash<K>(layout: &[Item<K>]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for v in layout.iter().flat_map(|i| [i.x, i.y, i.w, i.h]) {
        h ^= v as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn to_json<K: std::fmt::Display>(layout: &[Item<K>]) -> Value {
    layout.iter().map(|i| json!({"i": i.id.to_string(), "x": i.x, "y": i.y, "w": i.w, "h": i.h})).collect()
}

/// Median and p90 (nearest rank) of durations in ms.
fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let rank = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    (rank(0.5), rank(0.9))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)).map(std::path::PathBuf::from);
    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir).expect("create the dump folder");
    }

    println!("grid engine (Rust, this build), {GRID_COLUMNS} columns, {MOVES} chained moves per size");
    println!("one step = move_item + compact in place; drag = clone + move_item + compact (what the page runs)");
    println!("{:>6} {:>12} {:>10} {:>14} {:>12}", "cells", "median ms", "p90 ms", "drag median", "drag p90");
    for (k, &n) in SIZES.iter().enumerate() {
        let mut rng = Rng(SEED ^ (k as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let raw: Vec<Item<String>> = (0..n)
            .map(|i| {
                let w = rng.range(2, 6);
                let h = rng.range(2, 5);
                let x = rng.range(0, GRID_COLUMNS - w);
                let y = rng.range(0, n as i32);
                Item::new(format!("c{i}"), x, y, w, h)
            })
            .collect();
        let mut start = raw.clone();
        compact(&mut start);
        let rows = bottom(&start);
        let moves: Vec<(usize, i32, i32)> = (0..MOVES)
            .map(|_| {
                let i = rng.range(0, n as i32 - 1) as usize;
                (i, rng.range(0, GRID_COLUMNS - start[i].w), rng.range(0, rows))
            })
            .collect();

        let run = |in_place: bool| -> Vec<f64> {
            let mut layout = start.clone();
            let mut ms = Vec::with_capacity(MOVES);
            for &(i, x, y) in &moves {
                let t = Instant::now();
                if in_place {
                    move_item(&mut layout, i, x, y);
                    compact(&mut layout);
                } else {
                    layout = drag(&layout, i, x, y);
                }
                ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            std::hint::black_box(&layout);
            ms
        };
        run(true); // warm-up, as the node script does for its JIT
        let (median, p90) = stats(run(true));
        let (drag_median, drag_p90) = stats(run(false));
        println!("{n:>6} {median:>12.4} {p90:>10.4} {drag_median:>14.4} {drag_p90:>12.4}");

        if let Some(dir) = &dump {
            let single: Vec<u32> = moves.iter().map(|&(i, x, y)| hash(&drag(&start, i, x, y))).collect();
            let doc = json!({
                "cells": n,
                "cols": GRID_COLUMNS,
                "raw": to_json(&raw),
                "layout": to_json(&start),
                "moves": moves.iter().map(|&(i, x, y)| json!([i, x, y])).collect::<Vec<_>>(),
                "ours": {"median_ms": median, "p90_ms": p90, "drag_median_ms": drag_median, "drag_p90_ms": drag_p90},
                "single_move_hashes": single,
            });
            let path = dir.join(format!("layout-{n}.json"));
            std::fs::write(&path, doc.to_string()).expect("write the dump");
        }
    }
    if let Some(dir) = &dump {
        println!("inputs written to {}", dir.display());
    }
}
