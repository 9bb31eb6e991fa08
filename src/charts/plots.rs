//! The plot types: histogram, heatmap, scatter and mosaic, drawn on a canvas from
//! `dashboards_core::chart`'s bins and groups, each with what its hover shows.

use super::canvas::Plot;
use super::frame::{chart_shell, clip, draw_frame, legend, local_offset, Drawn, Tip, XKind, YKind};
use dashboards_core::chart::{
    extent, format_value, heatmap, palette, plot_domain, ramp, timestamp, Heatmap, Histogram, Mosaic, Points, Scatter, ViewOptions,
};
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::CanvasRenderingContext2d as Ctx;

fn scheme(o: &ViewOptions) -> Vec<&str> {
    o.scheme.iter().map(String::as_str).collect()
}

/// A value of the x axis as it reads: a time, or a number with the axis's prefix and suffix.
fn x_text(o: &ViewOptions, time: bool, v: f64) -> String {
    if time {
        timestamp(v as i64, local_offset())
    } else {
        format_value(v, o.decimals, &o.x.prefix, &o.x.suffix)
    }
}

fn y_text(o: &ViewOptions, v: f64) -> String {
    format_value(v, o.decimals, &o.y.prefix, &o.y.suffix)
}

/// The user's x bounds: InfluxDB stores them for a time axis in milliseconds.
fn x_bounds(o: &ViewOptions, time: bool) -> (Option<f64>, Option<f64>) {
    let scale = if time { 1e6 } else { 1.0 };
    (o.x.bounds.0.map(|v| v * scale), o.x.bounds.1.map(|v| v * scale))
}

fn kind(time: bool) -> XKind {
    if time {
        XKind::Time
    } else {
        XKind::Number
    }
}

/// A histogram: bars of counts per bin, a color per fill group, stacked or overlaid.
#[component]
pub fn HistogramChart(#[prop(into)] data: Signal<Arc<Histogram>>, #[prop(into)] options: Signal<ViewOptions>) -> impl IntoView {
    let colors = Memo::new(move |_| options.with(|o| palette(&scheme(o), data.with(|h| h.groups.len()))));
    let draw = move |ctx: &Ctx, size: (f64, f64)| {
        data.with(|h| {
            options.with(|o| {
                colors.with(|c| {
                    let count_axis = dashboards_core::chart::Axis { base: 10, label: "count".into(), ..Default::default() };
                    let peak = h.peak(o.stacked).max(1) as f64;
                    let plot = draw_frame(ctx, size, (XKind::Number, h.domain, &o.x), (YKind::Number, (0.0, peak * 1.05), &count_axis));
                    clip(ctx, &plot);
                    let mut marks = 0;
                    for (g, color) in c.iter().enumerate() {
                        ctx.set_fill_style_str(color);
                        ctx.set_global_alpha(if o.stacked { 1.0 } else { 0.7 });
                        for b in 0..h.bins {
                            let (y0, y1) = h.bar(g, b, o.stacked);
                            if y1 <= y0 {
                                continue;
                            }
                            let (x0, x1) = h.bin_edges(b);
                            let (px0, px1) = (plot.x.map(x0), plot.x.map(x1));
                            let (py0, py1) = (plot.y.map(y0), plot.y.map(y1));
                            ctx.fill_rect(px0 + 0.5, py1, (px1 - px0 - 1.0).max(1.0), py0 - py1);
                            marks += 1;
                        }
                    }
                    ctx.set_global_alpha(1.0);
                    ctx.restore();
                    Some(Drawn { plot, marks })
                })
            })
        })
    };
    let hover = move |plot: &Plot, x: f64, y: f64| {
        let o = options.get_untracked();
        let c = colors.get_untracked();
        data.with_untracked(|h| {
            let b = h.bin_of(plot.x.invert(x))?;
            let (x0, x1) = h.bin_edges(b);
            let rows = h
                .groups
                .iter()
                .zip(c.iter())
                .enumerate()
                .filter(|(g, _)| h.counts[*g][b] > 0)
                .map(|(g, (name, color))| (color.clone(), name.clone(), h.counts[g][b].to_string()))
                .collect();
            Some(Tip { x, y, crosshair: false, title: format!("{} – {}", x_text(&o, false, x0), x_text(&o, false, x1)), rows })
        })
    };
    let entries = Signal::derive(move || legend(data.with(|h| h.groups.clone()), colors.get(), options.with(|o| o.hide_legend)));
    chart_shell("histogram", draw, hover, entries)
}

/// A heatmap: the points counted into squares of the view's bin size, colored along its scheme
/// from the fewest to the most.
#[component]
pub fn HeatmapChart(
    /// The points, and whether x is a time.
    #[prop(into)]
    data: Signal<Arc<Points>>,
    #[prop(into)] options: Signal<ViewOptions>,
) -> impl IntoView {
    let grid = StoredValue::new(None::<Heatmap>);
    let draw = move |ctx: &Ctx, size: (f64, f64)| {
        data.with(|d| {
            let (xs, ys, time) = (&d.xs, &d.ys, &d.x_time);
            options.with(|o| {
                let x_domain = plot_domain(extent(xs.iter().copied()), x_bounds(o, *time));
                let y_domain = plot_domain(extent(ys.iter().copied()), o.y.bounds);
                // The frame first, so the grid fits the plot area it leaves.
                let plot = draw_frame(ctx, size, (kind(*time), x_domain, &o.x), (YKind::Number, y_domain, &o.y));
                let area = (plot.right - plot.left, plot.bottom - plot.top);
                let h = heatmap(xs, ys, x_domain, y_domain, area, o.bin_size);
                clip(ctx, &plot);
                let colors = scheme(o);
                let mut marks = 0;
                for col in 0..h.cols {
                    for row in 0..h.rows {
                        let n = h.count(col, row);
                        if n == 0 {
                            continue;
                        }
                        let ((x0, x1), (y0, y1)) = h.cell_edges(col, row);
                        let (px0, px1, py0, py1) = (plot.x.map(x0), plot.x.map(x1), plot.y.map(y0), plot.y.map(y1));
                        let f = if h.max > 1 { (n - 1) as f64 / (h.max - 1) as f64 } else { 1.0 };
                        ctx.set_fill_style_str(&ramp(&colors, f));
                        ctx.fill_rect(px0, py1, px1 - px0, py0 - py1);
                        marks += 1;
                    }
                }
                ctx.restore();
                grid.set_value(Some(h));
                Some(Drawn { plot, marks })
            })
        })
    };
    let hover = move |plot: &Plot, x: f64, y: f64| {
        let o = options.get_untracked();
        let time = data.with_untracked(|d| d.x_time);
        grid.with_value(|h| {
            let h = h.as_ref()?;
            let (col, row) = h.cell_of(plot.x.invert(x), plot.y.invert(y))?;
            let ((x0, x1), (y0, y1)) = h.cell_edges(col, row);
            let n = h.count(col, row);
            let f = if h.max > 1 { n.saturating_sub(1) as f64 / (h.max - 1) as f64 } else { 1.0 };
            let color = ramp(&scheme(&o), f);
            let title = format!("{} – {}", x_text(&o, time, x0), x_text(&o, time, x1));
            let rows = vec![(color, format!("{} – {}", y_text(&o, y0), y_text(&o, y1)), format!("{n} points"))];
            Some(Tip { x, y, crosshair: false, title, rows })
        })
    };
    chart_shell("heatmap", draw, hover, Signal::derive(Vec::new))
}

/// The symbols of a scatter, one per symbol group (repeating past four).
fn symbol(ctx: &Ctx, kind: usize, x: f64, y: f64) {
    const R: f64 = 3.5;
    ctx.begin_path();
    match kind % 4 {
        0 => {
            let _ = ctx.arc(x, y, R, 0.0, std::f64::consts::TAU);
        }
        1 => ctx.rect(x - R, y - R, 2.0 * R, 2.0 * R),
        2 => {
            ctx.move_to(x, y - R - 1.0);
            ctx.line_to(x + R + 1.0, y + R);
            ctx.line_to(x - R - 1.0, y + R);
            ctx.close_path();
        }
        _ => {
            ctx.move_to(x, y - R - 1.0);
            ctx.line_to(x + R + 1.0, y);
            ctx.line_to(x, y + R + 1.0);
            ctx.line_to(x - R - 1.0, y);
            ctx.close_path();
        }
    }
    ctx.fill();
}

/// A scatter: a point per row, colored by its fill group and shaped by its symbol group.
#[component]
pub fn ScatterChart(#[prop(into)] data: Signal<Arc<Scatter>>, #[prop(into)] options: Signal<ViewOptions>) -> impl IntoView {
    let colors = Memo::new(move |_| options.with(|o| palette(&scheme(o), data.with(|s| s.fills.len()))));
    let draw = move |ctx: &Ctx, size: (f64, f64)| {
        data.with(|s| {
            options.with(|o| {
                colors.with(|c| {
                    let x_domain = plot_domain(extent(s.xs.iter().copied()), x_bounds(o, s.x_time));
                    let y_domain = dashboards_core::chart::y_domain(extent(s.ys.iter().copied()), o.y.bounds);
                    let plot = draw_frame(ctx, size, (kind(s.x_time), x_domain, &o.x), (YKind::Number, y_domain, &o.y));
                    clip(ctx, &plot);
                    ctx.set_global_alpha(0.8);
                    for i in 0..s.xs.len() {
                        ctx.set_fill_style_str(&c[s.fill[i]]);
                        symbol(ctx, s.symbol[i], plot.x.map(s.xs[i]), plot.y.map(s.ys[i]));
                    }
                    ctx.set_global_alpha(1.0);
                    ctx.restore();
                    Some(Drawn { plot, marks: s.xs.len() })
                })
            })
        })
    };
    let hover = move |plot: &Plot, x: f64, y: f64| {
        let o = options.get_untracked();
        let c = colors.get_untracked();
        data.with_untracked(|s| {
            // The nearest point within 12 pixels.
            let d = |i: usize| (plot.x.map(s.xs[i]) - x).hypot(plot.y.map(s.ys[i]) - y);
            let i = (0..s.xs.len()).min_by(|a, b| d(*a).total_cmp(&d(*b))).filter(|i| d(*i) <= 12.0)?;
            let mut name = s.fills[s.fill[i]].clone();
            if !s.symbols[s.symbol[i]].is_empty() {
                name = format!("{name} · {}", s.symbols[s.symbol[i]]);
            }
            let rows = vec![(c[s.fill[i]].clone(), name, y_text(&o, s.ys[i]))];
            Some(Tip { x, y, crosshair: false, title: x_text(&o, s.x_time, s.xs[i]), rows })
        })
    };
    let entries = Signal::derive(move || legend(data.with(|s| s.fills.clone()), colors.get(), options.with(|o| o.hide_legend)));
    chart_shell("scatter", draw, hover, entries)
}

/// A mosaic: a row per series over time, in spans colored by state.
#[component]
pub fn MosaicChart(
    #[prop(into)] data: Signal<Arc<Mosaic>>,
    #[prop(into)] options: Signal<ViewOptions>,
    #[prop(into)] range: Signal<(i64, i64)>,
) -> impl IntoView {
    let colors = Memo::new(move |_| options.with(|o| palette(&scheme(o), data.with(|m| m.states.len()))));
    let draw = move |ctx: &Ctx, size: (f64, f64)| {
        let (t0, t1) = range.get();
        data.with(|m| {
            options.with(|o| {
                colors.with(|c| {
                    let rows = m.rows.len().max(1) as f64;
                    let plot =
                        draw_frame(ctx, size, (XKind::Time, (t0 as f64, t1 as f64), &o.x), (YKind::Rows(&m.rows), (0.0, rows), &o.y));
                    clip(ctx, &plot);
                    for s in &m.spans {
                        let (x0, x1) = (plot.x.map(s.from as f64), plot.x.map(s.to as f64));
                        let (ya, yb) = (plot.y.map(s.row as f64 + 0.9), plot.y.map(s.row as f64 + 0.1));
                        ctx.set_fill_style_str(&c[s.state]);
                        ctx.fill_rect(x0, ya, (x1 - x0).max(2.0), yb - ya);
                    }
                    ctx.restore();
                    Some(Drawn { plot, marks: m.spans.len() })
                })
            })
        })
    };
    let hover = move |plot: &Plot, x: f64, y: f64| {
        let c = colors.get_untracked();
        data.with_untracked(|m| {
            let row = plot.y.invert(y).floor();
            if row < 0.0 || row as usize >= m.rows.len() {
                return None;
            }
            let t = plot.x.invert(x) as i64;
            let span = m.span_at(row as usize, t)?;
            let title = format!("{} – {}", timestamp(span.from, local_offset()), timestamp(span.to, local_offset()));
            let rows = vec![(c[span.state].clone(), m.rows[span.row].clone(), m.states[span.state].clone())];
            Some(Tip { x, y, crosshair: false, title, rows })
        })
    };
    let legend = Signal::derive(move || colors.get().into_iter().zip(data.with(|m| m.states.clone())).collect());
    chart_shell("mosaic", draw, hover, legend)
}
