//! Markdown: pulldown-cmark events in, HTML plus the page's structure out.
//!
//! Parsing ([`parse`]) happens once per page, in parallel, before links can be resolved: it
//! records the headings (each given a unique id), the questions (headings ending in `?`, with
//! the range of events of their answers) and every link destination with its line. Rendering
//! ([`render`]) runs after the whole site is known: it parses the body again, gives headings
//! their ids, rewrites each link through a resolver and writes the HTML of the page and of
//! each answer.
//!
//! **Why parse twice.** Keeping every page's events from the first parse to the render would
//! hold about six times the text's size in small allocations (230 MiB for 10,000 pages); a
//! second parse of the text costs less than allocating and faulting in that memory. The
//! parser is deterministic, so event numbers from the first parse name the same events in the
//! second.
//!
//! | module | owns |
//! |---|---|
//! | [`parse`] | headings and their ids, questions and their answers, links with positions, text |
//! | [`prose`] | where the prose and raw HTML lie, for the checks (recorded by the parse) |
//! | [`render`] | HTML, with links rewritten and HTML added after answers |
//! | [`text_split`] | the words outside answers and the plain text of each answer, as the events come |
//! | [`distinct_words`] | each word of a text given in pieces once, as the pieces come |

pub mod care_cards;
mod distinct_words;
mod parse;
mod prose;
mod render;
mod text_split;

use std::ops::Range;

use pulldown_cmark::Options;

use crate::content::blocks::Included;
use crate::content::clinic_values::Replaced;

pub use parse::parse;
pub(crate) use parse::{parse_expanded, parse_with_values};
pub(crate) use prose::Prose;
pub use render::render;

/// A heading of the page, with the id it is reachable at.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// Its id: `{#id}` if given, else its words as a slug, numbered when repeated (`before-2`).
    pub id: String,
    /// Its text, as shown.
    pub text: String,
    /// The line of the page's file it is written on.
    pub line: usize,
    /// Ids it had before (`{#new-id was=old-id was=older-id}`), so old links still find it.
    pub old_ids: Vec<String>,
}

/// The heading attribute that names an id a heading had before.
pub(crate) const OLD_ID_ATTRIBUTE: &str = "was";

/// A question: a heading that ends in `?`; its answer runs to the next heading of the same or
/// a higher level.
#[derive(Debug, Clone)]
pub struct QuestionBlock {
    /// The heading, by number in [`Document::headings`].
    pub heading: usize,
    /// The answer's events, by number in the body's event stream.
    pub answer: Range<usize>,
}

/// Where a link or image points, as written, and where it was written.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// The destination as written (`@/safety.md#risks`, `pic.png`).
    pub dest: String,
    /// The line of the page's file it starts on.
    pub line: usize,
    /// The column it starts at.
    pub column: usize,
    /// Its start event, by number in the body's event stream.
    pub event: usize,
    /// An image (`![alt](src)`) rather than a link.
    pub is_image: bool,
    /// An email autolink (`<care@clinic.org>`): its destination is an address, written as a
    /// `mailto:` link, never a path.
    pub is_email: bool,
    /// For images: whether alt text was given.
    pub has_text: bool,
    /// The link's visible text, for the link-text checks; empty when the page was loaded for
    /// `build`, which runs none of them.
    pub text: String,
}

/// A parsed markdown body.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The page's file as written, front matter included: quoted in diagnostics and read by
    /// the checks, so nothing needs the file again.
    source: String,
    /// Where the body starts in `source`.
    body_offset: usize,
    /// The length of the page's own file in `source`; after it come the files of the blocks
    /// it shows ([`crate::content::blocks`]), so positions in block text are lines of `source`.
    file_len: usize,
    /// The blocks the page shows, where each lies in `source`.
    included: Vec<Included>,
    /// The body with its clinic values put in, when it names any (see [`Document::body`]).
    replaced: Option<Replaced>,
    /// Per heading (same order as `headings`): the number of its start event.
    heading_events: Vec<usize>,
    /// The number of events in the body (to size the render's buffer).
    event_count: usize,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every question, in order.
    pub questions: Vec<QuestionBlock>,
    /// Every link and image, in order.
    pub links: Vec<LinkRef>,
    /// Headings whose explicit `{#id}` repeats an earlier one on the page.
    pub duplicate_ids: Vec<usize>,
    /// Each word of the visible text outside every question's answer (headings and code
    /// included) once, in the order first seen, joined by spaces: what search indexes of the
    /// page apart from its questions (it records which words a document holds, not how
    /// often), in about a quarter of the text's memory.
    pub words_outside_answers: String,
    /// Per question (same order as `questions`): the answer's visible text. Known at parse
    /// time, since links do not change it, so the FAQ hub, JSON-LD and search need no render.
    pub answer_texts: Vec<String>,
    /// The number of words of visible prose (no code).
    pub word_count: usize,
    /// Each care card (markdown alert) of the page: its level and the line it starts on.
    pub care_cards: Vec<(care_cards::Level, usize)>,
    /// What the checks read (kept unless the page was loaded for `build`).
    prose: Option<Prose>,
}

/// The HTML of a page body and of each question's answer.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// Per question (same order as [`Document::questions`]): the answer's HTML, if asked for.
    pub answers_html: Vec<String>,
}

/// The CommonMark extensions sitegen parses with: tables, footnotes, strikethrough, smart
/// punctuation, heading attributes (`{#id}`) and GitHub's alerts (care cards).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

impl Document {
    /// The markdown body as it is parsed and rendered: the file's body, with its clinic
    /// values put in.
    pub(crate) fn body(&self) -> &str {
        match &self.replaced {
            Some(r) => &r.body,
            None => &self.source[self.body_offset..],
        }
    }

    /// The markdown body as the file has it (clinic values and blocks not put in).
    pub(crate) fn written_body(&self) -> &str {
        &self.source[self.body_offset..self.file_len]
    }

    /// The page's file as written, followed by the files of the blocks it shows (see
    /// [`Document::included`]).
    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    /// The blocks the page shows: each one's file and the line of [`Document::source`] it
    /// starts at.
    pub(crate) fn included(&self) -> &[Included] {
        &self.included
    }

    /// Where the prose and raw HTML lie, and the prose as text: what the checks read. `None`
    /// for a page loaded by `build`, which runs no checks.
    pub(crate) fn prose(&self) -> Option<&Prose> {
        self.prose.as_ref()
    }

    /// The text of line `line` of the page's file (1-based), for diagnostics.
    pub(crate) fn source_line(&self, line: usize) -> &str {
        line.checked_sub(1)
            .and_then(|n| self.source.split('\n').nth(n))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Document {
        parse(body.to_string(), 0, true)
    }

    #[test]
    fn headings_get_unique_ids_and_explicit_ids_win() {
        let d = doc("## Before\n\n## Before\n\n## Custom {#mine .x}\n");
        let ids: Vec<&str> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["before", "before-2", "mine"]);
        let html = render(
            &d,
            &|_, _| None,
            &|_| None,
            true,
            &care_cards::CardText::plain(),
        )
        .html;
        assert!(html.contains("<h2 id=\"before-2\">Before</h2>"), "{html}");
        assert!(html.contains("id=\"mine\""));
    }

    #[test]
    fn a_question_answer_runs_to_the_next_heading_of_its_level() {
        let d = doc("## Questions\n\n### Will I be awake?\n\nYes. You stay awake.\n\n#### Detail\n\nMore.\n\n### Can I drive?\n\nNo.\n\n## After\n\nEnd.\n");
        assert_eq!(d.questions.len(), 2);
        let r = render(
            &d,
            &|_, _| None,
            &|_| None,
            true,
            &care_cards::CardText::plain(),
        );
        assert_eq!(d.answer_texts[0], "Yes. You stay awake. Detail More.");
        assert_eq!(d.answer_texts[1], "No.");
        assert_eq!(r.answers_html[1], "<p>No.</p>\n");
        let with_extra = render(
            &d,
            &|_, _| None,
            &|q| (q == 0).then(|| "<aside>see also</aside>".to_string()),
            false,
            &care_cards::CardText::plain(),
        );
        assert!(
            with_extra.answers_html[0].is_empty(),
            "answer HTML not asked for"
        );
        let aside = with_extra.html.find("<aside>").unwrap();
        assert!(
            aside > with_extra.html.find("More.").unwrap()
                && aside < with_extra.html.find("Can I drive?").unwrap()
        );
        assert!(
            r.html
                .contains("<h3 id=\"will-i-be-awake\" class=\"question\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn words_outside_answers_keep_headings_and_leave_answers_out() {
        let d = doc("Intro words.\n\n## Will I be awake?\n\nYes, awake.\n\n## After\n\nRest.\n");
        assert_eq!(
            d.words_outside_answers,
            "Intro words. Will I be awake? After Rest."
        );
    }

    #[test]
    fn table_cells_do_not_run_together_in_text() {
        let d = doc("Intro.\n\n| Step | What happens |\n|---|---|\n| 1 | Check in |\n");
        assert_eq!(
            d.words_outside_answers,
            "Intro. Step What happens 1 Check in"
        );
    }

    #[test]
    fn questions_can_be_switched_off() {
        assert!(parse("## Why?\n\nBecause.\n".into(), 0, false)
            .questions
            .is_empty());
    }

    #[test]
    fn links_are_recorded_with_lines_and_rewritten() {
        let src = "+++\ntitle = \"x\"\n+++\nSee [safety](@/safety.md#risks).\n\n![](pic.png)\n";
        let d = parse(src.to_string(), 20, true);
        assert_eq!(d.links.len(), 2);
        assert_eq!(
            (d.links[0].line, d.links[0].dest.as_str()),
            (4, "@/safety.md#risks")
        );
        assert!(d.links[0].has_text);
        assert!(d.links[1].is_image && !d.links[1].has_text);
        // The checks (which keep the prose) read each link's words.
        let checked = parse::parse_with_values(src.to_string(), 20, None, true, true);
        assert_eq!(checked.links[0].text, "safety");
        let html = render(
            &d,
            &|_, l| (!l.is_image).then(|| "../safety/#risks".to_string()),
            &|_| None,
            true,
            &care_cards::CardText::plain(),
        )
        .html;
        assert!(html.contains("href=\"../safety/#risks\""), "{html}");
    }

    #[test]
    fn markdown_extensions_are_on() {
        let html = render(
            &doc("| a |\n|---|\n| b |\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n"),
            &|_, _| None,
            &|_| None,
            true,
            &care_cards::CardText::plain(),
        )
        .html;
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("\u{201c}quoted\u{201d}"));
        assert!(html.contains("footnote"));
    }
}
