//! One cell's frame: a header that is the drag handle (name, type, menu), a body that says
//! what the cell is until its data is drawn, and a resize handle in its corner. The grid
//! listens for the pointer and the keys of all cells.

use super::board::Board;
use super::content::CellContent;
use super::grid::Dragging;
use super::menus::CellMenu;
use crate::copy;
use dashboards_core::board::{cell_name, CellSummary};
use dashboards_core::layout::grid_area;
use dashboards_core::model::CellId;
use leptos::prelude::*;

/// The frame of the cell `id`, placed from the board's layout.
#[component]
pub fn CellFrame(
    board: Board,
    /// The cell this frame shows.
    id: CellId,
    /// The pointer drag under way, if any.
    dragging: RwSignal<Option<Dragging>>,
) -> impl IntoView {
    let cell_id = StoredValue::new(id.clone());
    let cell = Memo::new(move |_| board.cells.with(|cells| cells.iter().find(|c| c.id == cell_id.get_value()).cloned()));
    let name = Memo::new(move |_| cell.with(|c| c.as_ref().map(cell_name).unwrap_or_default()));
    let summary = Memo::new(move |_| cell.with(|c| CellSummary::of(c.as_ref().and_then(|c| c.properties.get()))));
    let place = Memo::new(move |_| board.layout.with(|l| l.iter().find(|i| i.id == cell_id.get_value()).map(|i| (i.x, i.y, i.w, i.h))));
    let mine = move || dragging.with(|d| d.as_ref().filter(|d| d.id == cell_id.get_value()).cloned());
    let style = move || match (mine(), place.get()) {
        // The dragged cell follows the pointer from where it was picked up.
        (Some(d), _) if !d.resize => format!("{} transform: translate({}px, {}px);", d.start_area, d.offset.0, d.offset.1),
        (_, Some((x, y, w, h))) => format!("{} --order: {};", grid_area(x, y, w, h), y * 100 + x),
        (_, None) => String::new(),
    };
    let menu_open = RwSignal::new(false);
    crate::browser::dismiss_on_outside(menu_open, move |t| {
        t.closest(".cell-menu, [data-testid=cell-menu]")
            .ok()
            .flatten()
            .and_then(|m| m.closest("[data-cell-id]").ok().flatten())
            .and_then(|c| c.get_attribute("data-cell-id"))
            .is_some_and(|id| id == cell_id.get_value().0)
    });
    let refresh = RwSignal::new(0u64);
    let properties = Memo::new(move |_| cell.with(|c| c.as_ref().and_then(|c| c.properties.get().cloned())));
    view! {
        <section
            class="cell"
            class:picked=move || mine().is_some()
            data-testid="cell"
            data-cell-id=id.0.clone()
            tabindex="0"
            role="group"
            aria-roledescription=copy::CELL_ROLE
            aria-label=move || name.get()
            aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Shift+ArrowLeft Shift+ArrowRight Shift+ArrowUp Shift+ArrowDown Enter Escape"
            style=style
        >
            // The grid listens for the pointer and the keys of every cell.
            <header class="cell-head" data-testid="cell-handle" title=copy::DRAG_HINT>
                <h2 class="cell-name" data-testid="cell-name">{move || name.get()}</h2>
                <span class="cell-type muted">{move || summary.with(|s| copy::view_type_name(&s.kind))}</span>
                <button class="icon-btn" title=copy::REFRESH_CELL data-testid="cell-refresh"
                    on:click=move |_| refresh.update(|t| *t += 1)>"⟳"</button>
                <button class="icon-btn" title=copy::CELL_MENU aria-haspopup="menu" aria-expanded=move || menu_open.get().to_string()
                    data-testid="cell-menu" on:click=move |_| menu_open.update(|o| *o = !*o)>"⋯"</button>
            </header>
            {move || menu_open.get().then(|| view! { <CellMenu board=board id=cell_id.get_value() name=name.get_untracked() open=menu_open /> })}
            <div class="cell-body" data-testid="cell-body">
                <CellContent org=board.org.get_value() properties=properties tick=refresh />
            </div>
            <div class="cell-resize" data-testid="cell-resize" title=copy::RESIZE_HINT></div>
        </section>
    }
}
