//! Search terms of text: the words of [`crate::text`]'s splitter (the one the markdown's word
//! count and the reading level use), lower-cased, apostrophes dropped, cut at anything that is
//! not a letter or digit, one-character terms left out (the language's stop words are left
//! out by [`super::language`]). `search-language.js` splits queries the same way (`words`);
//! tests/search.rs checks both agree.

/// Calls `f` with each search term of `text`, lower-cased into `buf` (reused, so terms cost
/// no allocation): the words of [`crate::text`]'s splitter, each cut into runs of letters and
/// digits with apostrophes dropped ("side-effects" gives "side" and "effects", "don't"
/// gives "dont"); terms of one character are left out.
pub(crate) fn split_words(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
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
    use crate::render::search::StemLanguage;

    fn words(text: &str) -> Vec<String> {
        StemLanguage::English.words(text).collect()
    }

    #[test]
    fn words_drop_apostrophes_stop_words_and_punctuation() {
        let w = words("Can I drive? It's the side-effects’ job, 988.");
        assert_eq!(w, ["can", "drive", "side", "effects", "job", "988"]);
    }

    #[test]
    fn words_handle_accents_long_words_and_curly_apostrophes() {
        let w = words("Café ÉTÉ don’t x é İ psychotherapeutically-minded");
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
}
