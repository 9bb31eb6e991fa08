//! The state of one open dashboard and every change the page makes to it: the layout saved
//! once per gesture (after checking that nobody changed the cells meanwhile), cells added,
//! cloned, renamed and deleted, and undo/redo. What is decided here is pure and lives in
//! `dashboards_core::board` and `dashboards_core::layout`; this file sends the requests.

use crate::api::Client;
use crate::mutation::{use_mutation, Mutation, MutationScope};
use crate::session::SessionCtx;
use dashboards_core::board::{
    keep_mine, positions, restore_lacking, server_layout, shown_layout, CellCopy, History, Layout, ServerChange, Step,
};
use dashboards_core::layout::{compact, insert_item, layout_changed, place_beside, place_new, Item};
use dashboards_core::model::{Cell, CellId, CreateCell, Dashboard, DashboardId, OrgId, PatchView, ViewProperties};
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The size of a new cell, as the official UI makes it.
pub const NEW_CELL: (i32, i32) = (4, 4);

/// How the last layout save ended, when it did not simply succeed.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// The server holds the layout now: its positions, as it answered them.
    Saved(Layout),
    /// Nothing was sent: the cells changed on the server since the page read them.
    Changed { change: ServerChange, theirs: Layout },
}

/// Everything the page knows of the dashboard while it is open. `Copy`, like its signals.
#[derive(Clone, Copy)]
pub struct Board {
    pub id: StoredValue<DashboardId>,
    /// The dashboard's organization (queries run in it).
    pub org: StoredValue<OrgId>,
    /// The cells with their views' names and properties, as the server has them.
    pub cells: RwSignal<Vec<Cell>>,
    /// What the grid shows: always valid (no overlap, inside the 12 columns).
    pub layout: RwSignal<Layout>,
    /// The positions the server holds, as last read or saved (possibly invalid: other
    /// clients write them). A save first checks the server still holds these.
    pub server: StoredValue<Layout>,
    pub history: RwSignal<History>,
    /// A change elsewhere found by the last save, waiting for the user's choice.
    pub conflict: RwSignal<Option<(ServerChange, Layout)>>,
    /// A layout to save once the save under way has answered (the newest wins).
    queued: StoredValue<Option<Layout>>,
    /// The layout save: one request pair (check, PUT) at a time.
    pub save: Mutation<Layout, SaveOutcome>,
    /// What a screen reader is told after a change (aria-live).
    pub announce: RwSignal<String>,
}

impl Board {
    /// The board of a dashboard read with `?include=properties`.
    pub fn new(session: SessionCtx, dashboard: &Dashboard) -> Board {
        let server = server_layout(&dashboard.cells);
        let id = dashboard.id.clone();
        let save_id = id.clone();
        let known = StoredValue::new(server.clone());
        let save = use_mutation(move |layout: Layout| {
            let id = save_id.clone();
            async move {
                let client = session.require_client()?;
                // B5: the PUT deletes every cell it leaves out, so first make sure the cells
                // are still the ones the page read (no silent overwrite of another client's).
                let now = server_layout(&client.get_dashboard(&id, false).await?.cells);
                // Read after the GET: a cell this page added meanwhile is known by now, so it
                // is neither "added elsewhere" nor left out of the PUT below.
                let known = known.try_get_value().ok_or_else(page_closed)?;
                let change = ServerChange::between(&known, &now);
                if !change.is_empty() {
                    return Ok(SaveOutcome::Changed { change, theirs: now });
                }
                // A layout taken before a cell was added (a drag under way when a clone
                // answered) lacks it: the PUT keeps it where it is instead of deleting it.
                let answer = client.replace_cells(&id, &positions(&keep_mine(&layout, &known))).await?;
                Ok(SaveOutcome::Saved(server_layout(&answer.cells)))
            }
        });
        let board = Board {
            id: StoredValue::new(id),
            org: StoredValue::new(dashboard.org_id.clone()),
            cells: RwSignal::new(dashboard.cells.clone()),
            layout: RwSignal::new(shown_layout(&server)),
            server: known,
            history: RwSignal::new(History::default()),
            conflict: RwSignal::new(None),
            queued: StoredValue::new(None),
            save,
            announce: RwSignal::new(String::new()),
        };
        save.on_success(move |outcome| board.saved(outcome));
        board
    }

    /// Whether leaving now would lose work: a save under way, waiting, failed or in conflict.
    pub fn unsaved(&self) -> Signal<bool> {
        let (pending, error, conflict, queued) = (self.save.pending(), self.save.error(), self.conflict, self.queued);
        Signal::derive(move || {
            pending.get() || error.with(Option::is_some) || conflict.with(Option::is_some) || queued.with_value(Option::is_some)
        })
    }

    /// Saves `layout` (the whole of it, B5), now or after the save under way.
    pub fn save_layout(&self, layout: Layout) {
        if self.save.pending().get_untracked() {
            self.queued.set_value(Some(layout));
        } else {
            self.queued.set_value(None);
            self.save.run(layout);
        }
    }

    /// Saves what is shown again (the Retry of a failed save).
    pub fn retry_save(&self) {
        self.save_layout(self.layout.get_untracked());
    }

    fn saved(&self, outcome: SaveOutcome) {
        match outcome {
            SaveOutcome::Saved(server) => {
                // A cell of the page that the saved layout lacked (see the save) is shown
                // again where the server keeps it.
                let shown = self.layout.get_untracked();
                let ids: Vec<CellId> = self.cells.with_untracked(|cells| cells.iter().map(|c| c.id.clone()).collect());
                if let Some(fuller) = restore_lacking(&shown, &server, &ids) {
                    self.layout.set(fuller);
                }
                self.server.set_value(server);
                if let Some(next) = self.queued.try_update_value(Option::take).flatten() {
                    self.save.run(next);
                }
            }
            SaveOutcome::Changed { change, theirs } => {
                self.queued.set_value(None);
                self.conflict.set(Some((change, theirs)));
            }
        }
    }

    /// "Keep mine": the user's layout over theirs, keeping the cells added elsewhere.
    pub fn keep_mine(&self) {
        let Some((_, theirs)) = self.conflict.get_untracked() else { return };
        let merged = keep_mine(&self.layout.get_untracked(), &theirs);
        // Cells removed elsewhere are gone from the page too; cells added there are fetched
        // with the next reload (their views are not known here yet).
        self.cells.update(|cells| cells.retain(|c| theirs.iter().any(|t| t.id == c.id)));
        self.server.set_value(theirs);
        self.conflict.set(None);
        self.layout.set(merged.clone());
        self.save_layout(merged);
    }

    /// A gesture ended: record it and save it, if it changed anything.
    pub fn finish_gesture(&self, before: Layout) {
        let after = self.layout.get_untracked();
        if layout_changed(&before, &after) {
            self.history.update(|h| h.push(Step::Layout { before, after: after.clone() }));
            self.save_layout(after);
        }
    }

    /// Shows `target` restricted to the cells that exist now, and saves it if it differs.
    fn restore(&self, target: &Layout) {
        let current = self.layout.get_untracked();
        let next = keep_mine(target, &current);
        if layout_changed(&current, &next) || current.len() != next.len() {
            self.layout.set(next.clone());
            self.save_layout(next);
        }
    }

    /// The name and properties of a cell, to make it again.
    pub fn copy_of(&self, id: &CellId) -> Option<CellCopy> {
        self.cells.with_untracked(|cells| {
            cells.iter().find(|c| &c.id == id).map(|c| CellCopy {
                id: c.id.clone(),
                name: c.name.get().cloned().unwrap_or_default(),
                properties: c.properties.get().cloned().unwrap_or_default(),
            })
        })
    }

    /// Adds a made cell to the page at `item`'s place (pushing what it lands on down), and
    /// returns the layouts before and after.
    fn add_cell(&self, cell: Cell, item: Item<CellId>) -> (Layout, Layout) {
        let before = self.layout.get_untracked();
        let mut after = before.clone();
        insert_item(&mut after, item.clone());
        self.server.update_value(|s| s.push(item));
        self.cells.update(|c| c.push(cell));
        self.layout.set(after.clone());
        (before, after)
    }

    /// A cell the user added: on the page, in the history, and the layout saved if others moved.
    fn added(&self, cell: Cell, item: Item<CellId>, copy: CellCopy) {
        let (before, after) = self.add_cell(cell, item);
        self.history.update(|hist| hist.push(Step::Add { cell: copy, before, after }));
        self.save_if_moved();
    }

    /// Takes a deleted cell off the page; the others float up. Returns the layouts.
    fn remove_cell(&self, id: &CellId) -> (Layout, Layout) {
        let before = self.layout.get_untracked();
        let mut after: Layout = before.iter().filter(|i| &i.id != id).cloned().collect();
        compact(&mut after);
        self.server.update_value(|s| s.retain(|i| &i.id != id));
        self.cells.update(|c| c.retain(|c| &c.id != id));
        self.layout.set(after.clone());
        (before, after)
    }

    /// After a cell was added or removed: saves the layout if it is not the server's.
    fn save_if_moved(&self) {
        let now = self.layout.get_untracked();
        if layout_changed(&self.server.get_value(), &now) {
            self.save_layout(now);
        }
    }
}

/// Makes a cell at `item`'s place with the view of `copy` (name and properties): POST the
/// cell, then PATCH its view (B10: properties inside the POST are lost). A view that cannot
/// be written takes the cell away again, so nothing is left half-made.
async fn make_cell(client: &Client, dashboard: &DashboardId, item: &Item<CellId>, copy: &CellCopy) -> Result<Cell, ApiError> {
    let body =
        CreateCell { x: Some(item.x), y: Some(item.y), w: Some(item.w), h: Some(item.h), name: Some(copy.name.clone()), using_view: None };
    let mut cell = client.create_cell(dashboard, &body).await?;
    if !matches!(copy.properties, ViewProperties::Empty(_)) {
        let view = PatchView { name: copy.name.clone(), properties: copy.properties.clone() };
        if let Err(e) = client.patch_view(dashboard, &cell.id, &view).await {
            let _ = client.delete_cell(dashboard, &cell.id).await;
            return Err(e);
        }
    }
    cell.name.set(copy.name.clone());
    cell.properties.set(copy.properties.clone());
    Ok(cell)
}

/// Adds a cell at the first free slot at the top: empty (no view yet) or with `copy`'s view
/// (a note). Returns its id.
pub async fn add_cell(session: SessionCtx, board: Board, copy: Option<CellCopy>) -> Result<CellId, ApiError> {
    let client = session.require_client()?;
    let (w, h) = NEW_CELL;
    let (x, y) = place_new(&board.layout.get_untracked(), w, h);
    let copy = copy.unwrap_or(CellCopy { id: CellId::default(), name: String::new(), properties: ViewProperties::empty() });
    let cell = make_cell(&client, &board.id.get_value(), &Item::new(CellId::default(), x, y, w, h), &copy).await?;
    board.here()?;
    let item = Item::new(cell.id.clone(), x, y, w, h);
    let copy = CellCopy { id: cell.id.clone(), ..copy };
    let id = cell.id.clone();
    board.added(cell, item, copy);
    Ok(id)
}

/// Clones a cell beside it (never at 0,0 on top of the others: InfluxDB issue 17630).
pub async fn clone_cell(session: SessionCtx, board: Board, source: CellId) -> Result<(), ApiError> {
    let client = session.require_client()?;
    let layout = board.layout.get_untracked();
    let index = layout.iter().position(|i| i.id == source).ok_or_else(gone)?;
    let (w, h) = (layout[index].w, layout[index].h);
    let (x, y) = place_beside(&layout, index, w, h);
    let original = board.copy_of(&source).ok_or_else(gone)?;
    let name = crate::copy::clone_name(&original.name);
    // B11: one POST copies the view of a cell of the same dashboard.
    let body = CreateCell { x: Some(x), y: Some(y), w: Some(w), h: Some(h), name: Some(name.clone()), using_view: Some(source) };
    let mut cell = client.create_cell(&board.id.get_value(), &body).await?;
    board.here()?;
    cell.name.set(name.clone());
    cell.properties.set(original.properties.clone());
    let item = Item::new(cell.id.clone(), x, y, w, h);
    let copy = CellCopy { id: cell.id.clone(), name, properties: original.properties };
    board.added(cell, item, copy);
    Ok(())
}

/// Deletes a cell; the others float up, and the layout is saved if they moved.
pub async fn delete_cell(session: SessionCtx, board: Board, cell: CellId) -> Result<(), ApiError> {
    let client = session.require_client()?;
    let copy = board.copy_of(&cell).ok_or_else(gone)?;
    client.delete_cell(&board.id.get_value(), &cell).await?;
    board.here()?;
    let (before, after) = board.remove_cell(&cell);
    board.history.update(|hist| hist.push(Step::Remove { cell: copy, before, after }));
    board.save_if_moved();
    Ok(())
}

/// Renames a cell: its view's name, sent with the whole of its properties (B7).
pub async fn rename_cell(session: SessionCtx, board: Board, cell: CellId, name: String) -> Result<(), ApiError> {
    let client = session.require_client()?;
    let copy = board.copy_of(&cell).ok_or_else(gone)?;
    let body = PatchView { name: name.clone(), properties: copy.properties };
    client.patch_view(&board.id.get_value(), &cell, &body).await?;
    board.here()?;
    board.cells.update(|cells| {
        if let Some(c) = cells.iter_mut().find(|c| c.id == cell) {
            c.name.set(name.clone());
        }
    });
    Ok(())
}

/// Undoes the newest step; the history moves only when its requests succeeded.
pub async fn undo(session: SessionCtx, board: Board) -> Result<(), ApiError> {
    let Some(step) = board.history.with_untracked(|h| h.next_undo().cloned()) else { return Ok(()) };
    revert(session, board, step, true).await?;
    board.here()?;
    board.history.update(History::undone);
    Ok(())
}

/// Makes the newest undone step again.
pub async fn redo(session: SessionCtx, board: Board) -> Result<(), ApiError> {
    let Some(step) = board.history.with_untracked(|h| h.next_redo().cloned()) else { return Ok(()) };
    revert(session, board, step, false).await?;
    board.here()?;
    board.history.update(History::redone);
    Ok(())
}

/// The writes started from the toolbar and the cell menus, sharing one error line (the
/// toolbar's): add a cell, clone a cell, undo, redo.
#[derive(Clone, Copy)]
pub struct Ops {
    pub scope: MutationScope,
    /// Adds an empty cell; its editor opens.
    pub add: Mutation<(), CellId>,
    pub clone: Mutation<CellId, ()>,
    pub undo: Mutation<(), ()>,
    pub redo: Mutation<(), ()>,
}

impl Ops {
    pub fn new(session: SessionCtx, board: Board) -> Ops {
        let scope = MutationScope::new();
        let navigate = leptos_router::hooks::use_navigate();
        let location = leptos_router::hooks::use_location();
        Ops {
            scope,
            add: scope.mutation(move |()| add_cell(session, board, None)).on_success(move |cell: CellId| {
                // The new cell opens in the editor, with the page's time range.
                let path = dashboards_core::routes::cell_edit_path(&board.org.get_value(), &board.id.get_value(), &cell);
                navigate(&dashboards_core::routes::with_query(&path, &location.search.get_untracked()), Default::default());
            }),
            clone: scope.mutation(move |id: CellId| clone_cell(session, board, id)),
            undo: scope.mutation(move |()| undo(session, board)),
            redo: scope.mutation(move |()| redo(session, board)),
        }
    }
}

fn gone() -> ApiError {
    ApiError::NotFound { message: "This cell is no longer on the dashboard.".into() }
}

/// The dashboard's page was closed (or read again) before an answer came: what the answer
/// would change is no longer on screen. Nobody sees this error (its mutation went with the
/// page); it stops the request's follow-up from touching the page's disposed signals, whose
/// reads panic (and a panic aborts the release build).
fn page_closed() -> ApiError {
    ApiError::Network { message: "The dashboard was closed before the server answered.".into() }
}

impl Board {
    /// `Ok` while the page this board belongs to is open.
    fn here(&self) -> Result<(), ApiError> {
        self.layout.try_with_untracked(|_| ()).ok_or_else(page_closed)
    }
}

/// Undoes (`back`) or redoes a step: its requests, then the page. A layout step is only
/// shown and saved; an add or a delete is a request first, and the history moves only when
/// it succeeded.
async fn revert(session: SessionCtx, board: Board, step: Step, back: bool) -> Result<(), ApiError> {
    let id = board.id.get_value();
    match (step, back) {
        (Step::Layout { before, .. }, true) => board.restore(&before),
        (Step::Layout { after, .. }, false) => board.restore(&after),
        // Take away a cell that was added (undo) or deleted again (redo).
        (Step::Add { cell, before, .. }, true) | (Step::Remove { cell, after: before, .. }, false) => {
            session.require_client()?.delete_cell(&id, &cell.id).await?;
            board.here()?;
            board.remove_cell(&cell.id);
            board.restore(&before);
        }
        // Make a cell again: a deleted one (undo) or an added one (redo). It gets a new id.
        (Step::Remove { cell, before: target, .. }, true) | (Step::Add { cell, after: target, .. }, false) => {
            let place = target.iter().find(|i| i.id == cell.id).cloned().ok_or_else(gone)?;
            let made = make_cell(&session.require_client()?, &id, &place, &cell).await?;
            board.here()?;
            let new_id = made.id.clone();
            board.history.update(|h| h.rename(&cell.id, &new_id));
            let target: Layout = target.into_iter().map(|i| if i.id == cell.id { Item { id: new_id.clone(), ..i } } else { i }).collect();
            board.add_cell(made, Item { id: new_id, ..place });
            board.restore(&target);
        }
    }
    Ok(())
}
