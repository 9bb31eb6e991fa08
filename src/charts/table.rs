//! A query's answer as a table: the view's field options, sorting by a column header click,
//! times in the view's format, decimal places, a first column that stays while scrolling
//! sideways. Only the rows in view are in the page, so 100,000 rows scroll like 100.

use dashboards_core::chart::{format_value, shown_columns, sort_rows, timestamp, Flat};
use dashboards_core::csv::Value;
use leptos::html::Div;
use leptos::prelude::*;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

const ROW_PX: f64 = 24.0;
/// Rows drawn above and below the visible ones, so a fast scroll shows no gap.
const OVERSCAN: usize = 10;

/// The table of `flat`, with the options of `view` (its properties as JSON).
#[component]
pub fn ResultTable(
    #[prop(into)] flat: Signal<Arc<Flat>>,
    #[prop(into)] view: Signal<Arc<Map<String, Json>>>,
    /// Decimal places when the view enforces them.
    #[prop(into)]
    decimals: Signal<Option<u32>>,
    /// The column sorted by (index, descending), kept by the caller when the table is made
    /// again for each answer (a refresh must not undo the user's sort); the table's own if none.
    #[prop(optional)]
    sort: Option<RwSignal<Option<(usize, bool)>>>,
) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let top = RwSignal::new(0.0);
    let height = RwSignal::new(400.0);
    let sort = sort.unwrap_or_else(|| RwSignal::new(None));
    let columns = Memo::new(move |_| flat.with(|f| view.with(|v| shown_columns(f, v))));
    let fixed_first = Memo::new(move |_| {
        view.with(|v| v.get("tableOptions").and_then(|o| o.get("fixFirstColumn")).and_then(Json::as_bool).unwrap_or(false))
    });
    let order = Memo::new(move |_| {
        flat.with(|f| match sort.get() {
            Some((c, desc)) if c < f.columns.len() => sort_rows(f, c, desc),
            _ => (0..f.rows).collect(),
        })
    });
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    let cell_text = move |v: &Value| match v {
        Value::Time(t) => timestamp(*t, offset),
        Value::Double(d) => format_value(*d, decimals.get_untracked(), "", ""),
        other => other.to_string(),
    };
    let window = move || {
        let first = ((top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        let count = (height.get() / ROW_PX) as usize + 2 * OVERSCAN;
        (first, count)
    };
    view! {
        <div class="result-table" data-testid="result-table" node_ref=scroller
            on:scroll=move |_| if let Some(el) = scroller.get_untracked() { top.set(el.scroll_top() as f64); height.set(el.client_height() as f64) }>
            <table class:fixed-first=move || fixed_first.get()>
                <thead>
                    <tr>
                        {move || columns.get().into_iter().map(|(c, name)| {
                            let mark = move || match sort.get() {
                                Some((s, false)) if s == c => " ▲",
                                Some((s, true)) if s == c => " ▼",
                                _ => "",
                            };
                            view! {
                                <th data-testid="column-head" on:click=move |_| sort.update(|s| *s = match *s {
                                    Some((x, false)) if x == c => Some((c, true)),
                                    Some((x, true)) if x == c => None,
                                    _ => Some((c, false)),
                                })>{name}{mark}</th>
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let (first, count) = window();
                        let total = flat.with(|f| f.rows);
                        let last = (first + count).min(total);
                        let cols = columns.get();
                        let rows = order.with(|o| o[first.min(o.len())..last.min(o.len())].to_vec());
                        let before = first as f64 * ROW_PX;
                        let after = (total - last) as f64 * ROW_PX;
                        flat.with(|f| view! {
                            <tr style=format!("height: {before}px")></tr>
                            {rows.into_iter().map(|r| view! {
                                <tr data-testid="result-row">
                                    {cols.iter().map(|(c, _)| view! { <td>{cell_text(&f.cells[*c][r])}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                            <tr style=format!("height: {after}px")></tr>
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}
