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
//! A check is assembled from its [`Parts`] (each page's findings, the theme's, the
//! translations', the rendered files' and the build's warnings) by one function,
//! [`Parts::report`]: `sitegen check` gathers the parts at once ([`check_built`]), the
//! preview's editor's desk page by page in its background worker, so both show the same
//! report. [`report`] prints it for people or as JSON, [`desk`] as the editor's desk (HTML).

pub(crate) mod clinical;
pub mod desk;
pub(crate) mod external;
pub(crate) mod fictional;
pub(crate) mod lexicon;
pub(crate) mod markdown_a11y;
pub(crate) mod page_source;
pub(crate) mod phrases;
pub(crate) mod privacy;
pub mod publish;
pub(crate) mod reading;
pub mod report;
pub mod review;
pub mod to_confirm;
pub(crate) mod translations;
pub(crate) mod unshown_blocks;
pub(crate) mod wording;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::content::Page;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::{LoadOptions, PageId, Site};
use crate::output::Body;
use crate::pipeline::{self, Made};
use crate::render::RenderOptions;
use page_source::PageSource;
use privacy::Leak;
use reading::ReadingLevel;
use review::Review;

/// One page's line in the summary: its reading level and review status.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageReport {
    /// The page's file, relative to the site root: `content/safety.md`.
    pub file: String,
    /// The page's path within the site: `/safety/`.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The page's language (`en`, `es`).
    pub language: String,
    /// How hard the page is to read.
    pub reading: ReadingLevel,
    /// What the reading level is held to, in the page's language.
    pub reading_target: reading::ReadingTarget,
    /// When the page was reviewed and when it falls due.
    pub review: Review,
    /// Where a translation stands against its source, or which languages a page in the
    /// default language is missing in.
    pub translation: translations::TranslationState,
    /// The page's questions, to point a finding at the one it concerns (not in the JSON).
    #[serde(skip)]
    pub questions: Vec<QuestionSpan>,
}

/// A question of a page and the lines its answer runs over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionSpan {
    /// The heading's id (`#is-ketamine-addictive`, without the `#`).
    pub id: String,
    /// The question as its heading says it.
    pub text: String,
    /// The heading's line.
    pub line: usize,
    /// The last line of the answer (`usize::MAX`: to the end of the page).
    pub last_line: usize,
}

impl PageReport {
    /// The question whose heading or answer holds `line`, if any.
    pub(crate) fn question_at(&self, line: usize) -> Option<&QuestionSpan> {
        self.questions
            .iter()
            .rev()
            .find(|q| q.line <= line && line <= q.last_line)
    }
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
    pub publish: Option<publish::GateVerdict>,
    /// What `--external` looked at, when asked for (its findings are in `diagnostics`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<external::Summary>,
}

impl CheckReport {
    /// How many of the diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub(crate) fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Sorts by file and line (then severity, message and help, so the order never depends
    /// on how the findings were gathered) and drops repeats.
    fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message, &a.help)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message, &b.help))
        });
        self.diagnostics.dedup();
        self.pages.sort_by(|a, b| a.file.cmp(&b.file));
    }
}

/// The parts a check is made of, however they were gathered: at once by [`check_built`], or
/// page by page as the editor saves by the preview's background worker.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parts {
    /// What each page of each language found in its source.
    pub pages: Vec<PageFindings>,
    /// Privacy problems in the theme's and the site's templates and static files.
    pub theme_leaks: Vec<(Leak, Diagnostic)>,
    /// Translations against their sources ([`translations::review`]).
    pub translations: translations::TranslationReview,
    /// Privacy problems of the built files ([`privacy::scan_rendered`]), before those the
    /// sources explain are dropped.
    pub rendered_leaks: Vec<(Leak, Diagnostic)>,
    /// Built pages lacking the crisis box or the disclaimer ([`rendered_page`]).
    pub rendered_pages: Vec<Diagnostic>,
    /// What the build warns about.
    pub warnings: Vec<Diagnostic>,
    /// site.toml's `reading_grade_target`.
    pub reading_grade_target: Option<f64>,
    /// What is left to confirm before publishing ([`to_confirm::list`]).
    pub to_confirm: Vec<to_confirm::ToConfirm>,
    /// What the blocks' checks found ([`blocks_findings`]).
    pub blocks: Vec<Diagnostic>,
}

impl Parts {
    /// The parts every check of `site` (the default language's) starts from: its theme's
    /// findings and reading target.
    pub(crate) fn of_site(site: &Site) -> Parts {
        Parts {
            theme_leaks: theme_leaks(site),
            reading_grade_target: Some(site.config.reading_grade_target),
            ..Parts::default()
        }
    }

    /// Adds the parts about the site as a whole, in every language (`sites[0]` the default
    /// one): translations against their sources, what is left to confirm, and the blocks'
    /// findings. `sitegen check` and the preview's desk both call this, so a check of the
    /// whole site added here shows in both.
    pub(crate) fn add_whole_site(&mut self, sites: &[&Site]) {
        self.translations = translations::review(sites);
        self.to_confirm = to_confirm::list(sites);
        self.blocks = blocks_findings(sites);
    }

    /// The report: every finding once, sorted, and every page with its translation state.
    pub(crate) fn report(self) -> CheckReport {
        let content_leaks: Vec<(Leak, Diagnostic)> = self
            .pages
            .iter()
            .flat_map(|p| p.leaks.iter().cloned())
            .collect();
        let known = privacy::known_leaks(&content_leaks, &self.theme_leaks);
        let mut report = CheckReport {
            reading_grade_target: self.reading_grade_target,
            to_confirm: self.to_confirm,
            ..CheckReport::default()
        };
        report
            .diagnostics
            .extend(privacy::unexplained(&self.rendered_leaks, &known));
        for page in self.pages {
            report.diagnostics.extend(page.diagnostics);
            let mut summary = page.summary;
            if let Some(state) = self.translations.states.get(&summary.file) {
                summary.translation = state.clone();
            }
            report.pages.push(summary);
        }
        report
            .diagnostics
            .extend(content_leaks.into_iter().map(|(_, d)| d));
        report
            .diagnostics
            .extend(self.theme_leaks.into_iter().map(|(_, d)| d));
        report.diagnostics.extend(self.translations.diagnostics);
        report.diagnostics.extend(self.blocks);
        report.diagnostics.extend(self.rendered_pages);
        report.diagnostics.extend(self.warnings);
        report.sort();
        report
    }
}

/// The content checks of a loaded site on `today` (its sources, not its rendered pages).
pub fn check_site(site: &Site, today: Date) -> Vec<Diagnostic> {
    report_site(site, today).diagnostics
}

/// The checks of a loaded site's sources on `today`, with every page's reading level and
/// review status.
pub fn report_site(site: &Site, today: Date) -> CheckReport {
    let mut parts = Parts::of_site(site);
    parts.pages = check_pages(site, today);
    parts.to_confirm = to_confirm::list(&[site]);
    parts.report()
}

/// The checks of a site built in memory, in each of its languages (`sites[0]` the default
/// one): the build's warnings, the checks of the sources, translations against their
/// sources, and the rendered pages' crisis boxes and privacy.
pub(crate) fn check_built(
    sites: &[&Site],
    files: &[Made<Body>],
    warnings: Vec<Diagnostic>,
    today: Date,
) -> CheckReport {
    let mut parts = source_parts(sites, today);
    let own = privacy::own_origin(&sites[0].config.base_url);
    parts.rendered_leaks = files
        .par_iter()
        .flat_map_iter(|f| privacy::scan_rendered(&f.path, &f.origin, &f.kept, &own))
        .collect();
    for site in sites {
        parts.rendered_pages.extend(required_boxes(site, files));
    }
    parts.warnings = warnings;
    parts.report()
}

/// The parts of a check that come from the sources of every language's site: each page,
/// the theme, and each translation against its source.
fn source_parts(sites: &[&Site], today: Date) -> Parts {
    let mut parts = Parts::of_site(sites[0]);
    for site in sites {
        parts.pages.extend(check_pages(site, today));
    }
    parts.add_whole_site(sites);
    parts
}

/// What the checks of the blocks (`content/_blocks/`) find in every language: translations
/// behind their English block, and blocks no page shows.
pub(crate) fn blocks_findings(sites: &[&Site]) -> Vec<Diagnostic> {
    let mut found = unshown_blocks::check(sites);
    if sites.len() > 1 {
        found.extend(translations::check_blocks(sites));
    }
    found
}

/// The privacy findings of a site's theme and templates.
pub(crate) fn theme_leaks(site: &Site) -> Vec<(Leak, Diagnostic)> {
    let own = privacy::own_origin(&site.config.base_url);
    privacy::check_theme(&site.root, &site.config.theme, &own)
}

fn check_pages(site: &Site, today: Date) -> Vec<PageFindings> {
    let ids: Vec<PageId> = site.pages.ids().collect();
    ids.into_par_iter()
        .map(|index| check_page(site, index, today))
        .collect()
}

/// What the checks of one page's source found.
#[derive(Debug, Clone)]
pub(crate) struct PageFindings {
    pub summary: PageReport,
    pub diagnostics: Vec<Diagnostic>,
    /// Privacy findings, kept apart until the rendered pages have been checked against them.
    pub leaks: Vec<(Leak, Diagnostic)>,
}

/// The checks of the source of page `index` of `site` on `today`.
pub(crate) fn check_page(site: &Site, index: PageId, today: Date) -> PageFindings {
    let config = &site.config;
    let own = privacy::own_origin(&config.base_url);
    let page = &site.pages[index];
    let source = PageSource::of(page);
    let level = reading::measure_in(&config.language, source.plain_text());
    let words = lexicon::Lexicon::of(&config.language);
    let mut diagnostics = review::check(page, config.review_interval_months, today);
    diagnostics.extend(reading::check(
        page,
        &level,
        reading::ReadingTarget::of(config),
    ));
    diagnostics.extend(markdown_a11y::check(page));
    diagnostics.extend(wording::claims(page, &source, words));
    diagnostics.extend(wording::crisis_flag(page, &source, words));
    diagnostics.extend(clinical::check(site, index, &source));
    // Findings in the text of a block the page shows name the block's file and line.
    crate::content::blocks::relocate([&**page], &mut diagnostics);
    PageFindings {
        summary: PageReport {
            file: crate::diagnostics::slash_path(&page.source),
            url: page.path.clone(),
            title: page.meta.title.clone(),
            language: config.language.clone(),
            reading: level,
            reading_target: reading::ReadingTarget::of(config),
            review: review::review_of(page, config.review_interval_months, today),
            translation: translations::TranslationState::default(),
            questions: question_spans(page),
        },
        diagnostics,
        leaks: privacy::check_content(page, &source, &own),
    }
}

/// Each question of `page` with the lines of its answer: to the next heading of the same or
/// a higher level.
fn question_spans(page: &Page) -> Vec<QuestionSpan> {
    let headings = &page.doc.headings;
    page.doc
        .questions
        .iter()
        .map(|q| {
            let heading = &headings[q.heading];
            let last_line = headings[q.heading + 1..]
                .iter()
                .find(|h| h.level <= heading.level)
                .map_or(usize::MAX, |h| h.line.saturating_sub(1));
            QuestionSpan {
                id: heading.id.clone(),
                text: heading.text.clone(),
                line: heading.line,
                last_line,
            }
        })
        .collect()
}

/// A built page lacking the medical disclaimer, or, with `mental_health = true`, the crisis
/// box: `html` is the page built at `output_path`.
pub(crate) fn rendered_page(page: &Page, output_path: &str, html: &str) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = wording::disclaimer_missing(page, output_path, html)
        .into_iter()
        .collect();
    found.extend(wording::crisis_box_missing(page, output_path, html));
    found
}

/// [`rendered_page`] of every page of `site` among `files`.
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
            rendered_page(page, &path, &String::from_utf8_lossy(bytes))
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
                        let rendered = external::RenderedSite {
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
            let mut report = source_parts(&sites, today).report();
            report.diagnostics.extend(problems);
            if let Some(now) = external {
                let unrendered: Option<&external::RenderedSite<'_, Body>> = None;
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
