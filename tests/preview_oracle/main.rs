//! The preview's oracle: after every edit of a seeded random sequence (bodies, titles,
//! weights, tags, `related`, new, deleted and renamed pages, moved folders, assets, templates,
//! partials, site.toml, static files, blocks shown on several pages, and edits that break the
//! site and their fixes), every
//! file the preview serves is byte-identical to what `sitegen build` makes from the same
//! sources, in memory, and the preview serves no other file. When the sources do not build,
//! the preview reports exactly `build`'s errors and goes on serving the last good site.
//!
//! By default 200 pages (and their sections, a Spanish home, FAQ hub and 50 translations) and
//! 250 edits, about 30 s in `cargo test` on a 2-core machine (the test profile is optimised a
//! little for it, see Cargo.toml); then the same site in English only, where the pages' recorded
//! reads decide what edits beyond text make again, in two sequences of 150 and 250 edits.
//!
//! Files are compared twice per edit: a sample as soon as the new version is served (made on
//! request, before the background check), and all of them once the check has run.

mod edits;
mod site;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use sitegen::diagnostics::{self, Diagnostic};
use sitegen::model::LoadOptions;
use sitegen::output::Body;
use sitegen::pipeline;
use sitegen::render::RenderOptions;
use sitegen::serve::background::{self, Verdict};
use sitegen::serve::engine::Engine;
use sitegen::serve::preview::Preview;
use sitegen::serve::watch::Changes;

use edits::{Editor, Known, Undo};
use site::{Languages, Rng};

const PAGES: usize = 200;
const EDITS: usize = 250;
const SEED: u64 = 14;
/// The sequences of edits of the site in one language, as (seed, edits): the first moves
/// the reference list's numbers under pages that cite it and changes what pages' links lead
/// to; in the second, a tags edit changes related questions a page shows without the page
/// having read the edited one.
const ONE_LANGUAGE: [(u64, usize); 2] = [(15, 150), (3, 250)];

/// A setting, or what `SITEGEN_ORACLE_<NAME>` says (to run other sequences by hand:
/// `SITEGEN_ORACLE_SEED=7 SITEGEN_ORACLE_EDITS=1000 cargo test --release --test preview_oracle`).
fn setting(name: &str, default: u64) -> u64 {
    std::env::var(format!("SITEGEN_ORACLE_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
const PREVIEW_URL: &str = "http://127.0.0.1:1111/";

/// What `sitegen build` makes of the sources, in memory.
struct Built {
    files: BTreeMap<String, Vec<u8>>,
    warnings: Vec<Diagnostic>,
    known: Known,
}

/// What a file is: its bytes, or for a file copied as it is (an asset, a static file), which
/// file it is a copy of (a version kept to fall back on copies what is on disk when asked).
fn bytes(body: &Body) -> Vec<u8> {
    match body {
        Body::Bytes(bytes) => bytes.clone(),
        Body::Copy(path) => format!("a copy of {}", path.display()).into_bytes(),
    }
}

fn load_options() -> LoadOptions {
    LoadOptions {
        drafts: false,
        base_url: Some(PREVIEW_URL.into()),
        sample: false,
    }
}

fn sorted(mut problems: Vec<Diagnostic>) -> Vec<String> {
    diagnostics::sort(&mut problems);
    problems.iter().map(|d| d.to_string()).collect()
}

/// `sitegen build` of `root`, in memory: its files, or its errors.
fn build(root: &Path) -> Result<Built, Vec<Diagnostic>> {
    let inputs = pipeline::load(root, &load_options())?;
    let made = inputs.render_in_memory(&RenderOptions::default())?;
    let files = made
        .iter()
        .map(|m| (m.path.clone(), bytes(&m.kept)))
        .collect();
    let site = &inputs.site;
    let content = root.join("content");
    let known = Known {
        pages: site
            .pages
            .iter()
            .map(|p| {
                let rel = p.source.strip_prefix("content").unwrap_or(&p.source);
                sitegen::diagnostics::slash_path(rel)
            })
            .filter(|rel| content.join(rel).is_file())
            .collect(),
        questions: site
            .questions
            .all
            .iter()
            .map(|q| q.id.to_string())
            .collect(),
        linked: site
            .pages
            .ids()
            .filter(|&p| {
                !site.links.backlinks[p].is_empty()
                    || site.questions.of_page[p]
                        .iter()
                        .any(|&q| !site.links.question_backlinks[q].is_empty())
            })
            .map(|p| {
                let source = &site.pages[p].source;
                sitegen::diagnostics::slash_path(source.strip_prefix("content").unwrap_or(source))
            })
            .collect(),
        translations: inputs
            .translations
            .iter()
            .flat_map(|t| t.pages.iter())
            .map(|p| {
                let rel = p.source.strip_prefix("content").unwrap_or(&p.source);
                sitegen::diagnostics::slash_path(rel)
            })
            .filter(|rel| content.join(rel).is_file())
            .collect(),
    };
    Ok(Built {
        files,
        warnings: inputs.warnings(),
        known,
    })
}

/// Every file the preview serves now, and its bytes.
fn served(preview: &Preview) -> BTreeMap<String, Vec<u8>> {
    let snapshot = preview.current();
    let version = snapshot
        .files
        .version()
        .expect("a version is served")
        .clone();
    // Made first, so the files a unit names only once made (the search shards) are listed.
    let languages = version.languages();
    for entry in &version.entries {
        let _ = version.make(entry, &languages);
    }
    version
        .paths()
        .map(|path| {
            let body = snapshot
                .files
                .get(path)
                .unwrap_or_else(|| panic!("{path} is listed but not served"));
            (path.to_string(), bytes(&body))
        })
        .collect()
}

fn assert_same(
    step: usize,
    what: &str,
    served: &BTreeMap<String, Vec<u8>>,
    built: &BTreeMap<String, Vec<u8>>,
) {
    let served_paths: Vec<&String> = served.keys().collect();
    let built_paths: Vec<&String> = built.keys().collect();
    assert_eq!(
        served_paths, built_paths,
        "step {step} ({what}): the preview serves other files than build makes"
    );
    for (path, bytes) in built {
        if served[path] != *bytes {
            panic!(
                "step {step} ({what}): {path} differs from build\n--- preview\n{}\n--- build\n{}",
                String::from_utf8_lossy(&served[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

fn changes(root: &Path, paths: &[std::path::PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        changes.add(root, &root.join(path));
    }
    changes
}

#[test]
fn every_file_the_preview_serves_after_every_edit_is_what_build_makes() {
    follow_edits(Languages::Two, EDITS, SEED);
}

/// In a site of one language, an edit of a page beyond its text keeps every other page whose
/// recorded reads still hold (in a site of several languages every page is checked then, as
/// alternates are not recorded): this sequence is where those reads are put to the test.
#[test]
fn in_a_site_of_one_language_every_file_the_preview_serves_after_every_edit_is_what_build_makes() {
    for (seed, edits) in ONE_LANGUAGE {
        follow_edits(Languages::One, edits, seed);
    }
}

/// Makes `edits` random edits (by default) of a generated site in `languages`, and after
/// each compares what the preview serves with what build makes.
fn follow_edits(languages: Languages, edits: usize, seed: u64) {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let (pages, edits) = (
        setting("PAGES", PAGES as u64) as usize,
        setting("EDITS", edits as u64) as usize,
    );
    let mut rng = Rng::new(setting("SEED", seed));
    site::generate(&root, pages, &mut rng, languages);
    let mut good = build(&root)
        .unwrap_or_else(|e| panic!("the generated site does not build: {:?}", sorted(e)));
    let preview = Preview::default();
    let mut engine = Engine::new(root.clone(), load_options(), RenderOptions::default());
    let first = match engine.apply(&Changes::default()) {
        Ok(first) => first,
        Err(e) => panic!("the first version does not load: {:?}", sorted(e)),
    };
    let Verdict::Built(warnings) = background::check(&first.generation, None, &|| false) else {
        panic!("the first version does not build");
    };
    preview.publish(first.generation.clone(), "/");
    preview.checked(&first.generation, Ok(warnings));
    let mut good_version = first.generation;
    assert_same(0, "first build", &served(&preview), &good.files);

    // While the sources do not build: how to take back each edit since they last did.
    let mut undo: Vec<Undo> = Vec::new();
    let mut broken = false;
    // The kinds each made once first, while the site builds.
    let mut every_kind = Editor::EVERY_KIND
        .iter()
        .filter(|&&roll| Editor::edits_in(roll, languages));
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failures = 0;
    for step in 1..=edits {
        let (what, paths, taken_back) = if broken && !undo.is_empty() && !rng.one_in(4) {
            let last = undo.pop().unwrap();
            ("undo", last.apply(&root), None)
        } else {
            let editor = Editor::new(&root, &mut rng, step);
            let edit = match (broken, every_kind.next()) {
                (false, Some(&roll)) => editor.make_kind(&good.known, roll),
                _ => editor.make(&good.known, languages),
            };
            (edit.kind, edit.changed, Some(edit.undo))
        };
        *kinds.entry(what).or_default() += 1;
        let reference = build(&root);
        let applied = engine.apply(&changes(&root, &paths));
        let verdict = match applied {
            Err(errors) => {
                let expected = reference.as_ref().err().unwrap_or_else(|| {
                    panic!(
                        "step {step} ({what}): the preview does not load what builds: {:?}",
                        sorted(errors.clone())
                    )
                });
                assert_eq!(
                    sorted(errors),
                    sorted(expected.clone()),
                    "step {step} ({what})"
                );
                preview.publish_errors(expected.clone());
                None
            }
            Ok(applied) => {
                let version = applied.generation;
                preview.publish(version.clone(), "/");
                if let Ok(built) = &reference {
                    // As the editor's browser asks: a few files, made on request.
                    let snapshot = preview.current();
                    let paths: Vec<&String> = built.files.keys().collect();
                    for _ in 0..8 {
                        let path = *rng.pick(&paths);
                        let body = snapshot.files.get(path).unwrap_or_else(|| {
                            panic!("step {step} ({what}): {path} is not served")
                        });
                        assert_eq!(
                            bytes(&body),
                            built.files[path],
                            "step {step} ({what}): {path}, made on request"
                        );
                    }
                }
                let verdict = background::check(&version, Some(&good_version), &|| false);
                match &verdict {
                    Verdict::Built(warnings) => preview.checked(&version, Ok(warnings.clone())),
                    Verdict::Failed(errors) => preview.checked(&version, Err(errors.clone())),
                    Verdict::Interrupted => unreachable!("nothing interrupts the check"),
                }
                Some((version, verdict))
            }
        };
        broken = reference.is_err();
        if !broken {
            undo.clear();
        }
        match (reference, verdict) {
            (Ok(built), Some((version, Verdict::Built(warnings)))) => {
                assert_eq!(
                    sorted(warnings),
                    sorted(built.warnings.clone()),
                    "step {step} ({what}): warnings"
                );
                assert!(preview.current().errors.is_empty());
                good_version = version;
                good = built;
                assert_same(step, what, &served(&preview), &good.files);
            }
            (Err(expected), Some((_, Verdict::Failed(errors)))) => {
                failures += 1;
                if std::env::var_os("SITEGEN_ORACLE_VERBOSE").is_some() {
                    eprintln!(
                        "step {step} ({what}) does not build: {}",
                        sorted(expected.clone())
                            .first()
                            .map(String::as_str)
                            .unwrap_or("")
                    );
                }
                undo.extend(taken_back);
                assert_eq!(
                    sorted(errors),
                    sorted(expected),
                    "step {step} ({what}): errors"
                );
                assert_same(step, what, &served(&preview), &good.files);
            }
            (Err(expected), None) => {
                failures += 1;
                if std::env::var_os("SITEGEN_ORACLE_VERBOSE").is_some() {
                    eprintln!(
                        "step {step} ({what}) does not load: {}",
                        sorted(expected).first().map(String::as_str).unwrap_or("")
                    );
                }
                undo.extend(taken_back);
                assert_same(step, what, &served(&preview), &good.files);
            }
            (Ok(_), Some((_, Verdict::Failed(errors)))) => {
                panic!(
                    "step {step} ({what}): the preview fails where build works: {:?}",
                    sorted(errors)
                )
            }
            (Err(expected), Some(_)) => {
                panic!(
                    "step {step} ({what}): the preview builds where build fails: {:?}",
                    sorted(expected)
                )
            }
            (Ok(_), _) => unreachable!(),
        }
    }
    eprintln!(
        "{pages} pages, {edits} edits ({failures} that did not build) in {:.1} s: {kinds:?}",
        started.elapsed().as_secs_f64()
    );
    for kind in [
        "body",
        "title",
        "weight",
        "tags",
        "related",
        "sources",
        "new page",
        "delete",
        "rename",
        "folder move",
        "asset",
        "partial",
        "static",
        "slug",
        "alias",
        "nav title",
        "translation body",
        "translation title",
        "new translation",
        "translation deleted",
        "translated page body",
        "translated page title",
        "block body",
        "block translation body",
        "block shown on a page",
        "block question",
    ] {
        if languages == Languages::One && kind.contains("translat") {
            continue;
        }
        assert!(
            kinds.contains_key(kind),
            "the sequence has no {kind} edit: {kinds:?}"
        );
    }
}

/// A site template that shows a field of a neighbour no other template shows (here the
/// previous and next pages' `reading_minutes`): an edit of the neighbour's text alone must
/// make the page again. What a page's output reads of other pages is recorded where its context
/// is built, so nothing has to be taught that this template reads it.
#[test]
fn a_page_showing_a_neighbours_field_no_other_template_shows_follows_an_edit_of_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let mut rng = Rng::new(3);
    site::generate(&root, 30, &mut rng, Languages::Two);
    let theme_pager = root.join("themes/clinic/templates/partials/pager.html");
    let pager = std::fs::read_to_string(&theme_pager).unwrap();
    site::write(
        &root.join("templates/partials/pager.html"),
        &format!(
            "{pager}{{% if page.prev %}}<p class=\"prev-minutes\">{{{{ page.prev.reading_minutes }}}}</p>{{% endif %}}\
             {{% if page.next %}}<p class=\"next-minutes\">{{{{ page.next.reading_minutes }}}}</p>{{% endif %}}\n"
        ),
    );
    let before = build(&root).unwrap_or_else(|e| panic!("does not build: {:?}", sorted(e)));
    let preview = Preview::default();
    let mut engine = Engine::new(root.clone(), load_options(), RenderOptions::default());
    let first = engine.apply(&Changes::default()).unwrap();
    // Every file made, so each page's reads are known.
    let Verdict::Built(warnings) = background::check(&first.generation, None, &|| false) else {
        panic!("the first version does not build");
    };
    preview.publish(first.generation.clone(), "/");
    preview.checked(&first.generation, Ok(warnings));
    assert_same(0, "first build", &served(&preview), &before.files);

    // A page of a section of several pages gets many more words: only its text changes.
    let page = Path::new("content/g0/s0/p013.md");
    let text = std::fs::read_to_string(root.join(page)).unwrap();
    let more: Vec<String> = (0..80).map(|_| site::sentence(&mut rng)).collect();
    site::write(&root.join(page), &format!("{text}\n{}\n", more.join(" ")));
    let after = build(&root).unwrap_or_else(|e| panic!("does not build: {:?}", sorted(e)));
    let neighbours_changed = after
        .files
        .iter()
        .filter(|(path, bytes)| {
            path.ends_with("/index.html")
                && !path.contains("p013")
                && before.files.get(*path) != Some(*bytes)
                && String::from_utf8_lossy(bytes).contains("-minutes\">")
        })
        .count();
    assert!(
        neighbours_changed > 0,
        "the edit changes what a neighbour shows"
    );
    let applied = engine
        .apply(&changes(&root, &[page.to_path_buf()]))
        .unwrap_or_else(|e| panic!("the edit does not load: {:?}", sorted(e)));
    assert!(
        matches!(applied.edit, sitegen::serve::engine::Edit::Text(_)),
        "an edit of text only: {:?}",
        applied.edit
    );
    let version = applied.generation;
    preview.publish(version.clone(), "/");
    let Verdict::Built(warnings) = background::check(&version, Some(&first.generation), &|| false)
    else {
        panic!("the edit does not build in the preview");
    };
    preview.checked(&version, Ok(warnings));
    assert_same(1, "a neighbour's text", &served(&preview), &after.files);
}
