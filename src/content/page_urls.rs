//! A page's URL from its file (`guides/First Visit.md` is `/guides/first-visit/`, a section
//! or page bundle is its folder's URL), and the rule that no two pages share one.

use std::sync::Arc;

use super::Page;
use crate::diagnostics::Diagnostic;
use crate::slug::slugify;

/// `guides/First Visit.md` -> `/guides/first-visit/`; `guides/_index.md` -> `/guides/`; a
/// page bundle `guides/driving/index.md` (a folder holding a page and its images) ->
/// `/guides/driving/`.
pub(crate) fn url_path(rel: &str, slug: Option<&str>) -> String {
    let without_ext = rel.trim_end_matches(".md");
    let mut segments: Vec<String> = without_ext.split('/').map(slugify).collect();
    let is_section =
        segments.last().is_some_and(|s| s == "index") && without_ext.ends_with("_index");
    if is_section || is_bundle(rel) {
        segments.pop();
    }
    if let (Some(slug), Some(last)) = (slug, segments.last_mut()) {
        *last = slug.to_string();
    } else if let (Some(slug), true) = (slug, segments.is_empty()) {
        segments.push(slug.to_string());
    }
    let joined = segments
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    if joined.is_empty() {
        "/".to_string()
    } else {
        format!("/{joined}/")
    }
}

/// Whether `rel` is a page bundle's page: `<folder>/index.md`.
pub(crate) fn is_bundle(rel: &str) -> bool {
    rel.ends_with("/index.md")
}

/// Two pages with one URL: a bundle beside a file or section of the same name, or two files
/// whose names or slugs give the same URL.
pub(super) fn check_unique_paths(pages: &[Arc<Page>], problems: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<&str, &Page> = Default::default();
    for page in pages.iter().map(|p| &**p) {
        let Some(first) = seen.insert(&page.path, page) else {
            continue;
        };
        // A bundle and a file of the same name (`a/index.md`, `a.md`), or a bundle and a
        // section (`a/index.md`, `a/_index.md`): one folder, two pages.
        let bundle = [first, page].into_iter().find(|p| is_bundle(&p.rel));
        if let Some(bundle) = bundle {
            let other = if std::ptr::eq(bundle, page) {
                first
            } else {
                page
            };
            problems.push(
                Diagnostic::error(
                    &bundle.source,
                    format!(
                        "{} and {} are both the page {}",
                        bundle.source.display(),
                        other.source.display(),
                        page.path
                    ),
                )
                .at(bundle.meta.line, 1)
                .help(format!(
                    "keep one: move {} into {} (a page bundle keeps its images beside it), or rename the folder",
                    other.source.display(),
                    bundle.source.display()
                )),
            );
            continue;
        }
        {
            problems.push(
                Diagnostic::error(
                    &page.source,
                    format!("two pages have the URL {}", page.path),
                )
                .at(page.meta.line, 1)
                .help(format!(
                    "{} has the same URL; rename one file or set a different `slug`",
                    first.source.display()
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::url_path;
    use crate::paths::slash_path_of;

    #[test]
    fn a_files_components_as_windows_gives_them_make_its_name_and_its_url() {
        // `content\guides\First Visit.md` relative to content\, as Windows splits it.
        let parts = ["guides", "First Visit.md"].map(OsStr::new);
        let name = slash_path_of(parts);
        assert_eq!(name, "guides/First Visit.md");
        assert_eq!(url_path(&name, None), "/guides/first-visit/");
        let bundle = slash_path_of(["guides", "driving", "index.md"].map(OsStr::new));
        assert_eq!(url_path(&bundle, None), "/guides/driving/");
    }

    /// Only Windows parses `\` as a separator.
    #[cfg(windows)]
    #[test]
    fn a_windows_path_gives_the_url_its_name_does() {
        let rel = std::path::Path::new(r"guides\First Visit.md");
        assert_eq!(
            url_path(&crate::paths::slash_path(rel), None),
            "/guides/first-visit/"
        );
    }
}
