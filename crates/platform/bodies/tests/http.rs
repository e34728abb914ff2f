//! HTTP tests of the bodies pages, the open-data API and the administrators' pages, against
//! the real router on a fresh database (demo bodies are not seeded unless a test does it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use opengov_audit::Actor;
use opengov_bodies::RoleError;
use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;
use serde_json::Value;

/// The government, a ministry and a committee under it: `(gov, mf, src)`.
async fn sample(app: &TestApp) -> (i64, i64, i64) {
    let gov = app
        .create_body(
            "GOV",
            "Қазақстан Республикасының Үкіметі",
            "Правительство Республики Казахстан",
            "Government of Kazakhstan",
            None,
        )
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
    let src = app
        .create_body(
            "MF_SRC",
            "Мемлекеттік кірістер комитеті",
            "Комитет государственных доходов",
            "State Revenue Committee",
            Some(mf),
        )
        .await;
    set(
        app,
        "UPDATE bodies SET kind = 'government' WHERE id = $1",
        gov,
    )
    .await;
    set(
        app,
        "UPDATE bodies SET kind = 'committee' WHERE id = $1",
        src,
    )
    .await;
    (gov, mf, src)
}

async fn set(app: &TestApp, sql: &'static str, id: i64) {
    db_run!(app.db(), |c| sqlx::query(sql)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1"
    )
    .bind(action)
    .fetch_one(c)
    .await)
    .unwrap()
}

async fn get_text(client: &reqwest::Client, url: String) -> (u16, String) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// An administrator's client, signed in, with English pages.
async fn admin_client(app: &TestApp) -> reqwest::Client {
    app.create_user(
        "admin@example.org",
        "Admin Adminov",
        &[(Role::Administrator, None)],
    )
    .await;
    let client = app.client();
    app.sign_in(&client, "admin@example.org").await;
    client.get(app.url("/bodies?lang=en")).send().await.unwrap();
    client
}

// GET /bodies

#[tokio::test]
async fn the_list_renders_a_nested_tree_in_every_language() {
    let app = TestApp::spawn().await;
    sample(&app).await;
    let client = app.client();
    for (lang, name) in [
        ("kk", "Қаржы министрлігі"),
        ("ru", "Министерство финансов"),
        ("en", "Ministry of Finance"),
    ] {
        let (status, html) = get_text(&client, app.url(&format!("/bodies?lang={lang}"))).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(html.contains(name), "{lang}: {name}");
        let gov = html
            .find("href=\"/bodies/gov\"")
            .expect("government listed");
        let mf = html.find("href=\"/bodies/mf\"").expect("ministry listed");
        let src = html
            .find("href=\"/bodies/mf-src\"")
            .expect("committee listed");
        assert!(gov < mf && mf < src, "parents come before children");
        assert_eq!(
            html.matches("<ul").count(),
            html.matches("</ul>").count(),
            "balanced lists"
        );
        assert!(html.contains("href=\"/bodies.csv\""));
        assert!(html.contains("href=\"/api/v1/bodies"));
    }
}

#[tokio::test]
async fn search_matches_names_in_any_language_and_case_and_kind_filters() {
    let app = TestApp::spawn().await;
    sample(&app).await;
    let client = app.client();
    let search = |q: &str, kind: &str| {
        client
            .get(app.url("/bodies"))
            .query(&[("q", q), ("kind", kind), ("lang", "ru")])
            .send()
    };
    let html = search("КОМИТЕТ ГОСУДАРСТВЕННЫХ", "")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("href=\"/bodies/mf-src\""));
    assert!(
        html.contains("href=\"/bodies/mf\""),
        "ancestors stay for context"
    );
    let html = search("кірістер", "").await.unwrap().text().await.unwrap();
    assert!(
        html.contains("href=\"/bodies/mf-src\""),
        "Kazakh names are searched"
    );
    let html = search("revenue", "").await.unwrap().text().await.unwrap();
    assert!(
        html.contains("href=\"/bodies/mf-src\""),
        "English names are searched"
    );
    let html = search("nothing like this", "")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("href=\"/bodies/mf-src\""));
    let html = search("", "committee").await.unwrap().text().await.unwrap();
    assert!(html.contains("href=\"/bodies/mf-src\""));
    assert!(html.contains("<option value=\"committee\" selected>"));
    let html = search("", "city").await.unwrap().text().await.unwrap();
    assert!(!html.contains("href=\"/bodies/mf\""));
}

// GET /bodies/{slug}

#[tokio::test]
async fn the_body_page_shows_details_and_officials_but_no_emails() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE bodies SET head_name_en = 'Yerlan Zhumabekov', email = 'info@minfin.gov.example.kz', \
         phone = '+7 7172 71 77 01', website = 'https://minfin.gov.example.kz', bin = '990240001021', \
         address_en = '8 Mangilik Yel Avenue, Astana' WHERE id = $1"
    )
    .bind(mf)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    app.create_user(
        "official@example.org",
        "Айбек Сейітов",
        &[(Role::Responder, Some(mf)), (Role::Publisher, Some(mf))],
    )
    .await;
    let client = app.client();
    for lang in ["kk", "ru", "en"] {
        let (status, html) = get_text(&client, app.url(&format!("/bodies/mf?lang={lang}"))).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert_eq!(html.matches("<h1").count(), 1, "one h1");
    }
    let (_, html) = get_text(&client, app.url("/bodies/mf?lang=en")).await;
    assert!(html.contains("Ministry of Finance"));
    assert!(html.contains("href=\"/bodies/gov\""), "parent link");
    assert!(html.contains("href=\"/bodies/mf-src\""), "subordinate link");
    assert!(html.contains("Yerlan Zhumabekov"));
    assert!(html.contains("href=\"https://minfin.gov.example.kz\""));
    assert!(html.contains("990240001021"));
    assert!(
        html.contains("mailto:info@minfin.gov.example.kz"),
        "the body's own contact is public"
    );
    assert!(html.contains("Айбек Сейітов"));
    assert!(
        !html.contains("official@example.org"),
        "an official's email is never shown"
    );
    assert!(html.contains("<caption>"));
}

#[tokio::test]
async fn a_name_missing_in_the_language_falls_back_and_is_marked() {
    let app = TestApp::spawn().await;
    app.create_body("ONLYRU", "", "Только по-русски", "", None)
        .await;
    let (_, html) = get_text(&app.client(), app.url("/bodies/onlyru?lang=en")).await;
    assert!(html.contains("<h1 lang=\"ru\">Только по-русски</h1>"));
}

#[tokio::test]
async fn an_unknown_slug_is_a_404_page() {
    let app = TestApp::spawn().await;
    let (status, html) = get_text(&app.client(), app.url("/bodies/no-such-body")).await;
    assert_eq!(status, 404);
    assert!(html.contains("<html"));
}

// GET /api/v1/bodies, /api/v1/bodies/{id_or_slug}, /bodies.csv

#[tokio::test]
async fn the_api_lists_bodies_in_keyset_pages() {
    let app = TestApp::spawn().await;
    let (gov, mf, src) = sample(&app).await;
    let client = app.client();
    let page: Value = client
        .get(app.url("/api/v1/bodies?limit=2"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], gov);
    assert_eq!(page["next_after"], mf);
    let item = &items[1];
    for key in [
        "id",
        "code",
        "slug",
        "kind",
        "parent_id",
        "name",
        "head_name",
        "email",
        "phone",
        "website",
        "bin",
        "address",
    ] {
        assert!(item.get(key).is_some(), "item has {key}");
    }
    assert_eq!(item["name"]["kk"], "Қаржы министрлігі");
    assert_eq!(item["name"]["en"], "Ministry of Finance");
    assert_eq!(item["parent_id"], gov);
    let next: Value = client
        .get(app.url(&format!("/api/v1/bodies?limit=2&after={mf}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(next["items"].as_array().unwrap().len(), 1);
    assert_eq!(next["items"][0]["id"], src);
    assert!(next["next_after"].is_null());

    let children: Value = client
        .get(app.url(&format!("/api/v1/bodies?parent={mf}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(children["items"].as_array().unwrap().len(), 1);
    let committees: Value = client
        .get(app.url("/api/v1/bodies?kind=committee"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(committees["items"][0]["code"], "MF_SRC");
    let bad = client
        .get(app.url("/api/v1/bodies?kind=parliament"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let err: Value = bad.json().await.unwrap();
    assert_eq!(err["error"]["code"], "bad_request");
}

#[tokio::test]
async fn the_api_shows_one_body_by_id_or_slug() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    let client = app.client();
    let by_slug: Value = client
        .get(app.url("/api/v1/bodies/mf"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_id: Value = client
        .get(app.url(&format!("/api/v1/bodies/{mf}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_slug, by_id);
    assert_eq!(by_slug["code"], "MF");
    let missing = client
        .get(app.url("/api/v1/bodies/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let err: Value = missing.json().await.unwrap();
    assert_eq!(err["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_csv_has_a_header_and_quotes_fields() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    set(
        &app,
        "UPDATE bodies SET address_ru = 'г. Астана, проспект \"Мангилик Ел\", 8' WHERE id = $1",
        mf,
    )
    .await;
    let res = app
        .client()
        .get(app.url("/bodies.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let text = res.text().await.unwrap();
    let mut lines = text.split("\r\n");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,code,slug,kind,parent_id,parent_code,name_kk,name_ru,name_en")
    );
    assert!(text.contains("\"г. Астана, проспект \"\"Мангилик Ел\"\", 8\""));
    assert_eq!(text.matches("\r\n").count(), 4, "a header and three bodies");
}

// /admin/bodies

#[tokio::test]
async fn only_administrators_manage_bodies() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    let anonymous = app.client();
    let res = anonymous
        .get(app.url("/admin/bodies"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/account/signin"));

    app.create_user("citizen@example.org", "Citizen", &[]).await;
    app.create_user("head@example.org", "Head of MF", &[(Role::Head, Some(mf))])
        .await;
    for email in ["citizen@example.org", "head@example.org"] {
        let client = app.client();
        app.sign_in(&client, email).await;
        for path in [
            "/admin/bodies".to_owned(),
            "/admin/bodies/new".to_owned(),
            format!("/admin/bodies/{mf}/edit"),
            format!("/admin/bodies/{mf}/officials"),
        ] {
            let res = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 403, "{email} {path}");
        }
        let res = app
            .post_form(
                &client,
                "/admin/bodies/new",
                &[("code", "X"), ("kind", "ministry"), ("name_ru", "X")],
            )
            .await;
        assert_eq!(res.status(), 403);
    }
    assert_eq!(audit_count(&app, "body.create").await, 0);
}

#[tokio::test]
async fn an_administrator_creates_and_edits_a_body() {
    let app = TestApp::spawn().await;
    let (gov, _, _) = sample(&app).await;
    let client = admin_client(&app).await;
    let (status, html) = get_text(&client, app.url("/admin/bodies")).await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/admin/bodies/new\""));
    let (status, html) = get_text(&client, app.url("/admin/bodies/new")).await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"_csrf\""));
    assert!(html.contains("<label for=\"f-code\">"));

    let gov_id = gov.to_string();
    let res = app
        .post_form(
            &client,
            "/admin/bodies/new",
            &[
                ("code", "mt"),
                ("slug", ""),
                ("kind", "ministry"),
                ("parent_id", &gov_id),
                ("name_kk", "Көлік министрлігі"),
                ("name_ru", "Министерство транспорта"),
                ("name_en", "Ministry of Transport"),
                ("head_name_en", "Talgat Yerzhanov"),
                ("email", "info@transport.gov.example.kz"),
                ("phone", "+7 7172 75 45 10"),
                ("website", "https://transport.gov.example.kz"),
                ("bin", "230140010110"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/bodies/mt?done=notice-body-saved");
    let (_, html) = get_text(&client, app.url("/bodies/mt?done=notice-body-saved")).await;
    assert!(html.contains("class=\"notice\""));
    assert!(html.contains("Ministry of Transport"));
    assert!(html.contains("href=\"/bodies/gov\""));
    assert_eq!(audit_count(&app, "body.create").await, 1);
    let payload: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT payload FROM audit_log WHERE action = 'body.create'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    for personal in ["info@transport", "75 45 10", "Talgat", "Yerzhanov"] {
        assert!(
            !payload.contains(personal),
            "no contact details or names of people in the audit chain: {personal}"
        );
    }
    assert!(payload.contains("\"code\":\"MT\""), "{payload}");

    let id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM bodies WHERE code = 'MT'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let (status, html) = get_text(&client, app.url(&format!("/admin/bodies/{id}/edit"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("value=\"Министерство транспорта\""));
    let res = app
        .post_form(
            &client,
            &format!("/admin/bodies/{id}/edit"),
            &[
                ("code", "MT"),
                ("slug", "transport"),
                ("kind", "ministry"),
                ("parent_id", &gov_id),
                ("name_kk", "Көлік министрлігі"),
                ("name_ru", "Министерство транспорта"),
                ("name_en", "Ministry of Transport and Roads"),
                ("bin", "230140010110"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/bodies/transport?done=notice-body-saved");
    assert_eq!(audit_count(&app, "body.update").await, 1);
    let payload: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT payload FROM audit_log WHERE action = 'body.update'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    let changed = payload["changed"]
        .as_array()
        .expect("changed fields listed");
    for field in ["slug", "name", "head_name", "email", "phone", "website"] {
        assert!(changed.iter().any(|f| f == field), "{field} in {payload}");
    }
    let text = payload.to_string();
    for value in ["Roads", "Talgat", "info@transport", "75 45 10"] {
        assert!(!text.contains(value), "only names of fields, not {value}");
    }
    let (_, html) = get_text(&client, app.url("/bodies/transport")).await;
    assert!(html.contains("Ministry of Transport and Roads"));
}

#[tokio::test]
async fn validation_errors_keep_what_was_typed() {
    let app = TestApp::spawn().await;
    let (_, mf, src) = sample(&app).await;
    let client = admin_client(&app).await;
    let res = app
        .post_form(
            &client,
            "/admin/bodies/new",
            &[
                ("code", "MT"),
                ("kind", "ministry"),
                ("name_ru", "Министерство транспорта"),
                ("phone", "+7 7172 75 45 10"),
                ("bin", "12345"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"Министерство транспорта\""));
    assert!(html.contains("value=\"+7 7172 75 45 10\""));
    assert!(html.contains("value=\"12345\""));
    assert!(html.contains("id=\"error-summary\""));
    assert!(html.contains("href=\"#f-bin\""));
    assert!(html.contains("id=\"f-bin-error\""));
    assert!(html.contains("aria-describedby=\"f-bin-hint f-bin-error\""));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("12 digits"));

    let res = app
        .post_form(
            &client,
            "/admin/bodies/new",
            &[
                ("code", "mf"),
                ("kind", "ministry"),
                ("name_ru", "Дубликат"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("id=\"f-code-error\""));

    let src_id = src.to_string();
    let res = app
        .post_form(
            &client,
            &format!("/admin/bodies/{mf}/edit"),
            &[
                ("code", "MF"),
                ("kind", "ministry"),
                ("parent_id", &src_id),
                ("name_ru", "Министерство финансов"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        422,
        "a body cannot move under its own committee"
    );
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("id=\"f-parent_id-error\"")
    );
    assert_eq!(
        audit_count(&app, "body.create").await + audit_count(&app, "body.update").await,
        0
    );
}

// /admin/bodies/{id}/officials

#[tokio::test]
async fn an_administrator_grants_and_revokes_roles() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    let client = admin_client(&app).await;
    let official = app
        .create_user("official@example.org", "Айбек Сейітов", &[])
        .await;
    let grants_before = audit_count(&app, "role.grant").await;
    let path = format!("/admin/bodies/{mf}/officials");

    let res = app
        .post_form(
            &client,
            &path,
            &[
                ("user_email", " Official@Example.org "),
                ("role", "responder"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{path}?done=notice-role-granted"));
    assert_eq!(audit_count(&app, "role.grant").await, grants_before + 1);
    let (_, html) = get_text(&client, app.url(&path)).await;
    assert!(html.contains("Айбек Сейітов"));
    let (_, html) = get_text(&client, app.url("/bodies/mf")).await;
    assert!(html.contains("Айбек Сейітов"));

    let res = app
        .post_form(
            &client,
            &path,
            &[
                ("user_email", "official@example.org"),
                ("role", "responder"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{path}?done=notice-role-unchanged"));
    assert_eq!(
        audit_count(&app, "role.grant").await,
        grants_before + 1,
        "nothing changed, nothing recorded"
    );

    let res = app
        .post_form(
            &client,
            &path,
            &[("user_email", "nobody@example.org"), ("role", "responder")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("id=\"f-user_email-error\"")
    );
    let res = app
        .post_form(
            &client,
            &path,
            &[
                ("user_email", "official@example.org"),
                ("role", "administrator"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        422,
        "a platform-wide role cannot be granted in a body"
    );

    let official_id = official.to_string();
    let res = app
        .post_form(
            &client,
            &format!("{path}/revoke"),
            &[("user_id", &official_id), ("role", "responder")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{path}?done=notice-role-revoked"));
    assert_eq!(audit_count(&app, "role.revoke").await, 1);
    let held: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_roles WHERE user_id = $1"
    )
    .bind(official)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(held, 0);
}

#[tokio::test]
async fn a_per_body_role_needs_a_body_and_a_global_role_refuses_one() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    let user = app.create_user("someone@example.org", "Someone", &[]).await;
    let mut tx = app.db().begin().await.unwrap();
    let now = app.state.now();
    let refused =
        opengov_bodies::roles::grant(&mut tx, now, &Actor::system(), user, Role::Publisher, None)
            .await;
    assert!(matches!(
        refused,
        Err(RoleError::BodyRequired(Role::Publisher))
    ));
    let refused = opengov_bodies::roles::grant(
        &mut tx,
        now,
        &Actor::system(),
        user,
        Role::Moderator,
        Some(mf),
    )
    .await;
    assert!(matches!(
        refused,
        Err(RoleError::BodyNotAllowed(Role::Moderator))
    ));
    let granted =
        opengov_bodies::roles::grant(&mut tx, now, &Actor::system(), user, Role::Moderator, None)
            .await;
    assert!(matches!(granted, Ok(true)));
    let again =
        opengov_bodies::roles::grant(&mut tx, now, &Actor::system(), user, Role::Moderator, None)
            .await;
    assert!(
        matches!(again, Ok(false)),
        "the unique index treats a NULL body as one value"
    );
    let revoked =
        opengov_bodies::roles::revoke(&mut tx, now, &Actor::system(), user, Role::Moderator, None)
            .await;
    assert!(matches!(revoked, Ok(true)));
    tx.commit().await.unwrap();
}

// Demo data

#[tokio::test]
async fn the_demo_seed_is_idempotent_and_renders() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let first = opengov_bodies::demo::seed(app.db(), now).await.unwrap();
    let second = opengov_bodies::demo::seed(app.db(), now).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.len(), opengov_bodies::demo::DEMO_BODIES.len());
    let (status, html) = get_text(&app.client(), app.url("/bodies?lang=kk")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Қазақстан Республикасының Үкіметі"));
    assert!(html.contains("Қатаркөл ауылдық округі әкімінің аппараты"));
    assert_eq!(html.matches("<ul").count(), html.matches("</ul>").count());
    let items = html.matches("<li>").count() + html.matches("<li ").count();
    assert_eq!(
        items,
        html.matches("</li>").count(),
        "every list item is closed"
    );
    let (status, html) = get_text(&app.client(), app.url("/bodies/burabay-katarkol?lang=ru")).await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/bodies/akmola-burabay\""));
}

// Input that used to reach the database unchecked

#[tokio::test]
async fn control_characters_are_refused_not_a_server_error() {
    // PostgreSQL refuses NUL in text, so these were 500s there.
    let app = TestApp::spawn().await;
    let (gov, mf, _) = sample(&app).await;
    let client = admin_client(&app).await;
    let gov_id = gov.to_string();
    for (field, value) in [
        ("name_en", "Ministry\u{0} of Transport"),
        ("description_ru", "Описание\u{0}"),
        ("head_name_kk", "Асқар\u{7}"),
        ("email", "info\u{0}@transport.gov.example.kz"),
        ("website", "https://transport.gov.example.kz/\u{0}"),
    ] {
        let mut fields = vec![
            ("code", "MT"),
            ("kind", "ministry"),
            ("parent_id", gov_id.as_str()),
            ("name_ru", "Министерство транспорта"),
        ];
        fields.push((field, value));
        let res = app.post_form(&client, "/admin/bodies/new", &fields).await;
        let html_status = res.status();
        let html = res.text().await.unwrap();
        if value.contains('\u{0}') {
            // NUL never reaches a handler: every form refuses it (no browser sends one).
            assert_eq!(html_status, 400, "{field}");
        } else {
            assert_eq!(html_status, 422, "{field}");
            assert!(html.contains(&format!("id=\"f-{field}-error\"")), "{field}");
        }
        assert!(html.contains("control characters"), "{field}");
    }
    let res = app
        .post_form(
            &client,
            "/admin/bodies/new",
            &[
                ("code", "MT"),
                ("kind", "ministry"),
                ("name_ru", "Министерство транспорта"),
                ("description_en", "Two lines,\r\nand a\ttab."),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "line breaks and tabs are fine in a description"
    );
    assert_eq!(audit_count(&app, "body.create").await, 1);

    let res = app
        .post_form(
            &client,
            &format!("/admin/bodies/{mf}/officials"),
            &[
                ("user_email", "admin\u{0}@example.org"),
                ("role", "responder"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400, "NUL is refused before the handler");
    let res = app
        .post_form(
            &client,
            &format!("/admin/bodies/{mf}/officials"),
            &[
                ("user_email", "admin\u{7}@example.org"),
                ("role", "responder"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("id=\"f-user_email-error\"")
    );

    for path in ["/api/v1/bodies/mf%00", "/api/v1/bodies/%00"] {
        let res = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_api_takes_only_plain_digits_as_an_id_and_bounds_its_parameters() {
    let app = TestApp::spawn().await;
    let (gov, mf, _) = sample(&app).await;
    let client = app.client();
    let get = |path: String| client.get(app.url(&path)).send();
    assert_eq!(
        get(format!("/api/v1/bodies/{mf}")).await.unwrap().status(),
        200
    );
    assert_eq!(
        get(format!("/api/v1/bodies/+{mf}")).await.unwrap().status(),
        404
    );
    assert_eq!(
        get(format!("/api/v1/bodies/0{mf}")).await.unwrap().status(),
        200
    );
    assert_eq!(
        get(format!("/api/v1/bodies/-{mf}")).await.unwrap().status(),
        404
    );
    assert_eq!(
        get("/api/v1/bodies/99999999999999999999999".into())
            .await
            .unwrap()
            .status(),
        404
    );
    for bad in [
        "parent=abc",
        "after=x",
        "limit=1e3",
        "limit=99999999999999999999",
    ] {
        assert_eq!(
            get(format!("/api/v1/bodies?{bad}")).await.unwrap().status(),
            400,
            "{bad}"
        );
    }
    let page: Value = client
        .get(app.url(&format!("/api/v1/bodies?limit={}&after=-5", i64::MAX)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        3,
        "a huge limit is clamped"
    );
    assert_eq!(page["items"][0]["id"], gov);
    let page: Value = client
        .get(app.url("/api/v1/bodies?limit=0"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        1,
        "at least one item"
    );
    assert_eq!(page["next_after"], gov);
}

#[tokio::test]
async fn officials_are_listed_in_alphabet_order_on_both_backends() {
    // Byte order (SQLite, or PostgreSQL's C collation) would put every capital before every
    // small letter and the Kazakh letters after я; a locale collation would do something else.
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    for (email, name) in [
        ("b@example.org", "Бауыржан Омаров"),
        ("e@example.org", "Әсет Жұмабаев"),
        ("a@example.org", "айгүл Серікова"),
        ("z@example.org", "Zarina Abenova"),
    ] {
        app.create_user(email, name, &[(Role::Publisher, Some(mf))])
            .await;
    }
    let expected = [
        "Zarina Abenova",
        "айгүл Серікова",
        "Әсет Жұмабаев",
        "Бауыржан Омаров",
    ];
    let in_order = |html: &str| {
        let at: Vec<usize> = expected
            .iter()
            .map(|name| html.find(name).unwrap_or_else(|| panic!("{name} listed")))
            .collect();
        at.windows(2).all(|w| w[0] < w[1])
    };
    let (_, html) = get_text(&app.client(), app.url("/bodies/mf?lang=kk")).await;
    assert!(in_order(&html), "public page");
    let client = admin_client(&app).await;
    let (_, html) = get_text(&client, app.url(&format!("/admin/bodies/{mf}/officials"))).await;
    assert!(in_order(&html), "administrators' page");
}

#[tokio::test]
async fn no_one_but_an_administrator_changes_bodies_or_roles() {
    let app = TestApp::spawn().await;
    let (_, mf, _) = sample(&app).await;
    let official = app
        .create_user(
            "head@example.org",
            "Head of MF",
            &[(Role::Head, Some(mf)), (Role::Moderator, None)],
        )
        .await;
    let official_id = official.to_string();
    let mut before = Vec::new();
    for action in ["body.update", "role.grant", "role.revoke"] {
        before.push(audit_count(&app, action).await);
    }
    let edit = format!("/admin/bodies/{mf}/edit");
    let grant = format!("/admin/bodies/{mf}/officials");
    let revoke = format!("/admin/bodies/{mf}/officials/revoke");
    let signed_in = app.client();
    app.sign_in(&signed_in, "head@example.org").await;
    for (who, client, expected) in [("anonymous", app.client(), 303), ("head", signed_in, 403)] {
        for (path, fields) in [
            (
                edit.as_str(),
                vec![
                    ("code", "MF"),
                    ("kind", "ministry"),
                    ("name_ru", "Захвачено"),
                ],
            ),
            (
                grant.as_str(),
                vec![("user_email", "head@example.org"), ("role", "supervisor")],
            ),
            (
                revoke.as_str(),
                vec![("user_id", official_id.as_str()), ("role", "head")],
            ),
        ] {
            let res = app.post_form(&client, path, &fields).await;
            assert_eq!(res.status(), expected, "{who} {path}");
        }
    }
    let (_, html) = get_text(&app.client(), app.url("/bodies/mf?lang=ru")).await;
    assert!(html.contains("Министерство финансов") && !html.contains("Захвачено"));
    let roles: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_roles WHERE user_id = $1"
    )
    .bind(official)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(roles, 2, "no role granted or revoked");
    for (action, before) in ["body.update", "role.grant", "role.revoke"]
        .into_iter()
        .zip(before)
    {
        assert_eq!(audit_count(&app, action).await, before, "{action}");
    }
}
