#![doc = include_str!("../README.md")]

pub mod api;
pub mod csv;
pub mod demo;
pub mod directory;
pub mod kinds;
pub mod pages;
pub mod roles;
pub mod store;
pub mod tree;
pub mod validate;

pub use kinds::BodyKind;
pub use roles::{RoleError, grant, revoke};
pub use store::{Body, BodyInput, Official};

use axum::Router;
use axum::routing::get;
use opengov_web::AppState;

/// The public pages and API of bodies, and the administrators' pages:
///
/// - `GET /bodies`, `GET /bodies/{slug}`, `GET /bodies.csv`
/// - `GET /api/v1/bodies`, `GET /api/v1/bodies/{id_or_slug}`
/// - `GET /admin/bodies`, `GET|POST /admin/bodies/new`, `GET|POST /admin/bodies/{id}/edit`,
///   `GET|POST /admin/bodies/{id}/officials`, `POST /admin/bodies/{id}/officials/revoke`
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bodies", get(pages::list::list_page))
        .route("/bodies.csv", get(api::csv))
        .route("/bodies/{slug}", get(pages::show::show_page))
        .route("/api/v1/bodies", get(api::list))
        .route("/api/v1/bodies/{id_or_slug}", get(api::one))
        .route("/admin/bodies", get(pages::admin::admin_list))
        .route(
            "/admin/bodies/new",
            get(pages::admin::new_form).post(pages::admin::create),
        )
        .route(
            "/admin/bodies/{id}/edit",
            get(pages::admin::edit_form).post(pages::admin::update),
        )
        .route(
            "/admin/bodies/{id}/officials",
            get(pages::officials::officials_page).post(pages::officials::grant),
        )
        .route(
            "/admin/bodies/{id}/officials/revoke",
            axum::routing::post(pages::officials::revoke),
        )
}
