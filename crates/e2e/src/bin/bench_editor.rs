//! `./x bench`: the view editor's figures (issue #10), printed (nothing here asserts a
//! timing). In headless Chromium, with the release UI behind nginx and the dev server:
//! 1. Editor open to interactive: from the click on a cell menu's "Configure" (the dashboard
//!    loaded and its cell drawn) to the Flux textarea present and taking the focus, and from
//!    a page load of the editor's address (navigation start) to the same.
//! 2. Highlighting per keystroke: a 500-line Flux script (and a 50-line one) set once, then
//!    one character typed at a random place of the lines on screen, as a key press types it
//!    (`insertText` at the caret, which fires `input`); timed in the page from the key to the
//!    highlighted layer rebuilt (a MutationObserver) and laid out, against the budget of one
//!    frame (16.7 ms). Beside it, what a bare textarea costs the browser for the same script,
//!    typed into and with its whole value set (what each keystroke cost before the bench typed
//!    as a key press does and the editor edited in place).
//!
//! Environment: `E2E_DIST` (the dist built for `/ui/`; `./x bench` sets it).

use e2e::fantoccini::{Client, Locator};
use e2e::figures::{numbers, quantile};
use e2e::{tid, wait, Backend, Stack};
use influx_devserver::{seed, Config};
use serde_json::json;
use std::time::Duration;

/// Runs of each open figure, after one warm-up run that is dropped.
const OPENS: usize = 15;
/// Keystrokes per script, after a warm-up batch that is dropped.
const KEYSTROKES: usize = 200;
/// Keystrokes per `execute_async` call (each a few ms to a few tens of ms).
const BATCH: usize = 20;
/// One frame at 60 Hz.
const FRAME_MS: f64 = 1000.0 / 60.0;

fn stats(v: &mut [f64]) -> String {
    let (p50, p95, max) = (quantile(v, 0.5), quantile(v, 0.95), quantile(v, 1.0));
    format!("p50 {p50:>6.2} ms, p95 {p95:>6.2} ms, max {max:>6.2} ms (n={})", v.len())
}

/// A Flux script of `lines` lines, as dashboards hold them: blocks of from / range /
/// filter (with a regex) / aggregateWindow / map / timeShift / yield, with comments,
/// strings, numbers and durations, each block over another measurement and field.
fn flux_script(lines: usize) -> String {
    let series = [
        ("cpu", "usage_user", "host", r"/^web-[0-9]+$/"),
        ("mem", "used_percent", "host", r"/^(db|cache)-\d+$/"),
        ("disk", "used_percent", "path", r#"/^\/(var|srv)\//"#),
        ("net", "bytes_recv", "interface", r"/^eth[0-9]$/"),
        ("http", "latency_ms", "route", r"/^\/api\/v2\/.*/"),
    ];
    let windows = ["v.windowPeriod", "1m", "5m30s", "1h"];
    let aggregates = ["mean", "max", "last", "median"];
    let mut out = Vec::with_capacity(lines + 10);
    let mut i = 0;
    while out.len() < lines {
        let (m, f, tag, re) = series[i % series.len()];
        let (every, agg) = (windows[i % windows.len()], aggregates[(i / 2) % aggregates.len()]);
        out.push(format!("// {m} {f} by {tag}, block {i}: {agg} over {every}"));
        out.push(format!("{m}_{i} = from(bucket: \"demo\")"));
        out.push("  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)".into());
        out.push(format!("  |> filter(fn: (r) => r._measurement == \"{m}\" and r._field == \"{f}\")"));
        out.push(format!("  |> filter(fn: (r) => r.{tag} =~ {re} and r.{tag} != \"total\")"));
        out.push(format!("  |> aggregateWindow(every: {every}, fn: {agg}, createEmpty: false)"));
        out.push(format!("  |> map(fn: (r) => ({{r with _value: float(v: r._value) * {}.5, unit: \"%\"}}))", i % 7 + 1));
        out.push(format!("  |> timeShift(duration: -{}h{}m) // compare with earlier", i % 24 + 1, (i * 7) % 60));
        out.push(format!("  |> yield(name: \"{m}_{i}\")"));
        out.push(String::new());
        i += 1;
    }
    out.truncate(lines);
    out.join("\n")
}

/// A dashboard with one xy cell reading the demo bucket; its id and the cell's.
fn dashboard(stack: &Stack, org: &str) -> (String, String) {
    let (st, d) = stack.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": org, "name": e2e::unique("bench: editor")})));
    assert_eq!(st, 201, "dashboard: {d}");
    let id = d["id"].as_str().expect("a dashboard id").to_owned();
    let (st, cell) =
        stack.call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&json!({"x": 0, "y": 0, "w": 12, "h": 4, "name": "cpu"})));
    assert_eq!(st, 201, "cell: {cell}");
    let cell = cell["id"].as_str().expect("a cell id").to_owned();
    let view = json!({"name": "cpu", "properties": seed::properties("xy", "cpu", "usage_user", "")});
    let (st, v) = stack.call("PATCH", &format!("/api/v2/dashboards/{id}/cells/{cell}/view"), Some(&view));
    assert_eq!(st, 200, "view: {v}");
    (id, cell)
}

/// `ready()`: the Flux textarea is in the page, enabled and takes the focus (given back).
/// `highlighted()`: the layer under it shows the script.
const READY: &str = r#"
function ready() {
  const a = document.querySelector('[data-testid=flux-input]');
  if (!a || a.disabled || a.readOnly || a.getClientRects().length === 0) return false;
  const before = document.activeElement;
  a.focus();
  const ok = document.activeElement === a;
  if (ok) {
    a.blur();
    if (before && before !== document.body && before !== a && before.focus) before.focus();
  }
  return ok;
}
function highlighted() {
  const l = document.querySelector('[data-testid=flux-highlight]');
  return !!l && l.textContent.trim().length > 0;
}
"#;

/// Before the click on Configure: notes the click's time stamp, then watches the page for
/// the textarea ready and the script highlighted, in `window.__open`.
const WATCH_OPEN: &str = r#"
const o = window.__open = { click: null, ready: null, highlighted: null };
document.addEventListener('click', e => { if (o.click === null) o.click = e.timeStamp; }, { capture: true, once: true });
const mo = new MutationObserver(() => {
  if (o.click === null) return;
  const now = performance.now();
  if (o.ready === null && ready()) o.ready = now;
  if (o.highlighted === null && highlighted()) o.highlighted = now;
  if (o.ready !== null && o.highlighted !== null) mo.disconnect();
});
mo.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
"#;

/// Waits for `window.__open` to be complete; answers [ms to ready, ms to highlighted].
const OPENED: &str = r#"
const [done] = arguments;
const o = window.__open;
const t = performance.now();
(function check() {
  if (o.ready !== null && o.highlighted !== null) return done([o.ready - o.click, o.highlighted - o.click]);
  if (performance.now() - t > 20000) return done('timed out: ' + JSON.stringify(o));
  requestAnimationFrame(check);
})();
"#;

/// After a page load of the editor's address: polls every animation frame until `ready()`
/// and `highlighted()`; answers [ms since navigation start to ready, to highlighted, polls].
const UNTIL_READY: &str = r#"
const [done] = arguments;
let polls = 0, r = null, h = null;
(function check() {
  polls++;
  const now = performance.now();
  if (r === null && ready()) r = now;
  if (h === null && highlighted()) h = now;
  if (r !== null && h !== null) return done([r, h, polls]);
  if (now > 60000) return done('timed out');
  requestAnimationFrame(check);
})();
"#;

/// Figure 1: the editor of one xy cell opened from its menu, and by its address.
async fn open(stack: &Stack, c: &Client, org: &str, id: &str, cell: &str) -> e2e::Result {
    let board = format!("{}/ui/orgs/{org}/dashboards/{id}", stack.base);
    let (mut ready, mut shown) = (Vec::new(), Vec::new());
    for run in 0..=OPENS {
        c.goto(&board).await?;
        c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=chart][data-kind=xy] canvas[style]")).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        wait(c, &format!("[data-cell-id=\"{cell}\"] {}", tid("cell-menu"))).await?.click().await?;
        let configure = wait(c, &tid("cell-configure")).await?;
        c.execute(&format!("{READY}{WATCH_OPEN}"), vec![]).await?;
        configure.click().await?;
        let r = c.execute_async(&format!("{READY}{OPENED}"), vec![]).await?;
        let v = numbers(&r);
        if v.len() != 2 {
            return Err(format!("the editor did not open from Configure: {r}").into());
        }
        if run > 0 {
            ready.push(v[0]);
            shown.push(v[1]);
        }
    }
    let edit = format!("{board}/cells/{cell}/edit");
    let (mut cold, mut cold_shown) = (Vec::new(), Vec::new());
    let mut first_poll = 0;
    for run in 0..=OPENS {
        c.goto(&edit).await?;
        let r = c.execute_async(&format!("{READY}{UNTIL_READY}"), vec![]).await?;
        let v = numbers(&r);
        if v.len() != 3 {
            return Err(format!("the editor did not open from its address: {r}").into());
        }
        if run > 0 {
            first_poll += usize::from(v[2] <= 1.0);
            cold.push(v[0]);
            cold_shown.push(v[1]);
        }
    }
    println!("editor open -> interactive (the Flux textarea in the page and taking the focus), an xy cell's editor:");
    let highlighted = |ready: &[f64], shown: &mut [f64]| {
        if ready == shown {
            "the script highlighted in the same mutation".to_owned()
        } else {
            format!("script highlighted: {}", stats(shown))
        }
    };
    let (same_click, same_cold) = (highlighted(&ready, &mut shown), highlighted(&cold, &mut cold_shown));
    println!("  click on the cell menu's Configure (dashboard loaded, cell drawn) -> textarea focusable: {}", stats(&mut ready));
    println!("    ({same_click})");
    println!("  page load of the editor's address (from navigation start)        -> textarea focusable: {}", stats(&mut cold));
    println!("    ({same_cold})");
    if first_poll > 0 {
        println!(
            "  ({first_poll} of {OPENS} page loads were ready at the first poll, after WebDriver's load: those times are upper bounds)"
        );
    }
    Ok(())
}

/// Sets the textarea's whole text with one `input` event (a paste) and waits for the
/// layer; answers [ms, lines in the layer, spans in the layer].
const SET_SCRIPT: &str = r#"
const [text, done] = arguments;
const area = document.querySelector('[data-testid=flux-input]');
const layer = document.querySelector('[data-testid=flux-highlight]');
const mo = new MutationObserver(() => {
  mo.disconnect();
  const ms = performance.now() - t0;
  done([ms, layer.textContent.split('\n').length, layer.querySelectorAll('span').length]);
});
mo.observe(layer, { childList: true, subtree: true, characterData: true });
area.focus();
area.value = text;
area.setSelectionRange(0, 0);
const t0 = performance.now();
area.dispatchEvent(new Event('input', { bubbles: true }));
setTimeout(() => { mo.disconnect(); done('the highlight layer did not change'); }, 10000);
"#;

/// `n` keystrokes: at the start of a frame, the caret put at a random place of the lines on
/// screen and one character typed there (`insertText`, the edit a key press makes, which fires
/// `input`). Answers, per keystroke, the ms
/// from the event to the layer's DOM changed (`dom`) and to its style and layout done (with
/// the textarea's: `layout`), and the frame-to-frame time across the keystroke (`frames`,
/// 16.7 when no frame is late, else the keystroke's work, paint included, made it late). Also: keystrokes whose layer did not change in 2 s (`missed`),
/// whose caret moved (`caret`), whether the layer's text still is a run of the textarea's lines (`same`)
/// and whether the layer element was replaced (`replaced`).
const TYPE: &str = r#"
const [n, seed, done] = arguments;
const area = document.querySelector('[data-testid=flux-input]');
const layer = document.querySelector('[data-testid=flux-highlight]');
let s = seed >>> 0;
const rand = () => {
  s = (s + 0x6D2B79F5) >>> 0;
  let t = Math.imul(s ^ (s >>> 15), s | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const chars = 'abcdefghijklmnopqrstuvwxyz_0123456789 ';
const frame = () => new Promise(ok => requestAnimationFrame(ok));
(async () => {
  const out = { dom: [], layout: [], frames: [], missed: 0, caret: 0, refused: 0, same: true, replaced: false };
  for (let i = 0; i < n; i++) {
    const f0 = await frame();
    const v = area.value;
    // Typing happens where the caret is: on a line the textarea shows.
    const lh = 20, first = Math.floor(area.scrollTop / lh), rows = Math.max(1, Math.floor(area.clientHeight / lh));
    const lines = v.split('\n');
    const line = Math.min(lines.length - 1, first + Math.floor(rand() * rows));
    let at = 0;
    for (let k = 0; k < line; k++) at += lines[k].length + 1;
    at += Math.floor(rand() * (lines[line].length + 1));
    area.setSelectionRange(at, at);
    let changed;
    const seen = new Promise(ok => { changed = ok; });
    const mo = new MutationObserver(() => changed(performance.now()));
    mo.observe(layer, { childList: true, subtree: true, characterData: true });
    const t0 = performance.now();
    // What a key press does: the browser inserts the character at the caret (an edit of the
    // textarea's text in place) and fires `input`.
    if (!document.execCommand('insertText', false, chars[Math.floor(rand() * chars.length)])) out.refused++;
    const t1 = await Promise.race([seen, new Promise(ok => setTimeout(() => ok(null), 2000))]);
    mo.disconnect();
    if (t1 === null) { out.missed++; continue; }
    void layer.getBoundingClientRect().height;
    const t2 = performance.now();
    const f1 = await frame();
    if (area.selectionStart !== at + 1 || area.selectionEnd !== at + 1) out.caret++;
    out.dom.push(t1 - t0);
    out.layout.push(t2 - t0);
    out.frames.push(f1 - f0);
  }
  out.replaced = document.querySelector('[data-testid=flux-highlight]') !== layer;
  // The layer holds the lines on screen (and a screen around them): a run of the script's
  // lines; a script that ends with a line break ends there with a space.
  const a = area.value, l = layer.textContent;
  out.same = l.length > 0 && (a.includes(l) || (a.endsWith('\n') && a.endsWith(l.slice(0, -1))));
  return out;
})().then(done, e => done(String(e)));
"#;

/// The browser's own part of a keystroke, without the app: the layer's HTML set again as it
/// is (parsed, the nodes replaced), then its style and layout; answers [[parse ms...],
/// [layout ms...]] over `n` runs.
const BROWSER_SHARE: &str = r#"
const [n] = arguments;
const layer = document.querySelector('[data-testid=flux-highlight]');
const html = layer.innerHTML;
const out = [[], []];
void document.body.getBoundingClientRect();
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  layer.innerHTML = html;
  const t1 = performance.now();
  void layer.getBoundingClientRect().height;
  out[0].push(t1 - t0);
  out[1].push(performance.now() - t1);
}
return out;
"#;

/// The browser alone, no app: a textarea styled as the editor's, holding the same script,
/// off to the side; `n` characters typed into it (`insertText`), then `n` times its whole
/// value set with one character more (what a keystroke cost when the editor set the value).
/// Answers [[typed ms...], [value set ms...]], each to style and layout done.
const BARE_TEXTAREA: &str = r#"
const [n] = arguments;
const area = document.querySelector('[data-testid=flux-input]');
const bare = document.createElement('textarea');
const cs = getComputedStyle(area);
for (const p of ['font', 'line-height', 'white-space', 'padding', 'width', 'height', 'tab-size', 'box-sizing'])
  bare.style.setProperty(p, cs.getPropertyValue(p));
bare.style.position = 'fixed';
bare.style.left = '0';
bare.style.top = '0';
bare.style.opacity = '0';
bare.value = area.value;
document.body.appendChild(bare);
bare.focus();
void bare.getBoundingClientRect();
const out = [[], []];
for (let i = 0; i < n; i++) {
  const at = Math.floor(bare.value.length / 2);
  bare.setSelectionRange(at, at);
  const t0 = performance.now();
  document.execCommand('insertText', false, 'x');
  void bare.getBoundingClientRect().height;
  void bare.scrollTop;
  out[0].push(performance.now() - t0);
}
for (let i = 0; i < n; i++) {
  const v = bare.value, at = Math.floor(v.length / 2);
  const t0 = performance.now();
  bare.value = v.slice(0, at) + 'x' + v.slice(at);
  void bare.getBoundingClientRect().height;
  void bare.scrollTop;
  out[1].push(performance.now() - t0);
}
bare.remove();
area.focus();
return out;
"#;

/// Figure 2: the keystroke cost on a script of `lines` lines, in the open editor.
async fn keystrokes(stack: &Stack, c: &Client, lines: usize, seed: u32) -> e2e::Result {
    let script = flux_script(lines);
    let set = c.execute_async(SET_SCRIPT, vec![json!(script)]).await?;
    let set = numbers(&set);
    if set.len() != 3 {
        return Err(format!("could not set the {lines}-line script: {set:?}").into());
    }
    let (mut dom, mut layout, mut frames) = (Vec::new(), Vec::new(), Vec::new());
    let (mut missed, mut caret, mut refused, mut same, mut replaced) = (0, 0, 0, true, false);
    stack.reset_requests();
    for batch in 0..=KEYSTROKES / BATCH {
        let n = if batch == 0 { 10 } else { BATCH };
        let r = c.execute_async(TYPE, vec![json!(n), json!(seed + batch as u32)]).await?;
        if !r.is_object() {
            return Err(format!("typing failed: {r}").into());
        }
        same &= r["same"].as_bool().unwrap_or(false);
        replaced |= r["replaced"].as_bool().unwrap_or(true);
        if batch > 0 {
            missed += r["missed"].as_u64().unwrap_or(0);
            caret += r["caret"].as_u64().unwrap_or(0);
            refused += r["refused"].as_u64().unwrap_or(0);
            dom.extend(numbers(&r["dom"]));
            layout.extend(numbers(&r["layout"]));
            frames.extend(numbers(&r["frames"]));
        }
    }
    let requests: Vec<String> = stack.requests().into_iter().map(|(k, n)| format!("{n} × {k}")).collect();
    let share = c.execute(BROWSER_SHARE, vec![json!(9)]).await?;
    let (mut parse, mut relayout) = (numbers(&share[0]), numbers(&share[1]));
    let bare = c.execute(BARE_TEXTAREA, vec![json!(25)]).await?;
    let (mut bare_typed, mut bare_set) = (numbers(&bare[0]), numbers(&bare[1]));
    println!(
        "  {lines}-line script ({} KB, {} spans in the layer; set at once by one input event in {:.1} ms):",
        script.len() / 1024,
        set[2],
        set[0]
    );
    if dom.is_empty() {
        println!("    the highlight layer never changed on a keystroke ({missed} keystrokes)");
        return Ok(());
    }
    println!("    input -> the layer's DOM rebuilt (highlight_lines of the lines on screen, innerHTML): {}", stats(&mut dom));
    println!("    input -> style and layout done (the layer's, the textarea's): {}", stats(&mut layout));
    println!("    frame to frame across the keystroke (16.7 = none late):       {}", stats(&mut frames));
    let over = layout.iter().filter(|&&ms| ms > FRAME_MS).count();
    let late = frames.iter().filter(|&&ms| ms > FRAME_MS * 1.5).count();
    println!(
        "    against the budget ({FRAME_MS:.1} ms): {over} of {} keystrokes laid out later than that, {late} made the next frame late",
        layout.len()
    );
    println!(
        "    the browser's part alone (the same HTML set again, no wasm): parse {:.1} ms + style and layout {:.1} ms (medians of {})",
        quantile(&mut parse, 0.5),
        quantile(&mut relayout, 0.5),
        parse.len()
    );
    println!(
        "    a bare textarea with this script (no app), to style and layout: a character typed {:.1} ms, the whole value set {:.1} ms (medians of {})",
        quantile(&mut bare_typed, 0.5),
        quantile(&mut bare_set, 0.5),
        bare_typed.len()
    );
    if refused > 0 {
        println!("    ({refused} keystrokes were refused by the browser's insertText)");
    }
    if missed > 0 {
        println!("    ({missed} keystrokes did not change the layer within 2 s)");
    }
    if caret > 0 {
        println!("    ({caret} keystrokes left the caret somewhere else than after the inserted character)");
    }
    if !same {
        println!("    (after typing, the layer's text is not a run of the script's lines)");
    }
    if replaced {
        println!("    (the layer element was replaced while typing)");
    }
    println!("    requests while typing: {}", if requests.is_empty() { "none".to_owned() } else { requests.join(", ") });
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    println!("bench: view editor (release UI behind nginx, dev server, headless Chromium)");
    let stack: &'static Stack = Box::leak(Box::new(Stack::start(Backend::DevServer(Config { seed_demo: true, ..Default::default() }))));
    let org = stack.org_id();
    let (id, cell) = dashboard(stack, &org);
    stack
        .with_browser(move |c| async move {
            stack.sign_in(&c).await?;
            open(stack, &c, &org, &id, &cell).await?;
            // The editor is open from the last page load of its address; its preview's query
            // must be done, so the requests counted while typing are the typing's.
            c.wait()
                .at_most(Duration::from_secs(30))
                .for_element(Locator::Css("[data-testid=editor-preview] [data-testid=chart] canvas[style]"))
                .await
                .map_err(|e| format!("the preview's chart: {e}"))?;
            println!("Flux highlighting per keystroke (one character typed at a random place, insertText at the caret; budget: one frame, {FRAME_MS:.1} ms):");
            keystrokes(stack, &c, 500, 0x5eed).await?;
            keystrokes(stack, &c, 50, 0xf15).await?;
            Ok(())
        })
        .await;
    stack.stop();
}
