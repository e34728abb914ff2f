//! Static assets embedded in the binary and served under content-hashed names
//! (`/static/app.3f2a9c1e.css`) with a year-long immutable cache.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

const FILES: [(&str, &str, &[u8]); 3] = [
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/app.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../static/favicon.svg"),
    ),
];

#[derive(Debug)]
struct Asset {
    content_type: &'static str,
    bytes: &'static [u8],
}

/// The embedded files by hashed name, and the hashed name of each logical name.
#[derive(Debug)]
pub struct Assets {
    by_hashed: HashMap<String, Asset>,
    urls: HashMap<&'static str, String>,
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}

impl Assets {
    #[must_use]
    pub fn new() -> Self {
        let mut by_hashed = HashMap::new();
        let mut urls = HashMap::new();
        for (name, content_type, bytes) in FILES {
            let hash = hex::encode(&Sha256::digest(bytes)[..5]);
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let hashed = format!("{stem}.{hash}.{ext}");
            urls.insert(name, format!("/static/{hashed}"));
            by_hashed.insert(
                hashed,
                Asset {
                    content_type,
                    bytes,
                },
            );
        }
        Self { by_hashed, urls }
    }

    /// The URL of a logical asset name (`app.css`).
    #[must_use]
    pub fn url(&self, name: &str) -> String {
        self.urls
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("/static/{name}"))
    }
}

/// `GET /static/{name}`.
#[allow(clippy::unused_async, reason = "axum handlers are async")]
pub async fn serve(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.assets.by_hashed.get(&name) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.bytes,
        )
            .into_response(),
        None => AppError::NotFound.into_response(),
    }
}
