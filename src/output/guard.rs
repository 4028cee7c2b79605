//! The folder guard: sitegen only ever replaces a folder that carries its marker (or an empty
//! or new one). It refuses the site root, `content/`, `themes/` and the other source folders,
//! a home folder, the file system's root, any folder containing the site, and any non-empty
//! folder without the marker, before it builds anything and again before it touches the disk.

use std::fs;
use std::path::{Path, PathBuf};

use super::marker::{self, MARKER};
use crate::diagnostics::Diagnostic;

/// Checks that `output` is a folder sitegen may replace, before anything is built.
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(
            output.display().to_string(),
            format!(
                "refusing to write the site into {}: {why}",
                output.display()
            ),
        )
        .help("choose an empty or new folder, such as the default public/"))
    };
    let abs_root = canonical_or_self(root);
    let abs_out = canonical_or_self(output);
    if abs_out == abs_root {
        return refuse("it is the site's own folder".into());
    }
    if abs_root.starts_with(&abs_out) {
        return refuse("it contains the site's sources".into());
    }
    for protected in ["content", "themes", "static", "templates", ".git", "src"] {
        if abs_out.starts_with(abs_root.join(protected)) {
            return refuse(format!("it is inside {protected}/"));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if abs_out == canonical_or_self(&home) {
            return refuse("it is your home folder".into());
        }
    }
    if abs_out.parent().is_none() {
        return refuse("it is the root of the file system".into());
    }
    if abs_out.exists() {
        if !abs_out.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
        let empty = fs::read_dir(&abs_out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !marker::is_marked(&abs_out) {
            return refuse(format!(
                "it is not empty and was not made by sitegen (it has no {MARKER} file)"
            ));
        }
    }
    Ok(())
}

/// Checks that `folder`, one of sitegen's working folders beside the output
/// (`.public.sitegen-new` or `.public.sitegen-old`), is absent or was made by sitegen.
pub(super) fn check_working_dir(folder: &Path) -> Result<(), Diagnostic> {
    if folder.exists() && !marker::is_marked(folder) {
        return Err(Diagnostic::error(
            folder.display().to_string(),
            "this folder has sitegen's working name but was not made by sitegen",
        )
        .help("move or rename it; sitegen will not touch it"));
    }
    Ok(())
}

fn canonical_or_self(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    // A folder that does not exist yet: canonicalise its parent.
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => canonical_or_self(parent).join(name),
        _ => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::file;
    use super::super::write;
    use super::*;

    #[test]
    fn refuses_foreign_folders_and_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep me").unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        let err = check_output_dir(root, &root.join("mine")).unwrap_err();
        assert!(
            err.message.contains("not made by sitegen"),
            "{}",
            err.message
        );
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(write(root, &root.join("mine"), &[file("a.html", "x")]).is_err());
        assert_eq!(
            fs::read_to_string(root.join("mine/notes.txt")).unwrap(),
            "keep me"
        );
    }

    #[test]
    fn a_folder_in_the_way_of_sitegens_working_folders_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".public.sitegen-old")).unwrap();
        fs::write(root.join(".public.sitegen-old/notes.txt"), "keep me").unwrap();
        let err = write(root, &root.join("public"), &[file("a.html", "x")]).unwrap_err();
        assert!(err.message.contains("working name"), "{}", err.message);
        assert_eq!(
            fs::read_to_string(root.join(".public.sitegen-old/notes.txt")).unwrap(),
            "keep me"
        );
        assert!(!root.join("public").exists());
    }

    #[test]
    fn a_folder_marked_by_an_older_sitegen_is_still_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let out = root.join("public");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("a/index.html"), "old A").unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        // The marker as sitegen wrote it before it was JSON.
        fs::write(
            out.join(MARKER),
            "This folder was made by sitegen; it is replaced on every build.\n\
             Files listed below are sitegen's; anything else found here is kept.\n\n\
             a/index.html\n\nCarried over from the previous output (not sitegen's):\n\
             notes.txt\n\nFingerprints (bytes, modified, hash, file) of sitegen's files:\n\
             5 1790000000000000000 00000000000000ff a/index.html\n",
        )
        .unwrap();
        assert!(check_output_dir(root, &out).is_ok());
        let summary = write(root, &out, &[file("a/index.html", "new A")]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new A"
        );
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(summary.kept_foreign, ["notes.txt"]);
        // From then on the marker is the new one, and builds go on as usual.
        let again = write(root, &out, &[file("a/index.html", "new A")]).unwrap();
        assert_eq!((again.written, again.unchanged), (0, 1));
        assert_eq!(again.kept_foreign, ["notes.txt"]);
    }
}
