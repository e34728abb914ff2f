//! Reading rows: filters (a list is `IN`), text search, sort, chosen fields, distinct rows,
//! offset pages and keyset pages, and the total — the semantics of CKAN's `datastore_search`.
//!
//! Rows come out of the database already as JSON arrays (`json_array` on SQLite,
//! `json_build_array` on PostgreSQL), so no value is decoded and re-encoded on the way. The total
//! without filters is the row count the load recorded; with filters it is counted on the
//! indexes every loaded column but long text has.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::infer::{self, Value};
use crate::{ColumnType, Datastore, DatastoreError, Dialect, Field, Inner, Table, quote_ident};

/// The most rows one page may hold (CKAN's limit).
pub const MAX_LIMIT: u64 = 32_000;

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Field → accepted values (more than one is `IN`).
    pub filters: Vec<(String, Vec<Json>)>,
    /// Text to find in any text field, or per field.
    pub q: Option<Q>,
    /// Fields to return, in order; `None` is every field with `_id` first.
    pub fields: Option<Vec<String>>,
    /// (field, descending); `_id` is always the last key so pages are stable.
    pub sort: Vec<(String, bool)>,
    pub limit: u64,
    pub offset: u64,
    pub distinct: bool,
    pub include_total: bool,
    /// Keyset page: rows after this cursor (from [`Page::next`]); offset is then ignored.
    pub after: Option<Cursor>,
}

/// Text search: anywhere, or per field.
#[derive(Debug, Clone)]
pub enum Q {
    Any(String),
    Fields(Vec<(String, String)>),
}

/// Where a keyset page ends: the sort key's value and `_id` of the last row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub value: Json,
    pub id: i64,
}

/// One page of rows.
#[derive(Debug, Clone)]
pub struct Page {
    pub fields: Vec<Field>,
    /// Each row as the text of a JSON array, in the order of `fields`.
    pub rows: Vec<String>,
    pub total: Option<u64>,
    /// The cursor of the next keyset page, when the page was full.
    pub next: Option<Cursor>,
}

/// A parameter of a generated statement.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(String),
}

/// A statement under construction for one dialect.
pub(crate) struct Sql {
    pub(crate) dialect: Dialect,
    pub(crate) text: String,
    pub(crate) params: Vec<Param>,
}

impl Sql {
    fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            text: String::new(),
            params: Vec::new(),
        }
    }

    /// Appends a placeholder for `param`, cast to the column's type on PostgreSQL.
    fn bind(&mut self, param: Param, ty: ColumnType) {
        self.params.push(param);
        let n = self.params.len();
        match self.dialect {
            Dialect::Sqlite => {
                self.text.push('?');
                self.text.push_str(&n.to_string());
            }
            Dialect::Postgres => {
                let _ = write!(self.text, "CAST(${n} AS ");
                self.text.push_str(crate::load::postgres_type(ty));
                self.text.push(')');
            }
        }
    }
}

/// The parameter a filter value becomes for a column of type `ty`.
fn param_for(field: &str, ty: ColumnType, value: &Json) -> Result<Param, DatastoreError> {
    let text = match value {
        Json::Null => return Ok(Param::Null),
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        _ => {
            return Err(DatastoreError::invalid(
                field,
                "a filter value must be a string, number, boolean or null",
            ));
        }
    };
    match infer::convert(ty, &text) {
        Ok(Value::Null) => Ok(Param::Null),
        Ok(Value::Integer(v)) => Ok(Param::Int(v)),
        Ok(Value::Decimal(v)) => Ok(Param::Real(v)),
        Ok(Value::Boolean(v)) => Ok(Param::Bool(v)),
        Ok(Value::Date(d)) => {
            let mut text = String::new();
            infer::push_date(&mut text, d);
            Ok(Param::Text(text))
        }
        Ok(Value::DateTime(d)) => {
            let mut text = String::new();
            infer::push_datetime(&mut text, d);
            Ok(Param::Text(text))
        }
        Ok(Value::Text(t)) => Ok(Param::Text(t.to_owned())),
        Err(()) => Err(DatastoreError::invalid(
            field,
            format!("{text:?} is not a valid {} value", ty.as_str()),
        )),
    }
}

/// The expression that renders a column as JSON inside `json_array` / `json_build_array`.
fn json_expr(dialect: Dialect, name: &str, ty: ColumnType) -> String {
    let col = quote_ident(name);
    match (dialect, ty) {
        (Dialect::Sqlite, ColumnType::Boolean) => {
            format!("CASE {col} WHEN 1 THEN json('true') WHEN 0 THEN json('false') END")
        }
        _ => col,
    }
}

/// `json_array(...)` of the chosen fields.
pub(crate) fn row_expr(dialect: Dialect, fields: &[Field]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| json_expr(dialect, &f.id, f.ty))
        .collect();
    match dialect {
        Dialect::Sqlite => format!("json_array({})", parts.join(", ")),
        Dialect::Postgres => format!("json_build_array({})::text", parts.join(", ")),
    }
}

/// `FROM` of a table in its dialect.
pub(crate) fn from_table(dialect: Dialect, table: &Table) -> String {
    match dialect {
        Dialect::Sqlite => "data".to_owned(),
        Dialect::Postgres => table.name.clone(),
    }
}

/// Parses CKAN's `sort`: `"f1, f2 desc"`, names optionally in double quotes.
pub fn parse_sort(sort: &str) -> Result<Vec<(String, bool)>, DatastoreError> {
    let mut keys = Vec::new();
    for part in split_outside_quotes(sort) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, rest) = if let Some(stripped) = part.strip_prefix('"') {
            let end = stripped
                .find('"')
                .ok_or_else(|| DatastoreError::invalid("sort", "unclosed quote"))?;
            (stripped[..end].to_owned(), stripped[end + 1..].trim())
        } else {
            match part.rsplit_once(char::is_whitespace) {
                Some((n, dir))
                    if dir.eq_ignore_ascii_case("asc") || dir.eq_ignore_ascii_case("desc") =>
                {
                    (n.trim().to_owned(), dir)
                }
                _ => (part.to_owned(), ""),
            }
        };
        let descending = if rest.is_empty() || rest.eq_ignore_ascii_case("asc") {
            false
        } else if rest.eq_ignore_ascii_case("desc") {
            true
        } else {
            return Err(DatastoreError::invalid(
                "sort",
                format!("{rest:?} is neither asc nor desc"),
            ));
        };
        keys.push((name, descending));
    }
    Ok(keys)
}

fn split_outside_quotes(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// `LIKE` pattern matching `needle` anywhere, with `\` escaping.
fn like_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The `WHERE` clause (with leading ` WHERE `, or empty) of filters and text search. With
/// `walk`, SQLite is kept off the filters' indexes (a unary `+`), so that it walks the sort
/// key's index and stops after one page.
fn where_clause(
    sql: &mut Sql,
    table: &Table,
    search: &Search,
    walk: bool,
) -> Result<bool, DatastoreError> {
    let mut first = true;
    let mut and = |sql: &mut Sql| {
        sql.text.push_str(if first { " WHERE " } else { " AND " });
        first = false;
    };
    for (field, values) in &search.filters {
        let ty = table
            .field(field)
            .ok_or_else(|| DatastoreError::invalid("filters", format!("no field {field:?}")))?;
        if values.is_empty() || values.len() > 1000 {
            return Err(DatastoreError::invalid(
                "filters",
                format!("{field:?} needs between 1 and 1000 values"),
            ));
        }
        let params = values
            .iter()
            .map(|v| param_for(field, ty, v))
            .collect::<Result<Vec<_>, _>>()?;
        and(sql);
        let col = if walk && sql.dialect == Dialect::Sqlite {
            format!("+{}", quote_ident(field))
        } else {
            quote_ident(field)
        };
        let (nulls, values): (Vec<Param>, Vec<Param>) =
            params.into_iter().partition(|p| matches!(p, Param::Null));
        sql.text.push('(');
        let mut any = false;
        if !values.is_empty() {
            sql.text.push_str(&col);
            sql.text.push_str(" IN (");
            for (i, p) in values.into_iter().enumerate() {
                if i > 0 {
                    sql.text.push_str(", ");
                }
                sql.bind(p, ty);
            }
            sql.text.push(')');
            any = true;
        }
        if !nulls.is_empty() {
            if any {
                sql.text.push_str(" OR ");
            }
            sql.text.push_str(&col);
            sql.text.push_str(" IS NULL");
        }
        sql.text.push(')');
    }
    let lower = match sql.dialect {
        Dialect::Sqlite => "ulower",
        Dialect::Postgres => "lower",
    };
    match &search.q {
        None => {}
        Some(Q::Any(text)) if text.trim().is_empty() => {}
        Some(Q::Any(text)) => {
            let text_fields: Vec<&Field> = table
                .fields
                .iter()
                .filter(|f| f.ty == ColumnType::Text)
                .collect();
            and(sql);
            if text_fields.is_empty() {
                sql.text.push_str("1 = 0");
            } else {
                sql.text.push('(');
                for (i, f) in text_fields.iter().enumerate() {
                    if i > 0 {
                        sql.text.push_str(" OR ");
                    }
                    let _ = write!(sql.text, "{lower}({}) LIKE ", quote_ident(&f.id));
                    sql.bind(Param::Text(like_pattern(text.trim())), ColumnType::Text);
                    sql.text.push_str(" ESCAPE '\\'");
                }
                sql.text.push(')');
            }
        }
        Some(Q::Fields(pairs)) => {
            for (field, text) in pairs {
                let ty = table
                    .field(field)
                    .ok_or_else(|| DatastoreError::invalid("q", format!("no field {field:?}")))?;
                and(sql);
                let expr = match ty {
                    ColumnType::Text => quote_ident(field),
                    _ => format!("CAST({} AS TEXT)", quote_ident(field)),
                };
                let _ = write!(sql.text, "{lower}({expr}) LIKE ");
                sql.bind(Param::Text(like_pattern(text.trim())), ColumnType::Text);
                sql.text.push_str(" ESCAPE '\\'");
            }
        }
    }
    Ok(!first)
}

/// The fields a search returns.
fn chosen_fields(table: &Table, search: &Search) -> Result<Vec<Field>, DatastoreError> {
    match &search.fields {
        None => {
            let mut fields = Vec::with_capacity(table.fields.len() + 1);
            if !search.distinct {
                fields.push(Field {
                    id: "_id".into(),
                    ty: ColumnType::Integer,
                });
            }
            fields.extend(table.fields.iter().cloned());
            Ok(fields)
        }
        Some(names) => names
            .iter()
            .map(|n| {
                table
                    .field(n)
                    .map(|ty| Field { id: n.clone(), ty })
                    .ok_or_else(|| DatastoreError::invalid("fields", format!("no field {n:?}")))
            })
            .collect(),
    }
}

/// `ORDER BY` with NULLs first ascending and last descending on both backends, `_id` last.
fn order_clause(sql: &mut Sql, table: &Table, search: &Search) -> Result<(), DatastoreError> {
    let mut keys = Vec::new();
    for (field, descending) in &search.sort {
        if table.field(field).is_none() {
            return Err(DatastoreError::invalid(
                "sort",
                format!("no field {field:?}"),
            ));
        }
        keys.push(format!(
            "{} {}",
            quote_ident(field),
            if *descending {
                "DESC NULLS LAST"
            } else {
                "ASC NULLS FIRST"
            }
        ));
    }
    if !search.distinct && !search.sort.iter().any(|(f, _)| f == "_id") {
        let descending = search.sort.first().is_some_and(|(_, d)| *d);
        keys.push(if descending { "_id DESC" } else { "_id ASC" }.to_owned());
    }
    if !keys.is_empty() {
        sql.text.push_str(" ORDER BY ");
        sql.text.push_str(&keys.join(", "));
    }
    Ok(())
}

/// The keyset condition for rows after `cursor` in the order of the first sort key (or `_id`).
fn keyset_clause(
    sql: &mut Sql,
    table: &Table,
    search: &Search,
    cursor: &Cursor,
    has_where: bool,
) -> Result<(), DatastoreError> {
    if search.distinct || search.sort.len() > 1 {
        return Err(DatastoreError::invalid(
            "cursor",
            "keyset pages sort by one field at most and not with distinct",
        ));
    }
    let prefix = if has_where { " AND " } else { " WHERE " };
    sql.text.push_str(prefix);
    let (field, descending) = search
        .sort
        .first()
        .map_or(("_id", false), |(f, d)| (f.as_str(), *d));
    let id_op = if descending { "<" } else { ">" };
    if field == "_id" {
        let _ = write!(sql.text, "_id {id_op} ");
        sql.bind(Param::Int(cursor.id), ColumnType::Integer);
        return Ok(());
    }
    let ty = table
        .field(field)
        .ok_or_else(|| DatastoreError::invalid("sort", format!("no field {field:?}")))?;
    let col = quote_ident(field);
    let value = param_for("cursor", ty, &cursor.value)?;
    match (value, descending) {
        // Ascending, NULLs first: after a NULL come the other NULLs and then every value.
        (Param::Null, false) => {
            let _ = write!(sql.text, "(({col} IS NULL AND _id > ");
            sql.bind(Param::Int(cursor.id), ColumnType::Integer);
            let _ = write!(sql.text, ") OR {col} IS NOT NULL)");
        }
        // Descending, NULLs last: after a NULL come only NULLs.
        (Param::Null, true) => {
            let _ = write!(sql.text, "({col} IS NULL AND _id < ");
            sql.bind(Param::Int(cursor.id), ColumnType::Integer);
            sql.text.push(')');
        }
        (v, false) => {
            let _ = write!(sql.text, "({col} > ");
            sql.bind(v.clone(), ty);
            let _ = write!(sql.text, " OR ({col} = ");
            sql.bind(v, ty);
            sql.text.push_str(" AND _id > ");
            sql.bind(Param::Int(cursor.id), ColumnType::Integer);
            sql.text.push_str("))");
        }
        (v, true) => {
            let _ = write!(sql.text, "({col} < ");
            sql.bind(v.clone(), ty);
            let _ = write!(sql.text, " OR {col} IS NULL OR ({col} = ");
            sql.bind(v, ty);
            sql.text.push_str(" AND _id < ");
            sql.bind(Param::Int(cursor.id), ColumnType::Integer);
            sql.text.push_str("))");
        }
    }
    Ok(())
}

/// The statements of one search: the page, and the count of the rows it filters.
pub(crate) struct Plan {
    pub(crate) page: Sql,
    pub(crate) count: Sql,
    /// On SQLite, for a filtered page sorted by a column: the same page kept off the filters'
    /// indexes, so that it walks the sort column's index, and the name of that index (none
    /// for `_id`, the table's own order). Chosen once the number of matching rows is known.
    pub(crate) walk: Option<Walk>,
    pub(crate) fields: Vec<Field>,
}

/// The walk of the sort column's index that a page may take instead (see [`Plan::walk`]).
pub(crate) struct Walk {
    pub(crate) sql: Sql,
    /// The sort column's index (`None` for `_id`).
    pub(crate) index: Option<String>,
    /// Indexes on a filter column then the sort column: when one exists, SQLite reads the
    /// page through it and the walk is not taken.
    pub(crate) pairs: Vec<String>,
}

/// Whether a text search (`q`) narrows the rows.
fn has_text_search(search: &Search) -> bool {
    matches!(&search.q, Some(Q::Any(t)) if !t.trim().is_empty())
        || matches!(&search.q, Some(Q::Fields(f)) if !f.is_empty())
}

/// The statements of one search.
pub(crate) fn plan(
    dialect: Dialect,
    table: &Table,
    search: &Search,
) -> Result<Plan, DatastoreError> {
    let fields = chosen_fields(table, search)?;
    if fields.is_empty() {
        return Err(DatastoreError::invalid("fields", "no fields chosen"));
    }
    let from = from_table(dialect, table);
    let page = page_sql(dialect, table, search, &fields, false)?;
    let mut count = Sql::new(dialect);
    if search.distinct {
        count.text = format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT {} FROM {from}",
            row_expr(dialect, &fields)
        );
        where_clause(&mut count, table, search, false)?;
        count.text.push_str(") AS d");
    } else {
        count.text = format!("SELECT COUNT(*) FROM {from}");
        where_clause(&mut count, table, search, false)?;
    }
    let walk = match search.sort.first() {
        Some((key, _))
            if dialect == Dialect::Sqlite
                && !search.filters.is_empty()
                && !has_text_search(search)
                && !search.distinct =>
        {
            // Indexes are named after the columns' positions (see `load::index_sql` and
            // `load::pair_index_name`).
            let position = |id: &str| table.fields.iter().position(|f| f.id == id);
            let sort = (key != "_id").then(|| position(key)).flatten();
            let pairs = sort
                .map(|s| {
                    search
                        .filters
                        .iter()
                        .filter_map(|(f, _)| position(f))
                        .filter(|f| *f != s)
                        .map(|f| crate::load::pair_index_name("data", f, s))
                        .collect()
                })
                .unwrap_or_default();
            Some(Walk {
                sql: page_sql(dialect, table, search, &fields, true)?,
                index: sort.map(|i| format!("data_{i}")),
                pairs,
            })
        }
        _ => None,
    };
    Ok(Plan {
        page,
        count,
        walk,
        fields,
    })
}

/// The page statement. `walk`: see [`where_clause`].
fn page_sql(
    dialect: Dialect,
    table: &Table,
    search: &Search,
    fields: &[Field],
    walk: bool,
) -> Result<Sql, DatastoreError> {
    let limit = search.limit.min(MAX_LIMIT);
    let from = from_table(dialect, table);
    let mut page = Sql::new(dialect);
    // Rows are chosen by `_id` first and only the chosen ones are encoded as JSON: encoding
    // every matching row before sorting would cost as much as the whole filtered set.
    if search.distinct {
        page.text = format!("SELECT DISTINCT {} FROM {from}", row_expr(dialect, fields));
    } else {
        page.text = format!(
            "SELECT {} FROM {from} WHERE _id IN (SELECT _id FROM {from}",
            row_expr(dialect, fields)
        );
    }
    let has_where = where_clause(&mut page, table, search, walk)?;
    if let Some(cursor) = &search.after {
        keyset_clause(&mut page, table, search, cursor, has_where)?;
    }
    order_clause(&mut page, table, search)?;
    let _ = write!(page.text, " LIMIT {limit}");
    if search.after.is_none() && search.offset > 0 {
        let _ = write!(page.text, " OFFSET {}", search.offset);
    }
    if !search.distinct {
        page.text.push(')');
        order_clause(&mut page, table, search)?;
    }
    Ok(page)
}

/// Totals of filtered searches, by table, statement and parameters. A loaded table never
/// changes (a new version is a new table), so a total stays true until its table is dropped:
/// the second search with the same filters does not count again.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    known: Mutex<Known>,
}

#[derive(Debug, Default)]
struct Known {
    totals: HashMap<String, u64>,
    /// Bytes of the keys held, so that long filter lists cannot make the map grow unbounded.
    bytes: usize,
}

/// Bytes of keys kept at most; the map is emptied when full.
const COUNTS_BYTES: usize = 8 << 20;
/// A search whose statement is longer than this (a list of hundreds of values) is counted
/// every time: it is unlikely to come again.
const COUNT_KEY_MAX: usize = 4096;

impl Counts {
    fn key(table: &str, sql: &Sql) -> String {
        format!("{table}\u{0}{}\u{0}{:?}", sql.text, sql.params)
    }

    fn get(&self, key: &str) -> Option<u64> {
        self.known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .totals
            .get(key)
            .copied()
    }

    fn put(&self, key: String, n: u64) {
        if key.len() > COUNT_KEY_MAX {
            return;
        }
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if known.bytes + key.len() > COUNTS_BYTES {
            known.totals.clear();
            known.bytes = 0;
        }
        let len = key.len();
        if known.totals.insert(key, n).is_none() {
            known.bytes += len;
        }
    }

    /// Forgets the totals of a dropped table.
    pub(crate) fn forget(&self, table: &str) {
        let prefix = format!("{table}\u{0}");
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        let mut freed = 0;
        known.totals.retain(|k, _| {
            let keep = !k.starts_with(&prefix);
            if !keep {
                freed += k.len();
            }
            keep
        });
        known.bytes = known.bytes.saturating_sub(freed);
    }
}

/// Whether walking the sort key's index beats reading every matching row through the filters'
/// indexes and sorting them: the walk reads about `wanted × rows / matching` index entries
/// before it has a page, the other plan reads `matching`.
fn walk_is_cheaper(wanted: u64, rows: u64, matching: u64) -> bool {
    matching > 0 && (wanted as f64) * (rows as f64) < (matching as f64) * (matching as f64)
}

impl Datastore {
    /// One page of `table`'s rows as `search` asks.
    pub async fn search(&self, table: &Table, search: &Search) -> Result<Page, DatastoreError> {
        let plan = plan(self.dialect(), table, search)?;
        let unfiltered = search.filters.is_empty() && !has_text_search(search) && !search.distinct;
        let Plan {
            page,
            count,
            walk,
            fields,
        } = plan;
        let want_count = !unfiltered && (search.include_total || walk.is_some());
        let count_key = want_count.then(|| Counts::key(&table.name, &count));
        let known = count_key.as_deref().and_then(|k| self.counts.get(k));
        let wanted = search.offset.saturating_add(search.limit.min(MAX_LIMIT));
        let (rows, counted) = match &self.inner {
            Inner::Sqlite(files) => {
                let rows_in_table = table.rows;
                files
                    .read(&table.name, move |conn| {
                        let total = match known {
                            Some(n) => Some(n),
                            None if want_count => Some(sqlite_count(conn, &count)?),
                            None => None,
                        };
                        let page = match (walk, total) {
                            (_, Some(0)) => return Ok((Vec::new(), total)),
                            (Some(w), Some(n))
                                if walk_is_cheaper(wanted, rows_in_table, n)
                                    && index_exists(conn, w.index.as_deref())?
                                    && !any_index_exists(conn, &w.pairs)? =>
                            {
                                w.sql
                            }
                            _ => page,
                        };
                        Ok((sqlite_rows(conn, &page)?, total))
                    })
                    .await?
            }
            Inner::Postgres(pool) => {
                let total = match known {
                    Some(n) => Some(n),
                    None if want_count => Some(pg_count(pool, &count).await?),
                    None => None,
                };
                let rows = if total == Some(0) {
                    Vec::new()
                } else {
                    pg_rows(pool, &page).await?
                };
                (rows, total)
            }
        };
        if let (Some(key), None, Some(n)) = (count_key, known, counted) {
            self.counts.put(key, n);
        }
        let total = if search.include_total {
            counted.or(Some(table.rows))
        } else {
            None
        };
        let next = if rows.len() as u64 == search.limit.min(MAX_LIMIT) && !search.distinct {
            rows.last()
                .and_then(|last| cursor_of(last, &fields, search))
        } else {
            None
        };
        Ok(Page {
            fields,
            rows,
            total,
            next,
        })
    }
}

/// Whether the index a walk needs is there: a long text column has none, and no column has
/// one until the load's index step has built it.
fn index_exists(conn: &rusqlite::Connection, index: Option<&str>) -> Result<bool, DatastoreError> {
    let Some(name) = index else {
        return Ok(true);
    };
    let mut stmt = conn
        .prepare_cached("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?1")?;
    let n: i64 = stmt.query_row([name], |r| r.get(0))?;
    Ok(n > 0)
}

/// Whether any of `names` is an index of the table.
fn any_index_exists(conn: &rusqlite::Connection, names: &[String]) -> Result<bool, DatastoreError> {
    for name in names {
        if index_exists(conn, Some(name))? {
            return Ok(true);
        }
    }
    Ok(false)
}

impl Datastore {
    /// For a chart: the sum of numeric field `y` (or the count of rows when `None`) per value
    /// of field `x`, in the order of `x`, at most `limit` groups, over the rows `search`'s
    /// filters and text search select.
    pub async fn aggregate(
        &self,
        table: &Table,
        search: &Search,
        x: &str,
        y: Option<&str>,
        limit: u64,
    ) -> Result<Vec<(Json, Json)>, DatastoreError> {
        let dialect = self.dialect();
        if table.field(x).is_none() {
            return Err(DatastoreError::invalid("x", format!("no field {x:?}")));
        }
        let measure = match y {
            None => "COUNT(*)".to_owned(),
            Some(y) => match table.field(y) {
                Some(ColumnType::Integer | ColumnType::Decimal) => {
                    format!("SUM({})", quote_ident(y))
                }
                Some(_) => return Err(DatastoreError::invalid("y", "not a numeric field")),
                None => return Err(DatastoreError::invalid("y", format!("no field {y:?}"))),
            },
        };
        let col = json_expr(dialect, x, table.field(x).unwrap_or(ColumnType::Text));
        let mut sql = Sql::new(dialect);
        sql.text = match dialect {
            Dialect::Sqlite => format!("SELECT json_array({col}, {measure}) FROM data"),
            Dialect::Postgres => format!(
                "SELECT json_build_array({col}, {measure})::text FROM {}",
                table.name
            ),
        };
        where_clause(&mut sql, table, search, false)?;
        let _ = write!(
            sql.text,
            " GROUP BY {q} ORDER BY {q} ASC NULLS FIRST LIMIT {}",
            limit.min(1000),
            q = quote_ident(x)
        );
        let rows = match &self.inner {
            Inner::Sqlite(files) => {
                files
                    .read(&table.name, move |conn| sqlite_rows(conn, &sql))
                    .await?
            }
            Inner::Postgres(pool) => pg_rows(pool, &sql).await?,
        };
        Ok(rows
            .iter()
            .filter_map(|r| serde_json::from_str::<(Json, Json)>(r).ok())
            .collect())
    }
}

/// The cursor after `row` (a JSON array in the order of `fields`), when `_id` and the sort key
/// are among the returned fields.
fn cursor_of(row: &str, fields: &[Field], search: &Search) -> Option<Cursor> {
    if search.sort.len() > 1 {
        return None;
    }
    let values: Vec<Json> = serde_json::from_str(row).ok()?;
    let id_at = fields.iter().position(|f| f.id == "_id")?;
    let id = values.get(id_at)?.as_i64()?;
    let value = match search.sort.first() {
        None => Json::Null,
        Some((field, _)) => {
            let at = fields.iter().position(|f| &f.id == field)?;
            values.get(at)?.clone()
        }
    };
    Some(Cursor { value, id })
}

fn bind_sqlite(stmt: &mut rusqlite::Statement<'_>, params: &[Param]) -> rusqlite::Result<()> {
    for (i, p) in params.iter().enumerate() {
        let at = i + 1;
        match p {
            Param::Null => stmt.raw_bind_parameter(at, rusqlite::types::Null)?,
            Param::Int(v) => stmt.raw_bind_parameter(at, v)?,
            Param::Real(v) => stmt.raw_bind_parameter(at, v)?,
            Param::Bool(v) => stmt.raw_bind_parameter(at, i64::from(*v))?,
            Param::Text(v) => stmt.raw_bind_parameter(at, v.as_str())?,
        }
    }
    Ok(())
}

pub(crate) fn sqlite_rows(
    conn: &rusqlite::Connection,
    sql: &Sql,
) -> Result<Vec<String>, DatastoreError> {
    let mut stmt = conn.prepare_cached(&sql.text)?;
    bind_sqlite(&mut stmt, &sql.params)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(row.get::<_, String>(0)?);
    }
    Ok(out)
}

fn sqlite_count(conn: &rusqlite::Connection, sql: &Sql) -> Result<u64, DatastoreError> {
    let mut stmt = conn.prepare_cached(&sql.text)?;
    bind_sqlite(&mut stmt, &sql.params)?;
    let mut rows = stmt.raw_query();
    let n: i64 = match rows.next()? {
        Some(row) => row.get(0)?,
        None => 0,
    };
    Ok(n.max(0) as u64)
}

fn pg_query(sql: &Sql) -> sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.text.as_str()));
    for p in &sql.params {
        q = match p {
            Param::Null => q.bind(None::<String>),
            Param::Int(v) => q.bind(*v),
            Param::Real(v) => q.bind(*v),
            Param::Bool(v) => q.bind(*v),
            Param::Text(v) => q.bind(v.clone()),
        };
    }
    q
}

pub(crate) async fn pg_rows(pool: &sqlx::PgPool, sql: &Sql) -> Result<Vec<String>, DatastoreError> {
    use sqlx::Row as _;
    let rows = pg_query(sql).fetch_all(pool).await?;
    rows.iter()
        .map(|r| r.try_get::<String, _>(0).map_err(DatastoreError::from))
        .collect()
}

async fn pg_count(pool: &sqlx::PgPool, sql: &Sql) -> Result<u64, DatastoreError> {
    use sqlx::Row as _;
    let row = pg_query(sql).fetch_one(pool).await?;
    let n: i64 = row.try_get(0)?;
    Ok(n.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_accepts_ckan_forms_and_refuses_other_directions() -> Result<(), DatastoreError> {
        assert_eq!(
            parse_sort("year, \"Регион, район\" desc, amount DESC")?,
            vec![
                ("year".to_owned(), false),
                ("Регион, район".to_owned(), true),
                ("amount".to_owned(), true)
            ]
        );
        assert_eq!(
            parse_sort("school name")?,
            vec![("school name".to_owned(), false)]
        );
        assert!(parse_sort("\"x\" sideways").is_err());
        assert!(parse_sort("\"x").is_err());
        Ok(())
    }

    #[test]
    fn kept_totals_stay_within_their_memory_budget() {
        let counts = Counts::default();
        let sql = |i: usize| Sql {
            dialect: Dialect::Sqlite,
            text: format!("SELECT COUNT(*) FROM data WHERE a IN ({i})"),
            params: vec![Param::Text("x".repeat(1000))],
        };
        for i in 0..20_000 {
            counts.put(Counts::key("ds_1_1_1", &sql(i)), i as u64);
            assert!(counts.known.lock().unwrap().bytes <= COUNTS_BYTES);
        }
        let last = Counts::key("ds_1_1_1", &sql(19_999));
        assert_eq!(counts.get(&last), Some(19_999));
        // A statement with a long list of values is not kept.
        let long = Sql {
            dialect: Dialect::Sqlite,
            text: "SELECT COUNT(*) FROM data".into(),
            params: vec![Param::Text("y".repeat(COUNT_KEY_MAX))],
        };
        counts.put(Counts::key("ds_1_1_1", &long), 7);
        assert_eq!(counts.get(&Counts::key("ds_1_1_1", &long)), None);
        // Dropping the table forgets its totals and their bytes.
        counts.forget("ds_1_1_1");
        assert_eq!(counts.get(&last), None);
        assert_eq!(counts.known.lock().unwrap().bytes, 0);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_Ы"), "%50\\%\\_ы%");
    }
}
