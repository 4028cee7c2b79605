//! Tests of [`super`] (rebuild).

use super::*;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
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
fn site_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "static", "templates"] {
        if from.join(part).is_dir() {
            copy_dir(&from.join(part), &dir.path().join(part));
        }
    }
    std::fs::copy(from.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

fn fixture() -> tempfile::TempDir {
    site_copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview"))
}

fn engine(root: &Path) -> Engine {
    let mut engine = Engine::new(
        root.to_path_buf(),
        LoadOptions::default(),
        RenderOptions::default(),
    );
    assert_eq!(
        engine.rebuild(&Changes::default()).ok().unwrap().scope,
        Scope::Full
    );
    engine
}

fn changed(root: &Path, path: &str) -> Changes {
    let mut changes = Changes::default();
    changes.add(root, &root.join(path));
    changes
}

fn edit(root: &Path, path: &str, from: &str, to: &str) -> Changes {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    changed(root, path)
}

fn html(files: &[OutputFile], path: &str) -> String {
    match &files.iter().find(|f| f.path == path).unwrap().body {
        Body::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        Body::Copy(p) => std::fs::read_to_string(p).unwrap(),
    }
}

/// The kept files equal a fresh full build of the same sources, file for file.
fn assert_same_as_full_build(engine: &mut Engine, root: &Path) {
    if let Some(done) = engine.finish() {
        done.ok().unwrap();
    }
    let inputs = pipeline::load(root, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("the site does not load: {e:?}"));
    let fresh: Vec<OutputFile> = inputs
        .render_in_memory(&RenderOptions::default())
        .unwrap_or_else(|e| panic!("the site does not build: {e:?}"))
        .iter()
        .map(to_output_file)
        .collect();
    let kept = engine.kept.as_ref().unwrap();
    let kept_files: Vec<OutputFile> = kept.files.iter().map(to_output_file).collect();
    let mut kept_paths: Vec<&str> = kept_files.iter().map(|f| f.path.as_str()).collect();
    let mut fresh_paths: Vec<&str> = fresh.iter().map(|f| f.path.as_str()).collect();
    kept_paths.sort();
    fresh_paths.sort();
    assert_eq!(kept_paths, fresh_paths);
    for file in &fresh {
        assert_eq!(
            html(&kept_files, &file.path),
            html(&fresh, &file.path),
            "{} differs from a full build",
            file.path
        );
    }
}

#[test]
fn a_text_edit_renders_only_that_page_and_matches_a_full_build() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "Safety comes first",
        "Safety is checked twice",
    );
    let rebuilt = engine.rebuild(&changes).ok().unwrap();
    assert!(
        matches!(rebuilt.scope, Scope::Pages { ref parsed, .. } if parsed.len() == 1),
        "{:?}",
        rebuilt.scope
    );
    assert!(html(&rebuilt.files, "safety/index.html").contains("Safety is checked twice"));
    assert!(!rebuilt.files.iter().any(|f| f.path == "guides/index.html"));
    assert_same_as_full_build(&mut engine, dir.path());
}

#[test]
fn a_new_title_renders_every_page_again() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "title = \"Safety\"",
        "title = \"Staying safe\"",
    );
    let rebuilt = engine.rebuild(&changes).ok().unwrap();
    assert_eq!(
        rebuilt.scope,
        Scope::AllPages,
        "no other file is read again"
    );
    assert!(html(&rebuilt.files, "guides/index.html").contains("Staying safe"));
    assert_same_as_full_build(&mut engine, dir.path());
}

#[test]
fn a_template_edit_renders_every_page_without_loading_content() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    let changes = edit(
        dir.path(),
        "themes/mini/templates/base.html",
        "<main id=\"main\">",
        "<main id=\"main\" class=\"edited\">",
    );
    let rebuilt = engine.rebuild(&changes).ok().unwrap();
    assert_eq!(rebuilt.scope, Scope::AllPages);
    assert!(html(&rebuilt.files, "guides/first-visit/index.html").contains("class=\"edited\""));
    assert_same_as_full_build(&mut engine, dir.path());
}

#[test]
fn a_new_url_or_draft_flag_loads_everything() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "weight = 10",
        "weight = 10\nslug = \"staying-safe\"",
    );
    let rebuilt = engine.rebuild(&changes).ok().unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    assert!(rebuilt
        .files
        .iter()
        .any(|f| f.path == "staying-safe/index.html"));
    assert!(!rebuilt.files.iter().any(|f| f.path == "safety/index.html"));
    assert_same_as_full_build(&mut engine, dir.path());
    let changes = edit(
        dir.path(),
        "content/guides/first-visit.md",
        "+++\n\n",
        "draft = true\n+++\n\n",
    );
    // Other pages link to the draft, so the build stops, as `sitegen build` would.
    let errors = engine.rebuild(&changes).err().unwrap();
    assert!(
        errors.iter().any(|e| e.message.contains("first-visit")),
        "{errors:?}"
    );
}

#[test]
fn a_config_edit_rebuilds_everything() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    let changes = edit(
        dir.path(),
        "site.toml",
        "Serve fixture clinic",
        "Renamed fixture clinic",
    );
    assert!(changes.config);
    let rebuilt = engine.rebuild(&changes).ok().unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    assert!(html(&rebuilt.files, "safety/index.html").contains("Renamed fixture clinic"));
    assert_same_as_full_build(&mut engine, dir.path());
}

#[test]
fn a_broken_edit_fails_and_its_fix_builds_again() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "Safety comes first",
        "Safety <a href=\"../nowhere/\">comes</a> first",
    );
    let errors = engine.rebuild(&changes).err().unwrap();
    assert!(
        errors[0].message.contains("nowhere"),
        "{}",
        errors[0].message
    );
    let fix = edit(
        dir.path(),
        "content/safety.md",
        "<a href=\"../nowhere/\">comes</a>",
        "comes",
    );
    engine.rebuild(&fix).ok().unwrap();
    assert_same_as_full_build(&mut engine, dir.path());
    let typo = edit(dir.path(), "content/safety.md", "title =", "titel =");
    let errors = engine.rebuild(&typo).err().unwrap();
    assert!(errors.iter().any(|e| e.message.contains("titel")));
}

#[test]
fn removing_an_id_another_page_links_to_is_caught() {
    let dir = fixture();
    let mut engine = engine(dir.path());
    // A raw HTML id is not in the page's signature; a link to it from another page is.
    edit(
        dir.path(),
        "content/safety.md",
        "Safety comes first",
        "<span id=\"promise\">Safety comes first</span>",
    );
    edit(
        dir.path(),
        "content/_index.md",
        "Welcome.",
        "Welcome. <a href=\"safety/#promise\">Our promise</a>.",
    );
    let mut both = changed(dir.path(), "content/safety.md");
    both.merge(changed(dir.path(), "content/_index.md"));
    engine.rebuild(&both).ok().unwrap();
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "<span id=\"promise\">Safety comes first</span>",
        "Safety comes first",
    );
    let errors = engine.rebuild(&changes).err().unwrap();
    assert!(
        errors[0].message.contains("promise"),
        "{}",
        errors[0].message
    );
}

#[test]
fn an_edit_of_the_clinic_site_matches_a_full_build() {
    let dir = site_copy(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut engine = engine(dir.path());
    let file = dir.path().join("content/safety/_index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nOne more sentence from the preview test.\n"),
    )
    .unwrap();
    let rebuilt = engine
        .rebuild(&changed(dir.path(), "content/safety/_index.md"))
        .ok()
        .unwrap();
    assert!(
        matches!(rebuilt.scope, Scope::Pages { ref parsed, .. } if parsed.len() == 1),
        "{:?}",
        rebuilt.scope
    );
    assert_same_as_full_build(&mut engine, dir.path());
}
