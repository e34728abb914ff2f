//! Content stored per language, read with a fallback order.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A text in Kazakh, Russian and English; any of them may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LocalizedText {
    #[serde(default)]
    pub kk: String,
    #[serde(default)]
    pub ru: String,
    #[serde(default)]
    pub en: String,
}

impl LocalizedText {
    #[must_use]
    pub fn new(kk: impl Into<String>, ru: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            kk: kk.into(),
            ru: ru.into(),
            en: en.into(),
        }
    }

    #[must_use]
    pub fn get_exact(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// The text in `lang`, or in the first fallback language that has one.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        self.resolve(lang).1
    }

    /// The text and the language it actually came from (pages mark a fallback with `lang`).
    #[must_use]
    pub fn resolve(&self, lang: Lang) -> (Lang, &str) {
        for l in lang.fallbacks() {
            let t = self.get_exact(l).trim();
            if !t.is_empty() {
                return (l, self.get_exact(l));
            }
        }
        (lang, "")
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.kk.trim().is_empty() && self.ru.trim().is_empty() && self.en.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_in_the_documented_order() {
        let t = LocalizedText::new("", "Министерство", "Ministry");
        assert_eq!(t.resolve(Lang::Kk), (Lang::Ru, "Министерство"));
        assert_eq!(t.get(Lang::En), "Ministry");
        let only_kk = LocalizedText::new("Министрлік", "", "");
        assert_eq!(only_kk.resolve(Lang::En), (Lang::Kk, "Министрлік"));
    }
}
