//! Where a new cell goes: a new one at the first free slot at the top, a clone beside
//! its source (InfluxDB issue 17630: the official UI put clones at 0,0, on top of
//! everything).

use super::engine::{bottom, collides, compact, push_down};
use super::{Item, GRID_COLUMNS, MAX_ROWS};

/// Bit `c` set for each column `c` in `x..x + w`, cut to the grid.
fn column_bits(x: i32, w: i32) -> u16 {
    let c0 = x.clamp(0, GRID_COLUMNS);
    let c1 = x.saturating_add(w).clamp(c0, GRID_COLUMNS);
    (((1u32 << c1) - 1) & !((1u32 << c0) - 1)) as u16
}

/// The top left corner for a new `w` × `h` cell: the first place, scanning rows top to
/// bottom and columns left to right, where the box fits in the columns without
/// overlapping any item (below everything when there is no gap). Reads only.
///
/// `w` is clamped to `1..=12`, `h` to at least 1. The slot found is free, and in a
/// compacted layout it stays put when the cell is inserted and compacted: the row above
/// it is taken in one of its columns, or it is row 0.
pub fn place_new<K>(layout: &[Item<K>], w: i32, h: i32) -> (i32, i32) {
    let w = w.clamp(1, GRID_COLUMNS);
    let h = h.clamp(1, MAX_ROWS) as usize;
    let rows = bottom(layout) as usize;
    // One bit mask of taken columns per row, down to the bottom of the layout.
    let mut taken = vec![0u16; rows];
    for it in layout {
        let bits = column_bits(it.x, it.w);
        for row in &mut taken[(it.y.max(0) as usize).min(rows)..(it.bottom().max(0) as usize).min(rows)] {
            *row |= bits;
        }
    }
    for y in 0..rows {
        for x in 0..=GRID_COLUMNS - w {
            let bits = column_bits(x, w);
            if taken[y..(y + h).min(rows)].iter().all(|row| row & bits == 0) {
                return (x, y as i32);
            }
        }
    }
    (0, rows as i32)
}

/// The top left corner for a `w` × `h` copy of the item at `source`: right of it in the
/// same rows when the box fits in the columns there without overlapping anything;
/// otherwise directly below it (left-aligned with it, shifted left only to fit), where
/// [`insert_item`] pushes the items in the way down. Never on top of other items, and
/// never at 0,0 (the source is always left of or above the slot). Reads only.
pub fn place_beside<K>(layout: &[Item<K>], source: usize, w: i32, h: i32) -> (i32, i32) {
    let s = &layout[source];
    let w = w.clamp(1, GRID_COLUMNS);
    let h = h.clamp(1, MAX_ROWS);
    let right = Item::new((), s.right(), s.y.max(0), w, h);
    if right.right() <= GRID_COLUMNS && !layout.iter().any(|o| collides(o, &right)) {
        return (right.x, right.y);
    }
    (s.x.clamp(0, GRID_COLUMNS - w), s.bottom().max(0))
}

/// Adds `item` to the layout, in place: its size and place are clamped as by
/// [`sanitize`](super::sanitize), what it overlaps is pushed down (recursively, as by
/// [`move_item`](super::move_item)), then the layout is compacted. The other items keep
/// their indices; the new one's index is returned (the last).
///
/// After it (on a valid layout): the layout is valid and compacted; an item inserted at
/// a slot from [`place_new`] or below its source from [`place_beside`] is still there.
pub fn insert_item<K>(layout: &mut Vec<Item<K>>, mut item: Item<K>) -> usize {
    item.w = item.w.clamp(item.min_w.clamp(1, GRID_COLUMNS), GRID_COLUMNS);
    item.h = item.h.clamp(item.min_h.clamp(1, MAX_ROWS), MAX_ROWS);
    item.x = item.x.clamp(0, GRID_COLUMNS - item.w);
    item.y = item.y.clamp(0, MAX_ROWS);
    layout.push(item);
    let index = layout.len() - 1;
    push_down(layout, index);
    compact(layout);
    index
}

/// Clones the item at `source` under the new id, in place: same size and minimum, at
/// [`place_beside`]'s slot, inserted by [`insert_item`]. Returns the clone's index.
pub fn clone_beside<K>(layout: &mut Vec<Item<K>>, source: usize, id: K) -> usize {
    let s = &layout[source];
    let (x, y) = place_beside(layout, source, s.w, s.h);
    let copy = Item { id, x, y, w: s.w, h: s.h, min_w: s.min_w, min_h: s.min_h };
    insert_item(layout, copy)
}
