use dashboards_core::display::relative_time;
use leptos::prelude::*;

/// "5 minutes ago", with the exact time on hover.
#[component]
pub fn RelativeTime(
    /// An RFC3339 timestamp.
    #[prop(into)]
    time: Signal<String>,
) -> impl IntoView {
    let now = (js_sys::Date::now() * 1_000_000.0) as i128;
    view! {
        <time datetime=move || time.get() title=move || time.get()>
            {move || relative_time(&time.get(), now).unwrap_or_else(|| time.get())}
        </time>
    }
}
