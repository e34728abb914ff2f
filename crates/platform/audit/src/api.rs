//! `GET /api/v1/audit?after=N&limit=M`: entries in order, for anyone to mirror and verify.

use axum::Json;
use axum::extract::State;
use opengov_kernel::{Ts, db_run};
use opengov_web::form::Query;
use opengov_web::{AppResult, AppState};
use serde::{Deserialize, Serialize};

use crate::chain::AuditEntry;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Return entries with a sequence number greater than this (0 for the first page).
    #[serde(default)]
    pub after: i64,
    /// Entries per page, 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryDto>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntryDto {
    pub seq: i64,
    #[schema(value_type = String, format = DateTime)]
    pub at: Ts,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub body_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// Canonical JSON text exactly as hashed.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditEntry> for AuditEntryDto {
    fn from(e: AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            body_id: e.body_id,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            payload: e.payload,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// The audit log in order, for anyone to mirror and verify.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(ListParams),
    responses((status = 200, body = AuditPage), (status = 400, description = "Invalid parameters", body = opengov_web::error::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> AppResult<Json<AuditPage>> {
    let limit = p.limit.unwrap_or(100).clamp(1, 1000);
    let rows: Vec<AuditEntry> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT seq, at, actor_id, actor_name, body_id, action, object_type, object_id, payload, \
         prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
    )
    .bind(p.after.max(0))
    .bind(limit)
    .fetch_all(c)
    .await
    })?;
    let next_after = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.seq))
        .flatten();
    Ok(Json(AuditPage {
        items: rows.into_iter().map(Into::into).collect(),
        next_after,
    }))
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Ts,
}

/// Every published checkpoint of the audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit/checkpoints", tag = "audit",
    responses((status = 200, body = Vec<Checkpoint>)))]
pub async fn checkpoints(State(state): State<AppState>) -> AppResult<Json<Vec<Checkpoint>>> {
    let rows: Vec<Checkpoint> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT seq, hash, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1000"
    )
    .fetch_all(c)
    .await)?;
    Ok(Json(rows))
}
