//! Browser tests: components mounted in headless Chrome (wasm-bindgen-test), and the api
//! client and the whole app against the dev server (started by the test command, which
//! passes its URL at compile time as INFLUX_DEVSERVER_URL).
#![cfg(target_arch = "wasm32")]

use dashboards_core::model::*;
use dashboards_core::ApiError;
use influx_dashboards::api::{Auth, Client};
use influx_dashboards::components::{ErrorView, LabelPill};
use influx_dashboards::pages::{DashboardCard, IndexStore, SignInPage};
use influx_dashboards::session::SessionCtx;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEMO_TOKEN: &str = "influx-dashboards-demo-token";

/// The dev server these tests talk to. Without one they fail, saying how to run them: a
/// test that returned early here would count as passed without having run.
fn devserver() -> &'static str {
    match option_env!("INFLUX_DEVSERVER_URL") {
        Some(url) => url,
        None => panic!(
            "these browser tests need a seeded dev server with --faults: run them with ./x test, or start \
             `cargo run -p influx-devserver -- --seed demo --faults` and build them with INFLUX_DEVSERVER_URL=http://127.0.0.1:8086"
        ),
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page for one test.
fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn all(root: &web_sys::Element, css: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits until `css` matches at least `n` elements (or fails after `ms`).
async fn wait_for(root: &web_sys::Element, css: &str, n: usize, ms: i32) -> Vec<web_sys::Element> {
    let mut waited = 0;
    loop {
        let found = all(root, css);
        if found.len() >= n {
            return found;
        }
        if waited >= ms {
            panic!(
                "waited {ms} ms for {n} × {css}, found {}; page: {}",
                found.len(),
                root.inner_html().chars().take(600).collect::<String>()
            );
        }
        sleep(50).await;
        waited += 50;
    }
}

fn label(name: &str, color: &str) -> Label {
    serde_json::from_value(serde_json::json!({"id": "0c00000000000001", "orgID": "0a1b2c3d4e5f6789", "name": name,
        "properties": {"color": color, "description": "a label"}}))
    .unwrap()
}

fn dashboard(id: &str, name: &str, labels: Vec<Label>) -> Dashboard {
    Dashboard {
        id: DashboardId::from(id),
        org_id: OrgId::from("0a1b2c3d4e5f6789"),
        name: name.into(),
        labels,
        meta: DashboardMeta { updated_at: "2024-01-02T03:04:05Z".into(), ..Default::default() },
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn label_pill_draws_its_color_and_keeps_the_name_inert() {
    let root = container();
    let evil = "<img src=x onerror=alert(1)>";
    let _h = leptos::mount::mount_to(root.clone(), move || view! { <LabelPill label=label(evil, "#FFB94A") /> });
    leptos::task::tick().await;
    let pill: web_sys::HtmlElement = root.query_selector("[data-testid=label-pill]").unwrap().unwrap().unchecked_into();
    assert_eq!(pill.text_content().unwrap(), evil, "the name is text");
    assert!(root.query_selector("img").unwrap().is_none(), "no markup from the name");
    assert_eq!(pill.style().get_property_value("background-color").unwrap(), "rgb(255, 185, 74)");
    assert_eq!(pill.style().get_property_value("color").unwrap(), "rgb(0, 0, 0)", "dark text on a light label");
    assert_eq!(pill.title(), "a label");
}

#[wasm_bindgen_test]
async fn dashboard_card_links_shows_labels_and_refuses_an_empty_name_before_sending() {
    let root = container();
    let d = dashboard("1111111111111111", "cpu", vec![label("prod", "#326BBA")]);
    let org = OrgId::from("0a1b2c3d4e5f6789");
    let _h = leptos::mount::mount_to(root.clone(), move || {
        // Signed out: any request would fail loudly; none may be sent here.
        provide_context(SessionCtx::new(None));
        let store = IndexStore::new(Signal::stored(org));
        store.dashboards.set(vec![d.clone()]);
        view! { <DashboardCard dashboard=Some(d.clone()) /> }
    });
    leptos::task::tick().await;
    let link: web_sys::HtmlAnchorElement = root.query_selector("[data-testid=dashboard-name]").unwrap().unwrap().unchecked_into();
    assert_eq!(link.text_content().unwrap(), "cpu");
    assert!(link.href().ends_with("/orgs/0a1b2c3d4e5f6789/dashboards/1111111111111111"), "{}", link.href());
    assert_eq!(all(&root, "[data-testid=label-pill]").len(), 1);
    assert_eq!(root.query_selector("[data-testid=description]").unwrap().unwrap().text_content().unwrap(), "Add a description");

    click(&root, "rename");
    leptos::task::tick().await;
    type_into(&root, "name-input", "   ");
    click(&root, "name-save");
    leptos::task::tick().await;
    let err = root.query_selector("[data-testid=card-error]").unwrap().expect("an error before any request");
    assert!(err.text_content().unwrap().contains("A dashboard needs a name."), "{}", err.text_content().unwrap());
    assert_eq!(input_value(&root, "name-input"), "   ", "what was typed stays");
}

#[wasm_bindgen_test]
async fn error_view_says_what_happened_and_retries() {
    let root = container();
    let retries = RwSignal::new(0);
    let err = ApiError::from_response(422, r#"{"code":"conflict","message":"label with name prod already exists"}"#, None);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <ErrorView error=err.clone() on_retry=Callback::new(move |_| retries.update(|n| *n += 1)) /> }
    });
    leptos::task::tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Already exists"), "{text}");
    assert!(text.contains("label with name prod already exists"), "{text}");
    let button: web_sys::HtmlElement = root.query_selector("[data-testid=retry]").unwrap().unwrap().unchecked_into();
    button.click();
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn api_client_talks_to_the_dev_server() {
    let url = devserver();
    let client = Client::new(url, Auth::Token(DEMO_TOKEN.into()));
    let me = client.me().await.unwrap();
    assert_eq!(me.name, "demo");
    let orgs = client.list_orgs().await.unwrap();
    let org = orgs.iter().find(|o| o.name == "demo").expect("demo org");
    let q = dashboards_core::endpoints::ListDashboards { org_id: Some(org.id.clone()), ..Default::default() };
    let page = client.list_dashboards(&q).await.unwrap();
    assert_eq!(page.dashboards.len(), 150);

    // A view read and written back through the typed model is unchanged.
    let with_cells = page.dashboards.iter().find(|d| !d.cells.is_empty()).unwrap();
    let cell = &with_cells.cells[0];
    let view = client.get_view(&with_cells.id, &cell.id).await.unwrap();
    let back = client
        .patch_view(&with_cells.id, &cell.id, &PatchView { name: view.name.clone(), properties: view.properties.clone() })
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&back.properties).unwrap(), serde_json::to_value(&view.properties).unwrap());

    match client.get_dashboard(&DashboardId::from("0000000000000001"), false).await {
        Err(ApiError::NotFound { message }) => assert_eq!(message, "dashboard not found"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    match Client::new(url, Auth::Token("wrong".into())).me().await {
        Err(e @ ApiError::Unauthorized { .. }) => assert!(e.needs_sign_in()),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn the_app_signs_in_with_a_stored_token_and_lists_the_org() {
    let url = devserver();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let stored = serde_json::json!({"origin": url, "token": DEMO_TOKEN}).to_string();
    storage.set_item("influx-dashboards.auth", &stored).unwrap();
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/")).unwrap();
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), influx_dashboards::app::App);
    let rows = wait_for(&root, "[data-testid=dashboard-row]", 24, 15_000).await;
    assert_eq!(rows.len(), 24, "the first page of 24");
    let count = root.query_selector("[data-testid=dashboard-count]").unwrap().unwrap().text_content().unwrap();
    assert_eq!(count, "Showing 1–24 of 150 dashboards");
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    assert!(path.starts_with("/orgs/") && path.ends_with("/dashboards"), "{path}");
    assert_eq!(root.query_selector("[data-testid=user-name]").unwrap().unwrap().text_content().unwrap(), "demo");
    // The seeded name that looks like markup is shown as text.
    assert!(root.query_selector("img").unwrap().is_none());
    storage.remove_item("influx-dashboards.auth").unwrap();
}

/// Types into an input the way a person does (value + input event).
fn type_into(root: &web_sys::Element, testid: &str, text: &str) {
    let input: web_sys::HtmlInputElement = root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap().unchecked_into();
    input.set_value(text);
    // Typing bubbles; the app's listeners are delegated to the document.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn input_value(root: &web_sys::Element, testid: &str) -> String {
    let input: web_sys::HtmlInputElement = root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap().unchecked_into();
    input.value()
}

fn click(root: &web_sys::Element, testid: &str) {
    let el: web_sys::HtmlElement = root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap().unchecked_into();
    el.click();
}

#[wasm_bindgen_test]
async fn sign_in_form_refuses_bad_input_keeps_what_was_typed_and_signs_in() {
    let url = devserver();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("influx-dashboards.auth").unwrap();
    web_sys::window().unwrap().session_storage().unwrap().unwrap().remove_item("influx-dashboards.auth").unwrap();
    let root = container();
    let session = SessionCtx::restore();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        provide_context(session);
        view! { <SignInPage /> }
    });
    leptos::task::tick().await;

    // Nothing typed: refused before any request.
    click(&root, "sign-in");
    let err = wait_for(&root, "[data-testid=sign-in-error]", 1, 2_000).await;
    assert!(err[0].text_content().unwrap().contains("Enter your username"), "{}", err[0].text_content().unwrap());

    // A password sign-in to another origin is refused with the reason (cookies stay same-origin).
    type_into(&root, "username", "demo");
    type_into(&root, "password", "demo-password");
    type_into(&root, "origin", url);
    click(&root, "sign-in");
    sleep(100).await;
    let text = root.query_selector("[data-testid=sign-in-error]").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("same origin") || text.contains("one origin"), "{text}");

    // A wrong token: the server's refusal is shown and the form keeps every value.
    click(&root, "mode-token");
    leptos::task::tick().await;
    type_into(&root, "token", "not-the-token");
    click(&root, "sign-in");
    let mut waited = 0;
    while !root.text_content().unwrap().contains("does not accept this token") {
        assert!(waited < 5_000, "no refusal shown: {}", root.inner_html());
        sleep(50).await;
        waited += 50;
    }
    assert_eq!(input_value(&root, "token"), "not-the-token");
    assert_eq!(input_value(&root, "origin"), url);
    assert!(session.client.get_untracked().is_none());

    // The right token signs in and is remembered.
    type_into(&root, "token", DEMO_TOKEN);
    click(&root, "sign-in");
    let mut waited = 0;
    while session.client.get_untracked().is_none() {
        assert!(waited < 5_000, "not signed in: {}", root.inner_html());
        sleep(50).await;
        waited += 50;
    }
    assert_eq!(session.user.get_untracked().map(|u| u.name), Some("demo".into()));
    // "Remember on this device" was not ticked: the token is kept for this tab only.
    let tab = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    assert!(tab.get_item("influx-dashboards.auth").unwrap().unwrap().contains(DEMO_TOKEN));
    assert_eq!(storage.get_item("influx-dashboards.auth").unwrap(), None);
    tab.remove_item("influx-dashboards.auth").unwrap();
}

#[wasm_bindgen_test]
async fn an_aborted_client_cancels_its_reads_but_not_its_writes() {
    let url = devserver();
    let plain = Client::new(url, Auth::Token(DEMO_TOKEN.into()));
    let controller = web_sys::AbortController::new().unwrap();
    let client = plain.with_abort(controller.signal());
    assert_eq!(client.me().await.unwrap().name, "demo", "not aborted yet");
    controller.abort();
    match client.me().await {
        Err(ApiError::Network { message }) => assert_eq!(message, "The request was cancelled."),
        other => panic!("expected a cancelled read, got {other:?}"),
    }
    // A write is sent all the same: leaving a page must not half-cancel a change.
    let org = plain.list_orgs().await.unwrap().into_iter().find(|o| o.name == "demo").unwrap();
    let name = format!("abort-test-{}", js_sys::Date::now());
    let label = client.create_label(&CreateLabel { org_id: org.id, name, properties: Default::default() }).await.unwrap();
    plain.delete_label(&label.id).await.unwrap();
}

/// Index cards over an index store of `dashboards`, one per signal, in a list.
fn mount_cards(
    root: &web_sys::HtmlElement,
    dashboards: Vec<Dashboard>,
    cards: Vec<RwSignal<Option<Dashboard>>>,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(SessionCtx::new(None));
        let store = IndexStore::new(Signal::stored(OrgId::from("0a1b2c3d4e5f6789")));
        store.dashboards.set(dashboards.clone());
        view! { <ul>{cards.iter().map(|shown| view! { <DashboardCard dashboard=*shown /> }).collect_view()}</ul> }
    })
}

#[wasm_bindgen_test]
async fn a_card_given_another_dashboard_shows_it_and_closes_what_was_open() {
    // Regression guard for place-keyed cards: an editor open for one dashboard must not stay
    // open on the next one a sort or page change puts in its place.
    let root = container();
    let a = dashboard("1111111111111111", "alpha", vec![]);
    let b = dashboard("2222222222222222", "beta", vec![label("prod", "#326BBA")]);
    let shown = RwSignal::new(Some(a.clone()));
    let _h = mount_cards(&root, vec![a.clone(), b.clone()], vec![shown]);
    leptos::task::tick().await;
    click(&root, "rename");
    leptos::task::tick().await;
    type_into(&root, "name-input", "alpha typed");
    assert!(root.query_selector("[data-testid=name-input]").unwrap().is_some());

    shown.set(Some(b));
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert!(root.query_selector("[data-testid=name-input]").unwrap().is_none(), "the editor closed");
    let name = root.query_selector("[data-testid=dashboard-name]").unwrap().unwrap();
    assert_eq!(name.text_content().unwrap(), "beta");
    let link: web_sys::HtmlAnchorElement = name.unchecked_into();
    assert!(link.href().ends_with("/dashboards/2222222222222222"), "{}", link.href());
    assert_eq!(all(&root, "[data-testid=label-pill]").len(), 1);
}

#[wasm_bindgen_test]
async fn what_is_typed_in_a_card_follows_its_dashboard_when_the_page_re_sorts() {
    // Cards are keyed by place: a rename elsewhere that re-sorted the page dropped the text.
    let root = container();
    let a = dashboard("1111111111111111", "alpha", vec![]);
    let b = dashboard("2222222222222222", "beta", vec![]);
    let first = RwSignal::new(Some(a.clone()));
    let second = RwSignal::new(Some(b.clone()));
    let _h = mount_cards(&root, vec![a.clone(), b.clone()], vec![first, second]);
    leptos::task::tick().await;
    let cards = all(&root, "li");
    assert_eq!(cards.len(), 2);
    click(&cards[0], "rename");
    leptos::task::tick().await;
    type_into(&cards[0], "name-input", "alpha typed");
    // The two swap places, as a sort does.
    first.set(Some(b));
    second.set(Some(a));
    leptos::task::tick().await;
    leptos::task::tick().await;
    let cards = all(&root, "li");
    assert!(cards[0].query_selector("[data-testid=name-input]").unwrap().is_none(), "beta's card has no editor");
    let input: web_sys::HtmlInputElement =
        cards[1].query_selector("[data-testid=name-input]").unwrap().expect("alpha's editor moved").unchecked_into();
    assert_eq!(input.value(), "alpha typed");
}

/// Makes the dev server fail the next request that matches `rule` (its `/debug/faults`).
async fn inject_fault(url: &str, rule: serde_json::Value) {
    // text/plain: a simple request, no preflight; the dev server reads the body as JSON.
    let res = gloo_net::http::Request::post(&format!("{url}/debug/faults"))
        .header("Content-Type", "text/plain")
        .body(rule.to_string())
        .unwrap()
        .send()
        .await
        .expect("the dev server's fault switch (started with --faults)");
    assert_eq!(res.status(), 201);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_a_network_error_that_changes_nothing_and_a_retry_works() {
    let url = devserver();
    let client = Client::new(url, Auth::Token(DEMO_TOKEN.into()));
    let org = client.list_orgs().await.unwrap().into_iter().find(|o| o.name == "demo").unwrap();
    let name = format!("dropped-{}", js_sys::Date::now());
    let body = CreateLabel { org_id: org.id.clone(), name: name.clone(), properties: Default::default() };
    // Every attempt until cleared: a browser may send a request again (more than once) when a
    // reused connection closes unanswered.
    inject_fault(url, serde_json::json!({"method": "POST", "path": "/api/v2/labels", "count": 10, "drop": true})).await;
    match client.create_label(&body).await {
        Err(e @ ApiError::Network { .. }) => {
            assert!(e.message().starts_with("No answer from the server"), "{e}");
            assert!(!e.needs_sign_in());
        }
        other => panic!("expected a network error, got {other:?}"),
    }
    gloo_net::http::Request::delete(&format!("{url}/debug/faults")).send().await.unwrap();
    let labels = client.list_labels(&org.id).await.unwrap();
    assert!(!labels.iter().any(|l| l.name == name), "nothing was made");
    let made = client.create_label(&body).await.expect("the retry goes through");
    client.delete_label(&made.id).await.unwrap();
}
