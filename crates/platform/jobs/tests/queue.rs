//! The job queue: runs handlers, retries with backoff, and shows failures to administrators.

use opengov_jobs::{Registry, enqueue, run_once};
use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;
use serde_json::json;

type R = Result<(), Box<dyn std::error::Error>>;

async fn add(app: &TestApp, kind: &str, max_attempts: i32) -> Result<i64, opengov_kernel::DbError> {
    let mut tx = app.db().begin().await?;
    let id = enqueue(
        &mut tx,
        app.state.now(),
        kind,
        &json!({"x": 1}),
        None,
        max_attempts,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn state_of(app: &TestApp, id: i64) -> Result<(String, i32), opengov_kernel::DbError> {
    db_run!(app.db(), |c| sqlx::query_as(
        "SELECT state, attempts FROM jobs WHERE id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)
}

#[tokio::test]
async fn a_job_runs_once_and_is_done() -> R {
    let app = TestApp::spawn().await;
    let mut registry = Registry::new();
    registry.register("test.ok", |_, payload| async move {
        if payload["x"] == 1 {
            Ok(())
        } else {
            Err("bad payload".into())
        }
    });
    let id = add(&app, "test.ok", 3).await?;
    assert!(run_once(&app.state, &registry, "w").await?);
    assert!(!run_once(&app.state, &registry, "w").await?, "nothing left");
    assert_eq!(state_of(&app, id).await?, ("done".to_owned(), 1));
    Ok(())
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_marked_failed() -> R {
    let app = TestApp::spawn().await;
    let mut registry = Registry::new();
    registry.register("test.fail", |_, _| async move {
        Err("the far side is down".into())
    });
    let id = add(&app, "test.fail", 3).await?;
    assert!(run_once(&app.state, &registry, "w").await?);
    assert_eq!(state_of(&app, id).await?, ("queued".to_owned(), 1));
    assert!(
        !run_once(&app.state, &registry, "w").await?,
        "not due before the backoff"
    );
    app.clock.advance(chrono::Duration::seconds(31));
    assert!(run_once(&app.state, &registry, "w").await?);
    app.clock.advance(chrono::Duration::seconds(61));
    assert!(run_once(&app.state, &registry, "w").await?);
    assert_eq!(state_of(&app, id).await?, ("failed".to_owned(), 3));
    // Administrators see it and can retry it.
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    let client = app.client();
    app.sign_in(&client, "admin@example.kz").await;
    let html = client
        .get(app.url("/admin/jobs?lang=en"))
        .send()
        .await?
        .text()
        .await?;
    assert!(html.contains("the far side is down") && html.contains("test.fail"));
    let res = app
        .post_form(&client, &format!("/admin/jobs/{id}/retry"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(state_of(&app, id).await?.0, "queued");
    Ok(())
}

#[tokio::test]
async fn an_unknown_kind_or_a_panicking_handler_fails_visibly_without_killing_the_worker() -> R {
    let app = TestApp::spawn().await;
    let mut registry = Registry::new();
    registry.register("test.panic", |_, _| async move {
        let v: Vec<u8> = Vec::new();
        #[allow(clippy::indexing_slicing)]
        let _ = v[1];
        Ok(())
    });
    let a = add(&app, "test.unknown", 1).await?;
    let b = add(&app, "test.panic", 1).await?;
    assert!(run_once(&app.state, &registry, "w").await?);
    assert!(run_once(&app.state, &registry, "w").await?);
    let errors: Vec<Option<String>> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT last_error FROM jobs WHERE id IN ($1, $2) ORDER BY id"
    )
    .bind(a)
    .bind(b)
    .fetch_all(c)
    .await)?;
    assert!(
        errors[0]
            .as_deref()
            .is_some_and(|e| e.contains("no handler"))
    );
    assert!(errors[1].as_deref().is_some_and(|e| e.contains("panicked")));
    Ok(())
}

#[tokio::test]
async fn a_job_abandoned_by_a_dead_worker_is_claimed_again() -> R {
    let app = TestApp::spawn().await;
    let id = add(&app, "test.ok", 3).await?;
    let claimed = opengov_jobs::queue::claim(app.db(), app.state.now(), "dead").await?;
    assert_eq!(claimed.map(|j| j.id), Some(id));
    assert!(
        opengov_jobs::queue::claim(app.db(), app.state.now(), "other")
            .await?
            .is_none()
    );
    app.clock.advance(chrono::Duration::minutes(16));
    let again = opengov_jobs::queue::claim(app.db(), app.state.now(), "other").await?;
    assert_eq!(again.map(|j| j.id), Some(id));
    Ok(())
}
