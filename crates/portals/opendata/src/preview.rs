//! The preview of a loaded table on the resource page: filter, sort and page through the rows
//! with plain links and a form (no JavaScript), and a bar chart of one column against another
//! with the same figures as a table. Also the load's status, progress and report.

use opengov_datastore::query::{Q, Search};
use opengov_datastore::{ColumnType, Field};
use opengov_web::chart::BarChart;
use opengov_web::{AppResult, AppState, PageCtx};
use serde::Deserialize;
use serde_json::Value;

use crate::datastore::{self, Active, LoadRow};

/// Rows per preview page.
pub const PAGE_ROWS: u64 = 25;

/// The preview's query string.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Params {
    /// Filter on this field…
    pub field: Option<String>,
    /// …for this value (text fields: contains, case-insensitive; others: equals).
    pub value: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
    /// Chart: groups along this field…
    pub x: Option<String>,
    /// …summing this numeric field (empty: counting rows).
    pub y: Option<String>,
}

/// A column as the preview shows it.
#[derive(Debug, Clone)]
pub struct Column {
    pub id: String,
    pub ty: &'static str,
    pub numeric: bool,
    /// The type an official fixed, if any.
    pub fixed: Option<&'static str>,
}

/// The preview, ready for the template.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub total: u64,
    pub from: u64,
    pub to: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub field: String,
    pub value: String,
    pub sort: String,
    pub desc: bool,
    pub x: String,
    pub y: String,
    pub chart: Option<BarChart>,
    pub chart_rows: Vec<(String, String)>,
    /// A message about the filter, sort or chart the user asked for.
    pub problem: Option<String>,
    pub version: i64,
    pub rows_total: u64,
    /// "Version N, M rows", in words.
    pub summary: String,
    /// "Rows a–b of c", in words.
    pub shown: String,
}

/// The state of the newest load, for the page.
#[derive(Debug, Clone)]
pub struct LoadStatus {
    pub load: LoadRow,
    pub running: bool,
    pub failed: bool,
    /// Served, with its indexes still being built.
    pub indexing: bool,
    pub error: Option<String>,
    pub phase: String,
    pub problems: Vec<opengov_datastore::load::Problem>,
    pub columns: Vec<(String, &'static str)>,
    /// The load's state in one sentence.
    pub headline: String,
    pub rows_read: String,
    pub problems_heading: String,
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn type_key(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Integer => "datastore-type-integer",
        ColumnType::Decimal => "datastore-type-decimal",
        ColumnType::Boolean => "datastore-type-boolean",
        ColumnType::Date => "datastore-type-date",
        ColumnType::DateTime => "datastore-type-datetime",
        ColumnType::Text => "datastore-type-text",
    }
}

/// The newest load of the resource, as shown.
pub async fn status(
    state: &AppState,
    ctx: &PageCtx,
    resource_id: i64,
) -> AppResult<Option<LoadStatus>> {
    let Some(load) = datastore::loads(&state.db, resource_id, 1)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let running = load.state == "queued" || load.state == "running";
    let failed = load.state == "failed";
    let indexing = load.state == "done" && load.phase == "indexing";
    let error = load.error_msg().map(|m| ctx.msg(&m));
    let phase = ctx.t(match load.phase.as_str() {
        "typing" => "datastore-phase-typing",
        "loading" => "datastore-phase-loading",
        "indexing" => "datastore-phase-indexing",
        "done" => "datastore-phase-done",
        _ => "datastore-phase-queued",
    });
    let problems = load.problems().into_iter().take(100).collect();
    let columns: Vec<(String, &'static str)> = load
        .fields()
        .into_iter()
        .map(|f| (f.id, type_key(f.ty)))
        .collect();
    let version = load.version.to_string();
    let rows = load.row_count.to_string();
    let headline = if running {
        ctx.t_args("datastore-load-running", &[("version", &version)])
    } else if failed {
        ctx.t_args("datastore-load-failed", &[("version", &version)])
    } else {
        ctx.t_args(
            "datastore-load-done",
            &[
                ("version", &version),
                ("rows", &rows),
                ("columns", &columns.len().to_string()),
            ],
        )
    };
    let rows_read = ctx.t_args("datastore-load-rows-read", &[("rows", &rows)]);
    let problems_heading = ctx.t_args(
        "datastore-problems-heading",
        &[("count", &load.problems_total.to_string())],
    );
    Ok(Some(LoadStatus {
        load,
        running,
        failed,
        indexing,
        error,
        phase,
        problems,
        columns,
        headline,
        rows_read,
        problems_heading,
    }))
}

fn href(base: &str, p: &Params, page: u64) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("field", &p.field),
        ("value", &p.value),
        ("sort", &p.sort),
        ("dir", &p.dir),
        ("x", &p.x),
        ("y", &p.y),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            q.append_pair(k, v);
        }
    }
    q.append_pair("page", &page.to_string());
    format!("{base}?{}#preview", q.finish())
}

/// The preview of `active` as `p` asks.
pub async fn build(
    state: &AppState,
    ctx: &PageCtx,
    base: &str,
    active: &Active,
    fixed: &[(String, ColumnType)],
    p: &Params,
) -> AppResult<Preview> {
    let store = datastore::service(state)?;
    let table = &active.table;
    let mut preview = Preview {
        columns: table
            .fields
            .iter()
            .map(|f: &Field| Column {
                id: f.id.clone(),
                ty: type_key(f.ty),
                numeric: matches!(f.ty, ColumnType::Integer | ColumnType::Decimal),
                fixed: fixed
                    .iter()
                    .find(|(n, _)| *n == f.id)
                    .map(|(_, t)| type_key(*t)),
            })
            .collect(),
        version: active.version,
        rows_total: table.rows,
        ..Preview::default()
    };
    let page: u64 = p
        .page
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let mut search = Search {
        limit: PAGE_ROWS,
        offset: (page - 1) * PAGE_ROWS,
        include_total: true,
        ..Search::default()
    };
    let mut problems = Vec::new();
    if let (Some(field), Some(value)) = (
        p.field.as_deref().filter(|f| !f.is_empty()),
        p.value.as_deref().filter(|v| !v.trim().is_empty()),
    ) {
        preview.field = field.to_owned();
        preview.value = value.to_owned();
        match table.field(field) {
            None => problems.push(ctx.t("datastore-preview-no-field")),
            Some(ColumnType::Text) => {
                search.q = Some(Q::Fields(vec![(field.to_owned(), value.to_owned())]));
            }
            Some(_) => search.filters.push((
                field.to_owned(),
                vec![Value::String(value.trim().to_owned())],
            )),
        }
    }
    if let Some(sort) = p.sort.as_deref().filter(|s| !s.is_empty()) {
        preview.sort = sort.to_owned();
        preview.desc = p.dir.as_deref() == Some("desc");
        if table.field(sort).is_some() {
            search.sort = vec![(sort.to_owned(), preview.desc)];
        } else {
            problems.push(ctx.t("datastore-preview-no-field"));
        }
    }
    let result = match store.search(table, &search).await {
        Ok(page) => Some(page),
        Err(opengov_datastore::DatastoreError::Invalid { message, .. }) => {
            problems.push(ctx.t_args("datastore-preview-bad-filter", &[("detail", &message)]));
            // Show the table unfiltered rather than nothing.
            search.filters.clear();
            search.q = None;
            store.search(table, &search).await.ok()
        }
        Err(e) => return Err(crate::datastore_api::app_error(e)),
    };
    if let Some(result) = result {
        preview.total = result.total.unwrap_or(table.rows);
        preview.rows = result
            .rows
            .iter()
            .filter_map(|r| serde_json::from_str::<Vec<Value>>(r).ok())
            .map(|row| row.iter().map(cell).collect())
            .collect();
        preview.from = if preview.rows.is_empty() {
            0
        } else {
            search.offset + 1
        };
        preview.to = search.offset + preview.rows.len() as u64;
        if page > 1 {
            preview.prev = Some(href(base, p, page - 1));
        }
        if preview.to < preview.total {
            preview.next = Some(href(base, p, page + 1));
        }
    }
    if let Some(x) = p.x.as_deref().filter(|x| !x.is_empty()) {
        preview.x = x.to_owned();
        let y = p.y.as_deref().filter(|y| !y.is_empty());
        preview.y = y.unwrap_or_default().to_owned();
        match store.aggregate(table, &search, x, y, 30).await {
            Ok(groups) => {
                let items: Vec<(String, f64, String)> = groups
                    .iter()
                    .map(|(k, v)| {
                        let value = v.as_f64().unwrap_or(0.0);
                        let shown = if v.is_i64() {
                            v.to_string()
                        } else {
                            format!("{value:.2}")
                        };
                        (cell(k), value, shown)
                    })
                    .collect();
                preview.chart_rows = items
                    .iter()
                    .map(|(l, _, s)| (l.clone(), s.clone()))
                    .collect();
                let measure = match y {
                    Some(y) => ctx.t_args("datastore-chart-sum", &[("field", y)]),
                    None => ctx.t("datastore-chart-count"),
                };
                let title = ctx.t_args(
                    "datastore-chart-title",
                    &[("measure", &measure), ("field", x)],
                );
                let description = items
                    .iter()
                    .map(|(l, _, s)| format!("{l}: {s}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                preview.chart = Some(BarChart::new(
                    "preview",
                    title,
                    description,
                    ctx.t("datastore-chart-table-note"),
                    &items,
                ));
            }
            Err(opengov_datastore::DatastoreError::Invalid { message, .. }) => {
                problems.push(ctx.t_args("datastore-preview-bad-chart", &[("detail", &message)]));
            }
            Err(e) => return Err(crate::datastore_api::app_error(e)),
        }
    }
    if !problems.is_empty() {
        preview.problem = Some(problems.join(" "));
    }
    preview.summary = ctx.t_args(
        "datastore-preview-summary",
        &[
            ("version", &active.version.to_string()),
            ("rows", &table.rows.to_string()),
        ],
    );
    preview.shown = ctx.t_args(
        "datastore-preview-shown",
        &[
            ("from", &preview.from.to_string()),
            ("to", &preview.to.to_string()),
            ("total", &preview.total.to_string()),
        ],
    );
    Ok(preview)
}
