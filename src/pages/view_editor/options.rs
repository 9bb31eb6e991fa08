//! The options of a view, one form per type, rendered from `dashboards_core::editor::form`'s
//! declarations: each member with its control, showing its stored value; what the user types
//! is checked at the field and written into the draft only when it holds. The color scheme,
//! the thresholds, a table's columns and a note have editors of their own, shared by every
//! type that has them.

use super::Draft;
use crate::charts::Note;
use crate::copy;
use dashboards_core::chart::{safe_color, SCHEMES};
use dashboards_core::editor::defaults::new_threshold;
use dashboards_core::editor::draft::{member, number, shown, write, Shown};
use dashboards_core::editor::form::{form, Control, FieldSpec, Part};
use leptos::prelude::*;
use serde_json::{json, Map, Value};

/// The form of the draft's type.
#[component]
pub fn OptionsForm() -> impl IntoView {
    let draft = expect_context::<Draft>();
    let kind = draft.kind;
    move || {
        form(&kind.get())
            .into_iter()
            .map(|part| match part {
                Part::Fields { title, fields } => view! {
                    <fieldset class="form-section">
                        <legend>{title}</legend>
                        <div class="form-grid">{fields.into_iter().map(|spec| view! { <FieldInput spec=spec /> }).collect_view()}</div>
                    </fieldset>
                }
                .into_any(),
                Part::Scheme { hex_strings } => view! { <SchemeEditor hex_strings=hex_strings /> }.into_any(),
                Part::Thresholds { gauge } => view! { <ThresholdEditor gauge=gauge /> }.into_any(),
                Part::TableColumns => view! { <TableColumns /> }.into_any(),
                Part::Note => view! { <NoteEditor /> }.into_any(),
                Part::JsonOnly { paths, why } => view! {
                    <p class="muted" data-testid="json-only">{why}" "{(!paths.is_empty()).then(|| view! { <code>{paths.join(", ")}</code> })}</p>
                }
                .into_any(),
            })
            .collect_view()
    }
}

/// Writes an entry for `spec`; a refused one is kept at the field with its reason.
fn enter(draft: Draft, spec: FieldSpec, text: &str, second: &str, flag: bool) {
    let mut next = draft.props.get_untracked();
    match write(&mut next, &spec, text, second, flag) {
        Ok(()) => {
            draft.refused.update(|r| {
                r.remove(spec.path);
            });
            draft.checked.update(|c| c.retain(|e| !super::at_member(&e.field, spec.path)));
            draft.props.set(next);
        }
        Err(why) => draft.refused.update(|r| {
            r.insert(spec.path.to_owned(), why);
        }),
    }
}

/// One member's control, with its label and, under it, what is wrong with it.
#[component]
fn FieldInput(spec: FieldSpec) -> impl IntoView {
    let draft = expect_context::<Draft>();
    let value = Memo::new(move |_| draft.props.with(|p| shown(p, &spec)));
    let text = move || match value.get() {
        Shown::Text(t) => t,
        _ => String::new(),
    };
    let pair = move |i: usize| match value.get() {
        Shown::Pair(a, b) => {
            if i == 0 {
                a
            } else {
                b
            }
        }
        _ => String::new(),
    };
    let testid = format!("opt-{}", spec.path);
    let error = move || draft.error_at(spec.path);
    let control = match spec.control {
        Control::Toggle => view! {
            <input type="checkbox" data-testid=testid.clone() prop:checked=move || value.get() == Shown::Flag(true)
                on:change=move |ev| enter(draft, spec, "", "", event_target_checked(&ev)) />
        }
        .into_any(),
        Control::Choice(choices) => view! {
            <select data-testid=testid.clone() on:change=move |ev| enter(draft, spec, &event_target_value(&ev), "", false)>
                {move || {
                    let now = text();
                    let known = choices.iter().any(|(v, _)| *v == now);
                    let extra = (!known).then(|| view! { <option value=now.clone() selected=true>{if now.is_empty() { copy::NOT_SET.to_owned() } else { now.clone() }}</option> });
                    view! {
                        {extra}
                        {choices.iter().map(|(v, label)| view! { <option value=*v selected=*v == now>{*label}</option> }).collect_view()}
                    }
                }}
            </select>
        }
        .into_any(),
        Control::Area => view! {
            <textarea rows="3" data-testid=testid.clone() prop:value=text on:input=move |ev| enter(draft, spec, &event_target_value(&ev), "", false)></textarea>
        }
        .into_any(),
        Control::Bounds | Control::Domain => {
            // The pair is entered as a whole: each input sends both.
            let lo = RwSignal::new(pair(0));
            let hi = RwSignal::new(pair(1));
            Effect::new(move |_| {
                if draft.refused.with(|r| !r.contains_key(spec.path)) {
                    lo.set(pair(0));
                    hi.set(pair(1));
                }
            });
            view! {
                <span class="pair" data-testid=testid.clone()>
                    <input type="text" inputmode="decimal" placeholder=copy::AUTO aria-label=copy::MINIMUM prop:value=move || lo.get()
                        on:change=move |ev| { lo.set(event_target_value(&ev)); enter(draft, spec, &lo.get_untracked(), &hi.get_untracked(), false) } />
                    <input type="text" inputmode="decimal" placeholder=copy::AUTO aria-label=copy::MAXIMUM prop:value=move || hi.get()
                        on:change=move |ev| { hi.set(event_target_value(&ev)); enter(draft, spec, &lo.get_untracked(), &hi.get_untracked(), false) } />
                </span>
            }
            .into_any()
        }
        Control::Suggest(options) => {
            let list = format!("list-{}", spec.path);
            view! {
                <input type="text" data-testid=testid.clone() list=list.clone() prop:value=text
                    on:input=move |ev| enter(draft, spec, &event_target_value(&ev), "", false) />
                <datalist id=list>{options.iter().map(|o| view! { <option value=*o></option> }).collect_view()}</datalist>
            }
            .into_any()
        }
        Control::Number | Control::Integer => view! {
            <input type="text" inputmode="decimal" data-testid=testid.clone() prop:value=text
                on:change=move |ev| enter(draft, spec, &event_target_value(&ev), "", false) />
        }
        .into_any(),
        Control::Text | Control::Columns => view! {
            <input type="text" data-testid=testid.clone() prop:value=text
                on:input=move |ev| enter(draft, spec, &event_target_value(&ev), "", false) />
        }
        .into_any(),
    };
    view! {
        <label class="field" class:invalid=move || error().is_some()>
            <span>{spec.label}</span>
            {control}
            {move || error().map(|e| view! { <span class="field-error" role="alert" data-testid="field-error">{e}</span> })}
        </label>
    }
}

fn colors_of(p: &Map<String, Value>) -> Vec<Value> {
    p.get("colors").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn is_scale(c: &Value) -> bool {
    c.get("type").and_then(Value::as_str) == Some("scale")
}

/// The colors lines and plots are drawn with: a preset scheme, or colors picked one by one.
/// Object colors of other kinds (thresholds) are left where they are.
#[component]
fn SchemeEditor(hex_strings: bool) -> impl IntoView {
    let draft = expect_context::<Draft>();
    let hexes = Memo::new(move |_| {
        draft.props.with(|p| {
            colors_of(p)
                .iter()
                .filter(|c| hex_strings || is_scale(c))
                .filter_map(|c| if hex_strings { c.as_str() } else { c.get("hex").and_then(Value::as_str) }.map(str::to_owned))
                .collect::<Vec<_>>()
        })
    });
    let set = move |list: Vec<String>| {
        draft.props.update(|p| {
            let kept: Vec<Value> = if hex_strings { Vec::new() } else { colors_of(p).into_iter().filter(|c| !is_scale(c)).collect() };
            let scheme = list.iter().enumerate().map(|(i, h)| {
                if hex_strings {
                    json!(h)
                } else {
                    json!({"id": format!("scale-{i}"), "type": "scale", "hex": h, "name": h, "value": 0})
                }
            });
            p.insert("colors".into(), Value::Array(scheme.chain(kept).collect()));
        });
        // The scheme's colors come first: the thresholds after them may have moved.
        draft.forget_refused("colors[");
    };
    view! {
        <fieldset class="form-section" data-testid="scheme-editor">
            <legend>{copy::COLOR_SCHEME}</legend>
            <label class="field">
                <span>{copy::PRESET}</span>
                <select data-testid="scheme-preset" on:change=move |ev| {
                    if let Some((_, s)) = SCHEMES.iter().find(|(n, _)| *n == event_target_value(&ev)) {
                        set(s.iter().map(|h| h.to_string()).collect());
                    }
                }>
                    <option value="" selected=true>{copy::CHOOSE}</option>
                    {SCHEMES.iter().map(|(n, _)| view! { <option value=*n>{*n}</option> }).collect_view()}
                </select>
            </label>
            <div class="swatches">
                {move || hexes.get().into_iter().enumerate().map(|(i, h)| view! {
                    <span class="swatch-edit">
                        <input type="color" aria-label=copy::color_n(i) prop:value=safe_color(&h, "#31c0f6").to_lowercase()
                            on:change=move |ev| { let mut l = hexes.get_untracked(); l[i] = event_target_value(&ev); set(l) } />
                        <button class="icon-btn" title=copy::REMOVE on:click=move |_| { let mut l = hexes.get_untracked(); l.remove(i); set(l) }>"×"</button>
                    </span>
                }).collect_view()}
                <button class="btn btn-small" data-testid="scheme-add" on:click=move |_| { let mut l = hexes.get_untracked(); l.push("#31c0f6".into()); set(l) }>{copy::ADD_COLOR}</button>
            </div>
        </fieldset>
    }
}

const THRESHOLD_KINDS: [&str; 5] = ["text", "background", "threshold", "min", "max"];

/// Threshold colors: the base color, thresholds with a value and a color, and whether they
/// color the text or the background (a gauge also has its minimum and maximum).
#[component]
fn ThresholdEditor(gauge: bool) -> impl IntoView {
    let draft = expect_context::<Draft>();
    // (index in colors, the color) of each threshold entry.
    let rows = Memo::new(move |_| {
        draft.props.with(|p| {
            colors_of(p)
                .into_iter()
                .enumerate()
                .filter(|(_, c)| c.get("type").and_then(Value::as_str).is_some_and(|t| THRESHOLD_KINDS.contains(&t)))
                .collect::<Vec<_>>()
        })
    });
    let background = Memo::new(move |_| rows.with(|r| r.iter().any(|(_, c)| c.get("type").and_then(Value::as_str) == Some("background"))));
    let edit = move |i: usize, f: &dyn Fn(&mut Map<String, Value>)| {
        draft.props.update(|p| {
            if let Some(Value::Object(c)) = p.get_mut("colors").and_then(|c| c.get_mut(i)) {
                f(c);
            }
        })
    };
    let add = move |_| {
        draft.props.update(|p| {
            let mut list = colors_of(p);
            let kind = if background.get_untracked() { "background" } else { "text" };
            list.push(new_threshold(&list, kind));
            p.insert("colors".into(), Value::Array(list));
        })
    };
    let remove = move |i: usize| {
        // The rows after it move up: an entry refused at one of them would name another row.
        draft.forget_refused("colors[");
        draft.props.update(|p| {
            let mut list = colors_of(p);
            if i < list.len() {
                list.remove(i);
            }
            p.insert("colors".into(), Value::Array(list));
        })
    };
    let mode = move |bg: bool| {
        draft.props.update(|p| {
            let list: Vec<Value> = colors_of(p)
                .into_iter()
                .map(|mut c| {
                    if matches!(c.get("type").and_then(Value::as_str), Some("text" | "background")) {
                        c["type"] = json!(if bg { "background" } else { "text" });
                    }
                    c
                })
                .collect();
            p.insert("colors".into(), Value::Array(list));
        })
    };
    view! {
        <fieldset class="form-section" data-testid="threshold-editor">
            <legend>{copy::THRESHOLDS}</legend>
            <div class="segmented" role="radiogroup" aria-label=copy::COLORIZE>
                <button role="radio" class="btn btn-small" aria-checked=move || (!background.get()).to_string() data-testid="thresholds-text"
                    on:click=move |_| mode(false)>{copy::COLOR_TEXT}</button>
                <button role="radio" class="btn btn-small" aria-checked=move || background.get().to_string() data-testid="thresholds-background"
                    on:click=move |_| mode(true)>{copy::COLOR_BACKGROUND}</button>
            </div>
            <ul class="threshold-rows">
                {move || rows.get().into_iter().map(|(i, c)| {
                    let kind = c.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
                    let hex = c.get("hex").and_then(Value::as_str).unwrap_or_default().to_owned();
                    let value = c.get("value").map(|v| v.to_string()).unwrap_or_default();
                    let path = format!("colors[{i}].value");
                    let error = {
                        let path = path.clone();
                        move || draft.error_at(&path)
                    };
                    let label = match kind.as_str() {
                        "min" => copy::MINIMUM,
                        "max" => copy::MAXIMUM,
                        _ if c.get("id").and_then(Value::as_str) == Some("base") => copy::BASE_COLOR,
                        _ => copy::THRESHOLD,
                    };
                    view! {
                        <li class="threshold-row" data-testid="threshold-row">
                            <span class="threshold-kind">{label}</span>
                            <input type="color" aria-label=copy::COLOR prop:value=safe_color(&hex, "#00c9ff").to_lowercase()
                                on:change=move |ev| { let h = event_target_value(&ev); edit(i, &|c| { c.insert("hex".into(), json!(h.clone())); }) } />
                            <input type="text" inputmode="decimal" aria-label=copy::VALUE data-testid="threshold-value" prop:value=value
                                on:change=move |ev| {
                                    let t = event_target_value(&ev);
                                    match t.trim().parse::<f64>() {
                                        Ok(v) if v.is_finite() => {
                                            draft.refused.update(|r| { r.remove(&path); });
                                            edit(i, &|c| { c.insert("value".into(), number(v)); });
                                        }
                                        _ => { let path = path.clone(); draft.refused.update(|r| { r.insert(path, copy::THRESHOLD_NEEDS_VALUE.to_owned()); }) }
                                    }
                                } />
                            {(gauge || !matches!(kind.as_str(), "min" | "max")).then(|| view! {
                                <button class="icon-btn" title=copy::REMOVE data-testid="threshold-remove" on:click=move |_| remove(i)>"×"</button>
                            })}
                            {move || error().map(|e| view! { <span class="field-error" role="alert" data-testid="field-error">{e}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button class="btn btn-small" data-testid="threshold-add" on:click=add>{copy::ADD_THRESHOLD}</button>
        </fieldset>
    }
}

/// A table's columns: shown or hidden, renamed, reordered (drag, or the arrow buttons), and
/// the column the table is sorted by.
#[component]
fn TableColumns() -> impl IntoView {
    let draft = expect_context::<Draft>();
    let fields = Memo::new(move |_| draft.props.with(|p| p.get("fieldOptions").and_then(Value::as_array).cloned().unwrap_or_default()));
    let sort_by = Memo::new(move |_| {
        draft.props.with(|p| member(p, "tableOptions.sortBy.internalName").and_then(Value::as_str).unwrap_or_default().to_owned())
    });
    let set = move |list: Vec<Value>| {
        draft.props.update(|p| {
            p.insert("fieldOptions".into(), Value::Array(list));
        })
    };
    let edit = move |i: usize, k: &'static str, v: Value| {
        let mut l = fields.get_untracked();
        if let Some(Value::Object(f)) = l.get_mut(i) {
            f.insert(k.into(), v);
        }
        set(l);
    };
    let move_to = move |from: usize, to: usize| {
        let mut l = fields.get_untracked();
        if from < l.len() && to < l.len() && from != to {
            let f = l.remove(from);
            l.insert(to, f);
            set(l);
        }
    };
    let dragged = RwSignal::new(None::<usize>);
    let new_column = RwSignal::new(String::new());
    view! {
        <fieldset class="form-section" data-testid="table-columns">
            <legend>{copy::COLUMNS}</legend>
            <label class="field">
                <span>{copy::SORT_BY}</span>
                <select data-testid="table-sort" on:change=move |ev| {
                    let name = event_target_value(&ev);
                    let field = fields.get_untracked().into_iter().find(|f| f.get("internalName").and_then(Value::as_str) == Some(name.as_str()));
                    draft.props.update(|p| dashboards_core::editor::draft::set_member(p, "tableOptions.sortBy",
                        field.unwrap_or_else(|| json!({"internalName": name, "displayName": "", "visible": true}))));
                }>
                    {move || {
                        let now = sort_by.get();
                        fields.get().into_iter().filter_map(|f| f.get("internalName").and_then(Value::as_str).map(str::to_owned)).map(|n| {
                            let selected = n == now;
                            view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            <ol class="column-rows">
                {move || fields.get().into_iter().enumerate().map(|(i, f)| {
                    let internal = f.get("internalName").and_then(Value::as_str).unwrap_or_default().to_owned();
                    let display = f.get("displayName").and_then(Value::as_str).unwrap_or_default().to_owned();
                    let visible = f.get("visible").and_then(Value::as_bool).unwrap_or(true);
                    view! {
                        <li class="column-row" draggable="true" data-testid="column-row"
                            on:dragstart=move |_| dragged.set(Some(i))
                            on:dragover=move |ev| ev.prevent_default()
                            on:drop=move |ev| { ev.prevent_default(); if let Some(from) = dragged.get_untracked() { move_to(from, i) } dragged.set(None) }>
                            <span class="drag-handle" aria-hidden="true">"⠿"</span>
                            <input type="checkbox" aria-label=copy::SHOW_COLUMN prop:checked=visible
                                on:change=move |ev| edit(i, "visible", json!(event_target_checked(&ev))) />
                            <code class="column-name">{internal.clone()}</code>
                            <input type="text" aria-label=copy::DISPLAY_NAME placeholder=internal prop:value=display data-testid="column-display"
                                on:change=move |ev| edit(i, "displayName", json!(event_target_value(&ev))) />
                            <button class="icon-btn" title=copy::MOVE_UP disabled=i == 0 on:click=move |_| move_to(i, i.saturating_sub(1))>"↑"</button>
                            <button class="icon-btn" title=copy::MOVE_DOWN on:click=move |_| move_to(i, i + 1)>"↓"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                let name = new_column.get_untracked().trim().to_owned();
                if name.is_empty() { return }
                let mut l = fields.get_untracked();
                if !l.iter().any(|f| f.get("internalName").and_then(Value::as_str) == Some(name.as_str())) {
                    l.push(json!({"internalName": name, "displayName": "", "visible": true}));
                    set(l);
                }
                new_column.set(String::new());
            }>
                <input type="text" placeholder=copy::COLUMN_NAME aria-label=copy::COLUMN_NAME data-testid="column-new" bind:value=new_column />
                <button type="submit" class="btn btn-small">{copy::ADD_COLUMN}</button>
            </form>
        </fieldset>
    }
}

/// A note in Markdown with its preview beside it.
#[component]
fn NoteEditor() -> impl IntoView {
    let draft = expect_context::<Draft>();
    let note = Memo::new(move |_| draft.props.with(|p| p.get("note").and_then(Value::as_str).unwrap_or_default().to_owned()));
    view! {
        <div class="note-editor">
            <label class="field">
                <span>{copy::NOTE_TEXT}</span>
                <textarea class="code" rows="14" data-testid="note-editor-text" prop:value=move || note.get()
                    on:input=move |ev| draft.props.update(|p| { p.insert("note".into(), json!(event_target_value(&ev))); })></textarea>
            </label>
            <div class="note-preview" aria-label=copy::PREVIEW>{move || view! { <Note text=note.get() /> }}</div>
        </div>
    }
}
