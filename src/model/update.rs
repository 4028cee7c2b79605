//! Putting edited pages into a site: the preview's way after an edit of pages that keep
//! their URL, working out again only the parts of the model the edit can change.
//!
//! Each part worked out from the pages reads some of each page ([`PageChange`] says which an
//! edit changed). An edit that changes none of what a part reads keeps the part as it was
//! (the same `Arc`); one that changes headings or links works everything out again, since
//! question ids and every link may move. References keep where each source was written, and
//! warnings where each link was, so they are found again for every edit (both are cheap).
//! Working everything out again takes 30-60 ms at 10,000 pages; a change of a title, a weight
//! or tags, a few.

use std::path::Path;
use std::sync::Arc;

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::model::change::PageChange;
use crate::model::ids::PageId;
use crate::model::site::Derived;
use crate::model::{aliases, faq, links, references, sections, Site};

impl Site {
    /// This site with each `(id, page)` in place of page `id` (the same file, keeping its
    /// URL), and the parts worked out from the pages that the edit can change worked out
    /// again; or every problem that stops it. `fallback` is the default language's site for a
    /// translation (see [`Site::assemble`]); `fallback_changed` says its pages changed, so the
    /// translation's links are resolved again.
    pub(crate) fn with_pages_replaced(
        &self,
        edits: Vec<(PageId, Arc<Page>)>,
        fallback: Option<&Site>,
        fallback_changed: bool,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut parts = PageChange {
            everything: fallback_changed,
            ..PageChange::default()
        };
        let mut site = self.clone();
        let edited: Vec<PageId> = edits.iter().map(|(id, _)| *id).collect();
        for (id, page) in edits {
            parts.add(PageChange::between(&self.pages[id], &page));
            site.pages.replace(id, page);
        }
        let fallback = fallback.map(Site::as_fallback);
        if parts.everything {
            let (derived, problems) = Derived::of(&site.pages, &[], fallback, Some(self));
            if !problems.is_empty() {
                return Err(problems);
            }
            site.set(derived);
            return Ok(site);
        }
        if parts.related_questions {
            site.related_questions = Arc::new(faq::compute_related(
                &site.questions,
                &site.pages,
                &site.links,
                faq::RELATED_LIMIT,
            ));
        }
        if parts.sections {
            let (sections, section_of) = sections::build_sections(&site.pages);
            site.sections = Arc::new(sections);
            site.section_of = Arc::new(section_of);
        }
        if parts.aliases {
            let (aliases, problems) = aliases::collect(&site.pages);
            if !problems.is_empty() {
                return Err(problems);
            }
            site.aliases = Arc::new(aliases);
        }
        site.references = Arc::new(references::collect(&site.pages));
        site.warnings = Arc::new(warnings_after(&site, fallback, &edited));
        site.find_special_pages();
        Ok(site)
    }
}

/// The warnings of `site` (whose `warnings` are from before the edit of the pages `edited`,
/// which moved no link): those of the other pages as they were, and those of `edited` found
/// again, in site order as working everything out lists them.
fn warnings_after(
    site: &Site,
    fallback: Option<links::Fallback<'_>>,
    edited: &[PageId],
) -> Vec<Diagnostic> {
    let sources: Vec<&Path> = edited
        .iter()
        .map(|&p| site.pages[p].source.as_path())
        .collect();
    let mut warnings: Vec<Diagnostic> = site
        .warnings
        .iter()
        .filter(|w| !sources.contains(&w.file.as_path()))
        .cloned()
        .collect();
    warnings.extend(
        links::problems_of(&site.pages, &site.questions, fallback, edited)
            .into_iter()
            .filter(|d| !d.is_error()),
    );
    if !warnings.is_empty() {
        let order: std::collections::HashMap<&Path, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.as_path(), i))
            .collect();
        warnings.sort_by_key(|w| order.get(w.file.as_path()).copied());
    }
    warnings
}
