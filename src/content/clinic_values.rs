//! Clinic values in page text: `{{ clinic.phone }}` or `{{ clinic.practice.course }}` in a
//! page's markdown is replaced by that value from site.toml's `[clinic]` table, so a fact the
//! clinic decides (its phone number, the forms of treatment it offers, its prices) is written
//! once and every page that states it stays in step.
//!
//! Values are replaced in the markdown before it is parsed, so the page's text, its answers,
//! search and reading level all see them. Each value is backslash-escaped, so it is read as
//! plain text whatever punctuation it holds. Positions found in the replaced body are mapped
//! back to the file through [`Replaced::original_offset`], so diagnostics still point at the
//! line and column the editor wrote. `\{{` keeps the braces literally.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::config::{Clinic, ClinicValue};
use crate::diagnostics::{did_you_mean, Diagnostic};

/// Every value a page may name, by its name (`clinic.phone`, `clinic.practice.course`).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClinicValues {
    values: BTreeMap<String, ClinicValue>,
}

impl ClinicValues {
    pub(crate) fn new(clinic: &Clinic) -> Self {
        let values = clinic
            .named_values()
            .into_iter()
            .map(|(name, value)| (name, value.clone()))
            .collect();
        ClinicValues { values }
    }

    /// `text` (a front matter value such as `reviewed_by`) with each `{{ clinic.KEY }}` put in
    /// as its plain text, and whether any value put in is unconfirmed; or what is wrong (an
    /// unknown or empty value), for `report` to place.
    pub(crate) fn fill(&self, text: &str) -> Result<(String, bool), Vec<Diagnostic>> {
        let mut out = String::with_capacity(text.len());
        let mut unconfirmed = false;
        let mut problems = Vec::new();
        let mut copied = 0;
        for (range, name) in named_in(text) {
            out.push_str(&text[copied..range.start]);
            match self.lookup(Path::new(""), name) {
                Ok(value) => {
                    out.push_str(value.text.trim());
                    unconfirmed |= value.unconfirmed;
                }
                Err(problem) => problems.push(problem),
            }
            copied = range.end;
        }
        out.push_str(&text[copied..]);
        if problems.is_empty() {
            Ok((out, unconfirmed))
        } else {
            Err(problems)
        }
    }

    /// The value `name` names, or the error an editor sees (without its place).
    fn lookup(&self, file: &Path, name: &str) -> Result<&ClinicValue, Diagnostic> {
        match self.values.get(name) {
            Some(value) if !value.trim().is_empty() => Ok(value),
            Some(_) => Err(
                Diagnostic::error(file, format!("`{name}` is empty in site.toml")).help(format!(
                    "fill in `{}` in site.toml's {} table",
                    name.rsplit('.').next().unwrap_or(name),
                    table_of(name)
                )),
            ),
            None => {
                let help = match did_you_mean(name, self.values.keys().map(String::as_str)) {
                    Some(near) => format!("did you mean `{{{{ {near} }}}}`?"),
                    None => format!(
                        "add it to site.toml's {} table, or use one of: {}",
                        table_of(name),
                        self.values.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                };
                Err(Diagnostic::error(file, format!("unknown clinic value `{name}`")).help(help))
            }
        }
    }
}

/// Each `{{ clinic.KEY }}` of `text` (not `\{{`): where it is, and the name it gives.
pub(crate) fn named_in(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut search = 0;
    // memchr's substring search: this looks through every page's whole body at load.
    let opens = memchr::memmem::Finder::new(OPEN);
    while let Some(at) = opens.find(&text.as_bytes()[search..]) {
        let start = search + at;
        search = start + OPEN.len();
        if text[..start].ends_with('\\') {
            continue;
        }
        let Some(end) = text[search..].find(CLOSE).map(|e| search + e) else {
            break;
        };
        let name = text[search..end].trim();
        if !name.starts_with(PREFIX) || name.contains(char::is_whitespace) {
            continue;
        }
        search = end + CLOSE.len();
        found.push((start..search, name));
    }
    found
}

/// A body with its clinic values put in, and where they were put.
#[derive(Debug, Clone, Default)]
pub(crate) struct Replaced {
    pub body: String,
    pub map: OffsetMap,
}

/// Where replacing moved the text of a body.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffsetMap {
    /// Pieces of the new body, in order: from `new` on (up to the next piece) the text is the
    /// written text from `old` on, offset for offset (`follows`), or was put in for the text
    /// at `old` (a value; every offset in it maps to `old`). Offsets before the first piece
    /// are as written. Empty when nothing was replaced.
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    new: usize,
    old: usize,
    follows: bool,
}

impl OffsetMap {
    /// The body's offset in the file as written, for an offset of the replaced body: text
    /// after a value moves with it, and an offset inside a value is its placeholder's start.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.new <= offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.follows => p.old + (offset - p.new),
            Some(p) => p.old,
            None => offset,
        }
    }

    #[cfg(test)]
    pub(crate) fn changed(&self) -> bool {
        !self.pieces.is_empty()
    }
}

/// A body being put together from pieces of written text and text put in for them, keeping
/// where each piece came from ([`OffsetMap`]).
#[derive(Debug, Default)]
pub(crate) struct Builder {
    body: String,
    map: OffsetMap,
}

impl Builder {
    /// Appends written text that starts at offset `old` of the body as written.
    pub(crate) fn copy(&mut self, text: &str, old: usize) {
        if text.is_empty() {
            return;
        }
        let new = self.body.len();
        let continues = self
            .map
            .pieces
            .last()
            .is_some_and(|p| p.follows && p.old + (new - p.new) == old)
            || (self.map.pieces.is_empty() && new == old);
        if !continues {
            self.map.pieces.push(Piece {
                new,
                old,
                follows: true,
            });
        }
        self.body.push_str(text);
    }

    /// Appends `text`, put in for the written text at offset `old`.
    pub(crate) fn put(&mut self, text: &str, old: usize) {
        if text.is_empty() {
            return;
        }
        self.map.pieces.push(Piece {
            new: self.body.len(),
            old,
            follows: false,
        });
        self.body.push_str(text);
    }

    /// The body so far.
    pub(crate) fn body(&self) -> &str {
        &self.body
    }

    pub(crate) fn finish(self) -> Replaced {
        Replaced {
            body: self.body,
            map: self.map,
        }
    }
}

const OPEN: &str = "{{";
const CLOSE: &str = "}}";
const PREFIX: &str = "clinic.";

/// Replaces each `{{ clinic.KEY }}` of the body of `file_source` (from byte `body_offset`).
/// `None` when the body names no value, or with no `values` (site.toml did not load: nothing
/// is replaced or reported).
pub(crate) fn replace(
    file: &Path,
    file_source: &str,
    body_offset: usize,
    values: Option<&ClinicValues>,
) -> Result<Option<Replaced>, Vec<Diagnostic>> {
    let body = &file_source[body_offset..];
    let Some(values) = values.filter(|_| body.contains(OPEN)) else {
        return Ok(None);
    };
    let mut builder = Builder::default();
    let problems = replace_into(
        file,
        file_source,
        body_offset..file_source.len(),
        0,
        Some(values),
        &mut builder,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    if !builder.map.pieces.iter().any(|p| !p.follows) {
        return Ok(None);
    }
    Ok(Some(builder.finish()))
}

/// Appends `file_source[range]` to `builder` with each `{{ clinic.KEY }}` replaced; `old` is
/// the offset, in the body as written, of the range's start. Returns the problems found
/// (placed in `file_source`, reported as `file`'s); without `values`, copies the text as it is.
pub(crate) fn replace_into(
    file: &Path,
    file_source: &str,
    range: Range<usize>,
    old: usize,
    values: Option<&ClinicValues>,
    builder: &mut Builder,
) -> Vec<Diagnostic> {
    let body = &file_source[range.clone()];
    let Some(values) = values.filter(|_| body.contains(OPEN)) else {
        builder.copy(body, old);
        return Vec::new();
    };
    let mut problems = Vec::new();
    let mut copied = 0;
    for (found, name) in named_in(body) {
        match values.lookup(file, name) {
            Ok(value) => {
                builder.copy(&body[copied..found.start], old + copied);
                let mut escaped = String::new();
                escape_markdown(value, &mut escaped);
                builder.put(&escaped, old + found.start);
                copied = found.end;
            }
            Err(problem) => problems.push(problem.at_offset(
                file_source,
                range.start + found.start,
                found.len(),
            )),
        }
    }
    builder.copy(&body[copied..], old + copied);
    problems
}

fn table_of(name: &str) -> &'static str {
    if name.starts_with("clinic.practice.") {
        "[clinic.practice]"
    } else {
        "[clinic]"
    }
}

/// Writes `value` so that markdown reads every character of it as text; a line break becomes
/// a space, since a value sits inside a sentence.
fn escape_markdown(value: &str, out: &mut String) {
    for c in value.trim().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '+'
            | '-' | '.' | '!' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> ClinicValues {
        let mut clinic = Clinic {
            name: "Harbor Light".into(),
            phone: "+1 (555) 010-0199".into(),
            reviewer: ClinicValue::unconfirmed("Dr. R. Reviewer"),
            ..Clinic::default()
        };
        clinic
            .practice
            .insert("course".into(), "six sessions over 2-3 weeks".into());
        ClinicValues::new(&clinic)
    }

    fn run(source: &str) -> Result<Option<Replaced>, Vec<Diagnostic>> {
        replace(Path::new("content/a.md"), source, 4, Some(&values()))
    }

    #[test]
    fn values_are_put_in_as_plain_text_and_offsets_map_back() {
        let source = "+++\nCall {{ clinic.phone }} today. We offer {{clinic.practice.course}}.\n";
        let replaced = run(source).unwrap().unwrap();
        assert_eq!(
            replaced.body,
            "Call \\+1 \\(555\\) 010\\-0199 today. We offer six sessions over 2\\-3 weeks.\n"
        );
        let today = replaced.body.find("today").unwrap();
        assert_eq!(
            replaced.map.original_offset(today),
            source[4..].find("today").unwrap()
        );
        assert_eq!(replaced.map.original_offset(2), 2);
        assert_eq!(
            replaced.map.original_offset(8),
            5,
            "inside a value: its placeholder"
        );
        assert!(replaced.map.changed());
    }

    #[test]
    fn an_unknown_or_empty_value_is_an_error_with_its_place() {
        let errors = run("+++\nline\nCall {{ clinic.phon }} or {{ clinic.email }}.\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].message, "unknown clinic value `clinic.phon`");
        assert_eq!((errors[0].line, errors[0].column), (Some(3), Some(6)));
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `{{ clinic.phone }}`?")
        );
        assert_eq!(errors[1].message, "`clinic.email` is empty in site.toml");
    }

    #[test]
    fn front_matter_text_is_filled_with_plain_values_and_says_whether_any_is_unconfirmed() {
        let v = values();
        assert_eq!(
            v.fill("{{ clinic.reviewer }}").unwrap(),
            ("Dr. R. Reviewer".to_string(), true)
        );
        assert_eq!(
            v.fill("Team of {{clinic.name}}").unwrap(),
            ("Team of Harbor Light".to_string(), false)
        );
        assert_eq!(
            v.fill("Dr. Known").unwrap(),
            ("Dr. Known".to_string(), false)
        );
        let errors = v.fill("{{ clinic.reviwer }}").unwrap_err();
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `{{ clinic.reviewer }}`?")
        );
    }

    #[test]
    fn other_braces_and_escaped_ones_are_left_alone() {
        let source = "+++\n{{ not.clinic }} and \\{{ clinic.phone }} and {{ clinic.phone\n";
        assert!(run(source).unwrap().is_none());
    }
}
