//! A cell's menu (rename, clone, delete) and the page's dialogs: a new note, a cell's
//! deletion. Each write keeps what the user typed when it fails and says why next to it.

use super::board::{self, Board, Ops};
use crate::components::{Dialog, FormError};
use crate::copy;
use crate::mutation::use_mutation;
use crate::session::use_session;
use dashboards_core::board::{note_properties, CellCopy};
use dashboards_core::model::CellId;
use leptos::prelude::*;

/// The menu of one cell. Rename edits the name in place; clone runs at once (its error shows
/// in the toolbar); delete asks first.
#[component]
pub fn CellMenu(
    board: Board,
    /// The cell.
    id: CellId,
    /// Its name now.
    name: String,
    /// The menu's open flag (choosing closes it).
    open: RwSignal<bool>,
) -> impl IntoView {
    let session = use_session();
    // Clone is the toolbar's mutation: its error must outlive this menu.
    let ops = expect_context::<Ops>();
    let renaming = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(false);
    let id = StoredValue::new(id);
    let rename =
        use_mutation(move |name: String| board::rename_cell(session, board, id.get_value(), name)).on_success(move |()| open.set(false));
    let save = move || {
        let Some(draft) = renaming.get_untracked() else { return };
        match dashboards_core::board::check_cell_name(&draft) {
            Ok(n) => rename.run(n),
            Err(e) => rename.error().set(Some(e)),
        }
    };
    let original = name.clone();
    // The editor keeps the page's time range: the address's query goes along.
    let search = leptos_router::hooks::use_location().search.get_untracked();
    let edit_href = crate::components::href(&dashboards_core::routes::with_query(
        &dashboards_core::routes::cell_edit_path(&board.org.get_value(), &board.id.get_value(), &id.get_value()),
        &search,
    ));
    view! {
        <div class="cell-menu" role="menu" data-testid="cell-menu-items">
            {move || match renaming.get() {
                Some(_) => view! {
                    <crate::components::InlineEdit draft=renaming error=rename.error() busy=rename.pending()
                        on_save=Callback::new(move |_| save()) label=copy::CELL_NAME testid="cell-rename" />
                    <FormError error=rename.error() testid="cell-menu-error" />
                }.into_any(),
                None => {
                    let original = original.clone();
                    view! {
                        <a class="btn btn-small" role="menuitem" data-testid="cell-configure" href=edit_href.clone()
                            on:click=move |_| open.set(false)>{copy::CONFIGURE}</a>
                        <button class="btn btn-small" role="menuitem" data-testid="cell-rename"
                            on:click=move |_| renaming.set(Some(original.clone()))>{copy::RENAME}</button>
                        <button class="btn btn-small" role="menuitem" data-testid="cell-clone"
                            on:click=move |_| { open.set(false); ops.clone.run(id.get_value()) }>{copy::CLONE}</button>
                        <button class="btn btn-small btn-danger" role="menuitem" data-testid="cell-delete"
                            on:click=move |_| confirm.set(true)>{copy::DELETE}</button>
                    }.into_any()
                }
            }}
        </div>
        {move || confirm.get().then(|| view! {
            <DeleteCellDialog board=board id=id.get_value() name=name.clone()
                on_close=Callback::new(move |deleted: bool| { confirm.set(false); if deleted { open.set(false) } }) />
        })}
    }
}

/// Deletes a cell after a confirmation that names it.
#[component]
pub fn DeleteCellDialog(
    board: Board,
    id: CellId,
    /// The cell's name, said in the question.
    name: String,
    /// Called with true once the cell is gone, false when the user kept it.
    on_close: Callback<bool>,
) -> impl IntoView {
    let session = use_session();
    let id = StoredValue::new(id);
    let delete = use_mutation(move |()| board::delete_cell(session, board, id.get_value())).on_success(move |()| on_close.run(true));
    view! {
        <Dialog title=copy::DELETE_CELL_TITLE.to_owned() busy=delete.pending() on_close=Callback::new(move |_| on_close.run(false)) testid="delete-cell-dialog">
            <p data-testid="delete-cell-question">{copy::delete_cell_question(&name)}</p>
            <FormError error=delete.error() testid="dialog-error" />
            <div class="dialog-actions">
                <button class="btn" on:click=move |_| on_close.run(false)>{copy::CANCEL}</button>
                <button class="btn btn-danger" data-testid="delete-cell-confirm" disabled=delete.pending() on:click=move |_| delete.run(())>{copy::DELETE}</button>
            </div>
        </Dialog>
    }
}

/// A new note: a name and its markdown text, added as a `markdown` cell.
#[component]
pub fn NoteDialog(board: Board, on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let add = use_mutation(move |copy: CellCopy| board::add_cell(session, board, Some(copy))).on_success(move |_| on_close.run(()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name.get_untracked().trim().to_owned();
        add.run(CellCopy { id: CellId::default(), name, properties: note_properties(&text.get_untracked()) });
    };
    view! {
        <Dialog title=copy::NEW_NOTE.to_owned() busy=add.pending() on_close=on_close testid="note-dialog">
            <form class="dialog-form" on:submit=submit>
                <label class="field">
                    <span>{copy::NAME}</span>
                    <input type="text" data-testid="note-name" bind:value=name autofocus />
                </label>
                <label class="field">
                    <span>{copy::NOTE_TEXT}</span>
                    <textarea rows="8" class="code" data-testid="note-text" bind:value=text></textarea>
                </label>
                <FormError error=add.error() testid="dialog-error" />
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{copy::CANCEL}</button>
                    <button type="submit" class="btn btn-primary" data-testid="note-submit" disabled=add.pending()>{copy::ADD_NOTE}</button>
                </div>
            </form>
        </Dialog>
    }
}
