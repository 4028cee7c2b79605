//! What `sitegen check` finds in the site, for the preview's status page (`/__sitegen/`).
//!
//! Findings are kept per page, so that after an edit of one page's text only that page is
//! checked again; a full rebuild checks every page, a few hundred at a time, stopping
//! whenever the editor saves again (a large site takes seconds to check). The checks
//! themselves are [`crate::check`]'s, the same as `sitegen check` runs.

use rayon::prelude::*;

use crate::check::{check_one_page, check_theme};
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::model::{PageId, Site, Table};

/// Pages checked between two looks at whether the editor saved again: about 10 ms of work at
/// most, so a save never waits for the checks of pages it may have changed.
const CHUNK: usize = 16;

/// The findings of the last good build, and the pages still to check.
#[derive(Debug, Default)]
pub struct Findings {
    per_page: Table<PageId, Vec<Diagnostic>>,
    theme: Vec<Diagnostic>,
    todo: Vec<PageId>,
}

impl Findings {
    /// Plans to check every page of `site` (the page list may have changed).
    pub fn plan_all(&mut self, site: &Site) {
        self.per_page = Table::filled(site.pages.len());
        self.todo = site.pages.ids().rev().collect();
        self.theme = check_theme(site);
    }

    /// Plans to check the pages `pages` of `site` again.
    pub fn plan_pages(&mut self, site: &Site, pages: &[PageId]) {
        if self.per_page.len() != site.pages.len() {
            return self.plan_all(site);
        }
        self.todo.extend(pages);
    }

    /// Checks planned pages until none are left (true) or `interrupted` says to stop (false).
    pub fn work(
        &mut self,
        site: &Site,
        today: Date,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> bool {
        while !self.todo.is_empty() {
            let chunk = self.todo.split_off(self.todo.len().saturating_sub(CHUNK));
            let found: Vec<(PageId, Vec<Diagnostic>)> = chunk
                .into_par_iter()
                .filter(|&i| i.index() < site.pages.len())
                .map(|i| (i, check_one_page(site, i, today)))
                .collect();
            for (i, diagnostics) in found {
                self.per_page[i] = diagnostics;
            }
            if !self.todo.is_empty() && interrupted() {
                return false;
            }
        }
        true
    }

    /// Checks every page of `site` now.
    pub fn check_all(&mut self, site: &Site, today: Date) {
        self.plan_all(site);
        self.work(site, today, &mut || false);
    }

    /// Checks the pages `pages` of `site` again now (the other pages are as they were).
    pub fn check_pages(&mut self, site: &Site, pages: &[PageId], today: Date) {
        self.plan_pages(site, pages);
        self.work(site, today, &mut || false);
    }

    /// Every finding, sorted by file and line.
    pub fn list(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.per_page.iter().flatten().cloned().collect();
        all.extend(self.theme.iter().cloned());
        diagnostics::sort(&mut all);
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoadOptions;

    #[test]
    fn checking_one_page_again_finds_what_checking_all_finds() {
        let dir = crate::serve::test_sites::serve_fixture();
        let today = Date::new(2026, 11, 22).unwrap();
        let site = crate::pipeline::load(dir.path(), &LoadOptions::default())
            .ok()
            .unwrap()
            .site;
        let mut findings = Findings::default();
        findings.check_all(&site, today);
        // The fixture's pages have no review date, which the checks report.
        assert!(!findings.list().is_empty());
        assert_eq!(
            findings.list(),
            crate::check::report_site(&site, today).diagnostics
        );

        let safety = site.page_by_rel("safety.md").unwrap();
        let page = dir.path().join("content/safety.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(
            &page,
            text.replace("weight = 10", "weight = 10\nlast_reviewed = 2026-11-01"),
        )
        .unwrap();
        let site = crate::pipeline::load(dir.path(), &LoadOptions::default())
            .ok()
            .unwrap()
            .site;
        findings.check_pages(&site, &[safety], today);
        assert_eq!(
            findings.list(),
            crate::check::report_site(&site, today).diagnostics
        );
    }
}
