//! The preview's engine: turns each batch of changed files into the next [`Generation`] of
//! the site, reading only what changed and keeping every file an edit cannot have changed.
//!
//! **Loading.** The first version loads as `sitegen build` does. After that, an edit of
//! pages that keeps every page's URL and language reads those files only, and the site is
//! copied with them in place, working out again only the parts of the model they change
//! ([`Site::with_pages_replaced`]: nothing for an edit of text, the sections for a new title
//! or weight, everything for new headings or links). New, deleted, moved or renamed files and
//! folders are patched in ([`content::patch`]): the files now at the changed paths are read
//! (a changed folder is walked, and only it) and put in place among the pages read before, in
//! the order a walk of `content/` lists them, and the site is assembled again from them with
//! site.toml, the templates and the theme's words as they were. Anything else (site.toml,
//! templates, a watcher that lost events, a patch the loader would find a problem in) goes
//! through the one loader ([`pipeline::load_parts_reusing`]): `content/` is walked again, so
//! the files found are the files `build` would find, but a page whose file did not change is
//! taken from the version before rather than read; site.toml's clinic values are put into
//! pages as they are read, so a change of them reads again the pages that name one. An edit
//! that does not load leaves the engine as it was and stays pending: the next batch loads it
//! again with whatever else changed, and the problems reported are the loader's, exactly
//! `build`'s.
//!
//! A saved block (`content/_blocks/`) loads the same way: the pages that show a block that
//! changed are read again with it, and the edit is one of those pages.
//!
//! **What each file depends on** is decided in one place, [`crate::model::change`]: an edit
//! of a page is of text only when [`PageChange`] finds nothing the model reads changed
//! ([`Edit::Text`]), and a page made before is kept only while everything its output read of
//! the site (recorded by the context builder as it built the page) still holds in the new
//! version; otherwise it is checked against the fingerprint of what its template gets
//! (`render/page_fingerprint.rs`) and made again only if that changed. So, per edit:
//! - text only: the edited pages and their language's search index and questions feed are
//!   made again, the pages that read an edited page (its neighbours, the FAQ hub) are checked,
//!   everything else is the same `Arc` as before;
//! - pages beyond their text, or the set of files: the pages and the 404 page whose reads no
//!   longer hold (in a site of several languages, every page) are checked; alias redirects
//!   and publishing files are made again;
//! - site.toml or templates: everything is made again (everything shows `site`, and every
//!   page extends `base.html`);
//! - static files: they are listed again (they are read from disk when served).
//!
//! A page not made in the version before has no reads and is made afresh when asked for.
//!
//! Nothing is made at once: a file is made when it is first asked for (the page in the
//! editor's browser within milliseconds) or by the [`super::background`] in the background.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::content::{self, ClinicValues, Page};
use crate::diagnostics::Diagnostic;
use crate::model::change::{self, PageChange};
use crate::model::{LoadOptions, PageId, Site};
use crate::pipeline::{self, Inputs};
use crate::render::crawler_files::Part;
use crate::render::RenderOptions;

use super::store::{Generation, Slot, Unit};
use super::watch::Changes;

/// What an edit changed, as far as the site's files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The first version, site.toml or templates: every file is made again.
    Everything,
    /// The text of these pages (language, page) only.
    Text(Vec<(usize, PageId)>),
    /// Pages beyond their text, or which files there are.
    Structure,
    /// Static files only.
    Statics,
}

/// A new version of the site, and how it came about.
pub struct Applied {
    /// The new version of the site, as served.
    pub generation: Arc<Generation>,
    /// What changed since the version before.
    pub edit: Edit,
    /// The changes it takes in (with any that did not load before).
    pub changes: Changes,
}

/// Makes the site's versions, one per batch of changes.
pub struct Engine {
    root: PathBuf,
    load: LoadOptions,
    options: RenderOptions,
    current: Option<Arc<Generation>>,
    /// Changes not in `current` yet: an edit that does not load stays here until it does.
    pending: Changes,
    made: u64,
}

impl Engine {
    /// An engine for the site under `root`, with no version made yet (the first [`Engine::apply`] makes one).
    pub fn new(root: PathBuf, load: LoadOptions, options: RenderOptions) -> Self {
        Engine {
            root,
            load,
            options,
            current: None,
            pending: Changes::default(),
            made: 0,
        }
    }

    /// The next version after `changes` (with whatever did not load before), or every problem
    /// that stops it from loading, sorted, as `sitegen build` reports them.
    pub fn apply(&mut self, changes: &Changes) -> Result<Applied, Vec<Diagnostic>> {
        self.pending.merge(changes.clone());
        let stage = crate::timings::stage("model");
        let loaded = match &self.current {
            None => self
                .load_all(&|_| None)
                .map(|inputs| (inputs, Edit::Everything)),
            Some(current) => self.load_after(current),
        };
        // The fast paths (files patched in, static files, pages beyond their text) skip the
        // loader: every file must still have one source, as `build` checks at load. An edit of
        // text keeps every page's URL and aliases ([`PageChange`]), so it cannot add a source.
        let loaded = loaded.and_then(|(inputs, edit)| match edit {
            Edit::Everything | Edit::Text(_) => Ok((inputs, edit)),
            _ => {
                let sites = std::iter::once(&inputs.site)
                    .chain(&inputs.translations)
                    .collect();
                let errors = crate::owners::check(sites, &inputs.templates).errors;
                match errors.is_empty() {
                    true => Ok((inputs, edit)),
                    false => Err(errors),
                }
            }
        });
        drop(stage);
        let (inputs, edit) = loaded.map_err(|mut problems| {
            crate::diagnostics::sort(&mut problems);
            problems
        })?;
        let _stage = crate::timings::stage("generation");
        self.made += 1;
        let generation = Arc::new(self.next_generation(inputs, &edit));
        self.current = Some(generation.clone());
        Ok(Applied {
            generation,
            edit,
            changes: std::mem::take(&mut self.pending),
        })
    }

    /// Loads as `sitegen build` does, taking the pages `reuse` gives.
    fn load_all(&self, reuse: &content::Reuse<'_>) -> Result<Inputs, Vec<Diagnostic>> {
        pipeline::load_parts_reusing(&self.root, &self.load, reuse).into_inputs()
    }

    /// The inputs after the pending changes, from `current`'s.
    fn load_after(&self, current: &Generation) -> Result<(Inputs, Edit), Vec<Diagnostic>> {
        let pending = &self.pending;
        let inputs = &current.inputs;
        if pending.rescan {
            return self.load_all(&|_| None).map(|i| (i, Edit::Everything));
        }
        // A page showing a block that changed is read again with it (the loader reads every
        // block again), whatever else changed.
        let blocks: Vec<&PathBuf> = pending
            .content
            .iter()
            .filter(|p| touches_blocks(p))
            .collect();
        let shows_changed_block = |page: &Page| {
            page.doc
                .included()
                .iter()
                .any(|i| blocks.iter().any(|changed| i.file.starts_with(changed)))
        };
        if pending.config || pending.templates {
            let settings = match pending.config {
                true => settings_changed(&self.root, &self.load, inputs),
                false => Settings::Same,
            };
            if settings == Settings::Languages {
                return self.load_all(&|_| None).map(|i| (i, Edit::Everything));
            }
            let reuse = self.reuse(inputs, settings == Settings::Values);
            let reuse = |source: &Path| reuse(source).filter(|page| !shows_changed_block(page));
            return self.load_all(&reuse).map(|i| (i, Edit::Everything));
        }
        if pending.content.is_empty() {
            return Ok((inputs.clone(), Edit::Statics));
        }
        if !blocks.is_empty() {
            // The pages showing a block that changed are read again, as an edit of their text.
            let reuse = self.reuse(inputs, false);
            let reuse = |source: &Path| reuse(source).filter(|page| !shows_changed_block(page));
            return self.load_all(&reuse).map(|i| (i, Edit::Structure));
        }
        if let Some(edited) = self.edit_pages(inputs) {
            return Ok(edited);
        }
        if let Some(patched) = self.patch_files(inputs) {
            return Ok((patched, Edit::Structure));
        }
        let reuse = self.reuse(inputs, false);
        self.load_all(&*reuse).map(|i| (i, Edit::Structure))
    }

    /// Which pages the loader may take from `inputs` rather than read: those whose file did
    /// not change (nor a folder above it), and with `reread_values`, only those that name no
    /// clinic value.
    #[allow(clippy::type_complexity)]
    fn reuse<'a>(
        &'a self,
        inputs: &'a Inputs,
        reread_values: bool,
    ) -> Box<dyn Fn(&Path) -> Option<Arc<Page>> + Sync + 'a> {
        let pages: FxHashMap<&Path, &Arc<Page>> = std::iter::once(&inputs.site)
            .chain(&inputs.translations)
            .flat_map(|site| site.pages.iter())
            .map(|page| (page.source.as_path(), page))
            .collect();
        let changed = &self.pending.content;
        let folders: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| p.extension().is_none_or(|e| e != "md"))
            .collect();
        Box::new(move |source: &Path| {
            if changed.contains(source) || folders.iter().any(|f| source.starts_with(f)) {
                return None;
            }
            let page = pages.get(source)?;
            if reread_values && page.doc.source().contains("{{") {
                return None;
            }
            Some(Arc::clone(page))
        })
    }

    /// The inputs after edits of pages that keep their URL and draft flag, reading only
    /// them; `None` when the edit is anything else, or a page does not load (the loader then
    /// reports exactly what `build` would).
    fn edit_pages(&self, inputs: &Inputs) -> Option<(Inputs, Edit)> {
        let content_dir = self.root.join("content");
        let sites: Vec<&Site> = std::iter::once(&inputs.site)
            .chain(&inputs.translations)
            .collect();
        let mut edits: Vec<Vec<(PageId, Arc<Page>)>> = vec![Vec::new(); sites.len()];
        let mut text_only = true;
        let languages = self.languages(&sites)?;
        for path in &self.pending.content {
            let (lang, id) = sites
                .iter()
                .enumerate()
                .find_map(|(lang, site)| Some((lang, site.page_by_source(path)?)))?;
            let language = &languages[lang];
            let full = self.root.join(path);
            if !full.is_file() {
                return None;
            }
            let page = content::read_page_in(&self.root, &content_dir, &full, language).ok()?;
            let old = &sites[lang].pages[id];
            if page.path != old.path || page.meta.draft != old.meta.draft {
                return None;
            }
            text_only &= PageChange::between(old, &page).text_only();
            edits[lang].push((id, Arc::new(page)));
        }
        let mut next = inputs.clone();
        let edited: Vec<(usize, PageId)> = edits
            .iter()
            .enumerate()
            .flat_map(|(lang, pages)| pages.iter().map(move |(id, _)| (lang, *id)))
            .collect();
        let default_changed = !edits[0].is_empty() && !text_only;
        for (lang, pages) in edits.into_iter().enumerate() {
            // A translation's links fall back to the default language's pages.
            let fallback_changed = lang > 0 && default_changed;
            if pages.is_empty() && !fallback_changed {
                continue;
            }
            if lang == 0 {
                next.site = next.site.with_pages_replaced(pages, None, false).ok()?;
            } else {
                let site = &next.translations[lang - 1];
                let replaced = site
                    .with_pages_replaced(pages, Some(&next.site), fallback_changed)
                    .ok()?;
                next.translations[lang - 1] = replaced;
            }
        }
        if !content::blocks::check_question_pages(
            &languages[0].blocks,
            next.site.pages.as_slice(),
            &[],
        )
        .is_empty()
        {
            return None;
        }
        if text_only {
            return Some((next, Edit::Text(edited)));
        }
        (!templates_missing(&next)).then_some((next, Edit::Structure))
    }

    /// The inputs after changes of which files `content/` holds (or of pages beyond what
    /// [`Engine::edit_pages`] takes), reading only the files at the changed paths
    /// ([`content::patch`]) and keeping site.toml, the templates and the theme's words as they
    /// are; `None` when the patch cannot vouch for what a walk would find or the site has
    /// problems (the loader then finds and reports them, exactly as `build` does).
    fn patch_files(&self, inputs: &Inputs) -> Option<Inputs> {
        let _stage = crate::timings::stage("(patch files)");
        let sites: Vec<&Site> = std::iter::once(&inputs.site)
            .chain(&inputs.translations)
            .collect();
        let languages = self.languages(&sites)?;
        let before = content::patch::ContentBefore {
            pages: sites.iter().map(|site| site.pages.as_slice()).collect(),
            assets: &inputs.site.assets,
        };
        let contents = content::patch::patch(
            &self.root,
            self.load.drafts,
            &languages,
            &before,
            &self.pending.content,
        )?;
        let mut assembled: Vec<Site> = Vec::with_capacity(sites.len());
        for (content, old) in contents.into_iter().zip(&sites) {
            let fallback = (!assembled.is_empty()).then(|| &assembled[0]);
            let (mut site, problems) =
                Site::assemble_after(Some(old), &self.root, old.config.clone(), content, fallback);
            if !problems.is_empty() {
                return None;
            }
            site.strings = old.strings.clone();
            assembled.push(site);
        }
        if !content::blocks::check_question_pages(
            &languages[0].blocks,
            assembled[0].pages.as_slice(),
            &[],
        )
        .is_empty()
        {
            return None;
        }
        let mut assembled = assembled.into_iter();
        let next = Inputs {
            site: assembled.next()?,
            translations: assembled.collect(),
            templates: inputs.templates.clone(),
        };
        (!templates_missing(&next)).then_some(next)
    }

    /// The languages `sites` are read in, with their blocks; `None` when a block has a problem
    /// (the loader reports it).
    fn languages(&self, sites: &[&Site]) -> Option<Vec<content::Language>> {
        let languages: Vec<content::Language> = sites
            .iter()
            .enumerate()
            .map(|(lang, site)| language_of(lang, site))
            .collect();
        let (languages, problems) = content::with_blocks(&self.root, &languages);
        problems.is_empty().then_some(languages)
    }

    /// The generation of `inputs` after `edit`, sharing with the current one every unit the
    /// edit cannot have changed.
    fn next_generation(&self, inputs: Inputs, edit: &Edit) -> Generation {
        let previous = self.current.as_deref();
        // The slots of pages made before that the edit cannot have changed: what their output
        // read of the site still holds in the new one.
        let holding: FxHashSet<usize> = match (edit, previous) {
            (Edit::Text(_) | Edit::Structure, Some(previous)) => {
                let _stage = crate::timings::stage("(reads)");
                let before = previous.inputs.sites();
                let edited: Vec<Option<change::EditedSite<'_>>> = inputs
                    .sites()
                    .into_iter()
                    .enumerate()
                    .map(|(lang, now)| {
                        Some(change::EditedSite::new(
                            before.get(lang)?,
                            now,
                            crate::render::context::link_hash,
                        ))
                    })
                    .collect();
                previous
                    .entries
                    .par_iter()
                    .filter(|e| matches!(e.unit, Unit::Page { .. } | Unit::NotFound))
                    .filter_map(|e| {
                        let now = edited.get(e.unit.lang())?.as_ref()?;
                        let holds = e.slot.reads()?.still_hold(now);
                        holds.then_some(Arc::as_ptr(&e.slot) as usize)
                    })
                    .collect()
            }
            _ => FxHashSet::default(),
        };
        // The other languages' pages a page links to (its alternates) are not recorded as
        // read: only an edit beyond text can change them, and then every page of a site in
        // several languages is checked.
        let several_languages = !inputs.translations.is_empty();
        let slot_for = |unit: Unit, paths: &[String]| -> Arc<Slot> {
            let Some(previous) = previous else {
                return Slot::empty();
            };
            let before = || {
                let entry = previous.entry_of(paths.first()?)?;
                entry.is_like(unit).then(|| entry.slot.clone())
            };
            let checked = || Slot::checked_against(before().and_then(|slot| slot.made().cloned()));
            // A page made before: kept while its reads hold, else checked against its
            // fingerprint; a page not made before (nothing recorded) is made afresh.
            let page = || -> Arc<Slot> {
                let Some(slot) = before() else {
                    return Slot::empty();
                };
                match holding.contains(&(Arc::as_ptr(&slot) as usize)) {
                    true => slot,
                    false => Slot::checked_against(slot.made().cloned()),
                }
            };
            match edit {
                Edit::Everything => Slot::empty(),
                Edit::Statics => before().unwrap_or_else(Slot::empty),
                Edit::Text(edited) => match unit {
                    Unit::Page { lang, page: id } if edited.contains(&(lang, id)) => Slot::empty(),
                    Unit::Page { .. } => page(),
                    Unit::NotFound => page(),
                    Unit::Part { lang, part }
                        if matches!(part, Part::SearchIndex | Part::Feed)
                            && edited.iter().any(|&(l, _)| l == lang) =>
                    {
                        Slot::empty()
                    }
                    _ => before().unwrap_or_else(Slot::empty),
                },
                Edit::Structure => match unit {
                    Unit::Page { .. } | Unit::NotFound if several_languages => checked(),
                    Unit::Page { .. } => page(),
                    Unit::NotFound => page(),
                    _ => Slot::empty(),
                },
            }
        };
        // Static files and the files beside pages are listed again unless the edit was of
        // pages only, and kept every file beside them.
        let statics = match (edit, previous) {
            (Edit::Text(_) | Edit::Structure, Some(previous))
                if !self.pending.statics && same_assets(&previous.inputs, &inputs) =>
            {
                previous.statics()
            }
            _ => None,
        };
        let _stage = crate::timings::stage("(slots)");
        Generation::new(self.made, inputs, self.options.clone(), statics, slot_for)
    }
}

/// Whether a change at `path` (relative to the site root) may be of a block: a file or
/// folder in `content/_blocks/`, that folder, or `content/` itself.
fn touches_blocks(path: &Path) -> bool {
    let blocks = Path::new("content").join(content::blocks::FOLDER);
    path.starts_with(&blocks) || blocks.starts_with(path)
}

/// Whether a page of `inputs` names a template the theme lacks (the loader reports it).
fn templates_missing(inputs: &Inputs) -> bool {
    std::iter::once(&inputs.site)
        .chain(&inputs.translations)
        .any(|site| {
            !crate::render::templates::missing_for_pages(site, &inputs.templates).is_empty()
        })
}

/// Whether both have the same files beside their pages.
fn same_assets(a: &Inputs, b: &Inputs) -> bool {
    let (a, b) = (&a.site.assets, &b.site.assets);
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.source == b.source && a.output == b.output)
}

/// The language the pages of `site`, the `lang`th of the site, are read in.
fn language_of(lang: usize, site: &Site) -> content::Language {
    content::Language {
        code: (lang > 0).then(|| site.config.language.clone()),
        values: Some(ClinicValues::new(&site.config.clinic)),
        ..content::Language::default()
    }
}

/// What an edit of site.toml changed for the pages already read.
#[derive(Debug, PartialEq, Eq)]
enum Settings {
    /// Nothing pages are read with.
    Same,
    /// Clinic values, which are put into pages as they are read.
    Values,
    /// The languages, which decide what each file is (or site.toml does not load).
    Languages,
}

/// What changed in site.toml for pages read with `inputs`' settings.
fn settings_changed(root: &Path, load: &LoadOptions, inputs: &Inputs) -> Settings {
    let Ok(config) = Config::load_with(root, load.base_url.as_deref()) else {
        return Settings::Languages;
    };
    let before = &inputs.site.config;
    if json(&config.languages) != json(&before.languages) {
        Settings::Languages
    } else if json(&config.clinic) != json(&before.clinic) {
        Settings::Values
    } else {
        Settings::Same
    }
}

/// A setting as JSON, to compare it.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
