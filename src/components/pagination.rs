use dashboards_core::index::{page_buttons, Page};
use leptos::prelude::*;

/// First / previous / numbered / next / last page buttons.
#[component]
pub fn Pagination(
    /// The current page and how many there are.
    #[prop(into)]
    page: Signal<Page>,
    /// Called with the page to go to.
    on_page: Callback<usize>,
) -> impl IntoView {
    let at_start = move || page.with(|p| p.page <= 1);
    let at_end = move || page.with(|p| p.page >= p.pages);
    let go = move |f: fn(&Page) -> usize| move |_| on_page.run(page.with_untracked(f));
    view! {
        <nav class="pagination" aria-label="Pages" data-testid="pagination">
            <button class="btn page-btn" data-testid="page-first" title="First page" disabled=at_start on:click=go(|_| 1)>"«"</button>
            <button class="btn page-btn" data-testid="page-prev" title="Previous page" disabled=at_start on:click=go(|p| p.page - 1)>"‹"</button>
            {move || {
                let current = page.with(|p| p.page);
                page_buttons(current, page.with(|p| p.pages))
                    .into_iter()
                    .map(|n| match n {
                        None => view! { <span class="page-gap page-n">"…"</span> }.into_any(),
                        Some(n) => view! {
                            <button
                                class="btn page-btn page-n"
                                class:current=n == current
                                aria-current=(n == current).then_some("page")
                                data-testid=format!("page-{n}")
                                on:click=move |_| on_page.run(n)
                            >{n}</button>
                        }
                        .into_any(),
                    })
                    .collect_view()
            }}
            <span class="page-of" data-testid="page-of">{move || page.with(|p| format!("page {} of {}", p.page, p.pages.max(1)))}</span>
            <button class="btn page-btn" data-testid="page-next" title="Next page" disabled=at_end on:click=go(|p| p.page + 1)>"›"</button>
            <button class="btn page-btn" data-testid="page-last" title="Last page" disabled=at_end on:click=go(|p| p.pages)>"»"</button>
        </nav>
    }
}
