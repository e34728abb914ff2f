//! `GET /api/v1/me`: who the token (or session) belongs to.

use axum::Json;
use opengov_web::{ApiCaller, AppResult};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub email_confirmed: bool,
    pub identity_verified: bool,
    pub roles: Vec<RoleDto>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoleDto {
    pub role: &'static str,
    pub body_id: Option<i64>,
}

/// The account the token (or, for reads, the browser session) belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    security(("bearer" = []), ("ckan_api_key" = [])),
    responses((status = 200, body = Me), (status = 401, description = "No valid token", body = opengov_web::error::ApiErrorBody)))]
pub async fn me(ApiCaller(user): ApiCaller) -> AppResult<Json<Me>> {
    Ok(Json(Me {
        id: user.id,
        display_name: user.display_name,
        email: user.email,
        email_confirmed: user.email_confirmed,
        identity_verified: user.identity_verified,
        roles: user
            .roles
            .iter()
            .map(|(r, b)| RoleDto {
                role: r.code(),
                body_id: *b,
            })
            .collect(),
    }))
}
