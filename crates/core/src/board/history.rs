//! Undo and redo within one visit of a dashboard: moves, resizes, adds and deletes.
//!
//! A step is undone or redone by the page with requests (a layout is saved, a cell is deleted
//! or made again); only when they succeed does the page call [`History::undone`] or
//! [`History::redone`], so a failed request leaves the history as it was. A cell made again
//! gets a new id from the server: [`History::rename`] carries it through every step.

use super::Layout;
use crate::model::{CellId, ViewProperties};

/// A cell as it was, to make it again: its view's name and properties.
#[derive(Clone, Debug, PartialEq)]
pub struct CellCopy {
    pub id: CellId,
    pub name: String,
    pub properties: ViewProperties,
}

/// One change the user made, with the layouts around it.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Cells moved or resized.
    Layout { before: Layout, after: Layout },
    /// A cell was added (empty, a note, or a clone); `after` holds it, `before` does not.
    Add { cell: CellCopy, before: Layout, after: Layout },
    /// A cell was deleted; `before` holds it, `after` does not.
    Remove { cell: CellCopy, before: Layout, after: Layout },
}

impl Step {
    fn ids_mut(&mut self) -> impl Iterator<Item = &mut CellId> {
        let (cell, before, after) = match self {
            Step::Layout { before, after } => (None, before, after),
            Step::Add { cell, before, after } | Step::Remove { cell, before, after } => (Some(&mut cell.id), before, after),
        };
        cell.into_iter().chain(before.iter_mut().map(|i| &mut i.id)).chain(after.iter_mut().map(|i| &mut i.id))
    }
}

/// The steps of a visit. The newest is last; a new step forgets what was undone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
}

/// Steps kept: enough for a long session, bounded so layouts of big dashboards do not pile up.
const LIMIT: usize = 200;

impl History {
    /// Records a step the user just made (and saved).
    pub fn push(&mut self, step: Step) {
        self.undone.clear();
        self.done.push(step);
        if self.done.len() > LIMIT {
            self.done.remove(0);
        }
    }

    /// The step an undo would revert.
    pub fn next_undo(&self) -> Option<&Step> {
        self.done.last()
    }

    /// The step a redo would make again.
    pub fn next_redo(&self) -> Option<&Step> {
        self.undone.last()
    }

    /// The undo of `next_undo` succeeded.
    pub fn undone(&mut self) {
        if let Some(s) = self.done.pop() {
            self.undone.push(s);
        }
    }

    /// The redo of `next_redo` succeeded.
    pub fn redone(&mut self) {
        if let Some(s) = self.undone.pop() {
            self.done.push(s);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// A cell made again has a new id: every step now names it so.
    pub fn rename(&mut self, old: &CellId, new: &CellId) {
        for step in self.done.iter_mut().chain(self.undone.iter_mut()) {
            for id in step.ids_mut() {
                if id == old {
                    *id = new.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Item;

    fn layout(items: &[(&str, i32, i32)]) -> Layout {
        items.iter().map(|(id, x, y)| Item::new(CellId::from(*id), *x, *y, 4, 3)).collect()
    }

    fn copy(id: &str) -> CellCopy {
        CellCopy { id: CellId::from(id), name: "cpu".into(), properties: ViewProperties::default() }
    }

    #[test]
    fn undo_then_redo_walks_the_steps_and_a_new_step_forgets_the_undone() {
        let mut h = History::default();
        assert!(!h.can_undo() && !h.can_redo());
        let a = Step::Layout { before: layout(&[("a", 0, 0)]), after: layout(&[("a", 4, 0)]) };
        let b = Step::Layout { before: layout(&[("a", 4, 0)]), after: layout(&[("a", 8, 0)]) };
        h.push(a.clone());
        h.push(b.clone());
        assert_eq!(h.next_undo(), Some(&b));
        h.undone();
        assert_eq!(h.next_undo(), Some(&a));
        assert_eq!(h.next_redo(), Some(&b));
        h.redone();
        assert_eq!(h.next_undo(), Some(&b));
        h.undone();
        h.push(a.clone());
        assert!(!h.can_redo(), "a new step forgets what was undone");
    }

    #[test]
    fn a_failed_undo_leaves_the_history_as_it_was() {
        let mut h = History::default();
        let a = Step::Layout { before: layout(&[("a", 0, 0)]), after: layout(&[("a", 4, 0)]) };
        h.push(a.clone());
        // The page reads next_undo, its request fails, and it does not call undone().
        assert_eq!(h.next_undo(), Some(&a));
        assert_eq!(h.next_undo(), Some(&a));
        assert!(!h.can_redo());
    }

    #[test]
    fn rename_carries_a_remade_cells_new_id_through_every_step() {
        let mut h = History::default();
        h.push(Step::Layout { before: layout(&[("a", 0, 0), ("b", 4, 0)]), after: layout(&[("a", 0, 3), ("b", 4, 0)]) });
        h.push(Step::Remove { cell: copy("a"), before: layout(&[("a", 0, 3), ("b", 4, 0)]), after: layout(&[("b", 4, 0)]) });
        h.undone();
        h.rename(&CellId::from("a"), &CellId::from("z"));
        match h.next_redo() {
            Some(Step::Remove { cell, before, .. }) => {
                assert_eq!(cell.id.as_str(), "z");
                assert_eq!(before[0].id.as_str(), "z");
            }
            other => panic!("{other:?}"),
        }
        match h.next_undo() {
            Some(Step::Layout { before, after }) => assert!(before[0].id.as_str() == "z" && after[0].id.as_str() == "z"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_history_is_bounded() {
        let mut h = History::default();
        for i in 0..LIMIT + 10 {
            h.push(Step::Layout { before: layout(&[("a", 0, i as i32)]), after: layout(&[("a", 0, 0)]) });
        }
        let mut n = 0;
        while h.can_undo() {
            h.undone();
            n += 1;
        }
        assert_eq!(n, LIMIT);
    }
}
