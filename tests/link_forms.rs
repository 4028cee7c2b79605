//! Every link form CommonMark allows comes out right after sitegen's rewriting, for a page at
//! `/a/b/`: in the published site (the same relative hrefs under a project path) and in the
//! offline copy. Internal links keep their `?query` and `#fragment`; `mailto:`, `tel:` and
//! other schemes, email autolinks and empty destinations are never rewritten.

mod common;

use common::Site;

/// (markdown, href in the published site, href in the offline copy). Each link's text is
/// `caseN`, N its row.
const FORMS: &[(&str, &str, &str)] = &[
    (
        "[case0](@/safety.md)",
        "../../safety/",
        "../../safety/index.html",
    ),
    (
        "[case1](@/safety.md#screening)",
        "../../safety/#screening",
        "../../safety/index.html#screening",
    ),
    (
        "[case2](@/safety.md?utm_source=newsletter)",
        "../../safety/?utm_source=newsletter",
        "../../safety/index.html?utm_source=newsletter",
    ),
    (
        "[case3](@/safety.md?utm_source=mail#screening)",
        "../../safety/?utm_source=mail#screening",
        "../../safety/index.html?utm_source=mail#screening",
    ),
    (
        "[case4](../safety.md?from=home)",
        "../../safety/?from=home",
        "../../safety/index.html?from=home",
    ),
    (
        "[case5](@#can-i-drive-home)",
        "../../guides/driving/#can-i-drive-home",
        "../../guides/driving/index.html#can-i-drive-home",
    ),
    ("[case6](#intro)", "#intro", "#intro"),
    (
        "<care@example-clinic.org> [case7](mailto:care@example-clinic.org)",
        "mailto:care@example-clinic.org",
        "mailto:care@example-clinic.org",
    ),
    ("[case8](tel:+15550100)", "tel:+15550100", "tel:+15550100"),
    (
        "[case9](https://example.org/x?y=1&amp;z=2#top)",
        "https://example.org/x?y=1&amp;z=2#top",
        "https://example.org/x?y=1&amp;z=2#top",
    ),
    ("[case10]()", "", ""),
    ("[case11](<>)", "", ""),
    (
        "[case12][safety]",
        "../../safety/",
        "../../safety/index.html",
    ),
    (
        "[case13](<my leaflet.pdf> \"The leaflet\")",
        "../my%20leaflet.pdf",
        "../my%20leaflet.pdf",
    ),
    (
        "[case14](caf%C3%A9.pdf)",
        "../caf%C3%A9.pdf",
        "../caf%C3%A9.pdf",
    ),
    (
        "[case15](@/safety.md \"About safety\")",
        "../../safety/",
        "../../safety/index.html",
    ),
    (
        "<a href=\"../../safety/#screening\">case16</a>",
        "../../safety/#screening",
        "../../safety/#screening",
    ),
    ("[case17](@/_index.md)", "../../", "../../index.html"),
];

/// A copy of the `basic` fixture with `content/a/b.md` holding every form, and the files it
/// links to beside it.
fn site_with_every_form() -> Site {
    let site = Site::new("basic");
    let mut body =
        String::from("+++\ntitle = \"B\"\ndescription = \"Every link form.\"\n+++\n## Intro\n\n");
    for (markdown, _, _) in FORMS {
        body.push_str(markdown);
        body.push_str("\n\n");
    }
    body.push_str(
        "Email the team at <care@example-clinic.org>.\n\n[safety]: @/safety.md \"Safety\"\n",
    );
    site.write("content/a/b.md", &body);
    site.write(
        "content/a/_index.md",
        "+++\ntitle = \"A\"\ndescription = \"A section.\"\n+++\n[B](@/a/b.md)\n",
    );
    site.write("content/a/my leaflet.pdf", "%PDF-1.4\n");
    site.write("content/a/café.pdf", "%PDF-1.4\n");
    site
}

/// The `href` of the link whose text is `text` (`None` if there is no such link).
fn href_of<'a>(html: &'a str, text: &str) -> Option<&'a str> {
    let end = html.find(&format!(">{text}</a>"))?;
    let start = html[..end].rfind("<a ")?;
    let tag = &html[start..end];
    let value = tag.split_once("href=\"")?.1;
    Some(&value[..value.find('"')?])
}

#[test]
fn every_link_form_is_written_as_commonmark_says_after_rewriting() {
    let site = site_with_every_form();
    site.run(&["build"]).ok();
    site.run(&["build", "--offline", "--output", "offline"])
        .ok();
    let published = site.read("public/a/b/index.html");
    let offline = site.read("offline/a/b/index.html");
    for (row, (markdown, online_href, offline_href)) in FORMS.iter().enumerate() {
        let text = format!("case{row}");
        assert_eq!(
            href_of(&published, &text),
            Some(*online_href),
            "{markdown} in the published site"
        );
        assert_eq!(
            href_of(&offline, &text),
            Some(*offline_href),
            "{markdown} in the offline copy"
        );
    }
    assert!(
        published
            .contains("<a href=\"mailto:care@example-clinic.org\">care@example-clinic.org</a>"),
        "an email autolink is a mailto: link: {published}"
    );
    assert!(published.contains("title=\"The leaflet\""));
    assert!(published.contains("title=\"About safety\""));
}

#[test]
fn a_project_path_keeps_the_same_relative_hrefs() {
    let site = site_with_every_form();
    site.run(&["build", "--base-url", "https://org.github.io/elsewhere/"])
        .ok();
    let html = site.read("public/a/b/index.html");
    for (row, (markdown, online_href, _)) in FORMS.iter().enumerate() {
        assert_eq!(
            href_of(&html, &format!("case{row}")),
            Some(*online_href),
            "{markdown} under a project path"
        );
    }
}

#[test]
fn a_query_string_on_a_link_to_a_missing_page_or_heading_is_still_checked() {
    let site = site_with_every_form();
    let text = site.read("content/a/b.md").replace(
        "[case2](@/safety.md?utm_source=newsletter)",
        "[case2](@/saftey.md?utm_source=newsletter) [x](@/safety.md?a=1#nowhere)",
    );
    site.write("content/a/b.md", &text);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("broken link: no page at `@/saftey.md`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`content/safety.md` has no heading with the id `nowhere`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_link_check_decodes_what_a_browser_decodes_and_checks_fragments_after_a_query() {
    let site = site_with_every_form();
    let text = site.read("content/a/b.md");
    site.write(
        "content/a/b.md",
        &format!(
            "{text}\n<a href=\"../caf&eacute;.pdf\">decoded</a> <a href=\"../caf%C3%A9.pdf?download=1\">encoded</a>\n"
        ),
    );
    site.run(&["build"]).ok();
    site.write(
        "content/a/b.md",
        &format!("{text}\n<a href=\"../../safety/?from=b#nowhere\">gone</a>\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("has no element with id `nowhere`"),
        "{}",
        run.stderr
    );
}
