//! Rate limits kept in the database, so they hold across processes and nodes.

use chrono::Duration;
use opengov_kernel::{Db, DbError, Ts, db_run};
use opengov_web::{AppError, AppResult};

/// Counts the events of `bucket`/`key` within the window; `Err(retry_after_secs)` when the
/// limit is reached.
pub async fn check(
    db: &Db,
    now: Ts,
    bucket: &str,
    key: &str,
    window_secs: u64,
    max: u32,
) -> Result<Result<(), u64>, DbError> {
    let window = Duration::seconds(i64::try_from(window_secs).unwrap_or(i64::MAX / 2));
    let since = Ts(now.0 - window);
    let (count, oldest): (i64, Option<Ts>) = db_run!(db, |c| sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM rate_events WHERE bucket = $1 AND key = $2 AND at > $3"
    )
    .bind(bucket)
    .bind(key)
    .bind(since)
    .fetch_one(c)
    .await)?;
    if count >= i64::from(max) {
        let retry = oldest.map_or(window_secs, |o| {
            let left = (o.0 + window - now.0).num_seconds();
            u64::try_from(left.max(1)).unwrap_or(1)
        });
        return Ok(Err(retry));
    }
    Ok(Ok(()))
}

/// Refuses with 429 (and `Retry-After`) when the limit is reached; otherwise records one event.
pub async fn enforce(
    db: &Db,
    now: Ts,
    bucket: &str,
    key: &str,
    window_secs: u64,
    max: u32,
) -> AppResult<()> {
    if let Err(retry_after_secs) = check(db, now, bucket, key, window_secs, max).await? {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    record(db, now, bucket, key).await?;
    Ok(())
}

/// Records one event.
pub async fn record(db: &Db, now: Ts, bucket: &str, key: &str) -> Result<(), DbError> {
    db_run!(db, |c| sqlx::query(
        "INSERT INTO rate_events (bucket, key, at) VALUES ($1, $2, $3)"
    )
    .bind(bucket)
    .bind(key)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets the events of one key (after a successful sign-in).
pub async fn clear(db: &Db, bucket: &str, key: &str) -> Result<(), DbError> {
    db_run!(db, |c| sqlx::query(
        "DELETE FROM rate_events WHERE bucket = $1 AND key = $2"
    )
    .bind(bucket)
    .bind(key)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes events older than a day (maintenance).
pub async fn prune(db: &Db, now: Ts) -> Result<u64, DbError> {
    let cutoff = Ts(now.0 - Duration::days(1));
    db_run!(db, |c| sqlx::query("DELETE FROM rate_events WHERE at < $1")
        .bind(cutoff)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
}
