//! Links resolved again after pages came, went or changed (the preview, after an edit of which
//! files there are): a page whose file did not change, and whose links name no page or
//! question that changed, keeps what its links resolved to before, with the pages and
//! questions they lead to at their new places; every other page's links are resolved afresh.
//! The graph is then put together as [`super::links::resolve`] does, so the result is the same
//! (`tests/preview_oracle` compares it with a full build after hundreds of edits).
//!
//! Why keeping is sound: a link resolves from the pages' files under content/ (by `@/` path),
//! their headings, and the site's question ids and old ids. A page that did not change
//! keeps its path, headings and questions; so a link naming neither the path of a page that
//! came, went or changed, nor an id or old id of a heading on one, resolves as it did.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::model::faq::Questions;
use crate::model::ids::{PageId, QuestionId, Table};
use crate::model::links::{Index, LinkGraph, Resolved, Resolver, Target};
use crate::model::Pages;

/// The site before the edit, as far as its links go.
pub(crate) struct Before<'a> {
    pub pages: &'a Pages,
    pub questions: &'a Questions,
    pub links: &'a LinkGraph,
    /// Its warnings (which all come from links).
    pub warnings: &'a [Diagnostic],
}

/// Per page of `pages`: its id in `before` if its file did not change (the same page read
/// then).
pub(crate) fn kept_pages(before: &Pages, pages: &Pages) -> Table<PageId, Option<PageId>> {
    let id_before: FxHashMap<*const Page, PageId> = before
        .enumerate()
        .map(|(id, page)| (Arc::as_ptr(page), id))
        .collect();
    pages
        .iter()
        .map(|page| id_before.get(&Arc::as_ptr(page)).copied())
        .collect()
}

/// [`super::links::resolve`] for `pages` and `questions` (a site in the default language whose every
/// page loaded), keeping what it can of `before`; `kept` is [`kept_pages`].
pub(crate) fn resolve_after(
    before: &Before<'_>,
    pages: &Pages,
    questions: &Questions,
    kept: Table<PageId, Option<PageId>>,
) -> (LinkGraph, Vec<Diagnostic>) {
    let moves = Moves::between(before, kept, questions);
    let changed = Changed::between(before.pages, pages, &moves.kept);
    let mut warnings: FxHashMap<&Path, Vec<Diagnostic>> = FxHashMap::default();
    for warning in before.warnings {
        warnings
            .entry(warning.file.as_path())
            .or_default()
            .push(warning.clone());
    }
    let resolver = Resolver {
        index: Index::new(pages, questions, &[]),
        fallback: None,
    };
    let _stage = crate::timings::stage("(links: resolve)");
    let resolved: Vec<Resolved> = (0..pages.len())
        .into_par_iter()
        .map(PageId::new)
        .map(|page| {
            moves.kept[page]
                .filter(|_| !changed.named_by(&pages[page]))
                .and_then(|old| moves.carried(before, old, &warnings))
                .unwrap_or_else(|| resolver.page(page))
        })
        .collect();
    drop(_stage);
    super::link_graph::assemble(resolved, questions)
}

/// Where the pages and questions that did not change went.
struct Moves {
    /// Per page now: its id before, if its file did not change.
    kept: Table<PageId, Option<PageId>>,
    /// Per page before: its id now, if kept.
    page_now: Table<PageId, Option<PageId>>,
    /// Per question before: its id now, if its page was kept.
    question_now: Table<QuestionId, Option<QuestionId>>,
}

impl Moves {
    fn between(
        before: &Before<'_>,
        kept: Table<PageId, Option<PageId>>,
        questions: &Questions,
    ) -> Moves {
        let mut page_now: Table<PageId, Option<PageId>> = Table::filled(before.pages.len());
        let mut question_now: Table<QuestionId, Option<QuestionId>> =
            Table::filled(before.questions.all.len());
        for (now, old) in kept.enumerate() {
            let Some(old) = *old else { continue };
            page_now[old] = Some(now);
            let (was, is) = (&before.questions.of_page[old], &questions.of_page[now]);
            if was.len() == is.len() {
                for (&was, &is) in was.iter().zip(is) {
                    question_now[was] = Some(is);
                }
            }
        }
        Moves {
            kept,
            page_now,
            question_now,
        }
    }

    fn target(&self, target: Target) -> Option<Target> {
        match target {
            Target::Page(p) => self.page_now[p].map(Target::Page),
            Target::Question(q) => self.question_now[q].map(Target::Question),
        }
    }

    /// What the links of page `old` resolved to, at the new places; `None` if something
    /// they led to has no place now (the page is then resolved afresh).
    fn carried(
        &self,
        before: &Before<'_>,
        old: PageId,
        warnings: &FxHashMap<&Path, Vec<Diagnostic>>,
    ) -> Option<Resolved> {
        let graph = before.links;
        let targets = graph.outgoing[old]
            .iter()
            .map(|&t| self.target(t))
            .collect::<Option<Vec<Target>>>()?;
        let related = graph.related[old]
            .iter()
            .map(|&t| self.target(t))
            .collect::<Option<Vec<Target>>>()?;
        let mut answer_links = Vec::new();
        for &q in &before.questions.of_page[old] {
            for &to in &graph.answer_links[q] {
                answer_links.push((self.question_now[q]?, self.question_now[to]?));
            }
        }
        let source = before.pages[old].source.as_path();
        Some(Resolved {
            hrefs: graph.hrefs[old].clone(),
            targets,
            related,
            answer_links,
            problems: warnings.get(source).cloned().unwrap_or_default(),
        })
    }
}

/// What links can name that changed: the files (under content/) of pages that came, went or
/// changed, and the ids and old ids of their headings, before and after.
struct Changed<'a> {
    rels: FxHashSet<&'a str>,
    ids: FxHashSet<&'a str>,
}

impl<'a> Changed<'a> {
    fn between(before: &'a Pages, pages: &'a Pages, kept: &Table<PageId, Option<PageId>>) -> Self {
        let mut still_here: Table<PageId, bool> = Table::filled(before.len());
        for old in kept.iter().flatten() {
            still_here[*old] = true;
        }
        let came = pages.enumerate().filter(|(id, _)| kept[*id].is_none());
        let went = before.enumerate().filter(|(id, _)| !still_here[*id]);
        let mut changed = Changed {
            rels: FxHashSet::default(),
            ids: FxHashSet::default(),
        };
        for (_, page) in came.chain(went) {
            changed.rels.insert(page.rel.as_str());
            for heading in &page.doc.headings {
                changed.ids.insert(heading.id.as_str());
                changed
                    .ids
                    .extend(heading.old_ids.iter().map(String::as_str));
            }
        }
        changed
    }

    /// Whether a link or `related` entry of `page` names something that changed.
    fn named_by(&self, page: &Page) -> bool {
        let dests = page
            .doc
            .links
            .iter()
            .filter(|l| !l.is_email)
            .map(|l| l.dest.as_str())
            .chain(page.meta.related.iter().map(|r| r.value.as_str()));
        dests.into_iter().any(|dest| self.names(&page.rel, dest))
    }

    fn names(&self, from_rel: &str, dest: &str) -> bool {
        if let Some(id) = dest.strip_prefix("@#") {
            return self.ids.contains(id);
        }
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        Index::rel_of(from_rel, path).is_some_and(|rel| self.rels.contains(&*rel))
    }
}
