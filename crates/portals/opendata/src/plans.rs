//! Publication plans and compliance: each body's approved list of datasets it must publish,
//! with due dates, and a public page that compares the list with what the body published.
//!
//! An item is **on time** (published by its due date and fresh), **late** (published after
//! it), **stale** (published, but not updated as often as its frequency says), **missing** (its
//! due date passed and nothing is published) or **pending** (not due yet).
//!
//! - `GET /data/compliance`: every body's counts; `GET /data/compliance/{body}`: the items.
//! - `POST /data/plans` and `POST /data/plans/{id}/remove`: administrators and the body's head
//!   keep the list (audited).
//! - `POST /data/plans/{id}/link`: the body's publishers say which dataset fulfils an item.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use opengov_audit::{Actor, Event};
use opengov_kernel::{Db, DbError, LocalizedText, Role, db_run, tx_run};
use opengov_web::auth::CurrentUser;
use opengov_web::form::Form;
use opengov_web::{AppError, AppResult, AppState, Msg, PageCtx};
use serde::Deserialize;
use serde_json::json;

use crate::domain::State as DsState;
use crate::store::{self, Dataset};
use crate::vocab;

/// Where a plan item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    Missing,
    Stale,
    Late,
    Pending,
    OnTime,
}

impl Standing {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Stale => "stale",
            Self::Late => "late",
            Self::Pending => "pending",
            Self::OnTime => "on_time",
        }
    }

    #[must_use]
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Missing => "plan-missing",
            Self::Stale => "plan-stale",
            Self::Late => "plan-late",
            Self::Pending => "plan-pending",
            Self::OnTime => "plan-on-time",
        }
    }
}

/// The standing of an item due on `due_on` with frequency `frequency`, fulfilled by `dataset`
/// (if any), on `today`.
#[must_use]
pub fn standing(
    due_on: NaiveDate,
    frequency: &str,
    dataset: Option<&Dataset>,
    today: NaiveDate,
) -> Standing {
    let published = dataset.filter(|d| d.state() == DsState::Published && !d.private);
    match published {
        None if today > due_on => Standing::Missing,
        None => Standing::Pending,
        Some(d) => {
            let first = d.published_at.map_or(today, |t| t.0.date_naive());
            let last_change = d.updated_at.0.date_naive();
            let stale = vocab::stale_after_days(frequency)
                .is_some_and(|days| (today - last_change).num_days() > days);
            if stale {
                Standing::Stale
            } else if first > due_on {
                Standing::Late
            } else {
                Standing::OnTime
            }
        }
    }
}

/// An item of a plan as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanItem {
    pub id: i64,
    pub body_id: i64,
    pub title_kk: String,
    pub title_ru: String,
    pub title_en: String,
    pub frequency: String,
    pub due_on: String,
    pub dataset_id: Option<i64>,
}

impl PlanItem {
    #[must_use]
    pub fn title(&self) -> LocalizedText {
        LocalizedText::new(&self.title_kk, &self.title_ru, &self.title_en)
    }
}

const ITEM_COLUMNS: &str =
    "id, body_id, title_kk, title_ru, title_en, frequency, due_on, dataset_id";

async fn items(db: &Db, body_id: Option<i64>) -> Result<Vec<PlanItem>, DbError> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM publication_plans WHERE ($1 IS NULL OR body_id = $1) \
         ORDER BY body_id, due_on, id LIMIT 100000"
    );
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(body_id)
        .fetch_all(c)
        .await)
}

/// Every item of the approved lists (of one body, or all), with the dataset that fulfils it and
/// its standing today.
pub async fn standings_of(
    state: &AppState,
    body_id: Option<i64>,
) -> Result<Vec<(PlanItem, Option<Dataset>, Standing)>, DbError> {
    let list = items(&state.db, body_id).await?;
    let ids: Vec<i64> = list.iter().filter_map(|i| i.dataset_id).collect();
    let datasets = store::by_ids(&state.db, &ids).await?;
    let today = state.clock.now().date_naive();
    Ok(list
        .into_iter()
        .map(|item| {
            let due = NaiveDate::parse_from_str(&item.due_on, "%Y-%m-%d").unwrap_or(today);
            let d = item
                .dataset_id
                .and_then(|id| datasets.iter().find(|d| d.id == id))
                .cloned();
            let s = standing(due, &item.frequency, d.as_ref(), today);
            (item, d, s)
        })
        .collect())
}

/// An item with its standing.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: i64,
    pub title: String,
    pub title_lang: &'static str,
    pub frequency: String,
    pub due_on: String,
    pub standing: &'static str,
    pub standing_label: String,
    pub dataset: Option<(String, String)>,
}

/// A body's counts.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub href: String,
    pub name: String,
    pub total: usize,
    pub on_time: usize,
    pub late: usize,
    pub stale: usize,
    pub missing: usize,
    pub pending: usize,
}

#[derive(Template)]
#[template(path = "data_compliance.html")]
struct OverviewPage<'a> {
    ctx: &'a PageCtx,
    rows: Vec<Counts>,
}

/// `GET /data/compliance`.
pub async fn overview(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let all = standings_of(&state, None).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let mut rows: Vec<Counts> = Vec::new();
    for (item, _, s) in &all {
        let Some(body) = directory.by_id(item.body_id) else {
            continue;
        };
        let href = format!("/data/compliance/{}", body.slug);
        if rows.last().is_none_or(|r| r.href != href) {
            rows.push(Counts {
                href,
                name: ctx.text(&body.name).to_owned(),
                ..Counts::default()
            });
        }
        if let Some(r) = rows.last_mut() {
            r.total += 1;
            match s {
                Standing::OnTime => r.on_time += 1,
                Standing::Late => r.late += 1,
                Standing::Stale => r.stale += 1,
                Standing::Missing => r.missing += 1,
                Standing::Pending => r.pending += 1,
            }
        }
    }
    ctx.render(&OverviewPage { ctx: &ctx, rows })
}

fn may_plan(user: Option<&CurrentUser>, body_id: i64) -> bool {
    user.is_some_and(|u| u.has_global(Role::Administrator) || u.has_in_body(Role::Head, body_id))
}

#[derive(Template)]
#[template(path = "data_compliance_body.html")]
struct BodyPage<'a> {
    ctx: &'a PageCtx,
    body_id: i64,
    body_name: String,
    lines: Vec<Line>,
    may_plan: bool,
    may_link: bool,
    choices: Vec<(String, String)>,
    frequencies: Vec<(String, String)>,
}

/// `GET /data/compliance/{body}`.
pub async fn body_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let directory = opengov_bodies::directory::get(&state).await?;
    let body = directory.by_slug(&slug).ok_or(AppError::NotFound)?;
    let lines = standings_of(&state, Some(body.id))
        .await?
        .into_iter()
        .map(|(item, d, s)| {
            let title = item.title();
            Line {
                id: item.id,
                title: ctx.text(&title).to_owned(),
                title_lang: ctx.text_lang(&title),
                frequency: vocab::frequency(&item.frequency)
                    .map(|f| ctx.text(&f.name()).to_owned())
                    .unwrap_or_default(),
                due_on: item.due_on.clone(),
                standing: s.code(),
                standing_label: ctx.t(s.label_key()),
                dataset: d
                    .filter(|d| crate::workflow::can_see(ctx.user.as_ref(), d))
                    .map(|d| (format!("/data/{}", d.name), ctx.text(&d.title()).to_owned())),
            }
        })
        .collect();
    let may_link = crate::workflow::can_publish(ctx.user.as_ref(), body.id);
    let choices = if may_link {
        store::of_body(&state.db, body.id, 1000)
            .await?
            .iter()
            .map(|d| (d.name.clone(), ctx.text(&d.title()).to_owned()))
            .collect()
    } else {
        Vec::new()
    };
    ctx.render(&BodyPage {
        ctx: &ctx,
        body_id: body.id,
        body_name: ctx.text(&body.name).to_owned(),
        lines,
        may_plan: may_plan(ctx.user.as_ref(), body.id),
        may_link,
        choices,
        frequencies: vocab::FREQUENCIES
            .iter()
            .map(|f| (f.code.to_owned(), ctx.text(&f.name()).to_owned()))
            .collect(),
    })
}

/// A new plan item, as submitted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub body: String,
    pub title_kk: String,
    pub title_ru: String,
    pub title_en: String,
    pub frequency: String,
    pub due_on: String,
    pub dataset: String,
}

fn actor(user: &CurrentUser) -> Actor {
    Actor::official(user.id, &user.display_name)
}

async fn body_slug(state: &AppState, body_id: i64) -> AppResult<String> {
    let directory = opengov_bodies::directory::get(state).await?;
    Ok(directory
        .by_id(body_id)
        .ok_or(AppError::NotFound)?
        .slug
        .clone())
}

/// `POST /data/plans`.
pub async fn add(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(f): Form<ItemForm>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let body_id: i64 = f
        .body
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request("dataset-error-body"))?;
    if !may_plan(Some(&user), body_id) {
        return Err(AppError::forbidden());
    }
    let slug = body_slug(&state, body_id).await?;
    let titles = [f.title_kk.trim(), f.title_ru.trim(), f.title_en.trim()];
    if titles
        .iter()
        .any(|t| t.is_empty() || t.chars().count() > 300 || t.chars().any(char::is_control))
    {
        return Err(AppError::Unprocessable(Msg::new("plan-error-title")));
    }
    if vocab::frequency(f.frequency.trim()).is_none() {
        return Err(AppError::Unprocessable(Msg::new("dataset-error-frequency")));
    }
    let due = NaiveDate::parse_from_str(f.due_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Unprocessable(Msg::new("dataset-error-date")))?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let id: i64 = tx_run!(&mut tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO publication_plans (body_id, title_kk, title_ru, title_en, frequency, due_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(body_id)
    .bind(titles[0])
    .bind(titles[1])
    .bind(titles[2])
    .bind(f.frequency.trim())
    .bind(due.format("%Y-%m-%d").to_string())
    .bind(now)
    .fetch_one(&mut *c)
    .await
    })?;
    opengov_audit::append(
        &mut tx,
        now,
        &actor(&user),
        Event::new("publication_plan.added", "publication_plan", id)
            .body(Some(body_id))
            .data(json!({ "title": titles[1], "due_on": due.to_string() })),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/data/compliance/{slug}?done=notice-plan-added")).into_response())
}

async fn item(tx: &mut opengov_kernel::Tx, id: &str) -> AppResult<PlanItem> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let sql = format!("SELECT {ITEM_COLUMNS} FROM publication_plans WHERE id = $1");
    tx_run!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// `POST /data/plans/{id}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let it = item(&mut tx, &id).await?;
    if !may_plan(Some(&user), it.body_id) {
        return Err(AppError::forbidden());
    }
    tx_run!(&mut tx, |c| sqlx::query(
        "DELETE FROM publication_plans WHERE id = $1"
    )
    .bind(it.id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    opengov_audit::append(
        &mut tx,
        now,
        &actor(&user),
        Event::new("publication_plan.removed", "publication_plan", it.id)
            .body(Some(it.body_id))
            .data(json!({ "title": it.title_ru })),
    )
    .await?;
    tx.commit().await?;
    let slug = body_slug(&state, it.body_id).await?;
    Ok(Redirect::to(&format!("/data/compliance/{slug}?done=notice-plan-removed")).into_response())
}

/// `POST /data/plans/{id}/link`: `dataset` (a name of the body's dataset, or empty).
pub async fn link(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let it = item(&mut tx, &id).await?;
    if !crate::workflow::can_publish(Some(&user), it.body_id) {
        return Err(AppError::forbidden());
    }
    let dataset = match f.dataset.trim() {
        "" => None,
        name => Some(
            store::lock(&mut tx, name)
                .await?
                .filter(|d| d.body_id == it.body_id)
                .ok_or_else(|| AppError::Unprocessable(Msg::new("plan-error-dataset")))?,
        ),
    };
    tx_run!(&mut tx, |c| sqlx::query(
        "UPDATE publication_plans SET dataset_id = $1 WHERE id = $2"
    )
    .bind(dataset.as_ref().map(|d| d.id))
    .bind(it.id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    opengov_audit::append(
        &mut tx,
        now,
        &actor(&user),
        Event::new("publication_plan.linked", "publication_plan", it.id)
            .body(Some(it.body_id))
            .data(json!({ "dataset": dataset.as_ref().map(|d| d.name.clone()) })),
    )
    .await?;
    tx.commit().await?;
    let slug = body_slug(&state, it.body_id).await?;
    Ok(Redirect::to(&format!("/data/compliance/{slug}?done=notice-plan-linked")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use opengov_kernel::Ts;

    fn dataset(published: &str, updated: &str) -> Dataset {
        let ts = |s: &str| {
            Ts(chrono::Utc.from_utc_datetime(
                &NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
            ))
        };
        Dataset {
            id: 1,
            name: "d".into(),
            body_id: 1,
            title_kk: String::new(),
            title_ru: String::new(),
            title_en: String::new(),
            description_kk: String::new(),
            description_ru: String::new(),
            description_en: String::new(),
            themes: String::new(),
            keywords: String::new(),
            licence: "CC-BY-4.0".into(),
            frequency: "MONTHLY".into(),
            temporal_start: None,
            temporal_end: None,
            spatial: String::new(),
            contact_name: String::new(),
            contact_email: String::new(),
            state: "published".into(),
            private: false,
            withdrawn_reason: String::new(),
            created_at: ts(published),
            updated_at: ts(updated),
            published_at: Some(ts(published)),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_standing_follows_from_dates_and_frequency() {
        let today = day("2026-06-30");
        assert_eq!(
            standing(day("2026-07-01"), "MONTHLY", None, today),
            Standing::Pending
        );
        assert_eq!(
            standing(day("2026-06-01"), "MONTHLY", None, today),
            Standing::Missing
        );
        let fresh = dataset("2026-05-01", "2026-06-20");
        assert_eq!(
            standing(day("2026-05-15"), "MONTHLY", Some(&fresh), today),
            Standing::OnTime
        );
        assert_eq!(
            standing(day("2026-04-15"), "MONTHLY", Some(&fresh), today),
            Standing::Late
        );
        let old = dataset("2026-01-01", "2026-02-01");
        assert_eq!(
            standing(day("2026-02-01"), "MONTHLY", Some(&old), today),
            Standing::Stale
        );
        assert_eq!(
            standing(day("2026-02-01"), "IRREG", Some(&old), today),
            Standing::OnTime
        );
        let mut draft = fresh.clone();
        draft.state = "draft".into();
        assert_eq!(
            standing(day("2026-06-01"), "MONTHLY", Some(&draft), today),
            Standing::Missing
        );
    }
}
