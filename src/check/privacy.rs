//! Privacy: people reading about their mental health must not be tracked or asked for data.
//! Every finding is an error:
//!
//! - a `<form>` (the site collects nothing; it gives a phone number and an email);
//! - a `<script src>`, stylesheet, font, image or media file loaded from another host, an
//!   `<iframe>`, `<object>` or `<embed>` (each tells another company who reads which page);
//! - in CSS (`.css` files, `<style>` blocks, `style` attributes): `@import` or `url(...)`
//!   pointing at another host, which is how web fonts are usually pulled in.
//!
//! Links (`<a href="https://...">`) are fine: sources are cited that way, and nothing loads
//! until the reader follows one. URLs on the site's own host (site.toml's `base_url`) are not
//! external.
//!
//! Three places are scanned, so each finding points at the file to fix: raw HTML and images
//! in the markdown ([`check_content`]), the theme's and the site's templates and static files
//! ([`check_theme`]), and the rendered pages ([`scan_rendered`]) for what only appears once
//! templates are filled in (a value from site.toml, say).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::page_source::PageSource;
use crate::content::Page;
use crate::diagnostics::{relative, Diagnostic};
use crate::html::url::is_cross_origin;
pub(crate) use crate::html::url::own_origin;
use crate::html::{Attr, Tags};
use crate::output::Body;

/// What kind of privacy problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Leak {
    Form,
    Script,
    Frame,
    Stylesheet,
    Font,
    Media,
}

/// One privacy problem in a text, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub leak: Leak,
    pub range: Range<usize>,
    /// The external URL, or the tag for a form or frame.
    pub what: String,
}

impl Finding {
    fn message(&self) -> String {
        match self.leak {
            Leak::Form => "a <form> asks readers for data".to_string(),
            Leak::Frame => format!("{} embeds another page", self.what),
            Leak::Script => format!("loads a script from another site: {}", self.what),
            Leak::Stylesheet => format!("loads a stylesheet from another site: {}", self.what),
            Leak::Font => format!("loads a font from another site: {}", self.what),
            Leak::Media => format!("loads a file from another site: {}", self.what),
        }
    }

    fn help(&self) -> &'static str {
        match self.leak {
            Leak::Form => "this site collects no data; give the clinic's phone number or email instead",
            Leak::Frame => "link to the page instead; an embedded page can track who reads this one",
            Leak::Script => "leave it out, or serve it from the theme's static/ folder; third-party scripts track readers",
            Leak::Stylesheet | Leak::Font => "copy the file (fonts too) into the theme's static/ folder and load it from there",
            Leak::Media => "save the file beside the page or in static/ and link to it there",
        }
    }

    fn diagnostic(&self, file: &Path, text: &str) -> Diagnostic {
        let width = text[self.range.clone()].chars().count();
        Diagnostic::error(file, self.message())
            .at_offset(text, self.range.start, width)
            .help(self.help())
    }
}

/// Resource hints and stylesheets make the browser fetch their `href`.
const FETCHING_RELS: &[&str] = &[
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "icon",
    "manifest",
];

/// Every privacy problem in an HTML text.
pub(crate) fn scan_html(html: &str, own: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut tags = Tags::new(html.as_bytes());
    while let Some(tag) = tags.next_tag() {
        let whole = tag.range.clone();
        let external = |attr: &str| {
            tag.value(attr)
                .filter(|u| is_cross_origin(u, own))
                .map(Cow::into_owned)
        };
        let mut push = |leak, what: String| {
            out.push(Finding {
                leak,
                range: whole.clone(),
                what,
            })
        };
        let name = tag.name();
        match name.as_ref() {
            "form" => push(Leak::Form, "<form>".into()),
            "iframe" | "frame" | "object" | "embed" => push(Leak::Frame, format!("<{name}>")),
            "script" => {
                if let Some(url) = external("src") {
                    push(Leak::Script, url);
                }
            }
            "link" => {
                let rel = tag.value("rel").unwrap_or_default().to_ascii_lowercase();
                let fetches = rel.split_whitespace().any(|r| FETCHING_RELS.contains(&r));
                if let (true, Some(url)) = (fetches, external("href")) {
                    let is_font = tag
                        .value("as")
                        .is_some_and(|a| a.eq_ignore_ascii_case("font"))
                        || looks_like_font(&url);
                    push(
                        if is_font {
                            Leak::Font
                        } else {
                            Leak::Stylesheet
                        },
                        url,
                    );
                }
            }
            "img" | "source" | "video" | "audio" | "track" | "input" => {
                let srcset = tag.value("srcset").unwrap_or_default();
                let urls = ["src", "poster", "data"]
                    .iter()
                    .filter_map(|a| external(a))
                    .chain(
                        srcset
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .filter(|u| is_cross_origin(u, own))
                            .map(str::to_string),
                    )
                    .collect::<Vec<_>>();
                for url in urls {
                    push(Leak::Media, url);
                }
            }
            _ => {}
        }
        if let Some(style) = tag.attr("style").filter(|s| !s.raw_value.is_empty()) {
            out.extend(in_value(style, |css| scan_css(css, own)));
        }
        if let (Some(contents), true) = (&tag.contents, tag.is("style")) {
            out.extend(shifted(
                scan_css(&html[contents.clone()], own),
                contents.start,
            ));
        }
    }
    out
}

/// The findings of `scan` in an attribute's value, placed in the document: where they are in
/// the value, or at the whole value when character references had to be decoded first.
fn in_value(attr: &Attr<'_>, scan: impl Fn(&str) -> Vec<Finding>) -> Vec<Finding> {
    match attr.value() {
        Cow::Borrowed(text) => shifted(scan(text), attr.value_start),
        Cow::Owned(text) => scan(&text)
            .into_iter()
            .map(|f| Finding {
                range: attr.value_range(),
                ..f
            })
            .collect(),
    }
}

/// Every privacy problem in a CSS text: external `@import` and `url(...)`.
pub(crate) fn scan_css(css: &str, own: &str) -> Vec<Finding> {
    let lower = css.to_ascii_lowercase();
    let mut out = Vec::new();
    for (at, _) in lower.match_indices("url(") {
        let rest = &css[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let url = rest[..end].trim().trim_matches(['"', '\'']).trim();
        if is_cross_origin(url, own) {
            let in_font_face = lower[..at]
                .rfind("@font-face")
                .is_some_and(|f| !lower[f..at].contains('}'));
            let in_import = lower[..at]
                .rfind("@import")
                .is_some_and(|i| !lower[i..at].contains(';'));
            let leak = if in_font_face || looks_like_font(url) {
                Leak::Font
            } else if in_import {
                Leak::Stylesheet
            } else {
                Leak::Media
            };
            out.push(Finding {
                leak,
                range: at..at + 4 + end + usize::from(end < rest.len()),
                what: url.to_string(),
            });
        }
    }
    for (at, _) in lower.match_indices("@import") {
        let rest = css[at + 7..].trim_start();
        let quoted = rest
            .strip_prefix(['"', '\''])
            .and_then(|r| r.split(['"', '\'']).next());
        if let Some(url) = quoted.filter(|u| is_cross_origin(u, own)) {
            let end = css[at..].find(';').map(|e| at + e + 1).unwrap_or(css.len());
            out.push(Finding {
                leak: if looks_like_font(url) || url.contains("font") {
                    Leak::Font
                } else {
                    Leak::Stylesheet
                },
                range: at..end,
                what: url.to_string(),
            });
        }
    }
    out.sort_by_key(|f| f.range.start);
    out
}

fn looks_like_font(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".woff", ".woff2", ".ttf", ".otf", ".eot"]
        .iter()
        .any(|e| path.ends_with(e))
        || path.contains("fonts.googleapis.com")
        || path.contains("fonts.gstatic.com")
}

fn shifted(findings: Vec<Finding>, by: usize) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|f| Finding {
            range: f.range.start + by..f.range.end + by,
            ..f
        })
        .collect()
}

/// Raw HTML in a page's markdown, and markdown images loaded from another host.
pub(crate) fn check_content(
    page: &Page,
    source: &PageSource,
    own: &str,
) -> Vec<(Leak, Diagnostic)> {
    let mut out = Vec::new();
    for range in source.raw_html() {
        let html = &source.text[range.clone()];
        for finding in shifted(scan_html(html, own), range.start) {
            out.push((finding.leak, finding.diagnostic(&page.source, source.text)));
        }
    }
    for link in page.doc.links.iter().filter(|l| l.is_image) {
        if is_cross_origin(&link.dest, own) {
            let finding = Finding {
                leak: Leak::Media,
                range: 0..0,
                what: link.dest.clone(),
            };
            out.push((
                Leak::Media,
                Diagnostic::error(&page.source, finding.message())
                    .at(link.line, link.column)
                    .with_snippet(page.doc.source_line(link.line).to_string(), 2)
                    .help(finding.help()),
            ));
        }
    }
    out
}

/// The folders whose files are scanned as the theme: templates and static files of the
/// theme and of the site itself.
pub(crate) fn theme_dirs(root: &Path, theme: &str) -> Vec<PathBuf> {
    let mut dirs = crate::render::templates::template_dirs(root, theme);
    dirs.push(root.join("themes").join(theme).join("static"));
    dirs.push(root.join("static"));
    dirs
}

/// Every privacy problem in the theme's and the site's templates and static HTML and CSS.
pub(crate) fn check_theme(root: &Path, theme: &str, own: &str) -> Vec<(Leak, Diagnostic)> {
    let mut out = Vec::new();
    for dir in theme_dirs(root, theme) {
        let files = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file());
        for entry in files {
            let path = entry.path();
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let scan: fn(&str, &str) -> Vec<Finding> = match ext.as_str() {
                "html" | "htm" => scan_html,
                "css" => scan_css,
                _ => continue,
            };
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let file = relative(root, path);
            out.extend(
                scan(&text, own)
                    .iter()
                    .map(|f| (f.leak, f.diagnostic(&file, &text))),
            );
        }
    }
    out
}

/// The privacy problems of one built file (`path` inside the output, made from `origin`):
/// each with the file to report it in, before [`unexplained`] drops those a finding in the
/// sources already explains.
pub(crate) fn scan_rendered(
    path: &str,
    origin: &Path,
    body: &Body,
    own: &str,
) -> Vec<(Leak, Diagnostic)> {
    let Body::Bytes(bytes) = body else {
        return Vec::new();
    };
    if !path.ends_with(".html") {
        return Vec::new();
    }
    let html = String::from_utf8_lossy(bytes);
    scan_html(&html, own)
        .into_iter()
        .map(|finding| {
            let (line, _) = crate::diagnostics::line_col(&html, finding.range.start);
            let diagnostic = Diagnostic::error(
                origin,
                format!("{} (line {line} of the built {path})", finding.message()),
            )
            .help("it comes from a template value or site.toml; remove it there");
            (finding.leak, diagnostic)
        })
        .collect()
}

/// The findings of [`scan_rendered`] that no finding in the sources explains (`known`, from
/// [`known_leaks`]): what only appears once templates are filled in.
pub(crate) fn unexplained(
    rendered: &[(Leak, Diagnostic)],
    known: &HashSet<(Option<PathBuf>, Leak)>,
) -> Vec<Diagnostic> {
    rendered
        .iter()
        .filter(|(leak, d)| {
            !known.contains(&(None, *leak)) && !known.contains(&(Some(d.file.clone()), *leak))
        })
        .map(|(_, d)| d.clone())
        .collect()
}

/// The kinds of leak already reported: per page file for content findings, under `None`
/// for theme findings (a template's problem shows on every page).
pub(crate) fn known_leaks(
    content: &[(Leak, Diagnostic)],
    theme: &[(Leak, Diagnostic)],
) -> HashSet<(Option<PathBuf>, Leak)> {
    let from_content = content.iter().map(|(l, d)| (Some(d.file.clone()), *l));
    let from_theme = theme.iter().map(|(l, _)| (None, *l));
    from_content.chain(from_theme).collect()
}

#[cfg(test)]
#[path = "privacy_tests.rs"]
mod tests;
