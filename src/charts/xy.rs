//! The xy chart (lines, steps, monotone curves, bars; stacked or overlaid; shaded below),
//! drawn on a canvas from `dashboards_core::chart`'s maths: axes with round ticks, a time
//! axis for every range, a legend, and on hover a crosshair with every series' value.

use super::canvas::{Canvas, Plot};
use dashboards_core::chart::{
    extent, format_value, m4, nearest, palette, short_number, stack, ticks, time_ticks, timestamp, y_domain, Geom, Series, ViewOptions,
};
use leptos::html::Div;
use leptos::prelude::*;

/// What a hover shows: the time under the pointer and each series' nearest value there.
#[derive(Clone, Debug, PartialEq)]
struct Hover {
    x: f64,
    time: String,
    rows: Vec<(String, String, String)>,
}

/// An xy chart of `series` over the time range `t0..t1` (unix nanoseconds).
#[component]
pub fn XyChart(
    #[prop(into)] series: Signal<std::sync::Arc<Vec<Series>>>,
    #[prop(into)] options: Signal<ViewOptions>,
    #[prop(into)] range: Signal<(i64, i64)>,
) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let canvas = Canvas::new(host);
    let plot = StoredValue::new(None::<Plot>);
    let hover = RwSignal::new(None::<Hover>);
    let colors = Memo::new(move |_| {
        let scheme: Vec<String> = options.with(|o| o.scheme.clone());
        let refs: Vec<&str> = scheme.iter().map(String::as_str).collect();
        palette(&refs, series.with(|s| s.len()))
    });
    // Drawn again when the data, the options, the range or the size change.
    Effect::new(move |_| {
        let size = canvas.size.get();
        let (t0, t1) = range.get();
        series.with(|s| {
            options.with(|o| {
                colors.with(|c| {
                    if let Some(ctx) = canvas.context(size) {
                        plot.set_value(Some(draw(&ctx, size, s, o, c, t0, t1)));
                    }
                })
            })
        });
    });
    let on_move = move |ev: web_sys::PointerEvent| {
        let (Some(p), Some(el)) = (plot.get_value(), host.get_untracked()) else { return };
        let x = ev.client_x() as f64 - el.get_bounding_client_rect().left();
        if x < p.left || x > p.right {
            return hover.set(None);
        }
        let t = p.x.invert(x) as i64;
        let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
        let o = options.get_untracked();
        let c = colors.get_untracked();
        let rows = series.with_untracked(|all| {
            all.iter()
                .zip(c)
                .filter_map(|(s, color)| {
                    let i = nearest(&s.times, t)?;
                    Some((color, s.name.clone(), format_value(s.values[i], o.decimals, &o.y.prefix, &o.y.suffix)))
                })
                .collect()
        });
        hover.set(Some(Hover { x, time: timestamp(t, offset), rows }));
    };
    view! {
        <div class="chart" data-testid="xy-chart">
            <div class="chart-plot" node_ref=host on:pointermove=on_move on:pointerleave=move |_| hover.set(None)>
                {canvas.view()}
                {move || hover.get().map(|h| view! {
                    <div class="crosshair" style=format!("left: {}px", h.x)></div>
                    <div class="tooltip" data-testid="chart-tooltip" style=format!("left: {}px", h.x + 12.0)>
                        <div class="muted">{h.time}</div>
                        {h.rows.into_iter().map(|(color, name, value)| view! {
                            <div class="tooltip-row"><span class="swatch" style=format!("background: {color}")></span>
                                <span class="tooltip-name">{name}</span><span class="tooltip-value">{value}</span></div>
                        }).collect_view()}
                    </div>
                })}
            </div>
            {move || (!options.with(|o| o.hide_legend)).then(|| view! {
                <ul class="legend" data-testid="legend">
                    {move || series.with(|s| s.iter().zip(colors.get()).map(|(s, color)| view! {
                        <li><span class="swatch" style=format!("background: {color}")></span>{s.name.clone()}</li>
                    }).collect_view())}
                </ul>
            })}
        </div>
    }
}

/// Draws the whole chart; returns where the plot area and its time scale are (for hover).
fn draw(
    ctx: &web_sys::CanvasRenderingContext2d,
    size: (f64, f64),
    series: &[Series],
    o: &ViewOptions,
    colors: &[String],
    t0: i64,
    t1: i64,
) -> Plot {
    let (w, h) = size;
    ctx.clear_rect(0.0, 0.0, w, h);
    let shown: Vec<Series> = if o.stacked { stack(series) } else { series.to_vec() };
    let values = shown.iter().flat_map(|s| s.values.iter().copied());
    let data = extent(values.chain(if o.shade_below || o.geom == Geom::Bar { Some(0.0) } else { None }));
    let (lo, hi) = y_domain(data, o.y.bounds);
    let y_ticks = ticks(lo, hi, ((h / 40.0) as usize).max(2), o.y.base);
    let label_w = y_ticks.iter().map(|v| short_number(*v, o.y.base).len()).max().unwrap_or(1) as f64 * 7.0 + 10.0;
    let plot =
        Plot::new((label_w + if o.y.label.is_empty() { 0.0 } else { 14.0 }, 6.0), (w - 8.0, h - 20.0), (t0 as f64, t1 as f64), (lo, hi));
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_line_width(1.0);
    // Grid and labels.
    ctx.set_stroke_style_str("rgba(255,255,255,0.08)");
    ctx.set_fill_style_str("#9aa4b2");
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for v in &y_ticks {
        let y = plot.y.map(*v).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(plot.left, y);
        ctx.line_to(plot.right, y);
        ctx.stroke();
        let _ = ctx.fill_text(&format!("{}{}{}", o.y.prefix, short_number(*v, o.y.base), o.y.suffix), plot.left - 6.0, y);
    }
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    for tick in time_ticks(t0, t1, ((w / 110.0) as usize).max(2), offset) {
        let x = plot.x.map(tick.at as f64).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(x, plot.top);
        ctx.line_to(x, plot.bottom);
        ctx.stroke();
        let _ = ctx.fill_text(&tick.label, x, plot.bottom + 4.0);
    }
    if !o.y.label.is_empty() {
        ctx.save();
        let _ = ctx.translate(10.0, (plot.top + plot.bottom) / 2.0);
        let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
        ctx.set_text_baseline("middle");
        let _ = ctx.fill_text(&o.y.label, 0.0, 0.0);
        ctx.restore();
    }
    // The series, clipped to the plot; bars side by side within a time slot.
    ctx.save();
    ctx.begin_path();
    ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
    ctx.clip();
    let columns = (plot.right - plot.left).max(1.0) as usize;
    let baseline = plot.y.map(lo.max(0.0).min(hi));
    // Stacked series are drawn top first so the lower ones stay visible.
    let order: Vec<usize> = if o.stacked { (0..shown.len()).rev().collect() } else { (0..shown.len()).collect() };
    for i in order {
        let s = &shown[i];
        let color = colors.get(i).map(String::as_str).unwrap_or("#31C0F6");
        let keep = m4(&s.times, &s.values, t0, t1, columns);
        let pts: Vec<(f64, f64)> =
            keep.iter().filter(|&&k| s.values[k].is_finite()).map(|&k| (plot.x.map(s.times[k] as f64), plot.y.map(s.values[k]))).collect();
        if pts.is_empty() {
            continue;
        }
        ctx.set_stroke_style_str(color);
        ctx.set_fill_style_str(color);
        if o.geom == Geom::Bar {
            let slot = if pts.len() > 1 { ((pts[pts.len() - 1].0 - pts[0].0) / (pts.len() - 1) as f64).max(1.0) } else { 8.0 };
            let bw = if o.stacked { slot * 0.8 } else { (slot * 0.8 / shown.len() as f64).max(1.0) };
            let shift = if o.stacked { -bw / 2.0 } else { -slot * 0.4 + bw * i as f64 };
            for (x, y) in &pts {
                ctx.fill_rect(x + shift, y.min(baseline), bw, (baseline - y).abs());
            }
            continue;
        }
        trace(ctx, &pts, o.geom);
        ctx.set_line_width(1.5);
        ctx.stroke();
        if o.shade_below {
            trace(ctx, &pts, o.geom);
            ctx.line_to(pts[pts.len() - 1].0, baseline);
            ctx.line_to(pts[0].0, baseline);
            ctx.close_path();
            ctx.set_global_alpha(0.15);
            ctx.fill();
            ctx.set_global_alpha(1.0);
        }
    }
    ctx.restore();
    plot
}

/// The path through `pts` for a geom (bars are drawn apart).
fn trace(ctx: &web_sys::CanvasRenderingContext2d, pts: &[(f64, f64)], geom: Geom) {
    ctx.begin_path();
    ctx.move_to(pts[0].0, pts[0].1);
    for w in pts.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        match geom {
            Geom::Step => {
                ctx.line_to(x1, y0);
                ctx.line_to(x1, y1);
            }
            // A curve through every point that does not overshoot between them.
            Geom::Monotone => {
                let mx = (x0 + x1) / 2.0;
                ctx.bezier_curve_to(mx, y0, mx, y1, x1, y1);
            }
            _ => ctx.line_to(x1, y1),
        }
    }
}
