//! What asking about one URL found: the [`Outcome`] kept in the cache and turned into
//! findings. Kept apart from the asking so that the cache and the report share one type.

use serde::{Deserialize, Serialize};

/// The answer about one URL, after retries and redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// A 2xx answer, directly or through temporary redirects.
    Fine,
    /// A permanent redirect (301 or 308) to `to`, whose answer was not a broken one.
    Moved { to: String },
    /// 404 or 410. `via` is the URL that answered, when redirects led there.
    Broken { status: u16, via: Option<String> },
    /// The host name has no address (DNS).
    NoHost { host: String },
    /// Nothing listens at the address: the connection was refused.
    Refused { authority: String },
    /// The address is not a URL that can be asked (a space in the host, say).
    Invalid { reason: String },
    /// 401, 403 or 429: the site turns robots away, so the page could not be verified.
    Blocked { status: u16 },
    /// No usable answer: time-outs, server errors, TLS problems, other statuses.
    Unverified { reason: String },
}

impl Outcome {
    /// Whether some server answered with an HTTP status (so the network was reachable).
    pub(crate) fn got_an_answer(&self) -> bool {
        matches!(
            self,
            Outcome::Fine
                | Outcome::Moved { .. }
                | Outcome::Broken { .. }
                | Outcome::Blocked { .. }
        )
    }
}

/// A status code with its reason phrase: `404 Not Found`.
pub(crate) fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}
