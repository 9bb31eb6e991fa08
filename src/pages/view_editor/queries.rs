//! The queries of a view: a tab per query (add, rename, remove, reorder) and the Flux script
//! of the chosen one.

use super::flux::FluxEditor;
use super::Draft;
use crate::copy;
use dashboards_core::editor::assist::flux_error_line;
use dashboards_core::editor::defaults::default_query;
use leptos::prelude::*;
use serde_json::Value;

/// Runs `f` on the draft's queries (made an empty list when missing).
fn with_queries(draft: Draft, f: impl FnOnce(&mut Vec<Value>)) {
    draft.props.update(|p| {
        let q = p.entry("queries").or_insert_with(|| Value::Array(Vec::new()));
        if !q.is_array() {
            *q = Value::Array(Vec::new());
        }
        if let Value::Array(list) = q {
            f(list);
        }
    });
}

fn query_name(q: &Value, i: usize) -> String {
    q.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty()).map(str::to_owned).unwrap_or_else(|| copy::query_tab(i))
}

/// The query tabs and the chosen query's script.
#[component]
pub fn Queries() -> impl IntoView {
    let draft = expect_context::<Draft>();
    let active = RwSignal::new(0usize);
    let renaming = RwSignal::new(None::<(usize, String)>);
    let names = Memo::new(move |_| {
        draft.props.with(|p| {
            p.get("queries").and_then(Value::as_array).into_iter().flatten().enumerate().map(|(i, q)| query_name(q, i)).collect::<Vec<_>>()
        })
    });
    let count = Memo::new(move |_| names.with(Vec::len));
    let indices = move || (0..count.get()).collect::<Vec<usize>>();
    let has_queries = Memo::new(move |_| draft.kind.with(|k| k != "markdown"));
    // The editor is made for one query, `i`: what it shows and what it writes are that
    // query's, whatever tab is chosen by the time it writes (its last flush runs after the
    // next tab is chosen).
    let text_of = move |i: usize| {
        Signal::derive(move || {
            draft.props.with(|p| {
                p.get("queries").and_then(|q| q.get(i)).and_then(|q| q.get("text")).and_then(Value::as_str).unwrap_or_default().to_owned()
            })
        })
    };
    let set_text_of = move |i: usize| {
        Callback::new(move |t: String| {
            with_queries(draft, |qs| {
                if let Some(q) = qs.get_mut(i).and_then(Value::as_object_mut) {
                    q.insert("text".into(), Value::String(t));
                    // A script typed by hand is an advanced query, as InfluxDB's UI marks it.
                    q.insert("editMode".into(), Value::String("advanced".into()));
                }
            });
        })
    };
    // The line the preview's Flux error names, when it failed on query `text`.
    let error_line_of = move |text: Signal<String>| {
        Signal::derive(move || {
            let (message, first_line) = draft.preview_error.get()?;
            // An error after data names no query: it is the shown one's when there is one query.
            let mine = if first_line.is_empty() {
                count.get() == 1
            } else {
                text.with(|t| t.lines().next().unwrap_or_default().trim() == first_line.trim())
            };
            mine.then(|| flux_error_line(&message)).flatten()
        })
    };
    let add = move |_| {
        with_queries(draft, |qs| qs.push(default_query()));
        active.set(count.get_untracked().saturating_sub(1));
    };
    let remove = move |i: usize| {
        if count.get_untracked() <= 1 {
            return;
        }
        with_queries(draft, |qs| {
            qs.remove(i);
        });
        active.set(active.get_untracked().min(count.get_untracked().saturating_sub(1)));
    };
    let shift = move |i: usize, left: bool| {
        let j = if left { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < count.get_untracked()) };
        if let Some(j) = j {
            with_queries(draft, |qs| qs.swap(i, j));
            active.set(j);
        }
    };
    let commit_rename = move || {
        if let Some((i, name)) = renaming.get_untracked() {
            with_queries(draft, |qs| {
                if let Some(q) = qs.get_mut(i).and_then(Value::as_object_mut) {
                    q.insert("name".into(), Value::String(name.trim().to_owned()));
                }
            });
        }
        renaming.set(None);
    };
    view! {
        <Show when=move || has_queries.get() fallback=|| view! { <p class="muted" data-testid="no-queries-here">{copy::NOTE_HAS_NO_QUERIES}</p> }>
            <div class="query-tabs" role="tablist" data-testid="query-tabs">
                <For each=indices key=|i| *i let:i>
                    <div class="query-tab" class:active=move || active.get() == i data-testid="query-tab">
                        {move || match renaming.get().filter(|(r, _)| *r == i) {
                            Some((_, name)) => view! {
                                <input type="text" class="query-rename" data-testid="query-rename" prop:value=name autofocus
                                    on:input=move |ev| renaming.set(Some((i, event_target_value(&ev))))
                                    on:keydown=move |ev| match ev.key().as_str() {
                                        "Enter" => { ev.prevent_default(); commit_rename() }
                                        "Escape" => { ev.prevent_default(); ev.stop_propagation(); renaming.set(None) }
                                        _ => {}
                                    }
                                    on:blur=move |_| commit_rename() />
                            }.into_any(),
                            None => view! {
                                <button role="tab" class="query-tab-name" aria-selected=move || (active.get() == i).to_string()
                                    title=copy::RENAME_QUERY_HINT
                                    on:click=move |_| active.set(i)
                                    on:dblclick=move |_| renaming.set(Some((i, names.with(|n| n.get(i).cloned().unwrap_or_default()))))>
                                    {move || names.with(|n| n.get(i).cloned().unwrap_or_default())}
                                </button>
                            }.into_any(),
                        }}
                        <button class="icon-btn" title=copy::RENAME data-testid="query-rename-start"
                            on:click=move |_| renaming.set(Some((i, names.with(|n| n.get(i).cloned().unwrap_or_default()))))>"✎"</button>
                        <button class="icon-btn" title=copy::MOVE_LEFT disabled=move || i == 0 on:click=move |_| shift(i, true)>"‹"</button>
                        <button class="icon-btn" title=copy::MOVE_RIGHT disabled=move || { i + 1 >= count.get() } on:click=move |_| shift(i, false)>"›"</button>
                        <button class="icon-btn" title=copy::REMOVE_QUERY data-testid="query-remove" disabled=move || { count.get() <= 1 }
                            on:click=move |_| remove(i)>"×"</button>
                    </div>
                </For>
                <button class="btn btn-small" data-testid="query-add" on:click=add>{copy::ADD_QUERY}</button>
            </div>
            {move || {
                let i = active.get();
                let text = text_of(i);
                view! { <FluxEditor text=text on_input=set_text_of(i) on_submit=Callback::new(move |_| draft.submit()) error_line=error_line_of(text) /> }
            }}
        </Show>
    }
}
