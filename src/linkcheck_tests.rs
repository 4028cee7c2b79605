//! Tests of [`super`] (linkcheck).

use super::*;

#[test]
fn scans_ids_and_links_but_not_scripts() {
    let s = scan("<h2 id=\"a\">x</h2><a class='b' href='../x/#y'>x</a><script>var h='<a href=\"no\">';</script><img src=p.png alt=\"\">");
    assert!(s.ids.contains("a"));
    assert_eq!(s.links.iter().collect::<Vec<_>>(), ["../x/#y", "p.png"]);
}

#[test]
fn scans_attributes_in_any_spelling_once_each() {
    let s = scan(
        "<A HREF = \"x/#a\" ID=top data-x='y>z'><img src=p.png alt=x>\n<p \"odd\" id='q&amp;a'>\
         <a href=\"x/#a\">again</a><style>a{background:url(<a href=no>)}</style><!-- <x> -->\
         <a href='x/#b'",
    );
    assert_eq!(
        s.links.iter().collect::<Vec<_>>(),
        ["x/#a", "p.png", "x/#b"]
    );
    assert_eq!(s.ids.iter().collect::<Vec<_>>(), ["q&a", "top"]);
    assert!(s.ids.contains("top") && s.ids.contains("q&a"));
    assert!(!s.ids.contains("to") && !s.ids.contains("") && !s.ids.contains("zz"));
}

#[test]
fn links_in_comments_are_skipped_and_character_references_decoded() {
    let s =
        scan("<!-- <a href=old/> --><a href=\"a&#47;b/?x=1&amp;y=2#c&ouml;\"><b id=&quot;q&quot;>");
    assert_eq!(s.links.to_vec(), ["a/b/?x=1&y=2#c\u{F6}"]);
    assert_eq!(s.ids.iter().collect::<Vec<_>>(), ["\"q\""]);
}

#[test]
fn resolves_relative_absolute_and_fragment_links() {
    assert_eq!(
        resolve("effects/index.html", "../safety/#r", "/"),
        Some(("safety/index.html".into(), "r".into()))
    );
    assert_eq!(
        resolve("effects/index.html", "#q", "/"),
        Some(("effects/index.html".into(), "q".into()))
    );
    assert_eq!(
        resolve("404.html", "/clinic-site/safety/", "/clinic-site/"),
        Some(("safety/index.html".into(), "".into()))
    );
    assert_eq!(resolve("404.html", "/elsewhere/", "/clinic-site/"), None);
    assert_eq!(resolve("index.html", "../up", "/"), None);
    assert_eq!(
        resolve("a/b/c/index.html", "../../x/./y/..?q=1#f%20g", "/"),
        Some(("a/x/index.html".into(), "f g".into()))
    );
    assert_eq!(
        resolve("a/index.html", "./my%20file.pdf", "/"),
        Some(("a/my file.pdf".into(), "".into()))
    );
    assert_eq!(resolve("a/b/index.html", "../../../x/", "/"), None);
    assert_eq!(
        resolve("a/index.html", "../index.html", "/"),
        Some(("index.html".into(), "".into()))
    );
}

#[test]
fn percent_escapes_in_paths_and_fragments_are_decoded_as_utf8() {
    assert_eq!(
        resolve("a/index.html", "caf%C3%A9.pdf#%E2%9C%93", "/"),
        Some(("a/caf\u{E9}.pdf".into(), "\u{2713}".into()))
    );
    assert_eq!(
        resolve("a/index.html", "100%25%zz%+1%", "/"),
        Some(("a/100%%zz%+1%".into(), "".into()))
    );
    assert_eq!(
        resolve("index.html", "#%FF", "/"),
        Some(("index.html".into(), "\u{FFFD}".into()))
    );
}

#[test]
fn reports_missing_files_and_fragments() {
    let page = |path: &str, html: &str| OutputFile {
        path: path.into(),
        body: Body::Bytes(html.into()),
        origin: format!("content/{path}").into(),
    };
    let files = vec![
        page("index.html", "<a href=\"safety/#risks\">s</a><a href=\"missing/\">m</a><a href=\"https://x.org/\">x</a>"),
        page("safety/index.html", "<h2 id=\"risk\">Risk</h2><a href=\"../#top\">home</a>"),
    ];
    let problems = check(&files, "/");
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(problems.len(), 3, "{messages:?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("has no element with id `risks`")));
    assert!(messages.iter().any(|m| m.contains("`missing/`")));
    assert!(messages.iter().any(|m| m.contains("id `top`")));
}
