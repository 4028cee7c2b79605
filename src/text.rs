//! Words of text: the one place that says what a word is. A word is a run of characters
//! that are not whitespace, as `str::split_whitespace` finds them. Markdown counts and joins
//! a page's words with it ([`Words`]), the reading level measures them, and the search index
//! cuts each word into its search terms ([`crate::render::search`]).

/// The words of text given in pieces, as `split_whitespace` would find them in the pieces
/// put end to end (a word may run across pieces), counted and, if asked, joined by single
/// spaces; without putting the pieces together first.
pub(crate) struct Words {
    pub text: String,
    keep_text: bool,
    pub count: usize,
    /// Whitespace came after the last word.
    space: bool,
}

impl Words {
    pub(crate) fn counting() -> Self {
        Words {
            text: String::new(),
            keep_text: false,
            count: 0,
            space: true,
        }
    }

    pub(crate) fn joining() -> Self {
        Words {
            keep_text: true,
            ..Words::counting()
        }
    }

    #[cfg(test)]
    pub(crate) fn push(&mut self, piece: &str) {
        self.push_piece(&TextPiece::new(piece));
    }

    /// [`Words::push`] for a piece already looked at.
    pub(crate) fn push_piece(&mut self, piece: &TextPiece<'_>) {
        let Some(plain) = piece.plain else {
            if piece.is_space() {
                // Whitespace comes after the last word, and nothing else.
                self.space = true;
            } else {
                self.push_any(piece.text);
            }
            return;
        };
        let apart = self.space || plain.lead;
        self.count += plain.spaces + usize::from(apart);
        if self.keep_text {
            if apart && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(plain.core);
        }
        self.space = plain.trail;
    }

    /// [`Words::push`] for any text, a word at a time.
    fn push_any(&mut self, piece: &str) {
        let mut first = true;
        let mut last_end = 0;
        for_each_word(piece, |word| {
            let start = word.as_ptr() as usize - piece.as_ptr() as usize;
            let new_word = !first || self.space || start > 0;
            if new_word {
                self.count += 1;
                if self.keep_text && !self.text.is_empty() {
                    self.text.push(' ');
                }
            }
            if self.keep_text {
                self.text.push_str(word);
            }
            first = false;
            last_end = start + word.len();
        });
        if !piece.is_empty() {
            // Whitespace is pending if the piece had no word or ended after its last one.
            self.space = first || last_end < piece.len();
        }
    }
}

/// A piece of text as [`Words`] reads it: looked at once, however many texts it goes to (a
/// page's word count, its words outside answers, each answer it is part of).
#[derive(Clone, Copy)]
pub(crate) struct TextPiece<'a> {
    pub text: &'a str,
    /// What a plain piece is, when it is one (see [`Plain`]).
    plain: Option<Plain<'a>>,
}

/// Nearly every piece is ASCII words with single spaces between them, and perhaps one space
/// at either end (text before or after a link): its words are counted by its spaces and
/// joined by taking it whole.
#[derive(Clone, Copy)]
struct Plain<'a> {
    /// The piece without its space at either end: printable ASCII, starting and ending with a
    /// word, no space beside another.
    core: &'a str,
    lead: bool,
    trail: bool,
    /// The spaces in `core`: one fewer than its words.
    spaces: usize,
}

impl<'a> TextPiece<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        if text == " " {
            // The space at the end of a block or line (see [`TextPiece::is_space`]).
            return TextPiece { text, plain: None };
        }
        let lead = text.starts_with(' ');
        let trail = text.len() > usize::from(lead) && text.ends_with(' ');
        let core = &text[usize::from(lead)..text.len() - usize::from(trail)];
        let bytes = core.as_bytes();
        let ends_are_words =
            bytes.first().is_some_and(|&b| b != b' ') && bytes.last().is_some_and(|&b| b != b' ');
        let plain = single_spaced(bytes)
            .filter(|_| ends_are_words)
            .map(|spaces| Plain {
                core,
                lead,
                trail,
                spaces,
            });
        TextPiece { text, plain }
    }

    /// Whether the piece is one space, as markdown gives at the end of every block and line:
    /// about half the pieces.
    #[inline(always)]
    pub(crate) fn is_space(&self) -> bool {
        self.text == " "
    }

    /// Whether the piece is printable ASCII (so only a space separates its words); `false`
    /// for some that are, which then go the way of any text.
    pub(crate) fn is_printable(&self) -> bool {
        self.plain.is_some()
    }
}

/// How many spaces `bytes` holds, if it is printable ASCII (a space to `~`, and DEL) with no
/// space beside another; eight bytes at a time, in one pass.
fn single_spaced(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bits: of bytes below a space or not ASCII (exact in whether any is: a borrow only
    // runs up from such a byte), of spaces (exact once every byte is ASCII: adding 0x7F to a
    // byte of `x ^ 0x20..` sets its high bit unless it is zero, and carries nowhere), and of
    // spaces after a space (`before`: the last byte of the eight before).
    let (mut special, mut double, mut before) = (0u64, 0u64, 0u64);
    let mut spaces = 0u64;
    let mut eights = bytes.chunks_exact(8);
    for eight in &mut eights {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        special |= (x.wrapping_sub(ONES * 0x20) | x) & HIGH;
        let space = !((x ^ (ONES * 0x20)).wrapping_add(ONES * 0x7F)) & HIGH;
        // One per space, summed into the top byte by the multiply.
        spaces += (space >> 7).wrapping_mul(ONES) >> 56;
        double |= space & ((space << 8) | before);
        before = space >> 56;
    }
    let mut before = before != 0;
    for &b in eights.remainder() {
        let space = b == b' ';
        special |= u64::from(b.wrapping_sub(b' ') >= 0x60);
        double |= u64::from(space & before);
        spaces += u64::from(space);
        before = space;
    }
    (special == 0 && double == 0).then_some(spaces as usize)
}

/// Calls `f` with each run of non-whitespace in `text`: what `str::split_whitespace` yields,
/// found a byte at a time where the text is ASCII (parsing counts the words of every page).
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let mut at = 0;
    loop {
        at = space_end(text, at);
        if at == text.len() {
            return;
        }
        let end = word_end(text, at);
        f(&text[at..end]);
        at = end;
    }
}

/// Where the word that starts at byte `at` of `text` ends: the first whitespace character
/// from `at` on (`char::is_whitespace`), or the text's end.
#[inline(always)]
pub(crate) fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    // Eight bytes at a time while each is printable ASCII other than a space (nearly every
    // byte of a word): a byte's high bit is set in `special` when it is below `!` or not
    // ASCII; the lowest one set is the first such byte (a borrow only runs up from it).
    while let Some(eight) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let special = ((x.wrapping_sub(0x2121_2121_2121_2121) & !x) | x) & 0x8080_8080_8080_8080;
        if special != 0 {
            at += special.trailing_zeros() as usize / 8;
            break;
        }
        at += 8;
    }
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.wrapping_sub(b'!') < 0x5F {
            at += 1;
        } else if byte < 0x80 {
            if is_ascii_space(byte) {
                return at;
            }
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if c.is_whitespace() => return at,
                Some(c) => at += c.len_utf8(),
                None => return bytes.len(),
            }
        }
    }
    bytes.len()
}

/// Where the whitespace that starts at byte `at` of `text` ends: the first character from
/// `at` on that is not whitespace, or the text's end.
#[inline(always)]
pub(crate) fn space_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let byte = bytes[at];
        if byte < 0x80 {
            if !is_ascii_space(byte) {
                return at;
            }
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if c.is_whitespace() => at += c.len_utf8(),
                _ => return at,
            }
        }
    }
    bytes.len()
}

/// The ASCII characters `char::is_whitespace` accepts: space, tab, line feed, vertical tab,
/// form feed and carriage return.
fn is_ascii_space(byte: u8) -> bool {
    byte == b' ' || byte.wrapping_sub(b'\t') < 5
}

/// The first sentence of `text` (up to the first `.`, `!` or `?` followed by a space).
pub(crate) fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| *n == b' ') {
            return &text[..=i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of up to 40 characters that mix words, single and double spaces, other
    /// whitespace, control characters, DEL and letters outside ASCII, so that eight-byte
    /// blocks start and end anywhere among them.
    fn pieces() -> impl Strategy<Value = Vec<String>> {
        let char = prop::sample::select(vec![
            'a', 'b', 'Z', '.', ' ', ' ', ' ', '\t', '\n', '\u{1}', '\u{7f}', '\u{e9}', '\u{a0}',
            '\u{2003}',
        ]);
        prop::collection::vec(prop::collection::vec(char, 0..40), 0..6).prop_map(|pieces| {
            pieces
                .into_iter()
                .map(|chars| chars.into_iter().collect())
                .collect()
        })
    }

    #[test]
    fn two_spaces_or_a_control_character_anywhere_in_a_long_piece_are_found() {
        for at in 0..=12 {
            for odd in ["  ", "\t", "\u{1}", "\u{e9}", " \u{a0}"] {
                let piece = format!("{}{odd}{}", "ab cd efg hi"[..at].trim(), "x y".repeat(4));
                let expected: Vec<&str> = piece.split_whitespace().collect();
                let mut words = Words::joining();
                words.push(&piece);
                assert_eq!(words.text, expected.join(" "), "{piece:?}");
                assert_eq!(words.count, expected.len(), "{piece:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn words_of_any_pieces_are_those_of_the_pieces_put_together(pieces in pieces()) {
            let whole: String = pieces.concat();
            let expected: Vec<&str> = whole.split_whitespace().collect();
            let mut words = Words::joining();
            for piece in &pieces {
                words.push(piece);
            }
            prop_assert_eq!(words.text, expected.join(" "));
            prop_assert_eq!(words.count, expected.len());
            let mut found = Vec::new();
            for_each_word(&whole, |w| found.push(w));
            prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn word_spans_match_split_whitespace() {
        for text in [
            "",
            "  one  two\tthree\n",
            "x\u{a0}y\u{2003}z\u{b}w",
            "caf\u{e9} na\u{ef}ve  \u{1F600} end",
        ] {
            let mut found = Vec::new();
            for_each_word(text, |w| found.push(w));
            assert_eq!(
                found,
                text.split_whitespace().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_from_pieces_match_the_pieces_put_together() {
        let cases: &[&[&str]] = &[
            &["don", "\u{2019}", "t stop"],
            &["  lead", " ", "", "trail  ", "x"],
            &["a", "b\n", "\n", "c\u{a0}d"],
            &["", " ", "\t"],
            &["one"],
            &[
                "plain words here",
                "and",
                " more",
                "words  spaced",
                "x\ty",
                "end.",
            ],
            &["no", "space", "between", "\u{e9}t\u{e9} two"],
            &[
                "See also ",
                "a page",
                " and ",
                "another",
                " ",
                " x ",
                "  y",
                "z  ",
            ],
            &[" ", "a", " ", "b ", " c", "d"],
        ];
        for pieces in cases {
            let whole: String = pieces.concat();
            let expected: Vec<&str> = whole.split_whitespace().collect();
            let mut words = Words::joining();
            for piece in *pieces {
                words.push(piece);
            }
            assert_eq!(words.text, expected.join(" "), "{pieces:?}");
            assert_eq!(words.count, expected.len(), "{pieces:?}");
        }
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(first_sentence("Yes. You stay awake."), "Yes.");
        assert_eq!(
            first_sentence("About 2.5 hours in all. Then rest."),
            "About 2.5 hours in all."
        );
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
