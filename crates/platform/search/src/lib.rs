#![doc = include_str!("../README.md")]

pub mod analysis;
mod collect;
mod compile;
pub mod dates;
mod index;
pub mod kazakh;
pub mod syntax;

pub use index::{DEFAULT_RESULT_CACHE, TantivyIndex};
pub use syntax::MAX_QUERY_CHARS;

/// Most rows one search may return.
pub const MAX_ROWS: usize = 1000;
/// Largest accepted `start`.
pub const MAX_START: usize = 100_000;

/// A searchable document: generic, so that datasets now and legal drafts later share the engine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Unique; an upsert replaces the document with the same id.
    pub id: String,
    /// Sortable, and matchable exactly through the field `name`.
    pub name: String,
    /// kk, ru, en; an empty string when absent.
    pub titles: [String; 3],
    /// kk, ru, en bodies (description, keywords, …).
    pub texts: [String; 3],
    /// `(facet field, value)`, multi-valued: `("organization", "mf")`, `("tags", "бюджет")`.
    pub facets: Vec<(String, String)>,
    /// `(date field, unix seconds)`: rangeable and sortable.
    pub dates: Vec<(String, i64)>,
    /// `(number field, value)`: rangeable and sortable.
    pub numbers: Vec<(String, i64)>,
}

/// The fields beyond the fixed ones, declared when the index is opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub facet_fields: Vec<String>,
    pub date_fields: Vec<String>,
    pub number_fields: Vec<String>,
}

/// What to sort by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    Score,
    Name,
    Date(String),
    Number(String),
    Id,
}

/// A search request. See the crate documentation for the query syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// Main query; `""` or `*:*` matches everything. Clauses without an operator are combined with AND.
    pub q: String,
    /// Filter queries, same syntax, all required along with `q`; they do not affect the score.
    pub fq: Vec<String>,
    /// `(key, descending)`; ties are always broken by id ascending. Empty means score desc.
    pub sort: Vec<(SortKey, bool)>,
    pub start: usize,
    /// At most [`MAX_ROWS`].
    pub rows: usize,
    /// Facet fields to count over the whole filtered result.
    pub facets: Vec<String>,
    /// Values per facet: `0` returns none, `usize::MAX` (Solr's `-1`) all.
    pub facet_limit: usize,
    /// Values counted fewer times are left out; `0` also lists values with no hit.
    pub facet_mincount: u64,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            q: String::new(),
            fq: Vec::new(),
            sort: Vec::new(),
            start: 0,
            rows: 10,
            facets: Vec::new(),
            facet_limit: 50,
            facet_mincount: 1,
        }
    }
}

/// A search result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// Exact number of matching documents.
    pub total: u64,
    /// Ids of the requested page, in order.
    pub ids: Vec<String>,
    /// Per requested facet field: `(value, count)` by count descending, then value ascending.
    pub facets: Vec<(String, Vec<(String, u64)>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query (or a sort key, facet field, paging value) is invalid; a 400 upstream.
    #[error("invalid query: {0}")]
    Query(String),
    /// A document uses a field the schema does not declare.
    #[error("invalid document: {0}")]
    Document(String),
    /// The declared schema is unusable (reserved or duplicate field names).
    #[error("invalid search schema: {0}")]
    Schema(String),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// The search index as the platform sees it. Safe to share between threads: searches run in
/// parallel, writes are serialized internally.
pub trait SearchIndex: Send + Sync {
    /// Adds or replaces documents by id; visible to the next search when this returns.
    fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError>;
    /// Removes documents by id; unknown ids are ignored.
    fn delete(&self, ids: &[String]) -> Result<(), SearchError>;
    fn search(&self, query: &Query) -> Result<Hits, SearchError>;
    /// Builds a fresh index from `docs` beside the live one and swaps it in; searches keep
    /// using the old one meanwhile, writes wait. Returns the number of documents indexed.
    fn rebuild(&self, docs: &mut dyn Iterator<Item = Document>) -> Result<u64, SearchError>;
    /// Number of documents.
    fn len(&self) -> Result<u64, SearchError>;
    fn is_empty(&self) -> Result<bool, SearchError> {
        Ok(self.len()? == 0)
    }
}
