//! Enqueueing, claiming and finishing jobs.

use chrono::Duration;
use opengov_kernel::db::Backend;
use opengov_kernel::{Db, DbError, Ts, Tx, db_run, tx_run};
use serde_json::Value;

/// A job as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub state: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: Ts,
    pub last_error: Option<String>,
    pub created_at: Ts,
    pub finished_at: Option<Ts>,
}

/// Adds a job to run at `run_at` (or now), in the caller's transaction.
pub async fn enqueue(
    tx: &mut Tx,
    now: Ts,
    kind: &str,
    payload: &Value,
    run_at: Option<Ts>,
    max_attempts: i32,
) -> Result<i64, DbError> {
    tx_run!(tx, |c| sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at, created_at) \
         VALUES ($1, $2, 'queued', 0, $3, $4, $5) RETURNING id"
    )
    .bind(kind)
    .bind(payload.to_string())
    .bind(max_attempts)
    .bind(run_at.unwrap_or(now))
    .bind(now)
    .fetch_one(&mut *c)
    .await)
}

/// A job that has been running this long is assumed abandoned (its worker died).
const STALE_MINUTES: i64 = 15;

/// Claims the next due job for `worker`, marking it running.
pub async fn claim(db: &Db, now: Ts, worker: &str) -> Result<Option<JobRow>, DbError> {
    let stale = Ts(now.0 - Duration::minutes(STALE_MINUTES));
    let sql = match db.backend() {
        Backend::Postgres => {
            "UPDATE jobs SET state = 'running', locked_at = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM jobs \
                         WHERE (state = 'queued' AND run_at <= $1) OR (state = 'running' AND locked_at < $3) \
                         ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, payload, state, attempts, max_attempts, run_at, last_error, created_at, finished_at"
        }
        Backend::Sqlite => {
            "UPDATE jobs SET state = 'running', locked_at = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM jobs \
                         WHERE (state = 'queued' AND run_at <= $1) OR (state = 'running' AND locked_at < $3) \
                         ORDER BY run_at, id LIMIT 1) \
             RETURNING id, kind, payload, state, attempts, max_attempts, run_at, last_error, created_at, finished_at"
        }
    };
    db_run!(db, |c| sqlx::query_as(sql)
        .bind(now)
        .bind(worker)
        .bind(stale)
        .fetch_optional(c)
        .await)
}

/// Marks a job done.
pub async fn complete(db: &Db, id: i64, now: Ts) -> Result<(), DbError> {
    db_run!(db, |c| {
        sqlx::query(
        "UPDATE jobs SET state = 'done', finished_at = $1, locked_at = NULL, locked_by = NULL, last_error = NULL WHERE id = $2"
    )
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The delay before retry number `attempt` (1-based): 30 s doubling, at most 6 hours.
#[must_use]
pub fn backoff(attempt: i32) -> Duration {
    let exp = u32::try_from(attempt.clamp(1, 20) - 1).unwrap_or(0);
    let secs = 30_i64.saturating_mul(2_i64.saturating_pow(exp));
    Duration::seconds(secs.min(6 * 3600))
}

/// Records a failure: retried later, or `failed` once attempts are used up.
pub async fn fail(db: &Db, job: &JobRow, now: Ts, error: &str) -> Result<(), DbError> {
    let error: String = error.chars().take(2000).collect();
    if job.attempts >= job.max_attempts {
        db_run!(db, |c| {
            sqlx::query(
            "UPDATE jobs SET state = 'failed', finished_at = $1, last_error = $2, locked_at = NULL, locked_by = NULL WHERE id = $3"
        )
        .bind(now)
        .bind(&error)
        .bind(job.id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
        })?;
    } else {
        let next = Ts(now.0 + backoff(job.attempts));
        db_run!(db, |c| {
            sqlx::query(
            "UPDATE jobs SET state = 'queued', run_at = $1, last_error = $2, locked_at = NULL, locked_by = NULL WHERE id = $3"
        )
        .bind(next)
        .bind(&error)
        .bind(job.id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Puts a failed job back in the queue with fresh attempts; returns whether it was failed.
pub async fn retry(tx: &mut Tx, id: i64, now: Ts) -> Result<bool, DbError> {
    let n = tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, finished_at = NULL WHERE id = $2 AND state = 'failed'"
    )
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Counts of jobs per state, for `/metrics` and the admin page.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state"
    )
    .fetch_all(c)
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(30), Duration::hours(6));
    }
}
