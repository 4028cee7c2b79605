//! Watching the site's sources with notify (debounced by notify-debouncer-full) and sorting
//! what changed into the kinds of rebuild they need.
//!
//! Watched: `site.toml` (through the site folder itself, not recursively, so an editor that
//! replaces the file by renaming a temporary file over it is still seen), and `content/`,
//! `themes/`, `static/` and `templates/` recursively. A folder created after the start (a
//! first `static/`) is watched as soon as it appears. Events only say *that* something
//! changed; the rebuild re-reads the folders, so deleted, renamed and new files and folders
//! are found even when an event is merged or lost.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// Quiet time after the last event before a rebuild starts. Editors write a file in several
/// steps within a few milliseconds; this merges them without a delay anyone notices.
const DEBOUNCE: Duration = Duration::from_millis(10);
const TICK: Duration = Duration::from_millis(2);

/// The folders watched recursively, relative to the site root.
pub(crate) const WATCHED_DIRS: [&str; 4] = ["content", "themes", "static", "templates"];

/// What changed since the last rebuild, sorted by the work it causes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// site.toml: everything is rebuilt.
    pub config: bool,
    /// A template: pages are rendered again, markdown is not parsed again.
    pub templates: bool,
    /// A static file of the site or theme.
    pub statics: bool,
    /// Files under content/ (relative to the root) that were created, changed or removed.
    pub content: BTreeSet<PathBuf>,
    /// Every changed path, relative to the root, for the terminal.
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost track of events (its queue overflowed, or it failed): anything may
    /// have changed, so everything is read again.
    pub rescan: bool,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    /// Adds the changes of another batch.
    pub(crate) fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.rescan |= other.rescan;
        self.content.extend(other.content);
        self.paths.extend(other.paths);
    }

    /// `content/safety.md`, or `3 files` for several.
    pub(crate) fn describe(&self) -> String {
        match self.paths.len() {
            0 if self.rescan => "every file".to_string(),
            1 => self
                .paths
                .iter()
                .next()
                .map(|p| crate::diagnostics::slash_path(p))
                .unwrap_or_default(),
            n => format!("{n} files"),
        }
    }

    /// Sorts one changed path (absolute, or relative to `root`) into its kind.
    pub fn add(&mut self, root: &Path, path: &Path) {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(first) = parts.first() else { return };
        if parts
            .last()
            .is_some_and(|name| crate::content::is_ignorable(name))
        {
            return;
        }
        let kind = match (first.as_str(), parts.get(2).map(String::as_str)) {
            ("site.toml", _) if parts.len() == 1 => ChangeKind::Config,
            ("content", _) => ChangeKind::Content,
            ("templates", _) | ("themes", Some("templates")) => ChangeKind::Templates,
            ("static", _) | ("themes", Some("static")) => ChangeKind::Static,
            // A theme folder appearing or going away as a whole.
            ("themes", None) => ChangeKind::Templates,
            _ => return,
        };
        match kind {
            ChangeKind::Config => self.config = true,
            ChangeKind::Templates => self.templates = true,
            ChangeKind::Static => self.statics = true,
            ChangeKind::Content => {
                self.content.insert(rel.to_path_buf());
            }
        }
        self.paths.insert(rel.to_path_buf());
    }
}

enum ChangeKind {
    Config,
    Templates,
    Static,
    Content,
}

/// Whether an event can mean a changed file (opening and reading cannot).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// What waiting for changes ended with.
#[derive(Debug)]
pub(crate) enum Waited {
    Changes(Changes),
    /// Nothing changed for the time given.
    Idle,
    /// The watcher stopped.
    Stopped,
}

/// A running watch on one site.
pub(crate) struct Watch {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Batches taken by [`Watch::has_pending`] and not yet handed out.
    early: VecDeque<DebounceEventResult>,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Starts watching the site at `root` (an absolute path).
    pub(crate) fn start(root: &Path) -> Result<Watch, String> {
        let (tx, events) = mpsc::channel();
        let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), tx)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            debouncer,
            events,
            early: VecDeque::new(),
            watched: BTreeSet::new(),
        };
        watch.watch_new_folders();
        Ok(watch)
    }

    /// Waits for the next changes; a burst of saves arrives as one batch. With `idle`, gives
    /// up after that long without a change and returns [`Waited::Idle`].
    pub(crate) fn wait_for_changes(&mut self, idle: Option<Duration>) -> Waited {
        loop {
            let first = match self.early.pop_front() {
                Some(batch) => Ok(batch),
                None => self.next_batch(idle),
            };
            let mut changes = Changes::default();
            match first {
                Ok(batch) => self.absorb(batch, &mut changes),
                Err(waited) => return waited,
            }
            while let Some(more) = self
                .early
                .pop_front()
                .or_else(|| self.events.try_recv().ok())
            {
                self.absorb(more, &mut changes);
            }
            self.watch_new_folders();
            if !changes.is_empty() {
                return Waited::Changes(changes);
            }
        }
    }

    fn next_batch(&self, idle: Option<Duration>) -> Result<DebounceEventResult, Waited> {
        match idle {
            None => self.events.recv().map_err(|_| Waited::Stopped),
            Some(after) => self.events.recv_timeout(after).map_err(|e| match e {
                mpsc::RecvTimeoutError::Timeout => Waited::Idle,
                mpsc::RecvTimeoutError::Disconnected => Waited::Stopped,
            }),
        }
    }

    fn absorb(&self, batch: DebounceEventResult, changes: &mut Changes) {
        match batch {
            Ok(events) => {
                for event in events.iter().filter(|e| is_change(&e.kind)) {
                    changes.rescan |= event.need_rescan();
                    for path in &event.paths {
                        changes.add(&self.root, path);
                    }
                }
            }
            Err(errors) => {
                changes.rescan = true;
                for e in errors {
                    eprintln!("warning: file watcher: {e}");
                }
            }
        }
    }

    /// Watches the watched folders that exist now and were not watched before.
    fn watch_new_folders(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if !path.is_dir() {
                self.watched.remove(&path);
                continue;
            }
            if self.watched.contains(&path) {
                continue;
            }
            match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(path);
                }
                Err(e) => eprintln!("warning: cannot watch {dir}/: {e}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(paths: &[&str]) -> Changes {
        let root = Path::new("/site");
        let mut c = Changes::default();
        for p in paths {
            c.add(root, &root.join(p));
        }
        c
    }

    #[test]
    fn paths_are_sorted_by_the_rebuild_they_need() {
        let c = changes(&[
            "content/safety.md",
            "themes/clinic/templates/page.html",
            "static/logo.svg",
        ]);
        assert!(c.templates && c.statics && !c.config);
        assert_eq!(
            c.content,
            BTreeSet::from([PathBuf::from("content/safety.md")])
        );
        assert!(changes(&["site.toml"]).config);
        assert!(changes(&["templates/page.html"]).templates);
        assert!(changes(&["themes/clinic/static/style.css"]).statics);
    }

    #[test]
    fn editor_swap_files_and_other_folders_are_ignored() {
        assert!(changes(&[
            "content/.safety.md.swp",
            "content/safety.md~",
            "content/4913",
            "public/index.html",
            "target/debug/sitegen",
            "notes/site.toml",
        ])
        .is_empty());
    }

    #[test]
    fn one_path_is_named_and_several_are_counted() {
        assert_eq!(
            changes(&["content/safety.md"]).describe(),
            "content/safety.md"
        );
        assert_eq!(
            changes(&["content/a.md", "content/b.md"]).describe(),
            "2 files"
        );
    }

    #[test]
    fn opening_a_file_is_not_a_change() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
    }
}
