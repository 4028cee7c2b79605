//! sitegen's markdown is pulldown-cmark's, changed only where README says so on purpose
//! (heading ids, questions, care cards, scrolling tables, column alignment as classes; smart
//! punctuation is on): every
//! other construct renders exactly as plain pulldown-cmark renders it with the same options.

use pulldown_cmark::{html, Parser};
use sitegen::markdown;

/// Plain pulldown-cmark with the extensions sitegen turns on.
fn plain(source: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(source, markdown::options()));
    out
}

/// sitegen's HTML of `source`, links left as written.
fn sitegen(source: &str) -> String {
    let doc = markdown::parse(source.to_string(), 0, true);
    markdown::render(
        &doc,
        &|_, _| None,
        &|_| None,
        false,
        &markdown::care_cards::CardText::plain(),
    )
    .html
}

/// Constructs sitegen does not change: each must render byte for byte as pulldown-cmark does.
const UNCHANGED: &[&str] = &[
    "Plain *emphasis*, **strong**, ***both***, `code` and ~~struck~~ text.\n",
    "A line  \nwith a hard break and a soft\nbreak.\n",
    "\"Quotes\", 'single', it's, -- and --- and ...\n",
    "> A quote\n> over lines.\n>\n> > nested\n",
    "- one\n- two\n  - nested\n\n1. first\n2. second\n\n3) third\n",
    "- loose\n\n- list\n",
    "```rust\nfn main() {}\n```\n\n    indented code\n",
    "***\n\n---\n\n___\n",
    "Links: [inline](https://example.org \"title\"), <https://example.org/a?b=1>, [ref][r], [collapsed][], [r].\n\n[r]: https://example.org/ref 'ref title'\n[collapsed]: /x\n",
    "Email: <care@example-clinic.org> and [mail](mailto:care@example-clinic.org).\n",
    "Empty: [a]() [b](<>) and [spaced](<a b.pdf>).\n",
    "![alt *text*](photo.png \"A photo\") and ![](empty.png)\n",
    "<div class=\"x\">\nraw *block*\n</div>\n\nInline <span>raw</span> and <!-- a comment -->.\n",
    "Entities &amp; &copy; &#35; &#x22; and escapes \\* \\_ \\[.\n",
    "Text with a footnote.[^n]\n\n[^n]: The note.\n",
    "http://not-autolinked.example.org stays text.\n",
];

#[test]
fn everything_sitegen_does_not_change_renders_as_plain_pulldown_cmark() {
    for source in UNCHANGED {
        assert_eq!(sitegen(source), plain(source), "{source}");
    }
}

#[test]
fn headings_get_ids_and_questions_a_class_and_nothing_else_changes() {
    let source = "# Title\n\nSetext\n------\n\n## Can I drive? {#driving}\n\nNo.\n";
    let ours = sitegen(source);
    assert!(ours.contains("<h1 id=\"title\">Title</h1>"), "{ours}");
    assert!(ours.contains("<h2 id=\"setext\">Setext</h2>"), "{ours}");
    assert!(
        ours.contains("<h2 id=\"driving\" class=\"question\">Can I drive?</h2>"),
        "{ours}"
    );
    let without_ids = ours
        .replace(" id=\"title\"", "")
        .replace(" id=\"setext\"", "")
        .replace(" class=\"question\"", "");
    assert_eq!(without_ids, plain(source));
}

#[test]
fn tables_scroll_in_a_named_box_and_are_otherwise_unchanged() {
    let source = "## Doses\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let ours = sitegen(source);
    let unwrapped = ours
        .replace(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Doses\">\n",
            "",
        )
        .replace("</table>\n</div>\n", "</table>\n")
        .replace(" id=\"doses\"", "");
    assert_eq!(unwrapped, plain(source));
}

#[test]
fn aligned_columns_are_classes_the_theme_styles_never_style_attributes() {
    // A Content-Security-Policy of `style-src 'self'` (the clinic theme's) blocks style
    // attributes: pulldown-cmark's `style="text-align: right"` would leave the column
    // left-aligned in the browser.
    let source = "| Item | Price | Note |\n|:--|--:|:-:|\n| Consultation | $250 | once |\n| Session | $550 | |\n";
    let ours = sitegen(source);
    assert!(!ours.contains("style="), "{ours}");
    assert!(
        ours.contains(
            "<thead><tr><th class=\"align-left\">Item</th><th class=\"align-right\">Price</th><th class=\"align-center\">Note</th></tr></thead>"
        ),
        "{ours}"
    );
    assert!(
        ours.contains("<tr><td class=\"align-left\">Session</td><td class=\"align-right\">$550</td><td class=\"align-center\"></td></tr>"),
        "{ours}"
    );
    // Otherwise as pulldown-cmark writes it.
    let restyled = ours
        .replace("class=\"align-left\"", "style=\"text-align: left\"")
        .replace("class=\"align-right\"", "style=\"text-align: right\"")
        .replace("class=\"align-center\"", "style=\"text-align: center\"");
    let unwrapped = restyled
        .replace(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n",
            "",
        )
        .replace("</table>\n</div>\n", "</table>\n");
    assert_eq!(unwrapped, plain(source));
}

#[test]
fn the_theme_styles_each_alignment_class_above_its_own_left_default() {
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic/static/style.css"),
    )
    .unwrap();
    for (class, align) in [("left", "left"), ("center", "center"), ("right", "right")] {
        // `.prose .align-right` outranks `.prose td { text-align: left }`.
        let rule = format!(".prose .align-{class} {{ text-align: {align}; }}");
        assert!(css.contains(&rule), "style.css lacks {rule}");
    }
}

#[test]
fn alerts_become_care_cards_with_their_content_unchanged() {
    let source = "> [!WARNING]\n> - a *fever*\n";
    let ours = sitegen(source);
    assert!(ours.contains("<section class=\"care-card care-card-urgent\""));
    assert!(ours.contains("<ul>\n<li>a <em>fever</em></li>\n</ul>\n"));
    assert!(!ours.contains("blockquote"));
}
