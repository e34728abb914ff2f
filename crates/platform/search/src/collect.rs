//! One pass over the matching documents: exact total, the top `start + rows` by a multi-key
//! sort, and facet counts over the whole result.
//!
//! Within a segment, sort keys are fixed-width integers (scores and numbers mapped to
//! order-preserving integers, strings to their segment-local term ordinals), kept in a bounded
//! heap. When a segment is harvested its ordinals become strings, so segments merge correctly.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
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

/// Collects hits and facets.
pub struct HitCollector {
    pub sort: Vec<SortSpec>,
    /// How many top documents to keep (`start + rows`).
    pub keep: usize,
    pub facets: Vec<String>,
    pub facet_mincount: u64,
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
    facets: Vec<Vec<(String, u64)>>,
    error: Option<String>,
}

/// What the whole search hands back.
pub struct Collected {
    pub total: u64,
    /// Ids in sort order, the first `keep` of them.
    pub ids: Vec<String>,
    /// Per requested facet: value counts (unsorted); empty when no segment was searched.
    pub facets: Vec<Vec<(String, u64)>>,
}

enum KeySource {
    Score {
        desc: bool,
    },
    Str {
        column: Option<StrColumn>,
        desc: bool,
    },
    I64 {
        column: Column<i64>,
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
    id_column: Option<StrColumn>,
    keep: usize,
    heap: BinaryHeap<Entry>,
    buffer: Vec<u128>,
    count: u64,
    facets: Vec<(Option<StrColumn>, Vec<u32>)>,
    facet_mincount: u64,
    /// Documents whose facet values are not counted yet; counted a block at a time.
    pending: Vec<DocId>,
    rows: Vec<u32>,
    row_docs: Vec<DocId>,
    ords: Vec<u64>,
}

/// Documents per facet-counting block.
const BLOCK: usize = 64;

impl Collector for HitCollector {
    type Fruit = Collected;
    type Child = HitSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<HitSegmentCollector> {
        let fast = segment.fast_fields();
        let mut sources = Vec::with_capacity(self.sort.len());
        for spec in &self.sort {
            sources.push(match spec {
                SortSpec::Score { desc } => KeySource::Score { desc: *desc },
                SortSpec::Str { field, desc } => KeySource::Str {
                    column: fast.str(field)?,
                    desc: *desc,
                },
                SortSpec::I64 { field, desc } => KeySource::I64 {
                    column: fast.i64(field)?,
                    desc: *desc,
                },
            });
        }
        let mut facets = Vec::with_capacity(self.facets.len());
        for name in &self.facets {
            let column = fast.str(name)?;
            let terms = column.as_ref().map_or(0, |c| c.num_terms());
            facets.push((column, vec![0u32; terms]));
        }
        Ok(HitSegmentCollector {
            sources,
            id_column: fast.str(ID_FIELD)?,
            keep: self.keep,
            heap: BinaryHeap::with_capacity(self.keep.min(4096) + 1),
            buffer: Vec::with_capacity(self.sort.len()),
            count: 0,
            facets,
            facet_mincount: self.facet_mincount,
            pending: Vec::with_capacity(BLOCK),
            rows: Vec::with_capacity(BLOCK * 4),
            row_docs: Vec::with_capacity(BLOCK * 4),
            ords: Vec::with_capacity(BLOCK * 4),
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
            if let Some(error) = fruit.error {
                return Err(tantivy::TantivyError::InternalError(error));
            }
            total += fruit.count;
            ranked.extend(fruit.top);
            per_segment.push(fruit.facets);
        }
        ranked.sort_unstable_by(|a, b| a.key.cmp(&b.key).then_with(|| a.id.cmp(&b.id)));
        ranked.truncate(self.keep);
        let facets = if per_segment.len() == 1 {
            per_segment.pop().unwrap_or_default()
        } else {
            let mut merged: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.facets.len()];
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

impl HitSegmentCollector {
    /// Counts the facet values of the pending documents, column by column.
    fn flush_facets(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        for (column, counts) in &mut self.facets {
            let Some(column) = column else {
                continue;
            };
            let ords = column.ords();
            self.rows.clear();
            self.row_docs.clear();
            ords.row_ids_for_docs(&self.pending, &mut self.row_docs, &mut self.rows);
            self.ords.clear();
            self.ords.resize(self.rows.len(), 0);
            ords.values.get_vals(&self.rows, &mut self.ords);
            for &ord in &self.ords {
                if let Some(slot) = counts.get_mut(ord as usize) {
                    *slot += 1;
                }
            }
        }
        self.pending.clear();
    }

    fn fill_key(&mut self, doc: DocId, score: Score) {
        self.buffer.clear();
        for source in &self.sources {
            let key = match source {
                KeySource::Score { desc } => directed(score_bits(score), *desc),
                KeySource::I64 { column, desc } => column
                    .first(doc)
                    .map_or(MISSING, |v| directed(i64_bits(v), *desc)),
                KeySource::Str { column, desc } => column
                    .as_ref()
                    .and_then(|c| c.term_ords(doc).next())
                    .map_or(MISSING, |ord| directed(ord, *desc)),
            };
            self.buffer.push(key);
        }
    }

    fn harvest_inner(mut self) -> Result<SegmentFruit, String> {
        self.flush_facets();
        let entries = self.heap.into_vec();
        // Resolve every ordinal needed with one pass per dictionary.
        let mut resolved: Vec<HashMap<u64, String>> = Vec::with_capacity(self.sources.len());
        for (i, source) in self.sources.iter().enumerate() {
            resolved.push(match source {
                KeySource::Str {
                    column: Some(column),
                    desc,
                } => {
                    let ords = entries
                        .iter()
                        .filter(|e| e.key[i] != MISSING)
                        .map(|e| undirected(e.key[i], *desc))
                        .collect();
                    strings(column, ords)?
                }
                _ => HashMap::new(),
            });
        }
        let id_ords: Vec<Option<u64>> = entries
            .iter()
            .map(|e| {
                self.id_column
                    .as_ref()
                    .and_then(|c| c.term_ords(e.doc).next())
            })
            .collect();
        let ids = match &self.id_column {
            Some(column) => strings(column, id_ords.iter().flatten().copied().collect())?,
            None => HashMap::new(),
        };
        let mut top = Vec::with_capacity(entries.len());
        for (entry, id_ord) in entries.iter().zip(id_ords) {
            let mut key = Vec::with_capacity(self.sources.len());
            for (i, (source, &value)) in self.sources.iter().zip(entry.key.iter()).enumerate() {
                key.push(match source {
                    KeySource::Str { desc, .. } => {
                        let text = (value != MISSING)
                            .then(|| resolved[i].get(&undirected(value, *desc)).cloned())
                            .flatten();
                        Merged::Str(text, *desc)
                    }
                    _ => Merged::Num(value),
                });
            }
            let id = id_ord
                .and_then(|o| ids.get(&o).cloned())
                .unwrap_or_default();
            top.push(Ranked { key, id });
        }
        let mut facets = Vec::with_capacity(self.facets.len());
        for (column, counts) in &self.facets {
            let mut values = Vec::new();
            if let Some(column) = column {
                let ords: Vec<u64> = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0 || self.facet_mincount == 0)
                    .map(|(ord, _)| ord as u64)
                    .collect();
                let mut next = ords.iter();
                column
                    .dictionary()
                    .sorted_ords_to_term_cb(&ords, |bytes| {
                        if let Some(&ord) = next.next() {
                            let value = String::from_utf8_lossy(bytes).into_owned();
                            values.push((value, u64::from(counts[ord as usize])));
                        }
                    })
                    .map_err(|e| e.to_string())?;
            }
            facets.push(values);
        }
        Ok(SegmentFruit {
            count: self.count,
            top,
            facets,
            error: None,
        })
    }
}

fn undirected(value: u128, desc: bool) -> u64 {
    let value = value as u64;
    if desc { u64::MAX - value } else { value }
}

/// The terms of the given ordinals, read in one ordered pass over the dictionary.
fn strings(column: &StrColumn, mut ords: Vec<u64>) -> Result<HashMap<u64, String>, String> {
    ords.sort_unstable();
    ords.dedup();
    let mut out = HashMap::with_capacity(ords.len());
    let mut next = ords.iter();
    column
        .dictionary()
        .sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(ord) = next.next() {
                out.insert(*ord, String::from_utf8_lossy(bytes).into_owned());
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(out)
}

impl SegmentCollector for HitSegmentCollector {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        if !self.facets.is_empty() {
            self.pending.push(doc);
            if self.pending.len() >= BLOCK {
                self.flush_facets();
            }
        }
        if self.keep == 0 {
            return;
        }
        self.fill_key(doc, score);
        if self.heap.len() < self.keep {
            self.heap.push(Entry {
                key: self.buffer.clone().into_boxed_slice(),
                doc,
            });
        } else if let Some(mut worst) = self.heap.peek_mut()
            && (self.buffer.as_slice(), doc) < (&*worst.key, worst.doc)
        {
            worst.key.copy_from_slice(&self.buffer);
            worst.doc = doc;
        }
    }

    fn harvest(self) -> SegmentFruit {
        self.harvest_inner().unwrap_or_else(|error| SegmentFruit {
            count: 0,
            top: Vec::new(),
            facets: Vec::new(),
            error: Some(error),
        })
    }
}
