//! Reading a filing form sent as `multipart/form-data`: text fields with a bound each, and
//! attachments streamed straight to storage (never held whole in memory), each limited in size,
//! typed by sniffing its content, and recorded as the uploader's pending file. Files kept from
//! an earlier attempt come back as `attachment` ids.

use std::collections::HashMap;

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use opengov_web::upload::{self, Upload};
use opengov_web::{AppError, AppResult, AppState, Msg};

use crate::domain::{safe_filename, sniff_attachment};
use crate::store::{self, AttachmentRow};

/// The largest text field accepted, in bytes.
const TEXT_FIELD_BYTES: usize = 256 * 1024;
/// The most fields a form may carry.
const MAX_FIELDS: usize = 64;

/// What the form carried.
#[derive(Debug, Default)]
pub struct Parsed {
    pub fields: HashMap<String, String>,
    /// Files stored now or kept from an earlier attempt (pending rows of the uploader).
    pub attachment_ids: Vec<i64>,
    /// Problems with files, to show next to the file control.
    pub file_errors: Vec<Msg>,
}

impl Parsed {
    #[must_use]
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Streams one file field into storage; a refused file comes back as a message.
async fn store_file(
    state: &AppState,
    user_id: i64,
    field: Field<'_>,
    filename: String,
) -> AppResult<Result<i64, Msg>> {
    let limit = state.config.appeals.attachment_bytes;
    let key = upload::new_key(&format!("appeals/{user_id}"));
    let stored = match upload::store_field(state, field, &key, limit).await? {
        Upload::Stored(s) => s,
        Upload::TooLarge => {
            return Ok(Err(Msg::new("appeal-error-file-too-large")
                .arg("name", &filename)
                .arg("max", limit / (1024 * 1024))));
        }
        Upload::Empty => {
            return Ok(Err(
                Msg::new("appeal-error-file-empty").arg("name", &filename)
            ));
        }
    };
    let Some(media_type) = sniff_attachment(&stored.head, &filename) else {
        let _ = state.storage.delete(&key).await;
        return Ok(Err(
            Msg::new("appeal-error-file-type").arg("name", &filename)
        ));
    };
    let id = store::add_pending_attachment(
        &state.db,
        &AttachmentRow {
            id: 0,
            appeal_id: None,
            user_id,
            storage_key: key,
            filename,
            media_type: media_type.to_owned(),
            size: stored.size as i64,
            sha256: stored.sha256,
        },
        state.now(),
    )
    .await?;
    Ok(Ok(id))
}

/// Reads the whole form. Bad framing is a 400; a refused file is a message, and the other
/// fields are still read so nothing typed is lost.
pub async fn read(state: &AppState, user_id: i64, mut multipart: Multipart) -> AppResult<Parsed> {
    let mut parsed = Parsed::default();
    let mut kept: Vec<i64> = Vec::new();
    let mut fields = 0usize;
    let max_files = state.config.appeals.attachments_max;
    let mut new_files = 0usize;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("error-multipart"))?
    {
        fields += 1;
        if fields > MAX_FIELDS + max_files {
            return Err(AppError::bad_request("error-multipart"));
        }
        let name = field.name().unwrap_or("").to_owned();
        // A file control left empty sends a part with an empty file name (browsers) or none.
        let filename = field
            .file_name()
            .filter(|n| !n.trim().is_empty())
            .map(safe_filename);
        match (name.as_str(), filename) {
            ("files", Some(filename)) => {
                if kept.len() + new_files >= max_files {
                    upload::drain(field).await?;
                    parsed
                        .file_errors
                        .push(Msg::new("appeal-error-too-many-files").arg("max", max_files));
                    continue;
                }
                match store_file(state, user_id, field, filename).await? {
                    Ok(id) => {
                        new_files += 1;
                        parsed.attachment_ids.push(id);
                    }
                    Err(msg) => parsed.file_errors.push(msg),
                }
            }
            ("files", None) => upload::drain(field).await?,
            ("attachment", _) => {
                if let Ok(id) = upload::read_text(field, TEXT_FIELD_BYTES)
                    .await?
                    .trim()
                    .parse::<i64>()
                {
                    kept.push(id);
                }
            }
            _ => {
                let value = upload::read_text(field, TEXT_FIELD_BYTES).await?;
                parsed.fields.insert(name, value);
            }
        }
    }
    // Kept files must be the uploader's own, still pending.
    if !kept.is_empty() {
        let own = store::pending_of(&state.db, user_id, &kept).await?;
        let mut ids: Vec<i64> = own.iter().map(|r| r.id).collect();
        ids.truncate(max_files.saturating_sub(new_files));
        ids.append(&mut parsed.attachment_ids);
        parsed.attachment_ids = ids;
    }
    Ok(parsed)
}

/// Deletes uploads kept for a form that was never sent again, a day after they came; returns
/// how many went. Run by the hourly maintenance.
pub async fn clean_pending(state: &AppState) -> AppResult<usize> {
    let cutoff = opengov_kernel::Ts(state.now().0 - chrono::Duration::days(1));
    let mut removed = 0;
    for (id, key) in store::stale_pending(&state.db, cutoff).await? {
        // The row goes first: a file without a row is harmless, a row without its file is not.
        if store::delete_pending(&state.db, id).await? == 1 {
            match state.storage.delete(&key).await {
                Ok(()) | Err(opengov_storage::StorageError::NotFound(_)) => {}
                Err(e) => tracing::warn!(%e, key, "could not delete a stale upload"),
            }
            removed += 1;
        }
    }
    Ok(removed)
}
