//! The one label component: a label drawn as a pill in its color, the style every colored
//! label control shares (filter chips, picker options), and the color picker of the forms
//! that make or change a label. A label's color is server data: it reaches the page only as
//! a validated `#rgb`/`#rrggbb` (`dashboards_core::labels::safe_label_color`), never as CSS.

use crate::copy;
use dashboards_core::chart::is_hex_color;
use dashboards_core::display::{label_color, text_color_on};
use dashboards_core::labels::{safe_label_color, LABEL_PALETTE};
use dashboards_core::model::Label;
use leptos::prelude::*;

/// The inline style of a control in `color` (any string: it is validated here).
pub fn label_style(color: &str) -> String {
    let color = safe_label_color(color);
    format!("background-color: {color}; color: {};", text_color_on(color))
}

/// The style of a label's own color.
pub fn style_of(label: &Label) -> String {
    label_style(label_color(label.property("color")))
}

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
    let title = label.property("description").unwrap_or_default().to_owned();
    view! {
        <span class="label-pill" data-testid="label-pill" title=title style=style_of(label)>
            {label.name.clone()}
        </span>
    }
}

/// A label's color: a swatch per palette color, and the value as hex for any other. What is
/// typed is kept as typed; `color` is set only to a valid `#rgb`/`#rrggbb`.
#[component]
pub fn ColorPicker(
    /// The chosen color.
    color: RwSignal<String>,
    /// `data-testid` of the hex field.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let typed = RwSignal::new(color.get_untracked());
    let invalid = Memo::new(move |_| typed.with(|t| !is_hex_color(t)));
    view! {
        <div class="color-picker">
            <div class="palette" role="radiogroup" aria-label=copy::COLOR>
                {LABEL_PALETTE.iter().map(|c| {
                    let hex = c.hex;
                    view! {
                        <button type="button" role="radio" class="palette-swatch" title=c.name aria-label=c.name
                            aria-checked=move || color.with(|now| now.eq_ignore_ascii_case(hex)).to_string()
                            style=label_style(hex)
                            on:click=move |_| { color.set(hex.to_owned()); typed.set(hex.to_owned()) }></button>
                    }
                }).collect_view()}
            </div>
            <label class="field hex-field" class:invalid=move || invalid.get()>
                <span>{copy::HEX_COLOR}</span>
                <span class="hex-row">
                    <span class="swatch" style=move || label_style(&color.get())></span>
                    <input type="text" data-testid=testid maxlength="7" prop:value=move || typed.get()
                        on:input=move |ev| {
                            let t = event_target_value(&ev).trim().to_owned();
                            if is_hex_color(&t) {
                                color.set(t.clone());
                            }
                            typed.set(t);
                        } />
                </span>
                {move || invalid.get().then(|| view! { <span class="field-error" role="alert">{copy::HEX_COLOR_HINT}</span> })}
            </label>
        </div>
    }
}

/// A label's filter chip: outlined in its color, filled when selected.
pub fn chip_style(label: &Label, selected: bool) -> String {
    let color = label_color(label.property("color"));
    if selected {
        format!("border-color: {color}; background-color: {color}; color: {};", text_color_on(color))
    } else {
        format!("border-color: {color}; background-color: transparent; color: inherit;")
    }
}
