//! `./x bench`: issue #11's figures, printed. The requests the labels page and the members
//! panel make to open (budget: one per list, none per row), on the demo seed (150 dashboards,
//! its labels and users), counted by the dev server.

use e2e::{tid, wait, Backend, Stack};
use influx_devserver::Config;
use std::collections::BTreeMap;
use std::time::Instant;

/// The requests counted since the last reset (the dev server's count per "METHOD /path").
fn print(what: &str, ms: u128, all: BTreeMap<String, u64>) {
    let total: u64 = all.values().sum();
    println!("  {what}: {total} requests in {ms} ms");
    for (k, n) in all {
        println!("    {n} × {k}");
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    println!("bench: labels page and members panel (release UI behind nginx, dev server, headless Chromium)");
    let stack: &'static Stack = Box::leak(Box::new(Stack::start(Backend::DevServer(Config { seed_demo: true, ..Default::default() }))));
    stack
        .with_browser(move |c| async move {
            stack.sign_in(&c).await?;
            let labels =
                stack.call("GET", &format!("/api/v2/labels?orgID={}", stack.org_id()), None).1["labels"].as_array().map_or(0, Vec::len);
            let dashboards = stack.dashboards();
            println!("  seed: {} dashboards, {labels} labels", dashboards.len());
            // Asked before the count starts: the harness's own GET /orgs is not the page's.
            let org = stack.org_id();
            stack.reset_requests();
            let t = Instant::now();
            c.goto(&format!("{}/ui/orgs/{org}/labels", stack.base)).await?;
            wait(&c, &tid("label-list")).await?;
            print("open the labels page (a full load: the app signs in from its cookie first)", t.elapsed().as_millis(), stack.requests());
            let id = dashboards.iter().find(|d| !d.cells.is_empty()).map(|d| d.id.0.clone()).unwrap_or_else(|| dashboards[0].id.0.clone());
            c.goto(&format!("{}/ui/orgs/{org}/dashboards/{id}", stack.base)).await?;
            wait(&c, &tid("members-open")).await?;
            stack.reset_requests();
            let t = Instant::now();
            wait(&c, &tid("members-open")).await?.click().await?;
            wait(&c, &tid("member-search")).await?;
            print("open the members panel of a dashboard", t.elapsed().as_millis(), stack.requests());
            Ok(())
        })
        .await;
}
