//! `site.toml`: the site's settings and the clinic's details, read into [`Config`].
//!
//! Unknown keys are errors with a did-you-mean hint (see [`crate::toml_source`]), so a typo
//! never silently drops a setting. `base_url` may carry a path (GitHub Pages project sites,
//! `https://org.github.io/clinic-site/`); [`Config::base_path`] is that path.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::toml_source::{Schema, TomlSource};

mod clinic_value;
mod external_links;
mod language_keys;
mod other_languages;
pub(crate) use clinic_value::ClinicValue;
pub(crate) use external_links::ExternalLinks;
pub(crate) use language_keys::missing as missing_practice_values;
pub(crate) use other_languages::OtherLanguage;

/// The clinic's contact details, shown in the footer, the contact card and JSON-LD. Each is a
/// [`ClinicValue`]: plain text, or `{ unconfirmed = "..." }` while the clinic has not
/// confirmed it (README "Clinic values").
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Clinic {
    pub name: ClinicValue,
    #[serde(default)]
    pub phone: ClinicValue,
    #[serde(default)]
    pub address: ClinicValue,
    #[serde(default)]
    pub email: ClinicValue,
    #[serde(default)]
    pub hours: ClinicValue,
    /// How to reach someone at night and at weekends, as a sentence.
    #[serde(default)]
    pub after_hours: ClinicValue,
    #[serde(default)]
    pub after_hours_phone: ClinicValue,
    /// Who reviews the pages clinically ("Dr. ..., Medical Director"): pages name it with
    /// `reviewed_by = "{{ clinic.reviewer }}"`.
    #[serde(default)]
    pub reviewer: ClinicValue,
    /// What this clinic decides (forms offered, schedule, prices...): text that pages show
    /// through `{{ clinic.practice.KEY }}`, so each fact is written in one place.
    #[serde(default)]
    pub practice: std::collections::BTreeMap<String, ClinicValue>,
}

impl Clinic {
    /// Every value by the name pages give it (`clinic.phone`, `clinic.practice.course`), in
    /// the order of `[clinic]`'s keys, then practice keys alphabetically.
    pub(crate) fn named_values(&self) -> Vec<(String, &ClinicValue)> {
        let mut values: Vec<(String, &ClinicValue)> = [
            ("name", &self.name),
            ("phone", &self.phone),
            ("email", &self.email),
            ("address", &self.address),
            ("hours", &self.hours),
            ("after_hours", &self.after_hours),
            ("after_hours_phone", &self.after_hours_phone),
            ("reviewer", &self.reviewer),
        ]
        .into_iter()
        .map(|(key, value)| (format!("clinic.{key}"), value))
        .collect();
        values.extend(
            self.practice
                .iter()
                .map(|(key, value)| (format!("clinic.practice.{key}"), value)),
        );
        values
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut ClinicValue> {
        [
            &mut self.name,
            &mut self.phone,
            &mut self.email,
            &mut self.address,
            &mut self.hours,
            &mut self.after_hours,
            &mut self.after_hours_phone,
            &mut self.reviewer,
        ]
        .into_iter()
        .chain(self.practice.values_mut())
    }
}

fn default_true() -> bool {
    true
}

/// `[share]` in site.toml: what the site gives link previews and home screens (see
/// [`crate::render::cards`]). Everything is off unless asked for, so a site that does not
/// ask (the benchmark's generated one) draws nothing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ShareSettings {
    /// A 1200x630 share card per page and language, drawn at build time.
    #[serde(default)]
    pub cards: bool,
    /// A 180x180 apple-touch-icon, 192 and 512 icons and a web manifest per language.
    #[serde(default)]
    pub icons: bool,
    /// The name under the icon on a phone's home screen (about 12 characters at most);
    /// the site's title when empty.
    #[serde(default)]
    pub short_name: String,
}

/// Everything in site.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub description: String,
    /// What the site's pages are about (JSON-LD `about`), e.g. "Ketamine therapy".
    #[serde(default)]
    pub about: String,
    /// Custom domain for GitHub Pages; written to `CNAME` when set.
    #[serde(default)]
    pub cname: Option<String>,
    /// Months after `last_reviewed` that a page falls due for review, when it sets no `next_review`.
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    /// Flesch-Kincaid grade above which `sitegen check` warns.
    #[serde(default = "default_reading_grade")]
    pub reading_grade_target: f64,
    /// Whether the theme's and the site's CSS and JavaScript are published minified (default
    /// true; `minify = false` publishes them as written).
    #[serde(default = "default_true")]
    pub minify: bool,
    pub clinic: Clinic,
    /// The other languages the site is published in.
    #[serde(default)]
    pub languages: Vec<OtherLanguage>,
    /// Link previews and home-screen icons (`[share]`; all off by default).
    #[serde(default)]
    pub share: ShareSettings,
    /// Free-form values for templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// How `sitegen check --external` asks other sites about the links to them (not a
    /// template value: templates see the rest of the config as `site`).
    #[serde(default, skip_serializing)]
    pub external_links: ExternalLinks,
    /// Built as a sample site (`--sample`): every page says so in a banner, asks search
    /// engines not to index it and claims to be no clinic (no MedicalClinic JSON-LD). Not a
    /// site.toml key; templates see it as `site.sample`.
    #[serde(default, skip_deserializing)]
    pub sample: bool,
}

const SCHEMA: Schema = Schema {
    keys: &[
        "title",
        "base_url",
        "language",
        "theme",
        "description",
        "about",
        "cname",
        "review_interval_months",
        "reading_grade_target",
        "minify",
    ],
    tables: &[
        (
            "clinic",
            Schema {
                keys: &[
                    "name",
                    "phone",
                    "address",
                    "email",
                    "hours",
                    "after_hours",
                    "after_hours_phone",
                    "reviewer",
                ],
                tables: &[],
                open_tables: &["practice"],
            },
        ),
        (
            "languages",
            Schema {
                keys: &[
                    "code",
                    "name",
                    "title",
                    "description",
                    "reading_ease_target",
                ],
                tables: &[(
                    "clinic",
                    Schema {
                        keys: &["name", "address", "hours", "after_hours", "reviewer"],
                        tables: &[],
                        open_tables: &["practice"],
                    },
                )],
                open_tables: &[],
            },
        ),
        (
            "share",
            Schema {
                keys: &["cards", "icons", "short_name"],
                tables: &[],
                open_tables: &[],
            },
        ),
        (
            "external_links",
            Schema {
                keys: &[
                    "max_age_days",
                    "timeout_seconds",
                    "retries",
                    "skip",
                    "allow",
                ],
                tables: &[],
                open_tables: &[],
            },
        ),
    ],
    open_tables: &["extra"],
};

fn default_language() -> String {
    "en".into()
}
/// The theme a site uses when site.toml names none (or cannot be read).
pub(crate) const DEFAULT_THEME: &str = "clinic";

fn default_theme() -> String {
    DEFAULT_THEME.into()
}
fn default_review_interval() -> u32 {
    12
}
fn default_reading_grade() -> f64 {
    8.0
}

impl Config {
    /// Reads `<root>/site.toml`.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let source = std::fs::read_to_string(&path).map_err(|e| {
            vec![
                Diagnostic::error("site.toml", format!("cannot read site.toml: {e}")).help(
                    "run sitegen in the site's folder (the one with site.toml), or pass --root DIR",
                ),
            ]
        })?;
        Self::parse(&source)
    }

    /// Reads `<root>/site.toml`, with `base_url` replaced when one is given (`--base-url`, or
    /// the preview's own address).
    pub(crate) fn load_with(
        root: &Path,
        base_url: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut config = Self::load(root)?;
        if let Some(url) = base_url {
            config.base_url = normalize_base_url(url).ok_or_else(|| {
                vec![
                    Diagnostic::error("--base-url", format!("`{url}` is not an http(s) URL"))
                        .help("write it like https://org.github.io/clinic-site/"),
                ]
            })?;
        }
        Ok(config)
    }

    /// The theme site.toml names, when site.toml has problems elsewhere (so its templates can
    /// still be checked in the same run): `None` if site.toml is not readable TOML at all.
    pub(crate) fn theme_despite_problems(root: &Path) -> Option<String> {
        let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        match table.get("theme") {
            Some(toml::Value::String(theme)) => Some(theme.clone()),
            Some(_) => None,
            None => Some(DEFAULT_THEME.to_string()),
        }
    }

    /// The codes of the other languages site.toml lists, when site.toml has problems
    /// elsewhere (so that translations are read as translations rather than reported, one
    /// error per file, as files of a language it does not list); when site.toml is not TOML
    /// at all, the codes of its `code = "..."` lines.
    pub(crate) fn language_codes_despite_problems(root: &Path) -> Vec<String> {
        let Ok(text) = std::fs::read_to_string(root.join("site.toml")) else {
            return Vec::new();
        };
        let Ok(table) = toml::from_str::<toml::Table>(&text) else {
            // Not TOML at all (a quote left open): the `code = "es"` lines still say.
            return text
                .lines()
                .filter_map(|line| {
                    let (key, value) = line.split_once('=')?;
                    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
                    (key.trim() == "code").then(|| value.to_string())
                })
                .collect();
        };
        let Some(toml::Value::Array(languages)) = table.get("languages") else {
            return Vec::new();
        };
        languages
            .iter()
            .filter_map(|l| Some(l.get("code")?.as_str()?.to_string()))
            .collect()
    }

    pub(crate) fn parse(source: &str) -> Result<Config, Vec<Diagnostic>> {
        let doc = TomlSource {
            file: Path::new("site.toml"),
            file_source: source,
            text: source,
            offset: 0,
            what: "site.toml key",
        };
        let parsed = doc.parse::<Config>(&SCHEMA)?;
        let (mut config, keys) = (parsed.value, parsed.keys);
        for value in config.clinic.values_mut().chain(
            config
                .languages
                .iter_mut()
                .flat_map(|l| l.clinic.values_mut()),
        ) {
            value.locate(source, 0);
        }
        let at_key = |d: Diagnostic, key: &str| match keys.key_offset(key) {
            Some(off) => d.at_offset(source, off, key.len()),
            None => d,
        };
        // A finding about a value: at the value, its line quoted with a caret under it.
        let at_value = |d: Diagnostic, key: &str| match keys.value_span(key) {
            Some(span) => {
                let width = source[span.clone()]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .count();
                d.at_offset(source, span.start, width)
            }
            None => d,
        };
        let mut problems = language_keys::unknown(source);
        match normalize_base_url(&config.base_url) {
            Some(url) => config.base_url = url,
            None => {
                problems.push(at_value(
                    Diagnostic::error(
                        "site.toml",
                        format!("base_url `{}` is not an http(s) URL", config.base_url),
                    )
                    .help("write it like \"https://org.github.io/clinic-site/\""),
                    "base_url",
                ));
            }
        }
        if config.review_interval_months == 0 {
            problems.push(at_value(
                Diagnostic::error("site.toml", "review_interval_months must be at least 1")
                    .help("the default is 12 months"),
                "review_interval_months",
            ));
        }
        for message in other_languages::problems(&config.language, &config.languages) {
            problems.push(at_key(
                Diagnostic::error("site.toml", message).help(
                    "each [[languages]] entry names another language by its lowercase code, once",
                ),
                "languages",
            ));
        }
        if let Some(cname) = &config.cname {
            match bare_host(cname) {
                Some(host) => config.cname = Some(host.to_string()),
                None => problems.push(at_value(
                    Diagnostic::error(
                        "site.toml",
                        format!("cname `{cname}` is not a bare domain name"),
                    )
                    .help("write only the host, like cname = \"clinic.example.org\" (no https://, no path)"),
                    "cname",
                )),
            }
        }
        problems.extend(
            config
                .external_links
                .problems()
                .into_iter()
                .map(|d| at_key(d, "external_links")),
        );
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The path part of base_url, always starting and ending with `/` ("/clinic-site/").
    pub(crate) fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or("");
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }

    /// Absolute URL of a site path ("/safety/" -> "https://host/clinic-site/safety/").
    pub(crate) fn absolute(&self, site_path: &str) -> String {
        [self.base_url.as_str(), site_path.trim_start_matches('/')].concat()
    }
}

/// A bare host name (`clinic.example.org`), trimmed, or `None` if `cname` is not one.
fn bare_host(cname: &str) -> Option<&str> {
    let host = cname.trim();
    let valid = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    valid.then_some(host)
}

/// Checks an http(s) URL and makes sure it ends with `/`.
pub(crate) fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return None;
    }
    let mut out = url.to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        "title = \"T\"\nbase_url = \"https://org.github.io/clinic-site\"\n[clinic]\nname = \"C\"\n";

    #[test]
    fn base_url_path_is_kept_and_normalised() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://org.github.io/clinic-site/");
        assert_eq!(c.base_path(), "/clinic-site/");
        assert_eq!(
            c.absolute("/safety/"),
            "https://org.github.io/clinic-site/safety/"
        );
        assert_eq!(c.review_interval_months, 12);
        assert_eq!(c.language, "en");
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let src = format!("{MINIMAL}[extra]\nx = 1\n").replace("title =", "titel = \"x\"\ntitle =");
        let errs = Config::parse(&src).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].to_string().contains("site.toml:1:1"));
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn rejects_a_base_url_that_is_not_http() {
        let errs = Config::parse(&MINIMAL.replace("https://org.github.io/clinic-site", "ftp://x"))
            .unwrap_err();
        assert!(errs[0].message.contains("not an http(s) URL"));
        assert_eq!(errs[0].line, Some(2));
    }

    #[test]
    fn a_language_code_that_is_not_one_or_is_listed_twice_is_an_error_at_its_line() {
        let src = format!(
            "{MINIMAL}[[languages]]\ncode = \"es\"\nname = \"Español\"\n\n[[languages]]\ncode = \"ES_mx\"\nname = \"x\"\n\n[[languages]]\ncode = \"es\"\nname = \"y\"\n\n[[languages]]\ncode = \"en\"\nname = \"z\"\n"
        );
        let errs = Config::parse(&src).unwrap_err();
        let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "language code `ES_mx` is not a language code like \"es\" or \"pt-br\"",
                "language `es` is listed twice (or is the default `language`)",
                "language `en` is listed twice (or is the default `language`)",
            ]
        );
        assert!(errs.iter().all(|e| e.line.is_some()), "{errs:?}");
        let ok = format!("{MINIMAL}[[languages]]\ncode = \"pt-br\"\nname = \"Português\"\n");
        assert_eq!(Config::parse(&ok).unwrap().languages[0].code, "pt-br");
    }
}
