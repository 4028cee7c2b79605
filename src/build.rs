//! `sitegen build`: the [`pipeline`] with the staging folder as its sink. The site is loaded
//! and validated, each page is rendered, scanned for links and ids and put into the staging
//! folder by one task ([`output::Staging`]), so the site is never held in memory whole and
//! disk writes overlap rendering; then every link is checked, and only a clean build is
//! swapped in. A build with any error leaves the output as it was.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostics::{plural, Diagnostic};
use crate::model::LoadOptions;
use crate::output;
use crate::pipeline::{self, Inputs, Made};
use crate::render::{RenderOptions, Selection};

/// Everything `sitegen build` can be asked.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (the one with site.toml).
    pub root: PathBuf,
    /// Where the site is written (`public/` unless `--output`); replaced whole when the build succeeds.
    pub output: PathBuf,
    /// How the site is loaded (drafts, base URL, sample).
    pub load: LoadOptions,
    /// How it is rendered.
    pub render: RenderOptions,
}

/// What a finished build reports.
pub struct BuildReport {
    /// Pages built in the default language.
    pub pages: usize,
    /// Questions found in the default language.
    pub questions: usize,
    /// Per other language: its code, pages and questions.
    pub translations: Vec<(String, usize, usize)>,
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files left as they were, being unchanged since the last build.
    pub unchanged: usize,
    /// How long the build took.
    pub elapsed: Duration,
    /// What the build warns about (a replaced theme file, a question linked by an old id...).
    pub warnings: Vec<Diagnostic>,
    /// Files in the output folder that sitegen did not make and kept (paths inside it).
    pub kept_foreign: Vec<String>,
    /// The model and what was made, handed back so the caller decides when to free them:
    /// the command line exits without freeing (about 0.1 s saved at 10,000 pages).
    pub leftovers: Leftovers,
}

/// What a build made on the way, kept only so that freeing it is the caller's choice.
pub struct Leftovers {
    /// The loaded site and its templates.
    pub inputs: Inputs,
    /// Each file written, and whether its bytes were there already.
    pub made: Vec<Made<bool>>,
}

impl BuildReport {
    /// `Built 14 pages (31 questions) in 38 ms`, or with other languages
    /// `Built 14 pages (31 questions), es: 9 pages (40 questions), in 38 ms`
    pub fn summary(&self) -> String {
        built_line(self.pages, self.questions, &self.translations, self.elapsed)
    }
}

/// Each language's pages and questions in `inputs`: the default language's, then each other
/// language's code with its own.
pub(crate) fn language_counts(inputs: &Inputs) -> (usize, usize, Vec<(String, usize, usize)>) {
    let translations = inputs
        .translations
        .iter()
        .map(|t| {
            (
                t.config.language.clone(),
                t.pages.len(),
                t.questions.all.len(),
            )
        })
        .collect();
    (
        inputs.site.pages.len(),
        inputs.site.questions.all.len(),
        translations,
    )
}

/// The line `build` and `serve` print once a site is made (see [`BuildReport::summary`]).
pub(crate) fn built_line(
    pages: usize,
    questions: usize,
    translations: &[(String, usize, usize)],
    elapsed: Duration,
) -> String {
    let mut text = format!("Built {}", counts(pages, questions));
    for (code, pages, questions) in translations {
        text.push_str(&format!(", {code}: {}", counts(*pages, *questions)));
    }
    if !translations.is_empty() {
        text.push(',');
    }
    text.push_str(&format!(" in {} ms", elapsed.as_millis()));
    text
}

/// `14 pages (31 questions)`
fn counts(pages: usize, questions: usize) -> String {
    format!(
        "{pages} page{} ({questions} question{})",
        plural(pages),
        plural(questions)
    )
}

/// Builds the site into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    // A folder sitegen may not write to is refused before any work; `Staging::open` checks
    // again just before touching anything.
    output::check_output_dir(&options.root, &options.output).map_err(|d| vec![d])?;
    let inputs = pipeline::load_for_build(&options.root, &options.load)?;
    let staging = output::Staging::open(&options.root, &options.output).map_err(|d| vec![d])?;
    // The share cards are drawn, except those the output already holds as they would be.
    let render = RenderOptions {
        draw_cards: Some(options.output.clone()),
        ..options.render.clone()
    };
    let made = match inputs.render(&render, Selection::Everything, &staging) {
        Ok(made) => made,
        Err(problems) => {
            staging.abandon();
            return Err(problems);
        }
    };
    let scanned: Vec<_> = made.iter().map(Made::scanned).collect();
    if let Err(broken) = inputs.check_links(&scanned, |_| true) {
        staging.abandon();
        return Err(broken);
    }
    drop(scanned);
    let stage = crate::timings::stage("commit");
    let manifest: Vec<&str> = made.iter().map(|m| m.path.as_str()).collect();
    let unchanged = made.iter().filter(|m| m.kept).count();
    let summary = staging.commit(&manifest, unchanged).map_err(|d| vec![d])?;
    drop(stage);
    let (pages, questions, translations) = language_counts(&inputs);
    Ok(BuildReport {
        pages,
        questions,
        translations,
        written: summary.written,
        unchanged: summary.unchanged,
        elapsed: started.elapsed(),
        warnings: inputs.warnings(),
        kept_foreign: summary.kept_foreign,
        leftovers: Leftovers { inputs, made },
    })
}
