//! Administration: the overview and user management.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_kernel::{Role, Ts, db_run};
use opengov_web::form::{Form, Query};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::Deserialize;
use serde_json::json;

use super::profile::{RoleView, role_views};
use crate::store::{self, UserRecord};

#[derive(Template)]
#[template(path = "admin_home.html")]
struct DashboardPage<'a> {
    ctx: &'a PageCtx,
    users: i64,
    bodies: i64,
    audit: i64,
    failed_jobs: i64,
    outbox: bool,
}

pub async fn dashboard(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let (users, bodies, audit, failed_jobs): (i64, i64, i64, i64) = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM bodies), \
         (SELECT seq FROM audit_head WHERE id = 1), (SELECT COUNT(*) FROM jobs WHERE state = 'failed')"
    )
    .fetch_one(c)
    .await
    })?;
    let outbox = state.config.smtp.is_none() || state.config.demo;
    ctx.render(&DashboardPage {
        ctx: &ctx,
        users,
        bodies,
        audit,
        failed_jobs,
        outbox,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UsersQuery {
    pub q: String,
    pub page: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub email_confirmed_at: Option<Ts>,
    pub created_at: Ts,
    pub disabled_at: Option<Ts>,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage<'a> {
    ctx: &'a PageCtx,
    q: String,
    rows: Vec<UserListRow>,
    prev: Option<String>,
    next: Option<String>,
}

const PER_PAGE: i64 = 50;

pub async fn users(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<UsersQuery>,
) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let needle = q.q.trim().to_lowercase();
    let pattern = format!(
        "%{}%",
        needle
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows: Vec<UserListRow> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT id, email, display_name, email_confirmed_at, created_at, disabled_at FROM users \
         WHERE ($1 = '' OR email_key LIKE $2 ESCAPE '\\' OR lower(display_name) LIKE $2 ESCAPE '\\') \
         ORDER BY id DESC LIMIT $3 OFFSET $4"
    )
    .bind(&needle)
    .bind(&pattern)
    .bind(PER_PAGE + 1)
    .bind((page - 1) * PER_PAGE)
    .fetch_all(c)
    .await
    })?;
    let mut rows = rows;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let link = |p: i64| {
        let qs: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q.q.trim())
            .append_pair("page", &p.to_string())
            .finish();
        format!("/admin/users?{qs}")
    };
    ctx.render(&UsersPage {
        ctx: &ctx,
        q: q.q.clone(),
        rows,
        prev: (page > 1).then(|| link(page - 1)),
        next: more.then(|| link(page + 1)),
    })
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage<'a> {
    ctx: &'a PageCtx,
    user: UserRecord,
    roles: Vec<RoleView>,
    raw_roles: Vec<(String, Option<i64>, String)>,
    role_options: Vec<(String, String)>,
}

pub async fn user_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let Some(user) = store::find_by_id(&state.db, id).await? else {
        return Err(AppError::NotFound);
    };
    let raw: Vec<(String, Option<i64>, Option<String>)> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT r.role, r.body_id, b.code FROM user_roles r LEFT JOIN bodies b ON b.id = r.body_id \
         WHERE r.user_id = $1 ORDER BY r.role, b.code"
    )
    .bind(id)
    .fetch_all(c)
    .await
    })?;
    let role_options = Role::ALL
        .iter()
        .map(|r| (r.code().to_owned(), ctx.t(r.label_key())))
        .collect();
    ctx.render(&UserPage {
        ctx: &ctx,
        roles: role_views(&state, &ctx, id).await?,
        raw_roles: raw
            .into_iter()
            .map(|(r, b, code)| (r, b, code.unwrap_or_default()))
            .collect(),
        user,
        role_options,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    pub role: String,
    /// The body's code, for per-body roles.
    pub body: String,
    pub body_id: Option<i64>,
}

async fn resolve_role(state: &AppState, form: &RoleForm) -> AppResult<(Role, Option<i64>)> {
    let role = Role::from_code(form.role.trim())
        .ok_or_else(|| AppError::bad_request("admin-role-unknown"))?;
    let body_id = match (form.body_id, form.body.trim()) {
        (Some(id), _) => Some(id),
        (None, "") => None,
        (None, code) => {
            let id: Option<i64> = db_run!(&state.db, |c| sqlx::query_scalar(
                "SELECT id FROM bodies WHERE code = $1"
            )
            .bind(code)
            .fetch_optional(c)
            .await)?;
            Some(id.ok_or_else(|| AppError::bad_request("admin-body-unknown"))?)
        }
    };
    if role.is_per_body() != body_id.is_some() {
        return Err(AppError::bad_request(if role.is_per_body() {
            "admin-role-needs-body"
        } else {
            "admin-role-global"
        }));
    }
    Ok((role, body_id))
}

/// Grants (`grant`) or revokes a role of user `id`, audited, and refreshes the body directory.
async fn change_role(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    form: &RoleForm,
    grant: bool,
) -> AppResult<Response> {
    let admin = ctx.require_role(Role::Administrator)?;
    if store::find_by_id(&state.db, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let (role, body_id) = resolve_role(state, form).await?;
    if !grant && admin.id == id && role == Role::Administrator {
        return Err(AppError::Conflict("admin-cannot-demote-self".into()));
    }
    let now = state.now();
    let actor = Actor::official(admin.id, &admin.display_name);
    let mut tx = state.db.begin().await?;
    if grant {
        opengov_bodies::roles::grant(&mut tx, now, &actor, id, role, body_id).await?;
    } else {
        opengov_bodies::roles::revoke(&mut tx, now, &actor, id, role, body_id).await?;
    }
    tx.commit().await?;
    opengov_bodies::directory::invalidate(state);
    let notice = if grant {
        "notice-role-granted"
    } else {
        "notice-role-revoked"
    };
    Ok(Redirect::to(&format!("/admin/users/{id}?done={notice}")).into_response())
}

pub async fn grant_role(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> AppResult<Response> {
    change_role(&state, &ctx, id, &form, true).await
}

pub async fn revoke_role(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> AppResult<Response> {
    change_role(&state, &ctx, id, &form, false).await
}

async fn set_disabled(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    disable: bool,
) -> AppResult<Response> {
    let admin = ctx.require_role(Role::Administrator)?;
    if admin.id == id {
        return Err(AppError::Conflict("admin-cannot-disable-self".into()));
    }
    if store::find_by_id(&state.db, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    opengov_kernel::tx_run!(&mut tx, |c| sqlx::query(
        "UPDATE users SET disabled_at = $1 WHERE id = $2"
    )
    .bind(disable.then_some(now))
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    if disable {
        store::end_sessions(&mut tx, id, None).await?;
    }
    let action = if disable {
        "user.disable"
    } else {
        "user.enable"
    };
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(admin.id, &admin.display_name),
        Event::new(action, "user", id).data(json!({})),
    )
    .await?;
    tx.commit().await?;
    opengov_bodies::directory::invalidate(state);
    let notice = if disable {
        "notice-user-disabled"
    } else {
        "notice-user-enabled"
    };
    Ok(Redirect::to(&format!("/admin/users/{id}?done={notice}")).into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    set_disabled(&state, &ctx, id, true).await
}

pub async fn enable(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    set_disabled(&state, &ctx, id, false).await
}
