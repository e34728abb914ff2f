//! The outbox and in-site notifications.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use opengov_kernel::{DbError, Role, Ts, Tx, db_run, tx_run};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde_json::json;

/// An email to send.
#[derive(Debug, Clone)]
pub struct Email {
    pub user_id: Option<i64>,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The job kind that delivers one outbox message.
pub const SEND_JOB: &str = "email.send";

/// Queues an email in the caller's transaction; returns the outbox id. The caller also queues
/// the delivery job (see `opengov_jobs::enqueue`) with `{"outbox_id": id}`.
pub async fn email(tx: &mut Tx, now: Ts, message: &Email) -> Result<i64, DbError> {
    let id: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO outbox (user_id, to_email, subject, body_text, state, attempts, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', 0, $5) RETURNING id"
    )
    .bind(message.user_id)
    .bind(&message.to)
    .bind(&message.subject)
    .bind(&message.body)
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    Ok(id)
}

/// Queues an email and its delivery job in the caller's transaction.
pub async fn queue(
    tx: &mut Tx,
    state: &opengov_web::AppState,
    message: &Email,
) -> Result<i64, DbError> {
    let now = state.now();
    let id = email(tx, now, message).await?;
    opengov_jobs::enqueue(
        tx,
        now,
        SEND_JOB,
        &send_payload(id),
        None,
        state.config.jobs.max_attempts,
    )
    .await?;
    Ok(id)
}

/// The payload of the delivery job for an outbox message.
#[must_use]
pub fn send_payload(outbox_id: i64) -> serde_json::Value {
    json!({ "outbox_id": outbox_id })
}

/// Adds an in-site notification.
pub async fn in_site(
    tx: &mut Tx,
    now: Ts,
    user_id: i64,
    subject: &str,
    body: &str,
    link: &str,
) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "INSERT INTO notifications (user_id, subject, body, link, created_at) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(user_id)
    .bind(subject)
    .bind(body)
    .bind(link)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Marks an outbox message delivered (`sent`) or kept (`stored`, when no mail server is set).
pub async fn mark(
    db: &opengov_kernel::Db,
    id: i64,
    state: &str,
    now: Ts,
    error: Option<&str>,
) -> Result<(), DbError> {
    db_run!(db, |c| {
        sqlx::query(
        "UPDATE outbox SET state = $1, attempts = attempts + 1, sent_at = $2, last_error = $3 WHERE id = $4"
    )
    .bind(state)
    .bind((state == "sent").then_some(now))
    .bind(error)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub body_text: String,
    pub state: String,
    pub created_at: Ts,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage<'a> {
    ctx: &'a PageCtx,
    rows: Vec<OutboxRow>,
    smtp: bool,
}

/// `GET /admin/outbox`: the newest 100 messages, for administrators. Only in demo mode or
/// when no mail server is configured: otherwise mail content is not shown to anyone.
pub async fn outbox_page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let smtp = state.config.smtp.is_some();
    if smtp && !state.config.demo {
        return Err(AppError::NotFound);
    }
    let rows: Vec<OutboxRow> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT id, to_email, subject, body_text, state, created_at FROM outbox ORDER BY id DESC LIMIT 100"
    )
    .fetch_all(c)
    .await
    })?;
    ctx.render(&OutboxPage {
        ctx: &ctx,
        rows,
        smtp,
    })
}
