//! Signing in, staying signed in and odd addresses (issue #12): a session that ends in the
//! middle of work, where a token is kept, the sign-in page's focus and `/signin`, and an org
//! id in the address that is none of the user's.

use e2e::fantoccini::{Client, Locator};
use e2e::*;
use serde_json::{json, Value};

const AUTH_KEY: &str = "influx-dashboards.auth";

/// An org id nobody has (ids are time-based; this one is from 1970).
const NO_SUCH_ORG: &str = "0000000000000abc";

async fn value(c: &Client, testid: &str) -> Result<String> {
    Ok(wait(c, &tid(testid)).await?.prop("value").await?.unwrap_or_default())
}

/// The `data-testid` of the focused element ("" for none).
async fn focused(c: &Client) -> Result<String> {
    let v = c.execute("const e = document.activeElement; return (e && e.dataset && e.dataset.testid) || '';", vec![]).await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Waits until the field `testid` has the focus.
async fn focus_on(c: &Client, testid: &str) -> Result {
    if until(&format!("the focus on {testid}"), || async { Ok(focused(c).await? == testid) }).await.is_err() {
        return Err(format!("the focus is on {:?}, not {testid}", focused(c).await?).into());
    }
    Ok(())
}

/// What `localStorage` and `sessionStorage` hold under the app's key.
async fn stored(c: &Client) -> Result<(Option<String>, Option<String>)> {
    let script = format!("return [localStorage.getItem('{AUTH_KEY}'), sessionStorage.getItem('{AUTH_KEY}')];");
    let v = c.execute(&script, vec![]).await?;
    let get = |i: usize| v[i].as_str().map(str::to_owned);
    Ok((get(0), get(1)))
}

async fn gone(c: &Client, testid: &str) -> Result {
    until(&format!("{testid} to go"), || async { Ok(c.find(Locator::Css(&tid(testid))).await.is_err()) }).await
}

/// Dashboards of the org named exactly `name`.
fn named(name: &str) -> Vec<dashboards_core::model::Dashboard> {
    stack().dashboards().into_iter().filter(|d| d.name == name).collect()
}

fn expire_sessions(user: &str) {
    let s = stack();
    let r = match ureq::post(&format!("{}/debug/sessions/expire", s.api)).send_json(json!({"user": user})) {
        Ok(r) => r,
        Err(ureq::Error::Status(status, r)) => panic!("expire the sessions: {status} {}", r.into_string().unwrap_or_default()),
        Err(e) => panic!("expire the sessions: {e}"),
    };
    let v: Value = r.into_json().expect("json");
    assert!(v["expired"].as_u64().unwrap_or(0) >= 1, "no session to expire: {v}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_that_expires_mid_work_is_signed_in_again_over_the_page_which_keeps_what_was_typed() {
    if !needs_faults() {
        return;
    }
    with_browser(|c| async move {
        let s = stack();
        sign_in(&c).await?;
        let name = unique("e2e after expiry");
        filter(&c, "e2e").await?;
        let address = url(&c).await?;
        wait(&c, &tid("create-open")).await?.click().await?;
        wait(&c, &tid("create-name")).await?.send_keys(&name).await?;
        wait(&c, &tid("create-description")).await?.send_keys("typed before the session ended").await?;

        // The session ends while the user types; the next request is refused.
        expire_sessions(&s.username);
        wait(&c, &tid("create-submit")).await?.click().await?;
        wait(&c, &tid("session-expired")).await?;
        wait(&c, &tid("dialog-error")).await?;
        assert!(named(&name).is_empty(), "nothing was created");
        // Still on the same page, the dialog open with what was typed.
        assert_eq!(url(&c).await?, address);
        assert_eq!(value(&c, "create-name").await?, name);

        // Signing in again happens over the page (from the error's button: the dialog covers
        // the header's): the name is filled in, the password focused.
        wait(&c, &format!("{} {}", tid("dialog-error"), tid("sign-in-again"))).await?.click().await?;
        wait(&c, &tid("sign-in-dialog")).await?;
        assert_eq!(value(&c, "username").await?, s.username);
        focus_on(&c, "password").await?;
        wait(&c, &tid("password")).await?.send_keys(&s.password).await?;
        wait(&c, &tid("sign-in")).await?.click().await?;
        gone(&c, "sign-in-dialog").await?;
        gone(&c, "session-expired").await?;
        wait(&c, &tid("user-name")).await?;

        // The page is as it was: same address, the dialog with both fields; the retry creates it.
        assert_eq!(url(&c).await?, address);
        assert_eq!(value(&c, "create-name").await?, name);
        assert_eq!(value(&c, "create-description").await?, "typed before the session ended");
        wait(&c, &tid("create-submit")).await?.click().await?;
        until("the dashboard to be created", || async { Ok(named(&name).len() == 1) }).await?;
        let made = named(&name);
        assert_eq!(made[0].description, "typed before the session ended");
        s.call("DELETE", &format!("/api/v2/dashboards/{}", made[0].id), None);
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_refused_after_the_session_expired_loads_once_signed_in_again() {
    if !needs_faults() {
        return;
    }
    with_browser(|c| async move {
        let s = stack();
        sign_in(&c).await?;
        expire_sessions(&s.username);
        wait(&c, &tid("nav-labels")).await?.click().await?;
        wait(&c, &tid("error-view")).await?;
        wait(&c, &tid("session-expired")).await?;
        // The error's own button opens the dialog; closed, the page and the header stay as they are.
        wait(&c, &tid("sign-in-again")).await?.click().await?;
        wait(&c, &tid("password")).await?.send_keys("\u{E00C}").await?;
        gone(&c, "sign-in-dialog").await?;
        wait(&c, &tid("error-view")).await?;
        // The header's button opens it again; once signed in, the error's retry loads the page.
        wait(&c, &tid("header-sign-in")).await?.click().await?;
        wait(&c, &tid("sign-in-dialog")).await?;
        wait(&c, &tid("password")).await?.send_keys(&s.password).await?;
        wait(&c, &tid("sign-in")).await?.click().await?;
        gone(&c, "sign-in-dialog").await?;
        assert!(url(&c).await?.contains("/labels"), "still on the labels page");
        wait(&c, &tid("retry")).await?.click().await?;
        gone(&c, "error-view").await?;
        wait(&c, &tid("user-name")).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_is_kept_for_the_tab_unless_remembered_and_signing_out_forgets_it_everywhere() {
    with_browser(|c| async move {
        let s = stack();
        let token_sign_in = |remember: bool| {
            let c = c.clone();
            async move {
                c.goto(&format!("{}/ui/", s.base)).await?;
                wait(&c, &tid("mode-token")).await?.click().await?;
                wait(&c, &tid("token")).await?.send_keys(&s.token).await?;
                if remember {
                    wait(&c, &tid("remember")).await?.click().await?;
                }
                wait(&c, &tid("sign-in")).await?.click().await?;
                wait(&c, &tid("user-name")).await?;
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
            }
        };
        token_sign_in(false).await?;
        let (device, tab) = stored(&c).await?;
        assert_eq!(device, None, "not remembered on the device");
        assert!(tab.as_deref().unwrap_or("").contains(&s.token), "kept for the tab: {tab:?}");
        // A reload of the tab stays signed in.
        c.refresh().await?;
        wait(&c, &tid("user-name")).await?;
        wait(&c, &tid("sign-out")).await?.click().await?;
        wait(&c, &tid("sign-in-form")).await?;
        assert_eq!(stored(&c).await?, (None, None), "signing out forgets it");

        token_sign_in(true).await?;
        let (device, tab) = stored(&c).await?;
        assert!(device.as_deref().unwrap_or("").contains(&s.token), "remembered on the device: {device:?}");
        assert_eq!(tab, None, "one copy only");
        wait(&c, &tid("sign-out")).await?.click().await?;
        wait(&c, &tid("sign-in-form")).await?;
        assert_eq!(stored(&c).await?, (None, None), "signing out forgets it everywhere");
        c.refresh().await?;
        wait(&c, &tid("sign-in-form")).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_page_focuses_the_first_empty_field_and_signin_leads_to_it() {
    with_browser(|c| async move {
        let s = stack();
        c.goto(&format!("{}/ui/signin", s.base)).await?;
        wait(&c, &tid("sign-in-form")).await?;
        focus_on(&c, "username").await?;
        wait(&c, &tid("username")).await?.send_keys(&s.username).await?;
        wait(&c, &tid("mode-token")).await?.click().await?;
        focus_on(&c, "token").await?;
        // Back on the password tab the username is still there: the password is the first empty field.
        wait(&c, &tid("mode-password")).await?.click().await?;
        focus_on(&c, "password").await?;
        wait(&c, &tid("password")).await?.send_keys(&s.password).await?;
        wait(&c, &tid("sign-in")).await?.click().await?;
        // Signed in at /signin: the user's dashboards, not "Page not found".
        wait(&c, &tid("dashboard-row")).await?;
        let org = s.org_id();
        assert!(url(&c).await?.contains(&format!("/ui/orgs/{org}/dashboards")), "{}", url(&c).await?);
        c.goto(&format!("{}/ui/signin", s.base)).await?;
        wait(&c, &tid("dashboard-row")).await?;
        assert!(url(&c).await?.contains(&format!("/ui/orgs/{org}/dashboards")), "{}", url(&c).await?);
        assert!(c.find(Locator::Css(&tid("not-found"))).await.is_err());
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_org_that_is_not_the_users_says_so_with_links_to_theirs_and_nothing_is_made_there() {
    with_browser(|c| async move {
        let s = stack();
        sign_in(&c).await?;
        let org = s.org_id();
        let some_dashboard = s.dashboards()[0].id.0.clone();
        for path in [
            format!("/ui/orgs/{NO_SUCH_ORG}/dashboards"),
            format!("/ui/orgs/{NO_SUCH_ORG}/labels"),
            format!("/ui/orgs/{NO_SUCH_ORG}/dashboards/{some_dashboard}"),
        ] {
            c.goto(&format!("{}{path}", s.base)).await?;
            let page = wait(&c, &tid("no-such-org")).await?;
            let text = page.text().await?;
            assert!(text.contains("No such organization, or not yours") && text.contains(NO_SUCH_ORG), "{path}: {text}");
            // Nothing of the page that could look or make something there.
            for absent in ["create-open", "import-open", "dashboard-row", "label-row"] {
                assert!(c.find(Locator::Css(&tid(absent))).await.is_err(), "{path}: {absent} shown");
            }
        }
        let (_, v) = s.call("GET", &format!("/api/v2/dashboards?orgID={NO_SUCH_ORG}"), None);
        assert_eq!(v["dashboards"].as_array().map_or(0, Vec::len), 0, "nothing in the made-up org");
        // The link leads to the user's own org.
        let theirs = wait(&c, &tid("your-org")).await?;
        assert!(theirs.attr("href").await?.unwrap_or_default().ends_with(&format!("/ui/orgs/{org}/dashboards")));
        theirs.click().await?;
        wait(&c, &tid("dashboard-row")).await?;
        assert!(url(&c).await?.contains(&format!("/orgs/{org}/dashboards")));
        Ok(())
    })
    .await
}
