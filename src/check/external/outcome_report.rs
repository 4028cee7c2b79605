//! What an editor reads: an [`Outcome`] at each place its URL is written, as a diagnostic.
//!
//! | outcome | severity |
//! |---|---|
//! | 404 or 410, a host that does not exist, a refused connection, an address that is not one | error |
//! | a permanent redirect (the help names the new URL) | warning |
//! | 401, 403, 429, time-outs, server errors: "could not verify" | warning |

use super::cache::FILE_NAME;
use super::outcome::{status_text, Outcome};
use super::places::{LinkKind, Place};
use crate::diagnostics::Diagnostic;

/// The finding for `outcome` at `place`, or `None` when the link is fine.
pub(crate) fn finding(outcome: &Outcome, place: &Place) -> Option<Diagnostic> {
    let what = match &place.kind {
        LinkKind::Source(title) => format!("source \"{title}\""),
        LinkKind::Link => "link".to_string(),
        LinkKind::Image => "image".to_string(),
        LinkKind::Template => "template link".to_string(),
    };
    let w = &place.written;
    let (error, message, help) = match outcome {
        Outcome::Fine => return None,
        Outcome::Broken { status, via: None } => (
            true,
            format!("{what} `{w}` is broken: the server answers {}", status_text(*status)),
            "find where the page went (search its site for the title) and link there, or remove the link".to_string(),
        ),
        Outcome::Broken { status, via: Some(via) } => (
            true,
            format!(
                "{what} `{w}` is broken: it redirects to `{via}`, which answers {}",
                status_text(*status)
            ),
            "find where the page went (search its site for the title) and link there, or remove the link".to_string(),
        ),
        Outcome::NoHost { host } => (
            true,
            format!("{what} `{w}` is broken: the host `{host}` does not exist"),
            "check the address for a typo; if the site has closed, link to another".to_string(),
        ),
        Outcome::Refused { authority } => (
            true,
            format!("{what} `{w}` is broken: nothing answers at `{authority}` (connection refused)"),
            "check the address; if the site is gone, link to another".to_string(),
        ),
        Outcome::Invalid { reason } => (
            true,
            format!("{what} `{w}` is not a valid web address: {reason}"),
            "fix the address (copy it from the browser's address bar)".to_string(),
        ),
        Outcome::Moved { to } => (
            false,
            format!("{what} `{w}` has moved to `{to}`"),
            format!("link to {to} instead: the old address may stop working"),
        ),
        Outcome::Blocked { status } => (
            false,
            format!(
                "could not verify {what} `{w}`: {} ({})",
                match status {
                    401 => "the page asks for a login",
                    429 => "the server asks automated checks to slow down",
                    _ => "the server turns automated checks away",
                },
                status_text(*status)
            ),
            "open it in a browser to check it; if this site always does this, add its host to `allow` under [external_links] in site.toml".to_string(),
        ),
        Outcome::Unverified { reason } => (
            false,
            format!("could not verify {what} `{w}`: {reason}"),
            format!("open it in a browser to check it; the answer is kept for `max_age_days` (delete {FILE_NAME} to ask again sooner)"),
        ),
    };
    let d = if error {
        Diagnostic::error(&place.file, message)
    } else {
        Diagnostic::warning(&place.file, message)
    };
    let d = match (place.line, place.column) {
        (Some(line), Some(column)) => d.at(line, column),
        _ => d,
    };
    let d = match &place.snippet {
        Some(text) if place.line.is_some() => {
            let width = match place.kind {
                LinkKind::Link | LinkKind::Image => 1,
                _ => w.chars().count(),
            };
            d.with_snippet(text.clone(), width)
        }
        _ => d,
    };
    Some(d.help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(kind: LinkKind) -> Place {
        Place {
            file: "content/a.md".into(),
            line: Some(9),
            column: Some(7),
            kind,
            written: "https://a.org/x#part".into(),
            snippet: Some("url = \"https://a.org/x#part\"".into()),
        }
    }

    #[test]
    fn broken_links_are_errors_at_their_place_and_moved_ones_name_the_new_address() {
        let broken = Outcome::Broken {
            status: 404,
            via: None,
        };
        let d = finding(&broken, &place(LinkKind::Source("Label".into()))).unwrap();
        assert!(d.is_error());
        assert_eq!(d.location(), "content/a.md:9:7");
        assert_eq!(
            d.message,
            "source \"Label\" `https://a.org/x#part` is broken: the server answers 404 Not Found"
        );
        let moved = Outcome::Moved {
            to: "https://a.org/y".into(),
        };
        let d = finding(&moved, &place(LinkKind::Link)).unwrap();
        assert!(!d.is_error());
        assert!(d
            .help
            .as_deref()
            .unwrap()
            .starts_with("link to https://a.org/y instead"));
        assert_eq!(finding(&Outcome::Fine, &place(LinkKind::Link)), None);
    }

    #[test]
    fn sites_that_turn_robots_away_are_could_not_verify_warnings() {
        let d = finding(
            &Outcome::Blocked { status: 403 },
            &place(LinkKind::Template),
        )
        .unwrap();
        assert!(!d.is_error());
        assert!(
            d.message.starts_with("could not verify template link"),
            "{}",
            d.message
        );
        assert!(d.message.ends_with("(403 Forbidden)"));
    }
}
