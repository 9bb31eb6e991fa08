//! What a cell's queries return, for the page's time range: queried only while the cell is on
//! screen, one request at a time per cell, at most six for the page, cancelled when the range
//! changes or the page goes away, and parsed from annotated CSV.

use super::timebar::Clock;
use crate::session::use_session;
use dashboards_core::csv::{self, Answer};
use dashboards_core::model::OrgId;
use dashboards_core::query::QueryVars;
use dashboards_core::ApiError;
use leptos::prelude::*;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

/// Queries in flight at once for the whole page, whatever the number of cells.
pub const MAX_IN_FLIGHT: usize = 6;

/// How a cell's data came back.
#[derive(Clone, Debug)]
pub enum CellData {
    /// Tables (possibly none: "No results"), and the error a query reported after them.
    Ready(Arc<Answer>),
    /// The query failed: InfluxDB's message, and the query's first line to say which.
    Failed { message: String, query: String },
}

/// The page's query slots: a counting semaphore whose waiters are woken in order.
#[derive(Clone, Copy)]
pub struct Slots(StoredValue<(usize, VecDeque<js_sys::Function>), LocalStorage>);

impl Slots {
    pub fn new() -> Slots {
        Slots(StoredValue::new_local((MAX_IN_FLIGHT, VecDeque::new())))
    }

    /// Waits for a free slot; the slot is given back when the guard is dropped.
    async fn acquire(self) -> SlotGuard {
        loop {
            let mut free = false;
            self.0.update_value(|(n, _)| {
                if *n > 0 {
                    *n -= 1;
                    free = true;
                }
            });
            if free {
                return SlotGuard(self);
            }
            let wait = js_sys::Promise::new(&mut |resolve, _| self.0.update_value(|(_, q)| q.push_back(resolve)));
            let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
        }
    }
}

/// A taken query slot.
struct SlotGuard(Slots);

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let next = self.0 .0.try_update_value(|(n, q)| {
            *n += 1;
            q.pop_front()
        });
        if let Some(Some(wake)) = next {
            let _ = wake.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
}

/// What a cell's queries were run for (a refresh tick aside: the answer under way for this
/// range is still the one to show).
#[derive(Clone, PartialEq)]
struct Inputs {
    range: dashboards_core::range::TimeRange,
    texts: Vec<String>,
    on_screen: bool,
}

/// The data of one cell: `queries` (their Flux texts) run for the clock's range when
/// `visible`, again at each tick. `None` until the first answer.
pub fn use_cell_data(
    org: OrgId,
    clock: Clock,
    slots: Slots,
    queries: Signal<Vec<String>>,
    visible: Signal<bool>,
    width: Signal<u32>,
) -> LocalResource<Option<CellData>> {
    let session = use_session();
    // The request under way and what it was asked for; cancelled when that changes (a new
    // range, a tick, other queries, off screen) or when the cell goes away.
    let current = StoredValue::new_local(None::<(Inputs, web_sys::AbortController)>);
    on_cleanup(move || {
        if let Some(Some((_, c))) = current.try_update_value(Option::take) {
            c.abort();
        }
    });
    let inputs = move || Inputs { range: clock.time.with(|t| t.range), texts: queries.get(), on_screen: visible.get() };
    // At once: a resource starts its next run only once the one under way has answered, so
    // the next run cannot be what cancels it (a 20 s query for the old range ran to the end,
    // and cells waiting for a slot ran theirs first). A tick cancels nothing: the answer
    // under way is for the same range, and cancelling it would blank the cell.
    Effect::new(move |_| {
        let now = inputs();
        if let Some(Some((_, old))) = current.try_update_value(|c| c.take_if(|(asked, _)| *asked != now)) {
            old.abort();
        }
    });
    let org = Arc::new(org);
    LocalResource::new(move || {
        clock.tick.track();
        let asked = inputs();
        let (range, texts, on_screen) = (asked.range, asked.texts.clone(), asked.on_screen);
        let vars = QueryVars::new(range, width.get_untracked());
        let client = session.client();
        let org = org.clone();
        // Whatever was still under way for older inputs is cancelled.
        if let Some(Some((_, old))) = current.try_update_value(Option::take) {
            old.abort();
        }
        let abort = web_sys::AbortController::new().ok();
        let signal = abort.as_ref().map(|a| a.signal());
        current.set_value(abort.map(|a| (asked, a)));
        async move {
            if !on_screen || texts.is_empty() {
                return None;
            }
            let client = client?;
            let _slot = slots.acquire().await;
            let mut answer = Answer::default();
            for text in texts.iter().filter(|t| !t.trim().is_empty()) {
                let failed = |message: String| CellData::Failed { message, query: first_line(text) };
                let body = match client.query(&org, text, &vars, signal.as_ref()).await {
                    Ok(body) => body,
                    // A cancelled run is followed by the one that cancelled it.
                    Err(ApiError::Network { message }) if message.contains("cancelled") => return None,
                    Err(e) => return Some(failed(e.message().to_owned())),
                };
                match csv::parse(&body) {
                    Ok(part) => {
                        answer.tables.extend(part.tables);
                        if answer.error.is_none() {
                            answer.error = part.error;
                        }
                    }
                    Err(e) => return Some(failed(format!("The answer could not be read: {e}"))),
                }
            }
            Some(CellData::Ready(Arc::new(answer)))
        }
    })
}

/// The first line of a query, shortened, to say which query failed.
pub fn first_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    let mut s: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        s.push('…');
    }
    s
}

/// Watches whether `el` is on screen (an IntersectionObserver, disconnected on cleanup).
pub fn watch_visible(el: &web_sys::Element, visible: RwSignal<bool>) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(e) = entries.iter().last().and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()) {
            visible.set(e.is_intersecting());
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("200px");
    let Ok(observer) = web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &options) else {
        // Without the API every cell counts as visible.
        return visible.set(true);
    };
    observer.observe(el);
    let keep = send_wrapper::SendWrapper::new(Rc::new((observer, cb)));
    on_cleanup(move || keep.0.disconnect());
}
