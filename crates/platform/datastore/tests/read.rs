//! Tests of the file readers.
#![allow(
    clippy::unwrap_used,
    reason = "helpers shared by the tests unwrap their fixtures"
)]

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use csv::StringRecord;
use opengov_datastore::fixtures::xlsx;
use opengov_datastore::read::{
    Format, Limits, ProblemKind, ReadError, RowProblem, Rows, ZipBombKind, detect, open,
};
use zip::write::SimpleFileOptions;

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("scratch-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{n}-{name}"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn open_bytes(bytes: &[u8], format: Format) -> Result<Box<dyn Rows + Send>, ReadError> {
    open(&temp("file", bytes), format, &Limits::default())
}

/// All rows, with the problems of each.
fn read_all(rows: &mut dyn Rows) -> (Vec<Vec<String>>, Vec<RowProblem>) {
    let mut rec = StringRecord::new();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    while rows.next(&mut rec).unwrap() {
        assert_eq!(rec.len(), rows.columns().len());
        out.push(rec.iter().map(str::to_owned).collect());
        problems.extend(rows.take_problems());
    }
    (out, problems)
}

fn csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>, Vec<RowProblem>) {
    let mut rows = open_bytes(bytes, Format::Delimited).unwrap();
    let (data, problems) = read_all(rows.as_mut());
    (rows.columns().to_vec(), data, problems)
}

#[test]
fn plain_csv_with_crlf_and_blank_lines() {
    let (cols, data, problems) = csv(b"a,b\r\n1,2\r\n\r\n   \r\n3,4\r\n");
    assert_eq!(cols, ["a", "b"]);
    assert_eq!(data, [["1", "2"], ["3", "4"]]);
    assert!(problems.is_empty());
}

#[test]
fn windows_1251_file_with_cyrillic_header_is_read_correctly() {
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1251.encode("Область;Население\nАлматы;2000000\nАстана;1350000\n");
    let (cols, data, _) = csv(&bytes);
    assert_eq!(cols, ["Область", "Население"]);
    assert_eq!(data, [["Алматы", "2000000"], ["Астана", "1350000"]]);
}

#[test]
fn utf8_bom_is_stripped_from_the_first_header() {
    let (cols, data, _) = csv("\u{FEFF}id,name\n1,Ақтөбе\n".as_bytes());
    assert_eq!(cols, ["id", "name"]);
    assert_eq!(data, [["1", "Ақтөбе"]]);
}

#[test]
fn utf16_with_bom_is_read() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "x\ty\n1\tҚ\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let (cols, data, _) = csv(&bytes);
    assert_eq!(cols, ["x", "y"]);
    assert_eq!(data, [["1", "Қ"]]);
}

#[test]
fn semicolon_delimiter_with_decimal_commas() {
    let (cols, data, _) = csv(b"name;price;qty\nbread;1,5;2\nmilk;\"0,9\";1\n");
    assert_eq!(cols, ["name", "price", "qty"]);
    assert_eq!(data, [["bread", "1,5", "2"], ["milk", "0,9", "1"]]);
}

#[test]
fn tab_delimiter_with_commas_in_values() {
    let (cols, data, _) = csv(b"city\tnote\nAlmaty\ta, b, c\nAstana\td, e\n");
    assert_eq!(cols, ["city", "note"]);
    assert_eq!(data, [["Almaty", "a, b, c"], ["Astana", "d, e"]]);
}

#[test]
fn pipe_delimiter() {
    let (cols, _, _) = csv(b"a|b|c\n1|2|3\n");
    assert_eq!(cols, ["a", "b", "c"]);
}

#[test]
fn ragged_rows_are_reported_with_row_and_value_and_nothing_is_lost() {
    let (cols, data, problems) = csv(b"a,b,c\n1,2\n3,4,5,6,7\n8,9,10\n");
    assert_eq!(cols, ["a", "b", "c"]);
    assert_eq!(data, [["1", "2", ""], ["3", "4", "5"], ["8", "9", "10"]]);
    assert_eq!(
        problems,
        [
            RowProblem {
                row: 1,
                column: "c".into(),
                value: String::new(),
                kind: ProblemKind::Missing
            },
            RowProblem {
                row: 2,
                column: "(extra 4)".into(),
                value: "6".into(),
                kind: ProblemKind::Extra
            },
            RowProblem {
                row: 2,
                column: "(extra 5)".into(),
                value: "7".into(),
                kind: ProblemKind::Extra
            },
        ]
    );
}

#[test]
fn stray_quotes_inside_unquoted_fields_do_not_abort() {
    let (_, data, problems) =
        csv(b"item,size\nTV 32\" screen,big\n\"quoted \"\"word\"\"\",x\nlast,row\n");
    assert_eq!(
        data,
        [
            ["TV 32\" screen", "big"],
            ["quoted \"word\"", "x"],
            ["last", "row"]
        ]
    );
    assert!(problems.is_empty());
}

#[test]
fn unterminated_quote_at_eof_keeps_earlier_rows_and_is_reported() {
    let (_, data, problems) = csv(b"a,b\n1,2\n3,\"oops\n4,5\n");
    assert_eq!(data[0], ["1", "2"]);
    assert_eq!(data[1][0], "3");
    assert!(data[1][1].contains("4,5"));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].row, 2);
    assert_eq!(problems[0].column, "b");
    assert_eq!(problems[0].kind, ProblemKind::UnterminatedQuote);
}

#[test]
fn unterminated_quote_swallowing_a_big_file_is_row_too_large() {
    let mut body = b"a,b\n1,\"open\n".to_vec();
    for _ in 0..20_000 {
        body.extend_from_slice(b"x,y,z,some more text here\n");
    }
    let limits = Limits {
        max_row_bytes: 100_000,
        ..Limits::default()
    };
    let mut rows = open(&temp("q.csv", &body), Format::Delimited, &limits).unwrap();
    let mut rec = StringRecord::new();
    match rows.next(&mut rec) {
        Err(ReadError::RowTooLarge {
            row: 1,
            limit: 100_000,
        }) => {}
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn huge_field_is_field_too_large_with_row() {
    let mut body = b"a,b\n1,2\n3,".to_vec();
    body.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
    body.extend_from_slice(b"\n5,6\n");
    let mut rows = open_bytes(&body, Format::Delimited).unwrap();
    let mut rec = StringRecord::new();
    assert!(rows.next(&mut rec).unwrap());
    let err = rows.next(&mut rec).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::FieldTooLarge {
                row: 2,
                limit: 1_048_576
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("row 2"));
}

#[test]
fn empty_file_is_empty() {
    assert!(matches!(
        open_bytes(b"", Format::Delimited),
        Err(ReadError::Empty)
    ));
    assert!(matches!(
        open_bytes(b"  \r\n\n\t\n", Format::Delimited),
        Err(ReadError::Empty)
    ));
}

#[test]
fn header_only_file_has_columns_and_no_rows() {
    let (cols, data, _) = csv(b"a,b,c\n");
    assert_eq!(cols, ["a", "b", "c"]);
    assert!(data.is_empty());
}

#[test]
fn empty_rows_before_the_header_are_skipped() {
    let (cols, data, _) = csv(b",,\n\n name ,,x\n1,2,3\n");
    assert_eq!(cols, ["name", "column_2", "x"]);
    assert_eq!(data, [["1", "2", "3"]]);
}

#[test]
fn header_names_are_cleaned() {
    let long = "я".repeat(40);
    let body = format!(
        "  First   Name ,\"_id\",,Name,first name,\"a\"\"b\",{long},{long}\n1,2,3,4,5,6,7,8\n"
    );
    let (cols, _, _) = csv(body.as_bytes());
    let cut = "я".repeat(31);
    assert_eq!(
        cols,
        [
            "First Name".to_owned(),
            "col_id".to_owned(),
            "column_3".to_owned(),
            "Name".to_owned(),
            "first name_2".to_owned(),
            "ab".to_owned(),
            cut.clone(),
            format!("{}_2", "я".repeat(30)),
        ]
    );
    assert!(cols.iter().all(|c| c.len() <= 63));
}

#[test]
fn random_bytes_are_binary() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..10_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    assert!(matches!(
        open_bytes(&bytes, Format::Delimited),
        Err(ReadError::Binary)
    ));
}

#[test]
fn png_header_is_binary() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    assert!(matches!(
        open_bytes(png, Format::Delimited),
        Err(ReadError::Binary)
    ));
    assert_eq!(detect(png, "data.csv", "text/csv"), None);
}

#[test]
fn too_many_columns_is_refused() {
    let header: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    let body = format!("{}\n", header.join(","));
    match open_bytes(body.as_bytes(), Format::Delimited) {
        Err(ReadError::TooManyColumns {
            found: 1001,
            limit: 1000,
        }) => {}
        Err(e) => panic!("unexpected {e:?}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn too_many_rows_is_refused() {
    let limits = Limits {
        max_rows: 2,
        ..Limits::default()
    };
    let mut rows = open(&temp("r.csv", b"a\n1\n2\n3\n"), Format::Delimited, &limits).unwrap();
    let mut rec = StringRecord::new();
    assert!(rows.next(&mut rec).unwrap());
    assert!(rows.next(&mut rec).unwrap());
    assert!(matches!(
        rows.next(&mut rec),
        Err(ReadError::TooManyRows { limit: 2 })
    ));
}

#[test]
fn progress_counts_file_bytes() {
    let body = b"a,b\n1,2\n3,4\n";
    let mut rows = open_bytes(body, Format::Delimited).unwrap();
    let _ = read_all(rows.as_mut());
    assert_eq!(rows.total_bytes(), body.len() as u64);
    assert_eq!(rows.bytes_read(), body.len() as u64);
    assert_eq!(rows.row_number(), 2);
}

#[test]
fn detect_picks_the_reader() {
    assert_eq!(detect(b"a,b\n1,2\n", "x.csv", ""), Some(Format::Delimited));
    assert_eq!(
        detect(b"a;b\n1;2\n", "upload", "application/octet-stream"),
        Some(Format::Delimited)
    );
    assert_eq!(
        detect(b"a,b\n", "x.csv", "application/vnd.ms-excel"),
        Some(Format::Delimited)
    );
    assert_eq!(
        detect(b"PK\x03\x04rest", "book.xlsx", ""),
        Some(Format::Xlsx)
    );
    assert_eq!(
        detect(b"PK\x03\x04rest", "archive.zip", "application/zip"),
        None
    );
    assert_eq!(
        detect(b"  [{\"a\":1}]", "data.json", "application/json"),
        Some(Format::Json)
    );
    assert_eq!(detect(b"{\"a\":1}", "data.json", ""), Some(Format::Json));
    assert_eq!(
        detect(b"{\"type\":\"FeatureCollection\"}", "x.geojson", ""),
        None
    );
    assert_eq!(detect(b"<!DOCTYPE html><html>", "page", "text/html"), None);
    assert_eq!(
        detect(b"%PDF-1.7\n\0\0", "doc.pdf", "application/pdf"),
        None
    );
    assert_eq!(detect(b"just some words", "notes", ""), None);
}

// ----------------------------------------------------------------------------- XLSX

#[test]
fn xlsx_first_sheet_is_read_with_typed_cells_as_text() {
    let rows = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>"#,
        r#"<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="inlineStr"><is><t>when</t></is></c></row>"#,
        r#"<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2"><v>42</v></c><c r="C2"><v>2.5</v></c>"#,
        r#"<c r="D2" t="b"><v>1</v></c><c r="E2" s="1"><v>45352</v></c><c r="F2" s="2"><v>45352.4375</v></c></row>"#,
        r#"<row r="4"><c r="A4" t="inlineStr"><is><t>x</t></is></c><c r="C4"><v>0.1</v></c><c r="D4" t="e"><v>#DIV/0!</v></c>"#,
        r#"<c r="H4"><v>7</v></c></row>"#,
    );
    let bytes = xlsx(
        rows,
        &["Название", "Count", "Ratio", "Flag", "Date", "Алматы"],
    );
    assert_eq!(detect(&bytes, "book.xlsx", ""), Some(Format::Xlsx));
    let mut reader = open(&temp("b.xlsx", &bytes), Format::Xlsx, &Limits::default()).unwrap();
    assert_eq!(
        reader.columns(),
        ["Название", "Count", "Ratio", "Flag", "Date", "when"]
    );
    let (data, problems) = read_all(reader.as_mut());
    assert_eq!(
        data,
        [
            [
                "Алматы",
                "42",
                "2.5",
                "true",
                "2024-03-01",
                "2024-03-01T10:30:00"
            ],
            ["x", "", "0.1", "", "", ""],
        ]
    );
    assert_eq!(
        problems,
        [RowProblem {
            row: 2,
            column: "(extra 8)".into(),
            value: "7".into(),
            kind: ProblemKind::Extra
        }]
    );
    assert_eq!(reader.bytes_read(), reader.total_bytes());
}

#[test]
fn xlsx_empty_sheet_is_empty() {
    let bytes = xlsx("", &[]);
    assert!(matches!(
        open(&temp("e.xlsx", &bytes), Format::Xlsx, &Limits::default()),
        Err(ReadError::Empty)
    ));
}

#[test]
fn xlsx_zip_bomb_is_refused_fast_without_decompressing() {
    // 16 MiB of spaces compresses to about 16 KiB: a ratio near 1000.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/worksheets/sheet1.xml", SimpleFileOptions::default())
        .unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..16 {
        zip.write_all(&chunk).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024);
    let path = temp("bomb.xlsx", &bytes);

    let start = Instant::now();
    let err = open(&path, Format::Xlsx, &Limits::default()).err().unwrap();
    assert!(start.elapsed() < Duration::from_secs(1));
    match err {
        ReadError::ZipBomb(ZipBombKind::Ratio {
            ref entry,
            ratio,
            limit: 100,
        }) => {
            assert_eq!(entry, "xl/worksheets/sheet1.xml");
            assert!(ratio > 100);
        }
        e => panic!("unexpected {e:?}"),
    }
    let limits = Limits {
        max_xlsx_uncompressed: 4 * 1024 * 1024,
        ..Limits::default()
    };
    assert!(matches!(
        open(&path, Format::Xlsx, &limits).err().unwrap(),
        ReadError::ZipBomb(ZipBombKind::TooLarge {
            limit: 4_194_304,
            ..
        })
    ));
}

#[test]
fn xlsx_that_is_not_a_zip_is_an_xlsx_error() {
    assert!(matches!(
        open_bytes(b"hello", Format::Xlsx),
        Err(ReadError::Xlsx(_))
    ));
}

// ----------------------------------------------------------------------------- JSON

#[test]
fn json_array_is_read_with_the_union_of_keys() {
    let body = r#"[
        {"id": 1, "name": "Алматы", "ok": true},
        {"name": "Астана", "id": 2, "extra": null, "score": 2.5},
        {"id": 3, "tags": ["a", "b"], "meta": {"k": 1}, "big": 18446744073709551615}
    ]"#;
    let mut rows = open_bytes(body.as_bytes(), Format::Json).unwrap();
    assert_eq!(
        rows.columns(),
        ["id", "name", "ok", "extra", "score", "tags", "meta", "big"]
    );
    let (data, problems) = read_all(rows.as_mut());
    assert_eq!(
        data,
        [
            ["1", "Алматы", "true", "", "", "", "", ""],
            ["2", "Астана", "", "", "2.5", "", "", ""],
            [
                "3",
                "",
                "",
                "",
                "",
                r#"["a","b"]"#,
                r#"{"k":1}"#,
                "18446744073709551615"
            ],
        ]
    );
    assert!(problems.is_empty());
    assert_eq!(rows.row_number(), 3);
}

#[test]
fn json_that_is_not_an_array_is_an_error() {
    match open_bytes(br#"{"a": 1}"#, Format::Json) {
        Err(ReadError::Json { row: 0, .. }) => {}
        Err(e) => panic!("unexpected {e:?}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn json_element_that_is_not_an_object_is_an_error_with_its_row() {
    match open_bytes(br#"[{"a": 1}, {"a": 2}, 3]"#, Format::Json) {
        Err(ReadError::Json { row: 3, message }) => assert!(message.contains("not an object")),
        Err(e) => panic!("unexpected {e:?}"),
        Ok(_) => panic!("accepted"),
    }
    match open_bytes(br#"[{"a": 1}, {"a": 2"#, Format::Json) {
        Err(ReadError::Json { row: 2, .. }) => {}
        Err(e) => panic!("unexpected {e:?}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn json_empty_array_is_empty() {
    assert!(matches!(
        open_bytes(b" [ ] ", Format::Json),
        Err(ReadError::Empty)
    ));
    assert!(matches!(
        open_bytes(b"[{}, {}]", Format::Json),
        Err(ReadError::NoHeader)
    ));
}

#[test]
fn errors_read_as_plain_english() {
    let e = ReadError::FieldTooLarge {
        row: 7,
        limit: 1024,
    };
    assert_eq!(
        e.to_string(),
        "a value in row 7 is longer than the limit of 1024 bytes"
    );
    let e = ReadError::ZipBomb(ZipBombKind::TooManyEntries {
        found: 20_000,
        limit: 10_000,
    });
    assert!(e.to_string().contains("20000"));
}

#[test]
fn a_windows_1251_file_is_recognised_by_rows_far_past_its_first_64_kib() {
    // A Latin header and 100 KiB of numbers first; the Cyrillic comes only at the end.
    let mut text = String::from("id;city\n");
    for i in 0..10_000 {
        text.extend([i.to_string(), ";".into(), (i * 7).to_string(), "\n".into()]);
    }
    text.push_str("10000;Қостанай облысы\n10001;Усть-Каменогорск\n");
    let text = text.replace('Қ', "К");
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!had_errors);
    assert!(bytes.len() > 100 * 1024);
    let (cols, data, problems) = csv(&bytes);
    assert_eq!(cols, ["id", "city"]);
    assert_eq!(data.len(), 10_002);
    assert_eq!(data[10_000], ["10000", "Костанай облысы"]);
    assert_eq!(data[10_001], ["10001", "Усть-Каменогорск"]);
    assert!(problems.is_empty());
}

#[test]
fn a_utf8_file_damaged_past_its_first_64_kib_names_the_damaged_row() {
    // Genuine UTF-8 Cyrillic throughout, and one broken byte in row 9,001.
    let mut bytes = b"id,name\n".to_vec();
    for i in 1..=12_000 {
        if i == 9_001 {
            bytes.extend_from_slice(b"9001,\xD0\n");
        } else {
            bytes.extend_from_slice(format!("{i},Ақтөбе\n").as_bytes());
        }
    }
    assert!(bytes.len() > 100 * 1024);
    let mut rows = open_bytes(&bytes, Format::Delimited).unwrap();
    let mut rec = StringRecord::new();
    let err = loop {
        match rows.next(&mut rec) {
            Ok(true) => assert_eq!(&rec[1], "Ақтөбе", "read as UTF-8, not as Windows-1251"),
            Ok(false) => panic!("the damaged row was not reported"),
            Err(e) => break e,
        }
    };
    assert!(matches!(err, ReadError::Encoding { row: 9_001 }), "{err:?}");
}

#[test]
fn a_short_utf8_file_with_one_damaged_byte_is_still_utf8() {
    let mut bytes = "id,name\n1,Алматы\n2,Астана\n3,Шымкент\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"4,\xFF\n");
    let mut rows = open_bytes(&bytes, Format::Delimited).unwrap();
    let mut rec = StringRecord::new();
    assert!(rows.next(&mut rec).unwrap());
    assert_eq!(&rec[1], "Алматы");
    assert!(rows.next(&mut rec).unwrap() && rows.next(&mut rec).unwrap());
    assert!(matches!(
        rows.next(&mut rec),
        Err(ReadError::Encoding { row: 4 })
    ));
}
