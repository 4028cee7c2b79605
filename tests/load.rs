//! Loading: everything an editor can get wrong is found before anything is rendered, every
//! problem of every file in one run, each at its own line; and the preview reports exactly
//! what `sitegen build` does.

mod common;

use common::{snapshot, Site};

/// Replaces `from` with `to` in the site's file `rel`.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// Every `error: ... --> file:line:col` pair the run printed, as `file:line:col message`.
fn errors(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let message = line.strip_prefix("error: ")?;
            let place = lines.get(i + 1)?.trim().strip_prefix("--> ")?;
            Some(format!("{place} {message}"))
        })
        .collect()
}

#[test]
fn each_related_and_alias_entry_is_reported_at_its_own_line() {
    let site = Site::new("basic");
    edit(
        &site,
        "content/safety.md",
        "related = [\"@/effects.md\", \"@#can-i-drive-home\"]\naliases = [\"old-safety/\"]",
        "related = [\n  \"@/effects.md\",\n  \"@/nowhere.md\",\n]\naliases = [\n  \"old-safety/\",\n  \"effects/\",\n]",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let found = errors(&run.stderr);
    assert!(
        found.contains(
            &"content/safety.md:10:3 broken `related` entry: no page at `@/nowhere.md`".to_string()
        ),
        "{found:#?}"
    );
    assert!(
        found.contains(
            &"content/safety.md:14:3 alias `effects/` is the URL of the page content/effects.md"
                .to_string()
        ),
        "{found:#?}"
    );
}

#[test]
fn an_alias_two_pages_claim_is_an_error_naming_the_other_file() {
    let site = Site::new("basic");
    edit(
        &site,
        "content/effects.md",
        "tags = [\"safety\"]",
        "tags = [\"safety\"]\naliases = [\"old-safety/\"]",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let found = errors(&run.stderr);
    assert_eq!(
        found,
        ["content/safety.md:9:12 alias `old-safety/` is claimed twice"],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/effects.md has the same alias"));
}

#[test]
fn a_typo_in_one_page_a_missing_template_and_broken_links_elsewhere_are_reported_together() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let before = snapshot(&site.file("public"));
    // effects.md does not load (a typo'd key): links to it are not reported a second time.
    edit(&site, "content/effects.md", "weight = 10", "wieght = 10");
    // A broken link on a page that loads.
    edit(
        &site,
        "content/guides/arrival.md",
        "+++\n",
        "+++\nSee [nothing](@/nowhere.md).\n",
    );
    let arrival = site.read("content/guides/arrival.md");
    let arrival = arrival.replacen("+++\nSee [nothing](@/nowhere.md).\n", "+++\n", 1);
    let end = arrival[3..].find("+++").unwrap() + 3;
    site.write(
        "content/guides/arrival.md",
        &format!(
            "{}template = \"nope.html\"\n{}\nSee [nothing](@/nowhere.md).\n",
            &arrival[..end],
            &arrival[end..]
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let found = errors(&run.stderr);
    let messages: Vec<&str> = found.iter().map(|f| f.split_once(' ').unwrap().1).collect();
    assert!(
        messages.contains(&"unknown front matter key `wieght`"),
        "{found:#?}"
    );
    assert!(
        messages.contains(&"broken link: no page at `@/nowhere.md`"),
        "{found:#?}"
    );
    assert!(
        messages.contains(&"template `nope.html` not found"),
        "{found:#?}"
    );
    assert!(
        !run.stderr.contains("@/effects.md`"),
        "links to the page that failed are not reported again:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr
            .contains("no question has the id `can-i-drive-home`"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&site.file("public")));
}

#[test]
fn an_unusable_cname_is_found_when_site_toml_is_read() {
    let site = Site::new("basic");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("cname = \"https://clinic.example.org/\"\n{config}"),
    );
    let run = site.run(&["build", "--offline", "--output", "offline"]);
    assert_eq!(run.code, 1, "even a build that writes no CNAME reports it");
    assert_eq!(
        errors(&run.stderr),
        ["site.toml:1:9 cname `https://clinic.example.org/` is not a bare domain name"]
    );
}

#[test]
fn the_preview_reports_exactly_what_build_reports_help_lines_included() {
    use sitegen::model::LoadOptions;
    use sitegen::render::RenderOptions;
    use sitegen::serve::background::{check, Verdict};
    use sitegen::serve::engine::Engine;
    use sitegen::serve::watch::Changes;

    let site = Site::new("basic");
    // A link the template writes and one the markdown writes, both broken.
    edit(
        &site,
        "themes/min/templates/page.html",
        "<h1>",
        "<a href=\"../nowhere/\">x</a><h1>",
    );
    edit(
        &site,
        "content/effects.md",
        "Dream-like.",
        "<a href=\"#gone\">Dream-like.</a>",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let mut engine = Engine::new(
        site.path().to_path_buf(),
        LoadOptions::default(),
        RenderOptions::default(),
    );
    // What the preview finds: when loading, or when it checks the whole site.
    let preview = match engine.apply(&Changes::default()) {
        Err(problems) => problems,
        Ok(applied) => match check(&applied.generation, None, &|| false) {
            Verdict::Failed(problems) => problems,
            _ => panic!("the preview built a site that build refuses"),
        },
    };
    let printed: String = preview.iter().map(|d| format!("{d}\n")).collect();
    for problem in &preview {
        assert!(
            run.stderr.contains(&problem.to_string()),
            "build did not print:\n{problem}\n---\n{}",
            run.stderr
        );
        assert!(
            problem
                .help
                .as_deref()
                .is_some_and(|h| h.contains("themes/min/templates/page.html")),
            "{problem}"
        );
    }
    assert_eq!(
        run.stderr.matches("error: ").count(),
        preview.len(),
        "{printed}"
    );
}

/// The two-language fixture with the clinic theme.
fn two_languages() -> Site {
    let site = Site::new("languages");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site
}

#[test]
fn a_site_toml_that_does_not_load_is_one_error_not_one_per_translation() {
    let site = two_languages();
    edit(&site, "site.toml", "base_url =", "base_ulr =");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown site.toml key `base_ulr`
 --> site.toml:2:1
  |
2 | base_ulr = \"https://org.github.io/clinic-site/\"
  | ^^^^^^^^
  = help: did you mean `base_url`?

1 error and 0 warnings: nothing was written.
"
    );
}

#[test]
fn site_toml_comes_first_and_a_pages_own_problem_is_still_reported() {
    let site = two_languages();
    edit(&site, "site.toml", "base_url =", "base_ulr =");
    edit(&site, "content/safety.es.md", "title =", "titel =");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let found = errors(&run.stderr);
    assert_eq!(
        found,
        [
            "site.toml:2:1 unknown site.toml key `base_ulr`",
            "content/safety.es.md:4:1 unknown front matter key `titel`",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_languages_practice_value_the_default_language_lacks_is_an_error_with_the_key_meant() {
    let site = two_languages();
    let toml = site.read("site.toml").replace(
        "[[languages]]",
        "[clinic.practice]\ncourse = \"six sessions\"\n\n[[languages]]",
    ) + "\n[languages.clinic.practice]\ncourse = \"seis sesiones\"\ncoarse = \"x\"\nopening_hourz = \"9-5\"\n";
    site.write("site.toml", &toml);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown practice value `coarse` in `es`: [clinic.practice] has no `coarse`
  --> site.toml:24:1
   |
24 | coarse = \"x\"
   | ^^^^^^
   = help: did you mean `course`?

error: unknown practice value `opening_hourz` in `es`: [clinic.practice] has no `opening_hourz`
  --> site.toml:25:1
   |
25 | opening_hourz = \"9-5\"
   | ^^^^^^^^^^^^^
   = help: did you mean `hours`? It goes in [languages.clinic], before [languages.clinic.practice]

2 errors and 0 warnings: nothing was written.
"
    );
}

#[test]
fn a_practice_value_a_language_lacks_is_a_warning_naming_it() {
    let site = two_languages();
    let toml = site.read("site.toml").replace(
        "[[languages]]",
        "[clinic.practice]\ncourse = \"six sessions\"\nprice = \"$5\"\n\n[[languages]]",
    ) + "\n[languages.clinic.practice]\ncourse = \"seis sesiones\"\n";
    site.write("site.toml", &toml);
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stderr.contains(
            "warning: `es` has no `price` of [clinic.practice]: its pages that name one show the default language's words
  --> site.toml:23:19
   |
23 | [languages.clinic.practice]
   |                   ^^^^^^^^
   = help: add it under [languages.clinic.practice] for `es`
"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_string_the_default_language_lacks_is_an_error_with_the_key_meant() {
    let site = two_languages();
    let strings = site.read("themes/clinic/i18n/es.toml") + "skip_lnk = \"Saltar\"\n";
    site.write("themes/clinic/i18n/es.toml", &strings);
    let line = strings.lines().count();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    // The gutter is as wide as the line number, as rustc's.
    let pad = " ".repeat(line.to_string().len());
    let expected = format!(
        "error: unknown string `skip_lnk`: the `en` strings have no `skip_lnk`
{pad}--> themes/clinic/i18n/es.toml:{line}:1
{pad} |
{line} | skip_lnk = \"Saltar\"
{pad} | ^^^^^^^^
{pad} = help: did you mean `skip_link`?
"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

#[test]
fn findings_about_front_matter_values_point_at_the_value_with_a_caret() {
    let site = Site::new("basic");
    edit(
        &site,
        "content/safety.md",
        "related = [\"@/effects.md\", \"@#can-i-drive-home\"]",
        "related = [\"@/effects.md\", \"@/no-such-page.md\"]\ntemplate = \"nowhere.html\"",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: broken `related` entry: no page at `@/no-such-page.md`
 --> content/safety.md:8:28
  |
8 | related = [\"@/effects.md\", \"@/no-such-page.md\"]
  |                            ^^^^^^^^^^^^^^^^^^^
"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: template `nowhere.html` not found
 --> content/safety.md:9:12
  |
9 | template = \"nowhere.html\"
  |            ^^^^^^^^^^^^^^
"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_site_toml_value_and_a_wrong_date_are_shown_at_the_value() {
    let site = Site::new("basic");
    edit(
        &site,
        "site.toml",
        "base_url = \"https://org.github.io/clinic-site/\"",
        "base_url = \"ftp://org.example/\"",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: base_url `ftp://org.example/` is not an http(s) URL
 --> site.toml:2:12
  |
2 | base_url = \"ftp://org.example/\"
  |            ^^^^^^^^^^^^^^^^^^^^
"
        ),
        "{}",
        run.stderr
    );
    let site = Site::new("basic");
    edit(
        &site,
        "content/safety.md",
        "aliases = [\"old-safety/\"]\n",
        "aliases = [\"old-safety/\"]\n\n[[sources]]\ntitle = \"FDA\"\naccessed = \"2026-1-28\"\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: `accessed` is not a valid date: `2026-1-28`
  --> content/safety.md:13:12
   |
13 | accessed = \"2026-1-28\"
   |            ^^^^^^^^^^^
"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_toml_that_is_not_toml_is_one_error_too() {
    let site = two_languages();
    edit(
        &site,
        "site.toml",
        "base_url = \"https://org.github.io/clinic-site/\"",
        "base_url = \"https://org.github.io/clinic-site/",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&run.stderr),
        ["site.toml:2:47 invalid site.toml: invalid basic string, expected `\"`"],
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_that_did_not_load_is_not_reported_again_by_the_other_languages_links_to_it() {
    let site = two_languages();
    // The Spanish home page links to the English effects page and to one of its questions.
    edit(&site, "content/effects.md", "title =", "titel =");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&run.stderr),
        ["content/effects.md:4:1 unknown front matter key `titel`"],
        "{}",
        run.stderr
    );
}
