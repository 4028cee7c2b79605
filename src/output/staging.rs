//! Staging: a build is written into a folder beside the output (`.public.sitegen-new`) and
//! swapped in with two renames once it has succeeded, so a failed or interrupted build leaves
//! the output as it was. The output before last, kept as `.public.sitegen-old`, is recycled as
//! the next staging folder: its files that are already right stay as they are (known by their
//! fingerprints), and files that match the current output are hard-linked from it, so
//! unchanged files are never rewritten and keep their timestamps.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::file_fingerprint::FileFingerprint;
use super::marker::{self, Listing, Marker, MARKER};
use super::{carry_over, guard, Body, OutputFile, WriteSummary};
use crate::diagnostics::Diagnostic;
use crate::paths::join_slash;

/// A build's output while it is being written: files go into the staging folder one by one
/// ([`Staging::put`], from any thread), and [`Staging::commit`] swaps the folder in once the
/// whole build has succeeded. Until then the output is untouched.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The marker of the recycled folder (`None` for a new, empty one): what it holds, and
    /// the fingerprints of sitegen's files in it.
    recycled: Option<Marker>,
    /// Fingerprints of the files put so far, for the new marker.
    fingerprints: Mutex<Vec<(String, FileFingerprint)>>,
}

pub(super) fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), format!("cannot {what}: {e}")).help(
        "check that the folder is writable and the disk is not full; the previous output is unchanged",
    )
}

impl Staging {
    /// Checks that `output` may be replaced and prepares the staging folder beside it.
    pub(crate) fn open(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        guard::check_output_dir(root, output)?;
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
        guard::check_working_dir(&staging)?;
        guard::check_working_dir(&retired)?;
        if staging.exists() {
            remove_tree(&staging)
                .map_err(|e| io_error("remove an old staging folder", &staging, e))?;
        }
        let recycled = if retired.exists() {
            fs::rename(&retired, &staging)
                .map_err(|e| io_error("reuse the previous output", &retired, e))?;
            Some(Marker::read(&staging))
        } else {
            fs::create_dir_all(&staging)
                .map_err(|e| io_error("create a staging folder", &staging, e))?;
            Marker::unlisted()
                .write(&staging)
                .map_err(|e| io_error("create a staging folder", &staging, e))?;
            None
        };
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            retired,
            recycled,
            fingerprints: Mutex::new(Vec::new()),
        })
    }

    /// Puts `file` into the staging folder. Returns whether its bytes were already there
    /// (found in the recycled folder, or hard-linked from the current output).
    pub(crate) fn put(&self, file: &OutputFile) -> Result<bool, Diagnostic> {
        let target = join_slash(&self.staging, &file.path);
        let Body::Bytes(bytes) = &file.body else {
            return self.put_unfingerprinted(file, &target);
        };
        let known = self
            .recycled
            .as_ref()
            .and_then(|m| m.fingerprint(&file.path));
        if let Some(known) = known {
            if known.still_matches(&target, bytes) {
                self.remember(&file.path, known);
                return Ok(true);
            }
        }
        let unchanged = self.put_unfingerprinted(file, &target)?;
        if let Some(fingerprint) = FileFingerprint::of(&target, bytes) {
            self.remember(&file.path, fingerprint);
        }
        Ok(unchanged)
    }

    fn remember(&self, path: &str, fingerprint: FileFingerprint) {
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
        let old = join_slash(&self.output, &file.path);
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
    pub(crate) fn commit(
        self,
        manifest: &[&str],
        unchanged: usize,
    ) -> Result<WriteSummary, Diagnostic> {
        let fingerprints = self
            .fingerprints
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default();
        let summary = match self.finish(manifest, fingerprints) {
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
    pub(crate) fn abandon(self) {
        if Marker::unlisted().write(&self.staging).is_ok() {
            let _ = fs::rename(&self.staging, &self.retired);
        } else {
            let _ = remove_tree(&self.staging);
        }
    }

    /// Removes what the recycled staging folder has that the build did not write, carries
    /// over files someone else put into the output, and writes the marker listing the
    /// folder's files. Returns the files carried over.
    fn finish(
        &self,
        manifest: &[&str],
        fingerprints: Vec<(String, FileFingerprint)>,
    ) -> Result<Vec<String>, (PathBuf, io::Error)> {
        // Both read a whole tree; they touch different folders, so run them side by side.
        let (stale, (previous, found)) = rayon::join(
            || {
                let _stage = crate::timings::stage("(stale)");
                let Some(recycled) = &self.recycled else {
                    return Ok(());
                };
                remove_stale(&self.staging, recycled.listing(), manifest)
                    .map_err(|e| (self.staging.clone(), e))
            },
            || {
                let _stage = crate::timings::stage("(foreign)");
                let previous = Marker::read(&self.output);
                let found = carry_over::find(&self.output, &previous);
                (previous, found)
            },
        );
        stale?;
        if self.output.is_dir() {
            carry_over::note_in_marker(&self.output, previous, &found)
                .map_err(|e| (marker::path_in(&self.output), e))?;
        }
        let kept = carry_over::carry(found, &self.staging, manifest)?;
        // Every file put has its fingerprint, but for copies and files whose time is unknown.
        let mut own: BTreeMap<String, Option<FileFingerprint>> = fingerprints
            .into_iter()
            .map(|(path, fingerprint)| (path, Some(fingerprint)))
            .collect();
        for path in manifest {
            if !own.contains_key(*path) {
                own.insert(path.to_string(), None);
            }
        }
        Marker::listed(Listing {
            own,
            kept: kept.clone(),
        })
        .write(&self.staging)
        .map_err(|e| (marker::path_in(&self.staging), e))?;
        Ok(kept)
    }
}

/// Removes from a recycled staging folder every file the new build does not have (the marker
/// aside), then the folders left empty. The folder's marker lists every file in it (sitegen's
/// and those carried over), so nothing needs to be walked; a marker without a listing (a build
/// that was abandoned, or an older sitegen's) falls back to walking the folder.
fn remove_stale(staging: &Path, listing: Option<&Listing>, manifest: &[&str]) -> io::Result<()> {
    let Some(listing) = listing else {
        return remove_stale_by_walking(staging, manifest);
    };
    let keep: HashSet<&str> = manifest.iter().copied().collect();
    for path in listing.paths().filter(|p| !keep.contains(p)) {
        let file = join_slash(staging, path);
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
    let keep: HashSet<PathBuf> = manifest.iter().map(|p| join_slash(staging, p)).collect();
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

/// Unix: an unchanged file is known by its inode.
#[cfg(all(test, unix))]
mod tests {
    use super::super::testing::file;
    use super::super::write;
    use std::fs;
    use std::path::Path;

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
}
