//! The catalogue in DCAT-AP 3: `/catalog.ttl`, `/catalog.rdf`, `/catalog.jsonld` (paged with
//! `?page=N`, 100 datasets a page, with Hydra paging terms) and the same per dataset at
//! `/data/{name}/dcat.{ttl,rdf,jsonld}`. Titles and descriptions carry `@kk`, `@ru` and `@en`;
//! themes and frequencies are the EU vocabularies' URIs; publishers are `foaf:Agent`s, contact
//! points `vcard:Kind`s, licences `dct:LicenseDocument`s; each resource is a
//! `dcat:Distribution` with access and download URLs, media type, byte size and an
//! `spdx:Checksum`. The catalogue names the CKAN Action API as its `dcat:DataService`, with
//! its endpoint, its description and the datasets it serves.
//!
//! It validates against the official DCAT-AP 3.0.1 SHACL shapes (`shapes.ttl` and `range.ttl`,
//! checked without inference by `tests/dcat_shacl.rs`), so the class of every linked resource is
//! stated in the data: the EU themes, frequencies, file types and languages used are
//! `skos:Concept`s with labels and their scheme, media types `dct:MediaType`s, landing and home
//! pages `foaf:Document`s, and publishers carry their ADMS publisher type.
//!
//! The graph is built once as triples and written by three small serialisers, so the three
//! formats always say the same thing.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde_json::{Map, Value, json};

use crate::resources::{self, Resource, Version};
use crate::store::{self, Dataset};
use crate::vocab;

const PREFIXES: [(&str, &str); 13] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("locn", "http://www.w3.org/ns/locn#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
];

/// The EU vocabularies (Publications Office authority tables) the output refers to.
const EU_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/";

/// An RDF term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    Iri(String),
    Blank(String),
    /// A literal with a language tag or a datatype IRI (or neither: a plain string).
    Literal {
        value: String,
        lang: Option<&'static str>,
        datatype: Option<String>,
    },
}

/// Characters that may not appear in an IRI.
fn not_in_iri(c: char) -> bool {
    c.is_control() || c.is_whitespace() || "<>\"{}|\\^`".contains(c)
}

/// An IRI term. Characters that may not appear in an IRI (spaces, controls, `<>"{}|\^` and
/// the backtick) are percent-encoded here, once, so that the three serialisers write the same
/// IRI (a link resource's URL is whatever its publisher typed).
fn iri(s: impl Into<String>) -> Term {
    let s = s.into();
    if !s.chars().any(not_in_iri) {
        return Term::Iri(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if not_in_iri(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    Term::Iri(out)
}

fn lit(s: impl Into<String>) -> Term {
    Term::Literal {
        value: s.into(),
        lang: None,
        datatype: None,
    }
}

fn lang(s: impl Into<String>, l: &'static str) -> Term {
    Term::Literal {
        value: s.into(),
        lang: Some(l),
        datatype: None,
    }
}

fn typed(s: impl Into<String>, t: &str) -> Term {
    Term::Literal {
        value: s.into(),
        lang: None,
        datatype: Some(expand(t)),
    }
}

/// `prefix:local` to a full IRI.
fn expand(curie: &str) -> String {
    match curie.split_once(':') {
        Some((p, local)) => PREFIXES
            .iter()
            .find(|(name, _)| *name == p)
            .map_or_else(|| curie.to_owned(), |(_, base)| format!("{base}{local}")),
        None => curie.to_owned(),
    }
}

/// A graph: subject, predicate (a CURIE), object.
#[derive(Debug, Default)]
pub struct Graph {
    pub triples: Vec<(Term, String, Term)>,
    /// Nodes already described (agents, licences, concepts that many datasets share), so a
    /// catalogue page says each of them once.
    described: std::collections::HashSet<Term>,
}

impl Graph {
    /// True the first time it is asked about `node`.
    fn first_time(&mut self, node: &Term) -> bool {
        self.described.insert(node.clone())
    }

    fn add(&mut self, s: &Term, p: &str, o: Term) {
        self.triples.push((s.clone(), expand(p), o));
    }

    fn subjects(&self) -> Vec<&Term> {
        let mut out: Vec<&Term> = Vec::new();
        for (s, _, _) in &self.triples {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

fn ts(t: opengov_kernel::Ts) -> String {
    t.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn abs(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
}

/// A concept of an EU vocabulary (`{base}{code}`), described the first time it is used: typed
/// `skos:Concept` (and each of `also`), labelled (in the three languages when `labels` has them,
/// else with its code) and placed in its scheme. DCAT-AP's class ranges (`dcat:theme` a
/// `skos:Concept`, `dct:accrualPeriodicity` a `dct:Frequency`, ...) are checked on the data, so
/// the output states what the vocabulary would say about the terms it uses.
fn eu_concept(
    g: &mut Graph,
    base: &str,
    code: &str,
    labels: Option<&vocab::Term>,
    also: &[&str],
) -> Term {
    let concept = iri(format!("{base}{code}"));
    if g.first_time(&concept) {
        g.add(&concept, "rdf:type", iri(expand("skos:Concept")));
        for class in also {
            g.add(&concept, "rdf:type", iri(expand(class)));
        }
        match labels {
            Some(t) => {
                for (text, l) in [(t.kk, "kk"), (t.ru, "ru"), (t.en, "en")] {
                    g.add(&concept, "skos:prefLabel", lang(text, l));
                }
            }
            None => g.add(&concept, "skos:prefLabel", lit(code)),
        }
        g.add(&concept, "skos:inScheme", iri(base.trim_end_matches('/')));
    }
    concept
}

/// The EU file-type code for a media type, where there is one.
fn file_type(media_type: &str) -> Option<&'static str> {
    match resources::format_of(media_type) {
        "" => None,
        "GZ" => Some("GZIP"),
        code => Some(code),
    }
}

/// The ADMS publisher-type vocabulary DCAT-AP recommends for an agent's `dct:type`.
const ADMS_PUBLISHER_TYPE: &str = "http://purl.org/adms/publishertype/";

/// The ADMS publisher type (code and English label) of a body of this kind: central bodies are
/// national authorities, the akimats of regions regional ones, those of cities and districts
/// local ones.
fn publisher_type(kind: &str) -> Option<(&'static str, &'static str)> {
    use opengov_bodies::BodyKind as K;
    Some(match K::from_code(kind)? {
        K::Government | K::Ministry | K::Agency | K::Committee => {
            ("NationalAuthority", "National authority")
        }
        K::Region => ("RegionalAuthority", "Regional authority"),
        K::City | K::District | K::RuralDistrict => ("LocalAuthority", "Local authority"),
    })
}

/// Adds one dataset (with its publisher, contact point, licence and distributions).
fn add_dataset(
    g: &mut Graph,
    base: &str,
    d: &Dataset,
    body: Option<&opengov_bodies::Body>,
    list: &[Resource],
    current: &[(i64, Version)],
) -> Term {
    let ds = iri(format!("{base}/data/{}", d.name));
    g.add(&ds, "rdf:type", iri(expand("dcat:Dataset")));
    for (text, l) in [
        (&d.title_kk, "kk"),
        (&d.title_ru, "ru"),
        (&d.title_en, "en"),
    ] {
        g.add(&ds, "dct:title", lang(text.as_str(), l));
    }
    let descriptions = [
        (&d.description_kk, "kk"),
        (&d.description_ru, "ru"),
        (&d.description_en, "en"),
    ];
    if descriptions.iter().all(|(t, _)| t.is_empty()) {
        // dct:description is mandatory for a dcat:Dataset: fall back to the title.
        for (text, l) in [
            (&d.title_kk, "kk"),
            (&d.title_ru, "ru"),
            (&d.title_en, "en"),
        ] {
            g.add(&ds, "dct:description", lang(text.as_str(), l));
        }
    } else {
        for (text, l) in descriptions {
            if !text.is_empty() {
                g.add(&ds, "dct:description", lang(text.as_str(), l));
            }
        }
    }
    g.add(&ds, "dct:identifier", lit(d.name.as_str()));
    // The dataset's IRI is its page's URL (as in CKAN, and as the page's schema.org JSON-LD
    // says), so the landing page is the same IRI, also a foaf:Document.
    let page = iri(format!("{base}/data/{}", d.name));
    g.add(&ds, "dcat:landingPage", page.clone());
    g.add(&page, "rdf:type", iri(expand("foaf:Document")));
    g.add(
        &ds,
        "dct:issued",
        typed(ts(d.published_at.unwrap_or(d.created_at)), "xsd:dateTime"),
    );
    g.add(&ds, "dct:modified", typed(ts(d.updated_at), "xsd:dateTime"));
    for k in d.keyword_list() {
        g.add(&ds, "dcat:keyword", lit(k));
    }
    for t in d.theme_codes() {
        let theme = eu_concept(g, vocab::THEME_BASE, t, vocab::theme(t), &[]);
        g.add(&ds, "dcat:theme", theme);
    }
    if !d.frequency.is_empty() {
        let frequency = eu_concept(
            g,
            vocab::FREQUENCY_BASE,
            &d.frequency,
            vocab::frequency(&d.frequency),
            &["dct:Frequency"],
        );
        g.add(&ds, "dct:accrualPeriodicity", frequency);
    }
    if d.temporal_start.is_some() || d.temporal_end.is_some() {
        let period = Term::Blank(format!("period{}", d.id));
        g.add(&ds, "dct:temporal", period.clone());
        g.add(&period, "rdf:type", iri(expand("dct:PeriodOfTime")));
        if let Some(s) = &d.temporal_start {
            g.add(&period, "dcat:startDate", typed(s.as_str(), "xsd:date"));
        }
        if let Some(e) = &d.temporal_end {
            g.add(&period, "dcat:endDate", typed(e.as_str(), "xsd:date"));
        }
    }
    if !d.spatial.is_empty() {
        let place = Term::Blank(format!("place{}", d.id));
        g.add(&ds, "dct:spatial", place.clone());
        g.add(&place, "rdf:type", iri(expand("dct:Location")));
        g.add(&place, "locn:geographicName", lit(d.spatial.as_str()));
    }
    if let Some(b) = body {
        let agent = iri(format!("{base}/bodies/{}", b.slug));
        g.add(&ds, "dct:publisher", agent.clone());
        if g.first_time(&agent) {
            g.add(&agent, "rdf:type", iri(expand("foaf:Agent")));
            let names = [(&b.name.kk, "kk"), (&b.name.ru, "ru"), (&b.name.en, "en")];
            for (text, l) in names {
                if !text.is_empty() {
                    g.add(&agent, "foaf:name", lang(text.as_str(), l));
                }
            }
            if names.iter().all(|(t, _)| t.is_empty()) {
                // foaf:name is mandatory for an agent.
                g.add(&agent, "foaf:name", lit(b.slug.as_str()));
            }
            if let Some((kind, label)) = publisher_type(&b.kind) {
                let concept = iri(format!("{ADMS_PUBLISHER_TYPE}{kind}"));
                g.add(&agent, "dct:type", concept.clone());
                if g.first_time(&concept) {
                    g.add(&concept, "rdf:type", iri(expand("skos:Concept")));
                    g.add(&concept, "skos:prefLabel", lang(label, "en"));
                    g.add(
                        &concept,
                        "skos:inScheme",
                        iri(format!("{ADMS_PUBLISHER_TYPE}1.0")),
                    );
                }
            }
        }
    }
    if !d.contact_email.is_empty() || !d.contact_name.is_empty() {
        let contact = Term::Blank(format!("contact{}", d.id));
        g.add(&ds, "dcat:contactPoint", contact.clone());
        g.add(&contact, "rdf:type", iri(expand("vcard:Kind")));
        if !d.contact_name.is_empty() {
            g.add(&contact, "vcard:fn", lit(d.contact_name.as_str()));
        }
        if !d.contact_email.is_empty() {
            g.add(
                &contact,
                "vcard:hasEmail",
                iri(format!("mailto:{}", d.contact_email)),
            );
        }
    }
    let licence = vocab::licence(&d.licence).map(|l| iri(abs(base, l.url)));
    for r in list {
        let dist = iri(format!("{base}/data/{}/resources/{}", d.name, r.id));
        g.add(&ds, "dcat:distribution", dist.clone());
        g.add(&dist, "rdf:type", iri(expand("dcat:Distribution")));
        g.add(&dist, "dct:title", lit(r.name.as_str()));
        if !r.description.is_empty() {
            g.add(&dist, "dct:description", lit(r.description.as_str()));
        }
        if let Some(l) = &licence {
            g.add(&dist, "dct:license", l.clone());
        }
        let v = current.iter().find(|(id, _)| *id == r.id).map(|(_, v)| v);
        match (r.kind.as_str(), v) {
            ("link", _) => g.add(&dist, "dcat:accessURL", iri(r.url.as_str())),
            (_, Some(v)) => {
                let url = format!("{base}/data/{}/resources/{}/download", d.name, r.id);
                g.add(&dist, "dcat:accessURL", iri(url.as_str()));
                g.add(&dist, "dcat:downloadURL", iri(url));
                let media_type = iri(format!(
                    "http://www.iana.org/assignments/media-types/{}",
                    v.media_type
                ));
                g.add(&dist, "dcat:mediaType", media_type.clone());
                if g.first_time(&media_type) {
                    g.add(&media_type, "rdf:type", iri(expand("dct:MediaType")));
                }
                if let Some(code) = file_type(&v.media_type) {
                    let format = eu_concept(
                        g,
                        &format!("{EU_AUTHORITY}file-type/"),
                        code,
                        None,
                        &["dct:MediaTypeOrExtent"],
                    );
                    g.add(&dist, "dct:format", format);
                }
                g.add(
                    &dist,
                    "dcat:byteSize",
                    typed(v.size.to_string(), "xsd:nonNegativeInteger"),
                );
                g.add(
                    &dist,
                    "dct:modified",
                    typed(ts(v.created_at), "xsd:dateTime"),
                );
                let sum = Term::Blank(format!("checksum{}", r.id));
                g.add(&dist, "spdx:checksum", sum.clone());
                g.add(&sum, "rdf:type", iri(expand("spdx:Checksum")));
                g.add(
                    &sum,
                    "spdx:algorithm",
                    iri(expand("spdx:checksumAlgorithm_sha256")),
                );
                g.add(
                    &sum,
                    "spdx:checksumValue",
                    typed(v.sha256.as_str(), "xsd:hexBinary"),
                );
            }
            _ => g.add(
                &dist,
                "dcat:accessURL",
                iri(format!("{base}/data/{}/resources/{}", d.name, r.id)),
            ),
        }
    }
    if let (Some(l), Some(meta)) = (&licence, vocab::licence(&d.licence))
        && g.first_time(l)
    {
        g.add(l, "rdf:type", iri(expand("dct:LicenseDocument")));
        g.add(l, "rdfs:label", lit(meta.title));
    }
    ds
}

// ---------------------------------------------------------------------------------------------
// Serialisers

fn turtle_term(t: &Term) -> String {
    match t {
        Term::Iri(i) => format!("<{i}>"),
        Term::Blank(b) => format!("_:{b}"),
        Term::Literal {
            value,
            lang,
            datatype,
        } => {
            let mut escaped = String::with_capacity(value.len() + 2);
            for c in value.chars() {
                match c {
                    '\\' => escaped.push_str("\\\\"),
                    '"' => escaped.push_str("\\\""),
                    '\n' => escaped.push_str("\\n"),
                    '\r' => escaped.push_str("\\r"),
                    '\t' => escaped.push_str("\\t"),
                    c if c.is_control() => {}
                    c => escaped.push(c),
                }
            }
            match (lang, datatype) {
                (Some(l), _) => format!("\"{escaped}\"@{l}"),
                (None, Some(dt)) => format!("\"{escaped}\"^^<{dt}>"),
                (None, None) => format!("\"{escaped}\""),
            }
        }
    }
}

fn compact(p: &str) -> String {
    for (name, base) in PREFIXES {
        if let Some(local) = p.strip_prefix(base)
            && !local.is_empty()
            && local.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return format!("{name}:{local}");
        }
    }
    format!("<{p}>")
}

/// Turtle.
#[must_use]
pub fn turtle(g: &Graph) -> String {
    let mut out = String::new();
    for (name, base) in PREFIXES {
        let _ = writeln!(out, "@prefix {name}: <{base}> .");
    }
    out.push('\n');
    for s in g.subjects() {
        let props: Vec<String> = g
            .triples
            .iter()
            .filter(|(subj, _, _)| subj == s)
            .map(|(_, p, o)| {
                let p = if p == &expand("rdf:type") {
                    "a".to_owned()
                } else {
                    compact(p)
                };
                format!("{p} {}", turtle_term(o))
            })
            .collect();
        let _ = writeln!(
            out,
            "{}\n    {} .\n",
            turtle_term(s),
            props.join(" ;\n    ")
        );
    }
    out
}

/// RDF/XML.
#[must_use]
pub fn rdf_xml(g: &Graph) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF");
    for (name, base) in PREFIXES {
        let _ = write!(out, "\n  xmlns:{name}=\"{base}\"");
    }
    out.push_str(">\n");
    for s in g.subjects() {
        match s {
            Term::Iri(i) => {
                let _ = writeln!(
                    out,
                    "  <rdf:Description rdf:about=\"{}\">",
                    opengov_web::xml::escape(i)
                );
            }
            Term::Blank(b) => {
                let _ = writeln!(out, "  <rdf:Description rdf:nodeID=\"{b}\">");
            }
            Term::Literal { .. } => continue,
        }
        for (_, p, o) in g.triples.iter().filter(|(subj, _, _)| subj == s) {
            let name = compact(p);
            let name = if name.starts_with('<') {
                continue;
            } else {
                name
            };
            match o {
                Term::Iri(i) => {
                    let _ = writeln!(
                        out,
                        "    <{name} rdf:resource=\"{}\"/>",
                        opengov_web::xml::escape(i)
                    );
                }
                Term::Blank(b) => {
                    let _ = writeln!(out, "    <{name} rdf:nodeID=\"{b}\"/>");
                }
                Term::Literal {
                    value,
                    lang,
                    datatype,
                } => {
                    let attr = match (lang, datatype) {
                        (Some(l), _) => format!(" xml:lang=\"{l}\""),
                        (None, Some(dt)) => {
                            format!(" rdf:datatype=\"{}\"", opengov_web::xml::escape(dt))
                        }
                        (None, None) => String::new(),
                    };
                    let _ = writeln!(
                        out,
                        "    <{name}{attr}>{}</{name}>",
                        opengov_web::xml::escape(value)
                    );
                }
            }
        }
        out.push_str("  </rdf:Description>\n");
    }
    out.push_str("</rdf:RDF>\n");
    out
}

/// JSON-LD, expanded form (full IRIs, no context to fetch).
#[must_use]
pub fn json_ld(g: &Graph) -> Value {
    let rdf_type = expand("rdf:type");
    let mut nodes = Vec::new();
    for s in g.subjects() {
        let mut node = Map::new();
        node.insert(
            "@id".into(),
            json!(match s {
                Term::Iri(i) => i.clone(),
                Term::Blank(b) => format!("_:{b}"),
                Term::Literal { .. } => continue,
            }),
        );
        for (_, p, o) in g.triples.iter().filter(|(subj, _, _)| subj == s) {
            if *p == rdf_type {
                if let Term::Iri(t) = o {
                    node.entry("@type")
                        .or_insert_with(|| Value::Array(Vec::new()))
                        .as_array_mut()
                        .into_iter()
                        .for_each(|a| a.push(json!(t)));
                }
                continue;
            }
            let value = match o {
                Term::Iri(i) => json!({ "@id": i }),
                Term::Blank(b) => json!({ "@id": format!("_:{b}") }),
                Term::Literal {
                    value,
                    lang: Some(l),
                    ..
                } => json!({ "@value": value, "@language": l }),
                Term::Literal {
                    value,
                    datatype: Some(dt),
                    ..
                } => json!({ "@value": value, "@type": dt }),
                Term::Literal { value, .. } => json!({ "@value": value }),
            };
            node.entry(p.clone())
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
                .into_iter()
                .for_each(|a| a.push(value.clone()));
        }
        nodes.push(Value::Object(node));
    }
    Value::Array(nodes)
}

/// The serialisation asked for by the file extension.
fn respond(g: &Graph, ext: &str) -> AppResult<Response> {
    let (ct, body) = match ext {
        "ttl" => ("text/turtle; charset=utf-8", turtle(g)),
        "rdf" => ("application/rdf+xml; charset=utf-8", rdf_xml(g)),
        "jsonld" => ("application/ld+json", json_ld(g).to_string()),
        _ => return Err(AppError::NotFound),
    };
    Ok(([(header::CONTENT_TYPE, ct)], body).into_response())
}

/// The languages of the metadata, as codes of the EU language vocabulary, with their names.
const LANGUAGES: [(&str, &str, &str, &str); 3] = [
    ("KAZ", "қазақ тілі", "казахский язык", "Kazakh"),
    ("RUS", "орыс тілі", "русский язык", "Russian"),
    ("ENG", "ағылшын тілі", "английский язык", "English"),
];

/// Datasets a catalogue page holds.
pub const PAGE: i64 = 100;

/// `GET /catalog.ttl?page=N`.
pub async fn catalog_ttl(state: State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    catalog(state, ctx, "ttl").await
}

/// `GET /catalog.rdf?page=N`.
pub async fn catalog_rdf(state: State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    catalog(state, ctx, "rdf").await
}

/// `GET /catalog.jsonld?page=N`.
pub async fn catalog_jsonld(state: State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    catalog(state, ctx, "jsonld").await
}

async fn catalog(State(state): State<AppState>, ctx: PageCtx, ext: &str) -> AppResult<Response> {
    let file = format!("catalog.{ext}");
    let page: i64 = match ctx.query("page") {
        None => 1,
        Some(p) => p
            .parse()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| AppError::bad_request("error-400"))?,
    };
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let total = store::public_total(&state.db).await?;
    let rows = store::public_names_page(&state.db, PAGE, (page - 1) * PAGE).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let mut g = Graph::default();
    let cat = iri(format!("{base}/catalog"));
    g.add(&cat, "rdf:type", iri(expand("dcat:Catalog")));
    for (t, l) in [
        ("Ашық деректер", "kk"),
        ("Открытые данные", "ru"),
        ("Open data", "en"),
    ] {
        g.add(&cat, "dct:title", lang(t, l));
    }
    for (t, l) in [
        ("Мемлекеттік органдар жариялаған деректер жиынтықтары", "kk"),
        (
            "Наборы данных, опубликованные государственными органами",
            "ru",
        ),
        ("Datasets published by government bodies", "en"),
    ] {
        g.add(&cat, "dct:description", lang(t, l));
    }
    let homepage = iri(format!("{base}/data"));
    g.add(&cat, "foaf:homepage", homepage.clone());
    g.add(&homepage, "rdf:type", iri(expand("foaf:Document")));
    let publisher = iri(format!("{base}/"));
    g.add(&cat, "dct:publisher", publisher.clone());
    g.add(&publisher, "rdf:type", iri(expand("foaf:Agent")));
    g.add(&publisher, "foaf:name", lit("opengov"));
    // The languages the catalogue's metadata is written in.
    for (code, kk, ru, en) in LANGUAGES {
        let labels = vocab::Term { code, kk, ru, en };
        let language = eu_concept(
            &mut g,
            &format!("{EU_AUTHORITY}language/"),
            code,
            Some(&labels),
            &["dct:LinguisticSystem"],
        );
        g.add(&cat, "dct:language", language);
    }
    // The API that serves every dataset of the catalogue: CKAN's Action API (the metadata,
    // and the datastore's rows for tabular resources).
    let api = iri(format!("{base}/catalog#ckan-api"));
    g.add(&cat, "dcat:service", api.clone());
    g.add(&api, "rdf:type", iri(expand("dcat:DataService")));
    for (t, l) in [
        ("Ашық деректер API (CKAN Action API v3)", "kk"),
        ("API открытых данных (CKAN Action API v3)", "ru"),
        ("Open data API (CKAN Action API v3)", "en"),
    ] {
        g.add(&api, "dct:title", lang(t, l));
    }
    g.add(
        &api,
        "dcat:endpointURL",
        iri(format!("{base}/api/3/action")),
    );
    g.add(
        &api,
        "dcat:endpointDescription",
        iri(format!("{base}/api/docs")),
    );
    let themes = iri(vocab::THEME_BASE.trim_end_matches('/'));
    g.add(&cat, "dcat:themeTaxonomy", themes.clone());
    g.add(&themes, "rdf:type", iri(expand("skos:ConceptScheme")));
    g.add(&themes, "dct:title", lang("Data theme", "en"));
    // One query for the resources of the whole page, not one per dataset.
    let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
    let (all, current) = resources::of_datasets_with_current(&state.db, &ids).await?;
    for d in &rows {
        let list: Vec<Resource> = all
            .iter()
            .filter(|r| r.dataset_id == d.id)
            .cloned()
            .collect();
        let ds = add_dataset(
            &mut g,
            &base,
            d,
            directory.by_id(d.body_id),
            &list,
            &current,
        );
        g.add(&api, "dcat:servesDataset", ds.clone());
        g.add(&cat, "dcat:dataset", ds);
    }
    // Hydra paging.
    let last = ((total + PAGE - 1) / PAGE).max(1);
    let this = iri(format!("{base}/{file}?page={page}"));
    g.add(
        &this,
        "rdf:type",
        iri(expand("hydra:PartialCollectionView")),
    );
    g.add(&this, "hydra:first", iri(format!("{base}/{file}?page=1")));
    g.add(
        &this,
        "hydra:last",
        iri(format!("{base}/{file}?page={last}")),
    );
    if page > 1 {
        g.add(
            &this,
            "hydra:previous",
            iri(format!("{base}/{file}?page={}", page - 1)),
        );
    }
    if page < last {
        g.add(
            &this,
            "hydra:next",
            iri(format!("{base}/{file}?page={}", page + 1)),
        );
    }
    g.add(
        &this,
        "hydra:totalItems",
        typed(total.to_string(), "xsd:nonNegativeInteger"),
    );
    g.add(
        &this,
        "hydra:itemsPerPage",
        typed(PAGE.to_string(), "xsd:nonNegativeInteger"),
    );
    respond(&g, ext)
}

/// `GET /data/{name}/dcat.ttl`.
pub async fn dataset_ttl(
    state: State<AppState>,
    ctx: PageCtx,
    name: Path<String>,
) -> AppResult<Response> {
    dataset(state, ctx, name, "ttl").await
}

/// `GET /data/{name}/dcat.rdf`.
pub async fn dataset_rdf(
    state: State<AppState>,
    ctx: PageCtx,
    name: Path<String>,
) -> AppResult<Response> {
    dataset(state, ctx, name, "rdf").await
}

/// `GET /data/{name}/dcat.jsonld`.
pub async fn dataset_jsonld(
    state: State<AppState>,
    ctx: PageCtx,
    name: Path<String>,
) -> AppResult<Response> {
    dataset(state, ctx, name, "jsonld").await
}

async fn dataset(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
    ext: &str,
) -> AppResult<Response> {
    if !crate::domain::valid_name(&name) {
        return Err(AppError::NotFound);
    }
    let d = store::by_name(&state.db, &name)
        .await?
        .filter(|d| crate::workflow::can_see(ctx.user.as_ref(), d))
        .ok_or(AppError::NotFound)?;
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let directory = opengov_bodies::directory::get(&state).await?;
    let (list, current) = resources::of_dataset_with_current(&state.db, d.id).await?;
    let mut g = Graph::default();
    add_dataset(
        &mut g,
        &base,
        &d,
        directory.by_id(d.body_id),
        &list,
        &current,
    );
    respond(&g, ext)
}
