//! HTTP tests of public summaries and their moderation: only what the applicant allowed is
//! listed, private and hidden appeals are 404s, a flag per account, only moderators hide and
//! show, and each decision is in the audit chain and on the public timeline. They run on
//! SQLite, or PostgreSQL when `OPENGOV_TEST_DATABASE_URL` is set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;
use reqwest::multipart::Form;

const APPLICANT: &str = "Айгерім Сейітова";
const PRIVATE_TEXT: &str = "Жеке мәтін: менің үйімнің мекенжайы Абай көшесі 7";

async fn world(app: &TestApp) -> i64 {
    let mf = app
        .create_body(
            "MF",
            "Қаржы министрлігі",
            "Министерство финансов",
            "Ministry of Finance",
            None,
        )
        .await;
    app.create_user("citizen@example.kz", APPLICANT, &[]).await;
    app.create_user("reader@example.kz", "Ерлан Омаров", &[])
        .await;
    app.create_user("reader2@example.kz", "Дина Ахметова", &[])
        .await;
    app.create_user("head@mf.kz", "Head of MF", &[(Role::Head, Some(mf))])
        .await;
    app.create_user(
        "moderator@example.kz",
        "Moderator Muratov",
        &[(Role::Moderator, None)],
    )
    .await;
    mf
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    app.sign_in(&client, email).await;
    client
}

/// Files an appeal; `summary` makes it public with that summary.
async fn file(
    app: &TestApp,
    client: &reqwest::Client,
    body: i64,
    subject: &str,
    summary: Option<&str>,
) -> String {
    let mut form = Form::new()
        .text("body", body.to_string())
        .text("kind", "complaint")
        .text("lang", "kk")
        .text("subject", subject.to_owned())
        .text("text", PRIVATE_TEXT);
    if let Some(s) = summary {
        form = form
            .text("public_allowed", "on")
            .text("public_summary", s.to_owned());
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

async fn get(client: &reqwest::Client, url: String) -> (u16, String) {
    let res = client.get(&url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn no_personal_data(what: &str, s: &str) {
    assert!(!s.contains(APPLICANT), "{what} shows the applicant");
    assert!(!s.contains("Абай көшесі"), "{what} shows the private text");
}

/// Anonymous visitors are sent to sign in.
fn asked_to_sign_in(res: &reqwest::Response) {
    assert_eq!(res.status(), 303, "{}", res.url());
    let location = res.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("/account/signin"), "{location}");
}

async fn flags(app: &TestApp, open_only: bool) -> i64 {
    db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeal_flags WHERE ($1 = FALSE OR resolved_at IS NULL)"
    )
    .bind(open_only)
    .fetch_one(c)
    .await)
    .unwrap()
}

#[tokio::test]
async fn only_allowed_and_visible_summaries_are_public_and_without_personal_data() {
    let app = TestApp::spawn().await;
    let mf = world(&app).await;
    let citizen = signed_in(&app, "citizen@example.kz").await;
    let public = file(
        &app,
        &citizen,
        mf,
        "Жолдағы шұңқырлар",
        Some("Көшедегі жол жөнделмеген"),
    )
    .await;
    let private = file(&app, &citizen, mf, "Жеке мәселе", None).await;
    let anon = app.client();

    let (status, list) = get(&anon, app.url("/appeals/public?lang=en")).await;
    assert_eq!(status, 200);
    assert!(list.contains(&public), "{list}");
    assert!(list.contains("Көшедегі жол жөнделмеген"));
    assert!(list.contains("<caption>"));
    assert!(!list.contains(&private), "private appeals are not listed");
    assert!(!list.contains("Жеке мәселе"));
    no_personal_data("the list", &list);

    let (status, one) = get(&anon, app.url(&format!("/appeals/public/{public}?lang=en"))).await;
    assert_eq!(status, 200);
    assert!(one.contains("Жолдағы шұңқырлар"));
    assert!(one.contains("Registered"), "the public timeline: {one}");
    assert!(one.contains("Sign in to report"));
    no_personal_data("the public page", &one);

    let (status, _) = get(&anon, app.url(&format!("/appeals/public/{private}"))).await;
    assert_eq!(status, 404, "a private appeal has no public page");
    let reader = signed_in(&app, "reader@example.kz").await;
    let (status, _) = get(&reader, app.url(&format!("/appeals/public/{private}"))).await;
    assert_eq!(status, 404);
    let (status, _) = get(&anon, app.url("/appeals/public/NO-2026-000001")).await;
    assert_eq!(status, 404);

    // Keyset paging: `before` the newest shows the older ones only.
    let id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM appeals WHERE number = $1"
    )
    .bind(&public)
    .fetch_one(c)
    .await)
    .unwrap();
    let (_, older) = get(&anon, app.url(&format!("/appeals/public?before={id}"))).await;
    assert!(!older.contains(&public));
}

#[tokio::test]
async fn readers_flag_once_and_only_moderators_hide_and_show_with_an_audit_trail() {
    let app = TestApp::spawn().await;
    let mf = world(&app).await;
    let citizen = signed_in(&app, "citizen@example.kz").await;
    let number = file(
        &app,
        &citizen,
        mf,
        "Жолдағы шұңқырлар",
        Some("Көшедегі жол жөнделмеген"),
    )
    .await;
    let flag_url = format!("/appeals/public/{number}/flag");
    let anon = app.client();
    let reader = signed_in(&app, "reader@example.kz").await;
    let reader2 = signed_in(&app, "reader2@example.kz").await;
    let moderator = signed_in(&app, "moderator@example.kz").await;
    let head = signed_in(&app, "head@mf.kz").await;

    // Flagging needs an account and a reason; one flag per account.
    let res = app
        .post_form(&anon, &flag_url, &[("reason", "Жарнама бар")])
        .await;
    asked_to_sign_in(&res);
    let res = app.post_form(&reader, &flag_url, &[("reason", "")]).await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &reader,
            &flag_url,
            &[("reason", "Мұнда біреудің телефоны бар")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("notice-appeal-flagged")
    );
    let res = app
        .post_form(&reader, &flag_url, &[("reason", "Тағы да хабарлаймын")])
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("notice-appeal-flag-repeat"), "{location}");
    let path = location.trim_end_matches("#top");
    let (_, notice) = get(&reader, app.url(&format!("{path}&lang=en"))).await;
    assert!(notice.contains("You have already reported this summary"));
    assert_eq!(flags(&app, false).await, 1, "one flag per account");
    let res = app
        .post_form(&reader2, &flag_url, &[("reason", "Қорлау сөздері бар")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(flags(&app, true).await, 2);

    // The moderators' queue: moderators only.
    let res = anon
        .get(app.url("/moderation/appeals"))
        .send()
        .await
        .unwrap();
    asked_to_sign_in(&res);
    let (status, _) = get(&reader, app.url("/moderation/appeals")).await;
    assert_eq!(status, 403);
    let (status, queue) = get(&moderator, app.url("/moderation/appeals?lang=en")).await;
    assert_eq!(status, 200);
    assert!(queue.contains(&number));
    assert!(queue.contains("Мұнда біреудің телефоны бар"));
    assert!(queue.contains("Қорлау сөздері бар"));
    assert!(queue.contains("2 reports"));
    no_personal_data("the moderators' queue", &queue);

    // Hiding: moderators only, with a reason.
    let hide_url = format!("/appeals/public/{number}/hide");
    let res = app
        .post_form(&anon, &hide_url, &[("reason", "Дербес деректер")])
        .await;
    asked_to_sign_in(&res);
    for who in [&reader, &head, &citizen] {
        let res = app
            .post_form(who, &hide_url, &[("reason", "Дербес деректер")])
            .await;
        assert_eq!(res.status(), 403);
    }
    let res = app
        .post_form(&moderator, &hide_url, &[("reason", " ")])
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &moderator,
            &hide_url,
            &[("reason", "Түйіндемеде телефон нөмірі бар")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(flags(&app, true).await, 0, "hiding resolves the flags");

    // Hidden: gone for the public, still there for moderators, with the event on the timeline.
    let (status, _) = get(&anon, app.url(&format!("/appeals/public/{number}"))).await;
    assert_eq!(status, 404);
    let (_, list) = get(&anon, app.url("/appeals/public")).await;
    assert!(!list.contains(&number));
    let res = app
        .post_form(&reader2, &flag_url, &[("reason", "Тағы бір хабарлама")])
        .await;
    assert_eq!(res.status(), 404, "a hidden summary cannot be flagged");
    let (status, page) = get(
        &moderator,
        app.url(&format!("/appeals/public/{number}?lang=en")),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Public summary hidden by a moderator"),
        "{page}"
    );
    assert!(page.contains("Түйіндемеде телефон нөмірі бар"));
    let (_, queue) = get(&moderator, app.url("/moderation/appeals?lang=en")).await;
    assert!(queue.contains("No open reports."));
    assert!(queue.contains(&format!("/appeals/public/{number}/show")));

    // Showing again, also moderators only.
    let show_url = format!("/appeals/public/{number}/show");
    let res = app.post_form(&reader, &show_url, &[]).await;
    assert_eq!(res.status(), 403);
    let res = app.post_form(&moderator, &show_url, &[]).await;
    assert_eq!(res.status(), 303);
    let (status, page) = get(&anon, app.url(&format!("/appeals/public/{number}?lang=en"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Public summary hidden by a moderator"));
    assert!(page.contains("Public summary shown again"));
    no_personal_data("the public page", &page);

    // Both decisions are in the audit chain, without personal data, and in the public log.
    let audit: Vec<(String, String, String, String)> = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT action, object_id, actor_name, payload FROM audit_log \
         WHERE action LIKE 'appeal.summary_%' ORDER BY seq"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert_eq!(audit[0].0, "appeal.summary_hidden");
    assert_eq!(audit[1].0, "appeal.summary_shown");
    assert!(audit.iter().all(|a| a.1 == number));
    assert_eq!(audit[0].2, "Moderator Muratov");
    assert!(
        audit[0].3.contains("\"flags_resolved\":2"),
        "{}",
        audit[0].3
    );
    for a in &audit {
        no_personal_data("the audit payload", &a.3);
        assert!(
            !a.3.contains("телефон"),
            "no flag or reason text in the payload"
        );
    }
    let (_, log) = get(&anon, app.url("/audit?lang=en")).await;
    assert!(log.contains("Public summary of an appeal hidden"), "{log}");
    assert!(log.contains(&number));
    let report = opengov_audit::verify(app.db(), None).await.unwrap();
    assert!(report.ok(), "the chain still verifies");
    // The applicant is told both times, in the language of the appeal.
    let told: Vec<(String, String, String)> = app
        .outbox()
        .await
        .into_iter()
        .filter(|(to, s, _)| to == "citizen@example.kz" && s.contains(&number))
        .collect();
    assert!(told.len() >= 3, "receipt, hidden, shown: {told:?}");
    let hidden_mail = &told[told.len() - 2];
    assert!(hidden_mail.2.contains(&number));
}

#[tokio::test]
async fn the_atom_feed_holds_public_summaries_only() {
    let app = TestApp::spawn().await;
    let mf = world(&app).await;
    let citizen = signed_in(&app, "citizen@example.kz").await;
    let public = file(
        &app,
        &citizen,
        mf,
        "Жол жөндеу",
        Some("Жол жөндеу туралы жария қысқаша мазмұн"),
    )
    .await;
    let private = file(&app, &citizen, mf, "Жеке мәселе", None).await;
    let res = app
        .client()
        .get(app.url("/appeals/public/feed.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = res.text().await.unwrap();
    assert!(
        xml.contains(&format!("/appeals/public/{public}</id>")),
        "{xml}"
    );
    assert!(xml.contains("Жол жөндеу туралы жария қысқаша мазмұн"));
    assert!(
        !xml.contains(&private),
        "a private appeal is never in the feed"
    );
    no_personal_data("the feed", &xml);
}
