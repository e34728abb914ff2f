//! Sign-in and sign-out.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_web::auth::ClientIp;
use opengov_web::form::{FieldView, Form};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::Deserialize;

use crate::{password, ratelimit, store, validate};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SigninForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SigninPage<'a> {
    ctx: &'a PageCtx,
    fields: Vec<FieldView>,
    next: String,
    failure: Option<String>,
}

fn render(ctx: &PageCtx, email: &str, next: &str, failure: Option<String>) -> AppResult<Response> {
    let fields = vec![
        FieldView::new("email", ctx.t("account-email"), "email")
            .value(email)
            .autocomplete("username")
            .required(),
        FieldView::new("password", ctx.t("account-password"), "password")
            .autocomplete("current-password")
            .required(),
    ];
    let failed = failure.is_some();
    ctx.render_form(
        &SigninPage {
            ctx,
            fields,
            next: next.to_owned(),
            failure,
        },
        failed,
    )
}

pub async fn form(ctx: PageCtx) -> AppResult<Response> {
    let next = ctx
        .query("next")
        .and_then(validate::safe_next)
        .unwrap_or("")
        .to_owned();
    if ctx.user.is_some() {
        return Ok(Redirect::to(if next.is_empty() { "/account" } else { &next }).into_response());
    }
    render(&ctx, "", &next, None)
}

/// A well-formed argon2id hash of a random password, verified when the account does not
/// exist so that a miss costs the same time as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Z0hCEPLqvN7QAdXSX1wv1hAe3/+Gb3I0DeoaZX0Mjk";

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    Form(form): Form<SigninForm>,
) -> AppResult<Response> {
    let now = state.now();
    let next = validate::safe_next(&form.next)
        .unwrap_or("/account")
        .to_owned();
    let key = validate::email_key(&form.email);
    let limits = &state.config.limits;
    let window = limits.signin_window_secs;
    for (bucket, k, max) in [
        ("signin-account", key.as_str(), limits.signin_per_account),
        ("signin-ip", ip.as_str(), limits.signin_per_ip),
    ] {
        if let Err(retry) = ratelimit::check(&state.db, now, bucket, k, window, max).await? {
            return Err(AppError::TooManyRequests {
                retry_after_secs: retry,
            });
        }
    }
    let user = if validate::is_email(&form.email) {
        store::find_by_email(&state.db, &key).await?
    } else {
        None
    };
    let stored = user
        .as_ref()
        .map_or(DUMMY_HASH, |u| u.password_hash.as_str());
    let matches = password::verify(stored, &form.password).await && user.is_some();
    let user = match user {
        Some(u) if matches && u.disabled_at.is_none() => u,
        other => {
            ratelimit::record(&state.db, now, "signin-account", &key).await?;
            ratelimit::record(&state.db, now, "signin-ip", &ip).await?;
            if let Some(u) = other {
                let mut tx = state.db.begin().await?;
                opengov_audit::append(
                    &mut tx,
                    now,
                    &Actor::account(u.id),
                    Event::new("account.signin_failed", "user", u.id),
                )
                .await?;
                tx.commit().await?;
            }
            let message = ctx.t("account-signin-failed");
            return render(&ctx, &form.email, &next, Some(message));
        }
    };
    ratelimit::clear(&state.db, "signin-account", &key).await?;
    let cookie = opengov_web::auth::start_session(&state, user.id).await?;
    let mut tx = state.db.begin().await?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user.id),
        Event::new("account.signin", "user", user.id),
    )
    .await?;
    tx.commit().await?;
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

pub async fn signout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let cookie = opengov_web::auth::end_session(&state, &headers).await?;
    let mut response = Redirect::to("/?done=notice-signed-out").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}
