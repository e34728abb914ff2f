//! The machine-readable bodies: `GET /api/v1/bodies` (keyset pages),
//! `GET /api/v1/bodies/{id_or_slug}` and `GET /bodies.csv`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opengov_kernel::LocalizedText;
use opengov_web::error::Msg;
use opengov_web::form::Query;
use opengov_web::{AppError, AppResult, AppState};
use serde::{Deserialize, Serialize};

use crate::kinds::BodyKind;
use crate::store::{self, Body, PageFilter};
use crate::validate::is_valid_slug;

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 500;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only bodies of this kind: `government`, `ministry`, `agency`, `committee`, `region`,
    /// `city`, `district`, `rural_district`.
    pub kind: Option<String>,
    /// Only direct subordinates of the body with this id.
    pub parent: Option<i64>,
    /// Keyset cursor: the `next_after` of the previous page.
    pub after: Option<i64>,
    /// Items per page, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// A body as the API shows it (no database types).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct BodyDto {
    pub id: i64,
    pub code: String,
    pub slug: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub head_name: LocalizedText,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub bin: String,
    pub address: LocalizedText,
    pub active: bool,
}

impl From<Body> for BodyDto {
    fn from(b: Body) -> Self {
        Self {
            id: b.id,
            code: b.code,
            slug: b.slug,
            kind: b.kind,
            parent_id: b.parent_id,
            name: b.name,
            description: b.description,
            head_name: b.head_name,
            email: b.email,
            phone: b.phone,
            website: b.website,
            bin: b.bin,
            address: b.address,
            active: b.active,
        }
    }
}

/// One page of bodies.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BodyPage {
    pub items: Vec<BodyDto>,
    /// Pass as `after` for the next page; `null` on the last page.
    pub next_after: Option<i64>,
}

/// Active government bodies in id order, with keyset paging.
#[utoipa::path(get, path = "/api/v1/bodies", tag = "bodies", params(ListParams),
    responses((status = 200, body = BodyPage), (status = 400, description = "Unknown kind or bad parameter", body = opengov_web::error::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> AppResult<Json<BodyPage>> {
    let kind = match p.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(code) => Some(BodyKind::from_code(code).ok_or_else(|| {
            AppError::BadRequest(Msg::new("bodies-error-unknown-kind").arg("kind", code))
        })?),
    };
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let filter = PageFilter {
        kind: kind.map(|k| k.code().to_owned()),
        parent_id: p.parent,
        after: p.after.unwrap_or(0).max(0),
        limit,
    };
    let mut rows = store::list_page(&state.db, &filter).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_after = if more {
        rows.last().map(|b| b.id)
    } else {
        None
    };
    Ok(Json(BodyPage {
        items: rows.into_iter().map(BodyDto::from).collect(),
        next_after,
    }))
}

/// One body by id (all digits) or slug.
#[utoipa::path(get, path = "/api/v1/bodies/{id_or_slug}", tag = "bodies",
    params(("id_or_slug" = String, Path, description = "The body's numeric id or its slug")),
    responses((status = 200, body = BodyDto), (status = 404, description = "No such body", body = opengov_web::error::ApiErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> AppResult<Json<BodyDto>> {
    // Only plain digits are an id (`+5` is not); anything else that is not a valid slug can
    // name no body and is not looked up (PostgreSQL refuses NUL in text).
    let body = if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
        match key.parse::<i64>() {
            Ok(id) => store::get_by_id(&state.db, id).await?,
            Err(_) => None,
        }
    } else if is_valid_slug(&key) {
        store::get_by_slug(&state.db, &key).await?
    } else {
        None
    };
    body.map(|b| Json(BodyDto::from(b)))
        .ok_or(AppError::NotFound)
}

/// `GET /bodies.csv`: every active body, with a header row.
pub async fn csv(State(state): State<AppState>) -> AppResult<Response> {
    let bodies = store::list_all(&state.db, false).await?;
    let text = crate::csv::render(&bodies);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"bodies.csv\"",
            ),
        ],
        text,
    )
        .into_response())
}
