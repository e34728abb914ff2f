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
