//! `sitegen check --external`: does every link to another web site still work?
//!
//! Never part of `build`, and `check` without `--external` asks no one. The URLs come from
//! the model ([`places`]: sources, markdown, the templates' links in the rendered pages);
//! each is asked about once however often it is written ([`probe`], paced by [`schedule`]),
//! unless `skip` names it or the [`cache`] holds an answer younger than `max_age_days`; each
//! answer ([`outcome`]) is then reported at every place the URL is written ([`outcome_report`]).
//!
//! | module | owns |
//! |---|---|
//! | [`places`] | which URLs, written where |
//! | [`address`] | link as written -> URL asked; `skip`/`allow` lists |
//! | [`probe`] | one URL's requests: HEAD/GET, redirects, retries, `Retry-After` |
//! | [`retry_after`] | reading `Retry-After` |
//! | [`schedule`] | worker threads, per-host limit and pacing |
//! | [`cache`] | `.sitegen-external-cache.json` |
//! | [`outcome`] | what one URL answered |
//! | [`outcome_report`] | outcome at a place -> diagnostic |
//!
//! If not one site answers (two or more hosts asked, no HTTP status at all), the computer is
//! taken to be offline: one warning instead of a finding per link, and nothing is cached.

pub(crate) mod address;
pub(crate) mod cache;
pub(crate) mod outcome;
pub(crate) mod outcome_report;
pub(crate) mod places;
pub(crate) mod probe;
pub(crate) mod retry_after;
pub(crate) mod schedule;

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use address::UrlList;
use cache::Cache;
use outcome::Outcome;
pub(crate) use places::RenderedSite;
use probe::Prober;
use schedule::{Pacing, RequestLimits};

/// How many requests are under way at once, per host and in all.
const LIMITS: RequestLimits = RequestLimits {
    workers: 8,
    per_host: 2,
    delay: Duration::from_millis(250),
};

/// What a run looked at, and where its answers came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Distinct URLs of other sites that the site links to.
    pub urls: usize,
    /// Not asked about: named by `skip`.
    pub skipped: usize,
    /// Answered from the cache.
    pub cached: usize,
    /// Asked about in this run.
    pub asked: usize,
    /// HTTP requests sent (retries, `GET` after `HEAD` and redirects included).
    pub requests: usize,
}

/// The findings of a run, and its summary.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

/// A URL that needs asking.
struct UrlToAsk {
    /// Its number in the collected URLs.
    index: usize,
    url: String,
    host: String,
}

/// Checks every link to another web site of `site` and its `translations`, as of `now`:
/// `rendered` is the site rendered in memory (for the templates' links), `None` when it does
/// not build. The settings and the cache are the default language's (site.toml's).
pub(crate) fn check<K>(
    site: &Site,
    translations: &[Site],
    rendered: Option<&RenderedSite<'_, K>>,
    now: SystemTime,
) -> Report {
    let settings = &site.config.external_links;
    let sites: Vec<&Site> = std::iter::once(site).chain(translations).collect();
    let written = places::collect(&sites, rendered);
    let skip = UrlList::new(&settings.skip);
    let allow = UrlList::new(&settings.allow);
    let mut cache = Cache::open(&site.root, now, settings.max_age_days);
    let mut summary = Summary {
        urls: written.len(),
        ..Summary::default()
    };
    let mut outcomes: Vec<Option<Outcome>> = vec![None; written.len()];
    let mut jobs = Vec::new();
    for (index, w) in written.iter().enumerate() {
        let host = address::host(&w.url).unwrap_or_default();
        if skip.contains(&w.url, &host) {
            summary.skipped += 1;
        } else if let Some(outcome) = cache.fresh(&w.url) {
            summary.cached += 1;
            outcomes[index] = Some(outcome.clone());
        } else {
            let url = w.url.clone();
            jobs.push(UrlToAsk { index, url, host });
        }
    }
    let mut diagnostics = Vec::new();
    if !jobs.is_empty() {
        let timeout = Duration::from_secs_f64(settings.timeout_seconds);
        let prober = Prober::new(timeout, settings.retries, Pacing::new(LIMITS.delay));
        let answers = schedule::run_all(&jobs, |j| j.host.as_str(), LIMITS, |j| prober.ask(&j.url));
        summary.asked = jobs.len();
        summary.requests = prober.requests();
        if looks_offline(&jobs, &answers) {
            diagnostics.push(offline_warning(jobs.len()));
        } else {
            for (job, outcome) in answers {
                let job = &jobs[job];
                cache.put(&job.url, outcome.clone());
                outcomes[job.index] = Some(outcome);
            }
        }
        let on_site: HashSet<&str> = written.iter().map(|w| w.url.as_str()).collect();
        if let Err(e) = cache.save(&on_site) {
            diagnostics.push(
                Diagnostic::warning(cache::FILE_NAME, format!("could not save the answers: {e}"))
                    .help("the next run asks every site again"),
            );
        }
    }
    for (w, outcome) in written.iter().zip(&outcomes) {
        let Some(outcome) = outcome else { continue };
        let host = address::host(&w.url).unwrap_or_default();
        if matches!(outcome, Outcome::Blocked { .. }) && allow.contains(&w.url, &host) {
            continue;
        }
        diagnostics.extend(
            w.places
                .iter()
                .filter_map(|p| outcome_report::finding(outcome, p)),
        );
    }
    Report {
        diagnostics,
        summary,
    }
}

/// Whether no site answered at all although two or more hosts were asked (names under
/// `.invalid` are never asked, so they do not count).
fn looks_offline(jobs: &[UrlToAsk], answers: &[(usize, Outcome)]) -> bool {
    let hosts: HashSet<&str> = jobs
        .iter()
        .map(|j| j.host.as_str())
        .filter(|h| !h.is_empty() && !h.ends_with(".invalid"))
        .collect();
    hosts.len() >= 2 && !answers.iter().any(|(_, o)| o.got_an_answer())
}

fn offline_warning(asked: usize) -> Diagnostic {
    Diagnostic::warning(
        "site.toml",
        format!(
            "could not check {asked} external link{}: no site answered",
            crate::diagnostics::plural(asked)
        ),
    )
    .help("is this computer offline? Nothing was cached: run `sitegen check --external` again once it is online")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(host: &str) -> UrlToAsk {
        UrlToAsk {
            index: 0,
            url: format!("https://{host}/"),
            host: host.to_string(),
        }
    }

    #[test]
    fn no_answer_from_two_or_more_sites_means_offline() {
        let no_host = |h: &str| Outcome::NoHost { host: h.into() };
        let jobs = [job("a.org"), job("b.org")];
        let answers = [(0, no_host("a.org")), (1, no_host("b.org"))];
        assert!(looks_offline(&jobs, &answers));
        let one_answered = [(0, no_host("a.org")), (1, Outcome::Blocked { status: 403 })];
        assert!(!looks_offline(&jobs, &one_answered));
        let one_host = [job("a.org"), job("typo.invalid")];
        assert!(
            !looks_offline(&one_host, &answers),
            "one real host could just be gone"
        );
    }
}
