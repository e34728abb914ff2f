//! The appeals' queries. Every list has an index and a bound (see `migrations/*/0005_appeals.sql`).

use opengov_kernel::{Db, DbError, LocalizedText, Ts, Tx, db_run, tx_run};
use serde_json::Value;

/// A category a body receives appeals in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub body_id: i64,
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

impl CategoryRow {
    #[must_use]
    pub fn name(&self) -> LocalizedText {
        LocalizedText::new(&self.name_kk, &self.name_ru, &self.name_en)
    }
}

/// Active categories of a body, by name code.
pub async fn categories_of(db: &Db, body_id: i64) -> Result<Vec<CategoryRow>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT id, body_id, code, name_kk, name_ru, name_en FROM appeal_categories \
         WHERE body_id = $1 AND active ORDER BY id LIMIT 200"
    )
    .bind(body_id)
    .fetch_all(c)
    .await)
}

/// Every active category (for the statistics and Open311 services).
pub async fn all_categories(db: &Db) -> Result<Vec<CategoryRow>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT id, body_id, code, name_kk, name_ru, name_en FROM appeal_categories \
         WHERE active ORDER BY body_id, id LIMIT 20000"
    )
    .fetch_all(c)
    .await)
}

/// Adds a category (idempotent on `(body, code)`); returns its id.
pub async fn upsert_category(
    tx: &mut Tx,
    body_id: i64,
    code: &str,
    name: &LocalizedText,
) -> Result<i64, DbError> {
    tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO appeal_categories (body_id, code, name_kk, name_ru, name_en, active) \
         VALUES ($1, $2, $3, $4, $5, TRUE) ON CONFLICT (body_id, code) DO UPDATE SET \
         name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en RETURNING id"
    )
    .bind(body_id)
    .bind(code)
    .bind(&name.kk)
    .bind(&name.ru)
    .bind(&name.en)
    .fetch_one(&mut *c)
    .await
    })
}

/// The next registration sequence of a body in a year.
pub async fn next_number(tx: &mut Tx, body_id: i64, year: i32) -> Result<i64, DbError> {
    tx_run!(tx, |c| sqlx::query_scalar(
        "INSERT INTO appeal_numbers (body_id, year, last) VALUES ($1, $2, 1) \
         ON CONFLICT (body_id, year) DO UPDATE SET last = appeal_numbers.last + 1 RETURNING last"
    )
    .bind(body_id)
    .bind(i64::from(year))
    .fetch_one(&mut *c)
    .await)
}

/// Appeals an account filed at or after `since`.
pub async fn filed_since(tx: &mut Tx, applicant: i64, since: Ts) -> Result<i64, DbError> {
    tx_run!(tx, |c| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeals WHERE applicant_id = $1 AND received_at >= $2 AND parent_id IS NULL"
    )
    .bind(applicant)
    .bind(since)
    .fetch_one(&mut *c)
    .await
    })
}

/// A new appeal's row.
#[derive(Debug, Clone)]
pub struct NewAppeal<'a> {
    pub number: &'a str,
    pub body_id: i64,
    pub applicant_id: i64,
    pub kind: &'a str,
    pub category_id: Option<i64>,
    pub lang: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub address: &'a str,
    pub location: Option<(f64, f64)>,
    pub public_allowed: bool,
    pub public_summary: &'a str,
    pub obligation_id: i64,
    pub received_at: Ts,
    pub received_month: &'a str,
    pub due_on: &'a str,
    pub due_at: Ts,
    pub parent_id: Option<i64>,
}

pub async fn insert(tx: &mut Tx, a: &NewAppeal<'_>) -> Result<i64, DbError> {
    tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO appeals (number, body_id, filed_body_id, applicant_id, kind, category_id, lang, subject, text, \
         address, lat, lon, public_allowed, public_summary, status, is_open, obligation_id, received_at, \
         received_month, due_on, due_at, parent_id, created_at, updated_at) \
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'registered', TRUE, $14, $15, $16, $17, \
         $18, $19, $15, $15) RETURNING id"
    )
    .bind(a.number)
    .bind(a.body_id)
    .bind(a.applicant_id)
    .bind(a.kind)
    .bind(a.category_id)
    .bind(a.lang)
    .bind(a.subject)
    .bind(a.text)
    .bind(a.address)
    .bind(a.location.map(|l| l.0))
    .bind(a.location.map(|l| l.1))
    .bind(a.public_allowed)
    .bind(a.public_summary)
    .bind(a.obligation_id)
    .bind(a.received_at)
    .bind(a.received_month)
    .bind(a.due_on)
    .bind(a.due_at)
    .bind(a.parent_id)
    .fetch_one(&mut *c)
    .await
    })
}

/// One appeal, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Appeal {
    pub id: i64,
    pub number: String,
    pub body_id: i64,
    pub filed_body_id: i64,
    pub applicant_id: i64,
    pub kind: String,
    pub category_id: Option<i64>,
    pub lang: String,
    pub subject: String,
    pub text: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub public_allowed: bool,
    pub public_summary: String,
    pub status: String,
    pub is_open: bool,
    pub assignee_id: Option<i64>,
    pub obligation_id: i64,
    pub received_at: Ts,
    pub due_on: String,
    pub due_at: Ts,
    pub parent_id: Option<i64>,
    pub answer_text: Option<String>,
    pub answer_outcome: Option<String>,
    pub answer_how_to_appeal: Option<String>,
    pub answered_at: Option<Ts>,
    pub answered_by: Option<i64>,
    pub answered_on_time: Option<bool>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub hidden_at: Option<Ts>,
    pub hidden_reason: Option<String>,
    pub updated_at: Ts,
}

const APPEAL_COLUMNS: &str = "id, number, body_id, filed_body_id, applicant_id, kind, category_id, lang, subject, text, \
    address, lat, lon, public_allowed, public_summary, status, is_open, assignee_id, obligation_id, received_at, due_on, \
    due_at, parent_id, answer_text, answer_outcome, answer_how_to_appeal, answered_at, answered_by, answered_on_time, \
    rating, rating_comment, hidden_at, hidden_reason, updated_at";

/// Whether a text can be a registration number at all (`BODYCODE-YYYY-NNNNNN`: letters,
/// digits, `-` and `_`). Anything else is not looked up: PostgreSQL refuses some characters in
/// text (NUL), and no such appeal exists anyway.
#[must_use]
pub fn plausible_number(number: &str) -> bool {
    !number.is_empty()
        && number.len() <= 64
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An appeal by its registration number.
pub async fn by_number(db: &Db, number: &str) -> Result<Option<Appeal>, DbError> {
    if !plausible_number(number) {
        return Ok(None);
    }
    let sql = format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE number = $1");
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(number)
        .fetch_optional(c)
        .await)
}

/// An appeal by id.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<Appeal>, DbError> {
    let sql = format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE id = $1");
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// An appeal inside the transaction that will change it.
pub async fn lock(tx: &mut Tx, number: &str) -> Result<Option<Appeal>, DbError> {
    if !plausible_number(number) {
        return Ok(None);
    }
    let sql = format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE number = $1");
    tx_run!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(number)
        .fetch_optional(&mut *c)
        .await)
}

/// Appeals that point to `parent` (complaints about its answer).
pub async fn children(db: &Db, parent: i64) -> Result<Vec<(String, String)>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT number, status FROM appeals WHERE parent_id = $1 ORDER BY id LIMIT 20"
    )
    .bind(parent)
    .fetch_all(c)
    .await)
}

/// Sets the work status (and whether an answer is still owed).
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: crate::domain::Status,
    now: Ts,
) -> Result<(), DbError> {
    tx_run!(tx, |c| sqlx::query(
        "UPDATE appeals SET status = $1, is_open = $2, updated_at = $3 WHERE id = $4"
    )
    .bind(status.code())
    .bind(status.is_open())
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_assignee(
    tx: &mut Tx,
    id: i64,
    assignee: Option<i64>,
    now: Ts,
) -> Result<(), DbError> {
    tx_run!(tx, |c| sqlx::query(
        "UPDATE appeals SET assignee_id = $1, updated_at = $2 WHERE id = $3"
    )
    .bind(assignee)
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Points the appeal to a new deadline (extension) or a new body and obligation (redirect).
pub async fn set_deadline(
    tx: &mut Tx,
    id: i64,
    body_id: i64,
    obligation_id: i64,
    due_on: &str,
    due_at: Ts,
    now: Ts,
) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE appeals SET body_id = $1, obligation_id = $2, due_on = $3, due_at = $4, updated_at = $5 WHERE id = $6"
    )
    .bind(body_id)
    .bind(obligation_id)
    .bind(due_on)
    .bind(due_at)
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The answer and the facts of its timeliness.
#[derive(Debug, Clone)]
pub struct AnswerRow<'a> {
    pub text: &'a str,
    pub outcome: &'a str,
    pub how_to_appeal: &'a str,
    pub by: i64,
    pub on_time: bool,
    pub working_days: i64,
}

pub async fn set_answer(tx: &mut Tx, id: i64, a: &AnswerRow<'_>, now: Ts) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE appeals SET status = 'answered', is_open = FALSE, answer_text = $1, answer_outcome = $2, \
         answer_how_to_appeal = $3, answered_at = $4, answered_by = $5, answered_on_time = $6, \
         answer_working_days = $7, updated_at = $4 WHERE id = $8"
    )
    .bind(a.text)
    .bind(a.outcome)
    .bind(a.how_to_appeal)
    .bind(now)
    .bind(a.by)
    .bind(a.on_time)
    .bind(a.working_days)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn set_rating(
    tx: &mut Tx,
    id: i64,
    rating: i64,
    comment: &str,
    now: Ts,
) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE appeals SET rating = $1, rating_comment = $2, rated_at = $3, status = 'closed', updated_at = $3 \
         WHERE id = $4"
    )
    .bind(rating)
    .bind(comment)
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Hides (`Some(reason)`) or shows again (`None`) the public summary.
pub async fn set_hidden(
    tx: &mut Tx,
    id: i64,
    hidden: Option<(&str, i64)>,
    now: Ts,
) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE appeals SET hidden_at = $1, hidden_reason = $2, hidden_by = $3, updated_at = $4 WHERE id = $5"
    )
    .bind(hidden.map(|_| now))
    .bind(hidden.map(|h| h.0))
    .bind(hidden.map(|h| h.1))
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Who sees a timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Also shown with the public summary.
    Public,
    /// The applicant and the officials.
    Applicant,
    /// Officials only (notes).
    Internal,
}

impl Visibility {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Applicant => "applicant",
            Self::Internal => "internal",
        }
    }
}

/// Adds a timeline entry.
pub async fn add_event(
    tx: &mut Tx,
    appeal_id: i64,
    at: Ts,
    actor: Option<i64>,
    body_id: i64,
    kind: &str,
    visibility: Visibility,
    note: &str,
    data: &Value,
) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "INSERT INTO appeal_events (appeal_id, at, actor_id, body_id, kind, visibility, note, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(appeal_id)
    .bind(at)
    .bind(actor)
    .bind(body_id)
    .bind(kind)
    .bind(visibility.code())
    .bind(note)
    .bind(data.to_string())
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// One timeline entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub at: Ts,
    pub actor_name: Option<String>,
    pub body_id: i64,
    pub kind: String,
    pub visibility: String,
    pub note: String,
    pub data: String,
}

/// The timeline, oldest first; `internal` includes officials' notes.
pub async fn events(db: &Db, appeal_id: i64, internal: bool) -> Result<Vec<EventRow>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT e.at, u.display_name AS actor_name, e.body_id, e.kind, e.visibility, e.note, e.data \
         FROM appeal_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.appeal_id = $1 AND ($2 OR e.visibility <> 'internal') ORDER BY e.id LIMIT 500"
    )
    .bind(appeal_id)
    .bind(internal)
    .fetch_all(c)
    .await
    })
}

#[derive(sqlx::FromRow)]
struct EventOfRow {
    appeal_id: i64,
    #[sqlx(flatten)]
    event: EventRow,
}

/// The public timeline of many appeals at once (Open311 `status_notes`).
pub async fn public_events_of(
    db: &Db,
    appeal_ids: &[i64],
) -> Result<Vec<(i64, EventRow)>, DbError> {
    if appeal_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT e.appeal_id, e.at, NULL AS actor_name, e.body_id, e.kind, e.visibility, e.note, e.data \
         FROM {} JOIN appeal_events e ON e.appeal_id = ids.wanted \
         WHERE e.visibility = 'public' ORDER BY e.appeal_id, e.id",
        db.backend().ids_table()
    );
    let ids = opengov_kernel::db::ids_json(appeal_ids);
    let rows: Vec<EventOfRow> = db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&ids)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().map(|r| (r.appeal_id, r.event)).collect())
}

/// A stored file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub appeal_id: Option<i64>,
    pub user_id: i64,
    pub storage_key: String,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// Records an uploaded file that is not attached yet.
pub async fn add_pending_attachment(db: &Db, row: &AttachmentRow, now: Ts) -> Result<i64, DbError> {
    db_run!(db, |c| {
        sqlx::query_scalar(
        "INSERT INTO appeal_attachments (appeal_id, user_id, storage_key, filename, media_type, size, sha256, created_at) \
         VALUES (NULL, $1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(row.user_id)
    .bind(&row.storage_key)
    .bind(&row.filename)
    .bind(&row.media_type)
    .bind(row.size)
    .bind(&row.sha256)
    .bind(now)
    .fetch_one(c)
    .await
    })
}

/// The uploader's files not attached to an appeal yet, among `ids`.
pub async fn pending_of(db: &Db, user_id: i64, ids: &[i64]) -> Result<Vec<AttachmentRow>, DbError> {
    let rows: Vec<AttachmentRow> = db_run!(db, |c| {
        sqlx::query_as(
        "SELECT id, appeal_id, user_id, storage_key, filename, media_type, size, sha256 FROM appeal_attachments \
         WHERE user_id = $1 AND appeal_id IS NULL ORDER BY id DESC LIMIT 50"
    )
    .bind(user_id)
    .fetch_all(c)
    .await
    })?;
    Ok(rows.into_iter().filter(|r| ids.contains(&r.id)).collect())
}

/// Attaches the uploader's pending files to an appeal.
pub async fn attach(tx: &mut Tx, user_id: i64, ids: &[i64], appeal_id: i64) -> Result<(), DbError> {
    for id in ids {
        tx_run!(tx, |c| {
            sqlx::query(
            "UPDATE appeal_attachments SET appeal_id = $1 WHERE id = $2 AND user_id = $3 AND appeal_id IS NULL"
        )
        .bind(appeal_id)
        .bind(*id)
        .bind(user_id)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

pub async fn attachments(db: &Db, appeal_id: i64) -> Result<Vec<AttachmentRow>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT id, appeal_id, user_id, storage_key, filename, media_type, size, sha256 FROM appeal_attachments \
         WHERE appeal_id = $1 ORDER BY id LIMIT 20"
    )
    .bind(appeal_id)
    .fetch_all(c)
    .await
    })
}

/// Who to tell: the applicant's address, name and language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

pub async fn person(tx: &mut Tx, user_id: i64) -> Result<Option<Person>, DbError> {
    tx_run!(tx, |c| sqlx::query_as(
        "SELECT id, email, display_name FROM users WHERE id = $1"
    )
    .bind(user_id)
    .fetch_optional(&mut *c)
    .await)
}

/// Officials holding `role` in a body: `(user id, name)`.
pub async fn officials_with(
    db: &Db,
    body_id: i64,
    roles: &[&str],
) -> Result<Vec<(i64, String)>, DbError> {
    let rows: Vec<(i64, String, String)> = db_run!(db, |c| {
        sqlx::query_as(
        "SELECT u.id, u.display_name, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.body_id = $1 AND u.disabled_at IS NULL ORDER BY u.display_name, u.id LIMIT 500"
    )
    .bind(body_id)
    .fetch_all(c)
    .await
    })?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for (id, name, role) in rows {
        if roles.contains(&role.as_str()) && !out.iter().any(|(i, _)| *i == id) {
            out.push((id, name));
        }
    }
    Ok(out)
}

/// A line of a list of appeals.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListRow {
    pub id: i64,
    pub number: String,
    pub body_id: i64,
    pub kind: String,
    pub category_id: Option<i64>,
    pub subject: String,
    pub status: String,
    pub is_open: bool,
    pub assignee_id: Option<i64>,
    pub received_at: Ts,
    pub due_on: String,
    pub due_at: Ts,
}

const LIST_COLUMNS: &str = "id, number, body_id, kind, category_id, subject, status, is_open, assignee_id, received_at, due_on, due_at";

/// The queue's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueView {
    /// Open, soonest deadline first.
    Open,
    /// Open and due by the given time.
    DueBy(Ts),
    /// Open and past the deadline at the given time.
    Overdue(Ts),
    Unassigned,
    /// Everything, newest first.
    All,
}

/// One page of a body's queue: open views sort by deadline (keyset on `(due_at, id)`), `All`
/// by newest (keyset on `id`).
pub async fn queue(
    db: &Db,
    body_id: i64,
    view: QueueView,
    kind: Option<&str>,
    category: Option<i64>,
    after: Option<(Ts, i64)>,
    limit: i64,
) -> Result<Vec<ListRow>, DbError> {
    let mut sql = format!("SELECT {LIST_COLUMNS} FROM appeals WHERE body_id = $1");
    let mut bound_ts: Option<Ts> = None;
    match view {
        QueueView::Open => sql.push_str(" AND is_open = TRUE"),
        QueueView::DueBy(t) | QueueView::Overdue(t) => {
            let op = if matches!(view, QueueView::Overdue(_)) {
                "<"
            } else {
                "<="
            };
            sql.push_str(" AND is_open = TRUE AND due_at ");
            sql.push_str(op);
            sql.push_str(" $2");
            bound_ts = Some(t);
        }
        QueueView::Unassigned => sql.push_str(" AND is_open = TRUE AND assignee_id IS NULL"),
        QueueView::All => {}
    }
    if bound_ts.is_none() {
        sql.push_str(" AND $2 IS NULL");
    }
    sql.push_str(" AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR category_id = $4)");
    if view == QueueView::All {
        sql.push_str(" AND ($5 IS NULL OR id < $6) ORDER BY id DESC LIMIT $7");
    } else {
        sql.push_str(
            " AND ($5 IS NULL OR due_at > $5 OR (due_at = $5 AND id > $6)) ORDER BY due_at, id LIMIT $7",
        );
    }
    let (after_ts, after_id) = match after {
        Some((t, id)) => (Some(t), Some(id)),
        None => (None, None),
    };
    // For `All` the cursor is the id alone; `$5` only says whether there is one.
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(body_id)
        .bind(bound_ts)
        .bind(kind)
        .bind(category)
        .bind(after_ts)
        .bind(after_id)
        .bind(limit.clamp(1, 200))
        .fetch_all(c)
        .await)
}

/// An applicant's appeals, newest first (keyset on id).
pub async fn mine(
    db: &Db,
    applicant: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<ListRow>, DbError> {
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM appeals WHERE applicant_id = $1 AND ($2 IS NULL OR id < $2) \
         ORDER BY id DESC LIMIT $3"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(applicant)
        .bind(before)
        .bind(limit.clamp(1, 200))
        .fetch_all(c)
        .await)
}

/// Open appeals past their deadline in the given bodies, oldest deadline first.
pub async fn overdue_in(
    db: &Db,
    bodies: &[i64],
    now: Ts,
    limit: i64,
) -> Result<Vec<ListRow>, DbError> {
    if bodies.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM {} JOIN appeals ON appeals.body_id = ids.wanted \
         WHERE is_open = TRUE AND due_at < $2 ORDER BY due_at, id LIMIT $3",
        db.backend().ids_table()
    );
    let ids = opengov_kernel::db::ids_json(bodies);
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&ids)
        .bind(now)
        .bind(limit.clamp(1, 500))
        .fetch_all(c)
        .await)
}

/// Counts for the workspace tabs of one body: (open, overdue, unassigned).
pub async fn queue_counts(db: &Db, body_id: i64, now: Ts) -> Result<(i64, i64, i64), DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END), 0) \
         FROM appeals WHERE body_id = $1 AND is_open = TRUE"
    )
    .bind(body_id)
    .bind(now)
    .fetch_one(c)
    .await)
}

/// An answer template of a body.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub body_id: i64,
    pub title: String,
    pub text: String,
}

pub async fn templates_of(db: &Db, body_id: i64) -> Result<Vec<TemplateRow>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT id, body_id, title, text FROM answer_templates WHERE body_id = $1 ORDER BY title, id LIMIT 200"
    )
    .bind(body_id)
    .fetch_all(c)
    .await
    })
}

pub async fn add_template(
    tx: &mut Tx,
    body_id: i64,
    title: &str,
    text: &str,
    by: i64,
    now: Ts,
) -> Result<i64, DbError> {
    tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO answer_templates (body_id, title, text, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id"
    )
    .bind(body_id)
    .bind(title)
    .bind(text)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })
}

pub async fn delete_template(tx: &mut Tx, body_id: i64, id: i64) -> Result<u64, DbError> {
    tx_run!(tx, |c| sqlx::query(
        "DELETE FROM answer_templates WHERE id = $1 AND body_id = $2"
    )
    .bind(id)
    .bind(body_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
}

/// Uploads never attached to an appeal and older than `before`: `(id, storage key)`.
pub async fn stale_pending(db: &Db, before: Ts) -> Result<Vec<(i64, String)>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT id, storage_key FROM appeal_attachments WHERE appeal_id IS NULL AND created_at < $1 \
         ORDER BY id LIMIT 1000"
    )
    .bind(before)
    .fetch_all(c)
    .await
    })
}

/// Forgets an upload that was never attached (only while it is still pending).
pub async fn delete_pending(db: &Db, id: i64) -> Result<u64, DbError> {
    db_run!(db, |c| sqlx::query(
        "DELETE FROM appeal_attachments WHERE id = $1 AND appeal_id IS NULL"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}

/// A category by its body and code (Open311 `service_code`); `with_inactive` also finds retired
/// ones, so old requests still resolve.
pub async fn category_by_code(
    db: &Db,
    body_id: i64,
    code: &str,
    with_inactive: bool,
) -> Result<Option<CategoryRow>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT id, body_id, code, name_kk, name_ru, name_en FROM appeal_categories \
         WHERE body_id = $1 AND code = $2 AND ($3 OR active)"
    )
    .bind(body_id)
    .bind(code)
    .bind(with_inactive)
    .fetch_optional(c)
    .await)
}

/// Categories by id, active or not (the services of the appeals in a public list).
pub async fn categories_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<CategoryRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, body_id, code, name_kk, name_ru, name_en \
         FROM {} JOIN appeal_categories ON appeal_categories.id = ids.wanted",
        db.backend().ids_table()
    );
    let ids = opengov_kernel::db::ids_json(ids);
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&ids)
        .fetch_all(c)
        .await)
}

/// Published: the applicant allowed a public summary, no moderator hid it, and it was filed
/// under a category (an Open311 service).
const PUBLISHED: &str = "public_allowed AND hidden_at IS NULL AND category_id IS NOT NULL";

/// Published appeals by registration number, newest first (the unique index on `number`).
pub async fn public_by_numbers(db: &Db, numbers: &[String]) -> Result<Vec<SummaryRow>, DbError> {
    let numbers: Vec<String> = numbers
        .iter()
        .filter(|n| plausible_number(n))
        .cloned()
        .collect();
    let numbers = numbers.as_slice();
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let marks = (1..=numbers.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM appeals WHERE number IN ({marks}) AND {PUBLISHED} \
         ORDER BY id DESC LIMIT 1000"
    );
    db_run!(db, |c| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for n in numbers {
            query = query.bind(n.as_str());
        }
        query.fetch_all(c).await
    })
}

/// Published appeals received in `[from, to]`, optionally only open (`Some(true)`) or closed
/// ones and only in `categories`, newest first. The bound walks `appeals_public
/// (public_allowed, id)` backwards and stops at `limit` (at most 1000).
pub async fn public_feed(
    db: &Db,
    from: Ts,
    to: Ts,
    open: Option<bool>,
    categories: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<SummaryRow>, DbError> {
    let mut sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM appeals WHERE {PUBLISHED} AND received_at >= $1 \
         AND received_at <= $2 AND ($3 IS NULL OR is_open = $3)"
    );
    if let Some(categories) = categories {
        if categories.is_empty() {
            return Ok(Vec::new());
        }
        let list = categories
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        sql.push_str(" AND category_id IN (");
        sql.push_str(&list);
        sql.push(')');
    }
    sql.push_str(" ORDER BY id DESC LIMIT $4");
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(from)
        .bind(to)
        .bind(open)
        .bind(limit.clamp(1, 1000))
        .fetch_all(c)
        .await)
}

// --- Public statistics, public summaries and moderation (issue points 6 and 8) ---

/// One group of the statistics query: appeals of a body received in a month, in a category,
/// answered in `days` working days (`None`: not answered).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatsRow {
    pub body_id: i64,
    pub received_month: String,
    pub category_id: Option<i64>,
    pub days: Option<i64>,
    pub received: i64,
    pub on_time: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    pub overdue: i64,
}

/// Every figure of the public statistics in one GROUP BY (one ordered scan of the
/// `appeals_stats` index): counts per body, month, category and working days to answer.
/// `overdue` counts open appeals past their deadline at `now`. No personal data is read.
pub async fn stats_rows(db: &Db, now: Ts) -> Result<Vec<StatsRow>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT body_id, received_month, category_id, answer_working_days AS days, \
         COUNT(*) AS received, \
         COALESCE(SUM(CASE WHEN answered_on_time THEN 1 ELSE 0 END), 0) AS on_time, \
         COUNT(rating) AS ratings, \
         COALESCE(CAST(SUM(rating) AS BIGINT), 0) AS rating_sum, \
         COALESCE(SUM(CASE WHEN is_open AND due_at < $1 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM appeals \
         GROUP BY body_id, received_month, category_id, answer_working_days"
    )
    .bind(now)
    .fetch_all(c)
    .await)
}

/// What the public may see of an appeal whose applicant allowed a public summary: never the
/// applicant, the text, the address, the files or the answer's text.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub number: String,
    pub body_id: i64,
    pub kind: String,
    pub category_id: Option<i64>,
    pub lang: String,
    pub subject: String,
    pub public_summary: String,
    pub status: String,
    pub is_open: bool,
    pub received_at: Ts,
    pub due_on: String,
    pub due_at: Ts,
    pub answered_on_time: Option<bool>,
    pub hidden_at: Option<Ts>,
    pub hidden_reason: Option<String>,
    pub updated_at: Ts,
}

const SUMMARY_COLUMNS: &str = "id, number, body_id, kind, category_id, lang, subject, public_summary, status, \
    is_open, received_at, due_on, due_at, answered_on_time, hidden_at, hidden_reason, updated_at";

/// One page of public summaries, newest first (keyset on id, index `appeals_public`).
pub async fn public_page(
    db: &Db,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<SummaryRow>, DbError> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM appeals WHERE public_allowed AND hidden_at IS NULL \
         AND ($1 IS NULL OR id < $1) ORDER BY id DESC LIMIT $2"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(before)
        .bind(limit.clamp(1, 201))
        .fetch_all(c)
        .await)
}

/// The public part of an appeal whose applicant allowed it (hidden or not).
pub async fn public_by_number(db: &Db, number: &str) -> Result<Option<SummaryRow>, DbError> {
    if !plausible_number(number) {
        return Ok(None);
    }
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM appeals WHERE number = $1 AND public_allowed");
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(number)
        .fetch_optional(c)
        .await)
}

/// Summaries hidden by moderators, most recently hidden first (index `appeals_hidden`).
pub async fn recently_hidden(db: &Db, limit: i64) -> Result<Vec<SummaryRow>, DbError> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM appeals WHERE hidden_at IS NOT NULL \
         ORDER BY hidden_at DESC, id DESC LIMIT $1"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(limit.clamp(1, 200))
        .fetch_all(c)
        .await)
}

/// Records a flag; `false` when this account already flagged the appeal (one each).
pub async fn add_flag(
    tx: &mut Tx,
    appeal_id: i64,
    user_id: i64,
    reason: &str,
    now: Ts,
) -> Result<bool, DbError> {
    let n = tx_run!(tx, |c| {
        sqlx::query(
        "INSERT INTO appeal_flags (appeal_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (appeal_id, user_id) DO NOTHING"
    )
    .bind(appeal_id)
    .bind(user_id)
    .bind(reason)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n > 0)
}

/// Marks the open flags of an appeal as dealt with; returns how many.
pub async fn resolve_flags(tx: &mut Tx, appeal_id: i64, now: Ts) -> Result<u64, DbError> {
    tx_run!(tx, |c| sqlx::query(
        "UPDATE appeal_flags SET resolved_at = $1 WHERE appeal_id = $2 AND resolved_at IS NULL"
    )
    .bind(now)
    .bind(appeal_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
}

/// An open flag with the public part of its appeal.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FlagRow {
    pub appeal_id: i64,
    pub number: String,
    pub body_id: i64,
    pub subject: String,
    pub public_summary: String,
    pub lang: String,
    pub reason: String,
    pub created_at: Ts,
}

/// Open flags, grouped by appeal (oldest appeal first), bounded (index `appeal_flags_open`).
pub async fn open_flags(db: &Db, limit: i64) -> Result<Vec<FlagRow>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT f.appeal_id, a.number, a.body_id, a.subject, a.public_summary, a.lang, f.reason, f.created_at \
         FROM appeal_flags f JOIN appeals a ON a.id = f.appeal_id \
         WHERE f.resolved_at IS NULL ORDER BY f.appeal_id, f.id LIMIT $1"
    )
    .bind(limit.clamp(1, 2000))
    .fetch_all(c)
    .await
    })
}
