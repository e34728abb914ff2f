//! `GET|POST /appeals/new`: filing an appeal. Anonymous visitors are told why the law needs
//! to know who writes (and where to sign in); without a chosen body the page first offers the
//! bodies; a form with problems comes back with everything typed and every file kept.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opengov_kernel::Lang;
use opengov_web::form::FieldErrors;
use opengov_web::{AppError, AppResult, AppState, Msg, PageCtx};

use super::Choice;
use crate::domain::{FILING_KINDS, FilingForm, kind_label_key, validate};
use crate::store;
use crate::workflow::{self, WorkflowError};

#[derive(Template)]
#[template(path = "appeal_anonymous.html")]
struct AnonymousPage<'a> {
    ctx: &'a PageCtx,
}

#[derive(Template)]
#[template(path = "appeal_pick_body.html")]
struct PickBodyPage<'a> {
    ctx: &'a PageCtx,
    bodies: Vec<Choice>,
}

/// A file already uploaded and kept for the next attempt.
#[derive(Debug, Clone)]
pub struct KeptFile {
    pub id: i64,
    pub name: String,
    pub size_kb: i64,
}

#[derive(Template)]
#[template(path = "appeal_new.html")]
struct FormPage<'a> {
    ctx: &'a PageCtx,
    body_id: i64,
    body_name: String,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    langs: Vec<Choice>,
    form: FilingForm,
    errors: Vec<(String, String)>,
    field_errors: std::collections::BTreeMap<&'static str, String>,
    file_errors: Vec<String>,
    kept: Vec<KeptFile>,
    files_hint: String,
    text_max: usize,
}

fn body_choices(ctx: &PageCtx, directory: &opengov_bodies::directory::Directory) -> Vec<Choice> {
    let mut bodies: Vec<Choice> = directory
        .active()
        .iter()
        .map(|b| Choice {
            value: b.id.to_string(),
            label: ctx.text(&b.name).to_owned(),
            selected: false,
        })
        .collect();
    bodies.sort_by_key(|c| opengov_bodies::tree::sort_key(&c.label));
    bodies
}

async fn render_form(
    state: &AppState,
    ctx: &PageCtx,
    form: FilingForm,
    errors: &FieldErrors,
    file_errors: &[Msg],
    kept: Vec<KeptFile>,
    status: StatusCode,
) -> AppResult<Response> {
    let directory = opengov_bodies::directory::get(state).await?;
    let body_id = form.body.trim().parse::<i64>().unwrap_or(0);
    let Some(body) = directory.by_id(body_id).filter(|b| b.active) else {
        return Err(AppError::NotFound);
    };
    let categories = store::categories_of(&state.db, body.id).await?;
    let mut category_choices = vec![Choice {
        value: String::new(),
        label: ctx.t("appeal-category-none"),
        selected: form.category.is_empty(),
    }];
    category_choices.extend(categories.iter().map(|c| Choice {
        value: c.id.to_string(),
        label: ctx.text(&c.name()).to_owned(),
        selected: form.category == c.id.to_string(),
    }));
    let kinds = FILING_KINDS
        .iter()
        .map(|k| Choice {
            value: k.code().to_owned(),
            label: ctx.t(kind_label_key(*k)),
            selected: form.kind == k.code(),
        })
        .collect();
    let lang_value = if form.lang.is_empty() {
        ctx.lang.code().to_owned()
    } else {
        form.lang.clone()
    };
    let langs = Lang::ALL
        .iter()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: l.native_name().to_owned(),
            selected: lang_value == l.code(),
        })
        .collect();
    let field_errors = errors.translate(ctx);
    let mut summary: Vec<(String, String)> = field_errors
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let file_errors: Vec<String> = file_errors.iter().map(|m| ctx.msg(m)).collect();
    for e in &file_errors {
        summary.push(("files".to_owned(), e.clone()));
    }
    let page = FormPage {
        ctx,
        body_id: body.id,
        body_name: ctx.text(&body.name).to_owned(),
        kinds,
        categories: category_choices,
        langs,
        form,
        errors: summary,
        field_errors,
        file_errors,
        kept,
        files_hint: ctx.t_args(
            "appeal-field-files-hint",
            &[
                ("max", &state.config.appeals.attachments_max.to_string()),
                (
                    "mb",
                    &(state.config.appeals.attachment_bytes / (1024 * 1024)).to_string(),
                ),
            ],
        ),
        text_max: state.config.appeals.text_max_chars,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /appeals/new[?body=ID]`.
pub async fn new_page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    if ctx.user.is_none() {
        return ctx.render(&AnonymousPage { ctx: &ctx });
    }
    let directory = opengov_bodies::directory::get(&state).await?;
    let chosen = ctx
        .query("body")
        .and_then(|b| b.trim().parse::<i64>().ok())
        .and_then(|id| directory.by_id(id))
        .filter(|b| b.active)
        .map(|b| b.id);
    let Some(body_id) = chosen else {
        let status = if ctx.query("body").is_some() {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        let page = PickBodyPage {
            ctx: &ctx,
            bodies: body_choices(&ctx, &directory),
        };
        return Ok((status, Html(page.render()?)).into_response());
    };
    let form = FilingForm {
        body: body_id.to_string(),
        kind: "application".into(),
        lang: ctx.lang.code().to_owned(),
        ..FilingForm::default()
    };
    render_form(
        &state,
        &ctx,
        form,
        &FieldErrors::new(),
        &[],
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /appeals/new` (multipart, with `_csrf` in the query).
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let Some(user) = ctx.user.clone() else {
        return Err(AppError::Forbidden(Msg::new("appeal-anonymous-refused")));
    };
    let multipart = multipart.map_err(|_| AppError::bad_request("error-multipart"))?;
    let parsed = crate::upload::read(&state, user.id, multipart).await?;
    let form = FilingForm {
        body: parsed.get("body"),
        kind: parsed.get("kind"),
        category: parsed.get("category"),
        lang: parsed.get("lang"),
        subject: parsed.get("subject"),
        text: parsed.get("text"),
        address: parsed.get("address"),
        lat: parsed.get("lat"),
        lon: parsed.get("lon"),
        public_allowed: parsed.get("public_allowed") == "on",
        public_summary: parsed.get("public_summary"),
    };
    let directory = opengov_bodies::directory::get(&state).await?;
    let categories = match form.body.trim().parse::<i64>() {
        Ok(id) => store::categories_of(&state.db, id).await?,
        Err(_) => Vec::new(),
    };
    let checked = validate(
        &form,
        |id| directory.by_id(id).is_some_and(|b| b.active),
        |body, cat| categories.iter().any(|c| c.id == cat && c.body_id == body),
        state.config.appeals.text_max_chars,
    );
    let kept = kept_files(&state, user.id, &parsed.attachment_ids).await?;
    let filing = match checked {
        Ok(f) if parsed.file_errors.is_empty() => f,
        Ok(_) => {
            return render_form(
                &state,
                &ctx,
                form,
                &FieldErrors::new(),
                &parsed.file_errors,
                kept,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(errors) => {
            if errors.get("body").is_some() {
                return Err(AppError::bad_request("appeal-error-body"));
            }
            return render_form(
                &state,
                &ctx,
                form,
                &errors,
                &parsed.file_errors,
                kept,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match workflow::file(&state, &user, &filing, &parsed.attachment_ids).await {
        Ok(receipt) => {
            Ok(Redirect::to(&format!("/appeals/{}/receipt", receipt.number)).into_response())
        }
        Err(WorkflowError::DailyLimit(limit)) => {
            let mut errors = FieldErrors::new();
            errors.add(
                "text",
                Msg::new("appeal-error-daily-limit").arg("limit", limit),
            );
            render_form(
                &state,
                &ctx,
                form,
                &errors,
                &[],
                kept,
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn kept_files(state: &AppState, user_id: i64, ids: &[i64]) -> AppResult<Vec<KeptFile>> {
    let rows = store::pending_of(&state.db, user_id, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id))
        .map(|r| KeptFile {
            id: r.id,
            name: r.filename.clone(),
            size_kb: (r.size + 1023) / 1024,
        })
        .collect())
}
