//! The preview's current state, shared by the request threads, the rebuild loop and the
//! background worker: which version of the site is served, the build number, the errors of
//! the last attempt, the warnings and the `sitegen check` findings.
//!
//! The latest version that loaded is served at once, before its whole-site link check has
//! run (its files are made on request, see [`super::store`]); the last version that passed
//! it is kept beside it. If the check then finds the new version does not build, the preview
//! serves the last good one again and shows the errors; so does a file whose template fails
//! when it is asked for. An edit that does not load at all leaves the served version as it
//! was and shows its errors. Publishing swaps in a new [`Snapshot`] and then tells every
//! open tab (see [`super::reload`]).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::check::CheckReport;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::output::Body;

use super::reload::{Broadcaster, BuildState, DeskState, ShownProblem};
use super::store::{Found, Generation};

/// A fixed set of files by output path (`safety/index.html`).
pub(crate) type FileMap = HashMap<String, Arc<Body>>;

/// The files the preview serves.
#[derive(Clone)]
pub enum Files {
    /// Versions of the site, their files made on request.
    Versions {
        /// The latest version that loaded.
        current: Arc<Generation>,
        /// The latest version that built, served where `current` fails.
        good: Option<Arc<Generation>>,
        /// `current` does not build: only `good` is served.
        failed: bool,
    },
    /// A fixed set of files.
    Fixed(Arc<FileMap>),
}

impl Default for Files {
    fn default() -> Self {
        Files::Fixed(Arc::default())
    }
}

impl From<Arc<FileMap>> for Files {
    fn from(files: Arc<FileMap>) -> Self {
        Files::Fixed(files)
    }
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Files::Versions {
                current,
                good,
                failed,
            } => write!(
                f,
                "version {} ({} files; good: {:?}; failed: {failed})",
                current.number,
                current.len(),
                good.as_ref().map(|g| g.number)
            ),
            Files::Fixed(files) => write!(f, "{} fixed files", files.len()),
        }
    }
}

impl Files {
    /// The file at `path` (made now if it was not made yet), if the site has one.
    pub fn get(&self, path: &str) -> Option<Arc<Body>> {
        match self {
            Files::Fixed(files) => files.get(path).cloned(),
            Files::Versions {
                current,
                good,
                failed,
            } => {
                if !failed {
                    match current.file(path) {
                        Found::File(body) => return Some(body),
                        Found::Missing => return None,
                        Found::Failed => {}
                    }
                }
                match good.as_ref()?.file(path) {
                    Found::File(body) => Some(body),
                    Found::Missing | Found::Failed => None,
                }
            }
        }
    }

    /// Whether the site has a file at `path`.
    pub(crate) fn contains_key(&self, path: &str) -> bool {
        match self {
            Files::Fixed(files) => files.contains_key(path),
            Files::Versions {
                current,
                good,
                failed,
            } => match (failed, good) {
                (true, Some(good)) => good.contains(path),
                (true, None) => false,
                (false, _) => current.contains(path),
            },
        }
    }

    /// The version served, if it is not a fixed set of files.
    pub fn version(&self) -> Option<&Arc<Generation>> {
        match self {
            Files::Versions {
                current,
                good,
                failed,
            } => match failed {
                true => good.as_ref(),
                false => Some(current),
            },
            Files::Fixed(_) => None,
        }
    }

    pub(super) fn good(&self) -> Option<&Arc<Generation>> {
        match self {
            Files::Versions { good, .. } => good.as_ref(),
            Files::Fixed(_) => None,
        }
    }
}

/// One moment of the preview.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Counts the versions served; pages are served with it so tabs know when they are
    /// stale.
    pub build: u64,
    /// The files served.
    pub files: Files,
    /// Problems that stop the latest sources from building (empty when they build).
    pub errors: Vec<Diagnostic>,
    /// Warnings of the last good build (shared: a new snapshot for each version must not
    /// copy tens of thousands of them).
    pub warnings: Arc<Vec<Diagnostic>>,
    /// What `sitegen check` finds in the last good build, for the editor's desk (`None`
    /// until the first check is done).
    pub desk: Option<Arc<DeskReport>>,
    /// Pages in the last good build.
    pub pages: usize,
    /// Questions in the last good build.
    pub questions: usize,
    /// site.toml's base path (`/clinic-site/`): requests under it are served too, so a path
    /// copied from the published site works in the preview.
    pub base_path: String,
    /// `errors` are the loader's (the sources do not load): they stand until the next
    /// version loads, whatever the check of the version served finds.
    pub load_failed: bool,
}

/// A report of `sitegen check` for the editor's desk.
#[derive(Debug)]
pub struct DeskReport {
    /// What `check` found.
    pub report: CheckReport,
    /// The day it was checked as of.
    pub today: Date,
    /// Counts the reports, so an open desk knows when it is out of date.
    pub number: u64,
}

/// The state every thread of the server reads.
#[derive(Default)]
pub struct Preview {
    snapshot: RwLock<Arc<Snapshot>>,
    /// Tells open tabs to reload, and desks that a new report is ready.
    pub(crate) events: Broadcaster,
}

impl Preview {
    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// What open tabs are told now.
    pub(crate) fn state(&self) -> BuildState {
        let snapshot = self.current();
        BuildState {
            build: snapshot.build,
            errors: snapshot.errors.iter().map(ShownProblem::from).collect(),
            desk: snapshot.desk.as_ref().map(|d| DeskState {
                number: d.number,
                errors: d.report.errors(),
                warnings: d.report.warnings(),
            }),
        }
    }

    /// Whether a version of the site has built (so a new one can be served before its
    /// check, with this one to fall back on).
    pub(crate) fn has_good_version(&self) -> bool {
        self.current().files.good().is_some()
    }

    /// Serves `version` from now on, before its check, and tells the tabs to reload.
    /// Returns the new build number.
    pub fn publish(&self, version: Arc<Generation>, base_path: &str) -> u64 {
        let build = self.update(|old| Snapshot {
            build: old.build + 1,
            pages: version.inputs.site.pages.len(),
            questions: version.inputs.site.questions.all.len(),
            files: Files::Versions {
                current: version,
                good: old.files.good().cloned(),
                failed: false,
            },
            errors: vec![],
            warnings: old.warnings.clone(),
            desk: old.desk.clone(),
            base_path: base_path.to_string(),
            load_failed: false,
        });
        self.announce();
        build
    }

    /// Records what the check of `version` found: with `Ok(warnings)` it built (and is kept
    /// to fall back on); with `Err(errors)` it does not, so if it is the version served, the
    /// last good one is served again and the tabs are told.
    pub fn checked(
        &self,
        version: &Arc<Generation>,
        result: Result<Vec<Diagnostic>, Vec<Diagnostic>>,
    ) {
        let mut tell = false;
        self.update(|old| {
            let mut next = old.clone();
            let (current, good, failed) = match &old.files {
                Files::Versions {
                    current,
                    good,
                    failed,
                } => (current.clone(), good.clone(), *failed),
                Files::Fixed(_) => return next,
            };
            let is_current = Arc::ptr_eq(&current, version);
            match result {
                Ok(warnings) => {
                    let newer = good.as_ref().is_none_or(|g| g.number < version.number);
                    let good = if newer { Some(version.clone()) } else { good };
                    next.files = Files::Versions {
                        current,
                        good,
                        failed,
                    };
                    if is_current {
                        next.warnings = Arc::new(warnings);
                    }
                }
                Err(errors) if is_current && !failed => {
                    next.files = Files::Versions {
                        current,
                        good,
                        failed: true,
                    };
                    if !old.load_failed {
                        next.errors = errors;
                    }
                    // Tabs showing the version that failed load the last good one again.
                    next.build = old.build + 1;
                    tell = true;
                }
                Err(_) => {}
            }
            next
        });
        if tell {
            self.announce();
        }
    }

    /// Keeps the files served and shows `errors` over them: the sources do not load.
    pub fn publish_errors(&self, errors: Vec<Diagnostic>) {
        self.update(|old| Snapshot {
            errors,
            load_failed: true,
            ..old.clone()
        });
        self.announce();
    }

    /// Replaces the report of `sitegen check` the editor's desk shows (checked as of
    /// `today`), and tells the open tabs.
    pub(crate) fn set_report(&self, report: CheckReport, today: Date) {
        self.update(|old| Snapshot {
            desk: Some(Arc::new(DeskReport {
                report,
                today,
                number: old.desk.as_ref().map_or(1, |d| d.number + 1),
            })),
            ..old.clone()
        });
        self.announce();
    }

    /// The version the worker should finish in the background: the one served.
    pub(crate) fn served_version(&self) -> Option<Arc<Generation>> {
        self.current().files.version().cloned()
    }

    fn update(&self, next: impl FnOnce(&Snapshot) -> Snapshot) -> u64 {
        let mut guard = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let new = next(&guard);
        let build = new.build;
        *guard = Arc::new(new);
        build
    }

    fn announce(&self) {
        self.events.send(&self.state().to_event());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoadOptions;
    use crate::render::RenderOptions;
    use crate::serve::engine::Engine;
    use crate::serve::watch::Changes;

    /// The serve fixture in a temporary folder, and an engine on it.
    fn site() -> (tempfile::TempDir, Engine) {
        let dir = crate::serve::test_sites::serve_fixture();
        let engine = Engine::new(
            dir.path().to_path_buf(),
            LoadOptions::default(),
            RenderOptions::default(),
        );
        (dir, engine)
    }

    fn home(preview: &Preview) -> String {
        match preview.current().files.get("index.html").as_deref() {
            Some(Body::Bytes(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            other => panic!("no home page: {other:?}"),
        }
    }

    /// Saves `content/_index.md` with `text` as its body and makes the next version.
    fn save_home(dir: &std::path::Path, engine: &mut Engine, text: &str) -> Arc<Generation> {
        let file = dir.join("content/_index.md");
        let source = std::fs::read_to_string(&file).unwrap();
        let front = &source[..source.rfind("+++").unwrap() + 3];
        std::fs::write(&file, format!("{front}\n\n{text}\n")).unwrap();
        let mut changes = Changes::default();
        changes.add(dir, &file);
        engine.apply(&changes).ok().unwrap().generation
    }

    #[test]
    fn a_failed_rebuild_keeps_the_last_good_files_and_tells_the_tabs() {
        let (dir, mut engine) = site();
        let preview = Preview::default();
        let tab = preview.events.subscribe();
        let one = save_home(dir.path(), &mut engine, "<p>one</p>");
        assert_eq!(preview.publish(one.clone(), "/"), 1);
        preview.checked(&one, Ok(vec![]));
        assert!(tab
            .try_recv()
            .unwrap()
            .contains("\"build\":1,\"errors\":[]"));
        preview.publish_errors(vec![Diagnostic::error("content/_index.md", "broken")]);
        let event = tab.try_recv().unwrap();
        assert!(event.contains("content/_index.md"), "{event}");
        let now = preview.current();
        assert_eq!(now.build, 1);
        assert!(home(&preview).contains("<p>one</p>"));
        let two = save_home(dir.path(), &mut engine, "<p>two</p>");
        assert_eq!(preview.publish(two, "/"), 2);
        assert!(preview.current().errors.is_empty());
        assert!(home(&preview).contains("<p>two</p>"));
    }

    #[test]
    fn a_version_whose_check_fails_gives_way_to_the_last_good_one() {
        let (dir, mut engine) = site();
        let preview = Preview::default();
        let good = save_home(dir.path(), &mut engine, "<p>good</p>");
        preview.publish(good.clone(), "/");
        preview.checked(&good, Ok(vec![]));
        let tab = preview.events.subscribe();
        let broken = save_home(dir.path(), &mut engine, "<a href=\"nowhere/\">broken</a>");
        assert_eq!(preview.publish(broken.clone(), "/"), 2);
        // Served at once, before the check.
        assert!(home(&preview).contains("broken"));
        let _ = tab.try_recv();
        preview.checked(
            &broken,
            Err(vec![Diagnostic::error("content/_index.md", "broken link")]),
        );
        let event = tab.try_recv().unwrap();
        assert!(
            event.contains("\"build\":3") && event.contains("broken link"),
            "{event}"
        );
        assert!(home(&preview).contains("<p>good</p>"));
        assert!(!preview.current().errors.is_empty());
    }
}
