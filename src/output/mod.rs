//! Writing the built site to disk without ever losing anything.
//!
//! * A build is written into a fresh staging folder beside the output (`.public.sitegen-new`),
//!   then swapped in with two renames, so a failed or interrupted build leaves the previous
//!   output as it was.
//! * Files whose bytes did not change are not rewritten: the output before last, kept as
//!   `.public.sitegen-old`, is recycled as the staging folder (its unchanged files stay as they
//!   are), and files that match the current output are hard-linked from it. Unchanged files
//!   keep their timestamps, and the kept folder shares their disk space.
//! * The marker lists every file of its folder: sitegen's own (each with its size, time and a
//!   hash of its bytes, so an unchanged file is recognised without reading it back) and those
//!   carried over. Stale files of a recycled folder are found from that list, and only the
//!   output's folders whose change time is after the marker are read for files someone added
//!   (adding a file sets its folder's change time, which no tool can set back).
//! * sitegen only ever replaces a folder that carries its marker file (`.sitegen`). It refuses
//!   to write into the site root, `content/`, `themes/`, a home folder, any folder containing
//!   the site, or any non-empty folder without the marker. Files someone else put into an
//!   output folder are carried over, never deleted.

mod file;
pub use file::{output_path, Body, OutputFile};

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// Name of the marker file that says "sitegen made this folder".
pub const MARKER: &str = ".sitegen";

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: usize,
    pub unchanged: usize,
    /// Files not made by sitegen that were found in the output and kept.
    pub kept_foreign: Vec<String>,
}

/// Checks that `output` is a folder sitegen may replace, before anything is built.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(
            output.display().to_string(),
            format!(
                "refusing to write the site into {}: {why}",
                output.display()
            ),
        )
        .help("choose an empty or new folder, such as the default public/"))
    };
    let abs_root = canonical_or_self(root);
    let abs_out = canonical_or_self(output);
    if abs_out == abs_root {
        return refuse("it is the site's own folder".into());
    }
    if abs_root.starts_with(&abs_out) {
        return refuse("it contains the site's sources".into());
    }
    for protected in ["content", "themes", "static", "templates", ".git", "src"] {
        if abs_out.starts_with(abs_root.join(protected)) {
            return refuse(format!("it is inside {protected}/"));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if abs_out == canonical_or_self(&home) {
            return refuse("it is your home folder".into());
        }
    }
    if abs_out.parent().is_none() {
        return refuse("it is the root of the file system".into());
    }
    if abs_out.exists() {
        if !abs_out.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
        let empty = fs::read_dir(&abs_out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !abs_out.join(MARKER).is_file() {
            return refuse(format!(
                "it is not empty and was not made by sitegen (it has no {MARKER} file)"
            ));
        }
    }
    Ok(())
}

fn canonical_or_self(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    // A folder that does not exist yet: canonicalise its parent.
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => canonical_or_self(parent).join(name),
        _ => absolute,
    }
}

/// Writes `files` as the new content of `output` (see the module docs for the guarantees).
pub fn write(root: &Path, output: &Path, files: &[OutputFile]) -> Result<WriteSummary, Diagnostic> {
    let staging = Staging::open(root, output)?;
    let unchanged = files
        .par_iter()
        .map(|file| staging.put(file))
        .collect::<Result<Vec<bool>, _>>();
    match unchanged {
        Ok(unchanged) => {
            let manifest: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            staging.commit(&manifest, unchanged.iter().filter(|u| **u).count())
        }
        Err(d) => {
            staging.abandon();
            Err(d)
        }
    }
}

/// A build's output while it is being written: files go into the staging folder one by one
/// ([`Staging::put`], from any thread), and [`Staging::commit`] swaps the folder in once the
/// whole build has succeeded. Until then the output is untouched.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The staging folder is a recycled output (rather than new and empty).
    recycled: bool,
    /// The fingerprints its marker gives for the recycled folder's files.
    known: HashMap<String, Fingerprint>,
    /// Fingerprints of the files put so far, for the new marker.
    fingerprints: Mutex<Vec<(String, Fingerprint)>>,
}

/// What identifies a file's bytes without reading them: its size and modification time as
/// found on disk, and a hash of the bytes sitegen wrote. A file whose size and time still
/// match, and whose new bytes have the same hash, is unchanged; anything else (an edit by
/// hand changes the time) is compared byte for byte as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    size: u64,
    modified_ns: u128,
    hash: u64,
}

impl Fingerprint {
    /// The fingerprint of the file at `path` if its bytes are `bytes`.
    fn of(path: &Path, bytes: &[u8]) -> Option<Fingerprint> {
        let meta = fs::symlink_metadata(path).ok()?;
        Some(Fingerprint {
            size: meta.len(),
            modified_ns: modified_ns(&meta)?,
            hash: content_hash(bytes),
        })
    }

    fn line(&self, path: &str) -> String {
        format!(
            "{} {} {:016x} {path}\n",
            self.size, self.modified_ns, self.hash
        )
    }

    fn parse(line: &str) -> Option<(String, Fingerprint)> {
        let mut parts = line.splitn(4, ' ');
        let size = parts.next()?.parse().ok()?;
        let modified_ns = parts.next()?.parse().ok()?;
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let path = parts.next()?.to_string();
        Some((
            path,
            Fingerprint {
                size,
                modified_ns,
                hash,
            },
        ))
    }
}

fn modified_ns(meta: &fs::Metadata) -> Option<u128> {
    let modified = meta.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), format!("cannot {what}: {e}")).help(
        "check that the folder is writable and the disk is not full; the previous output is unchanged",
    )
}

impl Staging {
    /// Checks that `output` may be replaced and prepares the staging folder beside it.
    pub fn open(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        check_output_dir(root, output)?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let staging = parent.join(format!(".{name}.sitegen-new"));
        let retired = parent.join(format!(".{name}.sitegen-old"));
        // A staging folder left by an interrupted build is removed; the previous build's
        // retired output is recycled as the new staging folder, so files that are already
        // right need neither a new folder nor a new link. Both carry the marker; anything
        // else is refused.
        for ours in [&staging, &retired] {
            if ours.exists() && !ours.join(MARKER).is_file() {
                return Err(Diagnostic::error(
                    ours.display().to_string(),
                    "this folder has sitegen's working name but was not made by sitegen",
                )
                .help("move or rename it; sitegen will not touch it"));
            }
        }
        if staging.exists() {
            remove_tree(&staging)
                .map_err(|e| io_error("remove an old staging folder", &staging, e))?;
        }
        let recycled = retired.exists();
        if recycled {
            fs::rename(&retired, &staging)
                .map_err(|e| io_error("reuse the previous output", &retired, e))?;
        } else {
            fs::create_dir_all(&staging)
                .map_err(|e| io_error("create a staging folder", &staging, e))?;
            fs::write(staging.join(MARKER), "sitegen staging folder\n")
                .map_err(|e| io_error("create a staging folder", &staging, e))?;
        }
        let known = if recycled {
            read_fingerprints(&staging)
        } else {
            HashMap::new()
        };
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            retired,
            recycled,
            known,
            fingerprints: Mutex::new(Vec::new()),
        })
    }

    /// Puts `file` into the staging folder. Returns whether its bytes were already there
    /// (found in the recycled folder, or hard-linked from the current output).
    pub fn put(&self, file: &OutputFile) -> Result<bool, Diagnostic> {
        let target = self.staging.join(&file.path);
        let Body::Bytes(bytes) = &file.body else {
            return self.put_unfingerprinted(file, &target);
        };
        if let Some(known) = self.known.get(&file.path) {
            let on_disk = fs::symlink_metadata(&target).ok();
            if known.size == bytes.len() as u64
                && on_disk.as_ref().is_some_and(|m| m.len() == known.size)
                && on_disk.as_ref().and_then(modified_ns) == Some(known.modified_ns)
                && known.hash == content_hash(bytes)
            {
                self.remember(&file.path, *known);
                return Ok(true);
            }
        }
        let unchanged = self.put_unfingerprinted(file, &target)?;
        if let Some(fingerprint) = Fingerprint::of(&target, bytes) {
            self.remember(&file.path, fingerprint);
        }
        Ok(unchanged)
    }

    fn remember(&self, path: &str, fingerprint: Fingerprint) {
        if let Ok(mut all) = self.fingerprints.lock() {
            all.push((path.to_string(), fingerprint));
        }
    }

    /// [`Staging::put`] by comparing bytes.
    fn put_unfingerprinted(&self, file: &OutputFile, target: &Path) -> Result<bool, Diagnostic> {
        if same_bytes(target, &file.body) {
            return Ok(true);
        }
        // The recycled file may be a hard link shared with the live output: replace the
        // name, never write through it.
        match fs::remove_file(target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = target.parent() {
                    fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
                }
            }
            Err(e) => return Err(io_error("replace", target, e)),
            Ok(()) => {}
        }
        let old = self.output.join(&file.path);
        if same_bytes(&old, &file.body) && fs::hard_link(&old, target).is_ok() {
            return Ok(true);
        }
        match &file.body {
            Body::Bytes(bytes) => {
                fs::write(target, bytes).map_err(|e| io_error("write", target, e))?
            }
            Body::Copy(source) => {
                fs::copy(source, target).map_err(|e| io_error("copy", source, e))?;
            }
        }
        Ok(false)
    }

    /// Finishes the staging folder, whose files are now exactly `manifest` (`unchanged` of
    /// them were already right), and swaps it in for the output.
    pub fn commit(self, manifest: &[&str], unchanged: usize) -> Result<WriteSummary, Diagnostic> {
        let fingerprints = self
            .fingerprints
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default();
        let finished = finish_staging(
            &self.output,
            &self.staging,
            self.recycled,
            manifest,
            &fingerprints,
        );
        let summary = match finished {
            Ok(kept_foreign) => WriteSummary {
                written: manifest.len() - unchanged,
                unchanged,
                kept_foreign,
            },
            Err((p, e)) => {
                let _ = remove_tree(&self.staging);
                return Err(io_error("write", &p, e));
            }
        };
        let output = &self.output;
        if output.exists() {
            fs::rename(output, &self.retired)
                .map_err(|e| io_error("move the previous output aside", output, e))?;
        }
        if let Err(e) = fs::rename(&self.staging, output) {
            let _ = fs::rename(&self.retired, output);
            return Err(io_error("move the new output into place", output, e));
        }
        Ok(summary)
    }

    /// Gives up on this build: the output stays as it was, and the staging folder is put
    /// back to be recycled by the next build. Its marker no longer lists what it holds, so
    /// that build walks it to find what is stale.
    pub fn abandon(self) {
        let unlisted = fs::write(self.staging.join(MARKER), "sitegen staging folder\n");
        if unlisted.is_ok() {
            let _ = fs::rename(&self.staging, &self.retired);
        } else {
            let _ = remove_tree(&self.staging);
        }
    }
}

/// Removes from a recycled staging folder every file the new build does not have (the marker
/// aside), then the folders left empty. The folder's marker lists every file in it (sitegen's
/// and those carried over), so nothing needs to be walked; a marker from an older sitegen,
/// without the carried-over list, falls back to walking the folder.
fn remove_stale(staging: &Path, manifest: &[&str]) -> io::Result<()> {
    let Some(listed) = read_listing(staging) else {
        return remove_stale_by_walking(staging, manifest);
    };
    let keep: HashSet<&str> = manifest.iter().copied().collect();
    for path in listed.iter().filter(|p| !keep.contains(p.as_str())) {
        let file = staging.join(path);
        match fs::remove_file(&file) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        // Folders this leaves empty go too; the first that is not empty ends the climb.
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != staging && d.starts_with(staging)) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

fn remove_stale_by_walking(staging: &Path, manifest: &[&str]) -> io::Result<()> {
    let keep: HashSet<PathBuf> = manifest.iter().map(|p| staging.join(p)).collect();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(staging).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else if entry.depth() == 1 && entry.file_name() == MARKER {
            continue;
        } else if !keep.contains(entry.path()) {
            fs::remove_file(entry.path())?;
        }
    }
    dirs.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    for (_, dir) in dirs {
        if fs::read_dir(&dir)?.next().is_none() {
            fs::remove_dir(&dir)?;
        }
    }
    Ok(())
}

/// Removes a folder sitegen made, its files in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(fs::remove_file)?;
    dirs.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        level.par_iter().try_for_each(|(_, d)| fs::remove_dir(d))?;
    }
    Ok(())
}

/// Removes what the recycled staging folder has that the build did not write, carries over
/// files someone else put into the output, and writes the marker with the manifest. Returns
/// the files carried over.
fn finish_staging(
    output: &Path,
    staging: &Path,
    recycled: bool,
    manifest: &[&str],
    fingerprints: &[(String, Fingerprint)],
) -> Result<Vec<String>, (PathBuf, io::Error)> {
    let previous_manifest = read_manifest(output);
    // Both read a whole tree; they touch different folders, so run them side by side.
    let (stale, unlisted) = rayon::join(
        || {
            let _stage = crate::timings::stage("(stale)");
            if !recycled {
                return Ok(());
            }
            remove_stale(staging, manifest).map_err(|e| (staging.to_path_buf(), e))
        },
        || {
            let _stage = crate::timings::stage("(foreign)");
            let previous: HashSet<&str> = previous_manifest.iter().map(String::as_str).collect();
            unlisted_files(output, &previous)
        },
    );
    stale?;
    // The output is about to be retired, and recycled by the next build, which trusts its
    // marker to list everything in it: add what was put there since it was built.
    if output.is_dir() {
        let previous: Vec<&str> = previous_manifest.iter().map(String::as_str).collect();
        let found: Vec<&str> = unlisted.iter().map(|(_, rel)| rel.as_str()).collect();
        let kept_fingerprints = fingerprint_section(output);
        let text = marker_text(&previous, &found) + &kept_fingerprints;
        fs::write(output.join(MARKER), text).map_err(|e| (output.join(MARKER), e))?;
    }
    let ours: HashSet<&str> = manifest.iter().copied().collect();
    let mut kept_foreign = Vec::new();
    for (path, rel) in unlisted {
        if ours.contains(rel.as_str()) {
            continue;
        }
        let target = staging.join(&rel);
        // Never write through a name that may share its file with the output.
        match fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err((target, e)),
            _ => {}
        }
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
        }
        if fs::hard_link(&path, &target).is_err() {
            fs::copy(&path, &target).map_err(|e| (target.clone(), e))?;
        }
        kept_foreign.push(rel);
    }
    let kept: Vec<&str> = kept_foreign.iter().map(String::as_str).collect();
    let mut text = marker_text(manifest, &kept);
    text.push_str(FINGERPRINTS_HEADING);
    text.push('\n');
    for (path, fingerprint) in fingerprints {
        text.push_str(&fingerprint.line(path));
    }
    fs::write(staging.join(MARKER), text).map_err(|e| (staging.join(MARKER), e))?;
    Ok(kept_foreign)
}

/// The marker of an output folder: sitegen's files, then the files it carried over.
fn marker_text(own: &[&str], kept: &[&str]) -> String {
    format!(
        "This folder was made by sitegen; it is replaced on every build.\n\
         Files listed below are sitegen's; anything else found here is kept.\n\n{}\n\n{KEPT_HEADING}\n{}",
        own.join("\n"),
        kept.iter().map(|p| format!("{p}\n")).collect::<String>()
    )
}

/// Files in `output` that its marker does not list as sitegen's (`own`), the marker aside:
/// each as its path and its path inside the output, with `/` separators, sorted.
fn unlisted_files(output: &Path, own: &HashSet<&str>) -> Vec<(PathBuf, String)> {
    #[cfg(unix)]
    if let Some(found) = unlisted_since_marker(output, own) {
        return found;
    }
    let mut found = walk_files(output, output, &|rel| rel != MARKER && !own.contains(rel));
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

/// The files under `dir` that `keep` accepts (given their path inside `output`).
fn walk_files(
    output: &Path,
    dir: &Path,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let rel =
                crate::diagnostics::slash_path(&crate::diagnostics::relative(output, entry.path()));
            keep(&rel).then(|| (entry.into_path(), rel))
        })
        .collect()
}

/// [`unlisted_files`] without reading every folder: the marker lists every file the output
/// held when it was written (the last thing a build writes), and adding a file to a folder
/// sets the folder's change time, which no tool can set back. So only the folders changed
/// since the marker are read; a big site has thousands of folders, and reading them all was
/// most of what a build did after rendering. `None` when the marker has no full listing.
#[cfg(unix)]
fn unlisted_since_marker(output: &Path, own: &HashSet<&str>) -> Option<Vec<(PathBuf, String)>> {
    use std::os::unix::fs::MetadataExt;
    let marker = fs::metadata(output.join(MARKER)).ok()?;
    let since = (marker.mtime(), marker.mtime_nsec());
    let listed = read_listing(output)?;
    let listed_set: HashSet<&str> = listed.iter().map(String::as_str).collect();
    // Every folder holding a listed file, and the output itself.
    let mut folders: HashSet<&str> = HashSet::from([""]);
    for path in &listed {
        let mut folder = path.as_str();
        while let Some(slash) = folder.rfind('/') {
            folder = &folder[..slash];
            if !folders.insert(folder) {
                break;
            }
        }
    }
    // Files carried over last time that are still there...
    let mut found: Vec<(PathBuf, String)> = listed
        .iter()
        .filter(|rel| !own.contains(rel.as_str()))
        .map(|rel| (output.join(rel), rel.clone()))
        .filter(|(path, _)| fs::symlink_metadata(path).is_ok_and(|m| m.is_file()))
        .collect();
    // ...and anything new in a folder changed since.
    let folder_list: Vec<&str> = folders.iter().copied().collect();
    let fresh: Vec<(PathBuf, String)> = folder_list
        .par_iter()
        .flat_map_iter(|&folder| {
            let path = output.join(folder);
            let changed = fs::symlink_metadata(&path)
                .is_ok_and(|m| m.is_dir() && (m.ctime(), m.ctime_nsec()) >= since);
            let mut new = Vec::new();
            if !changed {
                return new;
            }
            for entry in fs::read_dir(&path).into_iter().flatten().flatten() {
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let rel = crate::diagnostics::slash_path(&crate::diagnostics::relative(
                    output,
                    &entry.path(),
                ));
                if kind.is_file() && rel != MARKER && !listed_set.contains(rel.as_str()) {
                    new.push((entry.path(), rel));
                } else if kind.is_dir() && !folders.contains(rel.as_str()) {
                    new.extend(walk_files(output, &entry.path(), &|_| true));
                }
            }
            new
        })
        .collect();
    found.extend(fresh);
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found.dedup_by(|a, b| a.1 == b.1);
    Some(found)
}

/// Heads the marker's list of sitegen's files' fingerprints (see [`Fingerprint`]).
const FINGERPRINTS_HEADING: &str =
    "\nFingerprints (bytes, modified, hash, file) of sitegen's files:";

/// The fingerprints section of a folder's marker, as it is (empty if it has none).
fn fingerprint_section(folder: &Path) -> String {
    fs::read_to_string(folder.join(MARKER))
        .ok()
        .and_then(|text| {
            let at = text.find(FINGERPRINTS_HEADING)?;
            Some(text[at..].to_string())
        })
        .unwrap_or_default()
}

/// The fingerprints a folder's marker gives, by file.
fn read_fingerprints(folder: &Path) -> HashMap<String, Fingerprint> {
    let section = fingerprint_section(folder);
    section
        .lines()
        .skip(2)
        .filter_map(Fingerprint::parse)
        .collect()
}

/// Heads the marker's list of files carried over from the previous output.
const KEPT_HEADING: &str = "Carried over from the previous output (not sitegen's):";

/// Every file of a folder sitegen wrote, from its marker: its own files and those it carried
/// over. `None` if the marker does not list both (a staging folder never finished, or one
/// written by an older sitegen).
fn read_listing(folder: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(folder.join(MARKER)).ok()?;
    let mut sections = text.split("\n\n");
    let own = sections.nth(1)?;
    let kept = sections.next()?.strip_prefix(KEPT_HEADING)?;
    Some(
        own.lines()
            .chain(kept.lines())
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

fn read_manifest(output: &Path) -> Vec<String> {
    fs::read_to_string(output.join(MARKER))
        .map(|text| {
            text.split("\n\n")
                .nth(1)
                .unwrap_or("")
                .lines()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn same_bytes(old: &Path, body: &Body) -> bool {
    let Ok(meta) = fs::metadata(old) else {
        return false;
    };
    match body {
        Body::Bytes(bytes) => {
            meta.len() == bytes.len() as u64 && fs::read(old).is_ok_and(|b| b == *bytes)
        }
        Body::Copy(source) => {
            fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                && matches!((fs::read(old), fs::read(source)), (Ok(a), Ok(b)) if a == b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            body: Body::Bytes(text.as_bytes().to_vec()),
            origin: "x".into(),
        }
    }

    #[test]
    fn refuses_foreign_folders_and_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep me").unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        let err = check_output_dir(root, &root.join("mine")).unwrap_err();
        assert!(
            err.message.contains("not made by sitegen"),
            "{}",
            err.message
        );
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(write(root, &root.join("mine"), &[file("a.html", "x")]).is_err());
        assert_eq!(
            fs::read_to_string(root.join("mine/notes.txt")).unwrap(),
            "keep me"
        );
    }

    #[test]
    fn swaps_in_new_output_and_keeps_unchanged_files_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let out = root.join("public");
        let first = write(
            root,
            &out,
            &[file("a/index.html", "A"), file("b.html", "B")],
        )
        .unwrap();
        assert_eq!(first.written, 2);
        let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
        let a_before = ino(&out.join("a/index.html"));
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let second = write(
            root,
            &out,
            &[file("a/index.html", "A"), file("c.html", "C")],
        )
        .unwrap();
        assert_eq!((second.written, second.unchanged), (1, 1));
        assert_eq!(
            ino(&out.join("a/index.html")),
            a_before,
            "unchanged file was rewritten"
        );
        assert!(
            !out.join("b.html").exists(),
            "stale output of sitegen's own should go"
        );
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(second.kept_foreign, vec!["notes.txt".to_string()]);
        assert!(!root.join(".public.sitegen-new").exists());
        // The previous output is kept aside, to be recycled by the next build.
        assert!(root.join(".public.sitegen-old/.sitegen").is_file());
        let third = write(
            root,
            &out,
            &[file("a/index.html", "A2"), file("c.html", "C")],
        )
        .unwrap();
        assert_eq!((third.written, third.unchanged), (1, 1));
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A2");
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "C");
        assert!(!out.join("b.html").exists());
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        // Writing the changed file did not write through a link into the previous output.
        assert_eq!(
            fs::read_to_string(root.join(".public.sitegen-old/a/index.html")).unwrap(),
            "A"
        );
    }

    #[test]
    fn files_added_to_the_output_are_kept_and_stay_gone_once_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let out = root.join("public");
        fs::create_dir_all(&out).unwrap();
        let site = [
            file("index.html", "home"),
            file("a/index.html", "A"),
            file("b/c/index.html", "C"),
        ];
        write(root, &out, &site).unwrap();
        write(root, &out, &site).unwrap();
        // Let the clock move past the marker, so that only folders changed after it are read.
        std::thread::sleep(std::time::Duration::from_millis(50));
        fs::write(out.join("notes.txt"), "mine").unwrap();
        fs::create_dir_all(out.join("extra/deeper")).unwrap();
        fs::write(out.join("extra/deeper/keep.txt"), "also mine").unwrap();
        fs::write(out.join("b/c/draft.txt"), "in a page's folder").unwrap();
        for _ in 0..3 {
            let summary = write(root, &out, &site).unwrap();
            assert_eq!(
                summary.kept_foreign,
                ["b/c/draft.txt", "extra/deeper/keep.txt", "notes.txt"]
            );
            assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
            assert_eq!(
                fs::read_to_string(out.join("extra/deeper/keep.txt")).unwrap(),
                "also mine"
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        fs::remove_file(out.join("notes.txt")).unwrap();
        fs::remove_file(out.join("b/c/draft.txt")).unwrap();
        fs::remove_dir_all(out.join("extra")).unwrap();
        for _ in 0..3 {
            let summary = write(root, &out, &[file("index.html", "home")]).unwrap();
            assert!(
                summary.kept_foreign.is_empty(),
                "{:?}",
                summary.kept_foreign
            );
            assert!(!out.join("notes.txt").exists(), "a deleted file came back");
            assert!(!out.join("extra").exists());
            assert!(!out.join("a").exists(), "a page's stale folder was left");
            assert!(!out.join("b").exists());
        }
    }

    #[test]
    fn unchanged_files_are_known_by_fingerprint_and_hand_edits_are_undone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let out = root.join("public");
        let site = [
            file("index.html", "home page"),
            file("a/index.html", "page A"),
        ];
        for _ in 0..3 {
            write(root, &out, &site).unwrap();
        }
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.contains(" a/index.html\n"), "{marker}");
        let summary = write(root, &out, &site).unwrap();
        assert_eq!((summary.written, summary.unchanged), (0, 2));
        // An edit by hand, same size, in the live output (and so in every folder sharing
        // the file): the next builds put sitegen's bytes back.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("a/index.html"), "page B").unwrap();
        for _ in 0..3 {
            write(root, &out, &site).unwrap();
            assert_eq!(
                fs::read_to_string(out.join("a/index.html")).unwrap(),
                "page A"
            );
        }
    }
}
