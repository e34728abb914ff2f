//! The clock: every "now" in opengov comes from here, so tests can move time.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// Source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant, in UTC, truncated to microseconds (what both backends store).
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        crate::db::truncate_micros(Utc::now())
    }
}

/// The real clock moved by a fixed amount: for demonstrations and browser tests that need to
/// see deadlines pass (`clock_offset_days` in the configuration). Never set in production.
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    pub offset: Duration,
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        crate::db::truncate_micros(Utc::now() + self.offset)
    }
}

/// The clock the configuration asks for: the real one, or the real one shifted.
#[must_use]
pub fn configured(offset_days: i64) -> Arc<dyn Clock> {
    if offset_days == 0 {
        Arc::new(SystemClock)
    } else {
        Arc::new(ShiftedClock {
            offset: Duration::days(offset_days),
        })
    }
}

/// A clock that only moves when told to; shared by clones.
#[derive(Debug, Clone)]
pub struct FakeClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl FakeClock {
    #[must_use]
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(crate::db::truncate_micros(start))),
        }
    }

    /// Moves the clock forward (or backward, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now = crate::db::truncate_micros(to);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
