#![doc = include_str!("../README.md")]

pub mod calendar;
pub mod obligation;
pub mod rules;
pub mod store;

pub use obligation::{DutyError, Extension, Facts, Obligation, Outcome, State};
pub use rules::{Kind, Rules};

use axum::Router;
use axum::routing::{get, post};
use opengov_web::AppState;

/// `/calendar`, `/api/v1/calendar` and the calendar administration.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(calendar::public_page))
        .route("/api/v1/calendar", get(calendar::api))
        .route("/admin/calendar", get(calendar::admin_page))
        .route("/admin/calendar/days", post(calendar::set_day))
        .route("/admin/calendar/days/remove", post(calendar::remove_day))
}
