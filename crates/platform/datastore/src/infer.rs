//! Column type inference over a whole file, and cell conversion to typed values.
//!
//! [`Inference`] sees every row of the file (pass 1) and keeps, for each column, a
//! state that can only widen (a lattice); [`convert`] then turns each cell into a
//! [`Value`] of the inferred type (pass 2). Every check works on bytes: no regex,
//! no allocation per cell.
//!
//! # Rules
//!
//! Cells are trimmed of ASCII whitespace before they are classified; a cell that is
//! empty after trimming is a null and does not influence the type.
//!
//! * **Integer**: optional `+`/`-`, then digits, fitting in `i64`, with **no leading
//!   zero** unless the number is `0` itself. `007`, postal codes and IINs written with
//!   a leading zero are therefore Text, so that leading zeros are never lost. A number
//!   too large for `i64` is Text (storing it as a decimal would round it).
//! * **Decimal**: an integer part (same leading-zero rule: `0.5` is fine, `00.5` is not),
//!   then `.` or `,`, then at least one digit; after a `.` fraction an exponent
//!   (`1.5e-3`) is allowed. `.5`, `5.`, `1e5` (exponent without fraction) are Text.
//!   Integers and decimals in one column make a Decimal column.
//! * **Comma as decimal separator**: `1,5` is 1.5. A column that uses both `,` and `.`
//!   as separators is Text (the convention is unclear), and so is `1,234.5`. A value
//!   such as `1,234` could be a thousands separator: if **every** comma value of a
//!   column looks like that (1 to 3 digits without leading zero, a comma, exactly 3
//!   digits), the column is Text, so nothing is misread; one value such as `1,5` or
//!   `0,125` settles it as a decimal comma. Values with spaces as thousands separators
//!   (`1 234`) are Text.
//! * **Boolean**: `true`/`false`, `yes`/`no`, `да`/`нет`, `иә`/`жоқ`, in any letter case.
//!   `0`/`1` are Integer, never Boolean. A column mixing booleans with anything else is Text.
//! * **Date**: `YYYY-MM-DD` or `DD.MM.YYYY` (day and month may have one digit), checked
//!   against the calendar (`2023-02-30` is Text).
//! * **`DateTime`**: a date, then `T` or a space, then `HH:MM`, optional `:SS`, optional
//!   fraction (up to 9 digits), optional `Z` or offset (`+05:00`, `+0500`, `+05`); an
//!   offset is applied so that the value is UTC without zone. Dates and datetimes in one
//!   column make a `DateTime` column.
//! * Anything else non-empty makes the column **Text**; a column that only ever had
//!   empty cells is Text too. Once a column is Text it is no longer examined.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// The type given to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// 64-bit signed integer.
    Integer,
    /// Floating point number.
    Decimal,
    /// `true` / `false`.
    Boolean,
    /// Calendar date.
    Date,
    /// Date and time (UTC, without zone).
    DateTime,
    /// Anything else.
    Text,
}

impl ColumnType {
    /// The lowercase name of the type: `integer`, `decimal`, `boolean`, `date`, `datetime`, `text`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::Decimal => "decimal",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::DateTime => "datetime",
            Self::Text => "text",
        }
    }
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name given to [`ColumnType::from_str`] is not a known type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown column type {0:?}")]
pub struct UnknownColumnType(pub String);

impl FromStr for ColumnType {
    type Err = UnknownColumnType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "integer" => Ok(Self::Integer),
            "decimal" => Ok(Self::Decimal),
            "boolean" => Ok(Self::Boolean),
            "date" => Ok(Self::Date),
            "datetime" => Ok(Self::DateTime),
            "text" => Ok(Self::Text),
            other => Err(UnknownColumnType(other.to_owned())),
        }
    }
}

/// A converted cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Empty or whitespace-only cell.
    Null,
    /// Integer value.
    Integer(i64),
    /// Decimal value.
    Decimal(f64),
    /// Boolean value.
    Boolean(bool),
    /// Date value.
    Date(NaiveDate),
    /// Date and time, UTC without zone.
    DateTime(NaiveDateTime),
    /// The cell as it was, untrimmed.
    Text(&'a str),
}

/// What one cell looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Integer,
    /// `comma`: the separator was `,`; `grouping`: it could also be a thousands separator.
    Decimal {
        comma: bool,
        grouping: bool,
    },
    Boolean,
    Date,
    DateTime,
    Text,
}

/// The state of one column; it only ever widens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unknown,
    Integer,
    Decimal,
    Boolean,
    Date,
    DateTime,
    Text,
    Fixed(ColumnType),
}

#[derive(Debug, Clone, Copy)]
struct Column {
    state: State,
    saw_comma: bool,
    saw_dot: bool,
    /// Every comma value so far could be a thousands separator.
    comma_all_grouping: bool,
}

impl Column {
    fn new(state: State) -> Self {
        Self {
            state,
            saw_comma: false,
            saw_dot: false,
            comma_all_grouping: true,
        }
    }

    fn observe(&mut self, kind: Kind) {
        let next = match (self.state, kind) {
            (State::Text | State::Fixed(_), _) | (_, Kind::Empty) => return,
            (State::Unknown | State::Integer, Kind::Integer) => State::Integer,
            (
                State::Unknown | State::Integer | State::Decimal,
                Kind::Decimal { comma, grouping },
            ) => {
                if comma {
                    self.saw_comma = true;
                    self.comma_all_grouping &= grouping;
                } else {
                    self.saw_dot = true;
                }
                if self.saw_comma && self.saw_dot {
                    State::Text
                } else {
                    State::Decimal
                }
            }
            (State::Decimal, Kind::Integer) => State::Decimal,
            (State::Unknown | State::Boolean, Kind::Boolean) => State::Boolean,
            (State::Unknown | State::Date, Kind::Date) => State::Date,
            (State::Unknown | State::Date | State::DateTime, Kind::DateTime)
            | (State::DateTime, Kind::Date) => State::DateTime,
            _ => State::Text,
        };
        self.state = next;
    }

    fn finish(self) -> ColumnType {
        match self.state {
            State::Unknown | State::Text => ColumnType::Text,
            State::Integer => ColumnType::Integer,
            State::Decimal if self.saw_comma && self.comma_all_grouping => ColumnType::Text,
            State::Decimal => ColumnType::Decimal,
            State::Boolean => ColumnType::Boolean,
            State::Date => ColumnType::Date,
            State::DateTime => ColumnType::DateTime,
            State::Fixed(t) => t,
        }
    }
}

/// Per-column type inference over every row of a file.
#[derive(Debug, Clone)]
pub struct Inference {
    columns: Vec<Column>,
}

impl Inference {
    /// Inference for `columns` columns, all inferred.
    #[must_use]
    pub fn new(columns: usize) -> Self {
        Self {
            columns: vec![Column::new(State::Unknown); columns],
        }
    }

    /// Inference where `fixed[i] = Some(t)` gives column `i` the type `t` of an official
    /// fixed column: it is not inferred and [`Inference::finish`] returns `t` for it.
    #[must_use]
    pub fn with_fixed(fixed: &[Option<ColumnType>]) -> Self {
        Self {
            columns: fixed
                .iter()
                .map(|f| Column::new(f.map_or(State::Unknown, State::Fixed)))
                .collect(),
        }
    }

    /// Takes one row into account. Fields beyond the number of columns are ignored;
    /// missing fields count as empty.
    pub fn observe(&mut self, rec: &csv::StringRecord) {
        for (column, cell) in self.columns.iter_mut().zip(rec.iter()) {
            if matches!(column.state, State::Text | State::Fixed(_)) {
                continue;
            }
            column.observe(classify(cell));
        }
    }

    /// The type of each column.
    #[must_use]
    pub fn finish(self) -> Vec<ColumnType> {
        self.columns.into_iter().map(Column::finish).collect()
    }
}

/// Converts one cell for a column of type `ty`. An empty or whitespace-only cell is
/// [`Value::Null`]; a Text column gives the cell untrimmed.
///
/// # Errors
///
/// `Err(())` when the cell does not fit the type. After inference over the whole file
/// this can only happen for fixed column types; the caller stores NULL and reports it.
#[allow(
    clippy::result_unit_err,
    reason = "the caller only needs to know that the cell does not fit"
)]
pub fn convert(ty: ColumnType, cell: &str) -> Result<Value<'_>, ()> {
    let b = cell.as_bytes().trim_ascii();
    if b.is_empty() {
        return Ok(Value::Null);
    }
    match ty {
        ColumnType::Text => Ok(Value::Text(cell)),
        ColumnType::Integer => match number(b) {
            Kind::Integer => parse_i64(b).map(Value::Integer).ok_or(()),
            _ => Err(()),
        },
        ColumnType::Decimal => match number(b) {
            Kind::Integer | Kind::Decimal { .. } => parse_f64(b).map(Value::Decimal).ok_or(()),
            _ => Err(()),
        },
        ColumnType::Boolean => boolean(b).map(Value::Boolean).ok_or(()),
        ColumnType::Date => match temporal(b) {
            Some(t) if t.time.is_none() => t.date().map(Value::Date).ok_or(()),
            _ => Err(()),
        },
        ColumnType::DateTime => temporal(b)
            .and_then(|t| t.datetime())
            .map(Value::DateTime)
            .ok_or(()),
    }
}

/// Appends `d` as `YYYY-MM-DD`, as `d.format("%Y-%m-%d")` would, without parsing a format
/// string per cell (the load writes one per row).
pub fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike as _;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        let _ = fmt::Write::write_fmt(out, format_args!("{}", d.format("%Y-%m-%d")));
        return;
    }
    push_digits(out, year.unsigned_abs(), 4);
    out.push('-');
    push_digits(out, d.month(), 2);
    out.push('-');
    push_digits(out, d.day(), 2);
}

/// Appends `d` as `d.format("%Y-%m-%dT%H:%M:%S%.f")` would: seconds always, a fraction of 3,
/// 6 or 9 digits only when there is one.
pub fn push_datetime(out: &mut String, d: NaiveDateTime) {
    use chrono::Timelike as _;
    push_date(out, d.date());
    out.push('T');
    push_digits(out, d.hour(), 2);
    out.push(':');
    push_digits(out, d.minute(), 2);
    out.push(':');
    push_digits(out, d.second(), 2);
    let nanos = d.nanosecond() % 1_000_000_000;
    if nanos != 0 {
        out.push('.');
        if nanos.is_multiple_of(1_000_000) {
            push_digits(out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            push_digits(out, nanos / 1_000, 6);
        } else {
            push_digits(out, nanos, 9);
        }
    }
}

fn push_digits(out: &mut String, mut n: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut i = buf.len();
    while n > 0 && i > 0 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let start = i.min(buf.len() - width);
    for &b in &buf[start..] {
        out.push(char::from(b));
    }
}

/// Classifies one cell.
fn classify(cell: &str) -> Kind {
    let b = cell.as_bytes().trim_ascii();
    let Some(&first) = b.first() else {
        return Kind::Empty;
    };
    match first {
        b'0'..=b'9' => match number(b) {
            Kind::Text => match temporal(b) {
                Some(Temporal { time: None, .. }) => Kind::Date,
                Some(_) => Kind::DateTime,
                None => Kind::Text,
            },
            k => k,
        },
        b'+' | b'-' => number(b),
        _ => {
            if boolean(b).is_some() {
                Kind::Boolean
            } else {
                Kind::Text
            }
        }
    }
}

/// Classifies a trimmed, non-empty cell as Integer, Decimal or Text.
fn number(b: &[u8]) -> Kind {
    let mut i = usize::from(matches!(b[0], b'+' | b'-'));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return Kind::Text;
    }
    if i == b.len() {
        return if int_len <= 18 || parse_i64(b).is_some() {
            Kind::Integer
        } else {
            Kind::Text
        };
    }
    let sep = b[i];
    if sep != b'.' && sep != b',' {
        return Kind::Text;
    }
    i += 1;
    let frac_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let frac_len = i - frac_start;
    if frac_len == 0 {
        return Kind::Text;
    }
    let mut exponent = false;
    if sep == b'.' && i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'+' | b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return Kind::Text;
        }
        exponent = true;
    }
    if i != b.len() {
        return Kind::Text;
    }
    let comma = sep == b',';
    Kind::Decimal {
        comma,
        grouping: comma && !exponent && int_len <= 3 && b[int_start] != b'0' && frac_len == 3,
    }
}

fn parse_i64(b: &[u8]) -> Option<i64> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// Parses a number already classified as Integer or Decimal; a comma becomes a point.
fn parse_f64(b: &[u8]) -> Option<f64> {
    let mut buf = [0u8; 64];
    if b.len() <= buf.len() {
        let buf = &mut buf[..b.len()];
        for (d, &s) in buf.iter_mut().zip(b) {
            *d = if s == b',' { b'.' } else { s };
        }
        std::str::from_utf8(buf).ok()?.parse().ok()
    } else {
        let s: String = b
            .iter()
            .map(|&c| if c == b',' { '.' } else { char::from(c) })
            .collect();
        s.parse().ok()
    }
}

/// Recognises the boolean words, case-insensitively.
fn boolean(b: &[u8]) -> Option<bool> {
    let first = *b.first()?;
    if first == 0xD0 {
        // да, нет, иә, жоқ all start with a two-byte letter led by 0xD0, in either case.
        return if (4..=6).contains(&b.len()) {
            cyrillic_boolean(b)
        } else {
            None
        };
    }
    let (word, value): (&[u8], bool) = match (b.len(), first | 0x20) {
        (4, b't') => (b"true", true),
        (5, b'f') => (b"false", false),
        (3, b'y') => (b"yes", true),
        (2, b'n') => (b"no", false),
        _ => return None,
    };
    b.eq_ignore_ascii_case(word).then_some(value)
}

fn cyrillic_boolean(b: &[u8]) -> Option<bool> {
    let s = std::str::from_utf8(b).ok()?;
    for (word, value) in [("да", true), ("нет", false), ("иә", true), ("жоқ", false)] {
        if eq_lowercase(s, word) {
            return Some(value);
        }
    }
    None
}

/// `s` equals the lowercase word `lower`, ignoring the letter case of `s`.
fn eq_lowercase(s: &str, lower: &str) -> bool {
    let mut it = lower.chars();
    for c in s.chars() {
        let Some(want) = it.next() else {
            return false;
        };
        if c != want && !c.to_lowercase().eq(std::iter::once(want)) {
            return false;
        }
    }
    it.next().is_none()
}

/// A validated date, with an optional validated time.
struct Temporal {
    year: u32,
    month: u32,
    day: u32,
    time: Option<Clock>,
}

/// A validated time of day and its offset from UTC in seconds.
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset: i32,
}

impl Temporal {
    fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(i32::try_from(self.year).ok()?, self.month, self.day)
    }

    /// Date and time in UTC; midnight for a date alone.
    fn datetime(&self) -> Option<NaiveDateTime> {
        let date = self.date()?;
        let Some(c) = &self.time else {
            return Some(date.and_time(NaiveTime::MIN));
        };
        let local = date.and_time(NaiveTime::from_hms_nano_opt(
            c.hour, c.minute, c.second, c.nanos,
        )?);
        if c.offset == 0 {
            return Some(local);
        }
        local.checked_sub_signed(TimeDelta::seconds(i64::from(c.offset)))
    }
}

/// The value of 1 to 9 ASCII digits.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut n = 0;
    for &d in b {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(d - b'0');
    }
    Some(n)
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// Parses `YYYY-MM-DD` or `D[D].M[M].YYYY`, optionally followed by a time; checks the
/// calendar and the clock.
fn temporal(b: &[u8]) -> Option<Temporal> {
    let (year, month, day, rest) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        (
            digits(&b[..4])?,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
            &b[10..],
        )
    } else {
        let dot1 = b.iter().take(3).position(|&c| c == b'.')?;
        let day = digits(&b[..dot1])?;
        let rest = &b[dot1 + 1..];
        let dot2 = rest.iter().take(3).position(|&c| c == b'.')?;
        let month = digits(&rest[..dot2])?;
        let rest = &rest[dot2 + 1..];
        if rest.len() < 4 {
            return None;
        }
        (digits(&rest[..4])?, month, day, &rest[4..])
    };
    if !valid_date(year, month, day) {
        return None;
    }
    let time = match rest {
        [] => None,
        [b'T' | b't' | b' ', tail @ ..] => Some(time(tail)?),
        _ => return None,
    };
    Some(Temporal {
        year,
        month,
        day,
        time,
    })
}

/// Parses `H[H]:MM[:SS[.fraction]][Z|±HH[:MM]|±HHMM]`.
fn time(b: &[u8]) -> Option<Clock> {
    let colon = b.iter().take(3).position(|&c| c == b':')?;
    let hour = digits(&b[..colon])?;
    let mut rest = &b[colon + 1..];
    if rest.len() < 2 {
        return None;
    }
    let minute = digits(&rest[..2])?;
    rest = &rest[2..];
    let mut second = 0;
    let mut nanos = 0;
    if rest.first() == Some(&b':') {
        if rest.len() < 3 {
            return None;
        }
        second = digits(&rest[1..3])?;
        rest = &rest[3..];
        if matches!(rest.first(), Some(b'.' | b',')) {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return None;
            }
            nanos = digits(&rest[1..=n])? * 10u32.pow(u32::try_from(9 - n).ok()?);
            rest = &rest[1 + n..];
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail {
                [a, b] => (digits(&[*a, *b])?, 0),
                [a, b, c, d] | [a, b, b':', c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    Some(Clock {
        hour,
        minute,
        second,
        nanos,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_text_matches_chrono_formatting() {
        let dates = [(1, 1, 1), (999, 12, 31), (2024, 2, 29), (9999, 12, 31)];
        let times = [
            (0, 0, 0, 0),
            (23, 59, 59, 5_000_000),
            (7, 5, 3, 120_000),
            (12, 0, 1, 7),
        ];
        for (y, m, d) in dates {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
            let mut text = String::new();
            push_date(&mut text, date);
            assert_eq!(text, date.format("%Y-%m-%d").to_string());
            for (h, mi, s, n) in times {
                let at = date.and_time(NaiveTime::from_hms_nano_opt(h, mi, s, n).expect("time"));
                let mut text = String::new();
                push_datetime(&mut text, at);
                assert_eq!(text, at.format("%Y-%m-%dT%H:%M:%S%.f").to_string());
            }
        }
    }

    #[test]
    fn classify_examples() {
        assert_eq!(classify("42"), Kind::Integer);
        assert_eq!(classify("-0"), Kind::Integer);
        assert_eq!(classify("007"), Kind::Text);
        assert_eq!(
            classify("0.5"),
            Kind::Decimal {
                comma: false,
                grouping: false
            }
        );
        assert_eq!(
            classify("1,234"),
            Kind::Decimal {
                comma: true,
                grouping: true
            }
        );
        assert_eq!(classify("1 234"), Kind::Text);
        assert_eq!(
            classify("1.5e-3"),
            Kind::Decimal {
                comma: false,
                grouping: false
            }
        );
        assert_eq!(classify("99999999999999999999"), Kind::Text);
        assert_eq!(classify("ЖОҚ"), Kind::Boolean);
        assert_eq!(classify("2024-02-29"), Kind::Date);
        assert_eq!(classify("2023-02-29"), Kind::Text);
        assert_eq!(classify("2024-03-01T10:30"), Kind::DateTime);
        assert_eq!(classify("1.3.2024 9:05:07"), Kind::DateTime);
        assert_eq!(classify("10:30"), Kind::Text);
    }

    #[test]
    fn offset_is_applied() {
        let v = convert(ColumnType::DateTime, "2024-03-01T10:30:00+05:00").unwrap();
        let want = NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_opt(5, 30, 0)
            .unwrap();
        assert_eq!(v, Value::DateTime(want));
    }
}
