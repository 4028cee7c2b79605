//! Values that cannot be real, found even when nobody marked them: US phone numbers no one
//! can dial (an area code or exchange starting with 0 or 1, area code 555 or N11) and the
//! fiction range 555-0100 to 555-0199 of any area code; e-mail and web addresses on reserved or
//! made-up domains (example.com/.org/.net, a name starting with `example`, `.example`, `.test`,
//! `.invalid`, `.localhost`); ZIP code 00000; and the words "Placeholder", "Lorem ipsum",
//! "TBD" and "TODO" (the last in capitals only: Spanish "todo" is a word).
//!
//! [`find`] is run on clinic values, reviewer names and page text by
//! [`super::to_confirm`], which `build` runs too (its warning counts what is left to
//! confirm): every page's text is read once, so each kind of value is found from the bytes
//! it must start with (a digit, `+` or `(`, looked for 32 bytes at a time; a dot), or as a
//! whole (a filler word, in the text with its ASCII letters lower-cased), not by looking at
//! every character.

use std::ops::Range;

/// Something in a text that cannot be real: where it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fictional {
    pub range: Range<usize>,
    /// For an editor: "area code 555 is not in service".
    pub why: String,
}

/// Everything in `text` that cannot be real, in order.
pub(crate) fn find(text: &str) -> Vec<Fictional> {
    let mut found = phones(text);
    found.extend(hosts(text));
    found.extend(zips(text));
    found.extend(words(text));
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
fn is_phone_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '(' | ')' | '-' | '.' | '+' | '\u{a0}' | '\u{2011}' | '\u{2013}'
    )
}

/// Runs of digits and phone punctuation that hold a US number (7, 10, or 11 digits starting
/// with 1), each checked against the North American Numbering Plan. A run starts at a digit,
/// `+` or `(` that does not continue a word, all ASCII, so runs are found a byte at a time.
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
        // The run goes on while digits and punctuation follow; the character that ends it
        // may start the next.
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

/// Whether `byte` can start a written phone number: a digit, `+` or `(`.
fn starts_number(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'+' || byte == b'('
}

/// The first byte at or after `from` that can start a phone number. Prose has few: blocks
/// of 32 bytes are tested whole (a loop without branches, which the compiler vectorises),
/// and only a block with one is looked at byte by byte.
fn next_number_start(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut at = from;
    while at + BLOCK <= bytes.len() {
        let block = &bytes[at..at + BLOCK];
        if block.iter().fold(false, |any, &b| any | starts_number(b)) {
            break;
        }
        at += BLOCK;
    }
    bytes[at..]
        .iter()
        .position(|&b| starts_number(b))
        .map(|offset| at + offset)
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
/// each dot.
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

// ---------------------------------------------------------------- ZIP codes and words

fn zips(text: &str) -> Vec<Fictional> {
    text.match_indices("00000")
        .map(|(at, m)| at..at + m.len())
        .filter(|r| {
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

/// Words that mark text nobody filled in: (word, whether only its capitals count).
const FILLER_WORDS: &[(&str, bool)] = &[
    ("Placeholder", false),
    ("Lorem ipsum", false),
    ("TBD", false),
    ("TODO", true),
];

fn words(text: &str) -> Vec<Fictional> {
    // Lower-casing changes the length of a few characters (`İ`): in a text it makes longer
    // or shorter, words are matched only as written.
    let any_case = lowercase_keeps_length(text);
    // The text with its ASCII letters lower-cased (same length, same offsets), searched once
    // per word: faster than stopping at every `t` of the text for "TBD".
    let lowered = any_case.then(|| text.to_ascii_lowercase());
    let mut found = Vec::new();
    for &(word, capitals_only) in FILLER_WORDS {
        let at = match &lowered {
            Some(lowered) if !capitals_only => matches_of(lowered, &word.to_ascii_lowercase()),
            _ => matches_of(text, word),
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

/// Whether `text` lower-cased is as long as `text`.
fn lowercase_keeps_length(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .map(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>())
            .sum::<usize>()
            == text.len()
}

/// Where `needle` is in `haystack`, left to right, not overlapping.
fn matches_of(haystack: &str, needle: &str) -> Vec<usize> {
    memchr::memmem::find_iter(haystack.as_bytes(), needle).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(text: &str) -> Vec<String> {
        find(text).into_iter().map(|f| f.why).collect()
    }

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|f| &text[f.range]).collect()
    }

    /// The values of this repository's own site.toml, as the clinic left them.
    fn site_toml_values() -> Vec<(String, String)> {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/site.toml"))
            .expect("site.toml");
        let config = crate::config::Config::parse(&text).expect("site.toml loads");
        let mut values: Vec<(String, String)> = config
            .clinic
            .named_values()
            .into_iter()
            .map(|(name, v)| (name, v.text.clone()))
            .collect();
        for language in &config.languages {
            let translated = config.in_language(language);
            values.extend(
                translated
                    .clinic
                    .named_values()
                    .into_iter()
                    .map(|(name, v)| (format!("{}:{name}", language.code), v.text.clone())),
            );
        }
        values
    }

    #[test]
    fn finds_what_cannot_be_real_in_the_sites_own_values() {
        let values = site_toml_values();
        let flagged: Vec<(&str, Vec<String>)> = values
            .iter()
            .map(|(name, text)| (name.as_str(), reasons(text)))
            .filter(|(_, r)| !r.is_empty())
            .collect();
        let of = |name: &str| -> Vec<String> {
            flagged
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, r)| r.clone())
                .unwrap_or_default()
        };
        let phone = of("clinic.phone").join(" | ");
        assert!(phone.contains("area code 555 is not in service"), "{phone}");
        assert!(phone.contains("no US exchange starts with 0"), "{phone}");
        assert!(of("clinic.after_hours_phone")[0].contains("area code 555"));
        assert!(of("clinic.email")[0].contains("example-clinic.org is an example domain"));
        let address = of("clinic.address").join(" | ");
        assert!(address.contains("\"Placeholder\""), "{address}");
        assert!(address.contains("ZIP code 00000"), "{address}");
        assert!(of("clinic.reviewer")[0].contains("Placeholder"));
        assert!(of("es:clinic.reviewer")[0].contains("Placeholder"));
        // And nothing else: the practice values are unconfirmed, not impossible.
        let others: Vec<&str> = flagged
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !n.ends_with("phone") && !n.ends_with("email"))
            .filter(|n| !n.ends_with("address") && !n.ends_with("reviewer"))
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }

    #[test]
    fn number_starts_are_found_on_either_side_of_a_block_boundary() {
        for before in 0..70 {
            for start in ["5", "+", "("] {
                let text = format!("{}{start}{}", "a".repeat(before), "b".repeat(40));
                let bytes = text.as_bytes();
                assert_eq!(next_number_start(bytes, 0), Some(before), "{text:?}");
                assert_eq!(next_number_start(bytes, before + 1), None, "{text:?}");
            }
        }
        // A number after a long stretch of prose is still found in full.
        let text = format!("{} call 555-555-0142 today", "word ".repeat(20));
        assert_eq!(found(&text), ["555-555-0142"]);
    }

    #[test]
    fn phone_numbers_that_cannot_be_dialled_or_are_kept_for_fiction() {
        assert_eq!(found("Call +1 (555) 010-0199 now"), ["+1 (555) 010-0199"]);
        assert_eq!(found("Call 555-0123."), ["555-0123"]);
        assert!(reasons("(617) 555-0142")[0].contains("kept for fiction"));
        assert!(reasons("617-055-2368")[0].contains("exchange starts with 0"));
        assert!(reasons("(117) 255-2368")[0].contains("area code starts with 1"));
        assert!(reasons("+1 911 255 2368")[0].contains("service code"));
        assert!(reasons("212.555.0100")[0].contains("fiction"));
    }

    #[test]
    fn real_looking_numbers_and_other_figures_are_left_alone() {
        for text in [
            "+1 (617) 555-2368",
            "617-555-0200",
            "call 988 or 911",
            "reviewed 2026-11-28",
            "$550 per IV session, 18 and over, 30 to 60 minutes",
            "ZIP 02115",
            "+44 20 7946 0000",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn reserved_and_made_up_domains_in_addresses() {
        assert_eq!(
            found("write to care@example-clinic.org."),
            ["example-clinic.org"]
        );
        assert_eq!(found("<https://www.example.com/x>"), ["www.example.com"]);
        assert_eq!(
            found("see clinic.test and a.invalid"),
            ["clinic.test", "a.invalid"]
        );
        assert_eq!(found("http://dev.localhost:8080/"), ["dev.localhost"]);
        assert_eq!(found("mail me@clinic.example"), ["clinic.example"]);
        for text in [
            "for example, a nurse",
            "For example.",
            "counterexample.org",
            "care@harborlight.org",
            "https://www.fda.gov/drugs",
            "at 8 a.m. or {{ clinic.email }}",
            "examples of care",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn letters_that_change_length_when_lower_cased_do_not_move_what_is_found() {
        // `İ` grows by a byte lower-cased and the Kelvin sign shrinks by two: where they even
        // out, words are still found where they are written (this once failed).
        assert_eq!(
            found("\u{130}\u{130} Placeholder \u{212a} TBD"),
            ["Placeholder", "TBD"]
        );
        // Where lower-casing makes the text longer, words are matched as written.
        assert_eq!(found("\u{130} placeholder Placeholder"), ["Placeholder"]);
        assert_eq!(found("caf\u{e9}: PLACEHOLDER, tbd"), ["PLACEHOLDER", "tbd"]);
    }

    #[test]
    fn filler_words_as_whole_words_and_todo_only_in_capitals() {
        assert_eq!(
            found("100 Placeholder Avenue, ST 00000"),
            ["Placeholder", "00000"]
        );
        assert_eq!(found("Lorem ipsum dolor"), ["Lorem ipsum"]);
        assert_eq!(found("Price: TBD. TODO: fill in"), ["TBD", "TODO"]);
        for text in [
            "Todo va bien. Lo hacemos todo.",
            "placeholders and TODOs",
            "Placeholderish",
            "100000 people",
            "ZIP 000001",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
