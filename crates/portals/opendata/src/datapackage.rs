//! `GET /data/{name}/datapackage.json`: the dataset as a Frictionless Data Package (v1): name,
//! titles, description, keywords, licence, sources, contributors, and one resource per
//! uploaded file with its download address, format, media type, size and SHA-256 hash.
//! Links to files elsewhere become resources with their URL. A file loaded into the datastore
//! is a tabular data resource with a Table Schema whose types the datastore inferred from every
//! cell (or an official fixed).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde_json::{Value, json};

use crate::resources::{self, Resource, Version};
use crate::store::Dataset;
use crate::vocab;

/// A Data Package name: lowercase letters, digits, `-`, `_`, `.` (the spec's pattern).
fn package_name(s: &str) -> String {
    let mut out: String = s
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "resource".to_owned()
    } else {
        out
    }
}

/// A Frictionless Table Schema type for a datastore column type.
fn table_schema_type(ty: opengov_datastore::ColumnType) -> (&'static str, Option<&'static str>) {
    use opengov_datastore::ColumnType;
    match ty {
        ColumnType::Integer => ("integer", None),
        ColumnType::Decimal => ("number", None),
        ColumnType::Boolean => ("boolean", None),
        // Files may write dates as 2026-01-31 or 31.01.2026.
        ColumnType::Date => ("date", Some("any")),
        ColumnType::DateTime => ("datetime", Some("any")),
        ColumnType::Text => ("string", None),
    }
}

fn resource(
    base: &str,
    d: &Dataset,
    r: &Resource,
    v: Option<&Version>,
    schema: Option<&[opengov_datastore::Field]>,
    taken: &mut Vec<String>,
) -> Value {
    let mut name = package_name(&r.name);
    if taken.contains(&name) {
        name = format!("{name}-{}", r.id);
    }
    taken.push(name.clone());
    let mut out = json!({
        "name": name,
        "title": r.name,
        "path": match r.kind.as_str() {
            "link" => r.url.clone(),
            _ => format!("{base}/data/{}/resources/{}/download", d.name, r.id),
        },
    });
    if !r.description.is_empty() {
        out["description"] = json!(r.description);
    }
    if !r.format.is_empty() {
        out["format"] = json!(r.format.to_lowercase());
    }
    if let Some(v) = v {
        out["mediatype"] = json!(v.media_type);
        out["bytes"] = json!(v.size);
        out["hash"] = json!(format!("sha256:{}", v.sha256));
        if v.media_type.starts_with("text/") {
            out["encoding"] = json!("utf-8");
        }
    }
    if let Some(fields) = schema {
        let fields: Vec<Value> = fields
            .iter()
            .map(|f| {
                let (ty, format) = table_schema_type(f.ty);
                let mut field = json!({ "name": f.id, "type": ty });
                if let Some(format) = format {
                    field["format"] = json!(format);
                }
                field
            })
            .collect();
        out["profile"] = json!("tabular-data-resource");
        out["schema"] = json!({ "fields": fields });
    }
    out
}

/// The Data Package of a dataset.
#[must_use]
pub fn package(
    base: &str,
    d: &Dataset,
    publisher: &str,
    list: &[Resource],
    current: &[(i64, Version)],
    schemas: &[(i64, i64, Vec<opengov_datastore::Field>)],
) -> Value {
    let licence = vocab::licence(&d.licence).map(|l| {
        json!({
            "name": l.id,
            "title": l.title,
            "path": l.absolute_url(base),
        })
    });
    let mut taken = Vec::new();
    let resources: Vec<Value> = list
        .iter()
        .map(|r| {
            let v = current.iter().find(|(id, _)| *id == r.id).map(|(_, v)| v);
            // A Table Schema only when the loaded table is of the file the resource points at.
            let schema = schemas
                .iter()
                .find(|(id, version, _)| *id == r.id && Some(*version) == v.map(|v| v.version))
                .map(|(_, _, fields)| fields.as_slice());
            resource(base, d, r, v, schema, &mut taken)
        })
        .collect();
    let description = [&d.description_en, &d.description_ru, &d.description_kk]
        .into_iter()
        .find(|t| !t.is_empty())
        .cloned()
        .unwrap_or_default();
    let mut out = json!({
        "profile": "data-package",
        "name": package_name(&d.name),
        "id": format!("{base}/data/{}", d.name),
        "title": d.title_en,
        "homepage": format!("{base}/data/{}", d.name),
        "keywords": d.keyword_list(),
        "created": d.created_at.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "licenses": licence.into_iter().collect::<Vec<_>>(),
        "sources": [{ "title": publisher, "path": format!("{base}/data/{}", d.name) }],
        "contributors": [{ "title": publisher, "role": "publisher" }],
        "resources": resources,
        // Kept by this portal: the title and description in every language.
        "opengov:title": { "kk": d.title_kk, "ru": d.title_ru, "en": d.title_en },
        "opengov:description": { "kk": d.description_kk, "ru": d.description_ru, "en": d.description_en },
    });
    if !description.is_empty() {
        out["description"] = json!(description);
    }
    out
}

/// `GET /data/{name}/datapackage.json`.
pub async fn datapackage(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    if !crate::domain::valid_name(&name) {
        return Err(AppError::NotFound);
    }
    let d = crate::store::by_name(&state.db, &name)
        .await?
        .filter(|d| crate::workflow::can_see(ctx.user.as_ref(), d))
        .ok_or(AppError::NotFound)?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let publisher = directory
        .by_id(d.body_id)
        .map(|b| b.name.en.clone())
        .unwrap_or_default();
    let (list, current) = resources::of_dataset_with_current(&state.db, d.id).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let mut schemas = Vec::new();
    for r in &list {
        if let Some(active) = crate::datastore::active(&state.db, r.id).await? {
            schemas.push((r.id, active.version, active.table.fields));
        }
    }
    let body = package(base, &d, &publisher, &list, &current, &schemas);
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::package_name;

    #[test]
    fn names_follow_the_data_package_pattern() {
        assert_eq!(package_name("Budget 2026 (v2)"), "budget-2026-v2");
        assert_eq!(package_name("Бюджет"), "resource");
        assert_eq!(package_name("a__b.csv"), "a__b.csv");
    }
}
