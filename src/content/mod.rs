//! Content: walking `content/`, reading every page and sorting out what is a page, a section
//! or an asset. Pages are read and parsed in parallel; every problem found is collected.
//!
//! A `.md` file is a page; `_index.md` makes its folder a section. Images and PDFs beside the
//! pages are copied as they are. Anything else is reported, so a stray `notes.docx` does not
//! silently vanish from the site.

pub(crate) mod blocks;
pub(crate) mod clinic_values;
pub(crate) mod front_matter;
pub(crate) mod patch;
pub(crate) mod version;

mod page_urls;
use page_urls::check_unique_paths;
pub(crate) use page_urls::url_path;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{relative, Diagnostic};
use crate::markdown::{self, Document};
pub(crate) use clinic_values::ClinicValues;
pub(crate) use front_matter::{Meta, Source};
pub(crate) use version::source_version;

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

/// Everything read from `content/`: the pages that loaded, and the problems of those that did
/// not, so that one build reports every problem of every file.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Shared, so that the preview can keep a page it did not need to read again.
    pub pages: Vec<Arc<Page>>,
    pub assets: Vec<Asset>,
    /// Markdown files that did not load; links to them are not reported a second time.
    pub failed: Vec<FailedPage>,
    pub problems: Vec<Diagnostic>,
}

/// A markdown file that did not load, and what links to it could name.
#[derive(Debug, Clone, Default)]
pub(crate) struct FailedPage {
    /// Its file under content/: what `@/` links name.
    pub rel: String,
    /// The ids of its headings, when its body could still be read.
    pub ids: Vec<String>,
}

const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "ico",
];

/// What a file under content/ is, by its extension.
#[derive(Debug, PartialEq, Eq)]
enum FileKind {
    /// A markdown page (`.md`).
    Page,
    /// A picture or a PDF, copied as it is.
    Asset,
    /// Anything else: reported, as it would not reach the site.
    Other,
}

fn kind_of(path: &Path) -> FileKind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "md" => FileKind::Page,
        ext if ASSET_EXTENSIONS.contains(&ext) => FileKind::Asset,
        _ => FileKind::Other,
    }
}

/// Files editors and operating systems leave behind (swap, backup, lock and temporary files,
/// and folders' hidden files), which are neither pages nor errors; the preview's watcher
/// ignores them too.
pub(crate) fn is_ignorable(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.eq_ignore_ascii_case("thumbs.db")
}

/// A language pages are read in: the site's default one (`code` `None`), or another one
/// whose pages are `page.<code>.md` beside their source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Language {
    pub code: Option<String>,
    /// The clinic values its pages may name (`None` when site.toml did not load).
    pub values: Option<ClinicValues>,
    /// The blocks its pages may show (`content/_blocks/`, see [`blocks`]).
    pub blocks: Arc<blocks::Blocks>,
    /// Leave out what only the checks read of each page ([`markdown::Prose`]), to save
    /// memory: `build` does.
    pub skip_prose: bool,
}

/// `languages` with the blocks of each read from `root`'s `content/_blocks/`, and every
/// problem found in the blocks.
pub(crate) fn with_blocks(root: &Path, languages: &[Language]) -> (Vec<Language>, Vec<Diagnostic>) {
    let (blocks, problems) = blocks::load(root, languages);
    let languages = languages
        .iter()
        .zip(blocks)
        .map(|(language, blocks)| Language {
            blocks,
            ..language.clone()
        })
        .collect();
    (languages, problems)
}

/// Reads `<root>/content` in the default language only (see [`load_languages`]).
#[cfg(test)]
pub(crate) fn load(root: &Path, drafts: bool, values: Option<&ClinicValues>) -> Content {
    let language = Language {
        code: None,
        values: values.cloned(),
        ..Language::default()
    };
    load_languages(root, drafts, &[language])
        .pop()
        .unwrap_or_default()
}

/// Reads `<root>/content`: one [`Content`] per language of `languages` (the default one
/// first), each page in the language its file name says (`safety.es.md` is the Spanish
/// `safety.md`, named by `@/` links as `safety.md`, published under `/es/`). Pages with
/// `draft = true` are left out unless `drafts` is set. Assets and every problem go with the
/// default language.
#[cfg(test)]
pub(crate) fn load_languages(root: &Path, drafts: bool, languages: &[Language]) -> Vec<Content> {
    load_reusing(root, drafts, languages, &|_| None)
}

/// A page read before whose file has not changed since, by its file (`content/safety.md`).
pub(crate) type Reuse<'a> = dyn Fn(&Path) -> Option<Arc<Page>> + Sync + 'a;

/// Reads `<root>/content` as `load_languages` does, taking each page `reuse` gives rather than reading its file again: the
/// preview walks `content/` after an edit (so new, deleted and moved files are found as
/// `build` finds them) but reads only the files that changed.
pub(crate) fn load_reusing(
    root: &Path,
    drafts: bool,
    languages: &[Language],
    reuse: &Reuse<'_>,
) -> Vec<Content> {
    let content_dir = root.join("content");
    let mut by_language: Vec<Content> = languages.iter().map(|_| Content::default()).collect();
    if !content_dir.is_dir() {
        by_language[0].problems.push(
            Diagnostic::error("content", "the site has no content/ folder")
                .help("create content/ with a markdown page such as content/_index.md"),
        );
        return by_language;
    }
    let (languages, mut problems) = with_blocks(root, languages);
    let languages = languages.as_slice();
    let mut markdown_files: Vec<(PathBuf, usize)> = Vec::new();
    let mut assets = Vec::new();
    let blocks_dir = content_dir.join(blocks::FOLDER);
    let walker = WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(is_ignorable(&e.file_name().to_string_lossy()) || e.path() == blocks_dir)
        });
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
        let kind = kind_of(path);
        if kind == FileKind::Page {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            match language_of(&name, languages) {
                Ok(language) => markdown_files.push((path.to_path_buf(), language)),
                Err(code) => problems.push(
                    Diagnostic::error(
                        relative(root, path),
                        format!("this file is a translation into `{code}`, which site.toml does not list"),
                    )
                    .help(format!(
                        "add the language to site.toml ([[languages]] with code = \"{code}\"), or rename the file"
                    )),
                ),
            }
        } else if kind == FileKind::Asset {
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

    let results: Vec<(usize, Result<Arc<Page>, Failure>)> = markdown_files
        .par_iter()
        .map(|(path, language)| {
            let page = match reuse(&relative(root, path)) {
                Some(page) => Ok(page),
                None => load_page(root, &content_dir, path, &languages[*language]).map(Arc::new),
            };
            (*language, page)
        })
        .collect();
    for (language, result) in results {
        let content = &mut by_language[language];
        match result {
            Ok(page) if page.meta.draft && !drafts => {}
            Ok(page) => content.pages.push(page),
            Err(failure) => {
                problems.extend(failure.problems);
                content.failed.push(failure.page);
            }
        }
    }
    for content in &by_language {
        check_unique_paths(&content.pages, &mut problems);
    }
    problems.extend(blocks::check_question_pages(
        &languages[0].blocks,
        &by_language[0].pages,
        &by_language[0].failed,
    ));
    by_language[0].assets = assets;
    by_language[0].problems = problems;
    by_language
}

/// Which of `languages` a markdown file's name says it is in: `safety.es.md` is in `es` when
/// `es` is listed, `safety.md` in the default one (index 0). A name that looks like a
/// translation into a language not listed (`safety.fr.md`) is `Err(code)`.
fn language_of(name: &str, languages: &[Language]) -> Result<usize, String> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let Some((_, code)) = stem.rsplit_once('.') else {
        return Ok(0);
    };
    if let Some(i) = languages
        .iter()
        .position(|l| l.code.as_deref() == Some(code))
    {
        return Ok(i);
    }
    let looks_like_a_code =
        (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
    if looks_like_a_code {
        Err(code.to_string())
    } else {
        Ok(0)
    }
}

/// Why a markdown file did not load, and what is known of it anyway.
struct Failure {
    problems: Vec<Diagnostic>,
    page: FailedPage,
}

fn load_page(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    language: &Language,
) -> Result<Page, Failure> {
    read_page_in(root, content_dir, path, language).map_err(|problems| {
        let rel = rel_of(content_dir, path, language.code.as_deref());
        // Its headings, if the body can be read, so `@/page.md#heading` and `@#question`
        // links to it are not reported as broken too.
        let ids = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| {
                let split = front_matter::split(Path::new(&rel), &text).ok()?;
                let doc = markdown::parse(text.clone(), split.body_offset, true);
                Some(doc.headings.into_iter().map(|h| h.id).collect())
            })
            .unwrap_or_default();
        Failure {
            problems,
            page: FailedPage { rel, ids },
        }
    })
}

/// The file's path under content/ as links name it: `safety/_index.es.md` (in `es`) is
/// `safety/_index.md`.
fn rel_of(content_dir: &Path, path: &Path, code: Option<&str>) -> String {
    let rel = crate::diagnostics::slash_path(&relative(content_dir, path));
    match code {
        Some(code) => match rel.strip_suffix(&format!(".{code}.md")) {
            Some(stem) => format!("{stem}.md"),
            None => rel,
        },
        None => rel,
    }
}

/// Reads and parses one markdown file in `language` (`path` under `content_dir`, both absolute
/// or both relative to the working folder); the preview calls it for the one file an editor saved.
pub(crate) fn read_page_in(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    language: &Language,
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
    let rel = rel_of(content_dir, path, language.code.as_deref());
    Page::from_text_with_blocks(&source_path, &rel, text, language)
}

impl Page {
    /// The page a file holds: `source` is its path from the site root (for messages), `rel`
    /// its path under content/ (what `@/` links name), `text` what it holds.
    #[cfg(test)]
    pub(crate) fn from_text(
        source: &Path,
        rel: &str,
        text: String,
        values: Option<&ClinicValues>,
    ) -> Result<Page, Vec<Diagnostic>> {
        Self::from_text_in(source, rel, text, values, None)
    }

    /// [`Page::from_text`] for a page in another language than the default (`code`), whose
    /// URL is under `/<code>/`.
    #[cfg(test)]
    pub(crate) fn from_text_in(
        source: &Path,
        rel: &str,
        text: String,
        values: Option<&ClinicValues>,
        code: Option<&str>,
    ) -> Result<Page, Vec<Diagnostic>> {
        let language = Language {
            code: code.map(str::to_string),
            values: values.cloned(),
            ..Language::default()
        };
        Self::from_text_with_blocks(source, rel, text, &language)
    }

    /// [`Page::from_text`] for a page in `language`, showing its blocks.
    pub(crate) fn from_text_with_blocks(
        source: &Path,
        rel: &str,
        text: String,
        language: &Language,
    ) -> Result<Page, Vec<Diagnostic>> {
        let (values, code) = (language.values.as_ref(), language.code.as_deref());
        let split = front_matter::split(source, &text).map_err(|d| vec![d])?;
        let meta = front_matter::parse(source, &text, &split)
            .and_then(|meta| fill_reviewer(source, meta, values));
        let expanded = blocks::expand(
            source,
            rel,
            &text,
            split.body_offset,
            &language.blocks,
            values,
        );
        let body = match &expanded {
            Some(Ok(_)) => Ok(None),
            Some(Err(problems)) => Err(problems.clone()),
            None => clinic_values::replace(source, &text, split.body_offset, values),
        };
        let (meta, body) = match (meta, body) {
            (Ok(meta), Ok(body)) => (meta, body),
            (meta, body) => {
                let mut all = meta.err().unwrap_or_default();
                all.extend(body.err().unwrap_or_default());
                return Err(all);
            }
        };
        let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
        let path = match code {
            Some(code) => format!("/{code}{}", url_path(rel, meta.slug.as_deref())),
            None => url_path(rel, meta.slug.as_deref()),
        };
        let body_offset = split.body_offset;
        let keep_prose = !language.skip_prose;
        let doc = match expanded {
            Some(Ok(expanded)) => {
                markdown::parse_expanded(expanded, body_offset, meta.faq, keep_prose)
            }
            _ => markdown::parse_with_values(text, body_offset, body, meta.faq, keep_prose),
        };
        let problems: Vec<Diagnostic> = doc
            .duplicate_ids
            .iter()
            .map(|&h| {
                let heading = &doc.headings[h];
                Diagnostic::error(
                    source,
                    format!("the id `{}` is used twice on this page", heading.id),
                )
                .at(heading.line, 1)
                .help("give each heading's `{#id}` a different name")
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Page {
            source: source.to_path_buf(),
            rel: rel.to_string(),
            path,
            is_section,
            meta,
            doc,
        })
    }
}

/// `reviewed_by` with the clinic values it names put in (`{{ clinic.reviewer }}`); an unknown
/// or empty one is an error at the key.
fn fill_reviewer(
    file: &Path,
    mut meta: Meta,
    values: Option<&ClinicValues>,
) -> Result<Meta, Vec<Diagnostic>> {
    let (Some(values), Some(written)) = (values, &meta.reviewed_by_written) else {
        return Ok(meta);
    };
    match values.fill(&written.text) {
        Ok((text, _)) => {
            meta.reviewed_by = Some(text);
            Ok(meta)
        }
        Err(problems) => Err(problems
            .into_iter()
            .map(|mut d| {
                d.file = file.to_path_buf();
                d.at(written.line, written.column)
            })
            .collect()),
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
        assert_eq!(
            url_path("guides/driving/index.md", None),
            "/guides/driving/"
        );
        assert_eq!(
            url_path("guides/driving/index.md", Some("drive")),
            "/guides/drive/"
        );
        assert_eq!(url_path("index.md", None), "/index/");
    }
}
