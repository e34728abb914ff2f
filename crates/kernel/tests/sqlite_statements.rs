//! The bundled SQLite plans a prepared statement once, however often it runs with new values
//! (`.cargo/config.toml` builds it with `SQLITE_ENABLE_QPSG`). sqlx keeps every statement
//! prepared and binds it anew for each query; without the guarantee, SQLite re-parses and
//! re-plans a statement on each run when a bound value could change its plan: a bound `LIMIT`,
//! a bound `LIKE` pattern, or a comparison with an indexed column once `ANALYZE` has left
//! STAT4 samples. SQLite counts those re-preparations per statement; rusqlite links the same
//! library as sqlx and reads the counter.

use rusqlite::{Connection, StatementStatus, types::Value};

type R = Result<(), Box<dyn std::error::Error>>;

fn table() -> rusqlite::Result<Connection> {
    let c = Connection::open_in_memory()?;
    c.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, body INTEGER NOT NULL);
         CREATE INDEX t_name ON t(name);
         CREATE INDEX t_body ON t(body);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO t (name, body) SELECT 'name-' || i, i % 7 FROM n;
         ANALYZE;",
    )?;
    Ok(c)
}

/// Runs `sql` with each of `values` bound as `?1`, and returns how often SQLite prepared it
/// again and how many rows each run gave.
fn reprepared(c: &Connection, sql: &str, values: &[Value]) -> rusqlite::Result<(i32, Vec<usize>)> {
    let mut stmt = c.prepare(sql)?;
    let mut counts = Vec::new();
    for v in values {
        let rows = stmt
            .query_map([v], |r| r.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        counts.push(rows.len());
    }
    Ok((stmt.get_status(StatementStatus::RePrepare), counts))
}

#[test]
fn a_statement_with_a_bound_limit_is_planned_once_however_often_it_runs() -> R {
    let c = table()?;
    let limits = [10, 20, 30, 40].map(Value::Integer);
    let (again, rows) = reprepared(&c, "SELECT id FROM t ORDER BY id DESC LIMIT ?1", &limits)?;
    assert_eq!(rows, [10, 20, 30, 40], "each run keeps its own limit");
    assert_eq!(again, 0);
    Ok(())
}

#[test]
fn a_comparison_with_an_analyzed_index_is_planned_once_however_often_it_runs() -> R {
    let c = table()?;
    let stat4: i64 = c.query_row("SELECT COUNT(*) FROM sqlite_stat4", [], |r| r.get(0))?;
    assert!(stat4 > 0, "ANALYZE left no STAT4 samples to plan with");
    let bodies = [1, 2, 3, 7].map(Value::Integer);
    let (again, rows) = reprepared(&c, "SELECT id FROM t WHERE body = ?1", &bodies)?;
    assert_eq!(rows, [286, 286, 286, 0]);
    assert_eq!(again, 0);
    Ok(())
}

#[test]
fn a_bound_like_pattern_is_planned_once_however_often_it_runs() -> R {
    let c = table()?;
    let patterns = ["name-1%", "name-2%", "name-2000"].map(|p| Value::Text(p.into()));
    let (again, rows) = reprepared(&c, "SELECT id FROM t WHERE name LIKE ?1", &patterns)?;
    assert_eq!(rows, [1111, 112, 1]);
    assert_eq!(again, 0);
    Ok(())
}
