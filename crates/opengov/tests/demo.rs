//! `opengov demo`: a year of appeals in every state, consistent with the duty engine.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test: a failed query fails the test"
)]

use std::collections::{HashMap, HashSet};

use opengov_kernel::{Ts, db_run};
use opengov_test_support::TestApp;

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    db_run!(app.db(), |c| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(c)
        .await)
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn the_demo_has_a_consistent_year_of_appeals_in_every_state() {
    let app = TestApp::spawn().await;
    let started = std::time::Instant::now();
    let seeded = opengov::demo::seed(&app.state)
        .await
        .expect("seed the demo");
    eprintln!("demo seeded in {:?}", started.elapsed());
    let total = count(&app, "SELECT COUNT(*) FROM appeals").await;
    assert!(seeded.appeals >= 2000, "{} appeals", seeded.appeals);
    assert_eq!(i64::try_from(seeded.appeals).unwrap(), total);

    // Every status.
    let statuses: Vec<(String, i64)> = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT status, COUNT(*) FROM appeals GROUP BY status"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let statuses: HashMap<String, i64> = statuses.into_iter().collect();
    for s in [
        "registered",
        "assigned",
        "in_progress",
        "answered",
        "closed",
        "withdrawn",
    ] {
        assert!(
            statuses.get(s).copied().unwrap_or(0) > 0,
            "{s}: {statuses:?}"
        );
    }
    let checks: [(&str, &'static str); 17] = [
        (
            "registered and unassigned",
            "SELECT COUNT(*) FROM appeals WHERE status = 'registered' AND assignee_id IS NULL AND is_open",
        ),
        (
            "satisfied on time",
            "SELECT COUNT(*) FROM appeals WHERE answer_outcome = 'satisfied' AND answered_on_time = TRUE",
        ),
        (
            "partly satisfied on time with how to appeal",
            "SELECT COUNT(*) FROM appeals WHERE answer_outcome = 'partly_satisfied' AND answered_on_time = TRUE \
             AND answer_how_to_appeal <> ''",
        ),
        (
            "refused on time with how to appeal",
            "SELECT COUNT(*) FROM appeals WHERE answer_outcome = 'refused' AND answered_on_time = TRUE \
             AND answer_how_to_appeal <> ''",
        ),
        (
            "answered late",
            "SELECT COUNT(*) FROM appeals WHERE answered_on_time = FALSE AND answered_at > due_at",
        ),
        (
            "redirected obligations",
            "SELECT COUNT(*) FROM obligations WHERE state = 'redirected' AND redirected_to_body_id IS NOT NULL",
        ),
        (
            "appeals now with another body",
            "SELECT COUNT(*) FROM appeals a JOIN obligations o ON o.id = a.obligation_id \
             WHERE a.body_id <> a.filed_body_id AND o.parent_id IS NOT NULL AND o.owner_body_id = a.body_id",
        ),
        (
            "extensions with a reason",
            "SELECT COUNT(*) FROM obligation_extensions x JOIN appeals a ON a.obligation_id = x.obligation_id \
             WHERE x.reason <> '' AND a.due_on = x.until_date",
        ),
        (
            "rated with a comment",
            "SELECT COUNT(*) FROM appeals WHERE status = 'closed' AND rating BETWEEN 1 AND 5 AND rating_comment <> ''",
        ),
        (
            "rated low",
            "SELECT COUNT(*) FROM appeals WHERE rating IN (1, 2)",
        ),
        (
            "complaints about answers",
            "SELECT COUNT(*) FROM appeals c JOIN appeals p ON p.id = c.parent_id \
             JOIN obligations co ON co.id = c.obligation_id \
             WHERE c.kind = 'complaint_about_answer' AND p.answered_at IS NOT NULL AND c.received_at > p.answered_at \
             AND co.parent_id = p.obligation_id AND c.number <> p.number",
        ),
        (
            "public summaries",
            "SELECT COUNT(*) FROM appeals WHERE public_allowed AND public_summary <> ''",
        ),
        (
            "addresses with coordinates",
            "SELECT COUNT(*) FROM appeals WHERE address <> '' AND lat IS NOT NULL AND lon IS NOT NULL",
        ),
        ("Kazakh", "SELECT COUNT(*) FROM appeals WHERE lang = 'kk'"),
        ("Russian", "SELECT COUNT(*) FROM appeals WHERE lang = 'ru'"),
        ("English", "SELECT COUNT(*) FROM appeals WHERE lang = 'en'"),
        ("answer templates", "SELECT COUNT(*) FROM answer_templates"),
    ];
    for (what, sql) in checks {
        let n = count(&app, sql).await;
        assert!(n > 0, "{what}: none");
    }
    let now = app.state.now();
    let overdue: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeals a JOIN obligations o ON o.id = a.obligation_id \
         WHERE a.is_open AND a.due_at < $1 AND o.state = 'open'"
    )
    .bind(now)
    .fetch_one(c)
    .await)
    .unwrap();
    assert!(overdue > 0, "no overdue open appeals");
    let received: (Ts, Ts) = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT MIN(received_at), MAX(received_at) FROM appeals"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert!(received.1 < now, "everything is in the past");
    assert!(
        received.0 > Ts(now.0 - chrono::Duration::days(366)),
        "within a year"
    );
    assert!(
        received.0 < Ts(now.0 - chrono::Duration::days(330)),
        "across the year"
    );

    // Consistency with the duty engine.
    for (what, sql) in [
        (
            "appeals without their obligation",
            "SELECT COUNT(*) FROM appeals a LEFT JOIN obligations o ON o.id = a.obligation_id WHERE o.id IS NULL",
        ),
        (
            "due dates that differ from the obligation's",
            "SELECT COUNT(*) FROM appeals a JOIN obligations o ON o.id = a.obligation_id \
             WHERE a.due_at <> o.due_at OR a.due_on <> o.due_on OR a.body_id <> o.owner_body_id",
        ),
        (
            "answers without their facts",
            "SELECT COUNT(*) FROM appeals WHERE answered_at IS NOT NULL \
             AND (answer_working_days IS NULL OR answered_on_time IS NULL OR answer_outcome IS NULL)",
        ),
        (
            "answers the obligation does not know",
            "SELECT COUNT(*) FROM appeals a JOIN obligations o ON o.id = a.obligation_id \
             WHERE a.answered_at IS NOT NULL AND (o.state <> 'answered' OR o.state_at <> a.answered_at \
             OR o.outcome <> a.answer_outcome)",
        ),
        (
            "open appeals whose obligation is closed",
            "SELECT COUNT(*) FROM appeals a JOIN obligations o ON o.id = a.obligation_id \
             WHERE a.is_open AND o.state <> 'open'",
        ),
        (
            "withdrawn appeals whose obligation is not",
            "SELECT COUNT(*) FROM appeals a JOIN obligations o ON o.id = a.obligation_id \
             WHERE a.status = 'withdrawn' AND o.state <> 'withdrawn'",
        ),
        (
            "on-time flags that contradict the due date",
            "SELECT COUNT(*) FROM appeals WHERE answered_on_time = TRUE AND answered_at > due_at",
        ),
        (
            "appeals without a registration entry",
            "SELECT COUNT(*) FROM appeals a WHERE NOT EXISTS \
             (SELECT 1 FROM appeal_events e WHERE e.appeal_id = a.id AND e.kind = 'registered')",
        ),
        (
            "answered appeals without an answer entry",
            "SELECT COUNT(*) FROM appeals a WHERE a.answered_at IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM appeal_events e WHERE e.appeal_id = a.id AND e.kind = 'answered')",
        ),
        (
            "complaints without an entry on the appeal they are about",
            "SELECT COUNT(*) FROM appeals c WHERE c.parent_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM appeal_events e WHERE e.appeal_id = c.parent_id AND e.kind = 'complained')",
        ),
        (
            "complaints not at the superior body",
            "SELECT COUNT(*) FROM appeals c JOIN appeals p ON p.id = c.parent_id JOIN bodies b ON b.id = p.body_id \
             WHERE c.filed_body_id <> COALESCE(b.parent_id, b.id)",
        ),
        (
            "extensions past the cap or decided by no head",
            "SELECT COUNT(*) FROM obligation_extensions x WHERE NOT EXISTS (SELECT 1 FROM user_roles r \
             JOIN obligations o ON o.id = x.obligation_id WHERE r.user_id = x.by_user_id AND r.role = 'head' \
             AND r.body_id = o.owner_body_id)",
        ),
        (
            "events out of order",
            "SELECT COUNT(*) FROM appeal_events e JOIN appeal_events f ON f.appeal_id = e.appeal_id \
             AND f.id > e.id AND f.at < e.at",
        ),
    ] {
        assert_eq!(count(&app, sql).await, 0, "{what}");
    }

    // Registration numbers: unique, BODYCODE-YYYY-NNNNNN, the body it was filed with and the
    // local year of receipt.
    let numbers: Vec<(String, String, Ts)> = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT a.number, b.code, a.received_at FROM appeals a JOIN bodies b ON b.id = a.filed_body_id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let mut seen = HashSet::new();
    let offset = chrono::FixedOffset::east_opt(5 * 3600).unwrap();
    for (number, code, received) in &numbers {
        assert!(seen.insert(number.clone()), "{number} twice");
        let year = received.0.with_timezone(&offset).format("%Y").to_string();
        let rest = number
            .strip_prefix(&format!("{code}-{year}-"))
            .unwrap_or_else(|| panic!("{number} is not {code}-{year}-NNNNNN"));
        assert!(
            rest.len() == 6 && rest.chars().all(|c| c.is_ascii_digit()),
            "{number}"
        );
    }

    // Every demo body has three to six categories.
    let per_body: Vec<(i64, i64)> = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT b.id, COUNT(c.id) FROM bodies b LEFT JOIN appeal_categories c ON c.body_id = b.id GROUP BY b.id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    for (body, n) in per_body {
        assert!((3..=6).contains(&n), "body {body} has {n} categories");
    }

    // Seeding again changes nothing.
    let again = opengov::demo::seed(&app.state).await.expect("seed again");
    assert_eq!(again.appeals, seeded.appeals);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM appeals").await, total);
}

#[tokio::test]
async fn the_demo_catalogue_has_over_200_datasets_in_every_state_with_their_history() {
    let app = TestApp::spawn().await;
    let seeded = opengov::demo::seed(&app.state).await.expect("seed");
    assert!(seeded.datasets >= 200, "{} datasets", seeded.datasets);
    for (sql, what) in [
        (
            "SELECT COUNT(*) FROM datasets WHERE state = 'published'",
            "published",
        ),
        (
            "SELECT COUNT(*) FROM datasets WHERE state = 'draft'",
            "drafts",
        ),
        (
            "SELECT COUNT(*) FROM datasets WHERE state = 'withdrawn' AND withdrawn_reason <> ''",
            "withdrawn with a reason",
        ),
        (
            "SELECT COUNT(DISTINCT body_id) FROM datasets",
            "bodies with datasets",
        ),
    ] {
        assert!(count(&app, sql).await > 0, "no {what}");
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM datasets WHERE title_kk = '' OR title_ru = '' OR title_en = ''"
        )
        .await,
        0,
        "every title in three languages"
    );
    // Every dataset's creation is in the audit chain, and the chain verifies.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'dataset.created'"
        )
        .await,
        i64::try_from(seeded.datasets).unwrap()
    );
    assert!(opengov_audit::verify(app.db(), None).await.unwrap().ok());
    // Every body has an approved list with a missing item, and some datasets were late.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(DISTINCT body_id) FROM publication_plans WHERE dataset_id IS NULL"
        )
        .await,
        count(&app, "SELECT COUNT(DISTINCT body_id) FROM datasets").await
    );
    let standings = opengov_opendata::plans::standings_of(&app.state, None)
        .await
        .unwrap();
    for s in [
        opengov_opendata::plans::Standing::Missing,
        opengov_opendata::plans::Standing::Late,
        opengov_opendata::plans::Standing::OnTime,
    ] {
        assert!(standings.iter().any(|(_, _, st)| *st == s), "no {s:?} item");
    }
    let again = opengov::demo::seed(&app.state).await.expect("seed again");
    assert_eq!(again.datasets, seeded.datasets);
}
