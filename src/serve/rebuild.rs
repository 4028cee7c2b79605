//! Rebuilding the site in memory after a change, doing no more work than the change needs.
//!
//! The engine keeps the last good build: the [`Site`], the compiled templates, every page's
//! rendered markdown, the output files and the link-check scan of each. Three kinds of rebuild:
//!
//! - **One page's text** (the common case while writing): the saved files are parsed again
//!   and put into the site ([`Site::replace_pages`] works out questions, links and sections
//!   again). If
//!   nothing that other pages show of a page changed (its [`signature`]: URL, front matter,
//!   headings and question ids, where its links lead), only that page and the FAQ hub (which
//!   shows every answer) are rendered again, and only their links are checked. Sections,
//!   neighbours and pages that link to the page show only signature data, so their output
//!   cannot change. The site-wide publishing files (search index, sitemap), which take longer
//!   on a large site, are made later, when the editor pauses ([`Engine::finish`]).
//!   If the signature changed (a new title, weight, question or link), the saved pages are
//!   still the only files read again, but every page is rendered again.
//! - **Templates or static files**: templates are compiled again and every page is rendered,
//!   reusing the parsed pages and their rendered markdown.
//! - **Anything else** (site.toml, new, deleted or renamed files, a changed URL or draft
//!   flag, the first build): everything is loaded and rendered, as `sitegen build` does.
//!
//! Every kind ends with a link check of what it rendered, so the preview fails exactly when
//! `sitegen build` would. A rebuild that fails after changing the kept build marks it stale,
//! and the next rebuild renders everything again.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::content::{ClinicValues, Meta, Page};
use crate::diagnostics::Diagnostic;
use crate::model::LoadOptions;
use crate::model::{PageId, Site, Table};
use crate::output::{Body, OutputFile};
use crate::pipeline::{self, Inputs, Made, Memory};
use crate::render::templates;
use crate::render::{RenderOptions, Selection};

use super::watch::Changes;

/// How much a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Loaded and rendered everything.
    Full,
    /// Rendered every page again from the parsed pages.
    AllPages,
    /// Parsed these pages again (indices into the site's pages) and rendered `rendered`
    /// files again.
    Pages {
        parsed: Vec<PageId>,
        rendered: usize,
    },
}

/// A successful rebuild.
pub struct Rebuilt {
    pub scope: Scope,
    /// Files that are new or changed; with `Scope::Full` and `Scope::AllPages`, every file.
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub questions: usize,
}

impl Rebuilt {
    /// Whether `files` is the whole site rather than an update of the previous one.
    pub fn is_complete(&self) -> bool {
        !matches!(self.scope, Scope::Pages { .. })
    }
}

/// The last good build and everything worth keeping from it.
struct Kept {
    inputs: Inputs,
    /// Every file of the site, with its link scan.
    files: Vec<Made<Body>>,
    by_path: HashMap<String, usize>,
    signatures: Table<PageId, Signature>,
}

/// Rebuilds one site, keeping what it can between rebuilds.
pub struct Engine {
    root: PathBuf,
    load: LoadOptions,
    render: RenderOptions,
    kept: Option<Kept>,
    /// The kept build no longer matches its files (a rebuild failed half-way).
    stale: bool,
    /// The site-wide publishing files (search index, sitemap) wait for [`Engine::finish`].
    publishing_pending: bool,
}

impl Engine {
    pub fn new(root: PathBuf, load: LoadOptions, render: RenderOptions) -> Self {
        Engine {
            root,
            load,
            render,
            kept: None,
            stale: false,
            publishing_pending: false,
        }
    }

    /// The site of the last good build.
    pub fn site(&self) -> Option<&Site> {
        self.kept.as_ref().map(|k| &k.inputs.site)
    }

    /// The site after `changes`, or every problem that stops it from building.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Vec<Diagnostic>> {
        let structural = changes.config || self.kept.is_none();
        if !structural && !changes.templates && !changes.statics && !self.stale {
            if let Some(pages) = self.edited_pages(&changes.content) {
                return self.rebuild_pages(&pages);
            }
        }
        if !structural && changes.content.is_empty() {
            return self.rebuild_all_pages(changes.templates);
        }
        self.rebuild_everything()
    }

    /// Indices of the kept pages `paths` name, when every path is one of them.
    fn edited_pages(&self, paths: &BTreeSet<PathBuf>) -> Option<Vec<PageId>> {
        let kept = self.kept.as_ref()?;
        if paths.is_empty() {
            return None;
        }
        paths
            .iter()
            .map(|path| {
                let is_file = self.root.join(path).is_file();
                let index = kept.inputs.site.page_by_source(path)?;
                is_file.then_some(index)
            })
            .collect()
    }

    fn rebuild_pages(&mut self, indices: &[PageId]) -> Result<Rebuilt, Vec<Diagnostic>> {
        let root = self.root.clone();
        let content_dir = root.join("content");
        let kept = self.kept.as_mut().expect("edited_pages found kept pages");
        let site = &kept.inputs.site;
        let values = ClinicValues::new(&site.config.clinic);
        let mut fresh = Vec::new();
        let mut problems = Vec::new();
        for &i in indices {
            let path = root.join(&site.pages[i].source);
            match crate::content::read_page(&root, &content_dir, &path, Some(&values)) {
                Ok(page) => fresh.push((i, page)),
                Err(mut e) => problems.append(&mut e),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // A new URL or a page turning into a draft changes the set of pages: load it all.
        if fresh.iter().any(|(i, page)| {
            page.path != site.pages[*i].path || (page.meta.draft && !self.load.drafts)
        }) {
            return self.rebuild_everything();
        }
        let signatures: Vec<(PageId, Signature)> = fresh
            .iter()
            .map(|(i, page)| (*i, Signature::of(page)))
            .collect();
        let text_only = signatures
            .iter()
            .all(|(i, signature)| *signature == kept.signatures[*i]);
        let stage = crate::timings::stage("model");
        kept.inputs.site.replace_pages(fresh)?;
        drop(stage);
        for (i, signature) in signatures {
            kept.signatures[i] = signature;
        }
        // From here on the kept build changes; it is whole again only if this succeeds.
        self.stale = true;
        if !text_only {
            // What other pages show of the page changed: render them all, from the parsed
            // pages (no other file is read again).
            return self.rebuild_all_pages(false);
        }
        let site = &kept.inputs.site;
        let mut targets: Vec<PageId> = indices.to_vec();
        if let Some(hub) = site.faq_hub() {
            if !targets.contains(&hub) {
                targets.push(hub);
            }
        }
        let stage = crate::timings::stage("pages");
        let made = kept
            .inputs
            .render(&self.render, Selection::Pages(&targets), &Memory)?;
        drop(stage);
        let files: Vec<OutputFile> = made.iter().map(to_output_file).collect();
        let mut changed = Vec::with_capacity(made.len());
        let mut ids_lost = false;
        for made in made {
            let (index, lost) = kept.put(made);
            changed.push(index);
            ids_lost |= lost;
        }
        // An id that went away may have been the target of a link on any page.
        let scanned: Vec<_> = kept.files.iter().map(Made::scanned).collect();
        if ids_lost {
            kept.inputs.check_links(&scanned, |_| true)?;
        } else {
            kept.inputs
                .check_links(&scanned, |i| changed.contains(&i))?;
        }
        self.stale = false;
        self.publishing_pending = true;
        let _stage = crate::timings::stage("warnings");
        Ok(Rebuilt {
            scope: Scope::Pages {
                parsed: indices.to_vec(),
                rendered: files.len(),
            },
            files,
            warnings: kept.inputs.warnings(),
            pages: kept.inputs.site.pages.len(),
            questions: kept.inputs.site.questions.all.len(),
        })
    }

    /// The site-wide publishing files (search index, sitemap) that a one-page rebuild left
    /// for later, so that the browser shows the edit first. `None` when there are none.
    pub fn finish(&mut self) -> Option<Result<Vec<OutputFile>, Vec<Diagnostic>>> {
        if !std::mem::take(&mut self.publishing_pending) {
            return None;
        }
        let kept = self.kept.as_mut()?;
        let _stage = crate::timings::stage("publish");
        let made = match kept
            .inputs
            .render(&self.render, Selection::Publishing, &Memory)
        {
            Ok(made) => made,
            Err(problems) => {
                self.stale = true;
                return Some(Err(problems));
            }
        };
        let files = made.iter().map(to_output_file).collect();
        for made in made {
            kept.put(made);
        }
        Some(Ok(files))
    }

    fn rebuild_all_pages(&mut self, templates_changed: bool) -> Result<Rebuilt, Vec<Diagnostic>> {
        let kept = self.kept.as_mut().expect("only called with a kept build");
        self.stale = true;
        if templates_changed {
            kept.inputs.templates = templates::load(&self.root, &kept.inputs.site.config.theme)?;
        }
        let missing = templates::missing_for_pages(&kept.inputs.site, &kept.inputs.templates);
        if !missing.is_empty() {
            return Err(missing);
        }
        let made = kept.inputs.render_in_memory(&self.render)?;
        let files = made.iter().map(to_output_file).collect();
        kept.set_files(made);
        self.stale = false;
        self.publishing_pending = false;
        Ok(Rebuilt {
            scope: Scope::AllPages,
            files,
            warnings: kept.inputs.warnings(),
            pages: kept.inputs.site.pages.len(),
            questions: kept.inputs.site.questions.all.len(),
        })
    }

    fn rebuild_everything(&mut self) -> Result<Rebuilt, Vec<Diagnostic>> {
        let inputs = pipeline::load(&self.root, &self.load)?;
        let made = inputs.render_in_memory(&self.render)?;
        let rebuilt = Rebuilt {
            scope: Scope::Full,
            files: made.iter().map(to_output_file).collect(),
            warnings: inputs.warnings(),
            pages: inputs.site.pages.len(),
            questions: inputs.site.questions.all.len(),
        };
        let mut kept = Kept {
            signatures: inputs.site.pages.iter().map(Signature::of).collect(),
            inputs,
            files: Vec::new(),
            by_path: HashMap::new(),
        };
        kept.set_files(made);
        self.kept = Some(kept);
        self.stale = false;
        self.publishing_pending = false;
        Ok(rebuilt)
    }
}

fn to_output_file(made: &Made<Body>) -> OutputFile {
    OutputFile {
        path: made.path.clone(),
        body: made.kept.clone(),
        origin: made.origin.clone(),
    }
}

impl Kept {
    fn set_files(&mut self, files: Vec<Made<Body>>) {
        self.by_path = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        self.files = files;
    }

    /// Puts `made` in place of the file with its path (or adds it). Returns its index, and
    /// whether an id it had before went away.
    fn put(&mut self, made: Made<Body>) -> (usize, bool) {
        match self.by_path.get(&made.path) {
            Some(&index) => {
                let lost = match (&self.files[index].scan, &made.scan) {
                    (Some(old), Some(new)) => !old.ids.is_subset(&new.ids),
                    _ => false,
                };
                self.files[index] = made;
                (index, lost)
            }
            None => {
                self.by_path.insert(made.path.clone(), self.files.len());
                self.files.push(made);
                (self.files.len() - 1, false)
            }
        }
    }
}

/// Everything other pages can show of a page: its place and URL, its front matter, its
/// headings and questions, and where its links lead (and from which answer). Two versions of
/// a page with the same signature differ only in what the page itself, the FAQ hub and the
/// publishing files show.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    rel: String,
    path: String,
    is_section: bool,
    /// The front matter, without where each key was written (moving a line changes no page).
    meta: Meta,
    headings: Vec<(u8, String, String)>,
    questions: Vec<usize>,
    links: Vec<(String, bool, Option<usize>)>,
}

impl Signature {
    pub fn of(page: &Page) -> Signature {
        let doc = &page.doc;
        let answer_of = |event: usize| doc.questions.iter().position(|q| q.answer.contains(&event));
        Signature {
            rel: page.rel.clone(),
            path: page.path.clone(),
            is_section: page.is_section,
            meta: page.meta.without_positions(),
            headings: doc
                .headings
                .iter()
                .map(|h| (h.level, h.id.clone(), h.text.clone()))
                .collect(),
            questions: doc.questions.iter().map(|q| q.heading).collect(),
            links: doc
                .links
                .iter()
                .map(|l| (l.dest.clone(), l.is_image, answer_of(l.event)))
                .collect(),
        }
    }
}

#[cfg(test)]
#[path = "rebuild_tests.rs"]
mod tests;
