//! `./x bench`: the figures of cells and their data (issue #9), printed (nothing here
//! asserts a timing). In headless Chromium, with the release UI behind nginx:
//! 1. Annotated-CSV parsing: ours (`dashboards_core::csv::parse` in the app's wasm, through
//!    the `bench_parse_csv` export) against the official UI's (`fromFlux` of
//!    `@influxdata/giraffe` 2.38.1), on the same text: windowed-query answers of 10 and
//!    50 series × 10,000 points written by `csv_bench --dump`.
//! 2. One xy cell with 10 series × 10,000 points: from the query's answer handed to the app
//!    to its canvas drawn (read, parsed, series built, drawn), and a redraw on resize.
//! 3. A 20-cell dashboard: from opening it to every visible cell drawn.
//!
//! Environment: `E2E_DIST` (the dist built for `/ui/`), `GIRAFFE_DIR` (an npm prefix holding
//! `@influxdata/giraffe`, `react@17` and `react-dom@17`), `BENCH_CSV_DIR` (holding
//! `windowed-10.csv` and `windowed-50.csv`). `./x bench` sets all three.

use e2e::fantoccini::Client;
use e2e::figures::{numbers, quantile};
use e2e::{tid, wait, Backend, Stack};
use influx_devserver::{seed, Config};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The bench's files, served next to the dist under `/ui/bench/`.
const BENCH: &str = "/ui/bench";

/// The range of `csv_bench`'s answers: 10,000 points 10 s apart from 2024-01-01T00:00:00Z.
const DATA_RANGE: &str = "start=2024-01-01T00:00:00Z&stop=2024-01-02T03:46:40Z";

/// A copy of the dist made of links, with `bench/` holding giraffe, React and the answers.
fn served_dir() -> PathBuf {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} is not set (./x bench sets it)"));
    let dist = PathBuf::from(var("E2E_DIST"));
    let giraffe = PathBuf::from(var("GIRAFFE_DIR")).join("node_modules");
    let csv = PathBuf::from(var("BENCH_CSV_DIR"));
    let dir = std::env::temp_dir().join(format!("bench-cells-{}", std::process::id()));
    let bench = dir.join("bench");
    std::fs::create_dir_all(&bench).expect("a temp dir");
    let link = |from: &Path, to: &Path| std::os::unix::fs::symlink(from, to).unwrap_or_else(|e| panic!("link {}: {e}", from.display()));
    for e in std::fs::read_dir(&dist).expect("the dist").flatten() {
        link(&e.path(), &dir.join(e.file_name()));
    }
    for (from, name) in [
        (giraffe.join("react/umd/react.production.min.js"), "react.js"),
        (giraffe.join("react-dom/umd/react-dom.production.min.js"), "react-dom.js"),
        (giraffe.join("@influxdata/giraffe/dist/index.js"), "giraffe.js"),
        (csv.join("windowed-10.csv"), "windowed-10.csv"),
        (csv.join("windowed-50.csv"), "windowed-50.csv"),
    ] {
        assert!(from.exists(), "missing {}", from.display());
        link(&from, &bench.join(name));
    }
    dir
}

/// Loads scripts in order, then answers `typeof Giraffe.fromFlux`.
const LOAD_SCRIPTS: &str = r#"
const [srcs, done] = arguments;
(async () => {
  for (const src of srcs) {
    await new Promise((ok, fail) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = ok;
      s.onerror = () => fail(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }
  return typeof Giraffe.fromFlux;
})().then(done, e => done(String(e)));
"#;

/// Fetches an answer into `window.__csv`; answers its length in bytes (it is ASCII).
const LOAD_TEXT: &str = r#"
const [url, done] = arguments;
fetch(url).then(r => r.text()).then(t => { window.__csv = t; done(t.length); }, e => done(String(e)));
"#;

/// One parse of `window.__csv` by `ours` or `giraffe`: [ms, rows].
const PARSE_ONCE: &str = r#"
const [which] = arguments;
const text = window.__csv;
const t0 = performance.now();
const rows = which === 'ours' ? window.wasmBindings.bench_parse_csv(text) : Giraffe.fromFlux(text).table.length;
return [performance.now() - t0, rows];
"#;

fn parse_line(who: &str, bytes: f64, ms: &mut [f64]) -> f64 {
    let (p50, p90) = (quantile(ms, 0.5), quantile(ms, 0.9));
    println!("  {who:<26} median {p50:>7.1} ms, p90 {p90:>7.1} ms, {:>6.1} MB/s (n={})", bytes / 1e6 / (p50 / 1e3), ms.len());
    p50
}

/// Figure 1: the two parsers, alternately, on the same text (one warm-up run each, dropped).
async fn csv_parsing(stack: &Stack, c: &Client) -> e2e::Result {
    c.goto(&format!("{}/ui/", stack.base)).await?;
    wait(c, &tid("username")).await?;
    let srcs = json!(["react.js", "react-dom.js", "giraffe.js"].map(|f| format!("{BENCH}/{f}")));
    let loaded = c.execute_async(LOAD_SCRIPTS, vec![srcs]).await?;
    assert_eq!(loaded, json!("function"), "giraffe did not load");
    println!("annotated-CSV parsing in headless Chromium, the same JS string to both (ours includes copying it into the wasm");
    println!("memory, as a cell's answer is), MB = 10^6 bytes; budget: ours at least 2x giraffe's MB/s:");
    for (series, runs) in [(10, 11), (50, 5)] {
        let bytes = c.execute_async(LOAD_TEXT, vec![json!(format!("{BENCH}/windowed-{series}.csv"))]).await?;
        let bytes = bytes.as_f64().ok_or_else(|| format!("could not fetch the answer: {bytes}"))?;
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let mut rows = (0.0, 0.0);
        for run in 0..=runs {
            let o = numbers(&c.execute(PARSE_ONCE, vec![json!("ours")]).await?);
            let t = numbers(&c.execute(PARSE_ONCE, vec![json!("giraffe")]).await?);
            rows = (o[1], t[1]);
            if run > 0 {
                ours.push(o[0]);
                theirs.push(t[0]);
            }
        }
        println!("{series} series x 10,000 points, {:.1} MB ({} rows read by ours, {} by giraffe):", bytes / 1e6, rows.0, rows.1);
        let a = parse_line("ours (csv::parse, wasm)", bytes, &mut ours);
        let b = parse_line("giraffe 2.38.1 fromFlux", bytes, &mut theirs);
        println!("  ours/giraffe throughput: {:.2}x", b / a);
    }
    c.execute("delete window.__csv", vec![]).await?;
    Ok(())
}

/// Answers every query with `window.__csv` (no network), noting when the answer is handed
/// over in `window.__answered`; the rest of the page's requests go through.
const FAKE_QUERIES: &str = r#"
const real = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : input.url;
  if (url.includes('/api/v2/query')) {
    const res = new Response(window.__csv, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
    window.__answered = performance.now();
    return Promise.resolve(res);
  }
  return real.call(this, input, init);
};
"#;

/// Refreshes the dashboard and answers [ms from the answer handed over to the xy canvas
/// drawn, ms to the next animation frame]. The chart sets its canvas's size attributes in
/// the same call that draws it, so the first mutation callback that sees them set after the
/// answer comes right after that draw.
const REFRESH_AND_DRAW: &str = r#"
const [done] = arguments;
const body = document.querySelector('[data-testid=cell-body]');
window.__answered = null;
const timer = setTimeout(() => { mo.disconnect(); done('timed out: answered at ' + window.__answered); }, 20000);
const mo = new MutationObserver(records => {
  const sized = records.some(r => r.type === 'attributes' && r.target.matches('[data-testid=chart][data-kind=xy] canvas'));
  if (window.__answered === null || !sized) return;
  const drawn = performance.now() - window.__answered;
  mo.disconnect();
  clearTimeout(timer);
  requestAnimationFrame(() => done([drawn, performance.now() - window.__answered]));
});
mo.observe(body, { subtree: true, childList: true, attributes: true });
document.querySelector('[data-testid=refresh-now]').click();
"#;

/// Narrows or widens the chart by one pixel and answers the ms to the canvas redrawn
/// (the ResizeObserver's callback, the draw).
const RESIZE_AND_DRAW: &str = r#"
const [done] = arguments;
const plot = document.querySelector('[data-testid=chart][data-kind=xy] .chart-plot');
const canvas = plot.querySelector('canvas');
const mo = new MutationObserver(() => { mo.disconnect(); done(performance.now() - t0); });
mo.observe(canvas, { attributes: true });
const t0 = performance.now();
plot.style.marginRight = plot.style.marginRight === '1px' ? '0px' : '1px';
"#;

fn p50_p95(v: &mut [f64]) -> String {
    format!("p50 {:.1} ms, p95 {:.1} ms (n={})", quantile(v, 0.5), quantile(v, 0.95), v.len())
}

/// Figure 2: one full-width xy cell, its queries answered in the page with the 10-series
/// answer (the dev server gives at most 1,000 points per series), over the answer's range.
async fn xy_draw(stack: &Stack, c: &Client, org: &str) -> e2e::Result {
    let id = dashboard(stack, org, "bench: one xy cell", &[(0, 0, 12, 4, "xy")]);
    c.goto(&format!("{}/ui/orgs/{org}/dashboards/{id}?{DATA_RANGE}", stack.base)).await?;
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(e2e::fantoccini::Locator::Css("[data-testid=chart][data-kind=xy] canvas[style]"))
        .await?;
    c.execute_async(LOAD_TEXT, vec![json!(format!("{BENCH}/windowed-10.csv"))]).await?;
    c.execute(FAKE_QUERIES, vec![]).await?;
    let (mut drawn, mut frame) = (Vec::new(), Vec::new());
    for run in 0..21 {
        let r = c.execute_async(REFRESH_AND_DRAW, vec![]).await?;
        let v = numbers(&r);
        if v.len() != 2 {
            return Err(format!("xy cell not drawn: {r}").into());
        }
        if run > 0 {
            drawn.push(v[0]);
            frame.push(v[1]);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shown = c
        .execute("return [document.querySelector('[data-testid=chart][data-kind=xy] canvas').style.width, document.querySelectorAll('[data-testid=legend] li').length]", vec![])
        .await?;
    println!(
        "xy cell, 10 series x 10,000 points (10.3 MB answer), canvas {} wide, {} series in the legend:",
        shown[0].as_str().unwrap_or("?"),
        shown[1]
    );
    println!("  answer handed to the app -> canvas drawn (text read, parsed, series built, M4, drawn): {}", p50_p95(&mut drawn));
    println!("  answer handed to the app -> the next animation frame:                              {}", p50_p95(&mut frame));
    let mut resized = Vec::new();
    for run in 0..21 {
        let ms = c.execute_async(RESIZE_AND_DRAW, vec![]).await?.as_f64().ok_or("no resize time")?;
        if run > 0 {
            resized.push(ms);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("  redraw on a 1 px resize (layout, ResizeObserver, M4 of the 10 series, drawn):       {}", p50_p95(&mut resized));
    c.execute("delete window.__csv", vec![]).await?;
    Ok(())
}

/// `visibleDrawn()`: how many cells are on screen if each shows its data (a drawn canvas, a
/// stat, a table, "no results" or an error), else 0.
const VISIBLE_DRAWN: &str = r#"
function visibleDrawn() {
  const shown = 'canvas[style], [data-testid=single-stat], [data-testid=result-table], [data-testid=no-results], [data-testid=cell-error]';
  const cells = [...document.querySelectorAll('[data-testid=cell]')].filter(c => {
    const r = c.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  });
  const ok = cells.length > 0 && cells.every(c => { const b = c.querySelector('[data-testid=cell-body]'); return b && b.querySelector(shown); });
  return ok ? cells.length : 0;
}
"#;

/// Polls every animation frame until `visibleDrawn()`; answers [performance.now() then (ms
/// since the navigation started), cells, polls].
const UNTIL_DRAWN: &str = r#"
const [done] = arguments;
let polls = 0;
function check() {
  polls++;
  const n = visibleDrawn();
  if (n > 0) return done([performance.now(), n, polls]);
  if (performance.now() > 60000) return done('timed out');
  requestAnimationFrame(check);
}
check();
"#;

/// Clicks the dashboard's name on the index, then polls every animation frame until
/// `visibleDrawn()`; answers [ms since the click, cells].
const OPEN_FROM_INDEX: &str = r#"
const [name, done] = arguments;
const row = [...document.querySelectorAll('[data-testid=dashboard-row]')]
  .find(r => r.querySelector('[data-testid=dashboard-name]').textContent === name);
const t0 = performance.now();
row.querySelector('[data-testid=dashboard-name]').click();
function check() {
  const n = visibleDrawn();
  if (n > 0) return done([performance.now() - t0, n]);
  if (performance.now() - t0 > 30000) return done('timed out');
  requestAnimationFrame(check);
}
requestAnimationFrame(check);
"#;

/// Figure 3: a 20-cell dashboard (xy, line + stat, stat, gauge and table cells, 4 x 3 each)
/// opened by a page load of its address, and from the index within the app.
async fn dashboard_open(stack: &Stack, c: &Client, org: &str) -> e2e::Result {
    let kinds = ["xy", "line-plus-single-stat", "single-stat", "gauge", "table"];
    let cells: Vec<(i32, i32, i32, i32, &str)> =
        (0..20).map(|i| ((i % 3) * 4, (i / 3) * 3, 4, 3, kinds[i as usize % kinds.len()])).collect();
    let name = e2e::unique("bench: 20 cells");
    let id = dashboard(stack, org, &name, &cells);
    let url = format!("{}/ui/orgs/{org}/dashboards/{id}", stack.base);
    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    let mut visible = 0.0;
    for run in 0..6 {
        c.goto(&url).await?;
        let r = c.execute_async(&format!("{VISIBLE_DRAWN}{UNTIL_DRAWN}"), vec![]).await?;
        let v = numbers(&r);
        if v.len() != 3 {
            return Err(format!("cells not drawn: {r}").into());
        }
        visible = v[1];
        if v[2] <= 1.0 {
            println!("  (run {run}: drawn before the first poll; its time is an upper bound)");
        }
        if run > 0 {
            cold.push(v[0]);
        }
    }
    for run in 0..6 {
        c.goto(&format!("{}/ui/", stack.base)).await?;
        e2e::filter(c, &name).await?;
        wait(c, &tid("dashboard-row")).await?;
        let r = c.execute_async(&format!("{VISIBLE_DRAWN}{OPEN_FROM_INDEX}"), vec![json!(name)]).await?;
        let v = numbers(&r);
        if v.len() != 2 {
            return Err(format!("cells not drawn: {r}").into());
        }
        if run > 0 {
            warm.push(v[0]);
        }
    }
    println!("20-cell dashboard (dev server answers, at most 6 queries at once), {visible} cells visible in 1400x1000:");
    println!("  page load of its address (from navigation start) -> every visible cell drawn: {}", p50_p95(&mut cold));
    println!("  click on its name on the index                   -> every visible cell drawn: {}", p50_p95(&mut warm));
    Ok(())
}

/// A dashboard with cells `(x, y, w, h, view type)` whose views query the dev server.
fn dashboard(stack: &Stack, org: &str, name: &str, cells: &[(i32, i32, i32, i32, &str)]) -> String {
    let (st, d) = stack.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": org, "name": name})));
    assert_eq!(st, 201, "dashboard: {d}");
    let id = d["id"].as_str().expect("a dashboard id").to_owned();
    let fields = ["usage_user", "usage_system", "used_percent", "bytes_recv"];
    for (i, &(x, y, w, h, kind)) in cells.iter().enumerate() {
        let cell_name = format!("{kind} {i}");
        let (st, cell) = stack.call(
            "POST",
            &format!("/api/v2/dashboards/{id}/cells"),
            Some(&json!({"x": x, "y": y, "w": w, "h": h, "name": cell_name})),
        );
        assert_eq!(st, 201, "cell: {cell}");
        let view = json!({"name": cell_name, "properties": seed::properties(kind, "cpu", fields[i % fields.len()], "")});
        let path = format!("/api/v2/dashboards/{id}/cells/{}/view", cell["id"].as_str().expect("a cell id"));
        let (st, v) = stack.call("PATCH", &path, Some(&view));
        assert_eq!(st, 200, "view: {v}");
    }
    id
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    println!("bench: cells (release UI behind nginx, dev server, headless Chromium)");
    let served = served_dir();
    std::env::set_var("E2E_DIST", &served);
    let stack: &'static Stack = Box::leak(Box::new(Stack::start(Backend::DevServer(Config { seed_demo: true, ..Default::default() }))));
    let org = stack.org_id();
    stack
        .with_browser(move |c| async move {
            csv_parsing(stack, &c).await?;
            stack.sign_in(&c).await?;
            xy_draw(stack, &c, &org).await?;
            dashboard_open(stack, &c, &org).await?;
            Ok(())
        })
        .await;
    stack.stop();
    let _ = std::fs::remove_dir_all(&served);
}
