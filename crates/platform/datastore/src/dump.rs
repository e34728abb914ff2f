//! Every row of a table as CSV, TSV or JSON, streamed in batches of 5,000 rows read by `_id`
//! (a keyset walk), so memory does not grow with the table.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::Stream;
use serde_json::Value as Json;

use crate::query::{Cursor, Search};
use crate::{Datastore, DatastoreError, Table};

const BATCH: u64 = 5_000;

/// The formats of `/datastore/dump/{id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpFormat {
    Csv,
    Tsv,
    Json,
}

impl DumpFormat {
    /// `csv`, `tsv` or `json` (case-insensitive); anything else is `None`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "tsv" => Some(Self::Tsv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Tsv => "text/tab-separated-values; charset=utf-8",
            Self::Json => "application/json",
        }
    }

    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
        }
    }
}

/// Writes one cell's JSON value as delimited text.
fn cell_text(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Appends `cells` as one CSV (RFC 4180) or TSV line.
pub fn write_line(out: &mut Vec<u8>, cells: &[String], format: DumpFormat) {
    let tsv = format == DumpFormat::Tsv;
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(if tsv { b'\t' } else { b',' });
        }
        if tsv {
            // TSV has no quoting: tabs and line breaks inside a value become spaces.
            out.extend(cell.bytes().map(|b| {
                if matches!(b, b'\t' | b'\n' | b'\r') {
                    b' '
                } else {
                    b
                }
            }));
        } else if cell.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

struct Walk {
    store: Arc<Datastore>,
    table: Table,
    format: DumpFormat,
    after: Option<i64>,
    started: bool,
    finished: bool,
    written: u64,
}

impl Datastore {
    /// The whole table in `format`, as a stream of chunks.
    pub fn dump(
        self: &Arc<Self>,
        table: Table,
        format: DumpFormat,
    ) -> impl Stream<Item = Result<Bytes, DatastoreError>> + Send + 'static {
        let walk = Walk {
            store: self.clone(),
            table,
            format,
            after: None,
            started: false,
            finished: false,
            written: 0,
        };
        futures_util::stream::try_unfold(walk, |mut walk| async move {
            if walk.finished {
                return Ok(None);
            }
            let mut out = Vec::new();
            if !walk.started {
                walk.started = true;
                match walk.format {
                    DumpFormat::Json => out.extend_from_slice(b"["),
                    f => {
                        let mut header = vec!["_id".to_owned()];
                        header.extend(walk.table.fields.iter().map(|c| c.id.clone()));
                        write_line(&mut out, &header, f);
                    }
                }
            }
            let search = Search {
                limit: BATCH,
                include_total: false,
                after: walk.after.map(|id| Cursor {
                    value: Json::Null,
                    id,
                }),
                ..Search::default()
            };
            let page = walk.store.search(&walk.table, &search).await?;
            for row in &page.rows {
                let values: Vec<Json> = serde_json::from_str(row)
                    .map_err(|e| DatastoreError::Database(format!("row is not JSON: {e}")))?;
                if let Some(id) = values.first().and_then(Json::as_i64) {
                    walk.after = Some(id);
                }
                walk.written += 1;
                match walk.format {
                    DumpFormat::Json => {
                        if walk.written > 1 {
                            out.push(b',');
                        }
                        let mut object = serde_json::Map::new();
                        for (field, value) in page.fields.iter().zip(values) {
                            object.insert(field.id.clone(), value);
                        }
                        out.extend_from_slice(Json::Object(object).to_string().as_bytes());
                    }
                    f => {
                        let cells: Vec<String> = values.iter().map(cell_text).collect();
                        write_line(&mut out, &cells, f);
                    }
                }
            }
            if (page.rows.len() as u64) < BATCH {
                walk.finished = true;
                if walk.format == DumpFormat::Json {
                    out.extend_from_slice(b"]");
                }
            }
            Ok(Some((Bytes::from(out), walk)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it_and_tsv_flattens_tabs() {
        let mut out = Vec::new();
        let cells = vec![
            "a,b".to_owned(),
            "say \"hi\"".to_owned(),
            "plain".to_owned(),
        ];
        write_line(&mut out, &cells, DumpFormat::Csv);
        assert_eq!(out, b"\"a,b\",\"say \"\"hi\"\"\",plain\r\n");
        out.clear();
        write_line(
            &mut out,
            &["x\ty".to_owned(), "z".to_owned()],
            DumpFormat::Tsv,
        );
        assert_eq!(out, b"x y\tz\r\n");
    }
}
