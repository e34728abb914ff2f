//! Streaming readers for uploaded tabular files: delimited text, XLSX and JSON arrays.
//!
//! [`open`] gives a [`Rows`] that yields every data row into one reused
//! [`csv::StringRecord`], with exactly as many fields as there are columns. Memory does
//! not grow with the file: delimited text and JSON are read through fixed buffers; XLSX
//! is read by a helper thread that hands rows over a bounded channel (calamine still
//! keeps the workbook's shared strings in memory, which the zip limits bound).
//!
//! * **Delimited text**: a UTF-16 byte order mark means UTF-16 and a UTF-8 one UTF-8.
//!   Otherwise a file is UTF-8 when it all is, or when its valid characters of more than
//!   one byte outnumber its invalid sequences (a damaged UTF-8 file, whose reader reports
//!   the damaged row); anything else is read as Windows-1251, transcoded while streaming.
//!   The first rows do not decide alone: when the first 64 KiB are plain ASCII (or
//!   damaged), the rest of the file is scanned. The delimiter is the one
//!   of `,` `;` TAB `|` that is most consistent over the first 20 lines (see
//!   [`detect_delimiter`]). Quoting is RFC 4180; a stray quote inside an unquoted field
//!   is kept as a character. Lines that are empty or only whitespace, and rows whose
//!   fields are all empty, are skipped. Rows with too few fields are padded with empty
//!   fields and rows with too many are cut, both reported through
//!   [`Rows::take_problems`]. A quote still open at the end of the file is reported as
//!   [`ProblemKind::UnterminatedQuote`] (heuristic: the last field of the last row
//!   contains a line break and the file does not end with a quote); if it swallows more
//!   than [`Limits::max_row_bytes`], reading stops with [`ReadError::RowTooLarge`].
//! * **XLSX**: the zip central directory is checked first ([`ReadError::ZipBomb`]), then
//!   the first worksheet is read by calamine, cell by cell. Its first non-empty row is
//!   the header.
//! * **JSON**: a top-level array of flat objects. [`open`] makes a quick pass over the
//!   whole file to collect the union of keys (in order of first appearance), which
//!   become the columns; the rows are then read one element at a time.
//!
//! Row numbers count data rows from 1, the header not counted; row 0 means the header.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};

use calamine::{DataRef, Reader as _, Xlsx};
use encoding_rs::{CoderResult, Decoder, UTF_16BE, UTF_16LE, WINDOWS_1251};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

/// How many bytes of the start of a file are examined for encoding, delimiter and binary data.
const HEAD_BYTES: usize = 64 * 1024;
/// Buffer size for file reads.
const BUFFER_BYTES: usize = 64 * 1024;
/// Longest column name, in bytes (the `PostgreSQL` identifier limit).
const MAX_NAME_BYTES: usize = 63;
/// Most entries an XLSX zip may have.
const MAX_ZIP_ENTRIES: usize = 10_000;
/// Entries smaller than this (uncompressed) are not held to the compression ratio limit.
const RATIO_MIN_BYTES: u64 = 1024 * 1024;

/// Which reader fits a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV, TSV and similar delimited text.
    Delimited,
    /// Office Open XML workbook.
    Xlsx,
    /// A JSON array of flat objects.
    Json,
}

/// Limits that protect the loader from hostile or broken files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Longest value of one cell, in bytes (UTF-8). Default 1 MiB.
    pub max_field_bytes: usize,
    /// Most columns. Default 1000.
    pub max_columns: usize,
    /// Largest total uncompressed size of an XLSX file. Default 512 MiB.
    pub max_xlsx_uncompressed: u64,
    /// Largest compression ratio of one XLSX entry of at least 1 MiB. Default 100.
    pub max_xlsx_ratio: u64,
    /// Most data rows. Default: no limit (`u64::MAX`).
    pub max_rows: u64,
    /// Longest row (delimited text) or array element (JSON), in bytes: it bounds memory
    /// when a quote is never closed. Default 16 MiB.
    pub max_row_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_field_bytes: 1024 * 1024,
            max_columns: 1000,
            max_xlsx_uncompressed: 512 * 1024 * 1024,
            max_xlsx_ratio: 100,
            max_rows: u64::MAX,
            max_row_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What is wrong with a row that could still be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The row has fewer fields than the header; the column was left empty.
    Missing,
    /// The row has more fields than the header; the value was not loaded.
    Extra,
    /// A quote opened in this row is never closed: the rest of the file went into one value.
    UnterminatedQuote,
}

/// A problem in one row that did not stop reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Data row number (1-based).
    pub row: u64,
    /// Column name, or `(extra N)` for the N-th field (1-based) of a row longer than the header.
    pub column: String,
    /// The value concerned (empty for [`ProblemKind::Missing`]).
    pub value: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// Why an XLSX file is refused as a possible zip bomb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipBombKind {
    /// The zip has more entries than allowed.
    TooManyEntries {
        /// Entries found.
        found: usize,
        /// Most allowed.
        limit: usize,
    },
    /// The declared uncompressed size is too large.
    TooLarge {
        /// Declared total, in bytes.
        total: u64,
        /// Largest allowed, in bytes.
        limit: u64,
    },
    /// One entry is compressed more than allowed.
    Ratio {
        /// Entry name inside the zip.
        entry: String,
        /// Uncompressed size divided by compressed size.
        ratio: u64,
        /// Largest allowed ratio.
        limit: u64,
    },
}

impl std::fmt::Display for ZipBombKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooManyEntries { found, limit } => {
                write!(
                    f,
                    "it has {found} internal files, more than the limit of {limit}"
                )
            }
            Self::TooLarge { total, limit } => write!(
                f,
                "it unpacks to {total} bytes, more than the limit of {limit} bytes"
            ),
            Self::Ratio {
                entry,
                ratio,
                limit,
            } => write!(
                f,
                "its part {entry} is compressed {ratio} times, more than the limit of {limit}"
            ),
        }
    }
}

/// Why a file could not be read. Row numbers count data rows from 1; row 0 is the header.
#[derive(thiserror::Error, Debug)]
pub enum ReadError {
    /// No data at all, or only whitespace.
    #[error("the file is empty")]
    Empty,
    /// The first row has no column name at all.
    #[error("the first row has no column names; add a header row")]
    NoHeader,
    /// The file looks like binary data, not text.
    #[error("the file does not look like a table: it contains binary data")]
    Binary,
    /// The text cannot be decoded.
    #[error("row {row} is not valid text; save the file as UTF-8")]
    Encoding {
        /// Data row number.
        row: u64,
    },
    /// One value is longer than allowed.
    #[error("a value in row {row} is longer than the limit of {limit} bytes")]
    FieldTooLarge {
        /// Data row number.
        row: u64,
        /// Largest allowed, in bytes.
        limit: usize,
    },
    /// One row is longer than allowed, usually because a quote is never closed.
    #[error(
        "row {row} is longer than the limit of {limit} bytes; check that every opening quote has a closing quote"
    )]
    RowTooLarge {
        /// Data row number.
        row: u64,
        /// Largest allowed, in bytes.
        limit: usize,
    },
    /// Too many columns.
    #[error("the file has {found} columns, more than the limit of {limit}")]
    TooManyColumns {
        /// Columns found (in the header, or in one row).
        found: usize,
        /// Most allowed.
        limit: usize,
    },
    /// Too many rows.
    #[error("the file has more than {limit} rows")]
    TooManyRows {
        /// Most allowed.
        limit: u64,
    },
    /// The spreadsheet is damaged or not supported.
    #[error("the spreadsheet could not be read: {0}")]
    Xlsx(String),
    /// The XLSX file unpacks to far more data than it holds.
    #[error("the spreadsheet was refused because {0}")]
    ZipBomb(ZipBombKind),
    /// The JSON is malformed or not an array of objects.
    #[error("JSON error at element {row}: {message}")]
    Json {
        /// Array element number (1-based; 0 = before the first element).
        row: u64,
        /// What is wrong.
        message: String,
    },
    /// Reading the file failed.
    #[error("the file could not be read: {0}")]
    Io(#[from] io::Error),
}

/// Rows of an opened file.
pub trait Rows {
    /// Cleaned column names (see [`clean_columns`]).
    fn columns(&self) -> &[String];
    /// Reads the next data row into `rec`, with exactly `columns().len()` fields.
    /// Returns `Ok(false)` at the end.
    ///
    /// # Errors
    ///
    /// A [`ReadError`] that stops reading; its row number says where.
    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<bool, ReadError>;
    /// Data row number (1-based) of the last row read.
    fn row_number(&self) -> u64;
    /// Bytes of the file read so far (an estimate for XLSX), for progress.
    fn bytes_read(&self) -> u64;
    /// Size of the file in bytes.
    fn total_bytes(&self) -> u64;
    /// Problems met in the last row read that did not stop reading.
    fn take_problems(&mut self) -> Vec<RowProblem>;
}

// ---------------------------------------------------------------------------------------
// Detection

/// Which reader fits, from the first bytes, the file name and the declared media type.
/// `None` means the file is not tabular (or not a supported kind of table).
#[must_use]
pub fn detect(head: &[u8], filename: &str, media_type: &str) -> Option<Format> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let media = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if head.starts_with(b"PK\x03\x04") {
        let xlsx = ext == "xlsx"
            || media == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return xlsx.then_some(Format::Xlsx);
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return None;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = text.iter().copied().find(|b| !b.is_ascii_whitespace());
    let json_claim = ext == "json" || media == "application/json" || media == "text/json";
    let geo = ext == "geojson" || media == "application/geo+json";
    match first {
        Some(b'[') if !geo => return Some(Format::Json),
        Some(b'{') if json_claim && !geo => return Some(Format::Json),
        Some(b'{' | b'[' | b'<') => return None,
        _ => {}
    }
    let delimited_claim = matches!(ext.as_str(), "csv" | "tsv" | "tab" | "psv" | "txt")
        || matches!(
            media.as_str(),
            "text/csv"
                | "application/csv"
                | "text/tab-separated-values"
                | "text/plain"
                | "application/vnd.ms-excel"
        );
    if delimited_claim {
        return Some(Format::Delimited);
    }
    // No claim: accept text whose first line has a delimiter and which has a second line.
    let has_delimiter = text
        .iter()
        .take_while(|&&b| b != b'\n')
        .any(|b| matches!(b, b',' | b';' | b'\t' | b'|'));
    let has_second_line = text.contains(&b'\n');
    (has_delimiter && has_second_line && !looks_binary_bytes(text)).then_some(Format::Delimited)
}

/// Share of control characters above which text is taken for binary data: 1/32.
fn too_many_controls(controls: usize, total: usize) -> bool {
    controls > 0 && controls * 32 > total
}

fn is_bad_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}'
}

fn looks_binary_bytes(b: &[u8]) -> bool {
    let controls = b
        .iter()
        .filter(|&&c| (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c)) || c == 0x7f)
        .count();
    b.contains(&0) || too_many_controls(controls, b.len())
}

fn looks_binary_text(s: &str) -> bool {
    let mut total = 0;
    let mut controls = 0;
    for c in s.chars() {
        if c == '\0' {
            return true;
        }
        total += 1;
        controls += usize::from(is_bad_control(c));
    }
    too_many_controls(controls, total)
}

/// Picks the delimiter among `,` `;` TAB `|`: each candidate present on the first
/// non-blank line (outside quotes) is scored by how many of the next 19 lines have the
/// same count of it, then by how many have it at all, then by its count on the first
/// line; ties go to the earlier candidate in that order. `,` when none is present.
/// `complete` says whether `text` is the whole file (else its last line is ignored).
#[must_use]
pub fn detect_delimiter(text: &str, complete: bool) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut lines: Vec<[usize; 4]> = Vec::new();
    let mut current = [0usize; 4];
    let mut content = false;
    let mut quoted = false;
    for &b in text.as_bytes() {
        match b {
            b'"' => {
                quoted = !quoted;
                content = true;
            }
            b'\n' if !quoted => {
                if content {
                    lines.push(current);
                    if lines.len() == 20 {
                        break;
                    }
                }
                current = [0; 4];
                content = false;
            }
            _ if quoted => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    current[i] += 1;
                }
                content |= !b.is_ascii_whitespace();
            }
        }
    }
    if content && complete && lines.len() < 20 {
        lines.push(current);
    }
    let Some((first, rest)) = lines.split_first() else {
        return b',';
    };
    let mut best: Option<((usize, usize, usize), u8)> = None;
    for (i, &c) in CANDIDATES.iter().enumerate() {
        if first[i] == 0 {
            continue;
        }
        let same = rest.iter().filter(|l| l[i] == first[i]).count();
        let present = rest.iter().filter(|l| l[i] > 0).count();
        let score = (same, present, first[i]);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map_or(b',', |(_, c)| c)
}

// ---------------------------------------------------------------------------------------
// Header cleaning

/// Cleans header names: drops control characters and `"`, trims and collapses inner
/// whitespace, prefixes a leading `_` with `col`, names an empty header `column_N`
/// (1-based position), cuts to 63 bytes on a character boundary, and gives duplicates
/// (compared case-insensitively) the suffixes `_2`, `_3`, ….
#[must_use]
pub fn clean_columns<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (i, name) in raw.into_iter().enumerate() {
        let mut clean = String::with_capacity(name.len());
        for word in name
            .split(char::is_whitespace)
            .map(|w| {
                w.chars()
                    .filter(|&c| !c.is_control() && c != '"' && c != '\u{FEFF}')
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
        {
            if !clean.is_empty() {
                clean.push(' ');
            }
            clean.push_str(&word);
        }
        if clean.starts_with('_') {
            clean.insert_str(0, "col");
        }
        if clean.is_empty() {
            clean = format!("column_{}", i + 1);
        }
        cut(&mut clean, MAX_NAME_BYTES);
        let mut unique = clean.clone();
        let mut n = 2;
        while seen.contains(&unique.to_lowercase()) {
            let suffix = format!("_{n}");
            unique.clone_from(&clean);
            cut(&mut unique, MAX_NAME_BYTES - suffix.len());
            unique.push_str(&suffix);
            n += 1;
        }
        seen.insert(unique.to_lowercase());
        out.push(unique);
    }
    out
}

/// Cuts `s` to at most `max` bytes on a character boundary.
fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

// ---------------------------------------------------------------------------------------
// Opening

/// Opens the file and reads its header.
///
/// # Errors
///
/// A [`ReadError`] when the file cannot be read as `format` or breaks a limit.
pub fn open(
    path: &Path,
    format: Format,
    limits: &Limits,
) -> Result<Box<dyn Rows + Send>, ReadError> {
    match format {
        Format::Delimited => Ok(Box::new(DelimitedRows::open(path, limits)?)),
        Format::Xlsx => Ok(Box::new(XlsxRows::open(path, limits)?)),
        Format::Json => Ok(Box::new(JsonRows::open(path, limits)?)),
    }
}

/// Checks field sizes of a row.
fn check_fields(rec: &csv::StringRecord, row: u64, limit: usize) -> Result<(), ReadError> {
    if rec.as_slice().len() > limit && rec.iter().any(|f| f.len() > limit) {
        return Err(ReadError::FieldTooLarge { row, limit });
    }
    Ok(())
}

fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.as_slice().bytes().all(|b| b.is_ascii_whitespace())
}

/// Counts the bytes read from the file.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Refuses to hand out more than `cap` bytes past `record_start`, and remembers the
/// end of the stream.
struct Guard<R> {
    inner: R,
    delivered: u64,
    record_start: u64,
    cap: u64,
    tripped: bool,
    eof: bool,
    /// Last non-line-break byte handed out.
    last: u8,
}

impl<R> Guard<R> {
    fn new(inner: R, cap: usize) -> Self {
        Self {
            inner,
            delivered: 0,
            record_start: 0,
            cap: cap as u64,
            tripped: false,
            eof: false,
            last: 0,
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.delivered.saturating_sub(self.record_start) > self.cap {
            self.tripped = true;
            return Err(io::Error::other("row too large"));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = true;
        }
        if let Some(&b) = buf[..n].iter().rev().find(|&&b| b != b'\n' && b != b'\r') {
            self.last = b;
        }
        self.delivered += n as u64;
        Ok(n)
    }
}

/// Transcodes a byte stream to UTF-8 while reading.
struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    input: Box<[u8]>,
    in_start: usize,
    in_end: usize,
    output: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    finished: bool,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, decoder: Decoder) -> Self {
        Self {
            inner,
            decoder,
            input: vec![0; BUFFER_BYTES].into_boxed_slice(),
            in_start: 0,
            in_end: 0,
            output: vec![0; BUFFER_BYTES].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            eof: false,
            finished: false,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_start == self.out_end {
            if self.finished {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if self.eof && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

/// The file, read as UTF-8 directly or through a decoder.
enum Source {
    Utf8(Counting<File>),
    Decoded(Decoding<Counting<File>>),
}

impl Source {
    fn file_bytes(&self) -> u64 {
        match self {
            Self::Utf8(c) => c.count,
            Self::Decoded(d) => d.inner.count,
        }
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Utf8(r) => r.read(buf),
            Self::Decoded(r) => r.read(buf),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Delimited text

struct DelimitedRows {
    reader: csv::Reader<Guard<Source>>,
    columns: Vec<String>,
    limits: Limits,
    row: u64,
    total: u64,
    problems: Vec<RowProblem>,
}

/// Whether a file without a byte order mark is UTF-8: its characters of more than one byte
/// that are valid UTF-8 are counted against its byte sequences that are not, over the head
/// (already read) and, unless the head alone settles it, the rest of `file` in 1 MiB pieces.
/// The head settles it when it is the whole file, or when it has characters beyond ASCII and
/// all of them are valid UTF-8. So a file whose first 64 KiB are plain ASCII is decided by
/// the rest. Windows-1251 Cyrillic is almost never valid UTF-8, so such a file has far more
/// invalid sequences than valid ones, wherever its Cyrillic starts; a UTF-8 file with a few
/// damaged bytes stays UTF-8, and its reader then reports the damaged row.
fn is_utf8(file: &mut File, head: &[u8], complete: bool) -> bool {
    // Lead bytes (0b11xx_xxxx) of characters of more than one byte, eight bytes at a time.
    let multibyte = |bytes: &[u8]| {
        let words = bytes.chunks_exact(8);
        let tail = words.remainder().iter().filter(|b| **b >= 0xC0).count() as u64;
        words.fold(tail, |n, w| {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            n + u64::from((w & (w << 1) & 0x8080_8080_8080_8080).count_ones())
        })
    };
    let (mut valid, mut invalid) = (0u64, 0u64);
    let mut buf = vec![
        0u8;
        if complete {
            head.len()
        } else {
            (1 << 20).max(head.len())
        }
    ];
    buf[..head.len()].copy_from_slice(head);
    let mut filled = head.len();
    let mut in_head = true;
    loop {
        // Check `buf[..filled]`, keeping a character cut by its end for the next piece.
        let mut at = 0;
        let mut carried = 0;
        while at < filled {
            match simdutf8::compat::from_utf8(&buf[at..filled]) {
                Ok(_) => {
                    valid += multibyte(&buf[at..filled]);
                    at = filled;
                }
                Err(e) => {
                    valid += multibyte(&buf[at..at + e.valid_up_to()]);
                    if let Some(len) = e.error_len() {
                        invalid += 1;
                        at += e.valid_up_to() + len;
                    } else {
                        let from = at + e.valid_up_to();
                        buf.copy_within(from..filled, 0);
                        carried = filled - from;
                        at = filled;
                    }
                }
            }
        }
        if complete {
            invalid += u64::from(carried > 0);
            break;
        }
        // Characters beyond ASCII in the head, all valid: the head already shows UTF-8. A
        // later damaged row is then reported by the reader, as in any UTF-8 file.
        if in_head && valid > 0 && invalid == 0 {
            return true;
        }
        in_head = false;
        let read = loop {
            match file.read(&mut buf[carried..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // The reader that follows reports the error.
                Err(_) => return invalid <= valid,
                Ok(n) => break n,
            }
        };
        if read == 0 {
            invalid += u64::from(carried > 0);
            break;
        }
        filled = carried + read;
    }
    invalid <= valid
}

impl DelimitedRows {
    fn open(path: &Path, limits: &Limits) -> Result<Self, ReadError> {
        let mut file = File::open(path)?;
        let total = file.metadata()?.len();
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
        let complete = (head.len() as u64) == total;

        // Encoding, from the byte order mark or the head.
        let (decoder, skip, text): (Option<Decoder>, u64, String) =
            if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
                let enc = if head[0] == 0xFF { UTF_16LE } else { UTF_16BE };
                let (text, _) = enc.decode_with_bom_removal(&head);
                (
                    Some(enc.new_decoder_with_bom_removal()),
                    0,
                    text.into_owned(),
                )
            } else {
                let bom = head.starts_with(b"\xEF\xBB\xBF");
                let body = if bom { &head[3..] } else { &head[..] };
                if body.contains(&0) {
                    return Err(ReadError::Binary);
                }
                // The whole file decides, not its first rows: a Windows-1251 file may keep
                // its Cyrillic for later rows, as a column's type may show only late.
                if bom || is_utf8(&mut file, body, complete) {
                    let text = String::from_utf8_lossy(match std::str::from_utf8(body) {
                        Ok(_) => body,
                        Err(e) => &body[..e.valid_up_to()],
                    });
                    (None, if bom { 3 } else { 0 }, text.into_owned())
                } else {
                    let (s, _) = WINDOWS_1251.decode_without_bom_handling(body);
                    (
                        Some(WINDOWS_1251.new_decoder_without_bom_handling()),
                        0,
                        s.into_owned(),
                    )
                }
            };
        if text.trim().is_empty() && complete {
            return Err(ReadError::Empty);
        }
        if looks_binary_text(&text) {
            return Err(ReadError::Binary);
        }
        let delimiter = detect_delimiter(&text, complete);

        file.seek(SeekFrom::Start(skip))?;
        let counting = Counting {
            inner: file,
            count: skip,
        };
        let source = match decoder {
            None => Source::Utf8(counting),
            Some(d) => Source::Decoded(Decoding::new(counting, d)),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(Guard::new(source, limits.max_row_bytes));
        let mut this = Self {
            reader,
            columns: Vec::new(),
            limits: limits.clone(),
            row: 0,
            total,
            problems: Vec::new(),
        };
        let mut header = csv::StringRecord::new();
        if !this.read_nonblank(&mut header)? {
            return Err(ReadError::Empty);
        }
        if header.len() > limits.max_columns {
            return Err(ReadError::TooManyColumns {
                found: header.len(),
                limit: limits.max_columns,
            });
        }
        check_fields(&header, 0, limits.max_field_bytes)?;
        if is_blank(&header) {
            return Err(ReadError::NoHeader);
        }
        this.columns = clean_columns(header.iter());
        Ok(this)
    }

    /// Reads records until one is not blank. `Ok(false)` at the end.
    fn read_nonblank(&mut self, rec: &mut csv::StringRecord) -> Result<bool, ReadError> {
        loop {
            match self.reader.read_record(rec) {
                Ok(true) => {}
                Ok(false) => return Ok(false),
                Err(e) => return Err(self.map_error(e)),
            }
            let end = self.reader.position().byte();
            self.reader.get_mut().record_start = end;
            if !is_blank(rec) {
                return Ok(true);
            }
        }
    }

    fn map_error(&self, e: csv::Error) -> ReadError {
        let row = self.row + 1;
        if self.reader.get_ref().tripped {
            return ReadError::RowTooLarge {
                row,
                limit: self.limits.max_row_bytes,
            };
        }
        match e.into_kind() {
            csv::ErrorKind::Io(io) => ReadError::Io(io),
            csv::ErrorKind::Utf8 { .. } => ReadError::Encoding { row },
            other => ReadError::Io(io::Error::other(format!("{other:?}"))),
        }
    }

    fn fit_to_header(&mut self, rec: &mut csv::StringRecord) -> Result<(), ReadError> {
        let n = self.columns.len();
        if rec.len() == n {
            return Ok(());
        }
        if rec.len() > self.limits.max_columns {
            return Err(ReadError::TooManyColumns {
                found: rec.len(),
                limit: self.limits.max_columns,
            });
        }
        let row = self.row;
        if rec.len() < n {
            for column in &self.columns[rec.len()..] {
                self.problems.push(RowProblem {
                    row,
                    column: column.clone(),
                    value: String::new(),
                    kind: ProblemKind::Missing,
                });
            }
            while rec.len() < n {
                rec.push_field("");
            }
        } else {
            for (i, value) in rec.iter().enumerate().skip(n) {
                self.problems.push(RowProblem {
                    row,
                    column: format!("(extra {})", i + 1),
                    value: value.to_owned(),
                    kind: ProblemKind::Extra,
                });
            }
            rec.truncate(n);
        }
        Ok(())
    }
}

impl Rows for DelimitedRows {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<bool, ReadError> {
        self.problems.clear();
        if !self.read_nonblank(rec)? {
            return Ok(false);
        }
        self.row += 1;
        if self.row > self.limits.max_rows {
            return Err(ReadError::TooManyRows {
                limit: self.limits.max_rows,
            });
        }
        check_fields(rec, self.row, self.limits.max_field_bytes)?;
        let guard = self.reader.get_ref();
        if guard.eof && self.reader.position().byte() >= guard.delivered && guard.last != b'"' {
            let last = rec.len().saturating_sub(1);
            if let Some(value) = rec.get(last).filter(|v| v.contains(['\n', '\r'])) {
                let column = self
                    .columns
                    .get(last)
                    .cloned()
                    .unwrap_or_else(|| format!("(extra {})", last + 1));
                self.problems.push(RowProblem {
                    row: self.row,
                    column,
                    value: value.to_owned(),
                    kind: ProblemKind::UnterminatedQuote,
                });
            }
        }
        self.fit_to_header(rec)?;
        Ok(true)
    }

    fn row_number(&self) -> u64 {
        self.row
    }

    fn bytes_read(&self) -> u64 {
        self.reader.get_ref().inner.file_bytes()
    }

    fn total_bytes(&self) -> u64 {
        self.total
    }

    fn take_problems(&mut self) -> Vec<RowProblem> {
        std::mem::take(&mut self.problems)
    }
}

// ---------------------------------------------------------------------------------------
// XLSX

/// Checks the zip central directory before anything is decompressed.
fn check_zip(path: &Path, limits: &Limits) -> Result<(), ReadError> {
    let file = BufReader::new(File::open(path)?);
    let zip = zip::ZipArchive::new(file)
        .map_err(|e| ReadError::Xlsx(format!("it is not a valid XLSX (zip) file: {e}")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ReadError::ZipBomb(ZipBombKind::TooManyEntries {
            found: zip.len(),
            limit: MAX_ZIP_ENTRIES,
        }));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_data(i)
            .map_err(|e| ReadError::Xlsx(e.to_string()))?;
        let size = entry.size();
        total = total.saturating_add(size);
        if total > limits.max_xlsx_uncompressed {
            return Err(ReadError::ZipBomb(ZipBombKind::TooLarge {
                total,
                limit: limits.max_xlsx_uncompressed,
            }));
        }
        let compressed = entry.compressed_size().max(1);
        if size >= RATIO_MIN_BYTES && size / compressed > limits.max_xlsx_ratio {
            return Err(ReadError::ZipBomb(ZipBombKind::Ratio {
                entry: entry
                    .name()
                    .map(std::borrow::Cow::into_owned)
                    .unwrap_or_default(),
                ratio: size / compressed,
                limit: limits.max_xlsx_ratio,
            }));
        }
    }
    Ok(())
}

/// The non-empty cells of one sheet row: (0-based column, text).
type SheetRow = Vec<(u32, String)>;

enum SheetMessage {
    /// Number of rows the sheet declares, for progress.
    Height(u64),
    Rows(Vec<SheetRow>),
    Error(String),
    Done,
}

const XLSX_BATCH: usize = 512;

/// Reads the first worksheet cell by cell and sends its rows; runs on its own thread.
fn sheet_worker(path: &Path, tx: &SyncSender<SheetMessage>) -> Result<(), String> {
    let file = BufReader::new(File::open(path).map_err(|e| e.to_string())?);
    let mut book: Xlsx<_> = Xlsx::new(file).map_err(|e| e.to_string())?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "the workbook has no worksheet".to_owned())?;
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| e.to_string())?;
    let dims = cells.dimensions();
    let height = u64::from(dims.end.0.saturating_sub(dims.start.0)) + 1;
    if tx.send(SheetMessage::Height(height)).is_err() {
        return Ok(());
    }
    let mut batch: Vec<SheetRow> = Vec::with_capacity(XLSX_BATCH);
    let mut current: SheetRow = Vec::new();
    let mut current_row = None;
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        let (r, c) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if current_row != Some(r) {
            if !current.is_empty() {
                batch.push(std::mem::take(&mut current));
                if batch.len() == XLSX_BATCH
                    && tx
                        .send(SheetMessage::Rows(std::mem::take(&mut batch)))
                        .is_err()
                {
                    return Ok(());
                }
            }
            current_row = Some(r);
        }
        current.push((c, text));
    }
    if !current.is_empty() {
        batch.push(current);
    }
    if !batch.is_empty() && tx.send(SheetMessage::Rows(batch)).is_err() {
        return Ok(());
    }
    let _ = tx.send(SheetMessage::Done);
    Ok(())
}

/// Text of one cell: integers without `.0`, floats in shortest round-trip form,
/// booleans `true`/`false`, dates as ISO 8601, errors and empty cells as "".
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => f.to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_duration() {
                return dt.as_f64().to_string();
            }
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let mut out = String::with_capacity(23);
            if dt.as_f64() < 1.0 {
                let _ = write!(out, "{h:02}:{mi:02}:{s:02}");
            } else {
                let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
                if (h, mi, s, ms) != (0, 0, 0, 0) {
                    let _ = write!(out, "T{h:02}:{mi:02}:{s:02}");
                }
            }
            if ms != 0 {
                let _ = write!(out, ".{ms:03}");
            }
            out
        }
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

struct XlsxRows {
    rx: Receiver<SheetMessage>,
    pending: std::vec::IntoIter<SheetRow>,
    columns: Vec<String>,
    offset: u32,
    limits: Limits,
    row: u64,
    height: u64,
    total: u64,
    done: bool,
    problems: Vec<RowProblem>,
}

impl XlsxRows {
    fn open(path: &Path, limits: &Limits) -> Result<Self, ReadError> {
        check_zip(path, limits)?;
        let total = std::fs::metadata(path)?.len();
        let (tx, rx) = mpsc::sync_channel(4);
        let owned = path.to_owned();
        std::thread::Builder::new()
            .name("xlsx-reader".to_owned())
            .spawn(move || {
                if let Err(message) = sheet_worker(&owned, &tx) {
                    let _ = tx.send(SheetMessage::Error(message));
                }
            })?;
        let mut this = Self {
            rx,
            pending: Vec::new().into_iter(),
            columns: Vec::new(),
            offset: 0,
            limits: limits.clone(),
            row: 0,
            height: 1,
            total,
            done: false,
            problems: Vec::new(),
        };
        let header = loop {
            match this.next_sheet_row()? {
                None => return Err(ReadError::Empty),
                Some(r) if r.iter().all(|(_, t)| t.trim().is_empty()) => {}
                Some(r) => break r,
            }
        };
        let first = header.iter().map(|&(c, _)| c).min().unwrap_or(0);
        let last = header.iter().map(|&(c, _)| c).max().unwrap_or(0);
        let width = (last - first) as usize + 1;
        if width > limits.max_columns {
            return Err(ReadError::TooManyColumns {
                found: width,
                limit: limits.max_columns,
            });
        }
        let mut names = vec![""; width];
        for (c, t) in &header {
            if t.len() > limits.max_field_bytes {
                return Err(ReadError::FieldTooLarge {
                    row: 0,
                    limit: limits.max_field_bytes,
                });
            }
            names[(c - first) as usize] = t;
        }
        this.columns = clean_columns(names);
        this.offset = first;
        Ok(this)
    }

    fn next_sheet_row(&mut self) -> Result<Option<SheetRow>, ReadError> {
        loop {
            if let Some(r) = self.pending.next() {
                return Ok(Some(r));
            }
            if self.done {
                return Ok(None);
            }
            match self.rx.recv() {
                Ok(SheetMessage::Height(h)) => self.height = h.max(1),
                Ok(SheetMessage::Rows(rows)) => self.pending = rows.into_iter(),
                Ok(SheetMessage::Done) => self.done = true,
                Ok(SheetMessage::Error(e)) => return Err(ReadError::Xlsx(e)),
                Err(_) => {
                    return Err(ReadError::Xlsx(
                        "the spreadsheet reader stopped unexpectedly".to_owned(),
                    ));
                }
            }
        }
    }
}

impl Rows for XlsxRows {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<bool, ReadError> {
        self.problems.clear();
        let cells = loop {
            match self.next_sheet_row()? {
                None => return Ok(false),
                Some(r) if r.iter().all(|(_, t)| t.trim().is_empty()) => {}
                Some(r) => break r,
            }
        };
        self.row += 1;
        if self.row > self.limits.max_rows {
            return Err(ReadError::TooManyRows {
                limit: self.limits.max_rows,
            });
        }
        rec.clear();
        let width = self.columns.len();
        let mut next_col = 0usize;
        for (c, text) in cells {
            if text.len() > self.limits.max_field_bytes {
                return Err(ReadError::FieldTooLarge {
                    row: self.row,
                    limit: self.limits.max_field_bytes,
                });
            }
            let idx = c.checked_sub(self.offset).map(|i| i as usize);
            match idx {
                Some(i) if i < width && i >= next_col => {
                    while next_col < i {
                        rec.push_field("");
                        next_col += 1;
                    }
                    rec.push_field(&text);
                    next_col += 1;
                }
                _ => self.problems.push(RowProblem {
                    row: self.row,
                    column: format!("(extra {})", c + 1),
                    value: text,
                    kind: ProblemKind::Extra,
                }),
            }
        }
        while next_col < width {
            rec.push_field("");
            next_col += 1;
        }
        Ok(true)
    }

    fn row_number(&self) -> u64 {
        self.row
    }

    fn bytes_read(&self) -> u64 {
        if self.done && self.pending.len() == 0 {
            return self.total;
        }
        let share = (self.row + 1).min(self.height);
        u64::try_from(u128::from(self.total) * u128::from(share) / u128::from(self.height))
            .unwrap_or(self.total)
    }

    fn total_bytes(&self) -> u64 {
        self.total
    }

    fn take_problems(&mut self) -> Vec<RowProblem> {
        std::mem::take(&mut self.problems)
    }
}

// ---------------------------------------------------------------------------------------
// JSON

type JsonReader = BufReader<Guard<Counting<File>>>;

fn json_error(row: u64, message: impl Into<String>) -> ReadError {
    ReadError::Json {
        row,
        message: message.into(),
    }
}

/// Next byte that is not whitespace, not consumed.
fn peek_nonspace(r: &mut JsonReader) -> io::Result<Option<u8>> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        if let Some(i) = buf.iter().position(|b| !b.is_ascii_whitespace()) {
            let b = buf[i];
            r.consume(i);
            return Ok(Some(b));
        }
        let n = buf.len();
        r.consume(n);
    }
}

/// Walks the commas and brackets of the top-level array.
struct ArrayWalk {
    started: bool,
    ended: bool,
}

impl ArrayWalk {
    /// Opens the array: skips a UTF-8 BOM and whitespace, then expects `[`.
    fn begin(r: &mut JsonReader) -> Result<Self, ReadError> {
        if r.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            r.consume(3);
        }
        match peek_nonspace(r)? {
            None => Err(ReadError::Empty),
            Some(b'[') => {
                r.consume(1);
                Ok(Self {
                    started: false,
                    ended: false,
                })
            }
            Some(_) => Err(json_error(
                0,
                "the file must be a JSON array of objects: [ {...}, {...} ]",
            )),
        }
    }

    /// Moves to the start of element `row`; `Ok(false)` after the last one.
    fn next_element(&mut self, r: &mut JsonReader, row: u64) -> Result<bool, ReadError> {
        if self.ended {
            return Ok(false);
        }
        let mut b = peek_nonspace(r)?;
        if self.started {
            match b {
                Some(b',') => {
                    r.consume(1);
                    b = peek_nonspace(r)?;
                }
                Some(b']') => {}
                Some(_) => return Err(json_error(row, "expected , or ] after the element")),
                None => return Err(json_error(row, "the file ends before the array is closed")),
            }
        }
        self.started = true;
        match b {
            Some(b']') => {
                r.consume(1);
                self.ended = true;
                if peek_nonspace(r)?.is_some() {
                    return Err(json_error(row, "unexpected data after the closing ]"));
                }
                Ok(false)
            }
            Some(b'{') => Ok(true),
            Some(_) => Err(json_error(row, format!("element {row} is not an object"))),
            None => Err(json_error(row, "the file ends before the array is closed")),
        }
    }
}

/// Collects keys in order of first appearance.
struct KeyScan<'a> {
    keys: &'a mut Vec<String>,
    index: &'a mut HashMap<String, usize>,
    max: usize,
}

impl<'de> DeserializeSeed<'de> for KeyScan<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for KeyScan<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(idx) = map.next_key_seed(KeyLookup {
            index: self.index,
            add: Some(self.keys),
        })? {
            if idx.is_none() {
                return Err(de::Error::custom(format!(
                    "more than {} distinct keys",
                    self.max
                )));
            }
            map.next_value::<IgnoredAny>()?;
            if self.keys.len() > self.max {
                return Err(de::Error::custom(format!(
                    "more than {} distinct keys",
                    self.max
                )));
            }
        }
        Ok(())
    }
}

/// Looks a key up (adding it when `add` is given) without allocating for known keys.
struct KeyLookup<'a> {
    index: &'a mut HashMap<String, usize>,
    add: Option<&'a mut Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for KeyLookup<'_> {
    type Value = Option<usize>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyLookup<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        if let Some(&i) = self.index.get(v) {
            return Ok(Some(i));
        }
        Ok(self.add.map(|keys| {
            let i = keys.len();
            keys.push(v.to_owned());
            self.index.insert(v.to_owned(), i);
            i
        }))
    }
}

/// Fills the slots of one row from an object.
struct RowFill<'a> {
    index: &'a mut HashMap<String, usize>,
    slots: &'a mut [String],
}

impl<'de> DeserializeSeed<'de> for RowFill<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowFill<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(idx) = map.next_key_seed(KeyLookup {
            index: self.index,
            add: None,
        })? {
            match idx.and_then(|i| self.slots.get_mut(i)) {
                Some(slot) => {
                    slot.clear();
                    map.next_value_seed(SlotFill(slot))?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Writes one JSON value as text into a reused string.
struct SlotFill<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for SlotFill<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SlotFill<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let v: serde_json::Value =
            serde::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        let _ = write!(self.0, "{v}");
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let v: serde_json::Value =
            serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
        let _ = write!(self.0, "{v}");
        Ok(())
    }
}

struct JsonRows {
    reader: JsonReader,
    walk: ArrayWalk,
    columns: Vec<String>,
    index: HashMap<String, usize>,
    slots: Vec<String>,
    limits: Limits,
    row: u64,
    total: u64,
}

impl JsonRows {
    fn reader(path: &Path, limits: &Limits) -> Result<JsonReader, ReadError> {
        let counting = Counting {
            inner: File::open(path)?,
            count: 0,
        };
        Ok(BufReader::with_capacity(
            BUFFER_BYTES,
            Guard::new(counting, limits.max_row_bytes),
        ))
    }

    /// Marks the start of an element for the row size guard.
    fn mark(r: &mut JsonReader) {
        let buffered = r.buffer().len() as u64;
        let guard = r.get_mut();
        guard.record_start = guard.delivered.saturating_sub(buffered);
    }

    fn element_error(
        r: &JsonReader,
        e: &serde_json::Error,
        row: u64,
        limits: &Limits,
    ) -> ReadError {
        if r.get_ref().tripped {
            ReadError::RowTooLarge {
                row,
                limit: limits.max_row_bytes,
            }
        } else {
            json_error(row, e.to_string())
        }
    }

    fn open(path: &Path, limits: &Limits) -> Result<Self, ReadError> {
        let total = std::fs::metadata(path)?.len();
        // Pass over the whole file for the union of keys.
        let mut keys = Vec::new();
        let mut index = HashMap::new();
        {
            let mut r = Self::reader(path, limits)?;
            let mut walk = ArrayWalk::begin(&mut r)?;
            let mut row = 0;
            while walk.next_element(&mut r, row + 1)? {
                row += 1;
                Self::mark(&mut r);
                let seed = KeyScan {
                    keys: &mut keys,
                    index: &mut index,
                    max: limits.max_columns,
                };
                let mut de = serde_json::Deserializer::from_reader(&mut r);
                if let Err(e) = seed.deserialize(&mut de) {
                    if keys.len() > limits.max_columns {
                        return Err(ReadError::TooManyColumns {
                            found: keys.len(),
                            limit: limits.max_columns,
                        });
                    }
                    return Err(Self::element_error(&r, &e, row, limits));
                }
            }
            if row == 0 {
                return Err(ReadError::Empty);
            }
        }
        if keys.is_empty() {
            return Err(ReadError::NoHeader);
        }
        let mut reader = Self::reader(path, limits)?;
        let walk = ArrayWalk::begin(&mut reader)?;
        Ok(Self {
            reader,
            walk,
            columns: clean_columns(keys.iter().map(String::as_str)),
            slots: vec![String::new(); keys.len()],
            index,
            limits: limits.clone(),
            row: 0,
            total,
        })
    }
}

impl Rows for JsonRows {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<bool, ReadError> {
        let row = self.row + 1;
        if !self.walk.next_element(&mut self.reader, row)? {
            return Ok(false);
        }
        self.row = row;
        if row > self.limits.max_rows {
            return Err(ReadError::TooManyRows {
                limit: self.limits.max_rows,
            });
        }
        Self::mark(&mut self.reader);
        for slot in &mut self.slots {
            slot.clear();
        }
        let seed = RowFill {
            index: &mut self.index,
            slots: &mut self.slots,
        };
        let mut de = serde_json::Deserializer::from_reader(&mut self.reader);
        if let Err(e) = seed.deserialize(&mut de) {
            return Err(Self::element_error(&self.reader, &e, row, &self.limits));
        }
        rec.clear();
        for slot in &self.slots {
            rec.push_field(slot);
        }
        check_fields(rec, row, self.limits.max_field_bytes)?;
        Ok(true)
    }

    fn row_number(&self) -> u64 {
        self.row
    }

    fn bytes_read(&self) -> u64 {
        self.reader.get_ref().inner.count
    }

    fn total_bytes(&self) -> u64 {
        self.total
    }

    fn take_problems(&mut self) -> Vec<RowProblem> {
        Vec::new()
    }
}
