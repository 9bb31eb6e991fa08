//! How long highlighting a Flux script takes: `editor::flux::tokenize` over a 500-line
//! dashboard script, and the editor's per-keystroke work, `editor::text::highlight_lines` of
//! what a 600 px editor shows (with its margin) scrolled to the top and to the bottom: the
//! tokenizer stops at the last line shown, so the top costs less than the bottom.
//!
//! `cargo run --release -p dashboards-core --example flux_bench`
//!
//! Prints the median and p95 of 200 runs, and the token count; asserts nothing.

use dashboards_core::editor::flux::tokenize;
use dashboards_core::editor::text::{highlight_lines, visible_lines};
use std::time::Instant;

fn script(lines: usize) -> String {
    let body = [
        "  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field =~ /usage_(user|system)/) // pick",
        "  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)",
        "  |> map(fn: (r) => ({r with _value: r._value * 1.5, label: \"host ${r.host}\"}))",
        "  |> range(start: 2024-01-01T00:00:00Z, stop: -1h30m)",
    ];
    let mut s = String::from("import \"strings\"\nfrom(bucket: \"demo\")\n");
    for i in 0..lines.saturating_sub(2) {
        s.push_str(body[i % body.len()]);
        s.push('\n');
    }
    s
}

/// Median and p95 of `runs` timings of `f`, in µs.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

fn main() {
    let src = script(500);
    let tokens = tokenize(&src).len();
    let (p50, p95) = time(200, || {
        std::hint::black_box(tokenize(std::hint::black_box(&src)));
    });
    println!("tokenize: 500 lines, {} bytes, {tokens} tokens: median {p50:.1} µs, p95 {p95:.1} µs", src.len());
    let line_height = 20.0;
    for (what, scroll) in [("top", 0.0), ("bottom", 500.0 * line_height - 600.0)] {
        let lines = visible_lines(scroll, 600.0, line_height);
        let (p50, p95) = time(200, || {
            std::hint::black_box(highlight_lines(std::hint::black_box(&src), None, lines.clone()));
        });
        println!("highlight_lines, scrolled to the {what} (lines {lines:?}): median {p50:.1} µs, p95 {p95:.1} µs");
    }
}
