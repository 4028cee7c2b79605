//! The preview's current state, shared by the request threads and the rebuild loop: the files
//! of the last good build (in memory), the build number, and the errors of the last attempt.
//!
//! A failed rebuild keeps the last good files and records its errors, so the browser goes on
//! showing the page with the errors drawn over it. Publishing swaps in a new [`Snapshot`] and
//! then tells every open tab (see [`super::reload`]).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::diagnostics::Diagnostic;
use crate::output::{Body, OutputFile};

use super::reload::{Broadcaster, BuildState, ShownProblem};

/// The files of a build, by output path (`safety/index.html`). Bodies are shared between
/// snapshots, so publishing an update of a few files does not copy the others.
pub type FileMap = HashMap<String, Arc<Body>>;

/// One moment of the preview.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Counts successful builds; pages are served with it so tabs know when they are stale.
    pub build: u64,
    pub files: Arc<FileMap>,
    /// Problems that stopped the last rebuild (empty when it worked).
    pub errors: Vec<Diagnostic>,
    /// Warnings of the last good build.
    pub warnings: Vec<Diagnostic>,
    /// What `sitegen check` finds in the last good build.
    pub findings: Vec<Diagnostic>,
    pub pages: usize,
    pub questions: usize,
    /// site.toml's base path (`/clinic-site/`): requests under it are served too, so a path
    /// copied from the published site works in the preview.
    pub base_path: String,
}

/// The state every thread of the server reads.
#[derive(Default)]
pub struct Preview {
    snapshot: RwLock<Arc<Snapshot>>,
    pub events: Broadcaster,
}

/// What a successful build hands to the preview.
pub struct GoodBuild {
    pub files: Vec<OutputFile>,
    /// `files` is the whole site (otherwise: the files that changed since the last build).
    pub complete: bool,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub questions: usize,
    pub base_path: String,
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
    pub fn state(&self) -> BuildState {
        let snapshot = self.current();
        BuildState {
            build: snapshot.build,
            errors: snapshot.errors.iter().map(ShownProblem::from).collect(),
        }
    }

    /// Serves `good` from now on and tells the tabs to reload. Returns the new build number.
    pub fn publish(&self, good: GoodBuild) -> u64 {
        let build = self.update(|old| Snapshot {
            build: old.build + 1,
            files: Arc::new(merge(&old.files, good.files, good.complete)),
            errors: vec![],
            warnings: good.warnings,
            findings: old.findings.clone(),
            pages: good.pages,
            questions: good.questions,
            base_path: good.base_path,
        });
        self.announce();
        build
    }

    /// Adds or replaces `files` in build `build` (unless a newer build has been published
    /// since), without telling the tabs: for files no page shows, like the search index.
    pub fn add_files(&self, build: u64, files: Vec<OutputFile>) {
        self.update(|old| {
            let mut next = old.clone();
            if old.build == build {
                next.files = Arc::new(merge(&old.files, files, false));
            }
            next
        });
    }

    /// Replaces the `sitegen check` findings shown on the status page of build `build`.
    pub fn set_findings(&self, build: u64, findings: Vec<Diagnostic>) {
        self.update(|old| {
            let mut next = old.clone();
            if old.build == build {
                next.findings = findings;
            }
            next
        });
    }

    /// Keeps the last good files and shows `errors` over them.
    pub fn publish_errors(&self, errors: Vec<Diagnostic>) {
        self.update(|old| Snapshot {
            errors,
            ..old.clone()
        });
        self.announce();
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

/// The files of the new build: `files` alone, or `old` updated with `files`.
fn merge(old: &FileMap, files: Vec<OutputFile>, complete: bool) -> FileMap {
    let mut map = if complete {
        FileMap::new()
    } else {
        old.clone()
    };
    map.extend(files.into_iter().map(|f| (f.path, Arc::new(f.body))));
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good(html: &str) -> GoodBuild {
        GoodBuild {
            files: vec![OutputFile {
                path: "index.html".into(),
                body: Body::Bytes(html.as_bytes().to_vec()),
                origin: "content/_index.md".into(),
            }],
            complete: true,
            warnings: vec![],
            pages: 1,
            questions: 0,
            base_path: "/".into(),
        }
    }

    #[test]
    fn a_failed_rebuild_keeps_the_last_good_files_and_tells_the_tabs() {
        let preview = Preview::default();
        let tab = preview.events.subscribe();
        assert_eq!(preview.publish(good("<p>one</p>")), 1);
        assert!(tab
            .try_recv()
            .unwrap()
            .contains("\"build\":1,\"errors\":[]"));
        preview.publish_errors(vec![Diagnostic::error("content/_index.md", "broken")]);
        let event = tab.try_recv().unwrap();
        assert!(event.contains("content/_index.md"), "{event}");
        let now = preview.current();
        assert_eq!(now.build, 1);
        assert_eq!(
            now.files.get("index.html").map(|b| b.as_ref()),
            Some(&Body::Bytes(b"<p>one</p>".to_vec()))
        );
        assert_eq!(preview.publish(good("<p>two</p>")), 2);
        assert!(preview.current().errors.is_empty());
    }
}
