//! What an edit changed: the preview's one way of deciding it, in two halves.
//!
//! **Of the model** ([`PageChange`]): what an edit of a page changes of what the rest of the
//! model reads of it. Questions read the headings; links read the links, `related` and the
//! headings' ids (other pages' anchors); related questions read the tags besides; sections read
//! the weight and the title; aliases read `aliases`. An edit that changes none of that, nor any
//! other front matter, is an edit of text: only the page itself, the FAQ hub and the
//! publishing files can show it, unless another page's output read the page
//! ([`crate::model::Site::with_pages_replaced`] works out again only the parts an edit changes).
//!
//! **Of the pages' output** ([`Reads`]): what a page's output read of the site, recorded by
//! the context builder where it reads it (`render/context/`: a neighbour's link, a section's
//! entries, a page's questions, sources and links), each with the value it had. After an edit,
//! a page made before is kept when every read still gives the same value in the new site
//! ([`Reads::still_hold`]), and otherwise checked against its fingerprint
//! (`render/page_fingerprint.rs`), which decides; a page read as a whole (`Page`) is the same
//! page only if it is the same `Arc` (not read again from disk), and a link to a page shows the
//! same as long as the hash of what a link shows of it (made by the code that makes the link)
//! is the same. So a template that shows a new field of a neighbour needs nothing taught
//! here: the neighbour is recorded as read, and a new field of a link is in its hash.
//!
//! Its files: `mod.rs` decides what an edit changes of the model; `reads.rs` records what a
//! page's output read, as the context builder reads it; `edited_site.rs` tells, once per edit,
//! which of those reads still hold in the new site.

mod edited_site;
mod reads;

use crate::content::front_matter::Located;
use crate::content::Page;
use crate::markdown::Document;

pub(crate) use edited_site::EditedSite;
pub(crate) use reads::{
    read_everything, read_link, read_links, read_page, read_questions, read_roles, read_section,
    read_section_of, read_sources, record, Reads,
};

/// Which parts of the model an edit of one page (the same file, the same URL) changes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageChange {
    /// Its place, headings, questions, links or `related`: ids may move, so every part of the
    /// model is worked out again.
    pub everything: bool,
    /// Its tags (related questions).
    pub related_questions: bool,
    /// Its weight or title (the order of sections).
    pub sections: bool,
    pub aliases: bool,
    /// Any other front matter (shown by the page, and by pages that read it).
    pub front_matter: bool,
}

impl PageChange {
    /// What the edit from `old` to `new` changes.
    pub(crate) fn between(old: &Page, new: &Page) -> PageChange {
        let (a, b) = (&old.doc, &new.doc);
        fn headings(d: &Document) -> impl Iterator<Item = (u8, &str, &str, &[String])> {
            d.headings.iter().map(|h| {
                (
                    h.level,
                    h.id.as_str(),
                    h.text.as_str(),
                    h.old_ids.as_slice(),
                )
            })
        }
        fn questions(d: &Document) -> Vec<usize> {
            d.questions.iter().map(|q| q.heading).collect()
        }
        /// Each link: where it leads, whether it is an image or an address, and whose answer
        /// holds it.
        fn links(d: &Document) -> Vec<(&str, bool, bool, Option<usize>)> {
            d.links
                .iter()
                .map(|l| {
                    let answer = d.questions.iter().position(|q| q.answer.contains(&l.event));
                    (l.dest.as_str(), l.is_image, l.is_email, answer)
                })
                .collect()
        }
        fn located(m: &[Located<String>]) -> Vec<&str> {
            m.iter().map(|r| r.value.as_str()).collect()
        }
        PageChange {
            everything: old.rel != new.rel
                || old.path != new.path
                || old.is_section != new.is_section
                || !headings(a).eq(headings(b))
                || questions(a) != questions(b)
                || links(a) != links(b)
                || located(&old.meta.related) != located(&new.meta.related),
            related_questions: old.meta.tags != new.meta.tags,
            sections: old.meta.weight != new.meta.weight || old.meta.title != new.meta.title,
            aliases: located(&old.meta.aliases) != located(&new.meta.aliases),
            front_matter: old.meta.without_positions() != new.meta.without_positions(),
        }
    }

    /// Whether the edit changed the text only (nothing the model or other pages' lists read).
    pub(crate) fn text_only(&self) -> bool {
        *self == PageChange::default()
    }

    pub(crate) fn add(&mut self, other: PageChange) {
        self.everything |= other.everything;
        self.related_questions |= other.related_questions;
        self.sections |= other.sections;
        self.aliases |= other.aliases;
        self.front_matter |= other.front_matter;
    }
}
