//! Reading the datastore from outside: CKAN's `datastore_search`, `datastore_info` and
//! `datastore_search_sql` (dispatched from [`crate::ckan`]), `GET /datastore/dump/{id}` (CSV, TSV
//! or JSON, streamed), and the native `GET /api/v1/datastore/{id}` with keyset pages. A table is
//! readable by whoever may see its dataset: drafts and private datasets are "not found" outside
//! their body, here as everywhere.

use std::collections::HashMap;
use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use opengov_datastore::dump::DumpFormat;
use opengov_datastore::query::{self, Cursor, Q, Search};
use opengov_datastore::sql::SqlLimits;
use opengov_datastore::{ColumnType, DatastoreError, Field, Table};
use opengov_kernel::db_run;
use opengov_web::auth::{Authenticated, CurrentUser};
use opengov_web::{AppError, AppResult, AppState};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::ckan::CkanError;
use crate::datastore::{self, Active};
use crate::store::{self, Dataset};
use crate::workflow;

/// CKAN's name for a column type.
#[must_use]
pub fn ckan_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Integer => "int",
        ColumnType::Decimal => "numeric",
        ColumnType::Boolean => "bool",
        ColumnType::Date => "date",
        ColumnType::DateTime => "timestamp",
        ColumnType::Text => "text",
    }
}

fn fields_json(fields: &[Field]) -> Vec<Value> {
    fields
        .iter()
        .map(|f| json!({ "id": f.id, "type": ckan_type(f.ty) }))
        .collect()
}

impl From<DatastoreError> for CkanError {
    fn from(e: DatastoreError) -> Self {
        match e {
            DatastoreError::Invalid { field, message } => {
                CkanError::Validation(json!({ field: [message] }))
            }
            DatastoreError::Refused(r) => {
                CkanError::Validation(json!({ "query": [r.to_string()] }))
            }
            DatastoreError::Timeout => CkanError::Validation(
                json!({ "query": ["The query ran past its time limit; narrow it down"] }),
            ),
            DatastoreError::Read(r) => CkanError::BadRequest(r.to_string()),
            other => {
                tracing::error!(error = %other, "datastore request failed");
                CkanError::Internal
            }
        }
    }
}

/// The dataset of a resource id (and the id as a number), if `user` may see it and the
/// resource is still part of it.
pub(crate) async fn visible_resource(
    state: &AppState,
    id: &str,
    user: Option<&CurrentUser>,
) -> Result<(Dataset, i64), AppError> {
    let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
    let dataset_id: Option<i64> = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT dataset_id FROM resources WHERE id = $1 AND removed_at IS NULL"
    )
    .bind(id)
    .fetch_optional(c)
    .await)?;
    let d = match dataset_id {
        Some(ds) => store::by_id_or_name(&state.db, &ds.to_string()).await?,
        None => None,
    }
    .filter(|d| workflow::can_see(user, d))
    .ok_or(AppError::NotFound)?;
    Ok((d, id))
}

/// The table of a resource the caller may read.
async fn readable(
    state: &AppState,
    id: &str,
    user: Option<&CurrentUser>,
) -> Result<(i64, Active), AppError> {
    let (_, resource) = visible_resource(state, id, user).await?;
    let active = datastore::active(&state.db, resource)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((resource, active))
}

fn not_found() -> CkanError {
    CkanError::NotFound("Resource was not found.".into())
}

fn parse_json_param(value: Option<&Value>, name: &str) -> Result<Option<Value>, CkanError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.trim_start().starts_with('{') => serde_json::from_str(s)
            .map(Some)
            .map_err(|_| CkanError::Validation(json!({ name: ["Could not parse as valid JSON"] }))),
        Some(other) => Ok(Some(other.clone())),
    }
}

fn bool_param(p: &HashMap<String, Value>, name: &str, default: bool) -> Result<bool, CkanError> {
    match p.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "" => Ok(default),
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err(CkanError::Validation(json!({ name: ["Not a boolean"] }))),
        },
        Some(_) => Err(CkanError::Validation(json!({ name: ["Not a boolean"] }))),
    }
}

fn int_param(p: &HashMap<String, Value>, name: &str, default: i64) -> Result<i64, CkanError> {
    let invalid = || CkanError::Validation(json!({ name: ["Must be a natural number"] }));
    let n = match p.get(name) {
        None | Some(Value::Null) => return Ok(default),
        Some(Value::Number(n)) => n.as_i64().ok_or_else(invalid)?,
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(default),
        Some(Value::String(s)) => s.trim().parse().map_err(|_| invalid())?,
        Some(_) => return Err(invalid()),
    };
    if n < 0 { Err(invalid()) } else { Ok(n) }
}

fn list_param(p: &HashMap<String, Value>, name: &str) -> Result<Option<Vec<String>>, CkanError> {
    match p.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(
            s.split(',')
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect(),
        )),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    CkanError::Validation(json!({ name: ["Must be a list of strings"] }))
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(CkanError::Validation(
            json!({ name: ["Must be a list of strings"] }),
        )),
    }
}

/// `datastore_search`'s parameters as a [`Search`].
fn search_from(p: &HashMap<String, Value>) -> Result<Search, CkanError> {
    let mut search = Search {
        limit: int_param(p, "limit", 100)?.min(query::MAX_LIMIT as i64) as u64,
        offset: int_param(p, "offset", 0)? as u64,
        include_total: bool_param(p, "include_total", true)?,
        distinct: bool_param(p, "distinct", false)?,
        fields: list_param(p, "fields")?,
        ..Search::default()
    };
    if let Some(filters) = parse_json_param(p.get("filters"), "filters")? {
        let Value::Object(map) = filters else {
            return Err(CkanError::Validation(
                json!({ "filters": ["Must be a JSON object"] }),
            ));
        };
        for (k, v) in map {
            let values = match v {
                Value::Array(items) => items,
                other => vec![other],
            };
            search.filters.push((k, values));
        }
    }
    match parse_json_param(p.get("q"), "q")? {
        None => {}
        Some(Value::String(s)) => search.q = Some(Q::Any(s)),
        Some(Value::Object(map)) => {
            let mut pairs = Vec::new();
            for (k, v) in map {
                let Value::String(s) = v else {
                    return Err(CkanError::Validation(
                        json!({ "q": ["Values must be strings"] }),
                    ));
                };
                pairs.push((k, s));
            }
            search.q = Some(Q::Fields(pairs));
        }
        Some(_) => {
            return Err(CkanError::Validation(
                json!({ "q": ["Must be a string or an object"] }),
            ));
        }
    }
    let sort = match p.get("sort") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Some(_) => {
            return Err(CkanError::Validation(
                json!({ "sort": ["Must be a string"] }),
            ));
        }
    };
    search.sort = query::parse_sort(&sort)?;
    Ok(search)
}

/// The query string of a `datastore_search` link with another offset.
fn link(resource: i64, p: &HashMap<String, Value>, offset: Option<u64>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    out.append_pair("resource_id", &resource.to_string());
    let mut keys: Vec<&String> = p.keys().collect();
    keys.sort();
    for k in keys {
        if matches!(k.as_str(), "resource_id" | "id" | "offset") {
            continue;
        }
        let v = match &p[k] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.append_pair(k, &v);
    }
    if let Some(o) = offset {
        out.append_pair("offset", &o.to_string());
    }
    format!("/api/3/action/datastore_search?{}", out.finish())
}

/// Runs one of the datastore actions.
pub(crate) async fn ckan(
    state: &AppState,
    action: &str,
    p: &HashMap<String, Value>,
    user: Option<&CurrentUser>,
) -> Result<Value, CkanError> {
    let store = datastore::service(state)?;
    match action {
        "datastore_search" | "datastore_info" => {
            let id = p
                .get("resource_id")
                .or_else(|| p.get("id"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    CkanError::Validation(json!({ "resource_id": ["Missing value"] }))
                })?;
            let (resource, active) = readable(state, id, user).await.map_err(|e| match e {
                AppError::NotFound => not_found(),
                other => other.into(),
            })?;
            if action == "datastore_info" {
                return Ok(json!({
                    "meta": { "id": resource.to_string(), "count": active.table.rows,
                              "table_type": "BASE TABLE", "version": active.version },
                    "fields": active.table.fields.iter().map(|f| json!({
                        "id": f.id, "type": ckan_type(f.ty), "info": {},
                        "schema": { "native_type": f.ty.as_str() }
                    })).collect::<Vec<_>>(),
                }));
            }
            let search = search_from(p)?;
            let format = p
                .get("records_format")
                .and_then(Value::as_str)
                .unwrap_or("objects");
            if !matches!(format, "objects" | "lists" | "csv" | "tsv") {
                return Err(CkanError::Validation(
                    json!({ "records_format": ["Must be one of objects, lists, csv, tsv"] }),
                ));
            }
            let page = store.search(&active.table, &search).await?;
            let records = records(&page.fields, &page.rows, format)?;
            let next = search.offset + search.limit;
            let mut result = json!({
                "resource_id": resource.to_string(),
                "fields": fields_json(&page.fields),
                "records": records,
                "limit": search.limit,
                "offset": search.offset,
                "records_format": format,
                "include_total": search.include_total,
                "total_was_estimated": false,
                "_links": {
                    "start": link(resource, p, None),
                    "next": link(resource, p, Some(next)),
                },
            });
            if let Some(total) = page.total {
                result["total"] = json!(total);
            }
            if let Some(sort) = p.get("sort") {
                result["sort"] = sort.clone();
            }
            Ok(result)
        }
        "datastore_search_sql" => {
            let cfg = &state.config.datastore;
            if !cfg.sql_enabled {
                return Err(CkanError::BadRequest(
                    "Bad request - datastore_search_sql is turned off on this portal".into(),
                ));
            }
            let sql = p
                .get("sql")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| CkanError::Validation(json!({ "sql": ["Missing value"] })))?;
            let names = store.referenced_tables(sql)?;
            let mut tables: HashMap<String, Table> = HashMap::new();
            for name in names {
                let table = readable(state, &name, user).await.map_err(|e| match e {
                    AppError::NotFound => CkanError::Validation(
                        json!({ "query": [format!("No table {name:?}: tables are named by resource id")] }),
                    ),
                    other => other.into(),
                })?;
                tables.insert(name, table.1.table);
            }
            let limits = SqlLimits {
                rows: cfg.sql_rows,
                timeout: Duration::from_millis(cfg.sql_timeout_millis),
            };
            let result = store.sql(sql, &tables, limits).await?;
            let fields: Vec<Value> = result
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let ty = result
                        .records
                        .iter()
                        .map(|r| &r[i])
                        .find(|v| !v.is_null())
                        .map_or("text", |v| match v {
                            Value::Number(n) if n.is_i64() => "int",
                            Value::Number(_) => "numeric",
                            Value::Bool(_) => "bool",
                            _ => "text",
                        });
                    json!({ "id": f, "type": ty })
                })
                .collect();
            let records: Vec<Value> = result
                .records
                .into_iter()
                .map(|r| {
                    Value::Object(
                        result
                            .fields
                            .iter()
                            .cloned()
                            .zip(r)
                            .collect::<serde_json::Map<_, _>>(),
                    )
                })
                .collect();
            Ok(json!({
                "sql": sql,
                "fields": fields,
                "records": records,
                "records_truncated": result.truncated,
            }))
        }
        _ => Err(CkanError::BadRequest("Action name not known".into())),
    }
}

/// The page's rows in CKAN's `records_format`.
fn records(fields: &[Field], rows: &[String], format: &str) -> Result<Value, CkanError> {
    let parsed = rows
        .iter()
        .map(|r| serde_json::from_str::<Vec<Value>>(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            tracing::error!(%e, "datastore row is not JSON");
            CkanError::Internal
        })?;
    Ok(match format {
        "lists" => Value::Array(parsed.into_iter().map(Value::Array).collect()),
        "csv" | "tsv" => {
            let f = if format == "csv" {
                DumpFormat::Csv
            } else {
                DumpFormat::Tsv
            };
            let mut out = Vec::new();
            for row in parsed {
                let cells: Vec<String> = row
                    .into_iter()
                    .map(|v| match v {
                        Value::Null => String::new(),
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect();
                opengov_datastore::dump::write_line(&mut out, &cells, f);
            }
            Value::String(String::from_utf8_lossy(&out).into_owned())
        }
        _ => Value::Array(
            parsed
                .into_iter()
                .map(|row| {
                    Value::Object(
                        fields
                            .iter()
                            .map(|f| f.id.clone())
                            .zip(row)
                            .collect::<serde_json::Map<_, _>>(),
                    )
                })
                .collect(),
        ),
    })
}

fn caller(auth: Option<&Authenticated>) -> Option<CurrentUser> {
    auth.and_then(|a| a.0.clone())
}

/// The API's rate limit (shared with the CKAN actions), as a 429 with `Retry-After`.
fn limited(state: &AppState, user: Option<&CurrentUser>, ip: &str) -> AppResult<()> {
    crate::ckan::rate_limit(state, user, ip).map_err(|(_, wait)| AppError::TooManyRequests {
        retry_after_secs: wait,
    })
}

/// `GET /datastore/dump/{resource_id}?format=csv|tsv|json`: the whole table, streamed.
pub async fn dump(
    State(state): State<AppState>,
    auth: Option<axum::Extension<Authenticated>>,
    opengov_web::auth::ClientIp(ip): opengov_web::auth::ClientIp,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let format = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.into_owned());
    let format = match format.as_deref() {
        None | Some("") => DumpFormat::Csv,
        Some(f) => {
            DumpFormat::parse(f).ok_or_else(|| AppError::bad_request("datastore-error-format"))?
        }
    };
    let user = caller(auth.as_deref());
    limited(&state, user.as_ref(), &ip)?;
    let (resource, active) = readable(&state, &id, user.as_ref()).await?;
    let store = datastore::service(&state)?;
    let stream = store.dump(active.table, format);
    let filename = format!(
        "resource-{resource}-v{}.{}",
        active.version,
        format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "public, max-age=60".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Parameters of the native rows endpoint.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RowsParams {
    /// Sort by this field (then `_id`); default `_id`.
    pub sort: Option<String>,
    /// Sort descending.
    #[serde(default)]
    pub desc: bool,
    /// Rows per page, 1–1000 (default 100).
    pub limit: Option<u64>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
    /// Text to find in any text field.
    pub q: Option<String>,
}

/// A page of rows with the cursor of the next one.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RowsPage {
    /// The columns, `_id` first, with their types.
    pub fields: Vec<FieldDto>,
    /// Each row as an object keyed by field.
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<Value>,
    /// Rows matching the filters (all pages).
    pub total: u64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldDto {
    pub id: String,
    /// integer, decimal, boolean, date, datetime or text.
    #[serde(rename = "type")]
    pub ty: String,
}

/// `GET /api/v1/datastore/{resource_id}`: rows in keyset pages (deep pages cost what the first
/// does); any other query parameter `<field>=<value>` filters on that field.
#[utoipa::path(get, path = "/api/v1/datastore/{resource_id}", tag = "datastore",
    params(("resource_id" = i64, Path, description = "The resource's id"), RowsParams),
    responses((status = 200, body = RowsPage), (status = 400, description = "A bad parameter"),
               (status = 404, description = "No such table, or not visible to the caller")))]
pub async fn rows(
    State(state): State<AppState>,
    auth: Option<axum::Extension<Authenticated>>,
    opengov_web::auth::ClientIp(ip): opengov_web::auth::ClientIp,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Json<RowsPage>> {
    let user = caller(auth.as_deref());
    limited(&state, user.as_ref(), &ip)?;
    let (_, active) = readable(&state, &id, user.as_ref()).await?;
    let mut params = RowsParams::default();
    let mut search = Search {
        limit: 100,
        include_total: true,
        ..Search::default()
    };
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let v = v.into_owned();
        match k.as_ref() {
            "sort" => params.sort = Some(v),
            "desc" => params.desc = v == "true" || v == "1",
            "limit" => {
                params.limit = Some(
                    v.parse()
                        .map_err(|_| AppError::bad_request("datastore-error-limit"))?,
                );
            }
            "after" => params.after = Some(v),
            "q" => params.q = Some(v),
            field => search
                .filters
                .push((field.to_owned(), vec![Value::String(v)])),
        }
    }
    search.limit = params.limit.unwrap_or(100).clamp(1, 1000);
    if let Some(sort) = params.sort.filter(|s| !s.is_empty()) {
        search.sort = vec![(sort, params.desc)];
    } else if params.desc {
        search.sort = vec![("_id".to_owned(), true)];
    }
    search.q = params.q.filter(|q| !q.trim().is_empty()).map(Q::Any);
    if let Some(after) = params.after {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(after.as_bytes())
            .map_err(|_| AppError::bad_request("datastore-error-cursor"))?;
        let cursor: Cursor = serde_json::from_slice(&bytes)
            .map_err(|_| AppError::bad_request("datastore-error-cursor"))?;
        search.after = Some(cursor);
    }
    let store = datastore::service(&state)?;
    let page = store
        .search(&active.table, &search)
        .await
        .map_err(app_error)?;
    let rows = page
        .rows
        .iter()
        .filter_map(|r| serde_json::from_str::<Vec<Value>>(r).ok())
        .map(|row| {
            Value::Object(
                page.fields
                    .iter()
                    .map(|f| f.id.clone())
                    .zip(row)
                    .collect::<serde_json::Map<_, _>>(),
            )
        })
        .collect();
    let next = page
        .next
        .as_ref()
        .and_then(|c| serde_json::to_vec(c).ok())
        .map(|b| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b));
    Ok(Json(RowsPage {
        fields: page
            .fields
            .iter()
            .map(|f| FieldDto {
                id: f.id.clone(),
                ty: f.ty.as_str().to_owned(),
            })
            .collect(),
        rows,
        total: page.total.unwrap_or(active.table.rows),
        next,
    }))
}

/// A datastore error as a page or API error.
#[must_use]
pub fn app_error(e: DatastoreError) -> AppError {
    match e {
        DatastoreError::Invalid { field, message } => AppError::Unprocessable(
            opengov_web::Msg::new("datastore-error-invalid")
                .arg("field", field)
                .arg("detail", message),
        ),
        DatastoreError::Timeout => {
            AppError::Unprocessable(opengov_web::Msg::new("datastore-error-timeout"))
        }
        other => AppError::Internal(other.to_string()),
    }
}
