//! Blocks (`content/_blocks/`): text written once and shown on several pages, through the
//! real binary on the `blocks` fixture (two languages): every page shows the same words with
//! its own links and clinic values, a care card wraps a block, a Spanish page shows the Spanish
//! block, a block's question is its one page's (FAQ hub, JSON-LD) and a heading linking there
//! elsewhere; errors name the block's file and line and the page showing it; `check` tells a
//! stale block translation.

mod common;

use std::path::Path;

use common::{copy_dir, version_asked, Site};

/// The `blocks` fixture with the clinic theme.
fn site() -> Site {
    let site = Site::new("blocks");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site
}

/// The `<li>` lines of a page's first care card.
fn card_items(html: &str) -> Vec<String> {
    let card = &html[html
        .find("<section class=\"care-card")
        .expect("a care card")..];
    let card = &card[..card.find("</section>").unwrap()];
    card.lines()
        .filter(|l| l.starts_with("<li>"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_page_shows_the_block_with_its_own_links_and_clinic_values() {
    let site = site();
    site.run(&["build"]).ok();
    let home = site.read("public/index.html");
    let safety = site.read("public/safety/index.html");
    let items = card_items(&home);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].contains("breathing that is very slow"));
    // The clinic's phone from site.toml, and a question link made relative to each page.
    assert!(
        items[2].contains(
            "<a href=\"side-effects/#can-i-drive\">can I drive?</a> and call +1 555 0100"
        ),
        "{}",
        items[2]
    );
    let on_safety = card_items(&safety);
    assert_eq!(on_safety[..2], items[..2], "the same words on both pages");
    assert!(
        on_safety[2].contains("<a href=\"../side-effects/#can-i-drive\">"),
        "{}",
        on_safety[2]
    );
    // The block is the body of each page's care card.
    assert!(home.contains("care-card-emergency"), "{home}");
    // Never a page of its own.
    assert!(!site.file("public/_blocks").exists());
    assert!(!site.read("public/sitemap.xml").contains("_blocks"));
}

#[test]
fn a_spanish_page_shows_the_spanish_block() {
    let site = site();
    site.run(&["build"]).ok();
    let items = card_items(&site.read("public/es/index.html"));
    assert!(items[0].contains("respiración muy lenta"), "{items:?}");
    // Its question link falls back to the English page, as links do.
    assert!(
        items[2].contains(
            "<a href=\"../side-effects/#can-i-drive\">¿puedo manejar?</a> y llame al +1 555 0100"
        ),
        "{}",
        items[2]
    );
    // Without the Spanish block, the Spanish page is an error, not English text.
    std::fs::remove_file(site.file("content/_blocks/warning-signs.es.md")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: the block `warning-signs` has no translation into `es`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/_index.es.md:11:3"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "translate content/_blocks/warning-signs.md into content/_blocks/warning-signs.es.md"
    ));
}

#[test]
fn a_question_in_a_block_belongs_to_its_questions_page_and_other_pages_link_there() {
    let site = site();
    site.run(&["build"]).ok();
    let owner = site.read("public/side-effects/index.html");
    let other = site.read("public/safety/index.html");
    assert!(
        owner.contains(
            "<h2 id=\"boxed-warning\" class=\"question\">What is the boxed warning?</h2>"
        ),
        "{owner}"
    );
    assert!(owner.contains("\"@type\":\"Question\",\"name\":\"What is the boxed warning?\""));
    assert!(
        other.contains("<h2 id=\"boxed-warning\"><a href=\"../side-effects/#boxed-warning\">What is the boxed warning?</a></h2>"),
        "{other}"
    );
    assert!(
        !other.contains("\"@type\":\"Question\""),
        "no FAQPage on safety"
    );
    // The answer's text is on both pages.
    assert!(other.contains("The FDA label has a boxed warning"));
    // The FAQ hub lists it once, on its page.
    let hub = site.read("public/faq/index.html");
    assert_eq!(
        hub.matches("What is the boxed warning?").count(),
        1,
        "{hub}"
    );
    assert!(
        hub.contains("href=\"../side-effects/#boxed-warning\""),
        "{hub}"
    );
    let questions = site.read("public/questions.json");
    assert_eq!(
        questions.matches("\"boxed-warning\"").count(),
        1,
        "{questions}"
    );
}

#[test]
fn questions_page_must_name_a_page_that_shows_the_block() {
    let site = site();
    let block = site.read("content/_blocks/boxed-warning.md");
    site.write(
        "content/_blocks/boxed-warning.md",
        &block.replace("@/side-effects.md\"", "@/side-effect.md\""),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: questions_page names `@/side-effect.md`, which is not a page"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("--> content/_blocks/boxed-warning.md:2:1"));
    assert!(run.stderr.contains("did you mean `@/side-effects.md`?"));

    site.write(
        "content/_blocks/boxed-warning.md",
        &block.replace("@/side-effects.md\"", "@/_index.md\""),
    );
    let run = site.run(&["build"]);
    assert!(
        run.stderr
            .contains("questions_page names content/_index.md, which does not show this block"),
        "{}",
        run.stderr
    );

    site.write(
        "content/_blocks/boxed-warning.md",
        &block.replace("questions_page = \"@/side-effects.md\"\n", ""),
    );
    let run = site.run(&["build"]);
    assert!(
        run.stderr
            .contains("this block has a question, but does not say which page it belongs to"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("--> content/_blocks/boxed-warning.md:3:1"));
}

#[test]
fn an_unknown_block_is_an_error_with_the_nearest_name() {
    let site = site();
    let safety = site.read("content/safety.md");
    site.write(
        "content/safety.md",
        &safety.replace(
            "> {{ block \"warning-signs\" }}",
            "> {{ block \"warning-sign\" }}",
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: unknown block `warning-sign`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/safety.md:16:3"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("did you mean `{{ block \"warning-signs\" }}`?"));
    // Nothing is reported in the block files, and public/ is not written.
    assert!(
        !run.stderr.contains("--> content/_blocks"),
        "{}",
        run.stderr
    );
    assert!(!site.file("public").exists());

    // Named beside other text, it is not shown but reported.
    site.write(
        "content/safety.md",
        &safety.replace(
            "{{ block \"boxed-warning\" }}",
            "Read {{ block \"boxed-warning\" }} now.",
        ),
    );
    let run = site.run(&["build"]);
    assert!(
        run.stderr
            .contains("error: a block must be named on a line of its own"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/safety.md:11:6"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_block_that_shows_itself_is_an_error_naming_the_chain() {
    let site = site();
    let signs = site.read("content/_blocks/warning-signs.md");
    site.write(
        "content/_blocks/warning-signs.md",
        &format!("{signs}\n{{{{ block \"boxed-warning\" }}}}\n"),
    );
    let boxed = site.read("content/_blocks/boxed-warning.md");
    site.write(
        "content/_blocks/boxed-warning.md",
        &format!("{boxed}\n{{{{ block \"warning-signs\" }}}}\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the block `boxed-warning` shows itself: boxed-warning -> warning-signs -> boxed-warning (in a block shown on content/side-effects.md:11)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/_blocks/warning-signs.md:5:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_link_in_a_block_is_reported_for_each_page_at_the_blocks_line() {
    let site = site();
    let signs = site.read("content/_blocks/warning-signs.md");
    site.write(
        "content/_blocks/warning-signs.md",
        &format!("{signs}- see [the guide](@/guide.md)\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    for page in ["content/_index.md:11", "content/safety.md:16"] {
        assert!(
            run.stderr.contains(&format!(
                "error: broken link: no page at `@/guide.md` (in a block shown on {page})"
            )),
            "{page}: {}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr
            .matches("--> content/_blocks/warning-signs.md:4:7")
            .count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("4 | - see [the guide](@/guide.md)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_check_finding_in_a_block_names_the_block_and_the_page() {
    let site = site();
    let boxed = site.read("content/_blocks/boxed-warning.md");
    site.write(
        "content/_blocks/boxed-warning.md",
        &format!("{boxed}\n![](label.png)\n"),
    );
    std::fs::write(site.file("content/label.png"), b"png").unwrap();
    let run = site.run(&["check"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("--> content/_blocks/boxed-warning.md:9:1"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        lines[at - 1].contains("(in a block shown on content/s"),
        "{}",
        lines[at - 1]
    );
}

#[test]
fn a_block_translation_behind_its_source_is_reported() {
    let site = site();
    let stale = site.run(&["check"]);
    assert!(
        stale.stdout.contains(
            "translation is behind content/_blocks/warning-signs.md: it was made from version \"00000000\""
        ),
        "{}",
        stale.stdout
    );
    assert!(stale
        .stdout
        .contains("--> content/_blocks/warning-signs.es.md:2:1"));
    let version = version_asked(&stale.stdout, "content/_blocks/warning-signs.es.md");
    let translation = site.read("content/_blocks/warning-signs.es.md");
    site.write(
        "content/_blocks/warning-signs.es.md",
        &translation.replace("00000000", &version),
    );
    let current = site.run(&["check"]);
    assert!(
        !current
            .stdout
            .contains("--> content/_blocks/warning-signs.es.md"),
        "{}",
        current.stdout
    );
    // A changed English block makes it stale again.
    let signs = site.read("content/_blocks/warning-signs.md");
    site.write(
        "content/_blocks/warning-signs.md",
        &signs.replace("chest pain", "chest pain or pressure"),
    );
    let again = site.run(&["check"]);
    assert!(
        again.stdout.contains(&format!(
            "translation is behind content/_blocks/warning-signs.md: it was made from version \"{version}\""
        )),
        "{}",
        again.stdout
    );
}

#[test]
fn check_warns_about_a_block_no_page_shows() {
    let site = site();
    site.write("content/_blocks/old-list.md", "- an old list\n");
    let run = site.run(&["check"]);
    assert!(
        run.stdout.contains("warning: no page shows this block"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--> content/_blocks/old-list.md:1:1"));
    assert!(
        !run.stdout.contains("--> content/_blocks/warning-signs.md"),
        "{}",
        run.stdout
    );
    // It is never published either.
    site.run(&["build"]).ok();
    assert!(!site.read("public/index.html").contains("an old list"));
}
