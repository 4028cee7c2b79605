//! The one way through: **load** every input -> [`Site`] (validated, positions kept) ->
//! **render** all pages or a selection -> **link check** -> a **sink**. `sitegen build`,
//! `sitegen check` and `sitegen serve` all go through here and differ only in what they
//! select and where the files go:
//!
//! | command | selection | sink |
//! |---|---|---|
//! | `build` | everything | the staging folder, swapped in over `public/` ([`crate::output`]) |
//! | `check` | everything | memory: the checks read the rendered pages ([`crate::check`]) |
//! | `serve` | everything, or the pages an edit touched | memory, served over HTTP ([`crate::serve`]) |
//!
//! [`load`] finds everything an editor can get wrong before anything is rendered (keys,
//! dates, links, aliases, clinic values, templates, `cname`), reporting every problem of every
//! file at once; rendering then fails only on a template's runtime error. [`Inputs::render`]
//! scans each file for links and ids as it is made and hands it to the sink on the same
//! thread; [`Inputs::check_links`] checks every href and `#fragment` of what was made, so
//! the preview fails exactly when `build` would, with the same messages.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, ClinicValues};
use crate::diagnostics::Diagnostic;
use crate::linkcheck::{self, Scan, ScannedFile};
use crate::model::{LoadOptions, Site};
use crate::output::OutputFile;
use crate::render::templates::{self, Templates};
use crate::render::{self, RenderOptions, Selection};
use crate::theme_strings;
use crate::timings::stage;

/// A loaded, validated site and its compiled templates: everything rendering needs. Cheap to
/// copy (the preview keeps one per version of the site).
#[derive(Clone)]
pub struct Inputs {
    /// The site in its default language.
    pub site: Site,
    /// The site in each other language site.toml lists (its pages `page.<code>.md`), in
    /// site.toml's order; empty for a site in one language.
    pub translations: Vec<Site>,
    /// The theme's templates, compiled.
    pub templates: Arc<Templates>,
}

/// Reads and validates every input of the site under `root`: site.toml, every page, the
/// templates. Either the whole site, or every problem found, sorted by file and line.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Inputs, Vec<Diagnostic>> {
    load_parts(root, options).into_inputs()
}

/// What loading found, as far as it got: the site (without the pages that did not load),
/// the templates, and every problem, sorted. `sitegen check` checks the pages that loaded even
/// when others did not.
pub(crate) struct Loaded {
    pub site: Option<Site>,
    pub translations: Vec<Site>,
    pub templates: Option<Templates>,
    pub problems: Vec<Diagnostic>,
}

impl Loaded {
    /// The whole site, or every problem found.
    pub(crate) fn into_inputs(self) -> Result<Inputs, Vec<Diagnostic>> {
        match (self.site, self.templates) {
            (Some(site), Some(templates)) if self.problems.is_empty() => Ok(Inputs {
                site,
                translations: self.translations,
                templates: Arc::new(templates),
            }),
            _ => Err(self.problems),
        }
    }
}

/// [`load`] for `build`, which runs no checks: pages keep nothing the checks alone read
/// (where their prose lies, see [`crate::markdown`]), which saves memory.
pub(crate) fn load_for_build(
    root: &Path,
    options: &LoadOptions,
) -> Result<Inputs, Vec<Diagnostic>> {
    load_parts_keeping(root, options, &|_| None, false).into_inputs()
}

/// Reads and validates everything it can (see [`Loaded`]).
pub(crate) fn load_parts(root: &Path, options: &LoadOptions) -> Loaded {
    load_parts_reusing(root, options, &|_| None)
}

/// [`load_parts`], taking each page `reuse` gives (by its file, `content/safety.md`) rather
/// than reading the file again: the preview's load after an edit, which reads only the files
/// that changed and otherwise loads exactly as `build` does.
pub(crate) fn load_parts_reusing(
    root: &Path,
    options: &LoadOptions,
    reuse: &content::Reuse<'_>,
) -> Loaded {
    load_parts_keeping(root, options, reuse, true)
}

/// [`load_parts_reusing`], keeping what the checks read of each page only with `keep_prose`.
fn load_parts_keeping(
    root: &Path,
    options: &LoadOptions,
    reuse: &content::Reuse<'_>,
    keep_prose: bool,
) -> Loaded {
    let loading = stage("load");
    let config = Config::load_with(root, options.base_url.as_deref()).map(|mut config| {
        config.sample = options.sample;
        config
    });
    // Every language's settings: the default one's, then each other's.
    let configs: Vec<Config> = match &config {
        Ok(config) => std::iter::once(config.clone())
            .chain(config.languages.iter().map(|l| config.in_language(l)))
            .collect(),
        Err(_) => Vec::new(),
    };
    let languages: Vec<content::Language> = if configs.is_empty() {
        // site.toml did not load: its error is the one to report, so translations are read
        // as the languages it lists (if it can say), not reported once per file.
        std::iter::once(content::Language::default())
            .chain(
                Config::language_codes_despite_problems(root)
                    .into_iter()
                    .map(|code| content::Language {
                        code: Some(code),
                        ..Default::default()
                    }),
            )
            .collect()
    } else {
        configs
            .iter()
            .enumerate()
            .map(|(i, c)| content::Language {
                code: (i > 0).then(|| c.language.clone()),
                values: Some(ClinicValues::new(&c.clinic)),
                ..content::Language::default()
            })
            .collect()
    };
    let languages: Vec<content::Language> = languages
        .into_iter()
        .map(|language| content::Language {
            skip_prose: !keep_prose,
            ..language
        })
        .collect();
    let reading = stage("(read pages)");
    let mut contents = content::load_reusing(root, options.drafts, &languages, reuse).into_iter();
    let content = contents.next().unwrap_or_default();
    drop(reading);
    let theme = match &config {
        Ok(config) => Some(config.theme.clone()),
        Err(_) => Config::theme_despite_problems(root),
    };
    let compiling = stage("(templates)");
    // Without a theme (site.toml is not TOML at all), templates wait for site.toml's fix.
    let templates = theme.map(|theme| templates::load(root, &theme));
    drop(compiling);
    let mut problems = Vec::new();
    let mut translations = Vec::new();
    let mut site = match config {
        Ok(config) => {
            // A translation's links fall back to the default language's pages: one that did
            // not load is reported once, by its own errors, not again by the links to it.
            let failed = content.failed.clone();
            let (site, found) = Site::assemble(root, config, content, None);
            problems.extend(found);
            for (config, mut content) in configs.into_iter().skip(1).zip(contents) {
                content.failed.extend(failed.iter().cloned());
                let (translation, found) = Site::assemble(root, config, content, Some(&site));
                problems.extend(found);
                translations.push(translation);
            }
            Some(site)
        }
        Err(found) => {
            problems.extend(found);
            problems.extend(content.problems);
            problems.extend(contents.flat_map(|c| c.problems));
            None
        }
    };
    match &templates {
        Some(Ok(templates)) => {
            for site in site.iter().chain(&translations) {
                problems.extend(templates::missing_for_pages(site, templates));
                problems.extend(render::cards::own_image::problems(site));
            }
            if let Some(site) = &site {
                problems.extend(render::cards::problems(site, templates));
            }
            if let Some(site) = site.as_mut() {
                let codes: Vec<String> = std::iter::once(&*site)
                    .chain(&translations)
                    .map(|s| s.config.language.clone())
                    .collect();
                let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
                match theme_strings::load(root, &site.config.theme, &codes, &templates.strings_used)
                {
                    Ok(all) => {
                        let mut all = all.into_iter();
                        for s in std::iter::once(site).chain(translations.iter_mut()) {
                            s.strings = all.next().unwrap_or_else(theme_strings::english);
                        }
                    }
                    Err(found) => problems.extend(found),
                }
            }
        }
        Some(Err(found)) => problems.extend(found.iter().cloned()),
        None => {}
    }
    // Every file has one source: checked once the whole site is known, before rendering.
    if let (Some(site), Some(Ok(templates))) = (&site, &templates) {
        let sites = std::iter::once(site).chain(&translations).collect();
        problems.extend(crate::owners::check(sites, templates).errors);
    }
    drop(loading);
    in_blocks(site.iter().chain(&translations), &mut problems);
    crate::diagnostics::sort(&mut problems);
    Loaded {
        site,
        translations,
        templates: templates.and_then(Result::ok),
        problems,
    }
}

/// A file the pipeline made, as its sink kept it.
pub struct Made<K> {
    /// Path inside the output: `safety/index.html`.
    pub path: String,
    /// The page or template it came from.
    pub origin: PathBuf,
    /// Its links and ids (`None` for files that are not HTML).
    pub scan: Option<Scan>,
    /// What the sink kept of it.
    pub kept: K,
}

impl<K> Made<K> {
    pub(crate) fn scanned(&self) -> ScannedFile<'_> {
        ScannedFile {
            path: &self.path,
            origin: &self.origin,
            scan: self.scan.as_ref(),
        }
    }
}

/// Where rendered files go.
pub(crate) trait Sink: Sync {
    /// What the sink keeps of each file (for the staging folder: whether its bytes were there
    /// already; for memory: the file's body).
    type Kept: Send;
    fn put(&self, file: OutputFile) -> Result<Self::Kept, Diagnostic>;
}

/// The sink of the preview and the checks: files kept in memory.
pub(crate) struct Memory;

impl Sink for Memory {
    type Kept = crate::output::Body;
    fn put(&self, file: OutputFile) -> Result<Self::Kept, Diagnostic> {
        Ok(file.body)
    }
}

/// The sink of `sitegen build`: the staging folder. It keeps whether each file's bytes were
/// there already.
impl Sink for crate::output::Staging {
    type Kept = bool;
    fn put(&self, file: OutputFile) -> Result<bool, Diagnostic> {
        crate::output::Staging::put(self, &file)
    }
}

/// The errors rendering stops a build with, in the one order `sitegen build` and the
/// preview's background check ([`crate::serve`]) report them: the default language's when it
/// has any (a build stops there, and `other_languages` is not called), else every other
/// language's; sorted by file and line, site.toml's first. The link check's come after
/// these, sorted the same way ([`Inputs::check_links`]).
pub(crate) fn build_errors(
    default_language: Vec<Diagnostic>,
    other_languages: impl FnOnce() -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut errors = default_language;
    if errors.is_empty() {
        errors = other_languages();
    }
    crate::diagnostics::sort(&mut errors);
    errors
}

impl Inputs {
    /// Renders `selection`, scanning each file and handing it to `sink`.
    pub(crate) fn render<S: Sink>(
        &self,
        options: &RenderOptions,
        selection: Selection<'_>,
        sink: &S,
    ) -> Result<Vec<Made<S::Kept>>, Vec<Diagnostic>> {
        let languages = self.languages();
        let (mut made, default_errors) =
            match self.render_language(&languages, 0, options, selection, sink) {
                Ok(made) => (made, Vec::new()),
                Err(errors) => (Vec::new(), errors),
            };
        let errors = build_errors(default_errors, || {
            let mut errors = Vec::new();
            // Other languages render in full with everything (the preview's page-by-page
            // renders are of the default language).
            if matches!(selection, Selection::Everything) {
                for lang in 1..languages.sites.len() {
                    match self.render_language(&languages, lang, options, selection, sink) {
                        Ok(more) => made.extend(more),
                        Err(found) => errors.extend(found),
                    }
                }
            }
            errors
        });
        match errors.is_empty() {
            true => Ok(made),
            false => Err(errors),
        }
    }

    /// Renders `selection` of language `lang` of `languages` (this site's, from
    /// [`Inputs::languages`]) only, scanning each file and handing it to `sink`.
    pub(crate) fn render_language<S: Sink>(
        &self,
        languages: &render::Languages<'_>,
        lang: usize,
        options: &RenderOptions,
        selection: Selection<'_>,
        sink: &S,
    ) -> Result<Vec<Made<S::Kept>>, Vec<Diagnostic>> {
        let put = |file: OutputFile| {
            let scan = linkcheck::scan_file(&file);
            let (path, origin) = (file.path.clone(), file.origin.clone());
            let kept = sink.put(file)?;
            Ok(Made {
                path,
                origin,
                scan,
                kept,
            })
        };
        render::render(languages, lang, &self.templates, options, selection, &put)
    }

    /// The [fingerprints](render::page_fingerprint) of `of` in language `lang` of `languages`.
    pub(crate) fn fingerprints(
        &self,
        languages: &render::Languages<'_>,
        lang: usize,
        options: &RenderOptions,
        of: &[render::Fingerprinted],
    ) -> Vec<(Option<u64>, crate::model::change::Reads)> {
        render::fingerprints(languages, lang, &self.templates, options, of)
    }

    /// The site in each of its languages, the default one first.
    pub(crate) fn sites(&self) -> Vec<&Site> {
        std::iter::once(&self.site)
            .chain(&self.translations)
            .collect()
    }

    /// Every language of the site, for rendering.
    pub fn languages(&self) -> render::Languages<'_> {
        render::Languages::new(
            std::iter::once(&self.site)
                .chain(&self.translations)
                .collect(),
        )
    }

    /// Checks the links of the files `include` selects against all of `files` (every file
    /// of the site). Each problem says where to fix it: the page's markdown or its template;
    /// they come sorted by file and line.
    pub(crate) fn check_links(
        &self,
        files: &[ScannedFile<'_>],
        include: impl Fn(usize) -> bool + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        let _stage = stage("linkcheck");
        let mut broken = linkcheck::check_files(files, self.site.config.base_path(), include);
        if !self.translations.is_empty() {
            broken.extend(crate::hreflang::check(files, &self.site.config.base_url));
        }
        if broken.is_empty() {
            Ok(())
        } else {
            let mut broken = self.name_templates(broken);
            crate::diagnostics::sort(&mut broken);
            Err(broken)
        }
    }

    /// Says which template wrote each page whose output has a broken link, since the link may
    /// come from the template rather than the markdown.
    fn name_templates(&self, mut broken: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let site = &self.site;
        for d in &mut broken {
            let found = std::iter::once(site)
                .chain(&self.translations)
                .find_map(|s| Some((s, s.page_by_source(&d.file)?)));
            let Some((site, index)) = found else {
                continue;
            };
            let name = site.template_of(index);
            let file = self
                .templates
                .files
                .get(name)
                .map(|f| f.display().to_string())
                .unwrap_or_else(|| name.to_string());
            d.help = Some(format!(
                "the link is written either by this page's markdown or by its template {file}; fix it there"
            ));
        }
        broken
    }

    /// What a finished build warns about: a site's file that replaces the theme's (or
    /// sitegen's robots.txt), links by old question ids, and pages and questions nothing
    /// links to.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let sites = std::iter::once(&self.site)
            .chain(&self.translations)
            .collect();
        let mut warnings = crate::owners::check(sites, &self.templates).overrides;
        warnings.extend(crate::config::missing_practice_values(&self.site.root));
        for site in std::iter::once(&self.site).chain(&self.translations) {
            warnings.extend(site.warnings.iter().cloned());
            orphan_warnings(site, &mut warnings);
        }
        in_blocks(
            std::iter::once(&self.site).chain(&self.translations),
            &mut warnings,
        );
        warnings
    }

    /// Loads, renders everything in memory and checks every link: what `sitegen check` and
    /// the preview's first build do.
    pub fn render_in_memory(
        &self,
        options: &RenderOptions,
    ) -> Result<Vec<Made<crate::output::Body>>, Vec<Diagnostic>> {
        let made = self.render(options, Selection::Everything, &Memory)?;
        let scanned: Vec<ScannedFile<'_>> = made.iter().map(Made::scanned).collect();
        self.check_links(&scanned, |_| true)?;
        Ok(made)
    }
}

/// Makes `diagnostics` about text of a block that a page of `sites` shows name the block's
/// file and line, and the page ([`content::blocks::relocate`]).
pub(crate) fn in_blocks<'a>(
    sites: impl IntoIterator<Item = &'a Site>,
    diagnostics: &mut [Diagnostic],
) {
    let pages = sites
        .into_iter()
        .flat_map(|site| site.pages.iter().map(|p| &**p));
    content::blocks::relocate(pages, diagnostics);
}

/// Pages and questions nothing links to, as warnings added to `warnings`. A large site has
/// hundreds of thousands: they are made in parallel, by the threads whose memory the render
/// freed, straight into `warnings` (a list of them copied in would double them for a moment).
fn orphan_warnings(site: &Site, warnings: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let (pages, questions) = site.orphans();
    warnings.reserve(pages.len() + questions.len());
    warnings.par_extend(pages.into_par_iter().map(|p| {
        let page = &site.pages[p];
        Diagnostic::warning(&page.source, "no other page links to this page")
            .at(page.meta.line, 1)
            .help("link to it from a related page, e.g. [text](@/".to_string() + &page.rel + ")")
    }));
    warnings.par_extend(questions.into_par_iter().map(|q| {
        let question = &site.questions.all[q];
        let page = &site.pages[question.page];
        Diagnostic::warning(
            &page.source,
            format!("no page links to the question \"{}\"", question.text),
        )
        .at(question.line(page), 1)
        .help(format!(
            "link to it from a related answer with [text](@#{})",
            question.id
        ))
    }));
}
