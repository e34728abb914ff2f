//! HTTP tests of the appeals portal: filing, receipts, the permission matrix, every workflow
//! step and its refusals, the workspace, and the overdue mark when the clock passes the due
//! date. They run against the real router on a fresh database (SQLite, or PostgreSQL when
//! `OPENGOV_TEST_DATABASE_URL` is set).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use opengov_duty::{Kind, Obligation, Rules};
use opengov_kernel::{LocalizedText, Role, WorkCalendar, db_run};
use opengov_test_support::TestApp;
use reqwest::multipart::{Form, Part};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The bodies and people of every test.
struct World {
    gov: i64,
    mf: i64,
    other: i64,
    category: i64,
    citizen: &'static str,
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
    let other = app
        .create_body(
            "MH",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
            Some(gov),
        )
        .await;
    let mut tx = app.db().begin().await.unwrap();
    let category = opengov_dialogue::store::upsert_category(
        &mut tx,
        mf,
        "taxes",
        &LocalizedText::new("Салықтар", "Налоги", "Taxes"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app.create_user("citizen@example.kz", "Айгерім Сейітова", &[])
        .await;
    app.create_user("other@example.kz", "Ерлан Омаров", &[])
        .await;
    app.create_user("head@mf.kz", "Head of MF", &[(Role::Head, Some(mf))])
        .await;
    app.create_user(
        "responder@mf.kz",
        "Responder of MF",
        &[(Role::Responder, Some(mf))],
    )
    .await;
    app.create_user(
        "responder@mh.kz",
        "Responder of MH",
        &[(Role::Responder, Some(other))],
    )
    .await;
    app.create_user(
        "responder@gov.kz",
        "Responder of GOV",
        &[(Role::Responder, Some(gov))],
    )
    .await;
    app.create_user(
        "supervisor@gov.kz",
        "Supervisor at GOV",
        &[(Role::Supervisor, Some(gov))],
    )
    .await;
    app.create_user(
        "supervisor@mh.kz",
        "Supervisor at MH",
        &[(Role::Supervisor, Some(other))],
    )
    .await;
    app.create_user(
        "moderator@example.kz",
        "Moderator",
        &[(Role::Moderator, None)],
    )
    .await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    World {
        gov,
        mf,
        other,
        category,
        citizen: "citizen@example.kz",
    }
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    app.sign_in(&client, email).await;
    client
}

fn filing(body: i64, text: &str) -> Form {
    Form::new()
        .text("body", body.to_string())
        .text("kind", "application")
        .text("lang", "kk")
        .text("subject", "Салық шегерімі туралы")
        .text("text", text.to_owned())
}

async fn post_filing(app: &TestApp, client: &reqwest::Client, form: Form) -> reqwest::Response {
    let token = app.csrf(client).await;
    client
        .post(app.url(&format!("/appeals/new?_csrf={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Files an appeal to `body` as the citizen client; returns its number.
async fn file(app: &TestApp, client: &reqwest::Client, body: i64) -> String {
    let res = post_filing(
        app,
        client,
        filing(
            body,
            "Салық шегерімін қайта есептеуді сұраймын, құжаттар қоса беріледі.",
        )
        .part("files", Part::bytes(PDF.to_vec()).file_name("анықтама.pdf")),
    )
    .await;
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

async fn status(client: &reqwest::Client, url: String) -> u16 {
    client.get(url).send().await.unwrap().status().as_u16()
}

async fn page(client: &reqwest::Client, url: String) -> String {
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200, "GET {url}");
    res.text().await.unwrap()
}

#[tokio::test]
async fn anonymous_visitors_are_told_the_legal_reason_and_cannot_file() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let anon = app.client();
    let html = page(&anon, app.url("/appeals/new?lang=en")).await;
    assert!(
        html.contains("Anonymous appeals are not considered"),
        "{html}"
    );
    assert!(html.contains("/account/signin?next=%2Fappeals%2Fnew"));
    let res = post_filing(
        &app,
        &anon,
        filing(w.mf, "Анонимді өтініш мәтіні, ұзындығы жеткілікті."),
    )
    .await;
    assert_eq!(res.status(), 403);
    let count: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeals"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_citizen_files_an_appeal_and_gets_a_receipt_with_number_and_due_date_and_an_email() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    // Choosing the body first, without JavaScript.
    let picker = page(&citizen, app.url("/appeals/new")).await;
    assert!(picker.contains("name=\"body\""));
    let form = page(
        &citizen,
        app.url(&format!("/appeals/new?body={}&lang=ru", w.mf)),
    )
    .await;
    assert!(form.contains("Налоги"), "the body's categories are offered");
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "Салық шегерімін қайта есептеуді сұраймын.")
            .text("category", w.category.to_string())
            .text("address", "Астана, Мәңгілік Ел 8")
            .text("lat", "51.0906")
            .text("lon", "71.4180")
            .part(
                "files",
                Part::bytes(PDF.to_vec()).file_name("C:\\docs\\анықтама.pdf"),
            ),
    )
    .await;
    assert_eq!(res.status(), 303);
    let receipt_url = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(receipt_url, "/appeals/MF-2026-000001/receipt");
    let expected = Obligation::register(
        &WorkCalendar::builtin("KZ").unwrap(),
        &Rules::default(),
        w.mf,
        Kind::Application,
        opengov_test_support::start_time(),
    );
    let receipt = page(&citizen, app.url(&format!("{receipt_url}?lang=en"))).await;
    assert!(receipt.contains("MF-2026-000001"));
    assert!(receipt.contains(&expected.due_on.to_string()), "{receipt}");
    assert!(receipt.contains(&expected.registered_on.to_string()));
    assert!(receipt.contains("Ministry of Finance"));
    // The receipt is mailed in the language of the appeal.
    let mail = app.outbox().await;
    let (to, subject, body) = mail.last().expect("receipt email");
    assert_eq!(to, "citizen@example.kz");
    assert!(subject.contains("MF-2026-000001"), "{subject}");
    assert!(body.contains(&expected.due_on.to_string()));
    assert!(body.contains("Қаржы министрлігі"), "kk body: {body}");
    // The attachment comes back as a download with a safe name and the same bytes.
    let html = page(&citizen, app.url("/appeals/MF-2026-000001")).await;
    let href = html
        .split("href=\"")
        .find(|s| s.starts_with("/appeals/MF-2026-000001/files/"))
        .and_then(|s| s.split('"').next())
        .expect("attachment link")
        .to_owned();
    let res = citizen.get(app.url(&href)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        !disposition.contains("docs"),
        "the client's path is dropped"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    // The next appeal to the same body gets the next number.
    assert_eq!(file(&app, &citizen, w.mf).await, "MF-2026-000002");
    assert_eq!(file(&app, &citizen, w.other).await, "MH-2026-000001");
}

#[tokio::test]
async fn a_bad_filing_comes_back_with_everything_typed_and_the_file_kept() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "қысқа")
            .text("lat", "95")
            .part("files", Part::bytes(PDF.to_vec()).file_name("scan.pdf")),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Салық шегерімі туралы"),
        "the subject is kept"
    );
    assert!(html.contains("scan.pdf"), "the file is kept");
    assert!(html.contains("id=\"f-text-error\""));
    assert!(html.contains("id=\"f-lat-error\""));
    let kept = html
        .split("name=\"attachment\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("kept file id")
        .to_owned();
    // Sent again with the text fixed and the file control left empty, as browsers send it:
    // the kept file is attached.
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "Салық шегерімін қайта есептеуді сұраймын.")
            .text("attachment", kept.clone())
            .part("files", Part::bytes(Vec::new()).file_name("")),
    )
    .await;
    assert_eq!(res.status(), 303);
    let html = page(&citizen, app.url("/appeals/MF-2026-000001")).await;
    assert!(html.contains("scan.pdf"));
    // Another account cannot take over somebody's kept upload.
    let other = signed_in(&app, "other@example.kz").await;
    let res = post_filing(
        &app,
        &other,
        filing(w.mf, "Басқа адамның файлын алуға тырысу.").text("attachment", kept),
    )
    .await;
    assert_eq!(res.status(), 303);
    let files: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeal_attachments WHERE appeal_id = (SELECT id FROM appeals WHERE number = 'MF-2026-000002')"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(files, 0);
}

#[tokio::test]
async fn files_are_typed_by_content_and_limited_in_size_and_number() {
    let app = TestApp::spawn_with(|c| {
        c.appeals.attachment_bytes = 1024;
        c.appeals.attachments_max = 2;
    })
    .await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "Файлдарды тексеру үшін жазылған мәтін.")
            .part(
                "files",
                Part::bytes(b"MZ\x90\x00 not a document".to_vec()).file_name("virus.pdf"),
            )
            .part("files", Part::bytes(vec![b'%'; 5000]).file_name("big.pdf")),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("virus.pdf"), "{html}");
    assert!(html.contains("big.pdf"));
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "Файлдарды тексеру үшін жазылған мәтін.")
            .part("files", Part::bytes(PDF.to_vec()).file_name("a.pdf"))
            .part("files", Part::bytes(PDF.to_vec()).file_name("b.pdf"))
            .part("files", Part::bytes(PDF.to_vec()).file_name("c.pdf")),
    )
    .await;
    assert_eq!(res.status(), 422, "a third file is one too many");
    let stored: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeal_attachments"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(stored, 2, "refused files are not recorded");
}

#[tokio::test]
async fn the_daily_limit_refuses_further_filings_and_keeps_the_text() {
    let app = TestApp::spawn_with(|c| c.appeals.per_account_per_day = 2).await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    file(&app, &citizen, w.mf).await;
    file(&app, &citizen, w.mf).await;
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "Үшінші өтініш бүгін жіберілмейді."),
    )
    .await;
    assert_eq!(res.status(), 429);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Үшінші өтініш бүгін жіберілмейді."),
        "the text is kept"
    );
    // The next day the limit starts again.
    app.clock.advance(chrono::Duration::days(1));
    file(&app, &citizen, w.mf).await;
}

#[tokio::test]
async fn private_appeals_are_404_to_everyone_but_the_applicant_the_body_and_its_supervisors() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let html = page(&citizen, app.url(&format!("/appeals/{number}"))).await;
    let file_href = html
        .split("href=\"")
        .find(|s| s.contains("/files/"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    for (email, expected) in [
        ("head@mf.kz", 200),
        ("responder@mf.kz", 200),
        ("supervisor@gov.kz", 200),
        ("other@example.kz", 404),
        ("responder@mh.kz", 404),
        ("supervisor@mh.kz", 404),
        ("responder@gov.kz", 404),
        ("moderator@example.kz", 404),
        ("admin@example.kz", 404),
    ] {
        let client = signed_in(&app, email).await;
        for path in [
            format!("/appeals/{number}"),
            format!("/appeals/{number}/receipt"),
            file_href.clone(),
        ] {
            assert_eq!(
                status(&client, app.url(&path)).await,
                expected,
                "{email} {path}"
            );
        }
    }
    assert_eq!(
        status(&app.client(), app.url(&format!("/appeals/{number}"))).await,
        404
    );
    assert_eq!(
        status(&citizen, app.url("/appeals/MF-2026-999999")).await,
        404
    );
    // Steps by people who cannot see the appeal are 404 too, and change nothing.
    let other = signed_in(&app, "other@example.kz").await;
    let res = app
        .post_form(&other, &format!("/appeals/{number}/withdraw"), &[])
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_form(
            &other,
            &format!("/appeals/{number}/note"),
            &[("note", "peek")],
        )
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_body_assigns_answers_in_kazakh_and_the_applicant_rates_and_complains_to_the_superior_body()
 {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let responder_id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key = 'responder@mf.kz'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let head = signed_in(&app, "head@mf.kz").await;
    let responder = signed_in(&app, "responder@mf.kz").await;
    // A responder may take work but not hand it to others.
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/assign"),
            &[("assignee", &999.to_string())],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &head,
            &format!("/appeals/{number}/assign"),
            &[("assignee", &responder_id.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    // The citizen cannot answer their own appeal.
    let res = app
        .post_form(
            &citizen,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "satisfied"),
                ("text", "Өзіме жауап беремін, бұл мүмкін емес."),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    // A refusal needs to say how to appeal.
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "refused"),
                (
                    "text",
                    "Сіздің өтінішіңіз қаралды және қанағаттандырылмады.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Сіздің өтінішіңіз қаралды"),
        "the typed answer is kept"
    );
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "partly_satisfied"),
                (
                    "text",
                    "Сіздің өтінішіңіз қаралды, шегерім ішінара қайта есептелді.",
                ),
                (
                    "how_to_appeal",
                    "Жауапқа жоғары тұрған органға шағымдана аласыз.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "satisfied"),
                ("text", "Екінші рет жауап беру мүмкін емес."),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        409,
        "an answered appeal cannot be answered again"
    );
    let html = page(&citizen, app.url(&format!("/appeals/{number}?lang=kk"))).await;
    assert!(html.contains("шегерім ішінара қайта есептелді"));
    assert!(html.contains("lang=\"kk\""));
    let mail = app.outbox().await;
    assert!(
        mail.iter().any(|(to, s, _)| to == "citizen@example.kz"
            && s.contains(&number)
            && s.contains("жауап")),
        "{mail:?}"
    );
    // Rating: 1 to 5, once.
    let res = app
        .post_form(
            &citizen,
            &format!("/appeals/{number}/rate"),
            &[("rating", "7")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &citizen,
            &format!("/appeals/{number}/rate"),
            &[("rating", "2"), ("comment", "Толық емес")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &citizen,
            &format!("/appeals/{number}/rate"),
            &[("rating", "5")],
        )
        .await;
    assert_eq!(res.status(), 409);
    // The complaint goes to the superior body with its own number and clock.
    let res = app
        .post_form(
            &citizen,
            &format!("/appeals/{number}/complain"),
            &[(
                "text",
                "Жауап толық емес, шегерім толық қайта есептелуі тиіс.",
            )],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/appeals/GOV-2026-000001/receipt");
    let gov = signed_in(&app, "responder@gov.kz").await;
    let html = page(&gov, app.url("/appeals/GOV-2026-000001")).await;
    assert!(html.contains(&number), "the complaint links to the appeal");
    assert_eq!(
        status(&responder, app.url("/appeals/GOV-2026-000001")).await,
        404
    );
    let parent = page(&citizen, app.url(&format!("/appeals/{number}"))).await;
    assert!(parent.contains("GOV-2026-000001"));
    let kind: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT kind FROM obligations WHERE subject_id = 'GOV-2026-000001'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(kind, "complaint_about_answer");
    let _ = w.gov;
}

#[tokio::test]
async fn only_the_head_extends_and_never_past_two_months() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let responder = signed_in(&app, "responder@mf.kz").await;
    let head = signed_in(&app, "head@mf.kz").await;
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/extend"),
            &[("until", "2026-04-30"), ("reason", "Сараптама қажет")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form(
            &head,
            &format!("/appeals/{number}/extend"),
            &[("until", "2026-12-31"), ("reason", "Сараптама қажет")],
        )
        .await;
    assert_eq!(res.status(), 409);
    let res = app
        .post_form(
            &head,
            &format!("/appeals/{number}/extend"),
            &[("until", "2026-04-30"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), 409, "no reason, no extension");
    let res = app
        .post_form(
            &head,
            &format!("/appeals/{number}/extend"),
            &[("until", "not a date"), ("reason", "x")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &head,
            &format!("/appeals/{number}/extend"),
            &[("until", "2026-04-30"), ("reason", "Сараптама қажет")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = page(&citizen, app.url(&format!("/appeals/{number}"))).await;
    assert!(html.contains("2026-04-30"));
    assert!(
        html.contains("Сараптама қажет"),
        "the reason is on the timeline"
    );
    let mail = app.outbox().await;
    assert!(mail.iter().any(|(_, _, b)| b.contains("2026-04-30")));
}

#[tokio::test]
async fn a_redirect_moves_the_appeal_to_the_competent_body_with_a_new_deadline() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let responder = signed_in(&app, "responder@mf.kz").await;
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/redirect"),
            &[("to_body", &w.other.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), 422, "a redirect needs a reason");
    app.clock.advance(chrono::Duration::days(1));
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/redirect"),
            &[
                ("to_body", &w.other.to_string()),
                ("reason", "Денсаулық сақтау мәселесі"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        status(&responder, app.url(&format!("/appeals/{number}"))).await,
        404
    );
    let mh = signed_in(&app, "responder@mh.kz").await;
    let html = page(&mh, app.url(&format!("/appeals/{number}"))).await;
    assert!(html.contains("Денсаулық сақтау мәселесі"));
    let states: Vec<(i64, String)> = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT owner_body_id, state FROM obligations WHERE subject_id = $1 ORDER BY id"
    )
    .bind(&number)
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(
        states,
        vec![
            (w.mf, "redirected".to_owned()),
            (w.other, "open".to_owned())
        ]
    );
    let mail = app.outbox().await;
    assert!(
        mail.iter()
            .any(|(_, _, b)| b.contains("Денсаулық сақтау министрлігі")),
        "the applicant is told where"
    );
}

#[tokio::test]
async fn the_overdue_mark_appears_when_the_clock_passes_the_due_date() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let head = signed_in(&app, "head@mf.kz").await;
    let html = page(&citizen, app.url(&format!("/appeals/{number}"))).await;
    assert!(!html.contains("overdue-mark"));
    // Past the due date (sessions last 30 days).
    app.clock.advance(chrono::Duration::days(28));
    let html = page(&citizen, app.url(&format!("/appeals/{number}"))).await;
    assert!(html.contains("overdue-mark"), "{html}");
    let queue = page(
        &head,
        app.url(&format!("/workspace/appeals?body={}&view=overdue", w.mf)),
    )
    .await;
    assert!(queue.contains(&number));
    let supervisor = signed_in(&app, "supervisor@gov.kz").await;
    let html = page(&supervisor, app.url("/workspace/appeals")).await;
    assert!(
        html.contains(&number),
        "supervisors see overdue appeals below them"
    );
    // Answered late: the fact is kept.
    let res = app
        .post_form(
            &head,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "satisfied"),
                ("text", "Кешігіп берілген жауап, кешірім сұраймыз."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let on_time: Option<bool> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT answered_on_time FROM appeals WHERE number = $1"
    )
    .bind(&number)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(on_time, Some(false));
}

#[tokio::test]
async fn internal_notes_are_never_shown_to_the_applicant() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let responder = signed_in(&app, "responder@mf.kz").await;
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/note"),
            &[("note", "Өтініш берушіге қайта қоңырау шалу")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &citizen,
            &format!("/appeals/{number}/note"),
            &[("note", "мен де жазамын")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let official = page(&responder, app.url(&format!("/appeals/{number}"))).await;
    assert!(official.contains("Өтініш берушіге қайта қоңырау шалу"));
    let own = page(&citizen, app.url(&format!("/appeals/{number}"))).await;
    assert!(!own.contains("Өтініш берушіге қайта қоңырау шалу"));
}

#[tokio::test]
async fn only_the_applicant_withdraws_and_only_while_open() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let responder = signed_in(&app, "responder@mf.kz").await;
    let res = app
        .post_form(&responder, &format!("/appeals/{number}/withdraw"), &[])
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form(&citizen, &format!("/appeals/{number}/withdraw"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(&citizen, &format!("/appeals/{number}/withdraw"), &[])
        .await;
    assert_eq!(res.status(), 409);
    let res = app
        .post_form(
            &responder,
            &format!("/appeals/{number}/answer"),
            &[
                ("outcome", "satisfied"),
                ("text", "Кері қайтарылған өтінішке жауап."),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn the_workspace_filters_the_queue_and_assigns_many_at_once() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let a = file(&app, &citizen, w.mf).await;
    let b = file(&app, &citizen, w.mf).await;
    let c = file(&app, &citizen, w.mf).await;
    let head = signed_in(&app, "head@mf.kz").await;
    let responder_id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key = 'responder@mf.kz'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let token = app.csrf(&head).await;
    let res = head
        .post(app.url("/workspace/appeals/assign"))
        .form(&[
            ("_csrf", token.as_str()),
            ("body", &w.mf.to_string()),
            ("assignee", &responder_id.to_string()),
            ("number", &a),
            ("number", &b),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let unassigned = page(
        &head,
        app.url(&format!("/workspace/appeals?body={}&view=unassigned", w.mf)),
    )
    .await;
    assert!(unassigned.contains(&c));
    assert!(!unassigned.contains(&a) && !unassigned.contains(&b));
    let by_kind = page(
        &head,
        app.url(&format!("/workspace/appeals?body={}&kind=complaint", w.mf)),
    )
    .await;
    assert!(!by_kind.contains(&a), "no complaints were filed");
    // Someone outside the body cannot use the workspace of this body.
    let other = signed_in(&app, "responder@mh.kz").await;
    assert_eq!(
        status(
            &other,
            app.url(&format!("/workspace/appeals?body={}", w.mf))
        )
        .await,
        403
    );
    assert_eq!(status(&citizen, app.url("/workspace/appeals")).await, 403);
    assert_eq!(
        status(&app.client(), app.url("/workspace/appeals")).await,
        303,
        "anonymous: sign in first"
    );
}

#[tokio::test]
async fn answer_templates_belong_to_their_body_and_fill_the_answer() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let responder = signed_in(&app, "responder@mf.kz").await;
    let res = app
        .post_form(
            &responder,
            "/workspace/templates",
            &[
                ("body", &w.mf.to_string()),
                ("title", "Салық шегерімі"),
                ("text", "Құрметті өтініш беруші, сіздің өтінішіңіз қаралды."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &responder,
            "/workspace/templates",
            &[("body", &w.mf.to_string()), ("title", ""), ("text", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let other = signed_in(&app, "responder@mh.kz").await;
    let res = app
        .post_form(
            &other,
            "/workspace/templates",
            &[
                ("body", &w.mf.to_string()),
                ("title", "Бөгде"),
                ("text", "Басқа органның үлгісі болмайды."),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    let id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM answer_templates"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let html = page(
        &responder,
        app.url(&format!("/appeals/{number}?template={id}")),
    )
    .await;
    assert!(html.contains("Құрметті өтініш беруші, сіздің өтінішіңіз қаралды.</textarea>"));
    let res = app
        .post_form(
            &other,
            &format!("/workspace/templates/{id}/delete"),
            &[("body", &w.mf.to_string())],
        )
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn every_step_is_in_the_audit_chain_without_personal_data() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let number = file(&app, &citizen, w.mf).await;
    let head = signed_in(&app, "head@mf.kz").await;
    app.post_form(&head, &format!("/appeals/{number}/start"), &[])
        .await;
    app.post_form(
        &head,
        &format!("/appeals/{number}/answer"),
        &[
            ("outcome", "satisfied"),
            ("text", "Өтініш толық қанағаттандырылды."),
        ],
    )
    .await;
    let rows: Vec<(String, String, String)> = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT action, actor_name, payload FROM audit_log WHERE object_id = $1 ORDER BY seq"
    )
    .bind(&number)
    .fetch_all(c)
    .await)
    .unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        actions,
        ["appeal.filed", "appeal.started", "appeal.answered"]
    );
    for (_, actor, payload) in &rows {
        assert!(!actor.contains("Айгерім") && !payload.contains("Айгерім"));
        assert!(
            !payload.contains("шегерім"),
            "no appeal text in the public log"
        );
    }
    let report = opengov_audit::verify(app.db(), None).await.unwrap();
    assert!(report.ok(), "{report:?}");
}

#[tokio::test]
async fn uploads_of_a_form_never_sent_again_are_deleted_after_a_day() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    let res = post_filing(
        &app,
        &citizen,
        filing(w.mf, "қысқа").part("files", Part::bytes(PDF.to_vec()).file_name("left.pdf")),
    )
    .await;
    assert_eq!(res.status(), 422);
    let key: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT storage_key FROM appeal_attachments WHERE appeal_id IS NULL"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert!(app.state.storage.get(&key).await.is_ok());
    // Within the day it is kept for the next attempt.
    assert_eq!(
        opengov_dialogue::upload::clean_pending(&app.state)
            .await
            .unwrap(),
        0
    );
    app.clock.advance(chrono::Duration::hours(25));
    assert_eq!(
        opengov_dialogue::upload::clean_pending(&app.state)
            .await
            .unwrap(),
        1
    );
    assert!(
        app.state.storage.get(&key).await.is_err(),
        "the file is gone"
    );
    // Attached files are never touched.
    file(&app, &citizen, w.mf).await;
    app.clock.advance(chrono::Duration::days(3));
    assert_eq!(
        opengov_dialogue::upload::clean_pending(&app.state)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn numbers_that_cannot_exist_are_simply_not_found() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let citizen = signed_in(&app, w.citizen).await;
    for path in [
        "/appeals/MF%002026/receipt",
        "/appeals/%E1%83%94%00x",
        "/appeals/public/a%00b",
        "/appeals/a%27b/files/1",
    ] {
        assert_eq!(status(&citizen, app.url(path)).await, 404, "{path}");
    }
}
