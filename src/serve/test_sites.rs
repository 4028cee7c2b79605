//! Sites the preview's unit tests run on: a fixture or the clinic site copied into a
//! temporary folder, so a test can edit its files.

use std::path::Path;

/// Copies the folder `from` into `to`, every file and folder.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of a site (its content, themes and site.toml) in a temporary folder.
pub(crate) fn site_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "static", "templates"] {
        if from.join(part).is_dir() {
            copy_dir(&from.join(part), &dir.path().join(part));
        }
    }
    std::fs::copy(from.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

/// The `serve_preview` fixture in a temporary folder.
pub(crate) fn serve_fixture() -> tempfile::TempDir {
    site_copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview"))
}

/// The `desk` fixture (two languages, findings in both) with the clinic theme, in a
/// temporary folder.
pub(crate) fn desk_fixture() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = site_copy(&repo.join("tests/fixtures/desk"));
    copy_dir(
        &repo.join("themes/clinic"),
        &dir.path().join("themes/clinic"),
    );
    dir
}
