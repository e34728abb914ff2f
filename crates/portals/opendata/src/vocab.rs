//! The controlled vocabularies of dataset metadata: the licence registry, the EU data-theme
//! vocabulary and the EU frequency vocabulary, with their URIs (as DCAT-AP expects) and names
//! in three languages.

use opengov_kernel::LocalizedText;

/// A licence a dataset may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Licence {
    /// The registry id, as CKAN's `license_id` (SPDX identifiers where one exists).
    pub id: &'static str,
    pub title: &'static str,
    /// Where the licence text is; a path starting with `/` is on this portal.
    pub url: &'static str,
    /// Conformance with the Open Definition: `approved`, or `not reviewed`.
    pub od_conformance: &'static str,
    /// Whether data under it is open in the Open Definition's sense (CKAN's `isopen`).
    pub is_open: bool,
}

impl Licence {
    /// Where the licence text is, absolute: a path on this portal is joined to `public_url`.
    #[must_use]
    pub fn absolute_url(&self, public_url: &str) -> String {
        if self.url.starts_with('/') {
            format!("{}{}", public_url.trim_end_matches('/'), self.url)
        } else {
            self.url.to_owned()
        }
    }
}

/// The licences datasets may carry.
pub const LICENCES: [Licence; 4] = [
    Licence {
        id: "CC-BY-4.0",
        title: "Creative Commons Attribution 4.0",
        url: "https://creativecommons.org/licenses/by/4.0/",
        od_conformance: "approved",
        is_open: true,
    },
    Licence {
        id: "CC0-1.0",
        title: "Creative Commons Zero 1.0 (public domain dedication)",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
        od_conformance: "approved",
        is_open: true,
    },
    Licence {
        id: "ODbL-1.0",
        title: "Open Data Commons Open Database License 1.0",
        url: "https://opendatacommons.org/licenses/odbl/1-0/",
        od_conformance: "approved",
        is_open: true,
    },
    Licence {
        id: "national-open-1.0",
        title: "National open data licence 1.0",
        url: "/data/licences/national-open-1.0",
        od_conformance: "not reviewed",
        is_open: true,
    },
];

#[must_use]
pub fn licence(id: &str) -> Option<&'static Licence> {
    LICENCES.iter().find(|l| l.id == id)
}

/// A term of a vocabulary: its code, URI and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub code: &'static str,
    pub kk: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
}

impl Term {
    #[must_use]
    pub fn name(&self) -> LocalizedText {
        LocalizedText::new(self.kk, self.ru, self.en)
    }
}

/// The base of the EU data-theme vocabulary's URIs.
pub const THEME_BASE: &str = "http://publications.europa.eu/resource/authority/data-theme/";
/// The base of the EU frequency vocabulary's URIs.
pub const FREQUENCY_BASE: &str = "http://publications.europa.eu/resource/authority/frequency/";

/// The EU data-theme vocabulary.
pub const THEMES: [Term; 13] = [
    Term {
        code: "AGRI",
        kk: "Ауыл шаруашылығы, балық шаруашылығы, орман және азық-түлік",
        ru: "Сельское хозяйство, рыболовство, лесное хозяйство и продовольствие",
        en: "Agriculture, fisheries, forestry and food",
    },
    Term {
        code: "ECON",
        kk: "Экономика және қаржы",
        ru: "Экономика и финансы",
        en: "Economy and finance",
    },
    Term {
        code: "EDUC",
        kk: "Білім, мәдениет және спорт",
        ru: "Образование, культура и спорт",
        en: "Education, culture and sport",
    },
    Term {
        code: "ENER",
        kk: "Энергетика",
        ru: "Энергетика",
        en: "Energy",
    },
    Term {
        code: "ENVI",
        kk: "Қоршаған орта",
        ru: "Окружающая среда",
        en: "Environment",
    },
    Term {
        code: "GOVE",
        kk: "Үкімет және мемлекеттік сектор",
        ru: "Правительство и государственный сектор",
        en: "Government and public sector",
    },
    Term {
        code: "HEAL",
        kk: "Денсаулық",
        ru: "Здравоохранение",
        en: "Health",
    },
    Term {
        code: "INTR",
        kk: "Халықаралық мәселелер",
        ru: "Международные вопросы",
        en: "International issues",
    },
    Term {
        code: "JUST",
        kk: "Сот төрелігі, құқықтық жүйе және қоғамдық қауіпсіздік",
        ru: "Правосудие, правовая система и общественная безопасность",
        en: "Justice, legal system and public safety",
    },
    Term {
        code: "REGI",
        kk: "Өңірлер мен қалалар",
        ru: "Регионы и города",
        en: "Regions and cities",
    },
    Term {
        code: "SOCI",
        kk: "Халық және қоғам",
        ru: "Население и общество",
        en: "Population and society",
    },
    Term {
        code: "TECH",
        kk: "Ғылым және технология",
        ru: "Наука и технологии",
        en: "Science and technology",
    },
    Term {
        code: "TRAN",
        kk: "Көлік",
        ru: "Транспорт",
        en: "Transport",
    },
];

/// The update frequencies of the EU frequency vocabulary that datasets here use.
pub const FREQUENCIES: [Term; 10] = [
    Term {
        code: "CONT",
        kk: "Үздіксіз",
        ru: "Непрерывно",
        en: "Continuous",
    },
    Term {
        code: "DAILY",
        kk: "Күн сайын",
        ru: "Ежедневно",
        en: "Daily",
    },
    Term {
        code: "WEEKLY",
        kk: "Апта сайын",
        ru: "Еженедельно",
        en: "Weekly",
    },
    Term {
        code: "MONTHLY",
        kk: "Ай сайын",
        ru: "Ежемесячно",
        en: "Monthly",
    },
    Term {
        code: "QUARTERLY",
        kk: "Тоқсан сайын",
        ru: "Ежеквартально",
        en: "Quarterly",
    },
    Term {
        code: "BIANNUAL",
        kk: "Жарты жылда бір рет",
        ru: "Раз в полгода",
        en: "Semiannual",
    },
    Term {
        code: "ANNUAL",
        kk: "Жыл сайын",
        ru: "Ежегодно",
        en: "Annual",
    },
    Term {
        code: "IRREG",
        kk: "Тұрақсыз",
        ru: "Нерегулярно",
        en: "Irregular",
    },
    Term {
        code: "NEVER",
        kk: "Жаңартылмайды",
        ru: "Не обновляется",
        en: "Never",
    },
    Term {
        code: "UNKNOWN",
        kk: "Белгісіз",
        ru: "Неизвестно",
        en: "Unknown",
    },
];

#[must_use]
pub fn theme(code: &str) -> Option<&'static Term> {
    THEMES.iter().find(|t| t.code == code)
}

#[must_use]
pub fn frequency(code: &str) -> Option<&'static Term> {
    FREQUENCIES.iter().find(|t| t.code == code)
}

/// How many days may pass before a dataset of this frequency counts as stale (`None`: never).
#[must_use]
pub fn stale_after_days(code: &str) -> Option<i64> {
    match code {
        "CONT" | "DAILY" => Some(2),
        "WEEKLY" => Some(10),
        "MONTHLY" => Some(35),
        "QUARTERLY" => Some(100),
        "BIANNUAL" => Some(190),
        "ANNUAL" => Some(380),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_entry_is_unique_and_named_in_three_languages() {
        for list in [&THEMES[..], &FREQUENCIES[..]] {
            let mut codes: Vec<&str> = list.iter().map(|t| t.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), list.len());
            assert!(
                list.iter()
                    .all(|t| !t.kk.is_empty() && !t.ru.is_empty() && !t.en.is_empty())
            );
        }
        assert!(licence("CC-BY-4.0").is_some_and(|l| l.is_open));
        assert!(licence("proprietary").is_none());
        assert_eq!(stale_after_days("ANNUAL"), Some(380));
        assert_eq!(stale_after_days("IRREG"), None);
    }
}
