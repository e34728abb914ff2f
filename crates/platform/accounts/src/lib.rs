#![doc = include_str!("../README.md")]

pub mod api;
pub mod mail;
pub mod oidc;
pub mod pages;
pub mod password;
pub mod ratelimit;
pub mod store;
pub mod validate;

use axum::Router;
use axum::routing::{get, post};
use opengov_web::AppState;

/// The account and administration routes.
pub fn router() -> Router<AppState> {
    use pages::{admin, profile, reset, signin, signup};

    use crate::oidc;
    Router::new()
        .route("/account/signup", get(signup::form).post(signup::submit))
        .route(
            "/account/confirm",
            get(signup::confirm_form).post(signup::confirm),
        )
        .route("/account/confirm/resend", post(signup::resend))
        .route("/account/signin", get(signin::form).post(signin::submit))
        .route("/account/signout", post(signin::signout))
        .route(
            "/account/reset",
            get(reset::request_form).post(reset::request),
        )
        .route(
            "/account/reset/confirm",
            get(reset::new_password_form).post(reset::set_new_password),
        )
        .route("/account", get(profile::page))
        .route("/account/password", post(profile::change_password))
        .route("/account/tokens", post(profile::create_token))
        .route("/account/verify", post(oidc::start))
        .route("/account/verify/callback", get(oidc::callback))
        .route("/account/tokens/{id}/revoke", post(profile::revoke_token))
        .route("/admin", get(admin::dashboard))
        .route("/admin/users", get(admin::users))
        .route("/admin/users/{id}", get(admin::user_page))
        .route("/admin/users/{id}/roles", post(admin::grant_role))
        .route("/admin/users/{id}/roles/revoke", post(admin::revoke_role))
        .route("/admin/users/{id}/disable", post(admin::disable))
        .route("/admin/users/{id}/enable", post(admin::enable))
        .route("/api/v1/me", get(api::me))
}
