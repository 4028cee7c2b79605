//! The background worker: finishes each version of the site the preview serves, while the
//! editor's browser already shows it.
//!
//! For the latest version it makes every file the edit left to make (a few at a time, giving
//! up as soon as a newer version arrives), then runs the whole-site link check and collects
//! the warnings, exactly as `sitegen build` would, and reports to the preview (errors over
//! the page, and the last good version served again) and the terminal (`Rebuilt ... in N ms`).
//! When the sources have been quiet for a moment it makes the publishing files (search
//! index, question map, feed, sitemap) and runs `sitegen check` for the status page, so a
//! burst of saves is never held up by them.
//!
//! It works on one thread of its own (a rayon pool of one), at a lower priority, so a core
//! stays free for the requests of the editor's browser. When an edit comes in, it stops at
//! its next look ([`Worker::interrupt`]) and waits until the edit's version is handed over
//! (or the edit fails to load), so that making the version has both cores: what it stopped
//! is done again for the new version (or, if the edit failed, for the one it had).
//!
//! The link check after an edit checks the links of the files that changed since the last
//! version that built, and every link only when a file went away or lost an id another page
//! may link to; a version that built has no broken link, so that finds what checking every
//! link would.

use std::collections::BTreeSet;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::date::Date;
use crate::diagnostics::{self, plural, Diagnostic};
use crate::model::PageId;
use crate::pipeline;

use super::desk_report::Findings;
use super::engine::Edit;
use super::preview::Preview;
use super::store::{Entry, Generation};
use super::watch::Changes;

/// Units made between two looks for a newer version.
const CHUNK: usize = 64;
/// How long the sources must stay unchanged before the work no page shows is done.
pub(crate) const IDLE: Duration = Duration::from_millis(400);

/// A version handed to the worker.
pub(crate) struct Job {
    pub generation: Arc<Generation>,
    pub edit: Edit,
    pub changes: Changes,
    /// When its first change was seen.
    pub seen: Instant,
    /// How long after that it was served.
    pub served_after: Duration,
}

/// What the check of a version found.
pub enum Verdict {
    /// It builds, with these warnings.
    Built(Vec<Diagnostic>),
    /// It does not: these are `sitegen build`'s errors.
    Failed(Vec<Diagnostic>),
    /// A newer version arrived first.
    Interrupted,
}

/// Makes every file of `version` but the publishing files and checks every link, as
/// `sitegen build` does; `good` is the last version that built (links of files unchanged
/// since are not checked again). Stops early when `interrupted` says so.
pub fn check(
    version: &Generation,
    good: Option<&Generation>,
    interrupted: &dyn Fn() -> bool,
) -> Verdict {
    let languages = version.languages();
    let todo: Vec<&Entry> = version
        .entries
        .iter()
        .filter(|e| !e.unit.is_publishing() && e.slot.get().is_none())
        .collect();
    {
        let _stage = crate::timings::stage("(make)");
        for chunk in todo.chunks(CHUNK) {
            chunk.par_iter().for_each(|entry| {
                version.make(entry, &languages);
            });
            if interrupted() {
                return Verdict::Interrupted;
            }
        }
    }
    let errors_in = |other_languages: bool| -> Vec<Diagnostic> {
        version
            .entries
            .iter()
            .filter(|e| !e.unit.is_publishing() && (e.unit.lang() > 0) == other_languages)
            .filter_map(|e| e.slot.get()?.as_ref().err())
            .flatten()
            .cloned()
            .collect()
    };
    let errors = pipeline::build_errors(errors_in(false), || errors_in(true));
    if !errors.is_empty() {
        return Verdict::Failed(errors);
    }
    let _stage = crate::timings::stage("(links)");
    let scanned = version.scanned();
    let changed = changed_since(version, good);
    let checked = version.inputs.check_links(&scanned, |i| {
        changed
            .as_ref()
            .is_none_or(|paths| paths.contains(scanned[i].path))
    });
    if let Err(broken) = checked {
        return Verdict::Failed(broken);
    }
    Verdict::Built(version.inputs.warnings())
}

/// The paths of `version`'s files whose links need checking after `good` (the last version
/// that built): those new or changed since. `None` means every file: there is no good
/// version, or a file went away or lost an id, which a link anywhere may have named.
fn changed_since<'v>(
    version: &'v Generation,
    good: Option<&Generation>,
) -> Option<FxHashSet<&'v str>> {
    let good = good?;
    if good.paths().any(|path| !version.contains(path)) {
        return None;
    }
    let mut changed = FxHashSet::default();
    for entry in version.entries.iter().filter(|e| !e.unit.is_publishing()) {
        let made = entry.slot.made()?;
        for file in &made.files {
            let Some(before) = good.entry_of(&file.path) else {
                changed.insert(file.path.as_str());
                continue;
            };
            let old = before.slot.made()?;
            if Arc::ptr_eq(old, made) {
                continue;
            }
            let old_file = old.files.iter().find(|f| f.path == file.path);
            let lost = match (old_file.and_then(|f| f.scan.as_ref()), &file.scan) {
                (Some(old), Some(new)) => !old.ids.is_subset(&new.ids),
                (Some(_), None) => true,
                _ => false,
            };
            if lost {
                return None;
            }
            changed.insert(file.path.as_str());
        }
    }
    Some(changed)
}

/// The line printed for a version that built: `Rebuilt content/safety.md in 12 ms` (served),
/// and when the check took longer, when it ended, and the warnings.
pub(crate) fn built_line(
    what: &str,
    served: Duration,
    checked: Duration,
    warnings: usize,
) -> String {
    let mut line = format!("Rebuilt {what} in {} ms", served.as_millis());
    if checked.as_millis() > served.as_millis() {
        line.push_str(&format!(
            "; whole site checked in {} ms",
            checked.as_millis()
        ));
    }
    if warnings > 0 {
        line.push_str(&format!(
            " ({warnings} warning{}: see /__sitegen/)",
            plural(warnings)
        ));
    }
    line
}

/// Prints a failure and shows it in the preview's tabs when it is the loader's.
pub(crate) fn print_failure(
    mut errors: Vec<Diagnostic>,
    what: &str,
    took: Duration,
) -> Vec<Diagnostic> {
    diagnostics::sort(&mut errors);
    for e in &errors {
        eprintln!("{e}");
    }
    let n = errors.len();
    let what = if what.is_empty() { "the site" } else { what };
    println!(
        "Rebuild of {what} failed with {n} error{} in {} ms; the preview shows the last good version",
        plural(n),
        took.as_millis()
    );
    errors
}

/// The worker's side of the hand-over: the latest job, and a bell.
#[derive(Default)]
struct Shared {
    latest: Mutex<Hand>,
    /// Counts jobs handed over (and edits announced), so the worker knows when to stop.
    handed: Mutex<u64>,
    bell: Condvar,
}

/// What the worker is handed.
#[derive(Default)]
struct Hand {
    job: Option<Job>,
    /// An edit is being made into a version: the worker waits for it.
    editing: bool,
}

/// A running worker.
pub(crate) struct Worker {
    shared: Arc<Shared>,
}

impl Worker {
    /// Starts the worker for `preview`; `good` is the version it serves now (built),
    /// `today` gives the date for the checks.
    pub(crate) fn start(
        preview: Arc<Preview>,
        good: Option<Arc<Generation>>,
        today: fn() -> Date,
    ) -> Worker {
        let shared = Arc::new(Shared::default());
        let worker = Worker {
            shared: shared.clone(),
        };
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "sitegen-worker".into())
                .start_handler(|_| yield_to_the_editor())
                .build();
            let mut state = BackgroundState {
                preview,
                good,
                today,
                findings: Findings::default(),
                plans: vec![Edit::Everything],
                what: Changes::default(),
                seen: None,
                idle_work: true,
            };
            match pool {
                Ok(pool) => pool.install(|| state.run(&shared)),
                Err(_) => {
                    yield_to_the_editor();
                    state.run(&shared)
                }
            }
        });
        worker
    }

    /// Tells the worker an edit is coming: it stops what it is doing at its next look (after
    /// a few files, or one publishing file) and waits for the edit's version, so that making
    /// it has both cores. What it stopped is done again for that version.
    pub(crate) fn interrupt(&self) {
        self.shared.hand().editing = true;
        *self.shared.handed.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    }

    /// The edit announced by [`Worker::interrupt`] made no version (it does not load): the
    /// worker goes back to what it was doing.
    pub(crate) fn resume(&self) {
        self.shared.hand().editing = false;
        self.shared.bell.notify_all();
    }

    /// Hands over a new version (an older one still waiting is dropped: its changes go
    /// with the new one).
    pub(crate) fn submit(&self, job: Job) {
        {
            let mut hand = self.shared.hand();
            hand.put(job);
            hand.editing = false;
        }
        *self.shared.handed.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.shared.bell.notify_all();
    }
}

impl Shared {
    fn hand(&self) -> std::sync::MutexGuard<'_, Hand> {
        self.latest.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Hand {
    /// Puts `job` in hand; a job still waiting there goes with it (its changes too).
    fn put(&mut self, mut job: Job) {
        if let Some(old) = self.job.take() {
            let mut changes = old.changes;
            changes.merge(job.changes);
            job.changes = changes;
            job.seen = job.seen.min(old.seen);
            job.edit = merge_edits(old.edit, job.edit);
        }
        self.job = Some(job);
    }
}

/// Lowers the calling thread's priority by 10 nice steps below the server's own (at most to
/// 19, the lowest), so that the worker's background work (the publishing files, the whole-site
/// check) never slows the edit in hand or the browser's requests: on a 2-core machine it
/// otherwise competes with them. Relative, so a server started with `nice` keeps its worker
/// below it rather than raising it. Linux gives each thread a nice value of its own; elsewhere
/// `setpriority` would lower the whole process, so the worker keeps the normal priority there.
fn yield_to_the_editor() {
    #[cfg(target_os = "linux")]
    // SAFETY: getpriority and setpriority only read their integer arguments; who = 0 is the
    // calling thread on Linux. getpriority returns the nice value itself (-20..=19) on Linux;
    // failing to lower it (it cannot here: lowering needs no privilege) changes nothing.
    unsafe {
        let own = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, (own + 10).min(19));
    }
}

/// What two edits in a row changed together.
fn merge_edits(a: Edit, b: Edit) -> Edit {
    match (a, b) {
        (Edit::Text(mut a), Edit::Text(b)) => {
            a.extend(b);
            Edit::Text(a)
        }
        (Edit::Everything, _) | (_, Edit::Everything) => Edit::Everything,
        _ => Edit::Structure,
    }
}

struct BackgroundState {
    preview: Arc<Preview>,
    good: Option<Arc<Generation>>,
    today: fn() -> Date,
    findings: Findings,
    /// What the findings must be worked out again for.
    plans: Vec<Edit>,
    /// Changes not reported in the terminal yet (a check that a newer version interrupted
    /// reports with the next one).
    what: Changes,
    seen: Option<Instant>,
    /// Publishing files and findings are still to do.
    idle_work: bool,
}

impl BackgroundState {
    fn run(&mut self, shared: &Shared) {
        loop {
            let job = {
                let mut latest = shared.hand();
                loop {
                    if latest.editing {
                        latest = shared.bell.wait(latest).unwrap_or_else(|e| e.into_inner());
                        continue;
                    }
                    if let Some(job) = latest.job.take() {
                        break Some(job);
                    }
                    if self.idle_work {
                        let (guard, waited) = shared
                            .bell
                            .wait_timeout(latest, IDLE)
                            .unwrap_or_else(|e| e.into_inner());
                        latest = guard;
                        if waited.timed_out() && latest.job.is_none() && !latest.editing {
                            break None;
                        }
                    } else {
                        latest = shared.bell.wait(latest).unwrap_or_else(|e| e.into_inner());
                    }
                }
            };
            let handed = *shared.handed.lock().unwrap_or_else(|e| e.into_inner());
            let newer = || *shared.handed.lock().unwrap_or_else(|e| e.into_inner()) != handed;
            match job {
                Some(job) => self.check(job, &newer, shared),
                None => self.idle(&newer),
            }
        }
    }

    fn check(&mut self, job: Job, newer: &dyn Fn() -> bool, shared: &Shared) {
        self.what.merge(job.changes);
        let seen = *self.seen.get_or_insert(job.seen);
        self.plans.push(job.edit.clone());
        let version = job.generation;
        match check(&version, self.good.as_deref(), newer) {
            Verdict::Interrupted => {
                // An edit is coming. Should it not make a version, this one is checked once
                // the worker resumes (its changes are reported with it already).
                let mut hand = shared.hand();
                if hand.job.is_none() {
                    hand.job = Some(Job {
                        generation: version,
                        edit: job.edit,
                        changes: Changes::default(),
                        seen,
                        served_after: job.served_after,
                    });
                }
            }
            Verdict::Built(warnings) => {
                let what = std::mem::take(&mut self.what).describe();
                self.seen = None;
                println!(
                    "{}",
                    built_line(&what, job.served_after, seen.elapsed(), warnings.len())
                );
                self.preview.checked(&version, Ok(warnings));
                self.good = Some(version);
                self.idle_work = true;
            }
            Verdict::Failed(errors) => {
                let what = std::mem::take(&mut self.what).describe();
                self.seen = None;
                let errors = print_failure(errors, &what, seen.elapsed());
                self.preview.checked(&version, Err(errors));
            }
        }
    }

    /// The work no page shows: the publishing files of the version served, then the
    /// findings of `sitegen check`.
    fn idle(&mut self, newer: &dyn Fn() -> bool) {
        let Some(version) = self.preview.served_version() else {
            self.idle_work = false;
            return;
        };
        let languages = version.languages();
        let _stage = crate::timings::stage("publish");
        for entry in version.entries.iter().filter(|e| e.unit.is_publishing()) {
            version.make(entry, &languages);
            if newer() {
                return;
            }
        }
        let Some(good) = self.good.clone() else {
            self.idle_work = false;
            return;
        };
        let text_only: Option<BTreeSet<(usize, PageId)>> = self
            .plans
            .iter()
            .map(|plan| match plan {
                Edit::Text(pages) => Some(pages.clone()),
                Edit::Statics => Some(Vec::new()),
                Edit::Everything | Edit::Structure => None,
            })
            .try_fold(BTreeSet::new(), |mut all, pages| {
                all.extend(pages?);
                Some(all)
            });
        match text_only {
            Some(pages) => {
                let pages: Vec<(usize, PageId)> = pages.into_iter().collect();
                self.findings.plan_pages(&good, &pages);
            }
            None => self.findings.plan_all(&good),
        }
        self.plans.clear();
        let today = (self.today)();
        let done = self.findings.work(&good, today, &mut || newer());
        if done {
            self.idle_work = false;
            let report = self.findings.report(&good);
            self.preview.set_report(report, today);
        }
    }
}

#[cfg(test)]
#[path = "background_tests.rs"]
mod tests;
