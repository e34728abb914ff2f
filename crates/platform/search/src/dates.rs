//! Date values in queries: ISO 8601 dates and datetimes and Solr date math, as unix seconds.
//!
//! Accepted: `2026-01-01`, `2026-01-01T10:20`, `2026-01-01T10:20:30`, with optional fraction
//! (ignored), and `Z` or `±HH:MM` offset (no offset means UTC); `NOW`; any of them followed by
//! date math: `+N<UNIT>`, `-N<UNIT>` and `/<UNIT>` (round down), units `YEAR MONTH DAY DATE HOUR
//! MINUTE SECOND` and their plurals, e.g. `NOW-1DAY`, `NOW/DAY`, `2026-01-01T00:00:00Z+1MONTH`.

use std::time::{SystemTime, UNIX_EPOCH};

const DAY: i64 = 86_400;

/// Parses a date expression to unix seconds; `None` when it is not one.
#[must_use]
pub fn parse(text: &str) -> Option<i64> {
    parse_at(text, now())
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `parse` with a given "now", for tests.
#[must_use]
pub fn parse_at(text: &str, now: i64) -> Option<i64> {
    let (mut value, mut rest) = if let Some(rest) = text.strip_prefix("NOW") {
        (now, rest)
    } else {
        let end = date_end(text);
        (parse_iso(&text[..end])?, &text[end..])
    };
    while let Some(op) = rest.chars().next() {
        rest = &rest[1..];
        let unit_start = if op == '/' {
            0
        } else {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        };
        let amount: i64 = if op == '/' {
            0
        } else {
            rest[..unit_start].parse().ok()?
        };
        rest = &rest[unit_start..];
        let unit_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = unit(&rest[..unit_end])?;
        rest = &rest[unit_end..];
        value = match op {
            '/' => round_down(value, unit),
            '+' => add(value, unit, amount)?,
            '-' => add(value, unit, amount.checked_neg()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Where the ISO part of `text` ends: date math starts at a `+` after the time, at a `/`, or
/// at a `-` followed by a digit and a unit letter run after the date.
fn date_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'/' => return i,
            b'+' | b'-' if i >= 10 => {
                // An offset looks like +HH:MM; math looks like +N followed by letters.
                let tail = &text[i + 1..];
                let digits = tail
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(tail.len());
                if tail[digits..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

fn unit(name: &str) -> Option<Unit> {
    Some(match name.trim_end_matches('S') {
        "YEAR" => Unit::Year,
        "MONTH" => Unit::Month,
        "DAY" | "DATE" => Unit::Day,
        "HOUR" => Unit::Hour,
        "MINUTE" => Unit::Minute,
        "SECOND" => Unit::Second,
        _ => return None,
    })
}

fn add(value: i64, unit: Unit, amount: i64) -> Option<i64> {
    match unit {
        Unit::Second => value.checked_add(amount),
        Unit::Minute => value.checked_add(amount.checked_mul(60)?),
        Unit::Hour => value.checked_add(amount.checked_mul(3600)?),
        Unit::Day => value.checked_add(amount.checked_mul(DAY)?),
        Unit::Month | Unit::Year => {
            let months = if unit == Unit::Year {
                amount.checked_mul(12)?
            } else {
                amount
            };
            let days = value.div_euclid(DAY);
            let secs = value.rem_euclid(DAY);
            let (y, m, d) = civil_from_days(days);
            let total = y.checked_mul(12)?.checked_add(m - 1)?.checked_add(months)?;
            let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
            let nd = d.min(days_in_month(ny, nm));
            days_from_civil(ny, nm, nd)
                .checked_mul(DAY)?
                .checked_add(secs)
        }
    }
}

fn round_down(value: i64, unit: Unit) -> i64 {
    let days = value.div_euclid(DAY);
    match unit {
        Unit::Second => value,
        Unit::Minute => value - value.rem_euclid(60),
        Unit::Hour => value - value.rem_euclid(3600),
        Unit::Day => days * DAY,
        Unit::Month => {
            let (y, m, _) = civil_from_days(days);
            days_from_civil(y, m, 1) * DAY
        }
        Unit::Year => {
            let (y, _, _) = civil_from_days(days);
            days_from_civil(y, 1, 1) * DAY
        }
    }
}

fn parse_iso(text: &str) -> Option<i64> {
    let (date, time) = match text.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year: i64 = digits(parts.next()?, 4)?;
    let month: i64 = digits(parts.next()?, 2)?;
    let day: i64 = digits(parts.next()?, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * DAY;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let clock = clock.split_once('.').map_or(clock, |(c, frac)| {
            if frac.chars().all(|c| c.is_ascii_digit()) {
                c
            } else {
                "\u{0}"
            }
        });
        let mut fields = clock.split(':');
        let hour: i64 = digits(fields.next()?, 2)?;
        let minute: i64 = digits(fields.next()?, 2)?;
        let second: i64 = match fields.next() {
            Some(text) => digits(text, 2)?,
            None => 0,
        };
        if fields.next().is_some() || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second - offset;
    }
    Some(seconds)
}

/// Splits a time into clock and offset seconds east of UTC.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    if let Some(i) = time.rfind(['+', '-']) {
        let sign = if time.as_bytes()[i] == b'-' { -1 } else { 1 };
        let offset = &time[i + 1..];
        let (h, m) = offset.split_once(':').unwrap_or((offset, "00"));
        let h: i64 = digits(h, 2)?;
        let m: i64 = digits(m, 2)?;
        return Some((&time[..i], sign * (h * 3600 + m * 60)));
    }
    Some((time, 0))
}

fn digits(s: &str, len: usize) -> Option<i64> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN_2026: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    #[test]
    fn iso() {
        assert_eq!(parse("2026-01-01"), Some(JAN_2026));
        assert_eq!(parse("2026-01-01T00:00:00Z"), Some(JAN_2026));
        assert_eq!(parse("2026-01-01T00:00:00.123Z"), Some(JAN_2026));
        assert_eq!(parse("2026-01-01T05:00:00+05:00"), Some(JAN_2026));
        assert_eq!(parse("2026-01-01T10:30"), Some(JAN_2026 + 37_800));
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("2024-02-29"), Some(1_709_164_800));
        for bad in [
            "",
            "2026",
            "2026-13-01",
            "2026-02-30",
            "abc",
            "2026-01-01T25:00",
            "NOW-",
            "NOW+1WEEK",
            "2026-01-01/FOO",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn math() {
        let now = JAN_2026 + 3 * DAY + 3600 + 5;
        assert_eq!(parse_at("NOW", now), Some(now));
        assert_eq!(parse_at("NOW/DAY", now), Some(JAN_2026 + 3 * DAY));
        assert_eq!(parse_at("NOW/MONTH", now), Some(JAN_2026));
        assert_eq!(parse_at("NOW-3DAYS/DAY", now), Some(JAN_2026));
        assert_eq!(
            parse_at("NOW/DAY-1YEAR", now),
            Some(1_735_689_600 + 3 * DAY)
        );
        assert_eq!(
            parse_at("2026-01-31T00:00:00Z+1MONTH", now),
            Some(JAN_2026 + 58 * DAY)
        );
        assert_eq!(parse_at("2026-01-01+1DAY", now), Some(JAN_2026 + DAY));
    }
}
