//! The editor's desk's report (`/__sitegen/`): `sitegen check` of the last version that
//! built, in every language, gathered piece by piece by the background worker.
//!
//! The pieces are [`crate::check`]'s own (each page's findings, the theme's, the privacy and
//! required boxes of each built file) and are put together by the same function as
//! `sitegen check` ([`crate::check::Parts::report`]), so the desk shows what the command
//! reports. They are kept, so that after an edit of some pages' text only those pages are
//! checked again (any other edit checks every page), and a built file is scanned again only
//! when it changed. The work
//! goes a few pages at a time, stopping whenever the editor saves again (a large site takes
//! seconds to check).

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::check::privacy::{self, Leak};
use crate::check::{self, CheckReport, PageFindings, Parts};
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::{PageId, Site, Table};
use crate::output::output_path;

use super::store::{Generation, Unit, UnitMade};

/// Pages (or built units) checked between two looks at whether the editor saved again:
/// about 10 ms of work at most, so a save never waits for the checks.
const CHUNK: usize = 16;

/// The privacy findings of one unit's built files, and the files they were found in: they
/// hold for as long as the unit's files are the same (the same `Arc`), whatever else changed.
#[derive(Debug)]
struct UnitPrivacy {
    made: Arc<UnitMade>,
    leaks: Vec<(Leak, Diagnostic)>,
}

/// What the checks of one page found: in its source, and in its built page (a missing
/// crisis box or disclaimer).
#[derive(Debug)]
struct PageChecked {
    source: PageFindings,
    built: Vec<Diagnostic>,
}

/// The pieces of the check of the last good version, and the pages still to check.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Per language, per page.
    pages: Vec<Table<PageId, Option<PageChecked>>>,
    theme: Vec<(Leak, Diagnostic)>,
    rendered: FxHashMap<Unit, UnitPrivacy>,
    todo: Vec<(usize, PageId)>,
}

/// The site of language `lang` of `version`.
fn site_of(version: &Generation, lang: usize) -> Option<&Site> {
    match lang {
        0 => Some(&version.inputs.site),
        n => version.inputs.translations.get(n - 1),
    }
}

fn sites(version: &Generation) -> Vec<&Site> {
    std::iter::once(&version.inputs.site)
        .chain(&version.inputs.translations)
        .collect()
}

impl Findings {
    /// Plans to check every page and built file of `version` (the page list may have changed).
    pub(crate) fn plan_all(&mut self, version: &Generation) {
        let sites = sites(version);
        self.pages = sites.iter().map(|s| Table::filled(s.pages.len())).collect();
        self.todo = sites
            .iter()
            .enumerate()
            .flat_map(|(lang, s)| s.pages.ids().rev().map(move |p| (lang, p)))
            .collect();
        self.theme = check::theme_leaks(&version.inputs.site);
    }

    /// Plans to check the pages `pages` (language, page) of `version` again.
    pub(crate) fn plan_pages(&mut self, version: &Generation, pages: &[(usize, PageId)]) {
        let sites = sites(version);
        let same_pages = self.pages.len() == sites.len()
            && self
                .pages
                .iter()
                .zip(&sites)
                .all(|(table, site)| table.len() == site.pages.len());
        if !same_pages {
            return self.plan_all(version);
        }
        self.todo.extend(pages);
    }

    /// Checks what is planned until nothing is left (true) or `interrupted` says to stop
    /// (false): the pages planned, source and built page, then every built file not checked
    /// yet (made now if the preview had not made it).
    pub(crate) fn work(
        &mut self,
        version: &Generation,
        today: Date,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> bool {
        while !self.todo.is_empty() {
            let chunk = self.todo.split_off(self.todo.len().saturating_sub(CHUNK));
            let found: Vec<(usize, PageId, PageChecked)> = chunk
                .into_par_iter()
                .filter_map(|(lang, page)| {
                    let site = site_of(version, lang)?;
                    (page.index() < site.pages.len()).then(|| {
                        let checked = PageChecked {
                            source: check::check_page(site, page, today),
                            built: built_page(version, site, page),
                        };
                        (lang, page, checked)
                    })
                })
                .collect();
            for (lang, page, findings) in found {
                self.pages[lang][page] = Some(findings);
            }
            if interrupted() {
                return false;
            }
        }
        let own = privacy::own_origin(&version.inputs.site.config.base_url);
        let languages = version.languages();
        for chunk in version.entries.chunks(CHUNK) {
            let todo: Vec<(Unit, Arc<UnitMade>)> = chunk
                .iter()
                .filter_map(|entry| {
                    let made = version.make(entry, &languages).as_ref().ok()?;
                    let known = self.rendered.get(&entry.unit);
                    let fresh = known.is_some_and(|r| Arc::ptr_eq(&r.made, made));
                    (!fresh).then(|| (entry.unit, made.clone()))
                })
                .collect();
            let checked: Vec<(Unit, UnitPrivacy)> = todo
                .into_par_iter()
                .map(|(unit, made)| (unit, rendered(made, &own)))
                .collect();
            self.rendered.extend(checked);
            if interrupted() {
                return false;
            }
        }
        true
    }

    /// The report of `version` from the pieces checked (call once [`Findings::work`] is done).
    pub(crate) fn report(&self, version: &Generation) -> CheckReport {
        let sites = sites(version);
        let mut parts = Parts::of_site(&version.inputs.site);
        parts.theme_leaks = self.theme.clone();
        for checked in self.pages.iter().flat_map(|table| table.iter().flatten()) {
            parts.pages.push(checked.source.clone());
            parts.rendered_pages.extend(checked.built.iter().cloned());
        }
        parts.add_whole_site(&sites);
        for entry in &version.entries {
            let Some(made) = entry.slot.made() else {
                continue;
            };
            let Some(found) = self.rendered.get(&entry.unit) else {
                continue;
            };
            if Arc::ptr_eq(&found.made, made) {
                parts.rendered_leaks.extend(found.leaks.iter().cloned());
            }
        }
        parts.warnings = version.inputs.warnings();
        let mut report = parts.report();
        report.builds = true;
        report
    }

    /// Checks all of `version` now, and reports it.
    #[cfg(test)]
    pub(crate) fn check_all(&mut self, version: &Generation, today: Date) -> CheckReport {
        self.plan_all(version);
        self.work(version, today, &mut || false);
        self.report(version)
    }

    /// Checks the pages `pages` of `version` again now (the rest is as it was), and reports.
    #[cfg(test)]
    pub(crate) fn check_pages(
        &mut self,
        version: &Generation,
        pages: &[(usize, PageId)],
        today: Date,
    ) -> CheckReport {
        self.plan_pages(version, pages);
        self.work(version, today, &mut || false);
        self.report(version)
    }
}

/// The privacy checks of the files `made` (by one unit).
fn rendered(made: Arc<UnitMade>, own: &str) -> UnitPrivacy {
    let leaks = made
        .files
        .iter()
        .flat_map(|f| privacy::scan_rendered(&f.path, &f.origin, &f.body, own))
        .collect();
    UnitPrivacy { made, leaks }
}

/// The checks of page `page` of `site` as built (the file at its address, as `sitegen
/// check` finds it): its crisis box and disclaimer ([`check::rendered_page`]). The file is
/// made now if it was not yet.
fn built_page(version: &Generation, site: &Site, page: PageId) -> Vec<Diagnostic> {
    let page = &site.pages[page];
    let path = output_path(&page.path);
    let Some(entry) = version.entry_of(&path) else {
        return Vec::new();
    };
    let Ok(made) = version.make(entry, &version.languages()) else {
        return Vec::new();
    };
    match made
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.body.as_ref())
    {
        Some(crate::output::Body::Bytes(bytes)) => {
            check::rendered_page(page, &path, &String::from_utf8_lossy(bytes))
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoadOptions;
    use crate::render::RenderOptions;
    use crate::serve::engine::Engine;
    use crate::serve::watch::Changes;

    fn report_json(report: &CheckReport) -> serde_json::Value {
        serde_json::from_str(&crate::check::report::json(report)).unwrap()
    }

    #[test]
    fn the_desk_reports_what_sitegen_check_reports_before_and_after_an_edit() {
        let dir = crate::serve::test_sites::desk_fixture();
        let today = Date::new(2026, 11, 22).unwrap();
        let mut engine = Engine::new(
            dir.path().to_path_buf(),
            LoadOptions::default(),
            RenderOptions::default(),
        );
        let version = engine.apply(&Changes::default()).ok().unwrap().generation;
        let mut findings = Findings::default();
        let desk = findings.check_all(&version, today);
        let check = crate::check::run(dir.path(), &LoadOptions::default(), today, None);
        assert!(desk.pages.iter().any(|p| p.language == "es"), "{desk:#?}");
        assert!(!check.diagnostics.is_empty());
        assert_eq!(report_json(&desk), report_json(&check));

        // Text of a Spanish page: only it is checked again, and the report still matches.
        let file = dir.path().join("content/safety.es.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\nUna frase más.\n")).unwrap();
        let mut changes = Changes::default();
        changes.add(dir.path(), &file);
        let applied = engine.apply(&changes).ok().unwrap();
        let crate::serve::engine::Edit::Text(pages) = &applied.edit else {
            panic!("a text edit: {:?}", applied.edit);
        };
        let desk = findings.check_pages(&applied.generation, pages, today);
        let check = crate::check::run(dir.path(), &LoadOptions::default(), today, None);
        assert_eq!(report_json(&desk), report_json(&check));
    }
}
