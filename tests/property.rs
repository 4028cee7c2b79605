//! Properties of a build over what an editor may write, generated: front matter, site.toml
//! and markdown, each changed in a built site. Whatever is written, the build never panics;
//! a build that fails leaves the `public/` that was there as it was, and each of its errors
//! names a file of the site (and a line that file has). A fixed seed and case count keep
//! every run the same (and quick on a busy machine); a failure found is kept in
//! `tests/property.proptest-regressions` and tried first on every run.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, snapshot};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
use sitegen::build::{build, BuildOptions};
use sitegen::diagnostics::Diagnostic;
use sitegen::model::LoadOptions;
use sitegen::render::RenderOptions;

/// A built copy of the `basic` fixture: each case changes one file, builds, and puts the
/// file back.
struct Built {
    dir: tempfile::TempDir,
    public: Vec<(PathBuf, Vec<u8>)>,
}

impl Built {
    fn new() -> Built {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        copy_dir(&fixtures.join("basic"), dir.path());
        copy_dir(&fixtures.join("_theme"), &dir.path().join("themes/min"));
        let mut built = Built {
            dir,
            public: Vec::new(),
        };
        built.build().expect("the fixture builds");
        built.public = snapshot(&built.dir.path().join("public"));
        built
    }

    fn build(&self) -> Result<(), Vec<Diagnostic>> {
        let root = self.dir.path().to_path_buf();
        build(&BuildOptions {
            output: root.join("public"),
            root,
            load: LoadOptions::default(),
            render: RenderOptions::default(),
        })
        .map(|_| ())
    }

    /// Builds with `rel` holding `text`, checks the properties, and puts `rel` back.
    fn check_with(&mut self, rel: &str, text: &str) -> Result<(), TestCaseError> {
        let path = self.dir.path().join(rel);
        let original = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text).unwrap();
        let result = self.build();
        let now = snapshot(&self.dir.path().join("public"));
        std::fs::write(&path, &original).unwrap();
        match result {
            Ok(()) => {
                self.public = now;
                Ok(())
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty(), "a failed build said nothing");
                prop_assert!(now == self.public, "a failed build changed public/");
                for problem in &problems {
                    self.names_a_file(problem, rel, text)?;
                }
                Ok(())
            }
        }
    }

    /// The problem names a file of the site, and a line that file has.
    fn names_a_file(
        &self,
        problem: &Diagnostic,
        rel: &str,
        text: &str,
    ) -> Result<(), TestCaseError> {
        let file = self.dir.path().join(&problem.file);
        prop_assert!(
            !problem.file.as_os_str().is_empty() && file.exists(),
            "the error names no file of the site:\n{problem}"
        );
        if let Some(line) = problem.line {
            let written = match problem.file == Path::new(rel) {
                true => text.to_string(),
                false => std::fs::read_to_string(&file).unwrap_or_default(),
            };
            let lines = written.split('\n').count();
            prop_assert!(
                line >= 1 && line <= lines,
                "line {line} of a file of {lines} lines:\n{problem}"
            );
        }
        Ok(())
    }
}

fn config() -> Config {
    Config {
        cases: 48,
        rng_seed: RngSeed::Fixed(0x5175_6e67),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// A TOML value, well formed or not.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "\"[a-zA-Z0-9 @/#._{}-]{0,16}\"",
        "-?[0-9]{1,5}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "\"20[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}\"",
        Just("true".to_string()),
        "\\[(\"(@/|@#)?[a-z./#-]{0,12}\", ?){0,3}\\]",
        "\\{ ?[a-z]{1,6} = \"[a-z]{0,4}\" ?\\}",
        "[^\n\r]{0,12}",
    ]
}

/// A line of TOML: a key (front matter's, site.toml's, or a typo) and a value, a table
/// header, or anything.
fn toml_line(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let key = prop_oneof![
        proptest::sample::select(keys).prop_map(str::to_string),
        "[a-z_]{1,12}",
    ];
    prop_oneof![
        4 => (key, value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => proptest::sample::select(&[
            "[[sources]]", "[extra]", "[clinic]", "[clinic.practice]", "[[languages]]",
            "[languages.clinic]", "+++", "[",
        ][..])
        .prop_map(str::to_string),
        1 => "[^\n\r]{0,20}",
    ]
}

const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "slug",
    "template",
    "aliases",
    "last_reviewed",
    "next_review",
    "updated",
    "reviewed_by",
    "tags",
    "related",
    "mental_health",
    "faq",
    "terms",
    "source_version",
    "url",
    "accessed",
    "publisher",
];

const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "description",
    "cname",
    "minify",
    "review_interval_months",
    "name",
    "phone",
    "hours",
    "code",
    "course",
    "after_hours",
];

/// A piece of markdown: the constructs sitegen reads (headings, ids, links of each kind,
/// tables with aligned columns, alerts, clinic values, raw HTML, footnotes) or any text.
fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "#{1,7} [a-zA-Z ?¿]{0,15}( \\{#[a-z-]{0,8}( was=[a-z-]{0,6})?\\})?",
        "\\[[a-z ]{0,6}\\]\\((@/[a-z/._-]{0,12}|@#[a-z-]{0,10}|[a-z./#?=]{0,12}|<[a-z ]{0,5}>)\\)",
        "!\\[[a-z ]{0,5}\\]\\([a-z./]{0,10}\\)",
        "\\| ?[a-z$]{0,4} ?\\| ?[a-z]{0,3} ?\\|\n\\|:?-{1,3}:?\\|:?-{1,3}:?\\|\n\\| [0-9$]{0,4} \\|[a-z ]{0,3}\\|",
        "> \\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION|OTHER)\\]\n> (\\*\\*[a-zA-Z :]{0,10}\\*\\*\n> )?- [a-z ]{0,10}",
        "[a-z ]{0,8}\\\\?\\{\\{ ?clinic\\.[a-z_.]{0,16} ?\\}\\}",
        "<[a-z]{1,6}( [a-z]{1,5}=\"[^\"\n]{0,6}\")?>[a-z]{0,5}(</[a-z]{1,6}>)?",
        "[a-z]{0,5}\\[\\^[a-z0-9]{0,3}\\](\n\n\\[\\^[a-z0-9]{0,3}\\]: [a-z]{0,5})?",
        "\\[[a-z]{1,4}\\]: [a-z@/#.]{0,10}",
        "[^\u{0}]{0,40}",
    ]
}

/// `text` with its `n`th line (of those it has) removed, replaced or preceded by `line`.
fn change_line(text: &str, n: usize, how: u8, line: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let n = n % lines.len();
    match how % 3 {
        0 => {
            lines.remove(n);
        }
        1 => lines[n] = line,
        _ => lines.insert(n, line),
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_front_matter_builds_or_fails_cleanly_naming_a_file(
        lines in proptest::collection::vec(toml_line(FRONT_MATTER_KEYS), 0..8),
        titled in any::<bool>(),
    ) {
        thread_local!(static SITE: std::cell::RefCell<Built> = std::cell::RefCell::new(Built::new()));
        let page = "content/safety.md";
        SITE.with(|site| {
            let mut site = site.borrow_mut();
            let original = std::fs::read_to_string(site.dir.path().join(page)).unwrap();
            let body = original.splitn(3, "+++\n").nth(2).unwrap_or("").to_string();
            let head = if titled { "title = \"T\"\ndescription = \"D\"\n" } else { "" };
            let text = format!("+++\n{head}{}\n+++\n{body}", lines.join("\n"));
            site.check_with(page, &text)
        })?;
    }

    #[test]
    fn any_change_to_site_toml_builds_or_fails_cleanly_naming_a_file(
        changes in proptest::collection::vec((any::<usize>(), any::<u8>(), toml_line(SITE_KEYS)), 1..4),
    ) {
        thread_local!(static SITE: std::cell::RefCell<Built> = std::cell::RefCell::new(Built::new()));
        SITE.with(|site| {
            let mut site = site.borrow_mut();
            let mut text = std::fs::read_to_string(site.dir.path().join("site.toml")).unwrap();
            for (n, how, line) in &changes {
                text = change_line(&text, *n, *how, line);
            }
            site.check_with("site.toml", &text)
        })?;
    }

    #[test]
    fn any_markdown_builds_or_fails_cleanly_naming_a_file(
        pieces in proptest::collection::vec(markdown_piece(), 0..10),
    ) {
        thread_local!(static SITE: std::cell::RefCell<Built> = std::cell::RefCell::new(Built::new()));
        let page = "content/effects.md";
        SITE.with(|site| {
            let mut site = site.borrow_mut();
            // After the page's own body, whose headings other pages link to.
            let original = std::fs::read_to_string(site.dir.path().join(page)).unwrap();
            let text = format!("{original}\n{}\n", pieces.join("\n\n"));
            site.check_with(page, &text)
        })?;
    }
}
