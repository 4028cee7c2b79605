//! What a page's output read of the site, recorded by the context builder as it reads it
//! (`render/context/`), each read with the value it had: a page, what a link to a page shows,
//! or a part of the model by names that outlast an edit.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Weak};

use rustc_hash::FxHashSet;

use crate::content::Page;
use crate::model::links::Target;
use crate::model::{PageId, SectionId, Site};

/// One thing a page's output read of the site.
#[derive(Debug, Clone)]
pub(super) enum Read {
    /// A page as read from its file (any of it: front matter, text, headings), pinned so that
    /// its address is not reused while this read is kept.
    Page(Weak<Page>),
    /// What a link to a page shows of it (by file, the page pinned), with the hash of that
    /// ([`super::EditedSite::new`] is given the function that hashes it, the one the hash was made with).
    Link(String, Weak<Page>, u64),
    /// A part of the model, by names that outlast an edit, with the hash of what it held.
    Part(ReadPart, u64),
}

/// A part of the model a page's output reads, by names that outlast an edit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ReadPart {
    /// Which section the page (by file) is in.
    SectionOf(String),
    /// A section (by folder): its page, parent and entries.
    Section(String),
    /// A page's links: where each resolves, what `related` names, what links to it.
    Links(String),
    /// A page's questions: ids, texts and the related questions of each.
    Questions(String),
    /// A page's sources: their numbers and dates in the reference list, and where the
    /// references page is.
    Sources(String),
    /// Which pages are home, the FAQ hub and the references page, and how many questions
    /// the site has.
    Roles,
}

/// A part of the model by its ids in one site.
#[derive(Clone, Copy)]
pub(super) enum At {
    SectionOf(PageId),
    Section(SectionId),
    Links(PageId),
    Questions(PageId),
    Sources(PageId),
    Roles,
}

impl At {
    pub(super) fn part(self, site: &Site) -> ReadPart {
        let rel = |p: PageId| site.pages[p].rel.clone();
        match self {
            At::SectionOf(p) => ReadPart::SectionOf(rel(p)),
            At::Section(s) => ReadPart::Section(site.sections[s].dir.clone()),
            At::Links(p) => ReadPart::Links(rel(p)),
            At::Questions(p) => ReadPart::Questions(rel(p)),
            At::Sources(p) => ReadPart::Sources(rel(p)),
            At::Roles => ReadPart::Roles,
        }
    }

    /// The hash of what the part holds in `site`.
    pub(super) fn hash(self, site: &Site) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        let rel_of = |p: PageId| site.pages[p].rel.as_str();
        match self {
            At::SectionOf(p) => site.sections[site.section_of[p]].dir.hash(&mut h),
            At::Section(s) => {
                let s = &site.sections[s];
                s.page.map(rel_of).hash(&mut h);
                s.parent.map(|p| &site.sections[p].dir).hash(&mut h);
                for &p in &s.entries {
                    rel_of(p).hash(&mut h);
                }
            }
            At::Links(p) => {
                let links = &site.links;
                links.hrefs[p].hash(&mut h);
                for target in &links.related[p] {
                    match *target {
                        Target::Page(p) => (rel_of(p), None::<&str>).hash(&mut h),
                        Target::Question(q) => {
                            let question = &site.questions.all[q];
                            (rel_of(question.page), Some(&*question.id)).hash(&mut h)
                        }
                    }
                }
                for &b in &links.backlinks[p] {
                    rel_of(b).hash(&mut h);
                }
            }
            At::Questions(p) => {
                for &q in &site.questions.of_page[p] {
                    let question = &site.questions.all[q];
                    (&*question.id, &question.text, question.block).hash(&mut h);
                    for &r in &site.related_questions[q] {
                        site.questions.all[r].id.hash(&mut h);
                    }
                }
            }
            At::Sources(p) => {
                for &r in &site.references.of_page[p] {
                    let reference = &site.references.all[r];
                    (reference.number, reference.accessed.map(|d| d.to_string())).hash(&mut h);
                }
                site.references_page()
                    .map(|r| &site.pages[r].path)
                    .hash(&mut h);
            }
            At::Roles => {
                let role = |p: Option<PageId>| p.map(rel_of);
                (
                    role(site.home()),
                    role(site.faq_hub()),
                    role(site.references_page()),
                )
                    .hash(&mut h);
                site.questions.all.len().hash(&mut h);
            }
        }
        h.finish()
    }
}

/// What one page's output read of the site, in the order it was read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reads {
    pub(super) reads: Vec<Read>,
    /// It read the whole site (the FAQ hub, the reference list, the site tree): any edit may
    /// change it.
    pub(super) everything: bool,
}

thread_local! {
    /// The reads of the page whose context this thread is building, while [`record`] runs.
    static RECORDING: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Runs `f` (which builds one page's context on this thread) and returns what it read.
pub(crate) fn record<T>(f: impl FnOnce() -> T) -> (T, Reads) {
    let outer = RECORDING.with(|r| r.replace(Some(Reads::default())));
    let out = f();
    let mut reads = RECORDING.with(|r| r.replace(outer)).unwrap_or_default();
    reads.keep_first_of_each();
    (out, reads)
}

fn push(make: impl FnOnce() -> Read) {
    RECORDING.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.reads.push(make());
        }
    });
}

fn push_part(site: &Site, at: At) {
    push(|| Read::Part(at.part(site), at.hash(site)));
}

/// Records (when recording) that the page being built showed something of page `p`.
pub(crate) fn read_page(site: &Site, p: PageId) {
    push(|| Read::Page(Arc::downgrade(&site.pages[p])));
}

/// Records that the page being built showed a link to page `p`; `hash` gives the hash of
/// what a link shows of a page (the same function the preview is given: [`super::EditedSite::new`]).
pub(crate) fn read_link(site: &Site, p: PageId, hash: impl FnOnce(&Page) -> u64) {
    push(|| {
        let page = &site.pages[p];
        Read::Link(page.rel.clone(), Arc::downgrade(page), hash(page))
    });
}

/// Records which section page `p` is in.
pub(crate) fn read_section_of(site: &Site, p: PageId) {
    push_part(site, At::SectionOf(p));
}

/// Records section `s`: its page, parent and entries.
pub(crate) fn read_section(site: &Site, s: SectionId) {
    push_part(site, At::Section(s));
}

/// Records page `p`'s links (resolved hrefs, `related`, backlinks).
pub(crate) fn read_links(site: &Site, p: PageId) {
    push_part(site, At::Links(p));
}

/// Records page `p`'s questions (ids, texts, related questions).
pub(crate) fn read_questions(site: &Site, p: PageId) {
    push_part(site, At::Questions(p));
}

/// Records page `p`'s sources' places in the reference list.
pub(crate) fn read_sources(site: &Site, p: PageId) {
    push_part(site, At::Sources(p));
}

/// Records the pages with a site-wide role and the number of questions.
pub(crate) fn read_roles(site: &Site) {
    push_part(site, At::Roles);
}

/// Records that the page being built read the whole site.
pub(crate) fn read_everything() {
    RECORDING.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.everything = true;
        }
    });
}

impl Reads {
    /// Drops reads made again (a menu's pages, a section's entries), keeping the first.
    fn keep_first_of_each(&mut self) {
        let mut pages = FxHashSet::default();
        let mut links = FxHashSet::default();
        let mut parts = FxHashSet::default();
        self.reads.retain(|read| match read {
            Read::Page(page) => pages.insert(page.as_ptr() as usize),
            Read::Link(_, page, _) => links.insert(page.as_ptr() as usize),
            Read::Part(part, _) => parts.insert(part.clone()),
        });
        self.reads.shrink_to_fit();
    }
}
