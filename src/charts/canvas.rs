//! A canvas that fills its box, sharp on high-density screens, redrawn when the box changes
//! size; and the plot area of a chart with its two scales.

use dashboards_core::chart::Linear;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where a chart's plot area is, in CSS pixels of its canvas, with its scales.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub x: Linear,
    pub y: Linear,
}

impl Plot {
    /// The plot area from its top-left and bottom-right corners, over the x and y domains.
    pub fn new(top_left: (f64, f64), bottom_right: (f64, f64), x: (f64, f64), y: (f64, f64)) -> Plot {
        let (left, top) = top_left;
        let (right, bottom) = (bottom_right.0.max(left + 1.0), bottom_right.1.max(top + 1.0));
        Plot { left, top, right, bottom, x: Linear::new(x, (left, right)), y: Linear::new(y, (bottom, top)) }
    }
}

/// A canvas inside `host`, with the host's size as a signal.
#[derive(Clone, Copy)]
pub struct Canvas {
    node: NodeRef<leptos::html::Canvas>,
    /// The host's size in CSS pixels, kept up to date by a ResizeObserver.
    pub size: RwSignal<(f64, f64)>,
}

impl Canvas {
    pub fn new(host: NodeRef<Div>) -> Canvas {
        let size = RwSignal::new((0.0, 0.0));
        let node = NodeRef::new();
        let observer =
            send_wrapper::SendWrapper::new(std::cell::RefCell::new(None::<(web_sys::ResizeObserver, Closure<dyn Fn(js_sys::Array)>)>));
        let observer = std::sync::Arc::new(observer);
        let keep = observer.clone();
        host.on_load(move |el: web_sys::HtmlDivElement| {
            let target = el.clone();
            let measure = move || {
                let r = target.get_bounding_client_rect();
                size.set((r.width().floor(), r.height().floor()));
            };
            measure();
            let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |_| measure());
            if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
                ro.observe(&el);
                *keep.borrow_mut() = Some((ro, cb));
            }
        });
        on_cleanup(move || {
            if let Some((ro, _)) = observer.borrow_mut().take() {
                ro.disconnect();
            }
        });
        Canvas { node, size }
    }

    pub fn view(&self) -> impl IntoView {
        view! { <canvas node_ref=self.node></canvas> }
    }

    /// The 2D context, sized for `size` at the screen's pixel density (drawing in CSS pixels).
    pub fn context(&self, size: (f64, f64)) -> Option<web_sys::CanvasRenderingContext2d> {
        let canvas = self.node.get()?;
        let (w, h) = size;
        if w < 1.0 || h < 1.0 {
            return None;
        }
        let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
        canvas.set_width((w * dpr) as u32);
        canvas.set_height((h * dpr) as u32);
        let style = format!("width: {w}px; height: {h}px;");
        let _ = canvas.set_attribute("style", &style);
        let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        Some(ctx)
    }
}
