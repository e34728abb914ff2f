//! Password reset by email.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_web::auth::ClientIp;
use opengov_web::form::{FieldErrors, FieldView, Form};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::Deserialize;

use super::{Errors, MessagePage};
use crate::{mail, password, ratelimit, store, validate};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub email: String,
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage<'a> {
    ctx: &'a PageCtx,
    title: String,
    lead: String,
    action: &'static str,
    button: String,
    fields: Vec<FieldView>,
    hidden: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
}

fn request_page(ctx: &PageCtx, email: &str, errors: &Errors) -> AppResult<Response> {
    let page = ResetPage {
        ctx,
        title: ctx.t("account-reset-title"),
        lead: ctx.t("account-reset-lead"),
        action: "/account/reset",
        button: ctx.t("account-reset-button"),
        fields: vec![
            FieldView::new("email", ctx.t("account-email"), "email")
                .value(email)
                .autocomplete("email")
                .required()
                .error_from(errors),
        ],
        hidden: Vec::new(),
        errors: errors.iter().map(|(k, v)| (*k, v.clone())).collect(),
    };
    ctx.render_form(&page, !errors.is_empty())
}

pub async fn request_form(ctx: PageCtx) -> AppResult<Response> {
    request_page(&ctx, "", &Errors::new())
}

pub async fn request(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    Form(form): Form<RequestForm>,
) -> AppResult<Response> {
    if !validate::is_email(&form.email) {
        let mut errors = FieldErrors::new();
        errors.add("email", "account-email-invalid");
        return request_page(&ctx, &form.email, &errors.translate(&ctx));
    }
    let now = state.now();
    ratelimit::enforce(
        &state.db,
        now,
        "reset-ip",
        &ip,
        3600,
        state.config.limits.signup_per_ip_per_hour,
    )
    .await?;
    if let Some(user) = store::find_by_email(&state.db, &validate::email_key(&form.email)).await?
        && user.disabled_at.is_none()
    {
        let mut tx = state.db.begin().await?;
        let token = store::create_email_token(
            &mut tx,
            now,
            user.id,
            "reset",
            state.config.accounts.reset_hours,
        )
        .await?;
        let email = mail::reset(
            &state,
            ctx.lang,
            user.id,
            &user.email,
            &user.display_name,
            &token,
        );
        mail::queue(&mut tx, &state, &email).await?;
        opengov_audit::append(
            &mut tx,
            now,
            &Actor::account(user.id),
            Event::new("account.reset_requested", "user", user.id),
        )
        .await?;
        tx.commit().await?;
    }

    // The same answer whether or not the address has an account.
    ctx.render(&MessagePage {
        ctx: &ctx,
        title: ctx.t("account-check-email-title"),
        message: ctx.t_args("account-reset-sent", &[("email", form.email.trim())]),
        links: vec![("/account/signin".to_owned(), ctx.t("nav-signin"))],
        action: None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    pub token: String,
    pub password: String,
    pub password_confirm: String,
}

fn new_password_page(
    ctx: &PageCtx,
    state: &AppState,
    token: &str,
    errors: &Errors,
) -> AppResult<Response> {
    let page = ResetPage {
        ctx,
        title: ctx.t("account-new-password-title"),
        lead: ctx.t("account-new-password-lead"),
        action: "/account/reset/confirm",
        button: ctx.t("account-new-password-button"),
        fields: super::new_password_fields(ctx, state, "account-new-password", errors),
        hidden: vec![("token", token.to_owned())],
        errors: errors.iter().map(|(k, v)| (*k, v.clone())).collect(),
    };
    ctx.render_form(&page, !errors.is_empty())
}

pub async fn new_password_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let token = ctx.query("token").unwrap_or_default().to_owned();
    if token.len() > 128
        || store::peek_email_token(&state.db, state.now(), &token, "reset")
            .await?
            .is_none()
    {
        return Err(AppError::bad_request("account-link-invalid"));
    }
    new_password_page(&ctx, &state, &token, &Errors::new())
}

pub async fn set_new_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<NewPasswordForm>,
) -> AppResult<Response> {
    let now = state.now();
    let Some(user_id) = store::peek_email_token(&state.db, now, form.token.trim(), "reset").await?
    else {
        return Err(AppError::bad_request("account-link-invalid"));
    };
    let Some(user) = store::find_by_id(&state.db, user_id).await? else {
        return Err(AppError::bad_request("account-link-invalid"));
    };
    let mut errors = FieldErrors::new();
    super::check_new_password(
        &state,
        &mut errors,
        &form.password,
        &form.password_confirm,
        &user.email,
        &user.display_name,
    );
    if !errors.is_empty() {
        return new_password_page(&ctx, &state, &form.token, &errors.translate(&ctx));
    }
    let hash = password::hash(&state.config.accounts, &form.password)
        .await
        .map_err(AppError::Internal)?;
    let mut tx = state.db.begin().await?;
    if store::take_email_token(&mut tx, now, form.token.trim(), "reset").await? != Some(user_id) {
        return Err(AppError::bad_request("account-link-invalid"));
    }
    store::set_password(&mut tx, user_id, &hash).await?;
    store::end_sessions(&mut tx, user_id, None).await?;
    let email = mail::password_changed(&state, ctx.lang, user_id, &user.email, &user.display_name);
    mail::queue(&mut tx, &state, &email).await?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user_id),
        Event::new("account.password_reset", "user", user_id),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account/signin?done=notice-password-reset").into_response())
}
