//! The filler words of [`super::FILLER_WORDS`], all looked for in one pass: by the first three
//! letters of each in every mix of capitals (one search of a few dozen short patterns, which
//! runs many bytes at a time), each then read in full where it starts.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{lowercase_keeps_length, whole_word, Fictional, FILLER_WORDS};

/// How many letters of each word are looked for.
const START: usize = 3;

/// The starts of the filler words, in every mix of capitals a word may be written in: its
/// pattern numbers in the order of [`FILLER_WORDS`], `START_OF[pattern]` the word's index.
/// No start ends with the letters another starts with, so none hides another.
static STARTS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut word_of = Vec::new();
    for (index, &(word, capitals_only)) in FILLER_WORDS.iter().enumerate() {
        let start = &word.as_bytes()[..START];
        let spellings: Vec<Vec<u8>> = if capitals_only {
            vec![start.to_vec()]
        } else {
            (0..1u32 << START)
                .map(|capitals| {
                    start
                        .iter()
                        .enumerate()
                        .map(|(i, b)| match capitals >> i & 1 {
                            1 => b.to_ascii_uppercase(),
                            _ => b.to_ascii_lowercase(),
                        })
                        .collect()
                })
                .collect()
        };
        for spelling in spellings {
            if !patterns.contains(&spelling) {
                patterns.push(spelling);
                word_of.push(index);
            }
        }
    }
    let searcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(&patterns)
        .expect("a few short patterns always build");
    (searcher, word_of)
});

/// The filler words in `text`: each as a whole word, in any mix of capitals (TODO only in
/// capitals), in the order of [`FILLER_WORDS`] and then of the text. Where lower-casing
/// would change the text's length, only words written as in [`FILLER_WORDS`] count.
pub(super) fn words(text: &str) -> Vec<Fictional> {
    let (searcher, word_of) = &*STARTS;
    let bytes = text.as_bytes();
    let mut any_case = None;
    let mut found: Vec<(usize, Fictional)> = Vec::new();
    for start in searcher.find_iter(text) {
        let index = word_of[start.pattern().as_usize()];
        let (word, capitals_only) = FILLER_WORDS[index];
        let range = start.start()..start.start() + word.len();
        let Some(written) = bytes.get(range.clone()) else {
            continue;
        };
        let counts = written == word.as_bytes()
            || (!capitals_only
                && written.eq_ignore_ascii_case(word.as_bytes())
                && *any_case.get_or_insert_with(|| lowercase_keeps_length(text)));
        if counts && whole_word(text, &range) {
            let why = format!(
                "\"{}\" marks text that was never filled in",
                &text[range.clone()]
            );
            found.push((index, Fictional { range, why }));
        }
    }
    found.sort_by_key(|(index, _)| *index);
    found.into_iter().map(|(_, f)| f).collect()
}
