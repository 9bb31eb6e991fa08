//! Every user-facing message, in one place.

pub const APP_NAME: &str = "InfluxDB Dashboards";
pub const LOADING: &str = "Loading…";
pub const CONNECTING: &str = "Connecting to InfluxDB…";
pub const RETRY: &str = "Try again";
pub const SIGN_IN_AGAIN: &str = "Sign in again";
pub const SIGN_OUT: &str = "Sign out";
pub const SIGN_IN_TITLE: &str = "Sign in to InfluxDB";
pub const SIGN_IN: &str = "Sign in";
pub const SIGNING_IN: &str = "Signing in…";
pub const WITH_PASSWORD: &str = "Username & password";
pub const WITH_TOKEN: &str = "API token";
pub const USERNAME: &str = "Username";
pub const PASSWORD: &str = "Password";
pub const TOKEN: &str = "API token";
pub const TOKEN_HINT: &str = "An all-access or read/write token from InfluxDB (Load Data › API Tokens).";
pub const SERVER: &str = "InfluxDB URL";
pub const SERVER_HINT: &str = "Leave empty when this UI is served by the same host as InfluxDB (a reverse proxy). \
Another origin works with a token only: InfluxDB does not allow cookies across origins.";
pub const WRONG_PASSWORD: &str = "Wrong username or password.";
pub const BAD_TOKEN: &str = "InfluxDB does not accept this token.";
pub const TOKEN_REQUIRED: &str = "Enter a token.";
pub const SESSION_NEEDS_SAME_ORIGIN: &str = "Password sign-in works only when the UI and InfluxDB share one origin. \
Use an API token for another server, or serve the UI behind the same proxy.";
pub const ORGANIZATION: &str = "Organization";
pub const NO_ORGS: &str = "This account belongs to no organization.";
pub const DASHBOARDS: &str = "Dashboards";
pub const NO_DASHBOARDS: &str = "No dashboards in this organization yet.";
pub const NO_CELLS: &str = "This dashboard has no cells yet.";
pub const BACK_TO_LIST: &str = "All dashboards";
pub const NOT_FOUND_TITLE: &str = "Page not found";
pub const NOT_FOUND_TEXT: &str = "Nothing lives at this address.";
pub const MODIFIED: &str = "Modified";
pub const NO_DESCRIPTION: &str = "No description";
pub const UNNAMED: &str = "(unnamed)";

pub fn dashboard_count(n: usize) -> String {
    match n {
        1 => "1 dashboard".into(),
        n => format!("{n} dashboards"),
    }
}

pub fn cell_summary(kind: &str, x: i32, y: i32, w: i32, h: i32) -> String {
    let kind = if kind.is_empty() { "empty" } else { kind };
    format!("{kind} · x {x}, y {y} · {w}×{h}")
}
