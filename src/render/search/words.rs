//! Search terms of text: the words of [`crate::text`]'s splitter (the one the markdown's word
//! count and the reading level use), lower-cased, apostrophes dropped, cut at anything that is
//! not a letter or digit, one-character terms left out (the language's stop words are left
//! out by [`super::language`]). `search-language.js` splits queries the same way (`words`);
//! tests/search.rs checks both agree.
//!
//! [`split_words`] finds them a word at a time; [`for_each_term`] finds the same terms in the
//! same order eight bytes at a time, handing the short ASCII ones over packed into a number
//! (what building the postings reads, a few million terms on a large site).

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

/// The word a [`packed`] number holds.
pub(super) fn unpacked(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..len]).into_owned()
}

/// What takes the search terms [`for_each_term`] finds.
pub(super) trait TermSink {
    /// An ASCII term of 2 to 16 letters and digits, lower-cased and [`packed`]: nearly every
    /// term, found without copying it anywhere.
    fn packed(&mut self, key: u128);
    /// Any other term (longer, with an apostrophe dropped, or not ASCII), lower-cased.
    fn text(&mut self, term: &str);
}

/// Hands `sink` each search term of `text`: the terms [`split_words`] finds, in the same
/// order. Every ASCII byte other than a letter, a digit or an apostrophe ends a term (the
/// splitter's whitespace among them), so the text is cut at those, eight bytes at a time; a
/// piece of 2 to 16 ASCII letters and digits is packed as it lies, and any other piece (with
/// an apostrophe, a byte beyond ASCII, or long) goes through the splitter's own rules.
pub(super) fn for_each_term(text: &str, buf: &mut String, sink: &mut impl TermSink) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    // Whether the piece being read has an unusual byte (see `Bytes::unusual`) before `at`.
    let mut unusual = false;
    while at < bytes.len() {
        let eight = match bytes.get(at..at + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
            // The last few bytes, padded with spaces: the first space ends the last piece.
            None => {
                let mut padded = [b' '; 8];
                padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
                u64::from_le_bytes(padded)
            }
        };
        let Bytes {
            mut ends,
            unusual: mut unusual_here,
        } = Bytes::of(eight);
        while ends != 0 {
            // The lowest end's bit, and the bits of the bytes before it.
            let end_bit = ends & ends.wrapping_neg();
            let before = end_bit - 1;
            let end = at + end_bit.trailing_zeros() as usize / 8;
            if end > start {
                let plain = !unusual && unusual_here & before == 0;
                piece_terms(text, start, end, plain, buf, sink);
            }
            unusual = false;
            unusual_here &= !before;
            start = end + 1;
            ends &= ends - 1;
        }
        unusual |= unusual_here != 0;
        at += 8;
    }
    if start < bytes.len() {
        piece_terms(text, start, bytes.len(), !unusual, buf, sink);
    }
}

/// Eight copies of `byte`.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each of eight bytes.
const HIGH_BITS: u64 = splat(0x80);

/// What eight bytes of text are, each told by its high bit.
struct Bytes {
    /// The bytes that end a term: ASCII other than letters, digits and the apostrophe.
    ends: u64,
    /// The bytes beyond ASCII, and apostrophes: a piece with one needs the splitter's rules.
    unusual: u64,
}

impl Bytes {
    /// Each test works on the low seven bits of every byte, where adding a constant below
    /// 0x80 never carries into the next byte: `low + (0x80 - c)` has its high bit set when
    /// `low >= c`, and `low + (0x7F - c)` when `low > c`.
    #[inline(always)]
    fn of(eight: u64) -> Bytes {
        let beyond_ascii = eight & HIGH_BITS;
        let low = eight & !HIGH_BITS;
        let at_least = |v: u64, c: u8| v.wrapping_add(splat(0x80 - c));
        let above = |v: u64, c: u8| v.wrapping_add(splat(0x7F - c));
        // Upper-case letters become lower-case ones; no other byte becomes a letter.
        let folded = low | splat(0x20);
        let letter = at_least(folded, b'a') & !above(folded, b'z');
        let digit = at_least(low, b'0') & !above(low, b'9');
        let apostrophe = !above(low ^ splat(b'\''), 0) & HIGH_BITS;
        Bytes {
            ends: !(beyond_ascii | letter | digit | apostrophe) & HIGH_BITS,
            unusual: beyond_ascii | apostrophe,
        }
    }
}

/// The terms of `text[start..end]`, a piece with no byte that ends a term (so it starts and
/// ends at characters), `plain` when it has no unusual byte either (then it is ASCII
/// letters and digits).
#[inline(always)]
fn piece_terms(
    text: &str,
    start: usize,
    end: usize,
    plain: bool,
    buf: &mut String,
    sink: &mut impl TermSink,
) {
    let len = end - start;
    if plain && len <= 16 {
        if len > 1 {
            sink.packed(packed_lower(text.as_bytes(), start, len));
        }
        return;
    }
    if let Some(piece) = text.get(start..end) {
        other_terms(piece, buf, sink);
    }
}

/// The terms of a piece that is not plain (see [`piece_terms`]): rare.
#[inline(never)]
fn other_terms(piece: &str, buf: &mut String, sink: &mut impl TermSink) {
    terms_of_word(piece, buf, &mut |term| sink.text(term));
}

/// The `len` bytes (1 to 16) at `start`, ASCII letters and digits, lower-cased and
/// [`packed`].
#[inline(always)]
fn packed_lower(bytes: &[u8], start: usize, len: usize) -> u128 {
    let (low, high) = match bytes.get(start..start + 16) {
        // Two loads, the bytes after the piece masked off.
        Some(sixteen) => {
            let (low, high) = sixteen.split_at(8);
            (
                u64::from_le_bytes(low.try_into().unwrap_or_default()),
                u64::from_le_bytes(high.try_into().unwrap_or_default()),
            )
        }
        None => {
            let mut key = [0u8; 16];
            if let (Some(to), Some(from)) = (key.get_mut(..len), bytes.get(start..start + len)) {
                to.copy_from_slice(from);
            }
            let (low, high) = key.split_at(8);
            (
                u64::from_le_bytes(low.try_into().unwrap_or_default()),
                u64::from_le_bytes(high.try_into().unwrap_or_default()),
            )
        }
    };
    // `| 0x20` lower-cases a letter and leaves a digit as it is.
    let (low, high) = if len <= 8 {
        ((low | splat(0x20)) & (u64::MAX >> (64 - 8 * len)), 0)
    } else {
        (
            low | splat(0x20),
            (high | splat(0x20)) & (u64::MAX >> (128 - 8 * len)),
        )
    };
    u128::from(low) | (u128::from(high) << 64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::StemLanguage;
    use proptest::prelude::*;

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

    /// The terms [`for_each_term`] finds, as text, each checked to come as it should.
    struct Found<'a> {
        text: &'a str,
        terms: Vec<String>,
    }

    impl TermSink for Found<'_> {
        fn packed(&mut self, key: u128) {
            let word = unpacked(key);
            assert_eq!(packed(&word), Some(key), "{:?}", self.text);
            assert!(word.len() > 1, "{:?}", self.text);
            self.terms.push(word);
        }

        fn text(&mut self, word: &str) {
            // Short ASCII terms come packed, but from a piece with an apostrophe or a
            // character beyond ASCII.
            let text = self.text;
            assert!(
                word.len() > 16 || !text.is_ascii() || text.contains('\''),
                "{word} in {text:?} could have been packed"
            );
            self.terms.push(word.to_string());
        }
    }

    fn terms(text: &str) -> Vec<String> {
        let mut found = Found {
            text,
            terms: Vec::new(),
        };
        for_each_term(text, &mut String::new(), &mut found);
        found.terms
    }

    /// The terms [`split_words`] finds.
    fn split(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        split_words(text, &mut String::new(), |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn terms_are_those_of_the_splitter_packed_when_short() {
        let cases = [
            "",
            "a",
            "ab",
            "It's 16-letter ABCDEFGHIJKLMNOP and a b c9 don't DON'T the The",
            "driving drive x'y '' 988 end.",
            "Seventeen-letters abcdefghijklmnopq, psychotherapeutically and drive.",
            "Café ÉTÉ don\u{2019}t x é İ psychotherapeutically-minded",
            "tab\tnew\nline\u{a0}nbsp\u{2003}em[link](x) @#$%^&*()_+={}|\\:;\"<>?/~`",
            "exactly8 exactly16charsxxxx 0123456789abcdef 0123456789abcdefg",
            "ends with a letter x",
            "'leading trailing' ''' 'a' a'b'c",
            "\u{7f}del\u{1}ctl Z@[`{ AZaz09 año niño-ñ",
        ];
        for text in cases {
            assert_eq!(terms(text), split(text), "{text:?}");
        }
        assert_eq!(
            terms("Don't DRIVE, side-effects!"),
            ["dont", "drive", "side", "effects"]
        );
    }

    proptest! {
        #[test]
        fn terms_of_any_text_are_those_of_the_splitter(
            text in "[aZ09 '.\t\n\u{2019}\u{e9}\u{a0}\u{130}\u{7f}@\\[`{/:-]{0,60}"
        ) {
            prop_assert_eq!(terms(&text), split(&text));
        }
    }
}
