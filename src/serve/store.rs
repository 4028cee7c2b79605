//! One version of the site as the preview holds it (a [`Generation`]): the loaded site, and
//! every file it has, each made the first time someone asks for it.
//!
//! The files are grouped into units that are made together ([`Unit`]: a page, the 404 page,
//! a language's alias redirects, the static files, one part of the publishing files). Each
//! unit has a [`Slot`] that is filled once (a `OnceLock`, so two requests for the same page
//! render it once) and never changes after. A slot that an edit cannot have changed is shared
//! with the generation before (the same `Arc`), so its file is not made again; a slot that may
//! have changed is new, and may carry what the unit made before with that render's
//! fingerprint, to be taken as it is if the fingerprint under the new version is the same.
//! A stale file is therefore never served: a new version starts with empty or checked slots
//! only, and a slot is filled from its own version of the site.
//!
//! Why units rather than a file map: which files there are is known without making them
//! (pages, aliases and parts know their paths), so a request for a deleted page is a 404 at
//! once, and the link check can run before the publishing files (search index, feed) are
//! made.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::linkcheck::{Scan, ScannedFile};
use crate::model::change;
use crate::model::PageId;
use crate::output::{output_path, Body};
use crate::pipeline::{Inputs, Memory};
use crate::render::crawler_files::{self, Part};
use crate::render::{Fingerprinted, Languages, RenderOptions, Selection};

/// Files made together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    /// A page of language `lang` (0: the default one).
    Page { lang: usize, page: PageId },
    /// `404.html`.
    NotFound,
    /// The alias redirects of a language.
    Aliases { lang: usize },
    /// The static files and the files beside pages: listed, and so made, with every
    /// generation (they are copied as they are, so making them is listing them).
    Statics,
    /// One part of a language's publishing files.
    Part { lang: usize, part: Part },
}

impl Unit {
    /// The language it belongs to (the 404 page and static files: the default one).
    pub(crate) fn lang(self) -> usize {
        match self {
            Unit::Page { lang, .. } | Unit::Aliases { lang } | Unit::Part { lang, .. } => lang,
            Unit::NotFound | Unit::Statics => 0,
        }
    }

    /// Whether it is made only when asked for or when the editor pauses (the publishing
    /// files: no page links to an id in them, so the link check does not need them).
    pub(crate) fn is_publishing(self) -> bool {
        matches!(self, Unit::Part { .. })
    }
}

/// A file made by a unit.
#[derive(Debug)]
pub struct File {
    /// Path inside the output: `safety/index.html`.
    pub path: String,
    /// The page or template it came from.
    pub origin: PathBuf,
    pub scan: Option<Scan>,
    pub body: Arc<Body>,
}

/// What a unit made.
#[derive(Debug)]
pub struct UnitMade {
    pub files: Vec<File>,
    /// The fingerprint of what it was made from (pages and the 404 page).
    pub fingerprint: Option<u64>,
}

/// A unit's files, once made.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    made: OnceLock<Result<Arc<UnitMade>, Vec<Diagnostic>>>,
    /// What the unit made in the version before, to take if its fingerprint is the same now.
    previous: Option<Arc<UnitMade>>,
    /// What a page's output read of the site when it was made (see [`change::Reads`]): the
    /// next version keeps the slot while every read still holds.
    reads: OnceLock<change::Reads>,
}

impl Slot {
    /// An empty slot.
    pub(crate) fn empty() -> Arc<Slot> {
        Arc::default()
    }

    /// An empty slot that may take `previous` (what the unit made before) once checked.
    pub(crate) fn checked_against(previous: Option<Arc<UnitMade>>) -> Arc<Slot> {
        Arc::new(Slot {
            made: OnceLock::new(),
            previous,
            reads: OnceLock::new(),
        })
    }

    /// What the page made in it read of the site, if it was made with its fingerprint.
    pub(crate) fn reads(&self) -> Option<&change::Reads> {
        self.made()?;
        self.reads.get()
    }

    /// What it holds, if made.
    pub(crate) fn get(&self) -> Option<&Result<Arc<UnitMade>, Vec<Diagnostic>>> {
        self.made.get()
    }

    /// What it made, if it was made without errors.
    pub(crate) fn made(&self) -> Option<&Arc<UnitMade>> {
        self.made.get().and_then(|r| r.as_ref().ok())
    }
}

/// A unit of a generation: what it is, where its files go, and its slot.
#[derive(Debug)]
pub struct Entry {
    pub(crate) unit: Unit,
    pub(crate) paths: Vec<String>,
    pub(crate) slot: Arc<Slot>,
}

impl Entry {
    /// Whether it is the same kind of unit as `unit` (a page, the aliases of the same
    /// language...), so its files may stand for `unit`'s.
    pub(crate) fn is_like(&self, unit: Unit) -> bool {
        match (self.unit, unit) {
            (Unit::Page { .. }, Unit::Page { .. }) => true,
            (Unit::Aliases { lang: a }, Unit::Aliases { lang: b }) => a == b,
            (Unit::Part { lang: a, part: p }, Unit::Part { lang: b, part: q }) => a == b && p == q,
            (a, b) => a == b,
        }
    }
}

/// What a request for a path finds.
pub(crate) enum Found {
    File(Arc<Body>),
    /// The version has no such file.
    Missing,
    /// The unit that makes it failed (a template's error); the version does not build.
    Failed,
}

/// One version of the site.
pub struct Generation {
    /// Counts the versions the engine made, from 1.
    pub number: u64,
    pub inputs: Inputs,
    pub options: RenderOptions,
    /// Every unit, in the order `sitegen build` makes its files.
    pub entries: Vec<Entry>,
    /// Every file, by path: its unit (an index into `entries`).
    files: FxHashMap<String, usize>,
    /// Folders whose files a unit names only once made (the search shards): the folder,
    /// with its `/`, and the unit (an index into `entries`).
    folders: Vec<(String, usize)>,
}

impl Generation {
    /// A generation of `inputs` whose slots come from `slot_for` (given each unit and its
    /// paths); the static files' slot is always new, and made now (listed), unless `statics`
    /// gives them as listed before (an edit that cannot have changed them).
    pub(crate) fn new(
        number: u64,
        inputs: Inputs,
        options: RenderOptions,
        statics: Option<Arc<UnitMade>>,
        mut slot_for: impl FnMut(Unit, &[String]) -> Arc<Slot>,
    ) -> Generation {
        let mut entries = Vec::new();
        let mut folders = Vec::new();
        for (unit, paths, folder, made) in units(&inputs, &options, statics) {
            if let Some(folder) = folder {
                folders.push((folder, entries.len()));
            }
            let slot = match made {
                Some(made) => Arc::new(Slot {
                    made: OnceLock::from(made),
                    ..Slot::default()
                }),
                None => slot_for(unit, &paths),
            };
            entries.push(Entry { unit, paths, slot });
        }
        let mut files = FxHashMap::default();
        files.reserve(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            for path in &entry.paths {
                // As in a build, a later file of the same path wins.
                files.insert(path.clone(), index);
            }
        }
        Generation {
            number,
            inputs,
            options,
            entries,
            files,
            folders,
        }
    }

    /// Every language of the site, for rendering.
    pub fn languages(&self) -> Languages<'_> {
        self.inputs.languages()
    }

    /// The static files as this version listed them.
    pub(crate) fn statics(&self) -> Option<Arc<UnitMade>> {
        let entry = self.entries.iter().find(|e| e.unit == Unit::Statics)?;
        entry.slot.made().cloned()
    }

    /// Whether the version has a file at `path`. In a unit's folder (the search shards)
    /// that is known once the unit is made; before, any path there may be one (asking
    /// does not make the unit: [`Generation::file`] does, and answers `Missing` if not).
    pub(crate) fn contains(&self, path: &str) -> bool {
        if self.files.contains_key(path) {
            return true;
        }
        match self.folder_entry(path) {
            Some(entry) => match entry.slot.get() {
                Some(Ok(made)) => made.files.iter().any(|f| f.path == path),
                Some(Err(_)) => false,
                None => true,
            },
            None => false,
        }
    }

    /// The entry that makes the file at `path`, listed or in its folder.
    pub(crate) fn entry_of(&self, path: &str) -> Option<&Entry> {
        match self.files.get(path) {
            Some(&i) => Some(&self.entries[i]),
            None => self.folder_entry(path),
        }
    }

    /// The entry whose folder `path` is in.
    fn folder_entry(&self, path: &str) -> Option<&Entry> {
        self.folders
            .iter()
            .find(|(folder, _)| path.starts_with(folder.as_str()))
            .map(|&(_, i)| &self.entries[i])
    }

    /// The file at `path`, made now if it was not made yet.
    pub(crate) fn file(&self, path: &str) -> Found {
        let Some(entry) = self.entry_of(path) else {
            // A share card is drawn when it is asked for, never ahead (README "Link previews").
            let card = crate::render::cards::drawn_on_request(
                &self.languages(),
                &self.inputs.templates,
                path,
            );
            return match card {
                Some(Ok(png)) => Found::File(Arc::new(Body::Bytes(png))),
                Some(Err(_)) => Found::Failed,
                None => Found::Missing,
            };
        };
        let languages = self.languages();
        match self.make(entry, &languages) {
            Ok(made) => match made.files.iter().find(|f| f.path == path) {
                Some(file) => Found::File(file.body.clone()),
                None => Found::Missing,
            },
            Err(_) => Found::Failed,
        }
    }

    /// Fills `entry`'s slot if it is empty, and returns what it holds.
    pub fn make<'s>(
        &self,
        entry: &'s Entry,
        languages: &Languages<'_>,
    ) -> &'s Result<Arc<UnitMade>, Vec<Diagnostic>> {
        entry.slot.made.get_or_init(|| {
            let (made, reads) = self.make_unit(entry.unit, entry.slot.previous.as_ref(), languages);
            if let Some(reads) = reads {
                let _ = entry.slot.reads.set(reads);
            }
            made
        })
    }

    /// What `unit` makes, with what it read of the site when it has a fingerprint.
    fn make_unit(
        &self,
        unit: Unit,
        previous: Option<&Arc<UnitMade>>,
        languages: &Languages<'_>,
    ) -> (
        Result<Arc<UnitMade>, Vec<Diagnostic>>,
        Option<change::Reads>,
    ) {
        let lang = unit.lang();
        let page = match unit {
            Unit::Page { page, .. } => [page],
            _ => [PageId::default()],
        };
        let (selection, fingerprinted) = match unit {
            Unit::Page { page: id, .. } => (Selection::Pages(&page), Some(Fingerprinted::Page(id))),
            Unit::NotFound => (Selection::NotFound, Some(Fingerprinted::NotFound)),
            Unit::Aliases { .. } => (Selection::Aliases, None),
            Unit::Statics => (Selection::Statics, None),
            Unit::Part { part, .. } => (Selection::Part(part), None),
        };
        let (fingerprint, reads) = fingerprinted
            .and_then(|of| {
                self.inputs
                    .fingerprints(languages, lang, &self.options, &[of])
                    .pop()
            })
            .map_or((None, None), |(fingerprint, reads)| {
                (fingerprint, fingerprint.map(|_| reads))
            });
        if let (Some(previous), Some(now)) = (previous, fingerprint) {
            if previous.fingerprint == Some(now) {
                return (Ok(previous.clone()), reads);
            }
        }
        let rendered =
            self.inputs
                .render_language(languages, lang, &self.options, selection, &Memory);
        let made = made(rendered).map(|mut made| {
            if let Some(made) = Arc::get_mut(&mut made) {
                made.fingerprint = fingerprint;
            }
            made
        });
        (made, reads)
    }

    /// What the link check needs of every file: made files with their scans, and the paths
    /// of publishing files not made yet (which hold no links).
    pub(crate) fn scanned(&self) -> Vec<ScannedFile<'_>> {
        let mut out = Vec::with_capacity(self.files.len());
        for entry in &self.entries {
            match entry.slot.made() {
                Some(made) => out.extend(made.files.iter().map(|f| ScannedFile {
                    path: &f.path,
                    origin: &f.origin,
                    scan: f.scan.as_ref(),
                })),
                None => out.extend(entry.paths.iter().map(|path| ScannedFile {
                    path,
                    origin: std::path::Path::new(""),
                    scan: None,
                })),
            }
        }
        out
    }

    /// How many files the version has.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Every path known now, in no particular order: the listed ones, and those a unit with
    /// a folder made (none of them before it is made).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let in_folders = self.folders.iter().flat_map(|&(_, i)| {
            let made = self.entries[i].slot.made();
            let files = made.map(|m| m.files.as_slice()).unwrap_or_default();
            files
                .iter()
                .map(|f| f.path.as_str())
                .filter(|path| !self.files.contains_key(*path))
        });
        self.files.keys().map(String::as_str).chain(in_folders)
    }
}

/// A unit, the paths of its files, the folder of those it names only once made, and what
/// it made if it is made at once.
type Listed = (
    Unit,
    Vec<String>,
    Option<String>,
    Option<Result<Arc<UnitMade>, Vec<Diagnostic>>>,
);

/// Every unit of the site and the paths of its files, in the order `sitegen build` makes
/// them: per language, its pages, its publishing parts, the 404 page and static files (the
/// default language's), its aliases.
fn units(inputs: &Inputs, options: &RenderOptions, statics: Option<Arc<UnitMade>>) -> Vec<Listed> {
    let mut statics = statics.map(Ok);
    let languages = inputs.languages();
    let mut out: Vec<Listed> = Vec::new();
    for (lang, site) in languages.sites.iter().enumerate() {
        for (page, p) in site.pages.enumerate() {
            out.push((
                Unit::Page { lang, page },
                vec![output_path(&p.path)],
                None,
                None,
            ));
        }
        for part in crawler_files::parts(lang, options) {
            let paths = crawler_files::part_paths(&languages, lang, part);
            let folder = crawler_files::part_folder(&languages, lang, part);
            out.push((Unit::Part { lang, part }, paths, folder, None));
        }
        if lang == 0 {
            if inputs.templates.tera.contains_template("404.html") {
                out.push((Unit::NotFound, vec!["404.html".to_string()], None, None));
            }
            let statics = statics.take().unwrap_or_else(|| {
                made(inputs.render_language(&languages, 0, options, Selection::Statics, &Memory))
            });
            let paths = match &statics {
                Ok(made) => made.files.iter().map(|f| f.path.clone()).collect(),
                Err(_) => Vec::new(),
            };
            out.push((Unit::Statics, paths, None, Some(statics)));
        }
        let aliases = site.aliases.iter().map(|a| output_path(&a.path)).collect();
        out.push((Unit::Aliases { lang }, aliases, None, None));
    }
    out
}

/// What a render made, kept as a unit's files.
fn made(
    rendered: Result<Vec<crate::pipeline::Made<Body>>, Vec<Diagnostic>>,
) -> Result<Arc<UnitMade>, Vec<Diagnostic>> {
    let files = rendered?
        .into_iter()
        .map(|m| File {
            path: m.path,
            origin: m.origin,
            scan: m.scan,
            body: Arc::new(m.kept),
        })
        .collect();
    Ok(Arc::new(UnitMade {
        files,
        fingerprint: None,
    }))
}
