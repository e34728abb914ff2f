//! `GET /appeals/mine`: the signed-in citizen's appeals, newest first, with where each stands.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use opengov_web::{AppResult, AppState, PageCtx};

use super::{Line, lines};
use crate::store;

const PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "appeals_mine.html")]
struct MinePage<'a> {
    ctx: &'a PageCtx,
    lines: Vec<Line>,
    next: Option<String>,
}

pub async fn mine(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let before = ctx.query("before").and_then(|b| b.parse::<i64>().ok());
    let rows = store::mine(&state.db, user.id, before, PAGE + 1).await?;
    let next = (rows.len() as i64 > PAGE)
        .then(|| {
            rows.get(PAGE as usize - 1)
                .map(|r| format!("/appeals/mine?before={}", r.id))
        })
        .flatten();
    let shown = &rows[..rows.len().min(PAGE as usize)];
    let lines = lines(&state, &ctx, shown, &[]).await?;
    ctx.render(&MinePage {
        ctx: &ctx,
        lines,
        next,
    })
}
