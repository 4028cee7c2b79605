//! Parsing a page's markdown once, in parallel with every other page, before links can be
//! resolved: headings with their unique ids, questions (headings ending in `?`) with the range
//! of events of their answers, every link and image with its position in the file, and the
//! text the FAQ hub, JSON-LD and search need.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::care_cards::Level;
use super::prose::ProseFinder;
use super::{options, Document, Heading, LinkRef, QuestionBlock, OLD_ID_ATTRIBUTE};
use crate::content::blocks::Expanded;
use crate::content::clinic_values::Replaced;
use crate::diagnostics::LineIndex;
use crate::slug::slugify;
use crate::text::Words;

/// Parses the body of `source` (a page's file), which starts at byte `body_offset`.
pub fn parse(source: String, body_offset: usize, questions_enabled: bool) -> Document {
    parse_with_values(source, body_offset, None, questions_enabled, false)
}

/// Parses the body of `source` (a page's file, from byte `body_offset`), or `replaced` (that
/// body with its clinic values put in) when it has any. Positions are those of the file as
/// written. With `keep_prose`, the document keeps what the checks read ([`super::Prose`]).
pub(crate) fn parse_with_values(
    source: String,
    body_offset: usize,
    replaced: Option<Replaced>,
    questions_enabled: bool,
    keep_prose: bool,
) -> Document {
    let file_len = source.len();
    let mut doc = parse_parts(
        source,
        body_offset,
        replaced,
        questions_enabled,
        &[],
        keep_prose,
    );
    doc.file_len = file_len;
    doc
}

/// Parses a page's body with the blocks it shows put in ([`Expanded`]): positions in block
/// text are lines of the source after the page's own file. Questions whose heading lies in
/// `expanded.borrowed` belong to another page and are plain headings here.
pub(crate) fn parse_expanded(
    expanded: Expanded,
    body_offset: usize,
    questions_enabled: bool,
    keep_prose: bool,
) -> Document {
    let Expanded {
        source,
        file_len,
        replaced,
        included,
        borrowed,
    } = expanded;
    let mut doc = parse_parts(
        source,
        body_offset,
        Some(replaced),
        questions_enabled,
        &borrowed,
        keep_prose,
    );
    doc.file_len = file_len;
    doc.included = included;
    doc
}

fn parse_parts(
    source: String,
    body_offset: usize,
    replaced: Option<Replaced>,
    questions_enabled: bool,
    borrowed: &[Range<usize>],
    keep_prose: bool,
) -> Document {
    let lines = LineIndex::new(&source);
    let file_offset = |offset: usize| {
        body_offset
            + match &replaced {
                Some(r) => r.map.original_offset(offset),
                None => offset,
            }
    };
    let position = |offset: usize| lines.line_col(&source, file_offset(offset));
    let mut doc = Document {
        body_offset,
        ..Document::default()
    };
    let body = match &replaced {
        Some(r) => r.body.as_str(),
        None => &source[body_offset..],
    };
    // About one event per ten bytes of markdown.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 10 + 16);
    let mut used_ids: std::collections::HashSet<String> = Default::default();
    let mut heading_start: Option<usize> = None;
    let mut heading_text = String::new();
    let mut open_links: Vec<usize> = Vec::new();
    // Per heading: whether its question belongs to another page (a block's).
    let mut heading_borrowed: Vec<bool> = Vec::new();
    let mut prose = keep_prose.then(|| ProseFinder::new(&source));

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let index = events.len();
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                heading_start = Some(index);
                heading_text.clear();
                heading_borrowed.push(borrowed.iter().any(|r| r.contains(&range.start)));
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
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (line, _) = position(range.start);
                doc.care_cards.push((Level::of(*kind), line));
            }
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            })
            | Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => {
                let (line, column) = position(range.start);
                open_links.push(doc.links.len());
                doc.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    line,
                    column,
                    event: index,
                    is_image: matches!(event, Event::Start(Tag::Image { .. })),
                    is_email: *link_type == LinkType::Email,
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
        if let Some(prose) = &mut prose {
            prose.see(&event, file_offset(range.start)..file_offset(range.end));
        }
        events.push(event);
    }
    let mut words = Words::counting();
    for_each_prose_piece(&events, |piece| words.push(piece));
    doc.word_count = words.count;
    doc.event_count = events.len();
    if questions_enabled {
        find_questions(&mut doc, &events, &heading_borrowed);
    }
    doc.text_outside_answers = text_outside_answers(&doc, &events);
    doc.answer_texts = doc
        .questions
        .iter()
        .map(|q| plain_text_of(&events[q.answer.clone()]))
        .collect();
    doc.prose = prose.map(|prose| prose.finish(prose_of(&events)));
    drop(events);
    doc.source = source;
    doc.replaced = replaced;
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
    let Event::Start(Tag::Heading {
        level, id, attrs, ..
    }) = start_event
    else {
        return;
    };
    let old_ids = attrs
        .iter()
        .filter(|(key, _)| key.as_ref() == OLD_ID_ATTRIBUTE)
        .filter_map(|(_, value)| Some(value.as_ref()?.to_string()))
        .collect();
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
        old_ids,
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

/// Marks headings ending in `?` as questions and finds where each answer ends.
fn find_questions(doc: &mut Document, events: &[Event<'_>], borrowed: &[bool]) {
    let heading_events: Vec<(usize, u8)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some((i, heading_level(*level))),
            _ => None,
        })
        .collect();
    for (h, &(start, level)) in heading_events.iter().enumerate() {
        if !doc.headings[h].text.ends_with('?') || borrowed.get(h) == Some(&true) {
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
