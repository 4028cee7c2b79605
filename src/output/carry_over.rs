//! Files someone else put into the output (a `CNAME` note, a verification file) are carried
//! over into each new output, never deleted; once deleted from the output they stay gone.
//!
//! Finding them must not read the whole output, which has thousands of folders: the output's
//! marker lists every file it held when it was written (the last thing a build writes), and
//! adding a file to a folder sets the folder's change time, which no tool can set back. So
//! only the folders changed since the marker are read. Without a listing (a marker sitegen
//! cannot read) the whole output is walked, and everything in it not written by this build is
//! kept.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::marker::{Marker, MARKER};
use crate::paths::join_slash;

/// A file found in the output: its path, and its path inside the output with `/` separators.
pub(super) type FoundInOutput = (PathBuf, String);

/// Files in `output` that its marker (`marker`) does not list as sitegen's, the marker file
/// aside, sorted by their path inside the output.
pub(super) fn find(output: &Path, marker: &Marker) -> Vec<FoundInOutput> {
    let own: HashSet<&str> = marker.own_paths().collect();
    #[cfg(unix)]
    if let Some(found) = find_since_marker(output, marker, &own) {
        return found;
    }
    let mut found = walk_files(output, output, &|rel| rel != MARKER && !own.contains(rel));
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

/// Makes the output's marker (`marker`) list `found` as the files carried over, writing it
/// again unless it already does: the output is about to be retired, and recycled by the next
/// build, which trusts its marker to list everything in it.
pub(super) fn note_in_marker(
    output: &Path,
    marker: Marker,
    found: &[FoundInOutput],
) -> io::Result<()> {
    let found_paths = || found.iter().map(|(_, rel)| rel.as_str());
    let noted = marker
        .listing()
        .is_some_and(|l| l.kept.iter().map(String::as_str).eq(found_paths()));
    if noted {
        return Ok(());
    }
    let kept = found_paths().map(str::to_string).collect();
    marker.with_kept(kept).write(output)
}

/// Puts the `found` files that the build did not write itself (`manifest`) into `staging`,
/// as hard links where it can (copies elsewhere). Returns their paths inside the output.
pub(super) fn carry(
    found: Vec<FoundInOutput>,
    staging: &Path,
    manifest: &[&str],
) -> Result<Vec<String>, (PathBuf, io::Error)> {
    let ours: HashSet<&str> = manifest.iter().copied().collect();
    let mut kept = Vec::new();
    for (path, rel) in found {
        if ours.contains(rel.as_str()) {
            continue;
        }
        let target = join_slash(staging, &rel);
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
        kept.push(rel);
    }
    Ok(kept)
}

/// The files under `dir` that `keep` accepts (given their path inside `output`).
fn walk_files(
    output: &Path,
    dir: &Path,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<FoundInOutput> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let rel = inside(output, entry.path());
            keep(&rel).then(|| (entry.into_path(), rel))
        })
        .collect()
}

fn inside(output: &Path, path: &Path) -> String {
    crate::diagnostics::slash_path(&crate::diagnostics::relative(output, path))
}

/// [`find`] reading only the folders changed since the marker was written (see the module
/// docs). `None` when the marker has no listing.
#[cfg(unix)]
fn find_since_marker(
    output: &Path,
    marker: &Marker,
    own: &HashSet<&str>,
) -> Option<Vec<FoundInOutput>> {
    use rayon::prelude::*;
    use std::os::unix::fs::MetadataExt;
    let listed = marker.listing()?;
    let written = fs::metadata(super::marker::path_in(output)).ok()?;
    let since = (written.mtime(), written.mtime_nsec());
    let listed_set: HashSet<&str> = listed.paths().collect();
    // Every folder holding a listed file, and the output itself.
    let mut folders: HashSet<&str> = HashSet::from([""]);
    for path in listed.paths() {
        let mut folder = path;
        while let Some(slash) = folder.rfind('/') {
            folder = &folder[..slash];
            if !folders.insert(folder) {
                break;
            }
        }
    }
    // Files carried over last time that are still there...
    let mut found: Vec<FoundInOutput> = listed
        .paths()
        .filter(|rel| !own.contains(rel))
        .map(|rel| (join_slash(output, rel), rel.to_string()))
        .filter(|(path, _)| fs::symlink_metadata(path).is_ok_and(|m| m.is_file()))
        .collect();
    // ...and anything new in a folder changed since.
    let folder_list: Vec<&str> = folders.iter().copied().collect();
    let fresh: Vec<FoundInOutput> = folder_list
        .par_iter()
        .flat_map_iter(|&folder| {
            let path = join_slash(output, folder);
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
                let rel = inside(output, &entry.path());
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

#[cfg(test)]
mod tests {
    use super::super::testing::file;
    use super::super::write;
    use std::fs;

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
}
