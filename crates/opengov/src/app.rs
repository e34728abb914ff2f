//! Assembling the application: state, routes and the middleware stack.
//!
//! A request passes, outside in: request id → trace span → metrics → security headers →
//! language → caller (session or token) → CSRF cookie → error rendering → CSRF check → panic
//! guard → body limit → timeout → the route's handler. See ARCHITECTURE.md for the walkthrough.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use opengov_kernel::db::DbOptions;
use opengov_kernel::{Catalog, Clock, Config, Db};
use opengov_web::assets::Assets;
use opengov_web::metrics::Metrics;
use opengov_web::state::NavItem;
use opengov_web::{AppState, auth, csrf, ctx, error, headers, metrics};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("cannot open the database: {0}")]
    Db(#[from] opengov_kernel::DbError),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("message catalogue: {0}")]
    Catalog(#[from] opengov_kernel::i18n::CatalogError),
    #[error("file storage: {0}")]
    Storage(#[from] opengov_storage::StorageError),
    #[error("datastore: {0}")]
    Datastore(#[from] opengov_datastore::DatastoreError),
}

/// The main navigation; portals add their entry when they are mounted.
fn navigation() -> Vec<NavItem> {
    vec![
        NavItem {
            href: "/",
            label_key: "nav-home",
        },
        NavItem {
            href: "/data",
            label_key: "nav-data",
        },
        NavItem {
            href: "/appeals",
            label_key: "nav-appeals",
        },
        NavItem {
            href: "/bodies",
            label_key: "nav-bodies",
        },
        NavItem {
            href: "/audit",
            label_key: "nav-audit",
        },
    ]
}

/// Opens the database (creating and migrating it), and prepares the shared services.
/// The state with the clock the configuration asks for (see `clock_offset_days`).
pub async fn build_state_clocked(config: Config) -> Result<AppState, StartError> {
    let clock = opengov_kernel::clock::configured(config.clock_offset_days);
    if config.clock_offset_days != 0 {
        tracing::warn!(
            days = config.clock_offset_days,
            "the clock is shifted (clock_offset_days)"
        );
    }
    build_state(config, clock).await
}

pub async fn build_state(config: Config, clock: Arc<dyn Clock>) -> Result<AppState, StartError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
    let mut options = DbOptions::default();
    if config.db_max_connections > 0 {
        options.max_connections = config.db_max_connections;
    }
    let db = Db::connect(config.database_url(), &config.sqlite_path(), &options).await?;
    db.migrate().await?;
    build_state_with_db(config, clock, db)
}

/// Same as [`build_state`] on an already migrated database (used by tests).
pub fn build_state_with_db(
    config: Config,
    clock: Arc<dyn Clock>,
    db: Db,
) -> Result<AppState, StartError> {
    let storage: Arc<dyn opengov_storage::Storage> = match &config.storage.s3_bucket {
        Some(bucket) => Arc::new(opengov_storage::ObjectStorage::s3(
            &opengov_storage::S3Settings {
                bucket: bucket.clone(),
                endpoint: config.storage.s3_endpoint.clone(),
                region: config.storage.s3_region.clone(),
                access_key: config
                    .storage
                    .s3_access_key
                    .as_ref()
                    .map(|s| s.expose().to_owned()),
                secret_key: config
                    .storage
                    .s3_secret_key
                    .as_ref()
                    .map(|s| s.expose().to_owned()),
            },
        )?),
        None => Arc::new(opengov_storage::LocalStorage::new(
            config.data_dir.join("files"),
        )?),
    };
    tracing::debug!(storage = %storage.describe(), "file storage");
    let services = Arc::new(opengov_web::services::Services::default());
    services.insert(Arc::new(opengov_datastore::Datastore::open(
        &db,
        &config.data_dir.join("datastore"),
    )?));
    services.insert(Arc::new(opengov_opendata::search::Catalogue::open(
        &config.data_dir.join("search"),
        config.search_result_cache,
    )));
    Ok(AppState {
        db,
        clock,
        catalog: Arc::new(Catalog::platform()?),
        storage,
        assets: Arc::new(Assets::new()),
        metrics: Arc::new(Metrics::default()),
        nav: Arc::new(navigation()),
        caches: Arc::new(opengov_web::cache::Caches::default()),
        limiter: Arc::new(opengov_web::ratelimit::Limiter::default()),
        services,
        config: Arc::new(config),
    })
}

/// Every route of the application with the shared middleware.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let routes = Router::new()
        .route("/", get(crate::home::home))
        .route("/healthz", get(crate::home::healthz))
        .route("/metrics", get(crate::home::metrics))
        .route("/api/docs", get(crate::home::api_docs))
        .route("/api/openapi.json", get(crate::home::openapi))
        .route("/static/{name}", get(opengov_web::assets::serve))
        .merge(opengov_accounts::router())
        .merge(opengov_bodies::router())
        .merge(opengov_duty::router())
        .merge(opengov_audit::router())
        .merge(opengov_jobs::router())
        .merge(opengov_notify::router())
        .merge(opengov_dialogue::router())
        .merge(opengov_opendata::router())
        .fallback(crate::home::not_found);
    routes
        .layer(from_fn_with_state(state.clone(), opengov_web::timeout::limit))
        .layer(DefaultBodyLimit::max(state.config.limits.body_bytes))
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(state.clone(), csrf::verify))
        .layer(from_fn_with_state(state.clone(), error::render_errors))
        .layer(from_fn_with_state(state.clone(), csrf::provide))
        .layer(from_fn_with_state(state.clone(), auth::load_user))
        .layer(from_fn_with_state(state.clone(), ctx::negotiate_lang))
        .layer(from_fn_with_state(state.clone(), headers::security_headers))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
