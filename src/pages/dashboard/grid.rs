//! The 12-column grid: cells laid out from the board's layout, dragged by their header,
//! resized by their corner, moved and resized with the keyboard. Each pointer move shows
//! `layout::drag` of the layout at pointer down; the gesture ends in one save, and only if
//! the layout changed. The pointer is captured, so a drag survives leaving the cell.

use super::board::Board;
use super::cell::CellFrame;
use crate::browser::event_element;
use dashboards_core::board::{announce, cell_name, key_command, GridMetrics, KeyCommand, Layout, DRAG_THRESHOLD_PX};
use dashboards_core::layout::{drag, drag_resize, grid_area, grow, nudge, GRID_COLUMNS};
use dashboards_core::model::CellId;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A row's height and the gap between cells, in CSS pixels (the stylesheet reads both, and
/// the column count, from the grid's custom properties).
pub const ROW_HEIGHT_PX: f64 = 84.0;
pub const GAP_PX: f64 = 8.0;

/// A pointer gesture under way.
#[derive(Clone)]
struct Gesture {
    index: usize,
    resize: bool,
    start: Layout,
    origin: (f64, f64),
    metrics: GridMetrics,
    /// Moved past the click threshold: it is a drag, not a click.
    started: bool,
}

/// What the page draws of a pointer drag: the dragged cell follows the pointer from its
/// place at pointer down; a placeholder shows where it will land.
#[derive(Clone, Debug, PartialEq)]
pub struct Dragging {
    pub id: CellId,
    pub start_area: String,
    pub offset: (f64, f64),
    pub resize: bool,
}

/// The cell an event happened in (its `data-cell-id`).
fn cell_of(ev: &web_sys::Event) -> Option<CellId> {
    event_element(ev, "[data-cell-id]").and_then(|el| el.get_attribute("data-cell-id")).map(CellId)
}

/// The grid of the board's cells.
#[component]
pub fn Grid(
    /// The open dashboard.
    board: Board,
) -> impl IntoView {
    let grid_ref = NodeRef::<Div>::new();
    let gesture = StoredValue::new(None::<Gesture>);
    let dragging = RwSignal::new(None::<Dragging>);
    // The layout before the first arrow key of a keyboard gesture (Escape goes back to it).
    let keyboard = StoredValue::new(None::<Layout>);

    let metrics = move || {
        let width = grid_ref.get_untracked().map(|g| g.get_bounding_client_rect().width()).unwrap_or(1200.0);
        GridMetrics { width, row_height: ROW_HEIGHT_PX, gap: GAP_PX }
    };
    let index_of = move |id: &CellId| board.layout.with_untracked(|l| l.iter().position(|i| &i.id == id));
    let name_of =
        move |id: &CellId| board.cells.with_untracked(|cells| cells.iter().find(|c| &c.id == id).map(cell_name)).unwrap_or_default();

    let on_pointer_down = move |id: CellId, resize: bool, ev: web_sys::PointerEvent| {
        if ev.button() != 0 || gesture.with_value(Option::is_some) {
            return;
        }
        // A press on the header's buttons is theirs, not a drag.
        if event_element(&ev, "button, input, a, select, textarea").is_some() {
            return;
        }
        let Some(index) = index_of(&id) else { return };
        if let Some(el) = event_element(&ev, ".cell-head, .cell-resize") {
            // Without capture a release outside the cell is lost (and WebDriver's too), and a
            // resize corner left behind by the pointer stops getting its moves.
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
        let start = board.layout.get_untracked();
        gesture.set_value(Some(Gesture {
            index,
            resize,
            start,
            origin: (ev.client_x() as f64, ev.client_y() as f64),
            metrics: metrics(),
            started: false,
        }));
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let Some(mut g) = gesture.get_value() else { return };
        let (dx, dy) = (ev.client_x() as f64 - g.origin.0, ev.client_y() as f64 - g.origin.1);
        if !g.started {
            if dx.hypot(dy) < DRAG_THRESHOLD_PX {
                return;
            }
            g.started = true;
            let item = &g.start[g.index];
            dragging.set(Some(Dragging {
                id: item.id.clone(),
                start_area: grid_area(item.x, item.y, item.w, item.h),
                offset: (dx, dy),
                resize: g.resize,
            }));
            gesture.set_value(Some(g.clone()));
        }
        let item = &g.start[g.index];
        let next = if g.resize {
            let (w, h) = g.metrics.resized_to(item, dx, dy);
            drag_resize(&g.start, g.index, w, h)
        } else {
            let (x, y) = g.metrics.moved_to(item, dx, dy);
            drag(&g.start, g.index, x, y)
        };
        if board.layout.with_untracked(|now| dashboards_core::layout::layout_changed(now, &next)) {
            board.layout.set(next);
        }
        dragging.update(|d| {
            if let Some(d) = d {
                d.offset = (dx, dy);
            }
        });
    };
    let end_gesture = move |cancel: bool| {
        let Some(g) = gesture.get_value() else { return };
        gesture.set_value(None);
        dragging.set(None);
        if !g.started {
            return;
        }
        if cancel {
            board.layout.set(g.start);
            return;
        }
        let id = g.start[g.index].id.clone();
        if let Some(after) = board.layout.with_untracked(|l| l.iter().find(|i| i.id == id).cloned()) {
            if !after.same_place(&g.start[g.index]) {
                board.announce.set(announce(&name_of(&id), &g.start[g.index], &after));
            }
        }
        board.finish_gesture(g.start);
    };

    let on_key = move |id: CellId, ev: web_sys::KeyboardEvent| {
        // Keys pressed in the cell's menu, name field or buttons are theirs.
        let on_the_cell =
            ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| el.class_list().contains("cell"));
        if !on_the_cell {
            return;
        }
        let Some(command) = key_command(&ev.key(), ev.shift_key()) else { return };
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(index) = index_of(&id) else { return };
        match command {
            KeyCommand::Move { .. } | KeyCommand::Resize { .. } => {
                ev.prevent_default();
                let mut layout = board.layout.get_untracked();
                if keyboard.with_value(Option::is_none) {
                    keyboard.set_value(Some(layout.clone()));
                }
                let before = layout[index].clone();
                let changed = match command {
                    KeyCommand::Move { dx, dy } => nudge(&mut layout, index, dx, dy),
                    KeyCommand::Resize { dw, dh } => grow(&mut layout, index, dw, dh),
                    _ => false,
                };
                if changed {
                    board.announce.set(announce(&name_of(&id), &before, &layout[index]));
                    board.layout.set(layout);
                }
            }
            KeyCommand::Commit => {
                if let Some(start) = keyboard.get_value() {
                    ev.prevent_default();
                    keyboard.set_value(None);
                    board.finish_gesture(start);
                }
            }
            KeyCommand::Cancel => {
                if let Some(start) = keyboard.get_value() {
                    ev.prevent_default();
                    keyboard.set_value(None);
                    board.layout.set(start);
                    board.announce.set(format!("{}: {}", name_of(&id), crate::copy::MOVE_CANCELLED));
                }
            }
        }
    };
    // Leaving the cell keeps what the keys did, like Enter.
    let on_blur = move || {
        if let Some(start) = keyboard.get_value() {
            keyboard.set_value(None);
            board.finish_gesture(start);
        }
    };

    let ids = Memo::new(move |_| board.layout.with(|l| l.iter().map(|i| i.id.clone()).collect::<Vec<_>>()));
    let placeholder = move || {
        dragging
            .with(|d| d.as_ref().filter(|d| !d.resize).map(|d| d.id.clone()))
            .and_then(|id| board.layout.with(|l| l.iter().find(|i| i.id == id).map(|i| grid_area(i.x, i.y, i.w, i.h))))
    };
    view! {
        <div
            class="grid"
            data-testid="grid"
            node_ref=grid_ref
            class:dragging=move || dragging.with(Option::is_some)
            style=format!("--grid-columns: {GRID_COLUMNS}; --grid-row: {ROW_HEIGHT_PX}px; --grid-gap: {GAP_PX}px;")
            // One set of listeners for every cell: the cell is found from the event's target.
            on:pointerdown=move |ev| {
                let Some(cell) = cell_of(&ev) else { return };
                // One column on a narrow screen: nothing to drag cells across.
                if crate::browser::narrow() {
                    return;
                }
                let resize = event_element(&ev, ".cell-resize").is_some();
                if resize || event_element(&ev, ".cell-head").is_some() {
                    on_pointer_down(cell, resize, ev);
                }
            }
            on:pointermove=on_pointer_move
            on:pointerup=move |_| end_gesture(false)
            on:pointercancel=move |_| end_gesture(true)
            on:keydown=move |ev| if let Some(cell) = cell_of(&ev) { on_key(cell, ev) }
            on:focusout=move |ev| if !crate::browser::focus_stays_inside(&ev, ".cell") { on_blur() }
        >
            // Cells are made again only when one is added or deleted (a move changes their
            // style, not the list of ids); without a keyed list, which costs the bundle.
            {move || ids.get().into_iter().map(|id| view! { <CellFrame board=board id=id dragging=dragging /> }).collect_view()}
            {move || placeholder().map(|area| view! { <div class="cell-placeholder" data-testid="placeholder" style=area></div> })}
        </div>
        <p class="sr-only" aria-live="polite" data-testid="grid-announce">{move || board.announce.get()}</p>
    }
}
