//! The catalogue's queries. Every list has an index and a bound.

use opengov_kernel::{Db, DbError, LocalizedText, Ts, Tx, db_run, tx_run};

use crate::domain::{DatasetInput, State};

/// A dataset as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Dataset {
    pub id: i64,
    pub name: String,
    pub body_id: i64,
    pub title_kk: String,
    pub title_ru: String,
    pub title_en: String,
    pub description_kk: String,
    pub description_ru: String,
    pub description_en: String,
    pub themes: String,
    pub keywords: String,
    pub licence: String,
    pub frequency: String,
    pub temporal_start: Option<String>,
    pub temporal_end: Option<String>,
    pub spatial: String,
    pub contact_name: String,
    pub contact_email: String,
    pub state: String,
    pub private: bool,
    pub withdrawn_reason: String,
    pub created_at: Ts,
    pub updated_at: Ts,
    pub published_at: Option<Ts>,
}

impl Dataset {
    #[must_use]
    pub fn title(&self) -> LocalizedText {
        LocalizedText::new(&self.title_kk, &self.title_ru, &self.title_en)
    }

    #[must_use]
    pub fn description(&self) -> LocalizedText {
        LocalizedText::new(
            &self.description_kk,
            &self.description_ru,
            &self.description_en,
        )
    }

    #[must_use]
    pub fn state(&self) -> State {
        State::from_code(&self.state).unwrap_or(State::Draft)
    }

    /// Published or withdrawn, private or not: in the catalogue index.
    #[must_use]
    pub fn is_listed(&self) -> bool {
        self.state() != State::Draft
    }

    /// Seen by everyone (published or withdrawn, and not private).
    #[must_use]
    pub fn is_public(&self) -> bool {
        !self.private && self.state() != State::Draft
    }

    #[must_use]
    pub fn theme_codes(&self) -> Vec<&str> {
        self.themes.split_whitespace().collect()
    }

    #[must_use]
    pub fn keyword_list(&self) -> Vec<&str> {
        self.keywords.lines().filter(|k| !k.is_empty()).collect()
    }
}

const COLUMNS: &str = "id, name, body_id, title_kk, title_ru, title_en, description_kk, description_ru, \
    description_en, themes, keywords, licence, frequency, temporal_start, temporal_end, spatial, contact_name, \
    contact_email, state, private, withdrawn_reason, created_at, updated_at, published_at";

fn date_text(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Whether a name is taken (by another dataset than `except`).
pub async fn name_taken(tx: &mut Tx, name: &str, except: Option<i64>) -> Result<bool, DbError> {
    let n: i64 = tx_run!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM datasets WHERE name = $1 AND ($2 IS NULL OR id <> $2)"
    )
    .bind(name)
    .bind(except)
    .fetch_one(&mut *c)
    .await)?;
    Ok(n > 0)
}

/// Records that what the search shows of dataset `id` may have changed, in the transaction of
/// the change (see `crate::search`).
pub async fn touched(tx: &mut Tx, id: i64, now: Ts) -> Result<(), DbError> {
    tx_run!(tx, |c| sqlx::query(
        "INSERT INTO search_changes (kind, entity_id, created_at) VALUES ('dataset', $1, $2)"
    )
    .bind(id)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Creates a draft; returns its id.
pub async fn insert(tx: &mut Tx, d: &DatasetInput, now: Ts) -> Result<i64, DbError> {
    let id: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO datasets (name, body_id, title_kk, title_ru, title_en, description_kk, description_ru, \
         description_en, themes, keywords, licence, frequency, temporal_start, temporal_end, spatial, contact_name, \
         contact_email, state, private, withdrawn_reason, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'draft', $18, '', $19, $19) \
         RETURNING id"
    )
    .bind(&d.name)
    .bind(d.body_id)
    .bind(&d.title.kk)
    .bind(&d.title.ru)
    .bind(&d.title.en)
    .bind(&d.description.kk)
    .bind(&d.description.ru)
    .bind(&d.description.en)
    .bind(d.themes.join(" "))
    .bind(d.keywords.join("\n"))
    .bind(d.licence)
    .bind(d.frequency)
    .bind(date_text(d.temporal.0))
    .bind(date_text(d.temporal.1))
    .bind(&d.spatial)
    .bind(&d.contact_name)
    .bind(&d.contact_email)
    .bind(d.private)
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    touched(tx, id, now).await?;
    Ok(id)
}

/// Replaces the metadata (the body stays).
pub async fn update(tx: &mut Tx, id: i64, d: &DatasetInput, now: Ts) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE datasets SET name = $1, title_kk = $2, title_ru = $3, title_en = $4, description_kk = $5, \
         description_ru = $6, description_en = $7, themes = $8, keywords = $9, licence = $10, frequency = $11, \
         temporal_start = $12, temporal_end = $13, spatial = $14, contact_name = $15, contact_email = $16, \
         private = $17, updated_at = $18 WHERE id = $19"
    )
    .bind(&d.name)
    .bind(&d.title.kk)
    .bind(&d.title.ru)
    .bind(&d.title.en)
    .bind(&d.description.kk)
    .bind(&d.description.ru)
    .bind(&d.description.en)
    .bind(d.themes.join(" "))
    .bind(d.keywords.join("\n"))
    .bind(d.licence)
    .bind(d.frequency)
    .bind(date_text(d.temporal.0))
    .bind(date_text(d.temporal.1))
    .bind(&d.spatial)
    .bind(&d.contact_name)
    .bind(&d.contact_email)
    .bind(d.private)
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    touched(tx, id, now).await
}

/// Moves a dataset to `state` (publishing sets the first publication time; withdrawing keeps
/// the reason).
pub async fn set_state(
    tx: &mut Tx,
    id: i64,
    state: State,
    reason: &str,
    now: Ts,
) -> Result<(), DbError> {
    tx_run!(tx, |c| {
        sqlx::query(
        "UPDATE datasets SET state = $1, withdrawn_reason = $2, updated_at = $3, \
         published_at = CASE WHEN $1 = 'published' AND published_at IS NULL THEN $3 ELSE published_at END \
         WHERE id = $4"
    )
    .bind(state.code())
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    touched(tx, id, now).await
}

pub async fn by_name(db: &Db, name: &str) -> Result<Option<Dataset>, DbError> {
    if !crate::domain::valid_name(name) {
        return Ok(None);
    }
    let sql = format!("SELECT {COLUMNS} FROM datasets WHERE name = $1");
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(name)
        .fetch_optional(c)
        .await)
}

/// A dataset by id or name (CKAN's `id` parameter accepts both).
pub async fn by_id_or_name(db: &Db, key: &str) -> Result<Option<Dataset>, DbError> {
    match key.parse::<i64>() {
        Ok(id) => {
            let sql = format!("SELECT {COLUMNS} FROM datasets WHERE id = $1");
            let found: Option<Dataset> =
                db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(id)
                    .fetch_optional(c)
                    .await)?;
            match found {
                Some(d) => Ok(Some(d)),
                None => by_name(db, key).await,
            }
        }
        Err(_) => by_name(db, key).await,
    }
}

/// A dataset inside the transaction that will change it.
pub async fn lock(tx: &mut Tx, name: &str) -> Result<Option<Dataset>, DbError> {
    if !crate::domain::valid_name(name) {
        return Ok(None);
    }
    let sql = format!("SELECT {COLUMNS} FROM datasets WHERE name = $1");
    tx_run!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(name)
        .fetch_optional(&mut *c)
        .await)
}

/// Public datasets (published or withdrawn, not private), newest first, keyset on id.
pub async fn public_page(
    db: &Db,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Dataset>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM datasets WHERE state IN ('published', 'withdrawn') AND private = FALSE \
         AND ($1 IS NULL OR id < $1) ORDER BY id DESC LIMIT $2"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(before)
        .bind(limit.clamp(1, 1000))
        .fetch_all(c)
        .await)
}

/// Published and withdrawn datasets (private ones too) with ids above `after`, in id order (the
/// search index's rebuild).
pub async fn listed_after(db: &Db, after: i64, limit: i64) -> Result<Vec<Dataset>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM datasets WHERE state IN ('published', 'withdrawn') \
         AND id > $1 ORDER BY id LIMIT $2"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(after)
        .bind(limit.clamp(1, 10_000))
        .fetch_all(c)
        .await)
}

/// Public dataset names in id order (CKAN `package_list`), with offset paging.
pub async fn public_names(db: &Db, limit: i64, offset: i64) -> Result<Vec<String>, DbError> {
    db_run!(db, |c| sqlx::query_scalar(
        "SELECT name FROM datasets WHERE state IN ('published', 'withdrawn') AND private = FALSE \
         ORDER BY id LIMIT $1 OFFSET $2"
    )
    .bind(limit.clamp(1, 10_000))
    .bind(offset.max(0))
    .fetch_all(c)
    .await)
}

/// Every dataset of a body, drafts and private ones included (for its officials).
pub async fn of_body(db: &Db, body_id: i64, limit: i64) -> Result<Vec<Dataset>, DbError> {
    let sql =
        format!("SELECT {COLUMNS} FROM datasets WHERE body_id = $1 ORDER BY id DESC LIMIT $2");
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(body_id)
        .bind(limit.clamp(1, 1000))
        .fetch_all(c)
        .await)
}

/// Public datasets per body: `(body id, count)`.
pub async fn public_counts(db: &Db) -> Result<Vec<(i64, i64)>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT body_id, COUNT(*) FROM datasets WHERE state IN ('published', 'withdrawn') AND private = FALSE \
         GROUP BY body_id ORDER BY body_id"
    )
    .fetch_all(c)
    .await
    })
}

/// The dataset's history: audit entries about it, oldest first.
pub async fn history(db: &Db, dataset_id: i64) -> Result<Vec<(Ts, String, String)>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT at, action, actor_name FROM audit_log WHERE object_type = 'dataset' AND object_id = $1 \
         ORDER BY seq LIMIT 500"
    )
    .bind(dataset_id.to_string())
    .fetch_all(c)
    .await
    })
}

/// Datasets by id (any state; callers decide what to show), in the order of `ids`; unknown
/// ids are left out.
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Dataset>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM {} JOIN datasets ON datasets.id = ids.wanted",
        db.backend().ids_table()
    );
    let list = opengov_kernel::db::ids_json(ids);
    let mut out: Vec<Dataset> = db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&list)
        .fetch_all(c)
        .await)?;
    let position: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    out.sort_by_key(|d| position.get(&d.id).copied().unwrap_or(usize::MAX));
    Ok(out)
}

/// Public datasets by last change, newest first, a page at a time (the Atom feed, CKAN
/// `current_package_list_with_resources`).
pub async fn recently_changed(db: &Db, limit: i64, offset: i64) -> Result<Vec<Dataset>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM datasets WHERE state IN ('published', 'withdrawn') AND private = FALSE \
         ORDER BY updated_at DESC, id DESC LIMIT $1 OFFSET $2"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(limit.clamp(1, 1000))
        .bind(offset.max(0))
        .fetch_all(c)
        .await)
}

/// How many public datasets there are.
pub async fn public_total(db: &Db) -> Result<i64, DbError> {
    db_run!(db, |c| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM datasets WHERE state IN ('published', 'withdrawn') AND private = FALSE"
    )
    .fetch_one(c)
    .await
    })
}

/// Public datasets in id order, a page at a time (the DCAT catalogue).
pub async fn public_names_page(db: &Db, limit: i64, offset: i64) -> Result<Vec<Dataset>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM datasets WHERE state IN ('published', 'withdrawn') AND private = FALSE \
         ORDER BY id LIMIT $1 OFFSET $2"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(limit.clamp(1, 1000))
        .bind(offset.max(0))
        .fetch_all(c)
        .await)
}
