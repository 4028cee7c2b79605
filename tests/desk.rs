//! `sitegen check --format html`: the editor's desk as one file, for a reviewer without the
//! preview. On a site with findings in English and Spanish it lists every page of both
//! languages (overdue reviews first) and exactly the findings `check --format json` lists,
//! and needs nothing but itself to be read.

mod common;

use std::path::Path;

use common::desk::{
    findings_of_desk, findings_of_json, pages_of_desk, to_confirm_count_of_desk,
    to_confirm_of_desk, to_confirm_of_json,
};
use common::{copy_dir, Site};

/// The `desk` fixture (an overdue Spanish review, a translation that does not say which
/// version of its source it was made from, "click here" in an English answer, a phone
/// number that cannot be real and Spanish hours awaiting confirmation) with the clinic
/// theme.
fn site() -> Site {
    let site = Site::new("desk");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site
}

#[test]
fn the_html_desk_lists_what_the_json_report_lists_in_both_languages() {
    let site = site();
    let json = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let html = site.run(&["check", "--format", "html"]);
    assert_eq!(html.code, json.code, "the same exit code: {}", html.stderr);

    let expected = findings_of_json(&report);
    assert!(
        expected
            .iter()
            .any(|f| f.starts_with("error content/safety.es.md:") && f.contains("overdue")),
        "{expected:#?}"
    );
    assert!(
        expected
            .iter()
            .any(|f| f.starts_with("warning content/safety.md:13:61 link text \"click here\"")),
        "{expected:#?}"
    );
    assert_eq!(findings_of_desk(&html.stdout), expected);

    let mut pages = pages_of_desk(&html.stdout);
    assert_eq!(
        pages.first().map(String::as_str),
        Some("content/safety.es.md"),
        "the overdue review comes first"
    );
    pages.sort();
    let mut listed: Vec<String> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap().to_string())
        .collect();
    listed.sort();
    assert_eq!(pages, listed);
    assert!(html
        .stdout
        .contains("<tr data-lang=\"es\" data-overdue=\"true\""));
    // The finding in an answer links to its page and question, relative to the site's folder.
    assert!(
        html.stdout
            .contains("question: <a href=\"safety/index.html#can-i-drive\">Can I drive?</a>"),
        "{}",
        html.stdout
    );
    assert!(
        html.stdout.contains("missing: es"),
        "effects.md has no translation"
    );

    let left = to_confirm_of_json(&report);
    assert_eq!(
        left,
        [
            "site.toml:8:9 clinic.phone = +1 (555) 010-0150",
            "site.toml:17:9 clinic.hours = de lunes a viernes, de 9 a 5"
        ]
    );
    assert_eq!(to_confirm_of_desk(&html.stdout), left);
    assert_eq!(to_confirm_count_of_desk(&html.stdout), Some(2));
}

#[test]
fn the_html_desk_is_one_document_that_needs_no_other_file_and_no_script() {
    let html = site().run(&["check", "--format", "html"]).stdout;
    assert!(html.starts_with("<!doctype html>\n"), "{html}");
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.trim_end().matches("</html>").count(), 1);
    assert!(html.trim_end().ends_with("</html>"));
    for loads in ["<script", "<link", " src=", "@import", "url("] {
        assert!(!html.contains(loads), "the file loads something: {loads}");
    }
    assert!(html.contains("<style>") && html.contains("prefers-color-scheme: dark"));
}

#[test]
fn with_publish_the_html_desk_ends_its_list_with_the_gates_verdict() {
    let run = site().run(&["check", "--publish", "--format", "html"]);
    assert_eq!(run.code, 1, "the gate refuses the site");
    let section = &run.stdout[run.stdout.find("<section id=\"confirm\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let verdict = section
        .find("<p class=\"desk-bad\">sitegen check --publish: refused")
        .expect("the verdict");
    assert!(verdict > section.rfind("</ol>").unwrap(), "after the list");
}
