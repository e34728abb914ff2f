#![doc = include_str!("../README.md")]

pub mod assets;
pub mod auth;
pub mod cache;
pub mod chart;
pub mod csrf;
pub mod ctx;
pub mod error;
pub mod feed;
pub mod form;
pub mod headers;
pub mod metrics;
pub mod ratelimit;
pub mod services;
pub mod state;
pub mod timeout;
pub mod upload;
pub mod xml;

pub use auth::{ApiCaller, CurrentUser};
pub use ctx::PageCtx;
pub use error::{AppError, AppResult, Msg};
pub use state::AppState;

/// Path prefixes served as machine APIs: JSON errors, token authentication, no CSRF form check.
pub const API_PREFIXES: [&str; 4] = ["/api/", "/open311/", "/datastore/", "/metrics"];

/// True when `path` belongs to a machine API.
#[must_use]
pub fn is_api_path(path: &str) -> bool {
    API_PREFIXES.iter().any(|p| path.starts_with(p))
}
