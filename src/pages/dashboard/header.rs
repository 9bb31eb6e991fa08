//! The top of a dashboard: its name, description and labels, the toolbar (add a cell, add a
//! note, undo, redo), how the layout's save went, and the question asked when the cells
//! changed elsewhere.

use super::board::{Board, Ops};
use super::menus::NoteDialog;
use crate::components::{FormError, LabelPill, RelativeTime};
use crate::copy;
use dashboards_core::model::Dashboard;
use leptos::prelude::*;

/// Name, when it was modified, description and labels.
#[component]
pub fn BoardHead(dashboard: Dashboard) -> impl IntoView {
    let Dashboard { id, name, description, labels, meta, .. } = dashboard;
    let name = if name.trim().is_empty() { copy::UNNAMED.to_owned() } else { name };
    let members_open = RwSignal::new(false);
    let (id, title) = (StoredValue::new(id), StoredValue::new(name.clone()));
    view! {
        <div class="page-head">
            <h1 data-testid="dashboard-title">{name}</h1>
            <span class="muted">{copy::MODIFIED}" "<RelativeTime time=meta.updated_at /></span>
            <span class="spacer"></span>
            <button class="btn" data-testid="members-open" on:click=move |_| members_open.set(true)>{copy::MEMBERS}</button>
        </div>
        {move || members_open.get().then(|| view! {
            <crate::pages::MembersPanel dashboard=id.get_value() name=title.get_value() on_close=Callback::new(move |_| members_open.set(false)) />
        })}
        {(!description.trim().is_empty()).then(|| view! { <p class="dashboard-description">{description}</p> })}
        <div class="labels">{labels.into_iter().map(|l| view! { <LabelPill label=l /> }).collect_view()}</div>
    }
}

/// Add a cell, add a note, undo, redo; the save status and the toolbar's error line.
#[component]
pub fn Toolbar(board: Board, ops: Ops) -> impl IntoView {
    let note_open = RwSignal::new(false);
    let busy = ops.scope.pending();
    let can_undo = Memo::new(move |_| board.history.with(|h| h.can_undo()));
    let can_redo = Memo::new(move |_| board.history.with(|h| h.can_redo()));
    view! {
        <div class="toolbar board-toolbar" role="toolbar" aria-label=copy::DASHBOARD_TOOLS>
            <button class="btn btn-primary" data-testid="add-cell" disabled=busy on:click=move |_| ops.add.run(())>{copy::ADD_CELL}</button>
            <button class="btn" data-testid="add-note" on:click=move |_| note_open.set(true)>{copy::ADD_NOTE}</button>
            <span class="spacer"></span>
            <button class="btn" data-testid="undo" title=copy::UNDO_HINT
                disabled=move || busy.get() || !can_undo.get() on:click=move |_| ops.undo.run(())>{copy::UNDO}</button>
            <button class="btn" data-testid="redo" title=copy::REDO_HINT
                disabled=move || busy.get() || !can_redo.get() on:click=move |_| ops.redo.run(())>{copy::REDO}</button>
            <SaveStatus board=board />
        </div>
        <FormError error=ops.scope.error testid="board-error" />
        <Conflict board=board />
        {move || note_open.get().then(|| view! { <NoteDialog board=board on_close=Callback::new(move |_| note_open.set(false)) /> })}
    }
}

/// "Saving…", "All changes saved", or what failed with a way to save again.
#[component]
fn SaveStatus(board: Board) -> impl IntoView {
    let pending = board.save.pending();
    let error = board.save.error();
    view! {
        <span class="save-status" data-testid="save-status" aria-live="polite">
            {move || match (pending.get(), error.get()) {
                (true, _) => view! { <span class="muted">{copy::SAVING}</span> }.into_any(),
                (false, Some(e)) => view! {
                    <span class="form-error" role="alert" data-testid="save-error">
                        <strong>{copy::LAYOUT_NOT_SAVED}": "</strong>{e.message().to_owned()}" "
                        <button class="btn btn-small" data-testid="save-retry" on:click=move |_| board.retry_save()>{copy::RETRY}</button>
                    </span>
                }.into_any(),
                (false, None) => view! { <span class="muted">{copy::ALL_SAVED}</span> }.into_any(),
            }}
        </span>
    }
}

/// The cells changed on the server since they were read: nothing was saved; the user
/// chooses between their layout (keeping the other client's new cells) and the server's.
#[component]
fn Conflict(board: Board) -> impl IntoView {
    let reload = expect_context::<super::Reload>();
    move || {
        board.conflict.get().map(|(change, _)| {
            view! {
                <div class="banner warning" role="alert" data-testid="conflict">
                    <p>{copy::changed_elsewhere(&change.describe())}</p>
                    <button class="btn" data-testid="reload-theirs" on:click=move |_| reload.0.run(())>{copy::RELOAD_THEIRS}</button>
                    <button class="btn btn-primary" data-testid="keep-mine" on:click=move |_| board.keep_mine()>{copy::KEEP_MINE}</button>
                </div>
            }
        })
    }
}
