//! The language of a search index: which Snowball stemmer reduces its words (English, or
//! Spanish for a site whose language is `es`), which words are too common to search for, and
//! accent folding. The manifest names the language (`"lang"`); the theme's
//! `search-language.js` has the same stop words and folding for the query, and
//! `search-stem-<code>.js` stems it. tests/search.rs and tests/search_spanish.rs run both
//! over every word of the clinic's content in each language and require the same keys.
//!
//! **Keys of a word.** A word is indexed under its stem with accents folded away
//! (`fold(stem(word))`), and, when that differs, under the stem of the folded word too
//! (`stem(fold(word))`). Patients type Spanish with or without accents ("medicación",
//! "medicacion"); the Snowball stemmer removes suffixes as written with their accents
//! ("-ación"), so the two spellings stem differently ("medic", "medicacion"). A query word
//! asks for its own keys, so either spelling finds the page, and "medicaciones" still finds
//! "medicación". Folding maps the accented Latin letters of U+00C0..U+017F to their base
//! letter (á, ü, ñ to a, u, n), the table `search-language.js` has too.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// The languages the search stems; any other site language is searched as English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StemLanguage {
    /// English: the Snowball English stemmer.
    English,
    /// Spanish: the Snowball Spanish stemmer, accents folded.
    Spanish,
}

/// English words too common to help a search, sorted for binary search.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
    "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "to", "was", "we", "were", "which", "with", "you", "your",
];

/// Spanish articles, pronouns, prepositions, conjunctions and question words (accents folded:
/// "qué" is "que"), sorted for binary search. "no" stays searchable.
const SPANISH_STOP_WORDS: &[&str] = &[
    "al", "algo", "alguna", "algunas", "alguno", "algunos", "ante", "aqui", "asi", "cada", "como",
    "con", "cual", "cuales", "cuando", "cuanta", "cuantas", "cuanto", "cuantos", "de", "del",
    "desde", "donde", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa", "esas",
    "ese", "eso", "esos", "esta", "estan", "estas", "este", "esto", "estos", "fue", "ha", "han",
    "hay", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "mis", "muy", "nos", "otra",
    "otras", "otro", "otros", "para", "pero", "por", "porque", "que", "quien", "se", "sea", "ser",
    "si", "sin", "sobre", "son", "su", "sus", "tambien", "te", "tu", "tus", "un", "una", "unas",
    "uno", "unos", "usted", "ustedes", "ya", "yo",
];

/// Accented lower-case Latin letters (U+00C0..U+017F) and, at the same place in
/// [`FOLD_TO`], their base letters.
const FOLD_FROM: &str =
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž";
const FOLD_TO: &[u8] =
    b"aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz";

impl StemLanguage {
    /// The search language of a site whose language code is `code`.
    pub(crate) fn of(code: &str) -> Self {
        if code.eq_ignore_ascii_case("es") || code.to_ascii_lowercase().starts_with("es-") {
            StemLanguage::Spanish
        } else {
            StemLanguage::English
        }
    }

    /// The name the manifest gives it (the browser loads `search-stem-<code>.js` by it).
    pub fn code(self) -> &'static str {
        match self {
            StemLanguage::English => "en",
            StemLanguage::Spanish => "es",
        }
    }

    /// Its stop words (accents folded), sorted.
    pub(crate) fn stop_words(self) -> &'static [&'static str] {
        match self {
            StemLanguage::English => ENGLISH_STOP_WORDS,
            StemLanguage::Spanish => SPANISH_STOP_WORDS,
        }
    }

    /// Whether lower-case `word` is a stop word (with or without its accents).
    pub(crate) fn is_stop_word(self, word: &str) -> bool {
        word.len() <= 2 * MAX_STOP_WORD_LEN
            && self
                .stop_words()
                .binary_search(&fold(word).as_ref())
                .is_ok()
    }

    /// The language's Snowball stemmer.
    pub fn stemmer(self) -> Stemmer {
        Stemmer::create(match self {
            StemLanguage::English => Algorithm::English,
            StemLanguage::Spanish => Algorithm::Spanish,
        })
    }

    /// The search words of `text` (see [`super::words`]), its stop words left out.
    pub fn words(self, text: &str) -> impl Iterator<Item = String> {
        let mut out = Vec::new();
        super::words::split_words(text, &mut String::new(), |w| {
            if !self.is_stop_word(w) {
                out.push(w.to_string())
            }
        });
        out.into_iter()
    }
}

/// The longest stop word of any language, in letters.
const MAX_STOP_WORD_LEN: usize = 7;

/// The keys a word is indexed under (see the module docs): its stem with accents folded,
/// and the stem of the folded word if that differs.
pub fn keys(stemmer: &Stemmer, word: &str) -> (String, Option<String>) {
    let stem = stemmer.stem(word);
    let first = fold(&stem).into_owned();
    if word.is_ascii() {
        return (first, None);
    }
    let folded = fold(word);
    let second = stemmer.stem(&folded);
    if second == first {
        (first, None)
    } else {
        (first, Some(second.into_owned()))
    }
}

/// `word` with the accented Latin letters of [`FOLD_FROM`] replaced by their base letter.
pub(crate) fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match FOLD_FROM.chars().position(|f| f == c) {
                Some(at) => char::from(FOLD_TO[at]),
                None => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_folded_and_short() {
        for language in [StemLanguage::English, StemLanguage::Spanish] {
            let words = language.stop_words();
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{language:?}");
            assert!(words
                .iter()
                .all(|w| w.is_ascii() && w.len() <= MAX_STOP_WORD_LEN));
        }
        assert!(StemLanguage::Spanish.is_stop_word("qué"));
        assert!(StemLanguage::Spanish.is_stop_word("más"));
        assert!(!StemLanguage::Spanish.is_stop_word("no"));
        assert!(!StemLanguage::English.is_stop_word("que"));
    }

    #[test]
    fn folding_removes_accents_and_keeps_other_letters() {
        assert_eq!(fold("náusea"), "nausea");
        assert_eq!(fold("pingüino año"), "pinguino ano");
        assert_eq!(fold("ｚｅｎ"), "ｚｅｎ");
        assert_eq!(FOLD_FROM.chars().count(), FOLD_TO.len());
    }

    #[test]
    fn a_spanish_word_is_found_with_or_without_its_accents() {
        let stemmer = StemLanguage::Spanish.stemmer();
        let (with, also) = keys(&stemmer, "medicación");
        assert_eq!(with, keys(&stemmer, "medicaciones").0);
        assert_eq!(
            also.as_deref(),
            Some(keys(&stemmer, "medicacion").0.as_str())
        );
        assert_eq!(keys(&stemmer, "efectos").0, keys(&stemmer, "efecto").0);
        assert_eq!(
            keys(&stemmer, "secundarios").0,
            keys(&stemmer, "secundario").0
        );
        assert_eq!(keys(&stemmer, "psicosis"), keys(&stemmer, "psicosis"));
        assert_eq!(keys(&stemmer, "náuseas").0, keys(&stemmer, "nauseas").0);
    }

    #[test]
    fn the_language_comes_from_the_site_language_code() {
        assert_eq!(StemLanguage::of("es"), StemLanguage::Spanish);
        assert_eq!(StemLanguage::of("es-MX"), StemLanguage::Spanish);
        assert_eq!(StemLanguage::of("en"), StemLanguage::English);
        assert_eq!(StemLanguage::of("fr"), StemLanguage::English);
        assert_eq!(StemLanguage::Spanish.code(), "es");
    }
}
