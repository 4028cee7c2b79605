//! The check of the page each block gives its questions to (`questions_page`): it exists
//! and shows the block.

use std::sync::Arc;

use super::Blocks;
use crate::content::{FailedPage, Page};
use crate::diagnostics::{did_you_mean, slash_path, Diagnostic};

/// Problems with the pages blocks give their questions to (`questions_page`): a page that
/// does not exist or does not show the block. `pages` are the default language's, `failed`
/// the files that did not load (they have problems of their own).
pub(crate) fn check_question_pages(
    blocks: &Blocks,
    pages: &[Arc<Page>],
    failed: &[FailedPage],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for block in blocks.by_name.values().filter(|b| b.has_questions()) {
        let Some(owner) = block.questions_page.as_deref() else {
            continue;
        };
        if failed.iter().any(|f| f.rel == owner) {
            continue;
        }
        let at = |d: Diagnostic| d.at(block.questions_page_line, 1);
        match pages.iter().find(|p| p.rel == owner) {
            None => problems.push(at(Diagnostic::error(
                &block.source,
                format!("questions_page names `@/{owner}`, which is not a page"),
            )
            .help(match did_you_mean(owner, pages.iter().map(|p| p.rel.as_str())) {
                Some(near) => format!("did you mean `@/{near}`?"),
                None => "name the page that answers the block's questions by its file under content/, like \"@/safety.md\"".into(),
            }))),
            Some(page) if !page.doc.included().iter().any(|i| i.name == block.name) => problems
                .push(at(Diagnostic::error(
                    &block.source,
                    format!(
                        "questions_page names {}, which does not show this block",
                        slash_path(&page.source)
                    ),
                )
                .help(format!(
                    "show it there with `{{{{ block \"{}\" }}}}`, or name a page that shows it",
                    block.name
                )))),
            Some(_) => {}
        }
    }
    problems
}
