//! The `<link rel="alternate" hreflang>` alternates of the built pages, checked with the
//! links: each must name a page of this build by its absolute URL, and that page must list
//! the same alternates (hreflang is reciprocal, or search engines ignore it). sitegen's own
//! alternates are right by construction (one map serves every language); this catches a
//! theme that writes its own, and keeps the promise checked rather than assumed.
//!
//! Finding them costs one byte search per page: only a page that has `hreflang=` is read
//! tag by tag.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::html::Tags;
use crate::linkcheck::ScannedFile;

/// One alternate: its `hreflang` and its `href`.
pub(crate) type HreflangPair = (String, String);

/// The alternates an HTML page lists, in order (usually none).
pub(crate) fn find(html: &[u8]) -> Vec<HreflangPair> {
    if memchr::memmem::find(html, b"hreflang=").is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut tags = Tags::new(html);
    while let Some(tag) = tags.next_tag() {
        if !tag.is("link") || tag.value("rel").as_deref() != Some("alternate") {
            continue;
        }
        if let (Some(lang), Some(href)) = (tag.value("hreflang"), tag.value("href")) {
            found.push((lang.into_owned(), href.into_owned()));
        }
    }
    found
}

/// Problems with the alternates of `files`: an alternate that is not a page of the build
/// (`base_url` is the site's absolute root URL), or one whose page does not list the same
/// alternates back.
pub(crate) fn check(files: &[ScannedFile<'_>], base_url: &str) -> Vec<Diagnostic> {
    let listed: HashMap<&str, &[HreflangPair]> = files
        .iter()
        .filter_map(|f| Some((f.path, f.scan?.alternates.as_slice())))
        .filter(|(_, alternates)| !alternates.is_empty())
        .collect();
    if listed.is_empty() {
        return Vec::new();
    }
    let html_files: HashMap<&str, &ScannedFile<'_>> = files.iter().map(|f| (f.path, f)).collect();
    let mut problems = Vec::new();
    for file in files {
        let Some(mine) = listed.get(file.path) else {
            continue;
        };
        for (lang, href) in mine.iter() {
            let target = href.strip_prefix(base_url).map(|path| {
                format!("{path}index.html")
                    .trim_start_matches('/')
                    .to_string()
            });
            let target_file = target.as_deref().and_then(|t| html_files.get(t));
            let problem = match (target.as_deref(), target_file) {
                (Some(_), Some(other)) if listed.get(other.path) == Some(mine) => continue,
                (Some(t), Some(_)) => format!(
                    "the `{lang}` alternate {href} does not list this page's alternates back (see {t})"
                ),
                _ => format!("the `{lang}` alternate {href} is not a page of this site"),
            };
            problems.push(Diagnostic::error(file.origin, problem).help(
                "each page must list the same hreflang alternates as every page it names; sitegen's templates get them as `alternates`",
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linkcheck::scan;
    use std::path::Path;

    const BASE: &str = "https://example.org/site/";

    fn page(alternates: &[(&str, &str)]) -> String {
        let links: String = alternates
            .iter()
            .map(|(l, h)| format!("<link rel=\"alternate\" hreflang=\"{l}\" href=\"{BASE}{h}\">\n"))
            .collect();
        format!("<html><head>{links}</head><body><a hreflang=\"es\" href=\"x\">x</a></body></html>")
    }

    fn problems(pages: &[(&str, String)]) -> Vec<String> {
        let scans: Vec<_> = pages.iter().map(|(_, html)| scan(html)).collect();
        let files: Vec<ScannedFile<'_>> = pages
            .iter()
            .zip(&scans)
            .map(|((path, _), s)| ScannedFile {
                path,
                origin: Path::new("content/x.md"),
                scan: Some(s),
            })
            .collect();
        check(&files, BASE).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn reciprocal_alternates_pass_and_links_outside_head_are_not_alternates() {
        let both = [("en", "a/"), ("es", "es/a/"), ("x-default", "a/")];
        assert_eq!(find(page(&both).as_bytes()).len(), 3);
        assert!(problems(&[
            ("a/index.html", page(&both)),
            ("es/a/index.html", page(&both))
        ])
        .is_empty());
    }

    #[test]
    fn a_missing_page_or_one_that_does_not_list_back_is_an_error() {
        let both = [("en", "a/"), ("es", "es/a/")];
        let found = problems(&[
            ("a/index.html", page(&both)),
            ("es/a/index.html", page(&[])),
        ]);
        assert_eq!(found.len(), 1, "only the page naming the other: {found:?}");
        assert!(found[0].contains("`es` alternate https://example.org/site/es/a/ does not list this page's alternates back"), "{found:?}");
        let found = problems(&[("a/index.html", page(&[("en", "a/"), ("es", "es/gone/")]))]);
        assert!(
            found.iter().any(|m| m.contains(
                "`es` alternate https://example.org/site/es/gone/ is not a page of this site"
            )),
            "{found:?}"
        );
    }
}
