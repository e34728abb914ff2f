//! The OpenAPI document is a reviewed artefact: `docs/openapi.json` must equal what the code
//! generates, so an accidental API change shows in review. After an intended change, run
//! `UPDATE_SNAPSHOTS=1 cargo test -p opengov --test openapi_snapshot` and commit the file.

#[test]
fn the_openapi_document_matches_the_reviewed_snapshot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let generated =
        serde_json::to_string_pretty(&opengov::openapi::document()).expect("serialize") + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &generated).expect("write the snapshot");
        return;
    }
    let reviewed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        reviewed == generated,
        "the API changed: review the difference, then run UPDATE_SNAPSHOTS=1 cargo test -p opengov --test openapi_snapshot"
    );
}
