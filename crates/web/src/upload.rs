//! Streaming one `multipart/form-data` file field into storage: chunk by chunk, never whole in
//! memory, refused past a limit, with its SHA-256 and first bytes for sniffing. Every portal that
//! takes files uses this; each decides which types it accepts.

use axum::extract::multipart::Field;
use bytes::Bytes;
use rand::RngCore;

use crate::{AppError, AppResult, AppState};

/// What became of a file field.
#[derive(Debug)]
pub enum Upload {
    Stored(opengov_storage::StoredObject),
    /// Larger than the limit; nothing is kept.
    TooLarge,
    /// No bytes; nothing is kept.
    Empty,
}

/// A fresh storage key under `prefix`: `prefix/<32 hex digits>`.
#[must_use]
pub fn new_key(prefix: &str) -> String {
    let mut token = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut token);
    format!("{prefix}/{}", hex::encode(token))
}

/// Streams `field` into storage under `key`, refusing more than `limit` bytes. A field that is
/// too large is still read to its end, so the fields after it can be read. A broken body is a
/// 400.
pub async fn store_field(
    state: &AppState,
    mut field: Field<'_>,
    key: &str,
    limit: u64,
) -> AppResult<Upload> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let stream = Box::pin(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }));
    let put = state.storage.put(key, stream, limit);
    let feed = async move {
        let mut stopped = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    // When storage stopped reading (too large), keep reading to reach the
                    // next field.
                    if !stopped && tx.send(Ok(chunk)).await.is_err() {
                        stopped = true;
                    }
                }
                Ok(None) => return Ok(()),
                Err(_) => {
                    let _ = tx
                        .send(Err(std::io::Error::other("upload interrupted")))
                        .await;
                    return Err(AppError::bad_request("error-multipart"));
                }
            }
        }
    };
    let (stored, feeding) = tokio::join!(put, feed);
    feeding?;
    match stored {
        Ok(s) if s.size == 0 => {
            let _ = state.storage.delete(key).await;
            Ok(Upload::Empty)
        }
        Ok(s) => Ok(Upload::Stored(s)),
        Err(opengov_storage::StorageError::TooLarge { .. }) => Ok(Upload::TooLarge),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// Reads a text field of at most `max_bytes` (413 past it): UTF-8, without NUL (400 otherwise).
pub async fn read_text(mut field: Field<'_>, max_bytes: usize) -> AppResult<String> {
    let mut buf: Vec<u8> = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|_| AppError::bad_request("error-multipart"))?
    {
        if buf.len() + chunk.len() > max_bytes {
            return Err(AppError::PayloadTooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    if buf.contains(&0) {
        return Err(AppError::bad_request("error-control-chars"));
    }
    String::from_utf8(buf).map_err(|_| AppError::bad_request("error-encoding"))
}

/// Reads a field to its end and forgets it.
pub async fn drain(mut field: Field<'_>) -> AppResult<()> {
    while field
        .chunk()
        .await
        .map_err(|_| AppError::bad_request("error-multipart"))?
        .is_some()
    {}
    Ok(())
}

/// A file name safe to show and to send back: no path, no control characters or quotes, at
/// most 120 characters; `file` when nothing is left.
#[must_use]
pub fn safe_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "file".to_owned()
    } else {
        cleaned
    }
}

/// Percent-encodes a file name for `filename*=UTF-8''…` (RFC 5987 attribute characters).
fn rfc5987(name: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A stored file, streamed back as a download (never rendered inline): its type, size, an
/// ASCII name and the exact UTF-8 name (RFC 6266), and the given caching. A file missing from
/// storage is a 404.
pub async fn download(
    state: &AppState,
    key: &str,
    filename: &str,
    media_type: &str,
    size: i64,
    cache_control: &'static str,
) -> AppResult<axum::response::Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let stream = state.storage.get(key).await.map_err(|e| match e {
        opengov_storage::StorageError::NotFound(_) => AppError::NotFound,
        other => AppError::internal(other),
    })?;
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        rfc5987(filename)
    );
    Ok((
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, size.to_string()),
            (header::CACHE_CONTROL, cache_control.to_owned()),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response())
}
