//! `sitegen check`: what in the site needs an editor's or a clinician's attention.
//!
//! [`run`] builds the whole site in memory (templates and link check included, nothing
//! written); a build that fails reports its diagnostics and stops there. Otherwise the
//! content checks run on every page, in parallel:
//!
//! | family | module | severity |
//! |---|---|---|
//! | review governance | [`review`] | errors; warning when due within 60 days |
//! | reading level | [`reading`] | warning above `reading_grade_target` |
//! | accessibility of the markdown | [`markdown_a11y`] | errors; warnings for link wording |
//!
//! The preview server calls [`check_site`] (content checks only, on an already loaded
//! [`Site`]) and [`report_site`] for the per-page table; [`report`] prints the result for
//! people or as JSON.

pub mod markdown_a11y;
pub mod page_source;
pub mod phrases;
pub mod reading;
pub mod report;
pub mod review;

use std::path::Path;

use rayon::prelude::*;

use crate::build::{self, Built};
use crate::content::Page;
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::render::RenderOptions;
use crate::site::{LoadOptions, Site};
use page_source::PageSource;
use reading::ReadingLevel;
use review::Review;

/// One page's line in the summary: its reading level and review status.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageReport {
    /// The page's file, relative to the site root: `content/safety.md`.
    pub file: String,
    /// The page's path within the site: `/safety/`.
    pub url: String,
    pub title: String,
    pub reading: ReadingLevel,
    pub review: Review,
}

/// Everything `sitegen check` found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CheckReport {
    /// Sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// One per page, sorted by file; empty when the site does not build.
    pub pages: Vec<PageReport>,
    /// site.toml's `reading_grade_target`, when the site loaded.
    pub reading_grade_target: Option<f64>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    fn sort(&mut self) {
        diagnostics::sort(&mut self.diagnostics);
        self.diagnostics.dedup();
        self.pages.sort_by(|a, b| a.file.cmp(&b.file));
    }
}

/// The content checks of a loaded site, as of today: what the preview server shows.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    report_site(site, Date::today()).diagnostics
}

/// The content checks of a loaded site on `today`, with every page's reading level and
/// review status.
pub fn report_site(site: &Site, today: Date) -> CheckReport {
    let results: Vec<(PageReport, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| check_page(site, page, today))
        .collect();
    let mut report = CheckReport {
        reading_grade_target: Some(site.config.reading_grade_target),
        ..CheckReport::default()
    };
    for (page, findings) in results {
        report.pages.push(page);
        report.diagnostics.extend(findings);
    }
    report.sort();
    report
}

fn check_page(site: &Site, page: &Page, today: Date) -> (PageReport, Vec<Diagnostic>) {
    let config = &site.config;
    let source = PageSource::read(&site.root, &page.source);
    let level = reading::measure(&page.doc.plain_text);
    let mut findings = review::check(page, source.as_ref(), config.review_interval_months, today);
    findings.extend(reading::check(page, &level, config.reading_grade_target));
    findings.extend(markdown_a11y::check(page));
    let summary = PageReport {
        file: slash_path(&page.source),
        url: page.path.clone(),
        title: page.meta.title.clone(),
        reading: level,
        review: review::review_of(page, config.review_interval_months, today),
    };
    (summary, findings)
}

/// The checks of a site built in memory: the build's warnings and the content checks.
pub fn check_built(built: &Built, today: Date) -> CheckReport {
    let mut report = report_site(&built.site, today);
    report.diagnostics.extend(built.warnings.iter().cloned());
    report.sort();
    report
}

/// Builds the site under `root` in memory and checks it. A site that does not build reports
/// the build's diagnostics and no pages.
pub fn run(root: &Path, load: &LoadOptions, today: Date) -> CheckReport {
    match build::build_in_memory(root, load, &RenderOptions::default()) {
        Ok(built) => check_built(&built, today),
        Err(problems) => {
            let mut report = CheckReport {
                diagnostics: problems,
                ..CheckReport::default()
            };
            report.sort();
            report
        }
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
