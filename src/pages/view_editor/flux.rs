//! The Flux script editor: a textarea over a highlighted copy of its text, with line numbers;
//! Tab and Shift+Tab indent, Ctrl+Enter runs the preview, and the dashboard variables are
//! offered after `v.`. The tokenizer and the highlighting are pure, in
//! `dashboards_core::editor`; the copy is escaped there, so a script never becomes markup.

use crate::copy;
use dashboards_core::editor::assist::{complete_variables, Completion};
use dashboards_core::editor::text::{byte_offset, changed_span, highlight_lines, indent, utf16_offset, visible_lines};
use leptos::html::{Pre, Textarea};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The script's line height in pixels: the same as `.flux-editor`'s `line-height` in main.css.
const LINE: f64 = 20.0;

/// How long typing pauses before the script reaches the draft.
const PAUSE_MS: u64 = 150;

/// Makes the textarea's text `value` (Tab's indent, a completion) as an edit where the text
/// changed, the way typing edits it: the browser's undo (Ctrl+Z) takes it back, and only what
/// changed is laid out again (setting a 500-line script's whole value costs Chrome ~20 ms of
/// layout; an edit in place ~1 ms). `insertText` is the one way to make such an edit; where
/// the browser refuses it, the value is set whole.
fn edit_to(el: &web_sys::HtmlTextAreaElement, value: &str) {
    let old = el.value();
    if old == value {
        return;
    }
    let (start, end, inserted) = changed_span(&old, value);
    let _ = el.set_selection_range(utf16_offset(&old, start) as u32, utf16_offset(&old, end) as u32);
    let document = el.owner_document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
    let (command, text) = if inserted.is_empty() { ("delete", "") } else { ("insertText", inserted) };
    let done = document.is_some_and(|d| d.exec_command_with_show_ui_and_value(command, false, text).unwrap_or(false));
    if !done || el.value() != value {
        el.set_value(value);
    }
}

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
    let gutter = NodeRef::<Pre>::new();
    let completion = RwSignal::new(None::<Completion>);
    let chosen = RwSignal::new(0usize);
    // Where the textarea is scrolled, and how tall it is: only the lines on screen (and a
    // screen above and below) are highlighted, so a keystroke in a long script stays cheap.
    let scroll = RwSignal::new((0.0f64, 0.0f64));
    let height = RwSignal::new(600.0f64);
    let shown = Memo::new(move |_| visible_lines(scroll.get().0, height.get(), LINE));
    // What is typed lives here first and reaches the draft (and through it the preview, the
    // dirty flag, the JSON) once typing pauses, on blur, on Ctrl+Enter, or when the editor
    // goes: a keystroke only re-highlights the lines on screen.
    let local = RwSignal::new(text.get_untracked());
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    // Typed here and not yet in the draft. Only that is written back: a script that differs
    // from `text` for another reason (the JSON tab changed it, the queries were reordered)
    // must not be overwritten with what this editor last showed.
    let unsent = StoredValue::new(false);
    let flush = move || {
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if unsent.try_update_value(|u| std::mem::replace(u, false)).unwrap_or(false) {
            let now = local.get_untracked();
            if text.with_untracked(|t| *t != now) {
                on_input.run(now);
            }
        }
    };
    let typed = move |value: String| {
        local.set(value);
        unsent.set_value(true);
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let h = set_timeout_with_handle(flush, std::time::Duration::from_millis(PAUSE_MS));
        pending.set_value(h.ok());
    };
    // A change from elsewhere (the JSON, a reorder) shows here when nothing typed is unsent.
    Effect::new(move |_| {
        let t = text.get();
        if !unsent.get_value() && local.with_untracked(|l| *l != t) {
            local.set(t);
        }
    });
    on_cleanup(flush);
    let html = Memo::new(move |_| local.with(|t| highlight_lines(t, error_line.get(), shown.get())));
    area.on_load(move |el| {
        height.set(el.client_height().max(1) as f64);
        // The editor opens with the caret in the script.
        let _ = el.focus();
    });
    let lines = Memo::new(move |_| local.with(|t| t.split('\n').count()));
    // The selection as byte offsets of `value`, the script the textarea holds.
    let caret = move |value: &str| -> Option<(usize, usize)> {
        let el = area.get_untracked()?;
        let start = el.selection_start().ok().flatten()? as usize;
        let end = el.selection_end().ok().flatten()? as usize;
        Some((byte_offset(value, start), byte_offset(value, end)))
    };
    let set = move |value: String, start: usize, end: usize| {
        if let Some(el) = area.get_untracked() {
            edit_to(&el, &value);
            let _ = el.set_selection_range(utf16_offset(&value, start) as u32, utf16_offset(&value, end) as u32);
        }
        typed(value);
    };
    let offer = move |value: &str| {
        let Some((at, _)) = caret(value) else { return };
        completion.set(complete_variables(value, at));
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
        // Escape closes the editor (its own handler, further up): what was typed counts first.
        if key == "Escape" {
            flush();
        }
        if key == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            ev.stop_propagation();
            flush();
            return on_submit.run(());
        }
        if key == "Tab" && !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() {
            let Some(value) = area.get_untracked().map(|el| el.value()) else { return };
            let Some((start, end)) = caret(&value) else { return };
            ev.prevent_default();
            let (value, s, e) = indent(&value, start, end, ev.shift_key());
            set(value, s, e);
        }
    };
    let sync_scroll = move || {
        if let Some(a) = area.get_untracked() {
            scroll.set((a.scroll_top() as f64, a.scroll_left() as f64));
            height.set(a.client_height().max(1) as f64);
            if let Some(g) = gutter.get_untracked() {
                g.set_scroll_top(a.scroll_top());
            }
        }
    };
    // The highlighted lines sit where the textarea shows those lines.
    let offset = move || {
        let (top, left) = scroll.get();
        format!("transform: translate({}px, {}px)", -left, shown.get().start as f64 * LINE - top)
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
                <pre class="flux-layer" aria-hidden="true">
                    <div class="flux-lines" data-testid="flux-highlight" style=offset inner_html=move || html.get()></div>
                </pre>
                <textarea node_ref=area class="flux-input" data-testid="flux-input" spellcheck="false" autocomplete="off"
                    aria-label=copy::FLUX_SCRIPT aria-keyshortcuts="Control+Enter Tab Shift+Tab"
                    prop:value=move || local.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        offer(&value);
                        typed(value);
                        sync_scroll()
                    }
                    on:keydown=on_keydown
                    on:keyup=move |ev| if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
                        if let Some(el) = area.get_untracked() { offer(&el.value()) }
                    }
                    on:click=move |_| completion.set(None)
                    on:blur=move |_| { completion.set(None); flush() }
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
