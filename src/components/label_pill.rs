use dashboards_core::display::{label_color, text_color_on};
use dashboards_core::model::Label;
use leptos::prelude::*;

/// A label, in its color. The name is text, never markup. Static: a list re-renders the pill
/// when the label changes (a pill per card, many cards: no reactive nodes of its own).
#[component]
pub fn LabelPill(
    /// The label to draw.
    label: Label,
) -> impl IntoView {
    let color = label_color(label.property("color")).to_owned();
    let style = format!("background-color: {color}; color: {};", text_color_on(&color));
    let title = label.property("description").unwrap_or_default().to_owned();
    view! {
        <span class="label-pill" data-testid="label-pill" title=title style=style>
            {label.name}
        </span>
    }
}
