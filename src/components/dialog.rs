use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What can take the focus inside a dialog, in the order Tab visits it.
const FOCUSABLE: &str = "[autofocus], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), \
     button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// The elements of `root` that Tab visits.
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

/// A modal dialog. It takes the focus when it opens (its `autofocus` field, else its first
/// control), keeps Tab and Shift+Tab inside while open, closes on Escape or the backdrop
/// (unless `busy`), and gives the focus back to what had it before.
#[component]
pub fn Dialog(
    /// The heading.
    #[prop(into)]
    title: Signal<String>,
    /// While true the dialog cannot be dismissed (a request is under way).
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// Called to close it.
    on_close: Callback<()>,
    /// `data-testid` of the dialog.
    #[prop(into)]
    testid: String,
    children: Children,
) -> impl IntoView {
    let close = move || {
        if !busy.get_untracked() {
            on_close.run(())
        }
    };
    let node = NodeRef::<Div>::new();
    // The control that opened the dialog, focused again when it closes.
    let opener = send_wrapper::SendWrapper::new(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    node.on_load(move |el| {
        let first = el.query_selector("[autofocus]").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match first.or_else(|| focusables(&el).into_iter().next()) {
            Some(f) => {
                let _ = f.focus();
            }
            None => {
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || {
        if let Some(o) = opener.take() {
            if o.is_connected() {
                let _ = o.focus();
            }
        }
    });
    let trap = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            return close();
        }
        if ev.key() != "Tab" {
            return;
        }
        let Some(el) = node.get_untracked() else { return };
        let items = focusables(&el);
        let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let at = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>());
        let inside = active.as_ref().is_some_and(|a| el.contains(Some(a)));
        if ev.shift_key() && (at(first) || !inside) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && (at(last) || !inside) {
            ev.prevent_default();
            let _ = first.focus();
        }
    };
    view! {
        <div class="backdrop" on:click=move |_| close()>
            <div
                class="dialog card"
                role="dialog"
                aria-modal="true"
                aria-label=move || title.get()
                tabindex="-1"
                data-testid=testid
                node_ref=node
                on:click=|ev| ev.stop_propagation()
                on:keydown=trap
            >
                <h2>{move || title.get()}</h2>
                {children()}
            </div>
        </div>
    }
}
