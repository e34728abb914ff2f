//! In-process snapshots of small, read-mostly data (such as the directory of government bodies),
//! so hot public pages answer from memory.
//!
//! A snapshot is reloaded when it is older than its time-to-live, and dropped at once when this
//! node changes the data (`invalidate`). Other nodes therefore see a change within the TTL; pages
//! that must be exact (administration, anything inside a transaction) read the database.
//! While one request reloads a stale snapshot, the others keep serving the previous one.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// One cached value of type `T`.
pub struct Snapshot<T> {
    slot: RwLock<Option<(Arc<T>, Instant)>>,
    loading: tokio::sync::Mutex<()>,
    ttl: Duration,
}

impl<T> std::fmt::Debug for Snapshot<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl<T: Send + Sync + 'static> Snapshot<T> {
    #[must_use]
    pub fn new(ttl: Duration) -> Self {
        Self {
            slot: RwLock::new(None),
            loading: tokio::sync::Mutex::new(()),
            ttl,
        }
    }

    fn current(&self) -> Option<(Arc<T>, bool)> {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .map(|(value, at)| (value.clone(), at.elapsed() < self.ttl))
    }

    /// The value, loading it when missing or stale.
    pub async fn get<F, Fut, E>(&self, load: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let stale = match self.current() {
            Some((value, true)) => return Ok(value),
            Some((value, false)) => Some(value),
            None => None,
        };
        let _guard = match (self.loading.try_lock(), stale) {
            (Ok(guard), _) => guard,
            // Someone else is reloading: serve what we have.
            (Err(_), Some(value)) => return Ok(value),
            (Err(_), None) => {
                let guard = self.loading.lock().await;
                if let Some((value, true)) = self.current() {
                    return Ok(value);
                }
                guard
            }
        };
        let value = Arc::new(load().await?);
        *self.slot.write().unwrap_or_else(PoisonError::into_inner) =
            Some((value.clone(), Instant::now()));
        Ok(value)
    }

    /// Forgets the value; the next `get` loads it again.
    pub fn invalidate(&self) {
        *self.slot.write().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// The snapshots of one application, by type.
#[derive(Default)]
pub struct Caches {
    map: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches").finish_non_exhaustive()
    }
}

impl Caches {
    /// The snapshot of `T`, created with `ttl` on first use.
    #[must_use]
    pub fn snapshot<T: Send + Sync + 'static>(&self, ttl: Duration) -> Arc<Snapshot<T>> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(Snapshot::<T>::new(ttl)) as Arc<dyn Any + Send + Sync>)
            .clone();
        drop(map);
        match entry.downcast::<Snapshot<T>>() {
            Ok(snapshot) => snapshot,
            // Unreachable: the map is keyed by the type it stores.
            Err(_) => Arc::new(Snapshot::new(ttl)),
        }
    }

    /// Forgets every snapshot (after changes made outside the usual paths, such as in tests).
    pub fn clear(&self) {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loads_once_until_invalidated_or_stale() {
        let caches = Caches::default();
        let snap = caches.snapshot::<u32>(Duration::from_millis(50));
        let calls = std::sync::atomic::AtomicU32::new(0);
        let load =
            || async { Ok::<_, ()>(calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1) };
        assert_eq!(snap.get(load).await.map(|v| *v), Ok(1));
        assert_eq!(snap.get(load).await.map(|v| *v), Ok(1), "cached");
        snap.invalidate();
        assert_eq!(
            snap.get(load).await.map(|v| *v),
            Ok(2),
            "reloaded after invalidation"
        );
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(
            snap.get(load).await.map(|v| *v),
            Ok(3),
            "reloaded when stale"
        );
        assert_eq!(
            caches
                .snapshot::<u32>(Duration::from_secs(1))
                .get(load)
                .await
                .map(|v| *v),
            Ok(3),
            "same snapshot by type"
        );
    }
}
