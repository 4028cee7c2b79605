//! The distinct words of a text given in pieces: each word once, in the order first seen,
//! joined by spaces; the words [`crate::text::for_each_word`] finds in the pieces put end to
//! end (a word may run across pieces), found as the pieces come, so the text is never put
//! together and read again.
//!
//! A page repeats its words: about 600 of them are 100 to 200 distinct ones. Nearly every word
//! is short: it is seen by its bytes packed into a number, in an open-addressing set each
//! thread keeps from page to page (emptied slot by slot, so a large page once does not make
//! every later page clear a large table); the rare long word by its text.

use std::cell::RefCell;

use rustc_hash::FxHashSet;

use crate::text::{space_end, word_end, TextPiece};

/// What a thread keeps from page to page: the sets of words seen and the word being read.
#[derive(Default)]
struct Seen {
    short: ShortWords,
    long: FxHashSet<String>,
    /// A word that ran to the end of the last piece, which the next piece may continue.
    pending: String,
}

thread_local! {
    static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
}

/// The distinct words of a text being read (see the module docs).
pub(super) struct DistinctWords {
    /// The distinct words so far, joined by spaces.
    text: String,
    seen: Seen,
}

impl DistinctWords {
    /// Starts with no word, writing into `buffer` (emptied).
    pub(super) fn new(mut buffer: String) -> Self {
        buffer.clear();
        DistinctWords {
            text: buffer,
            seen: SEEN.with(|seen| std::mem::take(&mut *seen.borrow_mut())),
        }
    }

    /// Reads the next piece of the text.
    pub(super) fn push(&mut self, piece: &TextPiece<'_>) {
        if piece.is_space() {
            // The space at the end of a block or line: about half the pieces.
            self.end_word();
        } else if piece.is_printable() {
            self.push_printable(piece.text);
        } else {
            self.push_any(piece.text);
        }
    }

    /// [`DistinctWords::push`] for a piece of printable ASCII: its words are the runs between
    /// spaces, found eight bytes at a time.
    fn push_printable(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let mut word_start = 0;
        let mut at = 0;
        while let Some(eight) = bytes.get(at..at + 8) {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            // A space is a zero byte of `y`; every byte is below 0x80, so adding 0x7F to
            // each sets its high bit exactly when it is not zero (no carry crosses bytes).
            let y = x ^ 0x2020_2020_2020_2020;
            let mut spaces = !(y.wrapping_add(0x7F7F_7F7F_7F7F_7F7F)) & 0x8080_8080_8080_8080;
            while spaces != 0 {
                let space = at + spaces.trailing_zeros() as usize / 8;
                self.word_before_space(piece, word_start, space);
                word_start = space + 1;
                spaces &= spaces - 1;
            }
            at += 8;
        }
        for (space, &byte) in bytes.iter().enumerate().skip(at) {
            if byte == b' ' {
                self.word_before_space(piece, word_start, space);
                word_start = space + 1;
            }
        }
        if word_start < bytes.len() {
            self.seen.pending.push_str(&piece[word_start..]);
        }
    }

    /// The text from `start` up to the space at `space`: the rest of the word being read,
    /// or a word (when not empty).
    #[inline(always)]
    fn word_before_space(&mut self, piece: &str, start: usize, space: usize) {
        if !self.seen.pending.is_empty() {
            self.seen.pending.push_str(&piece[start..space]);
            self.end_word();
        } else if space > start {
            self.see(piece, start, space);
        }
    }

    /// [`DistinctWords::push`] for any text, a word at a time.
    fn push_any(&mut self, piece: &str) {
        let mut at = 0;
        if !self.seen.pending.is_empty() {
            at = word_end(piece, 0);
            self.seen.pending.push_str(&piece[..at]);
            if at == piece.len() {
                return;
            }
            self.end_word();
        }
        loop {
            at = space_end(piece, at);
            if at == piece.len() {
                return;
            }
            let end = word_end(piece, at);
            if end == piece.len() {
                self.seen.pending.push_str(&piece[at..]);
                return;
            }
            self.see(piece, at, end);
            at = end;
        }
    }

    /// Ends the word being read, as whitespace would: the next piece starts a new word.
    pub(super) fn end_word(&mut self) {
        if self.seen.pending.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.seen.pending);
        self.see(&word, 0, word.len());
        self.seen.pending = word;
        self.seen.pending.clear();
    }

    /// The distinct words, joined by spaces (the buffer given to [`DistinctWords::new`]).
    pub(super) fn finish(mut self) -> String {
        self.end_word();
        let mut seen = self.seen;
        seen.short.clear();
        seen.long.clear();
        SEEN.with(|kept| *kept.borrow_mut() = seen);
        self.text
    }

    /// Records the word `text[start..end]`, adding it to the text if it is new.
    #[inline(always)]
    fn see(&mut self, text: &str, start: usize, end: usize) {
        // The word as text only when it is long or new (a word ends at whitespace, so at a
        // character).
        let word = || text.get(start..end).unwrap_or_default();
        let new = match packed(text.as_bytes(), start, end) {
            Some(key) => self.seen.short.insert(key),
            None if self.seen.long.contains(word()) => false,
            None => self.seen.long.insert(word().to_string()),
        };
        if new {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(word());
        }
    }
}

/// The word `bytes[start..end]`, of up to 15 bytes, as one number: its bytes, then its length
/// in the last byte (so two words have the same number only when they are the same word, and
/// no word is 0). Read with one or two loads of eight bytes, never copied.
#[inline]
fn packed(bytes: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 15 || len == 0 {
        return None;
    }
    let (low, high) = match bytes.get(start..start + 16) {
        // Sixteen bytes from the word's start: two loads, the bytes after the word masked off.
        Some(sixteen) => {
            let (low, high) = sixteen.split_at(8);
            let low = u64::from_le_bytes(low.try_into().unwrap_or_default());
            let high = u64::from_le_bytes(high.try_into().unwrap_or_default());
            if len <= 8 {
                (low & (u64::MAX >> (64 - 8 * len)), 0)
            } else {
                (low, high & (u64::MAX >> (128 - 8 * len)))
            }
        }
        // Near the text's end (a word that ends a piece is read there).
        None => match bytes.get(start..start + 8) {
            Some(low) => {
                let low = u64::from_le_bytes(low.try_into().unwrap_or_default());
                if len <= 8 {
                    (low & (u64::MAX >> (64 - 8 * len)), 0)
                } else {
                    (low, bytes_before(bytes, end, len - 8))
                }
            }
            None => (bytes_before(bytes, end, len), 0),
        },
    };
    let high = high | (len as u64) << 56;
    Some(u128::from(low) | u128::from(high) << 64)
}

/// The `len` bytes (1 to 8) of `bytes` that end at `end` as a number, zero above them.
#[inline(always)]
fn bytes_before(bytes: &[u8], end: usize, len: usize) -> u64 {
    match end.checked_sub(8).and_then(|from| bytes.get(from..end)) {
        // One load of the eight bytes that end there, shifted down.
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()) >> (64 - 8 * len),
        // A text of fewer than eight bytes: a byte at a time.
        None => bytes
            .get(end - len..end)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |x, &b| x << 8 | u64::from(b)),
    }
}

/// [`packed`] as it was first written, copying the word into sixteen zero bytes.
#[cfg(test)]
fn packed_by_copy(bytes: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 15 || len == 0 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..len].copy_from_slice(&bytes[start..end]);
    key[15] = len as u8;
    Some(u128::from_le_bytes(key))
}

/// A set of packed words ([`packed`], never 0): open addressing with linear probing in a
/// table of a power of two slots, at most half full; 0 marks a free slot.
#[derive(Default)]
struct ShortWords {
    slots: Vec<u128>,
    /// The slots in use, so that clearing costs one write per word, not one per slot.
    used: Vec<u32>,
}

impl ShortWords {
    /// Slots of a new table: room for 128 words, more than most pages have.
    const FIRST_SIZE: usize = 256;

    /// Adds `key`; whether it was new.
    #[inline(always)]
    fn insert(&mut self, key: u128) -> bool {
        if (self.used.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = Self::hash(key) & mask;
        loop {
            let there = self.slots[slot];
            if there == key {
                return false;
            }
            if there == 0 {
                self.slots[slot] = key;
                self.used.push(slot as u32);
                return true;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Where a key's probe starts (before masking): its two halves mixed by a multiply, the
    /// high bits (the best mixed) brought down.
    fn hash(key: u128) -> usize {
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
    }

    /// Twice the slots, every key put in again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(Self::FIRST_SIZE);
        let keys: Vec<u128> = self.used.iter().map(|&s| self.slots[s as usize]).collect();
        self.slots = vec![0; size];
        self.used.clear();
        for key in keys {
            self.insert(key);
        }
    }

    /// Empties the set, keeping its table.
    fn clear(&mut self) {
        for &slot in &self.used {
            self.slots[slot as usize] = 0;
        }
        self.used.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn distinct(pieces: &[&str]) -> String {
        let mut words = DistinctWords::new(String::new());
        for piece in pieces {
            words.push(&TextPiece::new(piece));
        }
        words.finish()
    }

    /// The words of the pieces put end to end, each once, in the order first seen.
    fn by_definition(pieces: &[&str]) -> String {
        let whole = pieces.concat();
        let mut seen = std::collections::HashSet::new();
        let words: Vec<&str> = whole
            .split_whitespace()
            .filter(|w| seen.insert(*w))
            .collect();
        words.join(" ")
    }

    #[test]
    fn words_are_kept_once_in_the_order_first_seen_across_pieces() {
        let long = "psychotherapeutically";
        let cases: &[&[&str]] = &[
            &["Rest and rest. Rest? More rest caf\u{e9} caf\u{e9}."],
            &["don", "\u{2019}", "t stop", " don\u{2019}t"],
            &["  lead", " ", "", "trail  ", "x", "lead"],
            &["a", "b\n", "\n", "c\u{a0}d", " ab"],
            &["", " ", "\t"],
            &[],
            &["a ", long, " ab a\u{0}b ", long, " abcdefghijklmno"],
            &["abcdefghijklmnop ab a\u{0}b abcdefghijklmno", "p"],
            &["one two", "\u{2003}", "three\u{2003}one\u{1F600}"],
        ];
        for pieces in cases {
            assert_eq!(distinct(pieces), by_definition(pieces), "{pieces:?}");
        }
    }

    proptest! {
        #[test]
        fn distinct_words_of_any_pieces_are_those_of_the_pieces_put_together(
            pieces in prop::collection::vec("[ab \t\u{1}\u{7f}\u{e9}\u{a0}]{0,40}", 0..6)
        ) {
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            prop_assert_eq!(distinct(&pieces), by_definition(&pieces));
        }
    }

    #[test]
    fn a_word_ends_where_it_is_told_to() {
        let mut words = DistinctWords::new(String::new());
        words.push(&TextPiece::new("one tw"));
        words.end_word();
        words.push(&TextPiece::new("o one"));
        assert_eq!(words.finish(), "one tw o");
    }

    proptest! {
        #[test]
        fn words_are_packed_as_copied_into_zero_bytes(
            bytes in prop::collection::vec(prop::sample::select(vec![0u8, 1, b'a', 0x80, 0xFF]), 0..40),
            start in 0usize..40,
            len in 0usize..20,
        ) {
            let start = start.min(bytes.len());
            let end = (start + len).min(bytes.len());
            prop_assert_eq!(packed(&bytes, start, end), packed_by_copy(&bytes, start, end));
        }
    }

    #[test]
    fn the_set_grows_and_empties() {
        let many: Vec<String> = (0..5000).map(|n| format!("w{n}")).collect();
        let text = many.join(" ");
        assert_eq!(distinct(&[&text, " ", &text]), text);
        assert_eq!(distinct(&["w1 w2 w1"]), "w1 w2");
    }
}
