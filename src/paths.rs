//! File system paths and the `/`-separated names sitegen gives files (`guides/first-visit.md`
//! under content/, `safety/index.html` in the output), on every platform.
//!
//! A name is made from a path's components and turned back into a path by joining its
//! segments, both with `Path` APIs: never by splitting a path's text on `/`, which on Windows
//! misses `\`, and never by joining a name with `/` in it onto a folder, which a Windows
//! `\\?\` path does not split. Names are what links, URLs and messages use; paths are only
//! for opening files.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// `path` with `/` between its parts whatever the platform (`guides/first-visit.md`): how
/// files under content/, templates and output paths are named everywhere in sitegen.
pub fn slash_path(path: &Path) -> String {
    slash_path_of(path.components().map(|c| c.as_os_str()))
}

/// The name made of `parts`, the components of a relative path as the platform gives them
/// (`["guides", "first-visit.md"]` -> `guides/first-visit.md`).
pub(crate) fn slash_path_of<'a>(parts: impl IntoIterator<Item = &'a OsStr>) -> String {
    parts
        .into_iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The path of the file named `name` (`safety/index.html`) inside `folder`.
pub(crate) fn join_slash(folder: &Path, name: &str) -> PathBuf {
    let mut path = folder.to_path_buf();
    for segment in name.split('/').filter(|s| !s.is_empty()) {
        path.push(segment);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_joined_onto_a_folder_one_segment_at_a_time() {
        let folder = Path::new("public");
        let path = join_slash(folder, "a/b/index.html");
        assert_eq!(path, folder.join("a").join("b").join("index.html"));
        let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
        assert_eq!(parts, ["public", "a", "b", "index.html"].map(OsStr::new));
        assert_eq!(slash_path(&path), "public/a/b/index.html");
        assert_eq!(join_slash(folder, "/index.html"), folder.join("index.html"));
    }

    /// Only Windows parses `\` as a separator, and only there does a `\\?\` path take no `/`.
    #[cfg(windows)]
    #[test]
    fn windows_paths_become_names_with_slashes_and_names_become_windows_paths() {
        let rel = Path::new(r"guides\First Visit.md");
        assert_eq!(slash_path(rel), "guides/First Visit.md");
        let site = Path::new(r"\\?\C:\Users\editor\clinic-site\public");
        assert_eq!(
            join_slash(site, "guides/first-visit/index.html"),
            PathBuf::from(r"\\?\C:\Users\editor\clinic-site\public\guides\first-visit\index.html")
        );
        let root = Path::new(r"C:\site");
        let file = root.join(r"content\guides\a.md");
        let under = file.strip_prefix(root.join("content")).unwrap();
        assert_eq!(slash_path(under), "guides/a.md");
    }
}
