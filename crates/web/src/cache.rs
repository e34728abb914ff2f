//! In-process snapshots of small, read-mostly data (such as the directory of government bodies),
//! so hot public pages answer from memory.
//!
//! A snapshot is reloaded when it is older than its time-to-live, and dropped at once when this
//! node changes the data (`invalidate`). Other nodes therefore see a change within the TTL; pages
//! that must be exact (administration, anything inside a transaction) read the database.
//! While one request reloads a stale snapshot, the others keep serving the previous one.
//!
//! Snapshots of expensive aggregates use [`Snapshot::get_stale_while_revalidate`] instead (the
//! `max-age` + `stale-while-revalidate` rule of RFC 5861): once a value exists, a request is
//! answered from memory at once and a stale value is reloaded in the background.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Lowers a flag when dropped, so a panicking reload does not block the next one.
struct ClearOnDrop<'a>(&'a AtomicBool);

impl Drop for ClearOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// One cached value of type `T`.
pub struct Snapshot<T> {
    slot: RwLock<Option<(Arc<T>, Instant)>>,
    loading: tokio::sync::Mutex<()>,
    /// A background reload is running (see [`Snapshot::get_stale_while_revalidate`]).
    refreshing: AtomicBool,
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
            refreshing: AtomicBool::new(false),
            ttl,
        }
    }

    /// The value and its age (since its load started).
    fn current_with_age(&self) -> Option<(Arc<T>, Duration)> {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .map(|(value, at)| (value.clone(), at.elapsed()))
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

    /// The value without waiting for a reload once one exists (stale-while-revalidate).
    ///
    /// - Younger than the TTL: returned as is.
    /// - Older than the TTL but younger than TTL + `stale_for`: returned at once, and one
    ///   background task (`tokio::spawn`) reloads it; other callers keep getting the stale value
    ///   meanwhile and start no second reload.
    /// - Missing, or older than TTL + `stale_for` (nobody asked for a long time): loaded before
    ///   answering, so a value served is never older than TTL + `stale_for` plus one load.
    ///
    /// A value's age counts from the start of the load that produced it, so it bounds how far
    /// behind the data it can be. A failed background reload keeps the old value (and is
    /// logged); the next request past the TTL tries again.
    pub async fn get_stale_while_revalidate<F, Fut, E>(
        self: &Arc<Self>,
        stale_for: Duration,
        load: F,
    ) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        match self.current_with_age() {
            Some((value, age)) if age < self.ttl => return Ok(value),
            Some((value, age)) if age < self.ttl.saturating_add(stale_for) => {
                if self
                    .refreshing
                    .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
                {
                    let this = Arc::clone(self);
                    tokio::spawn(async move {
                        let _done = ClearOnDrop(&this.refreshing);
                        let _guard = this.loading.lock().await;
                        // Someone may have loaded a fresh value while we waited for the lock.
                        if matches!(this.current_with_age(), Some((_, age)) if age < this.ttl) {
                            return;
                        }
                        let started = Instant::now();
                        match load().await {
                            Ok(value) => {
                                this.store(value, started);
                            }
                            Err(err) => tracing::warn!(%err, "snapshot reload failed"),
                        }
                    });
                }
                return Ok(value);
            }
            _ => {}
        }
        let _guard = self.loading.lock().await;
        if let Some((value, age)) = self.current_with_age()
            && age < self.ttl
        {
            return Ok(value);
        }
        let started = Instant::now();
        let value = load().await?;
        Ok(self.store(value, started))
    }

    fn store(&self, value: T, loaded_from: Instant) -> Arc<T> {
        let value = Arc::new(value);
        *self.slot.write().unwrap_or_else(PoisonError::into_inner) =
            Some((value.clone(), loaded_from));
        value
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

    /// A loader that counts its calls, takes `delay` and yields the call number.
    fn counting(
        calls: &Arc<std::sync::atomic::AtomicU32>,
        delay: Duration,
    ) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = Result<u32, String>> + Send>>
    + Send
    + 'static {
        let calls = Arc::clone(calls);
        move || {
            Box::pin(async move {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(delay).await;
                Ok(n)
            })
        }
    }

    #[tokio::test]
    async fn stale_values_are_served_at_once_and_reloaded_in_the_background() {
        let ttl = Duration::from_millis(100);
        let snap = Arc::new(Snapshot::<u32>::new(ttl));
        let calls = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let slow = Duration::from_millis(300);
        let window = Duration::from_secs(30);

        // Nothing yet: the first caller waits for the load.
        let v = snap.get_stale_while_revalidate(window, counting(&calls, Duration::ZERO));
        assert_eq!(v.await.map(|v| *v), Ok(1));
        // Fresh: served from memory, no load.
        let v = snap.get_stale_while_revalidate(window, counting(&calls, slow));
        assert_eq!(v.await.map(|v| *v), Ok(1));
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // Stale: the old value comes back without waiting for the slow reload...
        tokio::time::sleep(ttl + Duration::from_millis(20)).await;
        let started = Instant::now();
        let v = snap.get_stale_while_revalidate(window, counting(&calls, slow));
        assert_eq!(v.await.map(|v| *v), Ok(1));
        assert!(started.elapsed() < slow, "did not wait for the reload");
        // ...and a second stale read starts no second reload.
        let v = snap.get_stale_while_revalidate(window, counting(&calls, slow));
        assert_eq!(v.await.map(|v| *v), Ok(1));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(calls.load(Ordering::SeqCst), 2, "one background reload");

        // Once the background reload is done, the new value is served.
        tokio::time::sleep(slow + Duration::from_millis(50)).await;
        let v = snap.get_stale_while_revalidate(window, counting(&calls, slow));
        assert_eq!(v.await.map(|v| *v), Ok(2));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn values_older_than_the_stale_window_are_reloaded_before_answering() {
        let ttl = Duration::from_millis(50);
        let snap = Arc::new(Snapshot::<u32>::new(ttl));
        let calls = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let window = Duration::from_millis(50);
        let v = snap.get_stale_while_revalidate(window, counting(&calls, Duration::ZERO));
        assert_eq!(v.await.map(|v| *v), Ok(1));
        tokio::time::sleep(ttl + window + Duration::from_millis(20)).await;
        let v = snap.get_stale_while_revalidate(window, counting(&calls, Duration::ZERO));
        assert_eq!(
            v.await.map(|v| *v),
            Ok(2),
            "too old to serve: reloaded first"
        );
    }

    #[tokio::test]
    async fn a_failed_background_reload_keeps_the_old_value() {
        let ttl = Duration::from_millis(30);
        let snap = Arc::new(Snapshot::<u32>::new(ttl));
        let window = Duration::from_secs(30);
        let v = snap.get_stale_while_revalidate(window, || async { Ok::<_, String>(7) });
        assert_eq!(v.await.map(|v| *v), Ok(7));
        tokio::time::sleep(ttl + Duration::from_millis(10)).await;
        let v = snap.get_stale_while_revalidate(window, || async {
            Err::<u32, _>("database down".to_owned())
        });
        assert_eq!(v.await.map(|v| *v), Ok(7));
        tokio::time::sleep(Duration::from_millis(20)).await;
        let v = snap.get_stale_while_revalidate(window, || async { Ok::<_, String>(8) });
        assert_eq!(v.await.map(|v| *v), Ok(7), "stale, reloading again");
        tokio::time::sleep(Duration::from_millis(20)).await;
        let v = snap.get_stale_while_revalidate(window, || async { Ok::<_, String>(9) });
        assert_eq!(v.await.map(|v| *v), Ok(8));
    }
}
