//! Writing a page's HTML: the body is parsed again (see the module docs of
//! [`crate::markdown`] for why), headings get their ids, each link its href for the chosen
//! output style, and answers the HTML added after them.

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::{care_cards, options, Document, LinkRef, Rendered, OLD_ID_ATTRIBUTE};

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
    cards: &care_cards::CardText<'_>,
) -> Rendered {
    // Edits by event number, each list in event order.
    let hrefs: Vec<(usize, String)> = doc
        .links
        .iter()
        .enumerate()
        .filter_map(|(index, link)| Some((link.event, resolve(index, link)?)))
        .collect();
    // HTML after answers: at the event where the answer ends; when answers end together
    // (a question inside another's answer), the inner one's first.
    let mut insertions: Vec<(usize, usize, String)> = doc
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| after_answer(i).map(|html| (q.answer.end, i, html)))
        .collect();
    insertions.sort_by_key(|(at, i, _)| (*at, std::cmp::Reverse(*i)));

    let answer_events_wanted = answer_html && !doc.questions.is_empty();
    let mut events = EditedEvents::new(doc, &hrefs, &insertions);
    let mut html = String::with_capacity(doc.body().len() * 3 / 2 + 1024);
    if !answer_events_wanted {
        if doc.care_cards.is_empty() {
            // Without cards nothing looks ahead: the events are written as they are made.
            pulldown_cmark::html::push_html(&mut html, events);
        } else {
            let out: Vec<Event<'_>> = events.collect();
            let out = care_cards::rewrite(out, cards, "care-card-");
            pulldown_cmark::html::push_html(&mut html, out.into_iter());
        }
        // Answers' HTML not asked for: one empty text per question.
        let answers_html = vec![String::new(); doc.questions.len()];
        return Rendered { html, answers_html };
    }
    let mut answer_events: Vec<Vec<Event<'_>>> = vec![Vec::new(); doc.questions.len()];
    {
        let mut out: Vec<Event<'_>> = Vec::with_capacity(doc.event_count + insertions.len());
        while let Some(event) = events.next() {
            if let Some(index) = events.given {
                for (q, question) in doc.questions.iter().enumerate() {
                    if question.answer.contains(&index) {
                        answer_events[q].push(event.clone());
                    }
                }
            }
            out.push(event);
        }
        // One writer for the whole body: it carries table and footnote state across events.
        let out = care_cards::rewrite(out, cards, "care-card-");
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
    }
    let answers_html = answer_events
        .into_iter()
        .zip(&doc.questions)
        .map(|(events, question)| {
            // An answer's cards are named after its question, so answers shown together (on
            // the FAQ hub) keep their ids apart.
            let prefix = format!("{}-care-card-", doc.headings[question.heading].id);
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                care_cards::rewrite(events, cards, &prefix).into_iter(),
            );
            html
        })
        .collect();
    Rendered { html, answers_html }
}

/// The page's events as they are written: parsed again from the body, with headings given
/// their ids (and `question` class), links their hrefs, tables their scrolling box and aligned
/// cells their class, and the HTML after answers put in.
struct EditedEvents<'a> {
    parser: Parser<'a>,
    doc: &'a Document,
    hrefs: &'a [(usize, String)],
    insertions: &'a [(usize, usize, String)],
    /// How many events have been parsed.
    parsed: usize,
    /// The number of the parsed event the event last given out is or wraps (`None` for HTML
    /// put in after an answer).
    given: Option<usize>,
    next_href: usize,
    next_heading: usize,
    /// The first question whose heading is not yet written.
    next_question: usize,
    next_insertion: usize,
    /// The first parsed event that a heading, link or insertion edits: the events before it
    /// pass as they are, but for those of tables.
    next_edit: usize,
    table: TableCells,
    /// Made but not yet given out, in order, each with the number it is or wraps.
    pending: std::collections::VecDeque<(Option<usize>, Event<'a>)>,
}

impl<'a> EditedEvents<'a> {
    fn new(
        doc: &'a Document,
        hrefs: &'a [(usize, String)],
        insertions: &'a [(usize, usize, String)],
    ) -> Self {
        let mut events = EditedEvents {
            parser: Parser::new_ext(doc.body(), options()),
            doc,
            hrefs,
            insertions,
            parsed: 0,
            given: None,
            next_href: 0,
            next_heading: 0,
            next_question: 0,
            next_insertion: 0,
            next_edit: 0,
            table: TableCells::default(),
            pending: std::collections::VecDeque::new(),
        };
        events.find_next_edit();
        events
    }

    /// Moves [`Self::next_edit`] to the first edit not yet made.
    fn find_next_edit(&mut self) {
        let insertion = self.insertions.get(self.next_insertion).map(|(at, ..)| *at);
        let heading = self.doc.heading_events.get(self.next_heading).copied();
        let href = self.hrefs.get(self.next_href).map(|(at, _)| *at);
        self.next_edit = [insertion, heading, href]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(usize::MAX);
    }

    /// Edits parsed event `index` and queues what goes before and after it. Returns the
    /// event itself when nothing goes before or after it (most events), so that it is not
    /// moved through the queue.
    fn edit(&mut self, index: usize, mut event: Event<'a>) -> Option<Event<'a>> {
        let doc = self.doc;
        self.table.align_by_class(&mut event);
        while let Some((at, _, extra)) = self.insertions.get(self.next_insertion) {
            if *at != index {
                break;
            }
            self.pending
                .push_back((None, Event::Html(CowStr::Borrowed(extra))));
            self.next_insertion += 1;
        }
        if doc.heading_events.get(self.next_heading) == Some(&index) {
            // Questions are in heading order, one per heading at most.
            let is_question = doc
                .questions
                .get(self.next_question)
                .is_some_and(|q| q.heading == self.next_heading);
            if is_question {
                self.next_question += 1;
            }
            if let Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) = &mut event
            {
                *id = Some(CowStr::Borrowed(&doc.headings[self.next_heading].id));
                // Old ids are for finding the heading, not attributes of its HTML.
                attrs.retain(|(key, _)| key.as_ref() != OLD_ID_ATTRIBUTE);
                if is_question {
                    classes.push(CowStr::Borrowed("question"));
                }
            }
            self.next_heading += 1;
        }
        if let Some((at, href)) = self.hrefs.get(self.next_href) {
            if *at == index {
                set_destination(&mut event, href);
                self.next_href += 1;
            }
        }
        if index >= self.next_edit {
            self.find_next_edit();
        }
        // A table wider than a phone scrolls inside a box that the keyboard can reach and
        // that is named after the heading it sits under.
        match &event {
            Event::Start(Tag::Table(_)) => {
                let label = self
                    .next_heading
                    .checked_sub(1)
                    .map_or("Table", |h| doc.headings[h].text.as_str());
                let label = crate::html::escape_html(label);
                let mut open = String::with_capacity(TABLE_SCROLL_OPEN.len() + label.len() + 3);
                open.push_str(TABLE_SCROLL_OPEN);
                open.push_str(&label);
                open.push_str("\">\n");
                let open = Event::Html(CowStr::from(open));
                self.pending.push_back((Some(index), open));
                self.pending.push_back((Some(index), event));
            }
            Event::End(TagEnd::Table) => {
                self.pending.push_back((Some(index), event));
                let close = Event::Html(CowStr::Borrowed("</div>\n"));
                self.pending.push_back((Some(index), close));
            }
            _ if self.pending.is_empty() => return Some(event),
            _ => self.pending.push_back((Some(index), event)),
        }
        None
    }
}

impl<'a> Iterator for EditedEvents<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((index, made)) = self.pending.pop_front() {
                self.given = index;
                return Some(made);
            }
            let Some(event) = self.parser.next() else {
                // What comes after answers that end with the body.
                let (_, _, extra) = self.insertions.get(self.next_insertion)?;
                self.next_insertion += 1;
                self.given = None;
                return Some(Event::Html(CowStr::Borrowed(extra)));
            };
            let index = self.parsed;
            self.parsed += 1;
            self.given = Some(index);
            // Most events are not edited: they pass straight through.
            if index < self.next_edit && !TableCells::reads(&event) {
                return Some(event);
            }
            if let Some(event) = self.edit(index, event) {
                return Some(event);
            }
        }
    }
}

/// The start of the box a table scrolls in, up to its label.
const TABLE_SCROLL_OPEN: &str =
    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"";

/// Where the writer is in a table, to write each aligned cell's alignment as a class
/// (`<td class="align-right">`) that the theme's stylesheet styles, rather than as the
/// `style` attribute pulldown-cmark writes, which a Content-Security-Policy of
/// `style-src 'self'` blocks.
#[derive(Default)]
struct TableCells {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

impl TableCells {
    /// Whether `event` is one of a table's that [`Self::align_by_class`] reads or
    /// [`EditedEvents`] wraps in a box: every other event passes unchanged.
    fn reads(event: &Event<'_>) -> bool {
        matches!(
            event,
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
                | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableCell)
        )
    }

    /// Takes the alignments out of a table's start (so pulldown-cmark writes no `style`) and
    /// writes an aligned cell's start tag with its class.
    fn align_by_class(&mut self, event: &mut Event<'_>) {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                self.alignments = std::mem::take(alignments);
            }
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.cell = 0;
            }
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableRow) => self.cell = 0,
            Event::End(TagEnd::TableCell) => self.cell += 1,
            Event::Start(Tag::TableCell) => {
                let start = match (self.alignments.get(self.cell), self.in_head) {
                    (Some(Alignment::Left), true) => "<th class=\"align-left\">",
                    (Some(Alignment::Center), true) => "<th class=\"align-center\">",
                    (Some(Alignment::Right), true) => "<th class=\"align-right\">",
                    (Some(Alignment::Left), false) => "<td class=\"align-left\">",
                    (Some(Alignment::Center), false) => "<td class=\"align-center\">",
                    (Some(Alignment::Right), false) => "<td class=\"align-right\">",
                    _ => return,
                };
                *event = Event::Html(CowStr::Borrowed(start));
            }
            _ => {}
        }
    }
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
