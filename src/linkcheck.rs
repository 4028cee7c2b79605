//! Checking every link of the built HTML, after rendering: each internal `href` and `src`
//! must lead to a file of the build, and each `#fragment` to an id in that file. This covers
//! links written by templates as well as by markdown (Zola checks only the latter).
//!
//! HTML is scanned for attributes rather than parsed into a tree: the output is ours, and a
//! scanner keeps the check fast enough to run on every build.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::{Body, OutputFile};

/// The links and ids found in one HTML document.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub ids: HashSet<String>,
    pub links: Vec<String>,
}

/// Finds `id`, `href` and `src` attribute values outside `<script>` and `<style>` elements.
pub fn scan(html: &str) -> Scan {
    let mut scan = Scan::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(open) = html[i..].find('<').map(|p| p + i) {
        let rest = &html[open + 1..];
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = open + 1;
            continue;
        }
        let name = &rest[..name_len];
        let Some(close) = tag_end(bytes, open + 1 + name_len) else {
            break;
        };
        attributes(&html[open + 1 + name_len..close], &mut scan);
        i = close + 1;
        let raw_text = ["script", "style"]
            .into_iter()
            .find(|raw| name.eq_ignore_ascii_case(raw));
        if let Some(raw) = raw_text {
            i = find_end_tag(&html[i..], raw)
                .map(|p| p + i)
                .unwrap_or(html.len());
        }
    }
    scan
}

/// Where `</name` starts in `html`, in any letter case, without copying the document.
fn find_end_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(p) = html[from..].find("</").map(|p| p + from) {
        let candidate = &bytes[p + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(p);
        }
        from = p + 2;
    }
    None
}

/// Index of the `>` ending a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn attributes(tag: &str, scan: &mut Scan) {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(end) => (&after[1..1 + end], &after[end + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if name.eq_ignore_ascii_case("id") {
            scan.ids.insert(decode_entities(value));
        } else if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            scan.links.push(decode_entities(value));
        }
        rest = remaining;
    }
}

fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && text.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether an href leaves the site (or is not a location at all).
fn is_external(href: &str) -> bool {
    href.starts_with("//")
        || href
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty())
}

/// Resolves `href` written in the file at `from` (an output path) to an output path and fragment.
fn resolve(from: &str, href: &str, base_path: &str) -> Option<(String, String)> {
    let (path, fragment) = match href.find('#') {
        Some(i) => (&href[..i], &href[i + 1..]),
        None => (href, ""),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((from.to_string(), percent_decode(fragment)));
    }
    // Segments borrowed from `from` and `path`; nothing is allocated until the join.
    let mut out: Vec<&str> = Vec::with_capacity(8);
    let relative_to: &str = if let Some(abs) = path.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        abs.strip_prefix(base)?
    } else {
        out.extend(from.split('/'));
        out.pop();
        path
    };
    let segments = relative_to.split('/');
    let trailing = matches!(relative_to.rsplit('/').next(), Some("" | "." | ".."));
    out.retain(|s| !s.is_empty() && *s != ".");
    for segment in segments {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    let mut joined = percent_decode(&out.join("/"));
    if trailing || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some((joined, percent_decode(fragment)))
}

/// Checks every internal link of every HTML file in `files`.
pub fn check(files: &[OutputFile], base_path: &str) -> Vec<Diagnostic> {
    let scans: Vec<Option<Scan>> = files.par_iter().map(scan_file).collect();
    check_scanned(files, &scans, base_path, |_| true)
}

/// The links and ids of an HTML file of the build (`None` for other files).
pub fn scan_file(file: &OutputFile) -> Option<Scan> {
    if !file.path.ends_with(".html") {
        return None;
    }
    match &file.body {
        Body::Bytes(b) => Some(match std::str::from_utf8(b) {
            Ok(text) => scan(text),
            Err(_) => scan(&String::from_utf8_lossy(b)),
        }),
        Body::Copy(p) => std::fs::read_to_string(p).ok().map(|t| scan(&t)),
    }
}

/// Checks the links of the files `include` selects, with `scans[i]` the scan of `files[i]`:
/// the preview scans only the pages it rendered again and checks only their links.
pub fn check_scanned(
    files: &[OutputFile],
    scans: &[Option<Scan>],
    base_path: &str,
    include: impl Fn(usize) -> bool + Sync,
) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let mut problems: Vec<Diagnostic> = files
        .par_iter()
        .zip(scans.par_iter())
        .enumerate()
        .flat_map_iter(|(index, (file, scan))| {
            let mut found = Vec::new();
            let Some(scan) = scan.as_ref().filter(|_| include(index)) else {
                return found;
            };
            let mut seen = HashSet::new();
            for href in &scan.links {
                if href.is_empty() || is_external(href) || href == "#" || !seen.insert(href) {
                    continue;
                }
                let problem = match resolve(&file.path, href, base_path) {
                    None => Some(format!("`{href}` points outside the site")),
                    Some((target, fragment)) => {
                        let target_index = by_path
                            .get(target.as_str())
                            .or_else(|| by_path.get(format!("{target}/index.html").as_str()));
                        match target_index {
                            None => Some(format!(
                                "`{href}` leads to `{target}`, which the build does not produce"
                            )),
                            Some(&t) if !fragment.is_empty() => match &scans[t] {
                                Some(s) if !s.ids.contains(&fragment) => Some(format!(
                                    "`{href}`: `{}` has no element with id `{fragment}`",
                                    files[t].path
                                )),
                                _ => None,
                            },
                            Some(_) => None,
                        }
                    }
                };
                if let Some(message) = problem {
                    found.push(
                        Diagnostic::error(
                            &file.origin,
                            format!("broken link in {}: {message}", file.path),
                        )
                        .help(
                            "fix the link in the page's markdown or in the template that writes it",
                        ),
                    );
                }
            }
            found
        })
        .collect();
    crate::diagnostics::sort(&mut problems);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_ids_and_links_but_not_scripts() {
        assert_eq!(find_end_tag("a</b></SCRIPT>", "script"), Some(5));
        let s = scan("<h2 id=\"a\">x</h2><a class='b' href='../x/#y'>x</a><script>var h='<a href=\"no\">';</script><img src=p.png alt=\"\">");
        assert!(s.ids.contains("a"));
        assert_eq!(s.links, vec!["../x/#y".to_string(), "p.png".to_string()]);
    }

    #[test]
    fn resolves_relative_absolute_and_fragment_links() {
        assert_eq!(
            resolve("effects/index.html", "../safety/#r", "/"),
            Some(("safety/index.html".into(), "r".into()))
        );
        assert_eq!(
            resolve("effects/index.html", "#q", "/"),
            Some(("effects/index.html".into(), "q".into()))
        );
        assert_eq!(
            resolve("404.html", "/clinic-site/safety/", "/clinic-site/"),
            Some(("safety/index.html".into(), "".into()))
        );
        assert_eq!(resolve("404.html", "/elsewhere/", "/clinic-site/"), None);
        assert_eq!(resolve("index.html", "../up", "/"), None);
        assert_eq!(
            resolve("a/index.html", "../index.html", "/"),
            Some(("index.html".into(), "".into()))
        );
    }

    #[test]
    fn reports_missing_files_and_fragments() {
        let page = |path: &str, html: &str| OutputFile {
            path: path.into(),
            body: Body::Bytes(html.into()),
            origin: format!("content/{path}").into(),
        };
        let files = vec![
            page("index.html", "<a href=\"safety/#risks\">s</a><a href=\"missing/\">m</a><a href=\"https://x.org/\">x</a>"),
            page("safety/index.html", "<h2 id=\"risk\">Risk</h2><a href=\"../#top\">home</a>"),
        ];
        let problems = check(&files, "/");
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages
            .iter()
            .any(|m| m.contains("has no element with id `risks`")));
        assert!(messages.iter().any(|m| m.contains("`missing/`")));
        assert!(messages.iter().any(|m| m.contains("id `top`")));
    }
}
