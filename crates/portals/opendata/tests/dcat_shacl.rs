//! The DCAT-AP output checked against the official DCAT-AP 3.0.1 SHACL shapes: a catalogue with
//! a dataset that fills every optional field (an uploaded file, a link with characters an IRI
//! may not hold), a dataset with only what is required, and a withdrawn one is written to a
//! temporary directory in Turtle, RDF/XML and JSON-LD, and `tests/dcat-ap-3.0.1/validate.py`
//! (rdflib and pyshacl) must find no violation, and the three serialisations must be one graph.
//!
//! Without pyshacl the test is skipped with a note, except in CI (`CI` or
//! `OPENGOV_REQUIRE_SHACL=1`), where it fails: `pip install pyshacl`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop at the first failure"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use opengov_kernel::{Role, db_run};
use opengov_test_support::TestApp;
use serde_json::{Value, json};

fn validator() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dcat-ap-3.0.1/validate.py")
}

/// Whether the validator can run here; panics when it cannot but CI requires it.
fn shacl_available() -> bool {
    let importable = Command::new("python3")
        .args(["-c", "import pyshacl, rdflib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if importable {
        return true;
    }
    let flag =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(
        !(flag("CI") || flag("OPENGOV_REQUIRE_SHACL")),
        "python3 with pyshacl is required here (CI or OPENGOV_REQUIRE_SHACL=1): pip install pyshacl"
    );
    eprintln!(
        "note: DCAT-AP SHACL check skipped: python3 cannot import pyshacl (pip install pyshacl)"
    );
    false
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

async fn action(app: &TestApp, token: &str, name: &str, body: &Value) -> Value {
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/3/action/{name}")))
        .header("Authorization", token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{name}: {v}");
    v
}

/// Runs the validator; returns its report, failing the test with it when the run fails.
fn validate(dir: &Path, args: &[&str], files: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(validator())
        .args(args)
        .args(files.iter().map(|f| dir.join(f)))
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "validate.py {args:?} {files:?}:\n{report}"
    );
    report
}

#[tokio::test]
async fn the_dcat_ap_output_validates_against_the_official_shacl_shapes() {
    if !shacl_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let mf = app
        .create_body(
            "MF",
            "Қаржы министрлігі",
            "Министерство финансов",
            "Ministry of Finance",
            None,
        )
        .await;
    app.create_user(
        "official@mf.kz",
        "Official MF",
        &[(Role::Publisher, Some(mf))],
    )
    .await;
    let token = app.api_token(user_id(&app, "official@mf.kz").await).await;

    // Every optional field filled.
    action(
        &app,
        &token,
        "package_create",
        &json!({
            "name": "budget",
            "title_translated": {
                "kk": "Мемлекеттік бюджеттің атқарылуы",
                "ru": "Исполнение государственного бюджета",
                "en": "Execution of the state budget"
            },
            "notes_translated": {
                "kk": "Бюджеттің ай сайынғы атқарылуы.",
                "ru": "Ежемесячное исполнение бюджета.",
                "en": "Monthly execution of the budget."
            },
            "owner_org": "mf",
            "license_id": "national-open-1.0",
            "tags": [{ "name": "бюджет" }, { "name": "budget" }],
            "theme": [
                "http://publications.europa.eu/resource/authority/data-theme/ECON",
                "GOVE"
            ],
            "maintainer": "Open data office",
            "maintainer_email": "opendata@minfin.kz",
            "extras": [
                { "key": "frequency", "value": "MONTHLY" },
                { "key": "temporal_start", "value": "2025-01-01" },
                { "key": "temporal_end", "value": "2025-12-31" },
                { "key": "spatial_text", "value": "Республика Казахстан" }
            ]
        }),
    )
    .await;
    let upload = reqwest::Client::new()
        .post(app.url("/api/3/action/resource_create"))
        .header("Authorization", &token)
        .multipart(
            reqwest::multipart::Form::new()
                .text("package_id", "budget")
                .text("name", "Budget lines")
                .text("description", "One line per budget programme.")
                .part(
                    "upload",
                    reqwest::multipart::Part::bytes(b"programme,amount\n001,10\n".to_vec())
                        .file_name("lines.csv"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 200, "{}", upload.text().await.unwrap());
    action(
        &app,
        &token,
        "resource_create",
        &json!({
            "package_id": "budget",
            "name": "Query service",
            "url": "https://data.egov.kz/api?q={\"year\":2025}&f=a|b^c`<d>"
        }),
    )
    .await;
    // Only what is required: no description, themes, contact, coverage or resources.
    action(
        &app,
        &token,
        "package_create",
        &json!({
            "name": "bare",
            "title": "Bare minimum",
            "owner_org": "mf",
            "license_id": "CC0-1.0"
        }),
    )
    .await;
    // Withdrawn, with a link resource: stays in the catalogue.
    action(
        &app,
        &token,
        "package_create",
        &json!({
            "name": "old-rates",
            "title_translated": { "kk": "Ескі мөлшерлемелер", "ru": "Старые ставки", "en": "Old rates" },
            "notes": "Rates until 2020.",
            "owner_org": "mf",
            "license_id": "CC-BY-4.0",
            "extras": [{ "key": "frequency", "value": "IRREG" }]
        }),
    )
    .await;
    action(
        &app,
        &token,
        "resource_create",
        &json!({ "package_id": "old-rates", "name": "Archive", "url": "https://example.kz/rates.csv" }),
    )
    .await;
    action(
        &app,
        &token,
        "package_delete",
        &json!({ "id": "old-rates", "reason": "Replaced by the new rates." }),
    )
    .await;

    let dir = std::env::temp_dir().join(format!(
        "opengov-dcat-shacl-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let anon = app.client();
    let mut files = Vec::new();
    for (path, file) in [
        ("/catalog.ttl", "catalog.ttl"),
        ("/catalog.rdf", "catalog.rdf"),
        ("/catalog.jsonld", "catalog.jsonld"),
        ("/data/budget/dcat.ttl", "budget.ttl"),
        ("/data/budget/dcat.rdf", "budget.rdf"),
        ("/data/budget/dcat.jsonld", "budget.jsonld"),
        ("/data/bare/dcat.ttl", "bare.ttl"),
        ("/data/old-rates/dcat.ttl", "old-rates.ttl"),
    ] {
        let res = anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        std::fs::write(dir.join(file), res.text().await.unwrap()).unwrap();
        files.push(file);
    }
    let catalog = std::fs::read_to_string(dir.join("catalog.ttl")).unwrap();
    for name in ["/data/budget>", "/data/bare>", "/data/old-rates>"] {
        assert!(catalog.contains(name), "{name} in the catalogue");
    }
    assert!(catalog.contains("\"Ежемесячное исполнение бюджета.\"@ru"));
    assert!(
        catalog.contains("%7B%22year%22:2025%7D&f=a%7Cb%5Ec%60%3Cd%3E"),
        "the link's URL, percent-encoded into an IRI"
    );

    // No violation of shapes.ttl and range.ttl in any of them.
    let report = validate(&dir, &["--recommended"], &files);
    println!("{report}");
    assert!(report.contains(" 0 violations"), "{report}");
    // Recommended properties are warnings (a bare dataset has no themes, contact or coverage;
    // the portal knows no planned availability, licence type or geometry). A dataset whose
    // publisher filled every field has all the recommended properties of a dcat:Dataset, and
    // its publisher has a type.
    for focus in ["/data/budget> ", "/bodies/mf> "] {
        assert!(
            !report
                .lines()
                .any(|l| l.contains("Warning: <") && l.contains(focus)),
            "a recommended property of {focus}is missing:\n{report}"
        );
    }
    // The three serialisations say the same thing.
    validate(
        &dir,
        &["--isomorphic"],
        &["catalog.ttl", "catalog.rdf", "catalog.jsonld"],
    );
    validate(
        &dir,
        &["--isomorphic"],
        &["budget.ttl", "budget.rdf", "budget.jsonld"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
