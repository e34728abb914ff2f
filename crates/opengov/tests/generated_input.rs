//! Generated input over every form and API endpoint of the foundation: whatever arrives — huge,
//! empty, binary, malformed, hostile — the answer is a 2xx, 3xx or 4xx, never a 500 or a panic.
//!
//! The inputs come from a seeded generator, so a failure names its seed and is reproducible.

use opengov_kernel::Role;
use opengov_test_support::TestApp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Forms: (path, fields). `{id}` is replaced by generated ids (and sometimes a real one).
const FORMS: &[(&str, &[&str])] = &[
    (
        "/account/signup",
        &["display_name", "email", "password", "password_confirm"],
    ),
    ("/account/confirm", &["token"]),
    ("/account/confirm/resend", &[]),
    ("/account/signin", &["email", "password", "next"]),
    ("/account/signout", &[]),
    ("/account/reset", &["email"]),
    (
        "/account/reset/confirm",
        &["token", "password", "password_confirm"],
    ),
    (
        "/account/password",
        &["current_password", "password", "password_confirm"],
    ),
    ("/account/tokens", &["name"]),
    ("/account/verify", &[]),
    ("/account/tokens/{id}/revoke", &[]),
    ("/admin/users/{id}/roles", &["role", "body", "body_id"]),
    (
        "/admin/users/{id}/roles/revoke",
        &["role", "body", "body_id"],
    ),
    ("/admin/users/{id}/disable", &[]),
    ("/admin/users/{id}/enable", &[]),
    ("/admin/jobs/{id}/retry", &[]),
    (
        "/admin/bodies/new",
        &[
            "code",
            "slug",
            "kind",
            "parent_id",
            "name_kk",
            "name_ru",
            "name_en",
            "description_kk",
            "description_ru",
            "description_en",
            "head_name_kk",
            "head_name_ru",
            "head_name_en",
            "address_kk",
            "address_ru",
            "address_en",
            "email",
            "phone",
            "website",
            "bin",
            "active",
        ],
    ),
    (
        "/admin/bodies/{id}/edit",
        &[
            "code",
            "slug",
            "kind",
            "parent_id",
            "name_kk",
            "name_ru",
            "name_en",
            "email",
            "phone",
            "website",
            "bin",
            "active",
        ],
    ),
    ("/admin/bodies/{id}/officials", &["user_email", "role"]),
    ("/admin/bodies/{id}/officials/revoke", &["user_id", "role"]),
    (
        "/admin/calendar/days",
        &["date", "kind", "name_kk", "name_ru", "name_en"],
    ),
    ("/admin/calendar/days/remove", &["date"]),
    (
        "/appeals/new",
        &[
            "body",
            "kind",
            "category",
            "lang",
            "subject",
            "text",
            "lat",
            "lon",
            "attachment",
        ],
    ),
    ("/appeals/{id}/assign", &["assignee"]),
    ("/appeals/{id}/start", &[]),
    (
        "/appeals/{id}/answer",
        &["outcome", "text", "how_to_appeal"],
    ),
    ("/appeals/{id}/redirect", &["to_body", "reason"]),
    ("/appeals/{id}/extend", &["until", "reason"]),
    ("/appeals/{id}/withdraw", &[]),
    ("/appeals/{id}/rate", &["rating", "comment"]),
    ("/appeals/{id}/complain", &["text"]),
    ("/appeals/{id}/note", &["note"]),
    ("/workspace/appeals/assign", &["body", "assignee", "number"]),
    ("/workspace/templates", &["body", "title", "text"]),
    ("/workspace/templates/{id}/delete", &["body"]),
    // `{id}` is sometimes the real API key; the service exists.
    (
        "/open311/v2/requests.json?api_key={id}&service_code=MF.roads",
        &[
            "description",
            "lat",
            "long",
            "address_string",
            "media_url",
            "lang",
            "attribute[public]",
            "attribute[summary]",
        ],
    ),
    (
        "/open311/v2/requests.xml",
        &[
            "api_key",
            "jurisdiction_id",
            "service_code",
            "description",
            "lat",
            "long",
            "address_string",
            "address_id",
            "email",
            "first_name",
            "media_url",
            "attribute[public]",
        ],
    ),
    ("/open311/v2/services.json", &["api_key"]),
    (
        "/data/new",
        &[
            "body",
            "name",
            "title_kk",
            "title_ru",
            "title_en",
            "themes",
            "keywords",
            "licence",
            "frequency",
            "temporal_start",
            "temporal_end",
            "contact_email",
            "private",
        ],
    ),
    (
        "/data/{id}/edit",
        &[
            "name",
            "title_kk",
            "title_ru",
            "title_en",
            "themes",
            "licence",
            "frequency",
        ],
    ),
    ("/data/{id}/publish", &[]),
    ("/data/{id}/unpublish", &[]),
    ("/data/{id}/withdraw", &["reason"]),
    (
        "/data/plans",
        &[
            "body",
            "title_kk",
            "title_ru",
            "title_en",
            "frequency",
            "due_on",
        ],
    ),
    ("/data/plans/{id}/remove", &[]),
    ("/data/plans/{id}/link", &["dataset"]),
    ("/data/{id}/resources", &["name", "description", "url"]),
    ("/data/{id}/resources/{id}/versions", &["file"]),
    (
        "/data/{id}/resources/{id}/types",
        &["type.city", "type.year", "type.amount", "type.note"],
    ),
    (
        "/api/3/action/{id}",
        &["id", "limit", "offset", "all_fields"],
    ),
    ("/appeals/public/{id}/flag", &["reason"]),
    ("/appeals/public/{id}/hide", &["reason"]),
    ("/appeals/public/{id}/show", &[]),
];

/// Pages and API reads: (path, query parameter names).
const READS: &[(&str, &[&str])] = &[
    ("/", &["lang", "done"]),
    ("/bodies", &["q", "kind", "lang"]),
    ("/bodies/{id}", &["lang"]),
    ("/bodies.csv", &[]),
    ("/audit", &["before", "body"]),
    ("/api/v1/audit", &["after", "limit"]),
    ("/api/v1/audit/checkpoints", &[]),
    ("/api/v1/bodies", &["kind", "parent", "after", "limit"]),
    ("/api/v1/bodies/{id}", &[]),
    ("/api/v1/me", &[]),
    ("/api/docs", &[]),
    ("/api/openapi.json", &[]),
    ("/account", &[]),
    ("/account/signup", &[]),
    ("/account/signin", &["next"]),
    ("/account/reset", &[]),
    ("/account/reset/confirm", &["token"]),
    ("/account/confirm", &["token"]),
    ("/account/verify/callback", &["code", "state", "error"]),
    ("/admin", &[]),
    ("/admin/users", &["q", "page"]),
    ("/admin/users/{id}", &[]),
    ("/admin/jobs", &[]),
    ("/admin/outbox", &[]),
    ("/admin/bodies", &[]),
    ("/admin/bodies/new", &[]),
    ("/admin/bodies/{id}/edit", &[]),
    ("/admin/bodies/{id}/officials", &[]),
    ("/static/{id}", &[]),
    ("/calendar", &["year"]),
    ("/api/v1/calendar", &["year"]),
    ("/appeals", &["lang"]),
    ("/data", &["before", "lang"]),
    ("/data/{id}", &["lang"]),
    ("/data/{id}/datapackage.json", &[]),
    ("/data/{id}/dcat.ttl", &[]),
    ("/data/{id}/dcat.jsonld", &[]),
    ("/catalog.ttl", &["page"]),
    ("/catalog.rdf", &["page"]),
    ("/catalog.jsonld", &["page"]),
    ("/data/licences", &[]),
    ("/data.csv", &[]),
    ("/data/feed.atom", &[]),
    ("/appeals/public/feed.atom", &[]),
    ("/data/compliance", &[]),
    ("/data/compliance/{id}", &[]),
    ("/data/licences/{id}", &[]),
    (
        "/data/{id}/resources/{id}",
        &["field", "value", "sort", "dir", "page", "x", "y", "lang"],
    ),
    ("/datastore/dump/{id}", &["format"]),
    (
        "/api/v1/datastore/{id}",
        &["after", "limit", "sort", "desc", "q", "city", "year"],
    ),
    ("/data/{id}/resources/{id}/download", &[]),
    ("/data/{id}/resources/{id}/{id}", &[]),
    ("/workspace/data", &[]),
    (
        "/api/3/action/{id}",
        &["id", "limit", "offset", "all_fields"],
    ),
    ("/api/action/package_show", &["id"]),
    (
        "/api/3/action/datastore_search",
        &[
            "resource_id",
            "filters",
            "q",
            "fields",
            "sort",
            "limit",
            "offset",
            "records_format",
            "include_total",
            "distinct",
        ],
    ),
    ("/api/3/action/datastore_info", &["id", "resource_id"]),
    ("/api/3/action/datastore_search_sql", &["sql"]),
    ("/appeals/new", &["body"]),
    ("/appeals/mine", &["before"]),
    ("/appeals/{id}", &["template"]),
    ("/appeals/{id}/receipt", &[]),
    ("/appeals/{id}/files/{id}", &[]),
    (
        "/workspace/appeals",
        &["body", "view", "kind", "category", "after"],
    ),
    ("/workspace/templates", &["body"]),
    ("/appeals/stats", &["sort", "lang"]),
    ("/appeals/stats/{id}", &["lang"]),
    ("/appeals/stats.csv", &["lang"]),
    ("/api/v1/appeals/stats", &["body"]),
    ("/appeals/public", &["before"]),
    ("/appeals/public/{id}", &[]),
    ("/moderation/appeals", &[]),
    ("/admin/calendar", &["year"]),
    ("/healthz", &[]),
    ("/metrics", &[]),
    ("/open311/v2/discovery.json", &["lang"]),
    ("/open311/v2/discovery.xml", &[]),
    ("/open311/v2/services.json", &["lang", "jurisdiction_id"]),
    ("/open311/v2/services.xml", &["lang"]),
    ("/open311/v2/services/{id}.json", &["lang"]),
    ("/open311/v2/services/{id}.xml", &[]),
    (
        "/open311/v2/requests.json",
        &[
            "service_request_id",
            "service_code",
            "start_date",
            "end_date",
            "status",
            "jurisdiction_id",
        ],
    ),
    (
        "/open311/v2/requests.xml",
        &[
            "service_request_id",
            "service_code",
            "start_date",
            "end_date",
            "status",
        ],
    ),
    ("/open311/v2/requests/{id}.json", &[]),
    ("/open311/v2/requests/{id}.xml", &[]),
    ("/open311/v2/tokens/{id}.xml", &[]),
    ("/open311/v2/{id}", &[]),
    ("/open311/{id}", &[]),
];

fn text(rng: &mut StdRng) -> String {
    const SAMPLES: &[&str] = &[
        "",
        " ",
        "0",
        "-1",
        "1",
        "2",
        "9223372036854775807",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        "true",
        "null",
        "administrator",
        "responder",
        "ministry",
        "MF",
        "kk",
        "en",
        "a@b.kz",
        "notice-signed-out",
        "' OR 1=1 --",
        "\"; DROP TABLE users; --",
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        "//evil.example/",
        "https://evil.example/",
        "%00%ff%fe",
        "\u{0}\u{7}\u{1b}[31m",
        "Қазақстан Республикасы",
        "Министерство финансов",
        "\u{202e}gnp.exe",
        "😀😀😀",
        "\u{fffd}",
        "0x7fffffff",
        "[]",
        "{}",
    ];
    match rng.gen_range(0..4) {
        0 => (*SAMPLES.get(rng.gen_range(0..SAMPLES.len())).unwrap_or(&"")).to_owned(),
        1 => {
            let len = rng.gen_range(0..64);
            (0..len)
                .map(|_| char::from_u32(rng.gen_range(0..0x3000)).unwrap_or('x'))
                .collect()
        }
        2 => "A".repeat(rng.gen_range(1000..200_000)),
        _ => {
            let len = rng.gen_range(1..20);
            (0..len)
                .map(|_| char::from(rng.gen_range(b'a'..=b'z')))
                .collect()
        }
    }
}

fn id(rng: &mut StdRng, real: &[String]) -> String {
    match rng.gen_range(0..6) {
        0 => real
            .get(rng.gen_range(0..real.len().max(1)))
            .cloned()
            .unwrap_or_else(|| "1".to_owned()),
        1 => "-5".to_owned(),
        2 => "99999999999999999999".to_owned(),
        3 => "%2e%2e".to_owned(),
        4 => text(rng)
            .bytes()
            .take(100)
            .fold(String::new(), |mut out, b| {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{b:02X}"));
                out
            }),
        _ => rng.gen_range(0..50).to_string(),
    }
}

async fn assert_no_server_error(res: reqwest::Result<reqwest::Response>, what: &str) -> u16 {
    match res {
        Ok(r) => {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            assert!(
                status.as_u16() < 500,
                "{what} → {status}: {}",
                body.chars().take(500).collect::<String>()
            );
            status.as_u16()
        }
        // The server may refuse a malformed request at the protocol level; that is fine as long
        // as the server is still alive (checked after the run).
        Err(err) => {
            assert!(!err.is_timeout(), "{what}: timed out: {err}");
            0
        }
    }
}

/// Sends the generated requests; returns the statuses seen for forms and for reads.
async fn run(
    app: &TestApp,
    client: &reqwest::Client,
    seed: u64,
    rounds: usize,
    real_ids: &[String],
) -> (Vec<u16>, Vec<u16>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut posts, mut gets) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for (path, fields) in FORMS {
            let path = path.replace("{id}", &id(&mut rng, real_ids));
            let token = if rng.gen_bool(0.9) {
                app.csrf(client).await
            } else {
                text(&mut rng)
            };
            let mut form: Vec<(String, String)> = Vec::new();
            for f in *fields {
                if rng.gen_bool(0.85) {
                    form.push(((*f).to_owned(), text(&mut rng)));
                }
            }
            if rng.gen_bool(0.2) {
                form.push((text(&mut rng), text(&mut rng)));
            }
            form.push(("_csrf".to_owned(), token));
            let what = format!(
                "seed {seed} round {round}: POST {path} {:?}",
                form.iter().map(|(k, _)| k).collect::<Vec<_>>()
            );
            let req = match rng.gen_range(0..10) {
                0 => client
                    .post(app.url(&path))
                    .header("content-type", "application/json")
                    .body(text(&mut rng)),
                1 => client
                    .post(app.url(&path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(vec![0xff, 0xfe, b'=', 0x00, b'&']),
                2 => client
                    .post(app.url(&path))
                    .header("content-type", "multipart/form-data; boundary=x")
                    .body("--x\r\nbroken"),
                _ => client.post(app.url(&path)).form(&form),
            };
            posts.push(assert_no_server_error(req.send().await, &what).await);
        }
        for (path, params) in READS {
            let path = path.replace("{id}", &id(&mut rng, real_ids));
            let mut query: Vec<(String, String)> = Vec::new();
            for p in *params {
                if rng.gen_bool(0.7) {
                    query.push(((*p).to_owned(), text(&mut rng)));
                }
            }
            let mut req = client.get(app.url(&path)).query(&query);
            if rng.gen_bool(0.3) {
                req = req.header(
                    "authorization",
                    format!(
                        "Bearer {}",
                        text(&mut rng).chars().take(300).collect::<String>()
                    ),
                );
            }
            if rng.gen_bool(0.3) {
                req = req.header(
                    "accept-language",
                    text(&mut rng).chars().take(300).collect::<String>(),
                );
            }
            let what = format!("seed {seed} round {round}: GET {path} {query:?}");
            gets.push(assert_no_server_error(req.send().await, &what).await);
        }
    }
    (posts, gets)
}

/// The generator must reach the handlers, not only bounce off the CSRF guard or the router.
fn assert_varied(who: &str, (posts, gets): &(Vec<u16>, Vec<u16>)) {
    let reached = posts
        .iter()
        .filter(|s| ![0, 403, 404, 405].contains(*s))
        .count();
    assert!(
        reached * 4 >= posts.len(),
        "{who}: only {reached} of {} form posts reached a handler: {posts:?}",
        posts.len()
    );
    assert!(gets.contains(&200), "{who}: no read succeeded");
    assert!(
        gets.iter().any(|s| (400..500).contains(s)),
        "{who}: no read was refused"
    );
}

#[tokio::test]
async fn no_generated_input_causes_a_server_error_for_anonymous_citizens_and_administrators() {
    let app = TestApp::spawn_with(|c| {
        c.limits.signin_per_ip = 10_000;
        c.limits.signin_per_account = 10_000;
        c.limits.signup_per_ip_per_hour = 10_000;
        c.datastore.sql_enabled = true;
    })
    .await;
    let mf = app
        .create_body(
            "MF",
            "Қаржы министрлігі",
            "Министерство финансов",
            "Ministry of Finance",
            None,
        )
        .await;
    let admin = app
        .create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    let citizen = app
        .create_user(
            "citizen@example.kz",
            "Citizen",
            &[(Role::Responder, Some(mf))],
        )
        .await;
    let key = app.api_token(citizen).await;
    let mut tx = app.db().begin().await.expect("begin");
    opengov_dialogue::store::upsert_category(
        &mut tx,
        mf,
        "roads",
        &opengov_kernel::LocalizedText::new("Жолдар", "Дороги", "Roads"),
    )
    .await
    .expect("category");
    tx.commit().await.expect("commit");
    // A real appeal, filed by the citizen (who also answers for the body), so the appeal
    // routes reach their handlers with an existing number.
    let filer = app.client();
    app.sign_in(&filer, "citizen@example.kz").await;
    let token = app.csrf(&filer).await;
    let filing = filer
        .post(app.url(&format!("/appeals/new?_csrf={token}")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("body", mf.to_string())
                .text("kind", "application")
                .text("lang", "ru")
                .text("subject", "Ремонт дороги")
                .text("text", "Прошу отремонтировать дорогу у дома."),
        )
        .send()
        .await
        .expect("file an appeal");
    assert_eq!(filing.status(), 303);
    let number = filing.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/appeals/")
        .trim_end_matches("/receipt")
        .to_owned();
    // A published dataset `budget` whose first resource (id 1) is loaded into the datastore, so
    // the datastore routes reach a real table.
    app.create_user(
        "publisher@mf.kz",
        "Publisher",
        &[(Role::Publisher, Some(mf))],
    )
    .await;
    let publisher = app.client();
    app.sign_in(&publisher, "publisher@mf.kz").await;
    let dataset = app
        .post_form(
            &publisher,
            "/data/new",
            &[
                ("body", &mf.to_string()),
                ("name", "budget"),
                ("title_kk", "Бюджет"),
                ("title_ru", "Бюджет"),
                ("title_en", "Budget"),
                ("themes", "ECON"),
                ("licence", "CC-BY-4.0"),
                ("frequency", "MONTHLY"),
                ("contact_email", "opendata@minfin.kz"),
            ],
        )
        .await;
    assert_eq!(dataset.status(), 303);
    let token = app.csrf(&publisher).await;
    let resource = publisher
        .post(app.url(&format!("/data/budget/resources?_csrf={token}")))
        .multipart(
            reqwest::multipart::Form::new().text("name", "Table").part(
                "file",
                reqwest::multipart::Part::bytes(
                    b"city,year,amount,note\nAstana,2024,100,a\nAlmaty,2025,2.5,b\n".to_vec(),
                )
                .file_name("budget.csv"),
            ),
        )
        .send()
        .await
        .expect("upload a table");
    assert_eq!(resource.status(), 303);
    let table = resource.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/data/budget/resources/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        app.post_form(&publisher, "/data/budget/publish", &[])
            .await
            .status(),
        303
    );
    app.run_jobs().await;
    let loaded = reqwest::get(app.url(&format!("/api/v1/datastore/{table}")))
        .await
        .expect("the table's rows");
    assert_eq!(loaded.status(), 200, "the table is loaded");
    let real: Vec<String> = vec![
        number,
        mf.to_string(),
        admin.to_string(),
        citizen.to_string(),
        "mf".to_owned(),
        "1".to_owned(),
        key,
        "MF.roads".to_owned(),
        "package_show".to_owned(),
        "package_list".to_owned(),
        "datastore_search".to_owned(),
        "datastore_info".to_owned(),
        "datastore_search_sql".to_owned(),
        table.clone(),
        "budget".to_owned(),
        "MF-2026-000001".to_owned(),
    ];

    let anonymous = app.client();
    assert_varied("anonymous", &run(&app, &anonymous, 1, 3, &real).await);

    let signed_in = app.client();
    app.sign_in(&signed_in, "citizen@example.kz").await;
    assert_varied("citizen", &run(&app, &signed_in, 2, 3, &real).await);

    let administrator = app.client();
    app.sign_in(&administrator, "admin@example.kz").await;
    let admin_run = run(&app, &administrator, 3, 4, &real).await;
    assert_varied("administrator", &admin_run);

    // The column types form, as the publisher who may use it, with generated choices; every
    // few rounds the reloads it queued run.
    let mut rng = StdRng::seed_from_u64(4);
    let types_path = format!("/data/budget/resources/{table}/types");
    for round in 0..40 {
        let mut form: Vec<(String, String)> = Vec::new();
        for f in [
            "type.city",
            "type.year",
            "type.amount",
            "type.note",
            "type._id",
        ] {
            if rng.gen_bool(0.7) {
                let v = if rng.gen_bool(0.6) {
                    const TYPES: [&str; 7] = [
                        "auto", "integer", "decimal", "boolean", "date", "datetime", "text",
                    ];
                    TYPES[rng.gen_range(0..TYPES.len())].to_owned()
                } else {
                    text(&mut rng)
                };
                form.push((f.to_owned(), v));
            }
        }
        form.push(("_csrf".to_owned(), app.csrf(&publisher).await));
        let res = publisher
            .post(app.url(&types_path))
            .form(&form)
            .send()
            .await;
        assert_no_server_error(
            res,
            &format!(
                "types round {round}: {:?}",
                form.iter()
                    .map(|(k, v)| (k, v.chars().take(40).collect::<String>()))
                    .collect::<Vec<_>>()
            ),
        )
        .await;
        if round % 8 == 7 {
            app.run_jobs().await;
            let page = publisher
                .get(app.url(&format!("/data/budget/resources/{table}?x=city&y=amount")))
                .send()
                .await;
            assert_no_server_error(page, &format!("page after types round {round}")).await;
        }
    }

    // Still alive and consistent afterwards.
    let health = reqwest::get(app.url("/healthz"))
        .await
        .expect("the server still answers");
    assert_eq!(health.status(), 200);
    let report = opengov_audit::verify(app.db(), None).await.expect("verify");
    assert!(report.ok(), "{report:?}");
}
