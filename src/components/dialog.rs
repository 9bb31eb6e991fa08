use leptos::prelude::*;

/// A modal dialog. Escape or the backdrop closes it (unless `busy`).
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
    view! {
        <div class="backdrop" on:click=move |_| close()>
            <div
                class="dialog card"
                role="dialog"
                aria-modal="true"
                data-testid=testid
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| if ev.key() == "Escape" { close() }
            >
                <h2>{move || title.get()}</h2>
                {children()}
            </div>
        </div>
    }
}
