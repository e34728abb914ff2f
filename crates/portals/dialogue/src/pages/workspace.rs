//! `GET /workspace/appeals`: a body's queue for its responders and head, with filters (open,
//! due soon, overdue, unassigned, all; kind; category), keyset pages, and assignment of many
//! appeals at once (`POST /workspace/appeals/assign`). Supervisors see the queues of the bodies
//! below theirs and every overdue appeal there.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use opengov_kernel::{Role, Ts};
use opengov_web::auth::CurrentUser;
use opengov_web::form::Form;
use opengov_web::{AppError, AppResult, AppState, PageCtx};

use super::{Choice, Line, lines};
use crate::domain::{FILING_KINDS, kind_label_key};
use crate::store::{self, QueueView};
use crate::workflow::{self, WorkflowError};

const PAGE: i64 = 50;

/// The bodies whose queues the user works in, and those they supervise (with all below).
fn reach(
    user: &CurrentUser,
    directory: &opengov_bodies::directory::Directory,
) -> (Vec<i64>, Vec<i64>) {
    let mut work: Vec<i64> = user.bodies_with(Role::Responder);
    for b in user.bodies_with(Role::Head) {
        if !work.contains(&b) {
            work.push(b);
        }
    }
    let mut watch: Vec<i64> = Vec::new();
    for b in user.bodies_with(Role::Supervisor) {
        for id in directory.subtree(b) {
            if !watch.contains(&id) {
                watch.push(id);
            }
        }
    }
    (work, watch)
}

#[derive(Template)]
#[template(path = "workspace.html")]
struct QueuePage<'a> {
    ctx: &'a PageCtx,
    bodies: Vec<Choice>,
    body_id: i64,
    body_name: String,
    can_work: bool,
    views: Vec<(String, String, bool, i64)>,
    view: String,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    lines: Vec<Line>,
    next: Option<String>,
    officials: Vec<Choice>,
    overdue_below: Vec<Line>,
    counts_text: String,
}

fn parse_view(view: &str, now: Ts, soon: Ts) -> QueueView {
    match view {
        "due_soon" => QueueView::DueBy(soon),
        "overdue" => QueueView::Overdue(now),
        "unassigned" => QueueView::Unassigned,
        "all" => QueueView::All,
        _ => QueueView::Open,
    }
}

pub async fn queue(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let directory = opengov_bodies::directory::get(&state).await?;
    let (work, watch) = reach(&user, &directory);
    if work.is_empty() && watch.is_empty() {
        return Err(AppError::forbidden());
    }
    let body_id = match ctx.query("body") {
        Some(b) => b.trim().parse::<i64>().map_err(|_| AppError::NotFound)?,
        None => work.first().or(watch.first()).copied().unwrap_or(0),
    };
    if !work.contains(&body_id) && !watch.contains(&body_id) {
        return Err(AppError::forbidden());
    }
    let body = directory.by_id(body_id).ok_or(AppError::NotFound)?;
    let can_work = work.contains(&body_id);
    let now = state.now();
    let cal = opengov_duty::calendar::current(&state).await?;
    let today = cal.calendar.local_date(now.0);
    let soon = Ts::from(
        cal.calendar
            .end_of_day(cal.calendar.add_working_days(today, 3)),
    );
    let view_code = ctx.query("view").unwrap_or("open").to_owned();
    let view = parse_view(&view_code, now, soon);
    let kind = ctx
        .query("kind")
        .filter(|k| FILING_KINDS.iter().any(|f| f.code() == *k) || *k == "complaint_about_answer");
    let category = ctx.query("category").and_then(|c| c.parse::<i64>().ok());
    let after = ctx.query("after").and_then(|a| {
        let (t, id) = a.split_once('~')?;
        Some((Ts::parse(t).ok()?, id.parse::<i64>().ok()?))
    });
    let rows = store::queue(&state.db, body_id, view, kind, category, after, PAGE + 1).await?;
    let shown = &rows[..rows.len().min(PAGE as usize)];
    let base_query = |extra: &str| {
        let mut q = format!("/workspace/appeals?body={body_id}&view={view_code}");
        if let Some(k) = kind {
            q.push_str("&kind=");
            q.push_str(k);
        }
        if let Some(c) = category {
            q.push_str("&category=");
            q.push_str(&c.to_string());
        }
        q.push_str(extra);
        q
    };
    let next = (rows.len() as i64 > PAGE)
        .then(|| shown.last())
        .flatten()
        .map(|r| {
            let key = if view == QueueView::All {
                r.received_at
            } else {
                r.due_at
            };
            base_query(&format!(
                "&after={}~{}",
                opengov_web::error::urlencode(&key.to_text()),
                r.id
            ))
        });
    let officials_rows = store::officials_with(&state.db, body_id, &["responder", "head"]).await?;
    let queue_lines = lines(&state, &ctx, shown, &officials_rows).await?;
    let counts = store::queue_counts(&state.db, body_id, now).await?;
    let views = [
        ("open", "workspace-view-open", counts.0),
        ("due_soon", "workspace-view-due_soon", -1),
        ("overdue", "workspace-view-overdue", counts.1),
        ("unassigned", "workspace-view-unassigned", counts.2),
        ("all", "workspace-view-all", -1),
    ]
    .into_iter()
    .map(|(code, key, n)| {
        (
            format!("/workspace/appeals?body={body_id}&view={code}"),
            ctx.t(key),
            code == view_code,
            n,
        )
    })
    .collect();
    let mut bodies: Vec<Choice> = work
        .iter()
        .chain(watch.iter().filter(|b| !work.contains(b)))
        .filter_map(|id| directory.by_id(*id))
        .map(|b| Choice {
            value: b.id.to_string(),
            label: ctx.text(&b.name).to_owned(),
            selected: b.id == body_id,
        })
        .collect();
    bodies.truncate(500);
    let mut kinds = vec![Choice {
        value: String::new(),
        label: ctx.t("workspace-any"),
        selected: kind.is_none(),
    }];
    kinds.extend(
        FILING_KINDS
            .iter()
            .chain(std::iter::once(&opengov_duty::Kind::ComplaintAboutAnswer))
            .map(|k| Choice {
                value: k.code().to_owned(),
                label: ctx.t(kind_label_key(*k)),
                selected: kind == Some(k.code()),
            }),
    );
    let mut categories = vec![Choice {
        value: String::new(),
        label: ctx.t("workspace-any"),
        selected: category.is_none(),
    }];
    categories.extend(
        store::categories_of(&state.db, body_id)
            .await?
            .iter()
            .map(|c| Choice {
                value: c.id.to_string(),
                label: ctx.text(&c.name()).to_owned(),
                selected: category == Some(c.id),
            }),
    );
    let overdue_below = if watch.is_empty() {
        Vec::new()
    } else {
        let rows = store::overdue_in(&state.db, &watch, now, 100).await?;
        lines(&state, &ctx, &rows, &[]).await?
    };
    ctx.render(&QueuePage {
        ctx: &ctx,
        bodies,
        body_id,
        body_name: ctx.text(&body.name).to_owned(),
        can_work,
        views,
        view: view_code.clone(),
        kinds,
        categories,
        lines: queue_lines,
        next,
        officials: officials_rows
            .into_iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name,
                selected: false,
            })
            .collect(),
        overdue_below,
        counts_text: ctx.t_args(
            "workspace-counts",
            &[
                ("open", &counts.0.to_string()),
                ("overdue", &counts.1.to_string()),
                ("unassigned", &counts.2.to_string()),
            ],
        ),
    })
}

/// `POST /workspace/appeals/assign`: `body`, `assignee`, and one `number` per chosen appeal.
pub async fn bulk_assign(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let body: i64 = get("body")
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request("appeal-error-body"))?;
    let assignee: i64 = get("assignee")
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request("appeal-error-assignee"))?;
    let numbers: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "number")
        .map(|(_, v)| v.as_str())
        .take(PAGE as usize)
        .collect();
    if numbers.is_empty() {
        return Err(AppError::bad_request("workspace-error-none-chosen"));
    }
    let mut done_count = 0;
    for number in numbers {
        match workflow::assign(&state, &user, number, Some(assignee)).await {
            Ok(()) => done_count += 1,
            // Answered meanwhile: skip it and go on.
            Err(WorkflowError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Redirect::to(&format!(
        "/workspace/appeals?body={body}&done=notice-workspace-assigned&n={done_count}"
    ))
    .into_response())
}
