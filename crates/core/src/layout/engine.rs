//! Collisions, moves, resizes and vertical compaction.
//!
//! Compaction is a column "skyline": items are taken once in react-grid-layout's order
//! (by y, then x) and each lands on the highest point of the columns it spans. That is
//! what react-grid-layout's `fastVerticalCompactor` does, and on a layout without
//! overlaps it gives the same result as its `verticalCompactor` (each item moves up until
//! it touches the one above), in O(n log n) instead of O(n²).

use super::{Item, GRID_COLUMNS, MAX_ROWS};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Whether two items overlap. Items that only touch (one's right edge is the other's
/// left edge, or one's bottom the other's top) do not collide. Ids are not looked at:
/// an item collides with itself.
#[inline]
pub fn collides<A, B>(a: &Item<A>, b: &Item<B>) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The index of the first item of `layout` (in slice order) that collides with `item`,
/// skipping items with the same id as `item`. Reads only.
pub fn first_collision<K: PartialEq>(layout: &[Item<K>], item: &Item<K>) -> Option<usize> {
    layout.iter().position(|o| o.id != item.id && collides(o, item))
}

/// The indices of every item of `layout` that collides with `item`, in slice order,
/// skipping items with the same id as `item`. Reads only.
pub fn collisions<K: PartialEq>(layout: &[Item<K>], item: &Item<K>) -> Vec<usize> {
    layout.iter().enumerate().filter(|(_, o)| o.id != item.id && collides(*o, item)).map(|(i, _)| i).collect()
}

/// The first row below every item (0 for an empty layout). Reads only.
pub fn bottom<K>(layout: &[Item<K>]) -> i32 {
    layout.iter().map(Item::bottom).max().unwrap_or(0).max(0)
}

/// Indices of `layout` in react-grid-layout's order: by y, then x, then index (so the
/// order is stable). Packed in one u64 per item (y: 32 bits, x: 8, index: 24) so the
/// sort compares integers.
fn order<K>(layout: &[Item<K>]) -> Vec<u64> {
    debug_assert!(layout.len() < 1 << 24, "a layout has fewer than 16 million items");
    let mut keys: Vec<u64> = layout
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let y = (it.y as i64 - i32::MIN as i64) as u64;
            let x = (it.x.clamp(-128, 127) + 128) as u64;
            y << 32 | x << 24 | i as u64
        })
        .collect();
    keys.sort_unstable();
    keys
}

#[inline]
fn index_of(key: u64) -> usize {
    (key & 0xff_ffff) as usize
}

/// The columns an item covers, cut to the grid (at least one column, so that an item
/// out of bounds still lands somewhere).
#[inline]
fn columns<K>(it: &Item<K>) -> std::ops::Range<usize> {
    let c0 = it.x.clamp(0, GRID_COLUMNS - 1);
    let c1 = it.x.saturating_add(it.w).clamp(c0 + 1, GRID_COLUMNS);
    c0 as usize..c1 as usize
}

/// Vertical compaction, in place: every item, taken by y then x (then index), moves to
/// the highest row where it overlaps none of the items taken before it. Only `y`
/// changes.
///
/// After it, on items within the columns: no two items overlap, none can move up (each
/// is at row 0 or rests on an item), of two items that share a column the one taken
/// first is still above, and compacting again changes nothing. Overlapping input is
/// resolved by sending the later item (in that order) down, as react-grid-layout's
/// `fastVerticalCompactor` does.
pub fn compact<K>(layout: &mut [Item<K>]) {
    let mut skyline = [0i32; GRID_COLUMNS as usize];
    for key in order(layout) {
        let it = &mut layout[index_of(key)];
        let cols = columns(it);
        let y = skyline[cols.clone()].iter().copied().max().unwrap_or(0);
        it.y = y;
        // y is the highest point of these columns, so every one of them now ends at the item.
        skyline[cols].fill(y + it.h);
    }
}

/// Pushes down, in place, whatever overlaps the item at `fixed` (which stays where it
/// is), and whatever those then overlap, and so on.
///
/// Items are taken top to bottom (by y, then x); one that overlaps an item that has
/// already moved (the fixed one or a pushed one) goes down to the first row where it
/// overlaps none of them. Only `y` changes, and only downwards. If the layout had no
/// overlaps apart from the fixed item, it has none after.
pub(super) fn push_down<K>(layout: &mut [Item<K>], fixed: usize) {
    // Per column, the rows taken by items that moved, as (top, bottom) sorted by top.
    // They never overlap each other, so they are sorted by bottom too.
    let mut taken: [Vec<(i32, i32)>; GRID_COLUMNS as usize] = Default::default();
    fn take<K>(taken: &mut [Vec<(i32, i32)>], it: &Item<K>) {
        for col in &mut taken[columns(it)] {
            let at = col.partition_point(|&(top, _)| top < it.y);
            col.insert(at, (it.y, it.bottom()));
        }
    }
    take(&mut taken, &layout[fixed]);
    let mut reach = layout[fixed].bottom();
    for key in order(layout) {
        let q = index_of(key);
        if q == fixed {
            continue;
        }
        // In this order nothing further down can reach a moved item: stop early.
        if layout[q].y >= reach {
            break;
        }
        let (cols, h) = (columns(&layout[q]), layout[q].h);
        let mut y = layout[q].y;
        // Jump below the lowest moved item in the way until none is: every row skipped
        // overlaps that item too, so this is the first free row.
        loop {
            let below = taken[cols.clone()]
                .iter()
                .filter_map(|col| col.get(col.partition_point(|&(_, bottom)| bottom <= y)))
                .filter(|&&(top, _)| top < y + h)
                .map(|&(_, bottom)| bottom)
                .max();
            match below {
                Some(bottom) => y = bottom,
                None => break,
            }
        }
        if y != layout[q].y {
            layout[q].y = y;
            take(&mut taken, &layout[q]);
            reach = reach.max(y + h);
        }
    }
}

/// Lets the items that the item at `m` now overlaps hop over it, in place, where
/// react-grid-layout's `moveElement` does for a user's move: an item hit goes to the
/// rows just above the moved one (same x, same size) when that box is inside the
/// grid and overlaps nothing, itself included. That happens when the moved item came
/// down onto it from above and left room: it is what lets a drag down swap two cells
/// before the dragged one has passed the other completely. Items are tried by y, then
/// x (bottom first when the move went up, as there), each against the places so far.
fn hop_over<K>(layout: &mut [Item<K>], m: usize, upward: bool) {
    let mut hit: Vec<usize> = (0..layout.len()).filter(|&c| c != m && collides(&layout[c], &layout[m])).collect();
    hit.sort_unstable_by_key(|&c| (layout[c].y, layout[c].x, c));
    if upward {
        hit.reverse();
    }
    let top = layout[m].y;
    for c in hit {
        let room = Item::new((), layout[c].x, top - layout[c].h, layout[c].w, layout[c].h);
        if room.y >= 0 && !layout.iter().any(|o| collides(o, &room)) {
            layout[c].y = room.y;
        }
    }
}

/// Moves, in place, the item at `index` to column `x`, row `y` (clamped: `0 <= x <=
/// 12 - w`, `0 <= y <= MAX_ROWS`). The moved item wins its place: after it, it is
/// exactly at the clamped target and nothing overlaps it. Each item it lands on either
/// hops over it (into the free rows right above it; see `hop_over`) or is pushed down,
/// and what that one lands on is pushed down in turn (see `push_down`). Does not
/// compact; call [`compact`] next (or use [`drag`]).
///
/// Returns whether the item changed place (when it did not, nothing changed). On a
/// valid layout the result is valid but for compaction, and every other item kept x, w
/// and h, and either kept its y, or hopped to rest flush on top of the moved item, or
/// went down to rest flush under an item that moved.
pub fn move_item<K>(layout: &mut [Item<K>], index: usize, x: i32, y: i32) -> bool {
    let it = &mut layout[index];
    let x = x.clamp(0, (GRID_COLUMNS - it.w).max(0));
    let y = y.clamp(0, MAX_ROWS);
    if (x, y) == (it.x, it.y) {
        return false;
    }
    let upward = it.y >= y;
    it.x = x;
    it.y = y;
    hop_over(layout, index, upward);
    push_down(layout, index);
    true
}

/// Resizes, in place, the item at `index` to `w` × `h`, clamped to its minimum size
/// (`min_w`, `min_h`, never below 1) and to the right edge (`x + w <= 12`); its top left
/// corner stays (only an item that could not meet its own minimum there is moved left).
/// What the resized item then overlaps is pushed down, recursively, as by
/// [`move_item`]. Does not compact; call [`compact`] next (or use [`drag_resize`]).
///
/// Returns whether the item changed size.
pub fn resize_item<K>(layout: &mut [Item<K>], index: usize, w: i32, h: i32) -> bool {
    let it = &mut layout[index];
    let min_w = it.min_w.clamp(1, GRID_COLUMNS);
    let min_h = it.min_h.clamp(1, MAX_ROWS);
    let w = w.clamp(min_w, (GRID_COLUMNS - it.x.max(0)).max(min_w));
    let h = h.clamp(min_h, MAX_ROWS);
    if (w, h) == (it.w, it.h) {
        return false;
    }
    it.w = w;
    it.h = h;
    it.x = it.x.clamp(0, GRID_COLUMNS - w);
    push_down(layout, index);
    true
}

/// One drag step on a clone: [`move_item`] then [`compact`]. The input is not touched,
/// so a page can keep the layout from the start of the drag and call this on every
/// pointer move (the result then depends only on where the pointer is, not on the path).
pub fn drag<K: Clone>(layout: &[Item<K>], index: usize, x: i32, y: i32) -> Vec<Item<K>> {
    let mut out = layout.to_vec();
    move_item(&mut out, index, x, y);
    compact(&mut out);
    out
}

/// One resize step on a clone: [`resize_item`] then [`compact`]. The input is not touched.
pub fn drag_resize<K: Clone>(layout: &[Item<K>], index: usize, w: i32, h: i32) -> Vec<Item<K>> {
    let mut out = layout.to_vec();
    resize_item(&mut out, index, w, h);
    compact(&mut out);
    out
}

/// Makes any layout valid, in place, for positions that come from the server (other
/// clients write them: they may overlap, sit outside the columns or have no size):
/// sizes are clamped to `1..=12` columns (and the item's minimum) and `1..=MAX_ROWS`
/// rows, `x` into `0..=12 - w`, `y` into `0..=MAX_ROWS`; then [`compact`] resolves the
/// overlaps, the later item (by y, then x, then index) going below.
///
/// Deterministic (the same slice gives the same result), idempotent, and the identity
/// on a valid compacted layout. Returns whether anything changed.
pub fn sanitize<K>(layout: &mut [Item<K>]) -> bool {
    let before: Vec<[i32; 4]> = layout.iter().map(|i| [i.x, i.y, i.w, i.h]).collect();
    for it in layout.iter_mut() {
        it.w = it.w.clamp(it.min_w.clamp(1, GRID_COLUMNS), GRID_COLUMNS);
        it.h = it.h.clamp(it.min_h.clamp(1, MAX_ROWS), MAX_ROWS);
        it.x = it.x.clamp(0, GRID_COLUMNS - it.w);
        it.y = it.y.clamp(0, MAX_ROWS);
    }
    compact(layout);
    layout.iter().zip(&before).any(|(i, b)| [i.x, i.y, i.w, i.h] != *b)
}

/// [`sanitize`] on a clone; the input is not touched.
pub fn sanitized<K: Clone>(layout: &[Item<K>]) -> Vec<Item<K>> {
    let mut out = layout.to_vec();
    sanitize(&mut out);
    out
}

/// Whether two layouts differ, compared per id on x, y, w and h: the same cells in
/// another slice order are not a change; a cell added, removed or moved is. Reads only.
pub fn layout_changed<K: Eq + Hash>(a: &[Item<K>], b: &[Item<K>]) -> bool {
    if a.len() != b.len() {
        return true;
    }
    // The usual case: the same cells in the same order.
    if a.iter().zip(b).all(|(p, q)| p.id == q.id) {
        return a.iter().zip(b).any(|(p, q)| !p.same_place(q));
    }
    let by_id: HashMap<&K, &Item<K>> = a.iter().map(|i| (&i.id, i)).collect();
    if by_id.len() != a.len() {
        // Duplicate ids: fall back to comparing in order.
        return a.iter().zip(b).any(|(p, q)| p.id != q.id || !p.same_place(q));
    }
    let mut seen = HashSet::with_capacity(b.len());
    b.iter().any(|q| !seen.insert(&q.id) || by_id.get(&q.id).is_none_or(|p| !p.same_place(q)))
}
