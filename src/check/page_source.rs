//! A page's file as the checks read it: where each front matter key is written, and where
//! the body's prose and raw HTML lie, as byte offsets into the whole file, so every finding
//! can point at `file:line:column`.
//!
//! The loaded [`crate::content::Page`] keeps the prose as one string without positions, which
//! suits the reading level; wording and privacy need positions, so they re-read the file.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::content::front_matter;
use crate::diagnostics::{line_col, Diagnostic};

/// The text of one page file, split into front matter and body.
pub struct PageSource {
    pub text: String,
    body_offset: usize,
}

impl PageSource {
    /// Reads `root/file`; `None` when it can no longer be read (it was loaded a moment ago,
    /// so a page deleted since is simply skipped).
    pub fn read(root: &Path, file: &Path) -> Option<Self> {
        Self::from_text(file, std::fs::read_to_string(root.join(file)).ok()?)
    }

    /// Splits `text`; `None` when it has no front matter (loading would have failed).
    pub fn from_text(file: &Path, text: String) -> Option<Self> {
        let body_offset = front_matter::split(file, &text).ok()?.body_offset;
        Some(Self { text, body_offset })
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every occurrence of `phrases` in the prose (see [`super::phrases::find`]), with ranges
    /// of the file.
    pub fn find_in_prose<'p>(&self, phrases: &[&'p str]) -> Vec<super::phrases::Found<'p>> {
        self.prose()
            .into_iter()
            .flat_map(|run| {
                super::phrases::find(&self.text[run.clone()], phrases)
                    .into_iter()
                    .map(move |f| super::phrases::Found {
                        phrase: f.phrase,
                        range: f.range.start + run.start..f.range.end + run.start,
                    })
            })
            .collect()
    }

    /// 1-based line and column of a byte offset of the file.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }

    /// A diagnostic placed at `range` of the file, quoting its line.
    pub fn locate(&self, diagnostic: Diagnostic, range: Range<usize>) -> Diagnostic {
        let width = self.text[range.clone()].chars().count();
        diagnostic.at_offset(&self.text, range.start, width)
    }

    /// The body's visible prose (headings, paragraphs, list items, table cells, link text and
    /// alt text; not code), as ranges of the file. Text runs of one block that are separated
    /// only by line breaks or emphasis markers are joined, so a phrase split over two lines
    /// or half in italics is still one range.
    pub fn prose(&self) -> Vec<Range<usize>> {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut open: Option<Range<usize>> = None;
        let mut in_code = false;
        for (event, range) in self.body_events() {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(_) if !in_code => {
                    open = match open.take() {
                        Some(run) if self.joins(run.end, range.start) => Some(run.start..range.end),
                        Some(run) => {
                            ranges.push(run);
                            Some(range)
                        }
                        None => Some(range),
                    };
                }
                Event::Start(tag) if is_block(&tag) => ranges.extend(open.take()),
                Event::End(tag) if is_block_end(&tag) => ranges.extend(open.take()),
                _ => {}
            }
        }
        ranges.extend(open);
        ranges
    }

    /// Raw HTML written in the body (blocks and inline tags), as ranges of the file.
    pub fn raw_html(&self) -> Vec<Range<usize>> {
        self.body_events()
            .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
            .map(|(_, range)| range)
            .collect()
    }

    fn body_events(&self) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
        let base = self.body_offset;
        Parser::new_ext(&self.text[base..], markdown_options())
            .into_offset_iter()
            .map(move |(event, range)| (event, range.start + base..range.end + base))
    }

    fn joins(&self, end: usize, start: usize) -> bool {
        start >= end
            && self.text[end..start]
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~'))
    }
}

/// The same extensions as [`crate::markdown`], so both see the same blocks.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"T\"\nreviewed_by = \"Dr X\"\n+++\n## Heading\n\nOne *risk*\nfree line.\n\n```\ncode cure\n```\n\n<form action=\"/x\">\n";

    fn page() -> PageSource {
        PageSource::from_text(Path::new("content/a.md"), PAGE.to_string()).unwrap()
    }

    #[test]
    fn prose_joins_lines_of_a_paragraph_and_skips_code() {
        let p = page();
        let texts: Vec<&str> = p.prose().into_iter().map(|r| &p.text[r]).collect();
        assert_eq!(texts, ["Heading", "One *risk*\nfree line."]);
    }

    #[test]
    fn raw_html_is_found_with_its_line() {
        let p = page();
        let html = p.raw_html();
        assert_eq!(html.len(), 1);
        assert!(p.text[html[0].clone()].starts_with("<form"));
        assert_eq!(p.line_col(html[0].start), (14, 1));
    }
}
