//! The `rediflow` binary as an operator uses it: clear one-line failures, idempotent jobs,
//! a server that refuses a stale schema and stops cleanly on SIGTERM.

use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

/// The binary with a clean environment and a working directory without `.env` files.
fn rediflow(env: &[(&str, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rediflow"));
    command.env_clear().current_dir(std::env::temp_dir());
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

fn run(env: &[(&str, String)], args: &[&str]) -> Output {
    rediflow(env).args(args).output().expect("binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn assert_one_clean_line(output: &Output) {
    let text = stderr(output);
    assert_eq!(
        text.trim_end().lines().count(),
        1,
        "one line expected: {text}"
    );
    assert!(
        !text.contains("panicked")
            && !text.contains("backtrace")
            && !text.contains("RUST_BACKTRACE"),
        "{text}"
    );
}

#[test]
fn help_documents_every_subcommand() {
    let output = run(&[], &["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    for command in [
        "serve",
        "migrate",
        "setup-rls-app-role",
        "seed-calendars",
        "check-config",
    ] {
        assert!(text.contains(command), "{command} missing from --help");
    }
}

#[test]
fn invalid_settings_stop_with_one_line_naming_the_variable() {
    let output = run(&[], &["serve"]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clean_line(&output);
    assert!(
        stderr(&output).contains("DATABASE_URL is not set"),
        "{}",
        stderr(&output)
    );

    let db = ("DATABASE_URL", "postgres://a:b@127.0.0.1:1/x".to_string());
    for (name, value) in [
        ("DB_POOL_SIZE", "lots"),
        ("RLS_ENABLED", "perhaps"),
        ("SECRET_KEY", "short"),
    ] {
        let output = run(&[db.clone(), (name, value.to_string())], &["serve"]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert_one_clean_line(&output);
        assert!(stderr(&output).contains(name), "{}", stderr(&output));
    }
    let output = run(&[db, ("APP_ENV", "qa".into())], &["migrate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("APP_URL is not set"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unreachable_database_is_one_line_without_the_password() {
    let output = run(
        &[(
            "DATABASE_URL",
            "postgres://owner:s3cret@127.0.0.1:1/nowhere".to_string(),
        )],
        &["serve"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_one_clean_line(&output);
    let text = stderr(&output);
    assert!(
        text.contains("cannot connect to the database at postgres://owner:***@127.0.0.1:1/nowhere"),
        "{text}"
    );
    assert!(!text.contains("s3cret"));
}

#[test]
fn check_config_masks_secrets_and_names_layers() {
    let output = run(
        &[
            (
                "DATABASE_URL",
                "postgres://owner:s3cret@127.0.0.1/db".to_string(),
            ),
            ("POSTGRES_APP_PASSWORD", "apps3cret".to_string()),
            ("SECRET_KEY", "z".repeat(80)),
            ("DB_POOL_SIZE", "7".to_string()),
        ],
        &["check-config"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        !text.contains("s3cret") && !text.contains("apps3cret") && !text.contains(&"z".repeat(80)),
        "{text}"
    );
    assert!(text.contains("postgres://owner:***@127.0.0.1/db"), "{text}");
    let pool_line = text
        .lines()
        .find(|l| l.starts_with("DB_POOL_SIZE"))
        .unwrap();
    assert!(
        pool_line.contains(" 7 ") && pool_line.ends_with("[environment]"),
        "{pool_line}"
    );
    let bind_line = text.lines().find(|l| l.starts_with("BIND")).unwrap();
    assert!(
        bind_line.contains("127.0.0.1:5000") && bind_line.ends_with("[default]"),
        "{bind_line}"
    );
}

#[test]
fn migrate_is_idempotent_and_serve_refuses_pending_migrations() {
    let database = create_empty_database();
    let env = [("DATABASE_URL", owner_url(&database))];

    let output = run(&env, &["serve"]);
    assert_eq!(output.status.code(), Some(1));
    assert_one_clean_line(&output);
    let text = stderr(&output);
    assert!(
        text.contains("pending migration") && text.contains("rediflow migrate"),
        "{text}"
    );

    let output = run(&env, &["migrate", "--check"]);
    assert_eq!(output.status.code(), Some(1));

    let output = run(&env, &["migrate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(
        stdout(&output).contains(&format!("Applied {migrations} migration(s)")),
        "{}",
        stdout(&output)
    );
    let output = run(&env, &["migrate"]);
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("nothing to apply"),
        "{}",
        stdout(&output)
    );
    assert!(run(&env, &["migrate", "--check"]).status.success());

    let output = run(&env, &["seed-calendars"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("FI: 1515 holidays 2000-2100, 1515 added"),
        "{}",
        stdout(&output)
    );
    let output = run(&env, &["seed-calendars"]);
    assert!(
        stdout(&output).contains("FI: 1515 holidays 2000-2100, 0 added"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn setup_rls_app_role_needs_a_password_and_runs_twice() {
    let database = create_test_database();
    let output = run(
        &[("DATABASE_URL", owner_url(&database))],
        &["setup-rls-app-role"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("POSTGRES_APP_PASSWORD is not set"),
        "{}",
        stderr(&output)
    );
    let env = [
        ("DATABASE_URL", owner_url(&database)),
        ("POSTGRES_APP_PASSWORD", APP_ROLE_PASSWORD.to_string()),
    ];
    for _ in 0..2 {
        let output = run(&env, &["setup-rls-app-role"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stdout(&output).contains("role rediflow_app"),
            "{}",
            stdout(&output)
        );
    }
}

/// Starts `rediflow serve` with `env` on a free port, waits until it answers, stops it with
/// SIGTERM and returns what it wrote to stderr, after checking that it stopped in time and cleanly.
fn serve_until_ready_then_stop(env: &[(&str, String)]) -> String {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut env = env.to_vec();
    env.push(("BIND", format!("127.0.0.1:{port}")));
    let mut child = rediflow(&env)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let started = Instant::now();
    loop {
        // Ready when it answers HTTP: by then the signal handlers are installed too.
        if healthz_ok(port) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        assert!(child.try_wait().unwrap().is_none(), "server exited early");
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(15),
            "server ignored SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    assert!(
        status.success(),
        "exit status {status}: {}",
        stderr(&output)
    );
    stderr(&output)
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let database = create_test_database();
    let env: Vec<(&str, String)> = test_settings(&database, &[])
        .into_iter()
        .filter(|(k, _)| k != "BIND")
        .map(|(k, v)| (leak(k), v))
        .collect();
    let log = serve_until_ready_then_stop(&env);
    assert!(log.contains("stopped"), "{log}");
}

/// Row-level security is on in qa and prod unless RLS_ENABLED=false says otherwise, and then
/// every start says so.
#[test]
fn production_runs_with_row_level_security_unless_told_otherwise() {
    let database = create_test_database();
    let production = [
        ("APP_ENV", "prod".to_string()),
        ("APP_URL", "https://rediflow.example.org".to_string()),
        ("SECRET_KEY", "p".repeat(64)),
        ("DATABASE_URL", owner_url(&database)),
        ("POLICY_NO_AUTH_DEFAULT", "view_only".to_string()),
    ];
    let mut with_app_role = production.to_vec();
    with_app_role.push(("DATABASE_URL_APP", app_url(&database)));
    let output = run(&with_app_role, &["check-config"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rls_line = stdout(&output)
        .lines()
        .find(|line| line.starts_with("RLS_ENABLED "))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(
        rls_line.contains("true (the default in prod)") && rls_line.contains("[derived]"),
        "{rls_line}"
    );

    // Without the app role's connection it cannot serve.
    let output = run(&production, &["serve"]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clean_line(&output);
    let text = stderr(&output);
    assert!(
        text.contains("DATABASE_URL_APP is not set") && text.contains("the default in qa and prod"),
        "{text}"
    );

    let log = serve_until_ready_then_stop(&with_app_role);
    assert!(!log.contains("RLS_ENABLED=false"), "{log}");

    let mut turned_off = production.to_vec();
    turned_off.push(("RLS_ENABLED", "false".to_string()));
    for start in 1..=2 {
        let log = serve_until_ready_then_stop(&turned_off);
        assert!(
            log.contains("RLS_ENABLED=false in prod")
                && log.contains("row-level security is bypassed"),
            "start {start}: {log}"
        );
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn production_refuses_to_run_without_sign_in_unless_told() {
    let database = create_test_database();
    let env = [
        ("APP_ENV", "prod".to_string()),
        ("APP_URL", "https://rediflow.example.org".to_string()),
        ("SECRET_KEY", "p".repeat(64)),
        ("DATABASE_URL", owner_url(&database)),
        ("DATABASE_URL_APP", app_url(&database)),
    ];
    let output = run(&env, &["serve"]);
    assert_eq!(output.status.code(), Some(1));
    assert_one_clean_line(&output);
    assert!(
        stderr(&output).contains("POLICY_NO_AUTH_DEFAULT"),
        "{}",
        stderr(&output)
    );
}

/// One plain HTTP/1.1 GET of /healthz, without an async runtime.
fn healthz_ok(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}
