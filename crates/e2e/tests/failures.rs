//! Every write the app makes, failed by the server on purpose (the dev server's fault switch):
//! the user reads what happened in words, what they typed is still there, nothing half-done
//! is left on the server (read back through the API), and doing it again works.
//!
//! The failures: a 500 with InfluxDB's message, a 422, a 401 (session gone) and a dropped
//! connection (the dev server closes the socket without answering; nginx in front turns that
//! into a 502, as it would for a crashed influxd). Against a real influxd these cannot be
//! injected: each test then reports itself skipped.

use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};

/// A dashboard made through the API for one scenario; deleted when the scenario ends.
struct Fresh {
    id: String,
    name: String,
}

impl Fresh {
    fn new(prefix: &str) -> Fresh {
        let s = stack();
        let name = unique(prefix);
        let (st, v) = s.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": s.org_id(), "name": name})));
        assert_eq!(st, 201, "{v}");
        Fresh { id: v["id"].as_str().expect("id").to_owned(), name }
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        stack().call("DELETE", &format!("/api/v2/dashboards/{}", self.id), None);
    }
}

/// The names of the labels on dashboard `id`, from the API.
fn labels_of(id: &str) -> Vec<String> {
    let (st, v) = stack().call("GET", &format!("/api/v2/dashboards/{id}"), None);
    assert_eq!(st, 200, "{v}");
    v["labels"].as_array().expect("labels").iter().map(|l| l["name"].as_str().unwrap_or("").to_owned()).collect()
}

/// Signs in and shows the card of the dashboard `name` alone.
async fn open_card(c: &Client, name: &str) -> Result {
    sign_in(c).await?;
    filter(c, name).await?;
    until("the card", || async { Ok(card(c, name).await.is_ok()) }).await
}

/// Dashboards of the org named exactly `name`.
fn named(name: &str) -> Vec<dashboards_core::model::Dashboard> {
    stack().dashboards().into_iter().filter(|d| d.name == name).collect()
}

fn fault(method: &str, path: &str, status: u16, message: &str) -> Value {
    json!({"method": method, "path": path, "count": 1, "status": status, "message": message})
}

fn dropped(method: &str, path: &str) -> Value {
    json!({"method": method, "path": path, "count": 1, "drop": true})
}

async fn value(c: &Client, testid: &str) -> Result<String> {
    Ok(wait(c, &tid(testid)).await?.prop("value").await?.unwrap_or_default())
}

/// The text of the element `testid`, "" when there is none.
async fn text_of(c: &Client, testid: &str) -> Result<String> {
    Ok(match c.find(Locator::Css(&tid(testid))).await {
        Ok(e) => e.text().await?,
        Err(_) => String::new(),
    })
}

/// Waits until the element's text contains every one of `parts`.
async fn says(c: &Client, testid: &str, parts: &[&str]) -> Result {
    if until(testid, || async {
        let text = text_of(c, testid).await?;
        Ok(parts.iter().all(|p| text.contains(p)))
    })
    .await
    .is_err()
    {
        let last = text_of(c, testid).await?;
        return Err(format!("{testid} says {last:?}, expected it to contain {parts:?}").into());
    }
    Ok(())
}

async fn gone(c: &Client, testid: &str) -> Result {
    until(&format!("{testid} to go"), || async { Ok(c.find(Locator::Css(&tid(testid))).await.is_err()) }).await
}

#[tokio::test(flavor = "multi_thread")]
async fn create_refused_with_500_keeps_the_form_and_retry_creates_one() {
    if !needs_faults() {
        return;
    }
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let name = unique("e2e create");
        wait(&c, &tid("create-open")).await?.click().await?;
        wait(&c, &tid("create-name")).await?.send_keys(&name).await?;
        wait(&c, &tid("create-description")).await?.send_keys("typed by hand").await?;
        s.inject_fault(fault("POST", "/api/v2/dashboards", 500, "disk full"));
        wait(&c, &tid("create-submit")).await?.click().await?;
        says(&c, "dialog-error", &["disk full"]).await?;
        assert_eq!(value(&c, "create-name").await?, name);
        assert_eq!(value(&c, "create-description").await?, "typed by hand");
        assert!(named(&name).is_empty(), "nothing was created");

        wait(&c, &tid("create-submit")).await?.click().await?;
        gone(&c, "create-dialog").await?;
        let made = named(&name);
        assert_eq!(made.len(), 1, "one dashboard, made by the retry");
        assert_eq!(made[0].description, "typed by hand");
        s.call("DELETE", &format!("/api/v2/dashboards/{}", made[0].id), None);
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn rename_refused_with_500_keeps_the_typed_name_and_retry_saves_it() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e rename");
    let (id, name) = (d.id.clone(), d.name.clone());
    with_browser(move |c| async move {
        let s = stack();
        open_card(&c, &name).await?;
        card(&c, &name).await?.find(Locator::Css(&tid("rename"))).await?.click().await?;
        let input = wait(&c, &tid("name-input")).await?;
        input.clear().await?;
        let typed = format!("{name} typed");
        s.inject_fault(fault("PATCH", &format!("/api/v2/dashboards/{id}"), 500, "disk full"));
        input.send_keys(&format!("{typed}\u{E007}")).await?;
        says(&c, "card-error", &["disk full"]).await?;
        assert_eq!(value(&c, "name-input").await?, typed, "the typed name is still there");
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).1["name"], name.as_str(), "unchanged on the server");

        wait(&c, &tid("name-save")).await?.click().await?;
        gone(&c, "name-input").await?;
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).1["name"], typed.as_str(), "the retry saved it");
        gone(&c, "card-error").await?;
        Ok(())
    })
    .await;
    drop(d);
}

#[tokio::test(flavor = "multi_thread")]
async fn description_refused_with_422_keeps_the_text_and_retry_saves_it() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e describe");
    let (id, name) = (d.id.clone(), d.name.clone());
    with_browser(move |c| async move {
        let s = stack();
        open_card(&c, &name).await?;
        wait(&c, &tid("description")).await?.click().await?;
        let input = wait(&c, &tid("description-input")).await?;
        s.inject_fault(fault("PATCH", &format!("/api/v2/dashboards/{id}"), 422, "description is too long for this server"));
        input.send_keys("Where the cpu graphs live\u{E007}").await?;
        says(&c, "card-error", &["description is too long for this server"]).await?;
        assert_eq!(value(&c, "description-input").await?, "Where the cpu graphs live");
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).1["description"], "", "unchanged on the server");

        wait(&c, &tid("description-save")).await?.click().await?;
        gone(&c, "description-input").await?;
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).1["description"], "Where the cpu graphs live");
        says(&c, "description", &["Where the cpu graphs live"]).await
    })
    .await;
    drop(d);
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_over_a_dropped_connection_says_so_and_retry_deletes() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e delete");
    let (id, name) = (d.id.clone(), d.name.clone());
    with_browser(move |c| async move {
        let s = stack();
        open_card(&c, &name).await?;
        action(&c, &name, "delete").await?;
        s.inject_fault(dropped("DELETE", &format!("/api/v2/dashboards/{id}")));
        wait(&c, &tid("delete-confirm")).await?.click().await?;
        says(&c, "dialog-error", &["could not reach InfluxDB"]).await?;
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).0, 200, "still there");
        assert!(card(&c, &name).await.is_ok(), "the card stays");

        wait(&c, &tid("delete-confirm")).await?.click().await?;
        gone(&c, "delete-dialog").await?;
        until("the card to go", || async { Ok(card(&c, &name).await.is_err()) }).await?;
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).0, 404, "deleted by the retry");
        Ok(())
    })
    .await;
    drop(d);
}

#[tokio::test(flavor = "multi_thread")]
async fn clone_failing_midway_leaves_no_copy_and_retry_clones_once() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e clone");
    let s = stack();
    let (_, cell) = s.call("POST", &format!("/api/v2/dashboards/{}/cells", d.id), Some(&json!({"x": 0, "y": 0, "w": 6, "h": 4})));
    let props = influx_devserver::seed::properties("gauge", "cpu", "usage_user", "");
    let path = format!("/api/v2/dashboards/{}/cells/{}/view", d.id, cell["id"].as_str().expect("cell id"));
    assert_eq!(s.call("PATCH", &path, Some(&json!({"name": "load", "properties": props}))).0, 200);
    let name = d.name.clone();
    with_browser(move |c| async move {
        open_card(&c, &name).await?;
        // The copy is made (dashboard, cell), then its view is refused.
        s.inject_fault(fault("PATCH", "/api/v2/dashboards/", 500, "disk full"));
        action(&c, &name, "clone").await?;
        says(&c, "card-error", &["disk full", "removed"]).await?;
        let copy_name = format!("{name} (clone)");
        assert!(named(&copy_name).is_empty(), "the partial copy was removed");

        action(&c, &name, "clone").await?;
        until("the copy", || async { Ok(named(&copy_name).len() == 1) }).await?;
        let copy = &named(&copy_name)[0];
        let (_, full) = s.call("GET", &format!("/api/v2/dashboards/{}?include=properties", copy.id), None);
        assert_eq!(full["cells"][0]["properties"]["type"], "gauge", "the retry copied the view: {full}");
        gone(&c, "card-error").await?;
        s.call("DELETE", &format!("/api/v2/dashboards/{}", copy.id), None);
        Ok(())
    })
    .await;
    drop(d);
}

#[tokio::test(flavor = "multi_thread")]
async fn import_failing_midway_is_rolled_back_keeps_the_document_and_retry_imports_once() {
    if !needs_faults() {
        return;
    }
    with_browser(|c| async move {
        sign_in(&c).await?;
        let s = stack();
        let mut doc = seeded_export(2);
        doc.name = unique("e2e import");
        let text = serde_json::to_string(&doc)?;
        // The first view PATCH goes through, the second is refused.
        s.inject_fault(json!({"method": "PATCH", "path": "/api/v2/dashboards/", "count": 1, "status": 0}));
        s.inject_fault(fault("PATCH", "/api/v2/dashboards/", 500, "disk full"));
        wait(&c, &tid("import-open")).await?.click().await?;
        wait(&c, &tid("import-text")).await?.send_keys(&text).await?;
        wait(&c, &tid("import-summary")).await?;
        wait(&c, &tid("import-submit")).await?.click().await?;
        says(&c, "dialog-error", &["disk full", "removed"]).await?;
        assert!(named(&doc.name).is_empty(), "the partial dashboard is gone");
        assert_eq!(value(&c, "import-text").await?, text, "the document is still there");

        wait(&c, &tid("import-submit")).await?.click().await?;
        gone(&c, "import-dialog").await?;
        let made = named(&doc.name);
        assert_eq!(made.len(), 1, "one dashboard, made by the retry");
        assert_eq!(made[0].cells.len(), doc.cells.len());
        s.call("DELETE", &format!("/api/v2/dashboards/{}", made[0].id), None);
        Ok(())
    })
    .await
}

/// Opens the label menu of the one card on the page.
async fn label_menu(c: &Client, name: &str) -> Result {
    card(c, name).await?.find(Locator::Css(&tid("label-add"))).await?.click().await?;
    wait(c, &tid("label-menu")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn attaching_a_label_refused_with_500_attaches_nothing_and_retry_attaches() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e attach");
    let (id, name) = (d.id.clone(), d.name.clone());
    with_browser(move |c| async move {
        let s = stack();
        open_card(&c, &name).await?;
        label_menu(&c, &name).await?;
        let option = wait(&c, &tid("label-option")).await?;
        let label = option.text().await?.trim_start_matches("+ ").to_owned();
        s.inject_fault(fault("POST", &format!("/api/v2/dashboards/{id}/labels"), 500, "label store unavailable"));
        option.click().await?;
        says(&c, "card-error", &["label store unavailable"]).await?;
        let on_server = || labels_of(&id);
        assert!(on_server().is_empty(), "nothing attached");

        let again = c.find_all(Locator::Css(&tid("label-option"))).await?;
        let mut retried = false;
        for o in again {
            if o.text().await?.trim_start_matches("+ ") == label {
                o.click().await?;
                retried = true;
                break;
            }
        }
        assert!(retried, "the label is still offered");
        until("the label on the server", || async { Ok(on_server() == vec![label.clone()]) }).await?;
        gone(&c, "card-error").await
    })
    .await;
    drop(d);
}

#[tokio::test(flavor = "multi_thread")]
async fn detaching_a_label_over_a_dropped_connection_keeps_it_and_retry_detaches() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e detach");
    let s = stack();
    let (_, labels) = s.call("GET", &format!("/api/v2/labels?orgID={}", s.org_id()), None);
    let label = labels["labels"][0].clone();
    assert_eq!(s.call("POST", &format!("/api/v2/dashboards/{}/labels", d.id), Some(&json!({"labelID": label["id"]}))).0, 201);
    assert_eq!(labels_of(&d.id).len(), 1);
    let (id, name) = (d.id.clone(), d.name.clone());
    with_browser(move |c| async move {
        open_card(&c, &name).await?;
        label_menu(&c, &name).await?;
        s.inject_fault(dropped("DELETE", &format!("/api/v2/dashboards/{id}/labels/")));
        wait(&c, &tid("label-remove")).await?.click().await?;
        says(&c, "card-error", &["could not reach InfluxDB"]).await?;
        let on_server = || labels_of(&id);
        assert_eq!(on_server().len(), 1, "still attached");

        wait(&c, &tid("label-remove")).await?.click().await?;
        until("the label to go from the server", || async { Ok(on_server().is_empty()) }).await?;
        gone(&c, "label-remove").await?;
        gone(&c, "card-error").await
    })
    .await;
    drop(d);
}

#[tokio::test(flavor = "multi_thread")]
async fn creating_a_label_refused_with_422_keeps_the_name_and_retry_creates_and_attaches() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e new label");
    let (id, name) = (d.id.clone(), d.name.clone());
    let label = unique("lbl").replace(' ', "-");
    let label2 = label.clone();
    with_browser(move |c| async move {
        let s = stack();
        open_card(&c, &name).await?;
        label_menu(&c, &name).await?;
        wait(&c, &tid("new-label-name")).await?.send_keys(&label).await?;
        s.inject_fault(fault("POST", "/api/v2/labels", 422, "label names must not end in a digit here"));
        wait(&c, &tid("new-label-create")).await?.click().await?;
        says(&c, "card-error", &["label names must not end in a digit here"]).await?;
        assert_eq!(value(&c, "new-label-name").await?, label, "the typed name is still there");
        let org_labels = || {
            let (_, v) = stack().call("GET", &format!("/api/v2/labels?orgID={}", stack().org_id()), None);
            v["labels"].as_array().cloned().unwrap_or_default().into_iter().filter(|l| l["name"] == label.as_str()).collect::<Vec<_>>()
        };
        assert!(org_labels().is_empty(), "no label was made");

        wait(&c, &tid("new-label-create")).await?.click().await?;
        let on_server = || labels_of(&id);
        until("the new label on the dashboard", || async { Ok(on_server() == vec![label.clone()]) }).await?;
        assert_eq!(org_labels().len(), 1, "one label, made by the retry");
        assert_eq!(value(&c, "new-label-name").await?, "", "the field is cleared once made");
        Ok(())
    })
    .await;
    drop(d);
    let s = stack();
    let (_, v) = s.call("GET", &format!("/api/v2/labels?orgID={}", s.org_id()), None);
    for l in v["labels"].as_array().into_iter().flatten().filter(|l| l["name"] == label2.as_str()) {
        s.call("DELETE", &format!("/api/v2/labels/{}", l["id"].as_str().unwrap_or("")), None);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_refused_with_500_then_dropped_keeps_the_form_and_retry_signs_in() {
    if !needs_faults() {
        return;
    }
    with_browser(|c| async move {
        let s = stack();
        c.goto(&format!("{}/ui/", s.base)).await?;
        wait(&c, &tid("username")).await?.send_keys(&s.username).await?;
        wait(&c, &tid("password")).await?.send_keys(&s.password).await?;
        s.inject_fault(fault("POST", "/api/v2/signin", 500, "the session store is locked"));
        wait(&c, &tid("sign-in")).await?.click().await?;
        says(&c, "sign-in-error", &["the session store is locked"]).await?;
        assert_eq!(value(&c, "username").await?, s.username);
        assert_eq!(value(&c, "password").await?, s.password);
        assert_eq!(me(&c).await?, 401, "no session was made");

        s.inject_fault(dropped("POST", "/api/v2/signin"));
        wait(&c, &tid("sign-in")).await?.click().await?;
        says(&c, "sign-in-error", &["could not reach InfluxDB"]).await?;
        assert_eq!(value(&c, "username").await?, s.username);

        wait(&c, &tid("sign-in")).await?.click().await?;
        wait(&c, &tid("dashboard-row")).await?;
        assert_eq!(me(&c).await?, 200);
        Ok(())
    })
    .await
}

/// The status of `GET /api/v2/me` with the page's cookies: is there a session?
async fn me(c: &Client) -> Result<u64> {
    let script = "const done = arguments[0]; fetch('/api/v2/me', {credentials: 'same-origin'}).then(r => done(r.status), () => done(0));";
    Ok(c.execute_async(script, vec![]).await?.as_u64().unwrap_or(0))
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_refused_with_500_says_the_session_lives_on_and_retry_ends_it() {
    if !needs_faults() {
        return;
    }
    with_browser(|c| async move {
        let s = stack();
        sign_in(&c).await?;
        assert_eq!(me(&c).await?, 200);
        s.inject_fault(fault("POST", "/api/v2/signout", 500, "the session store is locked"));
        wait(&c, &tid("sign-out")).await?.click().await?;
        // Signed out here at once; the server's refusal is said, with the way to end it.
        wait(&c, &tid("sign-in-form")).await?;
        says(&c, "signout-failed", &["did not end the session", "the session store is locked"]).await?;
        assert_eq!(me(&c).await?, 200, "the server session is still alive, as the page says");

        wait(&c, &tid("signout-retry")).await?.click().await?;
        gone(&c, "signout-failed").await?;
        assert_eq!(me(&c).await?, 401, "the retry ended the session");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_in_the_middle_of_work_offers_to_sign_in_again() {
    if !needs_faults() {
        return;
    }
    let d = Fresh::new("e2e expired");
    let (id, name) = (d.id.clone(), d.name.clone());
    with_browser(move |c| async move {
        let s = stack();
        open_card(&c, &name).await?;
        card(&c, &name).await?.find(Locator::Css(&tid("rename"))).await?.click().await?;
        s.inject_fault(fault("PATCH", &format!("/api/v2/dashboards/{id}"), 401, "session expired"));
        wait(&c, &tid("name-input")).await?.send_keys(" again\u{E007}").await?;
        says(&c, "card-error", &["session expired", "Sign in again"]).await?;
        assert_eq!(s.call("GET", &format!("/api/v2/dashboards/{id}"), None).1["name"], name.as_str());
        wait(&c, &tid("sign-in-again")).await?.click().await?;
        wait(&c, &tid("sign-in-form")).await?;
        Ok(())
    })
    .await;
    drop(d);
}
