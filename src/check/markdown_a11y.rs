//! Accessibility of what editors write in markdown (the theme's own markup is checked in the
//! browser tests):
//!
//! - an image without alt text (error): a screen reader says only "image";
//! - a link without text (error): it is announced as just "link";
//! - a heading level skipped (error): the theme prints the page title as the only `<h1>`, so
//!   the body starts at `##`, and `##` -> `####` hides a level from people navigating by
//!   headings; a `#` heading in the body is a second `<h1>` (error);
//! - link text that means nothing out of context, such as "click here", or a bare URL that
//!   a screen reader spells out (warnings).

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::LinkRef;

/// Link texts that say nothing about where the link goes (compared in lowercase, without
/// closing punctuation).
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "click",
    "here",
    "click this",
    "this",
    "this page",
    "this link",
    "link",
    "read more",
    "more",
    "learn more",
    "find out more",
    "more info",
    "more information",
    "see more",
    "go",
];

/// Every accessibility finding in a page's markdown.
pub(crate) fn check(page: &Page) -> Vec<Diagnostic> {
    let mut out = heading_findings(page);
    let links = &page.doc.links;
    for (i, link) in links.iter().enumerate() {
        if link.is_image {
            if !link.has_text {
                out.push(
                    at_link(Diagnostic::error(&page.source, "image has no alt text"), page, link)
                        .help("describe what the image shows between the brackets: ![A nurse checking blood pressure](photo.jpg)"),
                );
            }
            continue;
        }
        let wraps_image = links
            .get(i + 1)
            .is_some_and(|next| next.is_image && next.has_text && next.line == link.line);
        if !link.has_text && !wraps_image {
            out.push(
                at_link(Diagnostic::error(&page.source, "link has no text"), page, link).help(
                    "write what the link leads to between the brackets: [our safety page](@/safety.md)",
                ),
            );
            continue;
        }
        let text = link.text.trim();
        let normal = text
            .trim_end_matches(['.', ',', ':', '!', '\u{2026}'])
            .trim()
            .to_lowercase();
        if VAGUE_LINK_TEXT.contains(&normal.as_str()) {
            out.push(
                at_link(
                    Diagnostic::warning(
                        &page.source,
                        format!("link text \"{text}\" does not say where it goes"),
                    ),
                    page,
                    link,
                )
                .help("use words that make sense on their own, such as [side effects of ketamine](@/side-effects.md)"),
            );
        } else if is_bare_url(&normal) {
            out.push(
                at_link(
                    Diagnostic::warning(&page.source, "link text is a bare URL"),
                    page,
                    link,
                )
                .help("screen readers spell URLs out; name the page instead: [988 Lifeline](https://988lifeline.org/)"),
            );
        }
    }
    out
}

fn is_bare_url(text: &str) -> bool {
    ["http://", "https://", "www."]
        .iter()
        .any(|p| text.starts_with(p))
}

fn at_link(d: Diagnostic, page: &Page, link: &LinkRef) -> Diagnostic {
    let width = if link.is_image { 2 } else { 1 };
    d.at(link.line, link.column)
        .with_snippet(page.doc.source_line(link.line).to_string(), width)
}

/// A second `<h1>`, and each heading more than one level below the one before it.
fn heading_findings(page: &Page) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous = 1;
    for heading in &page.doc.headings {
        if heading.level == 1 {
            out.push(
                Diagnostic::error(
                    &page.source,
                    format!("`# {}` makes a second top-level heading", heading.text),
                )
                .at(heading.line, 1)
                .help("the page title is the only level-1 heading; start sections with `##`"),
            );
        } else if heading.level > previous + 1 {
            out.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "heading level skipped: level {} after level {previous}{}",
                        heading.level,
                        if previous == 1 {
                            " (the page title)"
                        } else {
                            ""
                        }
                    ),
                )
                .at(heading.line, 1)
                .help(format!(
                    "use `{}` here, so people who move by headings do not miss a level",
                    "#".repeat(previous as usize + 1)
                )),
            );
        }
        previous = heading.level;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        let text = format!("+++\ntitle = \"T\"\ndescription = \"D\"\n+++\n{body}");
        Page::from_text(std::path::Path::new("content/a.md"), "a.md", text, None).unwrap()
    }

    fn messages(body: &str) -> Vec<(bool, usize, String)> {
        check(&page(body))
            .into_iter()
            .map(|d| (d.is_error(), d.line.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn image_without_alt_is_an_error_at_its_line_and_column() {
        let findings = check(&page("Text.\n\nSee ![](a.png) and ![A room](b.png)\n"));
        assert_eq!(findings.len(), 1);
        assert!(findings[0].is_error());
        assert_eq!(findings[0].location(), "content/a.md:7:5");
        assert_eq!(findings[0].message, "image has no alt text");
    }

    #[test]
    fn vague_empty_and_url_link_texts() {
        let m = messages("[Click here](@/b.md). [](@/c.md) <https://example.org> [our safety page](@/s.md) [![Logo](l.png)](@/)\n");
        assert_eq!(m.len(), 3, "{m:?}");
        assert_eq!(
            m[0],
            (
                false,
                5,
                "link text \"Click here\" does not say where it goes".to_string()
            )
        );
        assert_eq!(m[1], (true, 5, "link has no text".to_string()));
        assert_eq!(m[2], (false, 5, "link text is a bare URL".to_string()));
    }

    #[test]
    fn skipped_heading_levels_and_a_second_h1() {
        let m = messages("### Too deep\n\n## Fine\n\n### Fine\n\n##### Skip\n\n# Second title\n");
        let found: Vec<(usize, &str)> = m.iter().map(|(_, l, msg)| (*l, msg.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    5,
                    "heading level skipped: level 3 after level 1 (the page title)"
                ),
                (11, "heading level skipped: level 5 after level 3"),
                (13, "`# Second title` makes a second top-level heading"),
            ]
        );
        assert!(messages("## A\n\n### B\n\n## C\n\n### D\n").is_empty());
    }
}
