//! The question model: every question on the site, its stable id and its topic page.
//!
//! A question is a heading ending in `?` (found by [`crate::markdown`]); its id is the
//! heading's id and must be unique across the whole site, so `@#id` links can find a question
//! wherever it lives. Related questions are computed in [`compute_related`] from explicit
//! `related` front matter, links between answers, and shared tags.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::model::ids::{PageId, QuestionId, Table};
use crate::model::links::{LinkGraph, Target};
use crate::model::Pages;

/// A question on a page.
#[derive(Debug, Clone)]
pub struct Question {
    /// The anchor id, unique across the site.
    pub id: Arc<str>,
    /// The heading text, as the reader sees it.
    pub text: Arc<str>,
    /// The page it is on.
    pub page: PageId,
    /// Index into that page's `doc.questions`.
    pub block: usize,
    /// Ids it had before (`{#id was=old-id}`): links from outside the site that name them
    /// still land on it, and `@#old-id` still resolves (with a warning to update it).
    pub old_ids: Vec<String>,
}

impl Question {
    /// The line of its heading in its page's file (`page` is the page it is on).
    pub(crate) fn line(&self, page: &Page) -> usize {
        page.doc
            .questions
            .get(self.block)
            .and_then(|q| page.doc.headings.get(q.heading))
            .map_or(page.meta.line, |h| h.line)
    }
}

/// All questions, in page order, with an index by id.
#[derive(Debug, Clone, Default)]
pub struct Questions {
    pub all: Table<QuestionId, Question>,
    pub by_id: Arc<HashMap<Arc<str>, QuestionId>>,
    /// Each old id (see [`Question::old_ids`]) and the question that had it.
    pub by_old_id: Arc<HashMap<String, QuestionId>>,
    /// Per page: its questions, in page order.
    pub of_page: Table<PageId, Vec<QuestionId>>,
}

/// How many related questions a question shows.
pub(crate) const RELATED_LIMIT: usize = 3;

/// The questions of a site before an edit, and per page now, its id then if its file did not
/// change: such a page's questions share their id and text with the ones before.
pub(crate) type Earlier<'a> = (&'a Questions, &'a Table<PageId, Option<PageId>>);

/// [`collect`], sharing what it can with the questions `earlier`.
pub(crate) fn collect_reusing(
    pages: &Pages,
    earlier: Option<Earlier<'_>>,
) -> (Questions, Vec<Diagnostic>) {
    if let Some(same) = earlier.and_then(|earlier| same_questions(pages, earlier)) {
        return (same, Vec::new());
    }
    let count: usize = pages.iter().map(|p| p.doc.questions.len()).sum();
    let mut questions = Questions {
        of_page: Table::filled(pages.len()),
        all: Vec::with_capacity(count).into(),
        ..Default::default()
    };
    let mut by_id: HashMap<Arc<str>, QuestionId> =
        HashMap::with_capacity_and_hasher(count, Default::default());
    let mut problems = Vec::new();
    for (page_index, page) in pages.enumerate() {
        let before: &[QuestionId] = earlier
            .and_then(|(questions, kept)| Some(&questions.of_page[kept[page_index]?]))
            .map_or(&[], Vec::as_slice);
        for (block, q) in page.doc.questions.iter().enumerate() {
            let heading = &page.doc.headings[q.heading];
            let same = earlier.and_then(|(questions, _)| {
                let question = &questions.all[*before.get(block)?];
                (question.block == block).then_some(question)
            });
            if let Some(&other) = by_id.get(heading.id.as_str()) {
                let first = &questions.all[other];
                let first_page = &pages[first.page];
                problems.push(
                    Diagnostic::error(&page.source, format!("the question id `{}` is already used", heading.id))
                        .at(heading.line, 1)
                        .help(format!(
                            "{}:{} asks \"{}\" with the same id; question ids must be unique across the site, so reword one or give it an id: `### {} {{#another-id}}`",
                            first_page.source.display(),
                            first.line(first_page),
                            first.text,
                            heading.text
                        )),
                );
                continue;
            }
            let id = QuestionId::new(questions.all.len());
            let (question_id, text): (Arc<str>, Arc<str>) = match same {
                Some(question) => (question.id.clone(), question.text.clone()),
                None => (heading.id.as_str().into(), heading.text.as_str().into()),
            };
            by_id.insert(question_id.clone(), id);
            questions.of_page[page_index].push(id);
            questions.all.push(Question {
                id: question_id,
                text,
                page: page_index,
                block,
                old_ids: heading.old_ids.clone(),
            });
        }
    }
    questions.by_id = Arc::new(by_id);
    problems.extend(collect_old_ids(&mut questions, pages));
    (questions, problems)
}

/// The questions of `pages` when they are the questions `earlier`, in the same order, all on
/// pages whose files did not change (pages without questions came, went or moved): their ids
/// and the maps by id are kept, and only the pages they are on are told again.
fn same_questions(pages: &Pages, (before, kept): Earlier<'_>) -> Option<Questions> {
    let mut all: Table<QuestionId, Question> = Vec::with_capacity(before.all.len()).into();
    let mut of_page: Table<PageId, Vec<QuestionId>> = Table::filled(pages.len());
    for (page, p) in pages.enumerate() {
        if p.doc.questions.is_empty() {
            continue;
        }
        for &q in &before.of_page[kept[page]?] {
            let id = QuestionId::new(all.len());
            if q != id {
                return None;
            }
            of_page[page].push(id);
            all.push(Question {
                page,
                ..before.all[q].clone()
            });
        }
    }
    (all.len() == before.all.len()).then(|| Questions {
        all,
        of_page,
        by_id: before.by_id.clone(),
        by_old_id: before.by_old_id.clone(),
    })
}

/// Records every question's old ids, with a problem for an old id that is a live question's
/// id or another question's old id (a link naming it could not know which was meant).
fn collect_old_ids(questions: &mut Questions, pages: &Pages) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_old_id: HashMap<String, QuestionId> = HashMap::default();
    let place = |q: &Question| {
        let page = &pages[q.page];
        format!("{}:{}", page.source.display(), q.line(page))
    };
    for (id, question) in questions.all.enumerate() {
        for old in &question.old_ids {
            let clash = match (questions.by_id.get(old.as_str()), by_old_id.get(old)) {
                (Some(&live), _) => Some((live, "is the id of")),
                (None, Some(&other)) if other != id => Some((other, "is also an old id of")),
                _ => None,
            };
            if let Some((other, how)) = clash {
                let other = &questions.all[other];
                problems.push(
                    Diagnostic::error(
                        &pages[question.page].source,
                        format!("the old id `{old}` of \"{}\" {how} \"{}\"", question.text, other.text),
                    )
                    .at(question.line(&pages[question.page]), 1)
                    .help(format!(
                        "{} has it too; an id can lead to one question only, so remove `was={old}` here or there",
                        place(other)
                    )),
                );
                continue;
            }
            by_old_id.insert(old.clone(), id);
        }
    }
    questions.by_old_id = Arc::new(by_old_id);
    problems
}

/// For every question, up to `limit` related questions, most related first: questions its
/// answer links to or whose answers link to it, then questions named in its page's `related`
/// front matter, then questions on pages sharing a tag with its page. Never the question
/// itself, never one on the same page (those are in view already). Linear in the number of
/// questions and links, so it stays cheap at 10,000 pages.
pub(crate) fn compute_related(
    questions: &Questions,
    pages: &Pages,
    graph: &LinkGraph,
    limit: usize,
) -> Table<QuestionId, Vec<QuestionId>> {
    let mut linked_from: Table<QuestionId, Vec<QuestionId>> = Table::filled(questions.all.len());
    for (from, targets) in graph.answer_links.enumerate() {
        for &to in targets {
            linked_from[to].push(from);
        }
    }
    let mut by_tag: HashMap<&str, Vec<QuestionId>> = HashMap::default();
    for (i, q) in questions.all.enumerate() {
        for tag in &pages[q.page].meta.tags {
            by_tag.entry(tag.as_str()).or_default().push(i);
        }
    }
    let explicit = |page: PageId| {
        graph.related[page].iter().filter_map(|t| match t {
            Target::Question(q) => Some(q),
            Target::Page(_) => None,
        })
    };
    let related: Vec<Vec<QuestionId>> = (0..questions.all.len())
        .into_par_iter()
        .map(QuestionId::new)
        .map(|q| {
            let me = &questions.all[q];
            let mut picked: Vec<QuestionId> = Vec::with_capacity(limit);
            let tagged = pages[me.page]
                .meta
                .tags
                .iter()
                .flat_map(|t| by_tag.get(t.as_str()).into_iter().flatten());
            let candidates = graph.answer_links[q]
                .iter()
                .chain(&linked_from[q])
                .chain(explicit(me.page))
                .chain(tagged);
            for &candidate in candidates {
                if picked.len() == limit {
                    break;
                }
                if candidate != q
                    && questions.all[candidate].page != me.page
                    && !picked.contains(&candidate)
                {
                    picked.push(candidate);
                }
            }
            picked
        })
        .collect();
    related.into()
}
