//! The built UI as nginx (deploy/nginx) sends it: wasm, JS and CSS compressed for a browser
//! that accepts it, and a console with no warnings or errors on load.
//! Regressions: the 1 MB+ wasm went out uncompressed; Chrome warned about the `integrity`
//! attribute on trunk's wasm preload.

use e2e::*;
use std::io::Read;
use std::time::Duration;

struct Answer {
    status: u16,
    content_type: String,
    encoding: Option<String>,
    body: Vec<u8>,
}

fn get(path: &str, accept_encoding: Option<&str>) -> Answer {
    let mut req = ureq::get(&format!("{}{path}", stack().base));
    if let Some(a) = accept_encoding {
        req = req.set("Accept-Encoding", a);
    }
    let r = req.call().unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let (status, content_type) = (r.status(), r.header("content-type").unwrap_or("").to_owned());
    let encoding = r.header("content-encoding").map(str::to_owned);
    let mut body = Vec::new();
    r.into_reader().read_to_end(&mut body).expect("body");
    Answer { status, content_type, encoding, body }
}

/// The files index.html loads (`/ui/…` in quotes), by extension.
fn assets(html: &str, ext: &str) -> Vec<String> {
    html.split(['"', '\''])
        .filter(|t| t.starts_with("/ui/") && t.ends_with(ext))
        .map(str::to_owned)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn wasm_js_and_css_come_compressed_through_nginx() {
    let index = get("/ui/", Some("gzip, br"));
    assert_eq!(index.status, 200);
    let html = String::from_utf8(get("/ui/", None).body).expect("index.html");
    for (ext, content_type) in [(".wasm", "application/wasm"), (".js", "javascript"), (".css", "text/css")] {
        let files = assets(&html, ext);
        assert!(!files.is_empty(), "index.html loads no {ext}:\n{html}");
        for path in files {
            let plain = get(&path, None);
            assert_eq!((plain.status, plain.encoding.as_deref()), (200, None), "{path} without Accept-Encoding");
            let packed = get(&path, Some("gzip, br"));
            assert_eq!(packed.status, 200, "{path}");
            assert!(packed.content_type.contains(content_type), "{path}: Content-Type {}", packed.content_type);
            match packed.encoding.as_deref() {
                Some("gzip") => assert_eq!(&packed.body[..2], b"\x1f\x8b", "{path}: not a gzip stream"),
                Some("br") => {}
                other => panic!("{path}: Content-Encoding {other:?}, want gzip or br"),
            }
            assert!(packed.body.len() * 2 < plain.body.len(), "{path}: {} bytes compressed, {} plain", packed.body.len(), plain.body.len());
            eprintln!("{path}: {} B plain, {} B {}", plain.body.len(), packed.body.len(), packed.encoding.unwrap_or_default());
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_is_clean_on_load() {
    with_browser(|c| async move {
        // Signed out: the sign-in page. Then signed in: the index, with its API calls.
        c.goto(&format!("{}/ui/", stack().base)).await?;
        wait(&c, &tid("username")).await?;
        stack().sign_in(&c).await?;
        // Chrome reports a preload that the page did not use after a few seconds.
        tokio::time::sleep(Duration::from_secs(4)).await;
        let log = browser_log(&c).await?;
        let noisy: Vec<_> = log.iter().filter(|e| matches!(e["level"].as_str(), Some("WARNING" | "SEVERE"))).collect();
        assert!(noisy.is_empty(), "console warnings or errors on load:\n{noisy:#?}");
        Ok(())
    })
    .await
}
