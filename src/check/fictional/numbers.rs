//! Phone numbers and ZIP codes 00000, found in one pass: prose has few bytes a number can start
//! with (a digit, `+` or `(`), looked for 64 at a time, and each stretch of digits and phone
//! punctuation found from one is read once, byte by byte, for both.

use super::{is_word_char, phone_problem, Fictional};

/// The phone numbers no one can dial or kept for fiction, and the ZIP codes 00000, in `text`,
/// each in order.
pub(super) fn phones_and_zips(text: &str) -> (Vec<Fictional>, Vec<Fictional>) {
    let bytes = text.as_bytes();
    let mut phones = Vec::new();
    let mut zips = Vec::new();
    let mut at = 0;
    while let Some(start) = next_number_start(bytes, at) {
        // A stretch ends before a character that is neither a digit nor phone punctuation:
        // that character cannot start a number, so the next one starts after it.
        let end = stretch_end(bytes, start);
        if let Some(phone) = phone_in(text, start, end) {
            phones.push(phone);
        }
        zips_in(text, start..end, &mut zips);
        at = end;
    }
    (phones, zips)
}

/// Whether `byte` can start a written phone number: a digit, `+` or `(`.
fn starts_number(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'+' || byte == b'('
}

/// The first byte at or after `from` that can start a phone number. Blocks of 64 bytes are
/// tested whole (a loop without branches, which the compiler vectorises), and only a block
/// with one is looked at byte by byte.
pub(super) fn next_number_start(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    let mut at = from;
    while let Some(block) = bytes.get(at..at + BLOCK) {
        let any = block.iter().fold(0u8, |any, &b| {
            any | (b.wrapping_sub(b'0') < 10) as u8 | (b == b'+') as u8 | (b == b'(') as u8
        });
        if any != 0 {
            break;
        }
        at += BLOCK;
    }
    bytes[at..]
        .iter()
        .position(|&b| starts_number(b))
        .map(|offset| at + offset)
}

/// Where the digits and phone punctuation (space, `()-.+`, no-break space, non-breaking
/// hyphen, en dash) from `from` end.
fn stretch_end(bytes: &[u8], mut at: usize) -> usize {
    loop {
        match bytes.get(at..).unwrap_or_default() {
            [b'0'..=b'9' | b' ' | b'(' | b')' | b'-' | b'.' | b'+', ..] => at += 1,
            [0xC2, 0xA0, ..] => at += 2,
            [0xE2, 0x80, 0x91 | 0x93, ..] => at += 3,
            _ => return at,
        }
    }
}

/// Whether the character before byte `at` of `text` continues a word.
fn word_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    }
}

/// Whether the character at byte `at` of `text` continues a word.
fn word_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(&b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => text[at..].chars().next().is_some_and(is_word_char),
    }
}

/// The phone number in the stretch `start..end`, if it cannot be real. It starts at the first
/// digit, `+` or `(` that does not continue a word: `start`, or else one right after
/// punctuation (a digit continues a word), and ends at the stretch's last digit.
fn phone_in(text: &str, start: usize, end: usize) -> Option<Fictional> {
    let bytes = text.as_bytes();
    let begin = if word_before(text, start) {
        (start + 1..end).find(|&i| starts_number(bytes[i]) && !bytes[i - 1].is_ascii_digit())?
    } else {
        start
    };
    let digits_end = begin + 1 + bytes[begin..end].iter().rposition(u8::is_ascii_digit)?;
    if word_at(text, digits_end) {
        return None;
    }
    let written = &text[begin..digits_end];
    // Only 7, 10 or 11 digits can be a US number: others need not be gathered.
    let count = written.bytes().filter(u8::is_ascii_digit).count();
    if !matches!(count, 7 | 10 | 11) {
        return None;
    }
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    phone_problem(written, &digits).map(|why| Fictional {
        range: begin..digits_end,
        why,
    })
}

/// ZIP codes 00000 in `stretch` of `text`: five zeros with no digit or letter on either side.
fn zips_in(text: &str, stretch: std::ops::Range<usize>, found: &mut Vec<Fictional>) {
    let bytes = text.as_bytes();
    let mut at = stretch.start;
    while at < stretch.end {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let group = at;
        while at < stretch.end && bytes[at].is_ascii_digit() {
            at += 1;
        }
        if &bytes[group..at] != b"00000" {
            continue;
        }
        let number_or_word = |c: char| c.is_ascii_digit() || c.is_alphabetic();
        let before = text[..group].chars().next_back();
        let after = text[at..].chars().next();
        if !before.is_some_and(number_or_word) && !after.is_some_and(number_or_word) {
            found.push(Fictional {
                range: group..at,
                why: "ZIP code 00000 does not exist".to_string(),
            });
        }
    }
}
