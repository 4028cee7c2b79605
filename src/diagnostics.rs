//! Diagnostics: the one error type every stage reports through.
//!
//! A [`Diagnostic`] names the file (relative to the site root), the line and column where
//! there is one, what went wrong and what to do about it. Stages collect diagnostics rather
//! than stopping at the first, so an editor sees every problem of a build at once. They print
//! like rustc:
//!
//! ```text
//! error: unknown front matter key `titel`
//!   --> content/safety.md:2:1
//!    |
//!  2 | titel = "Safety"
//!    | ^^^^^
//!    = help: did you mean `title`?
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a finding is: errors fail the build, warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build (or fails `check`).
    Error,
    /// Worth an editor's attention; stops nothing.
    Warning,
}

/// One problem found in the site's sources, templates or output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Whether it is an error or a warning.
    pub severity: Severity,
    /// Path of the offending file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column on that line.
    pub column: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What the editor should do about it.
    pub help: Option<String>,
    /// The offending source line, shown under the location.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// Width of the underline under the snippet (in characters).
    #[serde(skip)]
    pub underline: usize,
}

impl Diagnostic {
    pub(crate) fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            snippet: None,
            underline: 1,
        }
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Places the diagnostic at a 1-based line and column.
    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self
    }

    /// Places the diagnostic at a byte offset of `source`, and quotes that line.
    pub(crate) fn at_offset(self, source: &str, offset: usize, len: usize) -> Self {
        let (line, column) = line_col(source, offset);
        let text = source.lines().nth(line - 1).unwrap_or("").to_string();
        let mut d = self.at(line, column);
        let rest = text.chars().count().saturating_sub(column - 1);
        d.underline = len.clamp(1, rest.max(1));
        d.snippet = Some(text);
        d
    }

    /// Quotes a source line under the location.
    pub(crate) fn with_snippet(mut self, text: impl Into<String>, underline: usize) -> Self {
        self.snippet = Some(text.into());
        self.underline = underline.max(1);
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether it is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `content/safety.md:7:3`, or just the file when there is no line.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", self.message)?;
        let gutter = self.line.map(|l| l.to_string().len()).unwrap_or(1);
        let pad = " ".repeat(gutter);
        writeln!(f, "{pad}--> {}", self.location())?;
        if let (Some(text), Some(line)) = (&self.snippet, self.line) {
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {text}")?;
            let col = self.column.unwrap_or(1);
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(col - 1),
                "^".repeat(self.underline)
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Where each line of a text starts, for finding many offsets' lines without rescanning.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(source: &str) -> Self {
        // Room for a line every 16 bytes, more than text has: the list is allocated once
        // (and kept only while the text is read).
        let mut starts = Vec::with_capacity(source.len() / 16 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset, as [`line_col`] gives.
    pub(crate) fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let column = source[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Path of `file` relative to `root`, for messages (falls back to the path as given).
pub(crate) fn relative(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root).unwrap_or(file).to_path_buf()
}

/// Names of files with `/` whatever the platform: see [`crate::paths`].
pub use crate::paths::slash_path;

/// Sorts diagnostics by file and line so a build's report reads top to bottom, site.toml's
/// first: much else follows from it, and the cause comes first.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| {
        let settings = d.file != Path::new("site.toml");
        (settings, d.file.clone(), d.line, d.column, d.severity)
    };
    diagnostics.sort_by_cached_key(key);
}

/// Prints all diagnostics to stderr, followed by a count line.
pub fn print_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!(
            "{} error{} and {} warning{}: nothing was written.",
            errors,
            plural(errors),
            warnings,
            plural(warnings)
        );
    }
}

/// `"s"` unless `n` is 1: for "1 error", "2 errors".
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_an_offset() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        assert_eq!(line_col(src, 9), (2, 3));
    }

    #[test]
    fn the_line_index_agrees_with_line_col() {
        let src = "a = 1\nbé = 2\n\nlast";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() + 2 {
            assert_eq!(
                index.line_col(src, offset),
                line_col(src, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn prints_like_rustc_with_location_snippet_and_help() {
        let src = "+++\ntitel = \"x\"\n";
        let d = Diagnostic::error("content/a.md", "unknown front matter key `titel`")
            .at_offset(src, 4, 5)
            .help("did you mean `title`?");
        let text = d.to_string();
        assert!(text.contains("error: unknown front matter key `titel`"));
        assert!(text.contains("--> content/a.md:2:1"));
        assert!(text.contains("2 | titel = \"x\""));
        assert!(text.contains("^^^^^"));
        assert!(text.contains("= help: did you mean `title`?"));
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "description", "weight"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
