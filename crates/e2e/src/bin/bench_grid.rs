//! `./x bench`: the dashboard page's figures, printed (nothing here asserts a timing).
//! - Requests to open a dashboard, and for one drag of a cell (counted at the dev server).
//! - In headless Chromium, a script drags one cell across a 100-cell dashboard, one pointer
//!   move per animation frame: the time from dispatching each pointermove to the page's new
//!   layout (handler, reactive updates, style and layout), and the frame-to-frame intervals.

use dashboards_core::layout::{insert_item, place_new, Item};
use e2e::fantoccini::actions::{Actions, InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use e2e::fantoccini::Locator;
use e2e::figures::quantile;
use e2e::{tid, wait, Backend, Stack};
use influx_devserver::Config;
use serde_json::json;
use std::time::Duration;

/// Drags the first cell's header in `steps` pointer moves, one per animation frame, over a
/// path that crosses the grid; returns [per-move ms..., frame-interval ms...] as two arrays.
const DRAG_SCRIPT: &str = r#"
const [steps, done] = arguments;
const cell = document.querySelector('[data-testid=cell]');
const head = cell.querySelector('[data-testid=cell-handle]');
const grid = document.querySelector('[data-testid=grid]').getBoundingClientRect();
const r = head.getBoundingClientRect();
const x0 = r.left + 20, y0 = r.top + 10;
const ev = (type, x, y) => new PointerEvent(type, { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true,
  pointerType: 'mouse', button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: x, clientY: y });
head.dispatchEvent(ev('pointerdown', x0, y0));
const work = [], frames = [];
let i = 0, last = null;
function frame(ts) {
  if (last !== null) frames.push(ts - last);
  last = ts;
  if (i >= steps) {
    head.dispatchEvent(ev('pointerup', x0, y0));
    done([work, frames]);
    return;
  }
  // Across the grid and back down, in a zigzag.
  const t = i / steps;
  const x = x0 + (grid.width - 200) * Math.abs(Math.sin(t * Math.PI * 3));
  const y = y0 + 1600 * t;
  const t0 = performance.now();
  head.dispatchEvent(ev('pointermove', x, y));
  void document.body.getBoundingClientRect().height; // style and layout, as the paint needs
  work.push(performance.now() - t0);
  i++;
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"#;

fn stats(mut v: Vec<f64>) -> String {
    let (p50, p95, max) = (quantile(&mut v, 0.5), quantile(&mut v, 0.95), quantile(&mut v, 1.0));
    format!("p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms (n={})", v.len())
}

/// A seeded layout of `n` cells, widths 2–6 and heights 2–5, placed as a person adds them.
fn layout(n: usize) -> Vec<Item<usize>> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let mut items: Vec<Item<usize>> = Vec::new();
    for i in 0..n {
        let (w, h) = (2 + next(5) as i32, 2 + next(4) as i32);
        let (x, y) = place_new(&items, w, h);
        insert_item(&mut items, Item::new(i, x, y, w, h));
    }
    items
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    println!("bench: dashboard grid (release UI behind nginx, dev server, headless Chromium)");
    let stack: &'static Stack = Box::leak(Box::new(Stack::start(Backend::DevServer(Config { seed_demo: true, ..Default::default() }))));
    let org = stack.org_id();
    let (_, d) = stack.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": org, "name": "bench: 100 cells"})));
    let id = d["id"].as_str().expect("a dashboard").to_owned();
    for it in layout(100) {
        let body = json!({"x": it.x, "y": it.y, "w": it.w, "h": it.h, "name": format!("cell {}", it.id)});
        let (st, _) = stack.call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&body));
        assert_eq!(st, 201);
    }
    stack
        .with_browser(move |c| async move {
            stack.sign_in(&c).await?;
            stack.reset_requests();
            c.goto(&format!("{}/ui/orgs/{org}/dashboards/{id}", stack.base)).await?;
            c.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css(&tid("cell"))).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let opened: Vec<String> = stack.requests().into_iter().map(|(k, n)| format!("{n} × {k}")).collect();
            println!("requests: opening a 100-cell dashboard (the app already loaded): {}", opened.join(", "));

            // One real drag over WebDriver: what it sends.
            stack.reset_requests();
            let head = c.find(Locator::Css(&format!("{} {}", tid("cell"), tid("cell-handle")))).await?;
            let mut mouse = MouseActions::new("mouse".into())
                .then(PointerAction::MoveToElement { element: head, duration: None, x: 0.0, y: 0.0 })
                .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
            for _ in 0..5 {
                mouse = mouse.then(PointerAction::MoveBy { duration: Some(Duration::from_millis(40)), x: 120.0, y: 60.0 });
            }
            c.perform_actions(Actions::from(mouse.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT }))).await?;
            c.release_actions().await?;
            tokio::time::sleep(Duration::from_millis(800)).await;
            let dragged: Vec<String> = stack.requests().into_iter().map(|(k, n)| format!("{n} × {k}")).collect();
            println!("requests: one drag of a cell: {} (the GET checks for changes made elsewhere before the PUT)", dragged.join(", "));
            wait(&c, &tid("cell")).await?;

            stack.reset_requests();
            for round in 0..2 {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let r = c.execute_async(DRAG_SCRIPT, vec![json!(240)]).await?;
                let work: Vec<f64> = r[0].as_array().into_iter().flatten().filter_map(|v| v.as_f64()).collect();
                let frames: Vec<f64> = r[1].as_array().into_iter().flatten().filter_map(|v| v.as_f64()).collect();
                if round == 0 {
                    continue; // warm-up
                }
                println!("drag across 100 cells, pointermove -> new layout (handler, updates, style, layout): {}", stats(work));
                println!("drag across 100 cells, frame intervals while dragging (16.7 ms = no frame dropped): {}", stats(frames));
            }
            tokio::time::sleep(Duration::from_millis(800)).await;
            let puts: u64 = stack.requests().iter().filter(|(k, _)| k.starts_with("PUT ")).map(|(_, n)| n).sum();
            println!("  (each of the 2 scripted drags moved cells and was saved: {puts} PUT)");
            Ok(())
        })
        .await;
    stack.stop();
}
