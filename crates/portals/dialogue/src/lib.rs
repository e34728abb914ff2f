#![doc = include_str!("../README.md")]

pub mod access;
pub mod api;
pub mod demo;
pub mod domain;
pub mod open311;
pub mod pages;
pub mod stats;
pub mod store;
pub mod upload;
pub mod workflow;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use opengov_web::AppState;

/// The appeals' pages:
///
/// - `GET /appeals`, `GET|POST /appeals/new`, `GET /appeals/mine`
/// - `GET /appeals/{number}`, `GET /appeals/{number}/receipt`,
///   `GET /appeals/{number}/files/{id}`
/// - `POST /appeals/{number}/{assign|start|answer|redirect|extend|withdraw|rate|complain|note}`
/// - `GET /workspace/appeals`, `POST /workspace/appeals/assign`,
///   `GET|POST /workspace/templates`, `POST /workspace/templates/{id}/delete`
/// - Open311 GeoReport v2 under `/open311/v2/` (see [`open311`])
/// - `GET /appeals/stats`, `GET /appeals/stats/{body}`, `GET /appeals/stats.csv`,
///   `GET /api/v1/appeals/stats`
/// - `GET /appeals/public`, `GET /appeals/public/{number}`,
///   `POST /appeals/public/{number}/{flag|hide|show}`, `GET /moderation/appeals`
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/appeals", get(pages::home::home))
        .route(
            "/appeals/new",
            get(pages::file::new_page)
                .post(pages::file::submit)
                // Attachments stream to storage with their own limits (see `upload`).
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/appeals/mine", get(pages::mine::mine))
        .route("/appeals/{number}", get(pages::show::show))
        .route("/appeals/{number}/receipt", get(pages::show::receipt))
        .route("/appeals/{number}/files/{id}", get(pages::show::download))
        .route("/appeals/{number}/assign", post(pages::actions::assign))
        .route("/appeals/{number}/start", post(pages::actions::start))
        .route("/appeals/{number}/answer", post(pages::actions::answer))
        .route("/appeals/{number}/redirect", post(pages::actions::redirect))
        .route("/appeals/{number}/extend", post(pages::actions::extend))
        .route("/appeals/{number}/withdraw", post(pages::actions::withdraw))
        .route("/appeals/{number}/rate", post(pages::actions::rate))
        .route("/appeals/{number}/complain", post(pages::actions::complain))
        .route("/appeals/{number}/note", post(pages::actions::note))
        .route("/workspace/appeals", get(pages::workspace::queue))
        .route(
            "/workspace/appeals/assign",
            post(pages::workspace::bulk_assign),
        )
        .route(
            "/workspace/templates",
            get(pages::templates::list).post(pages::templates::create),
        )
        .route(
            "/workspace/templates/{id}/delete",
            post(pages::templates::delete),
        )
        .merge(open311::router())
        .route("/appeals/stats", get(pages::stats::overview))
        .route("/appeals/stats.csv", get(api::stats_csv))
        .route("/appeals/stats/{body}", get(pages::stats::body))
        .route("/api/v1/appeals/stats", get(api::stats_json))
        .route("/appeals/public", get(pages::public::list))
        .route("/appeals/public/feed.atom", get(pages::public::atom))
        .route("/appeals/public/{number}", get(pages::public::show))
        .route("/appeals/public/{number}/flag", post(pages::public::flag))
        .route(
            "/appeals/public/{number}/hide",
            post(pages::moderation::hide),
        )
        .route(
            "/appeals/public/{number}/show",
            post(pages::moderation::show),
        )
        .route("/moderation/appeals", get(pages::moderation::queue))
}
