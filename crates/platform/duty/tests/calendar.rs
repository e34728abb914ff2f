//! The working-day calendar: public page and API, and administrators' audited changes.

use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;

type R = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn everyone_reads_the_calendar_in_three_languages_and_as_json() -> R {
    let app = TestApp::spawn().await;
    for (lang, words) in [
        ("kk", "Тәуелсіздік күні"),
        ("ru", "День Независимости"),
        ("en", "Independence Day"),
    ] {
        let res = reqwest::get(app.url(&format!("/calendar?year=2026&lang={lang}"))).await?;
        assert_eq!(res.status(), 200);
        let html = res.text().await?;
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(html.contains("2026-03-21"), "{lang}");
        assert!(
            html.contains(words),
            "{lang}: holiday names are shown in the page's language"
        );
    }
    let json: serde_json::Value = reqwest::get(app.url("/api/v1/calendar?year=2027"))
        .await?
        .json()
        .await?;
    assert_eq!(json["country"], "KZ");
    assert_eq!(json["covered"], true);
    assert!(json["days"].as_array().is_some_and(|d| {
        d.iter()
            .any(|x| x["date"] == "2027-01-04" && x["kind"] == "holiday")
    }));
    let uncovered: serde_json::Value = reqwest::get(app.url("/api/v1/calendar?year=2031"))
        .await?
        .json()
        .await?;
    assert_eq!(uncovered["covered"], false);
    assert_eq!(
        reqwest::get(app.url("/api/v1/calendar?year=99999"))
            .await?
            .status(),
        400
    );
    assert_eq!(
        reqwest::get(app.url("/api/v1/calendar?year=abc"))
            .await?
            .status(),
        400
    );
    Ok(())
}

#[tokio::test]
async fn an_administrator_adds_and_removes_a_day_and_it_is_audited() -> R {
    let app = TestApp::spawn().await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    let admin = app.client();
    app.sign_in(&admin, "admin@example.kz").await;
    let res = app
        .post_form(
            &admin,
            "/admin/calendar/days",
            &[("date", "2026-01-03"), ("kind", "working_day")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &admin,
            "/admin/calendar/days",
            &[
                ("date", "2026-01-09"),
                ("kind", "holiday"),
                ("name_ru", "День-мост"),
                ("name_en", "Bridge day"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let json: serde_json::Value = reqwest::get(app.url("/api/v1/calendar?year=2026"))
        .await?
        .json()
        .await?;
    let days = json["days"].as_array().cloned().unwrap_or_default();
    assert!(
        days.iter()
            .any(|d| d["date"] == "2026-01-03" && d["kind"] == "working_day")
    );
    assert!(days.iter().any(|d| d["date"] == "2026-01-09"
        && d["name"]["en"] == "Bridge day"
        && d["name"]["ru"] == "День-мост"));
    // The engine counts with the changed calendar at once.
    let in_force = opengov_duty::calendar::current(&app.state).await?;
    let calendar = &in_force.calendar;
    let jan = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 1, d).unwrap_or_default();
    assert!(calendar.is_working_day(jan(3)) && !calendar.is_working_day(jan(9)));
    let res = app
        .post_form(
            &admin,
            "/admin/calendar/days/remove",
            &[("date", "2026-01-09")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let again = app
        .post_form(
            &admin,
            "/admin/calendar/days/remove",
            &[("date", "2026-01-09")],
        )
        .await;
    assert_eq!(again.status(), 404);
    let in_force = opengov_duty::calendar::current(&app.state).await?;
    let calendar = &in_force.calendar;
    assert!(calendar.is_working_day(jan(9)));
    let actions: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE object_type = 'calendar_day' ORDER BY seq"
    )
    .fetch_all(c)
    .await)?;
    assert_eq!(
        actions,
        [
            "calendar.set_day",
            "calendar.set_day",
            "calendar.remove_day"
        ]
    );
    Ok(())
}

#[tokio::test]
async fn bad_calendar_input_is_explained_and_kept() -> R {
    let app = TestApp::spawn().await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    let admin = app.client();
    app.sign_in(&admin, "admin@example.kz").await;
    let res = app
        .post_form(
            &admin,
            "/admin/calendar/days?lang=en",
            &[("date", "31.12.2026"), ("kind", "party"), ("name_en", "x")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await?;
    assert!(
        html.contains("value=\"31.12.2026\""),
        "what was typed is kept"
    );
    assert!(html.contains("id=\"f-date-error\"") && html.contains("id=\"f-kind-error\""));
    let res = app
        .post_form(
            &admin,
            "/admin/calendar/days",
            &[("date", "2026-02-02"), ("kind", "holiday")],
        )
        .await;
    assert_eq!(res.status(), 422, "a holiday needs a name");
    let rows: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM calendar_days"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(rows, 0);
    Ok(())
}

#[tokio::test]
async fn only_administrators_change_the_calendar() -> R {
    let app = TestApp::spawn().await;
    let body = app
        .create_body("MF", "Қаржы", "Финансы", "Finance", None)
        .await;
    app.create_user("head@example.kz", "Head", &[(Role::Head, Some(body))])
        .await;
    app.create_user("mod@example.kz", "Moderator", &[(Role::Moderator, None)])
        .await;
    let anonymous = app.client();
    assert_eq!(
        anonymous
            .get(app.url("/admin/calendar"))
            .send()
            .await?
            .status(),
        303
    );
    for who in ["head@example.kz", "mod@example.kz"] {
        let client = app.client();
        app.sign_in(&client, who).await;
        assert_eq!(
            client
                .get(app.url("/admin/calendar"))
                .send()
                .await?
                .status(),
            403,
            "{who}"
        );
        let res = app
            .post_form(
                &client,
                "/admin/calendar/days",
                &[
                    ("date", "2026-01-09"),
                    ("kind", "holiday"),
                    ("name_en", "x"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403, "{who}");
        let res = app
            .post_form(
                &client,
                "/admin/calendar/days/remove",
                &[("date", "2026-01-09")],
            )
            .await;
        assert_eq!(res.status(), 403, "{who}");
    }
    let rows: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM calendar_days"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(rows, 0);
    Ok(())
}
