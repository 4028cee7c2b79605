//! What the clinic's pages are made of beyond plain markdown: clinic values from site.toml
//! written into page text, and the site-wide reference list built from every page's sources.

mod common;

use common::{copy_dir, Site};

/// The `basic` fixture with the real clinic theme, so its templates are what is tested.
fn clinic_themed() -> Site {
    let site = Site::new("basic");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic"),
        &site.file("themes/clinic"),
    );
    let config = site
        .read("site.toml")
        .replace("theme = \"min\"", "theme = \"clinic\"");
    site.write(
        "site.toml",
        &format!(
            "{config}after_hours = \"At night, call our on-call nurse\"\nafter_hours_phone = \"+1 555 0111\"\n\n[clinic.practice]\ncourse = \"six sessions over two to three weeks (a *placeholder*)\"\n"
        ),
    );
    site
}

#[test]
fn clinic_values_are_written_into_page_text_as_plain_text() {
    let site = clinic_themed();
    let effects = site.read("content/effects.md").replace(
        "Dream-like.",
        "Dream-like. A course is {{ clinic.practice.course }}. Call {{ clinic.phone }}.",
    );
    site.write("content/effects.md", &effects);
    site.run(&["build"]).ok();
    let html = site.read("public/effects/index.html");
    assert!(
        html.contains(
            "A course is six sessions over two to three weeks (a *placeholder*). Call +1 555 0100."
        ),
        "{html}"
    );
    assert!(
        html.contains("After hours: <a href=\"tel:+15550111\">+1 555 0111</a>"),
        "the footer gives the after-hours line"
    );
}

#[test]
fn an_unknown_clinic_value_names_the_file_line_and_the_value_meant() {
    let site = clinic_themed();
    site.run(&["build"]).ok();
    let before = common::snapshot(&site.file("public"));
    let effects = site
        .read("content/effects.md")
        .replace("Dream-like.", "Dream-like. Call {{ clinic.phon }}.");
    site.write("content/effects.md", &effects);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown clinic value `clinic.phon`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/effects.md:9:18"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `{{ clinic.phone }}`?"),
        "{}",
        run.stderr
    );
    assert_eq!(before, common::snapshot(&site.file("public")));
}

#[test]
fn the_references_page_numbers_every_source_once_and_pages_link_to_their_entries() {
    let site = clinic_themed();
    let source = |title: &str, url: &str, publisher: &str| {
        format!("[[sources]]\ntitle = \"{title}\"\nurl = \"{url}\"\npublisher = \"{publisher}\"\npublished = \"2025\"\naccessed = 2026-11-20\n")
    };
    let add_sources = |file: &str, sources: &str| {
        let text = site.read(file);
        let end = text[3..].find("+++").unwrap() + 3;
        site.write(file, &format!("{}{sources}{}", &text[..end], &text[end..]));
    };
    add_sources(
        "content/effects.md",
        &(source("Spravato label", "https://example.org/spravato", "FDA")
            + &source("Depression", "https://example.org/depression", "NIMH")),
    );
    add_sources(
        "content/safety.md",
        &source("Spravato label", "https://example.org/spravato", "FDA"),
    );
    site.write(
        "content/references.md",
        "+++\ntitle = \"References\"\ndescription = \"Every source.\"\ntemplate = \"references.html\"\n+++\nAll our sources.\n",
    );
    site.run(&["build"]).ok();
    let list = site.read("public/references/index.html");
    let fda = list.find("id=\"ref-1\"").expect("FDA comes first");
    let nimh = list.find("id=\"ref-2\"").expect("NIMH second");
    assert!(fda < nimh);
    assert_eq!(list.matches("Spravato label</a>").count(), 1, "{list}");
    assert!(list.contains("Accessed <time datetime=\"2026-11-20\">20 November 2026</time>"));
    assert!(
        list.contains(
            "Cited on: <a href=\"../effects/\">Effects</a>, <a href=\"../safety/\">Safety</a>."
        ),
        "{list}"
    );
    let effects = site.read("public/effects/index.html");
    assert!(
        effects.contains("<a class=\"ref-number\" href=\"../references/#ref-2\" aria-label=\"Reference 2\">[2]</a>"),
        "{effects}"
    );
}

#[test]
fn markdown_alerts_become_care_cards_with_the_clinics_contact_route() {
    let site = clinic_themed();
    let effects = site.read("content/effects.md").replace(
        "About an hour. Then rest.",
        "About an hour. Then rest.\n\n> [!WARNING]\n> - a headache that lasts\n\n> [!CAUTION]\n> **Call 911 if you:**\n>\n> - faint\n",
    );
    site.write("content/effects.md", &effects);
    site.run(&["build"]).ok();
    let html = site.read("public/effects/index.html");
    let urgent = html
        .find("<section class=\"care-card care-card-urgent\" aria-labelledby=\"care-card-1\">")
        .expect("an urgent card");
    let emergency = html
        .find("<section class=\"care-card care-card-emergency\" aria-labelledby=\"care-card-2\">")
        .expect("an emergency card");
    assert!(urgent < emergency);
    assert!(
        html.contains("<h4 class=\"care-card-heading\" id=\"care-card-1\">"),
        "one level below the question it answers: {html}"
    );
    assert!(html.contains("Contact us soon if:</h4>"));
    assert!(html.contains("Call us on <a href=\"tel:+15550100\">+1 555 0100</a>."));
    assert!(html.contains("Outside these hours, call <a href=\"tel:+15550111\">+1 555 0111</a>."));
    assert!(html.contains("</span> Call 911 if you:</h4>"), "{html}");
}
