//! The xy chart (lines, steps, monotone curves, bars; stacked or overlaid; shaded below) and
//! the band chart (a main line in the shade between its upper and lower lines), drawn on a
//! canvas from `dashboards_core::chart`'s maths; on hover a crosshair with every series'
//! value at that time.

use super::canvas::Plot;
use super::frame::{chart_shell, clip, draw_frame, legend, local_offset, Drawn, Tip, XKind, YKind};
use dashboards_core::chart::{extent, format_value, m4, nearest, palette, stack, timestamp, y_domain, Band, Geom, Series, ViewOptions};
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::CanvasRenderingContext2d as Ctx;

/// The colors of `n` series from the view's scheme.
fn colors_for(o: &ViewOptions, n: usize) -> Vec<String> {
    let refs: Vec<&str> = o.scheme.iter().map(String::as_str).collect();
    palette(&refs, n)
}

/// The frame of a chart over time `t0..t1` for y values `values`.
fn time_frame(ctx: &Ctx, size: (f64, f64), o: &ViewOptions, values: impl Iterator<Item = f64>, t0: i64, t1: i64) -> Plot {
    let baseline = if o.shade_below || o.geom == Geom::Bar { Some(0.0) } else { None };
    let y = y_domain(extent(values.chain(baseline)), o.y.bounds);
    draw_frame(ctx, size, (XKind::Time, (t0 as f64, t1 as f64), &o.x), (YKind::Number, y, &o.y))
}

/// The points of `s` to draw on `plot`: downsampled to the pixel width, gaps left out.
fn pixels(plot: &Plot, s: &Series, t0: i64, t1: i64) -> Vec<(f64, f64)> {
    let columns = (plot.right - plot.left).max(1.0) as usize;
    m4(&s.times, &s.values, t0, t1, columns)
        .into_iter()
        .filter(|&k| s.values[k].is_finite())
        .map(|k| (plot.x.map(s.times[k] as f64), plot.y.map(s.values[k])))
        .collect()
}

/// What the crosshair shows at pixel `x`: each series' nearest value.
fn hover_at(plot: &Plot, x: f64, y: f64, rows: impl Fn(i64) -> Vec<(String, String, String)>) -> Option<Tip> {
    let t = plot.x.invert(x) as i64;
    Some(Tip { x, y, crosshair: true, title: timestamp(t, local_offset()), rows: rows(t) })
}

/// An xy chart of `series` over the time range (unix nanoseconds).
#[component]
pub fn XyChart(
    #[prop(into)] series: Signal<Arc<Vec<Series>>>,
    #[prop(into)] options: Signal<ViewOptions>,
    #[prop(into)] range: Signal<(i64, i64)>,
) -> impl IntoView {
    let colors = Memo::new(move |_| options.with(|o| colors_for(o, series.with(|s| s.len()))));
    let draw = move |ctx: &Ctx, size: (f64, f64)| {
        let (t0, t1) = range.get();
        series.with(|s| options.with(|o| colors.with(|c| draw_lines(ctx, size, s, o, c, t0, t1))))
    };
    let hover = move |plot: &Plot, x: f64, y: f64| {
        let o = options.get_untracked();
        let c = colors.get_untracked();
        hover_at(plot, x, y, |t| {
            series.with_untracked(|all| {
                all.iter()
                    .zip(c.iter())
                    .filter_map(|(s, color)| {
                        let i = nearest(&s.times, t)?;
                        Some((color.clone(), s.name.clone(), format_value(s.values[i], o.decimals, &o.y.prefix, &o.y.suffix)))
                    })
                    .collect()
            })
        })
    };
    let names = Signal::derive(move || {
        let names = series.with(|s| s.iter().map(|s| s.name.clone()).collect());
        legend(names, colors.get(), options.with(|o| o.hide_legend))
    });
    chart_shell("xy", draw, hover, names)
}

/// Draws the series; returns the plot area and how many series were drawn.
fn draw_lines(ctx: &Ctx, size: (f64, f64), series: &[Series], o: &ViewOptions, colors: &[String], t0: i64, t1: i64) -> Option<Drawn> {
    let shown: Vec<Series> = if o.stacked { stack(series) } else { series.to_vec() };
    let plot = time_frame(ctx, size, o, shown.iter().flat_map(|s| s.values.iter().copied()), t0, t1);
    clip(ctx, &plot);
    let (lo, hi) = (plot.y.d0, plot.y.d1);
    let baseline = plot.y.map(lo.max(0.0).min(hi));
    let mut marks = 0;
    // Stacked series are drawn top first so the lower ones stay visible.
    let order: Vec<usize> = if o.stacked { (0..shown.len()).rev().collect() } else { (0..shown.len()).collect() };
    for i in order {
        let pts = pixels(&plot, &shown[i], t0, t1);
        if pts.is_empty() {
            continue;
        }
        marks += 1;
        let color = colors.get(i).map(String::as_str).unwrap_or("#31C0F6");
        ctx.set_stroke_style_str(color);
        ctx.set_fill_style_str(color);
        if o.geom == Geom::Bar {
            // Bars side by side within a time slot.
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
    Some(Drawn { plot, marks })
}

/// The path through `pts` for a geom (bars are drawn apart).
fn trace(ctx: &Ctx, pts: &[(f64, f64)], geom: Geom) {
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

/// A band chart: each band's main line, and the area between its upper and lower lines shaded
/// in the same color.
#[component]
pub fn BandChart(
    #[prop(into)] bands: Signal<Arc<Vec<Band>>>,
    #[prop(into)] options: Signal<ViewOptions>,
    #[prop(into)] range: Signal<(i64, i64)>,
) -> impl IntoView {
    let colors = Memo::new(move |_| options.with(|o| colors_for(o, bands.with(|b| b.len()))));
    let draw = move |ctx: &Ctx, size: (f64, f64)| {
        let (t0, t1) = range.get();
        bands.with(|b| options.with(|o| colors.with(|c| draw_bands(ctx, size, b, o, c, t0, t1))))
    };
    let hover = move |plot: &Plot, x: f64, y: f64| {
        let o = options.get_untracked();
        let c = colors.get_untracked();
        let read = |s: &Series, t: i64| nearest(&s.times, t).map(|i| format_value(s.values[i], o.decimals, &o.y.prefix, &o.y.suffix));
        hover_at(plot, x, y, |t| {
            bands.with_untracked(|all| {
                all.iter()
                    .zip(c.iter())
                    .filter_map(|(b, color)| {
                        let mut value = read(&b.main, t)?;
                        if let (Some(lo), Some(hi)) = (b.lower.as_ref().and_then(|s| read(s, t)), b.upper.as_ref().and_then(|s| read(s, t)))
                        {
                            value = format!("{value} ({lo} – {hi})");
                        }
                        Some((color.clone(), b.main.name.clone(), value))
                    })
                    .collect()
            })
        })
    };
    let names = Signal::derive(move || {
        let names = bands.with(|b| b.iter().map(|b| b.main.name.clone()).collect());
        legend(names, colors.get(), options.with(|o| o.hide_legend))
    });
    chart_shell("band", draw, hover, names)
}

fn draw_bands(ctx: &Ctx, size: (f64, f64), bands: &[Band], o: &ViewOptions, colors: &[String], t0: i64, t1: i64) -> Option<Drawn> {
    let all = bands.iter().flat_map(|b| [Some(&b.main), b.upper.as_ref(), b.lower.as_ref()]).flatten();
    let plot = time_frame(ctx, size, o, all.flat_map(|s| s.values.iter().copied()), t0, t1);
    clip(ctx, &plot);
    for (b, color) in bands.iter().zip(colors) {
        ctx.set_stroke_style_str(color);
        ctx.set_fill_style_str(color);
        if let (Some(upper), Some(lower)) = (&b.upper, &b.lower) {
            let (up, low) = (pixels(&plot, upper, t0, t1), pixels(&plot, lower, t0, t1));
            if !up.is_empty() && !low.is_empty() {
                trace(ctx, &up, o.geom);
                for (x, y) in low.iter().rev() {
                    ctx.line_to(*x, *y);
                }
                ctx.close_path();
                ctx.set_global_alpha(0.2);
                ctx.fill();
                ctx.set_global_alpha(1.0);
            }
        }
        let main = pixels(&plot, &b.main, t0, t1);
        if !main.is_empty() {
            trace(ctx, &main, o.geom);
            ctx.set_line_width(1.5);
            ctx.stroke();
        }
    }
    ctx.restore();
    Some(Drawn { plot, marks: bands.len() })
}
