//! `GET /appeals/public`: the public summaries applicants allowed, newest first (keyset pages);
//! `GET /appeals/public/{number}`: one summary with its public timeline;
//! `POST /appeals/public/{number}/flag`: a signed-in reader reports a summary to the
//! moderators (one flag per account and appeal).
//!
//! Only what the applicant agreed to publish is read (see [`store::SummaryRow`]): never the
//! applicant, the text, the address, the files or the answer's text. A private or hidden
//! summary is a 404 (moderators still see hidden ones, to show them again).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opengov_kernel::Role;
use opengov_web::form::Form;
use opengov_web::{AppError, AppResult, AppState, PageCtx};

use super::show::{TimelineItem, event_detail, event_title};
use super::{kind_label, status_label};
use crate::domain::Status;
use crate::store::{self, SummaryRow};

/// A posted form.
pub type Fields = HashMap<String, String>;

/// Summaries per page.
pub const PER_PAGE: i64 = 50;

/// One summary as the pages show it.
#[derive(Debug, Clone)]
pub struct Summary {
    pub number: String,
    pub href: String,
    pub subject: String,
    pub summary: String,
    pub lang: String,
    pub body: String,
    pub kind: String,
    pub status: String,
    pub status_code: &'static str,
    pub received: String,
    pub due_on: String,
    pub overdue: bool,
}

/// The summaries of `rows` in the page's language.
pub async fn summaries(
    state: &AppState,
    ctx: &PageCtx,
    rows: &[SummaryRow],
) -> AppResult<Vec<Summary>> {
    let directory = opengov_bodies::directory::get(state).await?;
    let now = state.now();
    Ok(rows
        .iter()
        .map(|r| Summary {
            number: r.number.clone(),
            href: format!("/appeals/public/{}", r.number),
            subject: r.subject.clone(),
            summary: r.public_summary.clone(),
            lang: r.lang.clone(),
            body: directory
                .by_id(r.body_id)
                .map(|b| ctx.text(&b.name).to_owned())
                .unwrap_or_default(),
            kind: kind_label(ctx, &r.kind),
            status: status_label(ctx, &r.status),
            status_code: Status::from_code(&r.status).map_or("registered", Status::code),
            received: ctx.datetime(r.received_at),
            due_on: r.due_on.clone(),
            overdue: r.is_open && r.due_at < now,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "appeals_public.html")]
struct ListPage<'a> {
    ctx: &'a PageCtx,
    items: Vec<Summary>,
    next: Option<String>,
}

/// `GET /appeals/public?before=<id>`
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let before = ctx
        .query("before")
        .and_then(|b| b.trim().parse::<i64>().ok())
        .filter(|b| *b > 0);
    let mut rows = store::public_page(&state.db, before, PER_PAGE + 1).await?;
    let more = rows.len() > usize::try_from(PER_PAGE).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(PER_PAGE).unwrap_or(usize::MAX));
    let next = if more {
        rows.last()
            .map(|r| format!("/appeals/public?before={}", r.id))
    } else {
        None
    };
    let items = summaries(&state, &ctx, &rows).await?;
    ctx.render(&ListPage {
        ctx: &ctx,
        items,
        next,
    })
}

#[derive(Template)]
#[template(path = "appeal_public.html")]
struct OnePage<'a> {
    ctx: &'a PageCtx,
    s: Summary,
    category: String,
    hidden: bool,
    hidden_reason: String,
    moderator: bool,
    timeline: Vec<TimelineItem>,
    /// Which form came back with a problem (`flag` or `hide`), the message, what was typed.
    problem_form: &'static str,
    problem: String,
    typed: String,
}

/// The public row of `number` if the caller may see it: public, and not hidden unless the
/// caller is a moderator.
pub async fn visible(
    state: &AppState,
    ctx: &PageCtx,
    number: &str,
) -> AppResult<(SummaryRow, bool)> {
    if number.len() > 64 {
        return Err(AppError::NotFound);
    }
    let moderator = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.has_global(Role::Moderator));
    let row = store::public_by_number(&state.db, number)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.hidden_at.is_some() && !moderator {
        return Err(AppError::NotFound);
    }
    Ok((row, moderator))
}

/// Renders one summary, optionally with a form that came back with a problem.
pub async fn render(
    state: &AppState,
    ctx: &PageCtx,
    number: &str,
    problem: (&'static str, String, String),
    status: StatusCode,
) -> AppResult<Response> {
    let (row, moderator) = visible(state, ctx, number).await?;
    let directory = opengov_bodies::directory::get(state).await?;
    let category = match row.category_id {
        Some(id) => store::categories_of(&state.db, row.body_id)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| ctx.text(&c.name()).to_owned())
            .unwrap_or_default(),
        None => String::new(),
    };
    let timeline = store::public_events_of(&state.db, &[row.id])
        .await?
        .into_iter()
        .map(|(_, e)| {
            let data = serde_json::from_str(&e.data).unwrap_or(serde_json::Value::Null);
            let (detail, link) = event_detail(ctx, &directory, &e.kind, &data);
            TimelineItem {
                at: ctx.datetime(e.at),
                title: event_title(ctx, &e.kind),
                detail,
                note: e.note,
                actor: String::new(),
                internal: false,
                // Complaints are private appeals of their own: no link.
                link: link.filter(|_| e.kind != "complained"),
            }
        })
        .collect();
    let hidden = row.hidden_at.is_some();
    let hidden_reason = row.hidden_reason.clone().unwrap_or_default();
    let s = summaries(state, ctx, std::slice::from_ref(&row))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let page = OnePage {
        ctx,
        s,
        category,
        hidden,
        hidden_reason,
        moderator,
        timeline,
        problem_form: problem.0,
        problem: problem.1,
        typed: problem.2,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /appeals/public/{number}`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
) -> AppResult<Response> {
    render(
        &state,
        &ctx,
        &number,
        ("", String::new(), String::new()),
        StatusCode::OK,
    )
    .await
}

/// The longest reason of a flag or a moderator's decision.
pub const REASON_MAX: usize = 1000;

/// A cleaned reason, or `None` when it is empty or too long.
#[must_use]
pub fn reason(f: &Fields) -> Option<String> {
    let text = crate::domain::clean(f.get("reason").map_or("", String::as_str));
    let n = text.chars().count();
    (3..=REASON_MAX).contains(&n).then_some(text)
}

/// `POST /appeals/public/{number}/flag`: `reason`.
pub async fn flag(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let (row, _) = visible(&state, &ctx, &number).await?;
    if row.hidden_at.is_some() {
        // Already dealt with by a moderator.
        return Err(AppError::NotFound);
    }
    let Some(reason) = reason(&f) else {
        let typed = f.get("reason").cloned().unwrap_or_default();
        let message = ctx.t("appeal-flag-error-reason");
        return render(
            &state,
            &ctx,
            &number,
            ("flag", message, typed),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    let added = store::add_flag(&mut tx, row.id, user.id, &reason, state.now()).await?;
    tx.commit().await?;
    let notice = if added {
        "notice-appeal-flagged"
    } else {
        "notice-appeal-flag-repeat"
    };
    Ok(Redirect::to(&format!("/appeals/public/{number}?done={notice}#top")).into_response())
}

/// `GET /appeals/public/feed.atom`: the 50 newest public summaries, in the language of each
/// appeal; never the applicant or the private text.
pub async fn atom(State(state): State<AppState>) -> AppResult<Response> {
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let rows = store::public_page(&state.db, None, 50).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let entries = rows
        .iter()
        .map(|r| {
            let lang =
                opengov_kernel::Lang::from_code(&r.lang).unwrap_or(state.config.default_lang);
            opengov_web::feed::Entry {
                url: format!("{base}/appeals/public/{}", r.number),
                title: format!("{} · {}", r.number, r.subject),
                lang: lang.code().to_owned(),
                summary: r.public_summary.clone(),
                author: directory
                    .by_id(r.body_id)
                    .map(|b| b.name.get(lang).to_owned())
                    .unwrap_or_default(),
                published: r.received_at,
                updated: r.updated_at,
            }
        })
        .collect();
    Ok(opengov_web::feed::Feed {
        url: format!("{base}/appeals/public"),
        self_url: format!("{base}/appeals/public/feed.atom"),
        title: "opengov: appeals".to_owned(),
        entries,
    }
    .response(state.now()))
}
