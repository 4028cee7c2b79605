//! Reading TOML written by people (site.toml, front matter) into typed structs, with
//! diagnostics that point at the offending line and suggest the key that was meant.
//!
//! Parsing happens in three steps so that one file can report several problems at once:
//! syntax (one error, as the parser cannot go on), then every unknown key (each with a
//! did-you-mean), then the typed deserialisation (wrong value types, with their span).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic};

/// The keys a TOML document may hold; nested tables (and arrays of tables) have their own.
pub struct Schema {
    pub keys: &'static [&'static str],
    pub tables: &'static [(&'static str, Schema)],
    /// Free-form tables (like `[extra]`) whose keys are not checked.
    pub open_tables: &'static [&'static str],
}

/// A TOML document inside a file: `offset` is where `text` starts in `file_source`.
pub struct TomlSource<'a> {
    pub file: &'a Path,
    pub file_source: &'a str,
    pub text: &'a str,
    pub offset: usize,
    /// "front matter key" or "site.toml key", for messages.
    pub what: &'a str,
}

impl TomlSource<'_> {
    /// Parses and checks the document, returning the typed value or every problem found.
    pub fn parse<T: DeserializeOwned>(&self, schema: &Schema) -> Result<T, Vec<Diagnostic>> {
        let table: toml::Table = match toml::from_str(self.text) {
            Ok(table) => table,
            Err(err) => {
                return Err(vec![
                    self.toml_error(&err, "fix the TOML syntax on this line")
                ])
            }
        };
        let mut problems = Vec::new();
        self.check_keys(&table, schema, "", &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        // The parsed table usually converts; only when it does not is the text parsed again,
        // for the span that points the editor at the wrong value.
        toml::Value::Table(table).try_into::<T>().or_else(|_| {
            toml::from_str::<T>(self.text).map_err(|err| {
                vec![self.toml_error(
                    &err,
                    "check the value's type (text in quotes, dates as YYYY-MM-DD)",
                )]
            })
        })
    }

    fn toml_error(&self, err: &toml::de::Error, help: &str) -> Diagnostic {
        let message = err.message().trim().to_string();
        let base = Diagnostic::error(
            self.file,
            format!("invalid {}: {message}", self.what_kind()),
        );
        match err.span() {
            Some(span) => base.at_offset(self.file_source, self.offset + span.start, span.len()),
            None => base.at_offset(self.file_source, self.offset, 3),
        }
        .help(help)
    }

    fn what_kind(&self) -> &str {
        self.what.trim_end_matches(" key")
    }

    fn check_keys(
        &self,
        table: &toml::Table,
        schema: &Schema,
        prefix: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let known: Vec<&str> = schema
            .keys
            .iter()
            .copied()
            .chain(schema.tables.iter().map(|(k, _)| *k))
            .chain(schema.open_tables.iter().copied())
            .collect();
        for (key, value) in table {
            if let Some((_, nested)) = schema.tables.iter().find(|(k, _)| k == key) {
                let sub_prefix = format!("{prefix}{key}.");
                match value {
                    toml::Value::Table(t) => self.check_keys(t, nested, &sub_prefix, out),
                    toml::Value::Array(items) => {
                        for item in items {
                            if let toml::Value::Table(t) = item {
                                self.check_keys(t, nested, &sub_prefix, out);
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if known.contains(&key.as_str()) {
                continue;
            }
            let mut d =
                Diagnostic::error(self.file, format!("unknown {} `{prefix}{key}`", self.what));
            if let Some(offset) = self.key_offset(key) {
                d = d.at_offset(self.file_source, offset, key.chars().count());
            }
            d = match did_you_mean(key, known.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{prefix}{s}`?")),
                None => d.help(format!(
                    "remove it; known keys here are: {}",
                    known.join(", ")
                )),
            };
            out.push(d);
        }
    }

    /// Byte offset (in the whole file) of the line that sets `key`, for locating messages.
    pub fn key_offset(&self, key: &str) -> Option<usize> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let bare = trimmed.trim_start_matches('[').trim_start_matches('"');
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.trim_start_matches('"').trim_start();
                if rest.starts_with('=') || rest.starts_with(']') || rest.starts_with('.') {
                    let brackets = trimmed.len() - bare.len();
                    return Some(self.offset + offset + indent + brackets);
                }
            }
            offset += line.len();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Doc {
        #[allow(dead_code)]
        title: String,
    }

    const SCHEMA: Schema = Schema {
        keys: &["title", "weight"],
        tables: &[(
            "clinic",
            Schema {
                keys: &["name"],
                tables: &[],
                open_tables: &[],
            },
        )],
        open_tables: &["extra"],
    };

    fn parse(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        let file_source = format!("+++\n{text}+++\n");
        let src = TomlSource {
            file: Path::new("content/a.md"),
            file_source: &file_source,
            text,
            offset: 4,
            what: "front matter key",
        };
        src.parse::<Doc>(&SCHEMA)
    }

    #[test]
    fn reports_every_unknown_key_with_its_line_and_a_suggestion() {
        let errs =
            parse("title = \"x\"\ntitel = \"y\"\n[clinic]\nnmae = \"z\"\n[extra]\nanything = 1\n")
                .unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text[0].contains("content/a.md:3:1") || text[1].contains("content/a.md:3:1"),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("did you mean `title`?")));
        assert!(text
            .iter()
            .any(|t| t.contains("`clinic.nmae`") && t.contains("did you mean `clinic.name`?")));
    }

    #[test]
    fn syntax_errors_point_at_the_line() {
        let errs = parse("title = \"x\"\nweight = = 3\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let errs = parse("title = 3\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("invalid front matter"));
    }
}
