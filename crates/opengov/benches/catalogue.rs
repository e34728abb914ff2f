//! Catalogue search at national scale (issue: "`package_search` over 100,000 datasets with 5
//! facets: p50 under 20 ms and at least 1,000 requests/s on 2 cores").
//!
//! ```text
//! cargo bench -p opengov --bench catalogue                     # SQLite in a temporary directory
//! DATASETS=20000 SECONDS=5 cargo bench -p opengov --bench catalogue
//! OPENGOV_DATABASE_URL=postgres://postgres@127.0.0.1/bench cargo bench -p opengov --bench catalogue
//! ```
//!
//! It seeds the demo (without its big table), bulk-loads synthetic trilingual datasets with
//! resources up to `DATASETS`, builds the search index the way a node does on first use, starts
//! the real server on a loopback port and measures `package_search` over HTTP: first one request
//! at a time (p50/p90/p99), then `CONNECTIONS` (16) concurrent clients for `SECONDS` (10) —
//! the load generator runs in the same process, on the same cores as the server — and then
//! the same requests from `wrk`, when installed, a lighter client on the same cores.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use opengov_kernel::{Config, Db, SystemClock, Ts, db_run};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

const TOPICS: [(&str, &str, &str); 16] = [
    ("Мектептер", "Школы", "Schools"),
    ("Балабақшалар", "Детские сады", "Kindergartens"),
    ("Емханалар", "Поликлиники", "Clinics"),
    ("Дәріханалар", "Аптеки", "Pharmacies"),
    (
        "Бюджеттің атқарылуы",
        "Исполнение бюджета",
        "Budget execution",
    ),
    (
        "Мемлекеттік сатып алу",
        "Государственные закупки",
        "Public procurement",
    ),
    ("Ауа сапасы", "Качество воздуха", "Air quality"),
    ("Автобус бағыттары", "Автобусные маршруты", "Bus routes"),
    ("Жол жөндеу", "Ремонт дорог", "Road repairs"),
    ("Халық саны", "Численность населения", "Population"),
    (
        "Әлеуметтік төлемдер",
        "Социальные выплаты",
        "Social benefits",
    ),
    (
        "Берілген лицензиялар",
        "Выданные лицензии",
        "Licences issued",
    ),
    ("Сумен жабдықтау", "Водоснабжение", "Water supply"),
    ("Спорт нысандары", "Спортивные объекты", "Sports facilities"),
    ("Тарифтер", "Тарифы", "Tariffs"),
    ("Өтініштер", "Обращения граждан", "Citizens' appeals"),
];
const PLACES: [(&str, &str, &str); 12] = [
    ("Алматы қаласы", "город Алматы", "Almaty city"),
    ("Астана қаласы", "город Астана", "Astana city"),
    ("Шымкент қаласы", "город Шымкент", "Shymkent city"),
    (
        "Қарағанды облысы",
        "Карагандинская область",
        "Karaganda region",
    ),
    ("Ақтөбе облысы", "Актюбинская область", "Aktobe region"),
    (
        "Түркістан облысы",
        "Туркестанская область",
        "Turkistan region",
    ),
    ("Павлодар облысы", "Павлодарская область", "Pavlodar region"),
    (
        "Маңғыстау облысы",
        "Мангистауская область",
        "Mangystau region",
    ),
    ("Атырау облысы", "Атырауская область", "Atyrau region"),
    ("Қостанай облысы", "Костанайская область", "Kostanay region"),
    ("Жамбыл облысы", "Жамбылская область", "Zhambyl region"),
    ("Абай облысы", "область Абай", "Abai region"),
];
const THEMES: [&str; 8] = [
    "EDUC", "HEAL", "ECON", "GOVE", "TRAN", "ENVI", "SOCI", "ENER",
];
const LICENCES: [&str; 4] = ["CC-BY-4.0", "CC0-1.0", "ODbL-1.0", "national-open-1.0"];

/// Rows per multi-row INSERT.
const BATCH: usize = 500;

async fn bulk_load(db: &Db, n: usize) {
    let bodies: Vec<i64> = db_run!(db, |c| sqlx::query_scalar(
        "SELECT id FROM bodies WHERE active ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let start: i64 = db_run!(db, |c| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MAX(id) FROM datasets"
    )
    .fetch_one(c)
    .await)
    .unwrap()
    .unwrap_or(0);
    let mut rng = StdRng::seed_from_u64(100_000);
    let now = chrono::Utc::now();
    let t = Instant::now();
    let mut done = 0;
    while done < n {
        let rows = BATCH.min(n - done);
        let mut sql = String::from(
            "INSERT INTO datasets (name, body_id, title_kk, title_ru, title_en, description_kk, \
             description_ru, description_en, themes, keywords, licence, frequency, spatial, \
             contact_email, state, private, withdrawn_reason, created_at, updated_at, published_at) VALUES ",
        );
        let per = 14;
        for i in 0..rows {
            let b = i * per;
            if i > 0 {
                sql.push(',');
            }
            let p: Vec<String> = (1..=per).map(|k| format!("${}", b + k)).collect();
            let _ = write!(
                sql,
                "({}, 'ANNUAL', {}, 'data@example.kz', 'published', FALSE, '', {}, {}, {})",
                p[..11].join(", "),
                p[11],
                p[12],
                p[13],
                p[12]
            );
        }
        let mut values = Vec::with_capacity(rows);
        for i in 0..rows {
            let k = start + (done + i) as i64 + 1;
            let topic = TOPICS[rng.gen_range(0..TOPICS.len())];
            let place = PLACES[rng.gen_range(0..PLACES.len())];
            let year = rng.gen_range(2015..2027);
            let tags: Vec<String> = (0..3)
                .map(|_| format!("тег-{}", rng.gen_range(0..300)))
                .collect();
            let created = now - chrono::Duration::minutes(rng.gen_range(0..2_000_000));
            let modified = created + chrono::Duration::minutes(rng.gen_range(0..100_000));
            values.push((
                format!("bench-{k}"),
                bodies[rng.gen_range(0..bodies.len())],
                format!("{} — {} ({year})", topic.0, place.0),
                format!("{} — {} ({year})", topic.1, place.1),
                format!("{} — {} ({year})", topic.2, place.2),
                format!("{} туралы деректер, {}, {year} жыл.", topic.0, place.0),
                format!(
                    "Сведения: {}, {}, {year} год. Обновляется ежегодно.",
                    topic.1.to_lowercase(),
                    place.1
                ),
                format!(
                    "Data on {} in {}, {year}. Updated every year.",
                    topic.2.to_lowercase(),
                    place.2
                ),
                THEMES[rng.gen_range(0..THEMES.len())].to_owned(),
                tags.join("\n"),
                LICENCES[rng.gen_range(0..LICENCES.len())],
                place.1.to_owned(),
                Ts(created),
                Ts(modified),
            ));
        }
        db_run!(db, |c| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for v in &values {
                q = q
                    .bind(&v.0)
                    .bind(v.1)
                    .bind(&v.2)
                    .bind(&v.3)
                    .bind(&v.4)
                    .bind(&v.5)
                    .bind(&v.6)
                    .bind(&v.7)
                    .bind(&v.8)
                    .bind(&v.9)
                    .bind(v.10)
                    .bind(&v.11)
                    .bind(v.12)
                    .bind(v.13);
            }
            q.execute(c).await.map(|_| ())
        })
        .unwrap();
        done += rows;
    }
    // One or two resources per dataset, for the format facet.
    let sql = "INSERT INTO resources (dataset_id, position, name, kind, url, format, downloads, created_at, updated_at) \
               SELECT id, 1, 'data', 'link', 'https://example.kz/data', \
               CASE id % 6 WHEN 0 THEN 'CSV' WHEN 1 THEN 'XLSX' WHEN 2 THEN 'JSON' WHEN 3 THEN 'PDF' WHEN 4 THEN 'XML' ELSE 'ZIP' END, \
               id % 97, created_at, updated_at FROM datasets WHERE id > $1";
    db_run!(db, |c| sqlx::query(sql)
        .bind(start)
        .execute(c)
        .await
        .map(|_| ()))
    .unwrap();
    println!(
        "loaded {n} datasets with resources in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn queries() -> Vec<String> {
    let facets = url::form_urlencoded::byte_serialize(
        br#"["organization","groups","tags","res_format","license_id"]"#,
    )
    .collect::<String>();
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let mut out = Vec::new();
    for q in [
        "школы",
        "поликлиники",
        "бюджета",
        "мектептер",
        "ауа сапасы",
        "schools",
        "air quality",
        "Алматы",
        "population",
        "закупки",
    ] {
        out.push(format!("q={}&facet.field={facets}&rows=10", enc(q)));
        out.push(format!(
            "q={}&fq={}&facet.field={facets}&rows=10",
            enc(q),
            enc("res_format:CSV")
        ));
    }
    out.push(format!("facet.field={facets}&rows=10"));
    out.push(format!(
        "fq={}&facet.field={facets}&rows=10&sort={}",
        enc("metadata_modified:[2025-01-01T00:00:00Z TO *] AND license_id:\"CC-BY-4.0\""),
        enc("metadata_modified desc")
    ));
    out
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let datasets = env_usize("DATASETS", 100_000);
    let seconds = env_usize("SECONDS", 10);
    let connections = env_usize("CONNECTIONS", 16);
    let dir = tempfile::tempdir().unwrap();
    let data_dir = std::env::var("OPENGOV_BENCH_DIR")
        .map_or_else(|_| dir.path().to_path_buf(), std::path::PathBuf::from);
    let mut config = Config::load(None, Some(&data_dir)).unwrap();
    config.data_dir = data_dir.clone();
    config.jobs.workers = 0;
    config.demo_table_rows = 0;
    config.limits.api_anonymous_per_minute = u32::MAX;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    config.public_url = format!("http://{addr}");
    let state = opengov::build_state(config, Arc::new(SystemClock))
        .await
        .unwrap();
    println!(
        "backend: {:?}; machine: {} cores",
        state.db.backend(),
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    opengov::demo::seed(&state).await.unwrap();
    let have: i64 = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM datasets"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    if (have as usize) < datasets {
        bulk_load(&state.db, datasets - have as usize).await;
    }
    let t = Instant::now();
    opengov_opendata::search::catch_up(&state).await.unwrap();
    let indexed = opengov_opendata::search::service(&state)
        .unwrap()
        .len()
        .unwrap();
    println!(
        "search index built from the database: {indexed} published datasets in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let app = opengov::router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let base = format!("http://{addr}/api/3/action/package_search?");
    let client = reqwest::Client::new();
    let queries = queries();
    // Warm up, and check every query answers with results and five facets.
    for q in &queries {
        let res = client.get(format!("{base}{q}")).send().await.unwrap();
        assert_eq!(res.status(), 200, "{q}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            body["result"]["search_facets"].as_object().unwrap().len(),
            5,
            "{q}"
        );
    }
    // One at a time.
    let mut ms = Vec::new();
    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    for round in 0..20 {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let res = client.get(format!("{base}{q}")).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let _ = res.bytes().await.unwrap();
            if round > 0 {
                let took = t.elapsed().as_secs_f64() * 1000.0;
                ms.push(took);
                per_query[i].push(took);
            }
        }
    }
    ms.sort_by(f64::total_cmp);
    // The slowest queries, by their median.
    let mut medians: Vec<(f64, &str)> = per_query
        .iter_mut()
        .zip(&queries)
        .map(|(times, q)| {
            times.sort_by(f64::total_cmp);
            (
                percentile(times, 0.5),
                q.split("&facet.field").next().unwrap_or(q),
            )
        })
        .collect();
    medians.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (median, q) in medians.iter().take(4) {
        println!("  slowest: p50={median:>6.2} ms  {q}");
    }
    println!(
        "package_search, one at a time       n={:<5} p50={:>6.2} ms  p90={:>6.2} ms  p99={:>6.2} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.9),
        percentile(&ms, 0.99)
    );
    // Concurrent clients.
    let served = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds as u64);
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (client, base, queries) = (client.clone(), base.clone(), queries.clone());
        let (served, failed) = (served.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = c;
            let mut latencies = Vec::new();
            while Instant::now() < until {
                let t = Instant::now();
                match client
                    .get(format!("{base}{}", queries[i % queries.len()]))
                    .send()
                    .await
                {
                    Ok(res) if res.status() == 200 => {
                        let _ = res.bytes().await;
                        served.fetch_add(1, Ordering::Relaxed);
                        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                i += 1;
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_by(f64::total_cmp);
    let n = served.load(Ordering::Relaxed);
    println!(
        "package_search, {connections} concurrent clients  {:.0} requests/s  p50={:.2} ms  p99={:.2} ms  ({} failed, {seconds} s)",
        n as f64 / seconds as f64,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        failed.load(Ordering::Relaxed)
    );
    wrk(&addr, &queries, connections, seconds).await;
}

/// The same requests in turn from `wrk` (a C load generator, far lighter than the in-process
/// client above, on the same two cores), when it is installed.
async fn wrk(addr: &std::net::SocketAddr, queries: &[String], connections: usize, seconds: usize) {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("queries.lua");
    let mut lua = String::from("paths = {\n");
    for q in queries {
        let _ = writeln!(lua, "  \"/api/3/action/package_search?{q}\",");
    }
    lua.push_str("}\ni = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n");
    std::fs::write(&script, lua).unwrap();
    let args = vec![
        "-t1".to_owned(),
        format!("-c{connections}"),
        format!("-d{seconds}s"),
        "--latency".to_owned(),
        "-s".to_owned(),
        script.display().to_string(),
        format!("http://{addr}/"),
    ];
    let cpu_before = process_cpu_seconds();
    let out =
        tokio::task::spawn_blocking(move || std::process::Command::new("wrk").args(&args).output())
            .await
            .unwrap();
    let server_cpu = process_cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
    match out {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let field = |prefix: &str| {
                text.lines()
                    .map(str::trim)
                    .find(|l| l.starts_with(prefix))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .unwrap_or("?")
                    .to_owned()
            };
            println!(
                "package_search, wrk -t1 -c{connections}  {} requests/s  p50={}  p99={}  {}",
                field("Requests/sec:"),
                field("50%"),
                field("99%"),
                text.lines()
                    .filter(|l| l.contains("Non-2xx") || l.contains("Socket errors"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            // The server's own CPU per request (wrk runs in its own process): steadier than
            // requests/s on a shared machine, and what a second core would multiply.
            let served = text
                .lines()
                .find(|l| l.contains("requests in"))
                .and_then(|l| l.split_whitespace().next())
                .and_then(|n| n.parse::<f64>().ok());
            if let (Some(cpu), Some(served)) = (server_cpu, served) {
                println!(
                    "  server CPU {:.3} ms per request: {:.0} requests/s per core, {:.0} on {} cores",
                    cpu * 1000.0 / served,
                    served / cpu,
                    served / cpu
                        * std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64),
                    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
                );
            }
        }
        _ => println!(
            "(wrk is not installed: apt-get install wrk for the figure with a lighter client)"
        ),
    }
}

/// CPU time this process has used, user and system, in seconds (Linux: `/proc/self/stat`,
/// in the kernel's fixed 100 ticks a second).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
