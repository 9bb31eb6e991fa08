//! What the UI remembers of how it signed in (never a password; the session cookie itself is
//! HttpOnly and stays with the browser): in `sessionStorage`, for this tab only, or in
//! `localStorage`, on this device, when the user asked to be remembered.

use serde::{Deserialize, Serialize};

const AUTH_KEY: &str = "influx-dashboards.auth";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAuth {
    /// InfluxDB origin, "" for the page's own origin.
    #[serde(default)]
    pub origin: String,
    /// The API token, or `None` for a cookie session.
    #[serde(default)]
    pub token: Option<String>,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn read(storage: Option<web_sys::Storage>) -> Option<StoredAuth> {
    let text = storage?.get_item(AUTH_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// This tab's sign-in, else the one remembered on the device.
pub fn load_auth() -> Option<StoredAuth> {
    read(session_storage()).or_else(|| read(local_storage()))
}

/// Whether the sign-in is kept on the device (remembered), not for this tab only.
pub fn auth_remembered() -> bool {
    read(session_storage()).is_none() && read(local_storage()).is_some()
}

/// Keeps the sign-in for this tab (`remember` false: it ends with the tab) or on the device,
/// and removes it from the other place, so that only one copy exists.
pub fn save_auth(auth: &StoredAuth, remember: bool) {
    let (keep, drop) = if remember { (local_storage(), session_storage()) } else { (session_storage(), local_storage()) };
    if let Some(s) = drop {
        let _ = s.remove_item(AUTH_KEY);
    }
    if let (Some(s), Ok(text)) = (keep, serde_json::to_string(auth)) {
        // Private browsing may refuse storage: the sign-in then lasts until the page reloads.
        let _ = s.set_item(AUTH_KEY, &text);
    }
}

/// Forgets the sign-in in both places.
pub fn clear_auth() {
    for s in [session_storage(), local_storage()].into_iter().flatten() {
        let _ = s.remove_item(AUTH_KEY);
    }
}
