//! The annotated-CSV parser's speed, on the answer shape of the anchor's giraffe figures.
//!
//! `cargo run --release -p dashboards-core --example csv_bench [-- --dump FILE]`
//!
//! Generates (with the library's writer) the answer of a windowed query: columns
//! `,result,table,_start,_stop,_time,_value,_field,_measurement,host`, one table per series,
//! a point every 10 s, values with six decimals: 10 series × 10,000 points (about 10 MB)
//! and 50 × 10,000 (about 51 MB). The bytes are the same on every run.
//! Prints, per size, the median of a few runs of `csv::parse` on the whole text and of a
//! `Parser` fed 64 KiB chunks, in ms and MB/s (MB = 10^6 bytes), and the size of the typed
//! columns it builds. Asserts nothing about time; it checks only that the answer reads back.
//!
//! `--dump FILE` also writes each generated answer to FILE, with `{series}` in FILE
//! replaced by the number of series (else that number is put before the extension:
//! `windowed.csv` → `windowed-10.csv`, `windowed-50.csv`), for the browser bench.

use dashboards_core::csv::{self, Answer, Column, ColumnData, Parser, Table, Value};
use std::time::Instant;

const POINTS: usize = 10_000;
const SIZES: [usize; 2] = [10, 50];
const START: i64 = 1_704_067_200_000_000_000; // 2024-01-01T00:00:00Z
const STEP: i64 = 10_000_000_000; // 10 s
const CHUNK: usize = 64 * 1024;

fn answer(series: usize) -> Answer {
    let stop = START + STEP * POINTS as i64;
    let fields = ["usage_user", "usage_system", "usage_idle", "usage_iowait", "usage_steal"];
    let tables = (0..series)
        .map(|s| {
            let rows = 0..POINTS;
            let constant = |v: Value| {
                let mut d = ColumnData::new(v.datatype().unwrap());
                for _ in rows.clone() {
                    d.push(&v);
                }
                d
            };
            let time = rows.clone().map(|i| Some(START + STEP * (i as i64 + 1))).collect();
            // Six decimals: rows of about 103 bytes, as in the anchor's answers (10.3 MB for
            // 10 series).
            let value = rows.clone().map(|i| Some((40e6 + 20e6 * ((i + 37 * s) as f64 / 600.0).sin() / 3.0).round() / 1e6)).collect();
            let host = format!("server{:02}", s / fields.len() + 1);
            let columns = vec![
                Column::new("_start", true, constant(Value::Time(START))),
                Column::new("_stop", true, constant(Value::Time(stop))),
                Column::new("_time", false, ColumnData::Time(time)),
                Column::new("_value", false, ColumnData::Double(value)),
                Column::new("_field", true, constant(Value::Str(fields[s % fields.len()].into()))),
                Column::new("_measurement", true, constant(Value::Str("cpu".into()))),
                Column::new("host", true, constant(Value::Str(host.as_str().into()))),
            ];
            Table::new("_result", s as i64, columns)
        })
        .collect();
    Answer { tables, error: None }
}

/// Bytes held by the typed columns (slots, null bit sets left out: there are none here).
fn column_bytes(a: &Answer) -> usize {
    a.tables
        .iter()
        .flat_map(|t| &t.columns)
        .map(|c| match &c.data {
            ColumnData::Str(v) => v.len() * 8 + v.text_len(),
            d => d.len() * 8,
        })
        .sum()
}

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

fn time_ms(runs: usize, mut f: impl FnMut() -> Answer) -> (f64, Answer) {
    let mut last = None;
    let ms = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let a = f();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            last = Some(a);
            ms
        })
        .collect();
    (median(ms), last.unwrap_or_default())
}

fn dump_path(pattern: &str, series: usize) -> String {
    if pattern.contains("{series}") {
        return pattern.replace("{series}", &series.to_string());
    }
    match pattern.rfind('.').filter(|&i| i > pattern.rfind('/').map_or(0, |s| s + 1)) {
        Some(dot) => format!("{}-{series}{}", &pattern[..dot], &pattern[dot..]),
        None => format!("{pattern}-{series}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)).cloned();
    println!("annotated CSV parse, windowed query ({POINTS} points per series), median of runs");
    println!("{:>7} {:>9} {:>16} {:>18} {:>12} {:>10}", "series", "MB", "parse ms (MB/s)", "64 KiB chunks", "columns MB", "write ms");
    for series in SIZES {
        let a = answer(series);
        let t = Instant::now();
        let text = csv::write(&a);
        let write_ms = t.elapsed().as_secs_f64() * 1e3;
        if let Some(pattern) = &dump {
            let path = dump_path(pattern, series);
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{path}: {e}"));
            eprintln!("wrote {path}");
        }
        let mb = text.len() as f64 / 1e6;
        let runs = if series <= 10 { 9 } else { 5 };
        let (whole, parsed) = time_ms(runs, || csv::parse(&text).expect("the generated answer parses"));
        assert_eq!(parsed, a, "the answer read back differs from the one written");
        let (chunked, _) = time_ms(runs, || {
            let mut p = Parser::new();
            for c in text.as_bytes().chunks(CHUNK) {
                p.push(c).expect("the generated answer parses");
            }
            p.finish().expect("the generated answer parses")
        });
        println!(
            "{series:>7} {mb:>9.1} {:>16} {:>18} {:>12.1} {write_ms:>10.0}",
            format!("{whole:.0} ({:.0})", mb / whole * 1e3),
            format!("{chunked:.0} ({:.0})", mb / chunked * 1e3),
            column_bytes(&parsed) as f64 / 1e6,
        );
    }
}
