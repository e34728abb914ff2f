//! CSRF protection for every form.
//!
//! Double-submit: `provide` makes sure the browser holds a random `og_csrf` cookie (`HttpOnly`,
//! `SameSite=Lax`) and hands the token to templates, which put it in a hidden `_csrf` field.
//! `verify` refuses any unsafe request to a page route whose `_csrf` field (or `X-CSRF-Token`
//! header, or `_csrf` query parameter for multipart uploads) does not match the cookie, and any
//! request whose `Origin` names another site. Machine APIs are exempt: they never authenticate
//! with the cookie (see `auth`).

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use opengov_kernel::secret::{constant_time_eq, random_token};

use crate::error::{AppError, Msg};
use crate::state::AppState;

pub const CSRF_COOKIE: &str = "og_csrf";
pub const CSRF_FIELD: &str = "_csrf";

/// The request's CSRF token, for templates.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Ensures a CSRF cookie exists and exposes its token.
pub async fn provide(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if crate::is_api_path(req.uri().path()) {
        return next.run(req).await;
    }
    let existing = crate::ctx::cookie(req.headers(), CSRF_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned);
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (random_token(""), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    if fresh {
        let secure = if state.config.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"
        )) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// Refuses cross-site and token-less unsafe requests to page routes.
pub async fn verify(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method().is_safe() || crate::is_api_path(req.uri().path()) {
        return next.run(req).await;
    }
    let refused = || AppError::Forbidden(Msg::new("error-csrf")).into_response();
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split_once("://").map_or("", |(_, h)| h);
        let public_host = state
            .config
            .public_url
            .split_once("://")
            .map_or("", |(_, h)| h);
        let public_host = public_host.trim_end_matches('/');
        if origin != "null" && origin_host != host && origin_host != public_host {
            return refused();
        }
    }
    let Some(expected) = crate::ctx::cookie(req.headers(), CSRF_COOKIE).map(str::to_owned) else {
        return refused();
    };
    let header_token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| crate::ctx::query_param(req.uri(), CSRF_FIELD));
    if let Some(token) = header_token {
        return if constant_time_eq(&token, &expected) {
            next.run(req).await
        } else {
            refused()
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refused();
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, state.config.limits.body_bytes).await else {
        return AppError::PayloadTooLarge.into_response();
    };
    let token = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    match token {
        Some(t) if constant_time_eq(&t, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refused(),
    }
}
