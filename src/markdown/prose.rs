//! What `check` reads of a page's markdown: where its prose and its raw HTML lie in the file,
//! and its prose as text. Recorded by the one parse at load ([`super::parse`]) as it goes,
//! so the checks never parse a page again; `build`, which runs no checks, leaves it out.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Where a page's prose and raw HTML lie, as byte ranges of its file (so every finding can
/// point at `file:line:column`), and its prose as text (for the reading level).
#[derive(Debug, Clone, Default)]
pub(crate) struct Prose {
    /// The body's visible prose (headings, paragraphs, list items, table cells, link text
    /// and alt text; not code). Text runs of one block separated only by line breaks or
    /// emphasis markers are joined, so a phrase split over two lines or half in italics is
    /// one range.
    pub runs: Vec<Range<usize>>,
    /// Raw HTML written in the body (blocks and inline tags).
    pub raw_html: Vec<Range<usize>>,
    /// The visible prose (no code) as text, each block ending in a line break.
    pub text: String,
}

/// Builds a [`Prose`] from the events of a parse, each with its range of the file.
pub(crate) struct ProseFinder<'a> {
    /// The file (and the blocks the page shows after it): what the ranges index.
    file: &'a str,
    prose: Prose,
    /// The run of prose being joined.
    open: Option<Range<usize>>,
    in_code: bool,
}

impl<'a> ProseFinder<'a> {
    /// A finder for the events of `file`'s body.
    pub(crate) fn new(file: &'a str) -> Self {
        ProseFinder {
            file,
            prose: Prose::default(),
            open: None,
            in_code: false,
        }
    }

    /// Takes in the next event, which lies at `range` of the file.
    pub(crate) fn see(&mut self, event: &Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Text(_) if !self.in_code => {
                self.open = match self.open.take() {
                    Some(run) if self.joins(run.end, range.start) => Some(run.start..range.end),
                    Some(run) => {
                        self.prose.runs.push(run);
                        Some(range)
                    }
                    None => Some(range),
                };
            }
            Event::Html(_) | Event::InlineHtml(_) => self.prose.raw_html.push(range),
            Event::Start(tag) if is_block(tag) => self.prose.runs.extend(self.open.take()),
            Event::End(tag) if is_block_end(tag) => self.prose.runs.extend(self.open.take()),
            _ => {}
        }
    }

    /// The prose found, with `text` (the prose as text, made from the same events).
    pub(crate) fn finish(mut self, text: String) -> Prose {
        self.prose.runs.extend(self.open);
        self.prose.text = text;
        self.prose
    }

    /// Whether a run of prose ending at `end` and one starting at `start` are one: only
    /// whitespace and emphasis markers lie between them.
    fn joins(&self, end: usize, start: usize) -> bool {
        start >= end
            && self.file[end..start]
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~'))
    }
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
