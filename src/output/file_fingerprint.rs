//! Knowing a file is unchanged without reading it back: a [`FileFingerprint`] is a file's size and
//! modification time as found on disk, and a hash of the bytes sitegen wrote. The marker keeps
//! one for each of sitegen's files, so a recycled staging folder's files are checked by one
//! `stat` each instead of a read and a compare (most of a no-change build's writing time).

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// What identifies a file's bytes without reading them. A file whose size and time still
/// match, and whose new bytes have the same hash, is unchanged; anything else (an edit by
/// hand changes the time) is compared byte for byte as before.
///
/// In the marker it is written `[bytes, modified_ns, hash]`: there is one for each of
/// sitegen's files, and the marker is read and written on every build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u64, u128, u64)", into = "(u64, u128, u64)")]
pub(super) struct FileFingerprint {
    /// The file's size in bytes.
    pub bytes: u64,
    /// Its modification time, in nanoseconds since 1970.
    pub modified_ns: u128,
    /// A hash of the bytes sitegen wrote (not a security measure: it only has to tell
    /// sitegen's own versions of a file apart).
    pub hash: u64,
}

impl From<(u64, u128, u64)> for FileFingerprint {
    fn from((bytes, modified_ns, hash): (u64, u128, u64)) -> FileFingerprint {
        FileFingerprint {
            bytes,
            modified_ns,
            hash,
        }
    }
}

impl From<FileFingerprint> for (u64, u128, u64) {
    fn from(f: FileFingerprint) -> (u64, u128, u64) {
        (f.bytes, f.modified_ns, f.hash)
    }
}

impl FileFingerprint {
    /// The fingerprint of the file at `path` if its bytes are `bytes`; `None` if the file
    /// cannot be looked at or its time is not known.
    pub(crate) fn of(path: &Path, bytes: &[u8]) -> Option<FileFingerprint> {
        let meta = fs::symlink_metadata(path).ok()?;
        Some(FileFingerprint {
            bytes: meta.len(),
            modified_ns: modified_ns(&meta)?,
            hash: content_hash(bytes),
        })
    }

    /// Whether the file at `path` still holds the bytes this fingerprint was taken of, and
    /// those are `bytes`: without reading the file.
    pub(crate) fn still_matches(&self, path: &Path, bytes: &[u8]) -> bool {
        if self.bytes != bytes.len() as u64 {
            return false;
        }
        let Ok(on_disk) = fs::symlink_metadata(path) else {
            return false;
        };
        on_disk.len() == self.bytes
            && modified_ns(&on_disk) == Some(self.modified_ns)
            && self.hash == content_hash(bytes)
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

#[cfg(test)]
mod tests {
    use super::super::marker::Marker;
    use super::super::testing::file;
    use super::super::write;
    use std::fs;

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
        let marker = Marker::read(&out);
        assert!(marker.fingerprint("a/index.html").is_some(), "{marker:?}");
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

    #[test]
    fn a_fingerprint_no_longer_matches_a_file_of_other_bytes_or_another_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        fs::write(&path, "page A").unwrap();
        let fingerprint = super::FileFingerprint::of(&path, b"page A").unwrap();
        assert!(fingerprint.still_matches(&path, b"page A"));
        assert!(!fingerprint.still_matches(&path, b"page B"), "same size");
        assert!(!fingerprint.still_matches(&path, b"page AA"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&path, "page A").unwrap();
        assert!(
            !fingerprint.still_matches(&path, b"page A"),
            "rewritten since: read it back to be sure"
        );
        assert!(!fingerprint.still_matches(&dir.path().join("gone.html"), b"page A"));
    }
}
