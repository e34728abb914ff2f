//! The home page, health, metrics, the API documentation page and the 404 fallback.

use std::fmt::Write as _;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use opengov_web::{AppError, AppResult, AppState, PageCtx};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    ctx: &'a PageCtx,
}

pub async fn home(ctx: PageCtx) -> AppResult<Response> {
    ctx.render(&HomePage { ctx: &ctx })
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok"})),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(%err, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// `GET /metrics`: Prometheus text.
pub async fn metrics(State(state): State<AppState>) -> AppResult<Response> {
    let mut out = state.metrics.render();
    out.push_str("# HELP opengov_jobs Jobs in the queue by state.\n# TYPE opengov_jobs gauge\n");
    for (job_state, n) in opengov_jobs::queue::counts(&state.db).await? {
        let _ = writeln!(out, "opengov_jobs{{state=\"{job_state}\"}} {n}");
    }
    let (size, idle) = match &state.db {
        opengov_kernel::Db::Sqlite(p) => (p.size(), p.num_idle()),
        opengov_kernel::Db::Postgres(p) => (p.size(), p.num_idle()),
    };
    out.push_str("# HELP opengov_db_connections Database connections open.\n# TYPE opengov_db_connections gauge\n");
    let _ = writeln!(
        out,
        "opengov_db_connections {size}\nopengov_db_connections_idle {idle}"
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        out,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocsPage<'a> {
    ctx: &'a PageCtx,
    operations: Vec<crate::openapi::OperationView>,
}

/// `GET /api/docs`: the API reference, rendered from the OpenAPI document (no internet needed).
pub async fn api_docs(ctx: PageCtx) -> AppResult<Response> {
    let operations = crate::openapi::operations();
    ctx.render(&ApiDocsPage {
        ctx: &ctx,
        operations,
    })
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    axum::Json(crate::openapi::document()).into_response()
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
