use super::{IndexStore, SetState};
use crate::copy;
use dashboards_core::index::{IndexState, LabelMatch, SortOrder, PAGE_SIZES};
use leptos::prelude::*;

/// Search, sort, page size and the label filter.
#[component]
pub fn Toolbar(
    /// The index state (from the URL).
    #[prop(into)]
    state: Signal<IndexState>,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let set = expect_context::<SetState>();
    let several_labels = move || state.with(|s| s.labels.len() > 1);
    let change = move |f: &dyn Fn(&mut IndexState), replace: bool| set.set(state.get_untracked().with_filter_change(f), replace);
    view! {
        <div class="toolbar">
            <input
                type="search"
                class="search"
                placeholder=copy::SEARCH_PLACEHOLDER
                aria-label=copy::SEARCH_PLACEHOLDER
                data-testid="search"
                prop:value=move || state.with(|s| s.query.clone())
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    change(&|s| s.query = q.clone(), true)
                }
            />
            <label class="select">
                <span>{copy::SORT}</span>
                <select data-testid="sort" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    change(&|s| s.sort = SortOrder::from_param(&v).unwrap_or_default(), false)
                }>
                    {SortOrder::ALL.into_iter().map(|o| view! {
                        <option value=o.as_param() selected=move || state.with(|s| s.sort == o)>{o.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="select">
                <span>{copy::PER_PAGE}</span>
                <select data-testid="page-size" on:change=move |ev| {
                    let n = event_target_value(&ev).parse().unwrap_or(24);
                    change(&|s| s.page_size = n, false)
                }>
                    {PAGE_SIZES.into_iter().map(|n| view! {
                        <option value=n.to_string() selected=move || state.with(|s| s.page_size == n)>{n}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <div class="label-filter" data-testid="label-filter">
            <span class="muted">{copy::LABELS}</span>
            {move || store.labels.get().into_iter().map(|l| {
                let name = l.name.clone();
                let n2 = name.clone();
                let selected = Signal::derive(move || state.with(|s| s.labels.iter().any(|x| x.eq_ignore_ascii_case(&n2))));
                let toggle_name = name.clone();
                view! {
                    <button
                        class="chip"
                        class:selected=selected
                        data-testid="label-chip"
                        aria-pressed=move || selected.get().to_string()
                        style=move || crate::components::chip_style(&l, selected.get())
                        on:click=move |_| {
                            let n = toggle_name.clone();
                            change(&|s| {
                                if let Some(i) = s.labels.iter().position(|x| x.eq_ignore_ascii_case(&n)) {
                                    s.labels.remove(i);
                                } else {
                                    s.labels.push(n.clone());
                                }
                            }, false)
                        }
                    >{name}</button>
                }
            }).collect_view()}
            {move || {
                let known = store.labels.get();
                state.get().labels.into_iter().filter(|n| !known.iter().any(|l| l.name.eq_ignore_ascii_case(n))).map(|n| {
                    let gone = n.clone();
                    view! {
                        <button class="chip unknown selected" data-testid="label-chip-unknown" title=copy::UNKNOWN_LABEL_HINT
                            on:click=move |_| {
                                let g = gone.clone();
                                change(&|s| s.labels.retain(|x| !x.eq_ignore_ascii_case(&g)), false)
                            }>{n.clone()}" · "{copy::UNKNOWN_LABEL}" ×"</button>
                    }
                }).collect_view()
            }}
            <Show when=several_labels>
                <div class="match-toggle" role="group" aria-label=copy::MATCH>
                    <button class="btn btn-small" class:current=move || state.with(|s| s.label_match == LabelMatch::All) data-testid="match-all"
                        on:click=move |_| change(&|s| s.label_match = LabelMatch::All, false)>{copy::MATCH_ALL}</button>
                    <button class="btn btn-small" class:current=move || state.with(|s| s.label_match == LabelMatch::Any) data-testid="match-any"
                        on:click=move |_| change(&|s| s.label_match = LabelMatch::Any, false)>{copy::MATCH_ANY}</button>
                </div>
            </Show>
        </div>
    }
}
