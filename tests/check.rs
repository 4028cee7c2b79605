//! `sitegen check` as an editor and CI use it: exit codes, the file and line of each finding,
//! the summary tables and the JSON for tools. Fixtures live in tests/fixtures/check_*/; the
//! date is fixed with SITEGEN_TODAY so review findings do not drift.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const TODAY: &str = "2026-11-22";
/// The day the clinic's content was last reviewed: the clinic site is checked as of that day,
/// so the test does not drift (CI also runs `sitegen check` as of the real day).
const CLINIC_REVIEWED: &str = "2026-11-28";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `sitegen --root <root> check <args>` as of `today`; returns the exit code and stdout.
fn check_at(root: &Path, today: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .args(args)
        .env("SITEGEN_TODAY", today)
        .output()
        .expect("sitegen runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), stdout)
}

fn check(name: &str, args: &[&str]) -> (i32, String) {
    check_at(&fixture(name), TODAY, args)
}

fn check_json(name: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout) = check(name, &all);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (code, json)
}

/// The `--> file:line:col` printed under the first diagnostic whose headline contains
/// `message`.
fn location_of(output: &str, message: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            (l.starts_with("error: ") || l.starts_with("warning: ")) && l.contains(message)
        })
        .unwrap_or_else(|| panic!("no diagnostic with {message:?} in:\n{output}"));
    lines[at + 1].trim().trim_start_matches("--> ").to_string()
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().expect("diagnostics array")
}

#[test]
fn overdue_review_missing_reviewer_and_image_without_alt_fail_naming_each_line() {
    let (code, out) = check("check_overdue_review", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        location_of(&out, "page does not say who reviewed it"),
        "content/leaflet.md:1:1"
    );
    assert_eq!(
        location_of(
            &out,
            "review overdue: it was due on 2026-01-10, 316 days ago"
        ),
        // At the date that fell due.
        "content/leaflet.md:5:15"
    );
    assert_eq!(
        location_of(&out, "image has no alt text"),
        "content/leaflet.md:10:1"
    );
    assert!(
        out.contains("== content/leaflet.md: 3 errors, 0 warnings"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("check: 3 errors, 0 warnings in 2 pages"),
        "{out}"
    );
}

#[test]
fn the_review_table_lists_every_page_with_its_status() {
    let (_, out) = check("check_overdue_review", &[]);
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "Review status")
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 5, "{out}");
    assert!(table[1].starts_with("page") && table[1].contains("next review due"));
    let home = table
        .iter()
        .find(|l| l.starts_with("content/_index.md"))
        .unwrap();
    assert!(
        home.contains("2026-10-01")
            && home.contains("2027-10-01 (default)")
            && home.ends_with("current"),
        "{home}"
    );
    let leaflet = table
        .iter()
        .find(|l| l.starts_with("content/leaflet.md"))
        .unwrap();
    assert!(
        leaflet.contains("2026-01-10") && leaflet.ends_with("OVERDUE"),
        "{leaflet}"
    );
}

#[test]
fn only_warnings_exit_zero_and_json_carries_every_pages_reading_level() {
    let (code, json) = check_json("check_warnings_only", &[]);
    assert_eq!(code, 0, "{json:#}");
    assert!(
        !fixture("check_warnings_only").join("public").exists(),
        "check writes nothing"
    );
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 3);
    let pages = json["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 2);
    for page in pages {
        let reading = &page["reading"];
        assert!(reading["flesch_kincaid_grade"].is_number(), "{page:#}");
        assert!(reading["smog"].is_number());
        assert!(reading["words"].as_u64().unwrap() > 0);
        assert!(reading["sentences"].as_u64().unwrap() > 0);
    }
    let about = pages
        .iter()
        .find(|p| p["file"] == "content/about.md")
        .unwrap();
    assert_eq!(about["url"], "/about/");
    assert_eq!(about["title"], "About our care");
    assert!(about["reading"]["flesch_kincaid_grade"].as_f64().unwrap() > 6.0);
    assert_eq!(about["review"]["status"], "due_soon");
    assert_eq!(about["review"]["next_review"], "2026-12-15");
    assert_eq!(about["review"]["reviewed_by"], "Dr. Test, MD");
    let home = pages
        .iter()
        .find(|p| p["file"] == "content/_index.md")
        .unwrap();
    assert!(home["reading"]["flesch_kincaid_grade"].as_f64().unwrap() < 6.0);

    let found = diagnostics(&json);
    let claim = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("\"guaranteed\""))
        .expect("the absolute claim is flagged");
    assert_eq!(claim["severity"], "warning");
    assert_eq!(claim["file"], "content/about.md");
    assert_eq!(claim["line"], 8);
    assert_eq!(claim["column"], 195);
    assert!(claim["help"].as_str().unwrap().contains("clinician"));
    assert!(found.iter().any(
        |d| d["message"].as_str().unwrap().starts_with("reads at grade")
            && d["file"] == "content/about.md"
    ));
    assert!(found.iter().any(|d| d["message"]
        .as_str()
        .unwrap()
        .contains("review due soon: on 2026-12-15 (last_reviewed + 6 months), in 23 days")
        && d["line"] == 4));
}

#[test]
fn drafts_are_checked_only_when_asked() {
    let (code, out) = check("check_warnings_only", &[]);
    assert_eq!(code, 0);
    assert!(!out.contains("content/draft.md"), "{out}");
    let (code, out) = check("check_warnings_only", &["--drafts"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        location_of(&out, "page has no `last_reviewed` date"),
        "content/draft.md:1:1"
    );
}

#[test]
fn vague_link_text_empty_links_and_skipped_headings_are_reported() {
    let (code, out) = check("check_markdown_a11y", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        location_of(&out, "link text \"click here\" does not say where it goes"),
        "content/links.md:8:13"
    );
    assert!(out.contains("warning: link text \"click here\""));
    assert_eq!(
        location_of(&out, "heading level skipped: level 3 after level 1"),
        "content/links.md:10:1"
    );
    assert_eq!(
        location_of(&out, "link has no text"),
        "content/links.md:12:5"
    );
    assert_eq!(
        location_of(&out, "link text is a bare URL"),
        "content/links.md:12:25"
    );
    assert!(
        !out.contains("image has no alt text"),
        "the image has alt text: {out}"
    );
}

#[test]
fn forms_frames_third_party_scripts_and_fonts_are_errors_where_they_are_written() {
    let (code, out) = check("check_privacy", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        location_of(&out, "a <form> asks readers for data"),
        "content/contact.md:10:1"
    );
    assert_eq!(
        location_of(&out, "<iframe> embeds another page"),
        "content/contact.md:16:1"
    );
    assert!(
        out.contains("--> themes/plain/templates/page.html:6:1"),
        "{out}"
    );
    assert_eq!(
        location_of(
            &out,
            "loads a font from another site: https://fonts.example/nice.woff2"
        ),
        "themes/plain/static/style.css:4:8"
    );
    assert!(
        !out.contains("fda.gov") && !out.contains("canonical"),
        "links to sources and the canonical URL are fine: {out}"
    );
}

#[test]
fn a_tracker_that_appears_only_in_the_built_page_is_reported_on_that_page() {
    let (_, json) = check_json("check_privacy", &[]);
    let trackers: Vec<&Value> = diagnostics(&json)
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("tracker.example"))
        .collect();
    let files: Vec<&str> = trackers
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["content/_index.md", "content/contact.md"]);
    assert!(trackers[1]["message"]
        .as_str()
        .unwrap()
        .contains("of the built contact/index.html"));
    let scripts = diagnostics(&json)
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("analytics.example"))
        .count();
    assert_eq!(
        scripts, 3,
        "once per template that has it, not once per page"
    );
}

#[test]
fn a_mental_health_page_without_the_crisis_box_is_an_error() {
    let (code, out) = check("check_crisis_box", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        location_of(&out, "page mentions \"depression\" but shows no crisis box"),
        "content/_index.md:8:74"
    );
    assert_eq!(
        location_of(
            &out,
            "the crisis box is missing from the built page support/index.html"
        ),
        // At `true` of `mental_health = true`.
        "content/support.md:6:17"
    );
    // This fixture's home template also dropped the medical disclaimer.
    assert_eq!(
        location_of(
            &out,
            "the medical disclaimer is missing from the built page index.html"
        ),
        "content/_index.md:1:1"
    );
    assert!(
        !out.contains("disclaimer is missing from the built page support/index.html"),
        "{out}"
    );
}

#[test]
fn a_site_that_does_not_build_reports_its_errors_beside_every_other_finding() {
    let (code, out) = check("check_broken_build", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        location_of(&out, "broken link: no page at `@/gone.md`"),
        "content/_index.md:8:32"
    );
    assert_eq!(
        location_of(&out, "page does not say who reviewed it"),
        "content/leaflet.md:1:1"
    );
    assert_eq!(
        location_of(&out, "image has no alt text"),
        "content/leaflet.md:9:1"
    );
    assert!(out.contains("the site does not build"), "{out}");
    let (code, json) = check_json("check_broken_build", &[]);
    assert_eq!(code, 1);
    assert_eq!(json["errors"], 3, "{json:#}");
    assert_eq!(json["builds"], false);
    assert_eq!(json["pages"].as_array().unwrap().len(), 2);
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let (code, _) = check("check_warnings_only", &["--format", "xml"]);
    assert_eq!(code, 2);
}

#[test]
fn the_clinic_site_has_no_errors_and_reads_at_or_below_its_target() {
    let (code, stdout) = check_at(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        CLINIC_REVIEWED,
        &["--format", "json"],
    );
    let json: Value = serde_json::from_str(&stdout).expect("json");
    let errors: Vec<&Value> = diagnostics(&json)
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(code, 0, "{errors:#?}");
    let pages = json["pages"].as_array().unwrap();
    assert!(pages.len() >= 9);
    let mut spanish = 0;
    for page in pages {
        let reading = &page["reading"];
        if page["file"].as_str().unwrap().ends_with(".es.md") {
            // Spanish pages: Fernández-Huerta ease, at or above the site's target of 70.
            let ease = reading["fernandez_huerta"].as_f64().unwrap();
            assert!((70.0..=100.0).contains(&ease), "{page:#}");
            assert!(reading.get("flesch_kincaid_grade").is_none(), "{page:#}");
            spanish += 1;
        } else {
            let grade = reading["flesch_kincaid_grade"].as_f64().unwrap();
            assert!(grade > 0.0 && grade <= 8.0, "{page:#}");
        }
        assert_eq!(page["review"]["status"], "current", "{page:#}");
    }
    assert!(spanish >= 9, "the Spanish pages are checked too");
}

#[test]
fn the_preview_gets_the_same_content_findings_from_a_loaded_site() {
    let site = sitegen::pipeline::load(
        &fixture("check_overdue_review"),
        &sitegen::model::LoadOptions::default(),
    )
    .expect("fixture loads")
    .site;
    let today = sitegen::date::Date::parse(TODAY).unwrap();
    let report = sitegen::check::report_site(&site, today);
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[2].starts_with("content/leaflet.md:10:1 image has no alt text"));
    let leaflet = report
        .pages
        .iter()
        .find(|p| p.file == "content/leaflet.md")
        .unwrap();
    assert_eq!(
        leaflet.review.status,
        sitegen::check::review::ReviewStatus::Overdue
    );
    assert_eq!(
        sitegen::check::check_site(&site, today)
            .iter()
            .filter(|d| d.is_error())
            .count(),
        3
    );
}

#[test]
fn clinical_checks_find_unlinked_topic_terms_undated_sources_and_warning_signs_outside_a_card() {
    let (code, out) = check("check_clinical", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        location_of(&out, "lists warning signs outside a care card"),
        "content/aftercare.md:10:1"
    );
    assert_eq!(
        location_of(
            &out,
            "names \"Spravato\" but does not link to content/esketamine.md"
        ),
        "content/aftercare.md:8:32"
    );
    assert_eq!(
        location_of(&out, "source \"A page read long ago\" has no access date"),
        "content/esketamine.md:13:1"
    );
    assert_eq!(
        location_of(&out, "tells readers to call 911 but has no care card"),
        "content/help.md:8:15"
    );
    let (_, json) = check_json("check_clinical", &[]);
    assert_eq!(json["errors"], 1, "{json:#}");
    assert_eq!(json["warnings"], 3, "{json:#}");
}
