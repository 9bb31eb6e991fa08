use dashboards_core::display::relative_time;
use leptos::prelude::*;

/// "5 minutes ago", with the exact time on hover. Static: computed when rendered.
#[component]
pub fn RelativeTime(
    /// An RFC3339 timestamp.
    time: String,
) -> impl IntoView {
    let now = (js_sys::Date::now() * 1_000_000.0) as i128;
    let text = relative_time(&time, now).unwrap_or_else(|| time.clone());
    view! { <time datetime=time.clone() title=time>{text}</time> }
}
