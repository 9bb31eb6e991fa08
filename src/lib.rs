//! influx-dashboards: a dashboard manager for InfluxDB OSS 2.x, in Leptos (client-side).

pub mod api;
pub mod app;
pub mod browser;
pub mod charts;
pub mod components;
pub mod copy;
pub mod mutation;
pub mod orgs;
pub mod pages;
pub mod session;
pub mod storage;

/// For `./x bench` (crates/e2e/src/bin/bench_cells.rs): parses an annotated-CSV answer as a
/// cell does and returns its rows (0 if it cannot be read). The page reaches it as
/// `window.wasmBindings.bench_parse_csv`.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_parse_csv(text: &str) -> u32 {
    dashboards_core::csv::parse(text).map(|a| a.tables.iter().map(|t| t.len()).sum::<usize>() as u32).unwrap_or(0)
}
