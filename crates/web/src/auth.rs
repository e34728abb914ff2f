//! Who is asking: a session cookie for pages, an API token for machine APIs.
//!
//! The `load_user` middleware resolves the caller once per request and leaves an
//! [`Authenticated`] in the request extensions; extractors and `PageCtx` read it from there.
//! Pages use the `og_session` cookie (`HttpOnly`, `SameSite=Lax`, `Secure` behind https). APIs accept
//! a token as `Authorization: <token>`, `Authorization: Bearer <token>` or `X-CKAN-API-Key`;
//! an unknown or revoked token makes the caller anonymous, as CKAN clients expect. API write
//! requests never authenticate with the cookie, so they need no CSRF token.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Duration;
use opengov_kernel::secret::{random_token, token_hash};
use opengov_kernel::{Role, Ts, db_run};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "og_session";

/// A signed-in account with its roles.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub email_confirmed: bool,
    pub identity_verified: bool,
    /// Roles; per-body roles carry the body id.
    pub roles: Vec<(Role, Option<i64>)>,
    /// How the caller authenticated: `session` or `token`.
    pub via: &'static str,
}

impl CurrentUser {
    /// A platform-wide role (moderator, administrator).
    #[must_use]
    pub fn has_global(&self, role: Role) -> bool {
        self.roles.iter().any(|(r, b)| *r == role && b.is_none())
    }

    /// A role in one body.
    #[must_use]
    pub fn has_in_body(&self, role: Role, body_id: i64) -> bool {
        self.roles
            .iter()
            .any(|(r, b)| *r == role && *b == Some(body_id))
    }

    /// The bodies in which the user holds `role`.
    #[must_use]
    pub fn bodies_with(&self, role: Role) -> Vec<i64> {
        self.roles
            .iter()
            .filter(|(r, _)| *r == role)
            .filter_map(|(_, b)| *b)
            .collect()
    }
}

/// The caller of this request, resolved once by [`load_user`].
#[derive(Debug, Clone, Default)]
pub struct Authenticated(pub Option<CurrentUser>);

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    email_confirmed_at: Option<Ts>,
    identity_verified_at: Option<Ts>,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    role: String,
    body_id: Option<i64>,
}

/// Loads a user with roles by id (active accounts only).
pub async fn load_user_by_id(
    state: &AppState,
    id: i64,
    via: &'static str,
) -> AppResult<Option<CurrentUser>> {
    let row: Option<UserRow> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT id, email, display_name, email_confirmed_at, identity_verified_at \
         FROM users WHERE id = $1 AND disabled_at IS NULL"
    )
    .bind(id)
    .fetch_optional(c)
    .await)?;
    let Some(row) = row else { return Ok(None) };
    finish_user(state, row, via).await.map(Some)
}

async fn finish_user(state: &AppState, row: UserRow, via: &'static str) -> AppResult<CurrentUser> {
    let roles: Vec<RoleRow> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT role, body_id FROM user_roles WHERE user_id = $1 ORDER BY role, body_id"
    )
    .bind(row.id)
    .fetch_all(c)
    .await)?;
    Ok(CurrentUser {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        email_confirmed: row.email_confirmed_at.is_some(),
        identity_verified: row.identity_verified_at.is_some(),
        roles: roles
            .into_iter()
            .filter_map(|r| Role::from_code(&r.role).map(|role| (role, r.body_id)))
            .collect(),
        via,
    })
}

async fn user_from_session(state: &AppState, token: &str) -> AppResult<Option<CurrentUser>> {
    let row: Option<UserRow> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.email_confirmed_at, u.identity_verified_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL"
    )
    .bind(token_hash(token))
    .bind(state.now())
    .fetch_optional(c)
    .await)?;
    match row {
        Some(row) => finish_user(state, row, "session").await.map(Some),
        None => Ok(None),
    }
}

/// The API token in the request, from any of the accepted headers.
#[must_use]
pub fn api_token(headers: &HeaderMap) -> Option<&str> {
    let from_auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .map(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .unwrap_or(v)
                .trim()
        });
    from_auth
        .or_else(|| {
            headers
                .get("x-ckan-api-key")
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        })
        .filter(|t| !t.is_empty() && t.len() <= 200)
}

async fn user_from_token(state: &AppState, token: &str) -> AppResult<Option<CurrentUser>> {
    #[derive(sqlx::FromRow)]
    struct TokenRow {
        token_id: i64,
        id: i64,
        email: String,
        display_name: String,
        email_confirmed_at: Option<Ts>,
        identity_verified_at: Option<Ts>,
    }
    let now = state.now();
    let row: Option<TokenRow> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT t.id AS token_id, u.id, u.email, u.display_name, u.email_confirmed_at, \
                u.identity_verified_at \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL"
    )
    .bind(token_hash(token))
    .fetch_optional(c)
    .await)?;
    let Some(row) = row else { return Ok(None) };
    // Record use at most once an hour, so reads stay reads.
    let hour_ago = Ts(now.0 - Duration::hours(1));
    db_run!(&state.db, |c| sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 \
         WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)"
    )
    .bind(now)
    .bind(row.token_id)
    .bind(hour_ago)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    let user = UserRow {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        email_confirmed_at: row.email_confirmed_at,
        identity_verified_at: row.identity_verified_at,
    };
    finish_user(state, user, "token").await.map(Some)
}

/// The account of a raw API token (one sent in a form field, as Open311's `api_key`): `None`
/// when the token is empty, too long, unknown or revoked, or its account is disabled.
pub async fn user_for_token(state: &AppState, token: &str) -> AppResult<Option<CurrentUser>> {
    let token = token.trim();
    if token.is_empty() || token.len() > 200 {
        return Ok(None);
    }
    user_from_token(state, token).await
}

/// Resolves the caller (see the module documentation).
pub async fn load_user(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let api = crate::is_api_path(req.uri().path());
    let resolved = if api {
        match api_token(req.headers()) {
            Some(token) => user_from_token(&state, token).await,
            None => match crate::ctx::cookie(req.headers(), SESSION_COOKIE) {
                // Reads on the API may use the browser session; writes need a token.
                Some(session) if req.method().is_safe() => user_from_session(&state, session).await,
                _ => Ok(None),
            },
        }
    } else {
        match crate::ctx::cookie(req.headers(), SESSION_COOKIE) {
            Some(session) => user_from_session(&state, session).await,
            None => Ok(None),
        }
    };
    match resolved {
        Ok(user) => {
            req.extensions_mut().insert(Authenticated(user));
            next.run(req).await
        }
        Err(err) => axum::response::IntoResponse::into_response(err),
    }
}

/// Starts a session for `user_id`; returns the `Set-Cookie` value.
pub async fn start_session(state: &AppState, user_id: i64) -> AppResult<HeaderValue> {
    let token = random_token("");
    let now = state.now();
    let expires = Ts(now.0 + Duration::days(state.config.accounts.session_days));
    db_run!(&state.db, |c| sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $3)"
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .bind(expires)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    session_cookie(state, &token, state.config.accounts.session_days * 86_400)
}

/// Ends the session named by the request's cookie; returns the clearing `Set-Cookie` value.
pub async fn end_session(state: &AppState, headers: &HeaderMap) -> AppResult<HeaderValue> {
    if let Some(token) = crate::ctx::cookie(headers, SESSION_COOKIE) {
        db_run!(&state.db, |c| sqlx::query(
            "DELETE FROM sessions WHERE token_hash = $1"
        )
        .bind(token_hash(token))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    session_cookie(state, "", 0)
}

fn session_cookie(state: &AppState, token: &str, max_age: i64) -> AppResult<HeaderValue> {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .map_err(AppError::internal)
}

/// The authenticated caller of an API request; rejects anonymous callers with 401.
#[derive(Debug, Clone)]
pub struct ApiCaller(pub CurrentUser);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authenticated>()
            .and_then(|a| a.0.clone())
            .map(Self)
            .ok_or(AppError::SignInRequired)
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` entry when the
/// configuration says a trusted proxy sets it.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_forwarded_for
            && let Some(first) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        {
            return Ok(Self(first.chars().take(64).collect()));
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(Self(peer))
    }
}
