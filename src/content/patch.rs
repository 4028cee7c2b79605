//! The preview's way to know which files `content/` holds after an edit without walking it
//! again: the pages and assets read before, less whatever was at the changed paths, plus
//! whatever is there now (a changed folder is walked, and only it).
//!
//! The result is what [`super::load_reusing`] would give, in the same order: a walk sorted by
//! file name lists files in the order of their paths compared part by part, which is how
//! [`Path`] orders them. Anything the loader would report (a file that does not load, a file
//! that is not a page, a page URL used twice) makes the patch give up (`None`), so that the
//! loader itself finds and reports it.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::{
    is_ignorable, kind_of, language_of, load_page, Asset, Content, FileKind, Language, Page,
};
use crate::diagnostics::relative;

/// What `content/` held before an edit, per language (the default one first).
pub(crate) struct ContentBefore<'a> {
    pub pages: Vec<&'a [Arc<Page>]>,
    pub assets: &'a [Asset],
}

/// The content of every language after the files at `changed` (paths relative to `root`, all
/// under `content/`) changed, from `before`; `None` when only a walk can say (see the module
/// doc).
pub(crate) fn patch(
    root: &Path,
    drafts: bool,
    languages: &[Language],
    before: &ContentBefore<'_>,
    changed: &BTreeSet<PathBuf>,
) -> Option<Vec<Content>> {
    let content_dir = root.join("content");
    let mut found: BTreeSet<PathBuf> = BTreeSet::new();
    for path in changed {
        files_at(root, path, &mut found)?;
    }
    let mut pages: Vec<Vec<Arc<Page>>> = vec![Vec::new(); languages.len()];
    let mut assets: Vec<Asset> = Vec::new();
    for file in &found {
        match kind_of(file) {
            FileKind::Page => {
                let name = file.file_name()?.to_string_lossy();
                let language = language_of(&name, languages).ok()?;
                let page = load_page(root, &content_dir, &root.join(file), &languages[language]);
                let page = page.ok()?;
                if drafts || !page.meta.draft {
                    pages[language].push(Arc::new(page));
                }
            }
            FileKind::Asset => {
                let output = crate::diagnostics::slash_path(file.strip_prefix("content").ok()?);
                assets.push(Asset {
                    source: file.clone(),
                    output,
                });
            }
            FileKind::Other => return None,
        }
    }
    let gone = |source: &Path| changed.iter().any(|path| is_within(source, path));
    let mut contents = Vec::with_capacity(languages.len());
    for (language, added) in pages.into_iter().enumerate() {
        let kept = before.pages.get(language).copied().unwrap_or_default();
        let pages = merged(kept, added, |p| &p.source, &gone);
        let mut problems = Vec::new();
        super::check_unique_paths(&pages, &mut problems);
        if !problems.is_empty() {
            return None;
        }
        contents.push(Content {
            pages,
            ..Content::default()
        });
    }
    if let Some(first) = contents.first_mut() {
        first.assets = merged(before.assets, assets, |a| &a.source, &gone);
    }
    Some(contents)
}

/// Adds the files a walk of `content/` finds at `path` (itself, or below it for a folder);
/// `None` when `path` is not a place a patch can vouch for.
fn files_at(root: &Path, path: &Path, found: &mut BTreeSet<PathBuf>) -> Option<()> {
    let mut parts = path.components();
    if parts.next() != Some(Component::Normal("content".as_ref())) {
        return None;
    }
    let below: Vec<&str> = parts
        .map(|part| match part {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if below.is_empty() {
        return None;
    }
    if below.iter().any(|name| is_ignorable(name)) {
        return Some(());
    }
    // A walk does not follow links: a folder reached through one holds nothing for it.
    let mut folder = root.join("content");
    for name in &below[..below.len() - 1] {
        folder.push(name);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Some(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(()),
            Err(_) => return None,
        }
    }
    let full = root.join(path);
    let meta = match std::fs::symlink_metadata(&full) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(()),
        Err(_) => return None,
    };
    if meta.is_file() {
        found.insert(path.to_path_buf());
    } else if meta.is_dir() {
        let walker = WalkDir::new(&full)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignorable(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = entry.ok()?;
            if entry.file_type().is_file() {
                found.insert(relative(root, entry.path()));
            }
        }
    }
    Some(())
}

/// Whether `source` is `path` or lies below it.
fn is_within(source: &Path, path: &Path) -> bool {
    let (source, path) = (
        source.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    source.starts_with(path)
        && source
            .get(path.len())
            .is_none_or(|&next| std::path::is_separator(next as char))
}

/// `kept` less what is `gone`, with `added` (sorted by path) put in path order.
fn merged<T: Clone>(
    kept: &[T],
    added: Vec<T>,
    path: impl Fn(&T) -> &PathBuf,
    gone: &dyn Fn(&Path) -> bool,
) -> Vec<T> {
    let mut out = Vec::with_capacity(kept.len() + added.len());
    let mut rest = kept;
    for item in added {
        let before = rest.partition_point(|k| path(k) < path(&item));
        out.extend(rest[..before].iter().filter(|k| !gone(path(k))).cloned());
        out.push(item);
        rest = &rest[before..];
    }
    out.extend(rest.iter().filter(|k| !gone(path(k))).cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_holds_itself_and_what_lies_below_it_only() {
        let within = |a: &str, b: &str| is_within(Path::new(a), Path::new(b));
        assert!(within("content/a/b.md", "content/a"));
        assert!(within("content/a", "content/a"));
        assert!(!within("content/ab/b.md", "content/a"));
        assert!(!within("content/a.md", "content/a"));
    }

    #[test]
    fn added_files_go_where_a_walk_sorted_by_name_finds_them() {
        let paths = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        let kept = paths(&[
            "content/a.md",
            "content/b/x.md",
            "content/b.md",
            "content/c.md",
        ]);
        let added = paths(&["content/b/a.md", "content/bb.md"]);
        let gone = |p: &Path| p == Path::new("content/c.md");
        let out = merged(&kept, added, |p| p, &gone);
        assert_eq!(
            out,
            paths(&[
                "content/a.md",
                "content/b/a.md",
                "content/b/x.md",
                "content/b.md",
                "content/bb.md"
            ])
        );
    }

    fn write(root: &Path, rel: &str, title: &str) {
        let file = root.join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text = format!("+++\ntitle = \"{title}\"\ndescription = \"d\"\n+++\n\nText.\n");
        std::fs::write(file, text).unwrap();
    }

    fn languages() -> Vec<Language> {
        vec![Language::default()]
    }

    /// What a walk finds: each page's file and title, and each asset's file.
    fn listed(contents: &[Content]) -> Vec<String> {
        let pages = contents[0]
            .pages
            .iter()
            .map(|p| format!("{} {}", p.source.display(), p.meta.title));
        let assets = contents[0]
            .assets
            .iter()
            .map(|a| a.source.display().to_string());
        pages.chain(assets).collect()
    }

    /// Patches the content read before with `changed` and compares it with a fresh walk.
    fn patched_like_a_walk(root: &Path, before: &[Content], changed: &[&str]) -> Vec<Content> {
        let changed: BTreeSet<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let before = ContentBefore {
            pages: vec![before[0].pages.as_slice()],
            assets: &before[0].assets,
        };
        let patched = patch(root, false, &languages(), &before, &changed)
            .expect("the patch vouches for these changes");
        let walked = super::super::load_languages(root, false, &languages());
        assert!(walked[0].problems.is_empty(), "{:?}", walked[0].problems);
        assert_eq!(listed(&patched), listed(&walked));
        patched
    }

    #[test]
    fn a_patch_finds_what_a_walk_finds_after_files_and_folders_come_go_and_move() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/_index.md", "Home");
        write(root, "content/b.md", "B");
        write(root, "content/guides/_index.md", "Guides");
        write(root, "content/guides/one.md", "One");
        std::fs::write(root.join("content/guides/map.png"), "png").unwrap();
        let first = super::super::load_languages(root, false, &languages());

        // A new page, a changed one, and a deleted one in one batch.
        write(root, "content/a.md", "A");
        write(root, "content/guides/one.md", "One again");
        std::fs::remove_file(root.join("content/b.md")).unwrap();
        let second = patched_like_a_walk(
            root,
            &first,
            &["content/a.md", "content/guides/one.md", "content/b.md"],
        );
        // The untouched pages are the ones read before.
        assert!(Arc::ptr_eq(&second[0].pages[0], &first[0].pages[0]));

        // A folder moved, with its picture; an editor's swap file beside it is not a page.
        std::fs::rename(root.join("content/guides"), root.join("content/help")).unwrap();
        std::fs::write(root.join("content/help/.one.md.swp"), "swap").unwrap();
        let third = patched_like_a_walk(
            root,
            &second,
            &["content/guides", "content/help", "content/help/.one.md.swp"],
        );

        // A file that is not a page is the loader's to report.
        std::fs::write(root.join("content/notes.docx"), "doc").unwrap();
        let changed = BTreeSet::from([PathBuf::from("content/notes.docx")]);
        let before = ContentBefore {
            pages: vec![third[0].pages.as_slice()],
            assets: &third[0].assets,
        };
        assert!(patch(root, false, &languages(), &before, &changed).is_none());
    }
}
