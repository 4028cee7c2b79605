//! `sitegen build`: the pages a site gets, the errors an editor sees, and what the output
//! folder looks like afterwards.

mod common;

use common::{snapshot, Site};

#[test]
fn builds_pretty_urls_sections_assets_and_a_summary() {
    let site = Site::new("basic");
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stdout.contains("Built 7 pages (4 questions) in"),
        "{}",
        run.stdout
    );
    for file in [
        "public/index.html",
        "public/safety/index.html",
        "public/effects/index.html",
        "public/guides/index.html",
        "public/guides/driving/index.html",
        "public/faq/index.html",
        "public/404.html",
        "public/style.css",
        "public/logo.txt",
        "public/.sitegen",
    ] {
        assert!(site.file(file).is_file(), "{file} missing");
    }
    assert!(
        !site.file("public/draft").exists(),
        "drafts are left out by default"
    );
    let guides = site.read("public/guides/index.html");
    let arrival = guides.find("Arrival").unwrap();
    assert!(
        arrival < guides.find("Driving").unwrap(),
        "section pages follow weight"
    );
}

#[test]
fn markdown_extensions_heading_ids_and_toc_reach_the_page() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let html = site.read("public/safety/index.html");
    assert!(html.contains("<table>"), "tables");
    assert!(
        html.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Screening\">\n<table>"),
        "a table scrolls in a box the keyboard reaches, named by its heading: {html}"
    );
    assert!(html.contains("<del>scary</del>"), "strikethrough");
    assert!(html.contains("footnote-definition"), "footnotes");
    assert!(
        html.contains("<h2 id=\"screening\">Screening</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<h3 id=\"awake\" class=\"question\">"),
        "explicit {{#id}} wins"
    );
    assert!(
        html.contains("<li class=\"l2\"><a href=\"#screening\">Screening</a></li>"),
        "toc"
    );
    assert!(
        html.contains("Last reviewed") || html.contains("10 January 2026|10 January 2027|Dr. Test"),
        "review dates default to +12 months: {html}"
    );
}

#[test]
fn templates_get_the_site_tree_and_the_config() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let home = site.read("public/index.html");
    let tree = &home[home.find("class=\"tree\"").unwrap()..];
    assert!(
        tree.contains("<a href=\"guides/\">Your visit</a><ul><li><a href=\"guides/arrival/\">Arrival</a></li><li><a href=\"guides/driving/\">Driving</a></li></ul>"),
        "{tree}"
    );
    assert!(
        home.contains("<title>Home | Test clinic</title>"),
        "site.toml reaches templates"
    );
}

#[test]
fn answer_html_reaches_a_template_that_asks_for_it() {
    let site = Site::new("basic");
    // The test theme does not use answers' HTML; a site template that does gets it.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{% for q in page.questions %}\
         <div class=\"answer\" id=\"a-{{ q.id }}\">{{ q.answer_html | safe }}</div>{% endfor %}\
         {% endblock main %}",
    );
    site.run(&["build"]).ok();
    let safety = site.read("public/safety/index.html");
    assert!(
        safety.contains("<div class=\"answer\" id=\"a-awake\"><p>Yes, you stay awake. It is <del>scary</del> calm.</p>\n</div>"),
        "{safety}"
    );
}

#[test]
fn css_and_javascript_are_minified_unless_the_site_says_not_to() {
    let site = Site::new("basic");
    let script = "// says hello\nfunction greet(name) {\n  return \"hello, \" + name;\n}\n";
    site.write("static/greet.js", script);
    site.write("static/notes.txt", "  kept   as written \n");
    site.run(&["build"]).ok();
    let js = site.read("public/greet.js");
    assert!(
        js.len() < script.len() && !js.contains("says hello"),
        "{js}"
    );
    assert!(js.contains("\"hello, \""), "strings are kept: {js}");
    assert_eq!(site.read("public/notes.txt"), "  kept   as written \n");
    let config = site.read("site.toml");
    site.write("site.toml", &format!("minify = false\n{config}"));
    site.run(&["build"]).ok();
    assert_eq!(site.read("public/greet.js"), script);
}

#[test]
fn a_site_template_or_static_file_replaces_the_themes() {
    let site = Site::new("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost? Call us.</h1>{% endblock main %}",
    );
    site.write("static/style.css", "/* ours */\nbody { color: #123; }\n");
    site.run(&["build"]).ok();
    assert!(site.read("public/404.html").contains("Lost? Call us."));
    // The site's file wins, published minified.
    assert_eq!(site.read("public/style.css"), "body{color:#123;}");
    assert!(
        site.read("public/safety/index.html")
            .contains("<h1>Safety</h1>"),
        "other templates still come from the theme"
    );
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::new("basic");
    site.run(&["build", "--drafts"]).ok();
    assert!(site
        .read("public/draft/index.html")
        .contains("Work in progress."));
}

#[test]
fn internal_links_are_relative_and_follow_prev_next() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let driving = site.read("public/guides/driving/index.html");
    assert!(
        driving.contains("href=\"../../safety/\""),
        "relative .md link resolved: {driving}"
    );
    assert!(driving.contains("href=\"../../style.css\""));
    assert!(driving.contains("rel=\"prev\" href=\"../arrival/\""));
    let effects = site.read("public/effects/index.html");
    assert!(
        effects.contains("href=\"../safety/#is-it-addictive\""),
        "@# question link"
    );
    assert!(effects.contains("rel=\"next\" href=\"../safety/\""));
    // A section's own page sits among its parent's pages in reading order (by weight):
    // Effects (10), Safety (20), Your visit (50), Questions (90).
    let safety = site.read("public/safety/index.html");
    assert!(
        safety.contains("rel=\"next\" href=\"../guides/\""),
        "{safety}"
    );
    let guides = site.read("public/guides/index.html");
    assert!(
        guides.contains("rel=\"prev\" href=\"../safety/\""),
        "{guides}"
    );
    assert!(guides.contains("rel=\"next\" href=\"../faq/\""), "{guides}");
}

#[test]
fn aliases_write_redirect_pages() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let alias = site.read("public/old-safety/index.html");
    assert!(alias.contains("url=../safety/"), "{alias}");
    assert!(alias.contains("https://org.github.io/clinic-site/safety/"));
}

#[test]
fn unusable_aliases_are_errors_at_their_line() {
    let site = Site::new("basic");
    let safety = site.read("content/safety.md").replace(
        "aliases = [\"old-safety/\"]",
        "aliases = [\"../../escape\", \"effects/\"]",
    );
    site.write("content/safety.md", &safety);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("alias `../../escape` is not a usable URL path"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: alias `effects/` is the URL of the page content/effects.md\n --> content/safety.md:9:28\n  |\n9 | aliases = [\"../../escape\", \"effects/\"]\n  |                            ^^^^^^^^^^\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> content/safety.md:9:12\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn offline_build_names_index_html() {
    let site = Site::new("basic");
    site.run(&["build", "--offline", "--output", "offline"])
        .ok();
    let driving = site.read("offline/guides/driving/index.html");
    assert!(
        driving.contains("href=\"../../safety/index.html\""),
        "{driving}"
    );
}

#[test]
fn broken_front_matter_is_reported_with_file_and_line_and_public_stays_intact() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let before = snapshot(&site.file("public"));
    site.write(
        "content/effects.md",
        "+++\ntitle = \"Effects\"\ndescription = \"How it feels.\"\nweigth = 3\n+++\nBody\n",
    );
    site.write(
        "content/safety.md",
        "+++\ntitle = \"Safety\"\ndescription = \"x\"\nlast_reviewed = 2026-02-30\n+++\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/effects.md:4:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("unknown front matter key `weigth`"));
    assert!(run.stderr.contains("did you mean `weight`?"));
    assert!(
        run.stderr.contains("content/safety.md:4"),
        "every broken file is reported: {}",
        run.stderr
    );
    assert_eq!(
        snapshot(&site.file("public")),
        before,
        "public/ changed after a failed build"
    );
    assert!(!site.file(".public.sitegen-new").exists());
}

#[test]
fn unreadable_inputs_are_explained() {
    let site = Site::new("basic");
    std::fs::write(
        site.file("content/latin1.md"),
        b"+++\ntitle = \"Caf\xe9\"\n+++\n",
    )
    .unwrap();
    site.write("content/notes.docx", "not markdown");
    site.write("content/nofm.md", "# Just a heading\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/latin1.md:2:13"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not UTF-8"));
    assert!(run.stderr.contains("content/notes.docx"));
    assert!(run.stderr.contains("not a markdown page"));
    assert!(run.stderr.contains("content/nofm.md:1:1"));
    assert!(run.stderr.contains("page has no front matter"));
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}

#[test]
fn duplicate_urls_and_missing_titles_are_errors() {
    let site = Site::new("basic");
    site.write(
        "content/safety/_index.md",
        "+++\ntitle = \"Dup\"\ndescription = \"d\"\n+++\n",
    );
    site.write("content/untitled.md", "+++\ndescription = \"d\"\n+++\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("two pages have the URL /safety/"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("page has no `title`"));
    assert!(run.stderr.contains("content/untitled.md:1"));
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = Site::new("basic");
    site.write(
        "themes/min/templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("themes/min/templates/section.html:4"),
        "{}",
        run.stderr
    );
}

/// A partial every page shows alike is rendered once and copied (see `render::include_memo`);
/// its pages are what the include writes, and its errors still name the partial's own line.
#[test]
fn a_shared_partial_is_on_every_page_and_its_errors_name_its_line() {
    let site = Site::new("basic");
    let base = site.read("themes/min/templates/base.html");
    site.write(
        "themes/min/templates/base.html",
        &base.replace("</body>", "{% include \"foot.html\" %}</body>"),
    );
    site.write(
        "themes/min/templates/foot.html",
        "<footer>{{ site.title }} &amp; <a href=\"{{ root }}faq/\">FAQ</a></footer>",
    );
    site.run(&["build"]).ok();
    for (page, root) in [
        ("public/index.html", ""),
        ("public/safety/index.html", "../"),
    ] {
        let html = site.read(page);
        let title = site.read("site.toml");
        let title = title.lines().find(|l| l.starts_with("title")).unwrap();
        let title = title.split('"').nth(1).unwrap();
        let want = format!("<footer>{title} &amp; <a href=\"{root}faq/\">FAQ</a></footer></body>");
        assert!(html.contains(&want), "{page}: {html}");
    }
    site.write(
        "themes/min/templates/foot.html",
        "<footer>{{ site.title }}\n{{ no_such_value }}</footer>",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("themes/min/templates/foot.html:2"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_foreign_output_folder_is_refused_untouched() {
    let site = Site::new("basic");
    site.write("mine/keep.txt", "precious");
    let before = snapshot(&site.file("mine"));
    for (output, why) in [
        ("mine", "not made by sitegen"),
        (".", "site's own folder"),
        ("content", "inside content/"),
        ("..", "contains the site's sources"),
    ] {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(run.code, 1, "{output}");
        assert!(run.stderr.contains(why), "{output}: {}", run.stderr);
    }
    assert_eq!(snapshot(&site.file("mine")), before);
    assert!(site.file("content/safety.md").exists());
}

/// Unix: an unchanged file is known by its inode.
#[cfg(unix)]
#[test]
fn unchanged_files_are_not_rewritten_and_foreign_files_are_kept() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let inode = |rel: &str| {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(site.file(rel)).unwrap())
    };
    let effects_before = inode("public/effects/index.html");
    site.write("public/CNAME-notes.txt", "added by hand");
    site.write("content/guides/arrival.md", "+++\ntitle = \"Arrival\"\ndescription = \"Before.\"\nweight = 1\n+++\nArrive ten minutes early. Then read [driving](@/guides/driving.md).\n");
    let run = site.run(&["build"]);
    run.ok();
    assert_eq!(
        inode("public/effects/index.html"),
        effects_before,
        "an unchanged page was rewritten"
    );
    assert!(site
        .read("public/guides/arrival/index.html")
        .contains("ten minutes"));
    assert_eq!(site.read("public/CNAME-notes.txt"), "added by hand");
    assert!(run.stderr.contains("kept 1 file"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::new("basic");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
}

#[test]
fn config_typos_are_errors_with_suggestions() {
    let site = Site::new("basic");
    let config = site
        .read("site.toml")
        .replace("theme = \"min\"", "theme = \"min\"\nbase_ulr = \"x\"");
    site.write("site.toml", &config);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("site.toml:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `base_url`?"));
}

#[test]
fn a_page_bundle_is_its_folders_page_with_its_images_beside_it() {
    let site = Site::new("basic");
    site.write(
        "content/guides/parking/index.md",
        "+++\ntitle = \"Parking\"\ndescription = \"A page bundle.\"\n+++\n![The car park entrance](entrance.png)\n\nBack to [arriving](../arrival.md).\n",
    );
    site.write("content/guides/parking/entrance.png", "png");
    let arrival = site.read("content/guides/arrival.md");
    site.write(
        "content/guides/arrival.md",
        &format!("{arrival}\nWhere to [park](@/guides/parking/index.md).\n"),
    );
    site.run(&["build"]).ok();
    let html = site.read("public/guides/parking/index.html");
    assert!(
        html.contains("<img src=\"entrance.png\" alt=\"The car park entrance\""),
        "{html}"
    );
    assert!(html.contains("href=\"../arrival/\""), "{html}");
    assert!(site.file("public/guides/parking/entrance.png").is_file());
    assert!(!site.file("public/guides/parking/index").exists());
    let arrival = site.read("public/guides/arrival/index.html");
    assert!(arrival.contains("href=\"../parking/\""), "{arrival}");
}

#[test]
fn a_bundle_and_a_file_of_the_same_name_are_an_error_naming_both() {
    let site = Site::new("basic");
    site.write(
        "content/guides/driving/index.md",
        "+++\ntitle = \"Getting home\"\ndescription = \"A bundle.\"\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/guides/driving/index.md and content/guides/driving.md are both the page /guides/driving/"
        ),
        "{}",
        run.stderr
    );
}
