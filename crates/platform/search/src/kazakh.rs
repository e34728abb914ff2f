//! A light Kazakh stemmer: iterative stripping of inflectional endings.
//!
//! Kazakh is agglutinative: a noun takes a plural, then a possessive, then a case ending
//! (`мектеп-тер-іміз-де`, "in our schools"). No Snowball stemmer exists for it, so this module
//! strips the common endings from the end of the word, the longest matching ending first, and
//! repeats until nothing more can be removed. Every step depends only on the current string, so
//! an inflected form whose stripping passes through its base form ends on exactly the stem of
//! the base form (`мектептердің` → `мектептер` → `мектеп`).
//!
//! Stripping is conservative, because over-stripping conflates unrelated words while
//! under-stripping only loses some recall:
//! - a stem keeps at least two letters for endings of two letters or more, and at least three
//!   for single-letter endings (`-ы`, `-і`, `-м`, `-ң`, `-н`);
//! - the stem must keep a vowel;
//! - the bare dative `-а`/`-е` is not stripped (it would eat the final vowel of countless
//!   stems such as `қала`, `бағдарлама`); the consonant-initial datives are.
//!
//! When a vowel-initial possessive ending is removed, the consonant voiced before it is
//! devoiced back (`мектебі` → `мектеб` → `мектеп`, `кітабы` → `кітап`).

/// Letters that only Kazakh (not Russian) uses.
const KAZAKH_LETTERS: &[char] = &['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

const VOWELS: &[char] = &[
    'а', 'ә', 'е', 'ё', 'и', 'о', 'ө', 'у', 'ұ', 'ү', 'ы', 'і', 'э', 'ю', 'я',
];

/// Inflectional endings, any order (they are matched longest first).
const SUFFIXES: &[&str] = &[
    // plural
    "лар",
    "лер",
    "дар",
    "дер",
    "тар",
    "тер", // genitive
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің", // dative (not the bare -а/-е)
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не", // locative
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде", // "which is in …"
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "ндағы",
    "ндегі", // ablative
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен", // accusative
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті",
    "н", // instrumental
    "мен",
    "бен",
    "пен", // possessive
    "ым",
    "ім",
    "м",
    "ың",
    "ің",
    "ң",
    "ы",
    "і",
    "сы",
    "сі",
    "мыз",
    "міз",
    "ымыз",
    "іміз",
    "ңыз",
    "ңіз",
    "ыңыз",
    "іңіз",
];

/// Possessive endings that start with a vowel: a stem-final б/г/ғ before them is a voiced п/к/қ.
const VOWEL_POSSESSIVES: &[&str] = &[
    "ы", "і", "ым", "ім", "ың", "ің", "ымыз", "іміз", "ыңыз", "іңіз",
];

/// True when `word` contains a letter that Russian does not have.
#[must_use]
pub fn has_kazakh_letters(word: &str) -> bool {
    word.chars().any(|c| KAZAKH_LETTERS.contains(&c))
}

/// True when every character of `word` is a (lowercase) Cyrillic letter.
#[must_use]
pub fn is_cyrillic_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| ('\u{0430}'..='\u{04ff}').contains(&c))
}

fn has_vowel(s: &str) -> bool {
    s.chars().any(|c| VOWELS.contains(&c))
}

/// The stem of a lowercase Kazakh word; words that are not Cyrillic are returned unchanged.
#[must_use]
pub fn stem(word: &str) -> String {
    let mut current = word.to_owned();
    if !is_cyrillic_word(&current) {
        return current;
    }
    loop {
        let len = current.chars().count();
        let mut best: Option<&str> = None;
        for suffix in SUFFIXES {
            if !current.ends_with(suffix) {
                continue;
            }
            let suffix_len = suffix.chars().count();
            let min_stem = if suffix_len == 1 { 3 } else { 2 };
            if len < suffix_len + min_stem {
                continue;
            }
            let rest = &current[..current.len() - suffix.len()];
            if !has_vowel(rest) {
                continue;
            }
            if !fits(suffix, rest) {
                continue;
            }
            if best.is_none_or(|b| b.len() < suffix.len()) {
                best = Some(suffix);
            }
        }
        let Some(suffix) = best else {
            return current;
        };
        current.truncate(current.len() - suffix.len());
        if VOWEL_POSSESSIVES.contains(&suffix) {
            devoice_last(&mut current);
        }
    }
}

/// Whether the ending can follow `stem` by Kazakh sound rules (the ones that matter for
/// telling apart `облыс-ы` from `облы-сы`).
fn fits(suffix: &str, stem: &str) -> bool {
    let last = stem.chars().last();
    let after_vowel = last.is_some_and(|c| VOWELS.contains(&c));
    match suffix {
        // After a vowel: -сы/-сі (but stems rarely end in ы/і: облысы is облыс-ы), -ны/-ні
        // and the bare -м/-ң/-н; -ның/-нің also after м, н, ң.
        "сы" | "сі" => after_vowel && !matches!(last, Some('ы' | 'і')),
        "ны" | "ні" | "м" | "ң" | "н" => after_vowel,
        "ның" | "нің" => after_vowel || matches!(last, Some('м' | 'н' | 'ң')),
        // After a consonant: the vowel-initial possessives, -ды/-ты, -дың/-тың.
        "ды" | "ді" | "ты" | "ті" | "дың" | "дің" | "тың" | "тің" => {
            !after_vowel
        }
        s if VOWEL_POSSESSIVES.contains(&s) => !after_vowel,
        _ => true,
    }
}

fn devoice_last(word: &mut String) {
    let replacement = match word.chars().last() {
        Some('б') => 'п',
        Some('г') => 'к',
        Some('ғ') => 'қ',
        _ => return,
    };
    word.pop();
    word.push(replacement);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(forms: &[&str], base: &str) {
        let expected = stem(base);
        for form in forms {
            assert_eq!(stem(form), expected, "{form} should stem like {base}");
        }
    }

    #[test]
    fn school() {
        same(
            &[
                "мектептер",
                "мектептердің",
                "мектепке",
                "мектепте",
                "мектептен",
                "мектебі",
                "мектебін",
                "мектебіне",
                "мектептерде",
                "мектептегі",
                "мектеппен",
            ],
            "мектеп",
        );
        assert_eq!(stem("мектеп"), "мектеп");
    }

    #[test]
    fn budget_region_hospital() {
        same(
            &["бюджеттің", "бюджетке", "бюджетте", "бюджеттен"],
            "бюджет",
        );
        same(
            &["ауруханалар", "ауруханаға", "ауруханада", "ауруханасы"],
            "аурухана",
        );
        same(
            &["облыстың", "облыстар", "облысы", "облыстары", "облысында"],
            "облыс",
        );
        same(
            &["қалалар", "қаланың", "қалада", "қаласы", "қалаға"],
            "қала",
        );
        same(&["деректер", "деректері", "деректердің"], "дерек");
        same(&["заңдар", "заңның", "заңы"], "заң");
        same(&["елдер", "елдің"], "ел");
    }

    #[test]
    fn short_words_are_left_alone() {
        for word in ["ана", "ата", "су", "ел", "жан", "сан", "үй", "бір", "мен"]
        {
            assert_eq!(stem(word), word);
        }
    }

    #[test]
    fn non_cyrillic_is_unchanged() {
        assert_eq!(stem("data2024"), "data2024");
        assert_eq!(stem("csv"), "csv");
        assert_eq!(stem(""), "");
    }

    #[test]
    fn letters() {
        assert!(has_kazakh_letters("қала"));
        assert!(!has_kazakh_letters("школа"));
        assert!(is_cyrillic_word("әңгіме"));
        assert!(!is_cyrillic_word("abc"));
    }
}
