#![doc = include_str!("../README.md")]

pub mod calendar;
pub mod clock;
pub mod config;
pub mod db;
pub mod i18n;
pub mod roles;
pub mod secret;
pub mod text;

pub use calendar::{DayKind, Period, WorkCalendar};
pub use clock::{Clock, FakeClock, SystemClock};
pub use config::{AppealsConfig, Config, DutyRules};
pub use db::{Db, DbError, Ts, Tx};
pub use i18n::{Catalog, Lang};
pub use roles::Role;
pub use text::LocalizedText;
