//! What a clinical reviewer would otherwise check by hand, as far as a machine can:
//!
//! - **Topic terms.** A page whose front matter says `terms = ["esketamine", "Spravato"]` is
//!   the site's page on that subject; another page that names one of those words must link to
//!   it (or to one of its questions), so a reader who meets the word can find the full rules.
//!   A warning at the first mention.
//! - **Dated sources.** A `[[sources]]` entry without `accessed` is a warning at its line:
//!   web pages change, and a reviewer must know when the page was last read.
//! - **Warning signs in a care card.** A page with a heading about warning signs must show
//!   them in an urgent or emergency care card (`> [!WARNING]`, `> [!CAUTION]`), so they stand
//!   out to a patient in a hurry: an error. A page that tells readers to call 911 without any
//!   such card gets a warning.

use super::lexicon::Lexicon;
use super::page_source::PageSource;
use super::phrases;
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::care_cards::Level;
use crate::model::links::Target;
use crate::model::{PageId, Site};

/// The findings of page `index`.
pub(crate) fn check(site: &Site, index: PageId, source: &PageSource) -> Vec<Diagnostic> {
    let page = &site.pages[index];
    let mut out = undated_sources(page);
    out.extend(unlinked_terms(site, index, source));
    let words = Lexicon::of(&site.config.language);
    out.extend(warning_signs_without_a_card(page, source, words));
    out
}

fn undated_sources(page: &Page) -> Vec<Diagnostic> {
    page.meta
        .sources
        .iter()
        .filter(|s| s.accessed.is_none())
        .map(|s| {
            Diagnostic::warning(
                &page.source,
                format!("source \"{}\" has no access date", s.title),
            )
            .at(s.line, 1)
            .with_snippet(
                page.doc.source_line(s.line),
                page.doc.source_line(s.line).trim_end().chars().count(),
            )
            .help(
                "add `accessed = YYYY-MM-DD`, the day you last read it, to this [[sources]] entry",
            )
        })
        .collect()
}

/// For each page with `terms` that page `index` names without linking to it, a warning at
/// the first mention.
fn unlinked_terms(site: &Site, index: PageId, source: &PageSource) -> Vec<Diagnostic> {
    let page = &site.pages[index];
    let outgoing = &site.links.outgoing[index];
    let links_to = |target: PageId| {
        outgoing.iter().any(|t| match *t {
            Target::Page(p) => p == target,
            Target::Question(q) => site.questions.all[q].page == target,
        })
    };
    site.pages
        .enumerate()
        .filter(|&(other, topic)| other != index && !topic.meta.terms.is_empty())
        .filter(|&(other, _)| !links_to(other))
        .filter_map(|(_, topic)| {
            let terms: Vec<&str> = topic.meta.terms.iter().map(String::as_str).collect();
            let first = source.find_in_prose(&terms).into_iter().next()?;
            let said = source.text()[first.range.clone()].to_string();
            Some(
                source
                    .locate(
                        Diagnostic::warning(
                            &page.source,
                            format!(
                                "names \"{said}\" but does not link to {}, the page about it",
                                topic.source.display()
                            ),
                        ),
                        first.range,
                    )
                    .help(format!(
                        "link the first mention to it: [{said}](@/{})",
                        topic.rel
                    )),
            )
        })
        .collect()
}

fn warning_signs_without_a_card(
    page: &Page,
    source: &PageSource,
    words: &Lexicon,
) -> Vec<Diagnostic> {
    let has_card = page
        .doc
        .care_cards
        .iter()
        .any(|(level, _)| matches!(level, Level::Urgent | Level::Emergency));
    if has_card {
        return Vec::new();
    }
    let heading = page
        .doc
        .headings
        .iter()
        .find(|h| !phrases::find(&h.text, words.warning_sign_headings).is_empty());
    if let Some(heading) = heading {
        return vec![Diagnostic::error(
            &page.source,
            format!("\"{}\" lists warning signs outside a care card", heading.text),
        )
        .at(heading.line, 1)
        .help("put the signs in a care card so they stand out: `> [!CAUTION]` for \"call 911 now\", `> [!WARNING]` for \"contact us soon\"")];
    }
    source
        .find_in_prose(words.emergency_words)
        .into_iter()
        .next()
        .map(|found| {
            source
                .locate(
                    Diagnostic::warning(
                        &page.source,
                        "the page tells readers to call 911 but has no care card",
                    ),
                    found.range,
                )
                .help("if it lists signs that need emergency care, put them in a `> [!CAUTION]` care card")
        })
        .into_iter()
        .collect()
}
