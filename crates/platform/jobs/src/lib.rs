#![doc = include_str!("../README.md")]

pub mod pages;
pub mod queue;
pub mod worker;

pub use queue::{JobRow, enqueue};
pub use worker::{Handler, Registry, run_once, spawn_workers};

use axum::Router;
use axum::routing::{get, post};
use opengov_web::AppState;

/// `/admin/jobs` and the retry action.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/jobs", get(pages::jobs_page))
        .route("/admin/jobs/{id}/retry", post(pages::retry))
}
