//! What an edit changed: the preview's one way of deciding it, in two halves.
//!
//! **Of the model** ([`PageChange`]): what an edit of a page changes of what the rest of the
//! model reads of it. Questions read the headings; links read the links, `related` and the
//! headings' ids (other pages' anchors); related questions read the tags besides; sections read
//! the weight and the title; aliases read `aliases`. An edit that changes none of that, nor any
//! other front matter, is an edit of text: only the page itself, the FAQ hub and the
//! publishing files can show it, unless another page's output read the page
//! ([`Site::with_pages_replaced`] works out again only the parts an edit changes).
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

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock, Weak};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::front_matter::Located;
use crate::content::Page;
use crate::date::Date;
use crate::markdown::Document;
use crate::model::faq::{Question, Questions};
use crate::model::links::Target;
use crate::model::{PageId, SectionId, Site};

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

/// One thing a page's output read of the site.
#[derive(Debug, Clone)]
enum Read {
    /// A page as read from its file (any of it: front matter, text, headings), pinned so that
    /// its address is not reused while this read is kept.
    Page(Weak<Page>),
    /// What a link to a page shows of it (by file, the page pinned), with the hash of that
    /// ([`EditedSite::new`] is given the function that hashes it, the one the hash was made with).
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
enum At {
    SectionOf(PageId),
    Section(SectionId),
    Links(PageId),
    Questions(PageId),
    Sources(PageId),
    Roles,
}

impl At {
    fn part(self, site: &Site) -> ReadPart {
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
    fn hash(self, site: &Site) -> u64 {
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
    reads: Vec<Read>,
    /// It read the whole site (the FAQ hub, the reference list, the site tree): any edit may
    /// change it.
    everything: bool,
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
/// what a link shows of a page (the same function the preview is given: [`EditedSite::new`]).
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
    link_hashes: std::sync::Mutex<FxHashMap<String, Option<u64>>>,
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
        if let Some(hash) = self
            .link_hashes
            .lock()
            .ok()
            .and_then(|h| h.get(rel).copied())
        {
            return hash;
        }
        let hash = self
            .by_rel
            .get(rel)
            .map(|&p| (self.link_hash)(&self.site.pages[p]));
        if let Ok(mut hashes) = self.link_hashes.lock() {
            hashes.insert(rel.to_string(), hash);
        }
        hash
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
