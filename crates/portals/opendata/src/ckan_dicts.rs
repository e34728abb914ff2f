//! CKAN's dicts (package, resource, organization, licence) as typed structs that borrow from
//! the rows they describe and are serialized straight into the response. A search page of ten
//! packages is written without building a `serde_json::Value` tree, where every key, string
//! and map would be an allocation of its own (about a fifth of a search's CPU before).

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, Timelike};
use opengov_bodies::Body;
use opengov_kernel::{LocalizedText, Ts};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

use crate::resources::{Resource, Version};
use crate::store::Dataset;
use crate::vocab;

/// Ids go out as strings, as CKAN's do.
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with passes a reference"
)]
fn as_text<S: Serializer>(n: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(n)
}

/// CKAN's timestamp form: UTC without a zone, to the microsecond (`2024-01-31T12:00:00.000000`).
#[derive(Clone, Copy, Debug)]
pub struct CkanTime(pub Ts);

impl fmt::Display for CkanTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.nanosecond() % 1_000_000_000 / 1_000
        )
    }
}

impl Serialize for CkanTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A text in the three languages, borrowed.
#[derive(Serialize)]
pub struct Translated<'a> {
    pub kk: &'a str,
    pub ru: &'a str,
    pub en: &'a str,
}

/// CKAN's licence dict (`license_list`).
#[derive(Serialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "CKAN's licence dict carries these four flags"
)]
pub struct LicenceDict {
    id: &'static str,
    title: &'static str,
    url: String,
    od_conformance: &'static str,
    osd_conformance: &'static str,
    status: &'static str,
    maintainer: &'static str,
    family: &'static str,
    is_generic: bool,
    domain_content: bool,
    domain_data: bool,
    domain_software: bool,
}

impl LicenceDict {
    #[must_use]
    pub fn new(public_url: &str, l: &vocab::Licence) -> Self {
        Self {
            id: l.id,
            title: l.title,
            url: l.absolute_url(public_url),
            od_conformance: l.od_conformance,
            osd_conformance: "not reviewed",
            status: "active",
            maintainer: "",
            family: "",
            is_generic: false,
            domain_content: false,
            domain_data: true,
            domain_software: false,
        }
    }
}

/// CKAN's organization dict: a publishing body.
#[derive(Serialize)]
pub struct OrganizationDict<'a> {
    #[serde(serialize_with = "as_text")]
    id: i64,
    name: &'a str,
    title: &'a str,
    title_translated: &'a LocalizedText,
    display_name: &'a str,
    description: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    is_organization: bool,
    state: &'static str,
    approval_status: &'static str,
    image_url: &'static str,
    created: CkanTime,
    package_count: i64,
}

impl<'a> OrganizationDict<'a> {
    /// The body, with the number of public datasets it has (0 inside a package dict).
    #[must_use]
    pub fn new(b: &'a Body, package_count: i64) -> Self {
        Self {
            id: b.id,
            name: &b.slug,
            title: &b.name.ru,
            title_translated: &b.name,
            display_name: &b.name.ru,
            description: &b.description.ru,
            kind: "organization",
            is_organization: true,
            state: if b.active { "active" } else { "deleted" },
            approval_status: "approved",
            image_url: "",
            created: CkanTime(b.created_at),
            package_count,
        }
    }
}

/// CKAN's resource dict.
#[derive(Serialize)]
pub struct ResourceDict<'a> {
    #[serde(serialize_with = "as_text")]
    pub id: i64,
    #[serde(serialize_with = "as_text")]
    package_id: i64,
    url: Cow<'a, str>,
    name: &'a str,
    description: &'a str,
    format: &'a str,
    hash: Option<Sha256<'a>>,
    size: Option<i64>,
    mimetype: Option<&'a str>,
    created: CkanTime,
    last_modified: Option<CkanTime>,
    metadata_modified: CkanTime,
    position: i64,
    url_type: Option<&'static str>,
    datastore_active: bool,
    state: &'static str,
    version: Option<i64>,
    downloads: i64,
}

/// A file's digest as CKAN's `hash`: `sha256:<hex>`.
struct Sha256<'a>(&'a str);

impl Serialize for Sha256<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("sha256:{}", self.0))
    }
}

impl<'a> ResourceDict<'a> {
    /// A resource of the dataset named `dataset`, with its current version if it has one.
    #[must_use]
    pub fn new(
        public_url: &str,
        dataset: &str,
        r: &'a Resource,
        v: Option<&'a Version>,
        datastore_active: bool,
    ) -> Self {
        let url = if r.kind == "link" {
            Cow::Borrowed(r.url.as_str())
        } else {
            Cow::Owned(format!(
                "{}/data/{dataset}/resources/{}/download",
                public_url.trim_end_matches('/'),
                r.id
            ))
        };
        Self {
            id: r.id,
            package_id: r.dataset_id,
            url,
            name: &r.name,
            description: &r.description,
            format: &r.format,
            hash: v.map(|v| Sha256(&v.sha256)),
            size: v.map(|v| v.size),
            mimetype: v.map(|v| v.media_type.as_str()),
            created: CkanTime(r.created_at),
            last_modified: v.map(|v| CkanTime(v.created_at)),
            metadata_modified: CkanTime(r.updated_at),
            position: r.position - 1,
            url_type: (r.kind == "upload").then_some("upload"),
            datastore_active,
            state: "active",
            version: v.map(|v| v.version),
            downloads: r.downloads,
        }
    }
}

/// A keyword as CKAN's tag dict.
pub struct Tag<'a>(pub &'a str);

impl Serialize for Tag<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_struct("Tag", 5)?;
        t.serialize_field("id", self.0)?;
        t.serialize_field("name", self.0)?;
        t.serialize_field("display_name", self.0)?;
        t.serialize_field("state", "active")?;
        t.serialize_field("vocabulary_id", &None::<&str>)?;
        t.end()
    }
}

/// An EU data theme as CKAN's group dict: inside a package dict without a count, and on its
/// own (`group_list` with `all_fields`, `group_show`) with the number of public datasets in it.
pub struct Group {
    term: &'static vocab::Term,
    package_count: Option<u64>,
}

impl Group {
    #[must_use]
    pub fn new(term: &'static vocab::Term, package_count: Option<u64>) -> Self {
        Self {
            term,
            package_count,
        }
    }
}

impl Serialize for Group {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.term;
        let mut g = s.serialize_struct("Group", 12)?;
        g.serialize_field("id", t.code)?;
        g.serialize_field("name", &t.code.to_lowercase())?;
        g.serialize_field("title", t.en)?;
        g.serialize_field("display_name", t.en)?;
        g.serialize_field("description", "")?;
        g.serialize_field("image_display_url", "")?;
        if let Some(count) = self.package_count {
            g.serialize_field(
                "title_translated",
                &Translated {
                    kk: t.kk,
                    ru: t.ru,
                    en: t.en,
                },
            )?;
            g.serialize_field("type", "group")?;
            g.serialize_field("is_organization", &false)?;
            g.serialize_field("state", "active")?;
            g.serialize_field("approval_status", "approved")?;
            g.serialize_field("package_count", &count)?;
        }
        g.end()
    }
}

/// One of CKAN's `extras`.
#[derive(Serialize)]
struct Extra<'a> {
    key: &'static str,
    value: Cow<'a, str>,
}

/// CKAN's package dict: a dataset with its body and resources.
#[derive(Serialize)]
pub struct PackageDict<'a> {
    #[serde(serialize_with = "as_text")]
    id: i64,
    name: &'a str,
    title: &'a str,
    title_translated: Translated<'a>,
    notes: &'a str,
    notes_translated: Translated<'a>,
    url: String,
    version: Option<&'a str>,
    state: &'static str,
    withdrawn: bool,
    withdrawn_reason: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    private: bool,
    #[serde(serialize_with = "as_text")]
    owner_org: i64,
    organization: Option<OrganizationDict<'a>>,
    license_id: &'a str,
    license_title: Option<&'static str>,
    license_url: Option<String>,
    isopen: bool,
    author: Option<&'a str>,
    author_email: Option<&'a str>,
    maintainer: Option<&'a str>,
    maintainer_email: Option<&'a str>,
    metadata_created: CkanTime,
    metadata_modified: CkanTime,
    num_resources: usize,
    resources: Vec<ResourceDict<'a>>,
    tags: Vec<Tag<'a>>,
    num_tags: usize,
    groups: Vec<Group>,
    extras: Vec<Extra<'a>>,
    relationships_as_object: [(); 0],
    relationships_as_subject: [(); 0],
}

impl<'a> PackageDict<'a> {
    #[must_use]
    pub fn new(
        public_url: &str,
        d: &'a Dataset,
        body: Option<&'a Body>,
        resources: Vec<ResourceDict<'a>>,
    ) -> Self {
        let licence = vocab::licence(&d.licence);
        let themes = d.theme_codes();
        let tags: Vec<Tag<'a>> = d.keyword_list().into_iter().map(Tag).collect();
        let mut extras = vec![
            Extra {
                key: "frequency",
                value: Cow::Owned(format!("{}{}", vocab::FREQUENCY_BASE, d.frequency)),
            },
            Extra {
                key: "theme",
                value: Cow::Owned(
                    themes
                        .iter()
                        .map(|c| format!("{}{c}", vocab::THEME_BASE))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            },
        ];
        if let Some(s) = &d.temporal_start {
            extras.push(Extra {
                key: "temporal_start",
                value: Cow::Borrowed(s),
            });
        }
        if let Some(e) = &d.temporal_end {
            extras.push(Extra {
                key: "temporal_end",
                value: Cow::Borrowed(e),
            });
        }
        if !d.spatial.is_empty() {
            extras.push(Extra {
                key: "spatial_text",
                value: Cow::Borrowed(&d.spatial),
            });
        }
        let state = d.state();
        let non_empty = |s: &'a str| (!s.is_empty()).then_some(s);
        Self {
            id: d.id,
            name: &d.name,
            title: &d.title_ru,
            title_translated: Translated {
                kk: &d.title_kk,
                ru: &d.title_ru,
                en: &d.title_en,
            },
            notes: &d.description_ru,
            notes_translated: Translated {
                kk: &d.description_kk,
                ru: &d.description_ru,
                en: &d.description_en,
            },
            url: format!("{}/data/{}", public_url.trim_end_matches('/'), d.name),
            version: None,
            state: match state {
                crate::domain::State::Draft => "draft",
                crate::domain::State::Published | crate::domain::State::Withdrawn => "active",
            },
            withdrawn: state == crate::domain::State::Withdrawn,
            withdrawn_reason: non_empty(&d.withdrawn_reason),
            kind: "dataset",
            private: d.private,
            owner_org: d.body_id,
            organization: body.map(|b| OrganizationDict::new(b, 0)),
            license_id: &d.licence,
            license_title: licence.map(|l| l.title),
            license_url: licence.map(|l| l.absolute_url(public_url)),
            isopen: licence.is_some_and(|l| l.is_open),
            author: None,
            author_email: None,
            maintainer: non_empty(&d.contact_name),
            maintainer_email: non_empty(&d.contact_email),
            metadata_created: CkanTime(d.created_at),
            metadata_modified: CkanTime(d.updated_at),
            num_resources: resources.len(),
            resources,
            num_tags: tags.len(),
            tags,
            groups: themes
                .iter()
                .filter_map(|c| vocab::theme(c))
                .map(|t| Group::new(t, None))
                .collect(),
            extras,
            relationships_as_object: [],
            relationships_as_subject: [],
        }
    }
}

/// `package_search`'s facets, both ways CKAN gives them: `facets` (value → count per field)
/// and `search_facets` (per field, items with a display name; a body's name for
/// `organization`).
pub struct Facets<'a> {
    pub counts: &'a [(String, Vec<(String, u64)>)],
    pub directory: &'a opengov_bodies::directory::Directory,
}

impl Facets<'_> {
    /// The `facets` object.
    #[must_use]
    pub fn plain(&self) -> PlainFacets<'_> {
        PlainFacets(self.counts)
    }
}

pub struct PlainFacets<'a>(&'a [(String, Vec<(String, u64)>)]);

struct Counts<'a>(&'a [(String, u64)]);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (value, count) in self.0 {
            m.serialize_entry(value, count)?;
        }
        m.end()
    }
}

impl Serialize for PlainFacets<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (field, values) in self.0 {
            m.serialize_entry(field, &Counts(values))?;
        }
        m.end()
    }
}

/// One facet of `search_facets`.
struct SearchFacet<'a> {
    field: &'a str,
    values: &'a [(String, u64)],
    directory: &'a opengov_bodies::directory::Directory,
}

#[derive(Serialize)]
struct Item<'a> {
    name: &'a str,
    display_name: &'a str,
    count: u64,
}

struct Items<'a>(&'a SearchFacet<'a>);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        s.collect_seq(f.values.iter().map(|(value, count)| Item {
            name: value,
            display_name: if f.field == "organization" {
                f.directory
                    .by_slug(value)
                    .map_or(value.as_str(), |b| b.name.ru.as_str())
            } else {
                value
            },
            count: *count,
        }))
    }
}

impl Serialize for SearchFacet<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("SearchFacet", 2)?;
        m.serialize_field("title", self.field)?;
        m.serialize_field("items", &Items(self))?;
        m.end()
    }
}

impl Serialize for Facets<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.counts.len()))?;
        for (field, values) in self.counts {
            m.serialize_entry(
                field,
                &SearchFacet {
                    field,
                    values,
                    directory: self.directory,
                },
            )?;
        }
        m.end()
    }
}

/// `package_search`'s result.
#[derive(Serialize)]
pub struct SearchResult<'a> {
    pub count: u64,
    pub sort: &'a str,
    pub results: Vec<PackageDict<'a>>,
    pub facets: PlainFacets<'a>,
    pub search_facets: &'a Facets<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ckan_time_matches_chronos_format_to_the_microsecond() {
        for text in [
            "2024-01-31T12:00:00Z",
            "1999-12-31T23:59:59.999999Z",
            "2026-07-04T03:04:05.000123Z",
            "0987-02-03T00:00:00.5Z",
        ] {
            let ts = Ts::parse(text).unwrap();
            assert_eq!(
                CkanTime(ts).to_string(),
                ts.0.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
                "{text}"
            );
        }
    }
}
