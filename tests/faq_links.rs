//! Questions and cross-links as data: question ids, the FAQ hub, `@/` and `@#` links,
//! backlinks, related questions, orphans, JSON-LD, and the check of every link in the output.

mod common;

use common::Site;

fn jsonld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("json-ld script")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("valid JSON-LD")
}

fn node<'a>(graph: &'a serde_json::Value, kind: &str) -> Option<&'a serde_json::Value> {
    graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == kind)
}

#[test]
fn the_hub_lists_every_question_with_its_anchor_and_first_sentence() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let hub = site.read("public/faq/index.html");
    assert!(hub.contains("<p class=\"count\">4</p>"), "{hub}");
    for href in [
        "../safety/#is-it-addictive",
        "../safety/#awake",
        "../effects/#how-long-does-it-last",
        "../guides/driving/#can-i-drive-home",
    ] {
        assert!(
            hub.contains(&format!("href=\"{href}\"")),
            "hub lacks {href}"
        );
    }
    assert!(
        hub.contains("<span>About an hour.</span>"),
        "first sentence only"
    );
    assert_eq!(hub.matches("<li><a href=").count(), 4);
}

#[test]
fn every_page_has_one_json_ld_graph_with_exactly_its_visible_questions() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let html = site.read("public/safety/index.html");
    assert_eq!(html.matches("application/ld+json").count(), 1);
    let graph = jsonld(&html);
    let page = node(&graph, "MedicalWebPage").unwrap();
    assert_eq!(page["url"], "https://org.github.io/clinic-site/safety/");
    assert_eq!(page["lastReviewed"], "2026-01-10");
    assert_eq!(page["reviewedBy"]["name"], "Dr. Test");
    assert_eq!(page["medicalAudience"]["audienceType"], "Patient");
    assert_eq!(page["about"]["name"], "Ketamine therapy");
    let faq = node(&graph, "FAQPage").unwrap();
    let names: Vec<&str> = faq["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Is it addictive?", "Will I be awake?"]);
    assert_eq!(
        faq["mainEntity"][1]["acceptedAnswer"]["text"],
        "Yes, you stay awake. It is scary calm."
    );
    for name in names {
        assert!(html.contains(&format!("{name}</h3>")), "{name} not visible");
    }
    let crumbs = node(&graph, "BreadcrumbList").unwrap();
    assert_eq!(
        crumbs["itemListElement"][0]["item"],
        "https://org.github.io/clinic-site/"
    );
    assert_eq!(
        node(&graph, "MedicalClinic").unwrap()["telephone"],
        "+1 555 0100"
    );
    assert!(
        node(&jsonld(&site.read("public/faq/index.html")), "FAQPage").is_none(),
        "the hub repeats no answers"
    );
}

#[test]
fn script_end_tags_in_content_cannot_break_out_of_json_ld() {
    let site = Site::new("basic");
    site.write("content/effects.md", "+++\ntitle = \"Effects </script><script>alert(1)</script>\"\ndescription = \"d\"\n+++\n## Is `</script>` safe?\n\nText </script> here.\n");
    site.write(
        "content/safety.md",
        "+++\ntitle = \"Safety\"\ndescription = \"d\"\n+++\nSafe.\n",
    );
    site.run(&["build"]).ok();
    let html = site.read("public/effects/index.html");
    let script = &html[html.find("application/ld+json").unwrap()..];
    let body = &script[..script.find("</script>").unwrap()];
    assert!(body.contains("\\u003c/script\\u003e"), "{body}");
    let graph = jsonld(&html);
    assert_eq!(
        node(&graph, "FAQPage").unwrap()["mainEntity"][0]["name"],
        "Is </script> safe?"
    );
}

#[test]
fn backlinks_and_related_questions_are_shown() {
    let site = Site::new("basic");
    site.run(&["build"]).ok();
    let safety = site.read("public/safety/index.html");
    let backlinks = &safety[safety.find("class=\"backlinks\"").unwrap()..];
    assert!(backlinks.contains("href=\"../\""), "home links to safety");
    assert!(
        backlinks.contains(">Effects<"),
        "effects links to a question on safety"
    );
    let related = &safety[safety.find("class=\"related\"").unwrap()..];
    assert!(related.contains("href=\"../effects/\""));
    assert!(related.contains("href=\"../guides/driving/#can-i-drive-home\""));
    // Under the answer that links to the driving question, that question is listed as related.
    let answer = &safety
        [safety.find("id=\"is-it-addictive\"").unwrap()..safety.find("id=\"awake\"").unwrap()];
    assert!(answer.contains("class=\"related-questions\""), "{answer}");
    assert!(answer.contains("Can I drive home?"));
}

#[test]
fn a_template_that_names_a_questions_related_questions_lists_them() {
    let site = Site::new("basic");
    site.write(
        "templates/page.html",
        "{{ page.content | safe }}{% for q in page.questions %}<section class=\"q-{{ q.id }}\">{% for r in q.related %}\
         <a href=\"{{ r.href }}\">{{ r.title }}</a>{% endfor %}</section>{% endfor %}",
    );
    site.run(&["build"]).ok();
    let safety = site.read("public/safety/index.html");
    let addictive = &safety[safety.find("class=\"q-is-it-addictive\"").unwrap()..];
    let addictive = &addictive[..addictive.find("</section>").unwrap()];
    assert!(
        addictive.contains("<a href=\"../guides/driving/#can-i-drive-home\">Can I drive home?</a>"),
        "{safety}"
    );
}

#[test]
fn a_question_can_move_pages_without_breaking_links_to_it() {
    let site = Site::new("basic");
    site.write("content/guides/driving.md", "+++\ntitle = \"Driving\"\ndescription = \"d\"\nweight = 2\n+++\nSee [safety](@/safety.md).\n");
    let effects = site.read("content/effects.md") + "\n### Can I drive home?\n\nNo.\n";
    site.write("content/effects.md", &effects);
    site.run(&["build"]).ok();
    assert!(site
        .read("public/safety/index.html")
        .contains("href=\"../effects/#can-i-drive-home\""));
}

#[test]
fn broken_links_fail_with_file_line_and_a_suggestion() {
    let site = Site::new("basic");
    site.write("content/effects.md", "+++\ntitle = \"Effects\"\ndescription = \"d\"\n+++\nOne [bad page](@/saftey.md).\n\nTwo [bad anchor](@/safety.md#screning) and [bad question](@#is-it-adictive).\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(err.contains("content/effects.md:5:5"), "{err}");
    assert!(err.contains("did you mean `@/safety.md`?"), "{err}");
    assert!(err.contains("content/effects.md:7:5"), "{err}");
    assert!(err.contains("did you mean `screening`?"), "{err}");
    assert!(err.contains("did you mean `is-it-addictive`?"), "{err}");
    // Rewriting effects.md also removed the heading safety.md links to: reported in the same run.
    assert!(err.contains("content/safety.md:23:"), "{err}");
    assert!(err.contains("4 errors"), "{err}");
}

#[test]
fn a_duplicate_question_fails_naming_both_places() {
    let site = Site::new("basic");
    let effects = site.read("content/effects.md") + "\n### Is it addictive?\n\nNo.\n";
    site.write("content/effects.md", &effects);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the question id `is-it-addictive` is already used"),
        "{}",
        run.stderr
    );
    // effects.md comes first, so the question on safety.md is the duplicate; both places are named.
    assert!(
        run.stderr.contains("content/safety.md:21:1")
            && run
                .stderr
                .contains("content/effects.md:17 asks \"Is it addictive?\""),
        "{}",
        run.stderr
    );
}

#[test]
fn links_written_by_templates_are_checked_too() {
    let site = Site::new("basic");
    let base = site.read("themes/min/templates/base.html").replace(
        "<main>",
        "<a href=\"{{ root }}contact/\">Contact</a><a href=\"#top\">Top</a><main>",
    );
    site.write("themes/min/templates/base.html", &base);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`../contact/` leads to `contact/index.html`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("has no element with id `top`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("or by its template themes/min/templates/page.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn orphans_are_listed_as_warnings() {
    let site = Site::new("basic");
    site.write(
        "content/lonely.md",
        "+++\ntitle = \"Lonely\"\ndescription = \"d\"\n+++\n## Does anyone link here?\n\nNo.\n",
    );
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stderr.contains("content/lonely.md:1:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no other page links to this page"));
    assert!(run
        .stderr
        .contains("no page links to the question \"Does anyone link here?\""));
    assert!(run.stdout.contains("warnings"), "{}", run.stdout);
}

#[test]
fn questions_can_be_switched_off_per_page() {
    let site = Site::new("basic");
    let effects = site
        .read("content/effects.md")
        .replace("tags = [\"safety\"]", "tags = [\"safety\"]\nfaq = false");
    site.write("content/effects.md", &effects);
    let run = site.run(&["build"]);
    run.ok();
    assert!(run.stdout.contains("(3 questions)"), "{}", run.stdout);
}

#[test]
fn a_renamed_question_keeps_its_old_ids_for_links_and_the_question_map() {
    let site = Site::new("basic");
    let safety = site.read("content/safety.md").replace(
        "### Is it addictive?",
        "### Is it addictive? {#is-it-addictive was=addiction was=habit-forming}",
    );
    site.write("content/safety.md", &safety);
    let effects = site
        .read("content/effects.md")
        .replace("@#is-it-addictive", "@#addiction");
    site.write("content/effects.md", &effects);
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stderr
            .contains("`@#addiction` is an old id of \"Is it addictive?\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("update it to @#is-it-addictive"));
    let html = site.read("public/effects/index.html");
    assert!(
        html.contains("href=\"../safety/#is-it-addictive\""),
        "{html}"
    );
    let safety = site.read("public/safety/index.html");
    assert!(
        !safety.contains("was="),
        "old ids are not HTML attributes: {safety}"
    );
    let map = site.read("public/anchors/h.js");
    assert!(
        map.contains("\"habit-forming\":\"safety/#is-it-addictive\""),
        "{map}"
    );
    let map = site.read("public/anchors/a.js");
    assert!(
        map.contains("\"addiction\":\"safety/#is-it-addictive\""),
        "{map}"
    );
}

#[test]
fn an_old_id_that_is_another_questions_id_is_an_error_naming_both() {
    let site = Site::new("basic");
    let safety = site.read("content/safety.md").replace(
        "### Is it addictive?",
        "### Is it addictive? {#is-it-addictive was=how-long-does-it-last}",
    );
    site.write("content/safety.md", &safety);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "the old id `how-long-does-it-last` of \"Is it addictive?\" is the id of \"How long does it last?\""
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/effects.md:"), "{}", run.stderr);
}
