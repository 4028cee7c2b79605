//! What `sitegen check` finds in the site, for the preview's status page (`/__sitegen/`).
//!
//! Findings are kept per page, so that after an edit of one page's text only that page is
//! checked again; a full rebuild checks every page. The checks themselves are
//! [`crate::check`]'s, the same as `sitegen check` runs.

use rayon::prelude::*;

use crate::check::{check_one_page, check_theme};
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::site::Site;

/// The findings of the last good build.
#[derive(Debug, Default)]
pub struct Findings {
    per_page: Vec<Vec<Diagnostic>>,
    theme: Vec<Diagnostic>,
}

impl Findings {
    /// Checks every page of `site`.
    pub fn check_all(&mut self, site: &Site, today: Date) {
        self.per_page = (0..site.pages.len())
            .into_par_iter()
            .map(|i| check_one_page(site, i, today))
            .collect();
        self.theme = check_theme(site);
    }

    /// Checks the pages `pages` of `site` again (the other pages are as they were).
    pub fn check_pages(&mut self, site: &Site, pages: &[usize], today: Date) {
        if self.per_page.len() != site.pages.len() {
            return self.check_all(site, today);
        }
        for &i in pages {
            self.per_page[i] = check_one_page(site, i, today);
        }
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
    use crate::site::LoadOptions;

    #[test]
    fn checking_one_page_again_finds_what_checking_all_finds() {
        let dir = tempfile::tempdir().unwrap();
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let target = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let today = Date::new(2026, 11, 22).unwrap();
        let site = Site::load(dir.path(), &LoadOptions::default()).unwrap();
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
        let site = Site::load(dir.path(), &LoadOptions::default()).unwrap();
        findings.check_pages(&site, &[safety], today);
        assert_eq!(
            findings.list(),
            crate::check::report_site(&site, today).diagnostics
        );
    }
}
