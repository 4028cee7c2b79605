//! Turning the path of an HTTP request into the key of a file of the in-memory build.
//!
//! The preview never opens a file named by a request: it looks the decoded path up in the map
//! of files the build produced (see [`super::preview`]). So a request can only ever reach a file
//! the build made; this module's job is to refuse malformed paths early and clearly, and to
//! find `index.html` for directory paths. The target is decoded exactly once: `%252e%252e`
//! becomes the literal text `%2e%2e`, which names nothing.

use percent_encoding::percent_decode_str;

/// The longest request path the preview accepts, in bytes.
pub(crate) const MAX_PATH_LEN: usize = 2048;

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The key of a file of the build: `safety/index.html`.
    File(String),
    /// A path the preview refuses, with the HTTP status to answer and why.
    Refused(u16, &'static str),
}

/// The key a request target (`/safety/?x=1`) names in the build's file map.
pub(crate) fn lookup_key(target: &str) -> Lookup {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path.len() > MAX_PATH_LEN {
        return Lookup::Refused(414, "the path is too long");
    }
    if !path.starts_with('/') {
        return Lookup::Refused(400, "the path must start with /");
    }
    let decoded = match percent_decode_str(path).decode_utf8() {
        Ok(d) => d,
        Err(_) => return Lookup::Refused(400, "the path is not UTF-8"),
    };
    if decoded.contains(['\0', '\\']) || decoded.chars().any(char::is_control) {
        return Lookup::Refused(400, "the path contains a forbidden character");
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Lookup::Refused(400, "the path climbs out of the site"),
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Lookup::File(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str) -> Lookup {
        Lookup::File(key.to_string())
    }

    #[test]
    fn directories_lead_to_their_index_html() {
        assert_eq!(lookup_key("/"), file("index.html"));
        assert_eq!(lookup_key("/safety/"), file("safety/index.html"));
        assert_eq!(
            lookup_key("/safety/?from=nav#risks"),
            file("safety/index.html")
        );
        assert_eq!(lookup_key("/style.css"), file("style.css"));
        assert_eq!(
            lookup_key("/guides//first/"),
            file("guides/first/index.html")
        );
    }

    #[test]
    fn percent_encoded_names_are_decoded_once() {
        assert_eq!(lookup_key("/a%20b.pdf"), file("a b.pdf"));
        assert_eq!(
            lookup_key("/%252e%252e/site.toml"),
            file("%2e%2e/site.toml")
        );
    }

    #[test]
    fn traversal_and_odd_characters_are_refused() {
        for bad in [
            "/../site.toml",
            "/safety/../../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E%2Fsite.toml",
            "/..%2fsite.toml",
            "/..%5csite.toml",
            "/safety\\..\\site.toml",
            "/style.css%00.html",
            "/%ff%fe",
            "/./index.html",
        ] {
            assert!(
                matches!(lookup_key(bad), Lookup::Refused(400, _)),
                "{bad} was not refused"
            );
        }
        assert!(matches!(lookup_key("relative"), Lookup::Refused(400, _)));
        let long = format!("/{}", "a".repeat(MAX_PATH_LEN));
        assert_eq!(
            lookup_key(&long),
            Lookup::Refused(414, "the path is too long")
        );
    }
}
