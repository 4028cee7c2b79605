//! The `<link rel="alternate" hreflang>` alternates of the built pages, checked with the
//! links: each must name a page of this build by its absolute URL, and that page must list
//! the same alternates (hreflang is reciprocal, or search engines ignore it). sitegen's own
//! alternates are right by construction (one map serves every language); this catches a
//! theme that writes its own, and keeps the promise checked rather than assumed.
//!
//! They are found in the link check's one pass over each page's tags ([`AlternatesFound`]):
//! a `<link>` with `rel="alternate"`, an `hreflang` and an `href` (the first of each), in a page
//! whose text has `hreflang=` as such.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::html::Attr;
use crate::linkcheck::ScannedFile;

/// One alternate: its `hreflang` and its `href`.
pub(crate) type HreflangPair = (String, String);

/// The alternates of one page, told its tags and their attributes in order.
#[derive(Default)]
pub(crate) struct AlternatesFound<'a> {
    found: Vec<HreflangPair>,
    /// The `<link>` tag being read: its first `rel`, `hreflang` and `href`.
    link: Option<[Option<Attr<'a>>; 3]>,
}

impl<'a> AlternatesFound<'a> {
    /// A start tag called `raw_name` (as written) begins.
    #[inline]
    pub(crate) fn tag(&mut self, raw_name: &[u8]) {
        if self.link.is_some() {
            self.end_link();
        }
        if raw_name.len() == 4 && raw_name.eq_ignore_ascii_case(b"link") {
            self.link = Some(Default::default());
        }
    }

    /// An attribute of the last tag.
    #[inline]
    pub(crate) fn attr(&mut self, attr: &Attr<'a>) {
        let Some(link) = &mut self.link else {
            return;
        };
        let kept = match attr.name.len() {
            3 if attr.is("rel") => &mut link[0],
            8 if attr.is("hreflang") => &mut link[1],
            4 if attr.is("href") => &mut link[2],
            _ => return,
        };
        kept.get_or_insert_with(|| attr.clone());
    }

    #[inline(never)]
    fn end_link(&mut self) {
        if let Some([Some(rel), Some(lang), Some(href)]) = self.link.take() {
            if rel.value() == "alternate" {
                self.found
                    .push((lang.value().into_owned(), href.value().into_owned()));
            }
        }
    }

    /// The alternates of the page `html`, in order (usually none).
    pub(crate) fn finish(mut self, html: &[u8]) -> Vec<HreflangPair> {
        self.end_link();
        if self.found.is_empty() || memchr::memmem::find(html, b"hreflang=").is_none() {
            return Vec::new();
        }
        self.found
    }
}

/// The alternates an HTML page lists, in order (usually none).
#[cfg(test)]
pub(crate) fn find(html: &[u8]) -> Vec<HreflangPair> {
    use crate::html::{for_each_tag_and_attr, TagOrAttr};
    let mut alternates = AlternatesFound::default();
    for_each_tag_and_attr(html, |found| match found {
        TagOrAttr::Tag(name) => alternates.tag(name),
        TagOrAttr::Attr(attr) => alternates.attr(&attr),
    });
    alternates.finish(html)
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
    fn an_alternate_is_a_link_tags_first_rel_hreflang_and_href_in_a_page_that_says_hreflang() {
        let html = "<LINK Rel=alternate HREFLANG=en href=a/ href=b/><link rel=alternate hreflang=es>\
                    <link rel=icon rel=alternate hreflang=fr href=c/><a rel=alternate hreflang=de href=d/>\
                    <link rel=\"&#97;lternate\" hreflang = &quot;x href='e/'><!-- hreflang= -->";
        assert_eq!(
            find(html.as_bytes()),
            [("en".into(), "a/".into()), ("\"x".into(), "e/".into())]
        );
        assert!(
            find(b"<link rel=alternate HREFLANG=en href=a/><link rel=alternate hreflang =es href=b/>")
                .is_empty(),
            "no `hreflang=` in the page"
        );
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
