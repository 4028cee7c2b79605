//! The documents a search can return, their numbers and what a result shows of each.
//!
//! **Numbers.** Every question of the site comes first, in site order (page by page, each
//! page's questions in reading order), then every page, in site order. Documents of equal
//! score are listed in number order, so a question is listed before any page that matches
//! as well ("questions above whole pages"), and the browser knows whether a document is a
//! question from its number alone (below the manifest's `questions`), before loading anything
//! about it.
//!
//! **Records.** What a result shows, as a JSON array: for a page `[title, path, description]`,
//! for a question `[question, path#id, page title, answer]`. `path` is the site path without
//! the leading `/` (`safety/`): the browser prefixes the page's own root, so results work
//! from every depth, under a project path and offline. A question names its page's title
//! itself, so its record never needs another one to be loaded. The answer is cut after
//! [`ANSWER_CHARS`] characters (at a word, marked with `…`): enough for the browser to show
//! a snippet around the words that matched.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::json_string::push_string;
use crate::model::{PageId, QuestionId, Site};

/// How much of an answer a record keeps for its snippet.
pub(crate) const ANSWER_CHARS: usize = 300;

/// Document numbers: questions first, then pages (see the module docs).
pub(crate) struct Numbering {
    /// The questions, in document order.
    questions: Vec<QuestionId>,
    /// Per page: the number of its first question.
    first_question: Vec<usize>,
    pages: usize,
}

impl Numbering {
    pub(crate) fn new(site: &Site) -> Self {
        let mut questions = Vec::with_capacity(site.questions.all.len());
        let mut first_question = Vec::with_capacity(site.pages.len());
        for of_page in site.questions.of_page.iter() {
            first_question.push(questions.len());
            questions.extend_from_slice(of_page);
        }
        Numbering {
            questions,
            first_question,
            pages: site.pages.len(),
        }
    }

    /// How many documents: every question and every page.
    pub(crate) fn len(&self) -> usize {
        self.questions.len() + self.pages
    }

    /// How many questions (the documents numbered first).
    pub(crate) fn questions(&self) -> usize {
        self.questions.len()
    }

    pub(crate) fn page_doc(&self, page: PageId) -> usize {
        self.questions.len() + page.index()
    }

    /// The number of `page`'s first question (its others follow).
    pub(crate) fn first_question(&self, page: PageId) -> usize {
        self.first_question[page.index()]
    }

    /// What document `doc` is.
    fn document(&self, doc: usize) -> SearchDocument {
        match self.questions.get(doc) {
            Some(&q) => SearchDocument::Question(q),
            None => SearchDocument::Page(PageId::new(doc - self.questions.len())),
        }
    }
}

enum SearchDocument {
    Question(QuestionId),
    Page(PageId),
}

/// A document's record, as the browser reads it (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Record {
    /// `[question, path#id, page title, answer]`.
    Question(String, String, String, String),
    /// `[title, path, description]`.
    Page(String, String, String),
}

/// A record's fields, borrowed from the site: a question's path is its page's path and its
/// id, put together only as they are written.
enum Fields<'a> {
    Question(&'a str, (&'a str, &'a str), &'a str, Cow<'a, str>),
    Page(&'a str, &'a str, &'a str),
}

fn fields<'a>(site: &'a Site, numbering: &Numbering, doc: usize) -> Fields<'a> {
    match numbering.document(doc) {
        SearchDocument::Question(q) => {
            let question = &site.questions.all[q];
            let page = &site.pages[question.page];
            let path = (page.path.trim_start_matches('/'), &*question.id);
            let answer = page
                .doc
                .answer_texts
                .get(question.block)
                .map_or("", String::as_str);
            Fields::Question(
                &question.text,
                path,
                &page.meta.title,
                snippet_source(answer),
            )
        }
        SearchDocument::Page(p) => {
            let page = &site.pages[p];
            let path = page.path.trim_start_matches('/');
            Fields::Page(&page.meta.title, path, &page.meta.description)
        }
    }
}

/// Appends the JSON of document `doc`'s record to `out` (as serde_json writes a [`Record`]).
pub(crate) fn write_record(site: &Site, numbering: &Numbering, doc: usize, out: &mut Vec<u8>) {
    out.push(b'[');
    match fields(site, numbering, doc) {
        Fields::Question(question, (page, id), title, answer) => {
            push_string(out, &[question]);
            out.push(b',');
            push_string(out, &[page, "#", id]);
            out.push(b',');
            push_string(out, &[title]);
            out.push(b',');
            push_string(out, &[&answer]);
        }
        Fields::Page(title, path, description) => {
            push_string(out, &[title]);
            out.push(b',');
            push_string(out, &[path]);
            out.push(b',');
            push_string(out, &[description]);
        }
    }
    out.push(b']');
}

/// Document `doc`'s record, as a value (for the whole index in one piece).
pub(crate) fn record(site: &Site, numbering: &Numbering, doc: usize) -> Record {
    match fields(site, numbering, doc) {
        Fields::Question(question, (page, id), title, answer) => Record::Question(
            question.into(),
            format!("{page}#{id}"),
            title.into(),
            answer.into(),
        ),
        Fields::Page(title, path, description) => {
            Record::Page(title.into(), path.into(), description.into())
        }
    }
}

/// The start of `answer`, cut at a space after at most [`ANSWER_CHARS`] characters, with `…`
/// when something was cut.
fn snippet_source(answer: &str) -> Cow<'_, str> {
    // No more bytes than characters allowed: nothing to cut (most answers).
    if answer.len() <= ANSWER_CHARS {
        return answer.into();
    }
    let ascii = answer.as_bytes()[..ANSWER_CHARS].is_ascii();
    let cut = if ascii {
        ANSWER_CHARS
    } else {
        match answer.char_indices().nth(ANSWER_CHARS) {
            Some((cut, _)) => cut,
            None => return answer.into(),
        }
    };
    let head = &answer[..cut];
    let end = head.rfind(' ').filter(|&at| at > 0).unwrap_or(cut);
    format!("{}\u{2026}", head[..end].trim_end()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_answer_is_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(snippet_source("Yes, you can."), "Yes, you can.");
        let long = "word ".repeat(100);
        let cut = snippet_source(&long);
        assert!(cut.ends_with("word\u{2026}"), "{cut}");
        assert!(cut.chars().count() <= ANSWER_CHARS + 1);
        let unbroken = "é".repeat(ANSWER_CHARS + 5);
        assert_eq!(
            snippet_source(&unbroken).chars().count(),
            ANSWER_CHARS + 1,
            "no space: cut at a character"
        );
    }
}
