//! Moderation of public summaries: `GET /moderation/appeals` (open flags grouped by appeal, and
//! the summaries hidden lately), `POST /appeals/public/{number}/hide` (a reason is required)
//! and `POST /appeals/public/{number}/show`. Only moderators (the global `moderator` role);
//! anyone else gets 403, anonymous visitors are asked to sign in.
//!
//! Hiding or showing changes the appeal, resolves its open flags, adds a public timeline entry
//! and appends to the audit chain, all in one transaction, so the decision is visible in the
//! public `/audit` log. The audit entry carries no personal data (the number of flags it
//! resolved, not their text).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opengov_kernel::Role;
use opengov_web::form::Form;
use opengov_web::{AppError, AppResult, AppState, PageCtx};

use super::public::{Summary, reason, render, summaries};
use crate::store;
use crate::workflow;

type Fields = HashMap<String, String>;

/// One flagged appeal with its flags.
#[derive(Debug, Clone)]
pub struct Flagged {
    pub number: String,
    pub href: String,
    pub subject: String,
    pub summary: String,
    pub lang: String,
    pub body: String,
    /// (when, reason)
    pub reasons: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "moderation_appeals.html")]
struct QueuePage<'a> {
    ctx: &'a PageCtx,
    flagged: Vec<Flagged>,
    hidden: Vec<(Summary, String)>,
}

/// `GET /moderation/appeals`
pub async fn queue(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_role(Role::Moderator)?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let mut flagged: Vec<Flagged> = Vec::new();
    for f in store::open_flags(&state.db, 1000).await? {
        let entry = (ctx.datetime(f.created_at), f.reason);
        match flagged.last_mut() {
            Some(last) if last.number == f.number => last.reasons.push(entry),
            _ => flagged.push(Flagged {
                href: format!("/appeals/public/{}", f.number),
                number: f.number,
                subject: f.subject,
                summary: f.public_summary,
                lang: f.lang,
                body: directory
                    .by_id(f.body_id)
                    .map(|b| ctx.text(&b.name).to_owned())
                    .unwrap_or_default(),
                reasons: vec![entry],
            }),
        }
    }
    // Most flags first.
    flagged.sort_by_key(|f| std::cmp::Reverse(f.reasons.len()));
    let hidden_rows = store::recently_hidden(&state.db, 50).await?;
    let reasons: Vec<String> = hidden_rows
        .iter()
        .map(|r| r.hidden_reason.clone().unwrap_or_default())
        .collect();
    let hidden = summaries(&state, &ctx, &hidden_rows)
        .await?
        .into_iter()
        .zip(reasons)
        .collect();
    ctx.render(&QueuePage {
        ctx: &ctx,
        flagged,
        hidden,
    })
}

/// `POST /appeals/public/{number}/hide`: `reason`.
pub async fn hide(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_role(Role::Moderator)?.clone();
    if number.len() > 64 {
        return Err(AppError::NotFound);
    }
    let Some(reason) = reason(&f) else {
        let typed = f.get("reason").cloned().unwrap_or_default();
        let message = ctx.t("appeal-hide-error-reason");
        return render(
            &state,
            &ctx,
            &number,
            ("hide", message, typed),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let changed = workflow::set_summary_visibility(&state, &user, &number, Some(&reason)).await?;
    let notice = if changed {
        "notice-appeal-hidden"
    } else {
        "notice-appeal-already-hidden"
    };
    Ok(Redirect::to(&format!("/appeals/public/{number}?done={notice}#top")).into_response())
}

/// `POST /appeals/public/{number}/show`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_role(Role::Moderator)?.clone();
    if number.len() > 64 {
        return Err(AppError::NotFound);
    }
    let changed = workflow::set_summary_visibility(&state, &user, &number, None).await?;
    let notice = if changed {
        "notice-appeal-shown"
    } else {
        "notice-appeal-already-shown"
    };
    Ok(Redirect::to(&format!("/appeals/public/{number}?done={notice}#top")).into_response())
}
