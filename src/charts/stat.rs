//! Single stat and gauge: the last value, with its decimal places, prefix and suffix, colored
//! by the view's thresholds as InfluxDB colors them (text, or background).

use super::canvas::Canvas;
use dashboards_core::chart::{colors_background, format_value, safe_color, threshold_color, ViewOptions};
use leptos::html::Div;
use leptos::prelude::*;

const DEFAULT_COLOR: &str = "#00C9FF";

/// A single stat: one big number.
#[component]
pub fn SingleStat(#[prop(into)] value: Signal<f64>, #[prop(into)] options: Signal<ViewOptions>) -> impl IntoView {
    let style = move || {
        options.with(|o| {
            let hex = threshold_color(&o.thresholds, value.get()).map(|t| t.hex.as_str()).unwrap_or(DEFAULT_COLOR);
            let color = safe_color(hex, DEFAULT_COLOR).to_owned();
            if colors_background(&o.thresholds) {
                format!("background: {color}; color: #fff;")
            } else {
                format!("color: {color};")
            }
        })
    };
    view! {
        <div class="single-stat" data-testid="single-stat" style=style>
            <span class="stat-value">{move || options.with(|o| format_value(value.get(), o.decimals, &o.prefix, &o.suffix))}</span>
        </div>
    }
}

/// A gauge: an arc from the view's min to max colored by its thresholds, a needle at the value.
#[component]
pub fn Gauge(#[prop(into)] value: Signal<f64>, #[prop(into)] options: Signal<ViewOptions>) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let canvas = Canvas::new(host);
    Effect::new(move |_| {
        let size = canvas.size.get();
        let v = value.get();
        options.with(|o| {
            if let Some(ctx) = canvas.context(size) {
                draw_gauge(&ctx, size, v, o);
            }
        })
    });
    view! {
        <div class="gauge" data-testid="gauge" node_ref=host>
            {canvas.view()}
            <span class="gauge-value">{move || options.with(|o| format_value(value.get(), o.decimals, &o.prefix, &o.suffix))}</span>
        </div>
    }
}

fn draw_gauge(ctx: &web_sys::CanvasRenderingContext2d, (w, h): (f64, f64), v: f64, o: &ViewOptions) {
    use std::f64::consts::PI;
    ctx.clear_rect(0.0, 0.0, w, h);
    let min = o.thresholds.iter().find(|t| t.kind == "min").map(|t| t.value).unwrap_or(0.0);
    let max = o.thresholds.iter().find(|t| t.kind == "max").map(|t| t.value).unwrap_or(100.0).max(min + f64::EPSILON);
    let (cx, cy) = (w / 2.0, h * 0.62);
    let r = (w / 2.0).min(h * 0.55) - 10.0;
    if r <= 4.0 {
        return;
    }
    // From 135° to 405°: three quarters of a circle, open at the bottom.
    let angle = |x: f64| 0.75 * PI + ((x - min) / (max - min)).clamp(0.0, 1.0) * 1.5 * PI;
    let mut stops: Vec<(f64, &str)> = o.thresholds.iter().filter(|t| t.kind == "threshold").map(|t| (t.value, t.hex.as_str())).collect();
    stops.sort_by(|a, b| a.0.total_cmp(&b.0));
    let base = o.thresholds.iter().find(|t| t.kind == "min" || t.kind == "text").map(|t| t.hex.as_str()).unwrap_or(DEFAULT_COLOR);
    let mut from = min;
    let mut color = base;
    ctx.set_line_width((r * 0.18).max(4.0));
    for (at, next) in stops.iter().copied().chain(std::iter::once((max, ""))) {
        let to = at.clamp(min, max);
        if to > from {
            ctx.begin_path();
            let _ = ctx.arc(cx, cy, r, angle(from), angle(to));
            ctx.set_stroke_style_str(safe_color(color, DEFAULT_COLOR));
            ctx.stroke();
            from = to;
        }
        if !next.is_empty() {
            color = next;
        }
    }
    if v.is_finite() {
        let a = angle(v);
        ctx.begin_path();
        ctx.move_to(cx, cy);
        ctx.line_to(cx + a.cos() * r * 0.85, cy + a.sin() * r * 0.85);
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("#e6e9ee");
        ctx.stroke();
    }
    ctx.set_fill_style_str("#9aa4b2");
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_align("center");
    let _ =
        ctx.fill_text(&format_value(min, o.decimals, &o.prefix, &o.suffix), cx + angle(min).cos() * r, cy + angle(min).sin() * r + 16.0);
    let _ =
        ctx.fill_text(&format_value(max, o.decimals, &o.prefix, &o.suffix), cx + angle(max).cos() * r, cy + angle(max).sin() * r + 16.0);
}
