//! `GET /appeals`: what appeals are, the legal periods, and where to go next.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use opengov_kernel::Period;
use opengov_web::{AppResult, AppState, PageCtx};

#[derive(Template)]
#[template(path = "appeals_home.html")]
struct HomePage<'a> {
    ctx: &'a PageCtx,
    answer: String,
    information: String,
    redirect: String,
    extension: String,
    complaint: String,
    is_official: bool,
    is_moderator: bool,
}

/// A legal period in words.
#[must_use]
pub fn period_text(ctx: &PageCtx, p: Period) -> String {
    match p {
        Period::WorkingDays(n) => ctx.t1("period-working-days", "n", n),
        Period::CalendarDays(n) => ctx.t1("period-calendar-days", "n", n),
        Period::Months(n) => ctx.t1("period-months", "n", n),
    }
}

pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let rules = &state.config.duty;
    let is_official = ctx.user.as_ref().is_some_and(|u| {
        u.roles.iter().any(|(r, b)| {
            b.is_some()
                && matches!(
                    r,
                    opengov_kernel::Role::Responder
                        | opengov_kernel::Role::Head
                        | opengov_kernel::Role::Supervisor
                )
        })
    });
    ctx.render(&HomePage {
        ctx: &ctx,
        answer: period_text(&ctx, rules.answer),
        information: period_text(&ctx, rules.information_request),
        redirect: period_text(&ctx, rules.redirect_within),
        extension: period_text(&ctx, rules.extension_cap),
        complaint: period_text(&ctx, rules.complaint_about_answer),
        is_official,
        is_moderator: ctx
            .user
            .as_ref()
            .is_some_and(|u| u.has_global(opengov_kernel::Role::Moderator)),
    })
}
