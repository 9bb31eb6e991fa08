//! Keyboard moves and resizes: one column or one row per key press.

use super::engine::{bottom, compact, move_item, resize_item};
use super::Item;

fn places<K>(layout: &[Item<K>]) -> Vec<[i32; 4]> {
    layout.iter().map(|i| [i.x, i.y, i.w, i.h]).collect()
}

/// Moves, in place, the item at `index` by `dx` columns and `dy` rows (say ±1 for an
/// arrow key), pushing what it lands on down, then compacts. Returns whether any item
/// changed place.
///
/// Since compaction lifts items, a plain move one row down would float straight back.
/// So going down (`dy > 0`) means passing what is below: the target row goes on down
/// until, after compaction, the item ends lower than it was (it has swapped with the
/// cell under it), or is below every other item (then nothing changes). Going up one
/// row lands on the cell above, which is pushed under the item: they swap. Sideways,
/// the item takes the next column (clamped to the grid) and floats up there.
///
/// After it (on a valid layout): the layout is valid and compacted.
pub fn nudge<K: Clone>(layout: &mut [Item<K>], index: usize, dx: i32, dy: i32) -> bool {
    let before = places(layout);
    let start = layout.to_vec();
    let (x0, y0) = (layout[index].x, layout[index].y);
    let last = bottom(layout);
    let mut target = y0.saturating_add(dy);
    loop {
        layout.clone_from_slice(&start);
        move_item(layout, index, x0.saturating_add(dx), target);
        compact(layout);
        if dy <= 0 || layout[index].y > y0 || target >= last {
            break;
        }
        target += 1;
    }
    places(layout) != before
}

/// Resizes, in place, the item at `index` by `dw` columns and `dh` rows (clamped as by
/// [`resize_item`]: minimum size, right edge), pushing what it then overlaps down, then
/// compacts. Returns whether any item changed place or size.
///
/// After it (on a valid layout): the layout is valid and compacted.
pub fn grow<K>(layout: &mut [Item<K>], index: usize, dw: i32, dh: i32) -> bool {
    let before = places(layout);
    let (w, h) = (layout[index].w, layout[index].h);
    resize_item(layout, index, w.saturating_add(dw), h.saturating_add(dh));
    compact(layout);
    places(layout) != before
}
