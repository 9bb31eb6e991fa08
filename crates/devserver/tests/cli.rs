//! The command line: clap's --help, --version and errors, and the flags ./x passes.

use std::process::{Command, Output};

fn devserver(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_influx-devserver")).args(args).output().expect("run influx-devserver")
}

#[test]
fn help_lists_every_flag() {
    let out = devserver(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--port",
        "--port-file",
        "--data-dir",
        "--seed",
        "--seed-dashboards",
        "--seed-onboarded-dashboards",
        "--enforce-org-dashboard-limits",
        "--ui",
        "--faults",
        "--session-minutes",
        "--quiet",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help:\n{help}");
    }
}

#[test]
fn version_is_the_crate_version() {
    let out = devserver(&["--version"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), format!("influx-devserver {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn bad_flags_are_refused_with_status_2() {
    for (args, says) in [
        (&["--seed", "nope"][..], "invalid value 'nope' for '--seed"),
        (&["--port", "70000"][..], "invalid value '70000' for '--port"),
        (&["--prot", "1"][..], "unexpected argument '--prot'"),
        (&["--ui"][..], "a value is required for '--ui"),
    ] {
        let out = devserver(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// What `./x` does: `--port 0 --port-file F --seed demo --faults --quiet`, then reads F.
#[test]
fn port_file_names_the_port_it_listens_on() {
    let dir = std::env::temp_dir().join(format!("devserver-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port_file = dir.join("port");
    let mut child = Command::new(env!("CARGO_BIN_EXE_influx-devserver"))
        .args(["--port", "0", "--seed", "demo", "--seed-dashboards", "3", "--faults", "--quiet", "--session-minutes", "5"])
        .arg("--port-file")
        .arg(&port_file)
        .arg("--data-dir")
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let port = loop {
        if let Some(p) = std::fs::read_to_string(&port_file).ok().filter(|p| !p.is_empty()) {
            break p;
        }
        assert!(std::time::Instant::now() < deadline, "no port file");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let health = ureq::get(&format!("http://127.0.0.1:{port}/health")).call().map(|r| r.status());
    let faults = ureq::get(&format!("http://127.0.0.1:{port}/debug/faults")).call().map(|r| r.status());
    let _ = child.kill();
    let _ = child.wait();
    let persisted = dir.join("devserver.json").exists();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(health.ok(), Some(200));
    assert_eq!(faults.ok(), Some(200), "--faults enables /debug/faults");
    assert!(persisted, "--data-dir persists");
}
