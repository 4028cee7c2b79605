//! The folder guard: sitegen only ever replaces a folder that carries its marker (or an empty
//! or new one). It refuses the site root, `content/`, `themes/` and the other source folders,
//! a home folder, the file system's root, any folder containing the site, and any non-empty
//! folder without the marker, before it builds anything and again before it touches the disk.

use std::fs;
use std::path::{Path, PathBuf};

use super::MARKER;
use crate::diagnostics::Diagnostic;

/// Checks that `output` is a folder sitegen may replace, before anything is built.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
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
        if !empty && !abs_out.join(MARKER).is_file() {
            return refuse(format!(
                "it is not empty and was not made by sitegen (it has no {MARKER} file)"
            ));
        }
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
}
