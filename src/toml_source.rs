//! Reading TOML written by people (site.toml, front matter) into typed structs, with
//! diagnostics that point at the offending key or value and suggest the key that was meant.
//!
//! The text is parsed once, by toml's spanned parser ([`toml::de::DeTable`]), which keeps the
//! byte span of every key and value. Then, so that one file can report several problems at
//! once: every unknown key is reported at its own span (each with a did-you-mean), and the
//! same parsed table is deserialised into the typed struct, whose [`toml::Spanned`] fields
//! keep their positions (each `related` entry, each alias, each `[[sources]]` block) for
//! later diagnostics. A wrong value type is reported at the value.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{did_you_mean, Diagnostic};

/// The keys a TOML document may hold; nested tables (and arrays of tables) have their own.
pub(crate) struct Schema {
    pub keys: &'static [&'static str],
    pub tables: &'static [(&'static str, Schema)],
    /// Free-form tables (like `[extra]`) whose keys are not checked.
    pub open_tables: &'static [&'static str],
}

/// A TOML document inside a file: `offset` is where `text` starts in `file_source`.
pub(crate) struct TomlSource<'a> {
    pub file: &'a Path,
    pub file_source: &'a str,
    pub text: &'a str,
    pub offset: usize,
    /// "front matter key" or "site.toml key", for messages.
    pub what: &'a str,
}

/// A typed document with where its top-level keys are written.
pub(crate) struct Parsed<T> {
    pub value: T,
    pub keys: KeySpans,
}

impl<T> Parsed<T> {
    /// Byte offset in the file of top-level key `key`, for locating messages.
    pub(crate) fn key_offset(&self, key: &str) -> Option<usize> {
        self.keys.key_offset(key)
    }
}

/// The span (in the whole file) of each top-level key of a document, and of its value.
pub(crate) struct KeySpans(Vec<(String, Range<usize>, Range<usize>)>);

impl KeySpans {
    /// Byte offset in the file of top-level key `key`.
    pub(crate) fn key_offset(&self, key: &str) -> Option<usize> {
        self.0
            .iter()
            .find(|(k, ..)| k == key)
            .map(|(_, span, _)| span.start)
    }

    /// The span in the file of top-level key `key`'s value.
    pub(crate) fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.0
            .iter()
            .find(|(k, ..)| k == key)
            .map(|(.., value)| value.clone())
    }
}

impl TomlSource<'_> {
    /// Parses and checks the document, returning the typed value or every problem found.
    pub(crate) fn parse<T: DeserializeOwned>(
        &self,
        schema: &Schema,
    ) -> Result<Parsed<T>, Vec<Diagnostic>> {
        let table = DeTable::parse(self.text)
            .map_err(|err| vec![self.toml_error(&err, "fix the TOML syntax on this line")])?;
        let mut problems = Vec::new();
        self.check_keys(table.get_ref(), schema, "", &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let keys = KeySpans(
            table
                .get_ref()
                .iter()
                .map(|(k, v)| {
                    (
                        k.get_ref().to_string(),
                        self.in_file(k.span()),
                        self.in_file(v.span()),
                    )
                })
                .collect(),
        );
        let value = T::deserialize(toml::de::Deserializer::from(table)).map_err(|err| {
            vec![self.toml_error(
                &err,
                "check the value's type (text in quotes, dates as YYYY-MM-DD)",
            )]
        })?;
        Ok(Parsed { value, keys })
    }

    /// A span of the document as a span of the file.
    pub(crate) fn in_file(&self, span: Range<usize>) -> Range<usize> {
        self.offset + span.start..self.offset + span.end
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
        table: &DeTable<'_>,
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
            let name = key.get_ref().as_ref();
            if let Some((_, nested)) = schema.tables.iter().find(|(k, _)| *k == name) {
                let sub_prefix = format!("{prefix}{name}.");
                match value.get_ref() {
                    DeValue::Table(t) => self.check_keys(t, nested, &sub_prefix, out),
                    DeValue::Array(items) => {
                        for item in items.iter() {
                            if let DeValue::Table(t) = item.get_ref() {
                                self.check_keys(t, nested, &sub_prefix, out);
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if known.contains(&name) {
                continue;
            }
            let span = self.in_file(key.span());
            let d = Diagnostic::error(self.file, format!("unknown {} `{prefix}{name}`", self.what))
                .at_offset(self.file_source, span.start, name.chars().count());
            out.push(match did_you_mean(name, known.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{prefix}{s}`?")),
                None => d.help(format!(
                    "remove it; known keys here are: {}",
                    known.join(", ")
                )),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct SpannedDoc {
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

    fn parse(text: &str) -> Result<SpannedDoc, Vec<Diagnostic>> {
        let file_source = format!("+++\n{text}+++\n");
        let src = TomlSource {
            file: Path::new("content/a.md"),
            file_source: &file_source,
            text,
            offset: 4,
            what: "front matter key",
        };
        src.parse::<SpannedDoc>(&SCHEMA).map(|p| p.value)
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
    fn a_document_with_known_keys_parses() {
        let doc = parse("title = \"x\"\nweight = 3\n[extra]\nanything = 1\n").unwrap();
        assert_eq!(doc.title, "x");
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
