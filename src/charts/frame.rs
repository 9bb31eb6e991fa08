//! What every chart on a canvas shares: the frame (grid, ticks and labels of both axes, the
//! y axis's title), and the shell around the canvas (hover tooltip, legend, how many marks
//! were drawn, for tests and assistive tech).

use super::canvas::{Canvas, Plot};
use dashboards_core::chart::{short_number, ticks, time_ticks, Axis};
use leptos::html::Div;
use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d as Ctx;

/// The minutes to add to UTC for local time, as the time axis and tooltips read.
pub fn local_offset() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// How the x axis reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum XKind {
    /// Unix nanoseconds, on round instants of the local zone.
    Time,
    /// Numbers with round ticks.
    Number,
}

/// The y axis: numbers, or one labelled band per category (a mosaic's rows, bottom up).
pub enum YKind<'a> {
    Number,
    Rows(&'a [String]),
}

/// Draws the frame of a chart on a cleared canvas of `size` and returns its plot area.
pub fn draw_frame(ctx: &Ctx, size: (f64, f64), x: (XKind, (f64, f64), &Axis), y: (YKind, (f64, f64), &Axis)) -> Plot {
    let (w, h) = size;
    let (x_kind, x_domain, x_axis) = x;
    let (y_kind, (lo, hi), y_axis) = y;
    ctx.clear_rect(0.0, 0.0, w, h);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_line_width(1.0);
    let y_labels: Vec<(f64, String)> = match y_kind {
        YKind::Number => ticks(lo, hi, ((h / 40.0) as usize).max(2), y_axis.base)
            .into_iter()
            .map(|v| (v, format!("{}{}{}", y_axis.prefix, short_number(v, y_axis.base), y_axis.suffix)))
            .collect(),
        YKind::Rows(rows) => rows.iter().enumerate().map(|(i, r)| (i as f64 + 0.5, r.clone())).collect(),
    };
    let label_w = y_labels.iter().map(|(_, l)| l.chars().count().min(24)).max().unwrap_or(1) as f64 * 7.0 + 10.0;
    let title = if y_axis.label.is_empty() { 0.0 } else { 14.0 };
    let x_title = if x_axis.label.is_empty() { 0.0 } else { 14.0 };
    let plot = Plot::new((label_w + title, 6.0), (w - 8.0, h - 20.0 - x_title), x_domain, (lo, hi));
    ctx.set_stroke_style_str("rgba(255,255,255,0.08)");
    ctx.set_fill_style_str("#9aa4b2");
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for (v, label) in &y_labels {
        let y = plot.y.map(*v).round() + 0.5;
        if matches!(y_kind, YKind::Number) {
            line(ctx, (plot.left, y), (plot.right, y));
        }
        let _ = ctx.fill_text(label, plot.left - 6.0, y);
    }
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    let x_labels: Vec<(f64, String)> = match x_kind {
        XKind::Time => time_ticks(x_domain.0 as i64, x_domain.1 as i64, ((w / 110.0) as usize).max(2), local_offset())
            .into_iter()
            .map(|t| (t.at as f64, t.label))
            .collect(),
        XKind::Number => ticks(x_domain.0, x_domain.1, ((w / 80.0) as usize).max(2), x_axis.base)
            .into_iter()
            .map(|v| (v, format!("{}{}{}", x_axis.prefix, short_number(v, x_axis.base), x_axis.suffix)))
            .collect(),
    };
    for (at, label) in &x_labels {
        let x = plot.x.map(*at).round() + 0.5;
        line(ctx, (x, plot.top), (x, plot.bottom));
        let _ = ctx.fill_text(label, x, plot.bottom + 4.0);
    }
    if !x_axis.label.is_empty() {
        let _ = ctx.fill_text(&x_axis.label, (plot.left + plot.right) / 2.0, plot.bottom + 18.0);
    }
    if !y_axis.label.is_empty() {
        ctx.save();
        let _ = ctx.translate(10.0, (plot.top + plot.bottom) / 2.0);
        let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
        ctx.set_text_baseline("middle");
        let _ = ctx.fill_text(&y_axis.label, 0.0, 0.0);
        ctx.restore();
    }
    plot
}

fn line(ctx: &Ctx, from: (f64, f64), to: (f64, f64)) {
    ctx.begin_path();
    ctx.move_to(from.0, from.1);
    ctx.line_to(to.0, to.1);
    ctx.stroke();
}

/// Limits what follows to the plot area, until `ctx.restore()`.
pub fn clip(ctx: &Ctx, plot: &Plot) {
    ctx.save();
    ctx.begin_path();
    ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
    ctx.clip();
}

/// The legend of named, colored series, unless the view hides it.
pub fn legend(names: Vec<String>, colors: Vec<String>, hide: bool) -> Vec<(String, String)> {
    if hide {
        return Vec::new();
    }
    colors.into_iter().zip(names).collect()
}

/// What a hover shows next to the pointer: a title and rows of (color, name, value).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tip {
    pub x: f64,
    pub y: f64,
    /// A vertical line at `x` (charts over time).
    pub crosshair: bool,
    pub title: String,
    pub rows: Vec<(String, String, String)>,
}

/// What a draw leaves for hovering: the plot area and how many marks were drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drawn {
    pub plot: Plot,
    pub marks: usize,
}

/// A canvas chart: `draw` runs again whenever what it reads changes (and on resize); `hover`
/// turns a pointer position (in canvas pixels) into a tip; `legend` lists (color, name).
pub fn chart_shell(
    kind: &'static str,
    draw: impl Fn(&Ctx, (f64, f64)) -> Option<Drawn> + 'static,
    hover: impl Fn(&Plot, f64, f64) -> Option<Tip> + 'static,
    legend: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let canvas = Canvas::new(host);
    let drawn = RwSignal::new(None::<Drawn>);
    let tip = RwSignal::new(None::<Tip>);
    Effect::new(move |_| {
        let size = canvas.size.get();
        if let Some(ctx) = canvas.context(size) {
            drawn.set(draw(&ctx, size));
        }
    });
    let on_move = move |ev: web_sys::PointerEvent| {
        let (Some(d), Some(el)) = (drawn.get_untracked(), host.get_untracked()) else { return };
        let r = el.get_bounding_client_rect();
        let (x, y) = (ev.client_x() as f64 - r.left(), ev.client_y() as f64 - r.top());
        let p = d.plot;
        let inside = x >= p.left && x <= p.right && y >= p.top && y <= p.bottom;
        tip.set(if inside { hover(&p, x, y) } else { None });
    };
    view! {
        <div class="chart" data-testid="chart" data-kind=kind data-marks=move || drawn.get().map(|d| d.marks).unwrap_or(0)>
            <div class="chart-plot" node_ref=host on:pointermove=on_move on:pointerleave=move |_| tip.set(None)>
                {canvas.view()}
                {move || tip.get().map(|t| view! {
                    {t.crosshair.then(|| view! { <div class="crosshair" style=format!("left: {}px", t.x)></div> })}
                    <div class="tooltip" data-testid="chart-tooltip" style=format!("left: {}px; top: {}px", t.x + 12.0, (t.y - 8.0).max(0.0))>
                        <div class="muted">{t.title}</div>
                        {t.rows.into_iter().map(|(color, name, value)| view! {
                            <div class="tooltip-row"><span class="swatch" style=format!("background: {color}")></span>
                                <span class="tooltip-name">{name}</span><span class="tooltip-value">{value}</span></div>
                        }).collect_view()}
                    </div>
                })}
            </div>
            {move || (!legend.with(Vec::is_empty)).then(|| view! {
                <ul class="legend" data-testid="legend">
                    {move || legend.get().into_iter().map(|(color, name)| view! {
                        <li><span class="swatch" style=format!("background: {color}")></span>{name}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
