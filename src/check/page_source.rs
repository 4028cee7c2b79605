//! A page as the checks read it: its file (kept in the model, never read again) and, from one
//! parse of its markdown, where the prose and the raw HTML lie, as byte ranges of the file,
//! so every finding can point at `file:line:column`, and the prose as text for the reading
//! level. Each page's markdown is parsed once here, beyond rendering.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::prose_of;

/// One page's file, and where its prose and raw HTML lie.
pub(crate) struct PageSource<'a> {
    /// The file as written, front matter included.
    pub text: &'a str,
    prose: Vec<Range<usize>>,
    raw_html: Vec<Range<usize>>,
    plain_text: String,
}

impl<'a> PageSource<'a> {
    /// Reads `page` from the model, parsing its markdown once (with the same extensions as
    /// rendering, and its clinic values put in; ranges are mapped back to the file).
    pub(crate) fn of(page: &'a Page) -> Self {
        let doc = &page.doc;
        let text = doc.source();
        let mut prose: Vec<Range<usize>> = Vec::new();
        let mut raw_html = Vec::new();
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut open: Option<Range<usize>> = None;
        let mut in_code = false;
        let joins = |end: usize, start: usize| {
            start >= end
                && text[end..start]
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~'))
        };
        for (event, range) in
            Parser::new_ext(doc.body(), crate::markdown::options()).into_offset_iter()
        {
            let range = doc.file_offset(range.start)..doc.file_offset(range.end);
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(_) if !in_code => {
                    open = match open.take() {
                        Some(run) if joins(run.end, range.start) => Some(run.start..range.end),
                        Some(run) => {
                            prose.push(run);
                            Some(range)
                        }
                        None => Some(range),
                    };
                }
                Event::Html(_) | Event::InlineHtml(_) => raw_html.push(range),
                Event::Start(tag) if is_block(tag) => prose.extend(open.take()),
                Event::End(tag) if is_block_end(tag) => prose.extend(open.take()),
                _ => {}
            }
            events.push(event);
        }
        prose.extend(open);
        PageSource {
            text,
            prose,
            raw_html,
            plain_text: prose_of(&events),
        }
    }

    /// The visible prose (no code) as text, each block ending in a line break: what the
    /// reading level measures.
    pub(crate) fn plain_text(&self) -> &str {
        &self.plain_text
    }

    /// The file's text.
    pub(crate) fn text(&self) -> &str {
        self.text
    }

    /// Every occurrence of `phrases` in the prose (see [`super::phrases::find`]), with ranges
    /// of the file.
    pub(crate) fn find_in_prose<'p>(
        &self,
        phrases: &[&'p str],
    ) -> Vec<super::phrases::FoundPhrase<'p>> {
        self.prose()
            .into_iter()
            .flat_map(|run| {
                super::phrases::find(&self.text[run.clone()], phrases)
                    .into_iter()
                    .map(move |f| super::phrases::FoundPhrase {
                        phrase: f.phrase,
                        range: f.range.start + run.start..f.range.end + run.start,
                    })
            })
            .collect()
    }

    /// 1-based line and column of a byte offset of the file.
    #[cfg(test)]
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        crate::diagnostics::line_col(self.text, offset)
    }

    /// A diagnostic placed at `range` of the file, quoting its line.
    pub(crate) fn locate(&self, diagnostic: Diagnostic, range: Range<usize>) -> Diagnostic {
        let width = self.text[range.clone()].chars().count();
        diagnostic.at_offset(self.text, range.start, width)
    }

    /// The body's visible prose (headings, paragraphs, list items, table cells, link text and
    /// alt text; not code), as ranges of the file. Text runs of one block that are separated
    /// only by line breaks or emphasis markers are joined, so a phrase split over two lines
    /// or half in italics is still one range.
    pub(crate) fn prose(&self) -> Vec<Range<usize>> {
        self.prose.clone()
    }

    /// Raw HTML written in the body (blocks and inline tags), as ranges of the file.
    pub(crate) fn raw_html(&self) -> &[Range<usize>] {
        &self.raw_html
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::Clinic;
    use crate::content::ClinicValues;
    use std::path::Path;

    const PAGE: &str = "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\n## Heading\n\nOne *risk*\nfree line.\n\n```\ncode cure\n```\n\n<form action=\"/x\">\n";

    fn page(text: &str) -> Page {
        let clinic = Clinic {
            phone: "+1 (555) 010-0199".into(),
            ..Clinic::default()
        };
        let values = ClinicValues::new(&clinic);
        Page::from_text(
            Path::new("content/a.md"),
            "a.md",
            text.into(),
            Some(&values),
        )
        .unwrap()
    }

    #[test]
    fn prose_joins_lines_of_a_paragraph_and_skips_code() {
        let page = page(PAGE);
        let p = PageSource::of(&page);
        let texts: Vec<&str> = p.prose().into_iter().map(|r| &p.text[r]).collect();
        assert_eq!(texts, ["Heading", "One *risk*\nfree line."]);
        assert_eq!(p.plain_text(), "Heading\nOne risk free line.\n");
    }

    #[test]
    fn raw_html_is_found_with_its_line() {
        let page = page(PAGE);
        let p = PageSource::of(&page);
        let html = p.raw_html();
        assert_eq!(html.len(), 1);
        assert!(p.text[html[0].clone()].starts_with("<form"));
        assert_eq!(p.line_col(html[0].start), (14, 1));
    }

    #[test]
    fn positions_after_a_clinic_value_are_those_of_the_file() {
        let page = page(
            "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\nCall {{ clinic.phone }} for a cure.\n",
        );
        let p = PageSource::of(&page);
        let cure = p.find_in_prose(&["cure"]);
        assert_eq!(p.line_col(cure[0].range.start), (5, 31));
        assert_eq!(&p.text[cure[0].range.clone()], "cure");
        assert!(p
            .plain_text()
            .contains("Call +1 (555) 010-0199 for a cure."));
    }
}
