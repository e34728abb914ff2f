//! Pagination conventions (see `docs/api-design.md`): `limit` (default 50, at most 500) and
//! either `offset` for shallow pages or `after` (a keyset cursor: the last id seen) for deep ones.

use serde::Deserialize;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

#[derive(Debug, Clone, Copy, Deserialize, Default)]
pub struct PageParams {
    pub limit: Option<i64>,
    pub after: Option<i64>,
    pub page: Option<i64>,
}

impl PageParams {
    /// The limit clamped to `1..=MAX_LIMIT`.
    #[must_use]
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }

    /// The 1-based page number for HTML lists, at least 1.
    #[must_use]
    pub fn page(&self) -> i64 {
        self.page.unwrap_or(1).clamp(1, 1_000_000)
    }

    /// The offset of the page for HTML lists of `per_page` rows.
    #[must_use]
    pub fn offset(&self, per_page: i64) -> i64 {
        (self.page() - 1) * per_page
    }
}
