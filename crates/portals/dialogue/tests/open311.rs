//! HTTP tests of Open311 GeoReport v2 over appeals: discovery and services in both formats,
//! filing with an API key, the privacy of the public list (private by default, hidden by a
//! moderator, never the private text), the filters and every refusal in the Open311 error shape.
//! They run against the real router on a fresh database (SQLite, or PostgreSQL when
//! `OPENGOV_TEST_DATABASE_URL` is set).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use opengov_kernel::{LocalizedText, db_run};
use opengov_test_support::TestApp;
use serde_json::Value;

const TEXT: &str =
    "Біздің көшедегі жол бұзылған, шұңқырлар көп. Менің үйім 12-үйде, телефоным 8-701-000-00-00.";

/// A body with one category, a citizen with an API key.
struct World {
    key: String,
    citizen: i64,
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
    let mut tx = app.db().begin().await.unwrap();
    opengov_dialogue::store::upsert_category(
        &mut tx,
        mf,
        "roads",
        &LocalizedText::new("Жолдар", "Дороги", "Roads"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let citizen = app
        .create_user("citizen@example.kz", "Айгерім Сейітова", &[])
        .await;
    let key = app.api_token(citizen).await;
    World { key, citizen }
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::get(app.url(path)).await.unwrap()
}

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let res = get(app, path).await;
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
    (status, json)
}

async fn get_xml(app: &TestApp, path: &str) -> (u16, String) {
    let res = get(app, path).await;
    let status = res.status().as_u16();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml"),
        "{path}"
    );
    let text = res.text().await.unwrap();
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        "{text}"
    );
    (status, text)
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = reqwest::Client::new()
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Files a request with the citizen's key; returns the registration number.
async fn file(app: &TestApp, w: &World, extra: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("api_key", w.key.as_str()),
        ("jurisdiction_id", "gov.kz"),
        ("service_code", "MF.roads"),
        ("description", TEXT),
        ("lat", "51.1694"),
        ("long", "71.4491"),
        ("first_name", "Айгерім"),
    ];
    fields.extend_from_slice(extra);
    let (status, body) = post(app, "/open311/v2/requests.json", &fields).await;
    assert_eq!(status, 200, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    let number = json[0]["service_request_id"]
        .as_str()
        .expect(&body)
        .to_owned();
    assert_eq!(json[0]["account_id"], w.citizen.to_string());
    assert!(
        json[0]["service_notice"]
            .as_str()
            .unwrap()
            .contains("2026-"),
        "{body}"
    );
    number
}

/// The error list of a refusal, checked for the Open311 shape.
fn errors(status: u16, body: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let list = json
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {body}"));
    assert!(!list.is_empty());
    list.iter()
        .map(|e| {
            assert_eq!(e["code"], u64::from(status), "{body}");
            e["description"].as_str().unwrap().to_owned()
        })
        .collect()
}

async fn numbers_listed(app: &TestApp, query: &str) -> Vec<String> {
    let (status, json) = get_json(app, &format!("/open311/v2/requests.json{query}")).await;
    assert_eq!(status, 200, "{json}");
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn discovery_and_services_describe_the_categories_in_json_and_xml() {
    let app = TestApp::spawn().await;
    let _w = world(&app).await;

    let (status, json) = get_json(&app, "/open311/v2/discovery.json").await;
    assert_eq!(status, 200);
    let endpoint = &json["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(endpoint["url"], app.url("/open311/v2"));
    assert_eq!(endpoint["type"], "production");
    assert_eq!(
        endpoint["formats"],
        serde_json::json!(["text/xml", "application/json"])
    );
    for field in ["changeset", "contact", "key_service"] {
        assert!(json[field].is_string(), "{field}");
    }
    let (status, xml) = get_xml(&app, "/open311/v2/discovery.xml").await;
    assert_eq!(status, 200);
    assert!(xml.contains("<discovery><changeset>"), "{xml}");
    assert!(
        xml.contains(
            "<formats><format>text/xml</format><format>application/json</format></formats>"
        ),
        "{xml}"
    );

    // The default language is Kazakh; `?lang=` chooses another.
    let (status, json) = get_json(&app, "/open311/v2/services.json").await;
    assert_eq!(status, 200);
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    let service = &json[0];
    assert_eq!(service["service_code"], "MF.roads");
    assert_eq!(service["service_name"], "Жолдар");
    assert_eq!(service["group"], "Қаржы министрлігі");
    assert_eq!(service["type"], "realtime");
    assert_eq!(service["metadata"], true);
    assert!(service["keywords"].as_str().unwrap().contains("Roads"));
    let (_, json) = get_json(&app, "/open311/v2/services.json?lang=en").await;
    assert_eq!(json[0]["service_name"], "Roads");
    assert_eq!(json[0]["group"], "Ministry of Finance");
    let res = reqwest::Client::new()
        .get(app.url("/open311/v2/services.xml"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    let xml = res.text().await.unwrap();
    assert!(
        xml.contains(
            "<service><service_code>MF.roads</service_code><service_name>Дороги</service_name>"
        ),
        "{xml}"
    );

    let (status, json) = get_json(&app, "/open311/v2/services/MF.roads.json?lang=en").await;
    assert_eq!(status, 200);
    assert_eq!(json["service_code"], "MF.roads");
    let attributes = json["attributes"].as_array().unwrap();
    assert_eq!(attributes[0]["code"], "public");
    assert_eq!(attributes[0]["datatype"], "singlevaluelist");
    assert_eq!(attributes[0]["required"], false);
    assert_eq!(attributes[0]["values"][0]["key"], "true");
    assert_eq!(attributes[1]["code"], "summary");
    assert_eq!(attributes[1]["datatype"], "text");
    let (status, xml) = get_xml(&app, "/open311/v2/services/MF.roads.xml").await;
    assert_eq!(status, 200);
    assert!(
        xml.contains("<service_definition><service_code>MF.roads</service_code><attributes><attribute><variable>true</variable><code>public</code>"),
        "{xml}"
    );

    // Unknown services and resources are 404s in the Open311 shape, in either format.
    let (status, xml) = get_xml(&app, "/open311/v2/services/MF.nothing.xml").await;
    assert_eq!(status, 404);
    assert!(
        xml.contains("<errors><error><code>404</code><description>"),
        "{xml}"
    );
    let (status, json) = get_json(&app, "/open311/v2/services/XX.roads.json").await;
    assert_eq!(status, 404);
    errors(status, &json.to_string());
    let (status, json) = get_json(&app, "/open311/v2/nothing.json").await;
    errors(status, &json.to_string());
    assert_eq!(status, 404);
    let (status, _) = get_xml(&app, "/open311/v3/services.xml").await;
    assert_eq!(status, 404);
    let res = reqwest::Client::new()
        .put(app.url("/open311/v2/services.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert!(res.text().await.unwrap().contains("<errors>"));
}

#[tokio::test]
async fn a_request_filed_with_a_key_is_an_appeal_private_by_default() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let number = file(&app, &w, &[("media_url", "https://example.kz/photo.jpg")]).await;
    assert_eq!(number, "MF-2026-000001");

    let (kind, public, text, subject): (String, bool, String, String) = db_run!(app.db(), |c| {
        sqlx::query_as("SELECT kind, public_allowed, text, subject FROM appeals WHERE number = $1")
            .bind(&number)
            .fetch_one(c)
            .await
    })
    .unwrap();
    assert_eq!(kind, "application");
    assert!(!public, "private unless the applicant allows a summary");
    assert!(text.starts_with(TEXT));
    assert!(text.contains("https://example.kz/photo.jpg"), "{text}");
    assert_eq!(subject, "Жолдар");
    let mail = app.outbox().await;
    assert!(
        mail.iter()
            .any(|(to, _, body)| to == "citizen@example.kz" && body.contains(&number)),
        "the receipt is mailed: {mail:?}"
    );

    // A private appeal is nowhere in the public API.
    assert!(numbers_listed(&app, "").await.is_empty());
    assert!(
        numbers_listed(&app, &format!("?service_request_id={number}"))
            .await
            .is_empty()
    );
    let (status, json) = get_json(&app, &format!("/open311/v2/requests/{number}.json")).await;
    assert_eq!(status, 404);
    errors(status, &json.to_string());
    let (status, _) = get_xml(&app, &format!("/open311/v2/tokens/{number}.xml")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_public_request_shows_its_summary_never_the_private_text() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let summary = "Шұңқырлар <жол> & \"тротуар\"";
    let number = file(
        &app,
        &w,
        &[
            ("attribute[public]", "true"),
            ("attribute[summary]", summary),
        ],
    )
    .await;
    let bare = file(&app, &w, &[("attribute[public]", "true")]).await;

    let (status, json) = get_json(&app, "/open311/v2/requests.json?lang=en").await;
    assert_eq!(status, 200);
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 2, "{json}");
    assert_eq!(list[0]["service_request_id"], bare.as_str(), "newest first");
    assert_eq!(
        list[0]["description"], "Жолдар",
        "the subject without a summary"
    );
    let r = &list[1];
    assert_eq!(r["service_request_id"], number.as_str());
    assert_eq!(r["description"], summary);
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "MF.roads");
    assert_eq!(r["service_name"], "Roads");
    assert_eq!(r["agency_responsible"], "Ministry of Finance");
    assert_eq!(r["status_notes"], "Registered");
    assert_eq!(r["requested_datetime"], "2026-03-02T09:00:00Z");
    assert!(r["expected_datetime"].as_str().unwrap().ends_with('Z'));
    assert!(r["lat"].is_null() && r["address"].is_null(), "{r}");
    let all = json.to_string();
    assert!(
        !all.contains("шұңқырлар көп"),
        "the private text leaked: {all}"
    );
    assert!(!all.contains("8-701"), "{all}");
    assert!(!all.contains("example.kz"), "{all}");

    let (status, xml) = get_xml(&app, &format!("/open311/v2/requests/{number}.xml")).await;
    assert_eq!(status, 200);
    assert!(
        xml.contains("<description>Шұңқырлар &lt;жол&gt; &amp; &quot;тротуар&quot;</description>"),
        "{xml}"
    );
    assert!(
        xml.contains(&format!(
            "<service_requests><request><service_request_id>{number}</service_request_id><status>open</status>"
        )),
        "{xml}"
    );
    assert!(xml.contains("<lat></lat>"), "{xml}");

    let (status, json) = get_json(&app, &format!("/open311/v2/tokens/{number}.json")).await;
    assert_eq!(status, 200);
    assert_eq!(
        json,
        serde_json::json!([{"service_request_id": number, "token": number}])
    );
    let (status, _) = get_json(&app, "/open311/v2/tokens/MF-2026-999999.json").await;
    assert_eq!(status, 404);
    let (status, _) = get_json(&app, "/open311/v2/requests/MF-2026-999999.json").await;
    assert_eq!(status, 404);

    let listed = numbers_listed(&app, &format!("?service_request_id={number},{bare},nope")).await;
    assert_eq!(listed, vec![bare.clone(), number.clone()]);
}

#[tokio::test]
async fn filters_by_status_date_and_service_and_hidden_ones_disappear() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let public = [("attribute[public]", "true"), ("attribute[summary]", "Жол")];
    let first = file(&app, &w, &public).await;
    app.clock.advance(chrono::Duration::days(10));
    let second = file(&app, &w, &public).await;
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE appeals SET status = 'closed', is_open = FALSE WHERE number = $1"
    )
    .bind(&first)
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();

    assert_eq!(
        numbers_listed(&app, "?status=open").await,
        vec![second.clone()]
    );
    assert_eq!(
        numbers_listed(&app, "?status=closed").await,
        vec![first.clone()]
    );
    assert_eq!(numbers_listed(&app, "?status=open,closed").await.len(), 2);
    assert_eq!(
        numbers_listed(
            &app,
            "?start_date=2026-03-01T00:00:00Z&end_date=2026-03-05T00:00:00%2B05:00"
        )
        .await,
        vec![first.clone()]
    );
    assert_eq!(
        numbers_listed(&app, "?start_date=2026-03-10").await,
        vec![second.clone()]
    );
    assert!(
        numbers_listed(&app, "?end_date=2026-02-01T00:00:00Z")
            .await
            .is_empty()
    );
    assert_eq!(
        numbers_listed(&app, "?service_code=MF.roads").await.len(),
        2
    );
    assert!(
        numbers_listed(&app, "?service_code=MF.other")
            .await
            .is_empty()
    );

    // A moderator hid the first one: gone from the list and from its own address.
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE appeals SET hidden_at = updated_at, hidden_reason = 'names a person' WHERE number = $1"
    )
    .bind(&first)
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    assert_eq!(numbers_listed(&app, "").await, vec![second.clone()]);
    let (status, _) = get_json(&app, &format!("/open311/v2/requests/{first}.json")).await;
    assert_eq!(status, 404);

    // Bad filters are 400s in the Open311 shape.
    for query in [
        "?start_date=2025-01-01T00:00:00Z&end_date=2026-03-03T00:00:00Z",
        "?start_date=2026-03-03T00:00:00Z&end_date=2026-03-01T00:00:00Z",
        "?start_date=yesterday",
        "?status=pending",
    ] {
        let (status, json) = get_json(&app, &format!("/open311/v2/requests.json{query}")).await;
        assert_eq!(status, 400, "{query}: {json}");
        errors(status, &json.to_string());
    }
    let (status, xml) = get_xml(
        &app,
        "/open311/v2/requests.xml?start_date=2025-01-01&end_date=2026-01-01",
    )
    .await;
    assert_eq!(status, 400);
    assert!(xml.contains("<errors><error><code>400</code>"), "{xml}");
}

#[tokio::test]
async fn bad_keys_services_and_fields_are_refused_in_the_open311_shape() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let long = "а".repeat(4001);
    let base = |key: &'static str, value: &str| -> Vec<(&'static str, String)> {
        let mut fields: Vec<(&'static str, String)> = vec![
            ("api_key", w.key.clone()),
            ("service_code", "MF.roads".to_owned()),
            ("description", TEXT.to_owned()),
            ("lat", "51.1".to_owned()),
            ("long", "71.4".to_owned()),
        ];
        fields.retain(|(k, _)| *k != key);
        if !value.is_empty() {
            fields.push((key, value.to_owned()));
        }
        fields
    };
    let send = |fields: Vec<(&'static str, String)>, path: &'static str| {
        let app = &app;
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(app, path, &refs).await
        }
    };
    let json = "/open311/v2/requests.json";

    let (status, body) = send(base("api_key", ""), json).await;
    assert_eq!(status, 403, "{body}");
    errors(status, &body);
    let (status, body) = send(base("api_key", "not-a-token"), "/open311/v2/requests.xml").await;
    assert_eq!(status, 403);
    assert!(body.contains("<errors><error><code>403</code>"), "{body}");
    let (status, body) = send(base("service_code", ""), json).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = send(base("service_code", "MF.nothing"), json).await;
    assert_eq!(status, 404, "{body}");
    errors(status, &body);
    let (status, body) = send(base("description", &long), json).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        errors(status, &body)[0].starts_with("description: "),
        "{body}"
    );
    let (status, body) = send(base("description", &"а".repeat(4000)), json).await;
    assert_eq!(status, 200, "exactly 4000 characters is allowed: {body}");
    let mut no_place = base("lat", "");
    no_place.retain(|(k, _)| *k != "long");
    let (status, body) = send(no_place.clone(), json).await;
    assert_eq!(status, 400, "{body}");
    no_place.push(("address_string", "Астана, Мәңгілік Ел 8".to_owned()));
    let (status, body) = send(no_place, json).await;
    assert_eq!(status, 200, "an address is a location: {body}");
    let (status, body) = send(base("lat", "91"), json).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = send(base("attribute[public]", "maybe"), json).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = send(base("media_url", "javascript:alert(1)"), json).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = send(base("lang", "de"), json).await;
    assert_eq!(status, 400, "{body}");
    let res = reqwest::Client::new()
        .post(app.url(json))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = reqwest::Client::new()
        .post(app.url("/open311/v2/services.json"))
        .form(&[("api_key", w.key.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);

    // Only the two good filings were made, both in Kazakh by default.
    let langs: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT lang FROM appeals ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(langs, vec!["kk", "kk"]);
}
