//! `--ui DIR`: the built UI, compressed for browsers that accept it.
//! Regression: the 1 MB+ wasm went out uncompressed.

use influx_devserver::{spawn_background, Config};
use std::path::PathBuf;

struct Answer {
    status: u16,
    content_type: String,
    encoding: Option<String>,
    vary: Option<String>,
    body: Vec<u8>,
}

fn get(base: &str, path: &str, accept_encoding: Option<&str>) -> Answer {
    let mut req = ureq::get(&format!("{base}{path}"));
    if let Some(a) = accept_encoding {
        req = req.set("Accept-Encoding", a);
    }
    let r = req.call().expect("GET");
    let mut body = Vec::new();
    let (status, content_type) = (r.status(), r.header("content-type").unwrap_or("").to_owned());
    let (encoding, vary) = (r.header("content-encoding").map(str::to_owned), r.header("vary").map(str::to_owned));
    std::io::Read::read_to_end(&mut r.into_reader(), &mut body).expect("body");
    Answer { status, content_type, encoding, vary, body }
}

/// A dist like trunk's: index.html, a wasm with no precompressed copy, a JS file with a
/// `.gz` beside it (the hook's output; its content is a marker, to see which file was sent).
fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("devserver-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>app</title>".repeat(20)).unwrap();
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0".repeat(5000)).unwrap();
    std::fs::write(dir.join("app.js"), "export function run() {}\n".repeat(200)).unwrap();
    std::fs::write(dir.join("app.js.gz"), b"\x1f\x8bprecompressed").unwrap();
    dir
}

#[test]
fn ui_files_are_sent_compressed() {
    let dir = dist();
    let addr = spawn_background(Config { ui_dir: Some(dir.clone()), quiet: true, ..Default::default() }).expect("server");
    let base = format!("http://{addr}");

    // No precompressed wasm: compressed on the fly, brotli preferred when both are accepted.
    let raw = get(&base, "/app_bg.wasm", None);
    assert_eq!((raw.status, raw.encoding.as_deref(), raw.content_type.as_str()), (200, None, "application/wasm"));
    assert_eq!(raw.body.len(), 40_000);
    for (accept, want) in [("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br, zstd", "br")] {
        let a = get(&base, "/app_bg.wasm", Some(accept));
        assert_eq!((a.status, a.encoding.as_deref(), a.content_type.as_str()), (200, Some(want), "application/wasm"), "{accept}");
        assert!(a.body.len() < 1_000, "{accept}: {} bytes", a.body.len());
        assert!(a.vary.unwrap_or_default().to_ascii_lowercase().contains("accept-encoding"));
    }
    let gz = get(&base, "/app_bg.wasm", Some("gzip"));
    assert_eq!(&gz.body[..2], b"\x1f\x8b", "a gzip stream");

    // The build's .gz is sent as it is, with the type of the file it stands for.
    let js = get(&base, "/app.js", Some("gzip"));
    assert_eq!((js.encoding.as_deref(), js.body.as_slice()), (Some("gzip"), &b"\x1f\x8bprecompressed"[..]));
    assert!(js.content_type.starts_with("text/javascript"), "{}", js.content_type);
    let plain = get(&base, "/app.js", None);
    assert_eq!((plain.encoding, plain.body.len()), (None, 25 * 200));

    // The app's routes still get index.html, compressed too.
    let page = get(&base, "/orgs/0123456789abcdef/dashboards", Some("gzip"));
    assert_eq!((page.status, page.encoding.as_deref()), (200, Some("gzip")));
    assert!(page.content_type.starts_with("text/html"));

    let _ = std::fs::remove_dir_all(&dir);
}
