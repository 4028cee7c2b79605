//! Finding whole words and phrases in prose, case-insensitively: "cure" matches "Cure" and
//! "cure," but not "secure" or "procurement"; "risk-free" also matches "risk free" and a
//! phrase broken over two lines. Used by the wording checks.

use std::ops::Range;

/// A word: letters and digits, with `%` so that "100%" is one word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '%'
}

/// What may stand between two words of one phrase: spaces, line breaks, hyphens and dashes,
/// and markdown emphasis markers.
fn is_joiner(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '*' | '_' | '~'
        )
}

/// The words of `text` with their byte ranges.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s..i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A phrase found in a text: which one, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundPhrase<'p> {
    pub phrase: &'p str,
    pub range: Range<usize>,
}

/// Every occurrence of any of `phrases` in `text`, in order of position. Where phrases
/// overlap (e.g. "cure" inside "permanent cure"), the longer one is kept.
pub(crate) fn find<'p>(text: &str, phrases: &[&'p str]) -> Vec<FoundPhrase<'p>> {
    let tokens = words(text);
    let mut found: Vec<FoundPhrase> = Vec::new();
    for &phrase in phrases {
        let wanted: Vec<String> = words(phrase).into_iter().map(|(_, w)| w).collect();
        if wanted.is_empty() {
            continue;
        }
        for start in 0..tokens.len() {
            let Some(window) = tokens.get(start..start + wanted.len()) else {
                break;
            };
            let same_words = window.iter().zip(&wanted).all(|((_, w), want)| w == want);
            let joined = window
                .windows(2)
                .all(|pair| text[pair[0].0.end..pair[1].0.start].chars().all(is_joiner));
            if same_words && joined {
                found.push(FoundPhrase {
                    phrase,
                    range: window[0].0.start..window[wanted.len() - 1].0.end,
                });
            }
        }
    }
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<FoundPhrase<'p>> = Vec::new();
    for f in found {
        if kept.last().is_none_or(|k| f.range.start >= k.range.end) {
            kept.push(f);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases_in(text: &str, phrases: &[&'static str]) -> Vec<&'static str> {
        find(text, phrases).into_iter().map(|f| f.phrase).collect()
    }

    #[test]
    fn matches_whole_words_only() {
        let list = ["cure"];
        assert_eq!(phrases_in("It is not a Cure, sadly.", &list), ["cure"]);
        assert!(phrases_in("A secure procurement process.", &list).is_empty());
    }

    #[test]
    fn phrases_may_be_hyphenated_spaced_or_broken_over_lines() {
        let list = ["risk-free", "100% safe"];
        assert_eq!(phrases_in("a risk free\ntreatment", &list), ["risk-free"]);
        assert_eq!(
            phrases_in("RISK-FREE and 100%\nsafe", &list),
            ["risk-free", "100% safe"]
        );
        assert!(phrases_in("risk. Free", &list).is_empty());
        assert!(phrases_in("100 safe", &list).is_empty());
    }

    #[test]
    fn reports_byte_ranges_and_prefers_the_longer_phrase() {
        let text = "A permanent cure.";
        let found = find(text, &["cure", "permanent cure"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].phrase, "permanent cure");
        assert_eq!(&text[found[0].range.clone()], "permanent cure");
    }
}
