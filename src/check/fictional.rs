//! Values that cannot be real, found even when nobody marked them: US phone numbers no one
//! can dial (an area code or exchange starting with 0 or 1, area code 555 or N11) and the
//! fiction range 555-0100 to 555-0199 of any area code; e-mail and web addresses on reserved or
//! made-up domains (example.com/.org/.net, a name starting with `example`, `.example`, `.test`,
//! `.invalid`, `.localhost`); ZIP code 00000; and the words "Placeholder", "Lorem ipsum",
//! "TBD" and "TODO" (the last in capitals only: Spanish "todo" is a word).
//!
//! [`find`] is run on clinic values, reviewer names and page text by
//! [`super::to_confirm`], which `build` runs too (its warning counts what is left to
//! confirm): every page's text is read once, and most have none of these, so each kind of
//! value is found from the bytes it must hold, many bytes at a time: numbers from a digit,
//! `+` or `(` ([`numbers`]), addresses from a dot followed by a letter or digit, filler words
//! from their first letters ([`words`]). `reference` (tests only) is the plain way of
//! finding the same, which the tests compare it with.

use std::ops::Range;

/// Something in a text that cannot be real: where it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fictional {
    pub range: Range<usize>,
    /// For an editor: "area code 555 is not in service".
    pub why: String,
}

mod filler_words;
mod numbers;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

/// Everything in `text` that cannot be real, in order.
pub(crate) fn find(text: &str) -> Vec<Fictional> {
    let (mut found, zips) = numbers::phones_and_zips(text);
    found.extend(hosts(text));
    found.extend(zips);
    found.extend(filler_words::words(text));
    found.sort_by_key(|f| (f.range.start, f.range.end));
    found
}

/// Whether `c` continues a word (so a match next to it is not a whole word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

// ---------------------------------------------------------------- phone numbers

/// Characters a written phone number is made of, besides digits.
#[cfg(test)]
fn is_phone_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '(' | ')' | '-' | '.' | '+' | '\u{a0}' | '\u{2011}' | '\u{2013}'
    )
}

/// Why a written number cannot be a real US phone number, if it cannot.
fn phone_problem(written: &str, digits: &str) -> Option<String> {
    let national = match digits.len() {
        11 if digits.starts_with('1') => &digits[1..],
        10 if !written.trim_start().starts_with('+') => digits,
        7 if written.contains(['-', '.', ' ']) => {
            let (exchange, line) = digits.split_at(3);
            return fiction_range(exchange, line);
        }
        _ => return None,
    };
    // A number in groups that do not split 3-3-4 is not a phone number (a date, a sum).
    let groups: Vec<usize> = written
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    let grouped_like_a_phone = matches!(groups.as_slice(), [3, 3, 4] | [1, 3, 3, 4] | [10] | [11]);
    if !grouped_like_a_phone {
        return None;
    }
    let (area, rest) = national.split_at(3);
    let (exchange, line) = rest.split_at(3);
    let mut why = Vec::new();
    if area.starts_with(['0', '1']) {
        why.push(format!("no US area code starts with {}", &area[..1]));
    } else if area == "555" {
        why.push("area code 555 is not in service".to_string());
    } else if &area[1..] == "11" {
        why.push(format!("{area} is a service code, not an area code"));
    }
    if exchange.starts_with(['0', '1']) {
        why.push(format!("no US exchange starts with {}", &exchange[..1]));
    }
    why.extend(fiction_range(exchange, line));
    (!why.is_empty()).then(|| {
        format!(
            "{} cannot be a real phone number: {}",
            written.trim(),
            why.join("; ")
        )
    })
}

/// 555-0100 to 555-0199 is kept for fiction in every area code.
fn fiction_range(exchange: &str, line: &str) -> Option<String> {
    (exchange == "555" && line.starts_with("01"))
        .then(|| "555-0100 to 555-0199 are numbers kept for fiction".to_string())
}

// ---------------------------------------------------------------- e-mail and web addresses

/// Top-level domains that are reserved and never reach a real site.
const RESERVED_TLDS: &[&str] = &["example", "test", "invalid", "localhost"];

/// Host names in e-mail addresses, URLs and bare domains (`word.word`) whose domain is
/// reserved or made up: runs of ASCII letters, digits, `-` and `.` holding a dot, found from
/// each run's first dot. A dot that a letter or digit does not follow ends its run (the end of
/// a sentence), and a run whose only dot ends it holds no host.
fn hosts(text: &str) -> Vec<Fictional> {
    let bytes = text.as_bytes();
    let is_host_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(dot) = memchr::memchr(b'.', &bytes[from..]).map(|p| from + p) {
        if !bytes.get(dot + 1).is_some_and(|&b| is_host_byte(b)) {
            from = dot + 1;
            continue;
        }
        let mut i = dot;
        while i > from && is_host_byte(bytes[i - 1]) {
            i -= 1;
        }
        let mut end = dot + 1;
        while end < bytes.len() && is_host_byte(bytes[end]) {
            end += 1;
        }
        from = end;
        let run = &text[i..end];
        let host = run.trim_matches(|c| c == '.' || c == '-');
        if !host.contains('.') || !may_be_made_up(host) {
            continue;
        }
        let start = i + (run.len() - run.trim_start_matches(['.', '-']).len());
        if let Some(why) = host_problem(host) {
            found.push(Fictional {
                range: start..start + host.len(),
                why,
            });
        }
    }
    found
}

/// Whether [`host_problem`] may find something in `host` (ASCII, holding a dot): its last
/// label is a reserved top-level domain, or another starts with `example`, in any capitals.
fn may_be_made_up(host: &str) -> bool {
    let (names, tld) = host.rsplit_once('.').unwrap_or(("", host));
    RESERVED_TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t))
        || names.split('.').any(|label| {
            label
                .get(..7)
                .is_some_and(|l| l.eq_ignore_ascii_case("example"))
        })
}

/// Why `host` cannot be a real site or mailbox, if it cannot.
fn host_problem(host: &str) -> Option<String> {
    let lower = host.to_ascii_lowercase();
    let labels: Vec<&str> = lower.split('.').filter(|l| !l.is_empty()).collect();
    let (tld, names) = labels.split_last()?;
    if names.is_empty() || tld.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if RESERVED_TLDS.contains(tld) {
        return Some(format!(
            "{host} is on .{tld}, a domain reserved for tests and examples"
        ));
    }
    if names.iter().any(|l| l.starts_with("example")) {
        return Some(format!("{host} is an example domain, not a real one"));
    }
    None
}

// ---------------------------------------------------------------- filler words

/// Words that mark text nobody filled in: (word, whether only its capitals count).
const FILLER_WORDS: &[(&str, bool)] = &[
    ("Placeholder", false),
    ("Lorem ipsum", false),
    ("TBD", false),
    ("TODO", true),
];

/// Whether `text` lower-cased is as long as `text`.
fn lowercase_keeps_length(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .map(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>())
            .sum::<usize>()
            == text.len()
}
