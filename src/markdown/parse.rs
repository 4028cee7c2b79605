//! Parsing a page's markdown once, in parallel with every other page, before links can be
//! resolved: headings with their unique ids, questions (headings ending in `?`) with the range
//! of events of their answers, every link and image with its position in the file, and the
//! text the FAQ hub, JSON-LD and search need.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::care_cards::Level;
use super::prose::ProseFinder;
use super::text_split::TextSplit;
use super::{options, Document, Heading, LinkRef, OLD_ID_ATTRIBUTE};
use crate::content::blocks::Expanded;
use crate::content::clinic_values::Replaced;
use crate::diagnostics::LineIndex;
use crate::slug::slugify;
use crate::text::{TextPiece, Words};

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
    let mut used_ids: std::collections::HashSet<String> = Default::default();
    // The heading being read: the number and the event it starts at.
    let mut heading_start: Option<(usize, Event<'_>)> = None;
    let mut heading_text = String::new();
    let mut open_links: Vec<usize> = Vec::new();
    let mut words = Words::counting();
    let mut in_code = false;
    let mut texts = TextSplit::new(questions_enabled);
    // What the checks read of the page, kept only when asked for (`check`, the preview).
    let mut prose = keep_prose.then(|| ProseFinder::new(&source));
    let mut prose_text = String::new();
    let mut count = 0;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let index = count;
        count += 1;
        texts.before(index, &event, &mut doc);
        if let Some(prose) = &mut prose {
            prose.see(&event, file_offset(range.start)..file_offset(range.end));
        }
        let prose_piece = prose_piece(&event, &mut in_code);
        if let (Some(piece), true) = (prose_piece, prose.is_some()) {
            prose_text.push_str(piece);
        }
        if let Some(text) = plain_piece(&event) {
            // Looked at once for the word count and the texts. Every prose piece is a plain
            // one: the same text, or whitespace where the plain one is a space, which counts
            // the same.
            let piece = TextPiece::new(text);
            if prose_piece.is_some() {
                words.push_piece(&piece);
            }
            texts.push(&piece);
        }
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                heading_text.clear();
                let is_borrowed = borrowed.iter().any(|r| r.contains(&range.start));
                texts.heading_borrowed.push(is_borrowed);
                heading_start = Some((index, event));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, start_event)) = heading_start.take() {
                    let (line, _) = position(range.start);
                    finish_heading(
                        &mut doc,
                        &start_event,
                        start,
                        &heading_text,
                        line,
                        &mut used_ids,
                    );
                    if let Event::Start(Tag::Heading { level, .. }) = start_event {
                        texts.after_heading(&mut doc, index, heading_level(level));
                    }
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
                open_links.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                if heading_start.is_some() {
                    heading_text.push_str(t);
                }
                if let Some(&i) = open_links.last() {
                    let link = &mut doc.links[i];
                    link.has_text |= !t.trim().is_empty();
                    // Only the checks read a link's words: `build` keeps none.
                    if keep_prose {
                        link.text.push_str(t);
                    }
                }
            }
            _ => {}
        }
    }
    doc.word_count = words.count;
    doc.event_count = count;
    let (outside, answers) = texts.finish(count, &mut doc);
    doc.words_outside_answers = outside;
    doc.answer_texts = answers;
    doc.prose = prose.map(|prose| prose.finish(prose_text));
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

/// What `event` adds to the visible prose (no code, each block ending in a line break): text
/// outside code, and a line break or space where a block or line ends. `in_code` says whether
/// a code block is open.
fn prose_piece<'a>(event: &'a Event<'a>, in_code: &mut bool) -> Option<&'a str> {
    match event {
        Event::Start(Tag::CodeBlock(_)) => *in_code = true,
        Event::End(TagEnd::CodeBlock) => *in_code = false,
        Event::Text(t) if !*in_code => return Some(t),
        Event::SoftBreak | Event::HardBreak => return Some(" "),
        Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => {
            return Some("\n")
        }
        _ => {}
    }
    None
}

/// What `event` adds to the plain text of an answer or of the page: its text and code, and
/// a space where a line, block or table cell ends ("Step" and "What happens" in adjacent
/// cells are not one word "StepWhat").
pub(super) fn plain_piece<'a>(event: &'a Event<'a>) -> Option<&'a str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        Event::SoftBreak
        | Event::HardBreak
        | Event::End(
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead,
        ) => Some(" "),
        _ => None,
    }
}
