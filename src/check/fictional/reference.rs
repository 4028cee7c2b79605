//! The first way [`super::find`] was written, kept for tests: one search per kind of value,
//! each character looked at through `char`s. The tests check that [`super::find`] finds
//! exactly what this finds.

use std::ops::Range;

use super::{
    host_problem, is_phone_punctuation, is_word_char, lowercase_keeps_length, phone_problem,
    whole_word, Fictional, FILLER_WORDS,
};

/// Everything in `text` that cannot be real, in order.
pub(super) fn find(text: &str) -> Vec<Fictional> {
    let mut found = phones(text);
    found.extend(hosts(text));
    found.extend(zips(text));
    found.extend(words(text));
    found.sort_by_key(|f| (f.range.start, f.range.end));
    found
}

fn phones(text: &str) -> Vec<Fictional> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = next_number_start(bytes, at) {
        at = start + 1;
        if text[..start].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let mut last_digit_end = if bytes[start].is_ascii_digit() {
            start + 1
        } else {
            start
        };
        let mut run_end = text.len();
        for (i, next) in text[at..].char_indices() {
            if next.is_ascii_digit() {
                last_digit_end = at + i + 1;
            } else if !is_phone_punctuation(next) {
                run_end = at + i;
                break;
            }
        }
        at = run_end;
        if last_digit_end <= start {
            continue;
        }
        let range = start..last_digit_end;
        if text[range.end..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        let written = &text[range.clone()];
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        if let Some(why) = phone_problem(written, &digits) {
            found.push(Fictional { range, why });
        }
    }
    found
}

fn starts_number(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'+' || byte == b'('
}

fn next_number_start(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| starts_number(b))
        .map(|offset| from + offset)
}

fn hosts(text: &str) -> Vec<Fictional> {
    let bytes = text.as_bytes();
    let is_host_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(dot) = memchr::memchr(b'.', &bytes[from..]).map(|p| from + p) {
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
        let start = i + (run.len() - run.trim_start_matches(['.', '-']).len());
        if !host.contains('.') {
            continue;
        }
        if let Some(why) = host_problem(host) {
            found.push(Fictional {
                range: start..start + host.len(),
                why,
            });
        }
    }
    found
}

fn zips(text: &str) -> Vec<Fictional> {
    text.match_indices("00000")
        .map(|(at, m)| at..at + m.len())
        .filter(|r: &Range<usize>| {
            let before = text[..r.start].chars().next_back();
            let after = text[r.end..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
                && !after.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
        })
        .map(|range| Fictional {
            range,
            why: "ZIP code 00000 does not exist".to_string(),
        })
        .collect()
}

fn words(text: &str) -> Vec<Fictional> {
    let any_case = lowercase_keeps_length(text);
    let lowered = any_case.then(|| text.to_ascii_lowercase());
    let mut found = Vec::new();
    for &(word, capitals_only) in FILLER_WORDS {
        let at: Vec<usize> = match &lowered {
            Some(lowered) if !capitals_only => {
                memchr::memmem::find_iter(lowered.as_bytes(), &word.to_ascii_lowercase()).collect()
            }
            _ => memchr::memmem::find_iter(text.as_bytes(), word).collect(),
        };
        for at in at {
            let range = at..at + word.len();
            if whole_word(text, &range) {
                found.push(Fictional {
                    why: format!(
                        "\"{}\" marks text that was never filled in",
                        &text[range.clone()]
                    ),
                    range,
                });
            }
        }
    }
    found
}
