//! Checking every link of the built HTML, after rendering: each internal `href` and `src`
//! must lead to a file of the build, and each `#fragment` to an id in that file. This covers
//! links written by templates as well as by markdown (Zola checks only the latter).
//!
//! HTML is scanned for attributes by [`crate::html`] rather than parsed into a tree: the
//! output is ours, and a scanner keeps the check fast enough to run on every build. Links to
//! other hosts and schemes ([`html::url::is_off_site`]) are not followed. A scan keeps its links as
//! numbers of one table of the values every scan found ([`shared`]), since pages repeat
//! most of their links.

use std::borrow::Cow;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::html;
use crate::output::{Body, OutputFile};

mod shared;
use shared::LinksFound;
pub use shared::SharedLinks;
mod verdicts;

/// The links and ids found in one HTML document.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Every `id` the document defines, for `#fragment` links.
    pub ids: Ids,
    /// Each distinct `href` and `src` value, in the order first seen.
    pub links: SharedLinks,
    /// Its `<link rel="alternate" hreflang>` alternates ([`crate::hreflang`]).
    pub alternates: Vec<crate::hreflang::HreflangPair>,
}

/// Strings kept end to end in one buffer: a build keeps the scan of every page until the
/// link check, and one allocation per page instead of one per value saves both the
/// allocations and most of the memory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct StringPool {
    text: String,
    ends: Vec<u32>,
}

impl StringPool {
    fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len() as u32);
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        Some(&self.text[start..end])
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// The ids of a document: distinct, sorted, looked up by binary search.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ids(StringPool);

impl Ids {
    fn from_values(mut values: Vec<Cow<'_, str>>) -> Self {
        values.sort_unstable();
        values.dedup();
        // At their exact size: a build keeps every page's ids until the link check.
        let mut strings = StringPool {
            text: String::with_capacity(values.iter().map(|v| v.len()).sum()),
            ends: Vec::with_capacity(values.len()),
        };
        for value in &values {
            strings.push(value);
        }
        Ids(strings)
    }

    /// Whether the document defines `id`.
    pub fn contains(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.0.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.0.get(mid).map(|v| v.cmp(id)) {
                Some(std::cmp::Ordering::Less) => low = mid + 1,
                Some(std::cmp::Ordering::Greater) => high = mid,
                _ => return true,
            }
        }
        false
    }

    /// Whether every id of `self` is also in `other`.
    pub(crate) fn is_subset(&self, other: &Ids) -> bool {
        self.iter().all(|id| other.contains(id))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter()
    }
}

/// Finds `id`, `href` and `src` attribute values outside comments, `<script>` and `<style>`,
/// and the page's hreflang alternates (with [`html::for_each_tag_and_attr`]: one pass, nothing
/// allocated per tag; only the values kept are copied).
pub fn scan(html: &str) -> Scan {
    scan_bytes(html.as_bytes())
}

/// [`scan`] over bytes: the pages a build writes are bytes already, and only the values kept
/// need to be checked as UTF-8, not the whole page.
pub(crate) fn scan_bytes(bytes: &[u8]) -> Scan {
    let mut found = ScanFound {
        // A page of the clinic's theme has a few dozen distinct links: room for them from the
        // start saves growing the table (it is dropped with the scan).
        ids: Vec::new(),
        links: LinksFound::new(),
        alternates: Default::default(),
    };
    html::for_each_tag_and_attr(bytes, |found_here| match found_here {
        html::TagOrAttr::Tag(name) => found.alternates.tag(name),
        html::TagOrAttr::Attr(attr) => found.attribute(&attr),
    });
    found.into_scan(bytes)
}

/// Ids, links and alternates as a scan finds them: ids borrowed from the document where they
/// need no decoding, links numbered as they come.
struct ScanFound<'a> {
    ids: Vec<Cow<'a, str>>,
    links: LinksFound<'a>,
    alternates: crate::hreflang::AlternatesFound<'a>,
}

impl<'a> ScanFound<'a> {
    fn attribute(&mut self, attr: &html::Attr<'a>) {
        match attr.name.len() {
            2 if attr.is("id") => self.ids.push(attr.value()),
            3 | 4 if attr.is("href") || attr.is("src") => {
                self.links.add(attr.raw_value, || attr.value());
            }
            _ => {}
        }
        self.alternates.attr(attr);
    }

    fn into_scan(self, html: &[u8]) -> Scan {
        Scan {
            ids: Ids::from_values(self.ids),
            links: self.links.finish(),
            alternates: self.alternates.finish(html),
        }
    }
}

/// `text` with `%XX` escapes decoded (invalid UTF-8 becomes U+FFFD).
fn percent_decode(text: &str) -> Cow<'_, str> {
    // Most links have no escape: borrowed at the cost of one `memchr`.
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    percent_encoding::percent_decode_str(text).decode_utf8_lossy()
}

/// Resolves `href` written in the file at `from` (an output path) to an output path and fragment.
fn resolve(from: &str, href: &str, base_path: &str) -> Option<(String, String)> {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if path.is_empty() {
        return Some((from.to_string(), percent_decode(fragment).into_owned()));
    }
    // The target is built in one string: `from` is an output path, already normal, so its
    // folder is the start; `..` cuts back to the previous `/`.
    let mut out = String::with_capacity(from.len() + path.len() + 16);
    let relative_to: &str = if let Some(abs) = path.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        abs.strip_prefix(base)?
    } else {
        out.push_str(from.rsplit_once('/').map_or("", |(folder, _)| folder));
        path
    };
    let mut trailing = false;
    for segment in relative_to.split('/') {
        trailing = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            s => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(s);
            }
        }
    }
    let mut joined = match percent_decode(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(decoded) => decoded,
    };
    if trailing || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some((joined, percent_decode(fragment).into_owned()))
}

/// What the link check needs of one output file: its path, where it came from, and its
/// scan (`None` for files that are not HTML).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScannedFile<'a> {
    pub path: &'a str,
    pub origin: &'a Path,
    pub scan: Option<&'a Scan>,
}

/// Checks every internal link of every HTML file in `files`.
#[cfg(test)]
pub(crate) fn check(files: &[OutputFile], base_path: &str) -> Vec<Diagnostic> {
    let scans: Vec<Option<Scan>> = files.par_iter().map(scan_file).collect();
    check_scanned(files, &scans, base_path, |_| true)
}

/// The links and ids of an HTML file of the build (`None` for other files).
pub(crate) fn scan_file(file: &OutputFile) -> Option<Scan> {
    if !file.path.ends_with(".html") {
        return None;
    }
    match &file.body {
        Body::Bytes(b) => Some(scan_bytes(b)),
        Body::Copy(p) => std::fs::read_to_string(p).ok().map(|t| scan(&t)),
    }
}

/// Checks the links of the files `include` selects, with `scans[i]` the scan of `files[i]`:
/// the preview scans only the pages it rendered again and checks only their links.
#[cfg(test)]
pub(crate) fn check_scanned(
    files: &[OutputFile],
    scans: &[Option<Scan>],
    base_path: &str,
    include: impl Fn(usize) -> bool + Sync,
) -> Vec<Diagnostic> {
    let scanned: Vec<ScannedFile<'_>> = files
        .iter()
        .zip(scans)
        .map(|(file, scan)| ScannedFile {
            path: &file.path,
            origin: &file.origin,
            scan: scan.as_ref(),
        })
        .collect();
    check_files(&scanned, base_path, include)
}

/// Checks the links of the files `include` selects against all of `files`. Each thread keeps
/// the verdicts it worked out ([`verdicts::VerdictMemo`]): most links are the same from many pages.
pub(crate) fn check_files(
    files: &[ScannedFile<'_>],
    base_path: &str,
    include: impl Fn(usize) -> bool + Sync,
) -> Vec<Diagnostic> {
    let targets = verdicts::Targets {
        files,
        by_path: files.iter().enumerate().map(|(i, f)| (f.path, i)).collect(),
        base_path,
    };
    let mut problems: Vec<Diagnostic> = files
        .par_iter()
        .enumerate()
        .fold(
            || (verdicts::VerdictMemo::default(), Vec::new()),
            |(mut memo, mut found), (index, file)| {
                let Some(scan) = file.scan.filter(|_| include(index)) else {
                    return (memo, found);
                };
                for (number, href) in scan.links.numbered() {
                    if let Some(message) = memo.problem(&targets, file.path, number, href) {
                        found.push(
                            Diagnostic::error(
                                file.origin,
                                format!("broken link in {}: {message}", file.path),
                            )
                            .help(
                                "fix the link in the page's markdown or in the template that writes it",
                            ),
                        );
                    }
                }
                (memo, found)
            },
        )
        .flat_map_iter(|(_, found)| found)
        .collect();
    crate::diagnostics::sort(&mut problems);
    problems
}

#[cfg(test)]
#[path = "linkcheck_tests.rs"]
mod tests;
