//! The one HTML scanner: start tags with their attributes, read from bytes. The link check
//! runs it on every page of every build ([`for_each_tag_and_attr`]: ids, hrefs and srcs, with nothing
//! gathered per tag); `sitegen check` runs it on rendered pages, theme templates and raw HTML
//! in markdown ([`Tags`]: forms, scripts, classes, each tag with its attributes and place).
//!
//! It is a tokenizer, not a parser: no tree, and nothing allocated per tag. Attributes are
//! read as the HTML standard's tokenizer reads them (any quoting, `=` with spaces around it,
//! names in any case); comments, `<!doctype>`-like declarations, end tags and the insides of
//! `<script>` and `<style>` yield nothing. Broken markup and template syntax (`{% if %}` inside
//! a tag) give odd attributes or fewer tags, never a panic; a tag cut off by the end of the text
//! is still yielded, with what it had, since a checker would rather see it. A full parser
//! (html5ever) would bring a large dependency tree to build trees nothing here needs.
//!
//! [`entities`] decodes character references in values; [`url`] says where a value points;
//! [`escape_html`] writes text into HTML.

pub(crate) mod entities;
mod escape;
pub(crate) mod url;

pub(crate) use escape::escape_html;

use std::borrow::Cow;
use std::ops::Range;

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr<'a> {
    /// As written, in any letter case.
    pub name: &'a [u8],
    /// As written: without its quotes, character references not decoded; empty for a bare
    /// attribute (`hidden`).
    pub raw_value: &'a [u8],
    /// Where `raw_value` starts in the document.
    pub value_start: usize,
}

impl<'a> Attr<'a> {
    /// Whether the attribute is called `name` (lowercase), in any letter case.
    pub(crate) fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// The value as a browser reads it: character references decoded (invalid UTF-8 becomes
    /// U+FFFD).
    pub(crate) fn value(&self) -> Cow<'a, str> {
        // `from_utf8` first: it is much faster than `from_utf8_lossy` on valid text.
        match std::str::from_utf8(self.raw_value) {
            Ok(text) => entities::decode_in_attribute(text),
            Err(_) => {
                let text = String::from_utf8_lossy(self.raw_value);
                Cow::Owned(entities::decode_in_attribute(&text).into_owned())
            }
        }
    }

    /// Where the raw value is in the document.
    pub(crate) fn value_range(&self) -> Range<usize> {
        self.value_start..self.value_start + self.raw_value.len()
    }
}

/// One start tag; its attributes are borrowed from the scanner until the next tag is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag<'t, 'a> {
    /// The name as written, in any letter case.
    pub raw_name: &'a [u8],
    /// Every attribute, in order (a repeated name appears each time).
    pub attrs: &'t [Attr<'a>],
    /// From `<` to `>` inclusive (to the end of the text for a tag cut off there).
    pub range: Range<usize>,
    /// For `<script>` and `<style>`: their text, up to the end tag.
    pub contents: Option<Range<usize>>,
}

impl<'t, 'a> Tag<'t, 'a> {
    /// Whether the tag is `name` (lowercase), in any letter case.
    pub(crate) fn is(&self, name: &str) -> bool {
        self.raw_name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// The name in lowercase (`script`).
    pub(crate) fn name(&self) -> Cow<'a, str> {
        match String::from_utf8_lossy(self.raw_name) {
            Cow::Borrowed(name) if !name.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Borrowed(name)
            }
            name => Cow::Owned(name.to_ascii_lowercase()),
        }
    }

    /// The first attribute called `name` (lowercase), as a browser keeps only the first.
    pub(crate) fn attr(&self, name: &str) -> Option<&'t Attr<'a>> {
        self.attrs.iter().find(|a| a.is(name))
    }

    /// The decoded value of the first attribute called `name` (lowercase).
    pub(crate) fn value(&self, name: &str) -> Option<Cow<'a, str>> {
        self.attr(name).map(Attr::value)
    }
}

/// The start tags of a document, each with its attributes: `while let Some(tag) =
/// tags.next_tag()`. The attributes are gathered in one buffer, reused from tag to tag.
pub(crate) struct Tags<'a> {
    scanner: Scanner<'a>,
    attrs: Vec<Attr<'a>>,
}

impl<'a> Tags<'a> {
    pub(crate) fn new(html: &'a [u8]) -> Self {
        Tags {
            scanner: Scanner { html, at: 0 },
            attrs: Vec::new(),
        }
    }

    /// The next start tag, or `None` at the end of the document.
    pub(crate) fn next_tag(&mut self) -> Option<Tag<'_, 'a>> {
        let (raw_name, open) = self.scanner.next_start()?;
        self.attrs.clear();
        let attrs = &mut self.attrs;
        let (end, contents) = self.scanner.attributes(raw_name, |attr| attrs.push(attr));
        Some(Tag {
            raw_name,
            attrs: &self.attrs,
            range: open..end,
            contents,
        })
    }
}

/// What [`for_each_tag_and_attr`] finds, in the document's order.
pub(crate) enum TagOrAttr<'a> {
    /// A start tag, by its name as written: the attributes found next are its own.
    Tag(&'a [u8]),
    /// An attribute of the last tag found.
    Attr(Attr<'a>),
}

/// Calls `f` with every start tag and each of its attributes, in order: what [`Tags`] yields,
/// without gathering each tag's attributes first. The link check reads every page this way.
pub(crate) fn for_each_tag_and_attr<'a>(html: &'a [u8], mut f: impl FnMut(TagOrAttr<'a>)) {
    let mut scanner = Scanner { html, at: 0 };
    while let Some((name, _)) = scanner.next_start() {
        f(TagOrAttr::Tag(name));
        scanner.attributes(name, |attr| f(TagOrAttr::Attr(attr)));
    }
}

/// Where the scan of a document is.
struct Scanner<'a> {
    html: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    /// Past the next `<` that starts a tag, and its name: the name as written and where the
    /// `<` is (end tags, comments and declarations are skipped on the way).
    #[inline(always)]
    fn next_start(&mut self) -> Option<(&'a [u8], usize)> {
        let html = self.html;
        loop {
            let open = find_byte(html, self.at, b'<')?;
            let after = open + 1;
            match html.get(after) {
                Some(b) if b.is_ascii_alphabetic() => {
                    let mut i = after;
                    while i < html.len() && !ENDS_TAG_NAME[html[i] as usize] {
                        i += 1;
                    }
                    self.at = i;
                    return Some((&html[after..i], open));
                }
                Some(b'!') if html[after..].starts_with(b"!--") => {
                    self.at = comment_end(html, after);
                }
                Some(b'/') if html.get(after + 1).is_some_and(u8::is_ascii_alphabetic) => {
                    // An end tag: usually a short name, so read to its `>` here (a quoted `>`
                    // in one is not worth a slower scan of every `</p>`).
                    self.at = find_byte(html, after + 2, b'>').map_or(html.len(), |i| i + 1);
                }
                Some(b'!' | b'?' | b'/') => {
                    // `<!doctype>`, `<?xml?>`, `</ x>`: up to the next `>`.
                    self.at =
                        memchr::memchr(b'>', &html[after..]).map_or(html.len(), |p| after + p + 1);
                }
                _ => self.at = after,
            }
        }
    }

    /// Reads the attributes of the tag `name` just started, into `sink`: returns where the tag
    /// ends (after its `>`, or the end of the text) and, for `<script>` and `<style>`, the
    /// range of their text, which the scan then skips.
    #[inline(always)]
    fn attributes(
        &mut self,
        name: &[u8],
        mut sink: impl FnMut(Attr<'a>),
    ) -> (usize, Option<Range<usize>>) {
        let html = self.html;
        let len = html.len();
        let mut i = self.at;
        loop {
            while i < len && SPACE_OR_SLASH[html[i] as usize] {
                i += 1;
            }
            match html.get(i) {
                None => {
                    self.at = len;
                    return (len, None);
                }
                Some(b'>') => {
                    let end = i + 1;
                    let contents = ["script", "style"]
                        .into_iter()
                        .find(|raw| name.eq_ignore_ascii_case(raw.as_bytes()))
                        .map(|raw| end..find_end_tag(html, end, raw).unwrap_or(len));
                    self.at = contents.as_ref().map_or(end, |c| c.end);
                    return (end, contents);
                }
                Some(_) => {}
            }
            // The first character is part of the name whatever it is (`=` and `"` included).
            let name_start = i;
            i += 1;
            while i < len && !ENDS_ATTR_NAME[html[i] as usize] {
                i += 1;
            }
            let attr_name = &html[name_start..i];
            while i < len && is_space(html[i]) {
                i += 1;
            }
            let mut value = i..i;
            if html.get(i) == Some(&b'=') {
                i += 1;
                while i < len && is_space(html[i]) {
                    i += 1;
                }
                value = match html.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = find_byte(html, i + 1, quote).unwrap_or(len);
                        let value = i + 1..end;
                        i = (end + 1).min(len);
                        value
                    }
                    _ => {
                        let start = i;
                        while i < len && !is_space(html[i]) && html[i] != b'>' {
                            i += 1;
                        }
                        start..i
                    }
                };
            }
            sink(Attr {
                name: attr_name,
                raw_value: &html[value.clone()],
                value_start: value.start,
            });
        }
    }
}

/// Where the first `byte` at or after `from` is. Most spans a scan crosses are short (the
/// text between two tags, often none; a quoted value): the first byte, then the first 16 bytes,
/// 8 at a time, are looked at here before a call to `memchr`, whose set-up costs more than such
/// a span.
#[inline(always)]
fn find_byte(html: &[u8], from: usize, byte: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    if html.get(from) == Some(&byte) {
        return Some(from);
    }
    let mut at = from;
    for _ in 0..2 {
        let Some(word) = html.get(at..at + 8) else {
            break;
        };
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ (ONES * byte as u64);
        // The high bit of each zero byte of `word`, and maybe of bytes after the first zero:
        // the lowest one set is the first `byte`.
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr(byte, html.get(at..)?).map(|p| at + p)
}

/// HTML's whitespace: space, tab, line feed, form feed, carriage return.
const SPACES: &[u8] = b" \t\n\x0C\r";

/// What ends a tag's name: whitespace, `/` or `>` (one lookup a byte, where the name loops
/// are the scan's busiest).
static ENDS_TAG_NAME: [bool; 256] = byte_set(&[SPACES, b"/>"]);
/// What ends an attribute's name: whitespace, `/`, `>` or `=`.
static ENDS_ATTR_NAME: [bool; 256] = byte_set(&[SPACES, b"/>="]);
/// What comes between attributes: whitespace and `/`.
static SPACE_OR_SLASH: [bool; 256] = byte_set(&[SPACES, b"/"]);

/// The table of `parts`' bytes.
const fn byte_set(parts: &[&[u8]]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut part = 0;
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            set[parts[part][i] as usize] = true;
            i += 1;
        }
        part += 1;
    }
    set
}

/// Whether `b` is HTML's whitespace ([`SPACES`]), which is ASCII's.
fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

/// Where the comment whose `<!` is at `bang` ends: after `-->` or `--!>`, looked for from the
/// `!` so that `<!-->` and `<!--->` end where they begin (the end of the text if never).
fn comment_end(html: &[u8], bang: usize) -> usize {
    let mut at = bang;
    while let Some(p) = memchr::memmem::find(&html[at..], b"--").map(|p| p + at) {
        match (html.get(p + 2), html.get(p + 3)) {
            (Some(b'>'), _) => return p + 3,
            (Some(b'!'), Some(b'>')) => return p + 4,
            _ => at = p + 1,
        }
    }
    html.len()
}

/// Where the end tag `</name` (any letter case, followed by a space, `/` or `>`) starts, at or
/// after `from`.
fn find_end_tag(html: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(p) = memchr::memmem::find(&html[at..], b"</").map(|p| p + at) {
        let after = p + 2 + name.len();
        let named = html
            .get(p + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        if named
            && html
                .get(after)
                .is_none_or(|&b| is_space(b) || matches!(b, b'/' | b'>'))
        {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

#[cfg(test)]
mod tests;
