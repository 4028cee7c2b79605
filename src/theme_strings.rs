//! The theme's words in each language: `themes/<theme>/i18n/<code>.toml`, one flat table of
//! strings per language (`skip_link = "Skip to main content"`), given to templates as `t`
//! (`{{ t.skip_link }}`) and used by sitegen itself for what it writes into pages (care cards,
//! dates, the related questions under an answer, the 404 page).
//!
//! Every key a template names (`t.key`) and every key sitegen needs ([`OWN_KEYS`]) must be in
//! every language's file: a missing one is a build error naming the key, the language and
//! the file, so a page is never half translated. A theme without an `i18n/` folder gets
//! sitegen's own English words ([`english`]) and may not be used for a site in several
//! languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diagnostics::Diagnostic;

/// The keys sitegen itself needs, with their English words (used when a theme has no strings).
const OWN_KEYS: &[(&str, &str)] = &[
    ("care_card_information_level", "Information"),
    ("care_card_urgent_level", "Urgent"),
    ("care_card_emergency_level", "Emergency"),
    ("care_card_information_heading", "Good to know"),
    ("care_card_urgent_heading", "Contact us soon if:"),
    ("care_card_emergency_heading", "Call 911 now if:"),
    ("care_card_call_us", "Call us on {phone}"),
    (
        "care_card_after_hours",
        "Outside these hours, call {phone}.",
    ),
    (
        "care_card_emergency_action",
        "<a href=\"tel:911\">Call 911</a> or go to the nearest emergency room.",
    ),
    ("related_questions", "Related questions"),
    (
        "related_questions_label",
        "Questions related to: {question}",
    ),
    ("not_found_title", "Page not found"),
    ("faq_name", "{title}: questions"),
    ("moved_to", "This page has moved to {link}."),
    (
        "not_found_description",
        "The page you asked for is not here.",
    ),
    ("date", "{day} {month} {year}"),
    // What the search box says: written into each language's search index (src/render/search/).
    ("search_unavailable", "Search is not available right now."),
    ("search_result_one", "1 result"),
    ("search_results", "{n} results"),
    (
        "search_results_shown",
        "{n} results, showing the first {shown}",
    ),
    (
        "search_no_results",
        "No results for \u{201c}{query}\u{201d}.",
    ),
    ("search_all_questions", "See all questions"),
    ("search_or_call", "or call"),
    ("search_call", "Call"),
    (
        "months",
        "January February March April May June July August September October November December",
    ),
];

/// One language's strings.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: BTreeMap<String, String>,
}

impl Strings {
    /// The string `key` (sitegen's own keys are always there: loading checked them).
    pub(crate) fn get(&self, key: &str) -> &str {
        self.map.get(key).map_or("", String::as_str)
    }

    /// The string `key` with each `{name}` replaced by its value.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// `date` written for people in this language: "28 November 2026", "28 de noviembre de 2026".
    pub(crate) fn date(&self, date: Date) -> String {
        let month = self
            .get("months")
            .split_whitespace()
            .nth(date.month as usize - 1)
            .unwrap_or("")
            .to_string();
        self.fill(
            "date",
            &[
                ("day", &date.day.to_string()),
                ("month", &month),
                ("year", &date.year.to_string()),
            ],
        )
    }
}

/// sitegen's own words in English, for themes without strings.
pub(crate) fn english() -> Strings {
    Strings {
        map: OWN_KEYS
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

/// The folder of a theme's strings.
pub(crate) fn folder(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme).join("i18n")
}

/// Loads the strings of each language of `codes` (the default language first) for `theme`,
/// checking that each has every key `templates_use` names and every key sitegen needs.
pub(crate) fn load(
    root: &Path,
    theme: &str,
    codes: &[&str],
    templates_use: &BTreeMap<String, PathBuf>,
) -> Result<Vec<Strings>, Vec<Diagnostic>> {
    let dir = folder(root, theme);
    if !dir.is_dir() {
        if codes.len() > 1 {
            return Err(vec![Diagnostic::error(
                crate::diagnostics::relative(root, &dir),
                format!("theme `{theme}` has no strings, and the site is in {} languages", codes.len()),
            )
            .help("give the theme an i18n/ folder with one <code>.toml of strings per language (see README \"Languages\")")]);
        }
        return Ok(vec![english()]);
    }
    let mut problems = Vec::new();
    let mut all = Vec::new();
    for code in codes {
        let file = dir.join(format!("{code}.toml"));
        let shown = crate::diagnostics::relative(root, &file);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                problems.push(
                    Diagnostic::error(&shown, format!("cannot read the `{code}` strings: {e}"))
                        .help(format!(
                            "create {} with the theme's words in `{code}`",
                            shown.display()
                        )),
                );
                continue;
            }
        };
        let map: BTreeMap<String, String> = match toml::from_str(&text) {
            Ok(map) => map,
            Err(e) => {
                let mut d = Diagnostic::error(&shown, format!("invalid strings: {}", e.message()))
                    .help("write one `key = \"text\"` per line");
                if let Some(span) = e.span() {
                    d = d.at_offset(&text, span.start, span.len());
                }
                problems.push(d);
                continue;
            }
        };
        let needed: BTreeSet<&str> = OWN_KEYS
            .iter()
            .map(|(k, _)| *k)
            .chain(templates_use.keys().map(String::as_str))
            .collect();
        for key in needed {
            if map.contains_key(key) {
                continue;
            }
            let used_in = templates_use
                .get(key)
                .map(|t| format!(" (used in {})", t.display()))
                .unwrap_or_default();
            problems.push(
                Diagnostic::error(
                    &shown,
                    format!("string `{key}` is missing in `{code}`{used_in}"),
                )
                .help(format!("add `{key} = \"...\"` to {}", shown.display())),
            );
        }
        if let Some(default) = all.first() {
            problems.extend(unknown_keys(&shown, &text, &map, default, codes[0]));
        }
        all.push(Strings { map });
    }
    if problems.is_empty() {
        Ok(all)
    } else {
        Err(problems)
    }
}

/// The keys of a language's strings (`map`, read from `text` of file `shown`) that the
/// default language's (`default`, in `default_code`) lacks: each an error at its key, with
/// the key meant.
fn unknown_keys(
    shown: &Path,
    text: &str,
    map: &BTreeMap<String, String>,
    default: &Strings,
    default_code: &str,
) -> Vec<Diagnostic> {
    let known: Vec<&str> = default.map.keys().map(String::as_str).collect();
    let spans = toml::de::DeTable::parse(text)
        .map(|t| {
            t.get_ref()
                .iter()
                .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    map.keys()
        .filter(|key| !known.contains(&key.as_str()))
        .map(|key| {
            let mut d = Diagnostic::error(
                shown,
                format!("unknown string `{key}`: the `{default_code}` strings have no `{key}`"),
            );
            if let Some((_, span)) = spans.iter().find(|(k, _)| k == key) {
                d = d.at_offset(text, span.start, key.chars().count());
            }
            match crate::diagnostics::did_you_mean(key, known.iter().copied()) {
                Some(meant) => d.help(format!("did you mean `{meant}`?")),
                None => d.help(format!(
                    "each language has the keys of the `{default_code}` strings; remove it, or add it there first"
                )),
            }
        })
        .collect()
}

/// The keys a template names as `t.key`, each with the first template that does.
pub(crate) fn keys_used(
    sources: &BTreeMap<String, (PathBuf, String)>,
) -> BTreeMap<String, PathBuf> {
    let mut used = BTreeMap::new();
    for (file, text) in sources.values() {
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(found) = text[from..].find("t.") {
            let start = from + found;
            from = start + 2;
            let before_ok = start == 0
                || !(bytes[start - 1].is_ascii_alphanumeric()
                    || bytes[start - 1] == b'_'
                    || bytes[start - 1] == b'.');
            if !before_ok {
                continue;
            }
            let key: String = text[start + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !key.is_empty() {
                used.entry(key).or_insert_with(|| file.clone());
            }
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_keys_are_found_after_t_dot_only() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "a.html".to_string(),
            (
                PathBuf::from("themes/x/templates/a.html"),
                "{{ t.skip_link }} {{ page.title }} {{ at.x }} {% if t.menu %}".to_string(),
            ),
        );
        let keys: Vec<String> = keys_used(&sources).into_keys().collect();
        assert_eq!(keys, ["menu", "skip_link"]);
    }

    #[test]
    fn dates_and_placeholders_follow_the_language() {
        let mut es = english();
        es.map
            .insert("date".into(), "{day} de {month} de {year}".into());
        es.map.insert(
            "months".into(),
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".into(),
        );
        let date = Date::parse("2026-11-28").unwrap();
        assert_eq!(es.date(date), "28 de noviembre de 2026");
        assert_eq!(english().date(date), "28 November 2026");
        assert_eq!(
            english().fill("care_card_call_us", &[("phone", "988")]),
            "Call us on 988"
        );
    }
}
