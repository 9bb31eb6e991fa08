//! Pointer and keyboard gestures on the grid, as numbers: which grid position a pointer
//! offset means, which keys do what, and what is said to a screen reader after each change.

use crate::layout::{position_text, size_text, Item, GRID_COLUMNS};

/// A press that moves less than this is a click (on the header: the cell's menu, its name),
/// not a drag.
pub const DRAG_THRESHOLD_PX: f64 = 4.0;

/// The grid as drawn: its width in pixels, the height of a row and the gap between cells.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridMetrics {
    pub width: f64,
    pub row_height: f64,
    pub gap: f64,
}

impl GridMetrics {
    /// Pixels from one column's start to the next.
    pub fn column_step(&self) -> f64 {
        ((self.width + self.gap) / GRID_COLUMNS as f64).max(1.0)
    }

    /// Pixels from one row's start to the next.
    pub fn row_step(&self) -> f64 {
        (self.row_height + self.gap).max(1.0)
    }

    /// Where the item that was at `start` goes when the pointer has moved by (`dx`, `dy`)
    /// pixels: the nearest grid position (the engine clamps it to the grid).
    pub fn moved_to<K>(&self, start: &Item<K>, dx: f64, dy: f64) -> (i32, i32) {
        (start.x + (dx / self.column_step()).round() as i32, start.y + (dy / self.row_step()).round() as i32)
    }

    /// The size of the item that was `start` when its corner has moved by (`dx`, `dy`).
    pub fn resized_to<K>(&self, start: &Item<K>, dx: f64, dy: f64) -> (i32, i32) {
        (start.w + (dx / self.column_step()).round() as i32, start.h + (dy / self.row_step()).round() as i32)
    }
}

/// What a key does to the focused cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCommand {
    /// Arrows: one column or row.
    Move { dx: i32, dy: i32 },
    /// Shift + arrows: one column or row wider/narrower, higher/lower.
    Resize { dw: i32, dh: i32 },
    /// Enter: keep what the keys did (saved once).
    Commit,
    /// Escape: put everything back as it was before the first key.
    Cancel,
}

/// The command for a key (`KeyboardEvent.key`) with Shift held or not; `None` for any other
/// key (it is left to the browser).
pub fn key_command(key: &str, shift: bool) -> Option<KeyCommand> {
    let (dx, dy) = match key {
        "ArrowLeft" => (-1, 0),
        "ArrowRight" => (1, 0),
        "ArrowUp" => (0, -1),
        "ArrowDown" => (0, 1),
        "Enter" => return Some(KeyCommand::Commit),
        "Escape" => return Some(KeyCommand::Cancel),
        _ => return None,
    };
    Some(if shift { KeyCommand::Resize { dw: dx, dh: dy } } else { KeyCommand::Move { dx, dy } })
}

/// What is said (aria-live) after a cell named `name` moved or changed size: "CPU moved to
/// column 4, row 2" or "CPU resized to 4 columns wide, 3 rows high".
pub fn announce<A, B>(name: &str, before: &Item<A>, after: &Item<B>) -> String {
    if (before.w, before.h) != (after.w, after.h) {
        format!("{name} resized to {}", size_text(after.w, after.h))
    } else {
        format!("{name} moved to {}", position_text(after.x, after.y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: GridMetrics = GridMetrics { width: 1192.0, row_height: 84.0, gap: 8.0 };

    #[test]
    fn a_pointer_offset_lands_on_the_nearest_column_and_row() {
        let start = Item::new((), 2, 3, 4, 3);
        assert_eq!(M.column_step(), 100.0);
        assert_eq!(M.row_step(), 92.0);
        assert_eq!(M.moved_to(&start, 0.0, 0.0), (2, 3));
        assert_eq!(M.moved_to(&start, 49.0, 45.0), (2, 3), "less than half a step stays");
        assert_eq!(M.moved_to(&start, 151.0, 47.0), (4, 4));
        assert_eq!(M.moved_to(&start, -260.0, -300.0), (-1, 0), "the engine clamps, not the pointer maths");
        assert_eq!(M.resized_to(&start, 100.0, -92.0), (5, 2));
    }

    #[test]
    fn arrows_move_shift_arrows_resize_enter_keeps_escape_cancels() {
        assert_eq!(key_command("ArrowRight", false), Some(KeyCommand::Move { dx: 1, dy: 0 }));
        assert_eq!(key_command("ArrowUp", false), Some(KeyCommand::Move { dx: 0, dy: -1 }));
        assert_eq!(key_command("ArrowDown", true), Some(KeyCommand::Resize { dw: 0, dh: 1 }));
        assert_eq!(key_command("ArrowLeft", true), Some(KeyCommand::Resize { dw: -1, dh: 0 }));
        assert_eq!(key_command("Enter", false), Some(KeyCommand::Commit));
        assert_eq!(key_command("Escape", true), Some(KeyCommand::Cancel));
        assert_eq!(key_command("a", false), None);
        assert_eq!(key_command("Tab", false), None, "Tab still walks the page");
    }

    #[test]
    fn announcements_say_the_new_place_or_size_counting_from_one() {
        let before = Item::new((), 0, 0, 4, 3);
        assert_eq!(announce("CPU", &before, &Item::new((), 3, 1, 4, 3)), "CPU moved to column 4, row 2");
        assert_eq!(announce("CPU", &before, &Item::new((), 0, 0, 5, 3)), "CPU resized to 5 columns wide, 3 rows high");
    }
}
