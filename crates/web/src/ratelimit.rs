//! Per-node request limits for busy machine APIs (the CKAN Action API): a fixed one-minute
//! window per key, counted in memory, so a limit costs no database write. With several nodes
//! behind a load balancer each node counts its own share, so the effective limit is the limit
//! times the number of nodes; the sign-in and sign-up limits, which must be exact, are kept in
//! the database instead (`opengov_accounts::ratelimit`).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Fixed-window counters.
#[derive(Debug)]
pub struct Limiter {
    window: Duration,
    counters: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Default for Limiter {
    fn default() -> Self {
        Self::new(Duration::from_mins(1))
    }
}

impl Limiter {
    #[must_use]
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            counters: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request for `key`; `Err(seconds)` to wait when `max` are already used in the
    /// current window.
    pub fn hit(&self, key: &str, max: u32) -> Result<(), u64> {
        let now = Instant::now();
        let mut counters = self.counters.lock().unwrap_or_else(PoisonError::into_inner);
        if counters.len() > 100_000 {
            let window = self.window;
            counters.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = counters.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= max {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_limit_per_window_and_others_are_unaffected() {
        let l = Limiter::new(Duration::from_millis(200));
        assert!(l.hit("a", 2).is_ok());
        assert!(l.hit("a", 2).is_ok());
        let wait = l.hit("a", 2).expect_err("over the limit");
        assert!(wait >= 1);
        assert!(l.hit("b", 2).is_ok(), "another key has its own count");
        std::thread::sleep(Duration::from_millis(250));
        assert!(l.hit("a", 2).is_ok(), "a new window");
    }
}
