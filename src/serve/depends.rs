//! What depends on what: after an edit of pages (their front matter, headings or links, or
//! which pages there are), which other pages' files may show something that changed.
//!
//! A page's template shows of other pages only what the context builder reads
//! ([`crate::render::context`]): their title, description, menu title and URL (menus,
//! breadcrumbs, neighbours, a section's list, related pages, backlinks), their questions
//! (related questions, links to questions) and their sources' places in the reference list.
//! So for each page that changed, came or went (X), the pages that may change are:
//! - X itself, and the pages of its section and of the section it heads (neighbours, a
//!   section's list, breadcrumbs of everything below a section's page);
//! - the pages X links to or names in `related` (their backlinks list X) and the pages that
//!   link to X or its questions (their hrefs and lists show X), before and after the edit;
//! - the pages whose questions list one of X's questions as related, and every page whose
//!   related questions changed (tags and links move them);
//! - every page whose sources' numbers or dates changed, the FAQ hub and the references
//!   page (they list everything), and pages whose template shows `question_count` when the
//!   number of questions changed.
//!
//! When a page of the header menu changes, or a template shows the whole site
//! (`site_tree`), or the site has several languages, every page may change. Each page found
//! is then checked against its fingerprint ([`crate::render::page_fingerprint`]), which decides;
//! a page not found keeps its file. The oracle test (`tests/preview_oracle`) compares every
//! file with a full build after hundreds of random edits.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::links::Target;
use crate::model::{PageId, SectionId, Site};
use crate::render::templates::Templates;

/// The pages of `new` whose files an edit from `old` may have changed (besides pages that
/// are new); `None` when any page may have.
pub(crate) fn pages_to_check(
    old: &Site,
    new: &Site,
    templates: &Templates,
) -> Option<FxHashSet<PageId>> {
    if templates.uses_site_tree {
        return None;
    }
    let old_ids: FxHashMap<&str, PageId> = old
        .pages
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), i))
        .collect();
    let new_ids: FxHashMap<&str, PageId> = new
        .pages
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), i))
        .collect();
    let mut changed: Vec<&str> = new
        .pages
        .iter()
        .filter(|p| match old_ids.get(p.rel.as_str()) {
            Some(&o) => !Arc::ptr_eq(&old.pages[o], p),
            None => true,
        })
        .map(|p| p.rel.as_str())
        .collect();
    changed.extend(
        old.pages
            .iter()
            .filter(|p| !new_ids.contains_key(p.rel.as_str()))
            .map(|p| p.rel.as_str()),
    );
    let (old_nav, new_nav) = (nav(old), nav(new));
    if old_nav != new_nav || changed.iter().any(|rel| new_nav.contains(rel)) {
        return None;
    }
    let mut found = FoundPages {
        new_ids: &new_ids,
        pages: FxHashSet::default(),
    };
    for site in [old, new] {
        let ids = if std::ptr::eq(site, old) {
            &old_ids
        } else {
            &new_ids
        };
        let changed_here: Vec<PageId> = changed
            .iter()
            .filter_map(|rel| ids.get(rel).copied())
            .collect();
        for &x in &changed_here {
            found.around(site, x);
        }
        found.related_to(site, &changed_here);
    }
    found.changed_related(old, new);
    found.changed_sources(old, new, &old_ids);
    found.extend(new.faq_hub());
    found.extend(new.references_page());
    if old.questions.all.len() != new.questions.all.len() {
        let mut uses: FxHashMap<&str, bool> = FxHashMap::default();
        for id in new.pages.ids() {
            let template = new.template_of(id);
            if *uses
                .entry(template)
                .or_insert_with(|| templates.mentions(template, "question_count"))
            {
                found.pages.insert(id);
            }
        }
    }
    Some(found.pages)
}

/// The pages of the header menu (the root section's entries), by file.
fn nav(site: &Site) -> Vec<&str> {
    site.sections[SectionId::ROOT]
        .entries
        .iter()
        .map(|&p| site.pages[p].rel.as_str())
        .collect()
}

/// Pages found so far, as pages of the new site.
struct FoundPages<'a> {
    new_ids: &'a FxHashMap<&'a str, PageId>,
    pages: FxHashSet<PageId>,
}

impl FoundPages<'_> {
    /// Adds page `id` of `site` (old or new), if the new site has it.
    fn add(&mut self, site: &Site, id: PageId) {
        if let Some(&new) = self.new_ids.get(site.pages[id].rel.as_str()) {
            self.pages.insert(new);
        }
    }

    fn extend(&mut self, page: Option<PageId>) {
        self.pages.extend(page);
    }

    /// Page `x` of `site` and the pages around it: its section's pages and what links to
    /// it, what it links to, and what links to its questions.
    fn around(&mut self, site: &Site, x: PageId) {
        self.add(site, x);
        let section = site.section_of[x];
        self.section(site, section);
        if let Some(own) = site.section_of_index_page(x) {
            self.subtree(site, own);
        }
        for &p in &site.links.backlinks[x] {
            self.add(site, p);
        }
        for target in &site.links.outgoing[x] {
            match *target {
                Target::Page(p) => self.add(site, p),
                Target::Question(q) => self.add(site, site.questions.all[q].page),
            }
        }
        for &q in &site.questions.of_page[x] {
            for &p in &site.links.question_backlinks[q] {
                self.add(site, p);
            }
        }
    }

    /// The page of `section` and its entries.
    fn section(&mut self, site: &Site, section: SectionId) {
        let s = &site.sections[section];
        if let Some(p) = s.page {
            self.add(site, p);
        }
        for &p in &s.entries {
            self.add(site, p);
        }
    }

    /// Every page of `section` and of the sections below it (their breadcrumbs name it).
    fn subtree(&mut self, site: &Site, section: SectionId) {
        let mut todo = vec![section];
        while let Some(s) = todo.pop() {
            self.section(site, s);
            for (p, &of) in site.section_of.enumerate() {
                if of == s {
                    self.add(site, p);
                }
            }
            todo.extend(
                site.sections
                    .ids()
                    .filter(|&sub| site.sections[sub].parent == Some(s)),
            );
        }
    }

    /// Pages whose questions list a question of the pages `changed` as related.
    fn related_to(&mut self, site: &Site, changed: &[PageId]) {
        if changed.is_empty() {
            return;
        }
        for (q, related) in site.related_questions.enumerate() {
            if related
                .iter()
                .any(|&r| changed.contains(&site.questions.all[r].page))
            {
                self.add(site, site.questions.all[q].page);
            }
        }
    }

    /// Pages whose questions' related questions changed.
    fn changed_related(&mut self, old: &Site, new: &Site) {
        if Arc::ptr_eq(&old.related_questions, &new.related_questions) {
            return;
        }
        // The same questions in the same order (an edit of links or tags): compare by index,
        // without naming every question (30,000 at 10,000 pages).
        let same_questions = old.questions.all.len() == new.questions.all.len()
            && old
                .questions
                .all
                .iter()
                .zip(new.questions.all.iter())
                .all(|(a, b)| a.id == b.id);
        if same_questions {
            for (q, now) in new.related_questions.enumerate() {
                if old.related_questions[q] != *now {
                    self.pages.insert(new.questions.all[q].page);
                }
            }
            return;
        }
        let ids = |site: &Site, related: &[crate::model::QuestionId]| -> Vec<Arc<str>> {
            related
                .iter()
                .map(|&r| site.questions.all[r].id.clone())
                .collect()
        };
        let before: FxHashMap<&str, Vec<Arc<str>>> = old
            .questions
            .all
            .enumerate()
            .map(|(q, question)| (&*question.id, ids(old, &old.related_questions[q])))
            .collect();
        for (q, question) in new.questions.all.enumerate() {
            let now = ids(new, &new.related_questions[q]);
            if before.get(&*question.id) != Some(&now) {
                self.pages.insert(question.page);
            }
        }
    }

    /// Pages whose sources' numbers, dates or places in the reference list changed.
    fn changed_sources(&mut self, old: &Site, new: &Site, old_ids: &FxHashMap<&str, PageId>) {
        let entries = |site: &Site, p: PageId| -> Vec<(usize, Option<crate::date::Date>)> {
            site.references.of_page[p]
                .iter()
                .map(|&r| {
                    (
                        site.references.all[r].number,
                        site.references.all[r].accessed,
                    )
                })
                .collect()
        };
        let place_changed = old.references_page().map(|p| &old.pages[p].path)
            != new.references_page().map(|p| &new.pages[p].path);
        for (p, page) in new.pages.enumerate() {
            if page.meta.sources.is_empty() {
                continue;
            }
            let before = old_ids.get(page.rel.as_str()).map(|&o| entries(old, o));
            if place_changed || before != Some(entries(new, p)) {
                self.pages.insert(p);
            }
        }
    }
}
