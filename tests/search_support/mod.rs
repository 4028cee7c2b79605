//! Helpers for tests/search.rs and tests/search_spanish.rs: a generated site large enough for
//! many shards, the clinic site built, its words, and running the theme's search scripts in
//! node (tests/search_support/search.cjs) over a built site.

// Each test file that includes this module compiles its own copy and uses part of it; rustc
// checks each copy alone, so the rest would read as unused in every one of them.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use std::collections::BTreeSet;

use sitegen::render::search::{keys, Record, Single, StemLanguage};

use crate::publish_support::{build, fixture, read};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site of `pages` generated pages, each with a numbered title, about a hundred words from
/// a vocabulary of thirty (so the common words' postings get files of their own) and three
/// questions; a few pages use accented and full-width words. The same every time.
pub fn generated_site(pages: usize) -> tempfile::TempDir {
    let site = fixture("publish_basic");
    let content = site.path().join("content");
    std::fs::remove_dir_all(&content).unwrap();
    std::fs::create_dir_all(&content).unwrap();
    let words: Vec<&str> = "patient clinic visit therapy session calm rest nurse doctor plan dose \
        care safety effect side feeling mood sleep ride home water quiet room music blood \
        pressure heart check driving drive"
        .split_whitespace()
        .collect();
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let mut sentence = |count: usize| -> String {
        let text: Vec<&str> = (0..count).map(|_| words[next(words.len())]).collect();
        format!("{}.", text.join(" "))
    };
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Home\"\ndescription = \"Generated pages.\"\n+++\nHome.\n",
    )
    .unwrap();
    for page in 0..pages {
        let extra = match page % 50 {
            7 => " Café naïve ｚｅｎ.",
            8 => " Café ｚｅｎｉｔｈ.",
            _ => "",
        };
        let mut body = format!(
            "+++\ntitle = \"Page {page}\"\ndescription = \"Generated page {page}.\"\n+++\n\n{}{extra}\n\n{}\n",
            sentence(40),
            sentence(40)
        );
        for k in 1..=3 {
            body.push_str(&format!(
                "\n## Question {k} about page {page}? {{#q{page}-{k}}}\n\n{} {}\n",
                sentence(12),
                sentence(12)
            ));
        }
        std::fs::write(content.join(format!("p{page}.md")), body).unwrap();
    }
    site
}

/// Whether node is installed. The search's JavaScript needs it: CI (`CI` set) installs it and
/// must run these tests; on a machine with only the Rust toolchain they are skipped, saying so.
pub fn have_node() -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install node for the search tests"
        );
        eprintln!("skipped: node is not installed (apt-get install nodejs); CI runs this test");
    }
    found
}

/// Runs `script` with node in the repository folder, returning stdout.
pub fn node(script: &str) -> String {
    let output = Command::new("node")
        .arg("-e")
        .arg(script)
        .current_dir(repo())
        .output()
        .expect("node is needed for the search tests (apt-get install nodejs)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What one query found, as tests/search_support/search.cjs reports it.
#[derive(serde::Deserialize, Debug, PartialEq)]
pub struct Found {
    /// Document numbers, best first.
    pub docs: Vec<usize>,
    /// The records of the first ten.
    pub top: Vec<Record>,
    /// The stems that matched.
    pub stems: Vec<String>,
}

#[derive(serde::Deserialize)]
pub struct Searched {
    pub sharded: Vec<Found>,
    #[serde(default)]
    pub whole: Vec<Found>,
    /// Every file the sharded searches loaded, in order.
    pub loaded: Vec<String>,
}

/// Runs `queries` through the theme's engine in node over the site built in `out` (and over
/// `whole`, the site's whole index, when given).
pub fn search(out: &Path, queries: &[&str], whole: Option<&Single>) -> Searched {
    let dir = tempfile::tempdir().unwrap();
    let queries_file = dir.path().join("queries.json");
    std::fs::write(&queries_file, serde_json::to_string(queries).unwrap()).unwrap();
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/search_support/search.cjs"))
        .arg(out)
        .arg(&queries_file);
    if let Some(whole) = whole {
        let file = dir.path().join("whole.json");
        std::fs::write(&file, serde_json::to_string(whole).unwrap()).unwrap();
        command.arg(&file);
    }
    let output = command.output().expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("search.cjs prints JSON")
}

/// The site paths of what a query found, best first.
pub fn paths(found: &Found) -> Vec<&str> {
    found
        .top
        .iter()
        .map(|r| match r {
            Record::Question(_, path, _, _) | Record::Page(_, path, _) => path.as_str(),
        })
        .collect()
}

/// Builds the clinic site itself into a temporary folder (`site/` in it).
pub fn clinic_build() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build(repo(), &dir.path().join("site"), &[]);
    dir
}

/// Every search word of the clinic's content files whose name `spanish` says (`.es.md`, or
/// not), and `extra` words.
pub fn content_words(language: StemLanguage, spanish: bool, extra: &str) -> Vec<String> {
    let mut vocabulary: BTreeSet<String> = BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| e.path().to_string_lossy().ends_with(".es.md") == spanish)
    {
        vocabulary.extend(language.words(&read(entry.path())));
    }
    vocabulary.extend(extra.split_whitespace().map(str::to_string));
    vocabulary.into_iter().collect()
}

/// The words whose stem or keys differ between rust-stemmers and the theme's stemmer of
/// `language` (`search-stem-<code>.js`, keys by `search-language.js`).
pub fn stems_differing(language: StemLanguage, words: &[String]) -> Vec<String> {
    let stemmer = language.stemmer();
    let expected: Vec<(String, Vec<String>)> = words
        .iter()
        .map(|w| {
            let (first, second) = keys(&stemmer, w);
            let keys = std::iter::once(first).chain(second).collect();
            (stemmer.stem(w).into_owned(), keys)
        })
        .collect();
    let script = format!(
        "const s = require('./themes/clinic/static/search-language.js');\
         const stem = require('./themes/clinic/static/search-stem-{code}.js');\
         const words = {};\
         const lang = s.language('{code}');\
         process.stdout.write(JSON.stringify(words.map((w) => [stem(w), s.keys(lang, w)])));",
        serde_json::to_string(&words).unwrap(),
        code = language.code()
    );
    let actual: Vec<(String, Vec<String>)> = serde_json::from_str(&node(&script)).unwrap();
    words
        .iter()
        .zip(expected.iter().zip(&actual))
        .filter(|(_, (e, a))| e != a)
        .map(|(w, (e, a))| format!("{w}: rust {e:?}, js {a:?}"))
        .collect()
}

/// For each query whose first result is not its expected answer: the query, the answer and
/// the first three found.
pub fn wrong_answers(expected: &[(&str, &str)], found: &[Found]) -> Vec<String> {
    expected
        .iter()
        .zip(found)
        .filter(|((_, answer), found)| paths(found).first() != Some(answer))
        .map(|((query, answer), found)| {
            format!(
                "{query:?}: wanted {answer}, got {:?}",
                &paths(found)[..paths(found).len().min(3)]
            )
        })
        .collect()
}
