//! Blocks no page shows: a block (`content/_blocks/NAME.md`) is never published on its own,
//! so one that no page names with `{{ block "NAME" }}` is text no reader sees, worth a warning.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::model::Site;

/// A warning for each block of the site's default language (`sites[0]`, the others its
/// translations) that none of its pages shows.
pub(crate) fn check(sites: &[&Site]) -> Vec<Diagnostic> {
    let loaded = super::translations::blocks_of(sites);
    let Some(blocks) = loaded.first() else {
        return Vec::new();
    };
    let shown: BTreeSet<&str> = sites[0]
        .pages
        .iter()
        .flat_map(|page| page.doc.included().iter().map(|i| i.name.as_str()))
        .collect();
    blocks
        .by_name
        .values()
        .filter(|block| !shown.contains(block.name.as_str()))
        .map(|block| {
            Diagnostic::warning(&block.source, "no page shows this block")
                .at(1, 1)
                .help(format!(
                    "show it on a page with a line of its own: {{{{ block \"{}\" }}}}, or delete the file",
                    block.name
                ))
        })
        .collect()
}
