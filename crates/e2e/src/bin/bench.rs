//! `./x bench`: the index's figures, printed (nothing here asserts a timing).
//! - HTTP requests to load the index, for 150 and 10,000 dashboards, with influxd's
//!   `enforceOrgDashboardLimits` off (its default) and on; budget ⌈N/100⌉ + 1.
//! - With 10,000 dashboards in headless Chromium: load time, where it goes (from the page's
//!   Resource Timing and the app's `index:*` User Timing marks), and the time from a filter
//!   keystroke or a sort change to the rendered page (48 each, 60 ms apart as typing is).
//!
//! `BENCH_ONLY_INTERACTIONS=1`: only 10,000 dashboards with the flag off. `BENCH_LOADS=n`:
//! loads of that configuration to take the medians over (default 5).

use e2e::figures::quantile;
use e2e::{tid, wait, Backend, Stack};
use influx_devserver::Config;
use serde_json::json;
use std::time::Instant;

/// Sets a form control's value the way a person's input does, and returns the milliseconds
/// until the page has reacted and laid out (a macrotask after the event, then a forced layout).
const INTERACT: &str = r#"
const [selector, value, eventName, done] = arguments;
const el = document.querySelector(selector);
const t0 = performance.now();
el.value = value;
el.dispatchEvent(new Event(eventName, { bubbles: true }));
const t1 = performance.now();
const ch = new MessageChannel();
ch.port1.onmessage = () => {
  const t2 = performance.now();
  void document.body.offsetHeight;
  const t3 = performance.now();
  done([t3 - t0, document.querySelector('[data-testid=dashboard-count]').textContent, t1 - t0, t2 - t1, t3 - t2]);
};
ch.port2.postMessage(null);
"#;

/// The list GET's Resource Timing and the app's `index:*` marks, in ms since navigation start.
const LOAD_TIMES: &str = r#"
const lists = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v2/dashboards?'));
const r = lists[lists.length - 1];
const out = {};
for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('index:')) out[m.name] = m.startTime;
if (r) Object.assign(out, { fetch: r.startTime, requestStart: r.requestStart, responseStart: r.responseStart,
  responseEnd: r.responseEnd, bytes: r.encodedBodySize, lists: lists.length });
return out;
"#;

/// The phases of a load, each from one point of `LOAD_TIMES` to the next.
const PHASES: [(&str, &str, &str); 7] = [
    ("boot: page, wasm, session, labels, until the list GET", "", "fetch"),
    ("server: request sent -> first byte", "requestStart", "responseStart"),
    ("transfer: first byte -> last byte", "responseStart", "responseEnd"),
    ("body -> Rust string", "responseEnd", "index:list-received"),
    ("decode: JSON -> model", "index:list-received", "index:list-decoded"),
    ("catalog: sort keys, search text", "index:stored", "index:catalog"),
    ("sort + first render (to the next frame)", "index:catalog", "index:rendered"),
];

/// The time between two timed interactions.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(60);

fn stats(mut v: Vec<f64>) -> String {
    let mut q = |p: f64| quantile(&mut v, p);
    let (median, p90, min, max) = (q(0.5), q(0.9), q(0.0), q(1.0));
    format!("median {median:.2} ms, p90 {p90:.2} ms, min {min:.2} ms, max {max:.2} ms (n={})", v.len())
}

fn start(dashboards: usize, enforce: bool) -> &'static Stack {
    let config = Config { seed_demo: true, seed_dashboards: dashboards, enforce_org_dashboard_limits: enforce, ..Default::default() };
    // One stack per configuration, stopped explicitly below.
    Box::leak(Box::new(Stack::start(Backend::DevServer(config))))
}

/// Loads the index again (`BENCH_LOADS` times in all, the first one given) and prints the
/// median of each phase, then of load to first rows as WebDriver sees it.
async fn load_breakdown(c: &e2e::fantoccini::Client, first_ms: f64) -> e2e::Result {
    let loads: usize = std::env::var("BENCH_LOADS").ok().and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    let mut runs = vec![(first_ms, c.execute(LOAD_TIMES, vec![]).await?)];
    for _ in 1..loads {
        let started = Instant::now();
        c.refresh().await?;
        c.wait().at_most(std::time::Duration::from_secs(120)).for_element(e2e::fantoccini::Locator::Css(&tid("dashboard-row"))).await?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        runs.push((ms, c.execute(LOAD_TIMES, vec![]).await?));
    }
    let at = |t: &serde_json::Value, k: &str| if k.is_empty() { Some(0.0) } else { t.get(k).and_then(|v| v.as_f64()) };
    let mb = runs[0].1.get("bytes").and_then(|v| v.as_f64()).unwrap_or(0.0) / 1e6;
    println!("load of 10000 dashboards, flag off, {loads} loads, {mb:.1} MB list answer; median per phase:");
    for (what, from, to) in PHASES {
        let v: Vec<f64> = runs.iter().filter_map(|(_, t)| Some(at(t, to)? - at(t, from)?)).collect();
        if v.is_empty() {
            println!("  {what:<52} (no mark in this build)");
        } else {
            println!("  {what:<52} {}", stats(v));
        }
    }
    let rendered: Vec<f64> = runs.iter().filter_map(|(_, t)| at(t, "index:rendered")).collect();
    if !rendered.is_empty() {
        println!("  {:<52} {}", "in the page: navigation -> first rows rendered", stats(rendered));
    }
    println!("  {:<52} {}", "load to first rows (refresh -> row found, WebDriver)", stats(runs.iter().map(|r| r.0).collect()));
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    println!("bench: dashboard index (release UI behind nginx, dev server, headless Chromium)");
    let only_interactions = std::env::var("BENCH_ONLY_INTERACTIONS").is_ok();
    for (n, enforce) in [(150, false), (150, true), (10_000, false), (10_000, true)] {
        if only_interactions && (n != 10_000 || enforce) {
            continue;
        }
        let stack = start(n, enforce);
        stack
            .with_browser(move |c| async move {
                stack.sign_in(&c).await?;
                stack.reset_requests();
                let started = Instant::now();
                c.refresh().await?;
                c.wait().at_most(std::time::Duration::from_secs(120)).for_element(e2e::fantoccini::Locator::Css(&tid("dashboard-row"))).await?;
                let load_ms = started.elapsed().as_secs_f64() * 1000.0;
                let counts = stack.requests();
                if n == 10_000 && !enforce {
                    load_breakdown(&c, load_ms).await?;
                }
                let lists = counts.get("GET /api/v2/dashboards").copied().unwrap_or(0);
                let total: u64 = counts.values().sum();
                let flag = if enforce { "on " } else { "off" };
                println!(
                    "requests: {n:>6} dashboards, enforceOrgDashboardLimits {flag}: {lists} GET /dashboards (budget {}), {total} API requests in all; load to first rows {load_ms:.0} ms",
                    n.div_ceil(100) + 1
                );
                if n == 10_000 && !enforce {
                    let text = |q: &str| json!(["[data-testid=search]", q, "input"]);
                    let mut keys = Vec::new();
                    let mut phases: [Vec<f64>; 3] = Default::default();
                    let word = "cpu 55";
                    for _ in 0..4 {
                        let steps = (1..=word.len()).map(|i| &word[..i]).chain((0..word.len()).rev().map(|i| &word[..i]));
                        for q in steps {
                            // A person's keystrokes are tens of milliseconds apart: let the page
                            // finish the last one's deferred work before timing the next.
                            tokio::time::sleep(PAUSE).await;
                            let r = c.execute_async(INTERACT, text(q).as_array().unwrap().clone()).await?;
                            keys.push(r[0].as_f64().unwrap_or(f64::NAN));
                            phases[0].push(r[2].as_f64().unwrap_or(f64::NAN));
                            phases[1].push(r[3].as_f64().unwrap_or(f64::NAN));
                            phases[2].push(r[4].as_f64().unwrap_or(f64::NAN));
                        }
                    }
                    // The same keystrokes at other page sizes: what one rendered card costs.
                    for size in ["12", "96"] {
                        c.execute_async(INTERACT, json!(["[data-testid=page-size]", size, "change"]).as_array().unwrap().clone()).await?;
                        let mut sized = Vec::new();
                        for q in ["c", "cp", "cpu", "cp", "c", "", "c", "cp", "cpu", "cp", "c", "", "c", "cp", "cpu", "cp", "c", "", "c", "cp", "cpu", "cp", "c", ""] {
                            tokio::time::sleep(PAUSE).await;
                            let r = c.execute_async(INTERACT, text(q).as_array().unwrap().clone()).await?;
                            sized.push(r[0].as_f64().unwrap_or(f64::NAN));
                        }
                        println!("filter keystroke -> rendered, 10000 dashboards, {size} per page: {}", stats(sized));
                    }
                    c.execute_async(INTERACT, json!(["[data-testid=page-size]", "24", "change"]).as_array().unwrap().clone()).await?;
                    let last = c.execute_async(INTERACT, text("cpu 55").as_array().unwrap().clone()).await?;
                    println!("filter keystroke -> rendered, 10000 dashboards: {}; 'cpu 55' shows {:?}", stats(keys), last[1].as_str().unwrap_or(""));
                    let [sync, tasks, layout] = phases;
                    println!("  of which: event handler {}; then until a macrotask {}; layout {}", stats(sync), stats(tasks), stats(layout));
                    c.execute_async(INTERACT, text("").as_array().unwrap().clone()).await?;

                    let orders = ["name-desc", "modified-desc", "created-asc", "name-asc", "modified-asc", "created-desc"];
                    let mut sorts = Vec::new();
                    for i in 0..48 {
                        tokio::time::sleep(PAUSE).await;
                        let r = c.execute_async(INTERACT, json!(["[data-testid=sort]", orders[i % 6], "change"]).as_array().unwrap().clone()).await?;
                        sorts.push(r[0].as_f64().unwrap_or(f64::NAN));
                    }
                    println!("sort change -> rendered, 10000 dashboards: {}", stats(sorts));
                    wait(&c, &tid("dashboard-row")).await?;
                }
                Ok(())
            })
            .await;
        stack.stop();
    }
}
