//! Sign-up and email confirmation.

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
pub struct SignupForm {
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage<'a> {
    ctx: &'a PageCtx,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

fn render(
    ctx: &PageCtx,
    state: &AppState,
    form: &SignupForm,
    errors: &Errors,
) -> AppResult<Response> {
    let mut fields = vec![
        FieldView::new("display_name", ctx.t("account-display-name"), "text")
            .value(&form.display_name)
            .hint(ctx.t("account-display-name-hint"))
            .autocomplete("name")
            .required()
            .error_from(errors),
        FieldView::new("email", ctx.t("account-email"), "email")
            .value(&form.email)
            .autocomplete("email")
            .required()
            .error_from(errors),
    ];
    fields.extend(super::new_password_fields(
        ctx,
        state,
        "account-password",
        errors,
    ));
    let errors: Vec<(&'static str, String)> = errors.iter().map(|(k, v)| (*k, v.clone())).collect();
    let has_errors = !errors.is_empty();
    ctx.render_form(
        &SignupPage {
            ctx,
            fields,
            errors,
        },
        has_errors,
    )
}

pub async fn form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    render(&ctx, &state, &SignupForm::default(), &Errors::new())
}

/// Checks the fields; every problem is reported at once.
#[must_use]
pub fn validate(state: &AppState, form: &SignupForm) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if !validate::is_display_name(&form.display_name) {
        errors.add("display_name", "account-display-name-invalid");
    }
    if !validate::is_email(&form.email) {
        errors.add("email", "account-email-invalid");
    }
    super::check_new_password(
        state,
        &mut errors,
        &form.password,
        &form.password_confirm,
        &form.email,
        &form.display_name,
    );
    errors
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    Form(form): Form<SignupForm>,
) -> AppResult<Response> {
    let errors = validate(&state, &form);
    if !errors.is_empty() {
        return render(&ctx, &state, &form, &errors.translate(&ctx));
    }
    let now = state.now();
    let limits = &state.config.limits;
    ratelimit::enforce(
        &state.db,
        now,
        "signup-ip",
        &ip,
        3600,
        limits.signup_per_ip_per_hour,
    )
    .await?;
    // Hash before looking the address up, so both answers take the same time.
    let hash = password::hash(&state.config.accounts, &form.password)
        .await
        .map_err(AppError::Internal)?;
    let mut tx = state.db.begin().await?;
    match store::insert_user(&mut tx, now, &form.email, &form.display_name, &hash, false).await? {
        Some(user_id) => {
            mail::send_confirmation(
                &mut tx,
                &state,
                ctx.lang,
                user_id,
                form.email.trim(),
                form.display_name.trim(),
            )
            .await?;
            opengov_audit::append(
                &mut tx,
                now,
                &Actor::account(user_id),
                Event::new("account.create", "user", user_id),
            )
            .await?;
        }
        None => {
            if let Some(existing) =
                store::find_by_email(&state.db, &validate::email_key(&form.email)).await?
            {
                let email = mail::already_registered(
                    &state,
                    ctx.lang,
                    existing.id,
                    &existing.email,
                    &existing.display_name,
                );
                mail::queue(&mut tx, &state, &email).await?;
            }
        }
    }
    tx.commit().await?;
    ctx.render(&MessagePage {
        ctx: &ctx,
        title: ctx.t("account-check-email-title"),
        message: ctx.t_args("account-check-email", &[("email", form.email.trim())]),
        links: vec![("/".to_owned(), ctx.t("error-go-home"))],
        action: None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub token: String,
}

/// `GET /account/confirm?token=…`: a button, so that mail scanners opening links confirm nothing.
pub async fn confirm_form(ctx: PageCtx) -> AppResult<Response> {
    let token = ctx.query("token").unwrap_or_default().to_owned();
    if token.is_empty() || token.len() > 128 {
        return Err(AppError::bad_request("account-link-invalid"));
    }
    ctx.render(&MessagePage {
        ctx: &ctx,
        title: ctx.t("account-confirm-title"),
        message: ctx.t("account-confirm-lead"),
        links: Vec::new(),
        action: Some((
            "/account/confirm".to_owned(),
            ctx.t("account-confirm-button"),
            vec![("token".to_owned(), token)],
        )),
    })
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let Some(user_id) = store::take_email_token(&mut tx, now, form.token.trim(), "confirm").await?
    else {
        return Err(AppError::bad_request("account-link-invalid"));
    };
    opengov_kernel::tx_run!(&mut tx, |c| sqlx::query(
        "UPDATE users SET email_confirmed_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL"
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user_id),
        Event::new("account.confirm_email", "user", user_id),
    )
    .await?;
    tx.commit().await?;
    let next = if ctx.user.is_some() {
        "/account"
    } else {
        "/account/signin"
    };
    let label = if ctx.user.is_some() {
        ctx.t("account-go-profile")
    } else {
        ctx.t("nav-signin")
    };
    ctx.render(&MessagePage {
        ctx: &ctx,
        title: ctx.t("account-confirmed-title"),
        message: ctx.t("account-confirmed"),
        links: vec![(next.to_owned(), label)],
        action: None,
    })
}

/// Sends a new confirmation link to the signed-in user.
pub async fn resend(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let user = ctx.require_user()?;
    if user.email_confirmed {
        return Ok(Redirect::to("/account").into_response());
    }
    let now = state.now();
    ratelimit::enforce(&state.db, now, "resend", &user.id.to_string(), 3600, 5).await?;
    let mut tx = state.db.begin().await?;
    mail::send_confirmation(
        &mut tx,
        &state,
        ctx.lang,
        user.id,
        &user.email,
        &user.display_name,
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account?done=notice-confirmation-sent").into_response())
}
