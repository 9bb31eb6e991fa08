//! The grid layout engine: table tests that name each rule, then property tests
//! (proptest) that run random moves, resizes, key presses and inserts on random layouts
//! and check the invariants after every step against naive oracles written here.

use dashboards_core::layout::*;
use dashboards_core::model::{Cell, CellId, CellPosition};
use proptest::prelude::*;

type L = Vec<Item<&'static str>>;
/// x, y, w, h.
type Pos = (i32, i32, i32, i32);

fn lay(items: &[(&'static str, i32, i32, i32, i32)]) -> L {
    items.iter().map(|&(id, x, y, w, h)| Item::new(id, x, y, w, h)).collect()
}

fn places<K>(l: &[Item<K>]) -> Vec<Pos> {
    l.iter().map(|i| (i.x, i.y, i.w, i.h)).collect()
}

// ---------------------------------------------------------------- oracles

/// Why a layout is not valid: out of the 12 columns, no size, or two items overlapping.
fn invalid<K>(l: &[Item<K>]) -> Option<String> {
    for (i, a) in l.iter().enumerate() {
        if a.x < 0 || a.x + a.w > 12 || a.y < 0 || a.w < 1 || a.h < 1 || a.w < a.min_w || a.h < a.min_h {
            return Some(format!("item {i} out of bounds: {:?}", (a.x, a.y, a.w, a.h)));
        }
        for (j, b) in l.iter().enumerate().skip(i + 1) {
            // Written out, not `collides`, so the oracle does not trust the engine.
            let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            if !apart {
                return Some(format!("items {i} and {j} overlap: {:?} {:?}", (a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h)));
            }
        }
    }
    None
}

fn free_at<K>(placed: &[Pos], it: &Item<K>, y: i32) -> bool {
    placed.iter().all(|&(x, py, w, h)| it.x + it.w <= x || x + w <= it.x || y + it.h <= py || py + h <= y)
}

/// react-grid-layout's `verticalCompactor` on a layout without overlaps, the slow way:
/// by (y, x, index), each item moves up one row at a time while it overlaps nothing
/// placed before it.
fn naive_compact<K: Clone>(l: &[Item<K>]) -> Vec<Item<K>> {
    let mut idx: Vec<usize> = (0..l.len()).collect();
    idx.sort_by_key(|&i| (l[i].y, l[i].x, i));
    let mut out = l.to_vec();
    let mut placed = Vec::new();
    for i in idx {
        let it = &mut out[i];
        while it.y > 0 && free_at(&placed, it, it.y - 1) {
            it.y -= 1;
        }
        placed.push((it.x, it.y, it.w, it.h));
    }
    out
}

/// No item can move up one row without overlapping another.
fn cannot_float<K>(l: &[Item<K>]) -> bool {
    l.iter()
        .enumerate()
        .all(|(i, it)| it.y == 0 || l.iter().enumerate().any(|(j, o)| j != i && o.y + o.h == it.y && o.x < it.x + it.w && it.x < o.x + o.w))
}

fn compacted<K: Clone>(l: &[Item<K>]) -> Vec<Item<K>> {
    let mut c = l.to_vec();
    compact(&mut c);
    c
}

// ---------------------------------------------------------------- collisions

#[test]
fn collision_needs_a_shared_cell_touching_edges_do_not_collide() {
    let a = Item::new("a", 2, 2, 3, 2); // columns 2..5, rows 2..4
    let cases = [
        ((2, 2, 3, 2), true, "same box"),
        ((4, 3, 3, 3), true, "overlaps the bottom right cell"),
        ((0, 0, 12, 10), true, "contains it"),
        ((3, 2, 1, 1), true, "inside it"),
        ((5, 2, 2, 2), false, "touches the right edge"),
        ((0, 2, 2, 2), false, "touches the left edge"),
        ((2, 4, 3, 2), false, "touches the bottom"),
        ((2, 0, 3, 2), false, "touches the top"),
        ((5, 4, 1, 1), false, "touches a corner"),
        ((8, 8, 2, 2), false, "far away"),
    ];
    for ((x, y, w, h), want, rule) in cases {
        let b = Item::new("b", x, y, w, h);
        assert_eq!(collides(&a, &b), want, "{rule}");
        assert_eq!(collides(&b, &a), want, "{rule} (symmetric)");
    }
}

#[test]
fn first_collision_skips_the_item_itself_and_collisions_lists_all_in_order() {
    let l = lay(&[("a", 0, 0, 4, 2), ("b", 4, 0, 4, 2), ("c", 8, 0, 4, 2), ("d", 0, 2, 12, 1)]);
    let probe = Item::new("b", 2, 1, 8, 2);
    assert_eq!(first_collision(&l, &probe), Some(0));
    assert_eq!(collisions(&l, &probe), vec![0, 2, 3]);
    assert_eq!(first_collision(&l, &l[1]), None, "an item does not collide with itself");
    assert_eq!(first_collision(&l, &Item::new("x", 0, 3, 12, 1)), None);
    assert_eq!(bottom(&l), 3);
}

// ---------------------------------------------------------------- moves

#[test]
fn a_moved_item_takes_its_place_and_pushes_colliders_down_recursively() {
    type Row = (&'static str, L, usize, (i32, i32), Vec<Pos>, Vec<Pos>);
    let cases: Vec<Row> = vec![
        (
            "a stack: moving the last to the top pushes both down, each under the other",
            lay(&[("a", 0, 0, 4, 2), ("b", 0, 2, 4, 2), ("c", 0, 4, 4, 2)]),
            2,
            (0, 0),
            vec![(0, 2, 4, 2), (0, 4, 4, 2), (0, 0, 4, 2)],
            vec![(0, 2, 4, 2), (0, 4, 4, 2), (0, 0, 4, 2)],
        ),
        (
            "a cascade across columns: b is hit, b hits c, d is left alone",
            lay(&[("t", 0, 0, 12, 1), ("a", 0, 4, 6, 2), ("b", 4, 1, 6, 2), ("c", 8, 3, 4, 2), ("d", 0, 1, 3, 3)]),
            1,
            (3, 1),
            vec![(0, 0, 12, 1), (3, 1, 6, 2), (4, 3, 6, 2), (8, 5, 4, 2), (0, 1, 3, 3)],
            vec![(0, 0, 12, 1), (3, 1, 6, 2), (4, 3, 6, 2), (8, 5, 4, 2), (0, 1, 3, 3)],
        ),
        (
            "dragged down to the top of the item below, with room above: it hops over, they swap",
            lay(&[("a", 0, 0, 4, 2), ("b", 0, 2, 4, 2), ("c", 4, 0, 4, 4)]),
            0,
            (0, 2),
            vec![(0, 2, 4, 2), (0, 0, 4, 2), (4, 0, 4, 4)],
            vec![(0, 2, 4, 2), (0, 0, 4, 2), (4, 0, 4, 4)],
        ),
        (
            "no room above the moved item: the item hit is pushed down instead",
            lay(&[("a", 0, 0, 4, 2), ("b", 0, 2, 4, 3)]),
            0,
            (0, 2),
            vec![(0, 2, 4, 2), (0, 4, 4, 3)],
            vec![(0, 0, 4, 2), (0, 2, 4, 3)],
        ),
        (
            "clamped to the right edge and to row 0",
            lay(&[("a", 0, 0, 4, 2), ("b", 8, 0, 4, 3)]),
            0,
            (11, -5),
            vec![(8, 0, 4, 2), (8, 2, 4, 3)],
            vec![(8, 0, 4, 2), (8, 2, 4, 3)],
        ),
        (
            "dragged down past the item below: they swap after compaction",
            lay(&[("a", 0, 0, 4, 2), ("b", 0, 2, 4, 2)]),
            0,
            (0, 4),
            vec![(0, 4, 4, 2), (0, 2, 4, 2)],
            vec![(0, 2, 4, 2), (0, 0, 4, 2)],
        ),
        (
            "dragged down onto the item below: it is pushed under and the order stays",
            lay(&[("a", 0, 0, 4, 2), ("b", 0, 2, 4, 2)]),
            0,
            (0, 1),
            vec![(0, 1, 4, 2), (0, 3, 4, 2)],
            vec![(0, 0, 4, 2), (0, 2, 4, 2)],
        ),
    ];
    for (rule, mut l, i, (x, y), after_move, after_compact) in cases {
        assert!(move_item(&mut l, i, x, y), "{rule}: moved");
        assert_eq!(places(&l), after_move, "{rule}: after move_item");
        assert_eq!(invalid(&l), None, "{rule}");
        compact(&mut l);
        assert_eq!(places(&l), after_compact, "{rule}: after compact");
    }
}

#[test]
fn moving_an_item_to_where_it_is_changes_nothing() {
    let mut l = lay(&[("a", 0, 0, 4, 2), ("b", 0, 2, 4, 2)]);
    assert!(!move_item(&mut l, 1, 0, 2));
    assert!(!move_item(&mut l, 0, -3, 0), "x clamps to 0: the same place");
    assert_eq!(places(&l), vec![(0, 0, 4, 2), (0, 2, 4, 2)]);
}

#[test]
fn drag_returns_the_moved_layout_and_leaves_the_drag_start_layout_as_it_was() {
    let start = lay(&[("a", 0, 0, 6, 2), ("b", 6, 0, 6, 2), ("c", 0, 2, 12, 2)]);
    let kept = start.clone();
    let shown = drag(&start, 2, 0, 0);
    assert_eq!(start, kept);
    assert_eq!(places(&shown), vec![(0, 2, 6, 2), (6, 2, 6, 2), (0, 0, 12, 2)]);
    assert!(layout_changed(&start, &shown));
    let resized = drag_resize(&start, 0, 8, 3);
    assert_eq!(start, kept);
    assert_eq!(places(&resized), vec![(0, 0, 8, 3), (6, 3, 6, 2), (0, 5, 12, 2)]);
}

// ---------------------------------------------------------------- compaction

#[test]
fn compaction_floats_items_up_recursively() {
    let cases: Vec<(&str, L, Vec<Pos>)> = vec![
        ("an empty layout", lay(&[]), vec![]),
        ("one item goes to row 0", lay(&[("a", 3, 7, 2, 2)]), vec![(3, 0, 2, 2)]),
        (
            "a chain: each lifts once the one above has",
            lay(&[("a", 0, 5, 4, 2), ("b", 2, 9, 4, 3), ("c", 5, 20, 2, 2), ("d", 0, 30, 12, 1)]),
            vec![(0, 0, 4, 2), (2, 2, 4, 3), (5, 5, 2, 2), (0, 7, 12, 1)],
        ),
        (
            "an item stops under the lowest item of the columns it spans",
            lay(&[("a", 0, 0, 2, 6), ("b", 2, 0, 2, 1), ("c", 1, 8, 2, 1)]),
            vec![(0, 0, 2, 6), (2, 0, 2, 1), (1, 6, 2, 1)],
        ),
        (
            "an item cannot pass through one above it to reach a gap",
            lay(&[("a", 0, 0, 12, 1), ("b", 0, 3, 4, 1), ("c", 0, 6, 4, 1)]),
            vec![(0, 0, 12, 1), (0, 1, 4, 1), (0, 2, 4, 1)],
        ),
        (
            "overlapping items: the later one (by y, then x, then index) goes below",
            lay(&[("a", 0, 0, 4, 2), ("b", 0, 0, 4, 2), ("c", 2, 1, 4, 2)]),
            vec![(0, 0, 4, 2), (0, 2, 4, 2), (2, 4, 4, 2)],
        ),
    ];
    for (rule, mut l, want) in cases {
        compact(&mut l);
        assert_eq!(places(&l), want, "{rule}");
        assert_eq!(invalid(&l), None, "{rule}");
        assert!(cannot_float(&l), "{rule}");
    }
}

#[test]
fn compaction_is_idempotent() {
    let layouts = [
        lay(&[("a", 0, 5, 4, 2), ("b", 2, 9, 4, 3), ("c", 5, 20, 2, 2)]),
        lay(&[("a", 0, 0, 4, 2), ("b", 0, 0, 4, 2), ("c", 0, 0, 4, 2)]),
        lay(&[("a", 6, 3, 6, 1), ("b", 0, 2, 7, 1), ("c", 3, 0, 2, 9)]),
    ];
    for l in layouts {
        let once = compacted(&l);
        assert_eq!(compacted(&once), once);
    }
}

// ---------------------------------------------------------------- resizes

#[test]
fn resize_clamps_at_the_right_edge_and_the_minimum_size() {
    type Row = (&'static str, Item<&'static str>, (i32, i32), Pos);
    let cases: Vec<Row> = vec![
        ("grows freely", Item::new("a", 2, 0, 2, 2), (5, 4), (2, 0, 5, 4)),
        ("stops at the right edge", Item::new("a", 8, 0, 2, 2), (10, 2), (8, 0, 4, 2)),
        ("never below 1×1", Item::new("a", 0, 0, 3, 3), (0, -2), (0, 0, 1, 1)),
        ("never below its own minimum", Item::new("a", 0, 0, 4, 4).with_min(3, 2), (1, 1), (0, 0, 3, 2)),
        ("an impossible minimum does not break the right edge", Item::new("a", 0, 0, 4, 4).with_min(20, 1), (1, 1), (0, 0, 12, 1)),
    ];
    for (rule, it, (w, h), want) in cases {
        let mut l = vec![it];
        resize_item(&mut l, 0, w, h);
        assert_eq!(places(&l)[0], want, "{rule}");
    }
}

#[test]
fn a_growing_item_pushes_what_it_covers_down() {
    let mut l = lay(&[("a", 0, 0, 4, 2), ("b", 4, 0, 4, 2), ("c", 4, 2, 4, 2)]);
    assert!(resize_item(&mut l, 0, 6, 3));
    assert_eq!(places(&l), vec![(0, 0, 6, 3), (4, 3, 4, 2), (4, 5, 4, 2)]);
    assert!(!resize_item(&mut l, 0, 6, 3), "the same size is no change");
}

// ---------------------------------------------------------------- new cells and clones

#[test]
fn place_new_finds_the_first_free_slot_at_the_top() {
    let row0_gap = lay(&[("a", 0, 0, 4, 2), ("b", 8, 0, 4, 1)]);
    let empty = lay(&[]);
    let gap2 = lay(&[("a", 0, 0, 4, 1), ("b", 4, 0, 8, 3), ("c", 0, 3, 12, 1)]);
    type Row<'a> = (&'a str, &'a L, (i32, i32), (i32, i32));
    let cases: Vec<Row> = vec![
        ("an empty grid: top left", &empty, (4, 3), (0, 0)),
        ("the gap in row 0", &row0_gap, (4, 3), (4, 0)),
        ("too wide for row 0's gap, fits in row 1", &row0_gap, (6, 1), (4, 1)),
        ("wider than the grid: clamped to 12, below all", &row0_gap, (20, 1), (0, 2)),
        ("a gap two rows high takes a cell two rows high", &gap2, (2, 2), (0, 1)),
        ("but not one three rows high", &gap2, (2, 3), (0, 4)),
    ];
    for (rule, l, (w, h), want) in cases {
        assert_eq!(place_new(l, w, h), want, "{rule}");
        let mut with = l.clone();
        let i = insert_item(&mut with, Item::new("new", want.0, want.1, w, h));
        assert_eq!((with[i].x, with[i].y), want, "{rule}: the slot stays put once inserted");
        assert_eq!(invalid(&with), None, "{rule}");
    }
}

#[test]
fn place_beside_puts_a_clone_right_of_its_source_or_below_it_never_at_0_0() {
    // InfluxDB issue 17630: a cloned cell landed at 0,0, on top of the other cells.
    let l = lay(&[("a", 0, 0, 4, 2), ("f", 8, 0, 4, 2), ("b", 0, 2, 8, 2), ("c", 8, 2, 4, 3), ("d", 0, 5, 12, 1)]);
    assert_eq!(compacted(&l), l);
    assert_eq!(place_beside(&l, 0, 4, 2), (4, 0), "room on the right in the same rows");
    assert_eq!(place_beside(&l, 2, 8, 2), (0, 4), "no room on the right: directly below");
    assert_eq!(place_beside(&l, 3, 4, 3), (8, 5), "at the right edge: below");
    assert_eq!(place_beside(&l, 3, 20, 1), (0, 5), "too wide: clamped to 12 columns, below");

    let mut cloned = l.clone();
    let i = clone_beside(&mut cloned, 2, "b2");
    assert_eq!(places(&cloned[i..]), vec![(0, 4, 8, 2)]);
    assert_eq!(places(&cloned[..i]), vec![(0, 0, 4, 2), (8, 0, 4, 2), (0, 2, 8, 2), (8, 2, 4, 3), (0, 6, 12, 1)], "d pushed down");
    assert_eq!(invalid(&cloned), None);
    for source in 0..l.len() {
        let mut c = l.clone();
        let i = clone_beside(&mut c, source, "copy");
        assert_ne!((c[i].x, c[i].y), (0, 0), "clone of {source}");
        assert_eq!(invalid(&c), None, "clone of {source}");
    }
}

// ---------------------------------------------------------------- server positions

#[test]
fn sanitize_resolves_overlapping_and_out_of_bounds_server_positions() {
    let server = lay(&[
        ("a", 0, 0, 6, 2),
        ("b", 0, 0, 6, 2),    // another client put it on top of a
        ("c", 10, 0, 6, 2),   // past the right edge
        ("d", -3, -4, 0, 0),  // no size, left of and above the grid
        ("e", 0, 900, 30, 1), // wider than the grid, far down
    ]);
    let kept = server.clone();
    let clean = sanitized(&server);
    assert_eq!(server, kept, "sanitized works on a clone");
    assert_eq!(places(&clean), vec![(0, 0, 6, 2), (0, 2, 6, 2), (6, 0, 6, 2), (0, 4, 1, 1), (0, 5, 12, 1)]);
    assert_eq!(sanitized(&server), clean, "deterministic");
    let mut again = clean.clone();
    assert!(!sanitize(&mut again), "idempotent");
    assert_eq!(again, clean);
}

// ---------------------------------------------------------------- changes

#[test]
fn layout_changed_compares_x_y_w_h_per_id() {
    let a = lay(&[("a", 0, 0, 4, 2), ("b", 4, 0, 4, 2)]);
    let cases: Vec<(&str, L, bool)> = vec![
        ("the same", a.clone(), false),
        ("the same cells in another order", lay(&[("b", 4, 0, 4, 2), ("a", 0, 0, 4, 2)]), false),
        ("one moved", lay(&[("a", 0, 2, 4, 2), ("b", 4, 0, 4, 2)]), true),
        ("one resized", lay(&[("a", 0, 0, 4, 3), ("b", 4, 0, 4, 2)]), true),
        ("ids swapped between places", lay(&[("b", 0, 0, 4, 2), ("a", 4, 0, 4, 2)]), true),
        ("one removed", lay(&[("a", 0, 0, 4, 2)]), true),
        ("one added", lay(&[("a", 0, 0, 4, 2), ("b", 4, 0, 4, 2), ("c", 8, 0, 4, 2)]), true),
        ("one replaced by a twin of the other", lay(&[("b", 4, 0, 4, 2), ("b", 4, 0, 4, 2)]), true),
    ];
    for (rule, b, want) in cases {
        assert_eq!(layout_changed(&a, &b), want, "{rule}");
        assert_eq!(layout_changed(&b, &a), want, "{rule} (symmetric)");
    }
}

// ---------------------------------------------------------------- keyboard

#[test]
fn arrow_keys_move_one_step_and_swap_with_neighbours() {
    let l = lay(&[("a", 0, 0, 6, 2), ("b", 0, 2, 6, 3), ("c", 6, 0, 6, 1)]);
    type Row = (&'static str, usize, (i32, i32), bool, Vec<Pos>);
    let cases: Vec<Row> = vec![
        ("up swaps with the cell above", 1, (0, -1), true, vec![(0, 3, 6, 2), (0, 0, 6, 3), (6, 0, 6, 1)]),
        ("down swaps with the cell below", 0, (0, 1), true, vec![(0, 3, 6, 2), (0, 0, 6, 3), (6, 0, 6, 1)]),
        ("down at the bottom changes nothing", 1, (0, 1), false, places(&l)),
        ("up at the top changes nothing", 2, (0, -1), false, places(&l)),
        ("left at the edge changes nothing", 0, (-1, 0), false, places(&l)),
        ("right takes the next column and floats up", 1, (1, 0), true, vec![(0, 0, 6, 2), (1, 2, 6, 3), (6, 0, 6, 1)]),
        ("left pushes the cell it lands on down", 2, (-1, 0), true, vec![(0, 1, 6, 2), (0, 3, 6, 3), (5, 0, 6, 1)]),
    ];
    for (rule, i, (dx, dy), changed, want) in cases {
        let mut k = l.clone();
        assert_eq!(nudge(&mut k, i, dx, dy), changed, "{rule}");
        assert_eq!(places(&k), want, "{rule}");
        assert_eq!(invalid(&k), None, "{rule}");
    }
}

#[test]
fn grow_and_shrink_by_one_respect_the_edge_and_the_minimum() {
    let l = vec![Item::new("a", 6, 0, 6, 2).with_min(2, 2), Item::new("b", 0, 0, 6, 2), Item::new("c", 6, 2, 6, 2)];
    let mut k = l.clone();
    assert!(!grow(&mut k, 0, 1, 0), "already at the right edge");
    assert!(!grow(&mut k, 0, 0, -1), "already at its minimum height");
    assert!(grow(&mut k, 0, 0, 1));
    assert_eq!(places(&k), vec![(6, 0, 6, 3), (0, 0, 6, 2), (6, 3, 6, 2)]);
    assert!(grow(&mut k, 1, -1, 0));
    assert_eq!(k[1].w, 5);
}

#[test]
fn cells_convert_to_items_and_back_to_positions() {
    let cell = Cell { id: CellId::from("0000000000000001"), x: 1, y: 2, w: 3, h: 4, ..Default::default() };
    let item = Item::from(&cell);
    assert_eq!(places(std::slice::from_ref(&item)), vec![(1, 2, 3, 4)]);
    let pos = CellPosition::from(&item);
    assert_eq!((pos.id.as_str(), pos.x, pos.y, pos.w, pos.h), ("0000000000000001", 1, 2, 3, 4));
    assert_eq!(format!("CPU moved to {}", position_text(item.x, item.y)), "CPU moved to column 2, row 3");
}

// ---------------------------------------------------------------- properties

/// One user action on the grid; indices are taken modulo the layout's length.
#[derive(Clone, Debug)]
enum Op {
    Move { i: usize, x: i32, y: i32 },
    Resize { i: usize, w: i32, h: i32 },
    Nudge { i: usize, dx: i32, dy: i32 },
    Grow { i: usize, dw: i32, dh: i32 },
    New { w: i32, h: i32 },
    Clone { i: usize },
}

fn op(max_y: i32) -> impl Strategy<Value = Op> {
    let step = -1..=1i32;
    prop_oneof![
        8 => (any::<usize>(), -3..16i32, -3..max_y).prop_map(|(i, x, y)| Op::Move { i, x, y }),
        3 => (any::<usize>(), -1..15i32, -1..8i32).prop_map(|(i, w, h)| Op::Resize { i, w, h }),
        1 => (any::<usize>(), step.clone(), step.clone()).prop_map(|(i, dx, dy)| Op::Nudge { i, dx, dy }),
        1 => (any::<usize>(), step.clone(), step).prop_map(|(i, dw, dh)| Op::Grow { i, dw, dh }),
        1 => (1..14i32, 1..6i32).prop_map(|(w, h)| Op::New { w, h }),
        1 => any::<usize>().prop_map(|i| Op::Clone { i }),
    ]
}

/// Positions as another client might have written them: out of the columns, without a
/// size, overlapping; about one item in three has a minimum size.
fn raw_layout(len: std::ops::RangeInclusive<usize>, max_y: i32) -> impl Strategy<Value = Vec<Item<u32>>> {
    prop::collection::vec((-2..14i32, -2..max_y, 0..9i32, 0..7i32, 0..6i32, 0..6i32), len).prop_map(|v| {
        let min = |r: i32| if r < 4 { 1 } else { r - 2 };
        v.into_iter().enumerate().map(|(k, (x, y, w, h, mw, mh))| Item::new(k as u32, x, y, w, h).with_min(min(mw), min(mh))).collect()
    })
}

fn cols_overlap<K>(a: &Item<K>, b: &Item<K>) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w
}

/// Valid, and compacted: nothing can float up, and compacting again changes nothing.
fn check_compacted(l: &[Item<u32>]) -> Result<(), TestCaseError> {
    prop_assert_eq!(invalid(l), None);
    prop_assert!(cannot_float(l), "an item could still move up");
    prop_assert_eq!(&compacted(l), l, "compaction is idempotent");
    Ok(())
}

/// What `move_item` / `resize_item` may do to the items other than `m`: keep x, w, h;
/// keep y; or (moves only) hop up from a place that `m` now covers to rest flush on top
/// of `m`; or go down to sit below the top of `m`, flush under an item that moved, every
/// row between its old place and its new one being taken.
fn check_pushes(before: &[Item<u32>], after: &[Item<u32>], m: usize, hops: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(invalid(after), None);
    let moved = |k: usize| k == m || after[k].y != before[k].y;
    for (j, (a, b)) in before.iter().zip(after).enumerate().filter(|(j, _)| *j != m) {
        prop_assert_eq!((b.x, b.w, b.h), (a.x, a.w, a.h), "item {} only moves vertically", j);
        if b.y < a.y {
            prop_assert!(hops, "item {} went up", j);
            prop_assert!(collides(a, &after[m]), "item {} hopped though the moved item did not land on it", j);
            prop_assert_eq!(b.y + b.h, after[m].y, "item {} hopped to rest on top of the moved item", j);
            continue;
        }
        if b.y == a.y {
            continue;
        }
        prop_assert!(b.y > after[m].y, "pushed item {} ends below the top of the moved item", j);
        let flush = after.iter().enumerate().any(|(k, p)| k != j && moved(k) && p.y + p.h == b.y && cols_overlap(p, b));
        prop_assert!(flush, "pushed item {} rests on an item that moved", j);
        for r in a.y..b.y {
            let taken = after.iter().enumerate().any(|(k, p)| k != j && cols_overlap(p, b) && p.y < r + b.h && r < p.y + p.h);
            prop_assert!(taken, "item {} was pushed past free row {}", j, r);
        }
    }
    Ok(())
}

/// The row where item `m` of `stepped` (the layout right after a move or resize, before
/// compaction) must land: it floats up from where the step put it over the compacted
/// items that the step did not push down (left in place, or hopped over it) and that
/// come before it (by y, then x). The items the step pushed never hold it down; nothing
/// lets it sink.
fn landing(before: &[Item<u32>], stepped: &[Item<u32>], m: usize) -> i32 {
    let it = &stepped[m];
    let ground: Vec<Item<u32>> = stepped
        .iter()
        .enumerate()
        .filter(|&(j, o)| j != m && o.y <= before[j].y && (o.y, o.x) < (it.y, it.x))
        .map(|(_, o)| o.clone())
        .collect();
    let ground = places(&naive_compact(&ground));
    let mut land = it.y;
    while land > 0 && free_at(&ground, it, land - 1) {
        land -= 1;
    }
    land
}

fn apply(l: &mut Vec<Item<u32>>, op: &Op, next_id: &mut u32) -> Result<(), TestCaseError> {
    if l.is_empty() && !matches!(op, Op::New { .. }) {
        return Ok(());
    }
    let n = l.len().max(1);
    let before = l.clone();
    match *op {
        Op::Move { i, x, y } => {
            let m = i % n;
            let (w, h) = (before[m].w, before[m].h);
            let (cx, cy) = (x.clamp(0, 12 - w), y.clamp(0, MAX_ROWS));
            move_item(l, m, x, y);
            prop_assert_eq!((l[m].x, l[m].y, l[m].w, l[m].h), (cx, cy, w, h), "the moved item wins its place");
            check_pushes(&before, l, m, true)?;
            let after_move = l.clone();
            compact(l);
            prop_assert_eq!(&*l, &naive_compact(&after_move), "compact = the one-row-at-a-time float-up");
            // Where the moved item lands: its column is the clamped target's; its row is
            // where it floats up to from the target row over the items that the move left
            // in place and that come before it (by y, then x). The items it pushed, which
            // all end below the target row, never hold it down.
            prop_assert_eq!(l[m].x, cx);
            prop_assert_eq!(l[m].y, landing(&before, &after_move, m), "the moved item floats up from the target and no further");
            prop_assert!(l[m].y <= cy);
        }
        Op::Resize { i, w, h } => {
            let m = i % n;
            let it = &before[m];
            let want_w = w.clamp(it.min_w.max(1), 12 - it.x);
            let want_h = h.clamp(it.min_h.max(1), MAX_ROWS);
            resize_item(l, m, w, h);
            prop_assert_eq!((l[m].x, l[m].y, l[m].w, l[m].h), (it.x, it.y, want_w, want_h), "clamped to the minimum and the right edge");
            check_pushes(&before, l, m, false)?;
            let after_resize = l.clone();
            compact(l);
            prop_assert_eq!(&*l, &naive_compact(&after_resize));
            prop_assert_eq!(l[m].x, it.x);
            prop_assert_eq!(l[m].y, landing(&before, &after_resize, m), "the resized item floats up from its row and no further");
        }
        Op::Nudge { i, dx, dy } => {
            let m = i % n;
            let (x0, y0) = (before[m].x, before[m].y);
            let changed = nudge(l, m, dx, dy);
            prop_assert_eq!(changed, layout_changed(&before, l));
            prop_assert_eq!(l[m].x, (x0 + dx).clamp(0, 12 - l[m].w));
            // Up (or sideways) never ends lower; up from above row 0 always ends higher.
            if dy <= 0 {
                prop_assert!(l[m].y <= y0);
            }
            if dy < 0 {
                prop_assert!(y0 == 0 || l[m].y < y0, "up from row {} ended at {}", y0, l[m].y);
            }
            // Straight down never ends higher (sideways it may float up into a gap).
            if dy > 0 && dx == 0 {
                prop_assert!(l[m].y >= y0, "down from row {} ended at {}", y0, l[m].y);
            }
        }
        Op::Grow { i, dw, dh } => {
            let m = i % n;
            let it = &before[m];
            grow(l, m, dw, dh);
            let want = ((it.w + dw).clamp(it.min_w.max(1), 12 - it.x), (it.h + dh).clamp(it.min_h.max(1), MAX_ROWS));
            prop_assert_eq!((l[m].x, l[m].w, l[m].h), (it.x, want.0, want.1));
            // Narrower, it may float up into a gap; it never goes down.
            prop_assert!(l[m].y <= it.y);
            if dw >= 0 {
                prop_assert_eq!(l[m].y, it.y, "a cell as wide or wider rests where it was");
            }
        }
        Op::New { w, h } => {
            let (x, y) = place_new(l, w, h);
            let probe = Item::new(u32::MAX, x, y, w.clamp(1, 12), h);
            prop_assert!(l.iter().all(|o| !collides(o, &probe)), "the slot is free");
            // ...and it is the first one, scanning rows top to bottom, columns left to right.
            for yy in 0..=y {
                for xx in 0..=(12 - probe.w) {
                    if (yy, xx) < (y, x) {
                        let earlier = Item::new(u32::MAX, xx, yy, probe.w, h);
                        prop_assert!(l.iter().any(|o| collides(o, &earlier)), "({},{}) was free before ({},{})", xx, yy, x, y);
                    }
                }
            }
            *next_id += 1;
            let k = insert_item(l, Item::new(*next_id, x, y, w, h));
            prop_assert_eq!((l[k].x, l[k].y), (x, y), "a new cell stays where place_new put it");
            prop_assert_eq!(&l[..k], &before[..], "inserting in a free slot moves nothing");
        }
        Op::Clone { i } => {
            let s = i % n;
            *next_id += 1;
            let k = clone_beside(l, s, *next_id);
            let (src, c) = (&l[s], &l[k]);
            prop_assert!(src.same_place(&before[s]), "the source stays put");
            prop_assert_eq!((c.w, c.h), (src.w, src.h));
            let right = c.x == src.x + src.w && c.y <= src.y;
            let below = c.y == src.y + src.h && c.x == src.x.min(12 - c.w);
            prop_assert!(right || below, "clone {:?} is not beside its source {:?}", c, src);
            prop_assert!((c.x, c.y) != (0, 0));
        }
    }
    check_compacted(l)
}

fn run(raw: Vec<Item<u32>>, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut l = sanitized(&raw);
    check_compacted(&l)?;
    let mut next_id = l.len() as u32;
    for op in &ops {
        apply(&mut l, op, &mut next_id)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Most sequences: small layouts, up to a dozen actions each.
    #[test]
    fn random_actions_on_small_layouts_keep_every_invariant(
        raw in raw_layout(0..=24, 40),
        ops in prop::collection::vec(op(30), 1..=12),
    ) {
        run(raw, ops)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Fewer, on layouts of 100 to 200 cells.
    #[test]
    fn random_actions_on_large_layouts_keep_every_invariant(
        raw in raw_layout(100..=200, 300),
        ops in prop::collection::vec(op(200), 1..=8),
    ) {
        run(raw, ops)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Any positions from the server become a valid compacted layout, the same way every
    /// time, keeping sizes (clamped), columns (clamped) and the top-to-bottom order.
    #[test]
    fn sanitize_makes_any_server_positions_valid_and_keeps_their_order(raw in raw_layout(0..=40, 60)) {
        let clean = sanitized(&raw);
        check_compacted(&clean)?;
        prop_assert_eq!(&sanitized(&raw), &clean, "deterministic");
        prop_assert_eq!(&sanitized(&clean), &clean, "idempotent");
        let mut clamped = raw.clone();
        for (r, c) in clamped.iter_mut().zip(&clean) {
            let w = r.w.clamp(r.min_w, 12);
            let h = r.h.clamp(r.min_h, MAX_ROWS);
            prop_assert_eq!((c.x, c.w, c.h), (r.x.clamp(0, 12 - w), w, h));
            *r = Item { y: r.y.max(0), ..c.clone() };
        }
        for i in 0..raw.len() {
            for j in 0..raw.len() {
                let (a, b) = (&clamped[i], &clamped[j]);
                if cols_overlap(a, b) && (a.y, a.x, i) < (b.y, b.x, j) {
                    prop_assert!(clean[i].y < clean[j].y, "{} was above {} and is still", i, j);
                }
            }
        }
        if invalid(&clamped).is_none() {
            prop_assert_eq!(&clean, &naive_compact(&clamped));
        }
    }

    /// On layouts without overlaps, with gaps opened by stretching rows, the skyline
    /// compaction is the one-row-at-a-time float-up of react-grid-layout.
    #[test]
    fn compaction_matches_the_naive_float_up(raw in raw_layout(0..=60, 40), stretch in 1..4i32, shift in 0..5i32) {
        let spread: Vec<Item<u32>> = sanitized(&raw).into_iter().map(|i| Item { y: i.y * stretch + shift, ..i }).collect();
        prop_assert_eq!(invalid(&spread), None);
        let c = compacted(&spread);
        prop_assert_eq!(&c, &naive_compact(&spread));
        check_compacted(&c)?;
    }
}
