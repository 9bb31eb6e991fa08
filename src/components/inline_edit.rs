use crate::copy;
use dashboards_core::ApiError;
use leptos::prelude::*;

/// A one-line editor with Save and Cancel: Enter saves, Escape cancels. `draft` is the text
/// being edited (`None` closes the editor); cancelling also clears `error`.
#[component]
pub fn InlineEdit(
    /// The text being edited.
    draft: RwSignal<Option<String>>,
    /// The error shown for this card or form, cleared on cancel.
    error: RwSignal<Option<ApiError>>,
    /// While a save is under way the editor is disabled.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called to save the draft.
    on_save: Callback<()>,
    /// Accessible name of the field.
    label: &'static str,
    /// `data-testid` prefix: `{testid}-input`, `{testid}-save`, `{testid}-cancel`.
    testid: &'static str,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    // Opened, the caret is in the field with the text selected.
    input.on_load(|el| {
        let _ = el.focus();
        el.select();
    });
    let cancel = move || {
        draft.set(None);
        error.set(None);
    };
    view! {
        <div class="inline-row">
            <input class="inline-edit" node_ref=input data-testid=format!("{testid}-input") aria-label=label
                prop:value=move || draft.get().unwrap_or_default()
                on:input=move |ev| draft.set(Some(event_target_value(&ev)))
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => on_save.run(()),
                    "Escape" => {
                        ev.stop_propagation();
                        cancel()
                    }
                    _ => {}
                }
                disabled=busy
            />
            <button class="btn btn-small btn-primary" data-testid=format!("{testid}-save") disabled=busy on:click=move |_| on_save.run(())>{copy::SAVE}</button>
            <button class="btn btn-small" data-testid=format!("{testid}-cancel") on:click=move |_| cancel()>{copy::CANCEL}</button>
        </div>
    }
}
