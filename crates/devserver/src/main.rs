//! `influx-devserver`: see `--help`.

use clap::Parser;
use influx_devserver::{serve, Config};
use std::path::PathBuf;

/// An InfluxDB OSS 2.x-compatible API server for influx-dashboards.
#[derive(Parser, Debug)]
#[command(name = "influx-devserver", version, about, max_term_width = 100)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, value_name = "N", default_value_t = 8086)]
    port: u16,
    /// Write the port actually bound to FILE once listening
    #[arg(long, value_name = "FILE")]
    port_file: Option<PathBuf>,
    /// Persist to DIR/devserver.json (default: in memory)
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Seed the demo org, users, labels and 150 dashboards
    #[arg(long, value_enum)]
    seed: Option<Seed>,
    /// How many dashboards --seed demo makes [default: 150]
    #[arg(long, value_name = "N")]
    seed_dashboards: Option<usize>,
    /// Add N demo dashboards to the org that POST /api/v2/setup onboards
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed_onboarded_dashboards: usize,
    /// influxd's feature flag: the org filter of GET /dashboards pages
    #[arg(long)]
    enforce_org_dashboard_limits: bool,
    /// Serve the built UI from DIR (single-page-app fallback; wasm, JS and CSS compressed)
    #[arg(long, value_name = "DIR")]
    ui: Option<PathBuf>,
    /// Enable /debug/faults and /debug/requests (for tests and benches)
    ///
    /// POST /debug/faults {"path":"/api/v2/dashboards","method":"GET","count":1,
    /// "status":500,"code":"…","message":"…","delayMs":0,"drop":false} makes the next `count`
    /// API requests whose path starts with `path` fail with that status (status 0: only wait
    /// delayMs); "drop":true closes the connection instead, unanswered: a network error for
    /// the client. GET /debug/faults lists the rules, DELETE clears them.
    #[arg(long, verbatim_doc_comment)]
    faults: bool,
    /// Session length in minutes
    #[arg(long, value_name = "N", default_value_t = 60)]
    session_minutes: i64,
    /// No request log
    #[arg(long)]
    quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Seed {
    /// The demo org, users, labels and dashboards
    Demo,
}

fn main() {
    let args = Args::parse();
    let config = Config {
        data_dir: args.data_dir,
        seed_demo: matches!(args.seed, Some(Seed::Demo)),
        faults: args.faults,
        ui_dir: args.ui,
        quiet: args.quiet,
        session_minutes: args.session_minutes,
        seed_dashboards: args.seed_dashboards.unwrap_or(0),
        seed_onboarded_dashboards: args.seed_onboarded_dashboards,
        enforce_org_dashboard_limits: args.enforce_org_dashboard_limits,
    };
    let port = args.port;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
        let addr = listener.local_addr().expect("bound address");
        if let Some(f) = &args.port_file {
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
