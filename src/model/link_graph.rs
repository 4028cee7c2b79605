//! The link graph put together from what each page's links resolved to (`Resolved`, one
//! per page): backlinks, links to questions and between answers, as sorted lists. Shared by a
//! full resolution ([`super::links::resolve`]) and by one that keeps the links of pages an
//! edit did not move ([`super::relink`]), so both give the same graph.

use crate::diagnostics::Diagnostic;
use crate::model::faq::Questions;
use crate::model::ids::{PageId, QuestionId, Table};
use crate::model::links::{LinkGraph, Resolved, Target};

/// The link graph of the pages whose links resolved to `resolved` (one per page, in order),
/// and their problems.
pub(super) fn assemble(
    resolved: Vec<Resolved>,
    questions: &Questions,
) -> (LinkGraph, Vec<Diagnostic>) {
    let _t = crate::timings::stage("(links: graph)");
    let (page_count, question_count) = (resolved.len(), questions.all.len());
    let mut graph = LinkGraph {
        hrefs: Table::default(),
        outgoing: Table::default(),
        backlinks: Table::default(),
        answer_links: Table::default(),
        question_backlinks: Table::default(),
        related: Table::default(),
    };
    let mut problems = Vec::new();
    // (to, from) pairs, grouped into sorted lists once every page is known.
    let mut backlinks: Vec<(PageId, PageId)> = Vec::new();
    let mut question_backlinks: Vec<(QuestionId, PageId)> = Vec::new();
    let mut answer_links: Vec<(QuestionId, QuestionId)> = Vec::new();
    for (from, page) in resolved.into_iter().enumerate() {
        let from = PageId::new(from);
        problems.extend(page.problems);
        graph.hrefs.push(page.hrefs);
        graph.related.push(page.related);
        answer_links.extend(page.answer_links);
        let mut targets = page.targets;
        for &target in &targets {
            let to_page = match target {
                Target::Page(p) => p,
                Target::Question(q) => {
                    question_backlinks.push((q, from));
                    questions.all[q].page
                }
            };
            if to_page != from {
                backlinks.push((to_page, from));
            }
        }
        targets.sort_unstable();
        targets.dedup();
        graph.outgoing.push(targets);
    }
    graph.backlinks = grouped(backlinks, page_count);
    graph.question_backlinks = grouped(question_backlinks, question_count);
    graph.answer_links = grouped(answer_links, question_count);
    (graph, problems)
}

/// `pairs` of (row, member) as a sorted list per row, each member once, for rows `0..len`.
fn grouped<I, T>(mut pairs: Vec<(I, T)>, len: usize) -> Table<I, Vec<T>>
where
    I: Copy + Ord + Into<usize>,
    T: Copy + Ord,
{
    pairs.sort_unstable();
    pairs.dedup();
    let mut table: Vec<Vec<T>> = Vec::with_capacity(len);
    let mut rest = pairs.as_slice();
    while let Some(&(row, _)) = rest.first() {
        let run = rest.iter().take_while(|(r, _)| *r == row).count();
        table.resize_with(row.into(), Vec::new);
        table.push(rest[..run].iter().map(|&(_, member)| member).collect());
        rest = &rest[run..];
    }
    table.resize_with(len, Vec::new);
    table.into()
}
