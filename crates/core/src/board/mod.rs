//! The dashboard page's own editing, as pure data: the layout a dashboard's cells make, the
//! body of the one `PUT …/cells` a gesture saves, what changed on the server meanwhile, and
//! the undo/redo history of the visit. The page (`src/pages/dashboard/`) does the requests;
//! everything it decides is here and tested on the host.

mod gesture;
mod history;

pub use gesture::{announce, key_command, GridMetrics, KeyCommand, DRAG_THRESHOLD_PX};
pub use history::{CellCopy, History, Step};

use crate::layout::{insert_item, sanitized, Item};
use crate::model::{Cell, CellId, CellPosition, Field, MarkdownProperties, ViewProperties};
use std::collections::HashMap;

/// What a cell's body says of it until its data is drawn: its type, its queries, a note's
/// text. Taken from the view's properties (absent without `?include=properties`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellSummary {
    /// The view's `type`, or "" for an empty view.
    pub kind: String,
    /// The Flux text of each query.
    pub queries: Vec<String>,
    /// A note's markdown source (`markdown` views).
    pub note: Option<String>,
}

impl CellSummary {
    pub fn of(properties: Option<&ViewProperties>) -> CellSummary {
        let Some(p) = properties else { return CellSummary::default() };
        CellSummary {
            kind: p.type_name().to_owned(),
            queries: p.queries().iter().filter_map(|q| q.text.get().cloned()).collect(),
            note: match p {
                ViewProperties::Markdown(m) => Some(m.note.value_or_default()),
                _ => None,
            },
        }
    }
}

/// Checks a cell's new name before it is sent: trimmed, not empty, one line.
pub fn check_cell_name(name: &str) -> Result<String, crate::ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(crate::ApiError::Validation { message: "Give the cell a name.".into() });
    }
    if name.contains(['\n', '\r']) {
        return Err(crate::ApiError::Validation { message: "A cell's name is one line.".into() });
    }
    Ok(name.to_owned())
}

/// The properties of a new note (a `markdown` view) holding `text`. Built directly, not
/// parsed from JSON: a second deserializer of every view type would cost the wasm bundle.
pub fn note_properties(text: &str) -> ViewProperties {
    ViewProperties::Markdown(MarkdownProperties {
        shape: Field::Set("chronograf-v2".into()),
        note: Field::Set(text.into()),
        extra: Default::default(),
    })
}

/// The name a cell is shown with: its view's name, or "(unnamed)" when that is blank.
pub fn cell_name(cell: &Cell) -> String {
    cell.name.get().map(|n| n.trim()).filter(|n| !n.is_empty()).unwrap_or("(unnamed)").to_owned()
}

/// The layout of a dashboard's cells, in the order the server lists them.
pub type Layout = Vec<Item<CellId>>;

/// The server's positions of `cells`, as they are (possibly overlapping or out of bounds:
/// other clients write them).
pub fn server_layout(cells: &[Cell]) -> Layout {
    cells.iter().map(|c| Item::new(c.id.clone(), c.x, c.y, c.w, c.h)).collect()
}

/// What the page shows for the server's positions: made valid and compacted (see
/// [`crate::layout::sanitize`]). It is saved only when the user changes something.
pub fn shown_layout(server: &[Item<CellId>]) -> Layout {
    sanitized(server)
}

/// The body of `PUT /dashboards/{id}/cells`: every cell, with only id, x, y, w and h. B5: a
/// cell left out is deleted, so the whole layout is always sent.
pub fn positions(layout: &[Item<CellId>]) -> Vec<CellPosition> {
    layout.iter().map(|i| CellPosition { id: i.id.clone(), x: i.x, y: i.y, w: i.w, h: i.h }).collect()
}

/// What another client changed in the cells since `known` was read: cells added, removed,
/// and moved or resized.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerChange {
    pub added: Vec<CellId>,
    pub removed: Vec<CellId>,
    pub moved: Vec<CellId>,
}

impl ServerChange {
    /// `known`: the positions the page last read or saved; `now`: the server's positions now.
    pub fn between(known: &[Item<CellId>], now: &[Item<CellId>]) -> ServerChange {
        let before: HashMap<&CellId, &Item<CellId>> = known.iter().map(|i| (&i.id, i)).collect();
        let after: HashMap<&CellId, &Item<CellId>> = now.iter().map(|i| (&i.id, i)).collect();
        ServerChange {
            added: now.iter().filter(|i| !before.contains_key(&i.id)).map(|i| i.id.clone()).collect(),
            removed: known.iter().filter(|i| !after.contains_key(&i.id)).map(|i| i.id.clone()).collect(),
            moved: now.iter().filter(|i| before.get(&i.id).is_some_and(|b| !b.same_place(i))).map(|i| i.id.clone()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.moved.is_empty()
    }

    /// In words, for the banner that asks before overwriting: "2 cells added, 1 removed".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let cells = |n: usize| if n == 1 { "1 cell".to_owned() } else { format!("{n} cells") };
        for (n, what) in [(self.added.len(), "added"), (self.removed.len(), "removed"), (self.moved.len(), "moved or resized")] {
            if n > 0 {
                parts.push(if parts.is_empty() { format!("{} {what}", cells(n)) } else { format!("{n} {what}") });
            }
        }
        parts.join(", ")
    }
}

/// "Keep mine" after a change elsewhere, without destroying the other client's work: the
/// user's positions for the cells that still exist, cells removed elsewhere dropped (they can
/// no longer be placed), and cells added elsewhere kept where they are, pushing down what
/// they land on. Returns a valid layout; `mine` is not modified.
pub fn keep_mine(mine: &[Item<CellId>], theirs: &[Item<CellId>]) -> Layout {
    let exists: HashMap<&CellId, ()> = theirs.iter().map(|i| (&i.id, ())).collect();
    let mut out: Layout = mine.iter().filter(|i| exists.contains_key(&i.id)).cloned().collect();
    let known: HashMap<CellId, ()> = mine.iter().map(|i| (i.id.clone(), ())).collect();
    for added in theirs.iter().filter(|i| !known.contains_key(&i.id)) {
        insert_item(&mut out, added.clone());
    }
    out
}

/// `shown` with the cells of `server` that it lacks though the page has them (`cells`: a
/// layout saved from before they were added), each where the server keeps it, pushing down
/// what it lands on; `None` when nothing lacks.
pub fn restore_lacking(shown: &[Item<CellId>], server: &[Item<CellId>], cells: &[CellId]) -> Option<Layout> {
    let lacking: Vec<&Item<CellId>> = server.iter().filter(|s| cells.contains(&s.id) && !shown.iter().any(|i| i.id == s.id)).collect();
    if lacking.is_empty() {
        return None;
    }
    let mut out = shown.to_vec();
    for item in lacking {
        insert_item(&mut out, item.clone());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_the_saved_layout_lacked_is_shown_again_but_not_one_deleted_since() {
        let shown = vec![item("a", 0, 0, 6, 3)];
        let server = vec![item("a", 0, 0, 6, 3), item("new", 0, 0, 4, 2), item("gone", 6, 0, 6, 3)];
        let ids = [CellId::from("a"), CellId::from("new")];
        let fuller = restore_lacking(&shown, &server, &ids).unwrap();
        assert_eq!(fuller.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["a", "new"]);
        assert!(fuller.iter().all(|i| fuller.iter().filter(|j| j.id != i.id).all(|j| !crate::layout::collides(i, j))), "{fuller:?}");
        assert_eq!(restore_lacking(&server[..1], &server, &ids[..1]), None);
    }

    fn item(id: &str, x: i32, y: i32, w: i32, h: i32) -> Item<CellId> {
        Item::new(CellId::from(id), x, y, w, h)
    }

    #[test]
    fn a_cells_summary_names_its_type_queries_and_note() {
        let xy: ViewProperties = serde_json::from_value(serde_json::json!({"type": "xy", "shape": "chronograf-v2",
            "queries": [{"text": "from(bucket: \"b\")", "editMode": "advanced"}, {"name": "no text"}]}))
        .unwrap();
        let s = CellSummary::of(Some(&xy));
        assert_eq!(s.kind, "xy");
        assert_eq!(s.queries, vec!["from(bucket: \"b\")".to_owned()]);
        assert_eq!(s.note, None);
        let note = CellSummary::of(Some(&note_properties("## Runbook")));
        assert_eq!((note.kind.as_str(), note.note.as_deref()), ("markdown", Some("## Runbook")));
        assert_eq!(CellSummary::of(Some(&ViewProperties::empty())).kind, "");
        assert_eq!(CellSummary::of(None), CellSummary::default());
    }

    #[test]
    fn cell_names_are_trimmed_and_must_say_something() {
        assert_eq!(check_cell_name("  CPU  ").unwrap(), "CPU");
        assert!(check_cell_name("   ").unwrap_err().message().contains("Give the cell a name"));
        assert!(check_cell_name("a\nb").unwrap_err().message().contains("one line"));
    }

    #[test]
    fn a_new_notes_properties_are_what_influxd_stores_for_a_note() {
        let v = serde_json::to_value(note_properties("hi")).unwrap();
        assert_eq!(v, serde_json::json!({"type": "markdown", "shape": "chronograf-v2", "note": "hi"}));
    }

    #[test]
    fn positions_send_every_cell_with_only_its_place() {
        let layout = vec![item("a", 0, 0, 4, 3), item("b", 4, 0, 8, 2)];
        let body = serde_json::to_value(positions(&layout)).unwrap();
        assert_eq!(body, serde_json::json!([{"id": "a", "x": 0, "y": 0, "w": 4, "h": 3}, {"id": "b", "x": 4, "y": 0, "w": 8, "h": 2}]));
    }

    #[test]
    fn server_change_names_added_removed_and_moved_cells() {
        let known = vec![item("a", 0, 0, 4, 3), item("b", 4, 0, 4, 3), item("c", 8, 0, 4, 3)];
        let now = vec![item("a", 0, 0, 4, 3), item("b", 4, 3, 4, 3), item("d", 0, 6, 2, 2)];
        let change = ServerChange::between(&known, &now);
        assert_eq!(change.added, vec![CellId::from("d")]);
        assert_eq!(change.removed, vec![CellId::from("c")]);
        assert_eq!(change.moved, vec![CellId::from("b")]);
        assert_eq!(change.describe(), "1 cell added, 1 removed, 1 moved or resized");
        assert!(ServerChange::between(&known, &known).is_empty());
        assert_eq!(ServerChange::between(&known, &known).describe(), "");
    }

    #[test]
    fn keep_mine_keeps_cells_added_elsewhere_and_drops_removed_ones() {
        let mine = vec![item("a", 0, 0, 6, 3), item("b", 6, 0, 6, 3)];
        let theirs = vec![item("a", 0, 0, 4, 3), item("c", 0, 0, 12, 2)];
        let out = keep_mine(&mine, &theirs);
        let ids: Vec<&str> = out.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "c"], "b was removed elsewhere; c was added there");
        assert_eq!((out[0].x, out[0].w), (0, 6), "my size for a");
        for (i, p) in out.iter().enumerate() {
            for q in &out[i + 1..] {
                assert!(!crate::layout::collides(p, q), "{p:?} overlaps {q:?}");
            }
        }
        assert_eq!(mine.len(), 2, "does not modify its input");
    }

    #[test]
    fn the_shown_layout_of_overlapping_server_positions_is_valid_and_the_server_one_is_kept() {
        let cells: Vec<Cell> = serde_json::from_value(serde_json::json!([
            {"id": "a", "x": 0, "y": 0, "w": 6, "h": 3},
            {"id": "b", "x": 2, "y": 1, "w": 14, "h": 3},
        ]))
        .unwrap();
        let server = server_layout(&cells);
        assert_eq!(server[1].w, 14, "as the server has it");
        let shown = shown_layout(&server);
        assert!(shown.iter().all(|i| i.x >= 0 && i.x + i.w <= 12));
        assert!(!crate::layout::collides(&shown[0], &shown[1]));
        assert!(crate::layout::layout_changed(&server, &shown), "saved only when the user changes something");
    }
}
