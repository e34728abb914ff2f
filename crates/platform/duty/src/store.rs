//! Obligations in the database: one row each, with their extensions. Portals keep their own
//! records (an appeal, a comment) and point to the obligation that carries the deadline.

use chrono::NaiveDate;
use opengov_kernel::{Db, DbError, Ts, Tx, WorkCalendar, db_run, tx_run};

use crate::obligation::{Extension, Obligation, Outcome, State};
use crate::rules::Kind;

const DATE: &str = "%Y-%m-%d";

fn date_text(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

/// What the obligation is about: a portal's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Such as `appeal`, `comment`, `question`.
    pub kind: String,
    pub id: String,
}

fn state_columns(o: &Obligation) -> (&'static str, Option<Ts>, Option<&'static str>, Option<i64>) {
    match &o.state {
        State::Open => ("open", None, None, None),
        State::Answered { at, outcome } => {
            ("answered", Some(Ts::from(*at)), Some(outcome.code()), None)
        }
        State::Redirected { at, to_body } => {
            ("redirected", Some(Ts::from(*at)), None, Some(*to_body))
        }
        State::Withdrawn { at } => ("withdrawn", Some(Ts::from(*at)), None, None),
    }
}

/// Stores a newly registered obligation; returns its id.
pub async fn insert(
    tx: &mut Tx,
    calendar: &WorkCalendar,
    now: Ts,
    o: &Obligation,
    subject: &Subject,
    parent: Option<i64>,
) -> Result<i64, DbError> {
    let (state, state_at, outcome, redirected_to) = state_columns(o);
    let id: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO obligations (owner_body_id, kind, subject_type, subject_id, received_at, registered_on, \
         original_due_on, due_on, due_at, redirect_by, state, state_at, outcome, redirected_to_body_id, parent_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id"
    )
    .bind(o.owner_body)
    .bind(o.kind.code())
    .bind(&subject.kind)
    .bind(&subject.id)
    .bind(Ts::from(o.received_at))
    .bind(date_text(o.registered_on))
    .bind(date_text(o.original_due_on))
    .bind(date_text(o.due_on))
    .bind(Ts::from(o.due_at(calendar)))
    .bind(date_text(o.redirect_by))
    .bind(state)
    .bind(state_at)
    .bind(outcome)
    .bind(redirected_to)
    .bind(parent)
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    save_extensions(tx, id, o).await?;
    Ok(id)
}

/// Writes the obligation's current state, due date and any new extensions.
pub async fn save(
    tx: &mut Tx,
    calendar: &WorkCalendar,
    id: i64,
    o: &Obligation,
) -> Result<(), DbError> {
    let (state, state_at, outcome, redirected_to) = state_columns(o);
    tx_run!(tx, |c| sqlx::query(
        "UPDATE obligations SET due_on = $1, due_at = $2, state = $3, state_at = $4, outcome = $5, \
         redirected_to_body_id = $6 WHERE id = $7"
    )
    .bind(date_text(o.due_on))
    .bind(Ts::from(o.due_at(calendar)))
    .bind(state)
    .bind(state_at)
    .bind(outcome)
    .bind(redirected_to)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    save_extensions(tx, id, o).await
}

async fn save_extensions(tx: &mut Tx, id: i64, o: &Obligation) -> Result<(), DbError> {
    let stored: i64 = tx_run!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM obligation_extensions WHERE obligation_id = $1"
    )
    .bind(id)
    .fetch_one(&mut *c)
    .await)?;
    for e in o
        .extensions
        .iter()
        .skip(usize::try_from(stored).unwrap_or(0))
    {
        tx_run!(tx, |c| {
            sqlx::query(
            "INSERT INTO obligation_extensions (obligation_id, decided_at, by_user_id, reason, from_date, until_date, notify_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(id)
        .bind(Ts::from(e.decided_at))
        .bind(e.by_user)
        .bind(&e.reason)
        .bind(date_text(e.from))
        .bind(date_text(e.until))
        .bind(date_text(e.notify_by))
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    owner_body_id: i64,
    kind: String,
    received_at: Ts,
    registered_on: String,
    original_due_on: String,
    due_on: String,
    redirect_by: String,
    state: String,
    state_at: Option<Ts>,
    outcome: Option<String>,
    redirected_to_body_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ExtensionRow {
    decided_at: Ts,
    by_user_id: i64,
    reason: String,
    from_date: String,
    until_date: String,
    notify_by: String,
}

fn parse_date(text: &str) -> Result<NaiveDate, DbError> {
    NaiveDate::parse_from_str(text, DATE).map_err(|e| DbError::Decode(Box::new(e)))
}

fn corrupt(what: &str) -> DbError {
    DbError::Decode(format!("obligations: unexpected {what}").into())
}

/// Loads an obligation (inside the transaction that will change it); `None` if there is none.
pub async fn load(tx: &mut Tx, id: i64) -> Result<Option<Obligation>, DbError> {
    let row: Option<Row> = tx_run!(tx, |c| {
        sqlx::query_as(
        "SELECT owner_body_id, kind, received_at, registered_on, original_due_on, due_on, redirect_by, state, \
         state_at, outcome, redirected_to_body_id FROM obligations WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await
    })?;
    let Some(row) = row else { return Ok(None) };
    let extensions: Vec<ExtensionRow> = tx_run!(tx, |c| {
        sqlx::query_as(
        "SELECT decided_at, by_user_id, reason, from_date, until_date, notify_by FROM obligation_extensions \
         WHERE obligation_id = $1 ORDER BY id"
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await
    })?;
    let at = row.state_at.map(|t| t.0);
    let state = match (row.state.as_str(), at) {
        ("open", _) => State::Open,
        ("answered", Some(at)) => State::Answered {
            at,
            outcome: row
                .outcome
                .as_deref()
                .and_then(Outcome::from_code)
                .ok_or_else(|| corrupt("outcome"))?,
        },
        ("redirected", Some(at)) => State::Redirected {
            at,
            to_body: row
                .redirected_to_body_id
                .ok_or_else(|| corrupt("redirect"))?,
        },
        ("withdrawn", Some(at)) => State::Withdrawn { at },
        _ => return Err(corrupt("state")),
    };
    let mut exts = Vec::with_capacity(extensions.len());
    for e in extensions {
        exts.push(Extension {
            decided_at: e.decided_at.0,
            by_user: e.by_user_id,
            reason: e.reason,
            from: parse_date(&e.from_date)?,
            until: parse_date(&e.until_date)?,
            notify_by: parse_date(&e.notify_by)?,
        });
    }
    Ok(Some(Obligation {
        owner_body: row.owner_body_id,
        kind: Kind::from_code(&row.kind).ok_or_else(|| corrupt("kind"))?,
        received_at: row.received_at.0,
        registered_on: parse_date(&row.registered_on)?,
        original_due_on: parse_date(&row.original_due_on)?,
        due_on: parse_date(&row.due_on)?,
        extensions: exts,
        state,
        redirect_by: parse_date(&row.redirect_by)?,
    }))
}

/// Open obligations past their due time at `now`, oldest deadline first (optionally of one
/// body): `(id, owner body)`.
pub async fn overdue(
    db: &Db,
    now: Ts,
    owner: Option<i64>,
    limit: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT id, owner_body_id FROM obligations WHERE state = 'open' AND due_at < $1 \
         AND ($2 IS NULL OR owner_body_id = $2) ORDER BY due_at, id LIMIT $3"
    )
    .bind(now)
    .bind(owner)
    .bind(limit.clamp(1, 10_000))
    .fetch_all(c)
    .await)
}
