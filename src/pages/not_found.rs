use crate::components::href;
use crate::copy;
use leptos::prelude::*;

/// Any address the router does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main class="page">
            <div class="empty-state" data-testid="not-found">
                <h1>{copy::NOT_FOUND_TITLE}</h1>
                <p>{copy::NOT_FOUND_TEXT}</p>
                <a class="btn" href=href("/")>{copy::DASHBOARDS}</a>
            </div>
        </main>
    }
}
