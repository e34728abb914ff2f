//! `GET /appeals/{number}`: one appeal for those who may read it: details, files, the answer,
//! the timeline, and the steps the caller may take. `GET /appeals/{number}/receipt`: the
//! printable receipt. `GET /appeals/{number}/files/{id}`: an attachment.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use opengov_duty::Outcome;
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde_json::Value;

use super::{Choice, kind_label, readable, status_label};
use crate::access::Access;
use crate::domain::{Status, outcome_label_key};
use crate::store::{self, Appeal};

/// A step that came back with a problem: which form, the message, what was typed.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub form: &'static str,
    pub message: String,
    pub values: HashMap<String, String>,
}

/// One timeline entry as shown.
#[derive(Debug, Clone)]
pub struct TimelineItem {
    pub at: String,
    pub title: String,
    pub detail: String,
    pub note: String,
    pub actor: String,
    pub internal: bool,
    pub link: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct FileLink {
    pub href: String,
    pub name: String,
    pub media_type: String,
    pub size_kb: i64,
}

#[derive(Template)]
#[template(path = "appeal_show.html")]
#[allow(
    clippy::struct_excessive_bools,
    reason = "the template shows or hides a form for each"
)]
struct ShowPage<'a> {
    ctx: &'a PageCtx,
    a: &'a Appeal,
    kind: String,
    status: String,
    status_code: &'static str,
    body_name: String,
    category: String,
    lang_name: String,
    received: String,
    overdue: bool,
    files: Vec<FileLink>,
    outcome: String,
    answered: String,
    timeline: Vec<TimelineItem>,
    parent: Option<String>,
    complaints: Vec<(String, String)>,
    access: Access,
    open: bool,
    can_rate: bool,
    can_complain: bool,
    officials: Vec<Choice>,
    bodies: Vec<Choice>,
    outcomes: Vec<Choice>,
    templates: Vec<Choice>,
    answer_text: String,
    problem: Problem,
}

impl ShowPage<'_> {
    /// What was typed in a field of the form that came back, if it was this one.
    fn value(&self, form: &str, field: &str) -> &str {
        if self.problem.form == form {
            self.problem.values.get(field).map_or("", String::as_str)
        } else {
            ""
        }
    }
    fn error(&self, form: &str) -> Option<&str> {
        (self.problem.form == form && !self.problem.message.is_empty())
            .then_some(self.problem.message.as_str())
    }
}

/// The title of a timeline entry.
#[must_use]
pub fn event_title(ctx: &PageCtx, kind: &str) -> String {
    let key = match kind {
        "registered" => "appeal-event-registered",
        "assigned" => "appeal-event-assigned",
        "in_progress" => "appeal-event-in_progress",
        "answered" => "appeal-event-answered",
        "redirected" => "appeal-event-redirected",
        "extended" => "appeal-event-extended",
        "withdrawn" => "appeal-event-withdrawn",
        "rated" => "appeal-event-rated",
        "complained" => "appeal-event-complained",
        "note" => "appeal-event-note",
        "hidden" => "appeal-event-hidden",
        "shown" => "appeal-event-shown",
        _ => return kind.to_owned(),
    };
    ctx.t(key)
}

/// What an entry's data says, in words.
pub fn event_detail(
    ctx: &PageCtx,
    directory: &opengov_bodies::directory::Directory,
    kind: &str,
    data: &Value,
) -> (String, Option<(String, String)>) {
    let s = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let body_name = |k: &str| {
        data.get(k)
            .and_then(Value::as_i64)
            .and_then(|id| directory.by_id(id))
            .map(|b| ctx.text(&b.name).to_owned())
            .unwrap_or_default()
    };
    match kind {
        "registered" => (ctx.t1("appeal-detail-due", "date", s("due_on")), None),
        "assigned" => (s("assignee"), None),
        "answered" => (
            Outcome::from_code(&s("outcome"))
                .map(|o| ctx.t(outcome_label_key(o)))
                .unwrap_or_default(),
            None,
        ),
        "redirected" => (
            ctx.t_args(
                "appeal-detail-redirected",
                &[("body", &body_name("to_body")), ("date", &s("due_on"))],
            ),
            None,
        ),
        "extended" => (ctx.t1("appeal-detail-due", "date", s("until")), None),
        "rated" => (
            ctx.t1(
                "appeal-detail-rating",
                "rating",
                data.get("rating").and_then(Value::as_i64).unwrap_or(0),
            ),
            None,
        ),
        "complained" => {
            let n = s("complaint");
            (String::new(), Some((format!("/appeals/{n}"), n)))
        }
        _ => (String::new(), None),
    }
}

/// Renders the appeal page, optionally with a step that came back with a problem.
pub async fn render(
    state: &AppState,
    ctx: &PageCtx,
    number: &str,
    problem: Problem,
    status: StatusCode,
) -> AppResult<Response> {
    let (appeal, access) = readable(state, ctx, number).await?;
    let directory = opengov_bodies::directory::get(state).await?;
    let now = state.now();
    let st = Status::from_code(&appeal.status).unwrap_or(Status::Registered);
    let category = match appeal.category_id {
        Some(id) => store::categories_of(&state.db, appeal.body_id)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| ctx.text(&c.name()).to_owned())
            .unwrap_or_default(),
        None => String::new(),
    };
    let files = store::attachments(&state.db, appeal.id)
        .await?
        .into_iter()
        .map(|f| FileLink {
            href: format!("/appeals/{}/files/{}", appeal.number, f.id),
            name: f.filename,
            media_type: f.media_type,
            size_kb: (f.size + 1023) / 1024,
        })
        .collect();
    let events = store::events(&state.db, appeal.id, access.sees_internal()).await?;
    let timeline = events
        .iter()
        .map(|e| {
            let data: Value = serde_json::from_str(&e.data).unwrap_or(Value::Null);
            let (detail, link) = event_detail(ctx, &directory, &e.kind, &data);
            TimelineItem {
                at: ctx.datetime(e.at),
                title: event_title(ctx, &e.kind),
                detail,
                note: e.note.clone(),
                actor: e.actor_name.clone().unwrap_or_default(),
                internal: e.visibility == "internal",
                link,
            }
        })
        .collect();
    let parent = match appeal.parent_id {
        Some(pid) => store::by_id(&state.db, pid).await?.map(|p| p.number),
        None => None,
    };
    let complaints = store::children(&state.db, appeal.id)
        .await?
        .into_iter()
        .map(|(n, s)| (n, status_label(ctx, &s)))
        .collect();
    let open = st.is_open();
    let officials = if access.can_work() && open {
        store::officials_with(&state.db, appeal.body_id, &["responder", "head"])
            .await?
            .into_iter()
            .map(|(id, name)| Choice {
                selected: appeal.assignee_id == Some(id),
                value: id.to_string(),
                label: name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let bodies = if access.can_work() && open {
        let mut v: Vec<Choice> = directory
            .active()
            .iter()
            .filter(|b| b.id != appeal.body_id)
            .map(|b| Choice {
                value: b.id.to_string(),
                label: ctx.text(&b.name).to_owned(),
                selected: problem.values.get("to_body") == Some(&b.id.to_string()),
            })
            .collect();
        v.sort_by_key(|c| opengov_bodies::tree::sort_key(&c.label));
        v
    } else {
        Vec::new()
    };
    let templates_rows = if access.can_work() && open {
        store::templates_of(&state.db, appeal.body_id).await?
    } else {
        Vec::new()
    };
    let chosen_template = ctx
        .query("template")
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|id| templates_rows.iter().find(|t| t.id == id));
    let answer_text = problem
        .values
        .get("text")
        .filter(|_| problem.form == "answer")
        .cloned()
        .or_else(|| chosen_template.map(|t| t.text.clone()))
        .unwrap_or_default();
    let templates = templates_rows
        .iter()
        .map(|t| Choice {
            value: t.id.to_string(),
            label: t.title.clone(),
            selected: chosen_template.is_some_and(|c| c.id == t.id),
        })
        .collect();
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| Choice {
            value: o.code().to_owned(),
            label: ctx.t(outcome_label_key(*o)),
            selected: problem.values.get("outcome").map(String::as_str) == Some(o.code()),
        })
        .collect();
    let page = ShowPage {
        ctx,
        a: &appeal,
        kind: kind_label(ctx, &appeal.kind),
        status: status_label(ctx, &appeal.status),
        status_code: st.code(),
        body_name: directory
            .by_id(appeal.body_id)
            .map(|b| ctx.text(&b.name).to_owned())
            .unwrap_or_default(),
        category,
        lang_name: opengov_kernel::Lang::from_code(&appeal.lang)
            .map_or("", opengov_kernel::Lang::native_name)
            .to_owned(),
        received: ctx.datetime(appeal.received_at),
        overdue: super::is_overdue(&appeal, now),
        files,
        outcome: appeal
            .answer_outcome
            .as_deref()
            .and_then(Outcome::from_code)
            .map(|o| ctx.t(outcome_label_key(o)))
            .unwrap_or_default(),
        answered: appeal
            .answered_at
            .map(|t| ctx.datetime(t))
            .unwrap_or_default(),
        timeline,
        parent,
        complaints,
        access,
        open,
        can_rate: access.applicant && st == Status::Answered && appeal.rating.is_none(),
        can_complain: access.applicant && matches!(st, Status::Answered | Status::Closed),
        officials,
        bodies,
        outcomes,
        templates,
        answer_text,
        problem,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /appeals/{number}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
) -> AppResult<Response> {
    render(&state, &ctx, &number, Problem::default(), StatusCode::OK).await
}

#[derive(Template)]
#[template(path = "appeal_receipt.html")]
struct ReceiptPage<'a> {
    ctx: &'a PageCtx,
    a: &'a Appeal,
    kind: String,
    body_name: String,
    received: String,
    registered_on: String,
    files: usize,
}

/// `GET /appeals/{number}/receipt`.
pub async fn receipt(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
) -> AppResult<Response> {
    let (appeal, _) = readable(&state, &ctx, &number).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let events = store::events(&state.db, appeal.id, false).await?;
    let registered_on = events
        .first()
        .and_then(|e| serde_json::from_str::<Value>(&e.data).ok())
        .and_then(|d| {
            d.get("registered_on")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let files = store::attachments(&state.db, appeal.id).await?.len();
    let page = ReceiptPage {
        ctx: &ctx,
        kind: kind_label(&ctx, &appeal.kind),
        body_name: directory
            .by_id(appeal.filed_body_id)
            .map(|b| ctx.text(&b.name).to_owned())
            .unwrap_or_default(),
        received: ctx.datetime(appeal.received_at),
        registered_on,
        files,
        a: &appeal,
    };
    ctx.render(&page)
}

/// `GET /appeals/{number}/files/{id}`: streamed, as a download, never rendered inline.
pub async fn download(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((number, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let (appeal, _) = readable(&state, &ctx, &number).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let file = store::attachments(&state.db, appeal.id)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(AppError::NotFound)?;
    opengov_web::upload::download(
        &state,
        &file.storage_key,
        &file.filename,
        &file.media_type,
        file.size,
        "private, no-store",
    )
    .await
}
