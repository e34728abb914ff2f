//! Loading a file into a new table: the first pass infers every column's type from every cell,
//! the second converts each cell and inserts it. Nothing in either pass depends on the size of
//! the file except the time it takes.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::Duration;

use csv::StringRecord;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::infer::{self, Inference, Value};
use crate::read::{self, Format, Limits, ProblemKind as ReadProblem};
use crate::{ColumnType, Datastore, DatastoreError, Field, Inner, check_table_name, quote_ident};

/// How many problems a load keeps to show; the rest are only counted.
pub const KEPT_PROBLEMS: usize = 1000;

/// Text columns whose longest value is longer than this are not indexed (descriptions and
/// comments are searched with `q`, not filtered on).
const INDEXED_TEXT_BYTES: usize = 200;

/// The file to load and how.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub format: Format,
    /// Columns whose type an official fixed: not inferred; a cell that does not fit is reported.
    pub fixed: Vec<(String, ColumnType)>,
    pub limits: Limits,
    /// On SQLite, a load of more rows than this builds its indexes before the table is served
    /// (normally [`INDEX_BEFORE_SERVING_ROWS`]).
    pub index_before_serving: u64,
}

/// The stage a load is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Queued,
    Typing,
    Loading,
    Indexing,
    Done,
}

/// A running load's progress, shared with whoever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    rows: AtomicU64,
}

impl Progress {
    fn set_phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    #[must_use]
    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Relaxed) {
            1 => Phase::Typing,
            2 => Phase::Loading,
            3 => Phase::Indexing,
            4 => Phase::Done,
            _ => Phase::Queued,
        }
    }

    /// Share of the current pass done, 0–100.
    #[must_use]
    pub fn percent(&self) -> u8 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0;
        }
        let done = self.done.load(Ordering::Relaxed).min(total);
        (done.saturating_mul(100) / total) as u8
    }

    /// Rows read so far in the current pass.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    fn update(&self, rows: &dyn read::Rows, n: u64) {
        self.done.store(rows.bytes_read(), Ordering::Relaxed);
        self.rows.store(n, Ordering::Relaxed);
    }
}

/// One cell that could not be stored as it was, or a row that did not match the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub row: u64,
    pub column: String,
    pub value: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// The row had fewer cells than the header: this one was empty.
    Missing,
    /// The row had more cells than the header: this value was not loaded.
    Extra,
    /// The value does not fit the type an official fixed for the column: stored empty.
    Type,
    /// A quote opened in the last row never closed: the rest of the file was read as one cell.
    Quote,
}

/// The outcome of a load.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Loaded {
    pub fields: Vec<Field>,
    pub rows: u64,
    pub problems: Vec<Problem>,
    pub problems_total: u64,
    /// The columns [`Datastore::index`] should index (long text is searched, not filtered).
    #[serde(default)]
    pub indexes: Vec<String>,
}

#[derive(Debug, Default)]
struct Problems {
    kept: Vec<Problem>,
    total: u64,
}

impl Problems {
    fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.kept.len() < KEPT_PROBLEMS {
            self.kept.push(problem);
        }
    }

    fn take_from(&mut self, rows: &mut dyn read::Rows) {
        for p in rows.take_problems() {
            self.push(Problem {
                row: p.row,
                column: p.column,
                value: clip(&p.value),
                kind: match p.kind {
                    ReadProblem::Missing => ProblemKind::Missing,
                    ReadProblem::Extra => ProblemKind::Extra,
                    ReadProblem::UnterminatedQuote => ProblemKind::Quote,
                },
            });
        }
    }
}

/// A reported value is cut to 200 characters: the file itself keeps the rest.
fn clip(value: &str) -> String {
    value.chars().take(200).collect()
}

/// What the second pass found besides the rows themselves.
#[derive(Debug, Default)]
struct Pass {
    rows: u64,
    problems: Problems,
    longest: Vec<usize>,
}

impl Datastore {
    /// Loads `source` into a new table `table` (made by [`crate::table_name`]). On failure
    /// nothing is left behind and the error says what to fix in the file.
    ///
    /// The table can be read as soon as this returns, with its progress at
    /// [`Phase::Indexing`]: [`Datastore::index`] then builds its indexes while it is served.
    pub async fn load(
        &self,
        table: &str,
        source: Source,
        progress: Arc<Progress>,
    ) -> Result<Loaded, DatastoreError> {
        check_table_name(table)?;
        let typing = {
            let source = source.clone();
            let progress = progress.clone();
            tokio::task::spawn_blocking(move || infer_types(&source, &progress))
                .await
                .map_err(|e| DatastoreError::Database(format!("loader stopped: {e}")))??
        };
        let (columns, types) = typing;
        let result = match &self.inner {
            Inner::Sqlite(files) => {
                let path = files.path(table);
                let (source, progress, columns, types) = (
                    source.clone(),
                    progress.clone(),
                    columns.clone(),
                    types.clone(),
                );
                tokio::task::spawn_blocking(move || {
                    let pass = load_sqlite(&path, &source, &columns, &types, &progress)?;
                    if pass.rows > source.index_before_serving {
                        let fields: Vec<Field> = columns
                            .iter()
                            .zip(&types)
                            .map(|(id, ty)| Field {
                                id: id.clone(),
                                ty: *ty,
                            })
                            .collect();
                        let indexed = indexed_columns(&columns, &types, &pass.longest);
                        let steps = index_sql("data", &fields, &indexed, false);
                        progress.set_phase(Phase::Indexing);
                        progress
                            .total
                            .store(steps.len() as u64 + 1, Ordering::Relaxed);
                        progress.done.store(0, Ordering::Relaxed);
                        index_sqlite(&path, &steps, &progress, true)?;
                    }
                    Ok(pass)
                })
                .await
                .map_err(|e| DatastoreError::Database(format!("loader stopped: {e}")))?
            }
            Inner::Postgres(pool) => {
                load_postgres(pool, table, &source, &columns, &types, &progress).await
            }
        };
        match result {
            Ok(pass) => {
                progress.set_phase(Phase::Indexing);
                Ok(Loaded {
                    indexes: indexed_columns(&columns, &types, &pass.longest),
                    fields: columns
                        .into_iter()
                        .zip(types)
                        .map(|(id, ty)| Field { id, ty })
                        .collect(),
                    rows: pass.rows,
                    problems: pass.problems.kept,
                    problems_total: pass.problems.total,
                })
            }
            Err(err) => {
                if let Err(cleanup) = self.drop_table(table).await {
                    tracing::warn!(%cleanup, table, "could not remove a failed load");
                }
                Err(err)
            }
        }
    }
}

impl Datastore {
    /// Builds the indexes of a loaded table (`indexes`, from [`Loaded::indexes`] or
    /// [`Datastore::indexable`]) and the planner's statistics, while the table is read. Each
    /// index is its own short transaction; running it again adds only what is missing. Ends
    /// with the progress at [`Phase::Done`].
    pub async fn index(
        &self,
        table: &str,
        fields: &[Field],
        indexes: &[String],
        progress: Arc<Progress>,
    ) -> Result<(), DatastoreError> {
        check_table_name(table)?;
        progress.set_phase(Phase::Indexing);
        let steps = match self.inner {
            Inner::Sqlite(_) => index_sql("data", fields, indexes, false),
            Inner::Postgres(_) => index_sql(table, fields, indexes, true),
        };
        progress
            .total
            .store(steps.len() as u64 + 1, Ordering::Relaxed);
        progress.done.store(0, Ordering::Relaxed);
        match &self.inner {
            Inner::Sqlite(files) => {
                let path = files.path(table);
                let progress = progress.clone();
                let fields = fields.to_vec();
                tokio::task::spawn_blocking(move || {
                    index_sqlite(&path, &steps, &progress, false)?;
                    // The statistics just gathered say which columns are categories.
                    let pairs = {
                        let conn = Connection::open(&path)?;
                        let mut stmt =
                            conn.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'data'")?;
                        let stats = stmt
                            .query_map([], |r| {
                                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                            })?
                            .collect::<Result<Vec<_>, _>>()?;
                        let distinct = |i: usize| {
                            let name = format!("data_{i}");
                            stats
                                .iter()
                                .find(|(idx, _)| *idx == name)
                                .and_then(|(_, stat)| {
                                    let mut n = stat.split_whitespace().map(str::parse::<u64>);
                                    match (n.next(), n.next()) {
                                        (Some(Ok(rows)), Some(Ok(per_value))) if per_value > 0 => {
                                            Some(rows / per_value)
                                        }
                                        _ => None,
                                    }
                                })
                        };
                        pair_index_sql("data", &fields, &categories(&fields, distinct), false)
                    };
                    if pairs.is_empty() {
                        return Ok(());
                    }
                    progress
                        .total
                        .fetch_add(pairs.len() as u64, Ordering::Relaxed);
                    index_sqlite(&path, &pairs, &progress, false)
                })
                .await
                .map_err(|e| DatastoreError::Database(format!("indexer stopped: {e}")))??;
            }
            Inner::Postgres(pool) => {
                // A unique index, not a constraint, so that a second run can skip it.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "CREATE UNIQUE INDEX IF NOT EXISTS {} ON {table} (_id)",
                    quote_ident(&format!("{table}_pkey"))
                )))
                .execute(pool)
                .await?;
                for sql in steps {
                    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
                    progress.done.fetch_add(1, Ordering::Relaxed);
                }
                // Statistics for the planner and a visibility map for index-only counts.
                sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM (ANALYZE) {table}")))
                    .execute(pool)
                    .await?;
                // The statistics say which columns are categories (`n_distinct` is a count, or
                // minus a fraction of the rows).
                let (rows, stats): (f64, Vec<(String, f32)>) = {
                    let rows: f32 = sqlx::query_scalar(
                        "SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)",
                    )
                    .bind(table)
                    .fetch_optional(pool)
                    .await?
                    .unwrap_or(0.0);
                    let stats = sqlx::query_as(
                        "SELECT attname::text, n_distinct FROM pg_stats \
                         WHERE schemaname = current_schema() AND tablename = $1",
                    )
                    .bind(table)
                    .fetch_all(pool)
                    .await?;
                    (f64::from(rows), stats)
                };
                let distinct = |i: usize| {
                    let id = &fields[i].id;
                    stats.iter().find(|(name, _)| name == id).map(|(_, n)| {
                        let n = f64::from(*n);
                        let n = if n < 0.0 { -n * rows } else { n };
                        n.round().max(0.0) as u64
                    })
                };
                let pairs = pair_index_sql(table, fields, &categories(fields, distinct), true);
                if !pairs.is_empty() {
                    progress
                        .total
                        .fetch_add(pairs.len() as u64, Ordering::Relaxed);
                    for sql in pairs {
                        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
                        progress.done.fetch_add(1, Ordering::Relaxed);
                    }
                    sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {table}")))
                        .execute(pool)
                        .await?;
                }
            }
        }
        progress.done.fetch_add(1, Ordering::Relaxed);
        progress.set_phase(Phase::Done);
        Ok(())
    }

    /// The columns of a served table worth an index, found from its contents: for a table
    /// whose load was interrupted before [`Datastore::index`] finished.
    pub async fn indexable(
        &self,
        table: &str,
        fields: &[Field],
    ) -> Result<Vec<String>, DatastoreError> {
        check_table_name(table)?;
        let mut sql = String::from("SELECT ");
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            if f.ty == ColumnType::Text {
                let _ = write!(sql, "COALESCE(MAX(LENGTH({})), 0)", quote_ident(&f.id));
            } else {
                sql.push('0');
            }
        }
        let longest: Vec<usize> = match &self.inner {
            Inner::Sqlite(files) => {
                let width = fields.len();
                let _ = write!(sql, " FROM data");
                files
                    .read(table, move |conn| {
                        Ok(conn.query_row(&sql, [], |row| {
                            (0..width)
                                .map(|i| row.get::<_, i64>(i).map(|n| n.max(0) as usize))
                                .collect::<Result<Vec<_>, _>>()
                        })?)
                    })
                    .await?
            }
            Inner::Postgres(pool) => {
                use sqlx::Row as _;
                let _ = write!(sql, " FROM {table}");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_one(pool)
                    .await?;
                (0..fields.len())
                    .map(|i| {
                        row.try_get::<i64, _>(i)
                            .or_else(|_| row.try_get::<i32, _>(i).map(i64::from))
                            .map(|n| n.max(0) as usize)
                    })
                    .collect::<Result<Vec<_>, _>>()?
            }
        };
        let columns: Vec<String> = fields.iter().map(|f| f.id.clone()).collect();
        let types: Vec<ColumnType> = fields.iter().map(|f| f.ty).collect();
        Ok(indexed_columns(&columns, &types, &longest))
    }
}

/// Tables with more rows than this get their SQLite indexes before they are served: an index
/// built beside readers is held in memory until its commit (some 30–60 bytes a row), which
/// for a bigger table would cost too much.
pub const INDEX_BEFORE_SERVING_ROWS: u64 = 5_000_000;

/// The indexes of a SQLite table. A served table's file is shared with readers: a rollback
/// journal and no cache spill keep the write lock to each index's commit, which readers wait
/// out. A table not served yet (`alone`) is written with no journal, an exclusive lock and a
/// bounded cache, sorting through temporary files, and without statistics (the index step that
/// follows gathers them).
fn index_sqlite(
    path: &Path,
    steps: &[String],
    progress: &Progress,
    alone: bool,
) -> Result<(), DatastoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_mins(1))?;
    conn.execute_batch(if alone {
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; \
         PRAGMA cache_size = -65536; PRAGMA temp_store = FILE;"
    } else {
        "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_spill = OFF; \
         PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
    })?;
    // Index sorts may use a second thread.
    conn.pragma_update(None, "threads", 2)?;
    for sql in steps {
        conn.execute_batch(sql)?;
        progress.done.fetch_add(1, Ordering::Relaxed);
    }
    if alone {
        // The index step that follows once the table is served gathers the statistics.
        return Ok(());
    }
    // Sampled statistics are enough for the planner, and cost a fraction of a full pass.
    conn.pragma_update(None, "analysis_limit", 2000)?;
    conn.execute_batch("ANALYZE")?;
    // The bundled SQLite keeps STAT4 samples, which lead it to read every row of a common
    // filter value and sort them, instead of walking the sort column's index and stopping
    // after one page; the per-index averages of STAT1 give the better plan.
    if conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap_or(0)
        > 0
    {
        conn.execute_batch("DELETE FROM sqlite_stat4")?;
    }
    Ok(())
}

/// Pass 1: the columns and, for each, the narrowest type every cell fits.
fn infer_types(
    source: &Source,
    progress: &Progress,
) -> Result<(Vec<String>, Vec<ColumnType>), DatastoreError> {
    progress.set_phase(Phase::Typing);
    let mut rows = read::open(&source.path, source.format, &source.limits)?;
    progress.total.store(rows.total_bytes(), Ordering::Relaxed);
    let columns = rows.columns().to_vec();
    let mut inference = Inference::new(columns.len());
    let mut record = StringRecord::new();
    let mut n: u64 = 0;
    while rows.next(&mut record)? {
        inference.observe(&record);
        n += 1;
        if n.is_multiple_of(16_384) {
            progress.update(rows.as_ref(), n);
        }
        // Row problems are collected by pass 2, which reads the same rows.
        drop(rows.take_problems());
    }
    progress.update(rows.as_ref(), n);
    let mut types = inference.finish();
    for (name, ty) in &source.fixed {
        if let Some(i) = columns.iter().position(|c| c == name) {
            types[i] = *ty;
        }
    }
    Ok((columns, types))
}

/// Column declarations of a new table.
fn create_sql(table: &str, columns: &[String], types: &[ColumnType], sqlite: bool) -> String {
    let mut sql = format!(
        "CREATE TABLE {} (_id {}",
        if sqlite { "data" } else { table },
        if sqlite {
            "INTEGER PRIMARY KEY"
        } else {
            "BIGINT NOT NULL"
        }
    );
    for (name, ty) in columns.iter().zip(types) {
        sql.push_str(", ");
        sql.push_str(&quote_ident(name));
        sql.push(' ');
        sql.push_str(if sqlite {
            sqlite_type(*ty)
        } else {
            postgres_type(*ty)
        });
    }
    sql.push(')');
    sql
}

pub(crate) fn sqlite_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Integer | ColumnType::Boolean => "INTEGER",
        ColumnType::Decimal => "REAL",
        ColumnType::Date | ColumnType::DateTime | ColumnType::Text => "TEXT",
    }
}

pub(crate) fn postgres_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Integer => "BIGINT",
        ColumnType::Decimal => "DOUBLE PRECISION",
        ColumnType::Boolean => "BOOLEAN",
        ColumnType::Date => "DATE",
        ColumnType::DateTime => "TIMESTAMP",
        ColumnType::Text => "TEXT",
    }
}

/// The columns a loaded table gets an index on: every column but long text.
fn indexed_columns(columns: &[String], types: &[ColumnType], longest: &[usize]) -> Vec<String> {
    columns
        .iter()
        .zip(types)
        .enumerate()
        .filter(|(i, (_, ty))| {
            **ty != ColumnType::Text || longest.get(*i).is_some_and(|l| *l <= INDEXED_TEXT_BYTES)
        })
        .map(|(_, (name, _))| name.clone())
        .collect()
}

/// `CREATE INDEX` of each of `indexed`, named after the column's position among `fields`, so
/// that running it again after an interruption only adds the missing ones. Searches sort NULLs
/// first ascending and last descending, as SQLite's indexes hold them; PostgreSQL's are told
/// to, so that both directions walk the index instead of sorting every matching row.
fn index_sql(table: &str, fields: &[Field], indexed: &[String], postgres: bool) -> Vec<String> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| indexed.contains(&f.id))
        .map(|(i, f)| {
            format!(
                "CREATE INDEX IF NOT EXISTS {} ON {table} ({}{})",
                quote_ident(&format!("{table}_{i}")),
                quote_ident(&f.id),
                if postgres { " ASC NULLS FIRST" } else { "" }
            )
        })
        .collect()
}

/// A text column with at least 2 and at most this many distinct values is a category (a city,
/// a station, a district): the kind of column people filter on and sort by.
const CATEGORY_VALUES: u64 = 1000;

/// At most this many categories get pair indexes (the fewest values first): `n × (n − 1)`
/// indexes, 6 for 3.
const CATEGORY_COLUMNS: usize = 3;

/// The positions of a table's categories, from each column's number of distinct values
/// (`distinct(i)`, from the planner's statistics; `None` for a column without them).
fn categories(fields: &[Field], distinct: impl Fn(usize) -> Option<u64>) -> Vec<usize> {
    let mut found: Vec<(u64, usize)> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.ty == ColumnType::Text)
        .filter_map(|(i, _)| distinct(i).map(|n| (n, i)))
        .filter(|(n, _)| (2..=CATEGORY_VALUES).contains(n))
        .collect();
    found.sort_unstable();
    found.truncate(CATEGORY_COLUMNS);
    found.into_iter().map(|(_, i)| i).collect()
}

/// The name of the index on columns `filter` then `sort` (positions among the fields).
#[must_use]
pub(crate) fn pair_index_name(table: &str, filter: usize, sort: usize) -> String {
    format!("{table}_{filter}_{sort}")
}

/// `CREATE INDEX` on every ordered pair of `categories`. A filter on one category sorted by
/// another is the case a single column's index serves worst: when the sort column's values
/// go with the filter's (the stations of one city), walking the sort column's index skips
/// the other cities' rows, and reading the city's rows means sorting all of them; the pair's
/// index reads one page.
fn pair_index_sql(
    table: &str,
    fields: &[Field],
    categories: &[usize],
    postgres: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for &f in categories {
        for &s in categories {
            if f != s {
                // A page's rows are in `_id` order among equal values: SQLite's indexes end
                // with the row id anyway, PostgreSQL's are told.
                out.push(format!(
                    "CREATE INDEX IF NOT EXISTS {} ON {table} ({}, {}{})",
                    quote_ident(&pair_index_name(table, f, s)),
                    quote_ident(&fields[f].id),
                    quote_ident(&fields[s].id),
                    if postgres {
                        " ASC NULLS FIRST, _id"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    out
}

/// Rows converted by the reader thread and inserted by the writer, in batches.
const BATCH_ROWS: usize = 4096;

/// One converted cell; text lives in the batch's buffer.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(u32, u32),
}

#[derive(Debug, Default)]
struct Batch {
    cells: Vec<Cell>,
    text: String,
}

impl Batch {
    /// A text cell of whatever `write` appends to the batch's buffer.
    fn push_text(&mut self, write: impl FnOnce(&mut String)) -> Result<Cell, DatastoreError> {
        let start = self.text.len();
        write(&mut self.text);
        Ok(Cell::Text(offset(start)?, offset(self.text.len())?))
    }

    fn clear(&mut self) {
        self.cells.clear();
        self.text.clear();
    }
}

fn offset(n: usize) -> Result<u32, DatastoreError> {
    u32::try_from(n).map_err(|_| DatastoreError::Database("a batch of rows is too large".into()))
}

/// Pass 2 on SQLite: a reader thread parses and converts rows while this thread inserts them
/// into a fresh file with no journal (a failed load is deleted, never repaired), with one
/// prepared statement in one transaction. Indexes come later, from [`Datastore::index`], while
/// the table is already served.
fn load_sqlite(
    path: &Path,
    source: &Source,
    columns: &[String],
    types: &[ColumnType],
    progress: &Progress,
) -> Result<Pass, DatastoreError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let mut conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
         PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
    )?;
    conn.execute_batch(&create_sql("data", columns, types, true))?;
    progress.set_phase(Phase::Loading);
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Batch>(8);
    let (pass, written) = std::thread::scope(|scope| {
        let reader = scope
            .spawn(move || convert_rows(source, columns, types, progress, &full_tx, &empty_rx));
        let written = insert_batches(&mut conn, columns.len(), &full_rx, &empty_tx);
        // Whatever the writer's outcome, the reader stops once its channels close.
        drop(full_rx);
        drop(empty_tx);
        let pass = reader
            .join()
            .unwrap_or_else(|_| Err(DatastoreError::Database("the file reader stopped".into())));
        (pass, written)
    });
    let pass = pass?;
    written?;
    Ok(pass)
}

/// The reader side of pass 2 on SQLite: rows in, batches of converted cells out.
fn convert_rows(
    source: &Source,
    columns: &[String],
    types: &[ColumnType],
    progress: &Progress,
    full: &std::sync::mpsc::SyncSender<Batch>,
    empty: &std::sync::mpsc::Receiver<Batch>,
) -> Result<Pass, DatastoreError> {
    let mut rows = read::open(&source.path, source.format, &source.limits)?;
    let mut pass = Pass {
        longest: vec![0; columns.len()],
        ..Pass::default()
    };
    let mut record = StringRecord::new();
    let mut batch = Batch::default();
    let mut in_batch = 0;
    while rows.next(&mut record)? {
        pass.rows += 1;
        let row = pass.rows;
        batch.cells.push(Cell::Int(row as i64));
        for (i, ty) in types.iter().enumerate() {
            let cell = record.get(i).unwrap_or("");
            if cell.len() > pass.longest[i] {
                pass.longest[i] = cell.len();
            }
            let converted = match infer::convert(*ty, cell) {
                Ok(Value::Null) => Cell::Null,
                Ok(Value::Integer(v)) => Cell::Int(v),
                Ok(Value::Decimal(v)) => Cell::Real(v),
                Ok(Value::Boolean(v)) => Cell::Int(i64::from(v)),
                Ok(Value::Date(d)) => batch.push_text(|text| infer::push_date(text, d))?,
                Ok(Value::DateTime(d)) => batch.push_text(|text| infer::push_datetime(text, d))?,
                Ok(Value::Text(t)) => batch.push_text(|text| text.push_str(t))?,
                Err(()) => {
                    pass.problems.push(Problem {
                        row,
                        column: columns[i].clone(),
                        value: clip(cell),
                        kind: ProblemKind::Type,
                    });
                    Cell::Null
                }
            };
            batch.cells.push(converted);
        }
        pass.problems.take_from(rows.as_mut());
        in_batch += 1;
        if in_batch == BATCH_ROWS || batch.text.len() > 16 << 20 {
            let next = empty.try_recv().unwrap_or_default();
            if full.send(std::mem::replace(&mut batch, next)).is_err() {
                // The writer stopped: its error is the one to report.
                return Ok(pass);
            }
            in_batch = 0;
            progress.update(rows.as_ref(), row);
        }
    }
    if in_batch > 0 {
        let _ = full.send(batch);
    }
    progress.update(rows.as_ref(), pass.rows);
    Ok(pass)
}

/// The writer side of pass 2 on SQLite. Returns the rows inserted.
fn insert_batches(
    conn: &mut Connection,
    columns: usize,
    full: &std::sync::mpsc::Receiver<Batch>,
    empty: &std::sync::mpsc::SyncSender<Batch>,
) -> Result<u64, DatastoreError> {
    let width = columns + 1;
    let tx = conn.transaction()?;
    let mut inserted = 0;
    {
        let placeholders: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
        let mut stmt = tx.prepare(&format!(
            "INSERT INTO data VALUES ({})",
            placeholders.join(", ")
        ))?;
        while let Ok(mut batch) = full.recv() {
            for row in batch.cells.chunks_exact(width) {
                for (i, cell) in row.iter().enumerate() {
                    let at = i + 1;
                    match *cell {
                        Cell::Null => stmt.raw_bind_parameter(at, rusqlite::types::Null)?,
                        Cell::Int(v) => stmt.raw_bind_parameter(at, v)?,
                        Cell::Real(v) => stmt.raw_bind_parameter(at, v)?,
                        Cell::Text(a, b) => {
                            stmt.raw_bind_parameter(at, &batch.text[a as usize..b as usize])?;
                        }
                    }
                }
                stmt.raw_execute()?;
                inserted += 1;
            }
            batch.clear();
            let _ = empty.try_send(batch);
        }
    }
    tx.commit()?;
    Ok(inserted)
}

/// Pass 2 on PostgreSQL: a reader thread converts rows into CSV chunks that `COPY` takes as
/// they come; then the key, the indexes and the planner's statistics.
async fn load_postgres(
    pool: &sqlx::PgPool,
    table: &str,
    source: &Source,
    columns: &[String],
    types: &[ColumnType],
    progress: &Arc<Progress>,
) -> Result<Pass, DatastoreError> {
    sqlx::query(sqlx::AssertSqlSafe(create_sql(
        table, columns, types, false,
    )))
    .execute(pool)
    .await?;
    progress.set_phase(Phase::Loading);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let producer = {
        let (source, columns, types, progress) = (
            source.clone(),
            columns.to_vec(),
            types.to_vec(),
            progress.clone(),
        );
        tokio::task::spawn_blocking(move || csv_chunks(&source, &columns, &types, &progress, &tx))
    };
    let mut conn = pool.acquire().await?;
    let mut names = String::from("_id");
    for c in columns {
        names.push_str(", ");
        names.push_str(&quote_ident(c));
    }
    let mut copy = conn
        .copy_in_raw(&format!("COPY {table} ({names}) FROM STDIN (FORMAT csv)"))
        .await?;
    let mut sent = Ok(());
    while let Some(chunk) = rx.recv().await {
        if let Err(e) = copy.send(chunk).await {
            sent = Err(e);
            break;
        }
    }
    drop(rx);
    let outcome = producer
        .await
        .map_err(|e| DatastoreError::Database(format!("loader stopped: {e}")))?;
    let pass = match (outcome, sent) {
        (Ok(pass), Ok(())) => {
            copy.finish().await?;
            pass
        }
        (Err(e), _) => {
            let _ = copy.abort("the file could not be read").await;
            return Err(e);
        }
        (Ok(_), Err(e)) => {
            let _ = copy.abort("sending failed").await;
            return Err(e.into());
        }
    };
    Ok(pass)
}

/// Reads the file and sends it on as CSV `COPY` understands, about 1 MiB at a time.
fn csv_chunks(
    source: &Source,
    columns: &[String],
    types: &[ColumnType],
    progress: &Progress,
    tx: &tokio::sync::mpsc::Sender<Vec<u8>>,
) -> Result<Pass, DatastoreError> {
    const CHUNK: usize = 1 << 20;
    let mut rows = read::open(&source.path, source.format, &source.limits)?;
    let mut pass = Pass {
        longest: vec![0; columns.len()],
        ..Pass::default()
    };
    let mut record = StringRecord::new();
    let mut text = String::new();
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + 64 * 1024);
    while rows.next(&mut record)? {
        pass.rows += 1;
        let row = pass.rows;
        let _ = write!(buf, "{row}");
        for (i, ty) in types.iter().enumerate() {
            buf.push(b',');
            let cell = record.get(i).unwrap_or("");
            if cell.len() > pass.longest[i] {
                pass.longest[i] = cell.len();
            }
            match infer::convert(*ty, cell) {
                Ok(Value::Null) => {}
                Ok(Value::Integer(v)) => {
                    let _ = write!(buf, "{v}");
                }
                Ok(Value::Decimal(v)) => {
                    let _ = write!(buf, "{v}");
                }
                Ok(Value::Boolean(v)) => buf.push(if v { b't' } else { b'f' }),
                Ok(Value::Date(d)) => {
                    text.clear();
                    infer::push_date(&mut text, d);
                    buf.extend_from_slice(text.as_bytes());
                }
                Ok(Value::DateTime(d)) => {
                    text.clear();
                    infer::push_datetime(&mut text, d);
                    buf.extend_from_slice(text.as_bytes());
                }
                Ok(Value::Text(t)) => {
                    buf.push(b'"');
                    for b in t.bytes() {
                        match b {
                            b'"' => buf.extend_from_slice(b"\"\""),
                            // PostgreSQL text cannot hold NUL.
                            0 => {}
                            b => buf.push(b),
                        }
                    }
                    buf.push(b'"');
                }
                Err(()) => pass.problems.push(Problem {
                    row,
                    column: columns[i].clone(),
                    value: clip(cell),
                    kind: ProblemKind::Type,
                }),
            }
        }
        buf.push(b'\n');
        pass.problems.take_from(rows.as_mut());
        if buf.len() >= CHUNK {
            let full = std::mem::replace(&mut buf, Vec::with_capacity(CHUNK + 64 * 1024));
            if tx.blocking_send(full).is_err() {
                return Err(DatastoreError::Database(
                    "the database stopped taking rows".into(),
                ));
            }
            progress.update(rows.as_ref(), row);
        }
    }
    if !buf.is_empty() && tx.blocking_send(buf).is_err() {
        return Err(DatastoreError::Database(
            "the database stopped taking rows".into(),
        ));
    }
    progress.update(rows.as_ref(), pass.rows);
    Ok(pass)
}
