//! The floor: read, render and write every page of a site, in parallel, and nothing else.
//!
//! Usage: `floor <site root>`; writes `<site root>/public-floor/<path>/index.html` for every
//! `content/<path>.md` (`_index.md` writes its folder's `index.html`), overwriting every file on
//! every run. The yardstick sitegen's build is measured against in bench/run.sh.

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: floor <site root>"));
    let content = root.join("content");
    let out = root.join("public-floor");
    let files: Vec<PathBuf> = WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|file| write_page(file, &content, &out));
    println!("floor: {} pages", files.len());
}

/// Reads one markdown file, renders its body and writes `<path>/index.html`.
fn write_page(file: &Path, content: &Path, out: &Path) {
    let text = std::fs::read_to_string(file).expect("read");
    let body = strip_front_matter(&text);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut page = String::with_capacity(body.len() * 2);
    page.push_str("<!doctype html><html><head><meta charset=\"utf-8\"></head><body>");
    html::push_html(&mut page, Parser::new_ext(body, options));
    page.push_str("</body></html>\n");
    let relative = file.strip_prefix(content).expect("under content");
    let folder = if relative.file_name().is_some_and(|n| n == "_index.md") {
        out.join(relative.parent().unwrap_or(Path::new("")))
    } else {
        out.join(relative.with_extension(""))
    };
    std::fs::create_dir_all(&folder).expect("create folder");
    std::fs::write(folder.join("index.html"), page).expect("write");
}

/// The text after a `+++ ... +++` front matter block (all of it when there is none).
fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++") else {
        return text;
    };
    match rest.find("\n+++") {
        Some(end) => rest[end + 4..].trim_start_matches(['\r', '\n']),
        None => text,
    }
}
