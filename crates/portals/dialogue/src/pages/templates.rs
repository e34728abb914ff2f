//! `GET|POST /workspace/templates`, `POST /workspace/templates/{id}/delete`: a body's answer
//! templates, kept by its responders and head and offered on the answer form.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_kernel::Role;
use opengov_web::form::{FieldErrors, Form};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::Deserialize;
use serde_json::json;

use super::Choice;
use crate::store::{self, TemplateRow};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    pub body: String,
    pub title: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "answer_templates.html")]
struct TemplatesPage<'a> {
    ctx: &'a PageCtx,
    bodies: Vec<Choice>,
    body_id: i64,
    rows: Vec<TemplateRow>,
    form: TemplateForm,
    errors: std::collections::BTreeMap<&'static str, String>,
}

fn works_in(ctx: &PageCtx, body: i64) -> AppResult<()> {
    let user = ctx.require_user()?;
    if user.has_in_body(Role::Responder, body) || user.has_in_body(Role::Head, body) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

async fn render(
    state: &AppState,
    ctx: &PageCtx,
    body_id: i64,
    form: TemplateForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let directory = opengov_bodies::directory::get(state).await?;
    let mut ids = user.bodies_with(Role::Responder);
    ids.extend(user.bodies_with(Role::Head));
    ids.sort_unstable();
    ids.dedup();
    let bodies = ids
        .iter()
        .filter_map(|id| directory.by_id(*id))
        .map(|b| Choice {
            value: b.id.to_string(),
            label: ctx.text(&b.name).to_owned(),
            selected: b.id == body_id,
        })
        .collect();
    let page = TemplatesPage {
        ctx,
        bodies,
        body_id,
        rows: store::templates_of(&state.db, body_id).await?,
        form,
        errors: errors.translate(ctx),
    };
    ctx.render_form(&page, !errors.is_empty())
}

/// `GET /workspace/templates[?body=ID]`.
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let first = user
        .bodies_with(Role::Responder)
        .into_iter()
        .chain(user.bodies_with(Role::Head))
        .next()
        .ok_or_else(AppError::forbidden)?;
    let body_id = match ctx.query("body") {
        Some(b) => b.parse::<i64>().map_err(|_| AppError::NotFound)?,
        None => first,
    };
    works_in(&ctx, body_id)?;
    render(
        &state,
        &ctx,
        body_id,
        TemplateForm::default(),
        &FieldErrors::new(),
    )
    .await
}

/// `POST /workspace/templates`.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<TemplateForm>,
) -> AppResult<Response> {
    let body_id: i64 = form
        .body
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request("appeal-error-body"))?;
    works_in(&ctx, body_id)?;
    let user = ctx.require_user()?.clone();
    let title = crate::domain::clean(&form.title);
    let text = crate::domain::clean(&form.text);
    let mut errors = FieldErrors::new();
    if title.is_empty() || title.chars().count() > 200 {
        errors.add("title", "template-error-title");
    }
    if text.chars().count() < 10 || text.chars().count() > 20_000 {
        errors.add("text", "template-error-text");
    }
    if !errors.is_empty() {
        return render(&state, &ctx, body_id, form, &errors).await;
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let id = store::add_template(&mut tx, body_id, &title, &text, user.id, now).await?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(user.id, &user.display_name),
        Event::new("answer_template.created", "answer_template", id)
            .body(Some(body_id))
            .data(json!({ "title": title })),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/workspace/templates?body={body_id}&done=notice-template-created"
    ))
    .into_response())
}

/// `POST /workspace/templates/{id}/delete`: `body`.
pub async fn delete(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<TemplateForm>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let body_id: i64 = form
        .body
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request("appeal-error-body"))?;
    works_in(&ctx, body_id)?;
    let user = ctx.require_user()?.clone();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    if store::delete_template(&mut tx, body_id, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(user.id, &user.display_name),
        Event::new("answer_template.deleted", "answer_template", id).body(Some(body_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/workspace/templates?body={body_id}&done=notice-template-deleted"
    ))
    .into_response())
}
