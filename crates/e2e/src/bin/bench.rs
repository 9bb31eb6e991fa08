//! `./x bench`: the index's figures, printed (nothing here asserts a timing).
//! - HTTP requests to load the index, for 150 and 10,000 dashboards, with influxd's
//!   `enforceOrgDashboardLimits` off (its default) and on; budget ⌈N/100⌉ + 1.
//! - With 10,000 dashboards in headless Chromium: load time, and the time from a filter
//!   keystroke or a sort change to the rendered page (48 each, 60 ms apart as typing is).

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

/// The time between two timed interactions.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(60);

fn stats(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    format!("median {:.2} ms, p90 {:.2} ms, min {:.2} ms, max {:.2} ms (n={})", q(0.5), q(0.9), v[0], v[v.len() - 1], v.len())
}

fn start(dashboards: usize, enforce: bool) -> &'static Stack {
    let config = Config { seed_demo: true, seed_dashboards: dashboards, enforce_org_dashboard_limits: enforce, ..Default::default() };
    // One stack per configuration, stopped explicitly below.
    Box::leak(Box::new(Stack::start(Backend::DevServer(config))))
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
