//! Loading a file into a new table: the first pass infers every column's type from every cell,
//! the second converts each cell and inserts it. Nothing in either pass depends on the size of
//! the file except the time it takes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

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
                    load_sqlite(&path, &source, &columns, &types, &progress)
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
                progress.set_phase(Phase::Done);
                Ok(Loaded {
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

/// The indexes a loaded table gets: every column but long text.
fn index_sql(
    table: &str,
    columns: &[String],
    types: &[ColumnType],
    longest: &[usize],
) -> Vec<String> {
    columns
        .iter()
        .zip(types)
        .enumerate()
        .filter(|(i, (_, ty))| {
            **ty != ColumnType::Text || longest.get(*i).is_some_and(|l| *l <= INDEXED_TEXT_BYTES)
        })
        .map(|(i, (name, _))| {
            format!(
                "CREATE INDEX {} ON {table} ({})",
                quote_ident(&format!("{table}_{i}")),
                quote_ident(name)
            )
        })
        .collect()
}

/// Pass 2 on SQLite: a fresh file, no journal (a failed load is deleted, never repaired), one
/// prepared statement in one transaction, then the indexes and the planner's statistics.
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
    let mut rows = read::open(&source.path, source.format, &source.limits)?;
    let mut pass = Pass {
        longest: vec![0; columns.len()],
        ..Pass::default()
    };
    let tx = conn.transaction()?;
    {
        let placeholders: Vec<String> = (1..=columns.len() + 1).map(|i| format!("?{i}")).collect();
        let mut stmt = tx.prepare(&format!(
            "INSERT INTO data VALUES ({})",
            placeholders.join(", ")
        ))?;
        let mut record = StringRecord::new();
        let mut text = String::new();
        while rows.next(&mut record)? {
            pass.rows += 1;
            let row = pass.rows;
            stmt.raw_bind_parameter(1, row as i64)?;
            for (i, ty) in types.iter().enumerate() {
                let cell = record.get(i).unwrap_or("");
                if cell.len() > pass.longest[i] {
                    pass.longest[i] = cell.len();
                }
                let at = i + 2;
                match infer::convert(*ty, cell) {
                    Ok(Value::Null) => stmt.raw_bind_parameter(at, rusqlite::types::Null)?,
                    Ok(Value::Integer(v)) => stmt.raw_bind_parameter(at, v)?,
                    Ok(Value::Decimal(v)) => stmt.raw_bind_parameter(at, v)?,
                    Ok(Value::Boolean(v)) => stmt.raw_bind_parameter(at, i64::from(v))?,
                    Ok(Value::Date(d)) => {
                        text.clear();
                        let _ = std::fmt::Write::write_fmt(
                            &mut text,
                            format_args!("{}", d.format("%Y-%m-%d")),
                        );
                        stmt.raw_bind_parameter(at, text.as_str())?;
                    }
                    Ok(Value::DateTime(d)) => {
                        text.clear();
                        let _ = std::fmt::Write::write_fmt(
                            &mut text,
                            format_args!("{}", d.format("%Y-%m-%dT%H:%M:%S%.f")),
                        );
                        stmt.raw_bind_parameter(at, text.as_str())?;
                    }
                    Ok(Value::Text(t)) => stmt.raw_bind_parameter(at, t)?,
                    Err(()) => {
                        pass.problems.push(Problem {
                            row,
                            column: columns[i].clone(),
                            value: clip(cell),
                            kind: ProblemKind::Type,
                        });
                        stmt.raw_bind_parameter(at, rusqlite::types::Null)?;
                    }
                }
            }
            stmt.raw_execute()?;
            pass.problems.take_from(rows.as_mut());
            if row.is_multiple_of(16_384) {
                progress.update(rows.as_ref(), row);
            }
        }
        progress.update(rows.as_ref(), pass.rows);
    }
    tx.commit()?;
    progress.set_phase(Phase::Indexing);
    // Index sorts may use a second thread.
    conn.pragma_update(None, "threads", 2)?;
    for sql in index_sql("data", columns, types, &pass.longest) {
        conn.execute_batch(&sql)?;
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
    Ok(pass)
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
    drop(conn);
    progress.set_phase(Phase::Indexing);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER TABLE {table} ADD PRIMARY KEY (_id)"
    )))
    .execute(pool)
    .await?;
    for sql in index_sql(table, columns, types, &pass.longest) {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
    }
    // Statistics for the planner and a visibility map for index-only counts.
    sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM (ANALYZE) {table}")))
        .execute(pool)
        .await?;
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
                    let _ = write!(buf, "{}", d.format("%Y-%m-%d"));
                }
                Ok(Value::DateTime(d)) => {
                    let _ = write!(buf, "{}", d.format("%Y-%m-%dT%H:%M:%S%.f"));
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
