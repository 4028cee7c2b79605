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

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::clinic_values::Replaced;
use crate::diagnostics::LineIndex;
use crate::slug::slugify;

/// A heading of the page, with the id it is reachable at.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub line: usize,
}

/// A question: a heading that ends in `?`; its answer runs to the next heading of the same or
/// a higher level.
#[derive(Debug, Clone)]
pub struct QuestionBlock {
    pub heading: usize,
    /// The answer's events, by number in the body's event stream.
    pub answer: Range<usize>,
}

/// Where a link or image points, as written, and where it was written.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub dest: String,
    pub line: usize,
    pub column: usize,
    pub event: usize,
    pub is_image: bool,
    /// For images: whether alt text was given.
    pub has_text: bool,
    /// The link's visible text (for link-text checks).
    pub text: String,
}

/// A parsed markdown body.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The markdown body (with clinic values put in), parsed again by [`render`].
    body: String,
    /// The body as the file has it, when clinic values changed it (for quoting lines).
    written: Option<String>,
    /// The line of the file the body starts on (1-based).
    body_line: usize,
    /// Per heading (same order as `headings`): the number of its start event.
    heading_events: Vec<usize>,
    /// The number of events in the body (to size the render's buffer).
    event_count: usize,
    pub headings: Vec<Heading>,
    pub questions: Vec<QuestionBlock>,
    pub links: Vec<LinkRef>,
    /// Headings whose explicit `{#id}` repeats an earlier one on the page.
    pub duplicate_ids: Vec<usize>,
    /// The visible text outside every question's answer (headings and code included), for
    /// indexing a page apart from its questions.
    pub text_outside_answers: String,
    /// Per question (same order as `questions`): the answer's visible text. Known at parse
    /// time, since links do not change it, so the FAQ hub, JSON-LD and search need no render.
    pub answer_texts: Vec<String>,
    pub word_count: usize,
}

/// The HTML of a page body and of each question's answer.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Per question (same order as [`Document::questions`]): the answer's HTML, if asked for.
    pub answers_html: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses the body of `file_source`, which starts at byte `body_offset` (for line numbers).
pub fn parse(file_source: &str, body_offset: usize, questions_enabled: bool) -> Document {
    let body = Replaced {
        body: file_source[body_offset..].to_string(),
        ..Replaced::default()
    };
    parse_replaced(file_source, body_offset, body, questions_enabled)
}

/// Parses `body`: the body of `file_source` (from byte `body_offset`) with its clinic values
/// put in. Positions are those of the file as written.
pub fn parse_replaced(
    file_source: &str,
    body_offset: usize,
    replaced: Replaced,
    questions_enabled: bool,
) -> Document {
    let lines = LineIndex::new(file_source);
    let Replaced {
        body: body_text,
        map,
    } = replaced;
    let position =
        |offset: usize| lines.line_col(file_source, body_offset + map.original_offset(offset));
    let mut doc = Document {
        written: map
            .changed()
            .then(|| file_source[body_offset..].to_string()),
        body_line: lines.line_col(file_source, body_offset).0,
        ..Document::default()
    };
    let body = body_text.as_str();
    // About one event per ten bytes of markdown.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 10 + 16);
    let mut used_ids: std::collections::HashSet<String> = Default::default();
    let mut heading_start: Option<usize> = None;
    let mut heading_text = String::new();
    let mut open_links: Vec<usize> = Vec::new();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let index = events.len();
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                heading_start = Some(index);
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading_start.take() {
                    let (line, _) = position(range.start);
                    finish_heading(
                        &mut doc,
                        &events[start],
                        start,
                        &heading_text,
                        line,
                        &mut used_ids,
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = position(range.start);
                open_links.push(doc.links.len());
                doc.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    line,
                    column,
                    event: index,
                    is_image: matches!(event, Event::Start(Tag::Image { .. })),
                    has_text: false,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some(i) = open_links.pop() {
                    let link = &mut doc.links[i];
                    link.has_text = !link.text.trim().is_empty();
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if heading_start.is_some() {
                    heading_text.push_str(t);
                }
                if let Some(&i) = open_links.last() {
                    doc.links[i].text.push_str(t);
                }
            }
            _ => {}
        }
        events.push(event);
    }
    let mut words = Words::counting();
    for_each_prose_piece(&events, |piece| words.push(piece));
    doc.word_count = words.count;
    doc.event_count = events.len();
    if questions_enabled {
        find_questions(&mut doc, &events);
    }
    doc.text_outside_answers = text_outside_answers(&doc, &events);
    doc.answer_texts = doc
        .questions
        .iter()
        .map(|q| plain_text_of(&events[q.answer.clone()]))
        .collect();
    drop(events);
    doc.body = body_text;
    doc
}

/// Gives the heading that starts at event `start` its id and records it.
fn finish_heading(
    doc: &mut Document,
    start_event: &Event<'_>,
    start: usize,
    text: &str,
    line: usize,
    used: &mut std::collections::HashSet<String>,
) {
    let Event::Start(Tag::Heading { level, id, .. }) = start_event else {
        return;
    };
    let level_num = heading_level(*level);
    let text = text.trim().to_string();
    let id_string = match id {
        Some(explicit) => {
            let explicit = explicit.to_string();
            if !used.insert(explicit.clone()) {
                doc.duplicate_ids.push(doc.headings.len());
            }
            explicit
        }
        None => {
            let base = match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let mut candidate = base.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        }
    };
    doc.heading_events.push(start);
    doc.headings.push(Heading {
        level: level_num,
        id: id_string,
        text,
        line,
    });
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// The visible prose of `events` (no code), each block ending in a line break.
fn prose_of(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for_each_prose_piece(events, |piece| text.push_str(piece));
    text
}

/// Calls `f` with each piece of the visible prose of `events`, in order: text outside code,
/// and a line break or space where a block or line ends.
fn for_each_prose_piece<'a>(events: &'a [Event<'a>], mut f: impl FnMut(&'a str)) {
    let mut in_code = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => f(t),
            Event::SoftBreak | Event::HardBreak => f(" "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
            ) => f("\n"),
            _ => {}
        }
    }
}

impl Document {
    /// The visible prose (no code), for reading-level checks: worked out again from the
    /// body when asked, since only `sitegen check` needs it.
    pub fn plain_text(&self) -> String {
        let events: Vec<Event<'_>> = Parser::new_ext(&self.body, options()).collect();
        prose_of(&events)
    }

    /// The text of line `line` of the page's file (1-based), for diagnostics; empty for a
    /// line of the front matter.
    pub fn source_line(&self, line: usize) -> &str {
        let body = self.written.as_deref().unwrap_or(&self.body);
        line.checked_sub(self.body_line)
            .and_then(|n| body.split('\n').nth(n))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// Marks headings ending in `?` as questions and finds where each answer ends.
fn find_questions(doc: &mut Document, events: &[Event<'_>]) {
    let heading_events: Vec<(usize, u8)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some((i, heading_level(*level))),
            _ => None,
        })
        .collect();
    for (h, &(start, level)) in heading_events.iter().enumerate() {
        if !doc.headings[h].text.ends_with('?') {
            continue;
        }
        let answer_start = events[start..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map(|p| start + p + 1)
            .unwrap_or(events.len());
        // Footnote definitions sit at the end of the document and belong to no answer.
        let footnotes = events[answer_start..]
            .iter()
            .position(|e| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
            .map(|p| answer_start + p)
            .unwrap_or(events.len());
        let answer_end = heading_events[h + 1..]
            .iter()
            .find(|(_, l)| *l <= level)
            .map(|(i, _)| *i)
            .unwrap_or(events.len())
            .min(footnotes);
        doc.questions.push(QuestionBlock {
            heading: h,
            answer: answer_start..answer_end,
        });
    }
}

/// Writes the HTML, sending every link and image destination through `resolve` (given the
/// link's index in [`Document::links`]; it returns the href to write, or `None` to keep it).
/// `after_answer` may add HTML at the end of a question's answer (given the question's index
/// in [`Document::questions`]); it is not part of the answer's own HTML and text. Each
/// answer's own HTML is written only if `answer_html` is set (its text always is).
pub fn render(
    doc: &Document,
    resolve: &dyn Fn(usize, &LinkRef) -> Option<String>,
    after_answer: &dyn Fn(usize) -> Option<String>,
    answer_html: bool,
) -> Rendered {
    // Edits by event number, each list in event order.
    let hrefs: Vec<(usize, String)> = doc
        .links
        .iter()
        .enumerate()
        .filter_map(|(index, link)| Some((link.event, resolve(index, link)?)))
        .collect();
    let mut is_question = vec![false; doc.headings.len()];
    for q in &doc.questions {
        is_question[q.heading] = true;
    }
    // HTML after answers: at the event where the answer ends; when answers end together
    // (a question inside another's answer), the inner one's first.
    let mut insertions: Vec<(usize, usize, String)> = doc
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| after_answer(i).map(|html| (q.answer.end, i, html)))
        .collect();
    insertions.sort_by_key(|(at, i, _)| (*at, std::cmp::Reverse(*i)));

    let mut answer_events: Vec<Vec<Event<'_>>> = vec![Vec::new(); doc.questions.len()];
    let answer_events_wanted = answer_html && !doc.questions.is_empty();
    let (mut next_href, mut next_heading, mut next_insertion) = (0, 0, 0);
    let mut out: Vec<Event<'_>> = Vec::with_capacity(doc.event_count + insertions.len());
    for (index, mut event) in Parser::new_ext(&doc.body, options()).enumerate() {
        while let Some((at, _, extra)) = insertions.get(next_insertion) {
            if *at != index {
                break;
            }
            out.push(Event::Html(CowStr::Borrowed(extra)));
            next_insertion += 1;
        }
        if doc.heading_events.get(next_heading) == Some(&index) {
            if let Event::Start(Tag::Heading { id, classes, .. }) = &mut event {
                *id = Some(CowStr::Borrowed(&doc.headings[next_heading].id));
                if is_question[next_heading] {
                    classes.push(CowStr::Borrowed("question"));
                }
            }
            next_heading += 1;
        }
        if let Some((at, href)) = hrefs.get(next_href) {
            if *at == index {
                set_destination(&mut event, href);
                next_href += 1;
            }
        }
        if answer_events_wanted {
            for (q, question) in doc.questions.iter().enumerate() {
                if question.answer.contains(&index) {
                    answer_events[q].push(event.clone());
                }
            }
        }
        out.push(event);
    }
    for (_, _, extra) in &insertions[next_insertion..] {
        out.push(Event::Html(CowStr::Borrowed(extra)));
    }
    // One writer for the whole body: it carries table and footnote state across events.
    let mut html = String::with_capacity(doc.body.len() * 3 / 2 + 1024);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let answers_html = answer_events
        .iter()
        .map(|events| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
            html
        })
        .collect();
    Rendered { html, answers_html }
}

/// Points a link or image event at `href` (an autolink becomes an ordinary link, since its
/// text no longer matches its destination).
fn set_destination<'a>(event: &mut Event<'a>, href: &'a str) {
    match event {
        Event::Start(Tag::Link {
            dest_url,
            link_type,
            ..
        }) => {
            *dest_url = CowStr::Borrowed(href);
            if *link_type == LinkType::Autolink {
                *link_type = LinkType::Inline;
            }
        }
        Event::Start(Tag::Image { dest_url, .. }) => *dest_url = CowStr::Borrowed(href),
        _ => {}
    }
}

fn plain_text_of(events: &[Event<'_>]) -> String {
    let mut words = Words::joining();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => words.push(t),
            // Blocks and table cells end words too ("Step" and "What happens" in adjacent
            // cells are not one word "StepWhat").
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => words.push(" "),
            _ => {}
        }
    }
    words.text
}

/// The words of text given in pieces, as `split_whitespace` would find them in the pieces
/// put end to end (a word may run across pieces), counted and, if asked, joined by single
/// spaces; without putting the pieces together first.
struct Words {
    text: String,
    keep_text: bool,
    count: usize,
    /// Whitespace came after the last word.
    space: bool,
}

impl Words {
    fn counting() -> Self {
        Words {
            text: String::new(),
            keep_text: false,
            count: 0,
            space: true,
        }
    }

    fn joining() -> Self {
        Words {
            keep_text: true,
            ..Words::counting()
        }
    }

    fn push(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        // Nearly every piece is ASCII words with single spaces between them, and perhaps one
        // space at either end (text before or after a link): count the spaces and take the
        // piece whole.
        let lead = piece.starts_with(' ');
        let trail = piece.len() > usize::from(lead) && piece.ends_with(' ');
        let core = &piece[usize::from(lead)..piece.len() - usize::from(trail)];
        // Plain: printable ASCII, no space at either end or beside another. Each check is a
        // fold without early exit, which the compiler turns into block-at-a-time code.
        let bytes = core.as_bytes();
        let printable = bytes
            .iter()
            .fold(true, |ok, &b| ok & (b.wrapping_sub(b' ') < 0x60));
        let double = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
        let plain = printable
            && !double
            && bytes.first().is_some_and(|&b| b != b' ')
            && bytes.last().is_some_and(|&b| b != b' ');
        if !plain {
            self.push_any(piece);
            return;
        }
        let spaces = bytes.iter().filter(|&&b| b == b' ').count();
        let apart = self.space || lead;
        self.count += spaces + usize::from(apart);
        if self.keep_text {
            if apart && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(core);
        }
        self.space = trail;
    }

    /// [`Words::push`] for any text, a word at a time.
    fn push_any(&mut self, piece: &str) {
        let mut first = true;
        let mut last_end = 0;
        for_each_word_span(piece, |word| {
            let start = word.as_ptr() as usize - piece.as_ptr() as usize;
            let new_word = !first || self.space || start > 0;
            if new_word {
                self.count += 1;
                if self.keep_text && !self.text.is_empty() {
                    self.text.push(' ');
                }
            }
            if self.keep_text {
                self.text.push_str(word);
            }
            first = false;
            last_end = start + word.len();
        });
        if !piece.is_empty() {
            // Whitespace is pending if the piece had no word or ended after its last one.
            self.space = first || last_end < piece.len();
        }
    }
}

/// Calls `f` with each run of non-whitespace in `text`: what `str::split_whitespace` yields,
/// found a byte at a time where the text is ASCII (parsing counts the words of every page).
fn for_each_word_span<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (space, width) = match bytes[i] {
            byte @ 0..0x80 => (
                matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C),
                1,
            ),
            _ => match text[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            },
        };
        if space {
            if let Some(s) = start.take() {
                f(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += width;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// The visible text outside every question's answer (headings included).
fn text_outside_answers(doc: &Document, events: &[Event<'_>]) -> String {
    let mut ranges: Vec<Range<usize>> = doc.questions.iter().map(|q| q.answer.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut text = String::new();
    let mut at = 0;
    for range in ranges {
        if range.start > at {
            text.push_str(&plain_text_of(&events[at..range.start]));
            text.push(' ');
        }
        at = at.max(range.end);
    }
    if at < events.len() {
        text.push_str(&plain_text_of(&events[at..]));
    }
    text
}

/// The first sentence of `text` (up to the first `.`, `!` or `?` followed by a space).
pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| *n == b' ') {
            return &text[..=i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Document {
        parse(body, 0, true)
    }

    #[test]
    fn headings_get_unique_ids_and_explicit_ids_win() {
        let d = doc("## Before\n\n## Before\n\n## Custom {#mine .x}\n");
        let ids: Vec<&str> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["before", "before-2", "mine"]);
        let html = render(&d, &|_, _| None, &|_| None, true).html;
        assert!(html.contains("<h2 id=\"before-2\">Before</h2>"), "{html}");
        assert!(html.contains("id=\"mine\""));
    }

    #[test]
    fn a_question_answer_runs_to_the_next_heading_of_its_level() {
        let d = doc("## Questions\n\n### Will I be awake?\n\nYes. You stay awake.\n\n#### Detail\n\nMore.\n\n### Can I drive?\n\nNo.\n\n## After\n\nEnd.\n");
        assert_eq!(d.questions.len(), 2);
        let r = render(&d, &|_, _| None, &|_| None, true);
        assert_eq!(d.answer_texts[0], "Yes. You stay awake. Detail More.");
        assert_eq!(d.answer_texts[1], "No.");
        assert_eq!(r.answers_html[1], "<p>No.</p>\n");
        let with_extra = render(
            &d,
            &|_, _| None,
            &|q| (q == 0).then(|| "<aside>see also</aside>".to_string()),
            false,
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
    fn text_outside_answers_keeps_headings_and_leaves_answers_out() {
        let d = doc("Intro words.\n\n## Will I be awake?\n\nYes, awake.\n\n## After\n\nRest.\n");
        assert_eq!(
            d.text_outside_answers,
            "Intro words. Will I be awake? After Rest."
        );
    }

    #[test]
    fn table_cells_do_not_run_together_in_text() {
        let d = doc("Intro.\n\n| Step | What happens |\n|---|---|\n| 1 | Check in |\n");
        assert_eq!(
            d.text_outside_answers,
            "Intro. Step What happens 1 Check in"
        );
    }

    #[test]
    fn questions_can_be_switched_off() {
        assert!(parse("## Why?\n\nBecause.\n", 0, false)
            .questions
            .is_empty());
    }

    #[test]
    fn links_are_recorded_with_lines_and_rewritten() {
        let src = "+++\ntitle = \"x\"\n+++\nSee [safety](@/safety.md#risks).\n\n![](pic.png)\n";
        let d = parse(src, 20, true);
        assert_eq!(d.links.len(), 2);
        assert_eq!(
            (d.links[0].line, d.links[0].dest.as_str()),
            (4, "@/safety.md#risks")
        );
        assert_eq!(d.links[0].text, "safety");
        assert!(d.links[1].is_image && !d.links[1].has_text);
        let html = render(
            &d,
            &|_, l| (!l.is_image).then(|| "../safety/#risks".to_string()),
            &|_| None,
            true,
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
        )
        .html;
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("\u{201c}quoted\u{201d}"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn word_spans_match_split_whitespace() {
        for text in [
            "",
            "  one  two\tthree\n",
            "x\u{a0}y\u{2003}z\u{b}w",
            "caf\u{e9} na\u{ef}ve  \u{1F600} end",
        ] {
            let mut found = Vec::new();
            for_each_word_span(text, |w| found.push(w));
            assert_eq!(
                found,
                text.split_whitespace().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_from_pieces_match_the_pieces_put_together() {
        let cases: &[&[&str]] = &[
            &["don", "\u{2019}", "t stop"],
            &["  lead", " ", "", "trail  ", "x"],
            &["a", "b\n", "\n", "c\u{a0}d"],
            &["", " ", "\t"],
            &["one"],
            &[
                "plain words here",
                "and",
                " more",
                "words  spaced",
                "x\ty",
                "end.",
            ],
            &["no", "space", "between", "\u{e9}t\u{e9} two"],
            &[
                "See also ",
                "a page",
                " and ",
                "another",
                " ",
                " x ",
                "  y",
                "z  ",
            ],
            &[" ", "a", " ", "b ", " c", "d"],
        ];
        for pieces in cases {
            let whole: String = pieces.concat();
            let expected: Vec<&str> = whole.split_whitespace().collect();
            let mut words = Words::joining();
            for piece in *pieces {
                words.push(piece);
            }
            assert_eq!(words.text, expected.join(" "), "{pieces:?}");
            assert_eq!(words.count, expected.len(), "{pieces:?}");
        }
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(first_sentence("Yes. You stay awake."), "Yes.");
        assert_eq!(
            first_sentence("About 2.5 hours in all. Then rest."),
            "About 2.5 hours in all."
        );
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
