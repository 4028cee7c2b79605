//! The question model: every question on the site, its stable id and its topic page.
//!
//! A question is a heading ending in `?` (found by [`crate::markdown`]); its id is the
//! heading's id and must be unique across the whole site, so `@#id` links can find a question
//! wherever it lives. Related questions are computed in [`related_questions`] from explicit
//! `related` front matter, links between answers, and shared tags.

use std::collections::{BTreeSet, HashMap};

use crate::content::Page;
use crate::diagnostics::Diagnostic;

/// A question on a page.
#[derive(Debug, Clone)]
pub struct Question {
    /// The anchor id, unique across the site.
    pub id: String,
    /// The heading text, as the reader sees it.
    pub text: String,
    /// Index of the page it is on.
    pub page: usize,
    /// Index into that page's `doc.questions`.
    pub block: usize,
    pub line: usize,
}

/// All questions, in page order, with an index by id.
#[derive(Debug, Clone, Default)]
pub struct Questions {
    pub all: Vec<Question>,
    pub by_id: HashMap<String, usize>,
}

/// Collects the questions of every page, with a problem for each id used by two questions
/// (the first keeps the id, so links to it still resolve).
pub fn collect(pages: &[Page]) -> (Questions, Vec<Diagnostic>) {
    let mut questions = Questions::default();
    let mut problems = Vec::new();
    for (page_index, page) in pages.iter().enumerate() {
        for (block, q) in page.doc.questions.iter().enumerate() {
            let heading = &page.doc.headings[q.heading];
            if let Some(&other) = questions.by_id.get(&heading.id) {
                let first = &questions.all[other];
                let first_page = &pages[first.page];
                problems.push(
                    Diagnostic::error(&page.source, format!("the question id `{}` is already used", heading.id))
                        .at(heading.line, 1)
                        .help(format!(
                            "{}:{} asks \"{}\" with the same id; question ids must be unique across the site, so reword one or give it an id: `### {} {{#another-id}}`",
                            first_page.source.display(),
                            first.line,
                            first.text,
                            heading.text
                        )),
                );
                continue;
            }
            questions
                .by_id
                .insert(heading.id.clone(), questions.all.len());
            questions.all.push(Question {
                id: heading.id.clone(),
                text: heading.text.clone(),
                page: page_index,
                block,
                line: heading.line,
            });
        }
    }
    (questions, problems)
}

/// Up to `limit` questions related to question `q`, most related first: questions its answer
/// links to or that link to it, then questions listed in its page's `related`, then
/// questions on pages that share a tag with its page. Never the question itself, never one on
/// the same page (those are in view already).
pub fn related_questions(
    q: usize,
    questions: &Questions,
    pages: &[Page],
    answer_links: &[BTreeSet<usize>],
    explicit_for_page: &[Vec<usize>],
    limit: usize,
) -> Vec<usize> {
    let me = &questions.all[q];
    let mut picked: Vec<usize> = Vec::new();
    let push = |candidate: usize, picked: &mut Vec<usize>| {
        let other = &questions.all[candidate];
        if candidate != q
            && other.page != me.page
            && !picked.contains(&candidate)
            && picked.len() < limit
        {
            picked.push(candidate);
        }
    };
    for &linked in &answer_links[q] {
        push(linked, &mut picked);
    }
    for (other, links) in answer_links.iter().enumerate() {
        if links.contains(&q) {
            push(other, &mut picked);
        }
    }
    for &explicit in &explicit_for_page[me.page] {
        push(explicit, &mut picked);
    }
    let my_tags = &pages[me.page].meta.tags;
    if !my_tags.is_empty() {
        for (candidate, other) in questions.all.iter().enumerate() {
            if pages[other.page]
                .meta
                .tags
                .iter()
                .any(|t| my_tags.contains(t))
            {
                push(candidate, &mut picked);
            }
        }
    }
    picked
}
