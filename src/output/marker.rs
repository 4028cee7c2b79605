//! The `.sitegen` marker file: the sign that sitegen made a folder (and so may replace it), and
//! the list of what the folder holds. One serde type, [`Marker`], reads and writes it, as JSON.
//!
//! A finished folder's marker lists every file in it: sitegen's own, by path, each with its
//! [`FileFingerprint`] when it has one, and the files carried over from someone else. A folder
//! still being built has a marker without a listing. A marker that cannot be read as either
//! (one written by an older sitegen, or a file of that name someone else wrote) still marks the
//! folder as sitegen's, but says nothing of what it holds: sitegen then walks the folder, and
//! keeps every file it does not write itself.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file_fingerprint::FileFingerprint;

/// Name of the marker file that says "sitegen made this folder".
pub(crate) const MARKER: &str = ".sitegen";

/// What a person opening the marker reads first.
const ABOUT: &str = "This folder was made by sitegen; it is replaced on every build. \
Files listed under \"own\" are sitegen's, each with [size, modified (ns since 1970), hash]; \
anything else found here is kept.";

/// The content of a `.sitegen` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Marker {
    /// A sentence for whoever opens the file; not read back.
    #[serde(default)]
    about: String,
    /// Every file of the folder, when known.
    listing: Option<Listing>,
}

/// Every file of a folder sitegen finished, by its path inside the folder (with `/`
/// separators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Listing {
    /// sitegen's files, each with its fingerprint: `None` for a file copied as it is, or one
    /// whose time could not be read.
    pub own: BTreeMap<String, Option<FileFingerprint>>,
    /// Files someone else put into the output, carried over, sorted.
    pub kept: Vec<String>,
}

/// The marker file of `folder`.
pub(super) fn path_in(folder: &Path) -> PathBuf {
    folder.join(MARKER)
}

/// Whether `folder` carries a marker, whatever it says: the folder is sitegen's.
pub(super) fn is_marked(folder: &Path) -> bool {
    path_in(folder).is_file()
}

impl Marker {
    /// The marker of a folder whose files are not (or no longer) listed: one being built.
    pub(crate) fn unlisted() -> Marker {
        Marker {
            about: ABOUT.to_string(),
            listing: None,
        }
    }

    /// The marker of a folder holding exactly `listing`.
    pub(crate) fn listed(listing: Listing) -> Marker {
        Marker {
            about: ABOUT.to_string(),
            listing: Some(listing),
        }
    }

    /// The marker of `folder`: unlisted if it has none, or one that cannot be read as a
    /// marker (see the module docs).
    pub(crate) fn read(folder: &Path) -> Marker {
        fs::read(path_in(folder))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_else(Marker::unlisted)
    }

    /// Writes this marker into `folder`, replacing any marker there.
    pub(crate) fn write(&self, folder: &Path) -> io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(io::Error::other)?;
        fs::write(path_in(folder), bytes)
    }

    /// Every file of the folder, if the marker lists them.
    pub(crate) fn listing(&self) -> Option<&Listing> {
        self.listing.as_ref()
    }

    /// The paths of sitegen's own files (none if the marker has no listing).
    pub(crate) fn own_paths(&self) -> impl Iterator<Item = &str> {
        self.listing
            .iter()
            .flat_map(|l| l.own.keys().map(String::as_str))
    }

    /// The fingerprint the marker gives for sitegen's file at `path`, if any.
    pub(crate) fn fingerprint(&self, path: &str) -> Option<FileFingerprint> {
        *self.listing.as_ref()?.own.get(path)?
    }

    /// This marker, listing `kept` as the files carried over (sitegen's own unchanged).
    pub(crate) fn with_kept(self, kept: Vec<String>) -> Marker {
        let own = self.listing.map(|l| l.own).unwrap_or_default();
        Marker::listed(Listing { own, kept })
    }
}

impl Listing {
    /// Every file listed: sitegen's, then those carried over.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.own
            .keys()
            .map(String::as_str)
            .chain(self.kept.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: FileFingerprint = FileFingerprint {
        bytes: 9,
        modified_ns: 1_790_000_000_123_456_789,
        hash: u64::MAX - 7,
    };

    fn listed() -> Marker {
        Marker::listed(Listing {
            own: BTreeMap::from([
                ("index.html".to_string(), Some(HOME)),
                ("guides/driving/index.html".to_string(), None),
            ]),
            kept: vec![
                "CNAME-notes.txt".into(),
                "a folder/ünïcode \"notes\".txt".into(),
            ],
        })
    }

    #[test]
    fn a_marker_reads_back_as_it_was_written() {
        let dir = tempfile::tempdir().unwrap();
        for marker in [listed(), Marker::unlisted(), listed().with_kept(Vec::new())] {
            marker.write(dir.path()).unwrap();
            assert!(is_marked(dir.path()));
            assert_eq!(Marker::read(dir.path()), marker);
        }
        let back = Marker::read(dir.path());
        assert_eq!(
            back.own_paths().collect::<Vec<_>>(),
            ["guides/driving/index.html", "index.html"]
        );
        assert_eq!(back.fingerprint("index.html"), Some(HOME));
    }

    #[test]
    fn a_marker_lists_every_file_and_the_fingerprints_it_has() {
        let marker = listed();
        let all: Vec<&str> = marker.listing().unwrap().paths().collect();
        assert_eq!(
            all,
            [
                "guides/driving/index.html",
                "index.html",
                "CNAME-notes.txt",
                "a folder/ünïcode \"notes\".txt"
            ]
        );
        assert_eq!(marker.fingerprint("index.html"), Some(HOME));
        assert_eq!(
            marker.fingerprint("guides/driving/index.html"),
            None,
            "a copied file has none"
        );
        assert_eq!(marker.fingerprint("CNAME-notes.txt"), None, "not sitegen's");
        let kept = marker.with_kept(vec!["new.txt".into()]);
        assert_eq!(kept.listing().unwrap().kept, ["new.txt"]);
        assert_eq!(kept.own_paths().count(), 2, "sitegen's files stay listed");
    }

    #[test]
    fn an_unreadable_or_foreign_marker_marks_the_folder_but_lists_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!is_marked(dir.path()));
        assert_eq!(Marker::read(dir.path()), Marker::unlisted(), "no marker");
        let old_format = "This folder was made by sitegen; it is replaced on every build.\n\
            Files listed below are sitegen's; anything else found here is kept.\n\n\
            index.html\n\nCarried over from the previous output (not sitegen's):\nnotes.txt\n";
        let not_utf8: &[u8] = b"\xff\xfe{";
        let other_json = r#"{"listing": {"own": "everything"}}"#;
        for bytes in [
            old_format.as_bytes(),
            b"sitegen staging folder\n",
            not_utf8,
            other_json.as_bytes(),
            b"",
        ] {
            fs::write(path_in(dir.path()), bytes).unwrap();
            assert!(is_marked(dir.path()), "the folder is still sitegen's");
            let marker = Marker::read(dir.path());
            assert!(marker.listing().is_none(), "{bytes:?} read as {marker:?}");
            assert_eq!(marker.own_paths().count(), 0);
            assert_eq!(marker.fingerprint("index.html"), None);
        }
    }
}
