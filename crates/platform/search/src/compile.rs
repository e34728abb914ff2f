//! Turns a parsed query ([`crate::syntax::Node`]) into a tantivy query against our schema.
//!
//! Field names a query may use:
//! - `text`: all six language fields; `title`: the three titles; `notes`/`description`: the
//!   three bodies; `title_kk`, `text_ru`, … one language field. Analysed like the documents.
//! - `id`, `name` and the declared facet fields: exact terms (`tags:"Air quality"`), `*` for
//!   "has a value", `prefix*`.
//! - declared date fields: ISO dates and Solr date math, ranges; a bare date matches the day.
//! - declared number fields: integers, ranges.
//!
//! Free text (no field) searches the six language fields, titles boosted 3×. A word that
//! analyses to nothing (punctuation) is ignored rather than matching nothing.

use std::collections::HashMap;
use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ExistsQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::SearchError;
use crate::analysis::analyze;
use crate::dates;
use crate::syntax::Node;

/// Analysed text: token forms grouped by position.
type Analyzed = Vec<(usize, Vec<String>)>;

/// Boost of title fields over body fields.
pub const TITLE_BOOST: f32 = 3.0;

/// What kind of values a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Exact,
    Date,
    Number,
}

/// The schema fields, by role.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    pub name: Field,
    /// kk, ru, en
    pub titles: [Field; 3],
    /// kk, ru, en
    pub texts: [Field; 3],
    /// Every non-text field by name: id, name, facets, dates, numbers.
    pub typed: HashMap<String, (Field, Kind)>,
}

/// A compiled clause; `Neutral` is a clause that analysed to nothing and is skipped.
enum Compiled {
    Query(Box<dyn Query>),
    Neutral,
}

/// Compiles queries; holds the analyzers (kk, ru, en) for one search.
pub struct Compiler<'a> {
    pub fields: &'a Fields,
    pub analyzers: [TextAnalyzer; 3],
}

fn err(message: String) -> SearchError {
    SearchError::Query(message)
}

fn all() -> Box<dyn Query> {
    Box::new(AllQuery)
}

impl Compiler<'_> {
    /// Compiles a whole query; an empty one matches everything.
    pub fn compile(&mut self, node: &Node) -> Result<Box<dyn Query>, SearchError> {
        Ok(match self.node(node)? {
            Compiled::Query(q) => q,
            Compiled::Neutral => all(),
        })
    }

    fn node(&mut self, node: &Node) -> Result<Compiled, SearchError> {
        match node {
            Node::All => Ok(Compiled::Query(all())),
            Node::Text { field, text, .. } => self.text(field.as_deref(), text),
            Node::Prefix { field, prefix } => self.prefix(field, prefix),
            Node::Exists { field } => self.exists(field),
            Node::Range {
                field,
                lower,
                upper,
            } => self.range(field, lower, upper),
            Node::Not(inner) => Ok(match self.node(inner)? {
                Compiled::Query(q) => Compiled::Query(negate(q)),
                Compiled::Neutral => Compiled::Neutral,
            }),
            Node::And(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for item in items {
                    let (occur, inner) = match item {
                        Node::Not(inner) => (Occur::MustNot, &**inner),
                        other => (Occur::Must, other),
                    };
                    if let Compiled::Query(q) = self.node(inner)? {
                        clauses.push((occur, q));
                    }
                }
                if clauses.is_empty() {
                    return Ok(Compiled::Neutral);
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, all()));
                }
                Ok(Compiled::Query(Box::new(BooleanQuery::new(clauses))))
            }
            Node::Or(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for item in items {
                    if let Compiled::Query(q) = self.node(item)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                Ok(if clauses.is_empty() {
                    Compiled::Neutral
                } else {
                    Compiled::Query(Box::new(BooleanQuery::new(clauses)))
                })
            }
        }
    }

    /// The language fields an alias stands for, with their analyzer index and boost.
    fn text_fields(&self, field: Option<&str>) -> Option<Vec<(Field, usize, f32)>> {
        let titles = self
            .fields
            .titles
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, i, TITLE_BOOST));
        let texts = self
            .fields
            .texts
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, i, 1.0));
        let lang = |s: &str| ["kk", "ru", "en"].iter().position(|l| *l == s);
        Some(match field {
            None | Some("text") => titles.chain(texts).collect(),
            Some("title") => titles.collect(),
            Some("notes" | "description") => texts.collect(),
            Some(other) => {
                if let Some(l) = other.strip_prefix("title_").and_then(lang) {
                    vec![(self.fields.titles[l], l, TITLE_BOOST)]
                } else if let Some(l) = other.strip_prefix("text_").and_then(lang) {
                    vec![(self.fields.texts[l], l, 1.0)]
                } else {
                    return None;
                }
            }
        })
    }

    fn typed(&self, field: &str) -> Result<(Field, Kind), SearchError> {
        self.fields
            .typed
            .get(field)
            .copied()
            .ok_or_else(|| err(format!("unknown field '{field}'")))
    }

    fn text(&mut self, field: Option<&str>, text: &str) -> Result<Compiled, SearchError> {
        if let Some(targets) = self.text_fields(field) {
            return Ok(self.full_text(&targets, text));
        }
        let name = field.unwrap_or_default();
        let (f, kind) = self.typed(name)?;
        Ok(Compiled::Query(match kind {
            Kind::Exact => Box::new(TermQuery::new(
                Term::from_field_text(f, text),
                IndexRecordOption::Basic,
            )),
            Kind::Number => {
                let value = parse_number(name, text)?;
                Box::new(TermQuery::new(
                    Term::from_field_i64(f, value),
                    IndexRecordOption::Basic,
                ))
            }
            Kind::Date => {
                let start = parse_date(name, text)?;
                // A bare date means the whole day.
                let end = if text.len() == 10 && !text.starts_with("NOW") {
                    Bound::Excluded(Term::from_field_i64(f, start.saturating_add(86_400)))
                } else {
                    Bound::Included(Term::from_field_i64(f, start))
                };
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f, start)),
                    end,
                ))
            }
        }))
    }

    /// Each word or phrase becomes a term (or the union of its forms) or, when it analyses to
    /// several positions, a phrase; quoted or not, a compound like `covid-19` is a phrase.
    fn full_text(&mut self, targets: &[(Field, usize, f32)], text: &str) -> Compiled {
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The same text analyses the same way for every field of a language.
        let mut cache: [Option<Analyzed>; 3] = [None, None, None];
        for &(field, lang, boost) in targets {
            let tokens =
                cache[lang].get_or_insert_with(|| analyze(&mut self.analyzers[lang], text));
            let boosted = |query: Box<dyn Query>| -> Box<dyn Query> {
                if (boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(query, boost))
                } else {
                    query
                }
            };
            match tokens.as_slice() {
                [] => {}
                // One flat union of every (field, form) term: tantivy unions term scorers fast.
                [(_, forms)] => {
                    for form in forms {
                        let term = TermQuery::new(
                            Term::from_field_text(field, form),
                            IndexRecordOption::WithFreqs,
                        );
                        per_field.push((Occur::Should, boosted(Box::new(term))));
                    }
                }
                many => {
                    let first = many[0].0;
                    let terms = many
                        .iter()
                        .map(|(pos, forms)| (pos - first, Term::from_field_text(field, &forms[0])))
                        .collect();
                    let phrase = PhraseQuery::new_with_offset(terms);
                    per_field.push((Occur::Should, boosted(Box::new(phrase))));
                }
            }
        }
        if per_field.is_empty() {
            Compiled::Neutral
        } else {
            Compiled::Query(Box::new(BooleanQuery::new(per_field)))
        }
    }

    fn prefix(&mut self, field: &str, prefix: &str) -> Result<Compiled, SearchError> {
        if let Some(targets) = self.text_fields(Some(field)) {
            // Stemmed fields have no usable prefix; search the word itself.
            return Ok(self.full_text(&targets, prefix));
        }
        let (f, kind) = self.typed(field)?;
        if kind != Kind::Exact {
            return Err(err(format!(
                "field '{field}' does not support prefix queries"
            )));
        }
        let mut upper = prefix.to_owned();
        upper.push(char::MAX);
        Ok(Compiled::Query(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_text(f, prefix)),
            Bound::Excluded(Term::from_field_text(f, &upper)),
        ))))
    }

    fn exists(&mut self, field: &str) -> Result<Compiled, SearchError> {
        if self.text_fields(Some(field)).is_some() {
            return Ok(Compiled::Query(all()));
        }
        self.typed(field)?;
        Ok(Compiled::Query(Box::new(ExistsQuery::new(
            field.to_owned(),
            false,
        ))))
    }

    fn range(
        &mut self,
        field: &str,
        lower: &Bound<String>,
        upper: &Bound<String>,
    ) -> Result<Compiled, SearchError> {
        let (f, kind) = self.typed(field).map_err(|e| {
            if self.text_fields(Some(field)).is_some() {
                err(format!("field '{field}' does not support ranges"))
            } else {
                e
            }
        })?;
        let value = |text: &str| -> Result<i64, SearchError> {
            match kind {
                Kind::Date => parse_date(field, text),
                Kind::Number => parse_number(field, text),
                Kind::Exact => Err(err(format!(
                    "field '{field}' does not support ranges (only date and number fields do)"
                ))),
            }
        };
        let term = |bound: &Bound<String>| -> Result<Bound<Term>, SearchError> {
            Ok(match bound {
                Bound::Included(v) => Bound::Included(Term::from_field_i64(f, value(v)?)),
                Bound::Excluded(v) => Bound::Excluded(Term::from_field_i64(f, value(v)?)),
                Bound::Unbounded => Bound::Unbounded,
            })
        };
        Ok(Compiled::Query(Box::new(RangeQuery::new(
            term(lower)?,
            term(upper)?,
        ))))
    }
}

fn negate(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, all()),
        (Occur::MustNot, query),
    ]))
}

fn parse_date(field: &str, text: &str) -> Result<i64, SearchError> {
    dates::parse(text).ok_or_else(|| {
        err(format!(
            "invalid date '{text}' for field '{field}' (expected e.g. 2026-01-01, 2026-01-01T00:00:00Z or NOW-1DAY)"
        ))
    })
}

fn parse_number(field: &str, text: &str) -> Result<i64, SearchError> {
    text.parse()
        .map_err(|_| err(format!("invalid integer '{text}' for field '{field}'")))
}
