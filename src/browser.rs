//! The few browser APIs the app uses beyond the DOM: saving a file and reading one.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a file download named `file_name`.
pub fn download_text(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<Option<String>, String> {
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return Ok(None) };
    let text = JsFuture::from(file.text()).await.map_err(|e| format!("{e:?}"))?;
    Ok(text.as_string())
}

/// Asks the user a yes/no question with the browser's own dialog; `false` when it cannot.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// Whether a key event comes from a place where keys type text (an input, a textarea, a
/// select, editable content): shortcuts leave those alone.
pub fn typing_in_a_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable())
}

/// The element an event happened on, or its nearest ancestor matching `selector`. (The app's
/// events are delegated to the document, so `current_target` is not the listening element.)
pub fn event_element(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest(selector).ok().flatten())
}

/// Whether focus, leaving something inside the element matching `selector`, stays inside it.
pub fn focus_stays_inside(ev: &web_sys::FocusEvent, selector: &str) -> bool {
    let to = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    match (event_element(ev, selector), to) {
        (Some(me), Some(to)) => me.contains(Some(&to)),
        _ => false,
    }
}

/// A click listener on the document, in the capture phase, that runs before the router sees
/// a click on a link; removed when dropped.
pub struct LinkGuard {
    listener: Option<wasm_bindgen::closure::Closure<dyn Fn(web_sys::MouseEvent)>>,
}

impl Drop for LinkGuard {
    fn drop(&mut self) {
        if let (Some(l), Some(doc)) = (self.listener.take(), web_sys::window().and_then(|w| w.document())) {
            let _ = doc.remove_event_listener_with_callback_and_bool("click", l.as_ref().unchecked_ref(), true);
        }
    }
}

/// Calls `allow` before the app follows a link (a plain click on an `<a href>`); when it
/// answers false the click is stopped and the page stays. Drop the guard to stop asking.
pub fn intercept_link_clicks(allow: impl Fn() -> bool + 'static) -> send_wrapper::SendWrapper<LinkGuard> {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        // New-tab clicks and other buttons leave this page as it is.
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_some() && !allow() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let added = web_sys::window()
        .and_then(|w| w.document())
        .map(|doc| doc.add_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true).is_ok())
        .unwrap_or(false);
    send_wrapper::SendWrapper::new(LinkGuard { listener: added.then_some(listener) })
}

/// A page's answer to Back or Forward: `allow`, given the address moved to, says whether
/// the page may go (it may ask), and `here` is the address to put back when it may not.
struct MoveCheck {
    id: u64,
    allow: Box<dyn Fn(&str) -> bool>,
    here: Box<dyn Fn() -> String>,
}

thread_local! {
    static MOVE_CHECKS: std::cell::RefCell<Vec<MoveCheck>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_CHECK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Listens for Back and Forward before the router does: call it once, before the router is
/// made (listeners of the same event run in the order they were added, and the router's
/// `popstate` listener would otherwise drop the page first). A move a page refuses (see
/// [`check_history_moves`]) never reaches the router, and the address goes back.
pub fn install_history_guard() {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let to = href();
        let refused = MOVE_CHECKS.with(|checks| checks.borrow().iter().find(|c| !(c.allow)(&to)).map(|c| (c.here)()));
        if let Some(here) = refused {
            ev.stop_immediate_propagation();
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here));
            }
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback_and_bool("popstate", listener.as_ref().unchecked_ref(), true);
    }
    // For the app's whole life.
    listener.forget();
}

/// Asks `allow` (given the address moved to) before the app follows Back or Forward; when it
/// answers false the page stays and the address goes back to `here()`. Drop the returned
/// value to stop asking.
pub fn check_history_moves(
    allow: impl Fn(&str) -> bool + 'static,
    here: impl Fn() -> String + 'static,
) -> send_wrapper::SendWrapper<HistoryCheck> {
    let id = NEXT_CHECK.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    MOVE_CHECKS.with(|checks| checks.borrow_mut().push(MoveCheck { id, allow: Box::new(allow), here: Box::new(here) }));
    send_wrapper::SendWrapper::new(HistoryCheck(id))
}

/// A registered [`check_history_moves`]; removed when dropped.
pub struct HistoryCheck(u64);

impl Drop for HistoryCheck {
    fn drop(&mut self) {
        let _ = MOVE_CHECKS.try_with(|checks| checks.borrow_mut().retain(|c| c.id != self.0));
    }
}

/// The page's whole address (`location.href`).
pub fn href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Closes `open` on Escape and on a press outside what `inside` accepts (a menu and the button
/// that toggles it), for as long as the calling component lives. The window listens only
/// while `open` is true: a page of 96 cards, each with two menus, adds none until one opens.
pub fn dismiss_on_outside(open: leptos::prelude::RwSignal<bool>, inside: impl Fn(&web_sys::Element) -> bool + 'static) {
    use leptos::prelude::*;
    let inside = std::rc::Rc::new(inside);
    let listening = StoredValue::new(None::<[WindowListenerHandle; 2]>);
    let stop = move || {
        if let Some(handles) = listening.try_update_value(Option::take).flatten() {
            handles.into_iter().for_each(WindowListenerHandle::remove);
        }
    };
    Effect::new(move |_| {
        if !open.get() {
            return stop();
        }
        if listening.with_value(Option::is_some) {
            return;
        }
        let inside = inside.clone();
        let press = window_event_listener(leptos::ev::pointerdown, move |ev| {
            let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            // A dialog a menu opened (a deletion's question) is modal: pressing in it is not leaving.
            let in_dialog = target.as_ref().is_some_and(|t| t.closest(".backdrop").ok().flatten().is_some());
            if !in_dialog && !target.as_ref().is_some_and(|t| inside(t)) {
                open.set(false);
            }
        });
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" {
                open.set(false);
            }
        });
        listening.set_value(Some([press, keys]));
    });
    on_cleanup(stop);
}

/// Names the page in the browser's tab.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&format!("{title} · {}", crate::copy::APP_NAME));
    }
}

const INDEX_QUERY: &str = "influx-dashboards.index-query.";

/// Keeps the index's query string (filter, sort, page) of `org` for this tab, so "All
/// dashboards" returns to the index as it was left.
pub fn remember_index_query(org: &str, query: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(&format!("{INDEX_QUERY}{org}"), query);
    }
}

/// The index's query string last seen in this tab for `org` ("" when none).
pub fn index_query(org: &str) -> String {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(&format!("{INDEX_QUERY}{org}")).ok().flatten())
        .unwrap_or_default()
}

/// Scrolls the page to its top (a new page of a list starts at its first row).
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Whether the window is narrow (one column of cells; no dragging).
pub fn narrow() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).is_some_and(|w| w < NARROW_PX)
}

/// Below this width the dashboard shows its cells in one column (main.css has the same).
pub const NARROW_PX: f64 = 720.0;
