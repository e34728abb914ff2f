//! The signed-in user's own page: verification, roles, API tokens, password, notifications.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_kernel::secret::token_hash;
use opengov_kernel::{LocalizedText, Role, db_run};
use opengov_web::form::{FieldErrors, FieldView, Form};
use opengov_web::{AppError, AppResult, AppState, CurrentUser, PageCtx};
use serde::Deserialize;

use super::Errors;
use crate::store::{self, NotificationRecord, TokenRecord};
use crate::{mail, password};

/// A role with the body it is held in, for display.
pub struct RoleView {
    pub role: String,
    pub body: Option<(String, String)>,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    role: String,
    slug: Option<String>,
    name_kk: Option<String>,
    name_ru: Option<String>,
    name_en: Option<String>,
}

/// The user's roles with body names in the page's language.
pub async fn role_views(state: &AppState, ctx: &PageCtx, user_id: i64) -> AppResult<Vec<RoleView>> {
    let rows: Vec<RoleRow> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT r.role, b.slug, b.name_kk, b.name_ru, b.name_en FROM user_roles r \
         LEFT JOIN bodies b ON b.id = r.body_id WHERE r.user_id = $1 ORDER BY r.role, b.slug"
    )
    .bind(user_id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| RoleView {
            role: Role::from_code(&r.role).map_or(r.role.clone(), |role| ctx.t(role.label_key())),
            body: r.slug.map(|slug| {
                let name = LocalizedText::new(
                    r.name_kk.unwrap_or_default(),
                    r.name_ru.unwrap_or_default(),
                    r.name_en.unwrap_or_default(),
                );
                (format!("/bodies/{slug}"), ctx.text(&name).to_owned())
            }),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    ctx: &'a PageCtx,
    user: &'a CurrentUser,
    roles: Vec<RoleView>,
    tokens: Vec<TokenRecord>,
    notifications: Vec<NotificationRecord>,
    password_fields: Vec<FieldView>,
    token_field: FieldView,
    errors: Vec<(&'static str, String)>,
    new_token: Option<String>,
    oidc: Option<String>,
}

async fn render(
    state: &AppState,
    ctx: &PageCtx,
    errors: &Errors,
    token_name: &str,
    new_token: Option<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let page = AccountPage {
        ctx,
        user,
        roles: role_views(state, ctx, user.id).await?,
        tokens: store::tokens_of(&state.db, user.id).await?,
        notifications: store::notifications_of(&state.db, user.id).await?,
        password_fields: [
            vec![
                FieldView::new(
                    "current_password",
                    ctx.t("account-current-password"),
                    "password",
                )
                .autocomplete("current-password")
                .required()
                .error_from(errors),
            ],
            super::new_password_fields(ctx, state, "account-new-password", errors),
        ]
        .concat(),
        token_field: FieldView::new("name", ctx.t("account-token-name"), "text")
            .value(token_name)
            .hint(ctx.t("account-token-name-hint"))
            .required()
            .error_from(errors),
        errors: errors.iter().map(|(k, v)| (*k, v.clone())).collect(),
        new_token,
        oidc: state.config.oidc.as_ref().map(|o| {
            if o.display_name.is_empty() {
                o.issuer.clone()
            } else {
                o.display_name.clone()
            }
        }),
    };
    ctx.render_form(&page, !errors.is_empty())
}

pub async fn page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    render(&state, &ctx, &Errors::new(), "", None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub password: String,
    pub password_confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let Some(record) = store::find_by_id(&state.db, user.id).await? else {
        return Err(AppError::SignInRequired);
    };
    let mut errors = FieldErrors::new();
    if !password::verify(&record.password_hash, &form.current_password).await {
        errors.add("current_password", "account-current-password-wrong");
    }
    super::check_new_password(
        &state,
        &mut errors,
        &form.password,
        &form.password_confirm,
        &user.email,
        &user.display_name,
    );
    if !errors.is_empty() {
        return render(&state, &ctx, &errors.translate(&ctx), "", None).await;
    }
    let now = state.now();
    let hash = password::hash(&state.config.accounts, &form.password)
        .await
        .map_err(AppError::Internal)?;
    let keep =
        opengov_web::ctx::cookie(&headers, opengov_web::auth::SESSION_COOKIE).map(token_hash);
    let mut tx = state.db.begin().await?;
    store::set_password(&mut tx, user.id, &hash).await?;
    store::end_sessions(&mut tx, user.id, keep.as_deref()).await?;
    let email = mail::password_changed(&state, ctx.lang, user.id, &user.email, &user.display_name);
    mail::queue(&mut tx, &state, &email).await?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user.id),
        Event::new("account.password_change", "user", user.id),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account?done=notice-password-changed").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
}

/// Creates an API token and shows it once, on the account page.
pub async fn create_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let name = form.name.trim();
    let count = store::tokens_of(&state.db, user.id)
        .await?
        .iter()
        .filter(|t| t.revoked_at.is_none())
        .count();
    let mut errors = FieldErrors::new();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        errors.add("name", "account-token-name-invalid");
    } else if count >= 20 {
        errors.add("name", "account-token-too-many");
    }
    if !errors.is_empty() {
        return render(&state, &ctx, &errors.translate(&ctx), &form.name, None).await;
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let (id, token) = store::create_token(&mut tx, now, user.id, name).await?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user.id),
        Event::new("token.create", "api_token", id),
    )
    .await?;
    tx.commit().await?;
    render(&state, &ctx, &Errors::new(), "", Some(token)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    if !store::revoke_token(&mut tx, now, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::account(user.id),
        Event::new("token.revoke", "api_token", id),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account?done=notice-token-revoked").into_response())
}
