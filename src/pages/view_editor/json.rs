//! The raw JSON of a view's properties, exactly as the server stores them: edits are checked
//! as they are typed (a syntax error by line and column, a known member of the wrong type by
//! its path) and, when they hold, become the draft the forms and the preview show.

use super::Draft;
use crate::copy;
use dashboards_core::editor::json::{check_properties_json, properties_json_text, JsonError};
use dashboards_core::editor::text::utf16_offset;
use dashboards_core::model::ViewProperties;
use leptos::html::Textarea;
use leptos::prelude::*;

/// The JSON tab.
#[component]
pub fn JsonTab() -> impl IntoView {
    let draft = expect_context::<Draft>();
    let area = NodeRef::<Textarea>::new();
    // What the user is typing, kept while it does not parse (the draft keeps the last good).
    // A text that did not parse is still there when the tab is opened again.
    let start = draft
        .json_text
        .get_untracked()
        .unwrap_or_else(|| draft.props.with_untracked(|p| properties_json_text(&ViewProperties::from_map(p.clone()))));
    let problem = RwSignal::new(check_properties_json(&start).err());
    let text = RwSignal::new(start);
    // The draft changed elsewhere while this tab is open (the type picker, "Load theirs"):
    // the text shows it, unless it holds an edit that does not parse yet (the forms and the
    // type picker wait for that one; see `Draft::json_text`).
    // What this tab itself set needs no second look: the text it came from is the one shown.
    let own = StoredValue::new(false);
    Effect::new(move |_| {
        let now = draft.props.get();
        if own.try_update_value(|o| std::mem::replace(o, false)).unwrap_or(false) || draft.json_text.with_untracked(Option::is_some) {
            return;
        }
        let shown = text.with_untracked(|t| check_properties_json(t).ok().map(|p| p.to_map()));
        if shown.as_ref() != Some(&now) {
            text.set(properties_json_text(&ViewProperties::from_map(now)));
            problem.set(None);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let t = event_target_value(&ev);
        match check_properties_json(&t) {
            Ok(props) => {
                problem.set(None);
                draft.json_error.set(None);
                draft.json_text.set(None);
                // The forms show the new properties: what they refused as typed is gone.
                draft.refused.set(Default::default());
                own.set_value(true);
                draft.props.set(props.to_map());
            }
            Err(e) => {
                draft.json_error.set(Some(e.to_string()));
                draft.json_text.set(Some(t.clone()));
                problem.set(Some(e));
            }
        }
        text.set(t);
    };
    let go_to = move |offset: usize| {
        if let Some(el) = area.get_untracked() {
            let at = utf16_offset(&text.get_untracked(), offset) as u32;
            let _ = el.focus();
            let _ = el.set_selection_range(at, at);
        }
    };
    view! {
        <p class="muted small">{copy::JSON_TAB_HINT}</p>
        <textarea node_ref=area class="code json-input" data-testid="json-input" spellcheck="false" rows="18"
            aria-label=copy::JSON aria-invalid=move || problem.with(Option::is_some).to_string()
            prop:value=move || text.get() on:input=on_input></textarea>
        {move || problem.get().map(|e| match e {
            JsonError::Syntax { line, column, offset, message } => view! {
                <p class="form-error" role="alert" data-testid="json-error">
                    {copy::json_syntax_error(line, column, &message)}" "
                    <button class="btn btn-small" on:click=move |_| go_to(offset)>{copy::GO_THERE}</button>
                </p>
            }.into_any(),
            JsonError::Members(list) => view! {
                <ul class="form-error" role="alert" data-testid="json-error">
                    {list.into_iter().map(|m| view! { <li><code>{if m.path.is_empty() { "properties".to_owned() } else { m.path.clone() }}</code>": "{m.message}</li> }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}
