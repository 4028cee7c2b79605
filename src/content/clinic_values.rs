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

use crate::config::Clinic;
use crate::diagnostics::{did_you_mean, Diagnostic};

/// Every value a page may name, by its name (`clinic.phone`, `clinic.practice.course`).
#[derive(Debug, Clone, Default)]
pub struct ClinicValues {
    values: BTreeMap<String, String>,
}

impl ClinicValues {
    pub fn new(clinic: &Clinic) -> Self {
        let mut values = BTreeMap::new();
        for (key, value) in [
            ("name", &clinic.name),
            ("phone", &clinic.phone),
            ("email", &clinic.email),
            ("address", &clinic.address),
            ("hours", &clinic.hours),
            ("after_hours", &clinic.after_hours),
            ("after_hours_phone", &clinic.after_hours_phone),
        ] {
            values.insert(format!("clinic.{key}"), value.clone());
        }
        for (key, value) in &clinic.practice {
            values.insert(format!("clinic.practice.{key}"), value.clone());
        }
        ClinicValues { values }
    }
}

/// A body with its clinic values put in, and where they were put.
#[derive(Debug, Clone, Default)]
pub struct Replaced {
    pub body: String,
    pub map: OffsetMap,
}

/// Where replacing moved the text of a body.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
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
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.new <= offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.follows => p.old + (offset - p.new),
            Some(p) => p.old,
            None => offset,
        }
    }

    pub fn changed(&self) -> bool {
        !self.pieces.is_empty()
    }
}

/// A body being put together from pieces of written text and text put in for them, keeping
/// where each piece came from ([`OffsetMap`]).
#[derive(Debug, Default)]
pub struct Builder {
    body: String,
    map: OffsetMap,
}

impl Builder {
    /// Appends written text that starts at offset `old` of the body as written.
    pub fn copy(&mut self, text: &str, old: usize) {
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
    pub fn put(&mut self, text: &str, old: usize) {
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
    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn finish(self) -> Replaced {
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
pub fn replace(
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
pub fn replace_into(
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
    let mut search = 0;
    while let Some(found) = body[search..].find(OPEN) {
        let start = search + found;
        search = start + OPEN.len();
        if body[..start].ends_with('\\') {
            continue;
        }
        let Some(end) = body[search..].find(CLOSE).map(|e| search + e) else {
            break;
        };
        let name = body[search..end].trim();
        if !name.starts_with(PREFIX) || name.contains(char::is_whitespace) {
            continue;
        }
        let at = |d: Diagnostic| d.at_offset(file_source, range.start + start, end + 2 - start);
        match values.values.get(name) {
            Some(value) if !value.trim().is_empty() => {
                builder.copy(&body[copied..start], old + copied);
                let mut escaped = String::new();
                escape_markdown(value, &mut escaped);
                builder.put(&escaped, old + start);
                copied = end + CLOSE.len();
            }
            Some(_) => problems.push(at(Diagnostic::error(
                file,
                format!("`{name}` is empty in site.toml"),
            )
            .help(format!(
                "fill in `{}` in site.toml's {} table",
                name.rsplit('.').next().unwrap_or(name),
                table_of(name)
            )))),
            None => {
                let help = match did_you_mean(name, values.values.keys().map(String::as_str)) {
                    Some(near) => format!("did you mean `{{{{ {near} }}}}`?"),
                    None => format!(
                        "add it to site.toml's {} table, or use one of: {}",
                        table_of(name),
                        values.values.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                };
                problems.push(at(Diagnostic::error(
                    file,
                    format!("unknown clinic value `{name}`"),
                )
                .help(help)));
            }
        }
        search = end + CLOSE.len();
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
    fn other_braces_and_escaped_ones_are_left_alone() {
        let source = "+++\n{{ not.clinic }} and \\{{ clinic.phone }} and {{ clinic.phone\n";
        assert!(run(source).unwrap().is_none());
    }
}
