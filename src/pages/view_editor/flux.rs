//! The Flux script editor: a textarea over a highlighted copy of its text, with line numbers;
//! Tab and Shift+Tab indent, Ctrl+Enter runs the preview, and the dashboard variables are
//! offered after `v.`. The tokenizer and the highlighting are pure, in
//! `dashboards_core::editor`; the copy is escaped there, so a script never becomes markup.

use crate::copy;
use dashboards_core::editor::assist::{complete_variables, Completion};
use dashboards_core::editor::text::{byte_offset, highlight_html, indent, utf16_offset};
use leptos::html::{Pre, Textarea};
use leptos::prelude::*;

/// A Flux script's editor.
#[component]
pub fn FluxEditor(
    /// The script.
    #[prop(into)]
    text: Signal<String>,
    /// Called with the script as the user changes it.
    on_input: Callback<String>,
    /// Ctrl+Enter (⌘+Enter).
    on_submit: Callback<()>,
    /// The 1-based line a Flux error names, marked.
    #[prop(into)]
    error_line: Signal<Option<u32>>,
) -> impl IntoView {
    let area = NodeRef::<Textarea>::new();
    let layer = NodeRef::<Pre>::new();
    let gutter = NodeRef::<Pre>::new();
    let completion = RwSignal::new(None::<Completion>);
    let chosen = RwSignal::new(0usize);
    let html = Memo::new(move |_| text.with(|t| highlight_html(t, error_line.get())));
    let lines = Memo::new(move |_| text.with(|t| t.split('\n').count()));
    // The caret as a byte offset of the script.
    let caret = move || -> Option<(usize, usize)> {
        let el = area.get_untracked()?;
        let value = el.value();
        let start = el.selection_start().ok().flatten()? as usize;
        let end = el.selection_end().ok().flatten()? as usize;
        Some((byte_offset(&value, start), byte_offset(&value, end)))
    };
    let set = move |value: String, start: usize, end: usize| {
        if let Some(el) = area.get_untracked() {
            el.set_value(&value);
            let _ = el.set_selection_range(utf16_offset(&value, start) as u32, utf16_offset(&value, end) as u32);
        }
        on_input.run(value);
    };
    let offer = move || {
        let (Some((at, _)), Some(el)) = (caret(), area.get_untracked()) else { return };
        completion.set(complete_variables(&el.value(), at));
        chosen.set(0);
    };
    let pick = move |i: usize| {
        let (Some(c), Some(el)) = (completion.get_untracked(), area.get_untracked()) else { return };
        let Some(item) = c.items.get(i) else { return };
        let value = el.value();
        let at = c.replace.start + item.len();
        set(format!("{}{}{}", &value[..c.replace.start], item, &value[c.replace.end..]), at, at);
        completion.set(None);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if let Some(c) = completion.get_untracked() {
            match key.as_str() {
                "ArrowDown" | "ArrowUp" => {
                    ev.prevent_default();
                    let n = c.items.len();
                    chosen.update(|i| *i = if key == "ArrowDown" { (*i + 1) % n } else { (*i + n - 1) % n });
                    return;
                }
                "Enter" | "Tab" if !ev.ctrl_key() && !ev.meta_key() => {
                    ev.prevent_default();
                    return pick(chosen.get_untracked());
                }
                "Escape" => {
                    // Closes the list, not the editor.
                    ev.prevent_default();
                    return completion.set(None);
                }
                _ => {}
            }
        }
        if key == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            ev.stop_propagation();
            return on_submit.run(());
        }
        if key == "Tab" && !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() {
            let (Some((start, end)), Some(el)) = (caret(), area.get_untracked()) else { return };
            ev.prevent_default();
            let (value, s, e) = indent(&el.value(), start, end, ev.shift_key());
            set(value, s, e);
        }
    };
    let sync_scroll = move || {
        if let (Some(a), Some(l), Some(g)) = (area.get_untracked(), layer.get_untracked(), gutter.get_untracked()) {
            l.set_scroll_top(a.scroll_top());
            l.set_scroll_left(a.scroll_left());
            g.set_scroll_top(a.scroll_top());
        }
    };
    view! {
        <div class="flux-editor" data-testid="flux-editor">
            <pre class="flux-gutter" aria-hidden="true" node_ref=gutter>
                {move || (1..=lines.get()).map(|n| {
                    let marked = error_line.get() == Some(n as u32);
                    view! { <span class:fx-error-line=marked>{n}"\n"</span> }
                }).collect_view()}
            </pre>
            <div class="flux-code">
                <pre class="flux-layer" aria-hidden="true" node_ref=layer data-testid="flux-highlight" inner_html=move || html.get()></pre>
                <textarea node_ref=area class="flux-input" data-testid="flux-input" spellcheck="false" autocomplete="off"
                    aria-label=copy::FLUX_SCRIPT aria-keyshortcuts="Control+Enter Tab Shift+Tab"
                    prop:value=move || text.get()
                    on:input=move |ev| { on_input.run(event_target_value(&ev)); offer() }
                    on:keydown=on_keydown
                    on:keyup=move |ev| if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") { offer() }
                    on:click=move |_| completion.set(None)
                    on:blur=move |_| completion.set(None)
                    on:scroll=move |_| sync_scroll()></textarea>
                {move || completion.get().map(|c| view! {
                    <ul class="flux-complete" role="listbox" data-testid="flux-completion">
                        {c.items.iter().enumerate().map(|(i, item)| view! {
                            <li role="option" aria-selected=move || (chosen.get() == i).to_string() class:active=move || chosen.get() == i
                                on:mousedown=move |ev| { ev.prevent_default(); pick(i) }>{"v."}{*item}</li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        </div>
        {move || error_line.get().map(|n| view! { <p class="form-error" data-testid="flux-error-line">{copy::flux_error_at(n)}</p> })}
    }
}
