//! The database seam: one `Db` over the concrete SQLite and PostgreSQL pools.
//!
//! Queries are written once, in SQL both backends accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`, `TRUE`/`FALSE`), and run through [`db_run!`](crate::db_run) or
//! [`tx_run!`](crate::tx_run), which expand the same code for each concrete driver. That keeps
//! sqlx's typed drivers (booleans, timestamps and JSON work on both, which `sqlx::Any` cannot
//! do on SQLite) without writing every query twice. What really differs between the dialects
//! (job claiming, full-text search, bulk loading) is asked of [`Db::backend`] and kept next to
//! the query that needs it.
//!
//! Timestamps are [`Ts`]: UTC, microsecond precision, stored as `TIMESTAMPTZ` on PostgreSQL and
//! as fixed-width ISO-8601 text (`2026-11-27T12:56:03.000000Z`) on SQLite, so that text order
//! is time order.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Decode, Encode, PgPool, Postgres, Sqlite, SqlitePool, Transaction, Type};

pub use sqlx::Error as DbError;

/// Transactions this process has committed, on any pool.
static COMMITS: AtomicU64 = AtomicU64::new(0);

/// How many transactions this process has committed through [`Tx::commit`]. It grows after
/// each commit, so a reader that keeps something derived from the database (an index, a
/// cache) and notes this count before it last looked need not look again while the count is
/// unchanged: nothing this process wrote since can be missing. Writes of other processes are
/// not counted.
#[must_use]
pub fn commits() -> u64 {
    COMMITS.load(Ordering::Acquire)
}

/// Which database the server talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// A table `ids(wanted)` of the integers in the JSON array bound as `$1` (see
    /// [`ids_json`]), for `SELECT … FROM {ids} JOIN t ON t.id = ids.wanted`. Its SQL text is the same for any
    /// number of ids, so the statement is prepared once and kept, where an `IN (1, 2, …)` list
    /// written into the text is prepared again for every new list (and on SQLite builds a
    /// temporary b-tree of the list each time). Rows come in no promised order.
    #[must_use]
    pub fn ids_table(self) -> &'static str {
        match self {
            Self::Sqlite => "(SELECT CAST(value AS INTEGER) AS wanted FROM json_each($1)) AS ids",
            Self::Postgres => {
                "(SELECT CAST(value AS BIGINT) AS wanted \
                 FROM jsonb_array_elements_text(CAST(CAST($1 AS TEXT) AS JSONB)) AS e(value)) AS ids"
            }
        }
    }
}

/// The ids as the JSON array [`Backend::ids_table`] reads from its parameter, each once (as
/// an `IN` list would match it once).
#[must_use]
pub fn ids_json(ids: &[i64]) -> String {
    use std::fmt::Write as _;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = String::with_capacity(ids.len() * 8 + 2);
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{id}");
    }
    out.push(']');
    out
}

/// A pool on one of the two backends. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on one of the two backends; dropped without `commit` it rolls back.
#[derive(Debug)]
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$c` bound to the concrete pool (`&SqlitePool` or `&PgPool`).
///
/// ```ignore
/// let n: i64 = db_run!(&db, |c| sqlx::query_scalar("SELECT COUNT(*) FROM bodies").fetch_one(c).await)?;
/// ```
#[macro_export]
macro_rules! db_run {
    ($db:expr, |$c:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($c) => $body,
            $crate::db::Db::Postgres($c) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's concrete connection
/// (`&mut SqliteConnection` or `&mut PgConnection`); use `&mut *c` for each query.
#[macro_export]
macro_rules! tx_run {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Pool and connection settings.
#[derive(Debug, Clone)]
pub struct DbOptions {
    pub max_connections: u32,
    /// PostgreSQL only: run everything inside this schema (tests use a fresh one each).
    pub schema: Option<String>,
}

impl Default for DbOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get) as u32;
        Self {
            max_connections: (cores * 4).clamp(4, 32),
            schema: None,
        }
    }
}

impl Db {
    /// Connects to `postgres://…` URLs on PostgreSQL, or opens (creating) the SQLite file at
    /// `sqlite_path` otherwise.
    pub async fn connect(
        database_url: Option<&str>,
        sqlite_path: &Path,
        options: &DbOptions,
    ) -> Result<Self, DbError> {
        match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                let mut connect = PgConnectOptions::from_str(url)?;
                if let Some(schema) = &options.schema {
                    connect = connect.options([("search_path", schema.as_str())]);
                }
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(connect)
                    .await?;
                Ok(Self::Postgres(pool))
            }
            Some(url) if url.starts_with("sqlite:") => {
                let connect = sqlite_options(SqliteConnectOptions::from_str(url)?);
                Ok(Self::Sqlite(
                    sqlite_pool(options).connect_with(connect).await?,
                ))
            }
            Some(other) => Err(DbError::Configuration(
                format!("unsupported database URL scheme in {:?}", redact_url(other)).into(),
            )),
            None => {
                let connect = sqlite_options(SqliteConnectOptions::new().filename(sqlite_path));
                Ok(Self::Sqlite(
                    sqlite_pool(options).connect_with(connect).await?,
                ))
            }
        }
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("../../migrations/sqlite").run(pool).await,
            Self::Postgres(pool) => sqlx::migrate!("../../migrations/postgres").run(pool).await,
        }
    }

    /// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`, which takes the write
    /// lock up front so concurrent writers wait on the busy timeout instead of failing on a
    /// lock upgrade.
    pub async fn begin(&self) -> Result<Tx, DbError> {
        match self {
            Self::Sqlite(pool) => Ok(Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?)),
            Self::Postgres(pool) => Ok(Tx::Postgres(pool.begin().await?)),
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }

    /// Keeps the query planner's statistics current. SQLite never gathers them by itself, so
    /// this runs `PRAGMA optimize` (cheap: it analyzes only tables whose size changed a lot);
    /// on PostgreSQL autovacuum does it, so this does nothing. Run by the hourly maintenance.
    pub async fn optimize(&self) -> Result<(), DbError> {
        match self {
            Self::Sqlite(pool) => sqlx::query("PRAGMA optimize")
                .execute(pool)
                .await
                .map(|_| ()),
            Self::Postgres(_) => Ok(()),
        }
    }

    /// Checks the connection (for `/healthz`).
    pub async fn ping(&self) -> Result<(), DbError> {
        db_run!(self, |c| sqlx::query("SELECT 1")
            .execute(c)
            .await
            .map(|_| ()))
    }
}

impl Tx {
    /// Commits, then counts the commit in [`commits`].
    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Self::Sqlite(t) => t.commit().await,
            Self::Postgres(t) => t.commit().await,
        }?;
        COMMITS.fetch_add(1, Ordering::Release);
        Ok(())
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

fn sqlite_options(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true)
        .pragma("temp_store", "memory")
        .pragma("cache_size", "-16000")
}

fn sqlite_pool(options: &DbOptions) -> SqlitePoolOptions {
    SqlitePoolOptions::new()
        .max_connections(options.max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
}

/// The URL with any password replaced, for messages and logs.
#[must_use]
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "<unparseable>".to_owned(),
    }
}

/// Drops sub-microsecond precision, which neither backend stores.
#[must_use]
pub fn truncate_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    let micros = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(micros).unwrap_or(t)
}

/// A UTC timestamp as both backends store it (see the module documentation).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Ts(pub DateTime<Utc>);

impl Ts {
    /// The fixed text form used on SQLite and in canonical payloads.
    #[must_use]
    pub fn to_text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        Ok(Self(
            DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc),
        ))
    }
}

impl From<DateTime<Utc>> for Ts {
    fn from(t: DateTime<Utc>) -> Self {
        Self(truncate_micros(t))
    }
}

impl std::fmt::Display for Ts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl Type<Sqlite> for Ts {
    fn type_info() -> <Sqlite as sqlx::Database>::TypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &<Sqlite as sqlx::Database>::TypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Ts {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'_, Sqlite>>::encode(self.to_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Ts {
    fn decode(value: <Sqlite as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Sqlite>>::decode(value)?;
        Ok(Self::parse(&text)?)
    }
}

impl Type<Postgres> for Ts {
    fn type_info() -> <Postgres as sqlx::Database>::TypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
    fn compatible(ty: &<Postgres as sqlx::Database>::TypeInfo) -> bool {
        <DateTime<Utc> as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for Ts {
    fn encode_by_ref(
        &self,
        buf: &mut <Postgres as sqlx::Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Ts {
    fn decode(value: <Postgres as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self(<DateTime<Utc> as Decode<'r, Postgres>>::decode(
            value,
        )?))
    }
}

/// True when the error is a unique-constraint violation (on either backend).
#[must_use]
pub fn is_unique_violation(err: &DbError) -> bool {
    err.as_database_error()
        .is_some_and(sqlx::error::DatabaseError::is_unique_violation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_text_is_fixed_width_and_sorts_as_time() {
        let a = Ts::from(
            DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                .unwrap_or_default()
                .to_utc(),
        );
        let b = Ts::from(
            DateTime::parse_from_rfc3339("2026-01-01T00:00:00.5Z")
                .unwrap_or_default()
                .to_utc(),
        );
        assert_eq!(a.to_text(), "2026-01-01T00:00:00.000000Z");
        assert_eq!(b.to_text(), "2026-01-01T00:00:00.500000Z");
        assert!(a.to_text() < b.to_text());
        assert_eq!(Ts::parse(&b.to_text()).ok(), Some(b));
    }

    #[test]
    fn ids_are_written_as_a_json_array() {
        assert_eq!(ids_json(&[]), "[]");
        assert_eq!(
            ids_json(&[7, -1, i64::MAX, 7]),
            "[-1,7,9223372036854775807]"
        );
    }

    #[test]
    fn redact_url_hides_the_password() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
    }
}
