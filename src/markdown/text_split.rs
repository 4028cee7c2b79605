//! A page's plain text split as it is parsed, one event at a time: each question's answer
//! (the events after its heading, up to the next heading of the same or a higher level or
//! the first footnote definition) and the text outside every answer, which search indexes
//! apart. Nothing of the event stream is kept: each piece of text goes straight to the
//! answers open when it comes (an answer may hold a smaller question's) or, outside them,
//! to the page's text.
//!
//! The text outside answers is the plain text of each stretch of events between answers,
//! the stretches joined by a space; the page keeps only its distinct words, all search reads
//! of it, found as the pieces come ([`DistinctWords`]). Every text is written into a buffer
//! the thread keeps from page to page and copied out at its exact length: a site's texts are
//! kept until the build ends, and growing each of them by doubling would keep up to twice
//! their size.

use pulldown_cmark::{Event, Tag};
use std::cell::RefCell;

use super::distinct_words::DistinctWords;
use super::{Document, QuestionBlock};
use crate::text::{TextPiece, Words};

/// An answer being read: its question's number, its heading's level and its text so far.
struct OpenAnswer {
    question: usize,
    level: u8,
    words: Words,
}

/// The texts of a page being parsed (see the module docs).
pub(super) struct TextSplit {
    questions_enabled: bool,
    /// Per heading so far: whether it belongs to a block another page owns (then it is no
    /// question here).
    pub heading_borrowed: Vec<bool>,
    open: Vec<OpenAnswer>,
    /// The distinct words of the text outside answers, up to the event read.
    outside: DistinctWords,
    /// Per question: its answer's text, once the answer has ended.
    answers: Vec<String>,
}

thread_local! {
    /// Buffers for texts being written, kept by each thread from page to page.
    static BUFFERS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// An empty buffer, with the room a text of an earlier page left in it.
fn buffer() -> String {
    BUFFERS.with(|b| b.borrow_mut().pop()).unwrap_or_default()
}

/// `words` joining into a buffer of [`buffer`].
fn joining() -> Words {
    let mut words = Words::joining();
    words.text = buffer();
    words
}

/// Gives `text`'s buffer back for the next text, returning a copy of exactly its length.
fn copy_out(mut text: String) -> String {
    let copy = String::from(text.as_str());
    text.clear();
    BUFFERS.with(|b| b.borrow_mut().push(text));
    copy
}

impl TextSplit {
    pub(super) fn new(questions_enabled: bool) -> Self {
        TextSplit {
            questions_enabled,
            heading_borrowed: Vec::new(),
            open: Vec::new(),
            outside: DistinctWords::new(buffer()),
            answers: Vec::new(),
        }
    }

    /// Ends the answers event number `index` ends, before it is read: a heading ends those
    /// of questions of its level or a smaller one; a footnote definition ends every one.
    pub(super) fn before(&mut self, index: usize, event: &Event<'_>, doc: &mut Document) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                self.close(index, doc, |answer| answer.level >= level);
            }
            Event::Start(Tag::FootnoteDefinition(_)) => self.close(index, doc, |_| true),
            _ => {}
        }
    }

    /// Adds a piece of plain text to every open answer, or to the text outside them.
    pub(super) fn push(&mut self, piece: &TextPiece<'_>) {
        if self.open.is_empty() {
            self.outside.push(piece);
        }
        for answer in &mut self.open {
            answer.words.push_piece(piece);
        }
    }

    /// After the heading just recorded in `doc` ends at event `index` (its level `level`):
    /// if it is a question, its answer starts with the next event.
    pub(super) fn after_heading(&mut self, doc: &mut Document, index: usize, level: u8) {
        let h = doc.headings.len() - 1;
        let is_question = self.questions_enabled
            && doc.headings[h].text.ends_with('?')
            && self.heading_borrowed.get(h) != Some(&true);
        if !is_question {
            return;
        }
        let start = index + 1;
        // The stretches outside answers are joined by a space: no word runs from one into
        // the next.
        self.outside.end_word();
        doc.questions.push(QuestionBlock {
            heading: h,
            answer: start..start,
        });
        self.answers.push(String::new());
        self.open.push(OpenAnswer {
            question: doc.questions.len() - 1,
            level,
            words: joining(),
        });
    }

    /// The distinct words outside answers and each answer's text, once all `count` events
    /// are read.
    pub(super) fn finish(mut self, count: usize, doc: &mut Document) -> (String, Vec<String>) {
        self.close(count, doc, |_| true);
        (copy_out(self.outside.finish()), self.answers)
    }

    /// Ends the open answers `ends` picks at event `index` (the first event not theirs).
    fn close(&mut self, index: usize, doc: &mut Document, ends: impl Fn(&OpenAnswer) -> bool) {
        let mut i = 0;
        while i < self.open.len() {
            if !ends(&self.open[i]) {
                i += 1;
                continue;
            }
            let answer = self.open.remove(i);
            doc.questions[answer.question].answer.end = index;
            self.answers[answer.question] = copy_out(answer.words.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    use super::super::{options, parse};
    use super::DistinctWords;

    /// Each word of `text` once, in the order first seen, joined by spaces.
    fn distinct_words(text: &str) -> String {
        let mut words = DistinctWords::new(String::new());
        words.push(&crate::text::TextPiece::new(text));
        words.finish()
    }

    /// The texts by their definition, from the whole event stream at once: each question's
    /// answer runs from after its heading to the next heading of its level or a smaller one,
    /// or the first footnote definition; the text outside is the plain text of each stretch
    /// between answers, joined by a space (the page keeps its distinct words).
    fn by_definition(body: &str) -> (Vec<(usize, usize)>, String, Vec<String>) {
        let events: Vec<Event<'_>> = Parser::new_ext(body, options()).collect();
        let plain = |events: &[Event<'_>]| {
            let mut words = crate::text::Words::joining();
            for e in events {
                if let Some(piece) = super::super::parse::plain_piece(e) {
                    words.push(piece);
                }
            }
            words.text
        };
        let headings: Vec<(usize, u8)> = events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Event::Start(Tag::Heading { level, .. }) => Some((i, *level as u8)),
                _ => None,
            })
            .collect();
        let mut ranges = Vec::new();
        for (h, &(start, level)) in headings.iter().enumerate() {
            let end_of_heading = (start..events.len())
                .find(|&i| matches!(events[i], Event::End(TagEnd::Heading(_))))
                .unwrap();
            let text = plain(&events[start..end_of_heading]);
            if !text.trim().ends_with('?') {
                continue;
            }
            let from = end_of_heading + 1;
            let footnote = (from..events.len())
                .find(|&i| matches!(events[i], Event::Start(Tag::FootnoteDefinition(_))))
                .unwrap_or(events.len());
            let next = headings[h + 1..]
                .iter()
                .find(|(_, l)| *l <= level)
                .map_or(events.len(), |(i, _)| *i);
            ranges.push((from, next.min(footnote)));
        }
        let answers = ranges.iter().map(|&(a, b)| plain(&events[a..b])).collect();
        let mut sorted = ranges.clone();
        sorted.sort();
        let (mut outside, mut at) = (String::new(), 0);
        for (start, end) in sorted {
            if start > at {
                outside.push_str(&plain(&events[at..start]));
                outside.push(' ');
            }
            at = at.max(end);
        }
        if at < events.len() {
            outside.push_str(&plain(&events[at..]));
        }
        (ranges, outside, answers)
    }

    fn check(body: &str) {
        let doc = parse(body.to_string(), 0, true);
        let ranges: Vec<(usize, usize)> = doc
            .questions
            .iter()
            .map(|q| (q.answer.start, q.answer.end))
            .collect();
        let (want_ranges, want_outside, want_answers) = by_definition(body);
        assert_eq!(ranges, want_ranges, "{body:?}");
        assert_eq!(
            doc.words_outside_answers,
            distinct_words(&want_outside),
            "{body:?}"
        );
        assert_eq!(doc.answer_texts, want_answers, "{body:?}");
    }

    #[test]
    fn words_outside_answers_are_kept_once_in_the_order_first_seen() {
        let doc = parse(
            "Rest and rest.\n\n## Rest?\n\nRest here.\n\n## More\n\nRest and `rest` café café."
                .into(),
            0,
            true,
        );
        assert_eq!(
            doc.words_outside_answers,
            "Rest and rest. Rest? More rest café café."
        );
        assert_eq!(doc.answer_texts, ["Rest here."]);
        // Long words, and short ones that differ only by a zero byte, are told apart.
        let long = "psychotherapeutically";
        let text =
            format!("a {long} ab a\u{0}b {long} abcdefghijklmno abcdefghijklmnop ab a\u{0}b");
        assert_eq!(
            distinct_words(&text),
            format!("a {long} ab a\u{0}b abcdefghijklmno abcdefghijklmnop")
        );
    }

    #[test]
    fn answers_nest_end_at_footnotes_and_may_be_empty() {
        check("## Why?\n\n### How?\n\nBy hand.\n\n#### Detail\n\nMore.\n\n## After\n\nEnd.\n");
        check("## Why?\n## Next?\n\nText.[^1]\n\n[^1]: A note.\n\n## Late?\n\nLast.");
        check("Intro.\n\n## Last?");
        check("## Only?\n\n");
        check("> ## In a quote?\n> Quoted.\n\n- ## In a list?\n  Item.\n\nAfter.");
        check("| a | b |\n|---|---|\n| ## no? | c |\n\n## Table?\n\n| x |\n|---|\n| y |\n");
        check("");
    }

    /// Pieces of markdown that start and end questions, in any order.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "## Why?\n\n",
            "### How?\n\n",
            "#### Small?\n\n",
            "## Plain\n\n",
            "### Sub\n\n",
            "Some *text* and `code`.\n\n",
            "Line one\nline two  \nthree.\n\n",
            "- item\n- `more`\n\n",
            "| a | b |\n|---|---|\n| c | d |\n\n",
            "Note.[^n]\n\n",
            "[^n]: The note.\n\n",
            "> A quote.\n\n",
            "```\ncode block\n```\n\n",
        ])
    }

    proptest! {
        #[test]
        fn the_split_as_events_come_is_the_split_by_definition(
            pieces in prop::collection::vec(piece(), 0..12)
        ) {
            check(&pieces.concat());
        }
    }
}
