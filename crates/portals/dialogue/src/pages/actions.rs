//! `POST /appeals/{number}/…`: the steps of an appeal. Each answers with a redirect to the
//! appeal page and a one-time notice, or shows the appeal page again with the problem next to
//! the form and everything typed kept.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use opengov_duty::Outcome;
use opengov_web::form::Form;
use opengov_web::{AppError, AppResult, AppState, Msg, PageCtx};

use super::show::{Problem, render};
use crate::workflow::{self, WorkflowError};

type Fields = HashMap<String, String>;

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |v| v.as_str())
}

fn done(number: &str, notice: &str) -> Response {
    Redirect::to(&format!("/appeals/{number}?done={notice}#top")).into_response()
}

/// Turns a refused step into the appeal page with the problem shown by `form`.
async fn refused(
    state: &AppState,
    ctx: &PageCtx,
    number: &str,
    form: &'static str,
    values: Fields,
    err: WorkflowError,
) -> AppResult<Response> {
    let (status, msg) = match err {
        WorkflowError::Invalid(_, msg) => (StatusCode::UNPROCESSABLE_ENTITY, msg),
        WorkflowError::Duty(d) => {
            let msg = match &d {
                opengov_duty::DutyError::NotLater { current } => {
                    Msg::new(d.message_key()).arg("date", current)
                }
                opengov_duty::DutyError::OverCap { cap } => {
                    Msg::new(d.message_key()).arg("date", cap)
                }
                _ => Msg::new(d.message_key()),
            };
            (StatusCode::CONFLICT, msg)
        }
        WorkflowError::Conflict(key) => (StatusCode::CONFLICT, Msg::new(key)),
        other => return Err(other.into()),
    };
    let problem = Problem {
        form,
        message: ctx.msg(&msg),
        values,
    };
    render(state, ctx, number, problem, status).await
}

async fn finish(
    state: &AppState,
    ctx: &PageCtx,
    number: &str,
    form: &'static str,
    values: Fields,
    result: Result<(), WorkflowError>,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(done(number, &format!("notice-appeal-{form}"))),
        Err(e) => refused(state, ctx, number, form, values, e).await,
    }
}

/// `POST /appeals/{number}/assign`: `assignee` (empty: the caller takes it).
pub async fn assign(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let assignee = match field(&f, "assignee").trim() {
        "" => None,
        v => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::bad_request("appeal-error-assignee"))?,
        ),
    };
    let r = workflow::assign(&state, &user, &number, assignee).await;
    finish(&state, &ctx, &number, "assign", f, r).await
}

/// `POST /appeals/{number}/start`.
pub async fn start(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let r = workflow::start(&state, &user, &number).await;
    finish(&state, &ctx, &number, "start", f, r).await
}

/// `POST /appeals/{number}/answer`: `outcome`, `text`, `how_to_appeal`.
pub async fn answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let text = crate::domain::clean(field(&f, "text"));
    let how = crate::domain::clean(field(&f, "how_to_appeal"));
    let r = match Outcome::from_code(field(&f, "outcome")) {
        None => Err(WorkflowError::Invalid(
            "outcome",
            Msg::new("appeal-error-outcome"),
        )),
        Some(_) if text.chars().count() < 10 || text.chars().count() > 20_000 => Err(
            WorkflowError::Invalid("text", Msg::new("appeal-error-answer-text")),
        ),
        Some(Outcome::Refused | Outcome::PartlySatisfied) if how.is_empty() => Err(
            WorkflowError::Invalid("how_to_appeal", Msg::new("appeal-error-how-to-appeal")),
        ),
        Some(outcome) => workflow::answer(&state, &user, &number, outcome, &text, &how).await,
    };
    finish(&state, &ctx, &number, "answer", f, r).await
}

/// `POST /appeals/{number}/redirect`: `to_body`, `reason`.
pub async fn redirect(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let r = match field(&f, "to_body").trim().parse::<i64>() {
        Ok(to) => {
            let reason = crate::domain::clean(field(&f, "reason"));
            workflow::redirect(&state, &user, &number, to, &reason).await
        }
        Err(_) => Err(WorkflowError::Invalid(
            "to_body",
            Msg::new("appeal-error-body"),
        )),
    };
    finish(&state, &ctx, &number, "redirect", f, r).await
}

/// `POST /appeals/{number}/extend`: `until` (YYYY-MM-DD), `reason`.
pub async fn extend(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let r = match NaiveDate::parse_from_str(field(&f, "until").trim(), "%Y-%m-%d") {
        Ok(until) => {
            let reason = crate::domain::clean(field(&f, "reason"));
            workflow::extend(&state, &user, &number, until, &reason)
                .await
                .map(|_| ())
        }
        Err(_) => Err(WorkflowError::Invalid(
            "until",
            Msg::new("appeal-error-date"),
        )),
    };
    finish(&state, &ctx, &number, "extend", f, r).await
}

/// `POST /appeals/{number}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let r = workflow::withdraw(&state, &user, &number).await;
    finish(&state, &ctx, &number, "withdraw", f, r).await
}

/// `POST /appeals/{number}/rate`: `rating` 1–5, `comment`.
pub async fn rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let comment = crate::domain::clean(field(&f, "comment"));
    let r = match field(&f, "rating").trim().parse::<i64>() {
        Ok(_) if comment.chars().count() > 2000 => Err(WorkflowError::Invalid(
            "comment",
            Msg::new("appeal-error-comment"),
        )),
        Ok(n) => workflow::rate(&state, &user, &number, n, &comment).await,
        Err(_) => Err(WorkflowError::Invalid(
            "rating",
            Msg::new("appeal-error-rating"),
        )),
    };
    finish(&state, &ctx, &number, "rate", f, r).await
}

/// `POST /appeals/{number}/complain`: `text`. Opens a linked complaint at the superior body.
pub async fn complain(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    match workflow::complain(&state, &user, &number, field(&f, "text"), &[]).await {
        Ok(receipt) => {
            Ok(Redirect::to(&format!("/appeals/{}/receipt", receipt.number)).into_response())
        }
        Err(e) => refused(&state, &ctx, &number, "complain", f, e).await,
    }
}

/// `POST /appeals/{number}/note`: `note`, seen by officials only.
pub async fn note(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let r = workflow::note(&state, &user, &number, field(&f, "note")).await;
    finish(&state, &ctx, &number, "note", f, r).await
}
