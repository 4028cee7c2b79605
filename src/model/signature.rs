//! A page's signature: everything of a page that the rest of the model and other pages can
//! read, so that an edit which keeps it cannot change anything outside the page itself, the
//! FAQ hub and the site-wide publishing files.
//!
//! What is in it, and who reads it: the file's place and URL (links, sections, aliases), the
//! front matter without where each key was written (titles and descriptions in lists and
//! menus, weights in the order of sections, tags and `related` in related questions, sources
//! in the reference list, aliases, the template), the headings with their ids, text and old
//! ids (`@/page.md#id` and `@#id` links, question ids, the question map), which headings are
//! questions, and where each link leads and from which answer (backlinks, related
//! questions). What is not in it is the text itself (the page's own body, its answers, shown
//! by the FAQ hub and the publishing files) and where things are written (lines and columns,
//! which only diagnostics show).

use crate::content::{Meta, Page};

/// See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signature {
    rel: String,
    path: String,
    is_section: bool,
    /// The front matter, without where each key was written (moving a line changes no page).
    meta: Meta,
    /// Level, id, text and old ids of each heading.
    headings: Vec<(u8, String, String, Vec<String>)>,
    /// Which headings are questions.
    questions: Vec<usize>,
    /// Each link: where it leads, whether it is an image or an email address, and the
    /// question whose answer holds it.
    links: Vec<(String, bool, bool, Option<usize>)>,
}

impl Signature {
    pub(crate) fn of(page: &Page) -> Signature {
        let doc = &page.doc;
        let answer_of = |event: usize| doc.questions.iter().position(|q| q.answer.contains(&event));
        Signature {
            rel: page.rel.clone(),
            path: page.path.clone(),
            is_section: page.is_section,
            meta: page.meta.without_positions(),
            headings: doc
                .headings
                .iter()
                .map(|h| (h.level, h.id.clone(), h.text.clone(), h.old_ids.clone()))
                .collect(),
            questions: doc.questions.iter().map(|q| q.heading).collect(),
            links: doc
                .links
                .iter()
                .map(|l| (l.dest.clone(), l.is_image, l.is_email, answer_of(l.event)))
                .collect(),
        }
    }
}
