//! HTTP tests of the public statistics of appeals: the figures from appeals in known states
//! (answered on time, answered late, overdue, rated), the pages, the CSV and the JSON, that no
//! personal data shows, and how far behind the data the snapshot may be. They run on SQLite, or
//! PostgreSQL when `OPENGOV_TEST_DATABASE_URL` is set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use std::time::{Duration, Instant};

use opengov_kernel::{LocalizedText, Role, db_run};
use opengov_test_support::TestApp;
use reqwest::multipart::Form;
use serde_json::Value;

const APPLICANT: &str = "Айгерім Сейітова";
const PRIVATE_TEXT: &str = "Жеке мәтін: менің үйімнің мекенжайы Абай көшесі 7";

struct World {
    mf: i64,
    mh: i64,
}

async fn world(app: &TestApp) -> World {
    let gov = app
        .create_body("GOV", "Үкімет", "Правительство", "Government", None)
        .await;
    let mf = app
        .create_body(
            "MF",
            "Қаржы министрлігі",
            "Министерство финансов",
            "Ministry of Finance",
            Some(gov),
        )
        .await;
    let mh = app
        .create_body(
            "MH",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
            Some(gov),
        )
        .await;
    let mut tx = app.db().begin().await.unwrap();
    opengov_dialogue::store::upsert_category(
        &mut tx,
        mf,
        "taxes",
        &LocalizedText::new("Салықтар", "Налоги", "Taxes"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app.create_user("citizen@example.kz", APPLICANT, &[]).await;
    app.create_user("head@mf.kz", "Head of MF", &[(Role::Head, Some(mf))])
        .await;
    app.create_user("head@mh.kz", "Head of MH", &[(Role::Head, Some(mh))])
        .await;
    World { mf, mh }
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    app.sign_in(&client, email).await;
    client
}

/// Files an appeal (in the body's first category when `category`); returns its number.
async fn file(app: &TestApp, client: &reqwest::Client, body: i64, category: bool) -> String {
    let mut form = Form::new()
        .text("body", body.to_string())
        .text("kind", "application")
        .text("lang", "kk")
        .text("subject", "Салық шегерімі туралы")
        .text("text", PRIVATE_TEXT);
    if category {
        let cats = opengov_dialogue::store::categories_of(app.db(), body)
            .await
            .unwrap();
        form = form.text("category", cats[0].id.to_string());
    }
    let token = app.csrf(client).await;
    let res = client
        .post(app.url(&format!("/appeals/new?_csrf={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    location
        .strip_prefix("/appeals/")
        .and_then(|l| l.strip_suffix("/receipt"))
        .expect("receipt address")
        .to_owned()
}

async fn answer(app: &TestApp, official: &reqwest::Client, number: &str) {
    let res = app
        .post_form(
            official,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "satisfied"),
                ("text", "Сіздің өтінішіңіз қаралды және қанағаттандырылды."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "answer {number}");
}

async fn rate(app: &TestApp, citizen: &reqwest::Client, number: &str, rating: &str) {
    let res = app
        .post_form(
            citizen,
            &format!("/appeals/{number}/rate"),
            &[("rating", rating)],
        )
        .await;
    assert_eq!(res.status(), 303, "rate {number}");
}

async fn text(client: &reqwest::Client, url: String) -> String {
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200, "GET {url}");
    res.text().await.unwrap()
}

async fn json(client: &reqwest::Client, url: String) -> Value {
    serde_json::from_str(&text(client, url).await).unwrap()
}

fn no_personal_data(what: &str, s: &str) {
    assert!(!s.contains(APPLICANT), "{what} shows the applicant: {s}");
    assert!(!s.contains("Абай көшесі"), "{what} shows the private text");
}

async fn working_days(app: &TestApp, number: &str) -> i64 {
    db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT answer_working_days FROM appeals WHERE number = $1"
    )
    .bind(number)
    .fetch_one(c)
    .await)
    .unwrap()
}

/// MF: one answered on time (taxes, rated 4), one answered late (rated 2), one overdue.
/// MH: one answered on time. Everything registered in March 2026.
async fn known_states(app: &TestApp, w: &World) -> (f64, Vec<String>) {
    let citizen = signed_in(app, "citizen@example.kz").await;
    let finance_head = signed_in(app, "head@mf.kz").await;
    let health_head = signed_in(app, "head@mh.kz").await;
    let on_time = file(app, &citizen, w.mf, true).await;
    let late = file(app, &citizen, w.mf, false).await;
    let overdue = file(app, &citizen, w.mf, false).await;
    let mh = file(app, &citizen, w.mh, false).await;
    answer(app, &finance_head, &on_time).await;
    answer(app, &health_head, &mh).await;
    rate(app, &citizen, &on_time, "4").await;
    // Past every deadline, still in March (sessions last 30 days).
    app.clock.advance(chrono::Duration::days(28));
    answer(app, &finance_head, &late).await;
    rate(app, &citizen, &late, "2").await;
    let days = [
        working_days(app, &on_time).await,
        working_days(app, &late).await,
    ];
    assert!(days[1] > 15, "answered late: {days:?}");
    #[allow(clippy::cast_precision_loss, reason = "small numbers")]
    let median = (days[0] + days[1]) as f64 / 2.0;
    (median, vec![on_time, late, overdue, mh])
}

#[tokio::test]
async fn the_figures_follow_from_appeals_in_known_states() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let (finance_median, numbers) = known_states(&app, &w).await;
    #[allow(clippy::cast_precision_loss, reason = "small numbers")]
    let health_median = working_days(&app, &numbers[3]).await as f64;
    let anon = app.client();

    let all = json(&anon, app.url("/api/v1/appeals/stats")).await;
    let o = &all["overall"];
    assert_eq!(o["received"], 4, "{all}");
    assert_eq!(o["answered"], 3);
    assert_eq!(o["answered_on_time"], 2);
    assert_eq!(o["overdue_now"], 1);
    assert_eq!(o["ratings"], 2);
    assert_eq!(o["average_rating"], 3.0);
    let share = o["on_time_share"].as_f64().unwrap();
    assert!((share - 2.0 / 3.0).abs() < 1e-9, "{share}");
    assert_eq!(all["months"].as_array().unwrap().len(), 12);
    assert_eq!(all["months"][11], "2026-03");
    let bodies = all["bodies"].as_array().unwrap();
    assert_eq!(bodies.len(), 2);
    let mf = bodies.iter().find(|b| b["code"] == "MF").unwrap();
    assert_eq!(mf["figures"]["received"], 3);
    assert_eq!(mf["figures"]["answered"], 2);
    assert_eq!(mf["figures"]["answered_on_time"], 1);
    assert_eq!(mf["figures"]["on_time_share"], 0.5);
    assert_eq!(mf["figures"]["overdue_now"], 1);
    assert_eq!(mf["figures"]["median_working_days"], finance_median);
    assert_eq!(mf["figures"]["average_rating"], 3.0);
    assert_eq!(mf["by_month"][0]["month"], "2026-03");
    assert_eq!(mf["by_month"][0]["figures"]["received"], 3);
    let taxes = mf["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "taxes")
        .unwrap();
    assert_eq!(taxes["figures"]["received"], 1);
    assert_eq!(taxes["figures"]["answered_on_time"], 1);
    assert_eq!(taxes["name"]["en"], "Taxes");
    let mh = bodies.iter().find(|b| b["code"] == "MH").unwrap();
    assert_eq!(mh["figures"]["median_working_days"], health_median);
    assert_eq!(mh["figures"]["average_rating"], Value::Null);
    no_personal_data("JSON", &all.to_string());

    // The body filter, by slug or id; an unknown body is a 404.
    let one = json(&anon, app.url("/api/v1/appeals/stats?body=mf")).await;
    assert_eq!(one["overall"]["received"], 3);
    assert_eq!(one["bodies"].as_array().unwrap().len(), 1);
    let by_id = json(
        &anon,
        app.url(&format!("/api/v1/appeals/stats?body={}", w.mh)),
    )
    .await;
    assert_eq!(by_id["overall"]["received"], 1);
    let res = anon
        .get(app.url("/api/v1/appeals/stats?body=nobody"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // The CSV: one row per body and month, names in the request's language.
    let csv = text(&anon, app.url("/appeals/stats.csv?lang=ru")).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "body_code,body_name,month,received,answered,answered_on_time,median_working_days,\
         overdue_now,ratings,average_rating,on_time_share"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines.contains(
            &format!("MF,Министерство финансов,2026-03,3,2,1,{finance_median:.1},1,2,3.00,0.5000")
                .as_str()
        ),
        "{csv}"
    );
    assert!(
        lines.contains(
            &format!(
                "MH,Министерство здравоохранения,2026-03,1,1,1,{health_median:.1},0,0,,1.0000"
            )
            .as_str()
        ),
        "{csv}"
    );
    no_personal_data("CSV", &csv);

    // The page: overall figures, the table of bodies, the chart and its table.
    let html = text(&anon, app.url("/appeals/stats?lang=en")).await;
    assert!(html.contains("Ministry of Finance"), "{html}");
    assert!(html.contains("66.7 %"), "overall share on time");
    assert!(html.contains("<svg"), "the chart");
    assert!(
        html.contains("<desc id=\"chart-overall-desc\">"),
        "its text alternative"
    );
    assert!(html.contains("2026-03: 4"), "the March bar in words");
    assert!(html.contains("<caption>"), "tables have captions");
    assert!(html.contains("scope=\"col\""));
    assert!(html.contains("href=\"/appeals/stats/mf\""));
    no_personal_data("the page", &html);
    let html_ru = text(&anon, app.url("/appeals/stats?lang=ru")).await;
    assert!(html_ru.contains("66,7 %"), "decimal comma in Russian");
    assert!(html_ru.contains("Статистика обращений"));

    // Sorting without JavaScript.
    let pos = |html: &str, name: &str| html.find(name).unwrap();
    let by_overdue = text(&anon, app.url("/appeals/stats?lang=en&sort=overdue")).await;
    assert!(pos(&by_overdue, "Ministry of Finance") < pos(&by_overdue, "Ministry of Health"));
    assert!(by_overdue.contains("aria-sort=\"descending\""));
    let by_median = text(&anon, app.url("/appeals/stats?lang=en&sort=median")).await;
    assert!(
        pos(&by_median, "Ministry of Health") < pos(&by_median, "Ministry of Finance"),
        "fastest first"
    );
    let by_name = text(&anon, app.url("/appeals/stats?lang=en&sort=name")).await;
    assert!(by_name.contains("aria-sort=\"ascending\""));
    let junk = text(&anon, app.url("/appeals/stats?sort=%3Cscript%3E")).await;
    assert!(!junk.contains("<script>"));

    // One body: by category and by month; by slug or id; unknown is a 404.
    let body = text(&anon, app.url("/appeals/stats/mf?lang=en")).await;
    assert!(body.contains("Taxes"));
    assert!(body.contains("Without a category"));
    assert!(body.contains("<time datetime=\"2026-03\">"));
    no_personal_data("the body page", &body);
    let by_id = text(&anon, app.url(&format!("/appeals/stats/{}?lang=en", w.mf))).await;
    assert!(by_id.contains("Taxes"));
    let res = anon
        .get(app.url("/appeals/stats/no-such-body"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // The appeals home links to the statistics.
    let home = text(&anon, app.url("/appeals")).await;
    assert!(home.contains("href=\"/appeals/stats\""));
}

async fn received(client: &reqwest::Client, app: &TestApp) -> i64 {
    json(client, app.url("/api/v1/appeals/stats")).await["overall"]["received"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_figures_are_never_more_than_twice_the_refresh_period_behind() {
    const PERIOD: Duration = Duration::from_secs(2);
    let app = TestApp::spawn_with(|c| {
        c.appeals.stats_refresh_millis = u64::try_from(PERIOD.as_millis()).unwrap();
    })
    .await;
    let w = world(&app).await;
    let citizen = signed_in(&app, "citizen@example.kz").await;
    let anon = app.client();
    file(&app, &citizen, w.mf, false).await;
    let loaded = Instant::now();
    assert_eq!(received(&anon, &app).await, 1);

    // New data within the refresh period: the snapshot is served from memory.
    file(&app, &citizen, w.mf, false).await;
    let cached = received(&anon, &app).await;
    if loaded.elapsed() < PERIOD {
        assert_eq!(cached, 1, "served from the snapshot");
    }

    // Past the period: the next reads trigger one background reload and soon see the change.
    tokio::time::sleep(PERIOD.saturating_sub(loaded.elapsed()) + Duration::from_millis(50)).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if received(&anon, &app).await == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the figures did not catch up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Nobody asked for longer than twice the period: the first read is already current.
    file(&app, &citizen, w.mf, false).await;
    tokio::time::sleep(PERIOD * 2 + Duration::from_millis(100)).await;
    assert_eq!(received(&anon, &app).await, 3);
}
