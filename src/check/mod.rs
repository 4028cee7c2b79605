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
//! | absolute claims, crisis box | [`wording`] | claims warn; a missing crisis box is an error |
//! | forms, third-party scripts, frames, fonts | [`privacy`] | errors |
//!
//! On a built site, the rendered pages are also checked: each mental-health page must carry
//! the crisis box, and no page may load anything from another host.
//!
//! With `--external` ([`external`]), every link to another web site is asked about too.
//!
//! The preview server calls [`check_site`] (the checks of the sources, on an already loaded
//! [`Site`]: content and theme, not the rendered pages) and [`report_site`] for the per-page
//! table; [`report`] prints the result for people or as JSON.

pub mod clinical;
pub mod external;
pub mod fictional;
pub mod lexicon;
pub mod markdown_a11y;
pub mod page_source;
pub mod phrases;
pub mod privacy;
pub mod publish;
pub mod reading;
pub mod report;
pub mod review;
pub mod to_confirm;
pub mod translations;
pub mod unshown_blocks;
pub mod wording;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::model::{LoadOptions, PageId, Site};
use crate::output::Body;
use crate::pipeline::{self, Made};
use crate::render::RenderOptions;
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
    /// What the reading level is held to, in the page's language.
    pub reading_target: reading::Target,
    pub review: Review,
}

/// Everything `sitegen check` found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CheckReport {
    /// Sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// One per page that loaded, sorted by file.
    pub pages: Vec<PageReport>,
    /// Whether the site builds (when it does not, `diagnostics` holds the build's errors
    /// beside the findings of the pages that loaded).
    pub builds: bool,
    /// site.toml's `reading_grade_target`, when the site loaded.
    pub reading_grade_target: Option<f64>,
    /// What is left to confirm before publishing: unconfirmed clinic values and reviewers,
    /// and what cannot be real (see [`to_confirm`]). Warnings for `check`, errors for
    /// `check --publish`; not counted in `diagnostics`.
    pub to_confirm: Vec<to_confirm::ToConfirm>,
    /// The publish gate's verdict, with `--publish`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<publish::Verdict>,
    /// What `--external` looked at, when asked for (its findings are in `diagnostics`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<external::Summary>,
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

/// The content checks of a loaded site on `today`: what the preview server shows.
pub fn check_site(site: &Site, today: Date) -> Vec<Diagnostic> {
    report_site(site, today).diagnostics
}

/// What [`check_site`] finds on page `index` alone, on `today`: the preview checks again
/// only the pages an editor saved.
pub fn check_one_page(site: &Site, index: PageId, today: Date) -> Vec<Diagnostic> {
    let own = privacy::own_origin(&site.config.base_url);
    let found = check_page(site, index, &own, today);
    let mut diagnostics = found.diagnostics;
    diagnostics.extend(found.leaks.into_iter().map(|(_, d)| d));
    crate::pipeline::in_blocks([site], &mut diagnostics);
    diagnostics
}

/// What [`check_site`] finds in the theme rather than in a page.
pub fn check_theme(site: &Site) -> Vec<Diagnostic> {
    let own = privacy::own_origin(&site.config.base_url);
    privacy::check_theme(&site.root, &site.config.theme, &own)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}

/// The checks of a loaded site's sources on `today`, with every page's reading level and
/// review status.
pub fn report_site(site: &Site, today: Date) -> CheckReport {
    let mut report = check_sources(site, today).into_report();
    crate::pipeline::in_blocks([site], &mut report.diagnostics);
    report.to_confirm = to_confirm::list(&[site]);
    report.sort();
    report
}

/// The checks of a site built in memory, in each of its languages (`sites[0]` the default
/// one): the build's warnings, the checks of the sources, translations against their
/// sources, and the rendered pages' crisis boxes and privacy.
pub fn check_built(
    sites: &[&Site],
    files: &[Made<Body>],
    warnings: Vec<Diagnostic>,
    today: Date,
) -> CheckReport {
    let sources = check_languages(sites, today);
    let known = privacy::known_leaks(&sources.content_leaks, &sources.theme_leaks);
    let own = privacy::own_origin(&sites[0].config.base_url);
    let mut report = sources.into_report();
    report
        .diagnostics
        .extend(privacy::check_rendered(files, &known, &own));
    for site in sites {
        report.diagnostics.extend(required_boxes(site, files));
    }
    report.diagnostics.extend(warnings);
    crate::pipeline::in_blocks(sites.iter().copied(), &mut report.diagnostics);
    report.sort();
    report
}

/// [`check_sources`] of every language's site, and each translation against its source.
fn check_languages(sites: &[&Site], today: Date) -> SourceFindings {
    let mut found = check_sources(sites[0], today);
    found.report.to_confirm = to_confirm::list(sites);
    for translation in &sites[1..] {
        let more = check_sources(translation, today);
        found.report.pages.extend(more.report.pages);
        found.report.diagnostics.extend(more.report.diagnostics);
        found.content_leaks.extend(more.content_leaks);
        found
            .report
            .diagnostics
            .extend(translations::check(sites[0], translation));
    }
    if sites.len() > 1 {
        found
            .report
            .diagnostics
            .extend(translations::check_blocks(sites));
    }
    found
        .report
        .diagnostics
        .extend(unshown_blocks::check(sites));
    found
}

/// What the checks of the sources found; privacy findings are kept apart until the
/// rendered pages have been checked against them.
struct SourceFindings {
    report: CheckReport,
    content_leaks: Vec<(privacy::Leak, Diagnostic)>,
    theme_leaks: Vec<(privacy::Leak, Diagnostic)>,
}

impl SourceFindings {
    fn into_report(self) -> CheckReport {
        let mut report = self.report;
        let leaks = self.content_leaks.into_iter().chain(self.theme_leaks);
        report.diagnostics.extend(leaks.map(|(_, d)| d));
        report
    }
}

fn check_sources(site: &Site, today: Date) -> SourceFindings {
    let own = privacy::own_origin(&site.config.base_url);
    let ids: Vec<PageId> = site.pages.ids().collect();
    let results: Vec<PageFindings> = ids
        .into_par_iter()
        .map(|index| check_page(site, index, &own, today))
        .collect();
    let mut found = SourceFindings {
        report: CheckReport {
            reading_grade_target: Some(site.config.reading_grade_target),
            ..CheckReport::default()
        },
        content_leaks: Vec::new(),
        theme_leaks: privacy::check_theme(&site.root, &site.config.theme, &own),
    };
    for page in results {
        found.report.pages.push(page.summary);
        found.report.diagnostics.extend(page.diagnostics);
        found.content_leaks.extend(page.leaks);
    }
    found
}

struct PageFindings {
    summary: PageReport,
    diagnostics: Vec<Diagnostic>,
    leaks: Vec<(privacy::Leak, Diagnostic)>,
}

fn check_page(site: &Site, index: PageId, own: &str, today: Date) -> PageFindings {
    let config = &site.config;
    let page = &site.pages[index];
    let source = PageSource::of(page);
    let level = reading::measure_in(&config.language, source.plain_text());
    let words = lexicon::Lexicon::of(&config.language);
    let mut diagnostics = review::check(page, config.review_interval_months, today);
    diagnostics.extend(reading::check(page, &level, reading::Target::of(config)));
    diagnostics.extend(markdown_a11y::check(page));
    diagnostics.extend(wording::claims(page, &source, words));
    diagnostics.extend(wording::crisis_flag(page, &source, words));
    diagnostics.extend(clinical::check(site, index, &source));
    PageFindings {
        summary: PageReport {
            file: crate::diagnostics::slash_path(&page.source),
            url: page.path.clone(),
            title: page.meta.title.clone(),
            reading: level,
            reading_target: reading::Target::of(config),
            review: review::review_of(page, config.review_interval_months, today),
        },
        diagnostics,
        leaks: privacy::check_content(page, &source, own),
    }
}

/// Built pages lacking the medical disclaimer, and pages with `mental_health = true` whose
/// built HTML lacks the crisis box.
fn required_boxes(site: &Site, files: &[Made<Body>]) -> Vec<Diagnostic> {
    let html_of: HashMap<&str, &[u8]> = files
        .iter()
        .filter_map(|f| match &f.kept {
            Body::Bytes(b) => Some((f.path.as_str(), b.as_slice())),
            Body::Copy(_) => None,
        })
        .collect();
    site.pages
        .iter()
        .flat_map(|page| {
            let path = crate::output::output_path(&page.path);
            let Some(bytes) = html_of.get(path.as_str()) else {
                return Vec::new();
            };
            let html = String::from_utf8_lossy(bytes);
            let mut found: Vec<Diagnostic> = wording::disclaimer_missing(page, &path, &html)
                .into_iter()
                .collect();
            found.extend(wording::crisis_box_missing(page, &path, &html));
            found
        })
        .collect()
}

/// Builds the site under `root` in memory and checks it. A site that does not build reports
/// the build's problems beside the checks of every page that loaded. With `external` (the
/// time now), links to other web sites are asked about too.
pub fn run(
    root: &Path,
    load: &LoadOptions,
    today: Date,
    external: Option<std::time::SystemTime>,
) -> CheckReport {
    let loaded = pipeline::load_parts(root, load);
    let (site, templates, problems) = (loaded.site, loaded.templates, loaded.problems);
    let translations = loaded.translations;
    let (site, translations, problems) = match (site, templates) {
        (Some(site), Some(templates)) if problems.is_empty() => {
            let inputs = pipeline::Inputs {
                site,
                translations,
                templates: templates.into(),
            };
            match inputs.render_in_memory(&RenderOptions::default()) {
                Ok(made) => {
                    let sites: Vec<&Site> = std::iter::once(&inputs.site)
                        .chain(&inputs.translations)
                        .collect();
                    let mut report = check_built(&sites, &made, inputs.warnings(), today);
                    report.builds = true;
                    if let Some(now) = external {
                        let rendered = external::Rendered {
                            files: &made,
                            templates: &inputs.templates,
                        };
                        let found = external::check(
                            &inputs.site,
                            &inputs.translations,
                            Some(&rendered),
                            now,
                        );
                        add_external(&mut report, found);
                    }
                    return report;
                }
                Err(problems) => (Some(inputs.site), inputs.translations, problems),
            }
        }
        (site, _) => (site, translations, problems),
    };
    match site {
        Some(site) => {
            let sites: Vec<&Site> = std::iter::once(&site).chain(&translations).collect();
            let mut report = check_languages(&sites, today).into_report();
            report.diagnostics.extend(problems);
            if let Some(now) = external {
                let unrendered: Option<&external::Rendered<'_, Body>> = None;
                let found = external::check(&site, &translations, unrendered, now);
                add_external(&mut report, found);
            }
            report.sort();
            report
        }
        None => {
            let mut report = CheckReport {
                diagnostics: problems,
                ..CheckReport::default()
            };
            report.sort();
            report
        }
    }
}

/// Adds the findings of `--external` to a report.
fn add_external(report: &mut CheckReport, found: external::Report) {
    report.diagnostics.extend(found.diagnostics);
    report.external = Some(found.summary);
    report.sort();
}
