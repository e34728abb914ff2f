//! Tests of column type inference and cell conversion.

use chrono::NaiveDate;
use csv::StringRecord;
use opengov_datastore::infer::{ColumnType, Inference, Value, convert};

fn infer(rows: &[&[&str]]) -> Vec<ColumnType> {
    let width = rows.first().map_or(0, |r| r.len());
    let mut inference = Inference::new(width);
    for row in rows {
        inference.observe(&StringRecord::from(row.to_vec()));
    }
    inference.finish()
}

fn column(values: &[&str]) -> ColumnType {
    let rows: Vec<Vec<&str>> = values.iter().map(|v| vec![*v]).collect();
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    infer(&refs)[0]
}

#[test]
fn type_comes_from_the_whole_file_not_the_first_rows() {
    let mut inference = Inference::new(2);
    let mut rec = StringRecord::new();
    for i in 0..999_999_u32 {
        rec.clear();
        let n = i.to_string();
        rec.push_field(&n);
        rec.push_field(&n);
        inference.observe(&rec);
    }
    inference.observe(&StringRecord::from(vec!["n/a", "1.5"]));
    assert_eq!(
        inference.finish(),
        vec![ColumnType::Text, ColumnType::Decimal]
    );
}

#[test]
fn leading_zeros_stay_text() {
    assert_eq!(column(&["007", "12"]), ColumnType::Text);
    assert_eq!(column(&["050000", "010000"]), ColumnType::Text);
    assert_eq!(column(&["0", "10", "-3", "+4"]), ColumnType::Integer);
    assert_eq!(column(&["0.5", "00.5"]), ColumnType::Text);
}

#[test]
fn zero_and_one_are_integers_not_booleans() {
    assert_eq!(column(&["0", "1", "1"]), ColumnType::Integer);
    assert_eq!(column(&["0", "true"]), ColumnType::Text);
}

#[test]
fn integers_and_decimals_make_decimal() {
    assert_eq!(column(&["1", "2.5", "-3.25e2"]), ColumnType::Decimal);
    assert_eq!(column(&["1", "2,5"]), ColumnType::Decimal);
    assert_eq!(convert(ColumnType::Decimal, "2,5"), Ok(Value::Decimal(2.5)));
    assert_eq!(convert(ColumnType::Decimal, "7"), Ok(Value::Decimal(7.0)));
}

#[test]
fn thousands_separator_lookalikes_stay_text() {
    assert_eq!(column(&["1,234", "5,678"]), ColumnType::Text);
    // One value that cannot be a thousands group settles the decimal comma.
    assert_eq!(column(&["1,234", "0,5"]), ColumnType::Decimal);
    assert_eq!(column(&["1,5", "2.5"]), ColumnType::Text);
    assert_eq!(column(&["1 234", "5"]), ColumnType::Text);
    assert_eq!(column(&["1,234,567"]), ColumnType::Text);
    assert_eq!(column(&["1,234.50"]), ColumnType::Text);
}

#[test]
fn huge_integers_are_text() {
    assert_eq!(column(&["9223372036854775807"]), ColumnType::Integer);
    assert_eq!(column(&["9223372036854775808"]), ColumnType::Text);
}

#[test]
fn dates_in_both_styles() {
    assert_eq!(
        column(&["2024-03-01", "01.03.2024", "1.3.2024"]),
        ColumnType::Date
    );
    let d = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    assert_eq!(convert(ColumnType::Date, "2024-03-01"), Ok(Value::Date(d)));
    assert_eq!(convert(ColumnType::Date, "01.03.2024"), Ok(Value::Date(d)));
}

#[test]
fn invalid_dates_are_text() {
    assert_eq!(column(&["2024-03-01", "2023-02-30"]), ColumnType::Text);
    assert_eq!(column(&["31.04.2024"]), ColumnType::Text);
    assert_eq!(column(&["2024-13-01"]), ColumnType::Text);
    assert_eq!(column(&["2024-3-1"]), ColumnType::Text);
    assert_eq!(column(&["29.02.2024"]), ColumnType::Date);
}

#[test]
fn datetimes_and_mixing_with_dates() {
    assert_eq!(
        column(&[
            "2024-03-01T10:30:00",
            "2024-03-01 10:30",
            "2024-03-01T10:30:00.123Z",
            "2024-03-01T10:30:00+06:00",
            "01.03.2024 10:30:15",
        ]),
        ColumnType::DateTime
    );
    assert_eq!(
        column(&["2024-03-01", "2024-03-01 10:30"]),
        ColumnType::DateTime
    );
    assert_eq!(column(&["2024-03-01 25:00"]), ColumnType::Text);
    let want = NaiveDate::from_ymd_opt(2024, 3, 1)
        .unwrap()
        .and_hms_opt(4, 30, 0)
        .unwrap();
    assert_eq!(
        convert(ColumnType::DateTime, "2024-03-01T10:30:00+06:00"),
        Ok(Value::DateTime(want))
    );
    let midnight = NaiveDate::from_ymd_opt(2024, 3, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert_eq!(
        convert(ColumnType::DateTime, "2024-03-01"),
        Ok(Value::DateTime(midnight))
    );
}

#[test]
fn booleans_in_kazakh_russian_and_english() {
    assert_eq!(
        column(&["true", "FALSE", "Yes", "no", "да", "НЕТ", "иә", "ЖОҚ", "Иә"]),
        ColumnType::Boolean
    );
    assert_eq!(
        convert(ColumnType::Boolean, "Жоқ"),
        Ok(Value::Boolean(false))
    );
    assert_eq!(convert(ColumnType::Boolean, "Да"), Ok(Value::Boolean(true)));
    assert_eq!(column(&["да", "maybe"]), ColumnType::Text);
}

#[test]
fn empty_cells_do_not_decide_and_an_empty_column_is_text() {
    assert_eq!(
        infer(&[&["", "1"], &["  ", ""], &["", "2"]]),
        vec![ColumnType::Text, ColumnType::Integer]
    );
    assert_eq!(convert(ColumnType::Integer, "  "), Ok(Value::Null));
    assert_eq!(convert(ColumnType::Text, ""), Ok(Value::Null));
}

#[test]
fn fixed_columns_are_not_inferred_and_misfits_are_errors() {
    let mut inference = Inference::with_fixed(&[Some(ColumnType::Integer), None]);
    inference.observe(&StringRecord::from(vec!["abc", "2024-01-01"]));
    assert_eq!(
        inference.finish(),
        vec![ColumnType::Integer, ColumnType::Date]
    );
    assert_eq!(convert(ColumnType::Integer, "abc"), Err(()));
    assert_eq!(convert(ColumnType::Integer, "007"), Err(()));
    assert_eq!(convert(ColumnType::Date, "2023-02-30"), Err(()));
    assert_eq!(convert(ColumnType::Integer, " 42 "), Ok(Value::Integer(42)));
    assert_eq!(convert(ColumnType::Text, " 007 "), Ok(Value::Text(" 007 ")));
}

#[test]
fn column_type_names_round_trip() {
    for t in [
        ColumnType::Integer,
        ColumnType::Decimal,
        ColumnType::Boolean,
        ColumnType::Date,
        ColumnType::DateTime,
        ColumnType::Text,
    ] {
        assert_eq!(t.as_str().parse::<ColumnType>(), Ok(t));
    }
    assert!("money".parse::<ColumnType>().is_err());
}
