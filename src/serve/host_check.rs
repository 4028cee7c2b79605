//! Which `Host` and `Origin` the preview answers, so that a web page elsewhere cannot read
//! drafts through the editor's browser.
//!
//! The attack this stops is DNS rebinding: a page at `http://evil.example:1111/` makes its
//! name resolve to 127.0.0.1, and the browser, seeing the same origin, lets the page read what
//! the preview answers. The browser still sends `Host: evil.example:1111`, so the preview
//! answers only for the names it is known by, as Vite and webpack-dev-server do since their
//! advisories: `localhost`, `127.0.0.1`, `[::1]` and the address it is bound to, each with the
//! preview's port, and the hosts given with `--allowed-host` (any port unless one is given:
//! a reverse proxy may forward `preview.example.org` from port 443). Bound to every address
//! (`--bind 0.0.0.0`), the preview answers for any IP address on its port: that is how other
//! devices reach it, there is no list of the machine's addresses to check against, and
//! rebinding always goes through a name, never an address.
//!
//! The live-reload stream also checks `Origin` (sent by browsers with cross-origin requests):
//! none, or one whose host passes the same test.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The hosts a running preview answers for.
#[derive(Debug, Clone)]
pub(crate) struct HostPolicy {
    port: u16,
    /// Names allowed with the preview's port, lowercase: `localhost`, `127.0.0.1`, `[::1]`.
    names: Vec<String>,
    /// `--allowed-host` names, lowercase, with the port they must come with (`None`: any).
    allowed: Vec<(String, Option<u16>)>,
    /// Bound to every address: any IP address on the preview's port is the bound address.
    any_address: bool,
}

impl HostPolicy {
    /// The policy of a preview bound to `bound`, with `allowed` from `--allowed-host`
    /// (`preview.example.org` or `laptop.local:1111`). Errors name a malformed host.
    pub(crate) fn new(bound: SocketAddr, allowed: &[String]) -> Result<Self, String> {
        let mut names = vec!["localhost".to_string(), "127.0.0.1".into(), "[::1]".into()];
        names.push(match bound.ip() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        });
        let allowed = allowed
            .iter()
            .map(|given| {
                split_host(given).ok_or_else(|| {
                    format!("`{given}` is not a host name (like laptop.local or laptop.local:1111)")
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(HostPolicy {
            port: bound.port(),
            names,
            allowed,
            any_address: bound.ip().is_unspecified(),
        })
    }

    /// Whether a request with this `Host` header is answered; `Err` says why not.
    pub(crate) fn check_host(&self, host: Option<&str>) -> Result<(), String> {
        let host = host.ok_or("the request does not say which host it is for")?;
        let allowed = split_host(host).is_some_and(|(name, port)| self.allows(&name, port, 80));
        allowed
            .then_some(())
            .ok_or_else(|| self.refusal("host", host))
    }

    /// Whether a live-reload request with this `Origin` header is answered; `Err` says why not.
    pub(crate) fn check_origin(&self, origin: Option<&str>) -> Result<(), String> {
        let Some(origin) = origin else {
            return Ok(());
        };
        let lower = origin.to_ascii_lowercase();
        let parsed = [("http://", 80), ("https://", 443)]
            .into_iter()
            .find_map(|(scheme, port)| Some((lower.strip_prefix(scheme)?, port)));
        let allowed = parsed.is_some_and(|(host, default_port)| {
            split_host(host).is_some_and(|(name, port)| self.allows(&name, port, default_port))
        });
        allowed
            .then_some(())
            .ok_or_else(|| self.refusal("page at", origin))
    }

    fn allows(&self, name: &str, port: Option<u16>, default_port: u16) -> bool {
        let on_our_port = port.unwrap_or(default_port) == self.port;
        let named = self.names.iter().any(|n| n == name);
        let any_ip = self.any_address && is_ip_address(name);
        (on_our_port && (named || any_ip))
            || self
                .allowed
                .iter()
                .any(|(n, p)| n == name && p.is_none_or(|p| port.unwrap_or(default_port) == p))
    }

    fn refusal(&self, what: &str, given: &str) -> String {
        let shown: String = given
            .chars()
            .take(100)
            .map(|c| if c.is_ascii_graphic() { c } else { '?' })
            .collect();
        format!(
            "The preview answers only requests for localhost, 127.0.0.1 or [::1] on port {}, \
             its own address, and hosts allowed with --allowed-host; this request came for {what} \
             {shown}. If you opened the preview by that name on purpose, start it again with \
             --allowed-host NAME.",
            self.port
        )
    }
}

/// The warning printed when the preview listens on an address other computers can reach.
pub(crate) fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        format!(
            "warning: listening on {bind}: the preview, drafts included, is visible to the \
             network (anyone who can reach this computer can read it). Use --bind 127.0.0.1 \
             to keep it to this computer."
        )
    })
}

/// `Localhost:1111` -> (`localhost`, Some(1111)); `[::1]` -> (`[::1]`, None); `None` when
/// it is not a host with an optional port.
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let host = host.to_ascii_lowercase();
    let (name, port) = if host.starts_with('[') {
        let close = host.find(']')?;
        let (name, rest) = host.split_at(close + 1);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host.as_str(), None),
        }
    };
    let port = match port {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    let valid = if let Some(inner) = name.strip_prefix('[') {
        inner.strip_suffix(']')?.parse::<Ipv6Addr>().is_ok()
    } else {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    };
    valid.then(|| (name.to_string(), port))
}

fn is_ip_address(name: &str) -> bool {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
        None => name.parse::<Ipv4Addr>().is_ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(bound: &str, allowed: &[&str]) -> HostPolicy {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        HostPolicy::new(bound.parse().unwrap(), &allowed).unwrap()
    }

    #[test]
    fn local_names_with_the_preview_port_are_answered() {
        let p = policy("127.0.0.1:1111", &[]);
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert_eq!(p.check_host(Some(host)), Ok(()), "{host}");
        }
        let v6 = policy("[::1]:8080", &[]);
        assert_eq!(v6.check_host(Some("[::1]:8080")), Ok(()));
        let on_80 = policy("127.0.0.1:80", &[]);
        assert_eq!(on_80.check_host(Some("localhost")), Ok(()));
    }

    #[test]
    fn other_names_ports_and_malformed_hosts_are_refused_with_a_reason() {
        let p = policy("127.0.0.1:1111", &[]);
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost:2222",
            "localhost",
            "localhost.evil.example:1111",
            "192.168.1.5:1111",
            "localhost:1111/x",
            "localhost:",
            "::1:1111",
            "[::1",
            "",
        ] {
            assert!(p.check_host(Some(host)).is_err(), "{host} was answered");
        }
        let why = p.check_host(Some("evil.example:1111")).unwrap_err();
        assert!(why.contains("evil.example:1111"), "{why}");
        assert!(why.contains("--allowed-host"), "{why}");
        assert!(p.check_host(None).is_err());
    }

    #[test]
    fn allowed_hosts_are_answered_on_any_port_unless_one_is_given() {
        let p = policy(
            "127.0.0.1:1111",
            &["Preview.Example.org", "laptop.local:1111"],
        );
        assert_eq!(p.check_host(Some("preview.example.org")), Ok(()));
        assert_eq!(p.check_host(Some("preview.example.org.:8443")), Ok(()));
        assert_eq!(p.check_host(Some("laptop.local:1111")), Ok(()));
        assert!(p.check_host(Some("laptop.local:2222")).is_err());
        assert!(p.check_host(Some("other.example.org")).is_err());
        assert!(HostPolicy::new("127.0.0.1:1111".parse().unwrap(), &["http://x/".into()]).is_err());
    }

    #[test]
    fn bound_to_every_address_any_ip_address_on_the_port_is_answered_but_no_other_name() {
        let p = policy("0.0.0.0:1111", &[]);
        assert_eq!(p.check_host(Some("192.168.1.5:1111")), Ok(()));
        assert_eq!(p.check_host(Some("[fe80::1]:1111")), Ok(()));
        assert!(p.check_host(Some("192.168.1.5:2222")).is_err());
        assert!(p.check_host(Some("evil.example:1111")).is_err());
        let one = policy("192.168.1.5:1111", &[]);
        assert_eq!(one.check_host(Some("192.168.1.5:1111")), Ok(()));
        assert!(one.check_host(Some("10.0.0.2:1111")).is_err());
    }

    #[test]
    fn the_live_reload_stream_takes_no_origin_or_an_allowed_one() {
        let p = policy("127.0.0.1:1111", &["preview.example.org"]);
        for origin in [
            "http://localhost:1111",
            "http://127.0.0.1:1111",
            "https://preview.example.org",
        ] {
            assert_eq!(p.check_origin(Some(origin)), Ok(()), "{origin}");
        }
        assert_eq!(p.check_origin(None), Ok(()));
        for origin in [
            "http://evil.example:1111",
            "http://localhost:3000",
            "http://localhost",
            "null",
            "file://",
            "http://localhost:1111/path",
        ] {
            assert!(
                p.check_origin(Some(origin)).is_err(),
                "{origin} was allowed"
            );
        }
    }

    #[test]
    fn only_addresses_other_computers_can_reach_are_warned_about() {
        for quiet in ["127.0.0.1", "::1", "127.0.0.2"] {
            assert_eq!(exposure_warning(quiet.parse().unwrap()), None, "{quiet}");
        }
        for loud in ["0.0.0.0", "::", "192.168.1.5"] {
            let warning = exposure_warning(loud.parse().unwrap()).unwrap();
            assert!(warning.contains("drafts included"), "{warning}");
            assert!(warning.contains("visible to the network"), "{warning}");
        }
    }
}
