//! CKAN Action API v3 (`/api/3/action/{name}` and `/api/action/{name}`), so existing CKAN
//! clients and harvesters read the catalogue unchanged: the `{help, success, result}` envelope,
//! CKAN's error types and status codes, parameters from the query string (GET) or a JSON or form
//! body (POST). Read actions here: `status_show`, `package_list`,
//! `current_package_list_with_resources`, `package_show`, `package_search`, `license_list`,
//! `organization_list`, `organization_show`, `group_list` and `group_show` (the EU data themes),
//! `tag_list` (the keywords), `resource_show`, the datastore's actions; and the write
//! actions of [`crate::ckan_write`]. Unknown actions are a 400, as in
//! CKAN. Drafts and private datasets are not found (404) unless the caller's token belongs to
//! an official of the owning body.

use std::collections::HashMap;

use axum::extract::{FromRequest, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use opengov_web::auth::{Authenticated, ClientIp, CurrentUser};
use opengov_web::{AppError, AppState};
use serde::Serialize;
use serde_json::{Value, json};

use crate::ckan_dicts::{
    Facets, LicenceDict, OrganizationDict, PackageDict, ResourceDict, SearchResult,
};
use crate::store::{self, Dataset};
use crate::vocab;
use crate::workflow;

/// A CKAN error: its status and `__type`.
#[derive(Debug)]
pub enum CkanError {
    NotFound(String),
    Validation(Value),
    Authorization(String),
    BadRequest(String),
    TooMany(String),
    Internal,
}

impl From<opengov_kernel::DbError> for CkanError {
    fn from(e: opengov_kernel::DbError) -> Self {
        tracing::error!(%e, "CKAN action failed");
        Self::Internal
    }
}

impl From<AppError> for CkanError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => Self::NotFound("Not found".into()),
            AppError::Forbidden(_) | AppError::SignInRequired => {
                Self::Authorization("Access denied".into())
            }
            AppError::Internal(m) => {
                tracing::error!(m, "CKAN action failed");
                Self::Internal
            }
            _ => Self::BadRequest("Bad request".into()),
        }
    }
}

fn help_url(state: &AppState, action: &str) -> String {
    format!(
        "{}/api/3/action/help_show?name={action}",
        state.config.public_url.trim_end_matches('/')
    )
}

fn envelope(state: &AppState, action: &str, result: Result<Answer, CkanError>) -> Response {
    let help = help_url(state, action);
    let (status, body) = match result {
        Ok(answer) => {
            // `{"help": …, "success": true, "result": …}`, the result written in place.
            let result = match answer {
                Answer::Tree(value) => value.to_string(),
                Answer::Written(text) => text,
            };
            let mut body = String::with_capacity(result.len() + help.len() + 48);
            body.push_str("{\"help\":");
            body.push_str(&Value::String(help).to_string());
            body.push_str(",\"success\":true,\"result\":");
            body.push_str(&result);
            body.push('}');
            (StatusCode::OK, body)
        }
        Err(e) => {
            let (status, error) = match e {
                CkanError::NotFound(m) => (
                    StatusCode::NOT_FOUND,
                    json!({ "__type": "Not Found Error", "message": m }),
                ),
                CkanError::Validation(mut fields) => {
                    if let Value::Object(map) = &mut fields {
                        map.insert("__type".into(), json!("Validation Error"));
                    }
                    (StatusCode::CONFLICT, fields)
                }
                CkanError::Authorization(m) => (
                    StatusCode::FORBIDDEN,
                    json!({ "__type": "Authorization Error", "message": m }),
                ),
                CkanError::BadRequest(m) => (
                    StatusCode::BAD_REQUEST,
                    json!({ "__type": "Bad request", "message": m }),
                ),
                CkanError::TooMany(m) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    json!({ "__type": "Rate Limit Error", "message": m }),
                ),
                CkanError::Internal => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "__type": "Internal Server Error", "message": "Internal error" }),
                ),
            };
            (
                status,
                json!({ "help": help, "success": false, "error": error }).to_string(),
            )
        }
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
        body,
    )
        .into_response()
}

/// The action's parameters: the query string, then a JSON object or form body on POST.
fn params(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, Value>, CkanError> {
    let mut out: HashMap<String, Value> = HashMap::new();
    // As in CKAN, a key given more than once is a list (`groups=a&groups=b`).
    let pairs = |out: &mut HashMap<String, Value>, text: &[u8]| {
        for (k, v) in url::form_urlencoded::parse(text) {
            let v = Value::String(v.into_owned());
            match out.entry(k.into_owned()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(v);
                }
                std::collections::hash_map::Entry::Occupied(mut e) => match e.get_mut() {
                    Value::Array(items) => items.push(v),
                    first => *first = Value::Array(vec![first.take(), v]),
                },
            }
        }
    };
    if let Some(q) = query {
        pairs(&mut out, q.as_bytes());
    }
    if body.is_empty() {
        return Ok(out);
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("application/json") || ct.starts_with("text/plain"));
    if is_json {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => out.extend(map),
            _ => {
                return Err(CkanError::BadRequest(
                    "Bad request - JSON Error: not a JSON object".into(),
                ));
            }
        }
    } else {
        pairs(&mut out, body);
    }
    Ok(out)
}

fn int_param(p: &HashMap<String, Value>, name: &str, default: i64) -> Result<i64, CkanError> {
    match scalar(p, name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| CkanError::Validation(json!({ name: ["Invalid integer"] }))),
        Some(Value::String(s)) if s.is_empty() => Ok(default),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| CkanError::Validation(json!({ name: ["Invalid integer"] }))),
        Some(_) => Err(CkanError::Validation(json!({ name: ["Invalid integer"] }))),
    }
}

/// A page's size and start (`limit` and `offset`, `rows` and `start`): natural numbers, or a
/// 409 naming the one that is not.
fn paging(
    p: &HashMap<String, Value>,
    (size, size_default): (&str, i64),
    (from, from_default): (&str, i64),
) -> Result<(i64, i64), CkanError> {
    let natural = |name: &str, default: i64| match int_param(p, name, default)? {
        n if n < 0 => Err(CkanError::Validation(
            json!({ name: ["Must be a natural number"] }),
        )),
        n => Ok(n),
    };
    Ok((natural(size, size_default)?, natural(from, from_default)?))
}

/// `asc` (or nothing) is `false`, `desc` is `true`, in any letter case.
fn descending(word: Option<&str>) -> Result<bool, String> {
    match word.map(str::to_ascii_lowercase).as_deref() {
        None | Some("asc") => Ok(false),
        Some("desc") => Ok(true),
        Some(other) => Err(format!("{other:?} is neither asc nor desc")),
    }
}

/// A boolean as CKAN's validators take it: JSON `true`/`false`, or `true`/`false`, `1`/`0`,
/// `yes`/`no` in any letter case.
fn bool_param(p: &HashMap<String, Value>, name: &str, default: bool) -> Result<bool, CkanError> {
    match scalar(p, name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(default),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(CkanError::Validation(
                json!({ name: ["Must be true or false"] }),
            )),
        },
        Some(_) => Err(CkanError::Validation(
            json!({ name: ["Must be true or false"] }),
        )),
    }
}

fn str_param<'a>(p: &'a HashMap<String, Value>, name: &str) -> Option<&'a str> {
    scalar(p, name).and_then(Value::as_str)
}

/// A parameter that takes one value; given more than once, the last one counts.
fn scalar<'a>(p: &'a HashMap<String, Value>, name: &str) -> Option<&'a Value> {
    match p.get(name) {
        Some(Value::Array(items)) => items.last(),
        other => other,
    }
}

/// The resource rows of some datasets: each resource, its current version, and whether its
/// table is served.
type ResourceRows = Vec<(
    crate::resources::Resource,
    Option<crate::resources::Version>,
    bool,
)>;

/// The package dicts of `datasets`, in their order, from their resource rows.
fn package_dicts<'a>(
    state: &AppState,
    datasets: &'a [Dataset],
    rows: &'a ResourceRows,
    directory: &'a opengov_bodies::directory::Directory,
) -> Vec<PackageDict<'a>> {
    let public_url = state.config.public_url.as_str();
    let mut resources: HashMap<i64, Vec<ResourceDict<'a>>> = HashMap::new();
    for (r, v, active) in rows {
        if let Some(d) = datasets.iter().find(|d| d.id == r.dataset_id) {
            resources.entry(d.id).or_default().push(ResourceDict::new(
                public_url,
                &d.name,
                r,
                v.as_ref(),
                *active,
            ));
        }
    }
    datasets
        .iter()
        .map(|d| {
            PackageDict::new(
                public_url,
                d,
                directory.by_id(d.body_id),
                resources.remove(&d.id).unwrap_or_default(),
            )
        })
        .collect()
}

/// The resource rows of some datasets, in one query.
async fn resource_rows(state: &AppState, datasets: &[Dataset]) -> Result<ResourceRows, CkanError> {
    let ids: Vec<i64> = datasets.iter().map(|d| d.id).collect();
    Ok(crate::resources::with_current_of(&state.db, &ids).await?)
}

/// An action's result: a JSON tree, or a typed answer already written as JSON (the package
/// dicts, written without a tree).
#[derive(Debug)]
pub enum Answer {
    Tree(Value),
    Written(String),
}

impl Answer {
    fn written<T: Serialize>(value: &T) -> Result<Self, CkanError> {
        serde_json::to_string(value)
            .map(Self::Written)
            .map_err(|e| {
                tracing::error!(%e, "a CKAN answer could not be written");
                CkanError::Internal
            })
    }
}

pub(crate) async fn run(
    state: &AppState,
    action: &str,
    p: &HashMap<String, Value>,
    user: Option<&CurrentUser>,
) -> Result<Answer, CkanError> {
    let public_url = state.config.public_url.as_str();
    match action {
        "status_show" => Ok(Answer::Tree(json!({
            "site_title": "opengov",
            "site_url": state.config.public_url,
            "ckan_version": "2.10.0",
            "site_description": "Open Government platform",
            "locale_default": state.config.default_lang.code(),
            "extensions": ["opengov"],
        }))),
        "package_list" => {
            let (limit, offset) = paging(p, ("limit", 1000), ("offset", 0))?;
            let names = store::public_names(&state.db, limit.max(1), offset).await?;
            Answer::written(&names)
        }
        "current_package_list_with_resources" => {
            let limit = int_param(p, "limit", 10)?;
            let page = int_param(p, "page", 1)?;
            if limit < 1 {
                return Err(CkanError::Validation(
                    json!({ "limit": ["Must be a positive integer"] }),
                ));
            }
            if page < 1 {
                return Err(CkanError::Validation(
                    json!({ "page": ["Must be a positive integer"] }),
                ));
            }
            // `offset` wins over CKAN's older `page`, which counts pages of `limit`.
            let offset = match p.get("offset") {
                Some(_) => int_param(p, "offset", 0)?,
                None => (page - 1).saturating_mul(limit),
            };
            if offset < 0 {
                return Err(CkanError::Validation(
                    json!({ "offset": ["Must be a natural number"] }),
                ));
            }
            let datasets = store::recently_changed(&state.db, limit, offset).await?;
            let directory = opengov_bodies::directory::get(state).await?;
            let rows = resource_rows(state, &datasets).await?;
            Answer::written(&package_dicts(state, &datasets, &rows, &directory))
        }
        "group_list" => group_list(state, p).await,
        "group_show" => group_show(state, p).await,
        "tag_list" => tag_list(state, p).await,
        "package_show" => {
            let key = str_param(p, "id")
                .or_else(|| str_param(p, "name"))
                .filter(|k| !k.is_empty())
                .ok_or_else(|| CkanError::Validation(json!({ "id": ["Missing value"] })))?;
            if key.len() > 100 {
                return Err(CkanError::NotFound("Not found".into()));
            }
            let d = store::by_id_or_name(&state.db, key)
                .await?
                .filter(|d| workflow::can_see(user, d))
                .ok_or_else(|| CkanError::NotFound("Not found".into()))?;
            let directory = opengov_bodies::directory::get(state).await?;
            let datasets = [d];
            let rows = resource_rows(state, &datasets).await?;
            Answer::written(&package_dicts(state, &datasets, &rows, &directory).pop())
        }
        "resource_show" => {
            let id = str_param(p, "id")
                .filter(|k| !k.is_empty())
                .ok_or_else(|| CkanError::Validation(json!({ "id": ["Missing value"] })))?
                .to_owned();
            let (d, id) = crate::datastore_api::visible_resource(state, &id, user)
                .await
                .map_err(|e| match e {
                    AppError::NotFound => CkanError::NotFound("Resource was not found.".into()),
                    other => other.into(),
                })?;
            let datasets = [d];
            let rows = resource_rows(state, &datasets).await?;
            let resource = rows
                .iter()
                .find(|(r, ..)| r.id == id)
                .map(|(r, v, active)| {
                    ResourceDict::new(public_url, &datasets[0].name, r, v.as_ref(), *active)
                })
                .ok_or_else(|| CkanError::NotFound("Resource was not found.".into()))?;
            Answer::written(&resource)
        }
        "license_list" => Answer::written(
            &vocab::LICENCES
                .iter()
                .map(|l| LicenceDict::new(public_url, l))
                .collect::<Vec<_>>(),
        ),
        "organization_list" => {
            let directory = opengov_bodies::directory::get(state).await?;
            let all_fields = matches!(p.get("all_fields"), Some(Value::Bool(true)))
                || matches!(str_param(p, "all_fields"), Some("true" | "True" | "1"));
            let bodies = directory.active();
            if !all_fields {
                return Answer::written(&bodies.iter().map(|b| &b.slug).collect::<Vec<_>>());
            }
            let counts: HashMap<i64, i64> =
                store::public_counts(&state.db).await?.into_iter().collect();
            Answer::written(
                &bodies
                    .iter()
                    .map(|b| OrganizationDict::new(b, counts.get(&b.id).copied().unwrap_or(0)))
                    .collect::<Vec<_>>(),
            )
        }
        "organization_show" => {
            let key = str_param(p, "id")
                .filter(|k| !k.is_empty())
                .ok_or_else(|| CkanError::Validation(json!({ "id": ["Missing value"] })))?;
            let directory = opengov_bodies::directory::get(state).await?;
            let body = directory
                .by_slug(key)
                .or_else(|| key.parse::<i64>().ok().and_then(|id| directory.by_id(id)))
                .ok_or_else(|| CkanError::NotFound("Organization not found".into()))?;
            let counts: HashMap<i64, i64> =
                store::public_counts(&state.db).await?.into_iter().collect();
            Answer::written(&OrganizationDict::new(
                body,
                counts.get(&body.id).copied().unwrap_or(0),
            ))
        }
        "package_search" => package_search(state, p, user).await,
        "datastore_search" | "datastore_info" | "datastore_search_sql" => {
            crate::datastore_api::ckan(state, action, p, user)
                .await
                .map(Answer::Tree)
        }
        _ => Err(CkanError::BadRequest(format!(
            "Action name not known: {}",
            action.chars().take(100).collect::<String>()
        ))),
    }
}

/// A list parameter: a JSON array, a JSON array written as a string, or comma-separated names.
fn list_param(p: &HashMap<String, Value>, name: &str) -> Result<Option<Vec<String>>, CkanError> {
    let bad = || CkanError::Validation(json!({ name: ["Must be a list of names"] }));
    match p.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(Value::String(s)) if s.trim_start().starts_with('[') => {
            serde_json::from_str(s).map(Some).map_err(|_| bad())
        }
        Some(Value::String(s)) => Ok(Some(
            s.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect(),
        )),
        Some(_) => Err(bad()),
    }
}

/// Every value of one facet over the public catalogue, with the number of public datasets that
/// have it: the themes for `group_list`/`group_show`, the keywords for `tag_list`. The search
/// index counts them, as it counts `package_search`'s facets, so the two always agree.
async fn public_facet(state: &AppState, field: &str) -> Result<HashMap<String, u64>, CkanError> {
    let directory = opengov_bodies::directory::get(state).await?;
    let query = opengov_search::Query {
        fq: vec![crate::search::visibility(None, false, &directory)],
        rows: 0,
        facets: vec![field.to_owned()],
        facet_limit: usize::MAX,
        facet_mincount: 1,
        ..opengov_search::Query::default()
    };
    crate::search::catch_up(state).await?;
    let hits = crate::search::service(state)?.search(query).await?;
    Ok(hits
        .facets
        .into_iter()
        .filter(|(f, _)| f == field)
        .flat_map(|(_, values)| values)
        .collect())
}

/// `group_list`: the EU data themes as CKAN groups (`groups`, `sort` by `name`, `title` or
/// `package_count`, `limit`, `offset`, `all_fields`).
async fn group_list(state: &AppState, p: &HashMap<String, Value>) -> Result<Answer, CkanError> {
    let all_fields = bool_param(p, "all_fields", false)?;
    let wanted = list_param(p, "groups")?;
    let (limit, offset) = paging(p, ("limit", 1000), ("offset", 0))?;
    let sort = str_param(p, "sort")
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("title asc")
        .to_owned();
    let mut words = sort.split_whitespace();
    let field = words.next().unwrap_or_default().to_owned();
    let bad = || CkanError::Validation(json!({ "sort": [format!("Cannot sort by {sort:?}")] }));
    let descending = descending(words.next()).map_err(|_| bad())?;
    if !matches!(field.as_str(), "name" | "title" | "package_count") || words.next().is_some() {
        return Err(bad());
    }
    let counts = public_facet(state, "groups").await?;
    let mut groups: Vec<(&'static vocab::Term, String, u64)> = vocab::THEMES
        .iter()
        .map(|t| {
            let name = t.code.to_lowercase();
            let count = counts.get(&name).copied().unwrap_or(0);
            (t, name, count)
        })
        .filter(|(_, name, _)| {
            wanted
                .as_ref()
                .is_none_or(|w| w.iter().any(|n| n.eq_ignore_ascii_case(name)))
        })
        .collect();
    groups.sort_by(|a, b| {
        let order = match field.as_str() {
            "name" => a.1.cmp(&b.1),
            "package_count" => a.2.cmp(&b.2),
            _ => a.0.en.cmp(b.0.en),
        };
        // Equal counts stay in name order either way.
        if descending { order.reverse() } else { order }.then_with(|| a.1.cmp(&b.1))
    });
    let page = groups
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX));
    if all_fields {
        Answer::written(
            &page
                .map(|(t, _, count)| crate::ckan_dicts::Group::new(t, Some(count)))
                .collect::<Vec<_>>(),
        )
    } else {
        Answer::written(&page.map(|(_, name, _)| name).collect::<Vec<_>>())
    }
}

/// `group_show`: one theme by name (`agri`) or id (`AGRI`), with its public dataset count and,
/// with `include_datasets`, its most recently changed public datasets (at most 1,000).
async fn group_show(state: &AppState, p: &HashMap<String, Value>) -> Result<Answer, CkanError> {
    let key = str_param(p, "id")
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| CkanError::Validation(json!({ "id": ["Missing value"] })))?;
    let term = vocab::THEMES
        .iter()
        .find(|t| t.code.eq_ignore_ascii_case(key))
        .ok_or_else(|| CkanError::NotFound("Group not found".into()))?;
    let name = term.code.to_lowercase();
    let count = public_facet(state, "groups")
        .await?
        .get(&name)
        .copied()
        .unwrap_or(0);
    let mut group = serde_json::to_value(crate::ckan_dicts::Group::new(term, Some(count)))
        .map_err(|_| CkanError::Internal)?;
    if bool_param(p, "include_datasets", false)? {
        let directory = opengov_bodies::directory::get(state).await?;
        let query = opengov_search::Query {
            fq: vec![
                crate::search::visibility(None, false, &directory),
                format!("groups:{name}"),
            ],
            sort: vec![(
                opengov_search::SortKey::Date("metadata_modified".into()),
                true,
            )],
            rows: 1000,
            ..opengov_search::Query::default()
        };
        let hits = crate::search::service(state)?.search(query).await?;
        let ids: Vec<i64> = hits.ids.iter().filter_map(|i| i.parse().ok()).collect();
        let datasets = store::by_ids(&state.db, &ids).await?;
        let rows = resource_rows(state, &datasets).await?;
        let packages = serde_json::to_value(package_dicts(state, &datasets, &rows, &directory))
            .map_err(|_| CkanError::Internal)?;
        if let Value::Object(map) = &mut group {
            map.insert("packages".into(), packages);
        }
    }
    Ok(Answer::Tree(group))
}

/// `tag_list`: the keywords of public datasets, by name (`query` keeps those that contain it,
/// in any letter case; `all_fields` gives tag dicts). Keywords have no CKAN vocabulary.
async fn tag_list(state: &AppState, p: &HashMap<String, Value>) -> Result<Answer, CkanError> {
    if str_param(p, "vocabulary_id").is_some_and(|v| !v.trim().is_empty()) {
        return Err(CkanError::NotFound("Could not find vocabulary".into()));
    }
    let all_fields = bool_param(p, "all_fields", false)?;
    let query = str_param(p, "query")
        .map(|q| q.trim().to_lowercase())
        .unwrap_or_default();
    let counts = public_facet(state, "tags").await?;
    let mut names: Vec<&str> = counts
        .keys()
        .map(String::as_str)
        .filter(|n| query.is_empty() || n.to_lowercase().contains(&query))
        .collect();
    names.sort_unstable();
    if all_fields {
        Answer::written(
            &names
                .into_iter()
                .map(crate::ckan_dicts::Tag)
                .collect::<Vec<_>>(),
        )
    } else {
        Answer::written(&names)
    }
}

/// CKAN's sort keys and ours.
fn sort_key(field: &str) -> Option<opengov_search::SortKey> {
    use opengov_search::SortKey;
    Some(match field {
        "score" | "rank" => SortKey::Score,
        "name" | "title_string" | "title" => SortKey::Name,
        "id" => SortKey::Id,
        "metadata_modified" | "metadata_created" => SortKey::Date(field.to_owned()),
        "popularity" | "views_recent" | "views_total" => SortKey::Number("popularity".into()),
        _ => return None,
    })
}

/// Parses CKAN's `sort` (`"score desc, metadata_modified desc"`).
pub(crate) fn parse_sort(sort: &str) -> Result<Vec<(opengov_search::SortKey, bool)>, String> {
    let mut keys = Vec::new();
    for part in sort.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut words = part.split_whitespace();
        let field = words.next().unwrap_or_default();
        let descending = descending(words.next())?;
        let key = sort_key(field).ok_or_else(|| format!("cannot sort by {field:?}"))?;
        keys.push((key, descending));
    }
    Ok(keys)
}

/// `package_search`: the search index answers with ids, totals and facet counts; the
/// datasets of the page are then read in a few queries.
async fn package_search(
    state: &AppState,
    p: &HashMap<String, Value>,
    user: Option<&CurrentUser>,
) -> Result<Answer, CkanError> {
    let q = str_param(p, "q").unwrap_or_default().to_owned();
    let include_private = bool_param(p, "include_private", false)?;
    let directory = opengov_bodies::directory::get(state).await?;
    let mut fq: Vec<String> = vec![crate::search::visibility(user, include_private, &directory)];
    // Every `fq` given must hold, as in Solr.
    match p.get("fq") {
        Some(Value::Array(items)) => fq.extend(
            items
                .iter()
                .filter_map(Value::as_str)
                .filter(|f| !f.trim().is_empty())
                .map(str::to_owned),
        ),
        Some(Value::String(f)) if !f.trim().is_empty() => fq.push(f.clone()),
        _ => {}
    }
    match p.get("fq_list") {
        Some(Value::Array(items)) => {
            fq.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        Some(Value::String(s)) if s.trim_start().starts_with('[') => {
            let items: Vec<String> = serde_json::from_str(s).map_err(|_| {
                CkanError::Validation(json!({ "fq_list": ["Must be a list of strings"] }))
            })?;
            fq.extend(items);
        }
        Some(Value::String(s)) if !s.trim().is_empty() => fq.push(s.clone()),
        _ => {}
    }
    let (rows, start) = paging(p, ("rows", 10), ("start", 0))?;
    let sort_text = str_param(p, "sort")
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("score desc, metadata_modified desc")
        .to_owned();
    let sort = parse_sort(&sort_text).map_err(|m| CkanError::Validation(json!({ "sort": [m] })))?;
    let facet_fields: Vec<String> = match p.get("facet.field") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => serde_json::from_str(s).map_err(|_| {
            CkanError::Validation(json!({ "facet.field": ["Must be a JSON list of field names"] }))
        })?,
        Some(_) => {
            return Err(CkanError::Validation(
                json!({ "facet.field": ["Must be a JSON list of field names"] }),
            ));
        }
    };
    if let Some(bad) = facet_fields
        .iter()
        .find(|f| !crate::search::FACETS.contains(&f.as_str()))
    {
        return Err(CkanError::Validation(
            json!({ "facet.field": [format!("Cannot facet on {bad:?}")] }),
        ));
    }
    let facet_limit = int_param(p, "facet.limit", 50)?;
    let facet_mincount = int_param(p, "facet.mincount", 1)?;
    let query = opengov_search::Query {
        q,
        fq,
        sort,
        start: usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(opengov_search::MAX_START),
        rows: usize::try_from(rows)
            .unwrap_or(0)
            .min(opengov_search::MAX_ROWS),
        facets: facet_fields.clone(),
        facet_limit: usize::try_from(facet_limit).unwrap_or(usize::MAX),
        facet_mincount: u64::try_from(facet_mincount).unwrap_or(0),
    };
    crate::search::catch_up(state).await?;
    let catalogue = crate::search::service(state)?;
    let hits = catalogue.search(query).await.map_err(|e| match e {
        AppError::Unprocessable(m) => CkanError::Validation(json!({ "q": [m
            .args
            .iter()
            .find(|(k, _)| *k == "detail")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()] })),
        other => other.into(),
    })?;
    let ids: Vec<i64> = hits.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let datasets = store::by_ids(&state.db, &ids).await?;
    let rows = resource_rows(state, &datasets).await?;
    let facets = Facets {
        counts: &hits.facets,
        directory: &directory,
    };
    Answer::written(&SearchResult {
        count: hits.total,
        sort: &sort_text,
        results: package_dicts(state, &datasets, &rows, &directory),
        facets: facets.plain(),
        search_facets: &facets,
    })
}

/// The API's rate limit: anonymous use is limited per address; a token raises the limit,
/// counted per account. The CKAN actions, `/api/v1/datastore/{id}` and the dumps share it.
/// `Err((limit, seconds to wait))` past it.
pub(crate) fn rate_limit(
    state: &AppState,
    user: Option<&CurrentUser>,
    ip: &str,
) -> Result<(), (u32, u64)> {
    let (key, max) = match user {
        Some(u) => (
            format!("ckan:user:{}", u.id),
            state.config.limits.api_token_per_minute,
        ),
        None => (
            format!("ckan:ip:{ip}"),
            state.config.limits.api_anonymous_per_minute,
        ),
    };
    state.limiter.hit(&key, max).map_err(|wait| (max, wait))
}

/// `GET|POST /api/3/action/{name}` and `/api/action/{name}`.
pub async fn action(
    State(state): State<AppState>,
    method: Method,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    ClientIp(ip): ClientIp,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    // Who is asking was settled once by `opengov_web::auth::load_user`: the raw token in
    // `Authorization` or `X-CKAN-API-Key` (an unknown token is anonymous, never 401), or the
    // browser session for reads.
    let user = request
        .extensions()
        .get::<Authenticated>()
        .and_then(|a| a.0.clone());
    if let Err((max, wait)) = rate_limit(&state, user.as_ref(), &ip) {
        let mut res = envelope(
            &state,
            &name,
            Err(CkanError::TooMany(format!(
                "Rate limit reached: at most {max} requests a minute; retry in {wait} s, or use an API token"
            ))),
        );
        if let Ok(v) = wait.to_string().parse() {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return res;
    }
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if multipart
        && method == Method::POST
        && crate::ckan_write::RESOURCE_ACTIONS.contains(&name.as_str())
    {
        // A file for a resource: streamed to storage, never held in memory.
        let result = match axum::extract::Multipart::from_request(request, &state).await {
            Ok(form) => {
                crate::ckan_write::resource_upload(&state, &name, form, user.as_ref()).await
            }
            Err(_) => Err(CkanError::BadRequest("Bad request - multipart form".into())),
        };
        return envelope(&state, &name, result);
    }
    // Everything else is small: bounded like any form or JSON body.
    let Ok(body) = axum::body::to_bytes(request.into_body(), state.config.limits.body_bytes).await
    else {
        return envelope(
            &state,
            &name,
            Err(CkanError::BadRequest(
                "Bad request - the body is too large".into(),
            )),
        );
    };
    let result = match params(query.as_deref(), &headers, &body) {
        Ok(p) => {
            if crate::ckan_write::ACTIONS.contains(&name.as_str())
                || crate::ckan_write::RESOURCE_ACTIONS.contains(&name.as_str())
            {
                if method == Method::POST {
                    match crate::ckan_write::run(&state, &name, &p, user.as_ref()).await {
                        Ok(_) if name == "package_delete" || name == "resource_delete" => {
                            Ok(Answer::Tree(Value::Null))
                        }
                        Ok(resource) if name.starts_with("resource_") => {
                            let show: HashMap<String, Value> =
                                HashMap::from([("id".to_owned(), Value::String(resource))]);
                            run(&state, "resource_show", &show, user.as_ref()).await
                        }
                        Ok(written) => {
                            let show: HashMap<String, Value> =
                                HashMap::from([("id".to_owned(), Value::String(written))]);
                            run(&state, "package_show", &show, user.as_ref()).await
                        }
                        Err(e) => Err(e),
                    }
                } else {
                    Err(CkanError::BadRequest(
                        "Bad request - Action requires a POST request".into(),
                    ))
                }
            } else {
                run(&state, &name, &p, user.as_ref()).await
            }
        }
        Err(e) => Err(e),
    };
    envelope(&state, &name, result)
}
