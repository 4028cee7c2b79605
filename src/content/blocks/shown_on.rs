//! Findings in the text of a block a page shows, made to name the block's file and line,
//! and the page showing it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::Page;
use crate::diagnostics::{slash_path, Diagnostic};

/// `d`, about text of a block, saying which page shows it.
pub(super) fn shown_on(mut d: Diagnostic, page: &Path, line: usize) -> Diagnostic {
    d.message = format!(
        "{} (in a block shown on {}:{line})",
        d.message,
        slash_path(page)
    );
    d
}

/// Diagnostics placed in the block text a page shows (a line of the page's source beyond
/// its own file) made to name the block's file and line, and the page showing it.
pub(crate) fn relocate<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    diagnostics: &mut [Diagnostic],
) {
    let mut with_blocks: BTreeMap<&Path, &Page> = BTreeMap::new();
    for page in pages {
        if !page.doc.included().is_empty() {
            with_blocks.insert(&page.source, page);
        }
    }
    if with_blocks.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        let (Some(page), Some(line)) = (with_blocks.get(d.file.as_path()), d.line) else {
            continue;
        };
        let Some(included) = page
            .doc
            .included()
            .iter()
            .rev()
            .find(|i| i.first_line <= line)
        else {
            continue;
        };
        d.file = included.file.clone();
        d.line = Some(line - included.first_line + 1);
        let moved = std::mem::replace(d, Diagnostic::error("", ""));
        *d = shown_on(moved, &page.source, included.shown_at);
    }
}
