//! `/admin/jobs`: queued and failed jobs, for administrators, with a retry button.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::{Actor, Event};
use opengov_kernel::{Role, db_run};
use opengov_web::{AppResult, AppState, PageCtx};

use crate::queue::{self, JobRow};

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage<'a> {
    ctx: &'a PageCtx,
    counts: Vec<(String, i64)>,
    failed: Vec<JobRow>,
    pending: Vec<JobRow>,
}

const COLUMNS: &str =
    "id, kind, payload, state, attempts, max_attempts, run_at, last_error, created_at, finished_at";

pub async fn jobs_page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let counts = queue::counts(&state.db).await?;
    let failed: Vec<JobRow> = db_run!(&state.db, |c| sqlx::query_as(sqlx::AssertSqlSafe(
        format!("SELECT {COLUMNS} FROM jobs WHERE state = 'failed' ORDER BY id DESC LIMIT 100")
    ))
    .fetch_all(c)
    .await)?;
    let pending: Vec<JobRow> = db_run!(&state.db, |c| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM jobs WHERE state IN ('queued', 'running') ORDER BY run_at, id LIMIT 100"
    )))
    .fetch_all(c)
    .await
    })?;
    ctx.render(&JobsPage {
        ctx: &ctx,
        counts,
        failed,
        pending,
    })
}

pub async fn retry(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let admin = ctx.require_role(Role::Administrator)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    if queue::retry(&mut tx, id, now).await? {
        opengov_audit::append(
            &mut tx,
            now,
            &Actor::official(admin.id, &admin.display_name),
            Event::new("job.retry", "job", id),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to("/admin/jobs?done=notice-job-retried").into_response())
}
