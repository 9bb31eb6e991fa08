use dashboards_core::ApiError;
use leptos::prelude::*;

/// The error of a form, dialog or card, next to the control that failed: what kind of
/// failure, and InfluxDB's message.
#[component]
pub fn FormError(
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// `data-testid` of the line.
    testid: &'static str,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="form-error" role="alert" data-testid=testid>
                    <strong>{e.title()}": "</strong>{e.message().to_owned()}
                </p>
            }
        })
    }
}
