//! HTTP tests of the catalogue: who may create, edit, publish and see datasets, the metadata
//! form's refusals, the history, and the CKAN Action API's envelope, errors and privacy.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;
use serde_json::Value;

struct World {
    mf: i64,
    mh: i64,
}

async fn world(app: &TestApp) -> World {
    let mf = app
        .create_body(
            "MF",
            "Қаржы министрлігі",
            "Министерство финансов",
            "Ministry of Finance",
            None,
        )
        .await;
    let mh = app
        .create_body(
            "MH",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
            None,
        )
        .await;
    app.create_user(
        "publisher@mf.kz",
        "Publisher MF",
        &[(Role::Publisher, Some(mf))],
    )
    .await;
    app.create_user(
        "responder@mf.kz",
        "Responder MF",
        &[(Role::Responder, Some(mf))],
    )
    .await;
    app.create_user(
        "publisher@mh.kz",
        "Publisher MH",
        &[(Role::Publisher, Some(mh))],
    )
    .await;
    app.create_user("citizen@example.kz", "Citizen", &[]).await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    World { mf, mh }
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = app.client();
    app.sign_in(&c, email).await;
    c
}

fn fields(body: i64, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("body", body.to_string()),
        ("name", name.to_owned()),
        ("title_kk", "Мемлекеттік бюджеттің атқарылуы".into()),
        ("title_ru", "Исполнение государственного бюджета".into()),
        ("title_en", "Execution of the state budget".into()),
        (
            "description_ru",
            "Ежемесячные данные об исполнении бюджета.".into(),
        ),
        ("themes", "ECON".into()),
        ("themes", "GOVE".into()),
        ("keywords", "бюджет, budget".into()),
        ("licence", "CC-BY-4.0".into()),
        ("frequency", "MONTHLY".into()),
        ("temporal_start", "2026-01-01".into()),
        ("spatial", "Республика Казахстан".into()),
        ("contact_email", "opendata@minfin.kz".into()),
    ]
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    f: &[(&'static str, String)],
) -> reqwest::Response {
    let token = app.csrf(client).await;
    let mut all: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("_csrf", &token));
    client.post(app.url(path)).form(&all).send().await.unwrap()
}

async fn status(client: &reqwest::Client, url: String) -> u16 {
    client.get(url).send().await.unwrap().status().as_u16()
}

async fn text(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// The names of the resources of a `package_show`-like answer, in order.
fn resource_names(v: &Value) -> Vec<&str> {
    v["result"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

async fn ckan(client: &reqwest::Client, url: String) -> (u16, Value) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn only_the_bodys_publishers_create_and_drafts_stay_inside_the_body() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    let res = post(
        &app,
        &publisher,
        "/data/new",
        &fields(w.mf, "budget-execution"),
    )
    .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    // A draft: the body's officials see it, nobody else does.
    assert_eq!(
        status(&publisher, app.url("/data/budget-execution")).await,
        200
    );
    let responder = signed_in(&app, "responder@mf.kz").await;
    assert_eq!(
        status(&responder, app.url("/data/budget-execution")).await,
        200
    );
    for email in ["publisher@mh.kz", "citizen@example.kz", "admin@example.kz"] {
        let c = signed_in(&app, email).await;
        assert_eq!(
            status(&c, app.url("/data/budget-execution")).await,
            404,
            "{email}"
        );
    }
    assert_eq!(
        status(&app.client(), app.url("/data/budget-execution")).await,
        404
    );
    // Nobody but the body's publishers creates for it: not another body's, not an administrator.
    let other = signed_in(&app, "publisher@mh.kz").await;
    let res = post(&app, &other, "/data/new", &fields(w.mf, "foreign")).await;
    assert_eq!(res.status(), 422, "the body is not theirs to choose");
    let admin = signed_in(&app, "admin@example.kz").await;
    let res = post(&app, &admin, "/data/new", &fields(w.mf, "by-admin")).await;
    assert_eq!(res.status(), 403);
    let res = post(&app, &responder, "/data/new", &fields(w.mf, "by-responder")).await;
    assert_eq!(res.status(), 403, "a responder is not a publisher");
    let count: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM datasets"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(count, 1);
    let _ = w.mh;
}

#[tokio::test]
async fn a_bad_form_comes_back_with_every_problem_and_nothing_lost() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    let mut f = fields(w.mf, "Bad Name");
    f.retain(|(k, _)| *k != "title_en");
    f.push(("licence", "proprietary".into()));
    f.push(("temporal_end", "2025-01-01".into()));
    let res = post(&app, &publisher, "/data/new", &f).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for id in [
        "f-name-error",
        "f-title_en-error",
        "f-licence-error",
        "f-temporal_end-error",
    ] {
        assert!(html.contains(id), "{id} missing");
    }
    assert!(
        html.contains("Исполнение государственного бюджета"),
        "typed text is kept"
    );
    // A taken name.
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    let res = post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("f-name-error"));
}

#[tokio::test]
async fn publishing_withdrawing_and_the_history_are_public_and_audited() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    let res = post(&app, &publisher, "/data/budget/publish", &[]).await;
    assert_eq!(res.status(), 303);
    let anon = app.client();
    let html = anon
        .get(app.url("/data/budget?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Execution of the state budget"));
    assert!(html.contains("application/ld+json"));
    assert!(html.contains("\"@type\":\"Dataset\""));
    assert!(
        html.contains("Published") && html.contains("Created"),
        "history: {html}"
    );
    let list = anon
        .get(app.url("/data?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("/data/budget"));
    // Another body's publisher cannot touch it.
    let other = signed_in(&app, "publisher@mh.kz").await;
    assert_eq!(
        post(
            &app,
            &other,
            "/data/budget/withdraw",
            &[("reason", "x".into())]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        post(&app, &other, "/data/budget/edit", &fields(w.mf, "budget"))
            .await
            .status(),
        403
    );
    // Withdrawing needs a reason; the withdrawn dataset stays visible with it.
    assert_eq!(
        post(
            &app,
            &publisher,
            "/data/budget/withdraw",
            &[("reason", " ".into())]
        )
        .await
        .status(),
        422
    );
    let res = post(
        &app,
        &publisher,
        "/data/budget/withdraw",
        &[("reason", "Replaced by budget-2027".into())],
    )
    .await;
    assert_eq!(res.status(), 303);
    let html = anon
        .get(app.url("/data/budget?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Withdrawn") && html.contains("Replaced by budget-2027"));
    let actions: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE object_type = 'dataset' ORDER BY seq"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(
        actions,
        ["dataset.created", "dataset.published", "dataset.withdrawn"]
    );
}

#[tokio::test]
async fn edits_keep_the_body_and_record_what_changed() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    let mut f = fields(w.mh, "budget-monthly");
    f.push(("private", "on".into()));
    let res = post(&app, &publisher, "/data/budget/edit", &f).await;
    assert_eq!(res.status(), 303);
    let (body, private): (i64, bool) = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT body_id, private FROM datasets WHERE name = 'budget-monthly'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(body, w.mf, "the body does not change");
    assert!(private);
    let payload: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT payload FROM audit_log WHERE action = 'dataset.updated'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert!(
        payload.contains("\"name\"") && payload.contains("\"private\""),
        "{payload}"
    );
    // A private dataset stays hidden even when published.
    post(&app, &publisher, "/data/budget-monthly/publish", &[]).await;
    assert_eq!(
        status(&app.client(), app.url("/data/budget-monthly")).await,
        404
    );
}

#[tokio::test]
async fn the_ckan_action_api_answers_in_ckans_shapes_and_keeps_drafts_private() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "draft-one")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let anon = app.client();
    let (s, v) = ckan(&anon, app.url("/api/3/action/status_show")).await;
    assert_eq!(s, 200);
    assert_eq!(v["success"], true);
    assert!(
        v["help"]
            .as_str()
            .unwrap()
            .contains("help_show?name=status_show")
    );
    let (_, v) = ckan(&anon, app.url("/api/action/package_list")).await;
    assert_eq!(
        v["result"],
        serde_json::json!(["budget"]),
        "drafts are not listed"
    );
    let (s, v) = ckan(&anon, app.url("/api/3/action/package_show?id=budget")).await;
    assert_eq!(s, 200);
    let p = &v["result"];
    assert_eq!(p["name"], "budget");
    assert_eq!(
        p["title_translated"]["kk"],
        "Мемлекеттік бюджеттің атқарылуы"
    );
    assert_eq!(p["license_id"], "CC-BY-4.0");
    assert_eq!(p["isopen"], true);
    assert_eq!(p["num_tags"], 2);
    assert_eq!(p["organization"]["name"], "mf");
    // Every key of CKAN's package dict, with CKAN's types: ids as strings, times without a
    // zone to the microsecond, a licence link that opens.
    let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "author",
            "author_email",
            "extras",
            "groups",
            "id",
            "isopen",
            "license_id",
            "license_title",
            "license_url",
            "maintainer",
            "maintainer_email",
            "metadata_created",
            "metadata_modified",
            "name",
            "notes",
            "notes_translated",
            "num_resources",
            "num_tags",
            "organization",
            "owner_org",
            "private",
            "relationships_as_object",
            "relationships_as_subject",
            "resources",
            "state",
            "tags",
            "title",
            "title_translated",
            "type",
            "url",
            "version",
            "withdrawn",
            "withdrawn_reason"
        ]
    );
    assert!(p["id"].is_string());
    assert_eq!(p["owner_org"], w.mf.to_string());
    let created = p["metadata_created"].as_str().unwrap();
    assert_eq!(
        created.len(),
        "2026-01-01T00:00:00.000000".len(),
        "{created}"
    );
    assert_eq!(&created[10..11], "T");
    assert!(!created.ends_with('Z'), "{created}");
    assert_eq!(
        p["license_url"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(p["tags"][0]["state"], "active");
    assert!(p["tags"][0]["vocabulary_id"].is_null());
    assert_eq!(p["relationships_as_object"], serde_json::json!([]));
    assert!(p["version"].is_null() && p["withdrawn_reason"].is_null());
    assert_eq!(p["extras"][0]["key"], "frequency");
    assert!(
        p["extras"][0]["value"]
            .as_str()
            .unwrap()
            .starts_with("http://publications.europa.eu/resource/authority/frequency/")
    );
    assert_eq!(p["organization"]["id"], w.mf.to_string());
    assert_eq!(p["organization"]["type"], "organization");
    // A search answers with the very same dicts, and both facet forms.
    let (s, found) = ckan(
        &anon,
        app.url("/api/3/action/package_search?q=name:budget&facet.field=[\"organization\"]"),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(&found["result"]["results"][0], p);
    assert_eq!(found["result"]["facets"]["organization"]["mf"], 1);
    assert_eq!(
        found["result"]["search_facets"]["organization"]["items"][0],
        serde_json::json!({ "name": "mf", "display_name": "Министерство финансов", "count": 1 })
    );
    let id = p["id"].as_str().unwrap().to_owned();
    let (s, _) = ckan(
        &anon,
        app.url(&format!("/api/3/action/package_show?id={id}")),
    )
    .await;
    assert_eq!(s, 200, "by id too");
    let (s, v) = ckan(&anon, app.url("/api/3/action/package_show?id=draft-one")).await;
    assert_eq!(s, 404);
    assert_eq!(v["success"], false);
    assert_eq!(v["error"]["__type"], "Not Found Error");
    // A token of the body's official sees the draft; a wrong token is anonymous, not 401.
    let user: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key = 'responder@mf.kz'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let token = app.api_token(user).await;
    let res = anon
        .get(app.url("/api/3/action/package_show?id=draft-one"))
        .header("X-CKAN-API-Key", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = anon
        .get(app.url("/api/3/action/package_show?id=draft-one"))
        .header("Authorization", "not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // POST with a JSON body, errors and unknown actions.
    let res = anon
        .post(app.url("/api/3/action/package_show"))
        .json(&serde_json::json!({ "id": "budget" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = anon
        .post(app.url("/api/3/action/package_show"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let (s, v) = ckan(&anon, app.url("/api/3/action/package_show")).await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["__type"], "Validation Error");
    assert!(v["error"]["id"].is_array());
    let (s, _) = ckan(&anon, app.url("/api/3/action/no_such_action")).await;
    assert_eq!(s, 400);
    let (s, v) = ckan(&anon, app.url("/api/3/action/package_list?limit=abc")).await;
    assert_eq!(s, 409, "{v}");
    let (_, v) = ckan(&anon, app.url("/api/3/action/license_list")).await;
    let ids: Vec<&str> = v["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["CC-BY-4.0", "CC0-1.0", "ODbL-1.0", "national-open-1.0"]
    );
    let (_, v) = ckan(
        &anon,
        app.url("/api/3/action/organization_list?all_fields=true"),
    )
    .await;
    let mf = v["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "mf")
        .unwrap()
        .clone();
    assert_eq!(mf["package_count"], 1);
    let (s, v) = ckan(&anon, app.url("/api/3/action/organization_show?id=mf")).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["title_translated"]["en"], "Ministry of Finance");
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    let token = app.csrf(client).await;
    client
        .post(app.url(&format!("{path}?_csrf={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Uploads a file as a new resource of `dataset` through the page and returns its id.
async fn add_file(
    app: &TestApp,
    client: &reqwest::Client,
    dataset: &str,
    name: &'static str,
    bytes: &[u8],
    filename: &'static str,
) -> String {
    let res = upload(
        app,
        client,
        &format!("/data/{dataset}/resources"),
        reqwest::multipart::Form::new().text("name", name).part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(filename),
        ),
    )
    .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches(&format!("/data/{dataset}/resources/"))
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn resources_are_versioned_downloadable_at_stable_addresses_and_counted() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let v1 = "region,amount\nАстана,100\nАлматы,200\n"
        .as_bytes()
        .to_vec();
    let rid = add_file(&app, &publisher, "budget", "Budget 2026", &v1, "budget.bin").await;
    let v2 = "region,amount,year\nАстана,110,2026\n".as_bytes().to_vec();
    let res = upload(
        &app,
        &publisher,
        &format!("/data/budget/resources/{rid}/versions"),
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(v2.clone()).file_name("budget-2.csv"),
        ),
    )
    .await;
    assert_eq!(res.status(), 303);
    let anon = app.client();
    for (path, body) in [
        (format!("/data/budget/resources/{rid}/v1"), &v1),
        (format!("/data/budget/resources/{rid}/v2"), &v2),
        (format!("/data/budget/resources/{rid}/download"), &v2),
    ] {
        let res = anon.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            "text/csv",
            "typed by content, not by name"
        );
        assert_eq!(
            res.bytes().await.unwrap().as_ref(),
            body.as_slice(),
            "{path}"
        );
    }
    assert_eq!(
        status(&anon, app.url(&format!("/data/budget/resources/{rid}/v3"))).await,
        404
    );
    assert_eq!(
        status(&anon, app.url(&format!("/data/budget/resources/{rid}/vx"))).await,
        404
    );
    let page = anon
        .get(app.url(&format!("/data/budget/resources/{rid}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("v1") && page.contains("v2"));
    assert!(
        page.contains("added: year"),
        "the schema change is summarised: {page}"
    );
    // The package shows the current version with its hash and size, and the downloads.
    let (_, v) = ckan(&anon, app.url("/api/3/action/package_show?id=budget")).await;
    let r = &v["result"]["resources"][0];
    assert_eq!(v["result"]["num_resources"], 1);
    assert_eq!(r["format"], "CSV");
    assert_eq!(r["size"], v2.len());
    assert_eq!(r["version"], 2);
    assert!(r["hash"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(r["downloads"], 3);
    let (s, one) = ckan(
        &anon,
        app.url(&format!("/api/3/action/resource_show?id={rid}")),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(one["result"]["id"], rid.as_str());
    // Only the body's publishers add or replace files.
    let other = signed_in(&app, "publisher@mh.kz").await;
    let res = upload(
        &app,
        &other,
        &format!("/data/budget/resources/{rid}/versions"),
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"x,y\n".to_vec()).file_name("x.csv"),
        ),
    )
    .await;
    assert_eq!(res.status(), 403);
    // A resource needs a file or an http(s) link, and a name.
    let res = upload(
        &app,
        &publisher,
        "/data/budget/resources",
        reqwest::multipart::Form::new()
            .text("name", "Nothing")
            .text("url", "javascript:alert(1)"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = upload(
        &app,
        &publisher,
        "/data/budget/resources",
        reqwest::multipart::Form::new()
            .text("name", "Portal")
            .text("url", "https://data.egov.kz/datasets/view?index=budget"),
    )
    .await;
    assert_eq!(res.status(), 303);
    let versions: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM resource_versions"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(versions, 2, "refused uploads leave nothing behind");
}

#[tokio::test]
async fn only_the_bodys_publisher_removes_a_resource_and_its_versions_stay_downloadable() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let rid = add_file(
        &app,
        &publisher,
        "budget",
        "Old budget lines",
        b"a,b\n1,2\n",
        "old.csv",
    )
    .await;
    let remove = format!("/data/budget/resources/{rid}/remove");
    let page = text(
        &publisher,
        app.url(&format!("/data/budget/resources/{rid}?lang=ru")),
    )
    .await;
    assert!(page.contains(&format!("action=\"{remove}\"")), "{page}");
    assert!(page.contains("Удалить ресурс"));
    // Another body's publisher, a citizen and an anonymous visitor may not; a form without its
    // CSRF token is refused too.
    let other = signed_in(&app, "publisher@mh.kz").await;
    assert_eq!(post(&app, &other, &remove, &[]).await.status(), 403);
    let citizen = signed_in(&app, "citizen@example.kz").await;
    assert_eq!(post(&app, &citizen, &remove, &[]).await.status(), 403);
    let anon = app.client();
    let res = post(&app, &anon, &remove, &[]).await;
    assert_eq!(res.status(), 303, "an anonymous visitor is sent to sign in");
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/account/signin")
    );
    let res = publisher.post(app.url(&remove)).send().await.unwrap();
    assert!(
        res.status().is_client_error(),
        "no CSRF token: {}",
        res.status()
    );
    let other_page = text(
        &other,
        app.url(&format!("/data/budget/resources/{rid}?lang=ru")),
    )
    .await;
    assert!(
        !other_page.contains(&remove),
        "no button for those who may not"
    );
    let (_, v) = ckan(&anon, app.url("/api/3/action/package_show?id=budget")).await;
    assert_eq!(v["result"]["num_resources"], 1, "nothing was removed yet");
    let before = v["result"]["metadata_modified"]
        .as_str()
        .unwrap()
        .to_owned();
    app.clock.advance(chrono::Duration::minutes(5));

    let res = post(&app, &publisher, &remove, &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/data/budget?done=notice-resource-removed"
    );
    let (_, v) = ckan(&anon, app.url("/api/3/action/package_show?id=budget")).await;
    assert_eq!(v["result"]["num_resources"], 0);
    let after = v["result"]["metadata_modified"].as_str().unwrap();
    assert!(
        after > before.as_str(),
        "a removal changes the dataset: {before} {after}"
    );
    let dataset = text(&anon, app.url("/data/budget?lang=kk")).await;
    assert!(
        dataset.contains(&format!(
            "<a href=\"/data/budget/resources/{rid}\">Old budget lines</a>"
        )),
        "listed under the removed ones: {dataset}"
    );
    assert!(
        dataset.contains("Жиынтықтан алынып тасталғандар"),
        "{dataset}"
    );
    assert!(
        !dataset.contains(&format!("resources/{rid}/download")),
        "no longer among the dataset's files: {dataset}"
    );
    assert!(
        dataset.contains("Ресурс жиынтықтан алынып тасталды"),
        "history: {dataset}"
    );
    let page = text(
        &anon,
        app.url(&format!("/data/budget/resources/{rid}?lang=en")),
    )
    .await;
    assert!(page.contains("has been removed from the dataset"), "{page}");
    let v1 = anon
        .get(app.url(&format!("/data/budget/resources/{rid}/v1")))
        .send()
        .await
        .unwrap();
    assert_eq!(v1.status(), 200);
    assert_eq!(v1.text().await.unwrap(), "a,b\n1,2\n");
    // Removed once: the publisher's page has no button left and a second removal is not found.
    let again = text(
        &publisher,
        app.url(&format!("/data/budget/resources/{rid}?lang=en")),
    )
    .await;
    assert!(!again.contains(&remove));
    assert_eq!(post(&app, &publisher, &remove, &[]).await.status(), 404);
    let audited: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'dataset.resource_removed'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn files_of_drafts_stay_inside_the_body_and_uploads_respect_the_limit() {
    let app = TestApp::spawn_with(|c| c.limits.upload_bytes = 1024).await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "draft")).await;
    let res = upload(
        &app,
        &publisher,
        "/data/draft/resources",
        reqwest::multipart::Form::new()
            .text("name", "Too big")
            .part(
                "file",
                reqwest::multipart::Part::bytes(vec![b'a'; 5000]).file_name("big.csv"),
            ),
    )
    .await;
    assert_eq!(res.status(), 413);
    let res = upload(
        &app,
        &publisher,
        "/data/draft/resources",
        reqwest::multipart::Form::new().text("name", "Small").part(
            "file",
            reqwest::multipart::Part::bytes(b"a,b\n1,2\n".to_vec()).file_name("s.csv"),
        ),
    )
    .await;
    assert_eq!(res.status(), 303);
    let rid: i64 = db_run!(app.db(), |c| sqlx::query_scalar("SELECT id FROM resources")
        .fetch_one(c)
        .await)
    .unwrap();
    let anon = app.client();
    for path in [
        format!("/data/draft/resources/{rid}"),
        format!("/data/draft/resources/{rid}/v1"),
        format!("/data/draft/resources/{rid}/download"),
    ] {
        assert_eq!(status(&anon, app.url(&path)).await, 404, "{path}");
        assert_eq!(status(&publisher, app.url(&path)).await, 200, "{path}");
    }
    let (s, _) = ckan(
        &anon,
        app.url(&format!("/api/3/action/resource_show?id={rid}")),
    )
    .await;
    assert_eq!(s, 404);
}

/// A multipart body whose file part arrives in `pieces` of 1 KiB, `gap` apart, with a pause of
/// `stall` after the second piece.
fn trickled(pieces: usize, gap: std::time::Duration, stall: std::time::Duration) -> reqwest::Body {
    let chunks = futures_util::stream::unfold(0usize, move |i| async move {
        if i > pieces + 1 {
            return None;
        }
        let bytes: Vec<u8> = match i {
            0 => b"--XBOUNDARY\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nSlow\r\n--XBOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\n".to_vec(),
            i if i <= pieces => {
                tokio::time::sleep(if i == 3 { stall } else { gap }).await;
                b"1,2\n".repeat(256)
            }
            _ => b"\r\n--XBOUNDARY--\r\n".to_vec(),
        };
        Some((Ok::<_, std::io::Error>(bytes), i + 1))
    });
    reqwest::Body::wrap_stream(chunks)
}

#[tokio::test]
async fn a_slow_upload_is_kept_however_long_it_takes_and_a_stalled_one_is_refused() {
    let app = TestApp::spawn_with(|c| {
        c.limits.request_secs = 1;
        c.limits.upload_idle_secs = 1;
    })
    .await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "slow")).await;
    let send = |body: reqwest::Body| {
        let publisher = publisher.clone();
        let app = &app;
        async move {
            let token = app.csrf(&publisher).await;
            publisher
                .post(app.url(&format!("/data/slow/resources?_csrf={token}")))
                .header("content-type", "multipart/form-data; boundary=XBOUNDARY")
                .body(body)
                .send()
                .await
        }
    };
    let resources = || async {
        db_run!(app.db(), |c| sqlx::query_as::<_, (i64, i64)>(
            "SELECT COUNT(*), COALESCE(MAX(v.size), 0) FROM resources r \
             JOIN resource_versions v ON v.resource_id = r.id"
        )
        .fetch_one(c)
        .await)
        .unwrap()
    };
    // Eight pieces 300 ms apart: 2.4 s, more than twice the request limit, never idle for 1 s.
    let gap = std::time::Duration::from_millis(300);
    let res = send(trickled(8, gap, gap)).await.unwrap();
    assert_eq!(res.status(), 303, "a slow upload is not cut off");
    assert_eq!(resources().await, (1, 4 + 8 * 1024), "every byte is kept");
    // The same upload with a 2.5 s pause: refused, nothing new kept.
    let stalled = send(trickled(8, gap, std::time::Duration::from_millis(2500))).await;
    if let Ok(res) = stalled {
        assert_eq!(res.status(), 400);
    }
    assert_eq!(
        resources().await,
        (1, 4 + 8 * 1024),
        "nothing of it is kept"
    );
}

#[tokio::test]
async fn compliance_compares_the_approved_list_with_what_the_body_published() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    app.create_user("head@mf.kz", "Head MF", &[(Role::Head, Some(w.mf))])
        .await;
    let head = signed_in(&app, "head@mf.kz").await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    let item = |title: &str, freq: &str, due: &str| {
        vec![
            ("body", w.mf.to_string()),
            ("title_kk", format!("{title} kk")),
            ("title_ru", format!("{title} ru")),
            ("title_en", title.to_owned()),
            ("frequency", freq.to_owned()),
            ("due_on", due.to_owned()),
        ]
    };
    // The clock starts on 2026-03-02.
    for (title, due) in [
        ("Budget", "2026-02-01"),
        ("Schools", "2026-01-15"),
        ("Clinics", "2026-12-31"),
    ] {
        let res = post(&app, &head, "/data/plans", &item(title, "MONTHLY", due)).await;
        assert_eq!(res.status(), 303, "{title}");
    }
    // Only the head (or an administrator) keeps the list; a publisher links datasets to it.
    assert_eq!(
        post(
            &app,
            &publisher,
            "/data/plans",
            &item("X", "ANNUAL", "2026-05-01")
        )
        .await
        .status(),
        403
    );
    let other = signed_in(&app, "publisher@mh.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM publication_plans WHERE title_en = 'Budget'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(
        post(
            &app,
            &other,
            &format!("/data/plans/{id}/link"),
            &[("dataset", "budget".into())]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        post(
            &app,
            &publisher,
            &format!("/data/plans/{id}/link"),
            &[("dataset", "budget".into())]
        )
        .await
        .status(),
        303
    );
    let anon = app.client();
    let html = anon
        .get(app.url("/data/compliance/mf?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Budget: published after its due date: late. Schools: due and not published: missing.
    // Clinics: not due yet.
    assert!(
        html.contains(">Late<") && html.contains(">Missing<") && html.contains(">Not due yet<"),
        "{html}"
    );
    let overview = anon
        .get(app.url("/data/compliance?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(overview.contains("/data/compliance/mf"));
    // Two months later, without an update, the monthly dataset is stale.
    app.clock.advance(chrono::Duration::days(60));
    let html = anon
        .get(app.url("/data/compliance/mf?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(">Stale<"), "{html}");
    let actions: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE object_type = 'publication_plan' ORDER BY seq"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(actions.len(), 4, "three added, one linked: {actions:?}");
}

#[tokio::test]
async fn the_atom_feed_and_the_csv_list_public_datasets_only() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    let mut f = fields(w.mf, "budget");
    f.push(("description_ru", "Бюджет & <расходы>".into()));
    post(&app, &publisher, "/data/new", &f).await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "secret-draft")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let anon = app.client();
    let res = anon.get(app.url("/data/feed.atom")).send().await.unwrap();
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let atom = res.text().await.unwrap();
    assert!(atom.contains("<entry>") && atom.contains("/data/budget</id>"));
    assert!(
        atom.contains("Бюджет &amp; &lt;расходы&gt;"),
        "escaped: {atom}"
    );
    assert!(!atom.contains("secret-draft"));
    let csv = anon
        .get(app.url("/data.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("name,title_kk,title_ru,title_en,publisher_code"));
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].starts_with("budget,") && lines[1].contains(",MF,"));
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key = $1"
    )
    .bind(email)
    .fetch_one(c)
    .await)
    .unwrap()
}

async fn ckan_post(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let mut req = client.post(url).json(body);
    if let Some(t) = token {
        req = req.header("Authorization", t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn ckan_clients_create_update_patch_and_delete_with_a_publishers_token() {
    let app = TestApp::spawn().await;
    let _w = world(&app).await;
    let publisher = app.api_token(user_id(&app, "publisher@mf.kz").await).await;
    let other = app.api_token(user_id(&app, "publisher@mh.kz").await).await;
    let client = reqwest::Client::new();
    let url = |a: &str| app.url(&format!("/api/3/action/{a}"));
    let package = serde_json::json!({
        "name": "air-quality",
        "title": "Air quality",
        "title_translated": { "kk": "Ауа сапасы", "ru": "Качество воздуха", "en": "Air quality" },
        "notes": "Hourly PM2.5",
        "owner_org": "mf",
        "license_id": "CC0-1.0",
        "tags": [{ "name": "air" }, { "name": "PM2.5" }],
        "extras": [{ "key": "frequency", "value": "http://publications.europa.eu/resource/authority/frequency/DAILY" }],
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"]
    });
    // No token, another body's token: refused as CKAN refuses.
    let (s, v) = ckan_post(&client, url("package_create"), None, &package).await;
    assert_eq!(s, 403);
    assert_eq!(v["error"]["__type"], "Authorization Error");
    let (s, _) = ckan_post(&client, url("package_create"), Some(&other), &package).await;
    assert_eq!(s, 403);
    // GET is refused for writes.
    assert_eq!(
        client
            .get(url("package_create"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    let (s, v) = ckan_post(&client, url("package_create"), Some(&publisher), &package).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["name"], "air-quality");
    assert_eq!(v["result"]["state"], "active");
    assert_eq!(v["result"]["num_tags"], 2);
    // The same name again: a validation error keyed by field.
    let (s, v) = ckan_post(&client, url("package_create"), Some(&publisher), &package).await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["__type"], "Validation Error");
    assert!(v["error"]["name"].is_array(), "{v}");
    let (s, v) = ckan_post(
        &client,
        url("package_create"),
        Some(&publisher),
        &serde_json::json!({ "name": "x y", "owner_org": "mf" }),
    )
    .await;
    assert_eq!(s, 409);
    assert!(
        v["error"]["name"].is_array()
            && v["error"]["title"].is_array()
            && v["error"]["license_id"].is_array(),
        "{v}"
    );
    // Patch changes only what it names; update replaces.
    let (s, v) = ckan_post(
        &client,
        url("package_patch"),
        Some(&publisher),
        &serde_json::json!({ "id": "air-quality", "license_id": "CC-BY-4.0" }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["license_id"], "CC-BY-4.0");
    assert_eq!(v["result"]["title_translated"]["kk"], "Ауа сапасы", "kept");
    let (s, _) = ckan_post(
        &client,
        url("package_patch"),
        Some(&other),
        &serde_json::json!({ "id": "air-quality", "license_id": "CC0-1.0" }),
    )
    .await;
    assert_eq!(s, 403);
    let mut updated = package.clone();
    updated["title_translated"]["en"] = "Air quality, hourly".into();
    updated["id"] = "air-quality".into();
    let (s, v) = ckan_post(&client, url("package_update"), Some(&publisher), &updated).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["title_translated"]["en"], "Air quality, hourly");
    // Delete withdraws: the dataset stays visible, as withdrawn.
    let (s, v) = ckan_post(
        &client,
        url("package_delete"),
        Some(&publisher),
        &serde_json::json!({ "id": "air-quality" }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"], Value::Null);
    let (_, v) = ckan(&client, url("package_show?id=air-quality")).await;
    assert_eq!(v["result"]["withdrawn"], true);
    let actions: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE object_type = 'dataset' ORDER BY seq"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(
        actions,
        [
            "dataset.created",
            "dataset.published",
            "dataset.updated",
            "dataset.updated",
            "dataset.withdrawn"
        ]
    );
}

#[tokio::test]
async fn every_dataset_is_a_frictionless_data_package() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    add_file(
        &app,
        &publisher,
        "budget",
        "Budget 2026",
        b"region,amount\nAstana,1\n",
        "b.csv",
    )
    .await;
    let res = app
        .client()
        .get(app.url("/data/budget/datapackage.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["name"], "budget");
    assert_eq!(p["licenses"][0]["name"], "CC-BY-4.0");
    let r = &p["resources"][0];
    assert_eq!(r["name"], "budget-2026");
    assert_eq!(r["format"], "csv");
    assert_eq!(r["mediatype"], "text/csv");
    assert_eq!(r["bytes"], 23);
    assert!(r["hash"].as_str().unwrap().starts_with("sha256:"));
    assert!(r["path"].as_str().unwrap().ends_with("/download"));
    assert_eq!(p["opengov:title"]["kk"], "Мемлекеттік бюджеттің атқарылуы");
    // Drafts are not packaged for outsiders.
    post(&app, &publisher, "/data/new", &fields(w.mf, "draft")).await;
    assert_eq!(
        status(&app.client(), app.url("/data/draft/datapackage.json")).await,
        404
    );
}

#[tokio::test]
async fn the_catalogue_speaks_dcat_ap_in_turtle_rdf_xml_and_json_ld_without_drafts() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    let mut f = fields(w.mf, "budget");
    f.push(("title_en", "Budget \"execution\" <2026>".into()));
    post(&app, &publisher, "/data/new", &f).await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "hidden-draft")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let anon = app.client();
    for (path, ct) in [
        ("/catalog.ttl", "text/turtle; charset=utf-8"),
        ("/catalog.rdf", "application/rdf+xml; charset=utf-8"),
        ("/catalog.jsonld", "application/ld+json"),
    ] {
        let res = anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-type"], ct);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("http://www.w3.org/ns/dcat#") || body.contains("dcat:"),
            "{path}"
        );
        assert!(body.contains("/data/budget"), "{path}");
        assert!(!body.contains("hidden-draft"), "{path} lists a draft");
        assert!(body.contains("data-theme/ECON"), "{path}");
        assert!(body.contains("frequency/MONTHLY"), "{path}");
    }
    let ttl = anon
        .get(app.url("/catalog.ttl"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ttl.contains("dct:title \"Мемлекеттік бюджеттің атқарылуы\"@kk"));
    assert!(
        ttl.contains("\"Budget \\\"execution\\\" <2026>\"@en"),
        "escaped in Turtle"
    );
    assert!(ttl.contains("a <http://www.w3.org/ns/dcat#Catalog>"));
    // The CKAN API is described as the catalogue's data service, serving its datasets.
    assert!(
        ttl.contains("a <http://www.w3.org/ns/dcat#DataService>"),
        "{ttl}"
    );
    assert!(ttl.contains("/api/3/action>"), "{ttl}");
    assert!(
        ttl.contains("dcat:servesDataset <") || ttl.contains("dcat#servesDataset> <"),
        "{ttl}"
    );
    assert!(ttl.contains("hydra:totalItems \"1\""));
    let rdf = anon
        .get(app.url("/catalog.rdf"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        rdf.contains("Budget &quot;execution&quot; &lt;2026&gt;"),
        "escaped in XML"
    );
    let jsonld: Value = anon
        .get(app.url("/data/budget/dcat.jsonld"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let node = jsonld
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"].as_str().unwrap().ends_with("/data/budget"))
        .unwrap()
        .clone();
    assert_eq!(node["@type"][0], "http://www.w3.org/ns/dcat#Dataset");
    assert_eq!(
        node["http://purl.org/dc/terms/title"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        status(&anon, app.url("/data/hidden-draft/dcat.ttl")).await,
        404
    );
    assert_eq!(status(&anon, app.url("/catalog.ttl?page=0")).await, 400);
    assert_eq!(status(&anon, app.url("/catalog.ttl?page=abc")).await, 400);
    assert_eq!(
        status(&anon, app.url("/catalog.ttl?page=7")).await,
        200,
        "an empty page past the end"
    );
}

#[tokio::test]
async fn anonymous_api_use_is_rate_limited_and_a_token_raises_the_limit() {
    let app = TestApp::spawn_with(|c| {
        c.limits.api_anonymous_per_minute = 3;
        c.limits.api_token_per_minute = 10;
    })
    .await;
    let _w = world(&app).await;
    let anon = app.client();
    for _ in 0..3 {
        let (s, _) = ckan(&anon, app.url("/api/3/action/status_show")).await;
        assert_eq!(s, 200);
    }
    let res = anon
        .get(app.url("/api/3/action/status_show"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["success"], false);
    assert_eq!(v["error"]["__type"], "Rate Limit Error");
    // The native rows API and the dumps count against the same limit, before anything is read.
    for path in ["/api/v1/datastore/1", "/datastore/dump/1?format=csv"] {
        let res = anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 429, "{path}");
        assert!(res.headers().contains_key("retry-after"), "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{path}"
        );
    }
    // A token is counted on its own, with the higher limit.
    let token = app
        .api_token(user_id(&app, "citizen@example.kz").await)
        .await;
    for _ in 0..5 {
        let res = anon
            .get(app.url("/api/3/action/status_show"))
            .header("Authorization", &token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = anon
        .get(app.url("/api/v1/datastore/1"))
        .header("Authorization", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "no such table, and not limited");
}

#[tokio::test]
async fn ckan_clients_upload_files_as_resources_and_new_versions() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &publisher, "/data/budget/publish", &[]).await;
    let token = app.api_token(user_id(&app, "publisher@mf.kz").await).await;
    let other = app.api_token(user_id(&app, "publisher@mh.kz").await).await;
    let client = reqwest::Client::new();
    let url = |a: &str| app.url(&format!("/api/3/action/{a}"));
    let form = |bytes: &'static [u8]| {
        reqwest::multipart::Form::new()
            .text("package_id", "budget")
            .text("name", "Budget lines")
            .part(
                "upload",
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("lines.csv"),
            )
    };
    // As ckanapi sends it: multipart, file in `upload`, raw token in Authorization.
    let res = client
        .post(url("resource_create"))
        .header("Authorization", &other)
        .multipart(form(b"a,b\n1,2\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "another body's publisher");
    let res = client
        .post(url("resource_create"))
        .header("Authorization", &token)
        .multipart(form(b"a,b\n1,2\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["result"]["format"], "CSV");
    assert_eq!(v["result"]["version"], 1);
    let rid = v["result"]["id"].as_str().unwrap().to_owned();
    let res = client
        .post(url("resource_update"))
        .header("Authorization", &token)
        .multipart(
            reqwest::multipart::Form::new()
                .text("id", rid.clone())
                .part(
                    "upload",
                    reqwest::multipart::Part::bytes(b"a,b,c\n1,2,3\n".to_vec())
                        .file_name("lines.csv"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["result"]["version"], 2);
    // Links by JSON.
    let (s, v) = ckan_post(
        &client,
        url("resource_create"),
        Some(&token),
        &serde_json::json!({ "package_id": "budget", "name": "Portal", "url": "https://data.egov.kz/" }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let delete = |token: Option<String>| {
        let (client, url, body) = (
            client.clone(),
            url("resource_delete"),
            serde_json::json!({ "id": rid }),
        );
        async move { ckan_post(&client, url, token.as_deref(), &body).await }
    };
    let (s, _) = delete(Some(other.clone())).await;
    assert_eq!(s, 403, "another body's publisher cannot remove it");
    let (s, _) = delete(None).await;
    assert_eq!(s, 403, "nor can an anonymous caller");
    // Deleting takes the file out of the dataset, as CKAN's `deleted` state; its versions stay.
    let (s, v) = delete(Some(token.clone())).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"], Value::Null);
    let (s, _) = ckan(&client, url(&format!("resource_show?id={rid}"))).await;
    assert_eq!(s, 404);
    let (s, _) = ckan(&client, url(&format!("datastore_search?resource_id={rid}"))).await;
    assert_eq!(s, 404, "its table is no longer served");
    let (s, _) = delete(Some(token.clone())).await;
    assert_eq!(s, 404, "already removed");
    let res = client
        .post(url("resource_update"))
        .header("Authorization", &token)
        .multipart(form(b"a,b\n5,6\n").text("id", rid.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "a removed resource takes no new version");
    let old = client
        .get(app.url(&format!("/data/budget/resources/{rid}/v1")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        200,
        "published versions stay at their addresses"
    );
    assert_eq!(old.text().await.unwrap(), "a,b\n1,2\n");
    let page = text(
        &client,
        app.url(&format!("/data/budget/resources/{rid}?lang=en")),
    )
    .await;
    assert!(page.contains("has been removed from the dataset"), "{page}");
    let history = text(&client, app.url("/data/budget?lang=en")).await;
    assert!(
        history.contains("Resource removed from the dataset"),
        "{history}"
    );
    assert!(
        !history.contains(&format!("resources/{rid}/download")),
        "no longer among the dataset's files: {history}"
    );
    let (s, _) = ckan_post(
        &client,
        url("resource_create"),
        Some(&token),
        &serde_json::json!({ "package_id": "budget", "name": "Bad", "url": "ftp://x" }),
    )
    .await;
    assert_eq!(s, 409);
    let (_, v) = ckan(&client, url("package_show?id=budget")).await;
    assert_eq!(
        v["result"]["num_resources"], 1,
        "the link; the file was removed"
    );
    let versions: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM resource_versions"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(
        versions, 2,
        "refused uploads leave nothing, removal keeps the versions"
    );
}

#[tokio::test]
async fn control_characters_are_refused_not_stored() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    post(&app, &publisher, "/data/new", &fields(w.mf, "budget")).await;
    let token = app.api_token(user_id(&app, "publisher@mf.kz").await).await;
    let client = reqwest::Client::new();
    let (s, _) = ckan_post(
        &client,
        app.url("/api/3/action/resource_create"),
        Some(&token),
        &serde_json::json!({ "package_id": "budget", "name": "a\u{0}b", "url": "https://x.kz/" }),
    )
    .await;
    assert_eq!(s, 409);
    let (s, _) = ckan_post(
        &client,
        app.url("/api/3/action/package_show"),
        None,
        &serde_json::json!({ "id": "bud\u{0}get" }),
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(status(&client, app.url("/data/bu%00dget")).await, 404);
}

#[tokio::test]
async fn ckan_groups_tags_and_the_recent_list_count_public_datasets_only() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mf = signed_in(&app, "publisher@mf.kz").await;
    let mh = signed_in(&app, "publisher@mh.kz").await;
    post(&app, &mf, "/data/new", &fields(w.mf, "budget")).await;
    post(&app, &mf, "/data/budget/publish", &[]).await;
    let mut health = fields(w.mh, "health");
    for (k, v) in &mut health {
        match *k {
            "themes" if v == "GOVE" => *v = "HEAL".into(),
            "keywords" => *v = "Здоровье, health".into(),
            _ => {}
        }
    }
    post(&app, &mh, "/data/new", &health).await;
    post(&app, &mh, "/data/health/publish", &[]).await;
    let mut draft = fields(w.mf, "draft-one");
    for (k, v) in &mut draft {
        if *k == "keywords" {
            *v = "secret-draft".into();
        }
    }
    post(&app, &mf, "/data/new", &draft).await;
    let anon = app.client();
    let api = |q: &str| app.url(&format!("/api/3/action/{q}"));

    // Groups are the EU data themes; every theme is listed, counted over public datasets.
    let (s, v) = ckan(&anon, api("group_list")).await;
    assert_eq!(s, 200);
    let names = v["result"].as_array().unwrap();
    assert_eq!(names.len(), 13, "{v}");
    assert_eq!(names[0], "agri", "Agriculture comes first by title");
    let (_, v) = ckan(&anon, api("group_list?sort=package_count%20desc&limit=3")).await;
    assert_eq!(v["result"], serde_json::json!(["econ", "gove", "heal"]));
    let (_, v) = ckan(
        &anon,
        api("group_list?all_fields=true&groups=heal&groups=econ"),
    )
    .await;
    let groups = v["result"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["name"], "econ");
    assert_eq!(
        groups[0]["package_count"], 2,
        "the draft of the same theme is not counted"
    );
    assert_eq!(groups[1]["name"], "heal");
    assert_eq!(groups[1]["package_count"], 1);
    assert_eq!(groups[1]["title_translated"]["ru"], "Здравоохранение");
    assert_eq!(groups[1]["is_organization"], false);
    let (s, v) = ckan(&anon, api("group_list?sort=popularity")).await;
    assert_eq!(
        (s, &v["error"]["__type"]),
        (409, &"Validation Error".into())
    );
    let (s, v) = ckan(&anon, api("group_list?offset=-1")).await;
    assert_eq!(s, 409);
    assert!(v["error"]["offset"].is_array(), "the bad one is named: {v}");
    let (s, v) = ckan(&anon, api("package_search?start=-5")).await;
    assert_eq!(s, 409);
    assert!(v["error"]["start"].is_array(), "{v}");

    let (s, v) = ckan(&anon, api("group_show?id=ECON&include_datasets=true")).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["package_count"], 2);
    let mut packages: Vec<&str> = v["result"]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    packages.sort_unstable();
    assert_eq!(packages, ["budget", "health"]);
    let (_, v) = ckan(&anon, api("group_show?id=gove")).await;
    assert_eq!(v["result"]["package_count"], 1);
    assert!(v["result"].get("packages").is_none());
    let (s, v) = ckan(&anon, api("group_show?id=nothing")).await;
    assert_eq!((s, &v["error"]["__type"]), (404, &"Not Found Error".into()));
    let (s, _) = ckan(&anon, api("group_show")).await;
    assert_eq!(s, 409);

    // Tags are the keywords of public datasets; a draft's keyword is not among them.
    let (s, v) = ckan(&anon, api("tag_list")).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["result"],
        serde_json::json!(["budget", "health", "Здоровье", "бюджет"])
    );
    let (_, v) = ckan(&anon, api("tag_list?query=ЗДОРОВ")).await;
    assert_eq!(v["result"], serde_json::json!(["Здоровье"]));
    let (_, v) = ckan(&anon, api("tag_list?query=budget&all_fields=true")).await;
    assert_eq!(v["result"][0]["name"], "budget");
    assert_eq!(v["result"][0]["display_name"], "budget");
    let (s, _) = ckan(&anon, api("tag_list?vocabulary_id=countries")).await;
    assert_eq!(s, 404);

    // The recently changed list pages with `limit` and `page` (or `offset`), newest first.
    let (s, v) = ckan(&anon, api("current_package_list_with_resources?limit=1")).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"].as_array().unwrap().len(), 1);
    assert_eq!(v["result"][0]["name"], "health");
    assert!(v["result"][0]["resources"].is_array());
    let (_, v) = ckan(
        &anon,
        api("current_package_list_with_resources?limit=1&page=2"),
    )
    .await;
    assert_eq!(v["result"][0]["name"], "budget");
    let (_, v) = ckan(
        &anon,
        api("current_package_list_with_resources?limit=5&offset=1"),
    )
    .await;
    assert_eq!(
        v["result"].as_array().unwrap().len(),
        1,
        "the draft is not listed"
    );
    for bad in ["limit=0", "page=0", "offset=-1", "limit=many"] {
        let (s, v) = ckan(
            &anon,
            api(&format!("current_package_list_with_resources?{bad}")),
        )
        .await;
        assert_eq!(
            (s, &v["error"]["__type"]),
            (409, &"Validation Error".into()),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_catalogue_sorts_by_downloads_and_by_last_change() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    let mut rids = Vec::new();
    for name in ["budget-a", "budget-b"] {
        post(&app, &publisher, "/data/new", &fields(w.mf, name)).await;
        post(&app, &publisher, &format!("/data/{name}/publish"), &[]).await;
        let rid = add_file(&app, &publisher, name, "Lines", b"a,b\n1,2\n", "lines.csv").await;
        rids.push((name, rid));
        app.clock.advance(chrono::Duration::minutes(5));
    }
    let anon = app.client();
    let download = |name: &str, rid: &str, times: usize| {
        let (anon, url) = (
            anon.clone(),
            app.url(&format!("/data/{name}/resources/{rid}/download")),
        );
        async move {
            for _ in 0..times {
                assert_eq!(status(&anon, url.clone()).await, 200);
            }
        }
    };
    let order = |sort: &'static str| {
        let anon = anon.clone();
        let url = app.url(&format!("/api/3/action/package_search?sort={sort}"));
        async move {
            let (_, v) = ckan(&anon, url).await;
            v["result"]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    download(rids[0].0, &rids[0].1, 1).await;
    download(rids[1].0, &rids[1].1, 3).await;
    assert_eq!(
        order("popularity%20desc").await,
        ["budget-b", "budget-a"],
        "more downloads first"
    );
    assert_eq!(order("popularity%20asc").await, ["budget-a", "budget-b"]);
    // The search hears of a resource's downloads at 1, 2, 4, 8 …: four of `budget-a` overtake.
    download(rids[0].0, &rids[0].1, 3).await;
    assert_eq!(order("views_recent%20desc").await, ["budget-a", "budget-b"]);

    // The last changed first, and the other way round; a download is not a change.
    let modified = order("metadata_modified%20desc").await;
    let (_, v) = ckan(&anon, app.url("/api/3/action/package_show?id=budget-a")).await;
    let a = v["result"]["metadata_modified"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, v) = ckan(&anon, app.url("/api/3/action/package_show?id=budget-b")).await;
    let b = v["result"]["metadata_modified"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(b > a, "budget-b was changed last: {a} {b}");
    assert_eq!(modified, ["budget-b", "budget-a"]);
    assert_eq!(
        order("metadata_modified%20asc").await,
        ["budget-a", "budget-b"]
    );
}

#[tokio::test]
async fn ckan_clients_send_link_resources_inline_with_the_package() {
    let app = TestApp::spawn().await;
    let _w = world(&app).await;
    let publisher = app.api_token(user_id(&app, "publisher@mf.kz").await).await;
    let client = reqwest::Client::new();
    let url = |a: &str| app.url(&format!("/api/3/action/{a}"));
    let mut package = serde_json::json!({
        "name": "stations",
        "title": "Stations",
        "title_translated": { "kk": "Бекеттер", "ru": "Станции", "en": "Stations" },
        "owner_org": "mf",
        "license_id": "CC0-1.0",
        "resources": [
            { "url": "https://data.example.kz/stations.csv", "name": "Stations", "format": "CSV" },
            { "url": "ftp://data.example.kz/stations.zip" }
        ]
    });
    // One bad resource: nothing is created, and the answer names it by position.
    let (s, v) = ckan_post(&client, url("package_create"), Some(&publisher), &package).await;
    assert_eq!(s, 409, "{v}");
    assert_eq!(v["error"]["resources"][0], serde_json::json!({}));
    assert!(v["error"]["resources"][1]["url"].is_array(), "{v}");
    let (s, _) = ckan(&client, url("package_show?id=stations")).await;
    assert_eq!(s, 404, "nothing was created");

    package["resources"][1]["url"] = "https://data.example.kz/stations.zip".into();
    let (s, v) = ckan_post(&client, url("package_create"), Some(&publisher), &package).await;
    assert_eq!(s, 200, "{v}");
    let resources = v["result"]["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2);
    assert_eq!(resources[0]["name"], "Stations");
    assert_eq!(resources[0]["url"], "https://data.example.kz/stations.csv");
    assert_eq!(
        resources[1]["name"], "stations.zip",
        "named after its address"
    );

    // An update sends the list back with ids and one new entry: only the new one is added.
    let mut dict = v["result"].clone();
    dict["resources"].as_array_mut().unwrap().push(
        serde_json::json!({ "url": "https://data.example.kz/readme.html", "name": "Read me" }),
    );
    let (s, v) = ckan_post(&client, url("package_update"), Some(&publisher), &dict).await;
    assert_eq!(s, 200, "{v}");
    let names = resource_names(&v);
    assert_eq!(names, ["Stations", "stations.zip", "Read me"]);
    // A patch without `resources` leaves them all; an update whose list leaves one out
    // removes it, as in CKAN.
    let (s, v) = ckan_post(
        &client,
        url("package_patch"),
        Some(&publisher),
        &serde_json::json!({ "id": "stations", "title": "Stations 2026" }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["num_resources"], 3);
    let mut dict = v["result"].clone();
    let zip = dict["resources"][1]["id"].as_str().unwrap().to_owned();
    dict["resources"].as_array_mut().unwrap().remove(1);
    let (s, v) = ckan_post(&client, url("package_update"), Some(&publisher), &dict).await;
    assert_eq!(s, 200, "{v}");
    let names = resource_names(&v);
    assert_eq!(names, ["Stations", "Read me"]);
    let (s, _) = ckan(&client, url(&format!("resource_show?id={zip}"))).await;
    assert_eq!(s, 404);
    let (s, v) = ckan_post(
        &client,
        url("package_patch"),
        Some(&publisher),
        &serde_json::json!({ "id": "stations", "resources": "not a list" }),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    assert!(v["error"]["resources"].is_array());
}
