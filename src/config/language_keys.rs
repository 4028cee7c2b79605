//! The keys of each language's clinic table (`[languages.clinic.practice]`): a language
//! may give only the practice values the default language's `[clinic.practice]` has, so a
//! typo (`opening_hourz`) is an error with a did-you-mean rather than a value no page can
//! name; and a practice value the default language has but a language lacks is a warning
//! (its pages would show the default language's words).

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::{did_you_mean, Diagnostic};

/// The keys of a table with their spans, in the order written.
type Keys = Vec<(String, Range<usize>)>;

/// What site.toml writes about practice values: the default language's keys, and each
/// language's code, the span where its table is (or its code), and its practice keys.
struct LanguageKeysWritten {
    default: Keys,
    languages: Vec<(String, Range<usize>, Keys)>,
}

fn table<'a>(value: &'a DeValue<'a>) -> Option<&'a DeTable<'a>> {
    match value {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

fn get<'a>(t: &'a DeTable<'a>, key: &str) -> Option<(&'a DeValue<'a>, Range<usize>)> {
    t.iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(k, v)| (v.get_ref(), k.span()))
}

fn keys_of(t: &DeTable<'_>) -> Keys {
    t.iter()
        .map(|(k, _)| (k.get_ref().to_string(), k.span()))
        .collect()
}

fn read(source: &str) -> Option<LanguageKeysWritten> {
    let doc = DeTable::parse(source).ok()?;
    let root = doc.get_ref();
    let practice_of = |t: &DeTable<'_>| -> Option<(Keys, Range<usize>)> {
        let (clinic, _) = get(t, "clinic")?;
        let (practice, span) = get(table(clinic)?, "practice")?;
        Some((keys_of(table(practice)?), span))
    };
    let default = get(root, "clinic")
        .and_then(|_| practice_of(root))
        .map(|(keys, _)| keys)
        .unwrap_or_default();
    let mut languages = Vec::new();
    if let Some((DeValue::Array(items), _)) = get(root, "languages") {
        for item in items.iter() {
            let Some(language) = table(item.get_ref()) else {
                continue;
            };
            let Some((DeValue::String(code), code_span)) = get(language, "code") else {
                continue;
            };
            let (keys, span) = practice_of(language).unwrap_or((Vec::new(), code_span));
            languages.push((code.to_string(), span, keys));
        }
    }
    Some(LanguageKeysWritten { default, languages })
}

/// The keys of a language's `[languages.clinic]` table (site.toml's schema).
fn language_clinic_keys() -> &'static [&'static str] {
    let languages = super::SCHEMA.tables.iter().find(|(k, _)| *k == "languages");
    languages
        .and_then(|(_, l)| l.tables.iter().find(|(k, _)| *k == "clinic"))
        .map_or(&[], |(_, clinic)| clinic.keys)
}

/// A practice value a language gives that the default language does not have: an error at
/// its key, with the key meant.
pub(super) fn unknown(source: &str) -> Vec<Diagnostic> {
    let Some(written) = read(source) else {
        return Vec::new();
    };
    let known: Vec<&str> = written.default.iter().map(|(k, _)| k.as_str()).collect();
    let mut problems = Vec::new();
    for (code, _, keys) in &written.languages {
        for (key, span) in keys {
            if known.contains(&key.as_str()) {
                continue;
            }
            let d = Diagnostic::error(
                "site.toml",
                format!(
                    "unknown practice value `{key}` in `{code}`: [clinic.practice] has no `{key}`"
                ),
            )
            .at_offset(source, span.start, key.chars().count());
            let clinic_key = language_clinic_keys().iter().copied().find(|k| {
                let stem = k.trim_end_matches('s');
                stem.len() >= 4 && key.contains(stem)
            });
            problems.push(match (did_you_mean(key, known.iter().copied()), clinic_key) {
                (Some(meant), _) => d.help(format!("did you mean `{meant}`?")),
                (None, Some(meant)) => d.help(format!(
                    "did you mean `{meant}`? It goes in [languages.clinic], before [languages.clinic.practice]"
                )),
                (None, None) => d.help(format!(
                    "a language gives the values [clinic.practice] has, in its words; add `{key}` to [clinic.practice] first, or remove it here"
                )),
            });
        }
    }
    problems
}

/// Practice values of the default language a language does not give: a warning per
/// language, naming them (pages in that language that name one show the default
/// language's words).
pub(crate) fn missing(root: &Path) -> Vec<Diagnostic> {
    let Some(source) = std::fs::read_to_string(root.join("site.toml")).ok() else {
        return Vec::new();
    };
    let Some(written) = read(&source) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for (code, span, keys) in &written.languages {
        let lacking: Vec<&str> = written
            .default
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !keys.iter().any(|(have, _)| have == k))
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let list = lacking
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = &source[span.clone()];
        warnings.push(
            Diagnostic::warning(
                "site.toml",
                format!(
                    "`{code}` has no {list} of [clinic.practice]: its pages that name one show the default language's words",
                ),
            )
            .at_offset(&source, span.start, text.chars().count())
            .help(format!(
                "add {} under [languages.clinic.practice] for `{code}`",
                if lacking.len() == 1 { "it" } else { "them" }
            )),
        );
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title = \"T\"\n[clinic]\nname = \"C\"\n[clinic.practice]\ncourse = \"six\"\nprice = \"$1\"\n[[languages]]\ncode = \"es\"\nname = \"Español\"\n[languages.clinic]\nhours = \"h\"\n[languages.clinic.practice]\ncourse = \"seis\"\ncoarse = \"x\"\n";

    #[test]
    fn a_language_value_the_default_language_lacks_is_an_error_at_its_key() {
        let found = unknown(SITE);
        assert_eq!(found.len(), 1, "{found:?}");
        let text = found[0].to_string();
        assert!(
            text.contains("unknown practice value `coarse` in `es`"),
            "{text}"
        );
        assert!(text.contains("site.toml:14:1"), "{text}");
        assert!(text.contains("did you mean `course`?"), "{text}");
    }
}
