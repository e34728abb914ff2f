//! Public statistics of appeals, without personal data: per body and overall, by category and
//! by month.
//!
//! Every figure comes from one GROUP BY over `(body, month, category, working days to answer)`
//! (see [`store::stats_rows`]), folded here into an [`AppealStats`] held in memory as a
//! [`Snapshot`](opengov_web::cache::Snapshot). Pages, CSV and JSON read the snapshot and never
//! the appeals table. The snapshot is stale-while-revalidate: younger than the refresh period
//! (`appeals.stats_refresh_millis`, 30 s by default) it is served as is; older, it is still
//! served at once while one background task reloads it; twice as old (nobody asked for a
//! while) it is reloaded before answering. So the figures are never more than a minute behind
//! the data (plus one reload), and requests do not wait for the database when the page is
//! read at least once a minute.
//!
//! Medians come from histograms of working days (exact, not sampled), so a body's median and the
//! overall median are medians of the appeals, not medians of monthly medians.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use opengov_kernel::Ts;
use opengov_web::{AppError, AppResult, AppState};

use crate::store::{self, StatsRow};

/// How many months the pages and the chart show.
pub const MONTHS_SHOWN: usize = 12;

/// The figures of a set of appeals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub received: i64,
    pub answered: i64,
    pub on_time: i64,
    /// Open and past the deadline when the snapshot was taken.
    pub overdue: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    /// Answered appeals by working days to answer.
    pub days: BTreeMap<i64, i64>,
}

impl Figures {
    fn add_row(&mut self, r: &StatsRow) {
        self.received += r.received;
        self.on_time += r.on_time;
        self.overdue += r.overdue;
        self.ratings += r.ratings;
        self.rating_sum += r.rating_sum;
        if let Some(d) = r.days {
            self.answered += r.received;
            *self.days.entry(d).or_default() += r.received;
        }
    }

    fn merge(&mut self, other: &Self) {
        self.received += other.received;
        self.answered += other.answered;
        self.on_time += other.on_time;
        self.overdue += other.overdue;
        self.ratings += other.ratings;
        self.rating_sum += other.rating_sum;
        for (d, n) in &other.days {
            *self.days.entry(*d).or_default() += n;
        }
    }

    /// Answered on time, as a fraction of answered (none answered: `None`).
    #[must_use]
    #[allow(
        clippy::cast_precision_loss,
        reason = "counts of appeals are far below 2^52"
    )]
    pub fn on_time_share(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.on_time as f64 / self.answered as f64)
    }

    /// The median of working days to answer (the mean of the two middle ones for an even
    /// count).
    #[must_use]
    #[allow(clippy::cast_precision_loss, reason = "working days are small numbers")]
    pub fn median_days(&self) -> Option<f64> {
        let total: i64 = self.days.values().sum();
        if total <= 0 {
            return None;
        }
        // 1-based ranks of the middle element(s).
        let (lo, hi) = ((total + 1) / 2, total / 2 + 1);
        let (mut lo_v, mut hi_v) = (None, None);
        let mut seen = 0;
        for (d, n) in &self.days {
            seen += n;
            if lo_v.is_none() && seen >= lo {
                lo_v = Some(*d);
            }
            if hi_v.is_none() && seen >= hi {
                hi_v = Some(*d);
                break;
            }
        }
        let (lo_v, hi_v) = (lo_v?, hi_v.or(lo_v)?);
        Some((lo_v + hi_v) as f64 / 2.0)
    }

    /// The average rating (1–5) of rated answers.
    #[must_use]
    #[allow(clippy::cast_precision_loss, reason = "sums of ratings are small")]
    pub fn average_rating(&self) -> Option<f64> {
        (self.ratings > 0).then(|| self.rating_sum as f64 / self.ratings as f64)
    }
}

/// One body's figures.
#[derive(Debug, Clone, Default)]
pub struct BodyStats {
    pub total: Figures,
    /// By `YYYY-MM` of registration (every month with appeals).
    pub by_month: BTreeMap<String, Figures>,
    /// By category (`None`: no category).
    pub by_category: BTreeMap<Option<i64>, Figures>,
}

/// The whole snapshot.
#[derive(Debug, Clone)]
pub struct AppealStats {
    /// When the figures were computed (the database state they show).
    pub as_of: Ts,
    /// The last [`MONTHS_SHOWN`] months, oldest first, ending with the current one.
    pub months: Vec<String>,
    pub overall: Figures,
    pub overall_by_month: BTreeMap<String, Figures>,
    pub bodies: BTreeMap<i64, BodyStats>,
}

/// `YYYY-MM` of the `n` months ending with the month of `today`, oldest first.
#[must_use]
pub fn last_months(today: NaiveDate, n: usize) -> Vec<String> {
    let mut y = today.year();
    let mut m = today.month();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            m = 12;
            y -= 1;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

impl AppealStats {
    /// Folds the grouped rows into the snapshot.
    #[must_use]
    pub fn from_rows(rows: &[StatsRow], as_of: Ts, months: Vec<String>) -> Self {
        let mut bodies: BTreeMap<i64, BodyStats> = BTreeMap::new();
        for r in rows {
            let b = bodies.entry(r.body_id).or_default();
            b.total.add_row(r);
            b.by_month
                .entry(r.received_month.clone())
                .or_default()
                .add_row(r);
            b.by_category.entry(r.category_id).or_default().add_row(r);
        }
        let mut overall = Figures::default();
        let mut overall_by_month: BTreeMap<String, Figures> = BTreeMap::new();
        for b in bodies.values() {
            overall.merge(&b.total);
            for (m, f) in &b.by_month {
                overall_by_month.entry(m.clone()).or_default().merge(f);
            }
        }
        Self {
            as_of,
            months,
            overall,
            overall_by_month,
            bodies,
        }
    }

    /// The figures of `body` (zeros when it has no appeals).
    #[must_use]
    pub fn body(&self, body_id: i64) -> BodyStats {
        self.bodies.get(&body_id).cloned().unwrap_or_default()
    }
}

/// How old the snapshot may get before it is reloaded in the background.
#[must_use]
pub fn refresh_period(state: &AppState) -> Duration {
    Duration::from_millis(state.config.appeals.stats_refresh_millis)
}

/// Computes the statistics from the database.
pub async fn compute(state: &AppState) -> AppResult<AppealStats> {
    let now = state.now();
    let cal = opengov_duty::calendar::current(state).await?;
    let today = cal.calendar.local_date(now.0);
    let rows = store::stats_rows(&state.db, now).await?;
    Ok(AppealStats::from_rows(
        &rows,
        now,
        last_months(today, MONTHS_SHOWN),
    ))
}

/// The current statistics (see the module documentation for how fresh they are).
pub async fn get(state: &AppState) -> AppResult<Arc<AppealStats>> {
    let period = refresh_period(state);
    let snapshot = state.caches.snapshot::<AppealStats>(period);
    let owned = state.clone();
    snapshot
        .get_stale_while_revalidate(period, move || async move { compute(&owned).await })
        .await
        .map_err(|e: AppError| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(body: i64, month: &str, days: Option<i64>, n: i64) -> StatsRow {
        StatsRow {
            body_id: body,
            received_month: month.to_owned(),
            category_id: None,
            days,
            received: n,
            on_time: 0,
            ratings: 0,
            rating_sum: 0,
            overdue: 0,
        }
    }

    #[test]
    fn medians_come_from_the_histogram() {
        let rows = [
            row(1, "2026-01", Some(3), 1),
            row(1, "2026-02", Some(5), 2),
            row(1, "2026-02", Some(20), 1),
            row(2, "2026-02", Some(1), 1),
            row(2, "2026-02", None, 4),
        ];
        let s = AppealStats::from_rows(&rows, Ts(chrono::DateTime::UNIX_EPOCH), Vec::new());
        assert_eq!(s.body(1).total.median_days(), Some(5.0), "3, 5, 5, 20");
        assert_eq!(s.body(1).by_month["2026-01"].median_days(), Some(3.0));
        assert_eq!(s.body(2).total.median_days(), Some(1.0));
        assert_eq!(s.body(2).total.received, 5);
        assert_eq!(s.body(2).total.answered, 1);
        assert_eq!(s.overall.median_days(), Some(5.0), "1, 3, 5, 5, 20");
        let even = AppealStats::from_rows(
            &[row(1, "2026-01", Some(2), 1), row(1, "2026-01", Some(7), 1)],
            Ts(chrono::DateTime::UNIX_EPOCH),
            Vec::new(),
        );
        assert_eq!(
            even.overall.median_days(),
            Some(4.5),
            "the mean of the middle two"
        );
        assert_eq!(s.body(3).total.median_days(), None);
    }

    #[test]
    fn the_last_months_cross_the_year() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
        let m = last_months(d, 12);
        assert_eq!(m.first().map(String::as_str), Some("2025-04"));
        assert_eq!(m.last().map(String::as_str), Some("2026-03"));
        assert_eq!(m.len(), 12);
    }
}
