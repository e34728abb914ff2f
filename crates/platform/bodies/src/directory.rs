//! The public directory of bodies as an in-memory snapshot (see `opengov_web::cache`): the body
//! pages and the list answer from memory. It is reloaded every few seconds and dropped at once
//! when this node changes a body, a role or an account that shows on a body page; other nodes
//! see a change within [`TTL`]. Administration pages and the JSON API read the database.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use opengov_web::{AppResult, AppState};

use crate::store::{self, Body, Official};

/// How stale the directory may be on a node that did not make the change.
pub const TTL: Duration = Duration::from_secs(5);

/// Every body (active or not) with its subordinates and officials.
#[derive(Debug, Default)]
pub struct Directory {
    bodies: Vec<Body>,
    active: Vec<Body>,
    by_id: HashMap<i64, usize>,
    by_slug: HashMap<String, usize>,
    children: HashMap<i64, Vec<usize>>,
    officials: HashMap<i64, Vec<Official>>,
}

impl Directory {
    /// Builds the directory from the bodies (in id order) and all officials.
    #[must_use]
    pub fn new(bodies: Vec<Body>, officials: Vec<(i64, Official)>) -> Self {
        let mut by_id = HashMap::with_capacity(bodies.len());
        let mut by_slug = HashMap::with_capacity(bodies.len());
        let mut children: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, b) in bodies.iter().enumerate() {
            by_id.insert(b.id, i);
            by_slug.insert(b.slug.clone(), i);
            if let (Some(parent), true) = (b.parent_id, b.active) {
                children.entry(parent).or_default().push(i);
            }
        }
        let mut grouped: HashMap<i64, Vec<Official>> = HashMap::new();
        for (body_id, official) in officials {
            grouped.entry(body_id).or_default().push(official);
        }
        let active = bodies.iter().filter(|b| b.active).cloned().collect();
        Self {
            bodies,
            active,
            by_id,
            by_slug,
            children,
            officials: grouped,
        }
    }

    #[must_use]
    pub fn by_slug(&self, slug: &str) -> Option<&Body> {
        self.by_slug.get(slug).and_then(|i| self.bodies.get(*i))
    }

    #[must_use]
    pub fn by_id(&self, id: i64) -> Option<&Body> {
        self.by_id.get(&id).and_then(|i| self.bodies.get(*i))
    }

    /// Active subordinates, in id order.
    #[must_use]
    pub fn children(&self, id: i64) -> Vec<&Body> {
        self.children
            .get(&id)
            .map(|v| v.iter().filter_map(|i| self.bodies.get(*i)).collect())
            .unwrap_or_default()
    }

    #[must_use]
    pub fn officials(&self, id: i64) -> &[Official] {
        self.officials.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The bodies above `id`, nearest first (bounded, so a cycle in bad data cannot loop).
    #[must_use]
    pub fn ancestors(&self, id: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut current = self.by_id(id).and_then(|b| b.parent_id);
        while let Some(p) = current {
            if out.contains(&p) || out.len() > 64 {
                break;
            }
            out.push(p);
            current = self.by_id(p).and_then(|b| b.parent_id);
        }
        out
    }

    /// `id` and every body below it, at any depth.
    #[must_use]
    pub fn subtree(&self, id: i64) -> Vec<i64> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() && out.len() < 100_000 {
            for child in self.children(out[i]) {
                if !out.contains(&child.id) {
                    out.push(child.id);
                }
            }
            i += 1;
        }
        out
    }

    /// Active bodies, in id order.
    #[must_use]
    pub fn active(&self) -> &[Body] {
        &self.active
    }
}

/// The current directory, loaded when missing or stale.
pub async fn get(state: &AppState) -> AppResult<Arc<Directory>> {
    let snapshot = state.caches.snapshot::<Directory>(TTL);
    let db = state.db.clone();
    let directory = snapshot
        .get(|| async move {
            let bodies = store::list_all(&db, true).await?;
            let officials = store::all_officials(&db).await?;
            Ok::<_, opengov_kernel::DbError>(Directory::new(bodies, officials))
        })
        .await?;
    Ok(directory)
}

/// Drops the snapshot after this node changed bodies, roles or accounts.
pub fn invalidate(state: &AppState) {
    state.caches.snapshot::<Directory>(TTL).invalidate();
}
