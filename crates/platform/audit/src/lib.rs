#![doc = include_str!("../README.md")]

pub mod api;
pub mod chain;
pub mod pages;

pub use chain::{Actor, AuditEntry, Event, VerifyReport, append, verify};

use axum::Router;
use axum::routing::get;
use opengov_web::AppState;

/// `/audit`, `/api/v1/audit`, `/api/v1/audit/checkpoints`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit", get(pages::audit_page))
        .route("/api/v1/audit", get(api::list))
        .route("/api/v1/audit/checkpoints", get(api::checkpoints))
}
