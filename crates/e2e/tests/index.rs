//! The dashboard index, end to end: nginx serving the release UI at /ui/, /api/ proxied to
//! the seeded dev server, headless Chromium over WebDriver. Run one at a time: scenarios
//! change the dashboards they look at.

use dashboards_core::index::{Catalog, ExportDoc, SortOrder};
use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::json;

fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
    format!("{prefix} {n}")
}

async fn select(c: &Client, testid: &str, value: &str) -> Result {
    wait(c, &format!("{} option[value=\"{value}\"]", tid(testid))).await?.click().await?;
    Ok(())
}

async fn url(c: &Client) -> Result<String> {
    Ok(c.current_url().await?.to_string())
}

/// Types a filter and waits until the list shows `expected` rows.
async fn filter(c: &Client, text: &str) -> Result {
    let search = wait(c, &tid("search")).await?;
    search.clear().await?;
    search.send_keys(text).await?;
    let want = format!("q={}", dashboards_core::urlenc::encode(text));
    until("the filter in the URL", || async { Ok(url(c).await?.contains(&want)) }).await
}

/// The card whose name is exactly `name` (there must be one on the page).
async fn card(c: &Client, name: &str) -> Result<e2e::fantoccini::elements::Element> {
    for row in c.find_all(Locator::Css(&tid("dashboard-row"))).await? {
        if row.find(Locator::Css(&tid("dashboard-name"))).await?.text().await? == name {
            return Ok(row);
        }
    }
    Err(format!("no card named {name:?}").into())
}

/// A seeded dashboard with at least `cells` cells, as the UI exports it.
fn seeded_export(cells: usize) -> ExportDoc {
    let s = stack();
    let source = s.dashboards().into_iter().find(|d| d.cells.len() >= cells).expect("a seeded dashboard with enough cells");
    let (_, full) = s.call("GET", &format!("/api/v2/dashboards/{}?include=properties", source.id), None);
    ExportDoc::from_dashboard(&serde_json::from_value(full).expect("a dashboard"))
}

/// Opens a card's "⋯" menu and picks an action.
async fn action(c: &Client, name: &str, testid: &str) -> Result {
    let row = card(c, name).await?;
    row.find(Locator::Css(&tid("actions"))).await?.click().await?;
    row.find(Locator::Css(&tid(testid))).await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sorts_and_pages_through_every_dashboard_in_the_apis_order() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let api = s.dashboards();
        assert!(api.len() > 100, "the seed needs more than one server page");
        let catalog = Catalog::new(&api);
        for (sort, size) in [(SortOrder::NameDesc, 48), (SortOrder::ModifiedNewest, 96)] {
            let expected: Vec<String> = catalog.sorted(sort).iter().map(|&i| api[i].name.clone()).collect();
            c.goto(&format!("{}/ui/orgs/{}/dashboards?sort={}&size={size}", s.base, s.org_id(), sort.as_param())).await?;
            let mut seen: Vec<String> = Vec::new();
            for page in 1.. {
                until("the page", || async { Ok(url(&c).await?.contains(&format!("page={page}")) || page == 1) }).await?;
                wait(&c, &tid("dashboard-row")).await?;
                let names = texts(&c, &tid("dashboard-name")).await?;
                assert!(names.len() <= size);
                seen.extend(names);
                let next = wait(&c, &tid("page-next")).await?;
                if next.attr("disabled").await?.is_some() {
                    break;
                }
                let first = texts(&c, &tid("dashboard-name")).await?[0].clone();
                next.click().await?;
                until("the next page", || async { Ok(texts(&c, &tid("dashboard-name")).await?.first() != Some(&first)) }).await?;
            }
            assert_eq!(seen, expected, "{sort:?}: the UI's pages, one after another, are the API's list in that order");
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn reload_and_back_restore_the_view() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        filter(&c, "cpu").await?;
        select(&c, "sort", "modified-asc").await?;
        select(&c, "page-size", "12").await?;
        wait(&c, &tid("page-2")).await?.click().await?;
        until("page 2", || async { Ok(url(&c).await?.contains("page=2")) }).await?;
        let before_url = url(&c).await?;
        let before = texts(&c, &tid("dashboard-name")).await?;
        assert!(before_url.contains("q=cpu") && before_url.contains("sort=modified-asc") && before_url.contains("size=12"), "{before_url}");

        c.refresh().await?;
        wait(&c, &tid("dashboard-row")).await?;
        assert_eq!(url(&c).await?, before_url);
        until("the same rows after reload", || async { Ok(texts(&c, &tid("dashboard-name")).await? == before) }).await?;
        assert_eq!(wait(&c, &tid("search")).await?.prop("value").await?.as_deref(), Some("cpu"));
        assert_eq!(wait(&c, &tid("sort")).await?.prop("value").await?.as_deref(), Some("modified-asc"));
        assert_eq!(wait(&c, &tid("page-2")).await?.attr("aria-current").await?.as_deref(), Some("page"));

        c.back().await?;
        until("page 1 after Back", || async { Ok(!url(&c).await?.contains("page=2")) }).await?;

        // An address with nonsense in it opens with defaults, not an error page.
        c.goto(&format!("{}/ui/orgs/{}/dashboards?sort=sideways&page=-4&size=7", stack().base, stack().org_id())).await?;
        wait(&c, &tid("dashboard-row")).await?;
        assert_eq!(texts(&c, &tid("dashboard-name")).await?.len(), 24);
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_by_two_labels_all_of_and_any_of() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let api = stack().dashboards();
        let has = |d: &dashboards_core::model::Dashboard, l: &str| d.labels.iter().any(|x| x.name == l);
        let mut names: Vec<String> = api.iter().flat_map(|d| d.labels.iter().map(|l| l.name.clone())).collect();
        names.sort();
        names.dedup();
        // Two labels that some dashboards share and others have alone.
        let count = |a: &str, b: &str| {
            (api.iter().filter(|d| has(d, a) && has(d, b)).count(), api.iter().filter(|d| has(d, a) || has(d, b)).count())
        };
        let (a, b) = names
            .iter()
            .flat_map(|a| names.iter().map(move |b| (a.clone(), b.clone())))
            .find(|(a, b)| {
                a < b && {
                    let (both, either) = count(a, b);
                    both > 0 && either > both
                }
            })
            .expect("the seed has overlapping labels");
        let (both, either) = count(&a, &b);
        select(&c, "page-size", "96").await?;
        for chip in c.find_all(Locator::Css(&tid("label-chip"))).await? {
            let name = chip.text().await?;
            if name == a || name == b {
                chip.click().await?;
            }
        }
        until("both labels in the URL", || async {
            let u = url(&c).await?;
            Ok(u.contains(&format!("label={a}")) && u.contains(&format!("label={b}")))
        })
        .await?;
        until("all-of", || async { Ok(texts(&c, &tid("dashboard-name")).await?.len() == both) }).await?;
        wait(&c, &tid("match-any")).await?.click().await?;
        until("any-of", || async { Ok(texts(&c, &tid("dashboard-name")).await?.len() == either.min(96)) }).await?;
        assert!(url(&c).await?.contains("match=any"));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn create_rename_clone_and_delete() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let name = unique("e2e board");
        wait(&c, &tid("create-open")).await?.click().await?;
        wait(&c, &tid("create-name")).await?.send_keys(&format!("  {name}  ")).await?;
        wait(&c, &tid("create-submit")).await?.click().await?;
        filter(&c, &name).await?;
        until("the new card", || async { Ok(texts(&c, &tid("dashboard-name")).await? == vec![name.clone()]) }).await?;
        let id = s.dashboards().into_iter().find(|d| d.name == name).expect("created, trimmed").id;

        // A cell with a real view, made through the API, so the clone has something to copy.
        let (_, cell) =
            s.call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&json!({"x": 2, "y": 1, "w": 5, "h": 4, "name": "cpu"})));
        let props = influx_devserver::seed::properties("xy", "cpu", "usage_user", "");
        let (st, _) = s.call(
            "PATCH",
            &format!("/api/v2/dashboards/{id}/cells/{}/view", cell["id"].as_str().unwrap()),
            Some(&json!({"name": "cpu", "properties": props})),
        );
        assert_eq!(st, 200);

        // Rename in place.
        let renamed = format!("{name} renamed");
        card(&c, &name).await?.find(Locator::Css(&tid("rename"))).await?.click().await?;
        let input = wait(&c, &tid("name-input")).await?;
        input.clear().await?;
        input.send_keys(&format!("{renamed}\u{E007}")).await?;
        until("the rename to reach the server", || async {
            Ok(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).1["name"] == renamed.as_str())
        })
        .await?;

        // Clone: same cells at the same positions with the same views, same labels.
        filter(&c, &renamed).await?;
        until("the renamed card", || async { Ok(card(&c, &renamed).await.is_ok()) }).await?;
        action(&c, &renamed, "clone").await?;
        let clone_name = format!("{renamed} (clone)");
        until("the clone's card", || async { Ok(texts(&c, &tid("dashboard-name")).await?.contains(&clone_name)) }).await?;
        let clone_id = s.dashboards().into_iter().find(|d| d.name == clone_name).expect("clone in the API").id;
        let (_, src) = s.call("GET", &format!("/api/v2/dashboards/{id}?include=properties"), None);
        let (_, dst) = s.call("GET", &format!("/api/v2/dashboards/{clone_id}?include=properties"), None);
        let strip = |v: &serde_json::Value| {
            v["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| json!([c["x"], c["y"], c["w"], c["h"], c["name"], c["properties"]]))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&dst), strip(&src), "cells and views copied");
        assert_eq!(dst["labels"], src["labels"]);

        // Delete both, each after a confirmation that names it.
        for n in [clone_name.clone(), renamed.clone()] {
            action(&c, &n, "delete").await?;
            let q = wait(&c, &tid("delete-question")).await?.text().await?;
            assert!(q.contains(&n), "{q}");
            wait(&c, &tid("delete-confirm")).await?.click().await?;
            until("the card to go", || async { Ok(!texts(&c, &tid("dashboard-name")).await?.contains(&n)) }).await?;
        }
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).0, 404);
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{clone_id}"), None).0, 404);
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_import_is_refused_and_creates_nothing() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let count = s.dashboards().len();
        wait(&c, &tid("import-open")).await?.click().await?;
        let text = wait(&c, &tid("import-text")).await?;
        text.send_keys("{not json").await?;
        assert!(wait(&c, &tid("import-invalid")).await?.text().await?.contains("not a dashboard export"));
        assert!(wait(&c, &tid("import-submit")).await?.attr("disabled").await?.is_some(), "nothing to send");

        // A well-formed export with a cell wider than the grid.
        let mut doc = serde_json::to_value(seeded_export(1))?;
        doc["cells"][0]["w"] = json!(13);
        text.clear().await?;
        text.send_keys(&doc.to_string()).await?;
        until("the cell error", || async { Ok(wait(&c, &tid("import-invalid")).await?.text().await?.contains("12 columns")) }).await?;
        assert_eq!(s.dashboards().len(), count, "nothing was created");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_that_fails_midway_is_rolled_back() {
    if !stack().faults {
        eprintln!("skipped: fault injection needs the dev server");
        return;
    }
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let count = s.dashboards().len();
        let mut doc = seeded_export(2);
        doc.name = unique("e2e import");
        // The first view PATCH succeeds, the second fails.
        s.inject_fault(json!({"method": "PATCH", "path": "/api/v2/dashboards/", "count": 1, "status": 0}));
        s.inject_fault(json!({"method": "PATCH", "path": "/api/v2/dashboards/", "count": 1, "status": 500, "message": "disk full"}));
        wait(&c, &tid("import-open")).await?.click().await?;
        wait(&c, &tid("import-text")).await?.send_keys(&serde_json::to_string(&doc)?).await?;
        wait(&c, &tid("import-summary")).await?;
        wait(&c, &tid("import-submit")).await?.click().await?;
        let err = wait(&c, &tid("dialog-error")).await?.text().await?;
        assert!(err.contains("disk full") && err.contains("removed"), "{err}");
        assert_eq!(s.dashboards().len(), count, "the partial dashboard is gone");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rename_that_fails_keeps_the_typed_text_and_says_why() {
    if !stack().faults {
        eprintln!("skipped: fault injection needs the dev server");
        return;
    }
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        filter(&c, "Memory 1").await?;
        until("Memory 1", || async { Ok(card(&c, "Memory 1").await.is_ok()) }).await?;
        s.inject_fault(json!({"method": "PATCH", "path": "/api/v2/dashboards/", "count": 1, "status": 500, "message": "disk full"}));
        card(&c, "Memory 1").await?.find(Locator::Css(&tid("rename"))).await?.click().await?;
        let input = wait(&c, &tid("name-input")).await?;
        input.clear().await?;
        input.send_keys("Memory one, typed\u{E007}").await?;
        let err = wait(&c, &tid("card-error")).await?.text().await?;
        assert!(err.contains("disk full"), "{err}");
        assert_eq!(wait(&c, &tid("name-input")).await?.prop("value").await?.as_deref(), Some("Memory one, typed"));
        assert!(s.dashboards().iter().any(|d| d.name == "Memory 1"), "unchanged on the server");
        wait(&c, &tid("name-cancel")).await?.click().await?;
        assert_eq!(card(&c, "Memory 1").await?.find(Locator::Css(&tid("dashboard-name"))).await?.text().await?, "Memory 1", "rolled back");
        Ok(())
    })
    .await
}
