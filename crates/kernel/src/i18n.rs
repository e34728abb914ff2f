//! The interface catalogue in Kazakh, Russian and English (Project Fluent) and language choice.
//!
//! Every user-visible string, errors and emails included, is a message in
//! `crates/kernel/locales/<lang>/<area>.ftl`. A unit test fails when a message exists in one language
//! and not in another, so no page can fall back to a raw key.

use std::collections::BTreeSet;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Kk => "kk",
            Self::Ru => "ru",
            Self::En => "en",
        }
    }

    /// The language's name in itself, for the language switcher.
    #[must_use]
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Kk => "Қазақша",
            Self::Ru => "Русский",
            Self::En => "English",
        }
    }

    /// Parses `kk`, `ru`, `en`, also with a region (`ru-KZ`) and in any case.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "kk" | "kz" => Some(Self::Kk),
            "ru" => Some(Self::Ru),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The order in which content stored per language is tried when this one is missing.
    #[must_use]
    pub fn fallbacks(self) -> [Lang; 3] {
        match self {
            Self::Kk => [Self::Kk, Self::Ru, Self::En],
            Self::Ru => [Self::Ru, Self::Kk, Self::En],
            Self::En => [Self::En, Self::Ru, Self::Kk],
        }
    }

    /// Picks the best language from an `Accept-Language` header, honouring q-values.
    #[must_use]
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (index, part) in header.split(',').enumerate().take(32) {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if q <= 0.0 || !q.is_finite() {
                continue;
            }
            if let Some(lang) = Self::from_code(tag) {
                let better = match best {
                    None => true,
                    Some((bq, bi, _)) => q > bq || (q - bq).abs() < f32::EPSILON && index < bi,
                };
                if better {
                    best = Some((q, index, lang));
                }
            }
        }
        best.map(|(_, _, lang)| lang)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_code(s).ok_or_else(|| format!("unknown language {s:?}; expected kk, ru or en"))
    }
}

/// The sources of the platform catalogue, per language: one file per area, so that each
/// part of the platform keeps its messages next to each other.
macro_rules! sources {
    ($($area:literal),*) => {
        &[
            $((Lang::Kk, include_str!(concat!("../locales/kk/", $area, ".ftl"))),
              (Lang::Ru, include_str!(concat!("../locales/ru/", $area, ".ftl"))),
              (Lang::En, include_str!(concat!("../locales/en/", $area, ".ftl"))),)*
        ]
    };
}

pub const PLATFORM_SOURCES: &[(Lang, &str)] = sources!(
    "core",
    "accounts",
    "bodies",
    "admin",
    "calendar",
    "appeals",
    "appeals-public",
    "data"
);

/// Compiled message bundles for all three languages.
pub struct Catalog {
    bundles: [FluentBundle<FluentResource>; 3],
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

/// A catalogue source that does not parse or defines a message twice.
#[derive(Debug, thiserror::Error)]
#[error("message catalogue for {lang}: {message}")]
pub struct CatalogError {
    pub lang: Lang,
    pub message: String,
}

impl Catalog {
    /// The platform catalogue.
    pub fn platform() -> Result<Self, CatalogError> {
        Self::from_sources(PLATFORM_SOURCES)
    }

    /// Builds a catalogue from sources; portals add theirs to the platform's.
    pub fn from_sources(sources: &[(Lang, &str)]) -> Result<Self, CatalogError> {
        let make = |lang: Lang| -> Result<FluentBundle<FluentResource>, CatalogError> {
            let id: LanguageIdentifier = lang.code().parse().map_err(|_| CatalogError {
                lang,
                message: "bad language identifier".into(),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            for (l, text) in sources {
                if *l != lang {
                    continue;
                }
                let resource =
                    FluentResource::try_new((*text).to_owned()).map_err(|(_, errs)| {
                        CatalogError {
                            lang,
                            message: format!("syntax errors: {errs:?}"),
                        }
                    })?;
                bundle.add_resource(resource).map_err(|errs| CatalogError {
                    lang,
                    message: format!("{errs:?}"),
                })?;
            }
            Ok(bundle)
        };
        Ok(Self {
            bundles: [make(Lang::Kk)?, make(Lang::Ru)?, make(Lang::En)?],
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Kk => &self.bundles[0],
            Lang::Ru => &self.bundles[1],
            Lang::En => &self.bundles[2],
        }
    }

    /// The message `key` in `lang`; the key itself when missing (a test prevents that).
    #[must_use]
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    /// The message `key` with named arguments.
    #[must_use]
    pub fn t_args(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value.parse::<i64>() {
                Ok(n) if !value.starts_with('0') || *value == "0" => {
                    fargs.set(*name, FluentValue::from(n));
                }
                _ => fargs.set(*name, FluentValue::from((*value).to_owned())),
            }
        }
        self.format(lang, key, Some(&fargs))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.bundle(lang);
        let (id, attr) = match key.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (key, None),
        };
        let Some(message) = bundle.get_message(id) else {
            tracing::warn!(key, lang = lang.code(), "missing message");
            return key.to_owned();
        };
        let pattern = match attr {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                lang = lang.code(),
                ?errors,
                "message formatting errors"
            );
        }
        text.into_owned()
    }

    /// True when `key` exists in every language.
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        Lang::ALL.iter().all(|l| self.bundle(*l).has_message(key))
    }
}

/// The message ids a set of sources defines for one language.
#[must_use]
pub fn message_ids(sources: &[(Lang, &str)], lang: Lang) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (l, text) in sources {
        if *l != lang {
            continue;
        }
        let resource = match FluentResource::try_new((*text).to_owned()) {
            Ok(r) | Err((r, _)) => r,
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.insert(m.id.name.to_owned());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        let en = message_ids(PLATFORM_SOURCES, Lang::En);
        assert!(en.len() > 50, "the catalogue looks empty");
        for lang in [Lang::Kk, Lang::Ru] {
            let other = message_ids(PLATFORM_SOURCES, lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty(), "missing in {lang}: {missing:?}");
            assert!(extra.is_empty(), "only in {lang}, not in en: {extra:?}");
        }
    }

    #[test]
    fn catalogue_parses_in_every_language() {
        let catalog = Catalog::platform();
        assert!(catalog.is_ok(), "{:?}", catalog.err());
    }

    #[test]
    fn accept_language_honours_quality_values() {
        assert_eq!(
            Lang::from_accept_language("de, ru;q=0.5, en;q=0.9"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("kk-KZ,ru;q=0.9"), Some(Lang::Kk));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("en;q=0, ru"), Some(Lang::Ru));
        assert_eq!(Lang::from_accept_language(";;;,,q=x"), None);
    }

    #[test]
    fn arguments_are_substituted() {
        let catalog = Catalog::platform().ok();
        let text = catalog.map(|c| c.t_args(Lang::En, "audit-entries-count", &[("count", "3")]));
        assert_eq!(text.as_deref(), Some("3 entries"));
    }
}
