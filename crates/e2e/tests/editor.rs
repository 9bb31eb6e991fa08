//! The view editor, end to end through nginx: every view type's form changes one option and
//! the saved view differs from the one read before in that member only; a JSON syntax error is
//! named, and holds the forms until fixed or discarded; switching xy → single-stat → xy keeps the
//! queries; switching query tabs keeps each script; a failed save keeps the edits; the
//! editor's address survives a reload; a new cell opens in it.

use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};

/// The properties of a seed view of `kind`, reading the test bucket.
fn seed(kind: &str) -> Value {
    seed_view(kind, "## A note")
}

fn view(dashboard: &str, cell: &str) -> Value {
    let (st, v) = stack().call("GET", &format!("/api/v2/dashboards/{dashboard}/cells/{cell}/view"), None);
    assert_eq!(st, 200, "{v}");
    v
}

/// `[data-testid="…"]`, quoted: option ids hold dots.
fn opt(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Opens the editor of `cell` by its address (signed in already).
async fn open_editor(c: &Client, dashboard: &str, cell: &str) -> Result {
    let s = stack();
    c.goto(&format!("{}/ui/orgs/{}/dashboards/{dashboard}/cells/{cell}/edit", s.base, s.org_id())).await?;
    wait(c, &tid("view-editor")).await?;
    Ok(())
}

/// Opens the editor of `cell` from its dashboard (at `query`): the cell's menu, Configure.
async fn configure(c: &Client, dashboard: &str, cell: &str, query: &str) -> Result {
    let s = stack();
    c.goto(&format!("{}/ui/orgs/{}/dashboards/{dashboard}{query}", s.base, s.org_id())).await?;
    wait(c, &format!("[data-cell-id=\"{cell}\"] {}", tid("cell-menu"))).await?.click().await?;
    wait(c, &tid("cell-configure")).await?.click().await?;
    Ok(())
}

/// Signs in, opens the editor of `cell` by its address and its JSON tab: the JSON's textarea.
async fn open_json(c: &Client, dashboard: &str, cell: &str) -> Result<fantoccini::elements::Element> {
    sign_in(c).await?;
    open_editor(c, dashboard, cell).await?;
    wait(c, &tid("tab-json")).await?.click().await?;
    wait(c, &tid("json-input")).await
}

async fn save_and_close(c: &Client) -> Result {
    wait(c, &tid("editor-save")).await?.click().await?;
    until("the editor to close after saving", || async { Ok(c.find(Locator::Css(&tid("view-editor"))).await.is_err()) }).await
}

/// Sets a member at `path` (a.b.c) of `v`.
fn set(v: &mut Value, path: &str, to: Value) {
    let mut at = v;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        at = &mut at[*p];
    }
    at[parts[parts.len() - 1]] = to;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_types_form_changes_one_member_and_keeps_every_other() {
    // (type, the control's test id, the member's path, what is typed).
    let cases: [(&str, &str, &str, &str); 13] = [
        ("xy", "opt-axes.y.label", "axes.y.label", "load"),
        ("line-plus-single-stat", "opt-prefix", "prefix", "≈"),
        ("band", "opt-axes.y.suffix", "axes.y.suffix", " ms"),
        ("single-stat", "opt-suffix", "suffix", " rps"),
        ("gauge", "opt-tickPrefix", "tickPrefix", "~"),
        ("table", "opt-timeFormat", "timeFormat", "HH:mm"),
        ("histogram", "opt-xAxisLabel", "xAxisLabel", "usage"),
        ("heatmap", "opt-yAxisLabel", "yAxisLabel", "value"),
        ("scatter", "opt-xAxisLabel", "xAxisLabel", "time"),
        ("mosaic", "opt-yLabelColumnSeparator", "yLabelColumnSeparator", "/"),
        ("markdown", "note-editor-text", "note", " and more"),
        ("check", "opt-checkID", "checkID", "0000000000000002"),
        ("geo", "opt-mapStyle", "mapStyle", "dark"),
    ];
    let cells: Vec<(&str, Value)> = cases.iter().map(|(k, ..)| (*k, seed(k))).collect();
    let (id, ids, _cleanup) = dashboard_with_cells("e2e editor forms", &cells);
    with_browser(move |c| async move {
        sign_in(&c).await?;
        for ((kind, testid, path, typed), cell) in cases.iter().zip(&ids) {
            let before = view(&id, cell);
            open_editor(&c, &id, cell).await?;
            wait(&c, &tid("tab-options")).await?.click().await?;
            let input = wait(&c, &opt(testid)).await.map_err(|e| format!("{kind}: no {testid}: {e}"))?;
            let old = input.prop("value").await?.unwrap_or_default();
            if kind == &"line-plus-single-stat" {
                let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join("editor-options.png"), c.screenshot().await?)?;
            }
            if kind == &"markdown" {
                input.send_keys(typed).await?;
            } else {
                input.clear().await?;
                input.send_keys(typed).await?;
            }
            save_and_close(&c).await.map_err(|e| format!("{kind}: {e}"))?;
            let after = view(&id, cell);
            let mut expected = before["properties"].clone();
            let value = if kind == &"markdown" { format!("{old}{typed}") } else { typed.to_string() };
            set(&mut expected, path, json!(value));
            assert_eq!(after["properties"], expected, "{kind}: only {path} changed");
            assert_eq!(after["name"], before["name"], "{kind}: the name stays");
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_syntax_error_is_named_and_nothing_is_saved() {
    let (id, ids, _cleanup) = dashboard_with_cells("e2e editor json", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        let before = view(&id, &ids[0]);
        let area = open_json(&c, &id, &ids[0]).await?;
        let text = area.prop("value").await?.unwrap_or_default();
        let parsed: Value = serde_json::from_str(&text)?;
        assert_eq!(parsed, before["properties"], "the JSON tab shows what the server stores");
        // A missing comma at the end of line 2.
        set_text(&c, &area, "{\n  \"type\": \"xy\"\n  \"shape\": \"chronograf-v2\"\n}").await?;
        let error = wait(&c, &tid("json-error")).await?.text().await?;
        assert!(error.contains("Line 3"), "the error is where the comma is missing: {error}");
        wait(&c, &tid("editor-save")).await?.click().await?;
        let refusal = wait(&c, &tid("editor-error")).await?.text().await?;
        assert!(refusal.contains("not valid"), "{refusal}");
        assert_eq!(view(&id, &ids[0]), before, "nothing was sent");
        // A known member with the wrong type is named by its path.
        c.execute("const a = arguments[0]; const p = JSON.parse(arguments[1]); p.axes.y.bounds = [1, 2]; a.value = JSON.stringify(p, null, 2); a.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&area)?, json!(text)]).await?;
        let error = wait(&c, &tid("json-error")).await?.text().await?;
        assert!(error.contains("axes.y.bounds"), "{error}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_xy_to_single_stat_and_back_keeps_the_queries_and_the_graph() {
    let (id, ids, _cleanup) = dashboard_with_cells("e2e editor switch", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        let before = view(&id, &ids[0]);
        sign_in(&c).await?;
        open_editor(&c, &id, &ids[0]).await?;
        select(&c, "editor-type", "single-stat").await?;
        wait(&c, &tid("tab-options")).await?.click().await?;
        wait(&c, &tid("opt-suffix")).await?;
        select(&c, "editor-type", "xy").await?;
        save_and_close(&c).await?;
        let after = view(&id, &ids[0]);
        assert_eq!(after["properties"]["queries"], before["properties"]["queries"]);
        assert_eq!(after["properties"], before["properties"], "nothing of the graph was lost on the way");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_save_keeps_every_edit_and_a_retry_saves_them() {
    if !needs_faults() {
        return;
    }
    let (id, ids, _cleanup) = dashboard_with_cells("e2e editor failure", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        let s = stack();
        sign_in(&c).await?;
        open_editor(&c, &id, &ids[0]).await?;
        let name = wait(&c, &tid("editor-name")).await?;
        name.clear().await?;
        name.send_keys("renamed in the editor").await?;
        wait(&c, &tid("tab-options")).await?.click().await?;
        let label = wait(&c, &opt("opt-axes.y.label")).await?;
        label.clear().await?;
        label.send_keys("percent").await?;
        s.inject_fault(json!({"method": "PATCH", "path": format!("/api/v2/dashboards/{id}/cells/{}/view", ids[0]), "count": 1,
            "status": 500, "message": "disk full"}));
        wait(&c, &tid("editor-save")).await?.click().await?;
        let error = wait(&c, &tid("editor-error")).await?.text().await?;
        assert!(error.contains("disk full"), "{error}");
        assert_eq!(wait(&c, &tid("editor-name")).await?.prop("value").await?.as_deref(), Some("renamed in the editor"));
        assert_eq!(wait(&c, &opt("opt-axes.y.label")).await?.prop("value").await?.as_deref(), Some("percent"));
        save_and_close(&c).await?;
        let after = view(&id, &ids[0]);
        assert_eq!(after["name"], "renamed in the editor");
        assert_eq!(after["properties"]["axes"]["y"]["label"], "percent");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_editor_opens_from_the_menu_survives_a_reload_and_runs_the_preview_on_ctrl_enter() {
    let (id, ids, _cleanup) = dashboard_with_cells("e2e editor open", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        sign_in(&c).await?;
        let s = stack();
        configure(&c, &id, &ids[0], "?range=1h").await?;
        let at = c.current_url().await?;
        wait(&c, &tid("view-editor")).await.map_err(|e| format!("Configure opens the editor (at {at}): {e}"))?;
        let url = c.current_url().await?;
        assert!(url.path().ends_with(&format!("/cells/{}/edit", ids[0])), "{url}");
        c.refresh().await?;
        wait(&c, &tid("view-editor")).await.map_err(|e| format!("the editor after a reload: {e}"))?;
        wait(&c, &format!("{} [data-testid=chart]", tid("editor-preview"))).await.map_err(|e| format!("the preview's chart: {e}"))?;
        let highlighted = wait(&c, &tid("flux-highlight")).await?.html(true).await?;
        assert!(highlighted.contains("fx-pipe"), "the script is highlighted: {highlighted}");
        // A query that fails: its error names the line, marked in the script.
        let area = wait(&c, &tid("flux-input")).await?;
        area.clear().await?;
        area.send_keys("from(bucket: \"nowhere\")\n  |> range(start: -1h)\n  |> nosuch()").await?;
        // The dev server counts requests; influxd does not.
        if s.faults {
            s.reset_requests();
        }
        area.send_keys(&format!("{}{}", '\u{E009}', '\u{E007}')).await?; // Ctrl+Enter
        wait(&c, &format!("{} {}", tid("editor-preview"), tid("cell-error"))).await?;
        if s.faults {
            assert!(s.requests().get("POST /api/v2/query").copied().unwrap_or(0) >= 1, "Ctrl+Enter ran the query");
        }
        let pointed = wait(&c, &tid("flux-error-line")).await?.text().await?;
        assert!(pointed.contains("line 3"), "the error's line is named: {pointed}");
        wait(&c, ".flux-layer mark.fx-error-line").await?;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(if s.faults { "editor-devserver.png" } else { "editor-influxd.png" }), c.screenshot().await?)?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_query_tabs_keeps_each_script_and_what_was_typed_in_it() {
    // Choosing a tab copied the shown script over the chosen one.
    let mut props = seed("xy");
    let first = props["queries"][0]["text"].as_str().unwrap_or_default().to_owned();
    let mut second = props["queries"][0].clone();
    second["text"] = json!(format!("{first}\n  |> limit(n: 2)"));
    second["name"] = json!("limited");
    props["queries"].as_array_mut().expect("queries").push(second);
    let (id, ids, _cleanup) = dashboard_with_cells("e2e query tabs", &[("cpu", props)]);
    with_browser(move |c| async move {
        let before = view(&id, &ids[0]);
        sign_in(&c).await?;
        open_editor(&c, &id, &ids[0]).await?;
        assert_eq!(script(&c).await?, first);
        let tabs = c.find_all(Locator::Css(&format!("{} .query-tab-name", tid("query-tab")))).await?;
        assert_eq!(tabs.len(), 2);
        tabs[1].click().await?;
        until("the second script", || async { Ok(script(&c).await?.ends_with("limit(n: 2)")) }).await?;
        // Typed into the second at its end, then straight to the first tab (no pause).
        c.execute(
            "const a = document.querySelector('[data-testid=flux-input]'); a.focus(); a.setSelectionRange(a.value.length, a.value.length)",
            vec![],
        )
        .await?;
        wait(&c, &tid("flux-input")).await?.send_keys(" // mine").await?;
        c.find_all(Locator::Css(&format!("{} .query-tab-name", tid("query-tab")))).await?[0].click().await?;
        until("the first script", || async { Ok(script(&c).await?.as_str() == first) }).await?;
        // The JSON tab shows both, as they are now.
        wait(&c, &tid("tab-json")).await?.click().await?;
        let text = wait(&c, &tid("json-input")).await?.prop("value").await?.unwrap_or_default();
        let shown: Value = serde_json::from_str(&text)?;
        assert_eq!(shown["queries"][0]["text"], json!(first), "the first script is untouched");
        assert_eq!(shown["queries"][1]["text"], json!(format!("{first}\n  |> limit(n: 2) // mine")), "the second has what was typed");
        save_and_close(&c).await?;
        let after = view(&id, &ids[0]);
        assert_eq!(after["properties"]["queries"][0], before["properties"]["queries"][0]);
        assert_eq!(after["properties"]["queries"][1]["text"], json!(format!("{first}\n  |> limit(n: 2) // mine")));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_edit_that_does_not_parse_holds_the_forms_and_closing_asks() {
    let (id, ids, _cleanup) = dashboard_with_cells("e2e json pending", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        let before = view(&id, &ids[0]);
        let area = open_json(&c, &id, &ids[0]).await?;
        set_text(&c, &area, "{\"type\": \"xy\",").await?;
        wait(&c, &tid("json-error")).await?;
        // The forms and the type picker wait for it.
        wait(&c, &tid("tab-options")).await?.click().await?;
        wait(&c, &tid("editor-json-pending")).await?;
        assert_eq!(wait(&c, &tid("editor-type")).await?.prop("disabled").await?.as_deref(), Some("true"));
        // Closing asks first: dismissed, the editor stays.
        c.execute("window.confirm = () => false", vec![]).await?;
        wait(&c, &tid("editor-cancel")).await?.click().await?;
        wait(&c, &tid("view-editor")).await?;
        // Discarded: the forms are back, on the view as it was.
        wait(&c, &tid("editor-discard-json")).await?.click().await?;
        wait(&c, &opt("opt-axes.y.label")).await?;
        wait(&c, &tid("tab-json")).await?.click().await?;
        let text = wait(&c, &tid("json-input")).await?.prop("value").await?.unwrap_or_default();
        assert_eq!(serde_json::from_str::<Value>(&text)?, before["properties"]);
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn back_with_unsaved_edits_asks_and_a_no_keeps_the_editor() {
    // Back left the editor and dropped its edits without a word.
    let (id, ids, _cleanup) = dashboard_with_cells("e2e editor back", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        sign_in(&c).await?;
        configure(&c, &id, &ids[0], "").await?;
        let name = wait(&c, &tid("editor-name")).await?;
        name.send_keys(" (edited)").await?;
        c.execute("window.confirm = () => false", vec![]).await?;
        c.back().await?;
        // The answer was no: the editor, its edit and its address stay.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(url(&c).await?.ends_with("/edit"), "{}", url(&c).await?);
        let kept = wait(&c, &tid("editor-name")).await?.prop("value").await?.unwrap_or_default();
        assert!(kept.ends_with(" (edited)"), "{kept}");
        // Yes: Back goes to the dashboard.
        c.execute("window.confirm = () => true", vec![]).await?;
        c.back().await?;
        until("the editor to close", || async { Ok(c.find(Locator::Css(&tid("view-editor"))).await.is_err()) }).await?;
        let at = url(&c).await?;
        assert!(at.ends_with(&format!("/dashboards/{id}")), "Back went to the dashboard: {at}");
        Ok(())
    })
    .await
}

/// The Flux script's value, as the textarea holds it.
async fn script(c: &Client) -> Result<String> {
    let v = c.execute("return document.querySelector('[data-testid=flux-input]').value", vec![]).await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn tab_indents_ctrl_z_takes_it_back_and_v_dot_offers_the_variables() {
    const TAB: &str = "\u{E004}";
    const SHIFT: &str = "\u{E008}";
    const CTRL: &str = "\u{E009}";
    const ENTER: &str = "\u{E007}";
    let (id, ids, _cleanup) = dashboard_with_cells("e2e flux keys", &[("cpu", seed("xy"))]);
    with_browser(move |c| async move {
        sign_in(&c).await?;
        open_editor(&c, &id, &ids[0]).await?;
        let area = wait(&c, &tid("flux-input")).await?;
        area.clear().await?;
        area.send_keys("a\nb").await?;
        // Both lines selected: Tab indents them, Shift+Tab takes the indent away.
        c.execute("document.querySelector('[data-testid=flux-input]').setSelectionRange(0, 3)", vec![]).await?;
        area.send_keys(TAB).await?;
        assert_eq!(script(&c).await?, "  a\n  b");
        area.send_keys(&format!("{SHIFT}{TAB}")).await?;
        assert_eq!(script(&c).await?, "a\nb");
        area.send_keys(TAB).await?;
        assert_eq!(script(&c).await?, "  a\n  b", "the lines stay selected after Shift+Tab");
        // The indent was an edit as typing makes one: the browser's undo takes it back.
        area.send_keys(&format!("{CTRL}z")).await?;
        assert_eq!(script(&c).await?, "a\nb", "Ctrl+Z undoes the last Tab");
        // `v.` offers the dashboard's variables; a letter narrows them; Enter takes the first.
        c.execute(
            "const a = document.querySelector('[data-testid=flux-input]'); a.setSelectionRange(a.value.length, a.value.length)",
            vec![],
        )
        .await?;
        area.send_keys("\n  |> range(start: v.").await?;
        wait(&c, &tid("flux-completion")).await?;
        let offered = texts(&c, &format!("{} li", tid("flux-completion"))).await?;
        assert_eq!(offered, ["v.timeRangeStart", "v.timeRangeStop", "v.windowPeriod"]);
        area.send_keys("t").await?;
        let offered = texts(&c, &format!("{} li", tid("flux-completion"))).await?;
        assert_eq!(offered, ["v.timeRangeStart", "v.timeRangeStop"]);
        area.send_keys(ENTER).await?;
        assert_eq!(script(&c).await?, "a\nb\n  |> range(start: v.timeRangeStart");
        until("the list to close", || async { Ok(c.find_all(Locator::Css(&tid("flux-completion"))).await?.is_empty()) }).await?;
        area.send_keys(&format!("{CTRL}z")).await?;
        let undone = script(&c).await?;
        assert!(!undone.contains("timeRangeStart") && undone.starts_with("a\nb"), "Ctrl+Z undoes the completion: {undone:?}");
        Ok(())
    })
    .await
}
