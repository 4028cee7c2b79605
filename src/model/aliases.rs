//! Aliases: the old URLs of a page (`aliases = ["old-safety-page/"]`), each later written as a
//! small page that redirects to the page's current URL. Validated at load, so a build with an
//! unusable alias stops before anything is rendered.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostics::Diagnostic;
use crate::model::ids::PageId;

/// An old URL of page `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub page: PageId,
    /// The old site path: `/old-safety-page/`.
    pub path: String,
}

/// The aliases of `pages`, in page order, with a problem for each alias that is not a usable
/// URL path, is the URL of a page, or is claimed twice.
pub(crate) fn collect(pages: &crate::model::Pages) -> (Vec<Alias>, Vec<Diagnostic>) {
    let taken: HashMap<&str, PageId> = pages
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    let mut claimed: HashMap<String, PageId> = HashMap::default();
    let mut aliases = Vec::new();
    let mut problems = Vec::new();
    for (index, page) in pages.enumerate() {
        for located in &page.meta.aliases {
            let alias = &located.value;
            let problem = |message: String, help: String| {
                located
                    .place(
                        Diagnostic::error(&page.source, message),
                        page.doc.source_line(located.line),
                    )
                    .help(help)
            };
            if alias.contains("..")
                || alias.contains(['?', '#', '\\'])
                || alias.trim_matches('/').is_empty()
            {
                problems.push(problem(
                    format!("alias `{alias}` is not a usable URL path"),
                    "write aliases as site paths like \"old-safety-page/\"".into(),
                ));
                continue;
            }
            let path = format!("/{}/", alias.trim_matches('/'));
            if let Some(&other) = taken.get(path.as_str()) {
                problems.push(problem(
                    format!(
                        "alias `{alias}` is the URL of the page {}",
                        pages[other].source.display()
                    ),
                    "remove the alias or move the other page".into(),
                ));
                continue;
            }
            if let Some(&other) = claimed.get(&path) {
                let help = if other == index {
                    "remove the repeated alias".to_string()
                } else {
                    format!(
                        "{} has the same alias; an old URL can lead to one page only",
                        pages[other].source.display()
                    )
                };
                problems.push(problem(format!("alias `{alias}` is claimed twice"), help));
                continue;
            }
            claimed.insert(path.clone(), index);
            aliases.push(Alias { page: index, path });
        }
    }
    (aliases, problems)
}
