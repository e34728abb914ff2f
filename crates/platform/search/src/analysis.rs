//! Text analyzers: one per language, registered on every index under `kk`, `ru` and `en`.
//!
//! All three split on non-alphanumeric characters, drop tokens longer than 64 bytes, lowercase
//! (Unicode-aware, so Kazakh `Ә Ғ Қ Ң Ө Ұ Ү Һ І` fold correctly) and fold `ё` to `е`. Then:
//! - `ru`: Russian Snowball stemmer;
//! - `en`: English Snowball stemmer;
//! - `kk`: our Kazakh suffix stripper ([`crate::kazakh`]). Kazakh texts are full of Russian
//!   words, so for a word that has no Kazakh-only letter the Russian stem of the word is emitted
//!   too, at the same position (`бюджета` and `бюджетке` then meet on `бюджет`).
//!
//! Queries go through the same analyzer as the field they search.

use std::mem;

use tantivy::tokenizer::{
    Language, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer, TokenizerManager,
};

use crate::kazakh;

/// Name of the Kazakh analyzer.
pub const KK: &str = "kk";
/// Name of the Russian analyzer.
pub const RU: &str = "ru";
/// Name of the English analyzer.
pub const EN: &str = "en";

/// Longest token kept, in bytes.
const MAX_TOKEN_BYTES: usize = 64;

/// Registers the three analyzers on a tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    manager.register(KK, kazakh_analyzer());
    manager.register(RU, stemmed(Language::Russian));
    manager.register(EN, stemmed(Language::English));
}

fn stemmed(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Normalize)
        .filter(Stemmer::new(language))
        .build()
}

/// The Kazakh analyzer.
#[must_use]
pub fn kazakh_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Normalize)
        .filter(KazakhStemmer)
        .build()
}

/// Lowercases the way `char::to_lowercase` does and folds `ё` to `е`.
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    for c in text.chars() {
        for lower in c.to_lowercase() {
            out.push(if lower == 'ё' { 'е' } else { lower });
        }
    }
}

/// Token filter: lowercase + `ё` → `е`.
#[derive(Clone, Copy, Debug)]
pub struct Normalize;

impl TokenFilter for Normalize {
    type Tokenizer<T: Tokenizer> = NormalizeFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NormalizeFilter<T> {
        NormalizeFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct NormalizeFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for NormalizeFilter<T> {
    type TokenStream<'a> = NormalizeStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NormalizeStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

pub struct NormalizeStream<S> {
    tail: S,
    buffer: String,
}

impl<S: TokenStream> TokenStream for NormalizeStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            normalize_into(&token.text, &mut self.buffer);
            mem::swap(&mut token.text, &mut self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Token filter: Kazakh stem, plus the Russian stem at the same position for words without
/// Kazakh-only letters. Expects normalized tokens.
#[derive(Clone, Copy, Debug)]
pub struct KazakhStemmer;

impl TokenFilter for KazakhStemmer {
    type Tokenizer<T: Tokenizer> = KazakhStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> KazakhStemmerFilter<T> {
        KazakhStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct KazakhStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for KazakhStemmerFilter<T> {
    type TokenStream<'a> = KazakhStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        KazakhStream {
            tail: self.inner.token_stream(text),
            russian: frostem::Stemmer::new(frostem::Algorithm::Russian),
            pending: None,
        }
    }
}

pub struct KazakhStream<S> {
    tail: S,
    russian: frostem::Stemmer,
    /// A second token to emit at the position of the current one.
    pending: Option<String>,
}

impl<S: TokenStream> TokenStream for KazakhStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(extra) = self.pending.take() {
            self.tail.token_mut().text = extra;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if !kazakh::is_cyrillic_word(&token.text) {
            return true;
        }
        let kk = kazakh::stem(&token.text);
        if !kazakh::has_kazakh_letters(&token.text) {
            let ru = self.russian.stem(&token.text);
            if ru != kk {
                self.pending = Some(ru.into_owned());
            }
        }
        token.text = kk;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Runs `analyzer` over `text`: the tokens grouped by position, first the primary form.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, Vec<String>)> {
    let mut positions: Vec<(usize, Vec<String>)> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        match positions.last_mut() {
            Some((position, forms)) if *position == token.position => {
                if !forms.contains(&token.text) {
                    forms.push(token.text.clone());
                }
            }
            _ => positions.push((token.position, vec![token.text.clone()])),
        }
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(name: &str, text: &str) -> Vec<Vec<String>> {
        let manager = TokenizerManager::default();
        register(&manager);
        let Some(mut analyzer) = manager.get(name) else {
            panic!("analyzer {name} missing");
        };
        analyze(&mut analyzer, text)
            .into_iter()
            .map(|(_, forms)| forms)
            .collect()
    }

    fn first(name: &str, text: &str) -> Vec<String> {
        terms(name, text)
            .into_iter()
            .map(|mut f| f.remove(0))
            .collect()
    }

    #[test]
    fn kazakh_lowercases_kazakh_letters() {
        let mut out = String::new();
        normalize_into("ӘҒҚҢӨҰҮҺІ Ёж", &mut out);
        assert_eq!(out, "әғқңөұүһі еж");
        assert_eq!(first(KK, "ҚАЛА"), vec!["қала"]);
        assert_eq!(first(KK, "ЁЛКА"), first(KK, "елка"));
    }

    #[test]
    fn kazakh_forms_meet() {
        let base = first(KK, "мектеп");
        for form in ["Мектептер", "мектептердің", "МЕКТЕПКЕ", "мектепте"]
        {
            assert_eq!(first(KK, form), base, "{form}");
        }
    }

    #[test]
    fn kazakh_emits_russian_stem_for_loanwords() {
        // Russian form in a Kazakh text and a Kazakh-inflected loanword share a form.
        let ru_form = terms(KK, "бюджета").remove(0);
        let kk_form = terms(KK, "бюджетке").remove(0);
        assert!(
            ru_form.iter().any(|f| kk_form.contains(f)),
            "{ru_form:?} {kk_form:?}"
        );
        // Words with Kazakh letters only get the Kazakh stem.
        assert_eq!(terms(KK, "қалаға"), vec![vec!["қала".to_owned()]]);
    }

    #[test]
    fn russian_and_english() {
        assert_eq!(first(RU, "школы"), first(RU, "школа"));
        assert_eq!(first(RU, "школ"), first(RU, "школа"));
        assert_eq!(first(RU, "Ёлки"), first(RU, "елки"));
        assert_eq!(first(EN, "Schools"), first(EN, "school"));
    }

    #[test]
    fn positions_group_forms() {
        let t = terms(KK, "бюджета мектеп");
        assert_eq!(t.len(), 2);
    }
}
