#![doc = include_str!("../README.md")]

pub mod ckan;
pub mod ckan_dicts;
pub mod ckan_write;
pub mod datapackage;
pub mod datastore;
pub mod datastore_api;
pub mod dcat;
pub mod demo;
pub mod demo_tables;
pub mod domain;
pub mod feeds;
pub mod pages;
pub mod plans;
pub mod preview;
pub mod resources;
pub mod search;
pub mod store;
pub mod vocab;
pub mod workflow;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use opengov_web::AppState;

/// The catalogue's pages and the CKAN Action API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/data", get(pages::list))
        .route("/data.csv", get(feeds::csv))
        .route("/data/feed.atom", get(feeds::atom))
        .route("/data/compliance", get(plans::overview))
        .route("/data/compliance/{body}", get(plans::body_page))
        .route("/data/plans", post(plans::add))
        .route("/data/plans/{id}/remove", post(plans::remove))
        .route("/data/plans/{id}/link", post(plans::link))
        .route("/data/licences", get(pages::licences))
        .route("/data/licences/{id}", get(pages::licence))
        .route("/data/new", get(pages::new_form).post(pages::create))
        .route("/data/{name}", get(pages::show))
        .route(
            "/data/{name}/datapackage.json",
            get(datapackage::datapackage),
        )
        .route("/data/{name}/dcat.ttl", get(dcat::dataset_ttl))
        .route("/data/{name}/dcat.rdf", get(dcat::dataset_rdf))
        .route("/data/{name}/dcat.jsonld", get(dcat::dataset_jsonld))
        .route("/catalog.ttl", get(dcat::catalog_ttl))
        .route("/catalog.rdf", get(dcat::catalog_rdf))
        .route("/catalog.jsonld", get(dcat::catalog_jsonld))
        .route(
            "/data/{name}/edit",
            get(pages::edit_form).post(pages::update),
        )
        .route("/data/{name}/publish", post(pages::publish))
        .route("/data/{name}/unpublish", post(pages::unpublish))
        .route("/data/{name}/withdraw", post(pages::withdraw))
        .route("/workspace/data", get(pages::workspace))
        // Files stream to storage with their own limit (`limits.upload_bytes`).
        .route(
            "/data/{name}/resources",
            post(resources::create).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/data/{name}/resources/{id}/versions",
            post(resources::new_version).layer(DefaultBodyLimit::disable()),
        )
        .route("/data/{name}/resources/{id}", get(resources::show))
        .route(
            "/data/{name}/resources/{id}/types",
            post(resources::fix_types),
        )
        .route(
            "/data/{name}/resources/{id}/remove",
            post(resources::remove_page),
        )
        .route("/datastore/dump/{id}", get(datastore_api::dump))
        .route("/api/v1/datastore/{id}", get(datastore_api::rows))
        .route(
            "/data/{name}/resources/{id}/download",
            get(resources::download),
        )
        .route(
            "/data/{name}/resources/{id}/{version}",
            get(resources::version),
        )
        // Uploads in `resource_create` stream with their own limit; other bodies are bounded
        // in the handler.
        .route(
            "/api/3/action/{name}",
            get(ckan::action)
                .post(ckan::action)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/action/{name}",
            get(ckan::action)
                .post(ckan::action)
                .layer(DefaultBodyLimit::disable()),
        )
}
