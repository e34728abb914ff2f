//! The job handlers of the platform, and periodic maintenance.

use std::time::Duration;

use chrono::Duration as ChronoDuration;
use opengov_jobs::Registry;
use opengov_kernel::{Ts, db_run};
use opengov_web::AppState;
use tokio::sync::watch;

/// Every handler the platform registers.
#[must_use]
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.register(
        opengov_notify::outbox::SEND_JOB,
        |state: AppState, payload| async move {
            let id = payload
                .get("outbox_id")
                .and_then(serde_json::Value::as_i64)
                .ok_or_else(|| "payload has no outbox_id".to_owned())?;
            opengov_notify::smtp::deliver(&state.db, state.config.smtp.as_ref(), id, state.now())
                .await
        },
    );
    registry.register(
        opengov_opendata::datastore::LOAD_JOB,
        |state: AppState, payload| async move {
            let id = payload
                .get("load")
                .and_then(serde_json::Value::as_i64)
                .ok_or_else(|| "payload has no load".to_owned())?;
            opengov_opendata::datastore::run_load(&state, id).await
        },
    );
    registry
}

/// Deletes expired sessions, used tokens, old rate-limit events and uploads never attached to
/// an appeal, publishes an audit checkpoint at the head of the chain, and refreshes the
/// query planner's statistics on SQLite.
pub async fn maintenance(state: &AppState) -> Result<(), opengov_kernel::DbError> {
    let now = state.now();
    let day_ago = Ts(now.0 - ChronoDuration::days(1));
    db_run!(&state.db, |c| sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1"
    )
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    db_run!(&state.db, |c| sqlx::query(
        "DELETE FROM email_tokens WHERE expires_at < $1"
    )
    .bind(day_ago)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    opengov_accounts::ratelimit::prune(&state.db, now).await?;
    opengov_audit::chain::checkpoint(&state.db, now).await?;
    state.db.optimize().await?;
    if let Err(err) = opengov_dialogue::upload::clean_pending(state).await {
        tracing::warn!(%err, "cleaning stale uploads failed");
    }
    if let Err(err) = opengov_opendata::datastore::drop_orphans(state).await {
        tracing::warn!(%err, "dropping orphan datastore tables failed");
    }
    Ok(())
}

/// Runs maintenance every hour until shutdown.
#[must_use]
pub fn spawn_maintenance(
    state: AppState,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(err) = maintenance(&state).await {
                tracing::warn!(%err, "maintenance failed");
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_hours(1)) => {}
                _ = shutdown.changed() => break,
            }
        }
    })
}
