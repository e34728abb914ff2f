//! Appeals at national scale (issue: "with 1,000,000 appeals in the database, the body queue
//! (filters, sort, 50 rows) at p50 under 20 ms; the public statistics page under 50 ms and never
//! more than a minute behind the data; filing an appeal, audit append included, at p50 under
//! 30 ms").
//!
//! ```text
//! cargo bench -p opengov --bench appeals                       # SQLite in a temporary directory
//! APPEALS=200000 REQUESTS=100 cargo bench -p opengov --bench appeals
//! OPENGOV_DATABASE_URL=postgres://postgres@127.0.0.1/bench cargo bench -p opengov --bench appeals
//! ```
//!
//! It seeds the demo bodies and accounts, bulk-loads synthetic appeals (with their obligations)
//! spread over the demo bodies and the last twelve months, starts the real server on a loopback
//! port, and measures, one request at a time, over HTTP: the busiest body's queue pages with each
//! filter and a deep keyset page, the filing of appeals (multipart form, receipt, obligation,
//! timeline, audit append, outbox), and the statistics page if the server has one. Prints a
//! table of p50/p90/p99 in milliseconds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, Utc};
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

fn report(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name:<46} n={:<5} p50={:>7.2} ms  p90={:>7.2} ms  p99={:>7.2} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.9),
        percentile(&ms, 0.99)
    );
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    db_run!(db, |c| sqlx::query_scalar(sql).fetch_one(c).await).unwrap()
}

/// Rows per multi-row INSERT.
const BATCH: usize = 500;

/// Loads `n` synthetic appeals with their obligations, in batches of multi-row INSERTs inside
/// one transaction per batch. Busier bodies get more (a few ministries and city akimats carry
/// most of the load, as in real life).
async fn bulk_load(db: &Db, n: usize) {
    let bodies: Vec<(i64, String)> = db_run!(db, |c| sqlx::query_as(
        "SELECT id, code FROM bodies WHERE active ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let applicants: Vec<i64> = db_run!(db, |c| sqlx::query_scalar(
        "SELECT id FROM users ORDER BY id LIMIT 50"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let categories: Vec<(i64, i64)> = db_run!(db, |c| sqlx::query_as(
        "SELECT id, body_id FROM appeal_categories ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let mut rng = StdRng::seed_from_u64(2026);
    let now = Utc::now();
    // Zipf-like weights: body k gets weight 1/(k+1).
    let weights: Vec<f64> = (0..bodies.len()).map(|k| 1.0 / (k as f64 + 1.0)).collect();
    let total: f64 = weights.iter().sum();
    let mut seq: std::collections::HashMap<(i64, i32), i64> = std::collections::HashMap::new();
    let started = Instant::now();
    let mut done = 0usize;
    while done < n {
        let size = BATCH.min(n - done);
        let mut rows = Vec::with_capacity(size);
        for _ in 0..size {
            let mut pick = rng.gen_range(0.0..total);
            let mut b = 0;
            while b + 1 < bodies.len() && pick > weights[b] {
                pick -= weights[b];
                b += 1;
            }
            let (body_id, code) = &bodies[b];
            let age_days = rng.gen_range(0..365);
            let received = now
                - chrono::Duration::days(age_days)
                - chrono::Duration::minutes(rng.gen_range(0..1440));
            let y = received.year();
            let s = seq.entry((*body_id, y)).or_insert(900_000);
            *s += 1;
            let due = received + chrono::Duration::days(21);
            let open = age_days < 25 || rng.gen_bool(0.01);
            let category = categories
                .iter()
                .filter(|(_, cb)| cb == body_id)
                .map(|(id, _)| *id)
                .nth(rng.gen_range(0..4));
            rows.push((
                format!("{code}-{y}-{:06}", *s),
                *body_id,
                applicants[rng.gen_range(0..applicants.len())],
                [
                    "application",
                    "complaint",
                    "proposal",
                    "information_request",
                    "feedback",
                ][rng.gen_range(0..5)],
                category,
                Ts::from(received),
                format!("{:04}-{:02}", y, received.month()),
                due.format("%Y-%m-%d").to_string(),
                Ts::from(due),
                open,
                if open {
                    None
                } else {
                    Some(rng.gen_range(1..=5_i64))
                },
                rng.gen_bool(0.3),
            ));
        }
        let mut tx = db.begin().await.unwrap();
        // Obligations first; RETURNING gives their ids in insertion order on both backends.
        let ids: Vec<i64> = opengov_kernel::tx_run!(&mut tx, |c| {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO obligations (owner_body_id, kind, subject_type, subject_id, received_at, registered_on, \
                 original_due_on, due_on, due_at, redirect_by, state, state_at, outcome, created_at) ",
            );
            qb.push_values(&rows, |mut q, r| {
                let day = r.5 .0.format("%Y-%m-%d").to_string();
                q.push_bind(r.1)
                    .push_bind(r.3)
                    .push_bind("appeal")
                    .push_bind(r.0.clone())
                    .push_bind(r.5)
                    .push_bind(day.clone())
                    .push_bind(r.7.clone())
                    .push_bind(r.7.clone())
                    .push_bind(r.8)
                    .push_bind(day)
                    .push_bind(if r.9 { "open" } else { "answered" })
                    .push_bind(if r.9 { None } else { Some(r.5) })
                    .push_bind(if r.9 { None } else { Some("satisfied") })
                    .push_bind(r.5);
            });
            qb.push(" RETURNING id");
            qb.build_query_scalar().fetch_all(&mut *c).await
        })
        .unwrap();
        opengov_kernel::tx_run!(&mut tx, |c| {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO appeals (number, body_id, filed_body_id, applicant_id, kind, category_id, lang, subject, text, \
                 public_allowed, public_summary, status, is_open, obligation_id, received_at, received_month, due_on, due_at, \
                 answer_text, answer_outcome, answered_at, answered_on_time, answer_working_days, rating, created_at, updated_at) ",
            );
            qb.push_values(rows.iter().zip(&ids), |mut q, (r, id)| {
                q.push_bind(r.0.clone())
                    .push_bind(r.1)
                    .push_bind(r.1)
                    .push_bind(r.2)
                    .push_bind(r.3)
                    .push_bind(r.4)
                    .push_bind("ru")
                    .push_bind("Ремонт дороги на улице")
                    .push_bind("Прошу отремонтировать дорогу возле дома, ямы мешают проезду.")
                    .push_bind(r.11)
                    .push_bind(if r.11 { "Ремонт дороги" } else { "" })
                    .push_bind(if r.9 { "registered" } else { "answered" })
                    .push_bind(r.9)
                    .push_bind(*id)
                    .push_bind(r.5)
                    .push_bind(r.6.clone())
                    .push_bind(r.7.clone())
                    .push_bind(r.8)
                    .push_bind(if r.9 { None } else { Some("Дорога будет отремонтирована.") })
                    .push_bind(if r.9 { None } else { Some("satisfied") })
                    .push_bind(if r.9 { None } else { Some(r.5) })
                    .push_bind(if r.9 { None } else { Some(true) })
                    .push_bind(if r.9 { None } else { Some(9_i64) })
                    .push_bind(r.10)
                    .push_bind(r.5)
                    .push_bind(r.5);
            });
            qb.build().execute(&mut *c).await.map(|r| r.rows_affected())
        })
        .unwrap();
        tx.commit().await.unwrap();
        done += size;
        if done % 100_000 < BATCH {
            eprintln!(
                "  loaded {done} appeals ({:.0}/s)",
                done as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "bulk load: {n} appeals with obligations in {:.1} s ({:.0} appeals/s)",
        started.elapsed().as_secs_f64(),
        n as f64 / started.elapsed().as_secs_f64()
    );
}

async fn timed(client: &reqwest::Client, url: &str, expect: u16) -> f64 {
    let t = Instant::now();
    let res = client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    let _ = res.bytes().await.unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(status, expect, "GET {url}");
    ms
}

async fn csrf(client: &reqwest::Client, base: &str) -> String {
    let html = client
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf-token\" content=\"";
    let start = html.find(marker).unwrap() + marker.len();
    html[start..].chars().take_while(|c| *c != '"').collect()
}

async fn sign_in(base: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = csrf(&client, base).await;
    let res = client
        .post(format!("{base}/account/signin"))
        .form(&[
            ("email", email),
            ("password", opengov::demo::DEMO_PASSWORD),
            ("_csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "sign in as {email}");
    client
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let appeals = env_usize("APPEALS", 1_000_000);
    let requests = env_usize("REQUESTS", 200);
    let dir = tempfile::tempdir().unwrap();
    let data_dir = std::env::var("OPENGOV_BENCH_DIR")
        .map_or_else(|_| dir.path().to_path_buf(), std::path::PathBuf::from);
    let mut config = Config::load(None, Some(&data_dir)).unwrap();
    config.data_dir = data_dir.clone();
    config.jobs.workers = 0;
    config.demo = true;
    config.appeals.per_account_per_day = u32::MAX;
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
    let have = count(&state.db, "SELECT COUNT(*) FROM appeals").await as usize;
    if have < appeals {
        bulk_load(&state.db, appeals - have).await;
    }
    // After a bulk load the planner's statistics are stale until autovacuum (PostgreSQL) or
    // the hourly maintenance (`PRAGMA optimize`, SQLite) catches up; do now what they would.
    let t = Instant::now();
    match state.db.backend() {
        opengov_kernel::db::Backend::Postgres => {
            for table in ["appeals", "obligations", "appeal_events"] {
                let sql = format!("VACUUM ANALYZE {table}");
                db_run!(&state.db, |c| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .execute(c)
                    .await
                    .map(|_| ()))
                .unwrap();
            }
        }
        opengov_kernel::db::Backend::Sqlite => {
            db_run!(&state.db, |c| sqlx::query("ANALYZE")
                .execute(c)
                .await
                .map(|_| ()))
            .unwrap();
        }
    }
    println!(
        "planner statistics refreshed in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let total = count(&state.db, "SELECT COUNT(*) FROM appeals").await;
    println!("appeals in the database: {total}");
    let app = opengov::router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let base = format!("http://{addr}");

    // The busiest body's queue, as its head sees it.
    let (body_id, code): (i64, String) = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT b.id, b.code FROM bodies b WHERE b.id = (SELECT body_id FROM appeals GROUP BY body_id ORDER BY COUNT(*) DESC LIMIT 1)"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let in_body: i64 = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeals WHERE body_id = $1"
    )
    .bind(body_id)
    .fetch_one(c)
    .await)
    .unwrap();
    println!("busiest body: {code} with {in_body} appeals");
    let slug = code.to_lowercase().replace('_', "-");
    let head = sign_in(&base, &format!("head.{slug}@demo.opengov.kz")).await;
    let category: Option<i64> = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT id FROM appeal_categories WHERE body_id = $1 ORDER BY id LIMIT 1"
    )
    .bind(body_id)
    .fetch_optional(c)
    .await)
    .unwrap();
    let mut views = vec![
        (
            "queue: open, by due date".to_owned(),
            "view=open".to_owned(),
        ),
        (
            "queue: due within 3 working days".to_owned(),
            "view=due_soon".to_owned(),
        ),
        ("queue: overdue".to_owned(), "view=overdue".to_owned()),
        ("queue: unassigned".to_owned(), "view=unassigned".to_owned()),
        ("queue: all, newest first".to_owned(), "view=all".to_owned()),
        (
            "queue: all, kind=complaint".to_owned(),
            "view=all&kind=complaint".to_owned(),
        ),
    ];
    if let Some(c) = category {
        views.push((
            "queue: all, one category".to_owned(),
            format!("view=all&category={c}"),
        ));
    }
    // A deep keyset page: the cursor of the 10,000th newest appeal.
    let deep: Option<(i64,)> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT id FROM appeals WHERE body_id = $1 ORDER BY id DESC LIMIT 1 OFFSET 10000"
    )
    .bind(body_id)
    .fetch_optional(c)
    .await)
    .unwrap();
    if let Some((id,)) = deep {
        views.push((
            "queue: all, page after 10,000 rows (keyset)".to_owned(),
            format!("view=all&after=2026-01-01T00%3A00%3A00.000000Z~{id}"),
        ));
    }
    let mut all_queue = Vec::new();
    for (name, query) in &views {
        let url = format!("{base}/workspace/appeals?body={body_id}&{query}&lang=ru");
        timed(&head, &url, 200).await; // warm
        let mut ms = Vec::with_capacity(requests);
        for _ in 0..requests {
            ms.push(timed(&head, &url, 200).await);
        }
        all_queue.extend_from_slice(&ms);
        report(name, ms);
    }
    report("queue: every view above together", all_queue);

    // Filing, as a citizen, with and without an attachment.
    let citizen = sign_in(&base, "citizen1@demo.opengov.kz").await;
    let token = csrf(&citizen, &base).await;
    for with_file in [false, true] {
        let mut ms = Vec::with_capacity(requests);
        for i in 0..requests {
            let mut form = reqwest::multipart::Form::new()
                .text("body", body_id.to_string())
                .text("kind", "application")
                .text("lang", "kk")
                .text("subject", format!("Жол жөндеу №{i}"))
                .text(
                    "text",
                    "Біздің көшедегі жолды жөндеуді сұраймын, шұңқырлар көп.",
                );
            if with_file {
                form = form.part(
                    "files",
                    reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".repeat(4000))
                        .file_name("scan.pdf"),
                );
            }
            let t = Instant::now();
            let res = citizen
                .post(format!("{base}/appeals/new?_csrf={token}"))
                .multipart(form)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let _ = res.bytes().await.unwrap();
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(status, 303, "filing");
        }
        report(
            if with_file {
                "filing: with a 60 KB PDF (stored, hashed, sniffed)"
            } else {
                "filing: text only"
            },
            ms,
        );
    }

    // Statistics, if this build has the page.
    let anon = reqwest::Client::new();
    let cold = Instant::now();
    let probe = anon
        .get(format!("{base}/appeals/stats?lang=ru"))
        .send()
        .await
        .unwrap();
    if probe.status().as_u16() == 200 {
        let _ = probe.bytes().await;
        println!(
            "statistics: first request, snapshot computed from all appeals: {:.0} ms",
            cold.elapsed().as_secs_f64() * 1000.0
        );
        // Let a first snapshot finish, then measure.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let url = format!("{base}/appeals/stats?lang=ru");
        let mut ms = Vec::with_capacity(requests);
        for _ in 0..requests {
            ms.push(timed(&anon, &url, 200).await);
        }
        report("statistics page", ms);
    } else {
        println!("statistics page: not in this build ({})", probe.status());
    }
    let _ = dir;
}
