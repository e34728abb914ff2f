//! Catalogue search through `package_search` and the `/data` page: words in any of the three
//! languages find their inflected forms, facets count and filter, sorts and pages work, drafts
//! and private datasets never show, and every change reaches the index without a restart.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use opengov_kernel::{LocalizedText, Role, Ts};
use opengov_opendata::domain::{DatasetInput, State};
use opengov_opendata::store;
use opengov_test_support::TestApp;
use serde_json::Value;

struct Seeded {
    health: i64,
    mh_publisher: i64,
    mon_publisher: i64,
}

async fn dataset(
    app: &TestApp,
    body: i64,
    name: &str,
    titles: (&str, &str, &str),
    keywords: &[&str],
    state: State,
    private: bool,
) -> i64 {
    let input = DatasetInput {
        name: name.to_owned(),
        body_id: body,
        title: LocalizedText::new(titles.0, titles.1, titles.2),
        description: LocalizedText::new("", "", ""),
        themes: vec!["EDUC"],
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        licence: "CC-BY-4.0",
        frequency: "ANNUAL",
        temporal: (None, None),
        spatial: String::new(),
        contact_name: String::new(),
        contact_email: "data@example.kz".into(),
        private,
    };
    let now = Ts(opengov_test_support::start_time());
    let mut tx = app.db().begin().await.unwrap();
    let id = store::insert(&mut tx, &input, now).await.unwrap();
    if state != State::Draft {
        store::set_state(&mut tx, id, state, "", now).await.unwrap();
    }
    tx.commit().await.unwrap();
    id
}

async fn seed(app: &TestApp) -> Seeded {
    let education = app
        .create_body(
            "MON",
            "Оқу-ағарту министрлігі",
            "Министерство просвещения",
            "Ministry of Education",
            None,
        )
        .await;
    let health = app
        .create_body(
            "MH",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
            None,
        )
        .await;
    let mh_publisher = app
        .create_user(
            "publisher@mh.kz",
            "Publisher MH",
            &[(Role::Publisher, Some(health))],
        )
        .await;
    let mon_publisher = app
        .create_user(
            "publisher@mon.kz",
            "Publisher MON",
            &[(Role::Publisher, Some(education))],
        )
        .await;
    dataset(
        app,
        education,
        "schools-mon",
        (
            "Жалпы білім беретін мектептер",
            "Перечень общеобразовательных школ",
            "General education schools",
        ),
        &["школа", "мектеп"],
        State::Published,
        false,
    )
    .await;
    dataset(
        app,
        health,
        "clinics-mh",
        (
            "Емханалар мен ауруханалар",
            "Поликлиники и больницы",
            "Clinics and hospitals",
        ),
        &["больница"],
        State::Published,
        false,
    )
    .await;
    dataset(
        app,
        health,
        "school-clinics-draft",
        ("Мектеп емханалары", "Школьные медпункты", "School clinics"),
        &["школа"],
        State::Draft,
        false,
    )
    .await;
    dataset(
        app,
        health,
        "school-clinics-private",
        (
            "Мектеп емханалары (жабық)",
            "Школьные медпункты (закрытый)",
            "School clinics (private)",
        ),
        &["школа"],
        State::Published,
        true,
    )
    .await;
    Seeded {
        health,
        mh_publisher,
        mon_publisher,
    }
}

async fn search(app: &TestApp, query: &str) -> (u16, Value) {
    let res = app
        .client()
        .get(app.url(&format!("/api/3/action/package_search?{query}")))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn names(body: &Value) -> Vec<String> {
    body["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn words_find_their_inflected_forms_in_each_language_and_drafts_never_show() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    for q in [
        "школы",
        "школ",
        "мектептер",
        "мектептердің",
        "schools",
        "school",
    ] {
        let (status, body) = search(&app, &format!("q={}", urlencode(q))).await;
        assert_eq!(status, 200, "{q}: {body}");
        assert_eq!(names(&body), vec!["schools-mon"], "{q}");
        assert_eq!(body["result"]["count"], 1);
    }
    let (_, body) = search(&app, "q=больницы").await;
    assert_eq!(names(&body), vec!["clinics-mh"]);
    // Everything, newest first by default; the draft and the private dataset are absent.
    let (_, all) = search(&app, "").await;
    assert_eq!(all["result"]["count"], 2);
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn facets_count_and_fq_filters_like_solr() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let (status, body) = search(
        &app,
        &format!(
            "facet.field={}&fq={}",
            urlencode(r#"["organization","tags","license_id","groups","res_format"]"#),
            urlencode("organization:mh")
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(names(&body), vec!["clinics-mh"]);
    assert_eq!(body["result"]["facets"]["organization"]["mh"], 1);
    let items = body["result"]["search_facets"]["tags"]["items"]
        .as_array()
        .unwrap();
    assert_eq!(items[0]["name"], "больница");
    assert_eq!(items[0]["count"], 1);
    // Negation, ranges and sorts that harvesters send.
    let (_, body) = search(
        &app,
        &format!("fq={}&sort=name%20asc", urlencode("-organization:mh")),
    )
    .await;
    assert_eq!(names(&body), vec!["schools-mon"]);
    // `fq` given twice: both hold, as in Solr; a scalar given twice: the last counts.
    let (_, body) = search(
        &app,
        &format!(
            "fq={}&fq={}",
            urlencode("organization:mh"),
            urlencode("tags:больница")
        ),
    )
    .await;
    assert_eq!(names(&body), vec!["clinics-mh"]);
    let (_, body) = search(
        &app,
        &format!(
            "fq={}&fq={}",
            urlencode("organization:mh"),
            urlencode("organization:mon")
        ),
    )
    .await;
    assert_eq!(body["result"]["count"], 0, "{body}");
    let (_, body) = search(&app, "sort=name%20desc&sort=name%20asc").await;
    assert_eq!(names(&body), vec!["clinics-mh", "schools-mon"]);
    let (_, body) = search(
        &app,
        &format!(
            "fq={}&sort=name%20asc&rows=1&start=1",
            urlencode("metadata_modified:[2020-01-01T00:00:00Z TO *]")
        ),
    )
    .await;
    assert_eq!(names(&body), vec!["schools-mon"]);
    assert_eq!(body["result"]["count"], 2);
}

#[tokio::test]
async fn bad_queries_are_validation_errors_not_failures() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    for query in [
        format!("q={}", urlencode("(unbalanced")),
        format!("fq={}", urlencode("nosuchfield:x")),
        "sort=colour%20asc".to_owned(),
        "rows=-1".to_owned(),
        format!("facet.field={}", urlencode(r#"["password"]"#)),
        format!("facet.field={}", urlencode("not json")),
    ] {
        let (status, body) = search(&app, &query).await;
        assert_eq!(status, 409, "{query}: {body}");
        assert_eq!(body["success"], false);
        assert_eq!(body["error"]["__type"], "Validation Error", "{query}");
    }
    // rows above the maximum are clamped silently, as in CKAN.
    let (status, _) = search(&app, "rows=5000").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn changes_reach_the_index_at_once_and_reindex_rebuilds_it() {
    let app = TestApp::spawn().await;
    let seeded = seed(&app).await;
    let (_, before) = search(&app, "q=медпункты").await;
    assert_eq!(before["result"]["count"], 0);
    // Publishing the draft makes it findable on the next search.
    let id = {
        let d = store::by_name(app.db(), "school-clinics-draft")
            .await
            .unwrap()
            .unwrap();
        d.id
    };
    let now = Ts(opengov_test_support::start_time());
    let mut tx = app.db().begin().await.unwrap();
    store::set_state(&mut tx, id, State::Published, "", now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, after) = search(&app, "q=медпункты").await;
    assert_eq!(names(&after), vec!["school-clinics-draft"]);
    // Withdrawn stays findable (shown as withdrawn); unpublishing to draft removes it.
    let mut tx = app.db().begin().await.unwrap();
    store::set_state(&mut tx, id, State::Draft, "", now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, gone) = search(&app, "q=медпункты").await;
    assert_eq!(gone["result"]["count"], 0);
    opengov_opendata::search::request_reindex(app.db(), now)
        .await
        .unwrap();
    let (_, rebuilt) = search(&app, &format!("fq={}", urlencode("organization:mh"))).await;
    assert_eq!(names(&rebuilt), vec!["clinics-mh"]);
    let _ = seeded.health;
}

/// Another node's write is committed outside this process, so this process's commit count does
/// not tell a search about it: the background catch-up brings it.
#[tokio::test]
async fn another_nodes_change_arrives_through_the_background_catch_up() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let (_, before) = search(&app, "q=медпункты").await;
    assert_eq!(before["result"]["count"], 0);
    let id = store::by_name(app.db(), "school-clinics-draft")
        .await
        .unwrap()
        .unwrap()
        .id;
    // What the other node's transaction leaves in the shared database, written here without
    // this process's `Tx` so that it is not counted as this process's commit.
    opengov_kernel::db_run!(app.db(), |c| sqlx::query(
        "UPDATE datasets SET state = 'published' WHERE id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    opengov_kernel::db_run!(app.db(), |c| sqlx::query(
        "INSERT INTO search_changes (kind, entity_id, created_at) VALUES ('dataset', $1, $2)"
    )
    .bind(id)
    .bind(Ts(opengov_test_support::start_time()))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let background = opengov_opendata::search::spawn_catch_up(app.state.clone(), stopped);
    let mut found = Vec::new();
    for _ in 0..100 {
        let (_, after) = search(&app, "q=медпункты").await;
        found = names(&after);
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(found, vec!["school-clinics-draft"]);
    stop.send(true).unwrap();
    background.await.unwrap();
}

/// Publishes `id` as another transaction would, its log entry numbered `seq` (as PostgreSQL
/// numbers it when the entry is written, whenever the transaction then commits).
async fn publish_as_numbered(app: &TestApp, id: i64, seq: i64) {
    let mut tx = app.db().begin().await.unwrap();
    opengov_kernel::tx_run!(&mut tx, |c| sqlx::query(
        "UPDATE datasets SET state = 'published' WHERE id = $1"
    )
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    opengov_kernel::tx_run!(&mut tx, |c| sqlx::query(
        "INSERT INTO search_changes (seq, kind, entity_id, created_at) VALUES ($1, 'dataset', $2, $3)"
    )
    .bind(seq)
    .bind(id)
    .bind(Ts(opengov_test_support::start_time()))
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

/// Seeds the catalogue and a second draft; returns the ids of the drafts `school-clinics-draft`
/// and `vaccination-points`, after a search has built the index without them.
async fn two_drafts(app: &TestApp) -> (i64, i64) {
    let seeded = seed(app).await;
    let vaccination = dataset(
        app,
        seeded.health,
        "vaccination-points",
        ("Екпе пункттері", "Прививочные пункты", "Vaccination points"),
        &["прививка"],
        State::Draft,
        false,
    )
    .await;
    let clinics = store::by_name(app.db(), "school-clinics-draft")
        .await
        .unwrap()
        .unwrap()
        .id;
    for q in ["q=медпункты", "q=прививочные"] {
        let (_, none) = search(app, q).await;
        assert_eq!(none["result"]["count"], 0, "{q}");
    }
    (clinics, vaccination)
}

/// Two writers take numbers 1 and 2 in the log; the one holding 2 commits first and a search
/// applies it. The one holding 1 commits later: its change must still reach the index.
#[tokio::test]
async fn a_change_committed_after_a_later_numbered_one_still_reaches_the_index() {
    let app = TestApp::spawn().await;
    let (early, late) = two_drafts(&app).await;
    let newest = newest_entry(&app).await;
    publish_as_numbered(&app, early, newest + 2).await;
    let (_, first) = search(&app, "q=медпункты").await;
    assert_eq!(names(&first), vec!["school-clinics-draft"]);
    publish_as_numbered(&app, late, newest + 1).await;
    let (_, second) = search(&app, "q=прививочные").await;
    assert_eq!(names(&second), vec!["vaccination-points"]);
}

/// The log is trimmed of old entries but keeps its newest, so numbering goes on; a node that had
/// not yet read a trimmed entry finds the stretch gone and rebuilds its index instead of
/// missing the change.
#[tokio::test]
async fn a_node_behind_a_trimmed_stretch_of_the_log_rebuilds_and_misses_nothing() {
    let app = TestApp::spawn().await;
    let (clinics, vaccination) = two_drafts(&app).await;
    let newest = newest_entry(&app).await;
    publish_as_numbered(&app, clinics, newest + 1).await;
    publish_as_numbered(&app, vaccination, newest + 2).await;
    // Every entry was written at the test clock's start: all but the newest go.
    let later = Ts(opengov_test_support::start_time() + chrono::Duration::hours(25));
    let gone = opengov_opendata::search::trim(app.db(), later)
        .await
        .unwrap();
    assert!(gone > 1, "{gone}");
    let left: Vec<i64> = opengov_kernel::db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT seq FROM search_changes"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(left, vec![newest + 2]);
    let (_, clinics_found) = search(&app, "q=медпункты").await;
    assert_eq!(names(&clinics_found), vec!["school-clinics-draft"]);
    let (_, vaccination_found) = search(&app, "q=прививочные").await;
    assert_eq!(names(&vaccination_found), vec!["vaccination-points"]);
    // Trimming again leaves the newest entry, and the numbering goes on after it.
    assert_eq!(
        opengov_opendata::search::trim(app.db(), later)
            .await
            .unwrap(),
        0
    );
}

/// Numbers missing below entries older than any open transaction were rolled back or trimmed:
/// a node building its index does not keep looking for them, which would cost a query with
/// every later catch-up.
#[tokio::test]
async fn a_first_build_looks_only_for_numbers_that_can_still_be_in_flight() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let clinics = store::by_name(app.db(), "school-clinics-draft")
        .await
        .unwrap()
        .unwrap()
        .id;
    // 499 numbers never used (rolled back, or trimmed), below an entry written an hour before
    // the index is first built.
    let newest = newest_entry(&app).await;
    publish_as_numbered(&app, clinics, newest + 500).await;
    app.clock.advance(chrono::Duration::hours(1));
    let (_, found) = search(&app, "q=медпункты").await;
    assert_eq!(names(&found), vec!["school-clinics-draft"]);
    let catalogue = opengov_opendata::search::service(&app.state).unwrap();
    assert_eq!(catalogue.pending_len(), 0);
}

async fn newest_entry(app: &TestApp) -> i64 {
    opengov_kernel::db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT MAX(seq) FROM search_changes"
    )
    .fetch_one(c)
    .await)
    .unwrap()
}

#[tokio::test]
async fn the_catalogue_page_searches_filters_and_pages_without_javascript() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let client = app.client();
    let page = client
        .get(app.url("/data?q=%D1%88%D0%BA%D0%BE%D0%BB%D1%8B&lang=ru"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Перечень общеобразовательных школ"), "{page}");
    assert!(!page.contains("Поликлиники и больницы"));
    assert!(page.contains("Найдено наборов: 1"));
    // With no sort chosen the form says "auto" (relevance for a search, newest without one),
    // so a search sent from the newest-first listing is still ranked by relevance.
    assert!(
        page.contains(r#"<option value="auto" selected>"#),
        "auto is chosen: {page}"
    );
    assert!(!page.contains(r#"<option value="modified" selected>"#));
    let sorted = client
        .get(app.url("/data?lang=ru&sort=name"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sorted.contains(r#"<option value="name" selected>"#));
    assert!(
        sorted.contains("sort=name"),
        "a chosen sort stays in the facet links: {sorted}"
    );
    // A facet link narrows; the chosen filter can be removed.
    let page = client
        .get(app.url("/data?organization=mh&lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Clinics and hospitals"));
    assert!(!page.contains("General education schools"));
    assert!(page.contains("Remove: Ministry of Health"));
    // Nonsense in the query string is a message on the page, not an error page.
    let res = client
        .get(app.url("/data?q=%28%28%28&lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("The search could not be understood")
    );
}

async fn search_as(app: &TestApp, token: Option<&str>, query: &str) -> (u16, Value) {
    let mut req = app
        .client()
        .get(app.url(&format!("/api/3/action/package_search?{query}")));
    if let Some(token) = token {
        req = req.header("Authorization", token);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn include_private_shows_private_datasets_only_to_their_bodys_officials() {
    let app = TestApp::spawn().await;
    let seeded = seed(&app).await;
    let mh = app.api_token(seeded.mh_publisher).await;
    let mon = app.api_token(seeded.mon_publisher).await;
    let private = "school-clinics-private".to_owned();
    let q = "q=%D1%88%D0%BA%D0%BE%D0%BB%D1%8B";
    // Nobody sees it without asking, the body's own officials included (CKAN's default).
    for token in [None, Some(mh.as_str()), Some(mon.as_str())] {
        let (status, body) = search_as(&app, token, q).await;
        assert_eq!(status, 200);
        assert!(!names(&body).contains(&private), "{body}");
    }
    // Asking is not enough for anonymous callers or another body's officials.
    for token in [None, Some(mon.as_str())] {
        let (_, body) = search_as(&app, token, &format!("{q}&include_private=true")).await;
        assert!(!names(&body).contains(&private), "{body}");
    }
    let (_, body) = search_as(&app, Some(&mh), &format!("{q}&include_private=True")).await;
    assert!(names(&body).contains(&private), "{body}");
    let shown = body["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "school-clinics-private")
        .unwrap();
    assert_eq!(shown["private"], true);
    // The counts and facets follow what the caller may see; drafts never appear.
    let (_, body) = search_as(
        &app,
        Some(&mh),
        "include_private=true&facet.field=%5B%22organization%22%5D",
    )
    .await;
    assert_eq!(body["result"]["facets"]["organization"]["mh"], 2, "{body}");
    assert!(!names(&body).contains(&"school-clinics-draft".to_owned()));
    let (status, body) = search_as(&app, Some(&mh), "include_private=maybe").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["__type"], "Validation Error");
    // The catalogue page shows the body's officials their private datasets, marked.
    let client = app.client();
    let anonymous = client
        .get(app.url("/data?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!anonymous.contains("School clinics (private)"));
    app.sign_in(&client, "publisher@mh.kz").await;
    let official = client
        .get(app.url("/data?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(official.contains("School clinics (private)"), "{official}");
    assert!(official.contains(r#"<span class="badge">Private</span>"#));
}
