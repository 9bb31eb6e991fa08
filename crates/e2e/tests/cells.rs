//! Cells show their data, end to end: the time range in the URL re-runs the queries (a custom
//! range opens on the range shown and is edited again), a failing
//! query shows its error in its own cell only, every view type shows something truthful (a
//! screenshot of that dashboard is saved in target/screenshots/), and a hidden tab does not
//! refresh until it is shown again.

use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};
use std::time::Duration;

fn xy(query: &str) -> Value {
    let mut p = influx_devserver::seed::properties("xy", "cpu", "usage_user", "");
    p["queries"][0]["text"] = json!(query);
    p
}

/// A query with data on both servers (`./x test` writes cpu points to the real one).
fn good() -> String {
    format!(
        "from(bucket: \"{}\")\n  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"usage_user\")\n  |> aggregateWindow(every: v.windowPeriod, fn: mean)",
        stack().bucket
    )
}

async fn open(c: &Client, id: &str, query: &str) -> Result {
    sign_in(c).await?;
    let s = stack();
    c.goto(&format!("{}/ui/orgs/{}/dashboards/{id}{query}", s.base, s.org_id())).await?;
    wait(c, &tid("cell")).await?;
    Ok(())
}

fn queries() -> u64 {
    stack().requests().get("POST /api/v2/query").copied().unwrap_or(0)
}

async fn body_of(c: &Client, cell: &str) -> Result<fantoccini::elements::Element> {
    Ok(c.find(Locator::Css(&format!("[data-cell-id=\"{cell}\"] {}", tid("cell-body")))).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_time_range_lands_in_the_url_and_runs_the_queries_again() {
    let (id, cells, _cleanup) = dashboard_with_cells("e2e range", &[("cpu", xy(&good()))]);
    with_browser(move |c| async move {
        open(&c, &id, "").await?;
        let s = stack();
        until("the first answer", || async {
            Ok(body_of(&c, &cells[0]).await?.find(Locator::Css("canvas, [data-testid=no-results]")).await.is_ok())
        })
        .await?;
        if s.faults {
            s.reset_requests();
        }
        select(&c, "time-range", "6h").await?;
        until("the range in the URL", || async { Ok(url(&c).await?.contains("range=6h")) }).await?;
        if s.faults {
            until("the query again", || async { Ok(queries() >= 1) }).await?;
        }
        // The address alone reproduces the view.
        c.refresh().await?;
        wait(&c, &tid("time-range")).await?;
        assert_eq!(wait(&c, &tid("time-range")).await?.prop("value").await?.as_deref(), Some("6h"));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_custom_range_opens_on_the_range_shown_and_can_be_edited_again() {
    let (id, _cells, _cleanup) = dashboard_with_cells("e2e custom range", &[("cpu", xy(&good()))]);
    with_browser(move |c| async move {
        open(&c, &id, "?range=6h").await?;
        // Custom, then Cancel: the picker shows the range still in use.
        select(&c, "time-range", "custom").await?;
        let start = wait(&c, &tid("range-start")).await?.prop("value").await?.unwrap_or_default();
        let stop = wait(&c, &tid("range-stop")).await?.prop("value").await?.unwrap_or_default();
        let (a, b) = (parse(&start)?, parse(&stop)?);
        let six_hours = 6 * 3600 * 1_000_000_000i128;
        assert!((b - a - six_hours).abs() < 60 * 1_000_000_000, "the form opens on the past 6 hours: {start} .. {stop}");
        wait(&c, &tid("range-cancel")).await?.click().await?;
        assert_eq!(wait(&c, &tid("time-range")).await?.prop("value").await?.as_deref(), Some("6h"));
        assert!(c.find(Locator::Css(&tid("range-edit"))).await.is_err(), "no Edit for a past range");
        // A custom range lands in the URL; Edit opens the form on it again.
        select(&c, "time-range", "custom").await?;
        set_text(&c, &wait(&c, &tid("range-start")).await?, "2024-01-02T03:00:00Z").await?;
        set_text(&c, &wait(&c, &tid("range-stop")).await?, "2024-01-02T05:00:00+01:00").await?;
        wait(&c, &tid("range-apply")).await?.click().await?;
        until("the range in the URL", || async { Ok(url(&c).await?.contains("start=2024-01-02T03")) }).await?;
        wait(&c, &tid("range-edit")).await?.click().await?;
        assert_eq!(wait(&c, &tid("range-start")).await?.prop("value").await?.as_deref(), Some("2024-01-02T03:00:00Z"));
        assert_eq!(wait(&c, &tid("range-stop")).await?.prop("value").await?.as_deref(), Some("2024-01-02T04:00:00Z"));
        Ok(())
    })
    .await
}

fn parse(t: &str) -> Result<i128> {
    dashboards_core::time::parse_rfc3339(t).ok_or_else(|| format!("not a time: {t:?}").into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_query_shows_its_error_in_its_cell_only() {
    let first = format!("from(bucket: \"{}\")", stack().bucket);
    let bad = format!("{first}\n  |> range(start: v.timeRangeStart)\n  |> frobnicate()");
    let (id, cells, _cleanup) = dashboard_with_cells("e2e bad query", &[("good", xy(&good())), ("bad", xy(&bad))]);
    with_browser(move |c| async move {
        open(&c, &id, "").await?;
        let err = until("the error in the bad cell", || async {
            Ok(body_of(&c, &cells[1]).await?.find(Locator::Css(&tid("cell-error"))).await.is_ok())
        })
        .await;
        err?;
        let text = body_of(&c, &cells[1]).await?.text().await?;
        assert!(text.contains("frobnicate") || text.contains("undefined"), "InfluxDB's message: {text}");
        assert!(text.contains(&first), "the query's first line: {text}");
        let good = body_of(&c, &cells[0]).await?;
        assert!(good.find(Locator::Css(&tid("cell-error"))).await.is_err(), "the other cell is not touched");
        until("the good cell drawn", || async {
            Ok(body_of(&c, &cells[0]).await?.find(Locator::Css("canvas, [data-testid=no-results]")).await.is_ok())
        })
        .await
    })
    .await
}

/// What a cell of `kind` must show: the chart it draws (with marks on it), or its own element.
fn shown_as(kind: &str) -> String {
    match kind {
        "xy" | "line-plus-single-stat" => "[data-testid=chart][data-kind=xy]".into(),
        "band" | "histogram" | "heatmap" | "scatter" | "mosaic" => format!("[data-testid=chart][data-kind={kind}]"),
        "single-stat" => tid("single-stat"),
        "gauge" => "canvas".into(),
        "table" => tid("result-table"),
        "markdown" => tid("note"),
        // InfluxDB stores a log viewer without queries.
        "log-viewer" => tid("no-queries"),
        // Stored but not drawn: a truthful table, with a note saying so.
        _ => tid("shown-as-table"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_view_type_shows_something_truthful() {
    let kinds: Vec<&str> = dashboards_core::model::stored_view_types().collect();
    let cells: Vec<(&str, Value)> =
        kinds.iter().map(|k| (*k, seed_view(k, "## Note\n\nA **note** with a [link](https://www.influxdata.com)."))).collect();
    let (id, ids, _cleanup) = dashboard_with_cells("e2e every type", &cells);
    with_browser(move |c| async move {
        c.set_window_size(1400, 2400).await?;
        open(&c, &id, "").await?;
        for (kind, cell) in kinds.iter().zip(&ids) {
            let want = shown_as(kind);
            let ready = until(&format!("the {kind} cell to show {want}"), || async {
                let b = body_of(&c, cell).await?;
                if let Ok(e) = b.find(Locator::Css(tid("cell-error").as_str())).await {
                    return Err(format!("{kind}: {}", e.text().await?).into());
                }
                let Ok(e) = b.find(Locator::Css(&want)).await else { return Ok(false) };
                // A chart must have drawn something, not just its frame.
                Ok(match e.attr("data-marks").await? {
                    Some(m) => m.parse::<usize>().unwrap_or(0) > 0,
                    None => true,
                })
            })
            .await;
            ready.map_err(|e| format!("{kind}: {e}"))?;
        }
        let cell_of = |k: &str| ids[kinds.iter().position(|x| *x == k).unwrap()].clone();
        let link = body_of(&c, &cell_of("markdown")).await?.find(Locator::Css("a")).await?;
        assert_eq!(link.attr("href").await?.as_deref(), Some("https://www.influxdata.com"));
        // The band found its upper and lower results: drawn as a band, not plain lines.
        assert!(body_of(&c, &cell_of("band")).await?.find(Locator::Css(&tid("band-unmatched"))).await.is_err());
        // Hovering a histogram names the bin under the pointer.
        let plot = body_of(&c, &cell_of("histogram")).await?.find(Locator::Css(".chart-plot")).await?;
        hover(&c, plot).await?;
        let tip = until("the histogram's tooltip", || async {
            Ok(body_of(&c, &cell_of("histogram")).await?.find(Locator::Css(&tid("chart-tooltip"))).await.is_ok())
        })
        .await;
        tip?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(if stack().faults { "cells-devserver.png" } else { "cells-influxd.png" }), c.screenshot().await?)?;
        Ok(())
    })
    .await
}

/// Moves the mouse to the middle of `element`.
async fn hover(c: &Client, element: fantoccini::elements::Element) -> Result {
    use e2e::fantoccini::actions::{Actions, InputSource, MouseActions, PointerAction};
    let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement { element, duration: None, x: 0.0, y: 0.0 });
    c.perform_actions(Actions::from(mouse)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hidden_tab_does_not_refresh_and_catches_up_when_shown() {
    if !needs_faults() {
        return; // the count of queries is read at the dev server
    }
    let (id, _cells, _cleanup) = dashboard_with_cells("e2e hidden", &[("cpu", xy(&good()))]);
    with_browser(move |c| async move {
        open(&c, &id, "?refresh=5s").await?;
        let s = stack();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        c.execute("Object.defineProperty(document, 'hidden', {value: true, configurable: true})", vec![]).await?;
        s.reset_requests();
        tokio::time::sleep(Duration::from_millis(6500)).await;
        assert_eq!(queries(), 0, "no refresh while hidden");
        c.execute("Object.defineProperty(document, 'hidden', {value: false, configurable: true}); document.dispatchEvent(new Event('visibilitychange'))", vec![]).await?;
        until("the refresh it missed", || async { Ok(queries() >= 1) }).await
    })
    .await
}
