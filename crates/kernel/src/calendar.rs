//! Working-day calendars: weekends, public holidays and moved working days per country, and the
//! date arithmetic legal deadlines need ("15 working days from registration", "an appeal filed
//! on a non-working day is registered on the next working day").
//!
//! Legal dates are local dates in the country's time zone; a deadline ends at the end of its
//! day there. Calendars are data (`crates/kernel/calendars/<country>.toml`), never code, and say
//! which years they cover: arithmetic that leaves the covered years counts weekends only and
//! reports it, so a missing calendar is visible rather than silently wrong.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::Deserialize;

use crate::text::LocalizedText;

/// Built-in calendars, by ISO 3166 country code.
const BUILTIN: [(&str, &str); 1] = [("KZ", include_str!("../calendars/kz.toml"))];

/// A period in a legal rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "length")]
pub enum Period {
    WorkingDays(u32),
    CalendarDays(u32),
    /// Calendar months (an extension "may not exceed 2 months in total").
    Months(u32),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    country: String,
    utc_offset: String,
    weekends: Vec<String>,
    first_year: i32,
    last_year: i32,
    #[serde(default)]
    working_days: Vec<NaiveDate>,
    #[serde(default)]
    holidays: Vec<HolidayEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    date: NaiveDate,
    name: LocalizedText,
}

/// Why a calendar could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar: {0}")]
    Parse(String),
    #[error("no working-day calendar for country {0:?}")]
    Unknown(String),
}

/// What an administrator may make a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Holiday,
    WorkingDay,
}

impl DayKind {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::WorkingDay => "working_day",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "holiday" => Some(Self::Holiday),
            "working_day" => Some(Self::WorkingDay),
            _ => None,
        }
    }
}

/// One country's working days.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    pub country: String,
    offset: FixedOffset,
    /// Indexed by days from Monday.
    weekends: [bool; 7],
    holidays: BTreeMap<NaiveDate, LocalizedText>,
    working_days: BTreeSet<NaiveDate>,
    first_year: i32,
    last_year: i32,
}

fn weekday(code: &str) -> Option<Weekday> {
    match code.to_ascii_lowercase().as_str() {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        "sat" => Some(Weekday::Sat),
        "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

/// The longest span date arithmetic will walk, so bad input cannot loop for long.
const MAX_DAYS: u32 = 3660;

impl WorkCalendar {
    /// Reads a calendar from its TOML text.
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile =
            toml::from_str(text).map_err(|e| CalendarError::Parse(e.to_string()))?;
        let offset = parse_offset(&file.utc_offset).ok_or_else(|| {
            CalendarError::Parse(format!(
                "utc_offset {:?} is not like +05:00",
                file.utc_offset
            ))
        })?;
        let mut weekends = [false; 7];
        for w in &file.weekends {
            let day =
                weekday(w).ok_or_else(|| CalendarError::Parse(format!("unknown weekday {w:?}")))?;
            weekends[day.num_days_from_monday() as usize] = true;
        }
        if file.first_year > file.last_year {
            return Err(CalendarError::Parse("first_year is after last_year".into()));
        }
        let holidays: BTreeMap<NaiveDate, LocalizedText> = file
            .holidays
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect();
        let working_days: BTreeSet<NaiveDate> = file.working_days.into_iter().collect();
        if let Some(both) = working_days.iter().find(|d| holidays.contains_key(d)) {
            return Err(CalendarError::Parse(format!(
                "{both} is both a holiday and a working day"
            )));
        }
        Ok(Self {
            country: file.country,
            offset,
            weekends,
            holidays,
            working_days,
            first_year: file.first_year,
            last_year: file.last_year,
        })
    }

    /// The built-in calendar of a country.
    pub fn builtin(country: &str) -> Result<Self, CalendarError> {
        BUILTIN
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(country))
            .map_or_else(
                || Err(CalendarError::Unknown(country.to_owned())),
                |(_, text)| Self::from_toml(text),
            )
    }

    /// Applies a change made by an administrator: `date` becomes a holiday (with `name`) or a
    /// working day (a moved working Saturday, say). A holiday added in a year the data file does
    /// not cover extends the covered years.
    pub fn set_day(&mut self, date: NaiveDate, day: DayKind, name: &LocalizedText) {
        match day {
            DayKind::Holiday => {
                self.working_days.remove(&date);
                self.holidays.insert(date, name.clone());
            }
            DayKind::WorkingDay => {
                self.holidays.remove(&date);
                self.working_days.insert(date);
            }
        }
        self.first_year = self.first_year.min(date.year());
        self.last_year = self.last_year.max(date.year());
    }

    /// Holidays and moved working days in a year, in date order.
    #[must_use]
    pub fn special_days(&self, year: i32) -> Vec<(NaiveDate, DayKind, LocalizedText)> {
        let in_year = |d: &NaiveDate| d.year() == year;
        let mut days: Vec<(NaiveDate, DayKind, LocalizedText)> = self
            .holidays
            .iter()
            .filter(|(d, _)| in_year(d))
            .map(|(d, n)| (*d, DayKind::Holiday, n.clone()))
            .chain(
                self.working_days
                    .iter()
                    .filter(|d| in_year(d))
                    .map(|d| (*d, DayKind::WorkingDay, LocalizedText::default())),
            )
            .collect();
        days.sort_by_key(|(d, _, _)| *d);
        days
    }

    /// Whether the calendar has data for the year of `date`.
    #[must_use]
    pub fn covers(&self, date: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&date.year())
    }

    /// The years with holiday data.
    #[must_use]
    pub fn years(&self) -> (i32, i32) {
        (self.first_year, self.last_year)
    }

    /// The name of the holiday on `date`, if any.
    #[must_use]
    pub fn holiday(&self, date: NaiveDate) -> Option<&LocalizedText> {
        self.holidays.get(&date)
    }

    #[must_use]
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.holidays.contains_key(&date) {
            return false;
        }
        let weekend = self
            .weekends
            .get(date.weekday().num_days_from_monday() as usize)
            .copied()
            .unwrap_or(false);
        self.working_days.contains(&date) || !weekend
    }

    /// `date` itself if it is a working day, else the next one.
    #[must_use]
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..MAX_DAYS {
            if self.is_working_day(d) {
                return d;
            }
            d = d.succ_opt().unwrap_or(d);
        }
        d
    }

    /// The `n`-th working day after `start` (`start` itself does not count).
    #[must_use]
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        let mut steps = 0;
        while left > 0 && steps < MAX_DAYS * 2 {
            d = d.succ_opt().unwrap_or(d);
            steps += 1;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    #[must_use]
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut count = 0;
        let mut d = from;
        let mut steps = 0;
        while d < to && steps < MAX_DAYS * 2 {
            d = d.succ_opt().unwrap_or(to);
            steps += 1;
            if self.is_working_day(d) {
                count += 1;
            }
        }
        count
    }

    /// The last day of a period that starts on `start`. A period in calendar days or months
    /// that ends on a non-working day ends on the next working day instead.
    #[must_use]
    pub fn period_end(&self, start: NaiveDate, period: Period) -> NaiveDate {
        match period {
            Period::WorkingDays(n) => self.add_working_days(start, n.min(MAX_DAYS)),
            Period::CalendarDays(n) => {
                let end = start
                    .checked_add_days(Days::new(u64::from(n.min(MAX_DAYS))))
                    .unwrap_or(start);
                self.working_day_on_or_after(end)
            }
            Period::Months(n) => {
                let end = start
                    .checked_add_months(chrono::Months::new(n.min(120)))
                    .unwrap_or(start);
                self.working_day_on_or_after(end)
            }
        }
    }

    /// The local date of an instant in this country.
    #[must_use]
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }

    /// The day something received at `at` is registered: that day if it is a working day,
    /// otherwise the next working day.
    #[must_use]
    pub fn registration_date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.working_day_on_or_after(self.local_date(at))
    }

    /// The last instant of `date` in this country, in UTC (when a deadline on that day ends).
    #[must_use]
    pub fn end_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let last = date
            .and_time(NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN));
        self.offset
            .from_local_datetime(&last)
            .single()
            .map_or_else(|| last.and_utc(), |t| t.with_timezone(&Utc))
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn kz() -> WorkCalendar {
        WorkCalendar::builtin("KZ").unwrap_or_else(|e| panic!("{e}"))
    }

    /// A small calendar with a moved working Saturday.
    fn moved() -> WorkCalendar {
        WorkCalendar::from_toml(
            r#"
            country = "XX"
            utc_offset = "+05:00"
            weekends = ["sat", "sun"]
            first_year = 2026
            last_year = 2026
            working_days = ["2026-01-03"]
            holidays = [{ date = "2026-01-05", name = { en = "Bridge day" } }]
            "#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let cal = kz();
        assert!(cal.is_working_day(d("2026-03-02")), "a Monday");
        assert!(!cal.is_working_day(d("2026-03-07")), "a Saturday");
        assert!(!cal.is_working_day(d("2026-03-23")), "Nauryz");
        assert!(
            !cal.is_working_day(d("2026-03-25")),
            "the day off moved from a Nauryz Sunday"
        );
        assert_eq!(
            cal.holiday(d("2026-12-16")).map(|n| n.en.as_str()),
            Some("Independence Day")
        );
        assert_eq!(
            cal.holiday(d("2026-12-16")).map(|n| n.kk.as_str()),
            Some("Тәуелсіздік күні")
        );
        assert!(cal.covers(d("2027-12-31")) && !cal.covers(d("2028-01-01")));
    }

    #[test]
    fn fifteen_working_days_skip_weekends_and_nauryz() {
        let cal = kz();
        // Registered Monday 9 March 2026 (itself a moved day off: registration moves to 10 March).
        let registered = cal.working_day_on_or_after(d("2026-03-09"));
        assert_eq!(registered, d("2026-03-10"));
        // 11-13, 16-20 (8), Nauryz 21-25 off, 26-27 (10), 30-31 (12), 1-3 April (15).
        assert_eq!(cal.add_working_days(registered, 15), d("2026-04-03"));
        assert_eq!(cal.working_days_between(registered, d("2026-04-03")), 15);
    }

    #[test]
    fn something_filed_on_a_sunday_is_registered_on_monday() {
        let cal = kz();
        // Sunday 1 March 2026, 15:00 in Astana (10:00 UTC).
        let at = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        assert_eq!(cal.registration_date(at), d("2026-03-02"));
        // Friday 20:00 UTC is already Saturday 01:00 in Astana.
        let late = DateTime::parse_from_rfc3339("2026-03-06T20:00:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        assert_eq!(cal.local_date(late), d("2026-03-07"));
        assert_eq!(
            cal.registration_date(late),
            d("2026-03-10"),
            "Saturday, Sunday, then the 9 March day off"
        );
    }

    #[test]
    fn periods_cross_the_year_boundary() {
        let cal = kz();
        // Registered Monday 21 December 2026: 22-25 (4), 28-31 (8), 1-2 January holidays, 4 January
        // day off, 5-6 (10), 7 January Orthodox Christmas, 8 (11), 11-14 (15).
        assert_eq!(cal.add_working_days(d("2026-12-21"), 15), d("2027-01-14"));
    }

    #[test]
    fn a_calendar_day_period_ending_on_a_day_off_moves_to_the_next_working_day() {
        let cal = kz();
        // 15 calendar days from 6 March 2026 end on Saturday 21 March (Nauryz): moved to 26 March.
        assert_eq!(
            cal.period_end(d("2026-03-06"), Period::CalendarDays(15)),
            d("2026-03-26")
        );
        assert_eq!(
            cal.period_end(d("2026-03-02"), Period::CalendarDays(15)),
            d("2026-03-17")
        );
        // Two months from 31 December ends on the last day of February.
        assert_eq!(
            cal.period_end(d("2026-12-31"), Period::Months(2)),
            d("2027-03-01"),
            "28 Feb 2027 is a Sunday"
        );
    }

    #[test]
    fn a_moved_working_saturday_counts_and_a_bridge_day_does_not() {
        let cal = moved();
        assert!(
            cal.is_working_day(d("2026-01-03")),
            "the Saturday made working"
        );
        assert!(!cal.is_working_day(d("2026-01-05")), "the Monday made free");
        // From Friday 2 January: Saturday 3 (1), Tuesday 6 (2).
        assert_eq!(cal.add_working_days(d("2026-01-02"), 2), d("2026-01-06"));
    }

    #[test]
    fn an_administrators_change_overrides_the_data_file() {
        let mut cal = kz();
        // A government decree makes Saturday 3 January 2026 a working day, and a bridge Friday free.
        cal.set_day(
            d("2026-01-03"),
            DayKind::WorkingDay,
            &LocalizedText::default(),
        );
        cal.set_day(
            d("2026-01-09"),
            DayKind::Holiday,
            &LocalizedText::new("", "", "Bridge day"),
        );
        assert!(cal.is_working_day(d("2026-01-03")));
        assert!(!cal.is_working_day(d("2026-01-09")));
        // Turning a holiday into a working day removes the holiday.
        cal.set_day(
            d("2026-01-07"),
            DayKind::WorkingDay,
            &LocalizedText::default(),
        );
        assert!(cal.is_working_day(d("2026-01-07")));
        let special = cal.special_days(2026);
        assert!(
            special
                .iter()
                .any(|(day, kind, _)| *day == d("2026-01-03") && *kind == DayKind::WorkingDay)
        );
        assert!(
            special.windows(2).all(|w| w[0].0 <= w[1].0),
            "in date order"
        );
        cal.set_day(
            d("2028-01-01"),
            DayKind::Holiday,
            &LocalizedText::new("Жаңа жыл", "Новый год", "New Year"),
        );
        assert!(cal.covers(d("2028-06-01")));
    }

    #[test]
    fn a_deadline_ends_at_midnight_local_time() {
        let cal = kz();
        let end = cal.end_of_day(d("2026-04-03"));
        assert_eq!(end.to_rfc3339(), "2026-04-03T18:59:59.999999+00:00");
    }

    #[test]
    fn bad_calendar_files_are_refused_with_a_reason() {
        for (text, want) in [
            ("country = \"X\"", "missing"),
            (
                "country=\"X\"\nutc_offset=\"5\"\nweekends=[]\nfirst_year=2026\nlast_year=2026",
                "utc_offset",
            ),
            (
                "country=\"X\"\nutc_offset=\"+01:00\"\nweekends=[\"caturday\"]\nfirst_year=2026\nlast_year=2026",
                "weekday",
            ),
            (
                "country=\"X\"\nutc_offset=\"+01:00\"\nweekends=[]\nfirst_year=2026\nlast_year=2026\nworking_days=[\"2026-01-01\"]\nholidays=[{date=\"2026-01-01\",name={en=\"x\"}}]",
                "both",
            ),
        ] {
            let err = WorkCalendar::from_toml(text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(want), "{err}");
        }
        assert!(WorkCalendar::builtin("ZZ").is_err());
    }

    #[test]
    fn huge_periods_stay_bounded() {
        let cal = kz();
        let end = cal.period_end(d("2026-01-01"), Period::WorkingDays(u32::MAX));
        assert!(end > d("2030-01-01") && end < d("2045-01-01"));
        let end = cal.period_end(d("2026-01-01"), Period::CalendarDays(u32::MAX));
        assert!(end < d("2037-01-01"));
    }
}
