//! HTTP tests of the datastore as its users meet it: publishers upload tabular files and see
//! them loaded (or why not) on the resource page, anyone previews, filters, sorts and charts
//! them, and API clients read them through CKAN's `datastore_*` actions, the dumps and the
//! native keyset API — with drafts and private datasets hidden outside their body everywhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use std::fmt::Write as _;
use std::io::Write as _;

use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;
use serde_json::{Value, json};

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
        "publisher@mh.kz",
        "Publisher MH",
        &[(Role::Publisher, Some(mh))],
    )
    .await;
    app.create_user("citizen@example.kz", "Citizen", &[]).await;
    World { mf, mh }
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = app.client();
    app.sign_in(&c, email).await;
    c
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
    f: &[(&str, String)],
) -> reqwest::Response {
    let token = app.csrf(client).await;
    let mut all: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("_csrf", &token));
    client.post(app.url(path)).form(&all).send().await.unwrap()
}

/// Creates a dataset of `body` (published unless `draft`, private if asked).
async fn dataset(
    app: &TestApp,
    publisher: &reqwest::Client,
    body: i64,
    name: &str,
    draft: bool,
    private: bool,
) {
    let mut f = fields(body, name);
    if private {
        f.push(("private", "on".into()));
    }
    let res = post(app, publisher, "/data/new", &f).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    if !draft {
        let res = post(app, publisher, &format!("/data/{name}/publish"), &[]).await;
        assert_eq!(res.status(), 303);
    }
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

/// Adds a file as a new resource of `name`; returns the resource id.
async fn add_file(
    app: &TestApp,
    publisher: &reqwest::Client,
    name: &str,
    filename: &str,
    bytes: Vec<u8>,
) -> String {
    let res = upload(
        app,
        publisher,
        &format!("/data/{name}/resources"),
        reqwest::multipart::Form::new().text("name", "Table").part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(filename.to_owned()),
        ),
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
        .trim_start_matches(&format!("/data/{name}/resources/"))
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn new_version(
    app: &TestApp,
    publisher: &reqwest::Client,
    name: &str,
    rid: &str,
    filename: &str,
    bytes: Vec<u8>,
) {
    let res = upload(
        app,
        publisher,
        &format!("/data/{name}/resources/{rid}/versions"),
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(filename.to_owned()),
        ),
    )
    .await;
    assert_eq!(res.status(), 303);
}

async fn get(client: &reqwest::Client, url: String) -> (u16, String) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn get_json(client: &reqwest::Client, url: String) -> (u16, Value) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({status}): {e}: {text}"));
    (status, value)
}

async fn ckan_get(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    query: &[(&str, &str)],
) -> (u16, Value) {
    let url = reqwest::Url::parse_with_params(&app.url(&format!("/api/3/action/{action}")), query)
        .unwrap();
    get_json(client, url.to_string()).await
}

async fn ckan_post(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let mut req = client
        .post(app.url(&format!("/api/3/action/{action}")))
        .json(body);
    if let Some(t) = token {
        req = req.header("Authorization", t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// The data rows of the preview table (without `_id`), each as its cells' text.
fn preview_rows(html: &str) -> Vec<Vec<String>> {
    let start = html
        .find("class=\"data-preview\"")
        .unwrap_or_else(|| panic!("no preview table in {html}"));
    let body_start = html[start..].find("<tbody>").unwrap() + start;
    let end = html[body_start..].find("</tbody>").unwrap() + body_start;
    html[body_start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td>")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap().to_owned())
                .collect()
        })
        .collect()
}

/// A small table every API test reads.
const CITIES: &str = "city,year,amount,note\n\
Astana,2024,100,first\n\
Almaty,2024,200,second\n\
Astana,2025,150,third\n\
Shymkent,2025,50,fourth\n\
Almaty,2025,300,fifth\n";

/// A published dataset `cities` of MF with the CITIES table loaded; returns the resource id.
async fn cities(app: &TestApp, w: &World) -> String {
    let publisher = signed_in(app, "publisher@mf.kz").await;
    dataset(app, &publisher, w.mf, "cities", false, false).await;
    let rid = add_file(app, &publisher, "cities", "cities.csv", CITIES.into()).await;
    assert_eq!(app.run_jobs().await, 1);
    rid
}

const REGIONS: [&str; 5] = ["Астана", "Алматы", "Шымкент", "Караганда", "Актобе"];

/// 300 rows in Windows-1251 with `;` between cells and a Cyrillic header.
fn budget_1251() -> Vec<u8> {
    let mut text = String::from("Регион;Год;Сумма;Примечание\r\n");
    for i in 0..300 {
        let _ = write!(
            text,
            "{};{};{};запись номер {i}\r\n",
            REGIONS[i % 5],
            2020 + i % 4,
            (i + 1) * 10
        );
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    bytes.into_owned()
}

#[tokio::test]
async fn a_windows_1251_csv_is_loaded_and_previewed_with_filter_sort_pages_and_chart() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "budget", false, false).await;
    let rid = add_file(&app, &publisher, "budget", "бюджет.csv", budget_1251()).await;
    let page = format!("/data/budget/resources/{rid}");
    let anon = app.client();

    // Queued, not loaded yet: the page says so and there is no preview.
    let (s, html) = get(&anon, app.url(&format!("{page}?lang=en"))).await;
    assert_eq!(s, 200);
    assert!(html.contains("Version 1 is being loaded"), "{html}");
    assert!(!html.contains("data-preview"));

    assert_eq!(app.run_jobs().await, 1);
    let (s, html) = get(&anon, app.url(&format!("{page}?lang=en"))).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Version 1 is loaded: 300 rows, 4 columns."),
        "{html}"
    );
    for column in ["Регион", "Год", "Сумма", "Примечание"] {
        assert!(
            html.contains(&format!("<th scope=\"col\">{column}<br>")),
            "{column}"
        );
    }
    assert!(html.contains("Rows 1–25 of 300"), "{html}");
    let rows = preview_rows(&html);
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[0], ["Астана", "2020", "10", "запись номер 0"]);
    assert!(!html.contains("Problems found while loading"));

    // Filter a text column by part of a value in another case.
    let url = reqwest::Url::parse_with_params(
        &app.url(&page),
        &[("lang", "en"), ("field", "Регион"), ("value", "АЛМА")],
    )
    .unwrap();
    let (s, html) = get(&anon, url.to_string()).await;
    assert_eq!(s, 200);
    assert!(html.contains("Rows 1–25 of 60"), "{html}");
    let rows = preview_rows(&html);
    assert_eq!(rows.len(), 25);
    assert!(rows.iter().all(|r| r[0] == "Алматы"), "{rows:?}");
    assert!(!rows.iter().any(|r| r[0] == "Астана"));
    // …and an equality filter on a number column.
    let url = reqwest::Url::parse_with_params(
        &app.url(&page),
        &[("lang", "en"), ("field", "Год"), ("value", "2021")],
    )
    .unwrap();
    let (_, html) = get(&anon, url.to_string()).await;
    assert!(html.contains("Rows 1–25 of 75"), "{html}");
    assert!(preview_rows(&html).iter().all(|r| r[1] == "2021"));

    // Sort descending by a number column.
    let url = reqwest::Url::parse_with_params(
        &app.url(&page),
        &[("lang", "en"), ("sort", "Сумма"), ("dir", "desc")],
    )
    .unwrap();
    let (_, html) = get(&anon, url.to_string()).await;
    let rows = preview_rows(&html);
    assert_eq!(rows[0][2], "3000");
    assert_eq!(rows[1][2], "2990");
    let amounts: Vec<i64> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(amounts.windows(2).all(|p| p[0] > p[1]), "{amounts:?}");

    // The second page.
    let (_, html) = get(&anon, app.url(&format!("{page}?lang=en&page=2"))).await;
    assert!(html.contains("Rows 26–50 of 300"), "{html}");
    let rows = preview_rows(&html);
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[0][2], "260");
    assert!(html.contains("rel=\"prev\"") && html.contains("rel=\"next\""));

    // A chart of the sums by region, with the same figures as a table.
    let url = reqwest::Url::parse_with_params(
        &app.url(&page),
        &[("lang", "en"), ("x", "Регион"), ("y", "Сумма")],
    )
    .unwrap();
    let (s, html) = get(&anon, url.to_string()).await;
    assert_eq!(s, 200);
    assert!(html.contains("<svg"), "{html}");
    for (k, region) in REGIONS.iter().enumerate() {
        let sum: usize = (0..300).filter(|i| i % 5 == k).map(|i| (i + 1) * 10).sum();
        let cell = format!("<th scope=\"row\">{region}</th><td>{sum}</td>");
        assert!(html.contains(&cell), "{cell} missing in {html}");
    }
    // A chart of a text column's "sum" and a filter value that does not fit are explained.
    let url = reqwest::Url::parse_with_params(
        &app.url(&page),
        &[
            ("lang", "en"),
            ("x", "Регион"),
            ("y", "Примечание"),
            ("field", "Сумма"),
            ("value", "много"),
        ],
    )
    .unwrap();
    let (s, html) = get(&anon, url.to_string()).await;
    assert_eq!(s, 200);
    assert!(html.contains("The filter could not be applied"), "{html}");
    assert!(html.contains("The chart could not be drawn"), "{html}");
    assert!(
        html.contains("Rows 1–25 of 300"),
        "shown unfiltered: {html}"
    );
    // A chart on a column that is not there is explained, not a failure.
    let (s, html) = get(&anon, app.url(&format!("{page}?lang=en&x=nope&sort=nope"))).await;
    assert_eq!(s, 200);
    assert!(html.contains("There is no such column."), "{html}");
}

#[tokio::test]
async fn a_table_served_before_its_indexes_were_built_gets_them_when_the_job_runs_again() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "budget", false, false).await;
    let rid = add_file(&app, &publisher, "budget", "бюджет.csv", budget_1251()).await;
    assert_eq!(app.run_jobs().await, 1);
    let (load_id, phase): (i64, String) = db_run!(app.db(), |c| sqlx::query_as(
        "SELECT id, phase FROM datastore_loads WHERE resource_id = $1"
    )
    .bind(rid.parse::<i64>().unwrap())
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(
        phase, "done",
        "the job builds the indexes after serving the table"
    );
    // As if the node stopped after serving the table, before its indexes were built.
    db_run!(app.db(), |c| sqlx::query(
        "UPDATE datastore_loads SET phase = 'indexing' WHERE id = $1"
    )
    .bind(load_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    let anon = app.client();
    let page = app.url(&format!("/data/budget/resources/{rid}?lang=ru"));
    let (_, html) = get(&anon, page.clone()).await;
    assert!(
        html.contains("Строятся индексы для фильтров и сортировки"),
        "{html}"
    );
    assert_eq!(preview_rows(&html).len(), 25, "the table is read meanwhile");
    opengov_opendata::datastore::run_load(&app.state, load_id)
        .await
        .unwrap();
    let (_, html) = get(&anon, page).await;
    assert!(!html.contains("Строятся индексы"), "{html}");
    assert!(
        html.contains("Версия 1 загружена: строк — 300, столбцов — 4."),
        "{html}"
    );
}

#[tokio::test]
async fn the_previous_table_is_served_until_the_new_version_is_loaded() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "grants", false, false).await;
    let rid = add_file(
        &app,
        &publisher,
        "grants",
        "grants.csv",
        b"name,amount\nA,1\nB,2\n".to_vec(),
    )
    .await;
    app.run_jobs().await;
    new_version(
        &app,
        &publisher,
        "grants",
        &rid,
        "grants-2.csv",
        b"name,amount\nA,1.5\nC,2.5\nD,3\n".to_vec(),
    )
    .await;
    let anon = app.client();
    let page = app.url(&format!("/data/grants/resources/{rid}?lang=en"));

    // Before the load: version 2 is announced, version 1 is what everyone reads.
    let (_, html) = get(&anon, page.clone()).await;
    assert!(html.contains("Version 2 is being loaded"), "{html}");
    assert!(html.contains("Table of version 1: 2 rows."), "{html}");
    assert!(html.contains("the previous version stays in the table below"));
    assert_eq!(preview_rows(&html).len(), 2);
    let (s, v) = ckan_get(&app, &anon, "datastore_search", &[("resource_id", &rid)]).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["total"], 2);
    assert_eq!(v["result"]["records"][0]["amount"], 1);
    let (_, v) = ckan_get(&app, &anon, "datastore_info", &[("id", &rid)]).await;
    assert_eq!(v["result"]["meta"]["version"], 1);
    // The Data Package gives a Table Schema only for the file the table was loaded from.
    let (_, package) = get_json(&anon, app.url("/data/grants/datapackage.json")).await;
    assert!(package["resources"][0].get("schema").is_none(), "{package}");

    // After it: version 2, and the versions table tells what changed.
    assert_eq!(app.run_jobs().await, 1);
    let (_, html) = get(&anon, page.clone()).await;
    assert!(
        html.contains("Version 2 is loaded: 3 rows, 2 columns."),
        "{html}"
    );
    assert!(html.contains("Table of version 2: 3 rows."), "{html}");
    let rows = preview_rows(&html);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], ["A", "1.5"]);
    assert!(
        html.contains("amount: whole number → decimal number"),
        "{html}"
    );
    let (_, v) = ckan_get(&app, &anon, "datastore_search", &[("resource_id", &rid)]).await;
    assert_eq!(v["result"]["total"], 3);
    assert_eq!(v["result"]["records"][0]["amount"], 1.5);
    assert_eq!(v["result"]["fields"][2]["type"], "numeric");
    let (_, package) = get_json(&anon, app.url("/data/grants/datapackage.json")).await;
    assert_eq!(package["resources"][0]["profile"], "tabular-data-resource");
    assert_eq!(
        package["resources"][0]["schema"]["fields"],
        serde_json::json!([{ "name": "name", "type": "string" }, { "name": "amount", "type": "number" }])
    );
}

/// Uploads `bytes` as a resource of the published dataset `name`, loads it, and returns the
/// resource page in English and in Russian.
async fn loaded_page(
    app: &TestApp,
    publisher: &reqwest::Client,
    name: &str,
    filename: &str,
    bytes: &[u8],
) -> (String, String, String) {
    let rid = add_file(app, publisher, name, filename, bytes.to_vec()).await;
    app.run_jobs().await;
    let anon = app.client();
    let page = format!("/data/{name}/resources/{rid}");
    let (s, en) = get(&anon, app.url(&format!("{page}?lang=en"))).await;
    assert_eq!(s, 200);
    let (s, ru) = get(&anon, app.url(&format!("{page}?lang=ru"))).await;
    assert_eq!(s, 200);
    // Nothing is lost: the file is downloadable exactly as uploaded.
    let res = anon
        .get(app.url(&format!("{page}/download")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{filename}");
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes, "{filename}");
    (rid, en, ru)
}

fn zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..8 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn malformed_files_are_explained_on_the_page_in_every_language_and_kept() {
    let app = TestApp::spawn_with(|c| c.datastore.max_field_bytes = 100).await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "bad", false, false).await;

    // An empty file is refused at the upload, with a message.
    let res = upload(
        &app,
        &publisher,
        "/data/bad/resources",
        reqwest::multipart::Form::new().text("name", "Empty").part(
            "file",
            reqwest::multipart::Part::bytes(Vec::new()).file_name("empty.csv"),
        ),
    )
    .await;
    assert_eq!(res.status(), 422);

    // Blank lines only: loaded, and found empty.
    let (_, en, ru) = loaded_page(&app, &publisher, "bad", "blank.csv", b"\r\n  \r\n\r\n").await;
    assert!(en.contains("could not be loaded as a table"), "{en}");
    assert!(en.contains("The file is empty."), "{en}");
    assert!(ru.contains("Файл пуст."), "{ru}");

    // Binary garbage that claims to be CSV.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (_, en, ru) = loaded_page(&app, &publisher, "bad", "garbage.csv", &garbage).await;
    assert!(en.contains("The file is not text"), "{en}");
    assert!(ru.contains("Файл не текстовый"), "{ru}");

    // Ragged rows: loaded, each problem listed with its row and value.
    let (_, en, ru) = loaded_page(
        &app,
        &publisher,
        "bad",
        "ragged.csv",
        b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n",
    )
    .await;
    assert!(en.contains("4 rows, 3 columns"), "{en}");
    assert!(en.contains("Problems found while loading: 2"), "{en}");
    assert!(
        en.contains("the row has fewer cells than the header"),
        "{en}"
    );
    assert!(en.contains("<code>9</code>"), "{en}");
    assert!(
        en.contains("the row has more cells than the header"),
        "{en}"
    );
    assert!(
        ru.contains("в строке больше ячеек, чем в заголовке"),
        "{ru}"
    );

    // A stray quote: the rest of the file falls into one cell, and the page says where.
    let (_, en, ru) = loaded_page(
        &app,
        &publisher,
        "bad",
        "quote.csv",
        b"a,b\n1,x\n2,\"oops\n3,y\n4,z\n",
    )
    .await;
    assert!(en.contains("a quote opened here never closed"), "{en}");
    assert!(ru.contains("кавычка не закрыта"), "{ru}");

    // A UTF-8 file with a damaged row: the row is named, nothing is loaded, the file is kept.
    let (_, en, ru) = loaded_page(
        &app,
        &publisher,
        "bad",
        "damaged.csv",
        b"\xD0\xB3\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB4,n\n\xD0\x90\xD1\x81\xD1\x82\xD0\xB0\xD0\xBD\xD0\xB0,1\n\xD0,2\n",
    )
    .await;
    assert!(
        en.contains("Row 2 is in an encoding that could not be read"),
        "{en}"
    );
    assert!(ru.contains("Строка 2 записана в кодировке"), "{ru}");

    // A cell over the limit.
    let mut huge = b"a,b\n1,short\n2,".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 500));
    huge.extend(b"\n3,short\n");
    let (_, en, ru) = loaded_page(&app, &publisher, "bad", "huge.csv", &huge).await;
    assert!(en.contains("longer than 100 bytes"), "{en}");
    assert!(ru.contains("длиннее 100 байт"), "{ru}");

    // A spreadsheet that would expand to far more than its size.
    let (_, en, ru) = loaded_page(&app, &publisher, "bad", "bomb.xlsx", &zip_bomb()).await;
    assert!(en.contains("expands to far more data"), "{en}");
    assert!(
        ru.contains("распаковывается в гораздо больший объём"),
        "{ru}"
    );

    // A spreadsheet that is not one.
    let mut broken = b"PK\x03\x04".to_vec();
    broken.extend(b"xl/ not really a zip file at all");
    let (_, en, ru) = loaded_page(&app, &publisher, "bad", "broken.xlsx", &broken).await;
    assert!(en.contains("The spreadsheet could not be read"), "{en}");
    assert!(ru.contains("Не удалось прочитать таблицу Excel"), "{ru}");

    // JSON that is not an array of objects.
    let (_, en, ru) = loaded_page(
        &app,
        &publisher,
        "bad",
        "rows.json",
        b"[{\"a\": 1}, 2, {\"a\": 3}]",
    )
    .await;
    assert!(en.contains("The JSON is not an array of objects"), "{en}");
    assert!(ru.contains("JSON не является массивом объектов"), "{ru}");

    // No message is left untranslated on the Russian pages.
    let loads: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COALESCE(error_code, state) FROM datastore_loads ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert!(!loads.iter().any(|c| c == "internal"), "{loads:?}");
}

#[tokio::test]
async fn datastore_search_answers_like_ckan() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let rid = cities(&app, &w).await;
    let anon = app.client();

    // Filters as an object (POST) and as a JSON string (GET); a list is IN.
    let (s, v) = ckan_post(
        &app,
        &anon,
        "datastore_search",
        None,
        &json!({ "resource_id": rid, "filters": { "city": "Astana" } }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["total"], 2);
    assert!(
        v["result"]["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["city"] == "Astana")
    );
    let (s, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[
            ("resource_id", &rid),
            ("filters", r#"{"city": ["Astana", "Almaty"], "year": 2025}"#),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["total"], 2);
    let notes: Vec<&str> = v["result"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["third", "fifth"]);

    // Full-text q, chosen fields, sort on two keys.
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[("resource_id", &rid), ("q", "shym")],
    )
    .await;
    assert_eq!(v["result"]["total"], 1, "{v}");
    assert_eq!(v["result"]["records"][0]["note"], "fourth");
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[
            ("resource_id", &rid),
            ("fields", "city,amount"),
            ("sort", "year, amount desc"),
        ],
    )
    .await;
    let records = v["result"]["records"].as_array().unwrap();
    assert_eq!(
        records[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["amount", "city"],
        "{v}"
    );
    let amounts: Vec<i64> = records
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [200, 100, 300, 150, 50]);
    assert_eq!(v["result"]["sort"], "year, amount desc");
    let ids: Vec<&str> = v["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["city", "amount"]);

    // Pages: limit, offset, the total on request, and the link to the next page.
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[("resource_id", &rid), ("limit", "2"), ("offset", "1")],
    )
    .await;
    let r = &v["result"];
    assert_eq!(r["limit"], 2);
    assert_eq!(r["offset"], 1);
    assert_eq!(r["total"], 5);
    assert_eq!(r["records"].as_array().unwrap().len(), 2);
    assert_eq!(r["records"][0]["note"], "second");
    let next = r["_links"]["next"].as_str().unwrap();
    assert!(
        next.starts_with("/api/3/action/datastore_search?"),
        "{next}"
    );
    assert!(
        next.contains("offset=3") && next.contains("limit=2"),
        "{next}"
    );
    let (s, v) = get_json(&anon, app.url(next)).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["records"][0]["note"], "fourth");
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[("resource_id", &rid), ("include_total", "false")],
    )
    .await;
    assert!(v["result"].get("total").is_none(), "{v}");
    assert_eq!(v["result"]["records"].as_array().unwrap().len(), 5);

    // Records as lists and as CSV text.
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[
            ("resource_id", &rid),
            ("records_format", "lists"),
            ("limit", "1"),
        ],
    )
    .await;
    assert_eq!(
        v["result"]["records"],
        json!([[1, "Astana", 2024, 100, "first"]])
    );
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[
            ("resource_id", &rid),
            ("records_format", "csv"),
            ("fields", "city,note"),
            ("limit", "2"),
        ],
    )
    .await;
    assert_eq!(v["result"]["records"], "Astana,first\r\nAlmaty,second\r\n");

    // Errors in CKAN's shapes.
    let (s, v) = ckan_get(&app, &anon, "datastore_search", &[]).await;
    assert_eq!(s, 409);
    assert_eq!(v["success"], false);
    assert_eq!(v["error"]["__type"], "Validation Error");
    assert!(v["error"]["resource_id"].is_array(), "{v}");
    for (k, val) in [
        ("filters", r#"{"nosuch": 1}"#),
        ("filters", r#"{"year": "twenty"}"#),
        ("filters", "{not json"),
        ("filters", "[1]"),
        ("filters", r#"{"city": {"nested": 1}}"#),
        ("q", r#"{"city": 1}"#),
        ("sort", "nosuch desc"),
        ("fields", "city,nosuch"),
        ("q", r#"{"nosuch": "x"}"#),
        ("limit", "-1"),
        ("limit", "many"),
        ("offset", "1.5"),
        ("include_total", "perhaps"),
        ("records_format", "xml"),
    ] {
        let (s, v) = ckan_get(
            &app,
            &anon,
            "datastore_search",
            &[("resource_id", &rid), (k, val)],
        )
        .await;
        assert_eq!(s, 409, "{k}={val}: {v}");
        assert_eq!(v["error"]["__type"], "Validation Error", "{k}={val}: {v}");
    }
    for id in ["999999", "nope", "-1"] {
        let (s, v) = ckan_get(&app, &anon, "datastore_search", &[("resource_id", id)]).await;
        assert_eq!(s, 404, "{id}: {v}");
        assert_eq!(v["error"]["__type"], "Not Found Error");
    }

    // datastore_info: the fields with their types and the count.
    let (s, v) = ckan_get(&app, &anon, "datastore_info", &[("id", &rid)]).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["meta"]["count"], 5);
    let types: Vec<(String, String)> = v["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("city".into(), "text".into()),
            ("year".into(), "int".into()),
            ("amount".into(), "int".into()),
            ("note".into(), "text".into())
        ]
    );

    // The catalogue knows the resource is in the datastore.
    let (_, v) = ckan_get(&app, &anon, "resource_show", &[("id", &rid)]).await;
    assert_eq!(v["result"]["datastore_active"], true, "{v}");
    let (_, v) = ckan_get(&app, &anon, "package_show", &[("id", "cities")]).await;
    assert_eq!(v["result"]["resources"][0]["datastore_active"], true);
}

#[tokio::test]
async fn datastore_search_sql_is_off_unless_the_portal_turns_it_on() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let rid = cities(&app, &w).await;
    let sql = format!("SELECT city FROM \"{rid}\"");
    let (s, v) = ckan_get(
        &app,
        &app.client(),
        "datastore_search_sql",
        &[("sql", &sql)],
    )
    .await;
    assert_eq!(s, 400, "{v}");
    assert_eq!(v["success"], false);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("turned off"),
        "{v}"
    );
}

#[tokio::test]
async fn datastore_search_sql_reads_only_visible_tables_and_refuses_everything_else() {
    let app = TestApp::spawn_with(|c| {
        c.datastore.sql_enabled = true;
        c.datastore.sql_timeout_millis = 300;
    })
    .await;
    let w = world(&app).await;
    let rid = cities(&app, &w).await;
    // A draft of another body, with a table.
    let mh = signed_in(&app, "publisher@mh.kz").await;
    dataset(&app, &mh, w.mh, "health-draft", true, false).await;
    let draft = add_file(&app, &mh, "health-draft", "h.csv", b"x,y\n1,2\n".to_vec()).await;
    app.run_jobs().await;

    let anon = app.client();
    let sql = format!(
        "SELECT city, SUM(amount) AS total, COUNT(*) AS n FROM \"{rid}\" \
         GROUP BY city ORDER BY total DESC"
    );
    let (s, v) = ckan_get(&app, &anon, "datastore_search_sql", &[("sql", &sql)]).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v["result"]["records"],
        json!([
            { "city": "Almaty", "total": 500, "n": 2 },
            { "city": "Astana", "total": 250, "n": 2 },
            { "city": "Shymkent", "total": 50, "n": 1 },
        ])
    );
    let ids: Vec<&str> = v["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["city", "total", "n"]);

    let users_before: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let token = app.api_token(user_id(&app, "publisher@mf.kz").await).await;
    for sql in [
        format!("DELETE FROM \"{rid}\""),
        format!("UPDATE \"{rid}\" SET amount = 0"),
        format!("INSERT INTO \"{rid}\" (city) VALUES ('x')"),
        format!("DROP TABLE \"{rid}\""),
        format!("SELECT 1 FROM \"{rid}\"; DELETE FROM \"{rid}\""),
        "SELECT 1; SELECT 2".to_owned(),
        "ATTACH DATABASE '/tmp/x.db' AS x".to_owned(),
        "PRAGMA table_info(users)".to_owned(),
        "SELECT * FROM sqlite_master".to_owned(),
        "SELECT name FROM sqlite_schema".to_owned(),
        "SELECT * FROM users".to_owned(),
        "SELECT email_key FROM \"users\"".to_owned(),
        "SELECT * FROM information_schema.tables".to_owned(),
        "SELECT * FROM pg_catalog.pg_tables".to_owned(),
        "SELECT pg_read_file('/etc/passwd')".to_owned(),
        format!("SELECT pg_read_file('/etc/passwd') FROM \"{rid}\""),
        format!("SELECT load_extension('x') FROM \"{rid}\""),
        format!("SELECT * FROM \"{draft}\""),
        format!("SELECT * FROM \"{rid}\" a JOIN \"{draft}\" b ON 1 = 1"),
        format!("SELECT * FROM \"{rid}\" WHERE city IN (SELECT email_key FROM users)"),
        "SELECT * FROM \"999999\"".to_owned(),
    ] {
        let (s, v) = ckan_post(
            &app,
            &anon,
            "datastore_search_sql",
            Some(&token),
            &json!({ "sql": sql }),
        )
        .await;
        assert_eq!(s, 409, "{sql}: {v}");
        assert_eq!(v["error"]["__type"], "Validation Error", "{sql}: {v}");
    }
    // Nothing changed.
    let (_, v) = ckan_get(&app, &anon, "datastore_info", &[("id", &rid)]).await;
    assert_eq!(v["result"]["meta"]["count"], 5);
    let (_, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[("resource_id", &rid), ("fields", "amount")],
    )
    .await;
    let total: i64 = v["result"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 800);
    let users_after: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(users_before, users_after);

    // Mistakes in a query are the caller's: refused with the reason, never a server error.
    let (s, v) = ckan_get(
        &app,
        &anon,
        "datastore_search_sql",
        &[("sql", &format!("SELECT nosuch FROM \"{rid}\""))],
    )
    .await;
    assert_eq!(s, 409, "{v}");
    assert_eq!(v["error"]["__type"], "Validation Error");
    for sql in [
        format!("SELECT CAST(city AS INTEGER) AS n FROM \"{rid}\""),
        format!("SELECT amount / (amount - amount) AS n FROM \"{rid}\""),
        format!("SELECT city FROM \"{rid}\" ORDER BY 9"),
        format!("SELECT city FROM \"{rid}\" GROUP BY year"),
        format!("SELECT SUM(city) AS n FROM \"{rid}\""),
        format!("SELECT * FROM \"{rid}\" WHERE year > 'x'"),
    ] {
        let (s, v) = ckan_get(&app, &anon, "datastore_search_sql", &[("sql", &sql)]).await;
        assert!(s == 200 || s == 409, "{sql}: {s} {v}");
    }

    // The draft's own body reads it.
    let other_body_token = app.api_token(user_id(&app, "publisher@mh.kz").await).await;
    let (s, v) = ckan_post(
        &app,
        &anon,
        "datastore_search_sql",
        Some(&other_body_token),
        &json!({ "sql": format!("SELECT x FROM \"{draft}\"") }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["records"], json!([{ "x": 1 }]));

    // A runaway join is stopped by the time limit.
    let mut from = Vec::new();
    for i in 0..14 {
        from.push(format!("\"{rid}\" t{i}"));
    }
    let sql = format!("SELECT COUNT(*) AS n FROM {}", from.join(", "));
    let started = std::time::Instant::now();
    let (s, v) = ckan_get(&app, &anon, "datastore_search_sql", &[("sql", &sql)]).await;
    assert_eq!(s, 409, "{v}");
    assert!(
        v["error"]["query"][0]
            .as_str()
            .unwrap()
            .contains("time limit"),
        "{v}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // The server still answers afterwards.
    let (s, _) = ckan_get(&app, &anon, "datastore_info", &[("id", &rid)]).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn dumps_are_complete_in_csv_tsv_and_json() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "notes", false, false).await;
    let mut csv = String::from("id,text,amount\n");
    for i in 0..6000 {
        let _ = writeln!(csv, "{i},\"a, \"\"quoted\"\" note {i}\",{i}.5");
    }
    let rid = add_file(&app, &publisher, "notes", "notes.csv", csv.into()).await;
    app.run_jobs().await;
    let anon = app.client();

    let res = anon
        .get(app.url(&format!("/datastore/dump/{rid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 6001, "header and every row");
    assert_eq!(lines[0], "_id,id,text,amount");
    assert_eq!(lines[1], "1,0,\"a, \"\"quoted\"\" note 0\",0.5");
    assert_eq!(
        lines[6000],
        "6000,5999,\"a, \"\"quoted\"\" note 5999\",5999.5"
    );

    let (s, body) = get(&anon, app.url(&format!("/datastore/dump/{rid}?format=tsv"))).await;
    assert_eq!(s, 200);
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 6001);
    assert_eq!(lines[0], "_id\tid\ttext\tamount");
    assert_eq!(lines[6000], "6000\t5999\ta, \"quoted\" note 5999\t5999.5");

    let (s, v) = get_json(
        &anon,
        app.url(&format!("/datastore/dump/{rid}?format=json")),
    )
    .await;
    assert_eq!(s, 200);
    let text = serde_json::to_string(&v).unwrap();
    let rows: Vec<Value> = match &v {
        Value::Array(rows) => rows.clone(),
        Value::Object(o) => o
            .get("records")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("no records: {}", &text[..200]))
            .clone(),
        _ => panic!("unexpected JSON dump"),
    };
    assert_eq!(rows.len(), 6000);
    let last = &rows[5999];
    let last_text = last.to_string();
    assert!(
        last_text.contains("a, \\\"quoted\\\" note 5999"),
        "{last_text}"
    );
    assert!(last_text.contains("5999.5"), "{last_text}");

    let (s, v) = get_json(&anon, app.url(&format!("/datastore/dump/{rid}?format=xml"))).await;
    assert_eq!(s, 400);
    assert_eq!(v["error"]["code"], "bad_request", "{v}");
    let (s, v) = get_json(&anon, app.url("/datastore/dump/999999")).await;
    assert_eq!(s, 404);
    assert_eq!(v["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_native_api_pages_with_cursors_and_answers_errors_in_json() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let rid = cities(&app, &w).await;
    let anon = app.client();
    let base = app.url(&format!("/api/v1/datastore/{rid}"));

    for (query, expected) in [
        (
            "limit=2",
            vec!["first", "second", "third", "fourth", "fifth"],
        ),
        (
            "limit=2&sort=amount&desc=true",
            vec!["fifth", "second", "third", "first", "fourth"],
        ),
        (
            "limit=1&sort=city",
            vec!["second", "fifth", "first", "third", "fourth"],
        ),
    ] {
        let mut seen = Vec::new();
        let mut url = format!("{base}?{query}");
        let mut pages = 0;
        loop {
            let (s, v) = get_json(&anon, url.clone()).await;
            assert_eq!(s, 200, "{v}");
            assert_eq!(v["total"], 5);
            for row in v["rows"].as_array().unwrap() {
                seen.push(row["note"].as_str().unwrap().to_owned());
            }
            pages += 1;
            assert!(pages < 10, "the cursors never end");
            match v["next"].as_str() {
                Some(next) => url = format!("{base}?{query}&after={next}"),
                None => break,
            }
        }
        assert_eq!(seen, expected, "{query}");
    }

    let (s, v) = get_json(&anon, format!("{base}?city=Astana")).await;
    assert_eq!(s, 200);
    assert_eq!(v["total"], 2);
    assert_eq!(v["fields"][0]["id"], "_id");
    assert_eq!(v["fields"][2]["type"], "integer");
    let (_, v) = get_json(&anon, format!("{base}?year=2025&q=alm")).await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["rows"][0]["note"], "fifth");

    for query in [
        "after=garbage",
        "after=eyJ2YWx1ZSI6MX0",
        "limit=x",
        "limit=-3",
        "nosuch=1",
        "year=twenty",
        "sort=nosuch",
        "after=%FF%FE",
        // Well-formed cursors whose value does not fit the sort field.
        "sort=amount&after=eyJ2YWx1ZSI6ImFiYyIsImlkIjoxfQ",
        "sort=amount&after=eyJ2YWx1ZSI6WzFdLCJpZCI6MX0",
    ] {
        let res = anon.get(format!("{base}?{query}")).send().await.unwrap();
        let status = res.status().as_u16();
        assert!((400..500).contains(&status), "{query}: {status}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{query}"
        );
        let v: Value = res.json().await.unwrap();
        assert!(v["error"]["message"].is_string(), "{query}: {v}");
    }
    let (s, _) = get_json(&anon, app.url("/api/v1/datastore/999999")).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn drafts_and_private_tables_stay_inside_the_body_on_every_route() {
    let app = TestApp::spawn_with(|c| c.datastore.sql_enabled = true).await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "draft", true, false).await;
    dataset(&app, &publisher, w.mf, "private", false, true).await;
    let draft = add_file(&app, &publisher, "draft", "d.csv", CITIES.into()).await;
    let private = add_file(&app, &publisher, "private", "p.csv", CITIES.into()).await;
    assert_eq!(app.run_jobs().await, 2);

    let own_token = app.api_token(user_id(&app, "publisher@mf.kz").await).await;
    let other_body_token = app.api_token(user_id(&app, "publisher@mh.kz").await).await;
    let citizen_token = app
        .api_token(user_id(&app, "citizen@example.kz").await)
        .await;
    let outsiders = [
        ("anonymous", app.client(), None),
        (
            "citizen",
            signed_in(&app, "citizen@example.kz").await,
            Some(citizen_token),
        ),
        (
            "another body's publisher",
            signed_in(&app, "publisher@mh.kz").await,
            Some(other_body_token),
        ),
    ];
    let insider = ("own publisher", publisher.clone(), Some(own_token));

    for (name, rid) in [("draft", &draft), ("private", &private)] {
        let pages = [
            format!("/data/{name}/resources/{rid}"),
            format!("/data/{name}/resources/{rid}?field=city&value=ast&x=city&y=amount"),
            format!("/datastore/dump/{rid}"),
            format!("/datastore/dump/{rid}?format=json"),
            format!("/api/v1/datastore/{rid}"),
            format!("/api/v1/datastore/{rid}?city=Astana"),
            format!("/data/{name}/resources/{rid}/download"),
        ];
        let sql = json!({ "sql": format!("SELECT COUNT(*) AS n FROM \"{rid}\"") });
        let search = json!({ "resource_id": rid });
        for (who, client, token) in outsiders.iter().chain(std::iter::once(&insider)) {
            let visible = *who == "own publisher";
            for path in &pages {
                let (s, _) = get(client, app.url(path)).await;
                assert_eq!(s, if visible { 200 } else { 404 }, "{who}: {path}");
            }
            for action in ["datastore_search", "datastore_info"] {
                let (s, v) = ckan_post(&app, client, action, token.as_deref(), &search).await;
                if visible {
                    assert_eq!(s, 200, "{who}: {action}: {v}");
                } else {
                    assert_eq!(s, 404, "{who}: {action}: {v}");
                    assert_eq!(v["error"]["__type"], "Not Found Error");
                }
            }
            let (s, v) =
                ckan_post(&app, client, "datastore_search_sql", token.as_deref(), &sql).await;
            if visible {
                assert_eq!(s, 200, "{who}: sql: {v}");
                assert_eq!(v["result"]["records"][0]["n"], 5);
            } else {
                // Refused exactly as a table that does not exist.
                assert_eq!(s, 409, "{who}: sql: {v}");
                let (s2, v2) = ckan_post(
                    &app,
                    client,
                    "datastore_search_sql",
                    token.as_deref(),
                    &json!({ "sql": "SELECT COUNT(*) AS n FROM \"999999\"" }),
                )
                .await;
                assert_eq!(s2, 409);
                assert_eq!(
                    v["error"]["query"][0]
                        .as_str()
                        .unwrap()
                        .replace(rid.as_str(), "999999"),
                    v2["error"]["query"][0].as_str().unwrap(),
                    "{who}: the refusal does not tell that the table exists"
                );
            }
        }
    }
}

#[tokio::test]
async fn only_the_bodys_publisher_fixes_types_and_cells_that_do_not_fit_are_listed() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "codes", false, false).await;
    let rid = add_file(
        &app,
        &publisher,
        "codes",
        "codes.csv",
        b"code,label\n1,one\n2,two\nX-3,three\n4,four\n".to_vec(),
    )
    .await;
    app.run_jobs().await;
    let path = format!("/data/codes/resources/{rid}/types");
    let page = app.url(&format!("/data/codes/resources/{rid}?lang=en"));

    // The form is offered to the body's publisher only.
    let (_, html) = get(&publisher, page.clone()).await;
    assert!(html.contains(&format!("action=\"{path}\"")), "{html}");
    assert!(html.contains("name=\"type.code\""));
    let (_, html) = get(&app.client(), page.clone()).await;
    assert!(!html.contains("name=\"type.code\""));

    // Others are refused and nothing is queued.
    for email in ["publisher@mh.kz", "citizen@example.kz"] {
        let c = signed_in(&app, email).await;
        let res = post(&app, &c, &path, &[("type.code", "integer".into())]).await;
        assert!(
            [403, 404].contains(&res.status().as_u16()),
            "{email}: {}",
            res.status()
        );
    }
    let anon = app.client();
    let res = post(&app, &anon, &path, &[("type.code", "integer".into())]).await;
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(
        res.status() == 403 || location.starts_with("/account/signin"),
        "anonymous: {} {location}",
        res.status()
    );
    assert_eq!(app.run_jobs().await, 0, "nothing was queued");
    let fixed: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM datastore_column_types"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(fixed, 0);

    // A type that does not exist is refused.
    let res = post(&app, &publisher, &path, &[("type.code", "money".into())]).await;
    assert_eq!(res.status(), 400);

    // The publisher fixes `code` as a whole number: the text cell is listed as a problem.
    let res = post(
        &app,
        &publisher,
        &path,
        &[
            ("type.code", "integer".into()),
            ("type.label", "auto".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.run_jobs().await, 1);
    let (_, html) = get(&app.client(), page.clone()).await;
    assert!(
        html.contains("Version 1 is loaded: 4 rows, 2 columns."),
        "{html}"
    );
    assert!(html.contains("Problems found while loading: 1"), "{html}");
    assert!(
        html.contains("<td>3</td><td>code</td><td><code>X-3</code></td>"),
        "{html}"
    );
    assert!(html.contains("the value does not fit the type fixed for the column"));
    let rows = preview_rows(&html);
    assert_eq!(rows[0], ["1", "one"]);
    assert_eq!(rows[2], ["", "three"]);
    let (_, v) = ckan_get(&app, &anon, "datastore_info", &[("id", &rid)]).await;
    assert_eq!(v["result"]["fields"][0]["type"], "int");
    // The publisher's form shows the fixed type as chosen.
    let (_, html) = get(&publisher, page).await;
    assert!(
        html.contains("<option value=\"integer\" selected>"),
        "{html}"
    );
    // The fix is in the dataset's history, named in the reader's language like every entry.
    let (_, html) = get(&anon, app.url("/data/codes?lang=ru")).await;
    assert!(html.contains("Закреплены типы столбцов"), "{html}");
    assert!(html.contains("Добавлен ресурс"), "{html}");
    assert!(
        !html.contains("dataset.column_types_fixed") && !html.contains("dataset.resource_added")
    );
    let entry: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT payload FROM audit_log WHERE action = 'dataset.column_types_fixed'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    assert_eq!(entry["types"]["code"], "integer");
    assert!(entry["types"]["label"].is_null());
}

#[tokio::test]
async fn spreadsheets_and_json_arrays_are_loaded_typed_and_queried_like_csv() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let publisher = signed_in(&app, "publisher@mf.kz").await;
    dataset(&app, &publisher, w.mf, "mixed", false, false).await;
    let rows = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#,
        r#"<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>120</v></c><c r="C2" s="1"><v>46023</v></c></row>"#,
        r#"<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><v>95</v></c><c r="C3" s="1"><v>46054</v></c></row>"#,
    );
    let sheet = opengov_datastore::fixtures::xlsx(
        rows,
        &["Школа", "Ученики", "Открыта", "Гимназия № 1", "Лицей № 2"],
    );
    let xlsx = add_file(&app, &publisher, "mixed", "schools.xlsx", sheet).await;
    let json = add_file(
        &app,
        &publisher,
        "mixed",
        "stations.json",
        br#"[{"station": "KZ-001", "pm25": 12.5, "ok": true},
             {"station": "KZ-002", "pm25": 40, "ok": false, "note": "late"}]"#
            .to_vec(),
    )
    .await;
    assert_eq!(app.run_jobs().await, 2);
    let anon = app.client();

    let (s, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[("resource_id", &xlsx), ("sort", "Ученики desc")],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let types: Vec<(&str, &str)> = v["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["type"].as_str().unwrap()))
        .filter(|(id, _)| *id != "_id")
        .collect();
    assert_eq!(
        types,
        [("Школа", "text"), ("Ученики", "int"), ("Открыта", "date")]
    );
    assert_eq!(v["result"]["total"], 2);
    assert_eq!(v["result"]["records"][0]["Школа"], "Гимназия № 1");
    assert_eq!(v["result"]["records"][0]["Открыта"], "2026-01-01");

    // The union of the objects' keys are the columns; a missing key is an empty cell.
    let (s, v) = ckan_get(
        &app,
        &anon,
        "datastore_search",
        &[("resource_id", &json), ("filters", r#"{"ok": false}"#)],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["total"], 1);
    let record = &v["result"]["records"][0];
    assert_eq!(record["station"], "KZ-002");
    assert_eq!(record["pm25"], 40.0);
    assert_eq!(record["note"], "late");
    let (_, v) = ckan_get(&app, &anon, "datastore_info", &[("id", &json)]).await;
    let names: Vec<&str> = v["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["station", "pm25", "ok", "note"]);
}
