//! The appeal statistics as data: `GET /api/v1/appeals/stats` (JSON, optional `body` filter)
//! and `GET /appeals/stats.csv` (one row per body and month). Both read the statistics
//! snapshot (see [`crate::stats`]); neither holds personal data.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opengov_kernel::LocalizedText;
use opengov_web::form::Query;
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde::{Deserialize, Serialize};

use crate::pages::stats::find_body;
use crate::stats::{self, BodyStats, Figures};
use crate::store;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// Only this body: its numeric id or its slug.
    pub body: Option<String>,
}

/// The figures of a set of appeals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct FiguresDto {
    /// Appeals registered.
    pub received: i64,
    /// Of those, answered.
    pub answered: i64,
    /// Of the answered, answered by the deadline.
    pub answered_on_time: i64,
    /// `answered_on_time / answered`, from 0 to 1; `null` when none is answered.
    pub on_time_share: Option<f64>,
    /// Median working days from registration to the answer; `null` when none is answered.
    pub median_working_days: Option<f64>,
    /// Still open and past the deadline when the figures were computed.
    pub overdue_now: i64,
    /// Answers rated by the applicants.
    pub ratings: i64,
    /// Average rating, 1 to 5; `null` when none is rated.
    pub average_rating: Option<f64>,
}

impl From<&Figures> for FiguresDto {
    fn from(f: &Figures) -> Self {
        Self {
            received: f.received,
            answered: f.answered,
            answered_on_time: f.on_time,
            on_time_share: f.on_time_share(),
            median_working_days: f.median_days(),
            overdue_now: f.overdue,
            ratings: f.ratings,
            average_rating: f.average_rating(),
        }
    }
}

/// The figures of the appeals registered in one month.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct MonthDto {
    /// `YYYY-MM`, in the country's time zone.
    pub month: String,
    pub figures: FiguresDto,
}

/// The figures of one category of a body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct CategoryDto {
    /// `null` for appeals filed without a category.
    pub category_id: Option<i64>,
    pub code: Option<String>,
    pub name: Option<LocalizedText>,
    pub figures: FiguresDto,
}

/// One body's figures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct BodyStatsDto {
    pub body_id: i64,
    pub code: String,
    pub slug: String,
    pub name: LocalizedText,
    pub figures: FiguresDto,
    /// Every month with appeals, oldest first.
    pub by_month: Vec<MonthDto>,
    pub by_category: Vec<CategoryDto>,
}

/// The statistics of appeals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AppealStatsDto {
    /// When the figures were computed (they are at most about a minute old).
    pub as_of: String,
    /// The last twelve months, oldest first (what the pages chart).
    pub months: Vec<String>,
    /// All bodies together (or the one body asked for).
    pub overall: FiguresDto,
    /// Bodies with appeals, by id.
    pub bodies: Vec<BodyStatsDto>,
}

fn months(by_month: &BTreeMap<String, Figures>) -> Vec<MonthDto> {
    by_month
        .iter()
        .map(|(m, f)| MonthDto {
            month: m.clone(),
            figures: f.into(),
        })
        .collect()
}

/// Public statistics of appeals per body and overall: received, answered, answered on time,
/// median working days to answer, overdue now and ratings, by month and by category. No
/// personal data. The figures are computed at most every 30 seconds.
#[utoipa::path(get, path = "/api/v1/appeals/stats", tag = "appeals", params(StatsParams),
    responses((status = 200, body = AppealStatsDto),
        (status = 404, description = "No such body", body = opengov_web::error::ApiErrorBody)))]
pub async fn stats_json(
    State(state): State<AppState>,
    Query(p): Query<StatsParams>,
) -> AppResult<Json<AppealStatsDto>> {
    let directory = opengov_bodies::directory::get(&state).await?;
    let only = match p.body.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(key) => Some(find_body(&directory, key).ok_or(AppError::NotFound)?.id),
    };
    let snapshot = stats::get(&state).await?;
    let categories = store::all_categories(&state.db).await?;
    let body_dto = |id: i64, b: &BodyStats| {
        let body = directory.by_id(id)?;
        Some(BodyStatsDto {
            body_id: id,
            code: body.code.clone(),
            slug: body.slug.clone(),
            name: body.name.clone(),
            figures: (&b.total).into(),
            by_month: months(&b.by_month),
            by_category: b
                .by_category
                .iter()
                .map(|(cid, f)| {
                    let c = cid.and_then(|cid| categories.iter().find(|c| c.id == cid));
                    CategoryDto {
                        category_id: *cid,
                        code: c.map(|c| c.code.clone()),
                        name: c.map(store::CategoryRow::name),
                        figures: f.into(),
                    }
                })
                .collect(),
        })
    };
    let (overall, bodies) = match only {
        Some(id) => {
            let b = snapshot.body(id);
            let dto = body_dto(id, &b);
            ((&b.total).into(), dto.into_iter().collect())
        }
        None => (
            (&snapshot.overall).into(),
            snapshot
                .bodies
                .iter()
                .filter_map(|(id, b)| body_dto(*id, b))
                .collect(),
        ),
    };
    Ok(Json(AppealStatsDto {
        as_of: snapshot.as_of.0.to_rfc3339(),
        months: snapshot.months.clone(),
        overall,
        bodies,
    }))
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "body_code",
    "body_name",
    "month",
    "received",
    "answered",
    "answered_on_time",
    "median_working_days",
    "overdue_now",
    "ratings",
    "average_rating",
    "on_time_share",
];

fn number(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}")).unwrap_or_default()
}

/// `GET /appeals/stats.csv`: one row per body and month with appeals (RFC 4180, a header
/// row), body names in the language of the request, decimals with a point.
pub async fn stats_csv(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let snapshot = stats::get(&state).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for (id, b) in &snapshot.bodies {
        let Some(body) = directory.by_id(*id) else {
            continue;
        };
        let code = opengov_bodies::csv::quote(&body.code);
        let name = opengov_bodies::csv::quote(ctx.text(&body.name));
        for (month, f) in &b.by_month {
            let _ = write!(
                out,
                "{code},{name},{month},{},{},{},{},{},{},{},{}\r\n",
                f.received,
                f.answered,
                f.on_time,
                number(f.median_days(), 1),
                f.overdue,
                f.ratings,
                number(f.average_rating(), 2),
                number(f.on_time_share(), 4),
            );
        }
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"appeal-stats.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}
