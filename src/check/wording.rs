//! Wording a clinician must see: absolute claims, and mental-health pages without the crisis
//! box.
//!
//! **Absolute claims** ("cure", "guaranteed", "risk-free", "100% safe" ...; see
//! the [`Lexicon`] of the page's language) are warnings at `file:line:column`, found as whole words in the
//! visible prose (not code). Negated forms ("not a cure") are flagged too: a reviewer decides
//! whether the sentence is fair.
//!
//! **A mental-health page** is one whose title or prose mentions any of
//! its `mental_health_terms` (depression, anxiety, PTSD, suicide, mental health ...), except in
//! its `not_mental_health` phrases such as "respiratory depression", a side effect of
//! anaesthesia. Such a page must set `mental_health = true`, which makes the theme show the
//! crisis box (988 / 911); without it, that is an error at the first mention. When the site
//! is built, each page with `mental_health = true` must also carry the box in its HTML: an
//! element whose `class` includes [`CRISIS_CLASS`], as `partials/crisis.html` writes it. A
//! theme that drops the partial is an error on every such page.

use std::ops::Range;

use super::lexicon::Lexicon;
use super::page_source::PageSource;
use super::phrases::{self, FoundPhrase};
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::html::Tags;

/// The class of the theme's crisis box (`<aside class="crisis">` in `partials/crisis.html`).
pub(crate) const CRISIS_CLASS: &str = "crisis";

/// Every absolute claim in the page's prose, as a warning.
pub(crate) fn claims(page: &Page, source: &PageSource, words: &Lexicon) -> Vec<Diagnostic> {
    source
        .prose()
        .into_iter()
        .flat_map(|run| found_in(source, run, words.absolute_claims))
        .map(|found| {
            let said = source.text[found.range.clone()].to_string();
            source
                .locate(
                    Diagnostic::warning(
                        &page.source,
                        format!("absolute claim \"{said}\" needs clinical review"),
                    ),
                    found.range,
                )
                .help("no treatment is certain; a clinician should confirm the wording, e.g. \"may help\" or \"for many people\"")
        })
        .collect()
}

/// Where the page first mentions a mental-health term, and which term.
pub(crate) fn first_mental_health_mention(
    source: &PageSource,
    words: &Lexicon,
) -> Option<FoundPhrase<'static>> {
    source.prose().into_iter().find_map(|run| {
        let excluded = found_in(source, run.clone(), words.not_mental_health);
        found_in(source, run, words.mental_health_terms)
            .into_iter()
            .find(|f| !excluded.iter().any(|x| overlaps(&x.range, &f.range)))
    })
}

/// An error when the page talks about mental health but does not ask for the crisis box.
pub(crate) fn crisis_flag(page: &Page, source: &PageSource, words: &Lexicon) -> Option<Diagnostic> {
    if page.meta.mental_health {
        return None;
    }
    let mention = first_mental_health_mention(source, words)?;
    let said = source.text[mention.range.clone()].to_string();
    Some(
        source
            .locate(
                Diagnostic::error(
                    &page.source,
                    format!("page mentions \"{said}\" but shows no crisis box"),
                ),
                mention.range,
            )
            .help("add `mental_health = true` to the front matter, so the page shows where to get help now (988 / 911)"),
    )
}

/// An error when a page with `mental_health = true` was rendered without the crisis box.
pub(crate) fn crisis_box_missing(page: &Page, output_path: &str, html: &str) -> Option<Diagnostic> {
    if !page.meta.mental_health || has_crisis_box(html) {
        return None;
    }
    Some(
        page.meta.place_at_key(
            Diagnostic::error(
                &page.source,
                format!("the crisis box is missing from the built page {output_path}"),
            ),
            "mental_health",
            &page.doc,
        )
        .help(format!(
            "the page's template must include \"partials/crisis.html\" (an element with class=\"{CRISIS_CLASS}\")"
        )),
    )
}

/// Whether the HTML has an element whose `class` includes [`CRISIS_CLASS`].
pub(crate) fn has_crisis_box(html: &str) -> bool {
    has_class(html, CRISIS_CLASS)
}

/// The class of the element holding the medical disclaimer every built page must show.
pub(crate) const DISCLAIMER_CLASS: &str = "disclaimer";

/// An error when a page was rendered without the medical disclaimer.
pub(crate) fn disclaimer_missing(page: &Page, output_path: &str, html: &str) -> Option<Diagnostic> {
    if has_class(html, DISCLAIMER_CLASS) {
        return None;
    }
    Some(
        Diagnostic::error(
            &page.source,
            format!("the medical disclaimer is missing from the built page {output_path}"),
        )
        .at(page.meta.line, 1)
        .help(format!(
            "every page's template must show the disclaimer (an element with class=\"{DISCLAIMER_CLASS}\"), as the clinic theme's footer does"
        )),
    )
}

/// Whether the HTML has an element whose `class` list includes `class`.
fn has_class(html: &str, class: &str) -> bool {
    let mut tags = Tags::new(html.as_bytes());
    while let Some(tag) = tags.next_tag() {
        if tag
            .value("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
        {
            return true;
        }
    }
    false
}

fn found_in(
    source: &PageSource,
    run: Range<usize>,
    list: &[&'static str],
) -> Vec<FoundPhrase<'static>> {
    phrases::find(&source.text[run.clone()], list)
        .into_iter()
        .map(|f| FoundPhrase {
            phrase: f.phrase,
            range: f.range.start + run.start..f.range.end + run.start,
        })
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn page(front: &str, body: &str) -> Page {
        let text = format!("+++\ntitle = \"T\"\ndescription = \"D\"\n{front}+++\n{body}");
        let file = Path::new("content/a.md");
        Page::from_text(file, "a.md", text, None).unwrap()
    }

    #[test]
    fn absolute_claims_are_warnings_with_line_and_column() {
        let p = page(
            "",
            "Our care is secure.\n\nKetamine is *not* a cure. It is\nrisk-free.\n\n```\ncure\n```\n",
        );
        let s = PageSource::of(&p);
        let found = claims(&p, &s, &crate::check::lexicon::ENGLISH);
        let places: Vec<(String, String)> = found
            .iter()
            .map(|d| (d.location(), d.message.clone()))
            .collect();
        assert_eq!(
            places,
            [
                (
                    "content/a.md:7:21".to_string(),
                    "absolute claim \"cure\" needs clinical review".to_string()
                ),
                (
                    "content/a.md:8:1".to_string(),
                    "absolute claim \"risk-free\" needs clinical review".to_string()
                ),
            ]
        );
        assert!(found.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn a_page_about_depression_needs_the_crisis_box() {
        let p = page("", "Intro.\n\nKetamine may ease Depression.\n");
        let s = PageSource::of(&p);
        let d = crisis_flag(&p, &s, &crate::check::lexicon::ENGLISH).unwrap();
        assert!(d.is_error());
        assert_eq!(d.location(), "content/a.md:7:19");
        let p = page("mental_health = true\n", "Ketamine may ease depression.\n");
        let s = PageSource::of(&p);
        assert!(crisis_flag(&p, &s, &crate::check::lexicon::ENGLISH).is_none());
    }

    #[test]
    fn respiratory_depression_is_not_a_mental_health_topic() {
        let p = page("", "High doses can cause respiratory depression.\n");
        let s = PageSource::of(&p);
        assert!(crisis_flag(&p, &s, &crate::check::lexicon::ENGLISH).is_none());
    }

    #[test]
    fn every_built_page_must_carry_the_disclaimer() {
        let p = page("", "Plain text.");
        assert!(disclaimer_missing(
            &p,
            "a/index.html",
            "<p class=\"footer disclaimer\">Not advice.</p>"
        )
        .is_none());
        let d = disclaimer_missing(&p, "a/index.html", "<p class=\"disclaimers\">x</p>").unwrap();
        assert!(
            d.message.contains("medical disclaimer is missing"),
            "{}",
            d.message
        );
    }

    #[test]
    fn the_built_page_must_carry_the_crisis_box() {
        let p = page("mental_health = true\n", "Text.\n");
        assert!(crisis_box_missing(
            &p,
            "a/index.html",
            "<aside class=\"note crisis\">988</aside>"
        )
        .is_none());
        let d = crisis_box_missing(&p, "a/index.html", "<aside class=\"crisis-free\">").unwrap();
        assert_eq!(d.line, Some(4));
        assert!(d.message.contains("a/index.html"));
    }
}
