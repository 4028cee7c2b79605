//! Search terms of text: the words of [`crate::text`]'s splitter (the one the markdown's word
//! count and the reading level use), lower-cased, apostrophes dropped, cut at anything that is
//! not a letter or digit, with common English stop words and one-character terms left out.
//! `search-engine.js` splits queries the same way (`words`); `tests/publish.rs` checks both
//! agree.

/// Words too common to help a search (mirrored in `search-engine.js`), sorted for binary
/// search.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
    "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "to", "was", "we", "were", "which", "with", "you", "your",
];

/// The longest stop word, so longer words skip the lookup.
pub(super) const MAX_STOP_WORD_LEN: usize = 5;

/// Splits text into lower-case search words (stop words and single characters removed).
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let mut out = Vec::new();
    split_words(text, &mut String::new(), |w| {
        if !is_stop_word(w) {
            out.push(w.to_string())
        }
    });
    out.into_iter()
}

pub(super) fn is_stop_word(word: &str) -> bool {
    word.len() <= MAX_STOP_WORD_LEN && STOP_WORDS.binary_search(&word).is_ok()
}

/// Calls `f` with each search term of `text`, lower-cased into `buf` (reused, so terms cost
/// no allocation): the words of [`crate::text`]'s splitter, each cut into runs of letters and
/// digits with apostrophes dropped ("side-effects" gives "side" and "effects", "don't"
/// gives "dont"); terms of one character are left out.
pub(super) fn split_words(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    crate::text::for_each_word(text, |word| terms_of_word(word, buf, &mut f));
}

/// The search terms of one word (see [`split_words`]).
fn terms_of_word(word: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    let mut flush = |buf: &mut String| {
        let long_enough =
            buf.len() > 1 && (buf.len() > 4 || buf.is_ascii() || buf.chars().count() > 1);
        if long_enough {
            f(buf);
        }
        buf.clear();
    };
    buf.clear();
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii() {
            i += 1;
            if byte.is_ascii_alphanumeric() {
                buf.push(byte.to_ascii_lowercase() as char);
            } else if byte != b'\'' && !buf.is_empty() {
                flush(buf);
            }
            continue;
        }
        let Some(c) = word[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\u{2019}' {
            continue;
        } else if c.is_alphanumeric() {
            buf.extend(c.to_lowercase());
        } else if !buf.is_empty() {
            flush(buf);
        }
    }
    if !buf.is_empty() {
        flush(buf);
    }
}

/// A word of up to 16 bytes packed into one number: looking it up costs no string hashing
/// or comparison (words never contain a NUL byte, so the padding is unambiguous).
pub(super) fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut key = [0u8; 16];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

/// Which bytes are ASCII letters and digits, by value: one lookup per byte of text.
pub(super) static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_apostrophes_stop_words_and_punctuation() {
        let w: Vec<String> = words("Can I drive? It's the side-effects’ job, 988.").collect();
        assert_eq!(w, ["can", "drive", "side", "effects", "job", "988"]);
    }

    #[test]
    fn words_handle_accents_long_words_and_curly_apostrophes() {
        let w: Vec<String> = words("Café ÉTÉ don’t x é İ psychotherapeutically-minded").collect();
        assert_eq!(
            w,
            [
                "café",
                "été",
                "dont",
                "i\u{307}",
                "psychotherapeutically",
                "minded"
            ]
        );
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD_LEN)
        );
    }
}
