use dashboards_core::display::{label_color, text_color_on};
use dashboards_core::model::Label;
use leptos::prelude::*;

/// A label, in its color. The name is text, never markup.
#[component]
pub fn LabelPill(
    /// The label to draw.
    #[prop(into)]
    label: Signal<Label>,
) -> impl IntoView {
    let color = move || label.with(|l| label_color(l.property("color")).to_owned());
    view! {
        <span
            class="label-pill"
            data-testid="label-pill"
            title=move || label.with(|l| l.property("description").unwrap_or_default().to_owned())
            style:background-color=color
            style:color=move || text_color_on(&color())
        >
            {move || label.with(|l| l.name.clone())}
        </span>
    }
}
