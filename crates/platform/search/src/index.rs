//! [`TantivyIndex`]: the tantivy-backed [`SearchIndex`], on disk or in memory.
//!
//! On disk, each index generation lives in `<dir>/gen-<n>` and the file `<dir>/CURRENT` names
//! the live one (replaced by rename, so a crash leaves either the old or the new pointer).
//! A rebuild writes generation `n + 1`, points `CURRENT` at it, swaps it in and deletes
//! generation `n`; directories left behind by an interrupted rebuild are removed at open.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use tantivy::merge_policy::{LogMergePolicy, NoMergePolicy};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur};
use tantivy::schema::{FAST, INDEXED, IndexRecordOption, STRING, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{self, EN, KK, RU};
use crate::collect::{ColumnCache, HitCollector, ID_FIELD, SortSpec};
use crate::compile::{Compiler, Fields, Kind};
use crate::syntax;
use crate::{
    Document, Hits, MAX_ROWS, MAX_START, Query, Schema, SearchError, SearchIndex, SortKey,
};

/// Memory budget of one index writer, all its threads together.
const WRITER_BUDGET: usize = 50_000_000;
/// Tantivy wants at least 15 MB per indexing thread.
const MIN_THREAD_BUDGET: usize = 15_000_000;
const CURRENT: &str = "CURRENT";
const GEN_PREFIX: &str = "gen-";
const LANGS: [&str; 3] = ["kk", "ru", "en"];
const RESERVED: &[&str] = &["id", "name", "text", "title", "notes", "description"];

/// A tantivy index with generations; see the module documentation.
pub struct TantivyIndex {
    schema: Schema,
    root: Option<PathBuf>,
    live: RwLock<Arc<Generation>>,
    /// Serializes upserts, deletes and rebuilds.
    write: Mutex<()>,
    results: Mutex<ResultCache>,
}

/// Answers of recent queries, valid for one state of the index: the key holds the generation
/// and the searcher's own generation, so a write (which reloads the searcher) or a swap makes
/// every entry stale at once, as Solr's query result cache behaves.
#[derive(Default)]
struct ResultCache {
    capacity: usize,
    state: (u64, u64),
    answers: HashMap<String, Hits>,
}

/// Queries whose answers are kept by default.
pub const DEFAULT_RESULT_CACHE: usize = 1024;

struct Generation {
    number: u64,
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    dir: Option<PathBuf>,
    /// The facet, sort and id columns of its live segments, read out for searching.
    columns: ColumnCache,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl std::fmt::Debug for TantivyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivyIndex")
            .field("root", &self.root)
            .field("generation", &self.current().number)
            .finish_non_exhaustive()
    }
}

impl TantivyIndex {
    /// Opens (or creates) the index under `dir`. If the stored index does not match `schema`,
    /// a new empty generation is started and a warning logged: the caller should rebuild
    /// (an empty index after open means exactly that).
    pub fn open(dir: &Path, schema: Schema) -> Result<Self, SearchError> {
        let (tantivy_schema, _) = build_schema(&schema)?;
        fs::create_dir_all(dir)?;
        let current = fs::read_to_string(dir.join(CURRENT))
            .ok()
            .and_then(|s| s.trim().strip_prefix(GEN_PREFIX)?.parse::<u64>().ok());
        let mut live = None;
        if let Some(number) = current {
            let path = generation_dir(dir, number);
            match Index::open_in_dir(&path) {
                Ok(index) if index.schema() == tantivy_schema => {
                    live = Some(Generation::new(index, &schema, number, Some(path))?);
                }
                Ok(_) => tracing::warn!(
                    path = %path.display(),
                    "search index schema changed; starting an empty index, rebuild it"
                ),
                Err(error) => tracing::warn!(
                    path = %path.display(),
                    %error,
                    "search index unreadable; starting an empty index, rebuild it"
                ),
            }
        }
        let live = if let Some(generation) = live {
            generation
        } else {
            let number = max_generation(dir)? + 1;
            let generation = Generation::create(&schema, number, Some(dir))?;
            write_current(dir, number)?;
            generation
        };
        remove_other_generations(dir, live.number);
        Ok(Self {
            schema,
            root: Some(dir.to_owned()),
            live: RwLock::new(Arc::new(live)),
            write: Mutex::new(()),
            results: Mutex::new(ResultCache {
                capacity: DEFAULT_RESULT_CACHE,
                ..ResultCache::default()
            }),
        })
    }

    /// A memory-only index (tests, tools, small deployments that rebuild at start).
    pub fn in_memory(schema: Schema) -> Result<Self, SearchError> {
        let live = Generation::create(&schema, 1, None)?;
        Ok(Self {
            schema,
            root: None,
            live: RwLock::new(Arc::new(live)),
            write: Mutex::new(()),
            results: Mutex::new(ResultCache {
                capacity: DEFAULT_RESULT_CACHE,
                ..ResultCache::default()
            }),
        })
    }

    /// Keeps the answers of up to `capacity` recent queries until the index changes (0: none).
    #[must_use]
    pub fn with_result_cache(self, capacity: usize) -> Self {
        {
            let mut cache = lock(&self.results);
            cache.capacity = capacity;
            cache.answers.clear();
        }
        self
    }

    /// Bytes held by the columns read out for counting facets, sorting and naming hits (those
    /// of the live segments).
    #[must_use]
    pub fn column_memory(&self) -> usize {
        self.current().columns.size()
    }

    /// The kept answer to `key` in index state `state`; a new state forgets every answer.
    fn kept(&self, state: (u64, u64), key: &str) -> Option<Hits> {
        let mut cache = lock(&self.results);
        if cache.state != state {
            cache.state = state;
            cache.answers.clear();
        }
        cache.answers.get(key).cloned()
    }

    /// The declared schema.
    #[must_use]
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    fn current(&self) -> Arc<Generation> {
        Arc::clone(&self.live.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn resolve_sort(&self, sort: &[(SortKey, bool)]) -> Result<Vec<SortSpec>, SearchError> {
        let mut specs = Vec::with_capacity(sort.len() + 1);
        for (key, desc) in sort {
            let desc = *desc;
            specs.push(match key {
                SortKey::Score => SortSpec::Score { desc },
                SortKey::Name => SortSpec::Str {
                    field: "name".to_owned(),
                    desc,
                },
                SortKey::Id => SortSpec::Str {
                    field: ID_FIELD.to_owned(),
                    desc,
                },
                SortKey::Date(field) if self.schema.date_fields.contains(field) => SortSpec::I64 {
                    field: field.clone(),
                    desc,
                },
                SortKey::Number(field) if self.schema.number_fields.contains(field) => {
                    SortSpec::I64 {
                        field: field.clone(),
                        desc,
                    }
                }
                SortKey::Date(field) | SortKey::Number(field) => {
                    return Err(SearchError::Query(format!(
                        "cannot sort by unknown field '{field}'"
                    )));
                }
            });
        }
        if specs.is_empty() {
            specs.push(SortSpec::Score { desc: true });
        }
        if !matches!(specs.last(), Some(SortSpec::Str { field, .. }) if field == ID_FIELD) {
            specs.push(SortSpec::Str {
                field: ID_FIELD.to_owned(),
                desc: false,
            });
        }
        Ok(specs)
    }
}

impl Generation {
    fn create(schema: &Schema, number: u64, root: Option<&Path>) -> Result<Self, SearchError> {
        let (tantivy_schema, _) = build_schema(schema)?;
        let (index, dir) = match root {
            Some(root) => {
                let path = generation_dir(root, number);
                if path.exists() {
                    fs::remove_dir_all(&path)?;
                }
                fs::create_dir_all(&path)?;
                (Index::create_in_dir(&path, tantivy_schema)?, Some(path))
            }
            None => (Index::create_in_ram(tantivy_schema), None),
        };
        Self::new(index, schema, number, dir)
    }

    fn new(
        index: Index,
        schema: &Schema,
        number: u64,
        dir: Option<PathBuf>,
    ) -> Result<Self, SearchError> {
        analysis::register(index.tokenizers());
        let (_, fields) = build_schema(schema)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let writer = new_writer(&index)?;
        Ok(Self {
            number,
            index,
            reader,
            writer: Mutex::new(Some(writer)),
            fields,
            dir,
            columns: ColumnCache::default(),
        })
    }

    fn to_tantivy(&self, doc: &Document) -> Result<TantivyDocument, SearchError> {
        let fields = &self.fields;
        let mut out = TantivyDocument::default();
        if doc.id.is_empty() {
            return Err(SearchError::Document(
                "a document has an empty id".to_owned(),
            ));
        }
        out.add_text(fields.id, &doc.id);
        out.add_text(fields.name, &doc.name);
        for (field, text) in fields.titles.iter().zip(&doc.titles) {
            if !text.is_empty() {
                out.add_text(*field, text);
            }
        }
        for (field, text) in fields.texts.iter().zip(&doc.texts) {
            if !text.is_empty() {
                out.add_text(*field, text);
            }
        }
        let typed = |name: &str, want: Kind, what: &str| match fields.typed.get(name) {
            Some((field, kind)) if *kind == want && !RESERVED.contains(&name) => Ok(*field),
            _ => Err(SearchError::Document(format!(
                "document {:?}: '{name}' is not a declared {what} field",
                doc.id
            ))),
        };
        for (i, (name, value)) in doc.facets.iter().enumerate() {
            let field = typed(name, Kind::Exact, "facet")?;
            // A repeated value would be counted twice.
            if !value.is_empty() && !doc.facets[..i].contains(&(name.clone(), value.clone())) {
                out.add_text(field, value);
            }
        }
        for (name, value) in &doc.dates {
            out.add_i64(typed(name, Kind::Date, "date")?, *value);
        }
        for (name, value) in &doc.numbers {
            out.add_i64(typed(name, Kind::Number, "number")?, *value);
        }
        Ok(out)
    }

    /// Runs `f` with the writer, then commits and reloads the reader.
    fn write(
        &self,
        f: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let mut guard = lock(&self.writer);
        let Some(writer) = guard.as_mut() else {
            return Err(SearchError::Index(tantivy::TantivyError::InternalError(
                "index generation already retired".to_owned(),
            )));
        };
        f(writer)?;
        writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Merges all segments into one (searches pay per segment), then restores the default
    /// merge policy for the small segments that upserts will add.
    fn compact(&self) -> Result<(), SearchError> {
        let mut guard = lock(&self.writer);
        let Some(writer) = guard.as_mut() else {
            return Ok(());
        };
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        self.reader.reload()?;
        Ok(())
    }

    /// Stops the writer (waiting for merges) and deletes the generation's files.
    fn retire(&self) {
        if let Some(writer) = lock(&self.writer).take()
            && let Err(error) = writer.wait_merging_threads()
        {
            tracing::warn!(%error, "search index: merge threads failed while retiring");
        }
        if let Some(dir) = &self.dir
            && let Err(error) = fs::remove_dir_all(dir)
        {
            tracing::warn!(%error, path = %dir.display(), "search index: cannot remove old generation");
        }
    }
}

fn new_writer(index: &Index) -> Result<IndexWriter, SearchError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, WRITER_BUDGET / MIN_THREAD_BUDGET);
    Ok(index.writer_with_num_threads(threads, WRITER_BUDGET)?)
}

fn check_name(name: &str, seen: &mut HashSet<String>) -> Result<(), SearchError> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !RESERVED.contains(&name)
        && !LANGS
            .iter()
            .any(|l| name == format!("title_{l}") || name == format!("text_{l}"));
    if !valid {
        return Err(SearchError::Schema(format!(
            "field name '{name}' is reserved or not [A-Za-z0-9_-]+"
        )));
    }
    if !seen.insert(name.to_owned()) {
        return Err(SearchError::Schema(format!(
            "field '{name}' declared twice"
        )));
    }
    Ok(())
}

/// The tantivy schema for a declared schema, and our handles on its fields.
fn build_schema(schema: &Schema) -> Result<(tantivy::schema::Schema, Fields), SearchError> {
    let mut builder = tantivy::schema::Schema::builder();
    let id = builder.add_text_field(ID_FIELD, STRING | FAST);
    let name = builder.add_text_field("name", STRING | FAST);
    let text_options = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let analyzers = [KK, RU, EN];
    let titles = [0, 1, 2].map(|i| {
        builder.add_text_field(&format!("title_{}", LANGS[i]), text_options(analyzers[i]))
    });
    let texts = [0, 1, 2]
        .map(|i| builder.add_text_field(&format!("text_{}", LANGS[i]), text_options(analyzers[i])));
    let mut typed = HashMap::new();
    typed.insert(ID_FIELD.to_owned(), (id, Kind::Exact));
    typed.insert("name".to_owned(), (name, Kind::Exact));
    let mut seen = HashSet::new();
    for field in &schema.facet_fields {
        check_name(field, &mut seen)?;
        typed.insert(
            field.clone(),
            (builder.add_text_field(field, STRING | FAST), Kind::Exact),
        );
    }
    for field in &schema.date_fields {
        check_name(field, &mut seen)?;
        typed.insert(
            field.clone(),
            (builder.add_i64_field(field, INDEXED | FAST), Kind::Date),
        );
    }
    for field in &schema.number_fields {
        check_name(field, &mut seen)?;
        typed.insert(
            field.clone(),
            (builder.add_i64_field(field, INDEXED | FAST), Kind::Number),
        );
    }
    Ok((
        builder.build(),
        Fields {
            id,
            name,
            titles,
            texts,
            typed,
        },
    ))
}

fn generation_dir(root: &Path, number: u64) -> PathBuf {
    root.join(format!("{GEN_PREFIX}{number:06}"))
}

fn generation_numbers(root: &Path) -> Result<Vec<u64>, SearchError> {
    let mut numbers = Vec::new();
    for entry in fs::read_dir(root)? {
        let name = entry?.file_name();
        if let Some(n) = name
            .to_str()
            .and_then(|n| n.strip_prefix(GEN_PREFIX)?.parse().ok())
        {
            numbers.push(n);
        }
    }
    Ok(numbers)
}

fn max_generation(root: &Path) -> Result<u64, SearchError> {
    Ok(generation_numbers(root)?.into_iter().max().unwrap_or(0))
}

fn remove_other_generations(root: &Path, keep: u64) {
    for n in generation_numbers(root).unwrap_or_default() {
        if n != keep {
            let path = generation_dir(root, n);
            if let Err(error) = fs::remove_dir_all(&path) {
                tracing::warn!(%error, path = %path.display(), "search index: cannot remove stale generation");
            }
        }
    }
}

fn write_current(root: &Path, number: u64) -> Result<(), SearchError> {
    let tmp = root.join("CURRENT.tmp");
    fs::write(&tmp, format!("{GEN_PREFIX}{number:06}\n"))?;
    fs::rename(&tmp, root.join(CURRENT))?;
    Ok(())
}

fn sorted_facet(
    mut values: Vec<(Arc<str>, u64)>,
    limit: usize,
    mincount: u64,
) -> Vec<(String, u64)> {
    values.retain(|(_, c)| *c >= mincount);
    values.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values.truncate(limit);
    values
        .into_iter()
        .map(|(value, count)| (value.as_ref().to_owned(), count))
        .collect()
}

impl SearchIndex for TantivyIndex {
    fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let _write = lock(&self.write);
        let generation = self.current();
        let converted = docs
            .iter()
            .map(|doc| generation.to_tantivy(doc))
            .collect::<Result<Vec<_>, _>>()?;
        generation.write(|writer| {
            for (doc, tantivy_doc) in docs.iter().zip(converted) {
                writer.delete_term(Term::from_field_text(generation.fields.id, &doc.id));
                writer.add_document(tantivy_doc)?;
            }
            Ok(())
        })
    }

    fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let _write = lock(&self.write);
        let generation = self.current();
        generation.write(|writer| {
            for id in ids {
                writer.delete_term(Term::from_field_text(generation.fields.id, id));
            }
            Ok(())
        })
    }

    fn search(&self, query: &Query) -> Result<Hits, SearchError> {
        if query.rows > MAX_ROWS {
            return Err(SearchError::Query(format!(
                "rows must be at most {MAX_ROWS}"
            )));
        }
        if query.start > MAX_START {
            return Err(SearchError::Query(format!(
                "start must be at most {MAX_START}"
            )));
        }
        for facet in &query.facets {
            if !self.schema.facet_fields.contains(facet) {
                return Err(SearchError::Query(format!("unknown facet field '{facet}'")));
            }
        }
        let sort = self.resolve_sort(&query.sort)?;
        let generation = self.current();
        let searcher = generation.reader.searcher();
        // A kept answer is found before the query is parsed and compiled: only queries that
        // were answered are kept, so it is valid.
        let state = (generation.number, searcher.generation().generation_id());
        let key = (lock(&self.results).capacity > 0).then(|| format!("{query:?}"));
        if let Some(hits) = key.as_ref().and_then(|k| self.kept(state, k)) {
            return Ok(hits);
        }
        let analyzer = |name: &str| {
            generation.index.tokenizers().get(name).ok_or_else(|| {
                SearchError::Index(tantivy::TantivyError::InternalError(format!(
                    "analyzer {name} missing"
                )))
            })
        };
        let mut compiler = Compiler {
            fields: &generation.fields,
            analyzers: [analyzer(KK)?, analyzer(RU)?, analyzer(EN)?],
        };
        let parse = |text: &str, what: &str| {
            syntax::parse(text).map_err(|e| SearchError::Query(format!("{what}: {e}")))
        };
        let main_node = parse(&query.q, "q")?;
        // A match-all query gives every document the same score, so a score key orders
        // nothing: without it the engine does not score at all.
        let sort: Vec<SortSpec> = if matches!(main_node, syntax::Node::All) {
            sort.into_iter()
                .filter(|s| !matches!(s, SortSpec::Score { .. }))
                .collect()
        } else {
            sort
        };
        let main = compiler.compile(&main_node)?;
        let mut filters: Vec<(Occur, Box<dyn tantivy::query::Query>)> =
            Vec::with_capacity(query.fq.len());
        for fq in &query.fq {
            let node = parse(fq, "fq")?;
            // A negative filter (`-field:value`, as harvesters and the visibility filter send)
            // excludes its few documents at the top level instead of intersecting the result
            // with "everything but them".
            let negated: Vec<&syntax::Node> = match &node {
                syntax::Node::Not(inner) => vec![&**inner],
                syntax::Node::And(items)
                    if items.iter().all(|i| matches!(i, syntax::Node::Not(_))) =>
                {
                    items
                        .iter()
                        .filter_map(|i| match i {
                            syntax::Node::Not(inner) => Some(&**inner),
                            _ => None,
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            if negated.is_empty() {
                let filter = compiler.compile(&node)?;
                filters.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
            } else {
                for inner in negated {
                    filters.push((Occur::MustNot, compiler.compile(inner)?));
                }
            }
        }
        let full: Box<dyn tantivy::query::Query> = if filters.is_empty() {
            main
        } else {
            filters.push((Occur::Must, main));
            Box::new(BooleanQuery::new(filters))
        };
        let live: Vec<tantivy::index::SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(tantivy::SegmentReader::segment_id)
            .collect();
        generation.columns.retain(&live);
        let collector = HitCollector {
            sort,
            keep: query.start + query.rows,
            facets: query.facets.clone(),
            facet_mincount: query.facet_mincount,
            columns: &generation.columns,
        };
        let collected = searcher.search(&*full, &collector)?;
        let hits = Hits {
            total: collected.total,
            ids: collected.ids.into_iter().skip(query.start).collect(),
            facets: query
                .facets
                .iter()
                .cloned()
                .zip(
                    collected
                        .facets
                        .into_iter()
                        .chain(std::iter::repeat_with(Vec::new)),
                )
                .map(|(name, counts)| {
                    (
                        name,
                        sorted_facet(counts, query.facet_limit, query.facet_mincount),
                    )
                })
                .collect(),
        };
        if let Some(key) = key {
            let mut cache = lock(&self.results);
            if cache.state == state {
                if cache.answers.len() >= cache.capacity
                    && let Some(old) = cache.answers.keys().next().cloned()
                {
                    cache.answers.remove(&old);
                }
                cache.answers.insert(key, hits.clone());
            }
        }
        Ok(hits)
    }

    fn rebuild(&self, docs: &mut dyn Iterator<Item = Document>) -> Result<u64, SearchError> {
        let _write = lock(&self.write);
        let old = self.current();
        let number = old.number + 1;
        let fresh = Generation::create(&self.schema, number, self.root.as_deref())?;
        let filled = (|| -> Result<u64, SearchError> {
            let mut count = 0;
            fresh.write(|writer| {
                // One merge at the end beats many along the way.
                writer.set_merge_policy(Box::new(NoMergePolicy));
                for doc in docs {
                    writer.add_document(fresh.to_tantivy(&doc)?)?;
                    count += 1;
                }
                Ok(())
            })?;
            fresh.compact()?;
            if let Some(root) = &self.root {
                write_current(root, number)?;
            }
            Ok(count)
        })();
        let count = match filled {
            Ok(count) => count,
            Err(error) => {
                fresh.retire();
                return Err(error);
            }
        };
        let fresh = Arc::new(fresh);
        *self.live.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&fresh);
        old.retire();
        tracing::info!(
            generation = number,
            documents = count,
            "search index rebuilt"
        );
        Ok(count)
    }

    fn len(&self) -> Result<u64, SearchError> {
        Ok(self.current().reader.searcher().num_docs())
    }
}
