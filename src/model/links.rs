//! Internal links: resolving `@/page.md#anchor`, `@#question-id`, `page.md` and `#anchor`
//! links written in markdown and in `related` front matter, and the link graph they form
//! (backlinks, orphans).
//!
//! Resolution happens on the whole model before anything is rendered, so a missing page or
//! anchor fails the build with file:line and a did-you-mean. The resolved target is a site
//! path (`/safety/#risks`); [`crate::urls`] turns it into an href for each output style.
//!
//! Each page's links are resolved on their own, in parallel, and the graph is put together
//! from the results: the preview works it out again after every edit that moves a link or a
//! page, so it has to be quick at 10,000 pages (hash maps with FxHash, no string formatting,
//! sets built from sorted runs).

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::{FailedPage, Page};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::model::faq::Questions;
use crate::model::ids::{PageId, QuestionId, Table};
use crate::model::Pages;

/// What a link points at inside the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Page(PageId),
    Question(QuestionId),
}

/// The link graph of the site. Every list of pages or questions in it is sorted, each member
/// once.
#[derive(Debug, Clone, Default)]
pub struct LinkGraph {
    /// Per page, per markdown link (same order as `doc.links`): the resolved site path.
    /// Shared, so that the preview keeps the links of a page whose targets did not change.
    pub hrefs: Table<PageId, Arc<[Option<String>]>>,
    /// Per page: pages and questions its body and `related` link to.
    pub outgoing: Table<PageId, Vec<Target>>,
    /// Per page: pages whose body or `related` links to it.
    pub backlinks: Table<PageId, Vec<PageId>>,
    /// Per question: questions its answer links to.
    pub answer_links: Table<QuestionId, Vec<QuestionId>>,
    /// Per question: pages that link to it.
    pub question_backlinks: Table<QuestionId, Vec<PageId>>,
    /// Per page: what its `related` front matter names, in order.
    pub related: Table<PageId, Vec<Target>>,
}

pub(super) struct Index<'a> {
    pages: &'a Pages,
    questions: &'a Questions,
    by_rel: FxHashMap<&'a str, PageId>,
    /// Files that did not load: links to them are not reported as broken a second time.
    failed: &'a [FailedPage],
}

impl Index<'_> {
    /// The file under content/ a page link written on page `from` names (`None` when `path`
    /// is not a page link).
    pub(super) fn rel_of<'p>(from_rel: &'p str, path: &'p str) -> Option<Cow<'p, str>> {
        if let Some(rel) = path.strip_prefix("@/") {
            Some(Cow::Borrowed(rel))
        } else if path.is_empty() {
            Some(Cow::Borrowed(from_rel))
        } else if path.ends_with(".md") && !path.contains("://") && !path.starts_with('/') {
            Some(Cow::Owned(join_relative(from_rel, path)))
        } else {
            None
        }
    }

    /// A warning when `dest` names a question by an id it had before (`@#old-id`).
    fn renamed(&self, page: &Page, dest: &str, line: usize) -> Option<Diagnostic> {
        let old = dest.strip_prefix("@#")?;
        if self.questions.by_id.contains_key(old) {
            return None;
        }
        let question = &self.questions.all[*self.questions.by_old_id.get(old)?];
        Some(
            Diagnostic::warning(
                &page.source,
                format!("`@#{old}` is an old id of \"{}\"", question.text),
            )
            .at(line, 1)
            .help(format!(
                "the link still works; update it to @#{}",
                question.id
            )),
        )
    }

    /// Whether `dest` may lead to a file that did not load (so its problem is that file's).
    fn names_failed_page(&self, from_rel: &str, dest: &str) -> bool {
        if self.failed.is_empty() {
            return false;
        }
        if let Some(id) = dest.strip_prefix("@#") {
            return self.failed.iter().any(|f| f.ids.iter().any(|i| i == id));
        }
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        Self::rel_of(from_rel, path).is_some_and(|rel| self.failed.iter().any(|f| f.rel == rel))
    }

    /// Resolves a link written on page `from`. `Ok(None)` means "not internal, leave it".
    fn resolve(
        &self,
        from_rel: &str,
        dest: &str,
    ) -> Result<Option<(String, Target)>, (String, String)> {
        if let Some(id) = dest.strip_prefix("@#") {
            let found = self
                .questions
                .by_id
                .get(id)
                .or_else(|| self.questions.by_old_id.get(id));
            return match found {
                Some(&q) => {
                    let question = &self.questions.all[q];
                    let page = &self.pages[question.page];
                    Ok(Some((
                        concat(&[&page.path, "#", &question.id]),
                        Target::Question(q),
                    )))
                }
                None => Err((
                    format!("no question has the id `{id}`"),
                    suggest(
                        id,
                        self.questions.all.iter().map(|q| &*q.id),
                        "question ids are the question's words in lowercase joined by hyphens",
                    ),
                )),
            };
        }
        if dest.is_empty() {
            // `[text]()`: an empty href, as CommonMark writes it.
            return Ok(None);
        }
        // `page.md?query#fragment`: the query is kept as written, the fragment is checked.
        let (before_fragment, fragment) = match dest.find('#') {
            Some(i) => (&dest[..i], Some(&dest[i + 1..])),
            None => (dest, None),
        };
        let (path, query) = match before_fragment.find('?') {
            Some(i) => (&before_fragment[..i], &before_fragment[i..]),
            None => (before_fragment, ""),
        };
        let Some(rel) = Self::rel_of(from_rel, path) else {
            return Ok(None);
        };
        let Some(&target) = self.by_rel.get(&*rel) else {
            return Err((
                format!("no page at `@/{rel}`"),
                suggest(
                    &rel,
                    self.by_rel.keys().copied(),
                    "name the page by its file under content/, like @/safety.md",
                )
                .replace("did you mean `", "did you mean `@/"),
            ));
        };
        let page = &self.pages[target];
        match fragment {
            None | Some("") => Ok(Some((concat(&[&page.path, query]), Target::Page(target)))),
            Some(anchor) => {
                if !page.doc.headings.iter().any(|h| h.id == anchor) {
                    return Err((
                        format!(
                            "`{}` has no heading with the id `{anchor}`",
                            page.source.display()
                        ),
                        suggest(
                            anchor,
                            page.doc.headings.iter().map(|h| h.id.as_str()),
                            "link to one of the page's headings",
                        ),
                    ));
                }
                let target = match self.questions.by_id.get(anchor) {
                    Some(&q) if self.questions.all[q].page == target => Target::Question(q),
                    _ => Target::Page(target),
                };
                Ok(Some((concat(&[&page.path, query, "#", anchor]), target)))
            }
        }
    }
}

/// `parts` end to end, in a string allocated once.
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>, fallback: &str) -> String {
    match did_you_mean(word, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => fallback.to_string(),
    }
}

/// `guides/a.md` + `../safety.md` -> `safety.md`.
fn join_relative(from_rel: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from_rel.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The pages and questions of the site's default language, where links of a translation
/// lead when the translation has no page or question of that name.
#[derive(Clone, Copy)]
pub(crate) struct Fallback<'a> {
    pub pages: &'a Pages,
    pub questions: &'a Questions,
}

/// What the links of one page resolve to.
#[derive(Default)]
pub(super) struct Resolved {
    /// Per markdown link: the site path it leads to.
    pub(super) hrefs: Arc<[Option<String>]>,
    /// Every page and question its body and `related` name (may repeat).
    pub(super) targets: Vec<Target>,
    /// What its `related` names, in order.
    pub(super) related: Vec<Target>,
    /// (question whose answer holds the link, question it links to).
    pub(super) answer_links: Vec<(QuestionId, QuestionId)>,
    pub(super) problems: Vec<Diagnostic>,
}

impl<'a> Index<'a> {
    pub(super) fn new(
        pages: &'a Pages,
        questions: &'a Questions,
        failed: &'a [FailedPage],
    ) -> Self {
        Index {
            pages,
            questions,
            failed,
            by_rel: pages
                .enumerate()
                .map(|(i, p)| (p.rel.as_str(), i))
                .collect(),
        }
    }
}

/// The languages a page's links are resolved in: its own, and the default one for a
/// translation.
pub(super) struct Resolver<'a> {
    pub(super) index: Index<'a>,
    pub(super) fallback: Option<Index<'a>>,
}

impl Resolver<'_> {
    /// A link this language cannot resolve, resolved in the fallback language (its href
    /// only: the link graph is a language's own).
    fn elsewhere(&self, from_rel: &str, dest: &str) -> Option<String> {
        match self.fallback.as_ref()?.resolve(from_rel, dest) {
            Ok(Some((href, _))) => Some(href),
            _ => None,
        }
    }

    /// Resolves every link of page `from`.
    pub(super) fn page(&self, from: PageId) -> Resolved {
        let index = &self.index;
        let page = &index.pages[from];
        let mut hrefs: Vec<Option<String>> = Vec::with_capacity(page.doc.links.len());
        let mut out = Resolved::default();
        let question_of_block = |block: usize| {
            index.questions.of_page[from]
                .iter()
                .copied()
                .find(|&q| index.questions.all[q].block == block)
        };
        for link in &page.doc.links {
            if link.is_email {
                hrefs.push(None);
                continue;
            }
            match index.resolve(&page.rel, &link.dest) {
                Ok(Some((href, target))) => {
                    out.problems
                        .extend(index.renamed(page, &link.dest, link.line).map(|d| {
                            d.at(link.line, link.column).with_snippet(
                                page.doc.source_line(link.line),
                                link.dest.chars().count().max(1),
                            )
                        }));
                    hrefs.push(Some(href));
                    out.targets.push(target);
                    if let Target::Question(to) = target {
                        let enclosing = page
                            .doc
                            .questions
                            .iter()
                            .position(|q| q.answer.contains(&link.event));
                        if let Some(q) = enclosing.and_then(question_of_block) {
                            if q != to {
                                out.answer_links.push((q, to));
                            }
                        }
                    }
                }
                Ok(None) => hrefs.push(None),
                Err(_) if index.names_failed_page(&page.rel, &link.dest) => hrefs.push(None),
                Err((message, help)) => match self.elsewhere(&page.rel, &link.dest) {
                    Some(href) => hrefs.push(Some(href)),
                    None => {
                        hrefs.push(None);
                        out.problems.push(
                            Diagnostic::error(&page.source, format!("broken link: {message}"))
                                .at(link.line, link.column)
                                .with_snippet(
                                    page.doc.source_line(link.line).to_string(),
                                    link.dest.chars().count().max(1),
                                )
                                .help(help),
                        );
                    }
                },
            }
        }
        for related in &page.meta.related {
            let dest = related.value.as_str();
            if !dest.starts_with('@') {
                out.problems.push(
                    Diagnostic::error(
                        &page.source,
                        format!("`related` entry `{dest}` is not an internal link"),
                    )
                    .help("write pages as \"@/safety.md\" and questions as \"@#question-id\"")
                    .at(related.line, related.column)
                    .with_snippet(page.doc.source_line(related.line), related.width),
                );
                continue;
            }
            match index.resolve(&page.rel, dest) {
                Ok(Some((_, target))) => {
                    out.problems.extend(
                        index
                            .renamed(page, dest, related.line)
                            .map(|d| related.place(d, page.doc.source_line(related.line))),
                    );
                    out.related.push(target);
                    out.targets.push(target);
                }
                Ok(None) => {}
                Err(_) if index.names_failed_page(&page.rel, dest) => {}
                Err(_) if self.elsewhere(&page.rel, dest).is_some() => {}
                Err((message, help)) => {
                    out.problems.push(
                        Diagnostic::error(
                            &page.source,
                            format!("broken `related` entry: {message}"),
                        )
                        .help(help)
                        .at(related.line, related.column)
                        .with_snippet(page.doc.source_line(related.line), related.width),
                    );
                }
            }
        }
        out.hrefs = hrefs.into();
        out
    }
}

/// Resolves every link of every page, with a problem for each link that leads nowhere (but
/// for links to the files in `failed`, which did not load). In a translation, a link to a page
/// or question it lacks leads to the `fallback` language's.
pub(crate) fn resolve(
    pages: &Pages,
    questions: &Questions,
    failed: &[FailedPage],
    fallback: Option<Fallback<'_>>,
) -> (LinkGraph, Vec<Diagnostic>) {
    let resolver = Resolver {
        index: Index::new(pages, questions, failed),
        fallback: fallback.map(|f| Index::new(f.pages, f.questions, &[])),
    };
    let t = crate::timings::stage("(links: resolve)");
    let resolved: Vec<Resolved> = (0..pages.len())
        .into_par_iter()
        .map(|i| resolver.page(PageId::new(i)))
        .collect();
    drop(t);
    super::link_graph::assemble(resolved, questions)
}

/// The problems (errors and warnings) of the links of the pages `of` alone, as [`resolve`]
/// finds them: what the preview needs after an edit that moved the links of a page but
/// changed none of them.
pub(crate) fn problems_of(
    pages: &Pages,
    questions: &Questions,
    fallback: Option<Fallback<'_>>,
    of: &[PageId],
) -> Vec<Diagnostic> {
    let resolver = Resolver {
        index: Index::new(pages, questions, &[]),
        fallback: fallback.map(|f| Index::new(f.pages, f.questions, &[])),
    };
    of.iter().flat_map(|&p| resolver.page(p).problems).collect()
}

#[cfg(test)]
mod tests {
    use super::join_relative;

    #[test]
    fn relative_markdown_paths_join_like_files() {
        assert_eq!(join_relative("guides/a.md", "../safety.md"), "safety.md");
        assert_eq!(join_relative("guides/a.md", "b.md"), "guides/b.md");
        assert_eq!(join_relative("a.md", "./b.md"), "b.md");
    }
}
