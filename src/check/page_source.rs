//! A page as the checks read it: its file (kept in the model, never read again) and where
//! the prose and the raw HTML lie, as byte ranges of the file, so every finding can point at
//! `file:line:column`, and the prose as text for the reading level. All of it comes from the
//! one parse at load ([`crate::markdown::Prose`]): the checks parse no markdown.

use std::ops::Range;

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::Prose;

/// One page's file, and where its prose and raw HTML lie.
pub(crate) struct PageSource<'a> {
    /// The file as written, front matter included.
    pub text: &'a str,
    prose: &'a Prose,
}

/// What a page loaded without its prose (by `build`, which runs no checks) is checked with.
static NO_PROSE: Prose = Prose {
    runs: Vec::new(),
    raw_html: Vec::new(),
    text: String::new(),
};

impl<'a> PageSource<'a> {
    /// Reads `page` from the model: its file, and the prose its load recorded (with the same
    /// extensions as rendering and its clinic values put in; ranges are those of the file).
    pub(crate) fn of(page: &'a Page) -> Self {
        PageSource {
            text: page.doc.source(),
            prose: page.doc.prose().unwrap_or(&NO_PROSE),
        }
    }

    /// The visible prose (no code) as text, each block ending in a line break: what the
    /// reading level measures.
    pub(crate) fn plain_text(&self) -> &str {
        &self.prose.text
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
        self.prose.runs.clone()
    }

    /// Raw HTML written in the body (blocks and inline tags), as ranges of the file.
    pub(crate) fn raw_html(&self) -> &[Range<usize>] {
        &self.prose.raw_html
    }
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
    fn the_checks_read_what_the_load_recorded_and_parse_nothing_again() {
        // Loaded as `build` loads (nothing kept for the checks), the same page has no prose
        // to check: `PageSource` only reads what the one parse at load recorded.
        let lean = Page::from_text_with_blocks(
            Path::new("content/a.md"),
            "a.md",
            PAGE.into(),
            &crate::content::Language {
                skip_prose: true,
                ..Default::default()
            },
        )
        .unwrap();
        let p = PageSource::of(&lean);
        assert!(p.prose().is_empty() && p.raw_html().is_empty());
        assert_eq!(p.plain_text(), "");
        assert!(!PageSource::of(&page(PAGE)).prose().is_empty());
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
