//! Tests of [`super`] (privacy).

use super::*;

const OWN: &str = "https://clinic.example/";

fn leaks(html: &str) -> Vec<(Leak, String)> {
    scan_html(html, OWN)
        .into_iter()
        .map(|f| (f.leak, f.what))
        .collect()
}

#[test]
fn forms_frames_and_external_scripts_are_found() {
    let html = "<form action=\"/x\"></form><iframe src=\"/local\"></iframe><script src=\"https://cdn.example/a.js\"></script><script src=\"search.js\"></script><script type=\"application/ld+json\">{}</script>";
    assert_eq!(
        leaks(html),
        [
            (Leak::Form, "<form>".into()),
            (Leak::Frame, "<iframe>".into()),
            (Leak::Script, "https://cdn.example/a.js".into()),
        ]
    );
}

#[test]
fn outbound_links_and_the_sites_own_urls_are_fine() {
    let html = "<a href=\"https://www.fda.gov/x\">FDA</a><link rel=\"canonical\" href=\"https://other.example/\"><link rel=\"stylesheet\" href=\"https://clinic.example/style.css\"><link rel=stylesheet href=style.css>";
    assert!(leaks(html).is_empty(), "{:?}", leaks(html));
}

#[test]
fn external_fonts_and_stylesheets_in_html_and_css() {
    let html = "<link rel=\"preconnect\" href=\"https://fonts.gstatic.com\"><link rel=\"stylesheet\" href=\"//cdn.example/x.css\"><style>@font-face { src: url('https://f.example/a.woff2') }</style><p style=\"background: url(https://img.example/b.png)\">";
    let found: Vec<Leak> = leaks(html).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        found,
        [Leak::Font, Leak::Stylesheet, Leak::Font, Leak::Media]
    );
    let css = "@import \"https://cdn.example/theme.css\";\nbody { background: url(img/local.png) }\n@import url(https://fonts.googleapis.com/css?family=X);";
    let found = scan_css(css, OWN);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].leak, Leak::Stylesheet);
    assert_eq!(found[1].leak, Leak::Font);
    assert!(css[found[1].range.clone()].starts_with("url(https://fonts"));
}

#[test]
fn external_images_are_found_but_local_ones_are_not() {
    let found = leaks("<img src=\"https://t.example/pixel.gif\" alt=\"\"><img src=\"a.png\" srcset=\"b.png 2x, https://x.example/c.png 3x\">");
    assert_eq!(
        found,
        [
            (Leak::Media, "https://t.example/pixel.gif".into()),
            (Leak::Media, "https://x.example/c.png".into())
        ]
    );
}

#[test]
fn character_references_do_not_hide_an_external_url() {
    let html = "<script src=\"&#104;ttps://cdn.example/a.js\"></script>\
                <p style=\"background: url(&quot;https://img.example/b.png&quot;)\">";
    assert_eq!(
        leaks(html),
        [
            (Leak::Script, "https://cdn.example/a.js".into()),
            (Leak::Media, "https://img.example/b.png".into()),
        ]
    );
    let found = scan_html(html, OWN);
    let value = &html[found[1].range.clone()];
    assert!(value.starts_with("background: url(&quot;"), "{value}");
}

#[test]
fn any_cut_of_tricky_markup_scans_without_panicking() {
    let html = "<p style=\"a:url(//é.example/x)\">é</p><style>@import 'https://x.example/é.css'; b{background:url(</style><link rel=stylesheet href=https://f.example/a.woff2><form =\"é\">";
    for (cut, _) in html.char_indices() {
        let _ = scan_html(&html[..cut], OWN);
        let _ = scan_css(&html[cut..], OWN);
    }
}
