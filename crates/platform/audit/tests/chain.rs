//! The audit chain: appends in order, verifies, and detects edits, removals and truncation.

use opengov_audit::{Actor, Event, append, verify};
use opengov_kernel::{Ts, db_run};
use opengov_test_support::TestApp;
use serde_json::json;

type R = Result<(), Box<dyn std::error::Error>>;

async fn write(app: &TestApp, n: usize) -> R {
    for i in 0..n {
        let mut tx = app.db().begin().await?;
        append(
            &mut tx,
            app.state.now(),
            &Actor::official(1, "Official One"),
            Event::new("test.action", "thing", i)
                .data(json!({"n": i, "note": "без персональных данных"})),
        )
        .await?;
        tx.commit().await?;
        app.clock.advance(chrono::Duration::seconds(1));
    }
    Ok(())
}

#[tokio::test]
async fn an_untouched_chain_verifies_and_publishes_checkpoints() -> R {
    let app = TestApp::spawn().await;
    write(&app, 130).await?;
    let report = verify(app.db(), None).await?;
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.entries, 130);
    assert_eq!(report.checkpoints, 2, "every 64th entry is a checkpoint");
    let cps: serde_json::Value = reqwest::get(app.url("/api/v1/audit/checkpoints"))
        .await?
        .json()
        .await?;
    assert_eq!(cps[0]["seq"], 128);
    Ok(())
}

#[tokio::test]
async fn editing_a_row_in_the_database_is_detected_at_that_row() -> R {
    let app = TestApp::spawn().await;
    write(&app, 10).await?;
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE audit_log SET action = 'test.innocent' WHERE seq = 4"
    )
    .execute(c)
    .await
    .map(|_| ()))?;
    let report = verify(app.db(), None).await?;
    assert_eq!(report.broken.map(|b| b.0), Some(4));
    Ok(())
}

#[tokio::test]
async fn editing_the_payload_or_time_is_detected() -> R {
    let app = TestApp::spawn().await;
    write(&app, 5).await?;
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE audit_log SET payload = '{\"n\":99}' WHERE seq = 2"
    )
    .execute(c)
    .await
    .map(|_| ()))?;
    assert_eq!(verify(app.db(), None).await?.broken.map(|b| b.0), Some(2));
    let app = TestApp::spawn().await;
    write(&app, 5).await?;
    let later = Ts(app.state.now().0 + chrono::Duration::days(1));
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE audit_log SET at = $1 WHERE seq = 3"
    )
    .bind(later)
    .execute(c)
    .await
    .map(|_| ()))?;
    assert_eq!(verify(app.db(), None).await?.broken.map(|b| b.0), Some(3));
    Ok(())
}

#[tokio::test]
async fn deleting_a_row_in_the_middle_is_detected() -> R {
    let app = TestApp::spawn().await;
    write(&app, 10).await?;
    db_run!(app.db(), |c| sqlx::query(
        "DELETE FROM audit_log WHERE seq = 6"
    )
    .execute(c)
    .await
    .map(|_| ()))?;
    let report = verify(app.db(), None).await?;
    assert_eq!(report.broken.map(|b| b.0), Some(6));
    Ok(())
}

#[tokio::test]
async fn truncating_the_tail_is_detected_by_the_head_and_by_checkpoints() -> R {
    let app = TestApp::spawn().await;
    write(&app, 70).await?;
    // Remove the tail only: the head still records entry 70.
    db_run!(app.db(), |c| sqlx::query(
        "DELETE FROM audit_log WHERE seq > 60"
    )
    .execute(c)
    .await
    .map(|_| ()))?;
    assert!(!verify(app.db(), None).await?.ok());
    // Even a careful forger who also rewinds the head is caught by the published checkpoint 64.
    let hash60: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT hash FROM audit_log WHERE seq = 60"
    )
    .fetch_one(c)
    .await)?;
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE audit_head SET seq = 60, hash = $1"
    )
    .bind(&hash60)
    .execute(c)
    .await
    .map(|_| ()))?;
    let report = verify(app.db(), None).await?;
    assert_eq!(report.broken.map(|b| b.0), Some(64));
    Ok(())
}

#[tokio::test]
async fn a_checkpoint_saved_elsewhere_catches_a_rewritten_history() -> R {
    let app = TestApp::spawn().await;
    write(&app, 20).await?;
    let saved: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT hash FROM audit_log WHERE seq = 20"
    )
    .fetch_one(c)
    .await)?;
    assert!(verify(app.db(), Some((20, saved.clone()))).await?.ok());
    // Rewrite everything from scratch (all hashes consistent, but different history).
    db_run!(app.db(), |c| sqlx::query("DELETE FROM audit_log")
        .execute(c)
        .await
        .map(|_| ()))?;
    db_run!(app.db(), |c| sqlx::query("DELETE FROM audit_checkpoints")
        .execute(c)
        .await
        .map(|_| ()))?;
    db_run!(app.db(), |c| {
        sqlx::query("UPDATE audit_head SET seq = 0, hash = '0000000000000000000000000000000000000000000000000000000000000000'")
        .execute(c)
        .await
        .map(|_| ())
    })?;
    write(&app, 20).await?;
    assert!(verify(app.db(), None).await?.ok(), "internally consistent");
    let report = verify(app.db(), Some((20, saved))).await?;
    assert_eq!(report.broken.map(|b| b.0), Some(20));
    Ok(())
}

#[tokio::test]
async fn the_public_page_and_api_list_entries_without_personal_data() -> R {
    let app = TestApp::spawn().await;
    let client = app.client();
    app.post_form(
        &client,
        "/account/signup",
        &[
            ("display_name", "Secret Name"),
            ("email", "secret@example.kz"),
            ("password", "Orange-Steppe-2026!"),
            ("password_confirm", "Orange-Steppe-2026!"),
        ],
    )
    .await;
    write(&app, 3).await?;
    let page = reqwest::get(app.url("/audit?lang=en"))
        .await?
        .text()
        .await?;
    assert!(page.contains("Account created") && page.contains("Official One"));
    let api = reqwest::get(app.url("/api/v1/audit?after=0&limit=2"))
        .await?
        .text()
        .await?;
    let json: serde_json::Value = serde_json::from_str(&api)?;
    assert_eq!(json["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["next_after"], 2);
    let all = reqwest::get(app.url("/api/v1/audit?limit=1000"))
        .await?
        .text()
        .await?;
    for leak in ["secret@example.kz", "Secret Name"] {
        assert!(
            !all.contains(leak) && !page.contains(leak),
            "{leak} leaked into the public log"
        );
    }
    Ok(())
}

#[tokio::test]
async fn concurrent_appends_keep_one_unbroken_chain() -> R {
    let app = TestApp::spawn().await;
    let mut handles = Vec::new();
    for t in 0..4 {
        let db = app.db().clone();
        let now = app.state.now();
        handles.push(tokio::spawn(async move {
            for i in 0..10 {
                let mut tx = db.begin().await?;
                append(
                    &mut tx,
                    now,
                    &Actor::system(),
                    Event::new("test.concurrent", "thing", t * 100 + i),
                )
                .await?;
                tx.commit().await?;
            }
            Ok::<_, opengov_kernel::DbError>(())
        }));
    }
    for h in handles {
        h.await??;
    }
    let report = verify(app.db(), None).await?;
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.entries, 40);
    Ok(())
}
