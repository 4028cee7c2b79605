//! How a postings list is written: each document holding a stem as one number,
//! `(gap << 2) | fields`, where `gap` is the distance from the previous document number
//! (the first counts from -1) and `fields` has bit 0 set when the stem is in the title (a
//! page's title or the question) and bit 1 when in a heading or the description. Each number
//! is written in base 32, most significant digit first, with the digits `0-9A-V` ending a
//! number and `W-Za-z-_` continuing it, so the common small gaps take one character, the text
//! needs no escaping in JSON, and gzip finds the repeats. `search-engine.js` decodes it.

/// Bit of `fields`: the stem is in the title.
pub(crate) const IN_TITLE: u8 = 1;
/// Bit of `fields`: the stem is in a heading or the description.
pub(crate) const IN_HEADING: u8 = 2;

/// Digits of the postings encoding: the first 32 end a number, the last 32 continue it.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `value` to `out`.
#[inline(always)]
pub(crate) fn encode_number(value: u64, out: &mut String) {
    // One digit: most numbers of a postings list (gaps under 8 documents).
    match DIGITS.get(value as usize) {
        Some(&digit) if value < 32 => out.push(char::from(digit)),
        _ => encode_long_number(value, out),
    }
}

/// [`encode_number`] for any number.
#[inline(never)]
fn encode_long_number(mut value: u64, out: &mut String) {
    // Base-32 digits, least significant first (a u64 has at most 13).
    let mut groups = [0u8; 13];
    let mut count = 0;
    loop {
        groups[count] = (value & 31) as u8;
        count += 1;
        value >>= 5;
        if value == 0 {
            break;
        }
    }
    for (i, &g) in groups[..count].iter().rev().enumerate() {
        let continues = if i + 1 == count { 0 } else { 32 };
        out.push(DIGITS[usize::from(g) + continues] as char);
    }
}

/// Writes a postings list, one document at a time, in increasing document order.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub text: String,
    /// The previous document number plus one (0 before the first).
    previous: u64,
    /// Documents written.
    pub count: u32,
}

impl Writer {
    /// Appends document `doc`, after every document written so far.
    pub(crate) fn push(&mut self, doc: u32, fields: u8) {
        let number = u64::from(doc) + 1;
        encode_number(
            ((number - self.previous) << 2) | u64::from(fields),
            &mut self.text,
        );
        self.previous = number;
        self.count += 1;
    }

    /// Appends the list `other` wrote, whose documents all come after this one's: only its
    /// first number is written again (its gap counts from this list's last document, not
    /// from -1); the rest is copied as it is.
    pub(crate) fn append(&mut self, other: &Writer) {
        let Some((value, first_len)) = first_number(&other.text) else {
            return;
        };
        // The first number's gap counts from -1: it is its document's number plus one.
        let (number, fields) = (value >> 2, (value & 3) as u8);
        encode_number(
            ((number - self.previous) << 2) | u64::from(fields),
            &mut self.text,
        );
        self.text.push_str(&other.text[first_len..]);
        self.previous = other.previous;
        self.count += other.count;
    }
}

/// The first number of `text` and how many bytes it takes.
fn first_number(text: &str) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, byte) in text.bytes().enumerate() {
        let digit = DIGITS.iter().position(|&d| d == byte)? as u64;
        value = (value << 5) | (digit & 31);
        if digit < 32 {
            return Some((value, i + 1));
        }
    }
    None
}

/// Decodes a postings list into `(document number, fields)` pairs.
pub fn decode(postings: &str) -> Vec<(usize, u8)> {
    let mut out = Vec::new();
    let (mut doc, mut value) = (0u64, 0u64);
    for byte in postings.bytes() {
        let Some(digit) = DIGITS.iter().position(|&d| d == byte) else {
            continue;
        };
        value = (value << 5) | (digit as u64 & 31);
        if digit < 32 {
            doc += value >> 2;
            out.push((doc.saturating_sub(1) as usize, (value & 3) as u8));
            value = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip_through_gaps() {
        let mut postings = String::new();
        for value in [(1u64 << 2) | 1, 3 << 2, (2 << 2) | 2, 5000 << 2] {
            encode_number(value, &mut postings);
        }
        assert_eq!(postings, "5CApn0");
        assert_eq!(decode(&postings), vec![(0, 1), (3, 0), (5, 2), (5005, 0)]);
        let mut writer = Writer::default();
        for (doc, fields) in [(0, 1), (3, 0), (5, 2), (5005, 0)] {
            writer.push(doc, fields);
        }
        assert_eq!(writer.text, postings);
        assert_eq!(writer.count, 4);
    }

    #[test]
    fn lists_appended_read_as_one_list() {
        let docs = [(0, 1), (3, 0), (5, 2), (5005, 0), (5006, 3), (70000, 1)];
        let mut whole = Writer::default();
        for (doc, fields) in docs {
            whole.push(doc, fields);
        }
        for cut in 0..=docs.len() {
            let (mut first, mut second) = (Writer::default(), Writer::default());
            for (doc, fields) in &docs[..cut] {
                first.push(*doc, *fields);
            }
            for (doc, fields) in &docs[cut..] {
                second.push(*doc, *fields);
            }
            let mut joined = Writer::default();
            joined.append(&first);
            joined.append(&second);
            assert_eq!(joined.text, whole.text, "cut at {cut}");
            assert_eq!(joined.count, whole.count);
            joined.push(70001, 0);
            assert_eq!(decode(&joined.text).last(), Some(&(70001, 0)));
        }
    }
}
