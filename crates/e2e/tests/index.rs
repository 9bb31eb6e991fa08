//! The dashboard index, end to end: nginx serving the release UI at /ui/, /api/ proxied to
//! the seeded dev server, headless Chromium over WebDriver. Run one at a time: scenarios
//! change the dashboards they look at.

use e2e::fantoccini::Locator;
use e2e::*;
use serde_json::json;

/// Makes dashboards through the API, in this order; deleted by `remove`.
fn make_dashboards(names: &[String]) -> Vec<String> {
    let s = stack();
    let org = s.org_id();
    names
        .iter()
        .map(|n| {
            let (st, v) = s.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": org, "name": n})));
            assert_eq!(st, 201, "{v}");
            v["id"].as_str().expect("id").to_owned()
        })
        .collect()
}

fn remove(ids: &[String]) {
    for id in ids {
        stack().call("DELETE", &format!("/api/v2/dashboards/{id}"), None);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sorts_names_naturally_and_case_blind() {
    // The oracle is this hand-written order, not the Catalog the page sorts with.
    let tag = unique("sortcheck").replace(' ', "-");
    let made: Vec<String> = ["CPU 10", "cpu 2", "Disk 1", "CPU 1", "cpu 20", "CPU 3"].iter().map(|n| format!("{tag} {n}")).collect();
    let ids = make_dashboards(&made);
    let expected: Vec<String> = ["CPU 1", "cpu 2", "CPU 3", "CPU 10", "cpu 20", "Disk 1"].iter().map(|n| format!("{tag} {n}")).collect();
    with_browser(move |c| async move {
        sign_in(&c).await?;
        let s = stack();
        for (sort, want) in [("name-asc", expected.clone()), ("name-desc", expected.iter().rev().cloned().collect())] {
            c.goto(&format!("{}/ui/orgs/{}/dashboards?q={tag}&sort={sort}", s.base, s.org_id())).await?;
            until(sort, || async { Ok(texts(&c, &tid("dashboard-name")).await? == want) })
                .await
                .map_err(|e| format!("{e}: {sort} should be {want:?}"))?;
        }
        Ok(())
    })
    .await;
    remove(&ids);
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_through_every_dashboard_once_newest_first() {
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let api = s.dashboards();
        assert!(api.len() > 100, "the seed needs more than one server page");
        let size = 48;
        c.goto(&format!("{}/ui/orgs/{}/dashboards?sort=modified-desc&size={size}", s.base, s.org_id())).await?;
        let mut seen: Vec<(String, i128)> = Vec::new();
        for page in 1.. {
            wait(&c, &tid("dashboard-row")).await?;
            let names = texts(&c, &tid("dashboard-name")).await?;
            assert!(names.len() <= size, "page {page} has {} rows", names.len());
            let mut times = Vec::new();
            for t in c.find_all(Locator::Css(&format!("{} time", tid("dashboard-row")))).await? {
                let at = t.attr("datetime").await?.unwrap_or_default();
                times.push(dashboards_core::time::parse_rfc3339(&at).ok_or(format!("a card's time {at:?}"))?);
            }
            seen.extend(names.into_iter().zip(times));
            let next = wait(&c, &tid("page-next")).await?;
            if next.attr("disabled").await?.is_some() {
                break;
            }
            let first = texts(&c, &tid("dashboard-name")).await?[0].clone();
            next.click().await?;
            until("the next page", || async { Ok(texts(&c, &tid("dashboard-name")).await?.first() != Some(&first)) }).await?;
        }
        // Every dashboard once: the same names as the API, counted with repeats.
        let mut got: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
        let mut want: Vec<&str> = api.iter().map(|d| if d.name.trim().is_empty() { "(unnamed)" } else { d.name.as_str() }).collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "the pages, one after another, hold every dashboard once");
        // Newest first across the page boundaries.
        for w in seen.windows(2) {
            assert!(w[0].1 >= w[1].1, "{:?} is shown before the newer {:?}", w[0], w[1]);
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
        // The new dashboard opens; "All dashboards" leads back.
        until("the new dashboard open", || async { Ok(wait(&c, &tid("dashboard-title")).await?.text().await? == name) }).await?;
        wait(&c, &tid("back-to-list")).await?.click().await?;
        filter(&c, &name).await?;
        until("the new card", || async { Ok(texts(&c, &tid("dashboard-name")).await? == vec![name.clone()]) }).await?;
        let id = s.dashboards().into_iter().find(|d| d.name == name).expect("created, trimmed").id;

        // Two cells with real views and two labels, made through the API, so the clone has
        // something to copy.
        for (x, y, w, h, kind, cell_name) in [(2, 1, 5, 4, "xy", "cpu"), (7, 0, 5, 3, "markdown", "notes")] {
            let (_, cell) = s.call(
                "POST",
                &format!("/api/v2/dashboards/{id}/cells"),
                Some(&json!({"x": x, "y": y, "w": w, "h": h, "name": cell_name})),
            );
            let props = influx_devserver::seed::properties(kind, "cpu", "usage_user", "## Runbook\n\nCheck **cpu** first.");
            let (st, _) = s.call(
                "PATCH",
                &format!("/api/v2/dashboards/{id}/cells/{}/view", cell["id"].as_str().unwrap()),
                Some(&json!({"name": cell_name, "properties": props})),
            );
            assert_eq!(st, 200);
        }
        let (_, labels) = s.call("GET", &format!("/api/v2/labels?orgID={}", s.org_id()), None);
        for l in labels["labels"].as_array().expect("labels").iter().take(2) {
            let (st, v) = s.call("POST", &format!("/api/v2/dashboards/{id}/labels"), Some(&json!({"labelID": l["id"]})));
            assert_eq!(st, 201, "{v}");
        }

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
        // The copy opens; "All dashboards" returns to the index as it was.
        until("the copy open", || async { Ok(wait(&c, &tid("dashboard-title")).await?.text().await? == clone_name) }).await?;
        wait(&c, &tid("back-to-list")).await?.click().await?;
        until("the clone's card", || async { Ok(texts(&c, &tid("dashboard-name")).await?.contains(&clone_name)) }).await?;
        let clone_id = s.dashboards().into_iter().find(|d| d.name == clone_name).expect("clone in the API").id;
        let (_, src) = s.call("GET", &format!("/api/v2/dashboards/{id}?include=properties"), None);
        let (_, dst) = s.call("GET", &format!("/api/v2/dashboards/{clone_id}?include=properties"), None);
        let strip = |v: &serde_json::Value| {
            let mut cells: Vec<_> = v["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| json!([c["x"], c["y"], c["w"], c["h"], c["name"], c["properties"]]))
                .collect();
            cells.sort_by_key(|c| c.to_string());
            cells
        };
        let label_ids = |v: &serde_json::Value| {
            let mut ids: Vec<String> = v["labels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect();
            ids.sort();
            ids
        };
        assert_eq!(strip(&src).len(), 2);
        assert_eq!(strip(&dst), strip(&src), "positions, names and view properties copied");
        assert_eq!(strip(&dst)[1][5]["type"], "markdown", "the note's view is a note");
        assert_eq!(label_ids(&src).len(), 2);
        assert_eq!(label_ids(&dst), label_ids(&src), "the same labels");

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
        // Said in words with its place, never the parser's message.
        let said = wait(&c, &tid("import-invalid")).await?.text().await?;
        assert!(said.contains("Line 1") && said.contains("JSON"), "{said}");
        let submit = wait(&c, &tid("import-submit")).await?;
        assert!(submit.attr("disabled").await?.is_some(), "nothing to send");
        if s.faults {
            s.reset_requests();
        }
        // Pressed all the same, enabled by a script: the submit handler must refuse on its own.
        let press = "arguments[0].disabled = false; arguments[0].click()";
        c.execute(press, vec![serde_json::to_value(&submit)?]).await?;
        let refused = wait(&c, &tid("dialog-error")).await?.text().await?;
        assert!(refused.contains("Line 1") && refused.contains("JSON"), "{refused}");

        // A well-formed export with a cell wider than the grid.
        let mut doc = serde_json::to_value(seeded_export(1))?;
        doc["cells"][0]["w"] = json!(13);
        text.clear().await?;
        text.send_keys(&doc.to_string()).await?;
        until("the cell error", || async { Ok(wait(&c, &tid("import-invalid")).await?.text().await?.contains("12 columns")) }).await?;
        c.execute(press, vec![serde_json::to_value(&submit)?]).await?;
        until("the refusal", || async { Ok(wait(&c, &tid("dialog-error")).await?.text().await?.contains("12 columns")) }).await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(s.dashboards().len(), count, "nothing was created");
        assert!(wait(&c, &tid("import-dialog")).await.is_ok(), "the dialog stays open with the document");
        if s.faults {
            let writes: Vec<String> = s.requests().into_keys().filter(|k| !k.starts_with("GET ")).collect();
            assert!(writes.is_empty(), "no write was sent: {writes:?}");
        }
        Ok(())
    })
    .await
}
