//! From a link as written to the URL that is asked about: only `http`, `https` and
//! protocol-relative (`//host/`) links leave for another web site; the `#fragment` is never
//! sent (two links that differ only by it are one question); spaces and non-ASCII text are
//! percent-encoded as a browser would. Also the `skip` and `allow` lists of site.toml.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What a browser encodes in a URL before sending it (`%` is left alone: it is already an
/// escape).
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// The URL to ask for a link written as `written`, or `None` when it does not lead to another
/// web site (a site path, `mailto:`, `tel:`...).
pub(crate) fn request_url(written: &str) -> Option<String> {
    let written = written.trim();
    let without_fragment = written.split_once('#').map_or(written, |(url, _)| url);
    let (scheme, rest) = if let Some(rest) = without_fragment.strip_prefix("//") {
        ("https", rest)
    } else {
        let (scheme, rest) = without_fragment.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        match scheme.as_str() {
            "http" => ("http", rest),
            "https" => ("https", rest),
            _ => return None,
        }
    };
    if rest.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{}", utf8_percent_encode(rest, UNSAFE)))
}

/// The host of a request URL, in lower case, without the port: what the per-host limits and
/// the `skip`/`allow` host entries go by.
pub(crate) fn host(url: &str) -> Option<String> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    uri.host()
        .filter(|h| !h.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Whether a request URL is on the site itself (under `base_url`, by host and path, either
/// scheme): the internal link check covers those, and a page not yet published must not be
/// reported as broken.
pub(crate) fn is_own(url: &str, base_url: &str) -> bool {
    let (Ok(url), Ok(base)) = (
        url.parse::<ureq::http::Uri>(),
        base_url.parse::<ureq::http::Uri>(),
    ) else {
        return false;
    };
    let same_host = match (url.host(), base.host()) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    let base_path = base.path().trim_end_matches('/');
    let path = url.path();
    same_host
        && path.starts_with(base_path)
        && matches!(path.as_bytes().get(base_path.len()), None | Some(b'/'))
}

/// A `skip` or `allow` list: URL prefixes, and hosts that cover their subdomains.
#[derive(Debug, Clone, Default)]
pub(crate) struct UrlList {
    prefixes: Vec<String>,
    hosts: Vec<String>,
}

impl UrlList {
    pub(crate) fn new(entries: &[String]) -> Self {
        let mut list = UrlList::default();
        for entry in entries {
            let entry = entry.trim();
            match request_url(entry) {
                Some(prefix) => list.prefixes.push(prefix),
                None => list
                    .hosts
                    .push(entry.trim_matches('.').to_ascii_lowercase()),
            }
        }
        list
    }

    /// Whether the list names `url` (whose host is `host`).
    pub(crate) fn contains(&self, url: &str, host: &str) -> bool {
        self.prefixes.iter().any(|p| url.starts_with(p.as_str()))
            || self.hosts.iter().any(|h| {
                host == h
                    || host
                        .strip_suffix(h.as_str())
                        .is_some_and(|sub| sub.ends_with('.'))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_links_to_other_web_sites_are_asked_about_without_their_fragment() {
        assert_eq!(
            request_url("HTTPS://example.org/a b#part").as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(
            request_url("//cdn.example.org/x").as_deref(),
            Some("https://cdn.example.org/x")
        );
        assert_eq!(
            request_url("https://example.org/café").as_deref(),
            Some("https://example.org/caf%C3%A9")
        );
        for not_web in [
            "/safety/",
            "@/a.md",
            "mailto:a@b.org",
            "tel:988",
            "ftp://x.org/",
            "https://",
        ] {
            assert_eq!(request_url(not_web), None, "{not_web}");
        }
    }

    #[test]
    fn hosts_are_lower_case_without_port() {
        assert_eq!(
            host("http://Example.ORG:8080/x").as_deref(),
            Some("example.org")
        );
        assert_eq!(host("https://exa%20mple.org/"), None);
    }

    #[test]
    fn links_to_the_site_itself_are_left_to_the_internal_link_check() {
        let base = "https://org.github.io/clinic-site/";
        assert!(is_own("https://org.github.io/clinic-site/safety/", base));
        assert!(is_own("http://ORG.github.io/clinic-site", base));
        assert!(!is_own("https://org.github.io/other-site/", base));
        assert!(!is_own("https://org.github.io/clinic-site-old/", base));
        assert!(!is_own("https://org.github.io.evil.org/clinic-site/", base));
        assert!(is_own(
            "https://clinic.example/a/",
            "https://clinic.example/"
        ));
    }

    #[test]
    fn a_host_entry_covers_its_subdomains_and_a_url_entry_its_prefix() {
        let list = UrlList::new(&["linkedin.com".into(), "https://doi.org/10.1000/".into()]);
        let asks = |url: &str| list.contains(url, &host(url).unwrap());
        assert!(asks("https://www.linkedin.com/in/someone"));
        assert!(asks("https://linkedin.com/"));
        assert!(!asks("https://notlinkedin.com/"));
        assert!(asks("https://doi.org/10.1000/182"));
        assert!(!asks("https://doi.org/10.1001/1"));
    }
}
