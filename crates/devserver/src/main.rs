//! `influx-devserver`: see `--help`.

use influx_devserver::{serve, Config};
use std::path::PathBuf;

const HELP: &str = r#"influx-devserver: an InfluxDB OSS 2.x-compatible API server for influx-dashboards

USAGE: influx-devserver [OPTIONS]

OPTIONS:
  --port N            port on 127.0.0.1 (default 8086; 0 picks a free one)
  --port-file FILE    write the port actually bound to FILE once listening
  --data-dir DIR      persist to DIR/devserver.json (default: in memory)
  --seed demo         seed the demo org, users, labels and 150 dashboards
  --seed-dashboards N how many dashboards --seed demo makes (default 150)
  --seed-onboarded-dashboards N
                      add N demo dashboards to the org that POST /api/v2/setup onboards
  --enforce-org-dashboard-limits
                      influxd's feature flag: the org filter of GET /dashboards pages
  --ui DIR            serve the built UI from DIR (single-page-app fallback)
  --faults            enable /debug/faults and /debug/requests (for tests and benches).
                      POST /debug/faults {"path":"/api/v2/dashboards","method":"GET","count":1,
                        "status":500,"code":"…","message":"…","delayMs":0,"drop":false}
                      makes the next `count` API requests whose path starts with `path`
                      fail with that status (status 0: only wait delayMs); "drop":true
                      closes the connection instead, unanswered: a network error for the
                      client. GET /debug/faults lists the rules, DELETE clears them.
  --session-minutes N session length (default 60)
  --quiet             no request log
"#;

fn main() {
    let mut config = Config::default();
    let mut port: u16 = 8086;
    let mut port_file: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().unwrap_or_else(|| fail(&format!("{name} needs a value")));
        match arg.as_str() {
            "--port" => port = value("--port").parse().unwrap_or_else(|_| fail("--port takes a number from 0 to 65535")),
            "--port-file" => port_file = Some(value("--port-file").into()),
            "--data-dir" => config.data_dir = Some(value("--data-dir").into()),
            "--seed" => match value("--seed").as_str() {
                "demo" => config.seed_demo = true,
                other => fail(&format!("unknown seed {other:?}: the only one is \"demo\"")),
            },
            "--seed-dashboards" => {
                config.seed_dashboards = value("--seed-dashboards").parse().unwrap_or_else(|_| fail("--seed-dashboards takes a number"))
            }
            "--seed-onboarded-dashboards" => {
                config.seed_onboarded_dashboards =
                    value("--seed-onboarded-dashboards").parse().unwrap_or_else(|_| fail("--seed-onboarded-dashboards takes a number"))
            }
            "--enforce-org-dashboard-limits" => config.enforce_org_dashboard_limits = true,
            "--ui" => config.ui_dir = Some(value("--ui").into()),
            "--faults" => config.faults = true,
            "--session-minutes" => {
                config.session_minutes = value("--session-minutes").parse().unwrap_or_else(|_| fail("--session-minutes takes a number"))
            }
            "--quiet" => config.quiet = true,
            "-h" | "--help" => {
                print!("{HELP}");
                return;
            }
            other => fail(&format!("unknown option {other}\n\n{HELP}")),
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
        let addr = listener.local_addr().expect("bound address");
        if let Some(f) = &port_file {
            std::fs::write(f, addr.port().to_string()).unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", f.display())));
        }
        println!("influx-devserver listening on http://{addr}");
        if let Err(e) = serve(listener, config).await {
            fail(&e.to_string());
        }
    });
}

fn fail(msg: &str) -> ! {
    eprintln!("influx-devserver: {msg}");
    std::process::exit(2);
}
