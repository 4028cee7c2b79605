//! The publish gate as an editor and the Pages workflow meet it: `sitegen check --publish`
//! refuses a site whose clinic values await confirmation or cannot be real, listing each with
//! its place and the pages that show it; `--sample` lets it through, and `build --sample`
//! marks every page as a sample; a site whose values are all confirmed and real passes.
//! The fixture (tests/fixtures/publish_gate) is a small clinic-like site in English and
//! Spanish with the repository's clinic theme.

mod common;

use std::path::Path;

use common::{copy_dir, Site};
use serde_json::Value;

fn site() -> Site {
    let site = Site::new("publish_gate");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site
}

/// `file:line:column` of the first line of `file` that contains `text`, at `text`.
fn place(site: &Site, file: &str, text: &str) -> String {
    let source = site.read(file);
    let (n, line) = source
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not in {file}"));
    format!("{file}:{}:{}", n + 1, line.find(text).unwrap() + 1)
}

/// The entry of `check`'s output that starts with `headline`: its lines up to the next blank.
fn entry<'a>(output: &'a str, headline: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = output.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(headline))
        .unwrap_or_else(|| panic!("no {headline:?} in:\n{output}"));
    lines[at..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect()
}

fn to_confirm(site: &Site, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let json: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    (
        run.code,
        json["to_confirm"].as_array().cloned().unwrap_or_default(),
    )
}

#[test]
fn the_gate_refuses_the_clinic_like_site_listing_every_value_with_its_place() {
    let site = site();
    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let out = &run.stdout;

    let phone = entry(out, "error: clinic.phone = \"+1 (555) 010-0199\"");
    assert_eq!(
        phone[1].trim(),
        format!(
            "--> {}",
            place(&site, "site.toml", "{ unconfirmed = \"+1 (555)")
        )
    );
    assert!(phone
        .iter()
        .any(|l| l.contains("awaits the clinic's confirmation")));
    assert!(phone
        .iter()
        .any(|l| l.contains("area code 555 is not in service")));
    assert!(
        phone.contains(&"   = shown on every page (en, es)"),
        "{phone:?}"
    );

    let email = entry(out, "error: clinic.email = \"care@example-clinic.org\"");
    assert!(email
        .iter()
        .any(|l| l.contains("example-clinic.org is an example domain")));
    let address = entry(out, "error: clinic.address");
    assert!(address.iter().any(|l| l.contains("ZIP code 00000")));
    assert!(address.iter().any(|l| l.contains("\"Placeholder\"")));

    // The reviewer, once per language, with the pages that name it.
    let english = entry(
        out,
        "error: clinic.reviewer = \"Dr. A. Placeholder, MD, Medical Director\"",
    );
    assert!(
        english.contains(&"   = shown on 2 pages (en): /, /cost/"),
        "{english:?}"
    );
    let spanish = entry(
        out,
        "error: clinic.reviewer = \"Dr. A. Placeholder, médico, director médico\"",
    );
    assert_eq!(
        spanish[1].trim(),
        format!(
            "--> {}",
            place(
                &site,
                "site.toml",
                "{ unconfirmed = \"Dr. A. Placeholder, médico"
            )
        )
    );
    assert!(
        spanish.contains(&"   = shown on 1 page (es): /es/"),
        "{spanish:?}"
    );

    let price = entry(
        out,
        "error: clinic.practice.iv_price = \"$550 per IV session\"",
    );
    assert!(
        price.contains(&"   = shown on 1 page (en): /cost/"),
        "{price:?}"
    );

    // What nobody marked but cannot be real, in page text; Spanish "todo" is not a finding.
    let text = entry(out, "error: page text = \"example.com\"");
    assert_eq!(
        text[1].trim(),
        format!("--> {}", place(&site, "content/cost.md", "example.com"))
    );
    assert!(!out.contains("\"todo\""), "{out}");

    // Confirmed values are not listed.
    assert!(!out.contains("clinic.hours"), "{out}");
    assert!(!out.contains("clinic.practice.course"), "{out}");
    assert!(out.contains("== 8 values to confirm before publishing (7 marked unconfirmed, 6 that cannot be real)"), "{out}");
    assert!(
        out.contains("publish: refused: 8 values to confirm"),
        "{out}"
    );
    assert!(
        out.contains("give --sample to both `check --publish` and `build`"),
        "{out}"
    );
}

#[test]
fn the_json_report_lists_the_same_values_for_tools() {
    let site = site();
    let (code, list) = to_confirm(&site, &["--publish"]);
    assert_eq!(code, 1);
    let summary: Vec<(String, String, Value)> = list
        .iter()
        .map(|t| {
            (
                t["what"].as_str().unwrap().to_string(),
                t["languages"].to_string(),
                t["shown_on"].clone(),
            )
        })
        .collect();
    let every = Value::from("every page");
    assert_eq!(
        summary,
        [
            ("clinic.name".into(), r#"["en","es"]"#.into(), every.clone()),
            (
                "clinic.phone".into(),
                r#"["en","es"]"#.into(),
                every.clone()
            ),
            (
                "clinic.email".into(),
                r#"["en","es"]"#.into(),
                every.clone()
            ),
            (
                "clinic.address".into(),
                r#"["en","es"]"#.into(),
                every.clone()
            ),
            (
                "clinic.reviewer".into(),
                r#"["en"]"#.into(),
                serde_json::json!(["/", "/cost/"])
            ),
            (
                "clinic.practice.iv_price".into(),
                r#"["en"]"#.into(),
                serde_json::json!(["/cost/"])
            ),
            (
                "clinic.reviewer".into(),
                r#"["es"]"#.into(),
                serde_json::json!(["/es/"])
            ),
            (
                "page text".into(),
                r#"["en"]"#.into(),
                serde_json::json!(["/cost/"])
            ),
        ]
    );
    let phone = &list[1];
    assert_eq!(phone["file"], "site.toml");
    assert_eq!(phone["line"], 9);
    assert_eq!(phone["column"], 9);
    assert_eq!(phone["value"], "+1 (555) 010-0199");
    let kinds: Vec<&str> = phone["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["unconfirmed", "fictional"]);
}

#[test]
fn deleting_the_marks_and_comments_does_not_hide_what_cannot_be_real() {
    let site = site();
    let marked = site.read("site.toml");
    let unmarked: String = marked
        .lines()
        .filter(|l| !l.starts_with("# PLACEHOLDER"))
        .map(|l| match l.split_once("{ unconfirmed = ") {
            Some((key, rest)) => format!("{key}{}\n", rest.trim_end_matches(" }")),
            None => format!("{l}\n"),
        })
        .collect();
    assert!(!unmarked.contains("unconfirmed") && !unmarked.contains("PLACEHOLDER"));
    site.write("site.toml", &unmarked);

    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let (_, list) = to_confirm(&site, &["--publish"]);
    let what: Vec<&str> = list.iter().map(|t| t["what"].as_str().unwrap()).collect();
    assert_eq!(
        what,
        [
            "clinic.phone",
            "clinic.email",
            "clinic.address",
            "clinic.reviewer",
            "clinic.reviewer",
            "page text"
        ]
    );
    assert!(list.iter().all(|t| t["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["kind"] == "fictional")));
    let phone = entry(&run.stdout, "error: clinic.phone");
    assert_eq!(
        phone[1].trim(),
        format!("--> {}", place(&site, "site.toml", "\"+1 (555) 010-0199\""))
    );
}

#[test]
fn plain_check_and_build_warn_with_a_count_and_keep_working() {
    let site = site();
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check
        .stdout
        .contains("warning: clinic.phone = \"+1 (555) 010-0199\""));
    assert!(!check.stdout.contains("error: clinic."));
    assert!(!check.stdout.contains("publish:"));

    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("warning: 8 values to confirm before publishing (7 marked unconfirmed, 6 that cannot be real); `sitegen check` lists them"),
        "{}",
        build.stderr
    );
    // The unconfirmed values are shown as their text, and the clinic is in the JSON-LD.
    let home = site.read("public/index.html");
    assert!(home.contains("+1 (555) 010-0199"));
    assert!(home.contains("\"@type\":\"MedicalClinic\""));
    assert!(site
        .read("public/es/index.html")
        .contains("Dr. A. Placeholder, médico, director médico"));
    assert!(!home.contains("sample-banner"));
    assert!(!home.contains("noindex"));
}

/// Every HTML file under `dir`.
fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    found
}

#[test]
fn with_sample_the_gate_lets_it_through_and_every_page_says_it_is_a_sample() {
    let site = site();
    let gate = site.run(&[
        "check",
        "--publish",
        "--sample",
        "--base-url",
        "https://org.github.io/x/",
    ]);
    assert_eq!(gate.code, 0, "{}", gate.stdout);
    assert!(
        gate.stdout.contains("warning: clinic.phone"),
        "{}",
        gate.stdout
    );
    assert!(
        gate.stdout
            .contains("publish: let through as a sample site (--sample): 8 values to confirm"),
        "{}",
        gate.stdout
    );

    site.run(&["build", "--sample"]).ok();
    let pages = html_files(&site.file("public"));
    assert!(pages.len() >= 4, "{pages:?}");
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let rel = page
            .strip_prefix(site.path())
            .unwrap()
            .display()
            .to_string();
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{rel}"
        );
        assert!(!html.contains("MedicalClinic"), "{rel}");
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias's redirect
        }
        let banner = if rel.starts_with("public/es/") {
            "<aside class=\"sample-banner\" aria-label=\"Sitio de muestra\"><p><strong>Sitio de muestra:</strong> esto es una muestra, no una clínica real."
        } else {
            "<aside class=\"sample-banner\" aria-label=\"Sample site\"><p><strong>Sample site:</strong> this is a sample, not a real clinic."
        };
        assert!(html.contains(banner), "{rel}");
    }
    let css = site.read("public/style.css");
    assert!(css.contains(".sample-banner"), "the banner is styled");
}

#[test]
fn a_site_with_every_value_confirmed_and_real_passes_without_sample() {
    let site = site();
    site.write(
        "site.toml",
        &site
            .read("site.toml")
            .lines()
            .map(|l| {
                let l = match l.split_once("{ unconfirmed = ") {
                    Some((key, rest)) => format!("{key}{}", rest.trim_end_matches(" }")),
                    None => l.to_string(),
                };
                l.replace("+1 (555) 010-0199", "+1 (617) 555-2368")
                    .replace("care@example-clinic.org", "care@harborlight-clinic.org")
                    .replace(
                        "100 Placeholder Avenue, Springfield, ST 00000",
                        "12 Harbor Street, Boston, MA 02110",
                    )
                    .replace("Dr. A. Placeholder", "Dr. Maria Lopez")
                    + "\n"
            })
            .collect::<String>(),
    );
    site.write(
        "content/cost.md",
        &site
            .read("content/cost.md")
            .replace("billing@example.com", "billing@harborlight-clinic.org"),
    );
    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("publish: nothing is left to confirm: the site may be published"));
    assert!(!run.stdout.contains("to confirm before publishing ("));
    let (_, list) = to_confirm(&site, &["--publish"]);
    assert!(list.is_empty(), "{list:?}");
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0);
    assert!(!build.stderr.contains("to confirm"), "{}", build.stderr);
}

/// `sitegen --root <this repository> <args>`, as of the day its pages were last reviewed.
fn run_on_the_clinic_site(args: &[&str]) -> common::Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("SITEGEN_TODAY", "2026-11-28")
        .output()
        .expect("run sitegen");
    common::Run::from(output)
}

#[test]
fn the_clinic_sites_own_pages_workflow_passes_only_as_a_sample() {
    let refused = run_on_the_clinic_site(&["check", "--publish"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    let out = &refused.stdout;
    let after_hours = entry(
        out,
        "error: clinic.after_hours_phone = \"+1 (555) 010-0188\"",
    );
    assert!(
        after_hours[1].trim().starts_with("--> site.toml:"),
        "{after_hours:?}"
    );
    assert!(after_hours.contains(&"   = shown on every page (en, es)"));
    let rems = entry(out, "error: clinic.practice.rems_status");
    assert!(rems
        .iter()
        .any(|l| l.contains("awaits the clinic's confirmation")));
    assert!(
        out.contains("error: clinic.reviewer = \"Dr. A. Placeholder, médico, director médico\"")
    );
    assert!(out.contains("publish: refused:"));

    let sample = run_on_the_clinic_site(&["check", "--publish", "--sample"]);
    assert_eq!(sample.code, 0, "{}", sample.stdout);
    assert!(sample
        .stdout
        .contains("publish: let through as a sample site (--sample)"));
    // CI's plain check still passes.
    assert_eq!(run_on_the_clinic_site(&["check"]).code, 0);
}

#[test]
fn a_page_may_mark_its_own_reviewer_unconfirmed_and_a_typed_made_up_one_is_found() {
    let site = site();
    let cost = site.read("content/cost.md").replace(
        "reviewed_by = \"{{ clinic.reviewer }}\"",
        "reviewed_by = { unconfirmed = \"Dr. Jane Doe, RN\" }",
    );
    site.write("content/cost.md", &cost);
    let home = site.read("content/_index.md").replace(
        "reviewed_by = \"{{ clinic.reviewer }}\"",
        "reviewed_by = \"Dr. TBD\"",
    );
    site.write("content/_index.md", &home);

    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 1);
    let own = entry(&run.stdout, "error: reviewed_by = \"Dr. Jane Doe, RN\"");
    assert_eq!(
        own[1].trim(),
        format!("--> {}", place(&site, "content/cost.md", "{ unconfirmed"))
    );
    assert!(
        own.contains(&"   = shown on 1 page (en): /cost/"),
        "{own:?}"
    );
    let typed = entry(&run.stdout, "error: reviewed_by = \"Dr. TBD\"");
    assert!(typed
        .iter()
        .any(|l| l.contains("\"TBD\" marks text that was never filled in")));
    // The English clinic reviewer is named by no English page now, and is still listed.
    let english = entry(
        &run.stdout,
        "error: clinic.reviewer = \"Dr. A. Placeholder, MD, Medical Director\"",
    );
    assert!(
        english.contains(&"   = shown on no page yet (en)"),
        "{english:?}"
    );
    // The page shows the reviewer's text.
    site.run(&["build"]).ok();
    assert!(site
        .read("public/cost/index.html")
        .contains("Dr. Jane Doe, RN"));
}
