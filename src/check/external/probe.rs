//! Asking a server about one URL, as `ureq` requests, and reading its answer as an
//! [`Outcome`].
//!
//! - `HEAD` first (no body to download); `GET` when the server refuses `HEAD` (405, 501).
//! - Redirects are followed by hand, up to [`MAX_REDIRECTS`], so each one is seen: a link whose
//!   first answers are permanent redirects (301, 308) has moved, and the finding names the
//!   new URL; a temporary one (302, 303, 307: DOI resolvers, login pages) is not reported,
//!   but its target is still checked.
//! - A time-out, a 5xx or a dropped connection is asked again after 1 s, 2 s, 4 s...
//!   (`retries` times). A 429 or 503 with `Retry-After` is asked again after the wait it asks
//!   for (and no worker asks that host sooner), unless it asks more than [`MAX_RETRY_AFTER`].
//! - The host name is looked up once per host; a name under `.invalid` never resolves
//!   (RFC 6761), so it is not looked up at all.

use std::collections::HashMap;
use std::net::ToSocketAddrs;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use super::address::{host, request_url};
use super::outcome::{status_text, Outcome};
use super::retry_after;
use super::schedule::Pacing;

/// Redirects followed before giving up on a URL.
pub(crate) const MAX_REDIRECTS: usize = 5;
/// The longest `Retry-After` waited for; a server that asks more is "could not verify".
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Sent with every request, so site owners can tell what asks.
const USER_AGENT: &str = concat!(
    "sitegen-link-check/",
    env!("CARGO_PKG_VERSION"),
    " (checks that links to this page still work)"
);

/// Asks servers about URLs; shared by the worker threads.
pub(crate) struct Prober {
    agent: ureq::Agent,
    pacing: Pacing,
    timeout: Duration,
    retries: u32,
    /// Per host: whether its name has an address.
    lookups: Mutex<HashMap<String, bool>>,
    /// HTTP requests sent.
    requests: AtomicUsize,
}

/// What one URL answered, before redirects are followed.
enum ProbeAnswer {
    Status {
        status: u16,
        location: Option<String>,
    },
    /// No status to read: the outcome is known already.
    Failed(Outcome),
}

impl Prober {
    pub(crate) fn new(timeout: Duration, retries: u32, pacing: Pacing) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(timeout))
            .user_agent(USER_AGENT)
            .build();
        Prober {
            agent: config.into(),
            pacing,
            timeout,
            retries,
            lookups: Mutex::new(HashMap::new()),
            requests: AtomicUsize::new(0),
        }
    }

    /// How many HTTP requests were sent.
    pub(crate) fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// Asks about `url` (a request URL), following redirects.
    pub(crate) fn ask(&self, url: &str) -> Outcome {
        let mut current = url.to_string();
        let mut moved_to: Option<String> = None;
        let mut only_permanent = true;
        for _ in 0..=MAX_REDIRECTS {
            let (status, location) = match self.ask_with_retries(&current) {
                ProbeAnswer::Failed(outcome) => return outcome,
                ProbeAnswer::Status { status, location } => (status, location),
            };
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                return judge(status, url, &current, moved_to);
            }
            let Some(next) = location.and_then(|l| join(&current, &l)) else {
                return Outcome::Unverified {
                    reason: format!(
                        "the server answers {} without saying where",
                        status_text(status)
                    ),
                };
            };
            only_permanent &= matches!(status, 301 | 308);
            if only_permanent {
                moved_to = Some(next.clone());
            }
            current = next;
        }
        Outcome::Unverified {
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        }
    }

    /// One URL's answer, asked again after time-outs, server errors and `Retry-After`.
    fn ask_with_retries(&self, url: &str) -> ProbeAnswer {
        let Some(host) = host(url) else {
            return ProbeAnswer::Failed(Outcome::Invalid {
                reason: "it has no valid host name".into(),
            });
        };
        if !self.resolves(&host) {
            return ProbeAnswer::Failed(Outcome::NoHost { host });
        }
        let mut attempt = 0;
        loop {
            self.pacing.wait_turn(&host);
            let (reason, wait) = match self.request(url, &host) {
                Err(Try::Final(outcome)) => return ProbeAnswer::Failed(outcome),
                Err(Try::Again(reason)) => (reason, None),
                Ok(reply) if matches!(reply.status, 429 | 503) => {
                    let wait = reply.retry_after;
                    let too_long = wait.filter(|&w| w > MAX_RETRY_AFTER);
                    if reply.status == 429 && (too_long.is_some() || attempt == self.retries) {
                        // Judged as a site that limits robots: "could not verify".
                        return ProbeAnswer::Status {
                            status: 429,
                            location: None,
                        };
                    }
                    if let Some(wait) = too_long {
                        return ProbeAnswer::Failed(Outcome::Unverified {
                            reason: format!(
                                "the server is unavailable and asks to wait {} s",
                                wait.as_secs()
                            ),
                        });
                    }
                    let reason = format!("the server answers {}", status_text(reply.status));
                    (reason, wait)
                }
                Ok(reply) if reply.status >= 500 => (
                    format!("the server answers {}", status_text(reply.status)),
                    None,
                ),
                Ok(reply) => {
                    return ProbeAnswer::Status {
                        status: reply.status,
                        location: reply.location,
                    }
                }
            };
            if attempt == self.retries {
                let tries = attempt + 1;
                return ProbeAnswer::Failed(Outcome::Unverified {
                    reason: format!(
                        "{reason} (asked {tries} time{})",
                        crate::diagnostics::plural(tries as usize)
                    ),
                });
            }
            let wait = wait.unwrap_or_else(|| backoff(attempt));
            self.pacing.hold(&host, Instant::now() + wait);
            attempt += 1;
        }
    }

    /// One request: `HEAD`, then `GET` if the server does not take `HEAD`.
    fn request(&self, url: &str, host: &str) -> Result<ProbeReply, Try> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let reply = self.reply(url, self.agent.head(url).call())?;
        if !matches!(reply.status, 405 | 501) {
            return Ok(reply);
        }
        self.pacing.wait_turn(host);
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.reply(url, self.agent.get(url).call())
    }

    fn reply(
        &self,
        url: &str,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<ProbeReply, Try> {
        let response = result.map_err(|e| self.failure(url, e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(ProbeReply {
            status: response.status().as_u16(),
            location: header("location"),
            retry_after: header("retry-after")
                .and_then(|v| retry_after::parse(&v, SystemTime::now())),
        })
    }

    /// What a failed request for `url` means: worth asking again, or final.
    fn failure(&self, url: &str, error: ureq::Error) -> Try {
        use std::io::ErrorKind;
        let uri = url.parse::<ureq::http::Uri>().ok();
        let authority = uri
            .as_ref()
            .and_then(|u| u.authority())
            .map_or_else(String::new, |a| a.to_string());
        match error {
            ureq::Error::Timeout(_) => {
                Try::Again(format!("no answer within {} s", self.timeout.as_secs_f64()))
            }
            ureq::Error::HostNotFound => Try::Final(Outcome::NoHost {
                host: host(url).unwrap_or_default(),
            }),
            ureq::Error::ConnectionFailed => Try::Again("the connection failed".into()),
            ureq::Error::Io(e) => match e.kind() {
                ErrorKind::ConnectionRefused => Try::Final(Outcome::Refused { authority }),
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::UnexpectedEof
                | ErrorKind::BrokenPipe
                | ErrorKind::TimedOut
                | ErrorKind::Interrupted
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkUnreachable
                | ErrorKind::NetworkDown => Try::Again(format!("the connection broke: {e}")),
                _ => Try::Final(Outcome::Unverified {
                    reason: connection_failed(&e.to_string()),
                }),
            },
            ureq::Error::BadUri(reason) => Try::Final(Outcome::Invalid { reason }),
            ureq::Error::Http(e) => Try::Final(Outcome::Invalid {
                reason: e.to_string(),
            }),
            other => Try::Final(Outcome::Unverified {
                reason: connection_failed(&other.to_string()),
            }),
        }
    }

    /// Whether `host` has an address (looked up once per host).
    fn resolves(&self, host: &str) -> bool {
        if host == "invalid" || host.ends_with(".invalid") {
            return false;
        }
        if let Some(&known) = lock(&self.lookups).get(host) {
            return known;
        }
        let name = host.trim_start_matches('[').trim_end_matches(']');
        let found = (name, 443)
            .to_socket_addrs()
            .is_ok_and(|mut addresses| addresses.next().is_some());
        lock(&self.lookups).insert(host.to_string(), found);
        found
    }
}

/// What the headers of an answer say.
struct ProbeReply {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

/// Why a request gave no status.
enum Try {
    /// Worth asking again (time-out, dropped connection), with the reason.
    Again(String),
    Final(Outcome),
}

/// Why a connection failed, in words: a certificate problem is named as one (a browser would
/// warn the reader too).
fn connection_failed(error: &str) -> String {
    if error.contains("certificate") {
        format!("its HTTPS certificate is not valid ({error})")
    } else {
        format!("the connection failed: {error}")
    }
}

/// The outcome of the last status of a redirect chain that began at `url`.
fn judge(status: u16, url: &str, answered: &str, moved_to: Option<String>) -> Outcome {
    let moved = |otherwise: Outcome| match &moved_to {
        Some(to) => Outcome::Moved { to: to.clone() },
        None => otherwise,
    };
    match status {
        200..=299 => moved(Outcome::Fine),
        404 | 410 => Outcome::Broken {
            status,
            via: (answered != url).then(|| answered.to_string()),
        },
        401 | 403 | 429 => moved(Outcome::Blocked { status }),
        _ => moved(Outcome::Unverified {
            reason: format!("the server answers {}", status_text(status)),
        }),
    }
}

/// The wait before asking again after the `attempt`-th try: 1 s, 2 s, 4 s, at most 8 s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1 << attempt.min(3))
}

/// A `Location` header's URL, read against the URL that sent it.
fn join(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if let Some(url) = request_url(location).filter(|_| location.contains("://")) {
        return Some(url);
    }
    let (scheme, rest) = base.split_once("://")?;
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    let joined = if location.starts_with("//") {
        format!("{scheme}:{location}")
    } else if location.starts_with('/') {
        format!("{origin}{location}")
    } else {
        let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
        let folder = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{origin}{folder}{location}")
    };
    request_url(&joined)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_read_against_the_url_that_sent_it() {
        let base = "https://a.org/dir/page?x=1";
        assert_eq!(
            join(base, "https://b.org/x").as_deref(),
            Some("https://b.org/x")
        );
        assert_eq!(join(base, "//c.org/y").as_deref(), Some("https://c.org/y"));
        assert_eq!(join(base, "/root").as_deref(), Some("https://a.org/root"));
        assert_eq!(
            join(base, "next").as_deref(),
            Some("https://a.org/dir/next")
        );
        assert_eq!(
            join("https://a.org", "/x").as_deref(),
            Some("https://a.org/x")
        );
    }

    #[test]
    fn the_last_status_decides_and_a_permanent_move_is_named() {
        let url = "http://a.org/old";
        assert_eq!(judge(200, url, url, None), Outcome::Fine);
        let moved = Some("https://a.org/new".to_string());
        assert_eq!(
            judge(200, url, "https://a.org/new", moved.clone()),
            Outcome::Moved {
                to: "https://a.org/new".into()
            }
        );
        assert_eq!(
            judge(404, url, "https://a.org/new", moved),
            Outcome::Broken {
                status: 404,
                via: Some("https://a.org/new".into())
            }
        );
        assert_eq!(judge(403, url, url, None), Outcome::Blocked { status: 403 });
        assert!(matches!(
            judge(400, url, url, None),
            Outcome::Unverified { .. }
        ));
    }

    #[test]
    fn waits_between_tries_double() {
        let waits: Vec<u64> = (0..5).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 8]);
    }
}
