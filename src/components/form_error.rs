use crate::copy;
use crate::session::SessionCtx;
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The error of a form, dialog or card, next to the control that failed: what kind of
/// failure, and InfluxDB's message; when the session is gone, the way to sign in again.
#[component]
pub fn FormError(
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// `data-testid` of the line.
    testid: &'static str,
) -> impl IntoView {
    let session = use_context::<SessionCtx>();
    move || {
        error.get().map(|e| {
            let sign_in = (e.needs_sign_in() && session.is_some()).then(|| {
                view! {
                    " "
                    <button type="button" class="btn btn-small" data-testid="sign-in-again"
                        on:click=move |_| if let Some(s) = session { s.sign_in_again() }>{copy::SIGN_IN_AGAIN}</button>
                }
            });
            view! {
                <p class="form-error" role="alert" data-testid=testid>
                    <strong>{e.title()}": "</strong>{e.message().to_owned()}{sign_in}
                </p>
            }
        })
    }
}
