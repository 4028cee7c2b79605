//! A file of the built site, as rendering makes it and every sink (the staging folder, the
//! preview's memory, the checks) takes it.

use std::path::PathBuf;

/// The bytes of an output file, or the source file to copy them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// A copy of this file (a picture or static file), made when it is written.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators: `safety/index.html`.
    pub path: String,
    /// What it holds.
    pub body: Body,
    /// The page or template it came from, for messages about it.
    pub origin: PathBuf,
}

/// Output path of a site path: `/safety/` -> `safety/index.html`.
pub(crate) fn output_path(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}
