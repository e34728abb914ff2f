//! The command line: help everywhere, migrate, users and roles, audit verification, backup.

#![allow(
    clippy::expect_used,
    reason = "a helper of the tests: failing to run the binary fails the test"
)]

use std::path::Path;
use std::process::{Command, Output};

fn opengov(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opengov"))
        .args(args)
        .env("OPENGOV_DATA_DIR", dir)
        .env_remove("OPENGOV_DATABASE_URL")
        .env("OPENGOV_LOG", "error")
        .output()
        .expect("run opengov")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().expect("dir");
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["demo", "--help"],
        vec!["migrate", "--help"],
        vec!["worker", "--help"],
        vec!["user", "--help"],
        vec!["user", "create", "--help"],
        vec!["user", "grant", "--help"],
        vec!["user", "revoke", "--help"],
        vec!["audit", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "checkpoint", "--help"],
        vec!["backup", "--help"],
    ] {
        let out = opengov(dir.path(), &args);
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn users_roles_audit_and_backup_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(opengov(dir.path(), &["migrate"]).status.success());
    let created = opengov(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "root@example.kz",
            "--name",
            "Root Admin",
            "--role",
            "administrator",
        ],
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(
        stdout(&created).contains("password: "),
        "a generated password is printed once"
    );
    let again = opengov(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "ROOT@example.kz",
            "--name",
            "Twice",
        ],
    );
    assert!(!again.status.success(), "the email is taken");
    let bad = opengov(
        dir.path(),
        &[
            "user",
            "grant",
            "--email",
            "root@example.kz",
            "--role",
            "responder",
        ],
    );
    assert!(!bad.status.success(), "a per-body role needs --body");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--body"));
    let bad = opengov(
        dir.path(),
        &[
            "user",
            "grant",
            "--email",
            "root@example.kz",
            "--role",
            "responder",
            "--body",
            "NOPE",
        ],
    );
    assert!(!bad.status.success());
    let granted = opengov(
        dir.path(),
        &[
            "user",
            "grant",
            "--email",
            "root@example.kz",
            "--role",
            "moderator",
        ],
    );
    assert!(granted.status.success());
    assert_eq!(stdout(&granted).trim(), "granted");
    let revoked = opengov(
        dir.path(),
        &[
            "user",
            "revoke",
            "--email",
            "root@example.kz",
            "--role",
            "moderator",
        ],
    );
    assert_eq!(stdout(&revoked).trim(), "revoked");

    let verified = opengov(dir.path(), &["audit", "verify"]);
    assert!(verified.status.success(), "{}", stdout(&verified));
    assert!(stdout(&verified).contains("audit chain OK"));
    let cp = opengov(dir.path(), &["audit", "checkpoint"]);
    let checkpoint = stdout(&cp)
        .trim()
        .trim_start_matches("checkpoint ")
        .to_owned();
    assert!(
        opengov(dir.path(), &["audit", "verify", "--expect", &checkpoint])
            .status
            .success()
    );

    let backup = dir.path().join("copy.sqlite3");
    let out = opengov(
        dir.path(),
        &["backup", "--out", backup.to_str().expect("path")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(backup.metadata().is_ok_and(|m| m.len() > 0));
    assert!(
        !opengov(
            dir.path(),
            &["backup", "--out", backup.to_str().expect("path")]
        )
        .status
        .success(),
        "never overwrites"
    );

    // Someone edits the log directly in the database file.
    let db = dir.path().join("opengov.sqlite3");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .expect("open");
        sqlx::query("UPDATE audit_log SET object_id = '999' WHERE seq = 2")
            .execute(&pool)
            .await
            .expect("edit");
        pool.close().await;
    });
    let broken = opengov(dir.path(), &["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stdout(&broken).contains("BROKEN at entry 2"),
        "{}",
        stdout(&broken)
    );
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_opengov"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("OPENGOV_DATA_DIR", dir.path())
        .env_remove("OPENGOV_DATABASE_URL")
        .env("OPENGOV_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let listening = lines
        .by_ref()
        .take(50)
        .map_while(Result::ok)
        .any(|l| l.contains("listening"));
    assert!(listening, "the server never said it was listening");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "exit status after SIGTERM: {status}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running 15 s after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
