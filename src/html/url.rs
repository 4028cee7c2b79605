//! Where a URL written in an HTML attribute points. Two checks ask two different questions
//! of it, answered here from one reading of how the URL begins:
//!
//! - the link check: is it a location in this site? ([`is_off_site`]: another host or another
//!   scheme, `mailto:` and `tel:` included, is not; every other link is checked);
//! - privacy: does loading it fetch from another origin? ([`is_cross_origin`]: `http(s)` and
//!   `//` URLs whose host is not the site's own; a `data:` or relative URL fetches nothing from
//!   elsewhere).
//!
//! Like a browser, leading spaces and control characters are ignored, and `\` counts as `/`
//! where it would start a host.

/// How a URL begins.
enum Start<'a> {
    /// `https:`, `mailto:`: the scheme as written, and what follows the `:`.
    Scheme(&'a str, &'a str),
    /// `//host/...`: another host, with the page's scheme; the text after the slashes.
    Host(&'a str),
    /// A path, query or fragment: a location in the same site.
    Path,
}

fn start(url: &str) -> Start<'_> {
    // Spaces and control characters are ASCII, so the rest starts on a character boundary.
    let skip = url.bytes().take_while(|&b| b <= b' ').count();
    let url = &url[skip..];
    let bytes = url.as_bytes();
    match bytes.first() {
        Some(b'/' | b'\\') => match bytes.get(1) {
            Some(b'/' | b'\\') => Start::Host(&url[2..]),
            _ => Start::Path,
        },
        Some(b) if b.is_ascii_alphabetic() => {
            let scheme_len = bytes
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
                .unwrap_or(bytes.len());
            match url[scheme_len..].strip_prefix(':') {
                Some(rest) => Start::Scheme(&url[..scheme_len], rest),
                None => Start::Path,
            }
        }
        _ => Start::Path,
    }
}

/// Whether a link leads out of this site: to another host, or to another scheme (`mailto:`,
/// `tel:`, `javascript:`). Everything else is a location the link check can follow.
pub(crate) fn is_off_site(href: &str) -> bool {
    !matches!(start(href), Start::Path)
}

/// `https://host/` of the site's base URL ("" if it has no `://`): URLs on that host are the
/// site's own.
pub(crate) fn own_origin(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or("");
            format!(
                "{}://{}/",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => String::new(),
    }
}

/// Whether loading `url` fetches from another origin than `own_origin` (as [`own_origin`]
/// makes it): an `http:`, `https:` or `//` URL whose host is not the site's own.
pub(crate) fn is_cross_origin(url: &str, own_origin: &str) -> bool {
    let (scheme, after) = match start(url) {
        Start::Host(after) => (None, after),
        Start::Scheme(scheme, after)
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            (Some(scheme), after)
        }
        _ => return false,
    };
    // `https:host`, `https:/host` and `https:///host` all reach `host`.
    let after = after.trim_start_matches(['/', '\\']);
    let host = after.split(['/', '\\', '?', '#']).next().unwrap_or(after);
    let Some((own_scheme, own_host)) = own_origin.split_once("://") else {
        return true;
    };
    let own_host = own_host.trim_end_matches('/');
    let same_scheme = scheme.is_none_or(|s| s.eq_ignore_ascii_case(own_scheme));
    !(same_scheme && host.eq_ignore_ascii_case(own_host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_other_hosts_and_schemes_are_off_site() {
        for href in [
            "https://www.fda.gov/x",
            "HTTP://x.org",
            "//cdn.example/a.js",
            "mailto:clinic@example.org",
            "tel:+15550100199",
            "javascript:void(0)",
            " https://x.org/",
        ] {
            assert!(is_off_site(href), "{href}");
        }
    }

    #[test]
    fn paths_queries_and_fragments_are_in_the_site() {
        for href in [
            "../safety/#risks",
            "/clinic-site/safety/",
            "#top",
            "#step:2",
            "?page=2",
            "notes.html?at=10:30",
            "my%20file.pdf",
            "",
        ] {
            assert!(!is_off_site(href), "{href}");
        }
    }

    #[test]
    fn the_sites_own_origin_comes_from_base_url() {
        assert_eq!(
            own_origin("https://Org.github.io/clinic-site/"),
            "https://org.github.io/"
        );
        assert!(!is_cross_origin(
            "//org.github.io/x.css",
            "https://org.github.io/"
        ));
        assert!(is_cross_origin(
            "https://evil.example/x.css",
            "https://org.github.io/"
        ));
    }

    #[test]
    fn only_urls_on_another_host_are_cross_origin() {
        let own = "https://org.github.io/";
        for url in [
            "https://cdn.example/a.js",
            " //cdn.example/a.js",
            "/\\cdn.example/a.js",
            "http://org.github.io/x.css",
            "https://org.github.io@evil.example/x.css",
            "https://org.github.io.evil.example/",
        ] {
            assert!(is_cross_origin(url, own), "{url}");
        }
        for url in [
            "https://ORG.github.io/clinic-site/x.css",
            "https://org.github.io",
            "style.css",
            "/clinic-site/a.png",
            "data:image/png;base64,AAAA",
            "mailto:a@b.example",
        ] {
            assert!(!is_cross_origin(url, own), "{url}");
        }
        assert!(is_cross_origin("https://org.github.io/x.css", ""));
    }
}
