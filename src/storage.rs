//! What the UI remembers across reloads, in `localStorage`: how it signed in (never a
//! password; the session cookie itself is HttpOnly and stays with the browser).

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

pub fn load_auth() -> Option<StoredAuth> {
    let text = local_storage()?.get_item(AUTH_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save_auth(auth: &StoredAuth) {
    if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(auth)) {
        // Private browsing may refuse storage: the session then lasts until the tab closes.
        let _ = s.set_item(AUTH_KEY, &text);
    }
}

pub fn clear_auth() {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(AUTH_KEY);
    }
}
