//! Front matter: the TOML block between `+++` lines at the top of a page, read into [`Meta`].

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::config::ClinicValue;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::toml_source::{Schema, TomlSource};

/// A source the page's facts rest on, listed under the content and on the references page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    /// The organisation behind it: "U.S. Food and Drug Administration".
    pub publisher: Option<String>,
    /// When it was published or last revised, as the source states it: "January 2025".
    pub published: Option<String>,
    /// When an editor last read it (`sitegen check` warns when this is missing).
    pub accessed: Option<Date>,
    /// The line of its `[[sources]]` block.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    accessed: Option<Spanned<DateValue>>,
}

/// A front matter value that remembers where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    /// 1-based column (in characters) of the value's first character (its opening quote).
    pub column: usize,
    /// How many characters the value takes on its line, quotes included.
    pub width: usize,
}

impl<T> Located<T> {
    /// Places `diagnostic` at this value, quoting `line_text` (the text of its line) with a
    /// caret under the value, as rustc does.
    pub(crate) fn place(&self, diagnostic: Diagnostic, line_text: &str) -> Diagnostic {
        diagnostic
            .at(self.line, self.column)
            .with_snippet(line_text, self.width)
    }
}

/// The validated front matter of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub draft: bool,
    pub slug: Option<String>,
    pub template: Option<String>,
    /// Old URLs of the page, each with its line.
    pub aliases: Vec<Located<String>>,
    pub last_reviewed: Option<Date>,
    pub next_review: Option<Date>,
    /// Date of the last edit that was not a clinical review (sitemap `lastmod`).
    pub updated: Option<Date>,
    /// Who reviewed the page, as pages show it: `reviewed_by` with the clinic values it names
    /// (`{{ clinic.reviewer }}`) put in.
    pub reviewed_by: Option<String>,
    /// `reviewed_by` as written (naming values, perhaps `{ unconfirmed = "..." }`), with its
    /// line and column in the file.
    pub reviewed_by_written: Option<ClinicValue>,
    pub tags: Vec<String>,
    pub related: Vec<Located<String>>,
    pub mental_health: bool,
    /// Whether headings ending in `?` count as questions (default true).
    pub faq: bool,
    pub sources: Vec<Source>,
    /// Words that name this page's subject ("esketamine"): `sitegen check` asks other pages
    /// that use them to link here.
    pub terms: Vec<String>,
    /// A translation's record of the version of its source it was made from (the source's
    /// [`crate::content::source_version`]): `sitegen check` warns when the source has moved on.
    pub source_version: Option<String>,
    /// The page's own picture for link previews, instead of its drawn share card: a file
    /// beside the page, or `/name.jpg` in `static/` (see [`crate::render::cards`]).
    pub image: Option<String>,
    /// What that picture shows, for people who cannot see it (required with `image`).
    pub image_alt: Option<String>,
    pub extra: toml::Table,
    /// Line of the opening `+++`, where page-level findings point.
    pub line: usize,
    /// Where each key written has its value, for findings about a key.
    pub key_lines: Vec<KeyPlace>,
}

/// Where a front matter key's value is written.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPlace {
    pub key: &'static str,
    pub line: usize,
    /// 1-based column of the value's first character.
    pub column: usize,
    /// How many characters of the value are on that line.
    pub width: usize,
}

impl Meta {
    /// The line the front matter sets `key` on, else the line of the opening `+++`.
    pub(crate) fn key_line(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|k| k.key == key)
            .map_or(self.line, |k| k.line)
    }

    /// Places `diagnostic` at the value of `key`, quoting its line from `doc` (the page's
    /// document) with a caret under the value; at the opening `+++` when `key` is not set.
    pub(crate) fn place_at_key(
        &self,
        diagnostic: Diagnostic,
        key: &str,
        doc: &crate::markdown::Document,
    ) -> Diagnostic {
        match self.key_lines.iter().find(|k| k.key == key) {
            Some(place) => diagnostic
                .at(place.line, place.column)
                .with_snippet(doc.source_line(place.line), place.width),
            None => diagnostic.at(self.line, 1),
        }
    }

    /// When the page falls due for review: `next_review`, else `last_reviewed` plus
    /// `interval_months` (site.toml's `review_interval_months`); `None` if never reviewed.
    pub(crate) fn review_due(&self, interval_months: u32) -> Option<Date> {
        self.next_review
            .or_else(|| self.last_reviewed.map(|d| d.add_months(interval_months)))
    }

    /// The same front matter with no line numbers, for comparing what it says.
    pub(crate) fn without_positions(&self) -> Meta {
        let mut meta = self.clone();
        meta.line = 0;
        meta.key_lines.clear();
        for located in meta.related.iter_mut().chain(meta.aliases.iter_mut()) {
            located.line = 0;
            located.column = 0;
            located.width = 0;
        }
        for source in &mut meta.sources {
            source.line = 0;
        }
        if let Some(written) = &mut meta.reviewed_by_written {
            written.span = None;
            (written.line, written.column) = (0, 0);
        }
        meta
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

#[derive(Deserialize)]
struct Raw {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    template: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    last_reviewed: Option<DateValue>,
    next_review: Option<DateValue>,
    updated: Option<DateValue>,
    reviewed_by: Option<ClinicValue>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    mental_health: bool,
    faq: Option<bool>,
    #[serde(default)]
    sources: Vec<Spanned<RawSource>>,
    #[serde(default)]
    terms: Vec<String>,
    source_version: Option<String>,
    image: Option<String>,
    image_alt: Option<String>,
    #[serde(default)]
    extra: toml::Table,
}

/// Every key front matter may hold (README lists them for editors).
pub(crate) const KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "slug",
    "template",
    "aliases",
    "last_reviewed",
    "next_review",
    "updated",
    "reviewed_by",
    "tags",
    "related",
    "mental_health",
    "faq",
    "terms",
    "source_version",
    "image",
    "image_alt",
];

const SCHEMA: Schema = Schema {
    keys: KEYS,
    tables: &[(
        "sources",
        Schema {
            keys: &["title", "url", "publisher", "published", "accessed"],
            tables: &[],
            open_tables: &[],
        },
    )],
    open_tables: &["extra"],
};

/// Where the front matter and the body lie in a file.
pub(crate) struct Split<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body_offset: usize,
}

/// Finds the `+++` block at the top of `source`.
pub(crate) fn split<'a>(file: &Path, source: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = source[start..]
        .find('\n')
        .map(|i| start + i + 1)
        .unwrap_or(source.len());
    if source[start..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error(file, "page has no front matter")
            .at_offset(source, start, 3)
            .help("start the file with a `+++` line, then `title = \"...\"` and `description = \"...\"`, then another `+++` line"));
    }
    let mut offset = first_line_end;
    for line in source[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Split {
                toml: &source[first_line_end..offset],
                toml_offset: first_line_end,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "front matter is never closed")
        .at_offset(source, start, 3)
        .help("add a line with only `+++` after the last front matter key"))
}

/// Parses and validates the front matter found by [`split`].
pub(crate) fn parse(file: &Path, source: &str, split: &Split<'_>) -> Result<Meta, Vec<Diagnostic>> {
    let doc = TomlSource {
        file,
        file_source: source,
        text: split.toml,
        offset: split.toml_offset,
        what: "front matter key",
    };
    let parsed = doc.parse::<Raw>(&SCHEMA)?;
    // Every position found here is in the front matter: its lines are found once.
    let lines = LineIndex::new(&source[..split.body_offset]);
    let line_col = |offset: usize| lines.line_col(source, offset);
    let line_at = |offset: usize| line_col(offset).0;
    let key_lines: Vec<KeyPlace> = KEYS
        .iter()
        .chain(["sources", "extra"].iter())
        .filter_map(|&key| {
            let value = parsed.keys.value_span(key)?;
            let (line, column) = line_col(value.start);
            let written = source.get(value).unwrap_or("");
            let width = written.lines().next().unwrap_or("").chars().count();
            Some(KeyPlace {
                key,
                line,
                column,
                width: width.max(1),
            })
        })
        .collect();
    let (raw, keys) = (parsed.value, parsed.keys);
    let open_line = line_at(split.toml_offset) - 1;
    let mut problems = Vec::new();
    let mut required = |value: Option<String>, key: &str, example: &str| -> String {
        match value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
        {
            Some(v) => v,
            None => {
                problems.push(
                    Diagnostic::error(file, format!("page has no `{key}`"))
                        .at_offset(source, split.toml_offset.saturating_sub(4), 3)
                        .help(format!("add `{key} = \"{example}\"` to the front matter")),
                );
                String::new()
            }
        }
    };
    let title = required(raw.title, "title", "Page title");
    let description = required(
        raw.description,
        "description",
        "One sentence saying what a reader learns here",
    );
    // A date, or a problem at `span` (the value that sets it).
    let mut date = |value: Option<DateValue>,
                    key: &str,
                    span: Option<std::ops::Range<usize>>|
     -> Option<Date> {
        let (parsed, text) = match value? {
            // A date alone (no time, no offset), as `2026-11-02` is written: its text is
            // needed only to say what is wrong with it.
            DateValue::Date(toml::value::Datetime {
                date: Some(date),
                time: None,
                offset: None,
            }) => match Date::new(date.year.into(), date.month.into(), date.day.into()) {
                Some(parsed) => return Some(parsed),
                None => (None, date.to_string()),
            },
            DateValue::Date(d) => (None, d.to_string()),
            DateValue::Text(t) => (Date::parse(&t).filter(|_| t.trim().len() == 10), t),
        };
        if parsed.is_none() {
            let mut d = Diagnostic::error(file, format!("`{key}` is not a valid date: `{text}`"))
                .help(format!(
                    "write the date as {key} = 2026-11-02 (year-month-day)"
                ));
            if let Some(span) = span {
                let written = source.get(span.clone()).unwrap_or("");
                let width = written.lines().next().unwrap_or("").chars().count();
                d = d.at_offset(source, span.start, width);
            }
            problems.push(d);
        }
        parsed
    };
    let last_reviewed = date(
        raw.last_reviewed,
        "last_reviewed",
        keys.value_span("last_reviewed"),
    );
    let next_review = date(
        raw.next_review,
        "next_review",
        keys.value_span("next_review"),
    );
    let updated = date(raw.updated, "updated", keys.value_span("updated"));
    let sources: Vec<Source> = raw
        .sources
        .into_iter()
        .map(|spanned| {
            let start = doc.in_file(spanned.span()).start;
            let s = spanned.into_inner();
            Source {
                accessed: match s.accessed {
                    Some(accessed) => {
                        let span = doc.in_file(accessed.span());
                        date(Some(accessed.into_inner()), "accessed", Some(span))
                    }
                    None => None,
                },
                title: s.title,
                url: s.url,
                publisher: s.publisher,
                published: s.published,
                line: line_at(start),
            }
        })
        .collect();
    if let Some(slug) = &raw.slug {
        if crate::slug::slugify(slug) != *slug {
            let mut d = Diagnostic::error(file, format!("slug `{slug}` is not URL-safe"))
                .help(format!("use `{}`", crate::slug::slugify(slug)));
            if let Some(off) = keys.key_offset("slug") {
                d = d.at_offset(source, off, 4);
            }
            problems.push(d);
        }
    }
    let image = raw.image.filter(|i| !i.trim().is_empty());
    let image_alt = raw.image_alt.filter(|a| !a.trim().is_empty());
    if image.is_some() && image_alt.is_none() {
        let mut d = Diagnostic::error(file, "`image` has no `image_alt`").help(
            "add image_alt = \"what the picture shows\": link previews give it to people who cannot see the picture",
        );
        if let Some(off) = keys.key_offset("image") {
            d = d.at_offset(source, off, 5);
        }
        problems.push(d);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let reviewed_by = raw
        .reviewed_by
        .filter(|r| !r.trim().is_empty())
        .map(|mut r| {
            r.locate(source, split.toml_offset);
            r
        });
    let located = |list: Vec<Spanned<String>>| -> Vec<Located<String>> {
        list.into_iter()
            .map(|s| {
                let span = doc.in_file(s.span());
                let (line, column) = line_col(span.start);
                let written = source.get(span).unwrap_or("");
                let width = written.lines().next().unwrap_or("").chars().count();
                Located {
                    line,
                    column,
                    width: width.max(1),
                    value: s.into_inner(),
                }
            })
            .collect()
    };
    Ok(Meta {
        title,
        description,
        weight: raw.weight,
        draft: raw.draft,
        slug: raw.slug,
        template: raw.template,
        aliases: located(raw.aliases),
        last_reviewed,
        next_review,
        updated,
        reviewed_by: reviewed_by.as_ref().map(|r| r.text.clone()),
        reviewed_by_written: reviewed_by,
        tags: raw.tags,
        related: located(raw.related),
        mental_health: raw.mental_health,
        faq: raw.faq.unwrap_or(true),
        sources,
        terms: raw.terms,
        source_version: raw.source_version,
        image,
        image_alt,
        extra: raw.extra,
        line: open_line.max(1),
        key_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(src: &str) -> Result<Meta, Vec<Diagnostic>> {
        let file = Path::new("content/a.md");
        let split = split(file, src).map_err(|d| vec![d])?;
        parse(file, src, &split)
    }

    #[test]
    fn reads_typed_fields() {
        let m = meta("+++\ntitle = \"Safety\"\ndescription = \"d\"\nweight = 3\nlast_reviewed = 2026-11-02\nnext_review = \"2027-11-02\"\nrelated = [\"@/a.md\"]\n[[sources]]\ntitle = \"FDA\"\nurl = \"https://fda.gov\"\n+++\nBody\n").unwrap();
        assert_eq!(m.title, "Safety");
        assert_eq!(m.weight, 3);
        assert_eq!(m.last_reviewed.unwrap().to_string(), "2026-11-02");
        assert_eq!(m.next_review.unwrap().to_string(), "2027-11-02");
        assert_eq!(m.related[0].line, 7);
        assert_eq!((m.related[0].column, m.related[0].width), (12, 8));
        assert_eq!(m.sources[0].title, "FDA");
        assert_eq!(m.sources[0].line, 8);
        let title = m.key_lines.iter().find(|k| k.key == "title").unwrap();
        assert_eq!((title.line, title.column, title.width), (2, 9, 8));
        assert!(m.faq);
    }

    #[test]
    fn reviewed_by_may_be_marked_unconfirmed_and_keeps_its_place() {
        let m = meta("+++\ntitle = \"T\"\ndescription = \"d\"\nreviewed_by = { unconfirmed = \"Dr. New\" }\n+++\n").unwrap();
        assert_eq!(m.reviewed_by.as_deref(), Some("Dr. New"));
        let written = m.reviewed_by_written.unwrap();
        assert!(written.unconfirmed);
        assert_eq!((written.line, written.column), (4, 15));
    }

    #[test]
    fn missing_title_and_bad_date_are_both_reported() {
        let errs =
            meta("+++\ndescription = \"d\"\nlast_reviewed = \"2026-13-02\"\n+++\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().any(|e| e.message == "page has no `title`"));
        let date = errs
            .iter()
            .find(|e| e.message.contains("not a valid date"))
            .unwrap();
        assert_eq!(date.line, Some(3));
    }

    #[test]
    fn unclosed_or_missing_front_matter_is_explained() {
        assert!(meta("+++\ntitle = \"x\"\n").unwrap_err()[0]
            .message
            .contains("never closed"));
        let e = &meta("# Just markdown\n").unwrap_err()[0];
        assert_eq!(e.message, "page has no front matter");
        assert_eq!(e.line, Some(1));
    }
}
