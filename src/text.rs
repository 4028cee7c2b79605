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

    pub(crate) fn push(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        // Nearly every piece is ASCII words with single spaces between them, and perhaps one
        // space at either end (text before or after a link): count the spaces and take the
        // piece whole.
        let lead = piece.starts_with(' ');
        let trail = piece.len() > usize::from(lead) && piece.ends_with(' ');
        let core = &piece[usize::from(lead)..piece.len() - usize::from(trail)];
        // Plain: printable ASCII, no space at either end or beside another. Each check is a
        // fold without early exit, which the compiler turns into block-at-a-time code.
        let bytes = core.as_bytes();
        let printable = bytes
            .iter()
            .fold(true, |ok, &b| ok & (b.wrapping_sub(b' ') < 0x60));
        let double = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
        let plain = printable
            && !double
            && bytes.first().is_some_and(|&b| b != b' ')
            && bytes.last().is_some_and(|&b| b != b' ');
        if !plain {
            self.push_any(piece);
            return;
        }
        let spaces = bytes.iter().filter(|&&b| b == b' ').count();
        let apart = self.space || lead;
        self.count += spaces + usize::from(apart);
        if self.keep_text {
            if apart && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(core);
        }
        self.space = trail;
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
