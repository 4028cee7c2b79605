//! `[[languages]]` in site.toml: the other languages the site is published in, their clinic
//! sentences, and the site's settings as seen from a page in one of them (README "Languages").

use serde::{Deserialize, Serialize};

use super::{ClinicValue, Config};

/// Another language the site is published in, beside the default `language` (see README
/// "Languages"): its pages are `page.<code>.md` beside their source, under `/<code>/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct OtherLanguage {
    /// The language's code: `es`.
    pub code: String,
    /// Its name in itself, for the language switcher: `Español`.
    pub name: String,
    /// The site's title and description in it (default: the default language's).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The lowest Fernández-Huerta reading ease `sitegen check` accepts before warning
    /// (0-100, higher is easier; 70 is "fairly easy").
    #[serde(default = "default_reading_ease")]
    pub reading_ease_target: f64,
    /// The clinic's sentences in this language (hours, after-hours, practice values); a value
    /// left out is the default language's.
    #[serde(default)]
    pub clinic: ClinicText,
}

/// The parts of `[clinic]` that are text in a language.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ClinicText {
    #[serde(default)]
    pub name: Option<ClinicValue>,
    #[serde(default)]
    pub address: Option<ClinicValue>,
    #[serde(default)]
    pub hours: Option<ClinicValue>,
    #[serde(default)]
    pub after_hours: Option<ClinicValue>,
    /// The reviewer's name and title in this language.
    #[serde(default)]
    pub reviewer: Option<ClinicValue>,
    #[serde(default)]
    pub practice: std::collections::BTreeMap<String, ClinicValue>,
}

impl ClinicText {
    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut ClinicValue> {
        [
            &mut self.name,
            &mut self.address,
            &mut self.hours,
            &mut self.after_hours,
            &mut self.reviewer,
        ]
        .into_iter()
        .flatten()
        .chain(self.practice.values_mut())
    }
}

fn default_reading_ease() -> f64 {
    70.0
}

/// What is wrong with the `[[languages]]` codes, given the default `language`: a code that
/// is not a lowercase language code, or one listed twice (or equal to the default).
pub(super) fn problems(default: &str, languages: &[OtherLanguage]) -> Vec<String> {
    let mut seen = vec![default];
    let mut problems = Vec::new();
    for language in languages {
        let code = language.code.as_str();
        let usable = !code.is_empty()
            && code.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !usable {
            problems.push(format!(
                "language code `{code}` is not a language code like \"es\" or \"pt-br\""
            ));
        } else if seen.contains(&code) {
            problems.push(format!(
                "language `{code}` is listed twice (or is the default `language`)"
            ));
        }
        seen.push(code);
    }
    problems
}

impl Config {
    /// The site's settings as seen from its pages in `language`: that language's code, title,
    /// description and clinic sentences in place of the default language's.
    pub(crate) fn in_language(&self, language: &OtherLanguage) -> Config {
        let mut config = self.clone();
        config.language = language.code.clone();
        if let Some(title) = &language.title {
            config.title = title.clone();
        }
        if let Some(description) = &language.description {
            config.description = description.clone();
        }
        let text = &language.clinic;
        for (value, replacement) in [
            (&mut config.clinic.name, &text.name),
            (&mut config.clinic.address, &text.address),
            (&mut config.clinic.hours, &text.hours),
            (&mut config.clinic.after_hours, &text.after_hours),
            (&mut config.clinic.reviewer, &text.reviewer),
        ] {
            if let Some(replacement) = replacement {
                *value = replacement.clone();
            }
        }
        config
            .clinic
            .practice
            .extend(text.practice.iter().map(|(k, v)| (k.clone(), v.clone())));
        config
    }
}
