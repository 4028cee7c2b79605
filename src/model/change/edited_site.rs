//! The site after an edit, compared with the one before ([`EditedSite`]), and whether a page's
//! recorded reads still hold in it ([`Reads::still_hold`]). What can be told for the whole
//! site or page by page is worked out once per edit: which tables are the very same, and, with
//! every page in its place, which pages' links, questions and sources are as before; a part
//! that changed is hashed once, for every page that read it.

use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::Page;
use crate::date::Date;
use crate::model::faq::{Question, Questions};
use crate::model::{PageId, SectionId, Site};

use super::reads::{At, Read, ReadPart, Reads};

/// The site after an edit, compared with the one before, for [`Reads::still_hold`].
pub(crate) struct EditedSite<'s> {
    site: &'s Site,
    /// Every page of the new site, by address.
    pages: FxHashSet<usize>,
    by_rel: FxHashMap<&'s str, PageId>,
    by_dir: FxHashMap<&'s str, SectionId>,
    /// Which parts of the model are the very ones of the site before (so what they hold is
    /// the same), with every page in its place.
    same: Same,
    /// The hash of each section, by id, and of the site's roles: read by most pages, so
    /// worked out once.
    sections: Vec<u64>,
    roles: u64,
    /// The hash of each page's links, questions and sources, by id, worked out the first
    /// time a page's reads ask for it (many pages read the same neighbour's).
    page_parts: PageParts,
    /// With every page in its place: per page, whether its questions and its sources hold
    /// what they held before (told by comparing the two sites once, not by hashing per read).
    kept: KeptParts,
    /// What a link to a page shows of it, hashed; and the hash of each page asked about so
    /// far, by file.
    link_hash: fn(&Page) -> u64,
    link_hashes: crate::memo::Memo<String, Option<u64>>,
}

#[derive(Default, Clone, Copy)]
struct Same {
    sections: bool,
    links: bool,
    /// The questions (ids, texts and places), the same table or worked out again the same.
    questions: bool,
    /// The related questions of each question (which tags change).
    related_questions: bool,
    references: bool,
}

/// Whether two sites' questions have the same ids, texts and places (so the same
/// `QuestionId`s): the very same table, or one worked out again to the same.
fn same_questions(before: &Questions, now: &Questions) -> bool {
    let same = |a: &Question, b: &Question| {
        a.id == b.id && a.text == b.text && a.page == b.page && a.block == b.block
    };
    std::ptr::eq(before, now)
        || (before.all.len() == now.all.len()
            && before
                .all
                .iter()
                .zip(now.all.iter())
                .all(|(a, b)| same(a, b))
            && before.of_page.iter().eq(now.of_page.iter()))
}

/// Per page, when every page is in its place, whether its links, questions and sources are
/// as before; empty when not known that way.
#[derive(Default)]
struct KeptParts {
    links: Vec<bool>,
    questions: Vec<bool>,
    sources: Vec<bool>,
}

impl KeptParts {
    /// Compares `before` and `now` page by page (`same` says which tables are the very same,
    /// `in_place` that every page has the id it had).
    fn between(before: &Site, now: &Site, same: Same, in_place: bool) -> Self {
        if !in_place {
            return KeptParts::default();
        }
        let pages = now.pages.len();
        // With the same questions (so the same ids), a page's links are as before when what
        // each resolved to, what its `related` names and what links to it are.
        let links = match (same.questions, same.links) {
            (true, true) => vec![true; pages],
            (true, false) => {
                let (a, b) = (&*before.links, &*now.links);
                now.pages
                    .ids()
                    .map(|p| {
                        (Arc::ptr_eq(&a.hrefs[p], &b.hrefs[p]) || a.hrefs[p] == b.hrefs[p])
                            && a.related[p] == b.related[p]
                            && a.backlinks[p] == b.backlinks[p]
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        // The questions (ids and texts) are the same: a page's questions are as before unless
        // the related questions of one of them changed.
        let questions = match (same.questions, same.related_questions) {
            (true, true) => vec![true; pages],
            (true, false) => {
                let mut kept = vec![true; pages];
                for (q, question) in now.questions.all.enumerate() {
                    if before.related_questions[q] != now.related_questions[q] {
                        kept[usize::from(question.page)] = false;
                    }
                }
                kept
            }
            _ => Vec::new(),
        };
        // What a page's sources show: the number and date of each of its references.
        fn shown(site: &Site, p: PageId) -> impl Iterator<Item = (usize, Option<Date>)> + '_ {
            let references = &*site.references;
            references.of_page[p]
                .iter()
                .map(move |&r| (references.all[r].number, references.all[r].accessed))
        }
        let same_references_page = before.references_page().map(|r| &before.pages[r].path)
            == now.references_page().map(|r| &now.pages[r].path);
        let sources = match (same.references, same_references_page) {
            (true, true) => vec![true; pages],
            (false, true) => now
                .pages
                .ids()
                .map(|p| shown(before, p).eq(shown(now, p)))
                .collect(),
            _ => Vec::new(),
        };
        KeptParts {
            links,
            questions,
            sources,
        }
    }

    /// Whether `at`'s part is known to be as before.
    fn holds(&self, at: At) -> bool {
        let known = |kept: &[bool], p: PageId| kept.get(usize::from(p)).copied() == Some(true);
        match at {
            At::Links(p) => known(&self.links, p),
            At::Questions(p) => known(&self.questions, p),
            At::Sources(p) => known(&self.sources, p),
            _ => false,
        }
    }
}

/// Per page of the new site, the hashes of its parts, each worked out once.
struct PageParts {
    links: Vec<OnceLock<u64>>,
    questions: Vec<OnceLock<u64>>,
    sources: Vec<OnceLock<u64>>,
}

impl PageParts {
    fn new(pages: usize) -> Self {
        let empty = || (0..pages).map(|_| OnceLock::new()).collect();
        PageParts {
            links: empty(),
            questions: empty(),
            sources: empty(),
        }
    }

    /// The hash of `at` (a part of one page) in `site`, worked out on the first call.
    fn hash(&self, at: At, site: &Site) -> u64 {
        let (memo, page) = match at {
            At::Links(p) => (&self.links, p),
            At::Questions(p) => (&self.questions, p),
            At::Sources(p) => (&self.sources, p),
            _ => return at.hash(site),
        };
        match memo.get(usize::from(page)) {
            Some(cell) => *cell.get_or_init(|| at.hash(site)),
            None => at.hash(site),
        }
    }
}

impl<'s> EditedSite<'s> {
    /// The site `now`, after an edit of `before`; `link_hash` hashes what a link to a page
    /// shows of it, as it did when links were recorded ([`read_link`]).
    pub(crate) fn new(before: &Site, now: &'s Site, link_hash: fn(&Page) -> u64) -> Self {
        let in_place = before.pages.len() == now.pages.len()
            && before
                .pages
                .iter()
                .zip(now.pages.iter())
                .all(|(a, b)| a.rel == b.rel);
        let same = Same {
            sections: in_place
                && Arc::ptr_eq(&before.sections, &now.sections)
                && Arc::ptr_eq(&before.section_of, &now.section_of),
            links: in_place && Arc::ptr_eq(&before.links, &now.links),
            questions: in_place && same_questions(&before.questions, &now.questions),
            related_questions: in_place
                && Arc::ptr_eq(&before.related_questions, &now.related_questions),
            references: in_place && Arc::ptr_eq(&before.references, &now.references),
        };
        EditedSite {
            site: now,
            pages: now.pages.iter().map(|p| Arc::as_ptr(p) as usize).collect(),
            by_rel: now
                .pages
                .enumerate()
                .map(|(i, p)| (p.rel.as_str(), i))
                .collect(),
            by_dir: now
                .sections
                .enumerate()
                .map(|(i, s)| (s.dir.as_str(), i))
                .collect(),
            same,
            sections: now
                .sections
                .ids()
                .map(|s| At::Section(s).hash(now))
                .collect(),
            roles: At::Roles.hash(now),
            page_parts: PageParts::new(now.pages.len()),
            kept: KeptParts::between(before, now, same, in_place),
            link_hash,
            link_hashes: Default::default(),
        }
    }

    /// The hash of what a link to page `rel` shows, in the new site.
    fn link(&self, rel: &str) -> Option<u64> {
        self.link_hashes.get_or_make(rel, || {
            self.by_rel
                .get(rel)
                .map(|&p| (self.link_hash)(&self.site.pages[p]))
        })
    }

    /// Whether `part` holds what it held in the site before, for certain, without looking.
    fn surely_same(&self, part: &ReadPart) -> bool {
        let same = self.same;
        match part {
            ReadPart::SectionOf(_) | ReadPart::Section(_) => same.sections,
            ReadPart::Links(_) => same.links && same.questions,
            ReadPart::Questions(_) => same.questions && same.related_questions,
            ReadPart::Sources(_) => same.references && same.sections,
            ReadPart::Roles => false,
        }
    }

    /// The part's ids in the new site; `None` when it names what is not there.
    fn at(&self, part: &ReadPart) -> Option<At> {
        let page = |rel: &str| self.by_rel.get(rel).copied();
        Some(match part {
            ReadPart::SectionOf(rel) => At::SectionOf(page(rel)?),
            ReadPart::Section(dir) => At::Section(*self.by_dir.get(dir.as_str())?),
            ReadPart::Links(rel) => At::Links(page(rel)?),
            ReadPart::Questions(rel) => At::Questions(page(rel)?),
            ReadPart::Sources(rel) => At::Sources(page(rel)?),
            ReadPart::Roles => At::Roles,
        })
    }

    /// Whether `part` holds what it held when its hash `then` was taken.
    fn holds(&self, part: &ReadPart, then: u64) -> bool {
        if self.surely_same(part) {
            return true;
        }
        match self.at(part) {
            Some(at) if self.kept.holds(at) => true,
            Some(at) => self.hash_at(at) == then,
            None => false,
        }
    }

    fn hash_at(&self, at: At) -> u64 {
        match at {
            At::Section(s) => self
                .sections
                .get(usize::from(s))
                .copied()
                .unwrap_or_else(|| at.hash(self.site)),
            At::Roles => self.roles,
            at => self.page_parts.hash(at, self.site),
        }
    }
}

impl Reads {
    /// Whether every read gives what it gave, in `now` (the site after an edit): then the page
    /// that made them renders as it did, given the same templates and settings.
    pub(crate) fn still_hold(&self, now: &EditedSite<'_>) -> bool {
        if self.everything {
            return false;
        }
        self.reads.iter().all(|read| match read {
            // The same allocation (pinned by the `Weak`) in the new site: the same page.
            Read::Page(then) => now.pages.contains(&(then.as_ptr() as usize)),
            Read::Link(rel, page, then) => {
                now.pages.contains(&(page.as_ptr() as usize)) || now.link(rel) == Some(*then)
            }
            Read::Part(part, then) => now.holds(part, *then),
        })
    }
}
