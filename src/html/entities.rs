//! Character references (`&amp;`, `&#39;`, `&#x2F;`, `&ouml;`) in attribute values, decoded
//! the way a browser decodes them there, so the link check and the checks see the URL a
//! reader's browser would follow.
//!
//! Every numeric reference is decoded, with or without its `;`, by the HTML standard's rules
//! (zero, surrogates and numbers past U+10FFFF become U+FFFD; 0x80 to 0x9F are read as
//! windows-1252). Named references come from a small table: the ones that matter in URLs
//! (`&amp;`, `&quot;`, `&lt;`, `&gt;`, `&apos;`), every Latin-1 letter and sign (`&ouml;`,
//! `&nbsp;`, `&copy;`) and common punctuation (`&ndash;`, `&rsquo;`); a name not in it is left
//! as written. As in a browser, the legacy names that may go without `;` are decoded without it
//! unless `=` or a letter or digit follows (`?a=1&copy=2` keeps its `&copy`), which is what lets
//! a query string with a bare `&` survive.
//!
//! Not a crate: html-escape, the light one with the whole table, needs `;` after every reference
//! and lets a bare `&` swallow the next reference (`?a=1&b=2&amp;c=3` keeps its `&amp;`).

use std::borrow::Cow;

/// `text` with its character references decoded as in an attribute value; borrowed when it
/// has none.
pub(crate) fn decode_in_attribute(text: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = first;
    loop {
        let mut resume = at + 1;
        if let Some((decoded, len)) = reference(&text[resume..]) {
            out.push_str(&text[copied..at]);
            match decoded {
                Decoded::Char(c) => out.push(c),
                Decoded::Str(s) => out.push_str(s),
            }
            copied = resume + len;
            resume = copied;
        }
        match memchr::memchr(b'&', &text.as_bytes()[resume..]) {
            Some(next) => at = resume + next,
            None => break,
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

enum Decoded {
    Char(char),
    Str(&'static str),
}

/// The reference starting just after an `&`, and how many bytes of `rest` it takes.
fn reference(rest: &str) -> Option<(Decoded, usize)> {
    let bytes = rest.as_bytes();
    if bytes.first() == Some(&b'#') {
        return numeric(bytes).map(|(c, len)| (Decoded::Char(c), len));
    }
    let name_len = bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    let name = &rest[..name_len];
    if name.is_empty() {
        return None;
    }
    match bytes.get(name_len) {
        Some(b';') => named(name).map(|d| (d, name_len + 1)),
        Some(b'=') => None,
        _ => legacy(name).map(|d| (d, name_len)),
    }
}

/// `#123;`, `#x7B;` (the `;` may be missing): the character and the bytes taken.
fn numeric(bytes: &[u8]) -> Option<(char, usize)> {
    let (radix, digits_at) = match bytes.get(1) {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let mut value: u32 = 0;
    let mut end = digits_at;
    while let Some(digit) = bytes.get(end).and_then(|&b| (b as char).to_digit(radix)) {
        // Past U+10FFFF the number only needs to stay too large.
        value = value
            .saturating_mul(radix)
            .saturating_add(digit)
            .min(0x11_0000);
        end += 1;
    }
    if end == digits_at {
        return None;
    }
    let taken = end + usize::from(bytes.get(end) == Some(&b';'));
    Some((numeric_char(value), taken))
}

/// The character a numeric reference stands for, by the HTML standard's table of exceptions.
fn numeric_char(value: u32) -> char {
    if let Some(c) = value
        .checked_sub(0x80)
        .and_then(|i| WINDOWS_1252.get(i as usize))
        .copied()
        .flatten()
    {
        return c;
    }
    match value {
        0 => char::REPLACEMENT_CHARACTER,
        v => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// What 0x80 to 0x9F mean in a numeric reference: windows-1252's characters (`None`: the code
/// point itself).
const WINDOWS_1252: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// U+00A0 to U+00FF in order: each has a named reference that may go without `;`.
const LATIN_1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Names outside Latin-1 that may also go without `;`.
const LEGACY_ASCII: [(&str, &str); 10] = [
    ("amp", "&"),
    ("AMP", "&"),
    ("lt", "<"),
    ("LT", "<"),
    ("gt", ">"),
    ("GT", ">"),
    ("quot", "\""),
    ("QUOT", "\""),
    ("COPY", "\u{A9}"),
    ("REG", "\u{AE}"),
];

/// Names that need their `;`.
const WITH_SEMICOLON: [(&str, &str); 16] = [
    ("apos", "'"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
    ("ndash", "\u{2013}"),
    ("mdash", "\u{2014}"),
    ("lsquo", "\u{2018}"),
    ("rsquo", "\u{2019}"),
    ("ldquo", "\u{201C}"),
    ("rdquo", "\u{201D}"),
    ("bull", "\u{2022}"),
    ("hellip", "\u{2026}"),
    ("prime", "\u{2032}"),
    ("euro", "\u{20AC}"),
    ("trade", "\u{2122}"),
    ("minus", "\u{2212}"),
];

/// A named reference written with its `;`.
fn named(name: &str) -> Option<Decoded> {
    legacy(name).or_else(|| {
        WITH_SEMICOLON
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| Decoded::Str(s))
    })
}

/// A named reference that may go without `;`.
fn legacy(name: &str) -> Option<Decoded> {
    if let Some((_, s)) = LEGACY_ASCII.iter().find(|(n, _)| *n == name) {
        return Some(Decoded::Str(s));
    }
    let index = LATIN_1.iter().position(|n| *n == name)?;
    char::from_u32(0xA0 + index as u32).map(Decoded::Char)
}

#[cfg(test)]
mod tests {
    use super::decode_in_attribute as decode;

    #[test]
    fn the_references_that_matter_in_urls_are_decoded() {
        assert_eq!(
            decode("?a=1&amp;b=&quot;2&quot;&lt;&gt;&#39;&apos;"),
            "?a=1&b=\"2\"<>''"
        );
        assert_eq!(decode("&amp;lt;"), "&lt;", "decoded once, not twice");
    }

    #[test]
    fn every_numeric_reference_is_decoded_with_or_without_its_semicolon() {
        assert_eq!(decode("&#47;&#x2F;&#X2f;&#0047;"), "////");
        assert_eq!(decode("a&#47b&#x2F.c"), "a/b/.c");
        assert_eq!(decode("&#128512;&#x1F600;"), "\u{1F600}\u{1F600}");
        assert_eq!(decode("&#x80;&#150;&#x81;"), "\u{20AC}\u{2013}\u{81}");
        assert_eq!(
            decode("&#0;&#xD800;&#x110000;&#99999999999999999999;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(decode("&#;&#x;&#xg;&#a"), "&#;&#x;&#xg;&#a");
    }

    #[test]
    fn latin_1_names_and_common_punctuation_are_decoded() {
        assert_eq!(
            decode("K&ouml;ln &Ouml;l &nbsp;&copy;&yuml;&szlig;"),
            "K\u{F6}ln \u{D6}l \u{A0}\u{A9}\u{FF}\u{DF}"
        );
        assert_eq!(
            decode("&ndash;&rsquo;&hellip;&euro;"),
            "\u{2013}\u{2019}\u{2026}\u{20AC}"
        );
    }

    #[test]
    fn a_bare_ampersand_and_unknown_names_are_left_as_written() {
        assert_eq!(decode("plain"), "plain");
        assert_eq!(decode("a & b &"), "a & b &");
        assert_eq!(decode("?a=1&b=2&amp;c=3"), "?a=1&b=2&c=3");
        assert_eq!(decode("&hearts;&nosuch;&;"), "&hearts;&nosuch;&;");
        assert_eq!(decode("&apos"), "&apos", "apos needs its semicolon");
    }

    #[test]
    fn legacy_names_without_semicolon_decode_unless_a_query_goes_on() {
        assert_eq!(decode("a&amp b&lt"), "a& b<");
        assert_eq!(decode("?x=1&copy=2&notit=3"), "?x=1&copy=2&notit=3");
        assert_eq!(decode("&amp&amp;"), "&&");
    }

    #[test]
    fn any_cut_of_a_tricky_value_decodes_without_panicking() {
        let value = "é&#x1F600;&ouml&amp;&#99999;&#xé&é;&";
        for end in (0..=value.len()).filter(|&i| value.is_char_boundary(i)) {
            let _ = decode(&value[..end]);
        }
    }
}
