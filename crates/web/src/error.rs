//! One error type for every handler, rendered for whoever asked.
//!
//! Policy:
//! - Handlers return `AppResult<T>`. Bad input is a 4xx whose message (a catalogue key with
//!   arguments) says what to fix; it is shown in the user's language.
//! - `AppError::into_response` only records *what* went wrong (an [`ErrorInfo`] extension on an
//!   empty response). The [`render_errors`] middleware, which knows the request, renders it as
//!   an HTML page for people or as `{"error": {"code", "message"}}` for the native API. It also
//!   renders the plain-text errors produced by axum and tower themselves (404 fallback, 405,
//!   413 from the body limit, extractor rejections), so no error ever reaches a user as bare
//!   text. Responses that already carry a JSON or XML body (CKAN and Open311 keep their own
//!   error shapes) are left alone.
//! - A 500 means a bug or an outage, never bad input; its cause is logged with the request id
//!   and the user sees a page without internals.

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use opengov_kernel::DbError;

use crate::ctx::PageCtx;
use crate::state::AppState;

pub type AppResult<T> = Result<T, AppError>;

/// A message from the catalogue with its arguments.
#[derive(Debug, Clone)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    #[must_use]
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    #[must_use]
    #[allow(
        clippy::needless_pass_by_value,
        reason = "callers pass numbers and strings alike"
    )]
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

impl From<&'static str> for Msg {
    fn from(key: &'static str) -> Self {
        Self::new(key)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    #[error("sign-in required")]
    SignInRequired,
    #[error("forbidden: {0:?}")]
    Forbidden(Msg),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unprocessable: {0:?}")]
    Unprocessable(Msg),
    #[error("too many requests; retry after {retry_after_secs}s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    #[must_use]
    pub fn bad_request(key: &'static str) -> Self {
        Self::BadRequest(Msg::new(key))
    }
    #[must_use]
    pub fn forbidden() -> Self {
        Self::Forbidden(Msg::new("error-403"))
    }
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::SignInRequired => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> Msg {
        match self {
            Self::BadRequest(m)
            | Self::Forbidden(m)
            | Self::Conflict(m)
            | Self::Unprocessable(m) => m.clone(),
            Self::SignInRequired => Msg::new("error-401"),
            Self::NotFound => Msg::new("error-404"),
            Self::PayloadTooLarge => Msg::new("error-413"),
            Self::TooManyRequests { .. } => Msg::new("error-429"),
            Self::Internal(_) => Msg::new("error-500"),
        }
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::RowNotFound => Self::NotFound,
            DbError::PoolTimedOut => Self::Internal("database pool timed out".into()),
            other => Self::Internal(format!("database: {other}")),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        Self::Internal(format!("template: {err}"))
    }
}

/// The JSON error body of the native API, for the OpenAPI document.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

/// One error: a stable machine code and a message in the language of the request.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    /// Such as `not_found`, `bad_request`, `unauthorized`, `too_many_requests`.
    pub code: String,
    pub message: String,
}

/// What went wrong, attached to an error response for [`render_errors`].
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub msg: Msg,
    pub retry_after_secs: Option<u64>,
    pub sign_in: bool,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Self::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let info = ErrorInfo {
            code: code_for(status),
            msg: self.message(),
            retry_after_secs: match self {
                Self::TooManyRequests { retry_after_secs } => Some(retry_after_secs),
                _ => None,
            },
            sign_in: matches!(self, Self::SignInRequired),
        };
        let mut response = (status, Body::empty()).into_response();
        response.extensions_mut().insert(info);
        response
    }
}

/// The stable machine code of a status, used in JSON errors.
#[must_use]
pub fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        s if s >= 500 => "internal_error",
        _ => "error",
    }
}

fn default_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-400",
        401 => "error-401",
        403 => "error-403",
        404 => "error-404",
        405 => "error-405",
        409 => "error-409",
        413 => "error-413",
        415 => "error-415",
        422 => "error-422",
        429 => "error-429",
        _ => "error-500",
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a PageCtx,
    status: u16,
    title: String,
    message: String,
}

/// Renders every error response (see the module documentation).
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = crate::is_api_path(req.uri().path());
    let seed = PageCtx::seed(&req);
    let response = next.run(req).await;
    let status = response.status();
    if status.as_u16() < 400 {
        return response;
    }
    let ctx = seed.into_ctx(&state);
    let info = response.extensions().get::<ErrorInfo>().cloned();
    let info = if let Some(info) = info {
        info
    } else {
        {
            let plain = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|ct| ct.starts_with("text/plain"));
            if !plain {
                return response;
            }
            ErrorInfo {
                code: code_for(status),
                msg: Msg::new(default_key(status)),
                retry_after_secs: None,
                sign_in: false,
            }
        }
    };
    let message = {
        let args: Vec<(&str, &str)> = info
            .msg
            .args
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        state.catalog.t_args(ctx.lang, info.msg.key, &args)
    };
    let mut out = if is_api {
        let body = serde_json::json!({"error": {"code": info.code, "message": message}});
        (status, axum::Json(body)).into_response()
    } else if info.sign_in {
        let next = ctx.current_url();
        let target = format!("/account/signin?next={}", urlencode(&next));
        return Redirect::to(&target).into_response();
    } else {
        let page = ErrorPage {
            ctx: &ctx,
            status: status.as_u16(),
            title: state
                .catalog
                .t(ctx.lang, &format!("{}-title", default_key(status))),
            message,
        };
        match page.render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(err) => {
                tracing::error!(%err, "error page failed to render");
                (status, "error").into_response()
            }
        }
    };
    if let Some(secs) = info.retry_after_secs
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    // Keep headers such as Allow (405) that the original response carried.
    if let Some(allow) = response.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// Percent-encodes a query value.
#[must_use]
pub fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
