//! One owner per output file, as an editor meets it: two sources of one path in the built
//! site (a page, an alias, a static file of the site or the theme, a file beside a page, a
//! file sitegen makes, in either language) stop the build with one error naming both, before
//! anything is rendered; the deliberate overrides build and say so.

mod common;

use common::{copy_dir, snapshot, Site};
use std::path::Path;

/// Replaces `from` with `to` in the site's file `rel`.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// The two-language fixture with the clinic theme.
fn two_languages() -> Site {
    let site = Site::new("languages");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site
}

/// Builds once, then runs a build that must fail with exactly `expected` on stderr, and
/// leave the first build's output as it was.
fn fails_with(site: &Site, expected: &str) {
    let before = snapshot(&site.file("public"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, expected);
    assert_eq!(snapshot(&site.file("public")), before, "public/ changed");
}

#[test]
fn an_alias_and_a_static_file_of_one_url_are_one_error_at_the_alias() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    edit(
        &site,
        "content/effects.md",
        "tags = [\"safety\"]",
        "tags = [\"safety\"]\naliases = [\"old-page/\"]",
    );
    site.write("static/old-page/index.html", "<p>old</p>\n");
    fails_with(
        &site,
        "error: two sources write `old-page/index.html`: the alias `old-page/` of content/effects.md:6:12 and the static file static/old-page/index.html
 --> content/effects.md:6:12
  |
6 | aliases = [\"old-page/\"]
  |            ^^^^^^^^^^^
  = help: each file of the site has one source; rename or remove the alias or the static file

1 error and 0 warnings: nothing was written.
",
    );
}

#[test]
fn a_static_file_at_a_pages_url_is_one_error_not_a_cascade_of_broken_links() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    site.write("static/safety/index.html", "<p>mine</p>\n");
    fails_with(
        &site,
        "error: two sources write `safety/index.html`: the page content/safety.md:1:1 and the static file static/safety/index.html
 --> content/safety.md:1:1
  = help: each file of the site has one source; rename or remove the page's URL (move the file or set `slug`) or the static file

1 error and 0 warnings: nothing was written.
",
    );
}

#[test]
fn a_picture_beside_a_page_and_a_static_file_of_one_path_are_an_error() {
    let site = Site::new("basic");
    site.write(
        "content/guides/parking/index.md",
        "+++\ntitle = \"Parking\"\ndescription = \"Where to park.\"\n+++\n![The car park](photo.png)\n",
    );
    site.write("content/guides/parking/photo.png", "one");
    site.run(&["build"]).ok();
    site.write("static/guides/parking/photo.png", "two");
    fails_with(
        &site,
        "error: two sources write `guides/parking/photo.png`: the file beside a page content/guides/parking/photo.png and the static file static/guides/parking/photo.png
 --> content/guides/parking/photo.png
  = help: each file of the site has one source; rename or remove the file beside the page or the static file

1 error and 0 warnings: nothing was written.
",
    );
}

#[test]
fn a_static_file_where_sitegen_writes_its_sitemap_is_an_error() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    site.write("static/sitemap.xml", "<urlset/>\n");
    fails_with(
        &site,
        "error: two sources write `sitemap.xml`: the static file static/sitemap.xml and the sitemap that sitegen makes
 --> static/sitemap.xml
  = help: each file of the site has one source, and sitegen makes this one; rename or remove the static file

1 error and 0 warnings: nothing was written.
",
    );
}

#[test]
fn a_static_file_in_the_search_index_folder_is_an_error() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    site.write("static/search/a.js", "x\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: two sources write `search/a.js`: the static file static/search/a.js and the search index that sitegen makes\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn static_files_where_sitegen_writes_share_cards_and_the_manifest_are_errors() {
    let site = two_languages();
    edit(
        &site,
        "site.toml",
        "[clinic]",
        "[share]\ncards = true\nicons = true\n\n[clinic]",
    );
    site.run(&["build"]).ok();
    site.write("static/cards/es/safety/card.png", "not a card");
    site.write("static/es/manifest.webmanifest", "{}");
    let before = snapshot(&site.file("public"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: two sources write `cards/es/safety/card.png`: the static file \
             static/cards/es/safety/card.png and the share cards that sitegen makes"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: two sources write `es/manifest.webmanifest`: the static file \
             static/es/manifest.webmanifest and the home-screen icons and web manifest"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.file("public")), before, "public/ changed");
}

#[test]
fn an_alias_at_the_other_languages_page_is_an_error_naming_both_files() {
    let site = two_languages();
    site.run(&["build"]).ok();
    edit(
        &site,
        "content/effects.md",
        "+++\n",
        "+++\naliases = [\"es/safety/\"]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: two sources write `es/safety/index.html`: the alias `es/safety/` of content/effects.md:2:12 and the page content/safety.es.md:1:1
 --> content/effects.md:2:12
  |
2 | aliases = [\"es/safety/\"]
  |            ^^^^^^^^^^^^
  = help: each file of the site has one source; rename or remove the alias or the page's URL (move the file or set `slug`)
"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sites_static_file_over_the_themes_and_its_own_robots_txt_build_and_say_so() {
    let site = Site::new("basic");
    site.write("static/style.css", "body { color: black; }\n");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stderr.contains(
            "warning: this file replaces themes/min/static/style.css\n --> static/style.css\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: this file replaces the robots.txt sitegen makes\n --> static/robots.txt\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /\n"
    );
    assert!(site.read("public/style.css").contains("black"));
}

/// What the preview's engine reports after `changes`, on a site it loaded before them.
fn preview_after(
    engine: &mut sitegen::serve::engine::Engine,
    changes: sitegen::serve::watch::Changes,
) -> String {
    match engine.apply(&changes) {
        Ok(_) => panic!("the preview took a site that build refuses"),
        Err(problems) => problems.iter().map(|d| format!("{d}\n")).collect(),
    }
}

#[test]
fn the_preview_reports_two_sources_of_one_file_exactly_as_build_does() {
    use sitegen::model::LoadOptions;
    use sitegen::render::RenderOptions;
    use sitegen::serve::engine::Engine;
    use sitegen::serve::watch::Changes;

    let site = Site::new("basic");
    let mut engine = Engine::new(
        site.path().to_path_buf(),
        LoadOptions::default(),
        RenderOptions::default(),
    );
    engine
        .apply(&Changes::default())
        .expect("the fixture loads");

    // A static file comes (the preview lists static files again; it loads nothing).
    site.write("static/safety/index.html", "<p>mine</p>\n");
    let static_file = Changes {
        statics: true,
        paths: ["static/safety/index.html".into()].into(),
        ..Changes::default()
    };
    let preview = preview_after(&mut engine, static_file);
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(
        preview.starts_with("error: two sources write `safety/index.html`"),
        "{preview}"
    );
    assert!(build.stderr.starts_with(&preview), "{}", build.stderr);

    // It goes, and an alias of a page takes its URL (an edit of one page's front matter).
    std::fs::remove_file(site.file("static/safety/index.html")).unwrap();
    site.write("static/old-page/index.html", "<p>old</p>\n");
    edit(
        &site,
        "content/effects.md",
        "tags = [\"safety\"]",
        "tags = [\"safety\"]\naliases = [\"old-page/\"]",
    );
    let edits = Changes {
        statics: true,
        content: ["content/effects.md".into()].into(),
        paths: [
            "content/effects.md".into(),
            "static/safety/index.html".into(),
            "static/old-page/index.html".into(),
        ]
        .into(),
        ..Changes::default()
    };
    let preview = preview_after(&mut engine, edits);
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(
        preview.starts_with("error: two sources write `old-page/index.html`"),
        "{preview}"
    );
    assert!(build.stderr.starts_with(&preview), "{}", build.stderr);
}
