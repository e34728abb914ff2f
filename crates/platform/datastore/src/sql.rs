//! `datastore_search_sql`: one user-written `SELECT`, checked by [`crate::sql_guard`] against an
//! allow-list, then run read-only with a time limit and a row limit.
//!
//! Defence in depth: on SQLite the statement runs on a fresh in-memory connection to which only
//! the referenced tables' files are attached read-only (the platform's own database is not
//! reachable at all), with `query_only` on and a progress handler that interrupts it at the
//! deadline; on PostgreSQL it runs in a `READ ONLY` transaction with `statement_timeout`, and
//! only the tables the guard resolved are named in it.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value as Json;

use crate::sql_guard::{self, Refusal};
use crate::{Datastore, DatastoreError, Dialect, Inner, Table};

/// Limits of one statement.
#[derive(Debug, Clone, Copy)]
pub struct SqlLimits {
    pub rows: u64,
    pub timeout: Duration,
}

/// The rows a statement returned.
#[derive(Debug, Clone, Default)]
pub struct SqlResult {
    pub fields: Vec<String>,
    pub records: Vec<Vec<Json>>,
    /// More rows existed than the limit let through.
    pub truncated: bool,
}

fn guard_dialect(dialect: Dialect) -> sql_guard::Dialect {
    match dialect {
        Dialect::Sqlite => sql_guard::Dialect::Sqlite,
        Dialect::Postgres => sql_guard::Dialect::Postgres,
    }
}

impl Datastore {
    /// The table names a statement refers to, as the user wrote them (the statement is checked
    /// on the way: a refusal comes back before any table is looked up).
    pub fn referenced_tables(&self, sql: &str) -> Result<Vec<String>, DatastoreError> {
        let checked = sql_guard::check(
            sql,
            guard_dialect(self.dialect()),
            &|name: &str| Some(crate::quote_ident(name)),
            1,
        )?;
        Ok(checked.tables)
    }

    /// Runs `sql` over `tables` (the user's name of each table → the loaded table).
    pub async fn sql(
        &self,
        sql: &str,
        tables: &HashMap<String, Table>,
        limits: SqlLimits,
    ) -> Result<SqlResult, DatastoreError> {
        let dialect = self.dialect();
        // Each referenced table gets a position; SQLite attaches it as schema `t<position>`.
        let mut order: Vec<(String, Table)> =
            tables.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        order.sort_by(|a, b| a.0.cmp(&b.0));
        let resolve = |name: &str| -> Option<String> {
            let at = order.iter().position(|(k, _)| k == name)?;
            Some(match dialect {
                Dialect::Sqlite => format!("t{at}.data"),
                Dialect::Postgres => order[at].1.name.clone(),
            })
        };
        let checked = sql_guard::check(sql, guard_dialect(dialect), &resolve, limits.rows)
            .map_err(|e| match e {
                Refusal::UnknownTable(t) => {
                    DatastoreError::invalid("sql", format!("no table {t:?}"))
                }
                other => DatastoreError::Refused(other),
            })?;
        match &self.inner {
            Inner::Sqlite(files) => {
                let paths: Vec<std::path::PathBuf> =
                    order.iter().map(|(_, t)| files.path(&t.name)).collect();
                let text = checked.sql;
                tokio::task::spawn_blocking(move || run_sqlite(&text, &paths, limits))
                    .await
                    .map_err(|e| DatastoreError::Database(format!("query stopped: {e}")))?
            }
            Inner::Postgres(pool) => run_postgres(pool, &checked.sql, limits).await,
        }
    }
}

fn run_sqlite(
    sql: &str,
    paths: &[std::path::PathBuf],
    limits: SqlLimits,
) -> Result<SqlResult, DatastoreError> {
    let conn = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH, 10_000_000)?;
    for (i, path) in paths.iter().enumerate() {
        let uri = format!(
            "file:{}?mode=ro",
            path.to_string_lossy()
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23")
        );
        conn.execute(&format!("ATTACH DATABASE ?1 AS t{i}"), [uri])?;
    }
    conn.pragma_update(None, "query_only", true)?;
    let deadline = Instant::now() + limits.timeout;
    conn.progress_handler(10_000, Some(move || Instant::now() > deadline))?;
    let mut stmt = conn.prepare(sql).map_err(statement_error)?;
    let fields: Vec<String> = stmt
        .column_names()
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let width = fields.len();
    let mut rows = stmt.raw_query();
    let mut result = SqlResult {
        fields,
        ..SqlResult::default()
    };
    while let Some(row) = rows.next().map_err(statement_error)? {
        if result.records.len() as u64 >= limits.rows {
            result.truncated = true;
            break;
        }
        let mut record = Vec::with_capacity(width);
        for i in 0..width {
            record.push(match row.get_ref(i)? {
                ValueRef::Null => Json::Null,
                ValueRef::Integer(v) => Json::from(v),
                ValueRef::Real(v) => {
                    serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number)
                }
                ValueRef::Text(t) => Json::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Json::String(format!("<{} bytes>", b.len())),
            });
        }
        result.records.push(record);
    }
    Ok(result)
}

async fn run_postgres(
    pool: &sqlx::PgPool,
    sql: &str,
    limits: SqlLimits,
) -> Result<SqlResult, DatastoreError> {
    use sqlx::Row as _;
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION READ ONLY")
        .execute(&mut *tx)
        .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SET LOCAL statement_timeout = {}",
        limits.timeout.as_millis().max(1)
    )))
    .execute(&mut *tx)
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT row_to_json(_w)::text FROM ({sql}) AS _w"
    )))
    .fetch_all(&mut *tx)
    .await
    .map_err(pg_statement_error)?;
    tx.rollback().await?;
    let mut result = SqlResult::default();
    for row in rows {
        if result.records.len() as u64 >= limits.rows {
            result.truncated = true;
            break;
        }
        let text: String = row.try_get(0)?;
        let mut de = serde_json::Deserializer::from_str(&text);
        let pairs = de
            .deserialize_map(Ordered)
            .map_err(|e| DatastoreError::Database(format!("row is not JSON: {e}")))?;
        if result.fields.is_empty() {
            result.fields = pairs.iter().map(|(k, _)| k.clone()).collect();
        }
        result
            .records
            .push(pairs.into_iter().map(|(_, v)| v).collect());
    }
    Ok(result)
}

/// An error of the user's statement itself (a column that is not there, a type mismatch, a
/// division by zero) is the caller's mistake, told back; anything else is the database's.
fn statement_error(err: rusqlite::Error) -> DatastoreError {
    match &err {
        rusqlite::Error::SqliteFailure(e, Some(msg)) if e.code == rusqlite::ErrorCode::Unknown => {
            DatastoreError::invalid("sql", msg.clone())
        }
        _ => err.into(),
    }
}

/// As [`statement_error`], by SQLSTATE class: data exceptions (22), cardinality (21), syntax
/// and access rules (42), unsupported features (0A).
fn pg_statement_error(err: sqlx::Error) -> DatastoreError {
    if let sqlx::Error::Database(db) = &err
        && let Some(code) = db.code()
        && ["21", "22", "42", "0A"].iter().any(|c| code.starts_with(c))
    {
        return DatastoreError::invalid("sql", db.message().to_owned());
    }
    err.into()
}

/// A JSON object's entries in the order they were written (PostgreSQL's column order).
struct Ordered;

impl<'de> Visitor<'de> for Ordered {
    type Value = Vec<(String, Json)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            pairs.push((k, v));
        }
        Ok(pairs)
    }
}
