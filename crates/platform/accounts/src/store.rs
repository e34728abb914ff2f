//! Account queries.

use chrono::Duration;
use opengov_kernel::secret::{random_token, token_hash};
use opengov_kernel::{Db, DbError, Ts, Tx, db_run, tx_run};

/// An account as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub email_confirmed_at: Option<Ts>,
    pub identity_verified_at: Option<Ts>,
    pub created_at: Ts,
    pub disabled_at: Option<Ts>,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, email_confirmed_at, \
    identity_verified_at, created_at, disabled_at";

pub async fn find_by_email(db: &Db, email_key: &str) -> Result<Option<UserRecord>, DbError> {
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email_key = $1"
    )))
    .bind(email_key)
    .fetch_optional(c)
    .await)
}

pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRecord>, DbError> {
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Inserts an account; `None` when the email is taken.
pub async fn insert_user(
    tx: &mut Tx,
    now: Ts,
    email: &str,
    display_name: &str,
    password_hash: &str,
    confirmed: bool,
) -> Result<Option<i64>, DbError> {
    let key = crate::validate::email_key(email);
    let exists: Option<i64> = tx_run!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key = $1"
    )
    .bind(&key)
    .fetch_optional(&mut *c)
    .await)?;
    if exists.is_some() {
        return Ok(None);
    }
    let id: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO users (email, email_key, display_name, password_hash, email_confirmed_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    )
    .bind(email.trim())
    .bind(&key)
    .bind(display_name.trim())
    .bind(password_hash)
    .bind(confirmed.then_some(now))
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    Ok(Some(id))
}

/// Creates a single-use token for `purpose` (`confirm` or `reset`), valid for `hours`.
pub async fn create_email_token(
    tx: &mut Tx,
    now: Ts,
    user_id: i64,
    purpose: &str,
    hours: i64,
) -> Result<String, DbError> {
    let token = random_token("");
    tx_run!(tx, |c| {
        // Only the newest link of a purpose works.
        sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
            .bind(now)
            .bind(user_id)
            .bind(purpose)
            .execute(&mut *c)
            .await?;
        sqlx::query(
            "INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(purpose)
        .bind(now)
        .bind(Ts(now.0 + Duration::hours(hours)))
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(token)
}

/// The user a valid, unused token belongs to (without using it).
pub async fn peek_email_token(
    db: &Db,
    now: Ts,
    token: &str,
    purpose: &str,
) -> Result<Option<i64>, DbError> {
    db_run!(db, |c| {
        sqlx::query_scalar(
        "SELECT user_id FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3"
    )
    .bind(token_hash(token))
    .bind(purpose)
    .bind(now)
    .fetch_optional(c)
    .await
    })
}

/// Uses a token: returns its user when it was valid and unused.
pub async fn take_email_token(
    tx: &mut Tx,
    now: Ts,
    token: &str,
    purpose: &str,
) -> Result<Option<i64>, DbError> {
    tx_run!(tx, |c| {
        sqlx::query_scalar(
        "UPDATE email_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id"
    )
    .bind(now)
    .bind(token_hash(token))
    .bind(purpose)
    .fetch_optional(&mut *c)
    .await
    })
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> Result<(), DbError> {
    tx_run!(tx, |c| sqlx::query(
        "UPDATE users SET password_hash = $1 WHERE id = $2"
    )
    .bind(hash)
    .bind(user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a user, except the one whose hash is given.
pub async fn end_sessions(
    tx: &mut Tx,
    user_id: i64,
    keep_hash: Option<&str>,
) -> Result<(), DbError> {
    tx_run!(tx, |c| sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2"
    )
    .bind(user_id)
    .bind(keep_hash.unwrap_or(""))
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An API token as listed on the profile.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: Ts,
    pub last_used_at: Option<Ts>,
    pub revoked_at: Option<Ts>,
}

pub async fn tokens_of(db: &Db, user_id: i64) -> Result<Vec<TokenRecord>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
    )
    .bind(user_id)
    .fetch_all(c)
    .await
    })
}

/// Creates an API token; returns (id, the token itself — shown once).
pub async fn create_token(
    tx: &mut Tx,
    now: Ts,
    user_id: i64,
    name: &str,
) -> Result<(i64, String), DbError> {
    let token = random_token("og_");
    let prefix: String = token.chars().take(10).collect();
    let id: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(user_id)
    .bind(name)
    .bind(token_hash(&token))
    .bind(&prefix)
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    Ok((id, token))
}

/// Revokes one of the user's tokens; returns whether it was active.
pub async fn revoke_token(
    tx: &mut Tx,
    now: Ts,
    user_id: i64,
    token_id: i64,
) -> Result<bool, DbError> {
    let n = tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL"
    )
    .bind(now)
    .bind(token_id)
    .bind(user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// An in-site notification.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRecord {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub created_at: Ts,
}

pub async fn notifications_of(db: &Db, user_id: i64) -> Result<Vec<NotificationRecord>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT id, subject, body, link, created_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT 20"
    )
    .bind(user_id)
    .fetch_all(c)
    .await
    })
}
