//! site.toml's `[external_links]`: the settings of `sitegen check --external`, and what can be
//! wrong in them. `build` never reads them.

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// `[external_links]`: how `sitegen check --external` asks other sites about the links to them.
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

impl ExternalLinks {
    /// What is wrong: a time-out that is not a positive number of seconds (at most 600), a
    /// `skip` or `allow` entry that is neither an http(s) URL prefix nor a host name.
    pub(crate) fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let timeout = self.timeout_seconds;
        if !(timeout > 0.0 && timeout <= 600.0) {
            problems.push(
                Diagnostic::error(
                    "site.toml",
                    format!(
                        "external_links.timeout_seconds must be between 0 and 600, not {timeout}"
                    ),
                )
                .help("the default is 10 seconds"),
            );
        }
        for (key, entries) in [("skip", &self.skip), ("allow", &self.allow)] {
            for entry in entries {
                let url_prefix = entry.starts_with("https://") || entry.starts_with("http://");
                if !url_prefix && super::bare_host(entry).is_none() {
                    problems.push(
                        Diagnostic::error(
                            "site.toml",
                            format!(
                                "external_links.{key} entry `{entry}` is neither a URL nor a host name"
                            ),
                        )
                        .help("write a URL prefix like \"https://www.linkedin.com/\" or a host like \"linkedin.com\""),
                    );
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    const MINIMAL: &str =
        "title = \"T\"\nbase_url = \"https://org.github.io/clinic-site\"\n[clinic]\nname = \"C\"\n";

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
