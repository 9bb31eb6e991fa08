//! What a new user tripped over (issue 12), end to end through nginx: dialogs that take and
//! give back the focus and keep Tab inside, inline editors with the caret in them, menus that
//! close on Escape and outside, dead ends that say so, the index as it was left, titles,
//! paging from the top, unknown labels in the address, and 400-pixel screens.

use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};

/// The `data-testid` of the focused element, and whether it is inside `css`.
async fn focus(c: &Client, css: &str) -> Result<(String, bool)> {
    let v = c
        .execute(
            "const a = document.activeElement; return [a ? (a.getAttribute('data-testid') || a.tagName) : '', !!(a && a.closest(arguments[0]))];",
            vec![json!(css)],
        )
        .await?;
    Ok((v[0].as_str().unwrap_or_default().to_owned(), v[1].as_bool().unwrap_or(false)))
}

async fn press(c: &Client, keys: &str) -> Result {
    c.active_element().await?.send_keys(keys).await?;
    Ok(())
}

const TAB: &str = "\u{E004}";
const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";

#[tokio::test(flavor = "multi_thread")]
async fn dialogs_take_the_focus_keep_tab_inside_and_give_it_back() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        wait(&c, &tid("create-open")).await?.click().await?;
        wait(&c, &tid("create-dialog")).await?;
        until("the name field focused", || async { Ok(focus(&c, "[data-testid=create-dialog]").await?.0 == "create-name") }).await?;
        for i in 0..12 {
            press(&c, TAB).await?;
            let (_, inside) = focus(&c, "[data-testid=create-dialog]").await?;
            assert!(inside, "Tab {i} left the dialog");
        }
        press(&c, &format!("\u{E008}{TAB}")).await?; // Shift+Tab
        assert!(focus(&c, "[data-testid=create-dialog]").await?.1, "Shift+Tab stays inside");
        press(&c, ESCAPE).await?;
        until("closed", || async { Ok(c.find(Locator::Css(&tid("create-dialog"))).await.is_err()) }).await?;
        assert_eq!(focus(&c, "body").await?.0, "create-open", "the focus is back on the button that opened it");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn inline_editors_and_menus_work_from_the_keyboard() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let card = wait(&c, &tid("dashboard-row")).await?;
        card.find(Locator::Css(&tid("rename"))).await?.send_keys(ENTER).await?;
        until("the caret in the name", || async { Ok(focus(&c, "body").await?.0 == "name-input") }).await?;
        press(&c, ESCAPE).await?;
        let desc = wait(&c, &tid("description")).await?;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&desc)?]).await?;
        assert_eq!(desc.attr("tabindex").await?.as_deref(), Some("0"), "the description is in the Tab order");
        press(&c, ENTER).await?;
        until("the caret in the description", || async { Ok(focus(&c, "body").await?.0 == "description-input") }).await?;
        press(&c, ESCAPE).await?;
        // The label menu closes on Escape and on a click outside.
        let card = wait(&c, &tid("dashboard-row")).await?;
        card.find(Locator::Css(&tid("label-add"))).await?.click().await?;
        wait(&c, &tid("label-menu")).await?;
        c.find(Locator::Css("h1")).await?.click().await?;
        until("closed by a click outside", || async { Ok(c.find(Locator::Css(&tid("label-menu"))).await.is_err()) }).await?;
        card.find(Locator::Css(&tid("label-add"))).await?.click().await?;
        wait(&c, &tid("label-menu")).await?;
        press(&c, ESCAPE).await?;
        until("closed by Escape", || async { Ok(c.find(Locator::Css(&tid("label-menu"))).await.is_err()) }).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn dead_ends_say_so_and_the_way_back_keeps_the_index_as_left() {
    let s = stack();
    with_browser(move |c| async move {
        sign_in(&c).await?;
        let org = s.org_id();
        for (id, words) in [("0000000000000099", "not found"), ("not-an-id", "16 characters")] {
            c.goto(&format!("{}/ui/orgs/{org}/dashboards/{id}", s.base)).await?;
            let page = wait(&c, &tid("dashboard-not-found")).await?.text().await?;
            assert!(page.to_lowercase().contains(words), "{id}: {page}");
            assert!(c.find(Locator::Css(&tid("retry"))).await.is_err(), "{id}: no Try again that cannot help");
        }
        // The index as it was left: filter, sort, page.
        let query = "?q=cpu&sort=name-desc";
        c.goto(&format!("{}/ui/orgs/{org}/dashboards{query}", s.base)).await?;
        wait(&c, &tid("dashboard-name")).await?;
        wait(&c, &tid("dashboard-name")).await?.click().await?;
        wait(&c, &tid("dashboard-title")).await?;
        let title = c.title().await?;
        let name = wait(&c, &tid("dashboard-title")).await?.text().await?;
        assert!(title.starts_with(&name), "the tab names the dashboard: {title}");
        let back = wait(&c, &tid("back-to-list")).await?;
        let href = back.attr("href").await?.unwrap_or_default();
        assert!(href.contains("q=cpu") && href.contains("sort=name-desc"), "the link keeps the index's state: {href}");
        back.click().await?;
        until("the index as left", || async {
            let u = c.current_url().await?;
            let q = u.query().unwrap_or_default().to_owned();
            Ok(u.path().ends_with("/dashboards") && q.contains("q=cpu") && q.contains("sort=name-desc"))
        })
        .await?;
        assert!(c.title().await?.starts_with("Dashboards"), "the tab names the index");
        // A label that does not exist: a chip marked unknown, removable.
        c.goto(&format!("{}/ui/orgs/{org}/dashboards?label=no-such-label", s.base)).await?;
        let chip = wait(&c, &tid("label-chip-unknown")).await?;
        assert!(chip.text().await?.contains("no-such-label"));
        chip.click().await?;
        until("removed from the address", || async { Ok(!c.current_url().await?.as_str().contains("no-such-label")) }).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn paging_starts_at_the_top_and_a_new_dashboard_opens() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        c.set_window_size(1400, 700).await?;
        c.execute("window.scrollTo(0, document.body.scrollHeight)", vec![]).await?;
        wait(&c, &tid("page-2")).await?.click().await?;
        until("page 2 from its top", || async {
            Ok(c.current_url().await?.as_str().contains("page=2") && c.execute("return window.scrollY", vec![]).await? == json!(0))
        })
        .await?;
        let name = unique("e2e opens");
        wait(&c, &tid("create-open")).await?.click().await?;
        wait(&c, &tid("create-name")).await?.send_keys(&name).await?;
        wait(&c, &tid("create-submit")).await?.click().await?;
        until("the new dashboard open", || async { Ok(wait(&c, &tid("dashboard-title")).await?.text().await? == name) }).await?;
        let id = stack().dashboards().into_iter().find(|d| d.name == name).expect("created").id;
        stack().call("DELETE", &format!("/api/v2/dashboards/{id}"), None);
        Ok(())
    })
    .await
}

/// Whether the page scrolls sideways.
async fn overflows(c: &Client) -> Result<Value> {
    Ok(c.execute("const d = document.documentElement; return [d.scrollWidth, d.clientWidth];", vec![]).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_400_pixel_screen_never_scrolls_sideways() {
    let s = stack();
    let id = s.dashboards().into_iter().find(|d| d.cells.len() >= 3).expect("a seeded dashboard with cells").id;
    with_browser(move |c| async move {
        sign_in(&c).await?;
        c.set_window_size(400, 900).await?;
        let org = s.org_id();
        for path in [format!("orgs/{org}/dashboards"), format!("orgs/{org}/labels"), format!("orgs/{org}/dashboards/{id}")] {
            c.goto(&format!("{}/ui/{path}", s.base)).await?;
            wait(&c, "main").await?;
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            let v = overflows(&c).await?;
            assert!(v[0].as_f64() <= v[1].as_f64(), "{path} scrolls sideways: {v}");
        }
        // One column of cells.
        let lefts = c
            .execute(
                "return [...document.querySelectorAll('[data-testid=cell]')].map(e => Math.round(e.getBoundingClientRect().left))",
                vec![],
            )
            .await?;
        let lefts: Vec<i64> = serde_json::from_value(lefts)?;
        assert!(lefts.len() >= 3 && lefts.iter().all(|l| *l == lefts[0]), "one column: {lefts:?}");
        // Pagination collapses to first, previous, "page 1 of N", next, last.
        c.goto(&format!("{}/ui/orgs/{org}/dashboards", s.base)).await?;
        let of = wait(&c, &tid("page-of")).await?;
        assert!(of.is_displayed().await? && of.text().await?.starts_with("page 1 of"), "{}", of.text().await?);
        assert!(!wait(&c, &tid("page-2")).await?.is_displayed().await?, "numbered pages hidden");
        Ok(())
    })
    .await
}
