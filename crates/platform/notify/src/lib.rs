#![doc = include_str!("../README.md")]

pub mod outbox;
pub mod smtp;

pub use outbox::{Email, email, in_site};

use axum::Router;
use axum::routing::get;
use opengov_web::AppState;

/// `/admin/outbox` (administrators; demo mode or no SMTP configured).
pub fn router() -> Router<AppState> {
    Router::new().route("/admin/outbox", get(outbox::outbox_page))
}
