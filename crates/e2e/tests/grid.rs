//! The dashboard grid, end to end: cells dragged and resized with the pointer (WebDriver
//! actions), moved with the keyboard, undone and redone, saved once per gesture (counted at
//! the dev server), a failed save kept and retried, cells added and cloned into free slots.
//! Positions are read back through the API after each gesture, so what the test sees is what
//! the server holds.

use e2e::fantoccini::actions::{Actions, InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};
use std::time::Duration;

/// A dashboard made through the API with cells at given places (deleted by `DeleteOnDrop`).
#[derive(Clone)]
struct Board {
    id: String,
    cells: Vec<String>,
}

impl Board {
    fn new(prefix: &str, places: &[(i32, i32, i32, i32)]) -> (Board, DeleteOnDrop) {
        let s = stack();
        let (st, v) = s.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": s.org_id(), "name": unique(prefix)})));
        assert_eq!(st, 201, "{v}");
        let id = v["id"].as_str().expect("id").to_owned();
        let cells = places
            .iter()
            .enumerate()
            .map(|(n, (x, y, w, h))| {
                let name = ["alpha", "beta", "gamma", "delta"][n % 4];
                let (st, c) =
                    s.call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&json!({"x": x, "y": y, "w": w, "h": h, "name": name})));
                assert_eq!(st, 201, "{c}");
                c["id"].as_str().expect("cell id").to_owned()
            })
            .collect();
        (Board { id: id.clone(), cells }, DeleteOnDrop(id))
    }

    /// `[x, y, w, h]` of each cell, as the server holds them, in `cells` order.
    fn places(&self) -> Vec<[i64; 4]> {
        let (st, v) = stack().call("GET", &format!("/api/v2/dashboards/{}", self.id), None);
        assert_eq!(st, 200, "{v}");
        let cells = v["cells"].as_array().cloned().unwrap_or_default();
        self.cells
            .iter()
            .map(|id| {
                let c: &Value = cells.iter().find(|c| c["id"] == id.as_str()).unwrap_or(&Value::Null);
                [&c["x"], &c["y"], &c["w"], &c["h"]].map(|n| n.as_i64().unwrap_or(-1))
            })
            .collect()
    }

    fn puts(&self) -> u64 {
        let key = format!("PUT /api/v2/dashboards/{}/cells", self.id);
        stack().requests().get(&key).copied().unwrap_or(0)
    }

    async fn open(&self, c: &Client) -> Result {
        sign_in(c).await?;
        let s = stack();
        c.goto(&format!("{}/ui/orgs/{}/dashboards/{}", s.base, s.org_id(), self.id)).await?;
        until("every cell", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == self.cells.len()) }).await
    }
}

fn cell_css(id: &str) -> String {
    format!("[data-cell-id=\"{id}\"]")
}

/// Presses on `handle` of cell `id`, moves by (dx, dy) in a few steps, and releases.
async fn drag_by(c: &Client, id: &str, handle: &str, dx: f64, dy: f64) -> Result {
    let el = c.find(Locator::Css(&format!("{} {}", cell_css(id), tid(handle)))).await?;
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: el, duration: None, x: 0.0, y: 0.0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
    for _ in 0..4 {
        mouse = mouse.then(PointerAction::MoveBy { duration: Some(Duration::from_millis(30)), x: dx / 4.0, y: dy / 4.0 });
    }
    let mouse = mouse.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    c.perform_actions(Actions::from(mouse)).await?;
    c.release_actions().await?;
    Ok(())
}

/// The pixel offset from cell `a`'s top left corner to cell `b`'s.
async fn offset(c: &Client, a: &str, b: &str) -> Result<(f64, f64)> {
    let ra = c.find(Locator::Css(&cell_css(a))).await?.rectangle().await?;
    let rb = c.find(Locator::Css(&cell_css(b))).await?.rectangle().await?;
    Ok((rb.0 - ra.0, rb.1 - ra.1))
}

/// The width of one column step in pixels.
async fn column_step(c: &Client) -> Result<f64> {
    let grid = c.find(Locator::Css(&tid("grid"))).await?.rectangle().await?;
    Ok((grid.2 + 8.0) / 12.0)
}

async fn press(c: &Client, id: &str, keys: &str) -> Result {
    let cell = c.find(Locator::Css(&cell_css(id))).await?;
    c.execute("arguments[0].focus()", vec![serde_json::to_value(&cell)?]).await?;
    cell.send_keys(keys).await?;
    Ok(())
}

const RIGHT: &str = "\u{E014}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

async fn settle() {
    tokio::time::sleep(Duration::from_millis(400)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cell_dragged_onto_another_pushes_it_down_and_is_saved_once() {
    let (board, _cleanup) = Board::new("e2e drag", &[(0, 0, 4, 3), (4, 0, 4, 3), (8, 0, 4, 3)]);
    with_browser(move |c| async move {
        board.open(&c).await?;
        let s = stack();
        if s.faults {
            s.reset_requests();
        }
        // A click on the header is not a drag: nothing is sent.
        drag_by(&c, &board.cells[0], "cell-handle", 0.0, 0.0).await?;
        settle().await;
        if s.faults {
            assert_eq!(board.puts(), 0, "a click saves nothing");
        }
        let (dx, dy) = offset(&c, &board.cells[0], &board.cells[1]).await?;
        drag_by(&c, &board.cells[0], "cell-handle", dx, dy).await?;
        until("the drag to be saved", || async { Ok(board.places()[0] == [4, 0, 4, 3]) }).await?;
        assert_eq!(board.places(), vec![[4, 0, 4, 3], [4, 3, 4, 3], [8, 0, 4, 3]], "b pushed down under a");
        if s.faults {
            assert_eq!(board.puts(), 1, "one PUT for one drag");
        }
        says_announced(&c, "alpha moved to column 5, row 1").await?;
        // After a reload the page shows what the server holds.
        c.refresh().await?;
        wait(&c, &cell_css(&board.cells[1])).await?;
        let style = c.find(Locator::Css(&cell_css(&board.cells[1]))).await?.attr("style").await?.unwrap_or_default();
        assert!(style.contains("grid-column: 5 / span 4") && style.contains("grid-row: 4 / span 3"), "{style}");
        Ok(())
    })
    .await
}

async fn says_announced(c: &Client, text: &str) -> Result {
    until(&format!("the announcement {text:?}"), || async { Ok(wait(c, &tid("grid-announce")).await?.text().await? == text) }).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cell_resized_by_its_corner_is_saved_with_its_new_size() {
    let (board, _cleanup) = Board::new("e2e resize", &[(0, 0, 4, 3), (4, 0, 4, 3)]);
    with_browser(move |c| async move {
        board.open(&c).await?;
        let step = column_step(&c).await?;
        drag_by(&c, &board.cells[0], "cell-resize", 2.0 * step, 92.0).await?;
        until("the resize to be saved", || async { Ok(board.places()[0] == [0, 0, 6, 4]) }).await?;
        assert_eq!(board.places()[1], [4, 4, 4, 3], "b pushed down below the grown a");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn arrow_keys_move_a_cell_escape_cancels_enter_saves_and_undo_redo_save_again() {
    let (board, _cleanup) = Board::new("e2e keys", &[(0, 0, 4, 3), (4, 0, 4, 3)]);
    with_browser(move |c| async move {
        board.open(&c).await?;
        let s = stack();
        if s.faults {
            s.reset_requests();
        }
        let a = board.cells[0].clone();
        press(&c, &a, &format!("{RIGHT}{RIGHT}")).await?;
        says_announced(&c, "alpha moved to column 3, row 1").await?;
        press(&c, &a, ESCAPE).await?;
        settle().await;
        assert_eq!(board.places()[0], [0, 0, 4, 3], "Escape put it back; nothing saved");
        if s.faults {
            assert_eq!(board.puts(), 0);
        }
        press(&c, &a, &format!("{RIGHT}{ENTER}")).await?;
        until("the keyboard move saved", || async { Ok(board.places()[0] == [1, 0, 4, 3]) }).await?;
        if s.faults {
            assert_eq!(board.puts(), 1, "one PUT for the whole keyboard gesture");
        }
        press(&c, &a, "\u{E008}\u{E014}\u{E007}").await?; // Shift+Right, Enter: one column wider
        until("the keyboard resize saved", || async { Ok(board.places()[0] == [1, 0, 5, 3]) }).await?;

        wait(&c, &tid("undo")).await?.click().await?;
        until("the undo saved", || async { Ok(board.places()[0] == [1, 0, 4, 3]) }).await?;
        wait(&c, &tid("undo")).await?.click().await?;
        until("the second undo saved", || async { Ok(board.places()[0] == [0, 0, 4, 3]) }).await?;
        wait(&c, &tid("redo")).await?.click().await?;
        until("the redo saved", || async { Ok(board.places()[0] == [1, 0, 4, 3]) }).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_refused_with_500_keeps_the_layout_and_retry_saves_it() {
    if !needs_faults() {
        return;
    }
    let (board, _cleanup) = Board::new("e2e save fails", &[(0, 0, 4, 3), (4, 0, 4, 3)]);
    with_browser(move |c| async move {
        board.open(&c).await?;
        let s = stack();
        s.inject_fault(json!({"method": "PUT", "path": format!("/api/v2/dashboards/{}/cells", board.id), "count": 1,
                              "status": 500, "message": "disk full"}));
        press(&c, &board.cells[1], &format!("{RIGHT}{RIGHT}{ENTER}")).await?;
        let err = wait(&c, &tid("save-error")).await?.text().await?;
        assert!(err.contains("disk full"), "{err}");
        assert_eq!(board.places()[1], [4, 0, 4, 3], "unchanged on the server");
        let style = c.find(Locator::Css(&cell_css(&board.cells[1]))).await?.attr("style").await?.unwrap_or_default();
        assert!(style.contains("grid-column: 7 / span 4"), "the layout stays as the user left it: {style}");
        wait(&c, &tid("save-retry")).await?.click().await?;
        until("the retry saved it", || async { Ok(board.places()[1] == [6, 0, 4, 3]) }).await?;
        until("the error to go", || async { Ok(c.find(Locator::Css(&tid("save-error"))).await.is_err()) }).await?;
        Ok(())
    })
    .await
}

fn overlaps(p: &[[i64; 4]]) -> Option<(usize, usize)> {
    for i in 0..p.len() {
        for j in i + 1..p.len() {
            let (a, b) = (p[i], p[j]);
            if a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3] {
                return Some((i, j));
            }
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cell_added_then_cloned_lands_in_a_free_slot_beside_its_source() {
    let (board, _cleanup) = Board::new("e2e add", &[(0, 0, 4, 3), (4, 0, 8, 5)]);
    with_browser(move |c| async move {
        let mut board = board;
        board.open(&c).await?;
        let s = stack();
        wait(&c, &tid("add-cell")).await?.click().await?;
        until("three cells", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == 3) }).await?;
        // A new cell opens in the view editor; closing it untouched asks nothing.
        wait(&c, &tid("view-editor")).await?;
        assert!(c.current_url().await?.path().ends_with("/edit"), "the editor is in the address");
        wait(&c, &tid("editor-cancel")).await?.click().await?;
        until("the editor closed", || async { Ok(c.find(Locator::Css(&tid("view-editor"))).await.is_err()) }).await?;
        let (_, v) = s.call("GET", &format!("/api/v2/dashboards/{}", board.id), None);
        let added = v["cells"].as_array().unwrap().iter().find(|x| !board.cells.contains(&x["id"].as_str().unwrap().to_owned())).cloned();
        let added = added.expect("the new cell on the server")["id"].as_str().unwrap().to_owned();
        board.cells.push(added.clone());
        assert_eq!(board.places()[2], [0, 3, 4, 4], "the first free slot at the top, under alpha");

        c.find(Locator::Css(&format!("{} {}", cell_css(&added), tid("cell-menu")))).await?.click().await?;
        wait(&c, &tid("cell-clone")).await?.click().await?;
        until("four cells", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == 4) }).await?;
        let (_, v) = s.call("GET", &format!("/api/v2/dashboards/{}", board.id), None);
        let clone = v["cells"].as_array().unwrap().iter().find(|x| !board.cells.contains(&x["id"].as_str().unwrap().to_owned())).cloned();
        board.cells.push(clone.expect("the clone on the server")["id"].as_str().unwrap().to_owned());
        until("the layout saved", || async { Ok(overlaps(&board.places()).is_none()) }).await?;
        let p = board.places();
        assert_ne!((p[3][0], p[3][1]), (0, 0), "a clone never lands on 0,0 (InfluxDB issue 17630): {p:?}");
        assert!(p[3][1] >= p[2][1], "beside or below its source: {p:?}");
        assert_eq!(overlaps(&p), None, "{p:?}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_after_a_change_elsewhere_asks_first_and_keep_mine_keeps_their_new_cell() {
    let (board, _cleanup) = Board::new("e2e conflict", &[(0, 0, 4, 3), (4, 0, 4, 3)]);
    with_browser(move |c| async move {
        let mut board = board;
        board.open(&c).await?;
        let s = stack();
        // Another client adds a cell after the page read the dashboard.
        let (st, theirs) =
            s.call("POST", &format!("/api/v2/dashboards/{}/cells", board.id), Some(&json!({"x": 8, "y": 0, "w": 4, "h": 3})));
        assert_eq!(st, 201, "{theirs}");
        board.cells.push(theirs["id"].as_str().unwrap().to_owned());
        press(&c, &board.cells[0], &format!("{RIGHT}{ENTER}")).await?;
        let banner = wait(&c, &tid("conflict")).await?.text().await?;
        assert!(banner.contains("1 cell added"), "{banner}");
        assert_eq!(board.places()[0], [0, 0, 4, 3], "nothing was saved over their change");
        wait(&c, &tid("keep-mine")).await?.click().await?;
        until("my layout saved", || async { Ok(board.places()[0] != [0, 0, 4, 3]) }).await?;
        let p = board.places();
        assert_eq!(p[2][2..], [4, 3], "their cell is still there: {p:?}");
        assert_eq!(overlaps(&p), None, "{p:?}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_note_is_added_renamed_and_deleted_after_a_confirmation_that_names_it() {
    let (board, _cleanup) = Board::new("e2e note", &[(0, 0, 12, 2)]);
    with_browser(move |c| async move {
        board.open(&c).await?;
        let s = stack();
        wait(&c, &tid("add-note")).await?.click().await?;
        wait(&c, &tid("note-name")).await?.send_keys("Runbook").await?;
        wait(&c, &tid("note-text")).await?.send_keys("<b>check</b> the **disk** first").await?;
        wait(&c, &tid("note-submit")).await?.click().await?;
        until("two cells", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == 2) }).await?;
        let (_, v) = s.call("GET", &format!("/api/v2/dashboards/{}?include=properties", board.id), None);
        let note = v["cells"].as_array().unwrap().iter().find(|x| x["id"] != board.cells[0].as_str()).cloned().expect("the note");
        assert_eq!(note["name"], "Runbook");
        assert_eq!(note["properties"]["type"], "markdown");
        assert_eq!(note["properties"]["note"], "<b>check</b> the **disk** first");
        let note_id = note["id"].as_str().unwrap().to_owned();
        let body = c.find(Locator::Css(&format!("{} {}", cell_css(&note_id), tid("cell-body")))).await?;
        assert!(body.text().await?.contains("<b>check</b>"), "the note's text is shown as text");
        assert!(body.find(Locator::Css("b")).await.is_err(), "no markup from the note reaches the page");

        c.find(Locator::Css(&format!("{} {}", cell_css(&note_id), tid("cell-menu")))).await?.click().await?;
        wait(&c, &tid("cell-rename")).await?.click().await?;
        let input = wait(&c, &tid("cell-rename-input")).await?;
        input.clear().await?;
        input.send_keys(&format!("Disk runbook{ENTER}")).await?;
        let view_name = || s.call("GET", &format!("/api/v2/dashboards/{}/cells/{note_id}/view", board.id), None).1;
        until("the rename", || async { Ok(view_name()["name"] == "Disk runbook") }).await?;
        assert_eq!(view_name()["properties"]["note"], "<b>check</b> the **disk** first", "B7: the rename kept the note");

        c.find(Locator::Css(&format!("{} {}", cell_css(&note_id), tid("cell-menu")))).await?.click().await?;
        wait(&c, &tid("cell-delete")).await?.click().await?;
        let q = wait(&c, &tid("delete-cell-question")).await?.text().await?;
        assert!(q.contains("Disk runbook"), "{q}");
        wait(&c, &tid("delete-cell-confirm")).await?.click().await?;
        until("one cell", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == 1) }).await?;
        let (_, v) = s.call("GET", &format!("/api/v2/dashboards/{}", board.id), None);
        assert_eq!(v["cells"].as_array().unwrap().len(), 1, "deleted on the server");
        // Undo brings it back (a new cell with the same view), redo takes it away again.
        wait(&c, &tid("undo")).await?.click().await?;
        until("the note back", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == 2) }).await?;
        let (_, v) = s.call("GET", &format!("/api/v2/dashboards/{}?include=properties", board.id), None);
        let back = v["cells"].as_array().unwrap().iter().find(|x| x["id"] != board.cells[0].as_str()).cloned().expect("made again");
        assert_eq!((back["name"].as_str(), back["properties"]["type"].as_str()), (Some("Disk runbook"), Some("markdown")));
        wait(&c, &tid("redo")).await?.click().await?;
        until("the note gone again", || async { Ok(c.find_all(Locator::Css(&tid("cell"))).await?.len() == 1) }).await?;
        Ok(())
    })
    .await
}
