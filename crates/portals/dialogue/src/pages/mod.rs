//! HTML pages of the appeals portal.

pub mod actions;
pub mod file;
pub mod home;
pub mod mine;
pub mod moderation;
pub mod public;
pub mod show;
pub mod stats;
pub mod templates;
pub mod workspace;

use opengov_duty::Kind;
use opengov_kernel::Ts;
use opengov_web::{AppError, AppResult, AppState, PageCtx};

use crate::access::Access;
use crate::domain::{Status, kind_label_key};
use crate::store::{self, Appeal, ListRow};

/// A value and its label, for selects.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One line of a list of appeals as pages show it.
#[derive(Debug, Clone)]
pub struct Line {
    pub number: String,
    pub href: String,
    pub subject: String,
    pub kind: String,
    pub status: String,
    pub status_code: &'static str,
    pub body: String,
    pub received: String,
    pub due_on: String,
    pub overdue: bool,
    pub assignee: String,
}

#[must_use]
pub fn kind_label(ctx: &PageCtx, code: &str) -> String {
    Kind::from_code(code).map_or_else(|| code.to_owned(), |k| ctx.t(kind_label_key(k)))
}

#[must_use]
pub fn status_label(ctx: &PageCtx, code: &str) -> String {
    Status::from_code(code).map_or_else(|| code.to_owned(), |s| ctx.t(s.label_key()))
}

/// Lines for a list; `names` maps assignee ids to names.
pub async fn lines(
    state: &AppState,
    ctx: &PageCtx,
    rows: &[ListRow],
    names: &[(i64, String)],
) -> AppResult<Vec<Line>> {
    let directory = opengov_bodies::directory::get(state).await?;
    let now = state.now();
    Ok(rows
        .iter()
        .map(|r| Line {
            number: r.number.clone(),
            href: format!("/appeals/{}", r.number),
            subject: r.subject.clone(),
            kind: kind_label(ctx, &r.kind),
            status: status_label(ctx, &r.status),
            status_code: Status::from_code(&r.status).map_or("registered", Status::code),
            body: directory
                .by_id(r.body_id)
                .map(|b| ctx.text(&b.name).to_owned())
                .unwrap_or_default(),
            received: ctx.datetime(r.received_at),
            due_on: r.due_on.clone(),
            overdue: r.is_open && r.due_at < now,
            assignee: r
                .assignee_id
                .and_then(|id| names.iter().find(|(i, _)| *i == id))
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
        })
        .collect())
}

/// The appeal, if the caller may read it (404 otherwise, whether or not it exists).
pub async fn readable(
    state: &AppState,
    ctx: &PageCtx,
    number: &str,
) -> AppResult<(Appeal, Access)> {
    if number.len() > 64 {
        return Err(AppError::NotFound);
    }
    let appeal = store::by_number(&state.db, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let directory = opengov_bodies::directory::get(state).await?;
    let access = Access::of(
        ctx.user.as_ref(),
        &appeal,
        &directory.ancestors(appeal.body_id),
    );
    if access.can_read() {
        Ok((appeal, access))
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether an open appeal is past its deadline.
#[must_use]
pub fn is_overdue(appeal: &Appeal, now: Ts) -> bool {
    appeal.is_open && appeal.due_at < now
}
