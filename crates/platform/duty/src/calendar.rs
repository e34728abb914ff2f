//! The country's working-day calendar as the platform uses it: the data file plus the changes
//! administrators made (audited), served from a snapshot (see `opengov_web::cache`).

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use opengov_audit::{Actor, Event};
use opengov_kernel::{DayKind, LocalizedText, Role, Ts, WorkCalendar, db_run, tx_run};
use opengov_web::error::Msg;
use opengov_web::form::{FieldErrors, FieldView, Form, Query};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::{Deserialize, Serialize};

/// How stale another node's calendar may be after a change.
const TTL: Duration = Duration::from_secs(5);

#[derive(sqlx::FromRow)]
struct DayRow {
    day: String,
    kind: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
}

async fn overrides(
    state: &AppState,
) -> Result<Vec<(NaiveDate, DayKind, LocalizedText)>, opengov_kernel::DbError> {
    let rows: Vec<DayRow> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT day, kind, name_kk, name_ru, name_en FROM calendar_days WHERE country = $1 ORDER BY day"
    )
    .bind(&state.config.country)
    .fetch_all(c)
    .await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((
                NaiveDate::parse_from_str(&r.day, "%Y-%m-%d").ok()?,
                DayKind::from_code(&r.kind)?,
                LocalizedText::new(r.name_kk, r.name_ru, r.name_en),
            ))
        })
        .collect())
}

/// The calendar in force, and which of its days administrators changed.
#[derive(Debug)]
pub struct CalendarInForce {
    pub calendar: WorkCalendar,
    pub changed: std::collections::BTreeSet<NaiveDate>,
}

/// The calendar in force: the country's data file with the administrators' changes.
pub async fn current(state: &AppState) -> AppResult<Arc<CalendarInForce>> {
    let snapshot = state.caches.snapshot::<CalendarInForce>(TTL);
    let state2 = state.clone();
    snapshot
        .get(|| async move {
            let mut calendar =
                WorkCalendar::builtin(&state2.config.country).map_err(AppError::internal)?;
            let mut changed = std::collections::BTreeSet::new();
            for (day, kind, name) in overrides(&state2).await? {
                calendar.set_day(day, kind, &name);
                changed.insert(day);
            }
            Ok::<_, AppError>(CalendarInForce { calendar, changed })
        })
        .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year to show (default: the current year).
    pub year: Option<i32>,
}

/// One day that is not an ordinary working day or weekend.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SpecialDay {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// `holiday` or `working_day` (a weekend day made working).
    pub kind: &'static str,
    /// The name in each language (empty for working days).
    pub name: LocalizedText,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CalendarYear {
    pub country: String,
    pub year: i32,
    /// Whether the calendar has holiday data for this year.
    pub covered: bool,
    pub days: Vec<SpecialDay>,
}

fn year_of(state: &AppState, calendar: &WorkCalendar, q: &YearQuery) -> AppResult<i32> {
    let year = q
        .year
        .unwrap_or_else(|| calendar.local_date(state.clock.now()).year());
    if !(1900..=2200).contains(&year) {
        return Err(AppError::BadRequest(Msg::new("calendar-error-year")));
    }
    Ok(year)
}

fn days(calendar: &WorkCalendar, year: i32) -> Vec<SpecialDay> {
    calendar
        .special_days(year)
        .into_iter()
        .map(|(date, kind, name)| SpecialDay {
            date,
            kind: kind.code(),
            name,
        })
        .collect()
}

/// The holidays and moved working days of a year.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "calendar", params(YearQuery),
    responses((status = 200, body = CalendarYear), (status = 400, description = "Year out of range", body = opengov_web::error::ApiErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<CalendarYear>> {
    let in_force = current(&state).await?;
    let calendar = &in_force.calendar;
    let year = year_of(&state, calendar, &q)?;
    let covered = calendar.covers(NaiveDate::from_ymd_opt(year, 6, 1).unwrap_or(NaiveDate::MIN));
    Ok(Json(CalendarYear {
        country: calendar.country.clone(),
        year,
        covered,
        days: days(calendar, year),
    }))
}

/// A day as a page shows it.
pub struct DayView {
    pub date: String,
    pub weekday: String,
    pub kind: String,
    pub name: String,
    pub name_lang: &'static str,
    pub changed: bool,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage<'a> {
    ctx: &'a PageCtx,
    year: i32,
    covered: bool,
    years: Vec<i32>,
    days: Vec<DayView>,
    admin: bool,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

const WEEKDAY_KEYS: [&str; 7] = [
    "calendar-weekday-mon",
    "calendar-weekday-tue",
    "calendar-weekday-wed",
    "calendar-weekday-thu",
    "calendar-weekday-fri",
    "calendar-weekday-sat",
    "calendar-weekday-sun",
];

async fn render(
    state: &AppState,
    ctx: &PageCtx,
    q: &YearQuery,
    admin: bool,
    form: &DayForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let in_force = current(state).await?;
    let (calendar, changed) = (&in_force.calendar, &in_force.changed);
    let year = year_of(state, calendar, q)?;
    let (first, last) = calendar.years();
    let days = calendar
        .special_days(year)
        .into_iter()
        .map(|(date, kind, name)| DayView {
            date: date.format("%Y-%m-%d").to_string(),
            weekday: ctx.t(WEEKDAY_KEYS[date.weekday().num_days_from_monday() as usize % 7]),
            kind: ctx.t(if kind == DayKind::Holiday {
                "calendar-kind-holiday"
            } else {
                "calendar-kind-working-day"
            }),
            name: ctx.text(&name).to_owned(),
            name_lang: ctx.text_lang(&name),
            changed: changed.contains(&date),
        })
        .collect();
    let translated = errors.translate(ctx);
    let fields = vec![
        FieldView::new("date", ctx.t("calendar-field-date"), "text")
            .value(&form.date)
            .hint(ctx.t("calendar-field-date-hint"))
            .required()
            .error_from(&translated),
        FieldView::new("kind", ctx.t("calendar-field-kind"), "select")
            .value(&form.kind)
            .options(vec![
                ("holiday".to_owned(), ctx.t("calendar-kind-holiday")),
                ("working_day".to_owned(), ctx.t("calendar-kind-working-day")),
            ])
            .error_from(&translated),
        FieldView::new("name_kk", ctx.t("calendar-field-name-kk"), "text")
            .value(&form.name_kk)
            .hint(ctx.t("calendar-field-name-hint"))
            .error_from(&translated),
        FieldView::new("name_ru", ctx.t("calendar-field-name-ru"), "text")
            .value(&form.name_ru)
            .error_from(&translated),
        FieldView::new("name_en", ctx.t("calendar-field-name-en"), "text")
            .value(&form.name_en)
            .error_from(&translated),
    ];
    let page = CalendarPage {
        ctx,
        year,
        covered: calendar.covers(NaiveDate::from_ymd_opt(year, 6, 1).unwrap_or(NaiveDate::MIN)),
        years: (first..=last).collect(),
        days,
        admin,
        fields,
        errors: translated.into_iter().collect(),
    };
    ctx.render_form(&page, !errors.is_empty())
}

/// `GET /calendar?year=`: the working-day calendar deadlines are counted with.
pub async fn public_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    render(
        &state,
        &ctx,
        &q,
        false,
        &DayForm::default(),
        &FieldErrors::new(),
    )
    .await
}

/// `GET /admin/calendar?year=`: the same, with the forms to change it.
pub async fn admin_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    render(
        &state,
        &ctx,
        &q,
        true,
        &DayForm {
            kind: "holiday".into(),
            ..DayForm::default()
        },
        &FieldErrors::new(),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DayForm {
    pub date: String,
    pub kind: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// `POST /admin/calendar/days`: makes a day a holiday or a working day.
pub async fn set_day(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<DayForm>,
) -> AppResult<Response> {
    let admin = ctx.require_role(Role::Administrator)?.clone();
    let mut errors = FieldErrors::new();
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()));
    if date.is_none() {
        errors.add("date", "calendar-error-date");
    }
    let kind = DayKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "calendar-error-kind");
    }
    let name = LocalizedText::new(
        form.name_kk.trim(),
        form.name_ru.trim(),
        form.name_en.trim(),
    );
    for (field, text) in [
        ("name_kk", &name.kk),
        ("name_ru", &name.ru),
        ("name_en", &name.en),
    ] {
        if text.chars().count() > 120 || text.chars().any(char::is_control) {
            errors.add(field, "calendar-error-name");
        }
    }
    if kind == Some(DayKind::Holiday) && name.is_empty() {
        errors.add("name_kk", "calendar-error-name-needed");
    }
    // A working day has no name.
    let name = if kind == Some(DayKind::WorkingDay) {
        LocalizedText::default()
    } else {
        name
    };
    let (Some(date), Some(kind), true) = (date, kind, errors.is_empty()) else {
        let q = YearQuery {
            year: date.map(|d| d.year()),
        };
        return render(&state, &ctx, &q, true, &form, &errors).await;
    };
    let now: Ts = state.now();
    let day = date.format("%Y-%m-%d").to_string();
    let mut tx = state.db.begin().await?;
    tx_run!(&mut tx, |c| {
        sqlx::query(
        "INSERT INTO calendar_days (country, day, kind, name_kk, name_ru, name_en, changed_at, changed_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (country, day) DO UPDATE SET kind = excluded.kind, name_kk = excluded.name_kk, \
         name_ru = excluded.name_ru, name_en = excluded.name_en, changed_at = excluded.changed_at, \
         changed_by = excluded.changed_by"
    )
    .bind(&state.config.country)
    .bind(&day)
    .bind(kind.code())
    .bind(&name.kk)
    .bind(&name.ru)
    .bind(&name.en)
    .bind(now)
    .bind(admin.id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(admin.id, &admin.display_name),
        Event::new(
            "calendar.set_day",
            "calendar_day",
            format!("{}/{day}", state.config.country),
        )
        .data(serde_json::json!({ "kind": kind.code(), "name": name })),
    )
    .await?;
    tx.commit().await?;
    state.caches.snapshot::<CalendarInForce>(TTL).invalidate();
    Ok(Redirect::to(&format!(
        "/admin/calendar?year={}&done=notice-calendar-saved",
        date.year()
    ))
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    pub date: String,
}

/// `POST /admin/calendar/days/remove`: undoes a change (the data file applies again).
pub async fn remove_day(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<RemoveForm>,
) -> AppResult<Response> {
    let admin = ctx.require_role(Role::Administrator)?.clone();
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest(Msg::new("calendar-error-date")))?;
    let day = date.format("%Y-%m-%d").to_string();
    let now: Ts = state.now();
    let mut tx = state.db.begin().await?;
    let removed = tx_run!(&mut tx, |c| sqlx::query(
        "DELETE FROM calendar_days WHERE country = $1 AND day = $2"
    )
    .bind(&state.config.country)
    .bind(&day)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    opengov_audit::append(
        &mut tx,
        now,
        &Actor::official(admin.id, &admin.display_name),
        Event::new(
            "calendar.remove_day",
            "calendar_day",
            format!("{}/{day}", state.config.country),
        ),
    )
    .await?;
    tx.commit().await?;
    state.caches.snapshot::<CalendarInForce>(TTL).invalidate();
    Ok(Redirect::to(&format!(
        "/admin/calendar?year={}&done=notice-calendar-removed",
        date.year()
    ))
    .into_response())
}
