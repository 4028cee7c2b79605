//! A page's markdown as HTML: each link resolved by [`crate::model::links`] is written as an
//! href for the chosen [`LinkStyle`], a file beside the page (`diagram.png`) is linked where
//! it is copied, and each answer is followed by its related questions.

use std::cell::OnceCell;

use rayon::prelude::*;

use crate::markdown::{self, Rendered};
use crate::model::{PageId, QuestionId, Site, Table};
use crate::urls::{LinkStyle, Linker};

/// Markdown of every page as HTML, links written for `style`, each answer followed by its
/// related questions.
/// Each answer's own HTML is made only if `answer_html` is set (see [`markdown::render`]).
pub(crate) fn render_markdown(
    site: &Site,
    style: &LinkStyle,
    answer_html: bool,
) -> Table<PageId, Rendered> {
    let rendered: Vec<Rendered> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| render_page_markdown(site, style, PageId::new(index), answer_html))
        .collect();
    rendered.into()
}

/// What page `index`'s markdown is rendered with besides its own text: the href each link
/// is written with, and the related questions written under each answer.
struct Surroundings<'a> {
    site: &'a Site,
    index: PageId,
    linker: Linker,
    folder: &'a str,
    /// The theme's texts of the related-questions lists, looked up at the first list.
    related_texts: OnceCell<RelatedTexts<'a>>,
}

/// The theme's texts every related-questions list of a page is written with.
struct RelatedTexts<'a> {
    /// The list's label, with `{question}` where its question goes.
    label: &'a str,
    /// The list's visible title.
    title: &'a str,
}

impl<'a> Surroundings<'a> {
    fn of(site: &'a Site, style: &LinkStyle, index: PageId) -> Self {
        let page = &site.pages[index];
        Surroundings {
            site,
            index,
            linker: Linker::new(&page.path, style.clone()),
            folder: page.rel.rfind('/').map(|i| &page.rel[..=i]).unwrap_or(""),
            related_texts: OnceCell::new(),
        }
    }

    /// The href link `i` is written with.
    fn href(&self, i: usize, link: &markdown::LinkRef) -> Option<String> {
        match self.site.links.hrefs[self.index].get(i)? {
            Some(target) => Some(self.linker.href(target)),
            None if !link.is_email && is_relative_file(&link.dest) => {
                Some(self.linker.href(&format!("/{}{}", self.folder, link.dest)))
            }
            None => None,
        }
    }

    /// What is written after the answer of question block `block`.
    fn after_answer(&self, block: usize) -> Option<String> {
        let q = *self.site.questions.of_page[self.index].get(block)?;
        let texts = self.related_texts.get_or_init(|| RelatedTexts {
            label: self.site.strings.get("related_questions_label"),
            title: self.site.strings.get("related_questions"),
        });
        related_questions_html(self.site, &self.linker, texts, q)
    }
}

/// Markdown of page `index` as HTML (see [`render_markdown`]).
pub(crate) fn render_page_markdown(
    site: &Site,
    style: &LinkStyle,
    index: PageId,
    answer_html: bool,
) -> Rendered {
    let around = Surroundings::of(site, style, index);
    let resolve = |i: usize, link: &markdown::LinkRef| around.href(i, link);
    let related = |block: usize| around.after_answer(block);
    let cards = markdown::care_cards::CardText {
        clinic: &site.config.clinic,
        strings: &site.strings,
    };
    markdown::render(
        &site.pages[index].doc,
        &resolve,
        &related,
        answer_html,
        &cards,
    )
}

/// A fingerprint of everything [`render_page_markdown`] renders page `index` from but
/// site.toml and the theme's strings: the page's file, the href of each link and what is
/// written after each answer (see [`super::page_fingerprint`]).
pub(crate) fn body_fingerprint(site: &Site, style: &LinkStyle, index: PageId) -> u64 {
    let around = Surroundings::of(site, style, index);
    let doc = &site.pages[index].doc;
    let mut f = super::page_fingerprint::Fingerprint::new();
    f.text(doc.source());
    for (i, link) in doc.links.iter().enumerate() {
        f.option(around.href(i, link).as_deref());
    }
    for block in 0..doc.questions.len() {
        f.option(around.after_answer(block).as_deref());
    }
    f.finish()
}

/// The small "Related questions" list written under an answer.
/// The aside is labelled with its question, so each one on a page is a distinct landmark.
/// Texts are escaped as [`crate::html::escape_html`] escapes them, straight into one buffer.
fn related_questions_html(
    site: &Site,
    linker: &Linker,
    texts: &RelatedTexts<'_>,
    question: QuestionId,
) -> Option<String> {
    let related = &site.related_questions[question];
    if related.is_empty() {
        return None;
    }
    let mut html: Vec<u8> = Vec::with_capacity(256 + 160 * related.len());
    // Writing into a Vec cannot fail.
    let escaped = |html: &mut Vec<u8>, text: &str| {
        let _ = tera::escape_html(text, html);
    };
    html.extend_from_slice(b"<aside class=\"related-questions\" aria-label=\"");
    fill_question_escaped(&mut html, texts.label, &site.questions.all[question].text);
    html.extend_from_slice(b"\"><p class=\"related-title\">");
    escaped(&mut html, texts.title);
    html.extend_from_slice(b"</p><ul>");
    // Each question's site path and fragment (`/safety/#is-it-safe`), made in one buffer.
    let mut target = String::with_capacity(96);
    for &q in related {
        let question = &site.questions.all[q];
        crate::model::change::read_page(site, question.page);
        crate::model::change::read_questions(site, question.page);
        let page = &site.pages[question.page];
        target.clear();
        target.push_str(&page.path);
        target.push('#');
        target.push_str(&question.id);
        let href = linker.href(&target);
        html.extend_from_slice(b"<li><a href=\"");
        escaped(&mut html, &href);
        html.extend_from_slice(b"\">");
        escaped(&mut html, &question.text);
        html.extend_from_slice(b"</a> <span class=\"related-page\">(");
        escaped(&mut html, &page.meta.title);
        html.extend_from_slice(b")</span></li>");
    }
    html.extend_from_slice(b"</ul></aside>\n");
    // Escaping writes the texts' own UTF-8 and ASCII entities only.
    String::from_utf8(html).ok()
}

/// Writes `label` with each `{question}` replaced by `question` (as `Strings::fill` fills
/// it), escaped as [`crate::html::escape_html`] escapes it, piece by piece at the end of
/// `html`: escaping works character by character. Every `{question}` starts at a `{`, so the
/// label is cut at each `{` (found by memchr, rather than searching for the whole word).
fn fill_question_escaped(html: &mut Vec<u8>, label: &str, question: &str) {
    // Writing into a Vec cannot fail.
    let mut escaped = |text: &str| {
        let _ = tera::escape_html(text, html);
    };
    let mut pieces = label.split('{');
    if let Some(first) = pieces.next() {
        escaped(first);
    }
    for piece in pieces {
        match piece.strip_prefix("question}") {
            Some(after) => {
                escaped(question);
                escaped(after);
            }
            None => {
                escaped("{");
                escaped(piece);
            }
        }
    }
}

/// A link to a file beside the page (`diagram.png`), as opposed to a URL or an anchor.
fn is_relative_file(dest: &str) -> bool {
    !(dest.is_empty() || dest.starts_with(['#', '/', '@']) || dest.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::fill_question_escaped;

    fn filled(label: &str, question: &str) -> String {
        let mut html = Vec::new();
        fill_question_escaped(&mut html, label, question);
        String::from_utf8(html).unwrap()
    }

    #[test]
    fn the_label_names_its_question_escaped_wherever_the_theme_puts_it() {
        assert_eq!(
            filled("Questions related to: {question}", "Can I eat \"before\"?"),
            "Questions related to: Can I eat &quot;before&quot;?"
        );
        assert_eq!(
            filled("{question} & {question}", "A<B"),
            "A&lt;B &amp; A&lt;B"
        );
        assert_eq!(filled("No question here", "Why?"), "No question here");
        // Braces that are not `{question}` stay as they are.
        assert_eq!(
            filled("{q} {questions} {{question}}", "Why?"),
            "{q} {questions} {Why?}"
        );
    }
}
