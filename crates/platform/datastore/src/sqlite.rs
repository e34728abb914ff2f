//! SQLite tables: one database file per table, read through pooled read-only connections.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags};

use crate::DatastoreError;

/// Idle connections kept per table, and tables kept open at most.
const IDLE_PER_TABLE: usize = 8;
/// Table files are read through memory maps: every connection shares the operating system's
/// page cache instead of warming a private cache of its own.
const MMAP_BYTES: i64 = 1 << 34;
const OPEN_TABLES: usize = 64;

/// The directory of table files and the idle read connections to them.
#[derive(Debug)]
pub(crate) struct Files {
    dir: PathBuf,
    idle: Mutex<HashMap<String, Vec<Connection>>>,
}

impl Files {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            idle: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of table `name` (a name checked by `check_table_name`).
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.sqlite"))
    }

    /// Closes the idle connections to a table about to be deleted.
    pub(crate) fn forget(&self, name: &str) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(name);
    }

    pub(crate) fn existing(&self) -> Result<Vec<String>, DatastoreError> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            if let Some(name) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".sqlite"))
            {
                names.push(name.to_owned());
            }
        }
        Ok(names)
    }

    /// Runs `f` on a read-only connection to table `name`, off the async runtime.
    pub(crate) async fn read<T, F>(&self, name: &str, f: F) -> Result<T, DatastoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, DatastoreError> + Send + 'static,
    {
        crate::check_table_name(name)?;
        let conn = self.take(name);
        let path = self.path(name);
        let (conn, result) = tokio::task::spawn_blocking(move || {
            let conn = match conn {
                Some(c) => c,
                None => match open_read_only(&path) {
                    Ok(c) => c,
                    Err(e) => return (None, Err(e)),
                },
            };
            let result = f(&conn);
            (Some(conn), result)
        })
        .await
        .map_err(|e| DatastoreError::Database(format!("reader stopped: {e}")))?;
        if let Some(conn) = conn {
            self.give_back(name, conn);
        }
        result
    }

    fn take(&self, name: &str) -> Option<Connection> {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(name)
            .and_then(Vec::pop)
    }

    fn give_back(&self, name: &str, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() >= OPEN_TABLES && !idle.contains_key(name) {
            idle.clear();
        }
        let list = idle.entry(name.to_owned()).or_default();
        if list.len() < IDLE_PER_TABLE {
            list.push(conn);
        }
    }
}

/// A read-only connection to a table file, with `ulower` (Unicode lower case, which SQLite's
/// own `lower` is not) for text search.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection, DatastoreError> {
    if !path.exists() {
        return Err(DatastoreError::Database(format!(
            "table file {} is missing",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "query_only", true)?;
    conn.pragma_update(None, "cache_size", -2048)?;
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    add_functions(&conn)?;
    Ok(conn)
}

pub(crate) fn add_functions(conn: &Connection) -> Result<(), DatastoreError> {
    conn.create_scalar_function(
        "ulower",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => {
                    Some(String::from_utf8_lossy(t).to_lowercase())
                }
                _ => None,
            })
        },
    )?;
    Ok(())
}
