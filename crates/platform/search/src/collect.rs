//! One pass over the matching documents: exact total, the top `start + rows` by a multi-key
//! sort, and facet counts over the whole result.
//!
//! Within a segment, sort keys are fixed-width integers (scores and numbers mapped to
//! order-preserving integers, strings to their segment-local term ordinals), kept in a bounded
//! heap. When a segment is harvested its ordinals become strings, so segments merge correctly.
//!
//! Facets and sort keys are read from a [`ColumnCache`]: each segment's columns read out once
//! into plain arrays (per document its facet ordinals or its sort key), as Solr un-inverts a
//! field for faceting. Segments never change, so the arrays stay valid while the segment lives.
//! A match is recorded in a bitset; facets are counted after the segment, from the matches or,
//! when most documents match (a catalogue's first page), from the segment's totals minus the
//! documents that did not match.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Fast field holding the document id (also the final tie-break).
pub const ID_FIELD: &str = "id";

/// One resolved sort key.
#[derive(Clone, Debug)]
pub enum SortSpec {
    Score { desc: bool },
    Str { field: String, desc: bool },
    I64 { field: String, desc: bool },
}

/// A segment's facet column, read out: [`Ords`] gives each document's value ordinals,
/// `terms[o]` is the value of ordinal `o`, and `totals[o]` how many of the segment's documents
/// (deleted ones too) have it.
#[derive(Debug)]
pub struct FacetValues {
    ords: Ords,
    terms: Vec<Arc<str>>,
    totals: Vec<u32>,
}

/// Value ordinals per document.
#[derive(Debug)]
enum Ords {
    /// No document has more than one value (a dataset's publisher, its licence): the ordinal
    /// of document `d` is `of[d]`, [`Ords::NONE`] when it has none. One read per document.
    Single { of: Vec<u32> },
    /// The ordinals of document `d` are `ords[starts[d]..starts[d + 1]]`.
    Multi { starts: Vec<u32>, ords: Vec<u32> },
}

impl Ords {
    const NONE: u32 = u32::MAX;
}

fn too_big() -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError("too many values in a segment's column".into())
}

/// Every term of a column's dictionary, in ordinal order, in one pass.
fn each_term(column: &StrColumn, mut f: impl FnMut(&str)) -> tantivy::Result<()> {
    let all: Vec<u64> = (0..column.num_terms() as u64).collect();
    column
        .dictionary()
        .sorted_ords_to_term_cb(&all, |bytes| f(&String::from_utf8_lossy(bytes)))
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    Ok(())
}

impl FacetValues {
    /// Reads a segment's column (absent: no document has a value).
    fn read(column: Option<&StrColumn>, max_doc: DocId) -> tantivy::Result<Self> {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::with_capacity(max_doc as usize);
        let mut terms = Vec::new();
        starts.push(0);
        if let Some(column) = column {
            for doc in 0..max_doc {
                for ord in column.term_ords(doc) {
                    // The largest ordinal is the single layout's mark for "no value".
                    ords.push(
                        u32::try_from(ord)
                            .ok()
                            .filter(|o| *o != Ords::NONE)
                            .ok_or_else(too_big)?,
                    );
                }
                starts.push(u32::try_from(ords.len()).map_err(|_| too_big())?);
            }
            terms.reserve(column.num_terms());
            each_term(column, |term| terms.push(Arc::from(term)))?;
        } else {
            starts.resize(max_doc as usize + 1, 0);
        }
        let mut totals = vec![0u32; terms.len()];
        for &ord in &ords {
            *totals.get_mut(ord as usize).ok_or_else(|| {
                tantivy::TantivyError::InternalError("a facet ordinal has no term".into())
            })? += 1;
        }
        let single = starts.windows(2).all(|w| w[1] - w[0] <= 1);
        let ords = if single {
            let of = starts
                .windows(2)
                .map(|w| {
                    if w[1] > w[0] {
                        ords[w[0] as usize]
                    } else {
                        Ords::NONE
                    }
                })
                .collect();
            Ords::Single { of }
        } else {
            Ords::Multi { starts, ords }
        };
        Ok(Self {
            ords,
            terms,
            totals,
        })
    }

    /// Adds the values of the matching documents (`MATCHED`), or takes away those of the
    /// documents that did not match.
    fn count<const MATCHED: bool>(&self, bits: &[u64], counts: &mut [u32]) {
        let tally = |count: &mut u32| {
            *count = if MATCHED {
                *count + 1
            } else {
                count.saturating_sub(1)
            };
        };
        match &self.ords {
            Ords::Single { of } => each_doc::<MATCHED>(bits, of.len(), |doc| {
                if let Some(count) = counts.get_mut(of[doc] as usize) {
                    tally(count);
                }
            }),
            Ords::Multi { starts, ords } => {
                each_doc::<MATCHED>(bits, starts.len().saturating_sub(1), |doc| {
                    let (start, end) = (starts[doc] as usize, starts[doc + 1] as usize);
                    for &ord in &ords[start..end] {
                        tally(&mut counts[ord as usize]);
                    }
                });
            }
        }
    }

    /// Bytes held.
    fn size(&self) -> usize {
        let ords = match &self.ords {
            Ords::Single { of } => of.capacity(),
            Ords::Multi { starts, ords } => starts.capacity() + ords.capacity(),
        };
        (ords + self.totals.capacity()) * 4
            + self
                .terms
                .iter()
                .map(|t| t.len() + 2 * std::mem::size_of::<usize>())
                .sum::<usize>()
    }
}

/// Calls `f` with each document below `max_doc` whose bit is set (`SET`) or clear.
#[inline]
fn each_doc<const SET: bool>(bits: &[u64], max_doc: usize, mut f: impl FnMut(usize)) {
    for (i, &word) in bits.iter().enumerate() {
        let mut word = if SET { word } else { !word };
        while word != 0 {
            let doc = i * 64 + word.trailing_zeros() as usize;
            word &= word - 1;
            if doc >= max_doc {
                return;
            }
            f(doc);
        }
    }
}

/// A text column's terms by ordinal: term `o` is `text[ends[o - 1]..ends[o]]`.
#[derive(Debug, Default)]
pub struct Terms {
    text: String,
    ends: Vec<u32>,
}

impl Terms {
    fn read(column: &StrColumn) -> tantivy::Result<Self> {
        let mut terms = Self {
            text: String::new(),
            ends: Vec::with_capacity(column.num_terms()),
        };
        let mut fits = true;
        each_term(column, |term| {
            terms.text.push_str(term);
            match u32::try_from(terms.text.len()) {
                Ok(end) => terms.ends.push(end),
                Err(_) => fits = false,
            }
        })?;
        if fits { Ok(terms) } else { Err(too_big()) }
    }

    fn get(&self, ord: u64) -> Option<&str> {
        let ord = usize::try_from(ord).ok()?;
        let start = match ord.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        let end = *self.ends.get(ord)?;
        self.text.get(start as usize..end as usize)
    }

    fn size(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
}

/// A segment's sort column, read out: each document's key as an order-preserving integer (a
/// number's bits, a string's ordinal), which documents have none, and for a text column the
/// terms its ordinals stand for.
#[derive(Debug)]
pub struct KeyValues {
    keys: Vec<u64>,
    /// One bit per document without a value; empty when every document has one.
    missing: Vec<u64>,
    /// A text column's terms (empty when the segment has no such column); `None` for numbers.
    terms: Option<Terms>,
}

impl KeyValues {
    fn read(
        max_doc: DocId,
        terms: Option<Terms>,
        mut first: impl FnMut(DocId) -> Option<u64>,
    ) -> Self {
        let mut keys = Vec::with_capacity(max_doc as usize);
        let mut missing = Vec::new();
        for doc in 0..max_doc {
            let key = first(doc);
            if key.is_none() {
                missing.resize((max_doc as usize).div_ceil(64), 0);
                if let Some(word) = missing.get_mut(doc as usize / 64) {
                    *word |= 1 << (doc % 64);
                }
            }
            keys.push(key.unwrap_or(0));
        }
        Self {
            keys,
            missing,
            terms,
        }
    }

    /// A document's text, for a text column.
    fn text(&self, doc: DocId) -> Option<&str> {
        self.terms.as_ref()?.get(self.get(doc)?)
    }

    #[inline]
    fn get(&self, doc: DocId) -> Option<u64> {
        let i = doc as usize;
        if self
            .missing
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
        {
            return None;
        }
        self.keys.get(i).copied()
    }

    fn size(&self) -> usize {
        (self.keys.capacity() + self.missing.capacity()) * 8
            + self.terms.as_ref().map_or(0, Terms::size)
    }
}

/// The columns of one segment read out so far, by field.
#[derive(Debug, Default)]
struct SegmentColumns {
    facets: HashMap<String, Arc<FacetValues>>,
    keys: HashMap<String, Arc<KeyValues>>,
}

/// The read-out columns of live segments. A generation of the index holds one; each search
/// drops the segments its searcher no longer has (merged or deleted away), so it holds the live
/// segments' columns and no more.
#[derive(Debug, Default)]
pub struct ColumnCache {
    segments: Mutex<HashMap<SegmentId, SegmentColumns>>,
}

impl ColumnCache {
    fn with<T>(&self, segment: &SegmentReader, f: impl FnOnce(&mut SegmentColumns) -> T) -> T {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        f(segments.entry(segment.segment_id()).or_default())
    }

    /// The facet column `field` of `segment`, read out on first use.
    pub fn facet(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<Arc<FacetValues>> {
        self.with(segment, |columns| {
            if let Some(values) = columns.facets.get(field) {
                return Ok(values.clone());
            }
            let column = segment.fast_fields().str(field)?;
            let values = Arc::new(FacetValues::read(column.as_ref(), segment.max_doc())?);
            columns.facets.insert(field.to_owned(), values.clone());
            Ok(values)
        })
    }

    /// The sort column `field` of `segment` (a number column, or a string column's
    /// ordinals), read out on first use.
    fn key(
        &self,
        segment: &SegmentReader,
        field: &str,
        number: bool,
    ) -> tantivy::Result<Arc<KeyValues>> {
        self.with(segment, |columns| {
            if let Some(values) = columns.keys.get(field) {
                return Ok(values.clone());
            }
            let fast = segment.fast_fields();
            let max_doc = segment.max_doc();
            let values = if number {
                let column = fast.i64(field)?;
                KeyValues::read(max_doc, None, |doc| column.first(doc).map(i64_bits))
            } else {
                let column = fast.str(field)?;
                let terms = match &column {
                    Some(column) => Terms::read(column)?,
                    None => Terms::default(),
                };
                KeyValues::read(max_doc, Some(terms), |doc| {
                    column.as_ref().and_then(|c| c.term_ords(doc).next())
                })
            };
            let values = Arc::new(values);
            columns.keys.insert(field.to_owned(), values.clone());
            Ok(values)
        })
    }

    /// Forgets every segment not in `live`.
    pub fn retain(&self, live: &[SegmentId]) {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if segments.keys().any(|id| !live.contains(id)) {
            segments.retain(|id, _| live.contains(id));
        }
    }

    /// Bytes held by the read-out columns.
    pub fn size(&self) -> usize {
        let segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        segments
            .values()
            .map(|c| {
                c.facets.values().map(|v| v.size()).sum::<usize>()
                    + c.keys.values().map(|v| v.size()).sum::<usize>()
            })
            .sum()
    }
}

/// Collects hits and facets.
pub struct HitCollector<'a> {
    /// The sort keys, the id always last (so no two hits ever tie, and a sort is never empty).
    pub sort: Vec<SortSpec>,
    /// How many top documents to keep (`start + rows`).
    pub keep: usize,
    pub facets: Vec<String>,
    pub facet_mincount: u64,
    pub columns: &'a ColumnCache,
}

/// A hit after merging: its sort key and id.
struct Ranked {
    key: Vec<Merged>,
    id: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Merged {
    Num(u128),
    Str(Option<String>, bool),
}

impl Ord for Merged {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Merged::Num(a), Merged::Num(b)) => a.cmp(b),
            (Merged::Str(a, desc), Merged::Str(b, _)) => match (a, b) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) if *desc => b.cmp(a),
                (Some(a), Some(b)) => a.cmp(b),
            },
            (Merged::Num(_), Merged::Str(..)) => Ordering::Less,
            (Merged::Str(..), Merged::Num(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Merged {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What a segment hands back.
pub struct SegmentFruit {
    count: u64,
    top: Vec<Ranked>,
    facets: Vec<Vec<(Arc<str>, u64)>>,
}

/// What the whole search hands back.
pub struct Collected {
    pub total: u64,
    /// Ids in sort order, the first `keep` of them.
    pub ids: Vec<String>,
    /// Per requested facet: value counts (unsorted); empty when no segment was searched.
    pub facets: Vec<Vec<(Arc<str>, u64)>>,
}

/// Where one part of a segment's sort keys comes from.
enum KeySource {
    Score {
        desc: bool,
    },
    /// A read-out column.
    Column {
        values: Arc<KeyValues>,
        desc: bool,
    },
}

const MISSING: u128 = u128::MAX;

fn directed(value: u64, desc: bool) -> u128 {
    u128::from(if desc { u64::MAX - value } else { value })
}

fn score_bits(score: Score) -> u64 {
    let bits = score.to_bits();
    let ordered = if bits & 0x8000_0000 == 0 {
        bits | 0x8000_0000
    } else {
        !bits
    };
    u64::from(ordered)
}

fn i64_bits(value: i64) -> u64 {
    (value as u64) ^ (1 << 63)
}

#[derive(PartialEq, Eq)]
struct Entry {
    key: Box<[u128]>,
    doc: DocId,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key).then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

pub struct HitSegmentCollector {
    sources: Vec<KeySource>,
    /// The id column (also the sort's last key), to name the hits.
    ids: Arc<KeyValues>,
    keep: usize,
    heap: BinaryHeap<Entry>,
    /// Once the heap is full: the first key part of its worst hit. A match whose first part
    /// is greater cannot enter, and is turned away on that one comparison.
    threshold: u128,
    count: u64,
    max_doc: DocId,
    /// One bit per matching document, when facets are counted.
    matched: Vec<u64>,
    /// Per requested facet: the segment's read-out column.
    facets: Vec<Arc<FacetValues>>,
    facet_mincount: u64,
}

impl Collector for HitCollector<'_> {
    type Fruit = Collected;
    type Child = HitSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<HitSegmentCollector> {
        let mut sources = Vec::with_capacity(self.sort.len());
        for spec in &self.sort {
            sources.push(match spec {
                SortSpec::Score { desc } => KeySource::Score { desc: *desc },
                SortSpec::Str { field, desc } => KeySource::Column {
                    values: self.columns.key(segment, field, false)?,
                    desc: *desc,
                },
                SortSpec::I64 { field, desc } => KeySource::Column {
                    values: self.columns.key(segment, field, true)?,
                    desc: *desc,
                },
            });
        }
        let mut facets = Vec::with_capacity(self.facets.len());
        for name in &self.facets {
            facets.push(self.columns.facet(segment, name)?);
        }
        let max_doc = segment.max_doc();
        let matched = if facets.is_empty() {
            Vec::new()
        } else {
            vec![0u64; (max_doc as usize).div_ceil(64)]
        };
        Ok(HitSegmentCollector {
            sources,
            ids: self.columns.key(segment, ID_FIELD, false)?,
            keep: self.keep,
            heap: BinaryHeap::with_capacity(self.keep.min(4096) + 1),
            threshold: MISSING,
            count: 0,
            max_doc,
            matched,
            facets,
            facet_mincount: self.facet_mincount,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort
            .iter()
            .any(|s| matches!(s, SortSpec::Score { .. }))
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Collected> {
        let mut total = 0;
        let mut ranked = Vec::new();
        let mut per_segment = Vec::with_capacity(fruits.len());
        for fruit in fruits {
            total += fruit.count;
            ranked.extend(fruit.top);
            per_segment.push(fruit.facets);
        }
        ranked.sort_unstable_by(|a, b| a.key.cmp(&b.key).then_with(|| a.id.cmp(&b.id)));
        ranked.truncate(self.keep);
        let facets = if per_segment.len() == 1 {
            per_segment.pop().unwrap_or_default()
        } else {
            let mut merged: Vec<HashMap<Arc<str>, u64>> = vec![HashMap::new(); self.facets.len()];
            for segment in per_segment {
                for (merged, counts) in merged.iter_mut().zip(segment) {
                    for (value, count) in counts {
                        *merged.entry(value).or_insert(0) += count;
                    }
                }
            }
            merged
                .into_iter()
                .map(|m| m.into_iter().collect())
                .collect()
        };
        Ok(Collected {
            total,
            ids: ranked.into_iter().map(|r| r.id).collect(),
            facets,
        })
    }
}

/// One part of a document's sort key.
#[inline]
fn key_part(source: &KeySource, doc: DocId, score: Score) -> u128 {
    match source {
        KeySource::Score { desc } => directed(score_bits(score), *desc),
        KeySource::Column { values, desc } => {
            values.get(doc).map_or(MISSING, |v| directed(v, *desc))
        }
    }
}

impl SegmentCollector for HitSegmentCollector {
    type Fruit = SegmentFruit;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        if let Some(word) = self.matched.get_mut(doc as usize / 64) {
            *word |= 1 << (doc % 64);
        }
        if self.keep == 0 {
            return;
        }
        // Most matches are turned away here, on their first key part.
        if self.heap.len() >= self.keep {
            match self.sources.first() {
                Some(first) if key_part(first, doc, score) <= self.threshold => {}
                _ => return,
            }
        }
        self.offer(doc, score);
    }

    fn harvest(self) -> SegmentFruit {
        let entries = self.heap.into_vec();
        let mut top = Vec::with_capacity(entries.len());
        for entry in &entries {
            let mut key = Vec::with_capacity(self.sources.len());
            for (source, &value) in self.sources.iter().zip(entry.key.iter()) {
                key.push(match source {
                    KeySource::Column { values, desc } if values.terms.is_some() => {
                        Merged::Str(values.text(entry.doc).map(str::to_owned), *desc)
                    }
                    _ => Merged::Num(value),
                });
            }
            let id = self.ids.text(entry.doc).unwrap_or_default().to_owned();
            top.push(Ranked { key, id });
        }
        // When most of the segment matched, its totals less the documents that did not match
        // are the fewer steps.
        let most = self.count * 2 > u64::from(self.max_doc);
        let facets = self
            .facets
            .iter()
            .map(|values| {
                let mut counts = if most {
                    values.totals.clone()
                } else {
                    vec![0u32; values.terms.len()]
                };
                if most {
                    values.count::<false>(&self.matched, &mut counts);
                } else {
                    values.count::<true>(&self.matched, &mut counts);
                }
                counts
                    .iter()
                    .zip(&values.terms)
                    .filter(|(c, _)| **c > 0 || self.facet_mincount == 0)
                    .map(|(c, term)| (term.clone(), u64::from(*c)))
                    .collect()
            })
            .collect();
        SegmentFruit {
            count: self.count,
            top,
            facets,
        }
    }
}

impl HitSegmentCollector {
    /// A match that may enter the top: kept if it beats the worst kept hit.
    #[inline(never)]
    fn offer(&mut self, doc: DocId, score: Score) {
        let Some(first_source) = self.sources.first() else {
            return;
        };
        let first = key_part(first_source, doc, score);
        if self.heap.len() < self.keep {
            let rest = self.sources[1..].iter().map(|s| key_part(s, doc, score));
            self.heap.push(Entry {
                key: std::iter::once(first).chain(rest).collect(),
                doc,
            });
            if self.heap.len() == self.keep {
                self.threshold = self.heap.peek().map_or(MISSING, |worst| worst.key[0]);
            }
            return;
        }
        if first > self.threshold {
            return;
        }
        let Some(mut worst) = self.heap.peek_mut() else {
            return;
        };
        // Against the worst kept hit, part by part: a later part is read only when the parts
        // before it tie (most matches of a ranked search lose on their score alone).
        let better = match first.cmp(&self.threshold) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => {
                let mut better = doc < worst.doc;
                for (source, &kept) in self.sources[1..].iter().zip(worst.key[1..].iter()) {
                    match key_part(source, doc, score).cmp(&kept) {
                        Ordering::Equal => {}
                        Ordering::Less => {
                            better = true;
                            break;
                        }
                        Ordering::Greater => {
                            better = false;
                            break;
                        }
                    }
                }
                better
            }
        };
        if better {
            worst.key[0] = first;
            let rest = self.sources[1..].iter().map(|s| key_part(s, doc, score));
            for (slot, part) in worst.key[1..].iter_mut().zip(rest) {
                *slot = part;
            }
            worst.doc = doc;
            drop(worst);
            self.threshold = self.heap.peek().map_or(MISSING, |worst| worst.key[0]);
        }
    }
}
