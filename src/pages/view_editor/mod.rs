//! The view editor: a full-screen overlay over its dashboard (`…/cells/:cell/edit`, so a
//! reload keeps it open). Above, a live preview drawn by the cells' own renderers; below, the
//! queries, the options of the view's type and the raw JSON. The draft is the properties as
//! JSON, edited member by member, so nothing the server holds is lost. Save sends the name
//! and the whole properties (B7), after checking nobody changed the view meanwhile.

mod flux;
mod json;
mod options;
mod queries;

use crate::components::FormError;
use crate::copy;
use crate::mutation::use_mutation;
use crate::pages::dashboard::{Board, CellContent};
use crate::session::use_session;
use dashboards_core::editor::checks::{check_edits, storable_alternative, FieldError};
use dashboards_core::editor::defaults::{default_properties, SWITCH_TYPES};
use dashboards_core::editor::switch::{switch_kind, TypeStash};
use dashboards_core::model::{CellId, PatchView, ViewProperties};
use dashboards_core::routes::{dashboard_path, with_query};
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The editor's state, shared by its parts. `Copy`, like its signals.
#[derive(Clone, Copy)]
pub struct Draft {
    pub name: RwSignal<String>,
    /// The view's properties being edited.
    pub props: RwSignal<Map<String, Value>>,
    /// Their `type`.
    pub kind: Memo<String>,
    /// The query texts the preview runs: set by Submit and Ctrl+Enter, not by typing.
    pub submitted: RwSignal<Vec<String>>,
    /// Entries refused at their fields (member path → why): Save waits for them.
    pub refused: RwSignal<BTreeMap<String, String>>,
    /// The errors found at Save (member path → why), shown at their fields.
    pub checked: RwSignal<Vec<FieldError>>,
    /// The JSON tab's text when it does not parse: the forms, the type picker and Save wait
    /// for it (fixed, or discarded).
    pub json_error: RwSignal<Option<String>>,
    /// That text, kept for when the tab is opened again.
    pub json_text: RwSignal<Option<String>>,
    /// The failure of the preview's query, for the script editor to point at its line.
    pub preview_error: RwSignal<Option<(String, String)>>,
    stash: StoredValue<TypeStash>,
}

impl Draft {
    fn new(props: Map<String, Value>, name: String) -> Draft {
        let props = RwSignal::new(props);
        let d = Draft {
            name: RwSignal::new(name),
            props,
            kind: Memo::new(move |_| props.with(|p| p.get("type").and_then(Value::as_str).unwrap_or_default().to_owned())),
            submitted: RwSignal::new(Vec::new()),
            refused: RwSignal::new(BTreeMap::new()),
            checked: RwSignal::new(Vec::new()),
            json_error: RwSignal::new(None),
            json_text: RwSignal::new(None),
            preview_error: RwSignal::new(None),
            stash: StoredValue::new(TypeStash::default()),
        };
        d.submit();
        d
    }

    /// The texts of the draft's queries.
    pub fn query_texts(&self) -> Vec<String> {
        self.props.with(|p| {
            p.get("queries")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|q| q.get("text").and_then(Value::as_str).unwrap_or_default().to_owned())
                .collect()
        })
    }

    /// Runs the queries as they are now in the preview.
    pub fn submit(&self) {
        self.submitted.set(self.query_texts());
    }

    /// Switches the view's type, keeping the queries and what applies.
    pub fn switch(&self, kind: &str) {
        let now = self.props.get_untracked();
        let next = self.stash.try_update_value(|s| switch_kind(&now, kind, s)).unwrap_or(now);
        self.refused.set(BTreeMap::new());
        self.checked.set(Vec::new());
        self.props.set(next);
    }

    /// Forgets what was refused at the members under `prefix` (`colors[`): their fields moved
    /// or went.
    pub fn forget_refused(&self, prefix: &str) {
        self.refused.update(|r| r.retain(|path, _| !path.starts_with(prefix)));
    }

    /// The error to show at the member `path`: refused as typed, or found at Save.
    pub fn error_at(&self, path: &str) -> Option<String> {
        self.refused
            .with(|r| r.get(path).cloned())
            .or_else(|| self.checked.with(|c| c.iter().find(|e| at_member(&e.field, path)).map(|e| e.message.clone())))
    }
}

/// Whether the field id `field` (`colors[1].hex`) names the member `path` (`colors`) or a
/// part of it.
pub fn at_member(field: &str, path: &str) -> bool {
    field.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Queries,
    Options,
    Json,
}

/// How a save ended when it did not simply succeed.
#[derive(Clone, Debug, PartialEq)]
enum Saved {
    Done,
    /// Nothing was sent: the view on the server is not the one the editor opened.
    ChangedOnServer(Box<(String, ViewProperties)>),
}

/// The editor of the cell named in the route, over the dashboard's page.
#[component]
pub fn ViewEditor() -> impl IntoView {
    let params = use_params_map();
    let board = expect_context::<Board>();
    let cell_id = CellId(params.with_untracked(|p| p.get("cell").unwrap_or_default()));
    let cell = board.cells.with_untracked(|cells| cells.iter().find(|c| c.id == cell_id).cloned());
    let Some(cell) = cell else {
        return view! {
            <div class="editor-backdrop">
                <div class="editor card" role="dialog" aria-modal="true" data-testid="view-editor">
                    <p data-testid="editor-no-cell">{copy::EDITOR_NO_CELL}</p>
                    <a class="btn" href=crate::components::href(&dashboard_path(&board.org.get_value(), &board.id.get_value()))>{copy::BACK_TO_DASHBOARD}</a>
                </div>
            </div>
        }
        .into_any();
    };
    let opened_name = cell.name.get().cloned().unwrap_or_default();
    let opened = cell.properties.get().cloned().unwrap_or_default();
    // An empty view (a new cell) starts as a graph, as InfluxDB's UI starts it.
    let start = if opened.type_name().is_empty() { default_properties("xy").unwrap_or_default() } else { opened.to_map() };
    // What counts as unchanged: the draft as it started (a new cell's default graph too).
    let begun = StoredValue::new((opened_name.clone(), start.clone()));
    let draft = Draft::new(start, opened_name.clone());
    provide_context(draft);
    Effect::new(move |_| crate::browser::set_title(&copy::editor_title(&draft.name.get())));
    let opened = StoredValue::new((opened_name, opened));
    let tab = RwSignal::new(Tab::Queries);
    let overwrite = RwSignal::new(false);
    let theirs = RwSignal::new(None::<(String, ViewProperties)>);
    // A JSON edit that does not parse yet is an edit too: closing would lose it.
    let dirty = Memo::new(move |_| {
        draft.json_text.with(Option::is_some)
            || begun.with_value(|(name, props)| draft.name.with(|n| n != name) || draft.props.with(|p| p != props))
    });
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let back = StoredValue::new(move || {
        let path = dashboard_path(&board.org.get_value(), &board.id.get_value());
        navigate(&with_query(&path, &location.search.get_untracked()), Default::default());
    });
    let id = StoredValue::new(cell_id.clone());
    let save = use_mutation(move |(name, props, force): (String, ViewProperties, bool)| {
        let (dashboard, cell) = (board.id.get_value(), id.get_value());
        let expected = opened.get_value();
        async move {
            let client = session.require_client()?;
            if !force {
                let now = client.get_view(&dashboard, &cell).await?;
                if (now.name.as_str(), &now.properties) != (expected.0.as_str(), &expected.1) {
                    return Ok(Saved::ChangedOnServer(Box::new((now.name, now.properties))));
                }
            }
            // B7: the whole properties, always, or the server wipes the view.
            let view = client.patch_view(&dashboard, &cell, &PatchView { name, properties: props }).await?;
            board.cells.update(|cells| {
                if let Some(c) = cells.iter_mut().find(|c| c.id == cell) {
                    c.name.set(view.name.clone());
                    c.properties.set(view.properties.clone());
                }
            });
            Ok(Saved::Done)
        }
    })
    .on_success(move |saved| match saved {
        Saved::Done => {
            begun.set_value((draft.name.get_untracked(), draft.props.get_untracked()));
            back.with_value(|b| b());
        }
        Saved::ChangedOnServer(now) => theirs.set(Some(*now)),
    });
    let run_save = move |force: bool| {
        theirs.set(None);
        if let Some(e) = draft.json_error.get_untracked() {
            return save.error().set(Some(ApiError::Invalid { message: copy::json_not_saved(&e) }));
        }
        if let Some((path, why)) = draft.refused.with_untracked(|r| r.iter().next().map(|(p, w)| (p.clone(), w.clone()))) {
            return save.error().set(Some(ApiError::Invalid { message: format!("{path}: {why}") }));
        }
        let props = ViewProperties::from_map(draft.props.get_untracked());
        let problems = opened.with_value(|(_, o)| check_edits(o, &props));
        draft.checked.set(problems.clone());
        if let Some(first) = problems.first() {
            return save.error().set(Some(ApiError::Invalid { message: copy::fix_before_saving(problems.len(), &first.message) }));
        }
        let name = draft.name.get_untracked().trim().to_owned();
        save.run((name, props, force || overwrite.get_untracked()));
    };
    let cancel = move || {
        if !dirty.get_untracked() || crate::browser::confirm(copy::DISCARD_EDITS) {
            begun.set_value((draft.name.get_untracked(), draft.props.get_untracked()));
            back.with_value(|b| b());
        }
    };
    // The dashboard page asks before leaving while this holds unsaved edits.
    let editor_unsaved = expect_context::<crate::pages::dashboard::EditorUnsaved>().0;
    // (The page clears it when the editor's address goes, however the editor closed.)
    Effect::new(move |_| editor_unsaved.set(dirty.get() && !save.pending().get()));
    let kind = draft.kind;
    // A memo: typing in a script changes the draft but not what the preview runs, so the
    // preview (and its query) is left alone until Submit.
    let preview_props = Memo::new(move |_| {
        let mut p = draft.props.get();
        // The preview runs the submitted queries, so typing does not query on every key.
        let texts = draft.submitted.get();
        if let Some(Value::Array(qs)) = p.get_mut("queries") {
            for (q, text) in qs.iter_mut().zip(texts) {
                if let Some(o) = q.as_object_mut() {
                    o.insert("text".into(), Value::String(text));
                }
            }
        }
        Some(ViewProperties::from_map(p))
    });
    let refresh = RwSignal::new(0u64);
    let org = board.org.get_value();
    // What the tab panel shows: a memo, so that the JSON tab is not made again each time its
    // text turns valid or invalid (only the other tabs wait for it).
    let body = Memo::new(move |_| match tab.get() {
        Tab::Json => (Tab::Json, false),
        t => (t, draft.json_text.with(Option::is_some)),
    });
    view! {
        <div class="editor-backdrop">
            <div class="editor" role="dialog" aria-modal="true" aria-label=copy::EDIT_CELL data-testid="view-editor"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && !ev.default_prevented() {
                        ev.prevent_default();
                        cancel();
                    } else if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        draft.submit();
                        refresh.update(|t| *t += 1);
                    }
                }>
                <header class="editor-head">
                    <label class="editor-name">
                        <span class="sr-only">{copy::CELL_NAME}</span>
                        <input type="text" data-testid="editor-name" placeholder=copy::UNNAMED_CELL
                            prop:value=move || draft.name.get() on:input=move |ev| draft.name.set(event_target_value(&ev)) />
                    </label>
                    <label class="editor-type">
                        <span>{copy::VIEW_TYPE}</span>
                        <select data-testid="editor-type" on:change=move |ev| draft.switch(&event_target_value(&ev))
                            disabled=move || draft.json_text.with(Option::is_some)
                            title=move || draft.json_text.with(Option::is_some).then_some(copy::TYPE_WAITS_FOR_JSON)>
                            {move || {
                                let now = kind.get();
                                let mut kinds: Vec<String> = SWITCH_TYPES.iter().map(|k| k.to_string()).collect();
                                if !kinds.contains(&now) {
                                    kinds.push(now.clone());
                                }
                                kinds.into_iter().map(|k| {
                                    let selected = k == now;
                                    view! { <option value=k.clone() selected=selected>{copy::view_type_name(&k)}</option> }
                                }).collect_view()
                            }}
                        </select>
                    </label>
                    <span class="spacer"></span>
                    <button class="btn" data-testid="editor-cancel" on:click=move |_| cancel()>{copy::CANCEL}</button>
                    <button class="btn btn-primary" data-testid="editor-save" disabled=move || save.pending().get()
                        on:click=move |_| run_save(false)>{move || if save.pending().get() { copy::SAVING } else { copy::SAVE }}</button>
                </header>
                {move || storable_alternative(&kind.get()).map(|alt| view! {
                    <div class="banner warning" role="alert" data-testid="editor-not-stored">
                        <p>{copy::SIMPLE_TABLE_NOT_STORED}</p>
                        <button class="btn" data-testid="editor-use-table" on:click=move |_| draft.switch(alt)>{copy::use_type(alt)}</button>
                    </div>
                })}
                <FormError error=save.error() testid="editor-error" />
                {move || theirs.get().map(|_| view! {
                    <div class="banner warning" role="alert" data-testid="editor-conflict">
                        <p>{copy::VIEW_CHANGED_ON_SERVER}</p>
                        <button class="btn" data-testid="editor-load-theirs" on:click=move |_| {
                            if let Some((name, props)) = theirs.get_untracked() {
                                // Theirs replaces everything here, a JSON edit under way too.
                                draft.json_text.set(None);
                                draft.json_error.set(None);
                                draft.refused.set(BTreeMap::new());
                                draft.checked.set(Vec::new());
                                draft.name.set(name.clone());
                                draft.props.set(props.to_map());
                                draft.submit();
                                begun.set_value((name.clone(), props.to_map()));
                                opened.set_value((name, props));
                                theirs.set(None);
                            }
                        }>{copy::LOAD_THEIRS}</button>
                        <button class="btn btn-danger" data-testid="editor-overwrite" on:click=move |_| {
                            overwrite.set(true);
                            run_save(true);
                        }>{copy::OVERWRITE}</button>
                    </div>
                })}
                <section class="editor-preview cell" data-testid="editor-preview" aria-label=copy::PREVIEW>
                    <div class="cell-body">
                        <CellContent org=org properties=preview_props tick=refresh failure=draft.preview_error />
                    </div>
                </section>
                <nav class="tabs" role="tablist">
                    {[(Tab::Queries, copy::QUERIES, "tab-queries"), (Tab::Options, copy::OPTIONS, "tab-options"), (Tab::Json, copy::JSON, "tab-json")]
                        .into_iter().map(|(t, label, testid)| view! {
                            <button role="tab" class="tab" data-testid=testid aria-selected=move || (tab.get() == t).to_string()
                                class:active=move || tab.get() == t on:click=move |_| tab.set(t)>{label}</button>
                        }).collect_view()}
                    <span class="spacer"></span>
                    <button class="btn btn-primary" data-testid="editor-submit" title=copy::SUBMIT_HINT
                        on:click=move |_| { draft.submit(); refresh.update(|t| *t += 1) }>{copy::SUBMIT}</button>
                </nav>
                <div class="editor-body" role="tabpanel">
                    {move || match body.get() {
                        (Tab::Json, _) => view! { <json::JsonTab /> }.into_any(),
                        // The forms wait for a JSON edit that does not parse: what they would
                        // change would be lost when it does.
                        (_, true) => view! {
                            <div class="banner warning" role="status" data-testid="editor-json-pending">
                                <p>{copy::JSON_PENDING}</p>
                                <button class="btn" on:click=move |_| tab.set(Tab::Json)>{copy::BACK_TO_JSON}</button>
                                <button class="btn" data-testid="editor-discard-json" on:click=move |_| {
                                    draft.json_text.set(None);
                                    draft.json_error.set(None);
                                }>{copy::DISCARD_JSON_EDIT}</button>
                            </div>
                        }.into_any(),
                        (Tab::Queries, false) => view! { <queries::Queries /> }.into_any(),
                        (Tab::Options, false) => view! { <options::OptionsForm /> }.into_any(),
                    }}
                </div>
            </div>
        </div>
    }
    .into_any()
}
