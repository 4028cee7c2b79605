//! A site in two languages, through the real binary: translations published under /es/ with
//! reciprocal hreflang alternates (pages and sitemap), the language switcher's fallback on an
//! untranslated page, links that resolve to the Spanish answer or fall back to English, the
//! theme's strings (a missing one is an error), structured data and questions.json per
//! language, and `check` reporting a translation that has fallen behind its source and a
//! Spanish page that reads too hard.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{copy_dir, snapshot, version_asked, Site};

/// The `languages` fixture with the clinic theme.
fn site() -> Site {
    let site = Site::new("languages");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site
}

/// Every `<link rel="alternate" hreflang>` of an HTML page, as (hreflang, href).
fn alternates(html: &str) -> BTreeSet<(String, String)> {
    html.lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang=\""))
        .map(|l| {
            let lang = l
                .split("hreflang=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let href = l
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (lang.to_string(), href.to_string())
        })
        .collect()
}

/// The output file of an absolute URL of the site.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix("https://org.github.io/clinic-site/")
        .unwrap_or_else(|| panic!("{url} is not on the site"));
    format!("public/{path}index.html")
}

#[test]
fn translations_are_published_under_their_language_with_reciprocal_hreflang() {
    let site = site();
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stdout
            .contains("3 pages (2 questions), es: 2 pages (1 question)"),
        "{}",
        run.stdout
    );
    let spanish = site.read("public/es/safety/index.html");
    assert!(spanish.starts_with("<!doctype html>\n<html lang=\"es\">"));
    assert!(
        spanish.contains("Horario: de lunes a viernes, de 9 a 5."),
        "the Spanish clinic values"
    );
    // Each page with a translation lists itself, its translation and x-default, and each page
    // it lists lists the same set: the alternates are reciprocal.
    let mut by_page = BTreeMap::new();
    for page in [
        "public/index.html",
        "public/safety/index.html",
        "public/es/index.html",
        "public/es/safety/index.html",
    ] {
        let set = alternates(&site.read(page));
        assert_eq!(set.len(), 3, "{page}: {set:?}");
        for (_, url) in &set {
            assert_eq!(
                alternates(&site.read(&file_of(url))),
                set,
                "{page} -> {url}"
            );
        }
        by_page.insert(page, set);
    }
    assert!(by_page["public/safety/index.html"].contains(&(
        "x-default".to_string(),
        "https://org.github.io/clinic-site/safety/".to_string()
    )));
    // An English-only page has no alternates.
    assert!(alternates(&site.read("public/effects/index.html")).is_empty());
    // The sitemap gives every translated page the same alternates.
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    for url in [
        "https://org.github.io/clinic-site/es/safety/",
        "https://org.github.io/clinic-site/safety/",
    ] {
        let entry = sitemap
            .split("<url>")
            .find(|e| e.contains(&format!("<loc>{url}</loc>")))
            .unwrap_or_else(|| panic!("{url} not in the sitemap"));
        assert!(
            entry.contains("hreflang=\"es\" href=\"https://org.github.io/clinic-site/es/safety/\""),
            "{entry}"
        );
        assert!(
            entry.contains("hreflang=\"en\" href=\"https://org.github.io/clinic-site/safety/\""),
            "{entry}"
        );
        assert!(entry.contains("hreflang=\"x-default\""), "{entry}");
    }
}

#[test]
fn the_switcher_on_an_untranslated_page_says_so_in_spanish_and_offers_the_spanish_home() {
    let site = site();
    site.run(&["build"]).ok();
    let english_only = site.read("public/effects/index.html");
    let switcher = english_only
        .split("<nav class=\"languages\"")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .expect("a language switcher");
    assert!(
        switcher.contains("<a href=\"../es/\" hreflang=\"es\">Español</a>"),
        "{switcher}"
    );
    assert!(
        switcher.contains("Esta página todavía no está en español."),
        "{switcher}"
    );
    // A translated page links to its translation instead, without the notice.
    let safety = site.read("public/safety/index.html");
    assert!(safety.contains("<a href=\"../es/safety/\" hreflang=\"es\" rel=\"alternate\" data-keep-question>Español</a>"));
    assert!(!safety.contains("todavía no está"));
    // The Spanish menu lists only what exists in Spanish.
    let home = site.read("public/es/index.html");
    let menu = home
        .split("<nav class=\"menu-wide\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    assert!(
        menu.contains(">Seguridad</a>") && !menu.contains("Effects"),
        "{menu}"
    );
}

#[test]
fn spanish_links_go_to_the_spanish_answer_or_fall_back_to_english() {
    let site = site();
    site.run(&["build"]).ok();
    let home = site.read("public/es/index.html");
    // A page and a question that exist in Spanish.
    assert!(home.contains("<a href=\"safety/\">seguridad</a>"), "{home}");
    assert!(home.contains("<a href=\"safety/#can-i-drive\">"), "{home}");
    // A page and a question that exist only in English.
    assert!(
        home.contains("<a href=\"../effects/\">cómo se siente</a>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"../effects/#how-long-does-it-last\">"),
        "{home}"
    );
}

#[test]
fn structured_data_and_questions_json_are_in_each_language() {
    let site = site();
    site.run(&["build", "--feed"]).ok();
    let spanish = site.read("public/es/safety/index.html");
    assert!(spanish.contains("\"inLanguage\":\"es\""));
    assert!(
        spanish.contains("\"name\":\"Seguridad: preguntas\""),
        "the FAQPage in Spanish"
    );
    assert!(spanish.contains("\"name\":\"¿Puedo manejar?\""));
    let questions: serde_json::Value =
        serde_json::from_str(&site.read("public/es/questions.json")).expect("es/questions.json");
    let text = questions.to_string();
    assert!(
        text.contains("¿Puedo manejar?") && !text.contains("How long does it last?"),
        "{text}"
    );
    assert!(site
        .read("public/questions.json")
        .contains("How long does it last?"));
}

#[test]
fn a_missing_string_is_an_error_naming_the_key_the_language_and_the_file() {
    let site = site();
    site.run(&["build"]).ok();
    let before = snapshot(&site.file("public"));
    let strings = site.read("themes/clinic/i18n/es.toml");
    let without: String = strings
        .lines()
        .filter(|l| !l.starts_with("menu =") && !l.starts_with("care_card_urgent_heading ="))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("themes/clinic/i18n/es.toml", &without);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for key in ["menu", "care_card_urgent_heading"] {
        assert!(
            run.stderr
                .contains(&format!("string `{key}` is missing in `es`")),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("themes/clinic/i18n/es.toml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("partials/header.html"),
        "names the template that uses it: {}",
        run.stderr
    );
    assert_eq!(
        snapshot(&site.file("public")),
        before,
        "the last good build is kept"
    );
}

#[test]
fn a_translation_behind_its_source_is_reported_with_both_files_and_the_new_version() {
    let site = site();
    let first = site.run(&["check"]);
    assert!(
        first.stdout.contains(
            "translation does not say which version of content/safety.md it was made from"
        ),
        "{}",
        first.stdout
    );
    let version = version_asked(&first.stdout, "content/safety.es.md");
    // Recording it quiets the warning.
    let translation = site.read("content/safety.es.md");
    site.write(
        "content/safety.es.md",
        &translation.replacen(
            "+++\n",
            &format!("+++\nsource_version = \"{version}\"\n"),
            1,
        ),
    );
    let current = site.run(&["check"]);
    assert!(
        !current.stdout.contains("--> content/safety.es.md"),
        "{}",
        current.stdout
    );
    // A new review date on the source changes nothing a reader sees: still current.
    let source = site.read("content/safety.md");
    site.write(
        "content/safety.md",
        &source.replace("2026-11-01", "2026-11-20"),
    );
    assert!(!site
        .run(&["check"])
        .stdout
        .contains("--> content/safety.es.md"));
    // A changed answer makes the translation stale.
    site.write(
        "content/safety.md",
        &source.replace(
            "Someone must take you home.",
            "Someone must take you home, and stay the night.",
        ),
    );
    let stale = site.run(&["check"]);
    assert_eq!(stale.code, 0, "a stale translation is a warning");
    let newer = version_asked(&stale.stdout, "content/safety.es.md");
    assert_ne!(newer, version);
    assert!(
        stale.stdout.contains(&format!(
            "translation is behind content/safety.md: it was made from version \"{version}\", and the source is now \"{newer}\""
        )),
        "{}",
        stale.stdout
    );
    assert!(
        stale.stdout.contains("--> content/safety.es.md:2:1"),
        "points at the source_version line: {}",
        stale.stdout
    );
}

#[test]
fn a_spanish_page_that_reads_too_hard_is_reported_by_its_spanish_measure() {
    let site = site();
    let hard = "+++\nlast_reviewed = 2026-11-01\nreviewed_by = \"Dr. Test\"\ntitle = \"Seguridad\"\ndescription = \"d\"\n+++\n\nLa administración intravenosa de ketamina requiere monitorización cardiovascular continua, particularmente respecto de complicaciones hipertensivas asociadas con medicaciones concomitantes y antecedentes psiquiátricos relevantes.\n";
    site.write("content/safety.es.md", hard);
    let run = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let finding = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["file"] == "content/safety.es.md"
                && d["message"].as_str().unwrap().starts_with("reads at ease")
        })
        .unwrap_or_else(|| panic!("{json:#}"));
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("below the target of 70 for pages in Spanish"),
        "{finding}"
    );
    let page = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"] == "content/safety.es.md")
        .unwrap();
    assert!(
        page["reading"]["fernandez_huerta"].as_f64().unwrap() < 40.0,
        "{page}"
    );
}
