//! What a cell's body shows: its data drawn by its view type, a note, or why there is nothing
//! to draw (no view yet, loading, the query's error, no results). A failing cell says so in
//! itself and leaves the others alone.

use super::data::{use_cell_data, watch_visible, CellData, Slots};
use super::timebar::Clock;
use crate::charts::{BandChart, Gauge, HeatmapChart, HistogramChart, MosaicChart, Note, ResultTable, ScatterChart, SingleStat, XyChart};
use crate::copy;
use dashboards_core::chart::{bands, flatten, histogram, last_value, mosaic, points, scatter, undrawn_tables, xy_series, ViewOptions};
use dashboards_core::model::{OrgId, ViewProperties};
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;

/// A loading state shows only past this, so fast answers do not flash.
const LOADING_DELAY_MS: i32 = 300;

/// The result names a band view matches: upper, main, lower.
fn band_names(o: &ViewOptions) -> (&str, &str, &str) {
    (&o.band.0, &o.band.1, &o.band.2)
}

/// The body of a cell whose view has `properties`.
#[component]
pub fn CellContent(
    org: OrgId,
    #[prop(into)] properties: Signal<Option<ViewProperties>>,
    /// Raised by the cell's own refresh button.
    tick: RwSignal<u64>,
    /// Told of the query's failure (InfluxDB's message, the query's first line): the view
    /// editor points at the line it names.
    #[prop(optional)]
    failure: Option<RwSignal<Option<(String, String)>>>,
) -> impl IntoView {
    let clock = expect_context::<Clock>();
    let slots = expect_context::<Slots>();
    let host = NodeRef::<Div>::new();
    let visible = RwSignal::new(false);
    let width = RwSignal::new(0u32);
    host.on_load(move |el| {
        width.set(el.client_width().max(0) as u32);
        watch_visible(&el, visible);
    });
    let map = Memo::new(move |_| properties.with(|p| Arc::new(p.as_ref().map(ViewProperties::to_map).unwrap_or_default())));
    let options = Memo::new(move |_| map.with(|m| ViewOptions::read(m)));
    let queries = Memo::new(move |_| {
        properties.with(|p| p.as_ref().map(|p| p.queries().iter().filter_map(|q| q.text.get().cloned()).collect()).unwrap_or_default())
    });
    let kind = Memo::new(move |_| options.with(|o| o.kind.clone()));
    let needs_data = Memo::new(move |_| !matches!(kind.get().as_str(), "" | "markdown"));
    let data = use_cell_data(
        org,
        clock,
        slots,
        Signal::derive(move || {
            tick.track();
            if needs_data.get() {
                queries.get()
            } else {
                Vec::new()
            }
        }),
        visible.into(),
        width.into(),
    );
    if let Some(failure) = failure {
        Effect::new(move |_| {
            let failed = data.get().flatten().and_then(|d| match d {
                CellData::Failed { message, query } => Some((message, query)),
                CellData::Ready(a) => a.error.as_ref().map(|e| (e.message.clone(), String::new())),
            });
            failure.set(failed);
        });
    }
    // "Loading…" only once an answer has taken a while.
    let slow = RwSignal::new(false);
    Effect::new(move |_| {
        clock.time.track();
        clock.tick.track();
        tick.track();
        slow.set(false);
        let timer = set_timeout_with_handle(move || slow.set(true), std::time::Duration::from_millis(LOADING_DELAY_MS as u64));
        on_cleanup(move || {
            if let Ok(t) = timer {
                t.clear();
            }
        });
    });
    // A table's sort outlives the answers: each refresh makes the table again.
    let table_sort = RwSignal::new(None::<(usize, bool)>);
    // What the x axis spans: read again at each refresh, as a past range moves with now.
    let range = Memo::new(move |_| {
        clock.tick.track();
        let (start, stop) = clock.time.get().range.bounds((js_sys::Date::now() * 1e6) as i128);
        (start as i64, stop as i64)
    });
    let body = move || -> AnyView {
        let o = options.get();
        match o.kind.as_str() {
            "" => return view! { <p class="muted">{copy::EMPTY_CELL}</p> }.into_any(),
            "markdown" => return view! { <Note text=o.note.clone() /> }.into_any(),
            _ => {}
        }
        if queries.with(Vec::is_empty) {
            return view! { <p class="muted" data-testid="no-queries">{copy::NO_QUERIES}</p> }.into_any();
        }
        let loaded = data.get().flatten();
        let answer = match loaded {
            None if slow.get() => return view! { <p class="muted loading" data-testid="cell-loading">{copy::LOADING}</p> }.into_any(),
            None => return ().into_any(),
            Some(CellData::Failed { message, query }) => {
                return view! {
                    <div class="cell-error" role="alert" data-testid="cell-error">
                        <p>{message}</p>
                        <p class="muted">{copy::IN_QUERY}" "<code>{query}</code></p>
                    </div>
                }
                .into_any()
            }
            Some(CellData::Ready(a)) => a,
        };
        let error = answer.error.as_ref().map(|e| {
            view! { <p class="cell-error" role="alert" data-testid="cell-error">{copy::QUERY_STOPPED}": "{e.message.clone()}</p> }
        });
        if answer.tables.is_empty() {
            return view! { <p class="muted" data-testid="no-results">{copy::NO_RESULTS}</p> {error} }.into_any();
        }
        // A band's lines, matched once: drawn as a band when the answer has them.
        let mut matched_bands = (o.kind == "band" && !o.band.1.is_empty())
            .then(|| bands(&answer, &o.x_column, &o.y_column, band_names(&o)))
            .filter(|b| !b.is_empty());
        let drawn = match o.kind.as_str() {
            "band" if matched_bands.is_some() => {
                let drawn = Arc::new(matched_bands.take().unwrap_or_default());
                view! { <BandChart bands=drawn options=o range=range /> }.into_any()
            }
            "xy" | "line-plus-single-stat" | "band" => {
                let series = Arc::new(xy_series(&answer, &o.x_column, &o.y_column));
                let stat = (o.kind == "line-plus-single-stat").then(|| last_value(&answer, &o.y_column)).flatten();
                let undrawn = undrawn_tables(&answer, &o.x_column, &o.y_column);
                let note = (o.kind == "band")
                    .then(|| view! { <p class="muted small" data-testid="band-unmatched">{copy::band_unmatched(&o.band.1)}</p> });
                let o2 = o.clone();
                view! {
                    <XyChart series=series options=o.clone() range=range />
                    {stat.map(|v| view! { <div class="stat-overlay"><SingleStat value=v options=o2 /></div> })}
                    {(undrawn > 0).then(|| view! { <p class="muted small">{copy::tables_not_drawn(undrawn)}</p> })}
                    {note}
                }
                .into_any()
            }
            "scatter" => {
                let s = scatter(&answer, &o.x_column, &o.y_column, &o.fill_columns, &o.symbol_columns);
                if s.xs.is_empty() {
                    return view! { <p class="muted">{copy::nothing_to_plot(&o.x_column, &o.y_column)}</p> {error} }.into_any();
                }
                view! { <ScatterChart data=Arc::new(s) options=o /> }.into_any()
            }
            "heatmap" => {
                let p = points(&answer, &o.x_column, &o.y_column);
                if p.xs.is_empty() {
                    return view! { <p class="muted">{copy::nothing_to_plot(&o.x_column, &o.y_column)}</p> {error} }.into_any();
                }
                view! { <HeatmapChart data=Arc::new(p) options=o /> }.into_any()
            }
            "histogram" => match histogram(&answer, &o.x_column, &o.fill_columns, o.bin_count, o.x.bounds) {
                Some(h) => view! { <HistogramChart data=Arc::new(h) options=o /> }.into_any(),
                None => view! { <p class="muted">{copy::nothing_to_plot(&o.x_column, "")}</p> }.into_any(),
            },
            "mosaic" => {
                let m = mosaic(&answer, &o.x_column, &o.series_columns, &o.fill_columns);
                if m.spans.is_empty() {
                    return view! { <p class="muted">{copy::nothing_to_plot(&o.x_column, "")}</p> {error} }.into_any();
                }
                view! { <MosaicChart data=Arc::new(m) options=o range=range /> }.into_any()
            }
            "single-stat" => match last_value(&answer, "_value") {
                Some(v) => view! { <SingleStat value=v options=o /> }.into_any(),
                None => view! { <p class="muted">{copy::NO_NUMBER}</p> }.into_any(),
            },
            "gauge" => match last_value(&answer, "_value") {
                Some(v) => view! { <Gauge value=v options=o /> }.into_any(),
                None => view! { <p class="muted">{copy::NO_NUMBER}</p> }.into_any(),
            },
            kind => {
                let note = (kind != "table")
                    .then(|| view! { <p class="muted small" data-testid="shown-as-table">{copy::shown_as_table(kind)}</p> });
                view! {
                    {note}
                    <ResultTable flat=Arc::new(flatten(&answer)) view=map.get() decimals=o.decimals sort=table_sort />
                }
                .into_any()
            }
        };
        view! { {drawn} {error} }.into_any()
    };
    view! { <div class="cell-content" node_ref=host>{body}</div> }
}
