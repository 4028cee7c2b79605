//! `site.toml`: the site's settings and the clinic's details, read into [`Config`].
//!
//! Unknown keys are errors with a did-you-mean hint (see [`crate::toml_source`]), so a typo
//! never silently drops a setting. `base_url` may carry a path (GitHub Pages project sites,
//! `https://org.github.io/clinic-site/`); [`Config::base_path`] is that path.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::toml_source::{Schema, TomlSource};

/// The clinic's contact details, shown in the footer, the contact card and JSON-LD.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Clinic {
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub hours: String,
    /// How to reach someone at night and at weekends, as a sentence.
    #[serde(default)]
    pub after_hours: String,
    #[serde(default)]
    pub after_hours_phone: String,
    /// What this clinic decides (forms offered, schedule, prices...): text that pages show
    /// through `{{ clinic.practice.KEY }}`, so each fact is written in one place.
    #[serde(default)]
    pub practice: std::collections::BTreeMap<String, String>,
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
    pub clinic: Clinic,
    /// Free-form values for templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// How `sitegen check --external` asks other sites about the links to them (not a
    /// template value: templates see the rest of the config as `site`).
    #[serde(default, skip_serializing)]
    pub external_links: ExternalLinks,
}

/// `[external_links]`: settings of `sitegen check --external` (never used by `build`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ExternalLinks {
    /// Days an answer is kept in the cache file and reused without asking again.
    pub max_age_days: u32,
    /// Seconds to wait for one answer.
    pub timeout_seconds: f64,
    /// Times a URL is asked again after a time-out, a server error or a dropped connection.
    pub retries: u32,
    /// URLs never asked about: each entry is a URL prefix (`https://www.linkedin.com/`) or a
    /// host, which covers its subdomains (`linkedin.com`).
    pub skip: Vec<String>,
    /// Sites known to turn robots away (same forms as `skip`): they are still asked, but a
    /// 401, 403 or 429 from them is not reported; a 404 or a missing host still is.
    pub allow: Vec<String>,
}

impl Default for ExternalLinks {
    fn default() -> Self {
        ExternalLinks {
            max_age_days: 7,
            timeout_seconds: 10.0,
            retries: 2,
            skip: Vec::new(),
            allow: Vec::new(),
        }
    }
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
                ],
                tables: &[],
                open_tables: &["practice"],
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
pub const DEFAULT_THEME: &str = "clinic";

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
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
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
    pub fn load_with(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
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
    pub fn theme_despite_problems(root: &Path) -> Option<String> {
        let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        match table.get("theme") {
            Some(toml::Value::String(theme)) => Some(theme.clone()),
            Some(_) => None,
            None => Some(DEFAULT_THEME.to_string()),
        }
    }

    pub fn parse(source: &str) -> Result<Config, Vec<Diagnostic>> {
        let doc = TomlSource {
            file: Path::new("site.toml"),
            file_source: source,
            text: source,
            offset: 0,
            what: "site.toml key",
        };
        let parsed = doc.parse::<Config>(&SCHEMA)?;
        let (mut config, keys) = (parsed.value, parsed.keys);
        let at_key = |d: Diagnostic, key: &str| match keys.key_offset(key) {
            Some(off) => d.at_offset(source, off, key.len()),
            None => d,
        };
        let mut problems = Vec::new();
        match normalize_base_url(&config.base_url) {
            Some(url) => config.base_url = url,
            None => {
                problems.push(at_key(
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
            problems.push(at_key(
                Diagnostic::error("site.toml", "review_interval_months must be at least 1")
                    .help("the default is 12 months"),
                "review_interval_months",
            ));
        }
        if let Some(cname) = &config.cname {
            match bare_host(cname) {
                Some(host) => config.cname = Some(host.to_string()),
                None => problems.push(at_key(
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
            external_links_problems(&config.external_links)
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
    pub fn base_path(&self) -> &str {
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
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

/// What is wrong in `[external_links]`: a time-out that is not a positive number of seconds,
/// a `skip` or `allow` entry that is neither an http(s) URL prefix nor a host name.
fn external_links_problems(settings: &ExternalLinks) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let timeout = settings.timeout_seconds;
    if !(timeout > 0.0 && timeout <= 600.0) {
        problems.push(
            Diagnostic::error(
                "site.toml",
                format!("external_links.timeout_seconds must be between 0 and 600, not {timeout}"),
            )
            .help("the default is 10 seconds"),
        );
    }
    let lists = [("skip", &settings.skip), ("allow", &settings.allow)];
    for (key, entries) in lists {
        for entry in entries {
            let url_prefix = entry.starts_with("https://") || entry.starts_with("http://");
            if !url_prefix && bare_host(entry).is_none() {
                problems.push(
                    Diagnostic::error(
                        "site.toml",
                        format!("external_links.{key} entry `{entry}` is neither a URL nor a host name"),
                    )
                    .help("write a URL prefix like \"https://www.linkedin.com/\" or a host like \"linkedin.com\""),
                );
            }
        }
    }
    problems
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
pub fn normalize_base_url(url: &str) -> Option<String> {
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
    fn external_links_settings_have_defaults_and_their_keys_are_checked() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.external_links.max_age_days, 7);
        assert_eq!(c.external_links.retries, 2);
        let src =
            format!("{MINIMAL}[external_links]\nmax_age_days = 1\nskip = [\"linkedin.com\"]\n");
        let c = Config::parse(&src).unwrap();
        assert_eq!(c.external_links.max_age_days, 1);
        assert_eq!(c.external_links.skip, ["linkedin.com"]);

        let typo = format!("{MINIMAL}[external_links]\nmax_age_day = 1\n");
        let errs = Config::parse(&typo).unwrap_err();
        assert_eq!(errs[0].line, Some(6));
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `external_links.max_age_days`?")
        );
    }

    #[test]
    fn external_links_entries_must_be_urls_or_hosts_and_the_timeout_positive() {
        let src = format!(
            "{MINIMAL}[external_links]\ntimeout_seconds = 0\nallow = [\"not a host\", \"https://doi.org/\"]\n"
        );
        let errs = Config::parse(&src).unwrap_err();
        let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errs.len(), 2, "{messages:?}");
        assert!(messages[0].contains("timeout_seconds must be between 0 and 600"));
        assert!(messages[1].contains("`not a host` is neither a URL nor a host name"));
        assert_eq!(errs[1].line, Some(5), "at the [external_links] table");
    }
}
