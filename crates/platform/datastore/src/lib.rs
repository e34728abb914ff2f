#![doc = include_str!("../README.md")]

pub mod dump;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod infer;
pub mod load;
pub mod query;
pub mod read;
pub mod sql;
pub mod sql_guard;
mod sqlite;

use std::path::{Path, PathBuf};

use opengov_kernel::Db;
use serde::{Deserialize, Serialize};

pub use infer::ColumnType;

/// A column of a datastore table, as users name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub id: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
}

/// A loaded table as the portal records it: the physical name, its columns (without `_id`) and
/// its number of rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub fields: Vec<Field>,
    pub rows: u64,
}

impl Table {
    /// The column called `id`, or `_id`'s pseudo-field.
    #[must_use]
    pub fn field(&self, id: &str) -> Option<ColumnType> {
        if id == "_id" {
            return Some(ColumnType::Integer);
        }
        self.fields.iter().find(|f| f.id == id).map(|f| f.ty)
    }
}

/// What went wrong, by kind: the portal turns each into a message in the user's language.
#[derive(Debug, thiserror::Error)]
pub enum DatastoreError {
    #[error("{0}")]
    Read(#[from] read::ReadError),
    /// A request names a field, value or option that cannot apply to this table.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Refused(#[from] sql_guard::Refusal),
    #[error("the query ran past its time limit")]
    Timeout,
    #[error("datastore database: {0}")]
    Database(String),
    #[error("datastore file: {0}")]
    Io(#[from] std::io::Error),
}

impl DatastoreError {
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl From<sqlx::Error> for DatastoreError {
    fn from(err: sqlx::Error) -> Self {
        // PostgreSQL's statement_timeout cancels with SQLSTATE 57014.
        if let sqlx::Error::Database(db) = &err
            && db.code().as_deref() == Some("57014")
        {
            return Self::Timeout;
        }
        Self::Database(err.to_string())
    }
}

impl From<rusqlite::Error> for DatastoreError {
    fn from(err: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(e, _) = &err
            && e.code == rusqlite::ErrorCode::OperationInterrupted
        {
            return Self::Timeout;
        }
        Self::Database(err.to_string())
    }
}

/// The datastore of one node: where tables live and how to reach them.
#[derive(Debug)]
pub struct Datastore {
    inner: Inner,
    counts: query::Counts,
}

#[derive(Debug)]
enum Inner {
    Sqlite(sqlite::Files),
    Postgres(sqlx::PgPool),
}

/// Which SQL a table speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Datastore {
    /// On PostgreSQL the tables live beside the application's; on SQLite each one is a file in
    /// `dir` (created if missing).
    pub fn open(db: &Db, dir: &Path) -> Result<Self, DatastoreError> {
        let inner = match db {
            Db::Postgres(pool) => Inner::Postgres(pool.clone()),
            Db::Sqlite(_) => {
                std::fs::create_dir_all(dir)?;
                Inner::Sqlite(sqlite::Files::new(dir.to_path_buf()))
            }
        };
        Ok(Self {
            inner,
            counts: query::Counts::default(),
        })
    }

    pub(crate) fn dialect(&self) -> Dialect {
        match self.inner {
            Inner::Sqlite(_) => Dialect::Sqlite,
            Inner::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Deletes a table nobody reads any more (a replaced version or a failed load).
    pub async fn drop_table(&self, name: &str) -> Result<(), DatastoreError> {
        check_table_name(name)?;
        self.counts.forget(name);
        match &self.inner {
            Inner::Sqlite(files) => {
                files.forget(name);
                match std::fs::remove_file(files.path(name)) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(e.into()),
                }
            }
            Inner::Postgres(pool) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP TABLE IF EXISTS \"{name}\""
                )))
                .execute(pool)
                .await?;
                Ok(())
            }
        }
    }

    /// The tables that exist on this node's datastore (SQLite files or PostgreSQL tables named
    /// like ours), to find the ones left behind by interrupted loads.
    pub async fn existing_tables(&self) -> Result<Vec<String>, DatastoreError> {
        match &self.inner {
            Inner::Sqlite(files) => files.existing(),
            Inner::Postgres(pool) => Ok(sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name LIKE 'ds\\_%'",
            )
            .fetch_all(pool)
            .await?),
        }
    }

    /// Where the SQLite files are (none on PostgreSQL).
    #[must_use]
    pub fn directory(&self) -> Option<PathBuf> {
        match &self.inner {
            Inner::Sqlite(files) => Some(files.dir().to_path_buf()),
            Inner::Postgres(_) => None,
        }
    }
}

/// The physical name of the table of one load: `ds_<resource>_<version>_<load>`.
#[must_use]
pub fn table_name(resource: i64, version: i64, load: i64) -> String {
    format!("ds_{resource}_{version}_{load}")
}

/// Physical names are only ever made by [`table_name`]; anything else is refused before it can
/// reach SQL text or a file path.
pub(crate) fn check_table_name(name: &str) -> Result<(), DatastoreError> {
    let ok = name.len() <= 63
        && name.starts_with("ds_")
        && name[3..].bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(DatastoreError::invalid("table", "not a datastore table"))
    }
}

/// `"name"` with inner quotes doubled: the one way identifiers reach SQL text.
#[must_use]
pub(crate) fn quote_ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Serialize for ColumnType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_made_by_table_name_are_accepted() {
        assert!(check_table_name(&table_name(4, 2, 17)).is_ok());
        for bad in ["users", "ds_1; DROP", "ds_../x", "", "ds_1\"x"] {
            assert!(check_table_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identifiers_are_quoted_with_inner_quotes_doubled() {
        assert_eq!(quote_ident("Регион"), "\"Регион\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
