//! The shared application state every handler receives.

use std::sync::Arc;

use opengov_kernel::{Catalog, Clock, Config, Db};

use crate::assets::Assets;
use crate::metrics::Metrics;

/// A link in the main navigation; each portal adds its own when it is mounted.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label_key: &'static str,
}

/// Everything a request may need. Cheap to clone (all shared).
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub catalog: Arc<Catalog>,
    pub storage: Arc<dyn opengov_storage::Storage>,
    pub assets: Arc<Assets>,
    pub metrics: Arc<Metrics>,
    pub nav: Arc<Vec<NavItem>>,
    /// In-process snapshots of read-mostly data (see `cache`).
    pub caches: Arc<crate::cache::Caches>,
    /// Per-node request limits of machine APIs (see `ratelimit`).
    pub limiter: Arc<crate::ratelimit::Limiter>,
    /// Services built at start that portals find by type (see `services`).
    pub services: Arc<crate::services::Services>,
}

impl AppState {
    /// The current time as stored in the database.
    #[must_use]
    pub fn now(&self) -> opengov_kernel::Ts {
        opengov_kernel::Ts(self.clock.now())
    }
}
