//! Identity verification through an OpenID Connect provider (authorization code flow with
//! PKCE, state and nonce). The provider's discovery document gives the endpoints and keys; the
//! ID token's signature (`RS256`, `ES256` or `EdDSA`, from the provider's JWK set), issuer, audience,
//! expiry and nonce are all checked before the account is marked verified. One provider
//! identity (issuer and subject) verifies at most one account.

use std::time::Duration;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration as ChronoDuration;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};
use opengov_audit::{Actor, Event};
use opengov_kernel::config::OidcConfig;
use opengov_kernel::secret::{random_token, token_hash};
use opengov_kernel::{Ts, db_run, tx_run};
use opengov_web::error::Msg;
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::pages::MessagePage;

/// How long a started verification may take.
const STATE_MINUTES: i64 = 10;

#[derive(Debug, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    id_token: String,
}

#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    nonce: Option<String>,
}

fn client() -> Result<reqwest::Client, AppError> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(AppError::internal)
}

fn provider_failed(detail: impl std::fmt::Display) -> AppError {
    tracing::warn!(%detail, "identity provider");
    AppError::BadRequest(Msg::new("account-verify-provider-failed"))
}

/// GETs a JSON document from the provider; any failure is the provider's.
async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> AppResult<T> {
    client()?
        .get(url)
        .send()
        .await
        .map_err(provider_failed)?
        .error_for_status()
        .map_err(provider_failed)?
        .json()
        .await
        .map_err(provider_failed)
}

async fn discover(oidc: &OidcConfig) -> AppResult<Discovery> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        oidc.issuer.trim_end_matches('/')
    );
    let doc: Discovery = get_json(&url).await?;
    if doc.issuer.trim_end_matches('/') != oidc.issuer.trim_end_matches('/') {
        return Err(provider_failed(format!(
            "discovery names issuer {:?}",
            doc.issuer
        )));
    }
    Ok(doc)
}

fn redirect_uri(state: &AppState) -> String {
    format!(
        "{}/account/verify/callback",
        state.config.public_url.trim_end_matches('/')
    )
}

fn config(state: &AppState) -> AppResult<&OidcConfig> {
    state.config.oidc.as_ref().ok_or(AppError::NotFound)
}

/// `POST /account/verify`: starts a verification and sends the browser to the provider.
pub async fn start(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let oidc = config(&state)?;
    let doc = discover(oidc).await?;
    let now = state.now();
    let flow_state = random_token("");
    let nonce = random_token("");
    let verifier = random_token("");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let cutoff = Ts(now.0 - ChronoDuration::minutes(STATE_MINUTES));
    let mut tx = state.db.begin().await?;
    tx_run!(&mut tx, |c| {
        sqlx::query("DELETE FROM oidc_states WHERE created_at < $1 OR user_id = $2")
            .bind(cutoff)
            .bind(user.id)
            .execute(&mut *c)
            .await?;
        sqlx::query(
            "INSERT INTO oidc_states (state_hash, user_id, nonce, verifier, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&flow_state))
        .bind(user.id)
        .bind(&nonce)
        .bind(&verifier)
        .bind(now)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    let mut target = url::Url::parse(&doc.authorization_endpoint).map_err(provider_failed)?;
    target
        .query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &oidc.client_id)
        .append_pair("redirect_uri", &redirect_uri(&state))
        .append_pair("scope", "openid")
        .append_pair("state", &flow_state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("ui_locales", ctx.lang.code());
    Ok(Redirect::to(target.as_str()).into_response())
}

/// Checks an ID token against the provider's keys, the client and the nonce; returns `sub`.
async fn check_id_token(
    oidc: &OidcConfig,
    doc: &Discovery,
    id_token: &str,
    nonce: &str,
) -> AppResult<String> {
    let header = decode_header(id_token).map_err(provider_failed)?;
    let jwks: JwkSet = get_json(&doc.jwks_uri).await?;
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None => jwks.keys.first(),
    }
    .ok_or_else(|| provider_failed("no matching key in the provider's JWK set"))?;
    let key = DecodingKey::from_jwk(jwk).map_err(provider_failed)?;
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[oidc.client_id.as_str()]);
    validation.set_issuer(&[doc.issuer.as_str()]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let claims = decode::<Claims>(id_token, &key, &validation)
        .map_err(provider_failed)?
        .claims;
    if claims.nonce.as_deref() != Some(nonce) {
        return Err(provider_failed("nonce mismatch"));
    }
    Ok(claims.sub)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CallbackQuery {
    pub code: String,
    pub state: String,
    pub error: String,
}

/// `GET /account/verify/callback`: the provider sends the browser back here.
pub async fn callback(
    State(state): State<AppState>,
    ctx: PageCtx,
    opengov_web::form::Query(q): opengov_web::form::Query<CallbackQuery>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let oidc = config(&state)?;
    if !q.error.is_empty() {
        return Err(AppError::BadRequest(Msg::new("account-verify-cancelled")));
    }
    let now = state.now();
    let cutoff = Ts(now.0 - ChronoDuration::minutes(STATE_MINUTES));
    let pending: Option<(String, String)> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "DELETE FROM oidc_states WHERE state_hash = $1 AND user_id = $2 AND created_at > $3 RETURNING nonce, verifier"
    )
    .bind(token_hash(&q.state))
    .bind(user.id)
    .bind(cutoff)
    .fetch_optional(c)
    .await
    })?;
    let Some((nonce, verifier)) = pending else {
        return Err(AppError::BadRequest(Msg::new("account-verify-expired")));
    };
    if q.code.is_empty() || q.code.len() > 2048 {
        return Err(AppError::BadRequest(Msg::new("account-verify-expired")));
    }
    let doc = discover(oidc).await?;
    let redirect = redirect_uri(&state);
    let tokens: TokenResponse = client()?
        .post(&doc.token_endpoint)
        .basic_auth(&oidc.client_id, Some(oidc.client_secret.expose()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", q.code.as_str()),
            ("redirect_uri", redirect.as_str()),
            ("client_id", oidc.client_id.as_str()),
            ("code_verifier", verifier.as_str()),
        ])
        .send()
        .await
        .map_err(provider_failed)?
        .error_for_status()
        .map_err(provider_failed)?
        .json()
        .await
        .map_err(provider_failed)?;
    let subject = check_id_token(oidc, &doc, &tokens.id_token, &nonce).await?;
    let mut tx = state.db.begin().await?;
    let taken: Option<i64> = tx_run!(&mut tx, |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE identity_issuer = $1 AND identity_subject = $2 AND id <> $3"
    )
    .bind(&doc.issuer)
    .bind(&subject)
    .bind(user.id)
    .fetch_optional(&mut *c)
    .await)?;
    if taken.is_some() {
        return Err(AppError::Conflict(Msg::new("account-verify-taken")));
    }
    tx_run!(&mut tx, |c| {
        sqlx::query(
        "UPDATE users SET identity_verified_at = $1, identity_issuer = $2, identity_subject = $3 WHERE id = $4"
    )
    .bind(now)
    .bind(&doc.issuer)
    .bind(&subject)
    .bind(user.id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user.id),
        Event::new("account.identity_verified", "user", user.id)
            .data(serde_json::json!({ "issuer": doc.issuer })),
    )
    .await?;
    tx.commit().await?;
    ctx.render(&MessagePage {
        ctx: &ctx,
        title: ctx.t("account-verified-title"),
        message: ctx.t("account-verified"),
        links: vec![("/account".to_owned(), ctx.t("account-go-profile"))],
        action: None,
    })
}
