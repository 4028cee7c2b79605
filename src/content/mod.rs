//! Content: walking `content/`, reading every page and sorting out what is a page, a section
//! or an asset. Pages are read and parsed in parallel; every problem found is collected.
//!
//! A `.md` file is a page; `_index.md` makes its folder a section. Images and PDFs beside the
//! pages are copied as they are. Anything else is reported, so a stray `notes.docx` does not
//! silently vanish from the site.

pub mod clinic_values;
pub mod front_matter;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{relative, Diagnostic};
use crate::markdown::{self, Document};
use crate::slug::slugify;
pub use clinic_values::ClinicValues;
pub use front_matter::{Located, Meta, Source};

/// One markdown file of the site: a page, or a section's `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site root: `content/safety.md`.
    pub source: PathBuf,
    /// The file relative to `content/`, with `/` separators: `safety.md`, `guides/_index.md`.
    /// This is what `@/` links name.
    pub rel: String,
    /// The URL path within the site: `/safety/`.
    pub path: String,
    pub is_section: bool,
    pub meta: Meta,
    pub doc: Document,
}

/// A file copied into the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output root, with `/` separators.
    pub output: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
}

const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "ico",
];

/// Files editors and operating systems leave behind, which are neither pages nor errors.
fn is_ignorable(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.eq_ignore_ascii_case("thumbs.db")
}

/// Reads `<root>/content`. Pages with `draft = true` are left out unless `drafts` is set.
/// `values` are the clinic values pages may name (`None` when site.toml did not load).
pub fn load(
    root: &Path,
    drafts: bool,
    values: Option<&ClinicValues>,
) -> Result<Content, Vec<Diagnostic>> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::error(
            "content",
            "the site has no content/ folder",
        )
        .help(
            "create content/ with a markdown page such as content/_index.md",
        )]);
    }
    let mut problems = Vec::new();
    let mut markdown_files = Vec::new();
    let mut assets = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignorable(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| "content".into());
                problems.push(
                    Diagnostic::error(path, format!("cannot read: {err}"))
                        .help("check the file's permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel_to_content = relative(&content_dir, path);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if ext == "md" {
            markdown_files.push(path.to_path_buf());
        } else if ASSET_EXTENSIONS.contains(&ext.as_str()) {
            assets.push(Asset {
                source: relative(root, path),
                output: crate::diagnostics::slash_path(&rel_to_content),
            });
        } else {
            problems.push(
                Diagnostic::error(relative(root, path), "this file is not a markdown page")
                    .help("pages must end in .md; put downloads and other files in static/"),
            );
        }
    }

    let results: Vec<Result<Page, Vec<Diagnostic>>> = markdown_files
        .par_iter()
        .map(|path| read_page(root, &content_dir, path, values))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) if page.meta.draft && !drafts => {}
            Ok(page) => pages.push(page),
            Err(mut errs) => problems.append(&mut errs),
        }
    }
    check_unique_paths(&pages, &mut problems);
    if problems.is_empty() {
        Ok(Content { pages, assets })
    } else {
        Err(problems)
    }
}

/// Reads and parses one markdown file (`path` under `content_dir`, both absolute or both
/// relative to the working folder); the preview calls it for the one file an editor saved.
pub fn read_page(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    values: Option<&ClinicValues>,
) -> Result<Page, Vec<Diagnostic>> {
    let source_path = relative(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        vec![
            Diagnostic::error(&source_path, format!("cannot read this file: {e}"))
                .help("check that the file exists and that you may read it"),
        ]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        vec![Diagnostic::error(&source_path, "this file is not UTF-8 text")
            .at_offset(&valid, offset, 1)
            .help("save the file with UTF-8 encoding (most editors have it under \"Save with encoding\")")]
    })?;
    let split = front_matter::split(&source_path, &text).map_err(|d| vec![d])?;
    let meta = front_matter::parse(&source_path, &text, &split);
    let body = clinic_values::replace(&source_path, &text, split.body_offset, values);
    let (meta, body) = match (meta, body) {
        (Ok(meta), Ok(body)) => (meta, body),
        (meta, body) => {
            let mut all = meta.err().unwrap_or_default();
            all.extend(body.err().unwrap_or_default());
            return Err(all);
        }
    };
    let rel = crate::diagnostics::slash_path(&relative(content_dir, path));
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let path = url_path(&rel, meta.slug.as_deref());
    let doc = markdown::parse_replaced(&text, split.body_offset, body, meta.faq);
    let mut problems = Vec::new();
    for &h in &doc.duplicate_ids {
        let heading = &doc.headings[h];
        problems.push(
            Diagnostic::error(
                &source_path,
                format!("the id `{}` is used twice on this page", heading.id),
            )
            .at(heading.line, 1)
            .help("give each heading's `{#id}` a different name"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Page {
        source: source_path,
        rel,
        path,
        is_section,
        meta,
        doc,
    })
}

/// `guides/First Visit.md` -> `/guides/first-visit/`; `guides/_index.md` -> `/guides/`.
pub fn url_path(rel: &str, slug: Option<&str>) -> String {
    let without_ext = rel.trim_end_matches(".md");
    let mut segments: Vec<String> = without_ext.split('/').map(slugify).collect();
    let is_section =
        segments.last().is_some_and(|s| s == "index") && without_ext.ends_with("_index");
    if is_section {
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

fn check_unique_paths(pages: &[Page], problems: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<&str, &Page> = Default::default();
    for page in pages {
        if let Some(first) = seen.insert(&page.path, page) {
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
    use super::url_path;

    #[test]
    fn pretty_urls_from_file_names() {
        assert_eq!(url_path("_index.md", None), "/");
        assert_eq!(url_path("safety.md", None), "/safety/");
        assert_eq!(url_path("guides/_index.md", None), "/guides/");
        assert_eq!(
            url_path("guides/First Visit.md", None),
            "/guides/first-visit/"
        );
        assert_eq!(url_path("guides/x.md", Some("visit")), "/guides/visit/");
    }
}
