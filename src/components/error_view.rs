use crate::copy;
use crate::session::SessionCtx;
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The one way an error is shown: what happened (InfluxDB's own message), and the way
/// forward (retry, or sign in again).
#[component]
pub fn ErrorView(
    /// The error to show.
    #[prop(into)]
    error: Signal<ApiError>,
    /// Called by the retry button; no button without it.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let session = use_context::<SessionCtx>();
    view! {
        <div class="error-view" role="alert" data-testid="error-view">
            <h3 class="error-title">{move || error.get().title()}</h3>
            <p class="error-message" data-testid="error-message">{move || error.get().message().to_owned()}</p>
            <p class="error-hint">{move || error.get().hint()}</p>
            <div class="error-actions">
                {move || {
                    let needs_sign_in = error.get().needs_sign_in() && session.is_some();
                    needs_sign_in.then(|| view! {
                        <button class="btn" data-testid="sign-in-again" on:click=move |_| {
                            if let Some(s) = session { s.sign_in_again() }
                        }>{copy::SIGN_IN_AGAIN}</button>
                    })
                }}
                {on_retry.map(|retry| view! {
                    <button class="btn btn-primary" data-testid="retry" on:click=move |_| retry.run(())>{copy::RETRY}</button>
                })}
            </div>
        </div>
    }
}

/// The first error an `ErrorBoundary` caught, as an `ApiError` (any other error becomes `Decode`).
pub fn first_api_error(errors: &leptos::error::Errors) -> ApiError {
    errors
        .iter()
        .next()
        .map(|(_, e)| match e.downcast_ref::<ApiError>() {
            Some(api) => api.clone(),
            None => ApiError::Decode { message: e.to_string() },
        })
        .unwrap_or(ApiError::Decode { message: "unknown error".into() })
}
