//! The datastore end to end on a real backend: SQLite files by default, PostgreSQL (a fresh
//! schema) when `OPENGOV_TEST_DATABASE_URL` is set.
#![allow(
    clippy::expect_used,
    reason = "helpers shared by the tests expect their fixtures"
)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use opengov_datastore::dump::DumpFormat;
use opengov_datastore::load::{
    INDEX_BEFORE_SERVING_ROWS, Loaded, Phase, ProblemKind, Progress, Source,
};
use opengov_datastore::query::{Cursor, Q, Search};
use opengov_datastore::read::{Format, Limits};
use opengov_datastore::sql::SqlLimits;
use opengov_datastore::{ColumnType, Datastore, DatastoreError, Table, table_name};
use opengov_kernel::Db;
use opengov_kernel::db::DbOptions;
use serde_json::{Value, json};

struct Store {
    ds: Arc<Datastore>,
    dir: tempfile::TempDir,
    n: std::sync::atomic::AtomicI64,
}

async fn store() -> Store {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = match std::env::var("OPENGOV_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let schema = format!("ds_test_{}", rand_suffix());
            let admin = Db::connect(Some(&url), &dir.path().join("x"), &DbOptions::default())
                .await
                .expect("connect");
            if let Db::Postgres(pool) = &admin {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                    .execute(pool)
                    .await
                    .expect("schema");
            }
            Db::connect(
                Some(&url),
                &dir.path().join("x"),
                &DbOptions {
                    max_connections: 4,
                    schema: Some(schema),
                },
            )
            .await
            .expect("connect to schema")
        }
        _ => Db::connect(None, &dir.path().join("main.sqlite"), &DbOptions::default())
            .await
            .expect("sqlite"),
    };
    let store = Datastore::open(&db, &dir.path().join("datastore")).expect("open");
    Store {
        ds: Arc::new(store),
        dir,
        n: std::sync::atomic::AtomicI64::new(1),
    }
}

fn rand_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}_{}", std::process::id(), nanos % 1_000_000_000)
}

impl Store {
    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        let mut f = std::fs::File::create(&path).expect("create");
        f.write_all(content).expect("write");
        path
    }

    /// Loads and indexes, as the load job does.
    async fn load(
        &self,
        content: &[u8],
        fixed: Vec<(String, ColumnType)>,
    ) -> Result<(Table, Loaded), DatastoreError> {
        let (table, loaded) = self.load_unindexed(content, fixed).await?;
        self.ds
            .index(
                &table.name,
                &loaded.fields,
                &loaded.indexes,
                Arc::new(Progress::default()),
            )
            .await?;
        Ok((table, loaded))
    }

    /// Loads only: the table as it is served before its indexes are built.
    async fn load_unindexed(
        &self,
        content: &[u8],
        fixed: Vec<(String, ColumnType)>,
    ) -> Result<(Table, Loaded), DatastoreError> {
        self.load_with(content, fixed, INDEX_BEFORE_SERVING_ROWS)
            .await
    }

    async fn load_with(
        &self,
        content: &[u8],
        fixed: Vec<(String, ColumnType)>,
        index_before_serving: u64,
    ) -> Result<(Table, Loaded), DatastoreError> {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = self.file(&format!("f{n}.csv"), content);
        let name = table_name(1, n, n);
        let loaded = self
            .ds
            .load(
                &name,
                Source {
                    path,
                    format: Format::Delimited,
                    fixed,
                    limits: Limits::default(),
                    index_before_serving,
                },
                Arc::new(Progress::default()),
            )
            .await?;
        Ok((
            Table {
                name,
                fields: loaded.fields.clone(),
                rows: loaded.rows,
            },
            loaded,
        ))
    }
}

fn rows(page: &opengov_datastore::query::Page) -> Vec<Vec<Value>> {
    page.rows
        .iter()
        .map(|r| serde_json::from_str(r).expect("row JSON"))
        .collect()
}

/// 3,000 schools: an integer column that turns text on the last row, a code with leading
/// zeros, dates in two styles, booleans in Russian, decimals with commas.
fn schools() -> Vec<u8> {
    let mut csv = String::from("Название;Код;Учащихся;Открыта;Аккредитация;Рейтинг;Район\n");
    for i in 1..=3000 {
        let students = if i == 3000 {
            "нет данных".to_owned()
        } else {
            (100 + i).to_string()
        };
        let opened = if i % 2 == 0 {
            format!("{:02}.09.19{:02}", 1 + i % 28, 50 + i % 50)
        } else {
            format!("19{:02}-09-{:02}", 50 + i % 50, 1 + i % 28)
        };
        let district = ["Алмалинский", "Медеуский", "Ауэзовский"][i % 3];
        let _ = writeln!(
            csv,
            "Школа №{i};{i:05};{students};{opened};{};{},{};{district}",
            if i % 4 == 0 { "нет" } else { "да" },
            i % 5,
            i % 10
        );
    }
    csv.into_bytes()
}

#[tokio::test]
async fn types_come_from_the_whole_file_and_nothing_is_lost() {
    let s = store().await;
    let (table, loaded) = s.load(&schools(), Vec::new()).await.expect("load");
    assert_eq!(loaded.rows, 3000);
    let types: HashMap<&str, ColumnType> = loaded
        .fields
        .iter()
        .map(|f| (f.id.as_str(), f.ty))
        .collect();
    // The one text cell on the last row makes the column text: no half-way abort, no NULL.
    assert_eq!(types["Учащихся"], ColumnType::Text);
    assert_eq!(types["Код"], ColumnType::Text, "leading zeros are kept");
    assert_eq!(types["Открыта"], ColumnType::Date);
    assert_eq!(types["Аккредитация"], ColumnType::Boolean);
    assert_eq!(types["Рейтинг"], ColumnType::Decimal);
    assert!(loaded.problems.is_empty());
    let page =
        s.ds.search(
            &table,
            &Search {
                filters: vec![("Код".into(), vec![json!("00042")])],
                limit: 10,
                include_total: true,
                ..Search::default()
            },
        )
        .await
        .expect("search");
    let r = rows(&page);
    assert_eq!(page.total, Some(1));
    assert_eq!(r[0][1], json!("Школа №42"));
    assert_eq!(r[0][2], json!("00042"));
    assert_eq!(r[0][3], json!("142"));
    assert_eq!(r[0][4], json!("1992-09-15"), "dd.mm.yyyy is stored as ISO");
    assert_eq!(r[0][5], json!(true));
    assert_eq!(r[0][6], json!(2.2));
}

#[tokio::test]
async fn a_table_is_served_before_its_indexes_and_reads_the_same_after() {
    let s = store().await;
    let mut csv = schools();
    // A long description is searched, not filtered: it gets no index.
    csv.extend_from_slice(
        format!(
            "Школа №3001;03001;5;2001-09-01;да;4,5;{}\n",
            "Очень длинное описание ".repeat(20)
        )
        .as_bytes(),
    );
    let (table, loaded) = s.load_unindexed(&csv, Vec::new()).await.expect("load");
    assert!(!loaded.indexes.contains(&"Район".to_owned()));
    assert!(loaded.indexes.contains(&"Открыта".to_owned()));
    let search = Search {
        filters: vec![("Аккредитация".into(), vec![json!(false)])],
        sort: vec![("Открыта".into(), true)],
        limit: 20,
        include_total: true,
        ..Search::default()
    };
    let before =
        s.ds.search(&table, &search)
            .await
            .expect("search before indexes");
    assert_eq!(before.total, Some(750));
    // A table whose indexing was interrupted finds the same columns from its contents.
    assert_eq!(
        s.ds.indexable(&table.name, &loaded.fields)
            .await
            .expect("indexable"),
        loaded.indexes
    );
    let progress = Arc::new(Progress::default());
    for _ in 0..2 {
        s.ds.index(
            &table.name,
            &loaded.fields,
            &loaded.indexes,
            progress.clone(),
        )
        .await
        .expect("index, and again after an interruption");
        assert_eq!(progress.phase(), Phase::Done);
        assert_eq!(progress.percent(), 100);
    }
    let after =
        s.ds.search(&table, &search)
            .await
            .expect("search after indexes");
    assert_eq!(after.rows, before.rows);
    assert_eq!(after.total, before.total);
    // A table over the threshold gets its indexes before it is served (bounded memory); the
    // index step after it only refreshes the statistics.
    let (big, big_loaded) = s.load_with(&csv, Vec::new(), 1000).await.expect("big load");
    let indexed_first = s.ds.search(&big, &search).await.expect("search");
    assert_eq!(indexed_first.rows, before.rows);
    s.ds.index(
        &big.name,
        &big_loaded.fields,
        &big_loaded.indexes,
        Arc::new(Progress::default()),
    )
    .await
    .expect("index after an indexed load");
    let again = s.ds.search(&big, &search).await.expect("search");
    assert_eq!(again.rows, before.rows);
}

#[tokio::test]
async fn a_fixed_type_keeps_the_column_and_reports_the_cells_that_do_not_fit() {
    let s = store().await;
    let (table, loaded) = s
        .load(&schools(), vec![("Учащихся".into(), ColumnType::Integer)])
        .await
        .expect("load");
    let field = table
        .fields
        .iter()
        .find(|f| f.id == "Учащихся")
        .expect("field");
    assert_eq!(field.ty, ColumnType::Integer);
    assert_eq!(loaded.problems_total, 1);
    assert_eq!(loaded.problems[0].row, 3000);
    assert_eq!(loaded.problems[0].value, "нет данных");
    assert_eq!(loaded.problems[0].kind, ProblemKind::Type);
}

#[tokio::test]
async fn ragged_rows_are_loaded_and_reported() {
    let s = store().await;
    let (table, loaded) = s
        .load(b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n", Vec::new())
        .await
        .expect("load");
    assert_eq!(table.rows, 3);
    let kinds: Vec<(u64, ProblemKind)> = loaded.problems.iter().map(|p| (p.row, p.kind)).collect();
    assert_eq!(
        kinds,
        vec![(2, ProblemKind::Missing), (3, ProblemKind::Extra)]
    );
    assert_eq!(loaded.problems[1].value, "9");
}

#[tokio::test]
async fn files_that_are_not_tables_fail_with_their_reason_and_leave_nothing() {
    let s = store().await;
    let before = s.ds.existing_tables().await.expect("tables").len();
    let garbage: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    for (content, expect) in [(&b""[..], "empty"), (&garbage[..], "binary")] {
        let err = s.load(content, Vec::new()).await.expect_err("refused");
        let text = format!("{err:?}").to_lowercase();
        assert!(text.contains(expect), "{expect}: {text}");
    }
    assert_eq!(s.ds.existing_tables().await.expect("tables").len(), before);
}

#[tokio::test]
async fn search_filters_sorts_and_counts_like_datastore_search() {
    let s = store().await;
    let (table, _) = s.load(&schools(), Vec::new()).await.expect("load");
    // IN over a text column, sorted descending by a date, with the total.
    let page =
        s.ds.search(
            &table,
            &Search {
                filters: vec![(
                    "Район".into(),
                    vec![json!("Медеуский"), json!("Ауэзовский")],
                )],
                sort: vec![("Открыта".into(), true)],
                fields: Some(vec!["Название".into(), "Открыта".into()]),
                limit: 5,
                include_total: true,
                ..Search::default()
            },
        )
        .await
        .expect("search");
    assert_eq!(page.total, Some(2000));
    let r = rows(&page);
    assert_eq!(r.len(), 5);
    assert!(r.windows(2).all(|w| w[0][1].as_str() >= w[1][1].as_str()));
    // Text search is case-insensitive in Cyrillic.
    let found =
        s.ds.search(
            &table,
            &Search {
                q: Some(Q::Any("ШКОЛА №2999".into())),
                limit: 10,
                include_total: true,
                ..Search::default()
            },
        )
        .await
        .expect("q");
    assert_eq!(found.total, Some(1));
    // A filter value that cannot be of the column's type is a clear error, not a 500.
    let bad =
        s.ds.search(
            &table,
            &Search {
                filters: vec![("Открыта".into(), vec![json!("вчера")])],
                limit: 1,
                ..Search::default()
            },
        )
        .await;
    assert!(
        matches!(bad, Err(DatastoreError::Invalid { .. })),
        "{bad:?}"
    );
    for unknown in [
        Search {
            sort: vec![("nope".into(), false)],
            limit: 1,
            ..Search::default()
        },
        Search {
            fields: Some(vec!["nope".into()]),
            limit: 1,
            ..Search::default()
        },
    ] {
        assert!(matches!(
            s.ds.search(&table, &unknown).await,
            Err(DatastoreError::Invalid { .. })
        ));
    }
}

#[tokio::test]
async fn keyset_pages_walk_the_same_rows_as_offsets() {
    let s = store().await;
    let (table, _) = s.load(&schools(), Vec::new()).await.expect("load");
    for (sort, desc) in [("Рейтинг", false), ("Рейтинг", true), ("_id", false)] {
        let by_offset =
            s.ds.search(
                &table,
                &Search {
                    sort: vec![(sort.into(), desc)],
                    limit: 600,
                    ..Search::default()
                },
            )
            .await
            .expect("offset page");
        let mut walked = Vec::new();
        let mut after: Option<Cursor> = None;
        for _ in 0..6 {
            let page =
                s.ds.search(
                    &table,
                    &Search {
                        sort: vec![(sort.into(), desc)],
                        limit: 100,
                        after: after.clone(),
                        ..Search::default()
                    },
                )
                .await
                .expect("keyset page");
            walked.extend(page.rows.clone());
            after = page.next.clone();
        }
        assert_eq!(walked, by_offset.rows, "sort {sort} desc {desc}");
    }
}

#[tokio::test]
async fn dumps_stream_every_row() {
    let s = store().await;
    let (table, _) = s.load(&schools(), Vec::new()).await.expect("load");
    let mut csv = Vec::new();
    let mut stream = Box::pin(s.ds.dump(table.clone(), DumpFormat::Csv));
    while let Some(chunk) = stream.next().await {
        csv.extend_from_slice(&chunk.expect("chunk"));
    }
    let text = String::from_utf8(csv).expect("utf-8");
    assert_eq!(text.lines().count(), 3001);
    assert!(text.starts_with("_id,Название,Код"));
    let mut json = Vec::new();
    let mut stream = Box::pin(s.ds.dump(table, DumpFormat::Json));
    while let Some(chunk) = stream.next().await {
        json.extend_from_slice(&chunk.expect("chunk"));
    }
    let parsed: Vec<Value> = serde_json::from_slice(&json).expect("valid JSON");
    assert_eq!(parsed.len(), 3000);
    assert_eq!(parsed[41]["Код"], json!("00042"));
}

fn limits() -> SqlLimits {
    SqlLimits {
        rows: 100,
        timeout: Duration::from_millis(500),
    }
}

#[tokio::test]
async fn sql_reads_the_named_tables_and_refuses_everything_else() {
    let s = store().await;
    let (table, _) = s.load(&schools(), Vec::new()).await.expect("load");
    let tables = HashMap::from([("7".to_owned(), table.clone())]);
    let result =
        s.ds.sql(
            "SELECT \"Район\", COUNT(*) AS n FROM \"7\" GROUP BY \"Район\" ORDER BY \"Район\"",
            &tables,
            limits(),
        )
        .await
        .expect("aggregate");
    assert_eq!(result.fields, vec!["Район", "n"]);
    assert_eq!(result.records.len(), 3);
    assert_eq!(result.records[0][1], json!(1000));
    // The row limit cuts and says so.
    let many =
        s.ds.sql("SELECT * FROM \"7\"", &tables, limits())
            .await
            .expect("rows");
    assert_eq!(many.records.len(), 100);
    assert!(many.truncated);
    for refused in [
        "DELETE FROM \"7\"",
        "SELECT 1; SELECT 2",
        "ATTACH DATABASE 'x' AS y",
        "PRAGMA table_info(\"7\")",
        "SELECT * FROM sqlite_master",
        "SELECT * FROM users",
        "SELECT load_extension('x')",
        "SELECT pg_read_file('/etc/passwd')",
    ] {
        let err = s.ds.sql(refused, &tables, limits()).await;
        assert!(
            matches!(
                err,
                Err(DatastoreError::Refused(_) | DatastoreError::Invalid { .. })
            ),
            "{refused}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_runaway_query_is_stopped_at_the_time_limit() {
    let s = store().await;
    let (table, _) = s.load(&schools(), Vec::new()).await.expect("load");
    let tables = HashMap::from([("7".to_owned(), table)]);
    let started = std::time::Instant::now();
    let err =
        s.ds.sql(
            "SELECT COUNT(*) FROM \"7\" a, \"7\" b, \"7\" c",
            &tables,
            limits(),
        )
        .await;
    assert!(matches!(err, Err(DatastoreError::Timeout)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_chart_sums_one_column_per_value_of_another() {
    let s = store().await;
    let (table, _) = s.load(&schools(), Vec::new()).await.expect("load");
    let groups =
        s.ds.aggregate(&table, &Search::default(), "Район", None, 10)
            .await
            .expect("count");
    assert_eq!(
        groups,
        vec![
            (json!("Алмалинский"), json!(1000)),
            (json!("Ауэзовский"), json!(1000)),
            (json!("Медеуский"), json!(1000)),
        ]
    );
    let bad =
        s.ds.aggregate(&table, &Search::default(), "Район", Some("Название"), 10)
            .await;
    assert!(matches!(bad, Err(DatastoreError::Invalid { .. })));
}

#[tokio::test]
async fn a_category_sorted_within_another_reads_its_pages_through_the_pair_index() {
    let s = store().await;
    // Sixty stations, each in one of six cities: the stations of one city are every sixth, so
    // the station index alone skips the other cities' rows, page after page.
    let cities = [
        "Алматы",
        "Астана",
        "Шымкент",
        "Караганда",
        "Актобе",
        "Тараз",
    ];
    let mut csv = String::from("station,city,note\n");
    let mut expected: Vec<(String, usize)> = Vec::new();
    for row in 1..=3000usize {
        let station = (row * 7) % 60;
        let city = cities[station % 6];
        let _ = writeln!(csv, "S-{station:03},{city},reading {row}");
        if city == "Тараз" {
            expected.push((format!("S-{station:03}"), row));
        }
    }
    let (table, _) = s.load(csv.as_bytes(), Vec::new()).await.expect("load");
    for descending in [false, true] {
        let mut want = expected.clone();
        want.sort();
        if descending {
            want.reverse();
        }
        for offset in [0u64, 100, 480] {
            let page =
                s.ds.search(
                    &table,
                    &Search {
                        filters: vec![("city".into(), vec![json!("Тараз")])],
                        sort: vec![("station".into(), descending)],
                        fields: Some(vec!["_id".into(), "station".into()]),
                        limit: 20,
                        offset,
                        include_total: true,
                        ..Search::default()
                    },
                )
                .await
                .expect("search");
            assert_eq!(page.total, Some(500));
            let got: Vec<(String, usize)> = rows(&page)
                .iter()
                .map(|r| {
                    (
                        r[1].as_str().expect("station").to_owned(),
                        usize::try_from(r[0].as_i64().expect("_id")).expect("id"),
                    )
                })
                .collect();
            let from = usize::try_from(offset).expect("offset");
            assert_eq!(
                got,
                want[from..(from + 20).min(500)],
                "desc {descending} offset {offset}"
            );
        }
    }
    // On SQLite the pairs of categories (station, city) have their indexes; the note, with a
    // value per row, is no category.
    let file = s
        .dir
        .path()
        .join("datastore")
        .join(format!("{}.sqlite", table.name));
    if file.exists() {
        let conn = rusqlite::Connection::open(&file).expect("open");
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'data\\_%\\_%' ESCAPE '\\' ORDER BY name")
            .expect("prepare");
        let pairs: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(pairs, ["data_0_1", "data_1_0"]);
    }
}
