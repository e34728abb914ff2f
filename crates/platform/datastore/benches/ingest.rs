//! Datastore ingest and search benchmark (issue: "a 1,000,000-row, 10-column CSV with whole-file
//! type inference loads at ≥ 400,000 rows/s with peak resident memory < 300 MB;
//! `datastore_search`, a filtered, sorted page of 100 rows with its total, at p50 < 10 ms").
//!
//! ```text
//! cargo bench -p opengov-datastore --bench ingest                        # SQLite files
//! OPENGOV_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
//!   cargo bench -p opengov-datastore --bench ingest                      # PostgreSQL
//! ```
//!
//! Environment: `ROWS` (default 1,000,000), `QUERIES` (default 1,000), `OPENGOV_DATABASE_URL`
//! (a `postgres://` URL; unset means SQLite), `CSV` (load this file instead of generating one),
//! `WRITE_CSV` (only write the generated file there and exit: peers then load the same bytes).
//!
//! The file is the demo's hourly air-quality table (`opengov_opendata::demo_tables::
//! write_hourly_air_quality`): the same seed and the same columns, so it is byte for byte the
//! file the demo loads. The datastore must not depend on the portal, so the generator is
//! repeated here.
//!
//! The parent process writes the file, then runs the load and the searches in a child process
//! (this executable again): the child's peak resident memory (`VmHWM`, read right after the
//! load) is the load's alone, runtime and connection pool included, without the generator's
//! buffers. On PostgreSQL the server's own memory is not in it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use opengov_datastore::load::{Phase, Progress, Source};
use opengov_datastore::query::Search;
use opengov_datastore::read::{Format, Limits};
use opengov_datastore::{Datastore, Table, table_name};
use opengov_kernel::Db;
use opengov_kernel::db::DbOptions;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Set in the child process: the file to load.
const CHILD: &str = "OPENGOV_BENCH_INGEST_CHILD";

const CITIES: [&str; 6] = [
    "Алматы",
    "Астана",
    "Шымкент",
    "Караганда",
    "Актобе",
    "Усть-Каменогорск",
];

fn main() -> Result<(), Error> {
    if let Ok(csv) = std::env::var(CHILD) {
        return child(Path::new(&csv));
    }
    let rows = env_u64("ROWS", 1_000_000)?;
    if let Ok(out) = std::env::var("WRITE_CSV") {
        let t = Instant::now();
        write_csv(Path::new(&out), rows)?;
        println!(
            "wrote {rows} rows, {} bytes, to {out} in {:.2} s",
            std::fs::metadata(&out)?.len(),
            t.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let csv = if let Ok(given) = std::env::var("CSV") {
        PathBuf::from(given)
    } else {
        let path = dir.path().join("hourly.csv");
        write_csv(&path, rows)?;
        path
    };
    let status = Command::new(std::env::current_exe()?)
        .env(CHILD, &csv)
        .env("OPENGOV_BENCH_DIR", dir.path())
        .status()?;
    if !status.success() {
        return Err(format!("the load process failed: {status}").into());
    }
    Ok(())
}

fn env_u64(name: &str, default: u64) -> Result<u64, Error> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(v.parse()?),
        _ => Ok(default),
    }
}

/// The demo's hourly air-quality file: 114 stations in 6 cities, one row per station and hour.
fn write_csv(path: &Path, rows: u64) -> Result<(), Error> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rng = StdRng::seed_from_u64(1_000_000);
    writeln!(
        out,
        "station,city,measured_at,pm25,pm10,no2,so2,co,temperature,aqi"
    )?;
    let stations: u64 = 114;
    let start = NaiveDate::from_ymd_opt(2025, 11, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or("start date")?;
    let mut line = String::with_capacity(128);
    for i in 0..rows {
        let station = i % stations;
        let hour = i / stations;
        let at: NaiveDateTime = start + chrono::Duration::hours(hour as i64);
        let city = CITIES[(station % CITIES.len() as u64) as usize];
        let pm25 = rng.gen_range(2.0..220.0_f64);
        line.clear();
        write!(
            line,
            "KZ-{station:03},{city},{},{pm25:.1},{:.1},{:.1},{:.1},{:.2},{:.1},{}",
            at.format("%Y-%m-%dT%H:%M:%S"),
            pm25 * rng.gen_range(1.1..1.9),
            rng.gen_range(5.0..120.0_f64),
            rng.gen_range(1.0..40.0_f64),
            rng.gen_range(0.1..4.0_f64),
            rng.gen_range(-30.0..38.0_f64),
            (pm25 * 1.7) as i64,
        )?;
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Peak resident memory of this process so far, in MiB.
fn peak_rss_mib() -> Result<f64, Error> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .ok_or("no VmHWM in /proc/self/status")?
        .parse()?;
    Ok(kib / 1024.0)
}

fn child(csv: &Path) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(csv))
}

async fn run(csv: &Path) -> Result<(), Error> {
    let queries = env_u64("QUERIES", 1000)?;
    let dir = PathBuf::from(std::env::var("OPENGOV_BENCH_DIR")?);
    let url = std::env::var("OPENGOV_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let db = Db::connect(
        url.as_deref(),
        &dir.join("main.sqlite"),
        &DbOptions::default(),
    )
    .await?;
    let backend = if url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let ds = Datastore::open(&db, &dir.join("datastore"))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs()
        % 1_000_000_000;
    let name = table_name(0, i64::from(std::process::id()), stamp as i64);
    let bytes = std::fs::metadata(csv)?.len();

    // The load, with the time each phase started, watched the way the resource page does.
    let progress = Arc::new(Progress::default());
    let watcher = {
        let progress = progress.clone();
        tokio::spawn(async move {
            let mut seen = vec![(Phase::Queued, Instant::now())];
            loop {
                let phase = progress.phase();
                if seen.last().is_some_and(|(p, _)| *p != phase) {
                    seen.push((phase, Instant::now()));
                }
                if phase == Phase::Done {
                    return seen;
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
    };
    let t0 = Instant::now();
    let loaded = ds
        .load(
            &name,
            Source {
                path: csv.to_path_buf(),
                format: Format::Delimited,
                fixed: vec![],
                limits: Limits::default(),
                index_before_serving: opengov_datastore::load::INDEX_BEFORE_SERVING_ROWS,
            },
            progress.clone(),
        )
        .await?;
    let served = t0.elapsed();
    let rss_served = peak_rss_mib()?;
    ds.index(&name, &loaded.fields, &loaded.indexes, progress.clone())
        .await?;
    let indexed = t0.elapsed();
    let rss = peak_rss_mib()?;
    let seen = watcher.await?;
    let rows = loaded.rows;
    println!(
        "{backend} load of {rows} rows ({:.1} MB): served after {:.2} s, {:.0} rows/s, {:.1} MB/s, \
         peak RSS {rss_served:.0} MiB (this process: runtime, pool and load)",
        bytes as f64 / 1e6,
        served.as_secs_f64(),
        rows as f64 / served.as_secs_f64(),
        bytes as f64 / 1e6 / served.as_secs_f64(),
    );
    println!(
        "  indexes on {} columns and statistics ready after {:.2} s in all ({:.0} rows/s), \
         peak RSS {rss:.0} MiB",
        loaded.indexes.len(),
        indexed.as_secs_f64(),
        rows as f64 / indexed.as_secs_f64(),
    );
    for pair in seen.windows(2) {
        let (phase, start) = pair[0];
        if phase == Phase::Queued {
            continue;
        }
        let took = pair[1].1.duration_since(start);
        println!(
            "  {phase:?}: {:.2} s ({:.0} rows/s)",
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64()
        );
    }
    let types: Vec<String> = loaded
        .fields
        .iter()
        .map(|f| format!("{} {}", f.id, f.ty.as_str()))
        .collect();
    println!(
        "  types: {}; problems: {}",
        types.join(", "),
        loaded.problems_total
    );

    // datastore_search: filters={"city": <one of 6>}, sorted, limit=100, with the total. The
    // first search of each city counts its rows; later ones (other pages, other sorts) reuse
    // the count, as paging through one filter does.
    let table = Table {
        name: name.clone(),
        fields: loaded.fields.clone(),
        rows,
    };
    let search_for = |city: &str, sort: &str, descending: bool, offset: u64| Search {
        filters: vec![("city".into(), vec![serde_json::json!(city)])],
        sort: vec![(sort.into(), descending)],
        limit: 100,
        offset,
        include_total: true,
        ..Search::default()
    };
    for city in CITIES {
        let t = Instant::now();
        let page = ds
            .search(&table, &search_for(city, "measured_at", true, 0))
            .await?;
        println!(
            "  first search city = {city}, measured_at desc, limit 100: {:.2} ms, {} rows, \
             total {:?}, first {}",
            t.elapsed().as_secs_f64() * 1000.0,
            page.rows.len(),
            page.total,
            page.rows.first().map_or("-", String::as_str)
        );
    }
    let sorts = [
        ("measured_at", true),
        ("measured_at", false),
        ("pm25", true),
        ("station", false),
    ];
    let offsets = [0, 100, 1000];
    let mut took = Vec::with_capacity(queries as usize);
    let mut by_kind: std::collections::BTreeMap<String, Vec<Duration>> =
        std::collections::BTreeMap::new();
    for i in 0..queries as usize {
        let city = CITIES[i % CITIES.len()];
        let (sort, descending) = sorts[(i / CITIES.len()) % sorts.len()];
        let offset = offsets[(i / (CITIES.len() * sorts.len())) % offsets.len()];
        let search = search_for(city, sort, descending, offset);
        let t = Instant::now();
        let page = ds.search(&table, &search).await?;
        took.push(t.elapsed());
        by_kind
            .entry(format!(
                "{sort} {}, offset {offset}",
                if descending { "desc" } else { "asc" }
            ))
            .or_default()
            .push(t.elapsed());
        if page.rows.len() != 100 {
            return Err(format!("a search returned {} rows", page.rows.len()).into());
        }
    }
    took.sort();
    let at = |q: f64| {
        let i = ((took.len() as f64 * q).ceil() as usize).clamp(1, took.len().max(1)) - 1;
        took.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let mut line = String::new();
    write!(
        line,
        "  {queries} searches, one at a time (6 cities × 4 sorts × 3 pages): p50 {:.2} ms, \
         p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.50),
        at(0.95),
        at(0.99),
        at(1.0)
    )?;
    println!("{line}");
    for (kind, mut times) in by_kind {
        times.sort();
        println!(
            "    {kind}: p50 {:.2} ms, max {:.2} ms",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        );
    }
    ds.drop_table(&name).await?;
    Ok(())
}
