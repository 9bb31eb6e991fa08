//! The time range and auto-refresh of a dashboard, kept in the URL (`?range=6h&refresh=10s`,
//! or `?start=…&stop=…`) so a link reproduces the view; a refresh button; refresh that pauses
//! while the tab is hidden and catches up when it is shown again.

use crate::copy;
use dashboards_core::range::{PageTime, Preset, Refresh, TimeRange};
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the cells query with: the page's time and a counter that every refresh raises.
#[derive(Clone, Copy)]
pub struct Clock {
    pub time: Memo<PageTime>,
    /// Raised by the refresh button, the auto-refresh timer and a tab shown again after a
    /// missed refresh: each cell queries again.
    pub tick: RwSignal<u64>,
}

/// The page's time from the URL, and the refresh machinery. A bad URL value is said in
/// `error` and the default is used.
pub fn use_clock() -> (Clock, Memo<Option<String>>) {
    let location = use_location();
    let parsed = Memo::new(move |_| PageTime::from_query(&location.search.get()).map_err(|e| e.to_string()));
    let time = Memo::new(move |_| parsed.get().unwrap_or_default());
    let error = Memo::new(move |_| parsed.get().err());
    let tick = RwSignal::new(0u64);
    let clock = Clock { time, tick };
    auto_refresh(clock);
    (clock, error)
}

/// Raises `tick` every refresh interval while the tab is visible; a tab shown again after an
/// interval went by while hidden refreshes at once.
fn auto_refresh(clock: Clock) {
    let missed = StoredValue::new(false);
    let timer = StoredValue::new(None::<i32>);
    let hidden = || web_sys::window().and_then(|w| w.document()).map(|d| d.hidden()).unwrap_or(false);
    let stop = move || {
        if let (Some(id), Some(w)) = (timer.get_value(), web_sys::window()) {
            w.clear_interval_with_handle(id);
        }
        timer.set_value(None);
    };
    let tick_fn = send_wrapper::SendWrapper::new(Closure::<dyn Fn()>::new(move || {
        if hidden() {
            missed.set_value(true);
        } else {
            clock.tick.update(|t| *t += 1);
        }
    }));
    let tick_ref: js_sys::Function = tick_fn.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let tick_ref = send_wrapper::SendWrapper::new(tick_ref);
    Effect::new(move |_| {
        stop();
        if let (Some(ms), Some(w)) = (clock.time.get().refresh.millis(), web_sys::window()) {
            timer.set_value(w.set_interval_with_callback_and_timeout_and_arguments_0(&tick_ref, ms as i32).ok());
        }
    });
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if !hidden() && missed.get_value() {
            missed.set_value(false);
            clock.tick.update(|t| *t += 1);
        }
    });
    on_cleanup(move || {
        stop();
        visibility.remove();
        drop(tick_fn);
    });
}

/// The range picker's value for `range`.
fn picker_value(range: TimeRange) -> String {
    match range {
        TimeRange::Past(p) => p.as_str().to_owned(),
        TimeRange::Absolute { .. } => "custom".to_owned(),
    }
}

/// The range and refresh pickers, a custom range form and the refresh button.
#[component]
pub fn TimeBar(
    clock: Clock,
    #[prop(into)] url_error: Signal<Option<String>>,
    /// The page's path within the app (the router adds its base).
    path: String,
) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |next: PageTime| {
        let path = format!("{path}{}", next.to_query());
        navigate(&path, NavigateOptions { replace: false, scroll: false, ..Default::default() });
    };
    let go2 = go.clone();
    let custom_open = RwSignal::new(false);
    let start = RwSignal::new(String::new());
    let stop = RwSignal::new(String::new());
    let custom_error = RwSignal::new(None::<ApiError>);
    let go3 = go.clone();
    let apply_custom = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match TimeRange::parse_absolute(&start.get_untracked(), &stop.get_untracked()) {
            Ok(range) => {
                custom_error.set(None);
                custom_open.set(false);
                go3(PageTime { range, ..clock.time.get_untracked() });
            }
            Err(e) => custom_error.set(Some(ApiError::Validation { message: e.to_string() })),
        }
    };
    let selected = move || picker_value(clock.time.get().range);
    let picker = NodeRef::<leptos::html::Select>::new();
    // The custom range form opens on the range shown now (a past range as it is this instant),
    // so a custom range is edited, not typed again.
    let open_custom = move || {
        let (a, b) = clock.time.get_untracked().range.bounds((js_sys::Date::now() * 1e6) as i128);
        start.set(dashboards_core::time::format_rfc3339_nanos(a));
        stop.set(dashboards_core::time::format_rfc3339_nanos(b));
        custom_error.set(None);
        custom_open.set(true);
    };
    // Cancel: the picker shows the range in use again, not "Custom range".
    let close_custom = move || {
        custom_open.set(false);
        if let Some(el) = picker.get_untracked() {
            el.set_value(&picker_value(clock.time.get_untracked().range));
        }
    };
    let is_custom = move || matches!(clock.time.get().range, TimeRange::Absolute { .. });
    view! {
        <div class="timebar" data-testid="timebar">
            <label class="select">
                <span>{copy::TIME_RANGE}</span>
                <select node_ref=picker data-testid="time-range" prop:value=selected on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v == "custom" {
                        open_custom();
                    } else if let Some(p) = Preset::parse(&v) {
                        go(PageTime { range: TimeRange::Past(p), ..clock.time.get_untracked() });
                    }
                }>
                    {Preset::ALL.into_iter().map(|p| view! { <option value=p.as_str()>{p.label()}</option> }).collect_view()}
                    <option value="custom">{move || match clock.time.get().range {
                        r @ TimeRange::Absolute { .. } => r.label(),
                        _ => copy::CUSTOM_RANGE.to_owned(),
                    }}</option>
                </select>
            </label>
            // Choosing "custom" again changes nothing in the picker: this opens the form.
            <Show when=is_custom>
                <button class="btn" data-testid="range-edit" title=copy::EDIT_RANGE_HINT on:click=move |_| open_custom()>{copy::EDIT_RANGE}</button>
            </Show>
            <label class="select">
                <span>{copy::AUTO_REFRESH}</span>
                <select data-testid="refresh" prop:value=move || clock.time.get().refresh.as_str() on:change=move |ev| {
                    if let Some(r) = Refresh::parse(&event_target_value(&ev)) {
                        go2(PageTime { refresh: r, ..clock.time.get_untracked() });
                    }
                }>
                    {Refresh::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
            </label>
            <button class="btn" data-testid="refresh-now" title=copy::REFRESH_HINT on:click=move |_| clock.tick.update(|t| *t += 1)>"⟳ "{copy::REFRESH}</button>
            {move || url_error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="time-error">{e}</p> })}
        </div>
        {move || custom_open.get().then(|| view! {
            <form class="custom-range" data-testid="custom-range" on:submit=apply_custom.clone()>
                <label class="field"><span>{copy::START}</span>
                    <input type="text" placeholder="2026-11-27T08:00:00Z" data-testid="range-start" bind:value=start /></label>
                <label class="field"><span>{copy::STOP}</span>
                    <input type="text" placeholder="2026-11-27T12:00:00Z" data-testid="range-stop" bind:value=stop /></label>
                <crate::components::FormError error=custom_error testid="range-error" />
                <div class="dialog-actions">
                    <button type="button" class="btn" data-testid="range-cancel" on:click=move |_| close_custom()>{copy::CANCEL}</button>
                    <button type="submit" class="btn btn-primary" data-testid="range-apply">{copy::APPLY}</button>
                </div>
            </form>
        })}
    }
}
