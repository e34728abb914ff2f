//! A dataset's resources: uploaded files (streamed to storage, never whole in memory, up to
//! `limits.upload_bytes`; SHA-256, size and media type sniffed from the content) or links.
//! Replacing a file adds a version; every version stays downloadable at a stable address,
//! `/data/{name}/resources/{id}/v{n}`, and `…/download` is the current one. Downloads are
//! counted per resource and per version. A removed resource leaves the dataset (its lists,
//! API dicts, exports and search) but not the record: its page says when it was removed and its
//! versions stay downloadable at the same addresses.
//!
//! - `POST /data/{name}/resources` (multipart: `name`, `description`, `format`, and `file` or
//!   `url`), `POST /data/{name}/resources/{id}/versions` (multipart: `file`): publishers of the
//!   owning body only.
//! - `POST /data/{name}/resources/{id}/remove`: publishers of the owning body only.
//! - `GET /data/{name}/resources/{id}`, `…/download`, `…/v{n}`: whoever may see the dataset.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_kernel::{Db, DbError, Ts, Tx, db_run, tx_run};
use opengov_web::auth::CurrentUser;
use opengov_web::upload::{self, Upload};
use opengov_web::{AppError, AppResult, AppState, Msg, PageCtx};
use serde_json::json;

use crate::store::{self, Dataset};
use crate::workflow;

/// A resource as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Resource {
    pub id: i64,
    pub dataset_id: i64,
    pub position: i64,
    pub name: String,
    pub description: String,
    /// `upload` or `link`.
    pub kind: String,
    pub url: String,
    pub format: String,
    pub current_version: i64,
    pub downloads: i64,
    pub created_at: Ts,
    pub updated_at: Ts,
    /// When it was taken out of its dataset; `None` while it is part of it.
    pub removed_at: Option<Ts>,
}

/// One version of an uploaded file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Version {
    pub version: i64,
    pub storage_key: String,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub downloads: i64,
    pub created_at: Ts,
    /// Column names of a tabular file, one per line (empty for other files).
    pub columns: String,
}

const RESOURCE_COLUMNS: &str = "id, dataset_id, position, name, description, kind, url, format, \
    current_version, downloads, created_at, updated_at, removed_at";

pub async fn of_dataset(db: &Db, dataset_id: i64) -> Result<Vec<Resource>, DbError> {
    of_datasets(db, &[dataset_id]).await
}

/// The resources of many datasets in one query (the DCAT catalogue pages), in dataset order
/// then position; removed ones are left out.
pub async fn of_datasets(db: &Db, dataset_ids: &[i64]) -> Result<Vec<Resource>, DbError> {
    if dataset_ids.is_empty() {
        return Ok(Vec::new());
    }
    let limit = 500 * dataset_ids.len() as i64;
    let sql = format!(
        "SELECT {RESOURCE_COLUMNS} FROM {} JOIN resources ON resources.dataset_id = ids.wanted \
         WHERE resources.removed_at IS NULL LIMIT $2",
        db.backend().ids_table()
    );
    let ids = opengov_kernel::db::ids_json(dataset_ids);
    let mut rows: Vec<Resource> =
        db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&ids)
            .bind(limit)
            .fetch_all(c)
            .await)?;
    rows.sort_unstable_by_key(|r| (r.dataset_id, r.position, r.id));
    Ok(rows)
}

/// Every resource of many datasets (removed ones left out) with its current version and whether
/// its table is served, in one query (the CKAN package dicts of a search page).
pub async fn with_current_of(
    db: &Db,
    dataset_ids: &[i64],
) -> Result<Vec<(Resource, Option<Version>, bool)>, DbError> {
    with_current(db, dataset_ids, false).await
}

/// [`with_current_of`], with the removed resources too when `removed` is true.
async fn with_current(
    db: &Db,
    dataset_ids: &[i64],
    removed: bool,
) -> Result<Vec<(Resource, Option<Version>, bool)>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        r: Resource,
        v_version: Option<i64>,
        v_storage_key: Option<String>,
        v_filename: Option<String>,
        v_media_type: Option<String>,
        v_size: Option<i64>,
        v_sha256: Option<String>,
        v_downloads: Option<i64>,
        v_created_at: Option<Ts>,
        v_columns: Option<String>,
        active: bool,
    }
    if dataset_ids.is_empty() {
        return Ok(Vec::new());
    }
    let limit = 500 * dataset_ids.len() as i64;
    let sql = format!(
        "SELECT r.id, r.dataset_id, r.position, r.name, r.description, r.kind, r.url, r.format, \
         r.current_version, r.downloads, r.created_at, r.updated_at, r.removed_at, \
         v.version AS v_version, v.storage_key AS v_storage_key, v.filename AS v_filename, \
         v.media_type AS v_media_type, v.size AS v_size, v.sha256 AS v_sha256, \
         v.downloads AS v_downloads, v.created_at AS v_created_at, v.columns AS v_columns, \
         (t.resource_id IS NOT NULL) AS active \
         FROM {} JOIN resources r ON r.dataset_id = ids.wanted \
         LEFT JOIN resource_versions v ON v.resource_id = r.id AND v.version = r.current_version \
         LEFT JOIN datastore_tables t ON t.resource_id = r.id \
         WHERE ($3 OR r.removed_at IS NULL) LIMIT $2",
        db.backend().ids_table()
    );
    let ids = opengov_kernel::db::ids_json(dataset_ids);
    let mut rows: Vec<Row> = db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&ids)
        .bind(limit)
        .bind(removed)
        .fetch_all(c)
        .await)?;
    rows.sort_unstable_by_key(|row| (row.r.dataset_id, row.r.position, row.r.id));
    Ok(rows
        .into_iter()
        .map(|row| {
            let version = match (row.v_version, row.v_created_at) {
                (Some(version), Some(created_at)) => Some(Version {
                    version,
                    storage_key: row.v_storage_key.unwrap_or_default(),
                    filename: row.v_filename.unwrap_or_default(),
                    media_type: row.v_media_type.unwrap_or_default(),
                    size: row.v_size.unwrap_or_default(),
                    sha256: row.v_sha256.unwrap_or_default(),
                    downloads: row.v_downloads.unwrap_or_default(),
                    created_at,
                    columns: row.v_columns.unwrap_or_default(),
                }),
                _ => None,
            };
            (row.r, version, row.active)
        })
        .collect())
}

/// The resources of a dataset and the current version of each that has one, in one query.
pub async fn of_dataset_with_current(
    db: &Db,
    dataset_id: i64,
) -> Result<(Vec<Resource>, Vec<(i64, Version)>), DbError> {
    of_datasets_with_current(db, &[dataset_id]).await
}

/// A dataset's resources and the current version of each, as [`of_dataset_with_current`], and
/// the resources removed from it, newest removal first (the dataset page), in one query.
pub async fn of_dataset_with_removed(
    db: &Db,
    dataset_id: i64,
) -> Result<(Vec<Resource>, Vec<(i64, Version)>, Vec<Resource>), DbError> {
    let mut list = Vec::new();
    let mut current = Vec::new();
    let mut removed = Vec::new();
    for (r, v, _) in with_current(db, &[dataset_id], true).await? {
        if r.removed_at.is_some() {
            removed.push(r);
            continue;
        }
        if let Some(v) = v {
            current.push((r.id, v));
        }
        list.push(r);
    }
    removed.sort_by_key(|r| std::cmp::Reverse(r.removed_at));
    Ok((list, current, removed))
}

/// The resources of many datasets, in dataset order then position, and the current version of
/// each that has one, `(resource id, version)`, in one query.
pub async fn of_datasets_with_current(
    db: &Db,
    dataset_ids: &[i64],
) -> Result<(Vec<Resource>, Vec<(i64, Version)>), DbError> {
    let mut list = Vec::new();
    let mut current = Vec::new();
    for (r, v, _) in with_current_of(db, dataset_ids).await? {
        if let Some(v) = v {
            current.push((r.id, v));
        }
        list.push(r);
    }
    Ok((list, current))
}

async fn versions(db: &Db, resource_id: i64) -> Result<Vec<Version>, DbError> {
    db_run!(db, |c| {
        sqlx::query_as(
        "SELECT version, storage_key, filename, media_type, size, sha256, downloads, created_at, columns \
         FROM resource_versions WHERE resource_id = $1 ORDER BY version DESC LIMIT 1000"
    )
    .bind(resource_id)
    .fetch_all(c)
    .await
    })
}

async fn add_version(
    tx: &mut Tx,
    resource_id: i64,
    stored: &opengov_storage::StoredObject,
    filename: &str,
    media_type: &str,
    by: Option<i64>,
    now: Ts,
) -> Result<i64, DbError> {
    let version: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "UPDATE resources SET current_version = current_version + 1, updated_at = $1 WHERE id = $2 \
         RETURNING current_version"
    )
    .bind(now)
    .bind(resource_id)
    .fetch_one(&mut *c)
    .await
    })?;
    tx_run!(tx, |c| {
        sqlx::query(
        "INSERT INTO resource_versions (resource_id, version, storage_key, filename, media_type, size, sha256, \
         created_by, created_at, columns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )
    .bind(resource_id)
    .bind(version)
    .bind(&stored.key)
    .bind(filename)
    .bind(media_type)
    .bind(stored.size as i64)
    .bind(&stored.sha256)
    .bind(by)
    .bind(now)
    .bind(header_columns(&stored.head, media_type).join("\n"))
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    tx_run!(tx, |c| sqlx::query(
        "INSERT INTO search_changes (kind, entity_id, created_at) \
         SELECT 'dataset', dataset_id, $2 FROM resources WHERE id = $1"
    )
    .bind(resource_id)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    // Tabular files are loaded into the datastore by a job; the previous table keeps serving
    // until the new one is complete.
    if crate::datastore::tabular(&stored.head, filename, media_type).is_some() {
        crate::datastore::enqueue(tx, now, resource_id, version).await?;
    }
    Ok(version)
}

/// Adds a stored file as a dataset's next resource, in the caller's transaction (the demo
/// seeds its tables this way); returns the resource's id. Tabular files are queued for the
/// datastore like any upload.
pub(crate) async fn insert_upload(
    tx: &mut Tx,
    dataset_id: i64,
    name: &str,
    description: &str,
    stored: &opengov_storage::StoredObject,
    filename: &str,
    by: Option<i64>,
    now: Ts,
) -> Result<i64, DbError> {
    let media = sniff(&stored.head, filename);
    let id: i64 = tx_run!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO resources (dataset_id, position, name, description, kind, url, format, created_at, updated_at) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM resources WHERE dataset_id = $1), \
         $2, $3, 'upload', '', $4, $5, $5) RETURNING id"
    )
    .bind(dataset_id)
    .bind(name)
    .bind(description)
    .bind(format_of(media))
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    add_version(tx, id, stored, filename, media, by, now).await?;
    Ok(id)
}

/// The media type of a data file, from its first bytes (and, for text, the file name): what
/// the content is, not what the name claims.
#[must_use]
pub fn sniff(head: &[u8], filename: &str) -> &'static str {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(b"%PDF-") {
        return "application/pdf";
    }
    if starts(b"PK\x03\x04") {
        let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
        return if has(b"xl/") || (has(b"[Content_Types].xml") && ext == "xlsx") {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        } else if has(b"word/") {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        } else {
            "application/zip"
        };
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return "application/vnd.ms-excel";
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return "image/png";
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return "image/jpeg";
    }
    if starts(&[0x1F, 0x8B]) {
        return "application/gzip";
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // Text: no NUL and (cut at a character boundary) valid UTF-8, or single-byte Cyrillic.
    let is_text = !text.contains(&0)
        && (std::str::from_utf8(text).is_ok()
            || std::str::from_utf8(&text[..text.len().saturating_sub(3)]).is_ok()
            || text.iter().all(|b| *b >= 0x20 || b"\r\n\t".contains(b)));
    if !is_text {
        return "application/octet-stream";
    }
    let first = text.iter().find(|b| !b.is_ascii_whitespace()).copied();
    match (ext.as_str(), first) {
        ("json" | "geojson", _) | (_, Some(b'[' | b'{')) => "application/json",
        ("xml" | "rdf", _) | (_, Some(b'<')) => "application/xml",
        ("tsv" | "tab", _) => "text/tab-separated-values",
        ("csv", _) => "text/csv",
        _ => {
            let line = text.split(|b| *b == b'\n').next().unwrap_or_default();
            if line.contains(&b'\t') {
                "text/tab-separated-values"
            } else if line.contains(&b',') || line.contains(&b';') {
                "text/csv"
            } else {
                "text/plain"
            }
        }
    }
}

/// The column names of a CSV or TSV file, from its first line (UTF-8, with or without BOM, or
/// Windows-1251; the delimiter is the most frequent of `,` `;` tab `|` outside quotes).
#[must_use]
pub fn header_columns(head: &[u8], media_type: &str) -> Vec<String> {
    if !matches!(media_type, "text/csv" | "text/tab-separated-values") {
        return Vec::new();
    }
    let bytes = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let line_end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(bytes.len());
    let line = &bytes[..line_end];
    let text = match std::str::from_utf8(line) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(line)
            .0
            .into_owned(),
    };
    let text = text.trim_end_matches('\r');
    let delimiter = [',', ';', '\t', '|']
        .into_iter()
        .max_by_key(|d| text.matches(*d).count())
        .unwrap_or(',');
    // One RFC 4180 line: quoted fields may hold the delimiter and doubled quotes.
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
        .into_iter()
        .map(|f| {
            f.trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect()
        })
        .take(1000)
        .collect()
}

/// What changed in the columns from one version to the next: (added, removed).
#[must_use]
pub fn column_changes(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let added = new
        .iter()
        .filter(|c| !old.contains(c))
        .map(|c| (*c).to_owned())
        .collect();
    let removed = old
        .iter()
        .filter(|c| !new.contains(c))
        .map(|c| (*c).to_owned())
        .collect();
    (added, removed)
}

/// A short format label for a media type (CKAN's `format`).
#[must_use]
pub fn format_of(media_type: &str) -> &'static str {
    match media_type {
        "text/csv" => "CSV",
        "text/tab-separated-values" => "TSV",
        "application/json" => "JSON",
        "application/xml" => "XML",
        "application/pdf" => "PDF",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        "application/vnd.ms-excel" => "XLS",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        "application/zip" => "ZIP",
        "application/gzip" => "GZ",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "text/plain" => "TXT",
        _ => "",
    }
}

/// What a resource form carried (the pages' form, or a CKAN `resource_create` request).
#[derive(Debug, Default)]
pub struct Sent {
    pub name: String,
    pub description: String,
    pub url: String,
    pub file: Option<(opengov_storage::StoredObject, String)>,
    /// Other short text fields (CKAN sends `package_id` and `id`).
    pub other: std::collections::HashMap<String, String>,
}

const TEXT_BYTES: usize = 64 * 1024;

/// Reads a resource form; the file comes in `file_field` (`file` on the pages, `upload` for CKAN
/// clients) and is stored under the dataset (`dataset_id`, or a holding prefix when the dataset
/// is named inside the form).
pub async fn read_form(
    state: &AppState,
    dataset_id: Option<i64>,
    mut multipart: Multipart,
    file_field: &str,
) -> AppResult<Sent> {
    let mut sent = Sent::default();
    let mut fields = 0;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("error-multipart"))?
    {
        fields += 1;
        if fields > 20 {
            return Err(AppError::bad_request("error-multipart"));
        }
        let name = field.name().unwrap_or("").to_owned();
        let filename = field
            .file_name()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(upload::safe_filename);
        match (name.as_str(), filename) {
            (f, Some(filename)) if f == file_field && sent.file.is_none() => {
                let key = upload::new_key(
                    &dataset_id
                        .map_or_else(|| "data/incoming".to_owned(), |id| format!("data/{id}")),
                );
                match upload::store_field(state, field, &key, state.config.limits.upload_bytes)
                    .await?
                {
                    Upload::Stored(s) => sent.file = Some((s, filename)),
                    Upload::TooLarge => return Err(AppError::PayloadTooLarge),
                    Upload::Empty => {
                        return Err(AppError::Unprocessable(Msg::new("resource-error-empty")));
                    }
                }
            }
            (_, None) => {
                let value = upload::read_text(field, TEXT_BYTES).await?;
                let value = value.trim().to_owned();
                match name.as_str() {
                    "name" => sent.name = value,
                    "description" => sent.description = value,
                    "url" => sent.url = value,
                    _ => {
                        sent.other.insert(name, value);
                    }
                }
            }
            _ => upload::drain(field).await?,
        }
    }
    Ok(sent)
}

async fn editable(state: &AppState, ctx: &PageCtx, name: &str) -> AppResult<Dataset> {
    let user = ctx.require_user()?;
    let d = store::by_name(&state.db, name)
        .await?
        .filter(|d| workflow::can_see(Some(user), d))
        .ok_or(AppError::NotFound)?;
    if workflow::can_publish(Some(user), d.body_id) {
        Ok(d)
    } else {
        Err(AppError::forbidden())
    }
}

/// Deletes the stored file of a form that was refused.
pub async fn forget(state: &AppState, sent: &Sent) {
    if let Some((s, _)) = &sent.file {
        let _ = state.storage.delete(&s.key).await;
    }
}

/// `POST /data/{name}/resources`.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let d = editable(&state, &ctx, &name).await?;
    let user = ctx.require_user()?.clone();
    let multipart = multipart.map_err(|_| AppError::bad_request("error-multipart"))?;
    let sent = read_form(&state, Some(d.id), multipart, "file").await?;
    let id = add(&state, &user, &d, &sent).await?;
    Ok(Redirect::to(&format!(
        "/data/{}/resources/{id}?done=notice-resource-added",
        d.name
    ))
    .into_response())
}

/// Adds a resource to a dataset the caller publishes for; returns its id. A refused form's
/// file is deleted.
/// What is wrong with a resource's fields, as the key of the message (the field is in its
/// name: `resource-error-name`, `-description`, `-source`), or `None`.
#[must_use]
pub fn problem(sent: &Sent) -> Option<&'static str> {
    let control = |t: &str| t.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    if sent.name.is_empty() || sent.name.chars().count() > 300 || control(&sent.name) {
        Some("resource-error-name")
    } else if sent.description.chars().count() > 5000 || control(&sent.description) {
        Some("resource-error-description")
    } else if (sent.file.is_none()
        && !(sent.url.starts_with("https://") || sent.url.starts_with("http://")))
        || sent.url.chars().count() > 2000
        || sent
            .url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        Some("resource-error-source")
    } else {
        None
    }
}

pub async fn add(state: &AppState, user: &CurrentUser, d: &Dataset, sent: &Sent) -> AppResult<i64> {
    if !workflow::can_publish(Some(user), d.body_id) {
        forget(state, sent).await;
        return Err(AppError::forbidden());
    }
    if let Some(key) = problem(sent) {
        forget(state, sent).await;
        return Err(AppError::Unprocessable(Msg::new(key)));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let position: i64 = tx_run!(&mut tx, |c| sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM resources WHERE dataset_id = $1"
    )
    .bind(d.id)
    .fetch_one(&mut *c)
    .await)?;
    let (kind, format) = match &sent.file {
        Some((s, filename)) => ("upload", format_of(sniff(&s.head, filename))),
        None => ("link", ""),
    };
    let id: i64 = tx_run!(&mut tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO resources (dataset_id, position, name, description, kind, url, format, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id"
    )
    .bind(d.id)
    .bind(position)
    .bind(&sent.name)
    .bind(&sent.description)
    .bind(kind)
    .bind(if kind == "link" { sent.url.as_str() } else { "" })
    .bind(format)
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    store::touched(&mut tx, d.id, now).await?;
    modified(&mut tx, d.id, now).await?;
    let mut version = 0;
    if let Some((s, filename)) = &sent.file {
        version = add_version(
            &mut tx,
            id,
            s,
            filename,
            sniff(&s.head, filename),
            Some(user.id),
            now,
        )
        .await?;
    }
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(user.id, &user.display_name),
        Event::new("dataset.resource_added", "dataset", d.id)
            .body(Some(d.body_id))
            .data(
                json!({ "resource": id, "name": sent.name, "kind": kind, "version": version,
                          "sha256": sent.file.as_ref().map(|f| f.0.sha256.clone()) }),
            ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A resource of the dataset by id, removed or not (404 when it is another dataset's).
pub async fn resource_of(state: &AppState, d: &Dataset, id: &str) -> AppResult<Resource> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let sql = format!("SELECT {RESOURCE_COLUMNS} FROM resources WHERE id = $1 AND dataset_id = $2");
    db_run!(&state.db, |c| sqlx::query_as(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(id)
    .bind(d.id)
    .fetch_optional(c)
    .await)?
    .ok_or(AppError::NotFound)
}

/// A resource of the dataset by id that is still part of it: what can be changed or removed.
pub async fn current_resource_of(state: &AppState, d: &Dataset, id: &str) -> AppResult<Resource> {
    Some(resource_of(state, d, id).await?)
        .filter(|r| r.removed_at.is_none())
        .ok_or(AppError::NotFound)
}

/// Marks the dataset as changed at `now` (its `metadata_modified`).
async fn modified(tx: &mut Tx, dataset_id: i64, now: Ts) -> Result<(), DbError> {
    tx_run!(tx, |c| sqlx::query(
        "UPDATE datasets SET updated_at = $1 WHERE id = $2"
    )
    .bind(now)
    .bind(dataset_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// `POST /data/{name}/resources/{id}/remove`: an official takes the resource out of the dataset.
pub async fn remove_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((name, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let d = editable(&state, &ctx, &name).await?;
    let r = current_resource_of(&state, &d, &id).await?;
    let user = ctx.require_user()?.clone();
    remove(&state, &user, &d, &r).await?;
    Ok(Redirect::to(&format!("/data/{}?done=notice-resource-removed", d.name)).into_response())
}

/// Takes a resource out of its dataset, audited. Its versions stay downloadable at their
/// addresses; the dataset's lists, exports and search no longer show it.
pub async fn remove(
    state: &AppState,
    user: &CurrentUser,
    d: &Dataset,
    r: &Resource,
) -> AppResult<()> {
    if !workflow::can_publish(Some(user), d.body_id) {
        return Err(AppError::forbidden());
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let removed = tx_run!(&mut tx, |c| {
        sqlx::query(
        "UPDATE resources SET removed_at = $1, updated_at = $1 WHERE id = $2 AND removed_at IS NULL"
    )
    .bind(now)
    .bind(r.id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    modified(&mut tx, d.id, now).await?;
    store::touched(&mut tx, d.id, now).await?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(user.id, &user.display_name),
        Event::new("dataset.resource_removed", "dataset", d.id)
            .body(Some(d.body_id))
            .data(json!({ "resource": r.id, "name": r.name, "versions": r.current_version })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `POST /data/{name}/resources/{id}/versions`: a new file replaces the current one.
pub async fn new_version(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((name, id)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let d = editable(&state, &ctx, &name).await?;
    let r = current_resource_of(&state, &d, &id).await?;
    let user = ctx.require_user()?.clone();
    let multipart = multipart.map_err(|_| AppError::bad_request("error-multipart"))?;
    let sent = read_form(&state, Some(d.id), multipart, "file").await?;
    replace(&state, &user, &d, &r, &sent).await?;
    Ok(Redirect::to(&format!(
        "/data/{}/resources/{}?done=notice-resource-replaced",
        d.name, r.id
    ))
    .into_response())
}

/// Makes the sent file the next version of an uploaded resource; returns the version.
pub async fn replace(
    state: &AppState,
    user: &CurrentUser,
    d: &Dataset,
    r: &Resource,
    sent: &Sent,
) -> AppResult<i64> {
    if !workflow::can_publish(Some(user), d.body_id) {
        forget(state, sent).await;
        return Err(AppError::forbidden());
    }
    if r.kind != "upload" {
        forget(state, sent).await;
        return Err(AppError::Conflict(Msg::new("resource-error-link")));
    }
    let Some((s, filename)) = &sent.file else {
        return Err(AppError::Unprocessable(Msg::new("resource-error-source")));
    };
    let now = state.now();
    let media = sniff(&s.head, filename);
    let mut tx = state.db.begin().await?;
    let version = add_version(&mut tx, r.id, s, filename, media, Some(user.id), now).await?;
    tx_run!(&mut tx, |c| sqlx::query(
        "UPDATE resources SET format = $1 WHERE id = $2"
    )
    .bind(format_of(media))
    .bind(r.id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(user.id, &user.display_name),
        Event::new("dataset.resource_replaced", "dataset", d.id)
            .body(Some(d.body_id))
            .data(json!({ "resource": r.id, "version": version, "sha256": s.sha256 })),
    )
    .await?;
    modified(&mut tx, d.id, now).await?;
    tx.commit().await?;
    Ok(version)
}

async fn visible(state: &AppState, ctx: &PageCtx, name: &str) -> AppResult<Dataset> {
    if !crate::domain::valid_name(name) {
        return Err(AppError::NotFound);
    }
    store::by_name(&state.db, name)
        .await?
        .filter(|d| workflow::can_see(ctx.user.as_ref(), d))
        .ok_or(AppError::NotFound)
}

/// One version as shown.
#[derive(Debug, Clone)]
pub struct VersionLine {
    pub version: i64,
    pub href: String,
    pub filename: String,
    pub media_type: String,
    pub size: String,
    pub sha256: String,
    pub downloads: i64,
    pub created: String,
    pub columns: usize,
    /// Compared with the version before: columns added and removed.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Columns whose type changed, described.
    pub retyped: Vec<String>,
}

/// A size for people.
#[must_use]
pub fn human_size(bytes: i64) -> String {
    let b = bytes as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.2} GB", b / (1024.0 * 1024.0 * 1024.0))
    }
}

#[derive(Template)]
#[template(path = "data_resource.html")]
struct ResourcePage<'a> {
    ctx: &'a PageCtx,
    d: &'a Dataset,
    title: String,
    r: &'a Resource,
    versions: Vec<VersionLine>,
    can_edit: bool,
    /// When the resource was removed from the dataset, as shown.
    removed: Option<String>,
    load: Option<crate::preview::LoadStatus>,
    preview: Option<crate::preview::Preview>,
    types: &'static [(&'static str, &'static str)],
}

/// The types an official may fix a column to, with their message keys.
const TYPE_CHOICES: [(&str, &str); 6] = [
    ("integer", "datastore-type-integer"),
    ("decimal", "datastore-type-decimal"),
    ("boolean", "datastore-type-boolean"),
    ("date", "datastore-type-date"),
    ("datetime", "datastore-type-datetime"),
    ("text", "datastore-type-text"),
];

/// `GET /data/{name}/resources/{id}`: the resource, its versions, the datastore load's status
/// and report, and the preview of the loaded table.
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((name, id)): Path<(String, String)>,
    opengov_web::form::Query(params): opengov_web::form::Query<crate::preview::Params>,
) -> AppResult<Response> {
    let d = visible(&state, &ctx, &name).await?;
    let r = resource_of(&state, &d, &id).await?;
    let all = versions(&state.db, r.id).await?;
    // Column types of each loaded version, for the schema changes between versions.
    let loaded: Vec<crate::datastore::LoadRow> = crate::datastore::loads(&state.db, r.id, 50)
        .await?
        .into_iter()
        .filter(|l| l.state == "done")
        .collect();
    let types_of = |version: i64| -> Vec<opengov_datastore::Field> {
        loaded
            .iter()
            .find(|l| l.version == version)
            .map(crate::datastore::LoadRow::fields)
            .unwrap_or_default()
    };
    // Newest first: each version is compared with the next one in the list (the one before it).
    let versions = all
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (added, removed) = match all.get(i + 1) {
                Some(prev) if !v.columns.is_empty() && !prev.columns.is_empty() => {
                    column_changes(&prev.columns, &v.columns)
                }
                _ => (Vec::new(), Vec::new()),
            };
            let retyped = match all.get(i + 1) {
                Some(prev) => type_changes(&types_of(prev.version), &types_of(v.version))
                    .into_iter()
                    .map(|(c, before, after)| {
                        format!(
                            "{c}: {} → {}",
                            ctx.t(type_key(before)),
                            ctx.t(type_key(after))
                        )
                    })
                    .collect(),
                None => Vec::new(),
            };
            VersionLine {
                href: format!("/data/{}/resources/{}/v{}", d.name, r.id, v.version),
                version: v.version,
                filename: v.filename.clone(),
                media_type: v.media_type.clone(),
                size: human_size(v.size),
                sha256: v.sha256.clone(),
                downloads: v.downloads,
                created: ctx.datetime(v.created_at),
                columns: v.columns.lines().count(),
                added,
                removed,
                retyped,
            }
        })
        .collect();
    let title = ctx.text(&d.title()).to_owned();
    // A removed resource's table is no longer queried: its files remain.
    let served = if r.removed_at.is_some() {
        None
    } else {
        crate::datastore::active(&state.db, r.id).await?
    };
    let load = if r.removed_at.is_some() {
        None
    } else {
        crate::preview::status(&state, &ctx, r.id).await?
    };
    let preview = match served {
        Some(active) => {
            let fixed = crate::datastore::fixed_types(&state.db, r.id).await?;
            let base = format!("/data/{}/resources/{}", d.name, r.id);
            Some(crate::preview::build(&state, &ctx, &base, &active, &fixed, &params).await?)
        }
        None => None,
    };
    ctx.render(&ResourcePage {
        ctx: &ctx,
        d: &d,
        title,
        r: &r,
        versions,
        can_edit: r.removed_at.is_none() && workflow::can_publish(ctx.user.as_ref(), d.body_id),
        removed: r.removed_at.map(|t| ctx.datetime(t)),
        load,
        preview,
        types: &TYPE_CHOICES,
    })
}

fn type_key(ty: opengov_datastore::ColumnType) -> &'static str {
    TYPE_CHOICES
        .iter()
        .find(|(name, _)| *name == ty.as_str())
        .map_or("datastore-type-text", |(_, key)| key)
}

/// Columns present in both versions whose type changed: (column, before, after).
#[must_use]
pub fn type_changes(
    before: &[opengov_datastore::Field],
    after: &[opengov_datastore::Field],
) -> Vec<(
    String,
    opengov_datastore::ColumnType,
    opengov_datastore::ColumnType,
)> {
    after
        .iter()
        .filter_map(|a| {
            before
                .iter()
                .find(|b| b.id == a.id && b.ty != a.ty)
                .map(|b| (a.id.clone(), b.ty, a.ty))
        })
        .collect()
}

/// `POST /data/{name}/resources/{id}/types`: an official fixes column types (or lets them be
/// inferred again); the current version is reloaded with them.
pub async fn fix_types(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((name, id)): Path<(String, String)>,
    opengov_web::form::Form(form): opengov_web::form::Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let d = editable(&state, &ctx, &name).await?;
    let r = current_resource_of(&state, &d, &id).await?;
    let active = crate::datastore::active(&state.db, r.id)
        .await?
        .ok_or(AppError::Conflict(Msg::new("datastore-error-not-loaded")))?;
    let mut types = Vec::new();
    for field in &active.table.fields {
        let key = format!("type.{}", field.id);
        let chosen = form
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str());
        let ty = match chosen {
            None | Some("" | "auto") => None,
            Some(t) => Some(
                t.parse::<opengov_datastore::ColumnType>()
                    .map_err(|_| AppError::bad_request("datastore-error-type"))?,
            ),
        };
        types.push((field.id.clone(), ty));
    }
    let user = ctx.user.as_ref().ok_or(AppError::SignInRequired)?;
    crate::datastore::fix_types(&state, user, &d, r.id, r.current_version, &types).await?;
    Ok(Redirect::to(&format!(
        "/data/{}/resources/{}?done=notice-datastore-reload",
        d.name, r.id
    ))
    .into_response())
}

async fn send(state: &AppState, r: &Resource, v: &Version) -> AppResult<Response> {
    let response = upload::download(
        state,
        &v.storage_key,
        &v.filename,
        &v.media_type,
        v.size,
        "public, max-age=300",
    )
    .await?;
    // Counted once the file is known to be there.
    count_download(state, r, Some(v.version)).await?;
    Ok(response)
}

/// Counts a download of the resource, and of its version for a file. The catalogue's
/// popularity sort reads the counts from the search index, which hears of the dataset again
/// at the 1st, 2nd, 4th, 8th … download of a resource and then at every 100th: the order
/// follows the counts closely without indexing a dataset anew on every download.
async fn count_download(state: &AppState, r: &Resource, version: Option<i64>) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if let Some(version) = version {
        tx_run!(&mut tx, |c| sqlx::query(
            "UPDATE resource_versions SET downloads = downloads + 1 \
             WHERE resource_id = $1 AND version = $2"
        )
        .bind(r.id)
        .bind(version)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    let count: i64 = tx_run!(&mut tx, |c| sqlx::query_scalar(
        "UPDATE resources SET downloads = downloads + 1 WHERE id = $1 RETURNING downloads"
    )
    .bind(r.id)
    .fetch_one(&mut *c)
    .await)?;
    if count > 0 && (count & (count - 1) == 0 || count % 100 == 0) {
        store::touched(&mut tx, r.dataset_id, state.now()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// `GET /data/{name}/resources/{id}/download`: the current version (or the link).
pub async fn download(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((name, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let d = visible(&state, &ctx, &name).await?;
    let r = resource_of(&state, &d, &id).await?;
    if r.kind == "link" {
        count_download(&state, &r, None).await?;
        return Ok(Redirect::to(&r.url).into_response());
    }
    let v = versions(&state.db, r.id)
        .await?
        .into_iter()
        .find(|v| v.version == r.current_version)
        .ok_or(AppError::NotFound)?;
    send(&state, &r, &v).await
}

/// `GET /data/{name}/resources/{id}/{version}` with `version` as `v1`, `v2`…: that version.
pub async fn version(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((name, id, version)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let n: i64 = version
        .strip_prefix('v')
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let d = visible(&state, &ctx, &name).await?;
    let r = resource_of(&state, &d, &id).await?;
    let v = versions(&state.db, r.id)
        .await?
        .into_iter()
        .find(|v| v.version == n)
        .ok_or(AppError::NotFound)?;
    send(&state, &r, &v).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_are_typed_by_content() {
        assert_eq!(sniff(b"id,name\n1,a\n", "x.bin"), "text/csv");
        assert_eq!(sniff(b"\xEF\xBB\xBFid;name\n", "data"), "text/csv");
        assert_eq!(sniff(b"id\tname\n", "data"), "text/tab-separated-values");
        assert_eq!(sniff(b"[{\"a\":1}]", "data.csv"), "application/json");
        assert_eq!(sniff(b"%PDF-1.7", "table.csv"), "application/pdf");
        assert_eq!(
            sniff(b"MZ\x90\x00\x03\x00\x00\x00", "data.csv"),
            "application/octet-stream"
        );
        let mut xlsx = b"PK\x03\x04".to_vec();
        xlsx.extend_from_slice(b"....xl/workbook.xml");
        assert_eq!(format_of(sniff(&xlsx, "t.xlsx")), "XLSX");
        // Windows-1251 Cyrillic is text too.
        assert_eq!(
            sniff(&[0xC8, 0xEC, 0xFF, b',', 0xC3, 0xEE, 0xE4, b'\n'], "t.csv"),
            "text/csv"
        );
    }

    #[test]
    fn headers_are_read_in_any_common_encoding_and_delimiter() {
        assert_eq!(
            header_columns(b"id,name\n1,a\n", "text/csv"),
            ["id", "name"]
        );
        assert_eq!(
            header_columns(b"\xEF\xBB\xBF\"a;b\";c;d\r\n", "text/csv"),
            ["a;b", "c", "d"]
        );
        assert_eq!(
            header_columns(b"x\ty\n", "text/tab-separated-values"),
            ["x", "y"]
        );
        // "Имя,Год" in Windows-1251.
        let cp1251 = [0xC8, 0xEC, 0xFF, b',', 0xC3, 0xEE, 0xE4, b'\n'];
        assert_eq!(header_columns(&cp1251, "text/csv"), ["Имя", "Год"]);
        assert!(header_columns(b"%PDF-", "application/pdf").is_empty());
        assert_eq!(
            column_changes("id\nname\nold", "id\nname\nyear"),
            (vec!["year".to_owned()], vec!["old".to_owned()])
        );
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }
}
