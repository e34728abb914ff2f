//! Long-lived services that platform crates build at start and portals use (the datastore, the
//! search index), found by type so that `web` need not know the crates that define them.
//!
//! The binary inserts each service once while it assembles the state; a handler that asks for a
//! service nobody inserted gets an internal error rather than a panic.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// A map from a service's type to the one instance of it.
#[derive(Default)]
pub struct Services {
    map: RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").finish_non_exhaustive()
    }
}

impl Services {
    /// Registers `service`, replacing an earlier one of the same type.
    pub fn insert<T: Send + Sync + 'static>(&self, service: Arc<T>) {
        self.map
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(TypeId::of::<T>(), service);
    }

    /// The service of type `T`, if one was registered.
    #[must_use]
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        let entry = self
            .map
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&TypeId::of::<T>())
            .cloned()?;
        entry.downcast::<T>().ok()
    }

    /// The service of type `T`, or an internal error naming it.
    pub fn require<T: Send + Sync + 'static>(&self) -> crate::AppResult<Arc<T>> {
        self.get::<T>().ok_or_else(|| {
            crate::AppError::Internal(format!(
                "service {} is not registered",
                std::any::type_name::<T>()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_service_by_its_type_and_nothing_else() {
        let services = Services::default();
        services.insert(Arc::new(7_u32));
        assert_eq!(services.get::<u32>().as_deref(), Some(&7));
        assert!(services.get::<u64>().is_none());
        assert!(services.require::<String>().is_err());
    }
}
