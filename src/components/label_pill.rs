use dashboards_core::display::{label_color, text_color_on};
use dashboards_core::model::Label;
use leptos::prelude::*;

/// A label, in its color. The name is text, never markup.
#[component]
pub fn LabelPill(
    /// The label to draw.
    label: Label,
) -> impl IntoView {
    label_pill(&label)
}

/// `LabelPill` as a plain function: lists of many pills skip a component's reactive owner.
pub fn label_pill(label: &Label) -> impl IntoView {
    let color = label_color(label.property("color"));
    let style = format!("background-color: {color}; color: {};", text_color_on(color));
    let title = label.property("description").unwrap_or_default().to_owned();
    view! {
        <span class="label-pill" data-testid="label-pill" title=title style=style>
            {label.name.clone()}
        </span>
    }
}
