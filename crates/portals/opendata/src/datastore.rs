//! The datastore side of resources: every new version of a tabular file is loaded by a job into a
//! table of its own; the resource keeps being served from the previous table until the new one
//! is complete. Each load's progress and report (rows, columns and types, problems) are stored
//! and shown on the resource page; officials may fix a column's type, which reloads the file.

use std::sync::Arc;
use std::time::Duration;

use opengov_datastore::load::{Loaded, Phase, Problem, Progress, Source};
use opengov_datastore::read::{self, Format, Limits, ReadError};
use opengov_datastore::{ColumnType, Datastore, DatastoreError, Field, Table};
use opengov_kernel::{Db, DbError, Ts, Tx, db_run, tx_run};
use opengov_web::{AppResult, AppState, Msg};
use serde_json::json;

/// The job kind of a load.
pub const LOAD_JOB: &str = "datastore.load";

/// The node's datastore.
pub fn service(state: &AppState) -> AppResult<Arc<Datastore>> {
    state.services.require::<Datastore>()
}

/// Whether a stored file can be loaded, from its first bytes, name and media type. A file
/// whose name claims a table (`.csv`, `.tsv`, `.xlsx`, `.json`) is loaded even when its content
/// does not look like one, so that the publisher is told why it is not a table instead of
/// seeing no table and no reason.
#[must_use]
pub fn tabular(head: &[u8], filename: &str, media_type: &str) -> Option<Format> {
    read::detect(head, filename, media_type).or_else(|| {
        let ext = filename
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "tsv" | "tab" => Some(Format::Delimited),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    })
}

/// Queues the load of a resource's version, in the caller's transaction.
pub async fn enqueue(tx: &mut Tx, now: Ts, resource_id: i64, version: i64) -> Result<i64, DbError> {
    let load: i64 = tx_run!(tx, |c| sqlx::query_scalar(
        "INSERT INTO datastore_loads (resource_id, version, state, created_at) \
         VALUES ($1, $2, 'queued', $3) RETURNING id"
    )
    .bind(resource_id)
    .bind(version)
    .bind(now)
    .fetch_one(&mut *c)
    .await)?;
    opengov_jobs::enqueue(tx, now, LOAD_JOB, &json!({ "load": load }), None, 3).await?;
    Ok(load)
}

/// The table serving a resource, with the version it holds.
#[derive(Debug, Clone)]
pub struct Active {
    pub table: Table,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct ActiveRow {
    version: i64,
    table_name: String,
    fields: String,
    row_count: i64,
}

/// The table that serves `resource_id` now, if any load completed.
pub async fn active(db: &Db, resource_id: i64) -> Result<Option<Active>, DbError> {
    let row: Option<ActiveRow> = db_run!(db, |c| {
        sqlx::query_as(
        "SELECT version, table_name, fields, row_count FROM datastore_tables WHERE resource_id = $1"
    )
    .bind(resource_id)
    .fetch_optional(c)
    .await
    })?;
    Ok(row.map(|r| Active {
        table: Table {
            name: r.table_name,
            fields: serde_json::from_str(&r.fields).unwrap_or_default(),
            rows: r.row_count.max(0) as u64,
        },
        version: r.version,
    }))
}

/// The resources of `ids` that have a datastore table.
pub async fn active_ids(db: &Db, ids: &[i64]) -> Result<Vec<i64>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT resource_id FROM {} JOIN datastore_tables ON resource_id = ids.wanted",
        db.backend().ids_table()
    );
    let ids = opengov_kernel::db::ids_json(ids);
    db_run!(db, |c| sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&ids)
        .fetch_all(c)
        .await)
}

/// A load as shown on the resource page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoadRow {
    pub id: i64,
    pub resource_id: i64,
    pub version: i64,
    pub state: String,
    pub phase: String,
    pub percent: i32,
    pub row_count: i64,
    pub fields: String,
    pub problems: String,
    pub problems_total: i64,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    pub created_at: Ts,
    pub finished_at: Option<Ts>,
}

impl LoadRow {
    #[must_use]
    pub fn fields(&self) -> Vec<Field> {
        serde_json::from_str(&self.fields).unwrap_or_default()
    }

    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        serde_json::from_str(&self.problems).unwrap_or_default()
    }

    /// The message of a failed load, in the page's language.
    #[must_use]
    pub fn error_msg(&self) -> Option<Msg> {
        let code = self.error_code.as_deref()?;
        let detail: serde_json::Value = self
            .error_detail
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default();
        let mut msg = Msg::new(match code {
            "empty" => "datastore-error-empty",
            "no-header" => "datastore-error-no-header",
            "binary" => "datastore-error-binary",
            "encoding" => "datastore-error-encoding",
            "field-too-large" => "datastore-error-field-too-large",
            "too-many-columns" => "datastore-error-too-many-columns",
            "too-many-rows" => "datastore-error-too-many-rows",
            "row-too-large" => "datastore-error-row-too-large",
            "xlsx" => "datastore-error-xlsx",
            "zip-bomb" => "datastore-error-zip-bomb",
            "json" => "datastore-error-json",
            "not-tabular" => "datastore-error-not-tabular",
            _ => "datastore-error-internal",
        });
        for key in ["row", "limit", "found", "detail"] {
            match detail.get(key) {
                Some(serde_json::Value::Number(n)) => msg = msg.arg(key, n.as_i64().unwrap_or(0)),
                Some(serde_json::Value::String(t)) => msg = msg.arg(key, t.clone()),
                _ => {}
            }
        }
        Some(msg)
    }
}

/// The newest loads of a resource, newest first.
pub async fn loads(db: &Db, resource_id: i64, limit: i64) -> Result<Vec<LoadRow>, DbError> {
    db_run!(db, |c| sqlx::query_as(
        "SELECT id, resource_id, version, state, phase, percent, row_count, fields, problems, \
         problems_total, error_code, error_detail, created_at, finished_at \
         FROM datastore_loads WHERE resource_id = $1 ORDER BY id DESC LIMIT $2"
    )
    .bind(resource_id)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// The column types officials fixed for a resource.
pub async fn fixed_types(db: &Db, resource_id: i64) -> Result<Vec<(String, ColumnType)>, DbError> {
    let rows: Vec<(String, String)> = db_run!(db, |c| sqlx::query_as(
        "SELECT column_name, column_type FROM datastore_column_types WHERE resource_id = $1 \
         ORDER BY column_name"
    )
    .bind(resource_id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(n, t)| t.parse::<ColumnType>().ok().map(|t| (n, t)))
        .collect())
}

/// Replaces the fixed types of a resource (`None` = inferred again) and queues a reload of
/// the current version, in one transaction.
pub async fn fix_types(
    state: &AppState,
    user: &opengov_web::auth::CurrentUser,
    d: &crate::store::Dataset,
    resource_id: i64,
    version: i64,
    types: &[(String, Option<ColumnType>)],
) -> Result<(), DbError> {
    let now = state.now();
    let mut tx = state.db.begin().await?;
    // The officials' choice is part of the dataset's record, as any other change to it.
    let fixed: serde_json::Map<String, serde_json::Value> = types
        .iter()
        .map(|(name, ty)| (name.clone(), json!(ty.map(ColumnType::as_str))))
        .collect();
    opengov_audit::append(
        &mut tx,
        now,
        &opengov_audit::Actor::official(user.id, &user.display_name),
        opengov_audit::Event::new("dataset.column_types_fixed", "dataset", d.id)
            .body(Some(d.body_id))
            .data(json!({ "resource": resource_id, "version": version, "types": fixed })),
    )
    .await?;
    tx_run!(&mut tx, |c| sqlx::query(
        "DELETE FROM datastore_column_types WHERE resource_id = $1"
    )
    .bind(resource_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    for (name, ty) in types {
        if let Some(ty) = ty {
            tx_run!(&mut tx, |c| sqlx::query(
                "INSERT INTO datastore_column_types (resource_id, column_name, column_type) \
                 VALUES ($1, $2, $3)"
            )
            .bind(resource_id)
            .bind(name)
            .bind(ty.as_str())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        }
    }
    enqueue(&mut tx, now, resource_id, version).await?;
    tx.commit().await
}

/// A read error as a code and the arguments of its message.
fn error_code(err: &DatastoreError) -> (&'static str, serde_json::Value) {
    match err {
        DatastoreError::Read(r) => match r {
            ReadError::Empty => ("empty", json!({})),
            ReadError::NoHeader => ("no-header", json!({})),
            ReadError::Binary => ("binary", json!({})),
            ReadError::Encoding { row } => ("encoding", json!({ "row": row })),
            ReadError::FieldTooLarge { row, limit } => {
                ("field-too-large", json!({ "row": row, "limit": limit }))
            }
            ReadError::TooManyColumns { found, limit } => (
                "too-many-columns",
                json!({ "found": found, "limit": limit }),
            ),
            ReadError::TooManyRows { limit } => ("too-many-rows", json!({ "limit": limit })),
            ReadError::RowTooLarge { row, limit } => {
                ("row-too-large", json!({ "row": row, "limit": limit }))
            }
            ReadError::Xlsx(m) => ("xlsx", json!({ "detail": m })),
            ReadError::ZipBomb(_) => ("zip-bomb", json!({})),
            ReadError::Json { row, message } => ("json", json!({ "row": row, "detail": message })),
            ReadError::Io(_) => ("internal", json!({})),
        },
        _ => ("internal", json!({})),
    }
}

#[derive(sqlx::FromRow)]
struct Job {
    resource_id: i64,
    version: i64,
    state: String,
    phase: String,
    storage_key: String,
    filename: String,
    media_type: String,
}

/// The load job: reads the version's file, loads it, and points the resource at the new table.
/// A file that cannot be loaded is recorded as a failed load (not retried); a database problem
/// fails the job so it is retried.
pub async fn run_load(state: &AppState, load_id: i64) -> Result<(), String> {
    let store = service(state).map_err(|e| format!("{e:?}"))?;
    let job: Option<Job> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT l.resource_id, l.version, l.state, l.phase, v.storage_key, v.filename, v.media_type \
         FROM datastore_loads l JOIN resource_versions v \
           ON v.resource_id = l.resource_id AND v.version = l.version \
         WHERE l.id = $1"
    )
    .bind(load_id)
    .fetch_optional(c)
    .await)
    .map_err(|e| e.to_string())?;
    let Some(job) = job else {
        return Ok(());
    };
    let table = opengov_datastore::table_name(job.resource_id, job.version, load_id);
    if job.state == "done" && job.phase == "indexing" {
        // Interrupted after the table was served: only its indexes are missing.
        return resume_indexing(state, &store, load_id, &job, &table).await;
    }
    if job.state == "done" || job.state == "failed" {
        return Ok(());
    }
    db_run!(&state.db, |c| sqlx::query(
        "UPDATE datastore_loads SET state = 'running', started_at = $1 WHERE id = $2"
    )
    .bind(state.now())
    .bind(load_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .map_err(|e| e.to_string())?;

    // The file on local disk: storage's own when local, else a temporary copy.
    let mut temp: Option<std::path::PathBuf> = None;
    let path = if let Some(p) = state.storage.local_path(&job.storage_key) {
        p
    } else {
        let p = copy_to_temp(state, &job.storage_key, load_id).await?;
        temp = Some(p.clone());
        p
    };
    let head = read_head(&path).await;
    let outcome = match tabular(&head, &job.filename, &job.media_type) {
        None => Err(("not-tabular", json!({}))),
        Some(format) => {
            let fixed = fixed_types(&state.db, job.resource_id)
                .await
                .map_err(|e| e.to_string())?;
            let cfg = &state.config.datastore;
            let source = Source {
                path: path.clone(),
                format,
                fixed,
                limits: Limits {
                    max_field_bytes: cfg.max_field_bytes,
                    max_columns: cfg.max_columns,
                    max_rows: cfg.max_rows,
                    ..Limits::default()
                },
                index_before_serving: opengov_datastore::load::INDEX_BEFORE_SERVING_ROWS,
            };
            let progress = Arc::new(Progress::default());
            let reporter = spawn_reporter(state.db.clone(), load_id, progress.clone());
            let result = store.load(&table, source, progress.clone()).await;
            reporter.abort();
            match result {
                Ok(loaded) => {
                    if finish(state, &store, load_id, &job, &table, &loaded).await? {
                        cleanup_temp(temp.as_ref());
                        let indexed = store
                            .index(&table, &loaded.fields, &loaded.indexes, progress)
                            .await;
                        return indexing_done(state, load_id, &table, indexed).await;
                    }
                    Ok(())
                }
                Err(DatastoreError::Database(e)) => {
                    cleanup_temp(temp.as_ref());
                    return Err(e);
                }
                Err(e) => {
                    tracing::info!(load = load_id, error = %e, "file could not be loaded");
                    Err(error_code(&e))
                }
            }
        }
    };
    cleanup_temp(temp.as_ref());
    if let Err((code, detail)) = outcome {
        db_run!(&state.db, |c| sqlx::query(
            "UPDATE datastore_loads SET state = 'failed', error_code = $1, error_detail = $2, \
             finished_at = $3 WHERE id = $4"
        )
        .bind(code)
        .bind(detail.to_string())
        .bind(state.now())
        .bind(load_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn cleanup_temp(temp: Option<&std::path::PathBuf>) {
    if let Some(p) = temp {
        let _ = std::fs::remove_file(p);
    }
}

async fn read_head(path: &std::path::Path) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut head = vec![0; 8192];
    let Ok(mut file) = tokio::fs::File::open(path).await else {
        return Vec::new();
    };
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]).await {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    head.truncate(n);
    head
}

async fn copy_to_temp(
    state: &AppState,
    key: &str,
    load_id: i64,
) -> Result<std::path::PathBuf, String> {
    use futures_util::StreamExt;
    use tokio::io::AsyncWriteExt;
    let dir = state.config.data_dir.join("tmp");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| e.to_string())?;
    let path = dir.join(format!("datastore-load-{load_id}"));
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|e| e.to_string())?;
    let mut stream = state.storage.get(key).await.map_err(|e| e.to_string())?;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        file.write_all(&chunk).await.map_err(|e| e.to_string())?;
    }
    file.flush().await.map_err(|e| e.to_string())?;
    Ok(path)
}

/// Writes the load's progress to its row every half second, so any node's page shows it.
fn spawn_reporter(db: Db, load_id: i64, progress: Arc<Progress>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let phase = match progress.phase() {
                Phase::Queued => "queued",
                Phase::Typing => "typing",
                Phase::Loading => "loading",
                Phase::Indexing => "indexing",
                Phase::Done => "done",
            };
            let _ = db_run!(&db, |c| sqlx::query(
                "UPDATE datastore_loads SET phase = $1, percent = $2, row_count = $3 \
                 WHERE id = $4 AND state = 'running'"
            )
            .bind(phase)
            .bind(i32::from(progress.percent()))
            .bind(progress.rows() as i64)
            .bind(load_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()));
        }
    })
}

/// Records a finished load and points the resource at its table, unless a newer version is
/// already served; the table no longer served is dropped after the commit. Returns whether the
/// new table is served: its indexes are then still to be built (phase `indexing`).
async fn finish(
    state: &AppState,
    store: &Arc<Datastore>,
    load_id: i64,
    job: &Job,
    table: &str,
    loaded: &Loaded,
) -> Result<bool, String> {
    let now = state.now();
    let fields = serde_json::to_string(&loaded.fields).map_err(|e| e.to_string())?;
    let problems = serde_json::to_string(&loaded.problems).map_err(|e| e.to_string())?;
    let run = async {
        let mut tx = state.db.begin().await?;
        let current: Option<(i64, String)> = tx_run!(&mut tx, |c| sqlx::query_as(
            "SELECT version, table_name FROM datastore_tables WHERE resource_id = $1"
        )
        .bind(job.resource_id)
        .fetch_optional(&mut *c)
        .await)?;
        let (retired, serve) = match &current {
            Some((v, _)) if *v > job.version => (Some(table.to_owned()), false),
            Some((_, old)) => (Some(old.clone()), true),
            None => (None, true),
        };
        if serve {
            tx_run!(&mut tx, |c| {
                sqlx::query(
                "INSERT INTO datastore_tables (resource_id, version, table_name, fields, row_count, loaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (resource_id) DO UPDATE SET version = excluded.version, \
                 table_name = excluded.table_name, fields = excluded.fields, \
                 row_count = excluded.row_count, loaded_at = excluded.loaded_at"
            )
            .bind(job.resource_id)
            .bind(job.version)
            .bind(table)
            .bind(&fields)
            .bind(loaded.rows as i64)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected())
            })?;
        }
        tx_run!(&mut tx, |c| {
            sqlx::query(
            "UPDATE datastore_loads SET state = 'done', phase = $7, percent = 100, row_count = $1, \
             fields = $2, problems = $3, problems_total = $4, finished_at = $5 WHERE id = $6"
        )
        .bind(loaded.rows as i64)
        .bind(&fields)
        .bind(&problems)
        .bind(loaded.problems_total as i64)
        .bind(now)
        .bind(load_id)
        .bind(if serve { "indexing" } else { "done" })
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
        })?;
        tx.commit().await?;
        Ok::<_, DbError>((retired, serve))
    };
    let (retired, serve) = run.await.map_err(|e| e.to_string())?;
    if let Some(name) = retired {
        retire(store.clone(), name);
    }
    Ok(serve)
}

/// Builds the indexes of a table served before an interruption, if it is still served.
async fn resume_indexing(
    state: &AppState,
    store: &Arc<Datastore>,
    load_id: i64,
    job: &Job,
    table: &str,
) -> Result<(), String> {
    let served: Option<String> = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT fields FROM datastore_tables WHERE resource_id = $1 AND table_name = $2"
    )
    .bind(job.resource_id)
    .bind(table)
    .fetch_optional(c)
    .await)
    .map_err(|e| e.to_string())?;
    let indexed = match served {
        None => Ok(()),
        Some(fields) => {
            let fields: Vec<Field> = serde_json::from_str(&fields).map_err(|e| e.to_string())?;
            match store.indexable(table, &fields).await {
                Ok(columns) => {
                    store
                        .index(table, &fields, &columns, Arc::new(Progress::default()))
                        .await
                }
                Err(e) => Err(e),
            }
        }
    };
    indexing_done(state, load_id, table, indexed).await
}

/// Records that a served table's indexes are built. A failure leaves the table served without
/// them (slower, still right) and fails the job, so that it is tried again.
async fn indexing_done(
    state: &AppState,
    load_id: i64,
    table: &str,
    indexed: Result<(), DatastoreError>,
) -> Result<(), String> {
    if let Err(e) = indexed {
        tracing::warn!(load = load_id, table, error = %e, "indexes not built");
        return Err(e.to_string());
    }
    db_run!(&state.db, |c| sqlx::query(
        "UPDATE datastore_loads SET phase = 'done' WHERE id = $1 AND state = 'done'"
    )
    .bind(load_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .map_err(|e| e.to_string())?;
    Ok(())
}

fn store_handle(state: &AppState) -> Option<Arc<Datastore>> {
    state.services.get::<Datastore>()
}

/// Drops a table nobody is pointed at any more, a little later, so that requests that looked it
/// up just before the switch still finish on it.
fn retire(store: Arc<Datastore>, name: String) {
    tokio::spawn(async move {
        tokio::time::sleep(RETIRE_AFTER).await;
        if let Err(err) = store.drop_table(&name).await {
            tracing::warn!(%err, table = %name, "could not drop a retired table");
        }
    });
}

/// How long a replaced table stays readable.
const RETIRE_AFTER: Duration = Duration::from_secs(30);

/// Drops tables no resource points at and no load is writing (left behind by a crash or a
/// shutdown before a retired table was dropped). Part of hourly maintenance.
pub async fn drop_orphans(state: &AppState) -> Result<usize, String> {
    let Some(store) = store_handle(state) else {
        return Ok(0);
    };
    let existing = store.existing_tables().await.map_err(|e| e.to_string())?;
    let served: Vec<String> = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT table_name FROM datastore_tables"
    )
    .fetch_all(c)
    .await)
    .map_err(|e| e.to_string())?;
    let running: Vec<(i64, i64, i64)> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT resource_id, version, id FROM datastore_loads WHERE state IN ('queued', 'running')"
    )
    .fetch_all(c)
    .await
    })
    .map_err(|e| e.to_string())?;
    let busy: Vec<String> = running
        .into_iter()
        .map(|(r, v, l)| opengov_datastore::table_name(r, v, l))
        .collect();
    let mut dropped = 0;
    for name in existing {
        if !served.contains(&name) && !busy.contains(&name) {
            store.drop_table(&name).await.map_err(|e| e.to_string())?;
            dropped += 1;
        }
    }
    Ok(dropped)
}
