//! Tests of [`super`] (the engine), with the worker's check as the preview runs it.

use super::*;
use crate::output::Body;
use crate::serve::background::{check, Verdict};
use crate::serve::test_sites::{serve_fixture as fixture, site_copy};

/// An engine with the first version of the site at `root` made and checked.
fn engine(root: &Path) -> (Engine, Arc<Generation>) {
    let mut engine = Engine::new(
        root.to_path_buf(),
        LoadOptions::default(),
        RenderOptions::default(),
    );
    let first = engine.apply(&Changes::default()).ok().unwrap();
    assert_eq!(first.edit, Edit::Everything);
    assert!(matches!(
        check(&first.generation, None, &|| false),
        Verdict::Built(_)
    ));
    (engine, first.generation)
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

fn text(body: &Body) -> String {
    String::from_utf8(bytes(body)).unwrap()
}

/// A file's bytes (the site's icons are PNGs).
fn bytes(body: &Body) -> Vec<u8> {
    match body {
        Body::Bytes(b) => b.clone(),
        Body::Copy(p) => std::fs::read(p).unwrap(),
    }
}

/// The file at `path` of `version`, made if it was not.
fn html(version: &Generation, path: &str) -> String {
    match version.file(path) {
        super::super::store::Found::File(body) => text(&body),
        _ => panic!("{path} is not a file of the version"),
    }
}

/// The slot of the file at `path`.
fn slot(version: &Generation, path: &str) -> Arc<Slot> {
    version.entry_of(path).unwrap().slot.clone()
}

/// Checks `version` after `good` and expects it to build.
fn builds(version: &Generation, good: &Generation) {
    match check(version, Some(good), &|| false) {
        Verdict::Built(_) => {}
        Verdict::Failed(errors) => panic!("the version does not build: {errors:?}"),
        Verdict::Interrupted => unreachable!(),
    }
}

/// Every file of `version` equals a fresh full build of the same sources, and it has no
/// other file.
fn assert_same_as_full_build(version: &Generation, root: &Path) {
    let inputs = pipeline::load(root, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("the site does not load: {e:?}"));
    let fresh = inputs
        .render_in_memory(&RenderOptions::default())
        .unwrap_or_else(|e| panic!("the site does not build: {e:?}"));
    // Every unit made first, so the files a unit names only once made are listed.
    let languages = version.languages();
    for entry in &version.entries {
        let _ = version.make(entry, &languages);
    }
    let mut paths: Vec<&str> = version.paths().collect();
    let mut fresh_paths: Vec<&str> = fresh.iter().map(|f| f.path.as_str()).collect();
    paths.sort();
    fresh_paths.sort();
    assert_eq!(paths, fresh_paths);
    for file in &fresh {
        let made = match version.file(&file.path) {
            super::super::store::Found::File(body) => bytes(&body),
            _ => panic!("{} is not a file of the version", file.path),
        };
        let fresh = bytes(&file.kept);
        match (std::str::from_utf8(&made), std::str::from_utf8(&fresh)) {
            (Ok(made), Ok(fresh)) => {
                assert_eq!(made, fresh, "{} differs from a full build", file.path)
            }
            _ => assert!(made == fresh, "{} differs from a full build", file.path),
        }
    }
}

#[test]
fn a_text_edit_renders_only_that_page_and_matches_a_full_build() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "Safety comes first",
        "Safety is checked twice",
    );
    let applied = engine.apply(&changes).ok().unwrap();
    let version = applied.generation;
    let safety = version.inputs.site.page_by_rel("safety.md").unwrap();
    assert_eq!(applied.edit, Edit::Text(vec![(0, safety)]));
    assert!(html(&version, "safety/index.html").contains("Safety is checked twice"));
    // Other pages keep their files: the same slot, made once.
    let guides = slot(&version, "guides/index.html");
    assert!(Arc::ptr_eq(&guides, &slot(&before, "guides/index.html")));
    builds(&version, &before);
    assert_same_as_full_build(&version, dir.path());
}

#[test]
fn a_new_title_renders_the_pages_that_show_it_and_reads_no_other_file() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "title = \"Safety\"",
        "title = \"Staying safe\"",
    );
    let applied = engine.apply(&changes).ok().unwrap();
    let version = applied.generation;
    assert_eq!(applied.edit, Edit::Structure);
    // No other file is read again: every other page is the one read before.
    for page in version
        .inputs
        .site
        .pages
        .iter()
        .filter(|p| p.rel != "safety.md")
    {
        let old = before.inputs.site.page_by_rel(&page.rel).unwrap();
        assert!(
            Arc::ptr_eq(page, &before.inputs.site.pages[old]),
            "{} was read again",
            page.rel
        );
    }
    assert!(html(&version, "guides/index.html").contains("Staying safe"));
    builds(&version, &before);
    assert_same_as_full_build(&version, dir.path());
}

#[test]
fn a_template_edit_renders_every_page_without_loading_content() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    let changes = edit(
        dir.path(),
        "themes/mini/templates/base.html",
        "<main id=\"main\">",
        "<main id=\"main\" class=\"edited\">",
    );
    let applied = engine.apply(&changes).ok().unwrap();
    let version = applied.generation;
    assert_eq!(applied.edit, Edit::Everything);
    for (page, old) in version
        .inputs
        .site
        .pages
        .iter()
        .zip(&before.inputs.site.pages)
    {
        assert!(Arc::ptr_eq(page, old), "{} was read again", page.rel);
    }
    assert!(html(&version, "guides/first-visit/index.html").contains("class=\"edited\""));
    builds(&version, &before);
    assert_same_as_full_build(&version, dir.path());
}

#[test]
fn a_new_url_or_draft_flag_loads_everything() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "weight = 10",
        "weight = 10\nslug = \"staying-safe\"",
    );
    let version = engine.apply(&changes).ok().unwrap().generation;
    assert!(version.contains("staying-safe/index.html"));
    assert!(!version.contains("safety/index.html"));
    builds(&version, &before);
    assert_same_as_full_build(&version, dir.path());
    let changes = edit(
        dir.path(),
        "content/guides/first-visit.md",
        "+++\n\n",
        "draft = true\n+++\n\n",
    );
    // Other pages link to the draft, so the build stops, as `sitegen build` would.
    let errors = engine.apply(&changes).err().unwrap();
    assert!(
        errors.iter().any(|e| e.message.contains("first-visit")),
        "{errors:?}"
    );
}

#[test]
fn a_config_edit_rebuilds_everything() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    let changes = edit(
        dir.path(),
        "site.toml",
        "Serve fixture clinic",
        "Renamed fixture clinic",
    );
    assert!(changes.config);
    let applied = engine.apply(&changes).ok().unwrap();
    assert_eq!(applied.edit, Edit::Everything);
    let version = applied.generation;
    assert!(html(&version, "safety/index.html").contains("Renamed fixture clinic"));
    builds(&version, &before);
    assert_same_as_full_build(&version, dir.path());
}

#[test]
fn a_broken_edit_fails_and_its_fix_builds_again() {
    let dir = fixture();
    let (mut engine, good) = engine(dir.path());
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "Safety comes first",
        "Safety <a href=\"../nowhere/\">comes</a> first",
    );
    // It loads, and is served at once; the check of the whole site finds the broken link.
    let version = engine.apply(&changes).ok().unwrap().generation;
    let Verdict::Failed(errors) = check(&version, Some(&good), &|| false) else {
        panic!("a broken link builds");
    };
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
    let version = engine.apply(&fix).ok().unwrap().generation;
    builds(&version, &good);
    assert_same_as_full_build(&version, dir.path());
    let typo = edit(dir.path(), "content/safety.md", "title =", "titel =");
    let errors = engine.apply(&typo).err().unwrap();
    assert!(errors.iter().any(|e| e.message.contains("titel")));
}

#[test]
fn removing_an_id_another_page_links_to_is_caught() {
    let dir = fixture();
    let (mut engine, first) = engine(dir.path());
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
    let good = engine.apply(&both).ok().unwrap().generation;
    builds(&good, &first);
    let changes = edit(
        dir.path(),
        "content/safety.md",
        "<span id=\"promise\">Safety comes first</span>",
        "Safety comes first",
    );
    let version = engine.apply(&changes).ok().unwrap().generation;
    let Verdict::Failed(errors) = check(&version, Some(&good), &|| false) else {
        panic!("a link to a removed id builds");
    };
    assert!(
        errors[0].message.contains("promise"),
        "{}",
        errors[0].message
    );
}

#[test]
fn an_edit_of_the_clinic_site_matches_a_full_build() {
    let dir = site_copy(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (mut engine, before) = engine(dir.path());
    let file = dir.path().join("content/safety/_index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nOne more sentence from the preview test.\n"),
    )
    .unwrap();
    let applied = engine
        .apply(&changed(dir.path(), "content/safety/_index.md"))
        .ok()
        .unwrap();
    assert!(
        matches!(applied.edit, Edit::Text(ref pages) if pages.len() == 1),
        "{:?}",
        applied.edit
    );
    builds(&applied.generation, &before);
    assert_same_as_full_build(&applied.generation, dir.path());
}

#[test]
fn search_shards_are_served_once_their_index_is_made_and_no_other_path_in_their_folder() {
    let dir = fixture();
    let (_engine, version) = engine(dir.path());
    assert!(
        version.paths().all(|p| !p.starts_with("search/")),
        "no shard is listed before the index is made"
    );
    assert!(html(&version, "search-index.js").contains("sitegenSearchShard"));
    let shards: Vec<String> = version
        .paths()
        .filter(|p| p.starts_with("search/"))
        .map(String::from)
        .collect();
    assert!(!shards.is_empty(), "making the manifest makes its shards");
    for shard in &shards {
        assert!(version.contains(shard));
        assert!(html(&version, shard).contains("sitegenSearchShard"));
    }
    assert!(!version.contains("search/not-a-shard.js"));
    assert!(matches!(
        version.file("search/not-a-shard.js"),
        super::super::store::Found::Missing
    ));
}

#[test]
fn a_new_page_and_a_deleted_one_read_only_their_file_and_match_a_full_build() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    let new = dir.path().join("content/guides/after-care.md");
    std::fs::write(
        &new,
        "+++\ntitle = \"After care\"\ndescription = \"Rest.\"\n+++\n\nSee [safety](@/safety.md).\n",
    )
    .unwrap();
    let applied = engine
        .apply(&changed(dir.path(), "content/guides/after-care.md"))
        .ok()
        .unwrap();
    assert_eq!(applied.edit, Edit::Structure);
    let version = applied.generation;
    // Only the new file is read: every other page is the one read before.
    for page in version
        .inputs
        .site
        .pages
        .iter()
        .filter(|p| p.rel != "guides/after-care.md")
    {
        let old = before.inputs.site.page_by_rel(&page.rel).unwrap();
        assert!(
            Arc::ptr_eq(page, &before.inputs.site.pages[old]),
            "{} was read again",
            page.rel
        );
    }
    assert!(html(&version, "guides/after-care/index.html").contains("After care"));
    // Its section's page lists it.
    assert!(html(&version, "guides/index.html").contains("After care"));
    builds(&version, &before);
    assert_same_as_full_build(&version, dir.path());

    std::fs::remove_file(&new).unwrap();
    let applied = engine
        .apply(&changed(dir.path(), "content/guides/after-care.md"))
        .ok()
        .unwrap();
    let gone = applied.generation;
    assert!(!gone.contains("guides/after-care/index.html"));
    assert!(!html(&gone, "guides/index.html").contains("After care"));
    builds(&gone, &version);
    assert_same_as_full_build(&gone, dir.path());
}

#[test]
fn a_watcher_that_lost_events_reads_every_file_again() {
    let dir = fixture();
    let (mut engine, before) = engine(dir.path());
    // A page changed, but the watcher's queue overflowed and no event names it.
    let file = dir.path().join("content/safety.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("Safety comes first", "Safety, re-read", 1),
    )
    .unwrap();
    let lost = Changes {
        rescan: true,
        ..Changes::default()
    };
    let applied = engine.apply(&lost).ok().unwrap();
    assert_eq!(applied.edit, Edit::Everything);
    assert!(html(&applied.generation, "safety/index.html").contains("Safety, re-read"));
    builds(&applied.generation, &before);
    assert_same_as_full_build(&applied.generation, dir.path());
}
