//! The label manager and dashboard membership, end to end through nginx: a label made here with
//! a color is attached from the index, renamed here (the index follows), refused when its name
//! is taken, deleted (gone from the card); a user added as member, found after a reload,
//! promoted, removed, a re-add not sent; the second user sees the refusals explained.

use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};
use std::time::Duration;

fn labels_url() -> String {
    let s = stack();
    format!("{}/ui/orgs/{}/labels", s.base, s.org_id())
}

fn label_named(name: &str) -> Option<Value> {
    let s = stack();
    let (st, v) = s.call("GET", &format!("/api/v2/labels?orgID={}", s.org_id()), None);
    assert_eq!(st, 200, "{v}");
    v["labels"].as_array().into_iter().flatten().find(|l| l["name"] == name).cloned()
}

async fn row_of(c: &Client, id: &str) -> Result<fantoccini::elements::Element> {
    wait(c, &format!("[data-label-id=\"{id}\"]")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_label_made_here_is_attached_renamed_refused_when_taken_and_deleted() {
    let s = stack();
    let name = unique("e2e label");
    let (st, d) = s.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": s.org_id(), "name": unique("e2e labelled")})));
    assert_eq!(st, 201, "{d}");
    let dashboard = d["id"].as_str().unwrap().to_owned();
    let dashboard_name = d["name"].as_str().unwrap().to_owned();
    let _cleanup = DeleteOnDrop(dashboard.clone());
    with_browser(move |c| async move {
        sign_in(&c).await?;
        c.goto(&labels_url()).await?;
        wait(&c, &tid("label-new")).await?.click().await?;
        wait(&c, &tid("label-name")).await?.send_keys(&name).await?;
        wait(&c, &tid("label-description")).await?.send_keys("made by the e2e suite").await?;
        let hex = wait(&c, &tid("label-color")).await?;
        hex.clear().await?;
        hex.send_keys("#BF3D5E").await?;
        wait(&c, &tid("label-save")).await?.click().await?;
        until("the label on the server", || async { Ok(label_named(&name).is_some()) }).await?;
        let label = label_named(&name).unwrap();
        let id = label["id"].as_str().unwrap().to_owned();
        assert_eq!(label["properties"]["color"], "#BF3D5E");
        assert_eq!(label["properties"]["description"], "made by the e2e suite");
        row_of(&c, &id).await?;

        // Attached from the index.
        c.goto(&format!("{}/ui/orgs/{}/dashboards?q={}", stack().base, stack().org_id(), dashboard_name.replace(' ', "+"))).await?;
        wait(&c, &tid("label-add")).await?.click().await?;
        let option = until_found(&c, &tid("label-option"), &name).await?;
        option.click().await?;
        until("attached", || async { Ok(texts(&c, &format!("{} {}", tid("dashboard-row"), tid("label-pill"))).await?.contains(&name)) })
            .await?;
        let style = wait(&c, &format!("{} {}", tid("dashboard-row"), tid("label-pill"))).await?.attr("style").await?.unwrap_or_default();
        assert!(style.to_lowercase().contains("#bf3d5e"), "the pill is in the label's color: {style}");

        // Renamed here; the index follows.
        c.goto(&labels_url()).await?;
        assert!(row_of(&c, &id).await?.text().await?.contains("on 1 dashboard"), "its use is counted");
        row_of(&c, &id).await?.find(Locator::Css(&tid("label-edit"))).await?.click().await?;
        let renamed = format!("{name} renamed");
        let field = wait(&c, &tid("label-name")).await?;
        field.clear().await?;
        field.send_keys(&renamed).await?;
        wait(&c, &tid("label-save")).await?.click().await?;
        until("renamed on the server", || async { Ok(label_named(&renamed).is_some()) }).await?;
        c.goto(&format!("{}/ui/orgs/{}/dashboards?q={}", stack().base, stack().org_id(), dashboard_name.replace(' ', "+"))).await?;
        until("the index shows the new name", || async {
            Ok(texts(&c, &format!("{} {}", tid("dashboard-row"), tid("label-pill"))).await?.contains(&renamed))
        })
        .await?;

        // A taken name (in another case) is refused before anything is sent.
        c.goto(&labels_url()).await?;
        wait(&c, &tid("label-new")).await?.click().await?;
        wait(&c, &tid("label-name")).await?.send_keys(&renamed.to_uppercase()).await?;
        let before = stack().faults.then(|| stack().requests().get("POST /api/v2/labels").copied().unwrap_or(0));
        wait(&c, &tid("label-save")).await?.click().await?;
        let refusal = wait(&c, &tid("label-form-error")).await?.text().await?;
        assert!(refusal.contains(&renamed), "the message names the label that has it: {refusal}");
        if let Some(before) = before {
            assert_eq!(stack().requests().get("POST /api/v2/labels").copied().unwrap_or(0), before, "nothing was sent");
        }
        c.find(Locator::Css(&format!("{} button.btn:not(.btn-primary)", tid("label-form")))).await?.click().await?;

        // Deleted: the question says who loses it; gone from the card.
        row_of(&c, &id).await?.find(Locator::Css(&tid("label-delete"))).await?.click().await?;
        let question = wait(&c, &tid("delete-label-question")).await?.text().await?;
        assert!(question.contains(&renamed) && question.contains("1 dashboard"), "{question}");
        wait(&c, &tid("delete-label-confirm")).await?.click().await?;
        until("deleted", || async { Ok(label_named(&renamed).is_none()) }).await?;
        c.goto(&format!("{}/ui/orgs/{}/dashboards?q={}", stack().base, stack().org_id(), dashboard_name.replace(' ', "+"))).await?;
        wait(&c, &tid("dashboard-row")).await?;
        assert!(!texts(&c, &tid("label-pill")).await?.contains(&renamed), "gone from the card");
        Ok(())
    })
    .await
}

/// The element matching `css` whose text contains `text` (10 s).
async fn until_found(c: &Client, css: &str, text: &str) -> Result<fantoccini::elements::Element> {
    let end = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        for e in c.find_all(Locator::Css(css)).await? {
            if e.text().await?.contains(text) {
                return Ok(e);
            }
        }
        if std::time::Instant::now() > end {
            return Err(format!("no {css} with {text}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn listed(dashboard: &str, role: &str) -> Vec<String> {
    let (st, v) = stack().call("GET", &format!("/api/v2/dashboards/{dashboard}/{role}s"), None);
    assert_eq!(st, 200, "{v}");
    v["users"].as_array().into_iter().flatten().filter_map(|u| u["name"].as_str().map(str::to_owned)).collect()
}

async fn open_members(c: &Client, dashboard: &str) -> Result {
    let s = stack();
    c.goto(&format!("{}/ui/orgs/{}/dashboards/{dashboard}", s.base, s.org_id())).await?;
    wait(c, &tid("members-open")).await?.click().await?;
    wait(c, &tid("member-search")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_is_added_found_after_a_reload_promoted_and_removed_and_never_added_twice() {
    use influx_devserver::seed::VIEWER_USER;
    let s = stack();
    let (st, d) = s.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": s.org_id(), "name": unique("e2e members")})));
    assert_eq!(st, 201, "{d}");
    let dashboard = d["id"].as_str().unwrap().to_owned();
    let _cleanup = DeleteOnDrop(dashboard.clone());
    with_browser(move |c| async move {
        sign_in(&c).await?;
        open_members(&c, &dashboard).await?;
        wait(&c, &tid("member-search")).await?.send_keys(VIEWER_USER).await?;
        let candidate = wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"] {}", tid("candidate"), tid("candidate-add"))).await?;
        candidate.click().await?;
        until("a member on the server", || async { Ok(listed(&dashboard, "member").contains(&VIEWER_USER.to_owned())) }).await?;
        c.refresh().await?;
        wait(&c, &tid("members-open")).await?.click().await?;
        let row = wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"]", tid("member-row"))).await?;
        assert_eq!(row.find(Locator::Css(&tid("member-role"))).await?.text().await?, "Member");
        // Already listed: shown as such, no add button, nothing to send.
        wait(&c, &tid("member-search")).await?.send_keys(VIEWER_USER).await?;
        wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"] {}", tid("candidate"), tid("candidate-listed"))).await?;
        let before =
            stack().faults.then(|| stack().requests().get(&format!("POST /api/v2/dashboards/{dashboard}/members")).copied().unwrap_or(0));
        assert!(c
            .find(Locator::Css(&format!("{}[data-user=\"{VIEWER_USER}\"] {}", tid("candidate"), tid("candidate-add"))))
            .await
            .is_err());
        // Promoted.
        row.find(Locator::Css(&tid("member-promote"))).await?.click().await?;
        until("an owner on the server", || async {
            Ok(listed(&dashboard, "owner").contains(&VIEWER_USER.to_owned())
                && !listed(&dashboard, "member").contains(&VIEWER_USER.to_owned()))
        })
        .await?;
        if let Some(before) = before {
            assert_eq!(
                stack().requests().get(&format!("POST /api/v2/dashboards/{dashboard}/members")).copied().unwrap_or(0),
                before,
                "no member re-add was sent (B14)"
            );
        }
        // Removed, after a question that says they are the last owner.
        let row = wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"]", tid("member-row"))).await?;
        until("the promoted row", || async {
            Ok(wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"] {}", tid("member-row"), tid("member-role"))).await?.text().await?
                == "Owner")
        })
        .await?;
        let _ = row;
        wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"] {}", tid("member-row"), tid("member-remove"))).await?.click().await?;
        let question = wait(&c, &tid("member-remove-question")).await?.text().await?;
        assert!(question.contains("last listed owner"), "{question}");
        wait(&c, &tid("member-remove-confirm")).await?.click().await?;
        until("nobody listed", || async { Ok(listed(&dashboard, "owner").is_empty() && listed(&dashboard, "member").is_empty()) }).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_second_user_sees_each_refusal_explained() {
    use influx_devserver::seed::{SHARED_DASHBOARD, VIEWER_PASSWORD, VIEWER_USER};
    with_browser(move |c| async move {
        let s = stack();
        s.sign_in_as(&c, VIEWER_USER, VIEWER_PASSWORD).await?;
        // The viewer reads the org's dashboards; a write is refused in words.
        c.goto(&format!("{}/ui/orgs/{}/dashboards?q={}", s.base, s.org_id(), SHARED_DASHBOARD.replace(' ', "+"))).await?;
        let row = wait(&c, &tid("dashboard-row")).await?;
        row.find(Locator::Css(&tid("actions"))).await?.click().await?;
        wait(&c, &tid("members")).await?.click().await?;
        wait(&c, &tid("member-list")).await?;
        let promote = wait(&c, &format!("{}[data-user=\"{VIEWER_USER}\"] {}", tid("member-row"), tid("member-promote"))).await?;
        promote.click().await?;
        let error = wait(&c, &tid("members-error")).await?.text().await?;
        assert!(error.contains("Your role in this organization does not let you"), "{error}");
        assert!(
            c.find(Locator::Css(&format!("{}[data-user=\"{VIEWER_USER}\"]", tid("member-row")))).await.is_ok(),
            "the list stays readable"
        );
        wait(&c, &tid("users-only-you")).await?;
        Ok(())
    })
    .await
}
