//! Writing the built site to disk without ever losing anything. Each job has its module:
//!
//! * `file`: [`OutputFile`], a file of the built site as rendering makes it and every sink
//!   takes it.
//! * `guard`: sitegen only ever replaces a folder that carries its marker file (`.sitegen`).
//!   It refuses to write into the site root, `content/`, `themes/`, a home folder, any folder
//!   containing the site, or any non-empty folder without the marker.
//! * `staging`: a build is written into a fresh staging folder beside the output
//!   (`.public.sitegen-new`), then swapped in with two renames, so a failed or interrupted
//!   build leaves the previous output as it was. The output before last, kept as
//!   `.public.sitegen-old`, is recycled as the staging folder, and files that match the current
//!   output are hard-linked from it: unchanged files are not rewritten and keep their
//!   timestamps, and the kept folder shares their disk space.
//! * `file_fingerprint`: each of sitegen's files is known by its size, time and a hash of its
//!   bytes, so an unchanged file is recognised without reading it back.
//! * `marker`: the `.sitegen` file, one serde type that lists every file of its folder:
//!   sitegen's own (with their fingerprints) and those carried over.
//! * `carry_over`: files someone else put into an output folder are carried over, never
//!   deleted; only the output's folders changed since the marker are read to find them.

mod carry_over;
mod file;
mod file_fingerprint;
mod guard;
mod marker;
mod staging;

#[cfg(test)]
use std::path::Path;

#[cfg(test)]
use rayon::prelude::*;

#[cfg(test)]
use crate::diagnostics::Diagnostic;

pub(crate) use file::output_path;
pub use file::{Body, OutputFile};
pub(crate) use guard::check_output_dir;
pub use staging::Staging;

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct WriteSummary {
    pub written: usize,
    pub unchanged: usize,
    /// Files not made by sitegen that were found in the output and kept.
    pub kept_foreign: Vec<String>,
}

/// Writes `files` as the new content of `output` (see the module docs for the guarantees).
#[cfg(test)]
pub(crate) fn write(
    root: &Path,
    output: &Path,
    files: &[OutputFile],
) -> Result<WriteSummary, Diagnostic> {
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

/// What the tests of every module here build their sites from.
#[cfg(test)]
mod testing {
    use super::{Body, OutputFile};

    /// An output file of `text` at `path`.
    pub(crate) fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            body: Body::Bytes(text.as_bytes().to_vec()),
            origin: "x".into(),
        }
    }
}
