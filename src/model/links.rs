//! Internal links: resolving `@/page.md#anchor`, `@#question-id`, `page.md` and `#anchor`
//! links written in markdown and in `related` front matter, and the link graph they form
//! (backlinks, orphans).
//!
//! Resolution happens on the whole model before anything is rendered, so a missing page or
//! anchor fails the build with file:line and a did-you-mean. The resolved target is a site
//! path (`/safety/#risks`); [`crate::urls`] turns it into an href for each output style.

use std::collections::{BTreeSet, HashMap};

use crate::content::{FailedPage, Page};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::model::faq::Questions;
use crate::model::ids::{PageId, QuestionId, Table};

/// What a link points at inside the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Page(PageId),
    Question(QuestionId),
}

/// The link graph of the site.
#[derive(Debug, Clone, Default)]
pub struct LinkGraph {
    /// Per page, per markdown link (same order as `doc.links`): the resolved site path.
    pub hrefs: Table<PageId, Vec<Option<String>>>,
    /// Per page: pages and questions its body links to.
    pub outgoing: Table<PageId, BTreeSet<Target>>,
    /// Per page: pages whose body or `related` links to it.
    pub backlinks: Table<PageId, BTreeSet<PageId>>,
    /// Per question: questions its answer links to.
    pub answer_links: Table<QuestionId, BTreeSet<QuestionId>>,
    /// Per question: pages that link to it.
    pub question_backlinks: Table<QuestionId, BTreeSet<PageId>>,
    /// Per page: what its `related` front matter names, in order.
    pub related: Table<PageId, Vec<Target>>,
}

impl LinkGraph {
    /// Questions named by a page's `related` list.
    pub fn related_questions_of(&self, page: PageId) -> Vec<QuestionId> {
        self.related[page]
            .iter()
            .filter_map(|t| match t {
                Target::Question(q) => Some(*q),
                Target::Page(_) => None,
            })
            .collect()
    }
}

struct Index<'a> {
    pages: &'a Table<PageId, Page>,
    questions: &'a Questions,
    by_rel: HashMap<&'a str, PageId>,
    /// Files that did not load: links to them are not reported as broken a second time.
    failed: &'a [FailedPage],
}

impl Index<'_> {
    /// The file under content/ a page link written on page `from` names (`None` when `path`
    /// is not a page link).
    fn rel_of(from_rel: &str, path: &str) -> Option<String> {
        if let Some(rel) = path.strip_prefix("@/") {
            Some(rel.to_string())
        } else if path.is_empty() {
            Some(from_rel.to_string())
        } else if path.ends_with(".md") && !path.contains("://") && !path.starts_with('/') {
            Some(join_relative(from_rel, path))
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
                        format!("{}#{}", page.path, question.id),
                        Target::Question(q),
                    )))
                }
                None => Err((
                    format!("no question has the id `{id}`"),
                    suggest(
                        id,
                        self.questions.all.iter().map(|q| q.id.as_str()),
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
        let Some(&target) = self.by_rel.get(rel.as_str()) else {
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
            None | Some("") => Ok(Some((
                format!("{}{query}", page.path),
                Target::Page(target),
            ))),
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
                Ok(Some((format!("{}{query}#{anchor}", page.path), target)))
            }
        }
    }
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
pub struct Fallback<'a> {
    pub pages: &'a Table<PageId, Page>,
    pub questions: &'a Questions,
}

impl<'a> Index<'a> {
    fn new(
        pages: &'a Table<PageId, Page>,
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

/// Resolves every link of every page, with a problem for each link that leads nowhere (but
/// for links to the files in `failed`, which did not load). In a translation, a link to a page
/// or question it lacks leads to the `fallback` language's.
pub fn resolve(
    pages: &Table<PageId, Page>,
    questions: &Questions,
    failed: &[FailedPage],
    fallback: Option<Fallback<'_>>,
) -> (LinkGraph, Vec<Diagnostic>) {
    let index = Index::new(pages, questions, failed);
    let fallback = fallback.map(|f| Index::new(f.pages, f.questions, &[]));
    // A link this language cannot resolve, resolved in the fallback language (its href only:
    // the link graph is a language's own).
    let elsewhere = |from_rel: &str, dest: &str| -> Option<String> {
        match fallback.as_ref()?.resolve(from_rel, dest) {
            Ok(Some((href, _))) => Some(href),
            _ => None,
        }
    };
    let (page_count, question_count) = (pages.len(), questions.all.len());
    let mut graph = LinkGraph {
        hrefs: Table::default(),
        outgoing: Table::filled(page_count),
        backlinks: Table::filled(page_count),
        answer_links: Table::filled(question_count),
        question_backlinks: Table::filled(question_count),
        related: Table::filled(page_count),
    };
    let mut problems = Vec::new();
    let question_of_page: HashMap<(PageId, usize), QuestionId> = questions
        .all
        .enumerate()
        .map(|(i, q)| ((q.page, q.block), i))
        .collect();

    for (from, page) in pages.enumerate() {
        let mut hrefs = Vec::with_capacity(page.doc.links.len());
        for link in &page.doc.links {
            if link.is_email {
                hrefs.push(None);
                continue;
            }
            match index.resolve(&page.rel, &link.dest) {
                Ok(Some((href, target))) => {
                    problems.extend(index.renamed(page, &link.dest, link.line));
                    hrefs.push(Some(href));
                    record(&mut graph, questions, from, target);
                    if let Target::Question(to) = target {
                        let enclosing = page
                            .doc
                            .questions
                            .iter()
                            .position(|q| q.answer.contains(&link.event));
                        if let Some(&q) = enclosing.and_then(|b| question_of_page.get(&(from, b))) {
                            if q != to {
                                graph.answer_links[q].insert(to);
                            }
                        }
                    }
                }
                Ok(None) => hrefs.push(None),
                Err(_) if index.names_failed_page(&page.rel, &link.dest) => hrefs.push(None),
                Err(_) if elsewhere(&page.rel, &link.dest).is_some() => {
                    hrefs.push(elsewhere(&page.rel, &link.dest));
                }
                Err((message, help)) => {
                    hrefs.push(None);
                    problems.push(
                        Diagnostic::error(&page.source, format!("broken link: {message}"))
                            .at(link.line, link.column)
                            .with_snippet(
                                page.doc.source_line(link.line).to_string(),
                                link.dest.chars().count().max(1),
                            )
                            .help(help),
                    );
                }
            }
        }
        graph.hrefs.push(hrefs);
        for related in &page.meta.related {
            let dest = related.value.as_str();
            if !dest.starts_with('@') {
                let mut d = Diagnostic::error(
                    &page.source,
                    format!("`related` entry `{dest}` is not an internal link"),
                )
                .help("write pages as \"@/safety.md\" and questions as \"@#question-id\"");
                d = d.at(related.line, 1);
                problems.push(d);
                continue;
            }
            match index.resolve(&page.rel, dest) {
                Ok(Some((_, target))) => {
                    problems.extend(index.renamed(page, dest, related.line));
                    graph.related[from].push(target);
                    record(&mut graph, questions, from, target);
                }
                Ok(None) => {}
                Err(_) if index.names_failed_page(&page.rel, dest) => {}
                Err(_) if elsewhere(&page.rel, dest).is_some() => {}
                Err((message, help)) => {
                    let mut d = Diagnostic::error(
                        &page.source,
                        format!("broken `related` entry: {message}"),
                    )
                    .help(help);
                    d = d.at(related.line, 1);
                    problems.push(d);
                }
            }
        }
    }
    (graph, problems)
}

fn record(graph: &mut LinkGraph, questions: &Questions, from: PageId, target: Target) {
    graph.outgoing[from].insert(target);
    let to_page = match target {
        Target::Page(p) => p,
        Target::Question(q) => {
            graph.question_backlinks[q].insert(from);
            questions.all[q].page
        }
    };
    if to_page != from {
        graph.backlinks[to_page].insert(from);
    }
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
