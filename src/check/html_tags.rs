//! A small, forgiving scanner for the start tags of HTML (rendered pages, theme templates,
//! raw HTML in markdown): each tag's name, attributes and byte range, and for `<script>` and
//! `<style>` the range of their contents.
//!
//! The checks only ask "is there a `<form>`", "where does this `<script src>` point": an HTML
//! parser (html5ever and friends) would add a large dependency tree for that. Comments are
//! skipped; template syntax inside a tag (`{% if %}`) is read as odd attributes and does no
//! harm; broken markup yields fewer tags, never a panic.

use std::ops::Range;

/// One start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lowercase: `script`.
    pub name: String,
    /// Names lowercase, values as written (without quotes); a bare attribute has "".
    pub attrs: Vec<(String, String)>,
    /// From `<` to `>` inclusive.
    pub range: Range<usize>,
    /// For `<script>` and `<style>`: their text, up to the closing tag.
    pub contents: Option<Range<usize>>,
}

impl Tag {
    /// The value of an attribute, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map(|e| start + e + 3)
                .unwrap_or(html.len());
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (tag, end) = read_tag(html, start);
        i = end;
        if let Some(mut tag) = tag {
            if tag.name == "script" || tag.name == "style" {
                let close = format!("</{}", tag.name);
                let body_end = find_ignore_case(&html[end..], &close)
                    .map(|p| end + p)
                    .unwrap_or(html.len());
                tag.contents = Some(end..body_end);
                i = body_end;
            }
            out.push(tag);
        }
    }
    out
}

/// Reads the tag starting at `start` (a `<` followed by a letter); returns it and the offset
/// after it.
fn read_tag(html: &str, start: usize) -> (Option<Tag>, usize) {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = html[start + 1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (None, bytes.len());
        }
        if bytes[i] == b'>' {
            let tag = Tag {
                name,
                attrs,
                range: start..i + 1,
                contents: None,
            };
            return (Some(tag), i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attr_name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let value_end = html[i + 1..]
                        .find(q as char)
                        .map(|p| i + 1 + p)
                        .unwrap_or(bytes.len());
                    value = html[i + 1..value_end].to_string();
                    i = (value_end + 1).min(bytes.len());
                }
                _ => {
                    let value_start = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = html[value_start..i].to_string();
                }
            }
        }
        // A stray `=` gives an empty name; its value was consumed above, so `i` moved on.
        if !attr_name.is_empty() {
            attrs.push((attr_name, value));
        }
    }
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_attributes_and_ranges() {
        let html = "<p>Hi</p><IMG src=\"a.png\" alt='A b' hidden><a href=x>y</a>";
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "img", "a"]);
        assert_eq!(t[1].attr("src"), Some("a.png"));
        assert_eq!(t[1].attr("alt"), Some("A b"));
        assert_eq!(t[1].attr("hidden"), Some(""));
        assert_eq!(t[2].attr("href"), Some("x"));
        assert_eq!(
            &html[t[1].range.clone()],
            "<IMG src=\"a.png\" alt='A b' hidden>"
        );
    }

    #[test]
    fn skips_comments_and_the_insides_of_scripts() {
        let html = "<!-- <form> --><script type=\"application/ld+json\">{\"a\": \"<iframe>\"}</SCRIPT><style>p{}</style><b>";
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["script", "style", "b"]);
        assert_eq!(&html[t[1].contents.clone().unwrap()], "p{}");
    }

    #[test]
    fn broken_markup_and_template_syntax_do_not_panic() {
        for html in [
            "<a href=\"x",
            "<",
            "<a",
            "a < b",
            "<a =\"x\"é>",
            "<a =é>",
            "<div {% if x %}class=\"y\"{% endif %}>",
            "<é>",
        ] {
            let _ = tags(html);
        }
        let t = tags("<div {% if x %}class=\"y\"{% endif %}><form>");
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["div", "form"]);
    }
}
