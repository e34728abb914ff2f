//! `GET/POST /admin/bodies/{id}/officials` and `POST /admin/bodies/{id}/officials/revoke`:
//! the officials of one body, granting a per-body role by e-mail address and revoking one.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_kernel::Role;
use opengov_web::form::{FieldErrors, Form};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::Deserialize;

use super::{SelectOption, SummaryItem, actor, body_href, load_body};
use crate::roles::{self, RoleError};
use crate::store::{self, Body};

/// The grant form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GrantForm {
    pub user_email: String,
    pub role: String,
}

/// The revoke form of one row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RevokeForm {
    pub user_id: String,
    pub role: String,
}

/// One role held in the body, with what the revoke form needs.
#[derive(Debug, Clone)]
pub struct RoleRow {
    pub user_id: i64,
    pub name: String,
    pub role_code: &'static str,
    pub role_label: String,
}

#[derive(Template)]
#[template(path = "admin_officials.html")]
struct OfficialsPage<'a> {
    ctx: &'a PageCtx,
    title: String,
    body_href: String,
    action: String,
    revoke_action: String,
    rows: Vec<RoleRow>,
    summary: Vec<SummaryItem>,
    email: String,
    email_error: Option<String>,
    role_error: Option<String>,
    roles: Vec<SelectOption>,
}

/// The roles held in a body (per-body roles only).
fn role_options(ctx: &PageCtx, selected: &str) -> Vec<SelectOption> {
    Role::ALL
        .into_iter()
        .filter(|r| r.is_per_body())
        .map(|r| SelectOption {
            value: r.code().to_owned(),
            label: ctx.t(r.label_key()),
            selected: r.code() == selected,
        })
        .collect()
}

async fn render(
    state: &AppState,
    ctx: &PageCtx,
    body: &Body,
    form: &GrantForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let officials = store::officials(&state.db, body.id).await?;
    let rows = officials
        .into_iter()
        .map(|o| RoleRow {
            user_id: o.user_id,
            name: o.display_name,
            role_code: o.role.code(),
            role_label: ctx.t(o.role.label_key()),
        })
        .collect();
    let messages = errors.translate(ctx);
    let email_error = messages.get("user_email").cloned();
    let role_error = messages.get("role").cloned();
    let mut summary = Vec::new();
    if let Some(e) = &email_error {
        summary.push(SummaryItem {
            anchor: "#f-user_email".into(),
            text: format!("{}: {e}", ctx.t("admin-bodies-grant-email")),
        });
    }
    if let Some(e) = &role_error {
        summary.push(SummaryItem {
            anchor: "#f-role".into(),
            text: format!("{}: {e}", ctx.t("admin-bodies-grant-role")),
        });
    }
    let page = OfficialsPage {
        ctx,
        title: ctx.t1("admin-bodies-officials-title", "name", ctx.text(&body.name)),
        body_href: body_href(&body.slug),
        action: format!("/admin/bodies/{}/officials", body.id),
        revoke_action: format!("/admin/bodies/{}/officials/revoke", body.id),
        rows,
        summary,
        email: form.user_email.clone(),
        email_error,
        role_error,
        roles: role_options(ctx, &form.role),
    };
    ctx.render_form(&page, !errors.is_empty())
}

fn done(body_id: i64, notice: &str) -> Response {
    Redirect::to(&format!("/admin/bodies/{body_id}/officials?done={notice}")).into_response()
}

/// `GET /admin/bodies/{id}/officials`.
pub async fn officials_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let body = load_body(&state, id).await?;
    render(
        &state,
        &ctx,
        &body,
        &GrantForm::default(),
        &FieldErrors::new(),
    )
    .await
}

/// `POST /admin/bodies/{id}/officials`: grants a role in the body to the account with the
/// given e-mail address.
pub async fn grant(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<GrantForm>,
) -> AppResult<Response> {
    let user = ctx.require_role(Role::Administrator)?;
    let body = load_body(&state, id).await?;
    let mut errors = FieldErrors::new();
    let role = Role::from_code(form.role.trim());
    if role.is_none() {
        errors.add("role", "admin-bodies-error-role");
    }
    let target = if form.user_email.trim().is_empty() {
        errors.add("user_email", "admin-bodies-error-email-required");
        None
    } else {
        let found = store::find_user_by_email(&state.db, &form.user_email).await?;
        if found.is_none() {
            errors.add("user_email", "admin-bodies-error-user-unknown");
        }
        found
    };
    let (Some(role), Some((user_id, _))) = (role, target) else {
        return render(&state, &ctx, &body, &form, &errors).await;
    };
    let actor = actor(user);
    let mut tx = state.db.begin().await?;
    match roles::grant(&mut tx, state.now(), &actor, user_id, role, Some(body.id)).await {
        Ok(granted) => {
            tx.commit().await?;
            crate::directory::invalidate(&state);
            Ok(done(
                body.id,
                if granted {
                    "notice-role-granted"
                } else {
                    "notice-role-unchanged"
                },
            ))
        }
        Err(RoleError::Db(err)) => Err(err.into()),
        Err(err) => {
            drop(tx);
            errors.add("role", err.message_key());
            render(&state, &ctx, &body, &form, &errors).await
        }
    }
}

/// `POST /admin/bodies/{id}/officials/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<RevokeForm>,
) -> AppResult<Response> {
    let user = ctx.require_role(Role::Administrator)?;
    let body = load_body(&state, id).await?;
    let user_id = form.user_id.trim().parse::<i64>().ok();
    let role = Role::from_code(form.role.trim()).filter(|r| r.is_per_body());
    let (Some(user_id), Some(role)) = (user_id, role) else {
        return Err(AppError::bad_request("admin-bodies-error-bad-revoke"));
    };
    let actor = actor(user);
    let mut tx = state.db.begin().await?;
    let removed = roles::revoke(&mut tx, state.now(), &actor, user_id, role, Some(body.id))
        .await
        .map_err(|err| match err {
            RoleError::Db(err) => AppError::from(err),
            _ => AppError::bad_request("admin-bodies-error-bad-revoke"),
        })?;
    tx.commit().await?;
    crate::directory::invalidate(&state);
    Ok(done(
        body.id,
        if removed {
            "notice-role-revoked"
        } else {
            "notice-role-unchanged"
        },
    ))
}
