//! `GET /appeals/stats`: how bodies answer appeals, overall and per body, sortable without
//! JavaScript, with a chart of the last twelve months (inline SVG with a text alternative and
//! the same data as a table). `GET /appeals/stats/{body}`: one body by category and by month.
//! Everything is read from the statistics snapshot (see [`crate::stats`]), never from the
//! appeals table, and nothing in it is personal.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use opengov_bodies::directory::Directory;
use opengov_kernel::Lang;
use opengov_web::chart::BarChart;
use opengov_web::{AppError, AppResult, AppState, PageCtx};

use crate::stats::{self, AppealStats, Figures};
use crate::store;

/// Figures as a page shows them.
#[derive(Debug, Clone)]
pub struct FigureRow {
    pub label: String,
    pub href: Option<String>,
    /// `YYYY-MM` for month rows (for `<time>`).
    pub month: Option<String>,
    pub received: i64,
    pub answered: i64,
    pub on_time: i64,
    pub on_time_share: String,
    pub median: String,
    pub overdue: i64,
    pub ratings: i64,
    pub average: String,
}

/// A decimal in the page's language (a comma in Kazakh and Russian); "—" when there is none.
#[must_use]
pub fn decimal(lang: Lang, value: Option<f64>, digits: usize) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) => {
            let text = format!("{v:.digits$}");
            match lang {
                Lang::En => text,
                Lang::Kk | Lang::Ru => text.replace('.', ","),
            }
        }
    }
}

/// A share as a percentage with one decimal.
#[must_use]
pub fn percent(lang: Lang, share: Option<f64>) -> String {
    match share {
        None => "—".to_owned(),
        Some(s) => format!("{} %", decimal(lang, Some(s * 100.0), 1)),
    }
}

fn row(ctx: &PageCtx, label: String, href: Option<String>, f: &Figures) -> FigureRow {
    FigureRow {
        label,
        href,
        month: None,
        received: f.received,
        answered: f.answered,
        on_time: f.on_time,
        on_time_share: percent(ctx.lang, f.on_time_share()),
        median: decimal(ctx.lang, f.median_days(), 1),
        overdue: f.overdue,
        ratings: f.ratings,
        average: decimal(ctx.lang, f.average_rating(), 2),
    }
}

/// The bar chart of appeals received per month (drawn by `opengov_web::chart`), with every
/// month in words as its text alternative.
fn chart(ctx: &PageCtx, id: &'static str, months: &[FigureRow]) -> BarChart {
    let items: Vec<(String, f64, String)> = months
        .iter()
        .map(|m| {
            (
                m.month.clone().unwrap_or_default(),
                m.received as f64,
                m.received.to_string(),
            )
        })
        .collect();
    let description = items
        .iter()
        .map(|(month, _, count)| {
            ctx.t_args(
                "appeals-stats-chart-item",
                &[("month", month), ("count", count)],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    BarChart::new(
        id,
        ctx.t("appeals-stats-chart-title"),
        description,
        ctx.t("appeals-stats-chart-table-note"),
        &items,
    )
}

/// Rows for the last months (zeros for months without appeals).
fn month_rows(
    ctx: &PageCtx,
    months: &[String],
    by_month: &std::collections::BTreeMap<String, Figures>,
) -> Vec<FigureRow> {
    let empty = Figures::default();
    months
        .iter()
        .map(|m| {
            let mut r = row(ctx, m.clone(), None, by_month.get(m).unwrap_or(&empty));
            r.month = Some(m.clone());
            r
        })
        .collect()
}

/// The values of `sort` the bodies' table accepts.
const SORTS: [&str; 7] = [
    "name", "received", "answered", "on_time", "median", "overdue", "rating",
];

/// A sortable column header.
#[derive(Debug, Clone)]
pub struct SortHeader {
    pub label: String,
    /// The link that sorts by this column (none for columns that do not sort).
    pub href: Option<String>,
    /// `ascending` or `descending` for the current column, empty otherwise.
    pub aria_sort: &'static str,
}

fn sort_bodies(rows: &mut [(FigureRow, Figures)], sort: &str) {
    let key = |f: &Figures, k: &str| -> f64 {
        #[allow(clippy::cast_precision_loss, reason = "counts of appeals are small")]
        match k {
            "answered" => f.answered as f64,
            "on_time" => f.on_time_share().unwrap_or(-1.0),
            // Fastest first; bodies without answers last.
            "median" => f.median_days().map_or(f64::MAX, |m| -m),
            "overdue" => f.overdue as f64,
            "rating" => f.average_rating().unwrap_or(-1.0),
            _ => f.received as f64,
        }
    };
    if sort == "name" {
        rows.sort_by(|a, b| a.0.label.cmp(&b.0.label));
    } else {
        rows.sort_by(|a, b| {
            key(&b.1, sort)
                .total_cmp(&key(&a.1, sort))
                .then_with(|| a.0.label.cmp(&b.0.label))
        });
    }
}

#[derive(Template)]
#[template(path = "appeals_stats.html")]
struct StatsPage<'a> {
    ctx: &'a PageCtx,
    as_of: String,
    overall: FigureRow,
    headers: Vec<SortHeader>,
    bodies: Vec<FigureRow>,
    months: Vec<FigureRow>,
    chart: BarChart,
}

/// `GET /appeals/stats?sort=…`
pub async fn overview(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let snapshot = stats::get(&state).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let sort = ctx
        .query("sort")
        .and_then(|s| SORTS.iter().find(|v| **v == s))
        .map_or("received", |v| *v);
    let mut rows: Vec<(FigureRow, Figures)> = snapshot
        .bodies
        .iter()
        .filter_map(|(id, b)| {
            let body = directory.by_id(*id)?;
            let href = format!("/appeals/stats/{}", body.slug);
            Some((
                row(&ctx, ctx.text(&body.name).to_owned(), Some(href), &b.total),
                b.total.clone(),
            ))
        })
        .collect();
    sort_bodies(&mut rows, sort);
    // Every column in order; the unsortable ones have no link.
    let columns: [(Option<&str>, &str); 9] = [
        (Some("name"), "appeals-stats-col-body"),
        (Some("received"), "appeals-stats-col-received"),
        (Some("answered"), "appeals-stats-col-answered"),
        (None, "appeals-stats-col-on-time"),
        (Some("on_time"), "appeals-stats-col-on-time-share"),
        (Some("median"), "appeals-stats-col-median"),
        (Some("overdue"), "appeals-stats-col-overdue"),
        (Some("rating"), "appeals-stats-col-rating"),
        (None, "appeals-stats-col-ratings"),
    ];
    let headers = columns
        .iter()
        .map(|(value, key)| SortHeader {
            label: ctx.t(key),
            href: value.map(|v| format!("/appeals/stats?sort={v}#bodies-heading")),
            aria_sort: match *value {
                Some(v) if v == sort && v == "name" => "ascending",
                Some(v) if v == sort => "descending",
                _ => "",
            },
        })
        .collect();
    let months = month_rows(&ctx, &snapshot.months, &snapshot.overall_by_month);
    let chart = chart(&ctx, "overall", &months);
    ctx.render(&StatsPage {
        ctx: &ctx,
        as_of: ctx.datetime(snapshot.as_of),
        overall: row(
            &ctx,
            ctx.t("appeals-stats-overall"),
            None,
            &snapshot.overall,
        ),
        headers,
        bodies: rows.into_iter().map(|(r, _)| r).collect(),
        months,
        chart,
    })
}

#[derive(Template)]
#[template(path = "appeals_stats_body.html")]
struct BodyPage<'a> {
    ctx: &'a PageCtx,
    as_of: String,
    body_name: String,
    body_href: String,
    total: FigureRow,
    categories: Vec<FigureRow>,
    months: Vec<FigureRow>,
    chart: BarChart,
}

/// The body named by `key`: all digits is an id, anything else a slug.
#[must_use]
pub fn find_body<'a>(
    directory: &'a Directory,
    key: &str,
) -> Option<&'a opengov_bodies::store::Body> {
    if key.len() > 100 {
        return None;
    }
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
        key.parse::<i64>().ok().and_then(|id| directory.by_id(id))
    } else {
        directory.by_slug(key)
    }
}

/// `GET /appeals/stats/{body}`
pub async fn body(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let directory = opengov_bodies::directory::get(&state).await?;
    let body = find_body(&directory, &key).ok_or(AppError::NotFound)?;
    let snapshot: std::sync::Arc<AppealStats> = stats::get(&state).await?;
    let b = snapshot.body(body.id);
    let names = store::categories_of(&state.db, body.id).await?;
    let mut categories: Vec<FigureRow> = b
        .by_category
        .iter()
        .map(|(id, f)| {
            let label = id
                .and_then(|id| names.iter().find(|c| c.id == id))
                .map_or_else(
                    || ctx.t("appeals-stats-no-category"),
                    |c| ctx.text(&c.name()).to_owned(),
                );
            row(&ctx, label, None, f)
        })
        .collect();
    categories.sort_by(|a, b| b.received.cmp(&a.received).then(a.label.cmp(&b.label)));
    let months = month_rows(&ctx, &snapshot.months, &b.by_month);
    let chart = chart(&ctx, "body", &months);
    let body_name = ctx.text(&body.name).to_owned();
    ctx.render(&BodyPage {
        ctx: &ctx,
        as_of: ctx.datetime(snapshot.as_of),
        total: row(&ctx, body_name.clone(), None, &b.total),
        body_name,
        body_href: format!("/bodies/{}", body.slug),
        categories,
        months,
        chart,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(decimal(Lang::En, Some(4.5), 1), "4.5");
        assert_eq!(decimal(Lang::Ru, Some(4.5), 1), "4,5");
        assert_eq!(percent(Lang::Kk, Some(2.0 / 3.0)), "66,7 %");
        assert_eq!(decimal(Lang::En, None, 1), "—");
    }
}
