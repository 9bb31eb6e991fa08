//! The dashboard grid's layout engine: react-grid-layout's model, as the official
//! InfluxDB UI uses it, in pure Rust.
//!
//! The grid has [`GRID_COLUMNS`] columns and rows of a fixed height. Items float up
//! (vertical compaction); an item that is moved or resized takes its place and pushes
//! the items it lands on down, and they push theirs (a cascade) — except that, as in
//! react-grid-layout, an item a moved one lands on from above hops over it when there is
//! room; sizes stay within the columns and above a minimum.
//!
//! Conventions, so that a component can use this without reading it:
//! - Functions that take `&mut [Item]` change the slice in place and never reorder it:
//!   an index names the same item before and after (`insert_item` and `clone_beside`
//!   append). They allocate only scratch space (a sort order, per-column lists; `nudge`
//!   a copy of the layout per try).
//! - Functions that take `&[Item]` only read; those that return a `Vec<Item>` work on a
//!   clone ([`drag`], [`drag_resize`], [`sanitized`]).
//! - A layout is *valid* when every item has `0 <= x`, `x + w <= 12`, `y >= 0`, `w, h >= 1`
//!   (and at least its minimum) and no two items overlap. [`sanitize`] makes any layout valid; every other function
//!   keeps a valid layout valid.
//!
//! A drag on the page: keep the layout from pointer down, on each pointer move show
//! `drag(&start, i, x, y)`, and on pointer up save once if
//! [`layout_changed`]`(&start, &shown)`.

mod engine;
mod keys;
mod place;
mod rules;

pub use engine::{
    bottom, collides, collisions, compact, drag, drag_resize, first_collision, layout_changed, move_item, resize_item, sanitize, sanitized,
};
pub use keys::{grow, nudge};
pub use place::{clone_beside, insert_item, place_beside, place_new};
pub use rules::{check_position, grid_area, position_text, size_text};

use crate::model::{Cell, CellId, CellPosition};

/// The number of columns of every dashboard grid (InfluxDB's UI and API both assume 12).
pub const GRID_COLUMNS: i32 = 12;

/// The lowest row a move, a resize or [`sanitize`] will address, and the largest height;
/// it keeps every `y + h` far from `i32` overflow even after long push cascades.
pub const MAX_ROWS: i32 = 100_000;

/// One cell of the grid, in grid units. `id` is whatever the caller keys cells by
/// (`CellId` on the page, `&str` in tests); the engine only compares ids in
/// [`first_collision`], [`collisions`] and [`layout_changed`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Item<K = String> {
    pub id: K,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    /// The narrowest a resize may make the item (1 when there is no per-item minimum).
    pub min_w: i32,
    /// The lowest a resize may make the item (1 when there is no per-item minimum).
    pub min_h: i32,
}

impl<K> Item<K> {
    /// An item with no minimum size beyond 1×1.
    pub fn new(id: K, x: i32, y: i32, w: i32, h: i32) -> Self {
        Item { id, x, y, w, h, min_w: 1, min_h: 1 }
    }

    /// The same item with a minimum size for resizes.
    pub fn with_min(self, min_w: i32, min_h: i32) -> Self {
        Item { min_w, min_h, ..self }
    }

    /// The first column right of the item.
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    /// The first row below the item.
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    /// Whether two items have the same x, y, w and h (ids are not looked at).
    pub fn same_place<L>(&self, other: &Item<L>) -> bool {
        (self.x, self.y, self.w, self.h) == (other.x, other.y, other.w, other.h)
    }
}

impl From<&Cell> for Item<CellId> {
    fn from(c: &Cell) -> Self {
        Item::new(c.id.clone(), c.x, c.y, c.w, c.h)
    }
}

impl From<&Item<CellId>> for CellPosition {
    fn from(i: &Item<CellId>) -> Self {
        CellPosition { id: i.id.clone(), x: i.x, y: i.y, w: i.w, h: i.h }
    }
}
