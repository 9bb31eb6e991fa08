//! How long highlighting a Flux script takes: `editor::flux::tokenize` over a 500-line
//! dashboard script, as the editor runs it on every keystroke.
//!
//! `cargo run --release -p dashboards-core --example flux_bench`
//!
//! Prints the median and p95 of 200 runs, and the token count; asserts nothing.

use dashboards_core::editor::flux::tokenize;
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

fn main() {
    let src = script(500);
    let runs = 200;
    let mut times: Vec<f64> = Vec::with_capacity(runs);
    let mut tokens = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let toks = tokenize(std::hint::black_box(&src));
        times.push(t.elapsed().as_secs_f64() * 1e6);
        tokens = toks.len();
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!("tokenize: 500 lines, {} bytes, {tokens} tokens: median {:.1} µs, p95 {:.1} µs", src.len(), at(0.5), at(0.95));
}
