//! Reading the head of an HTTP/1.1 request: the request line and the two headers the preview
//! looks at, `Host` and `Origin`.
//!
//! The preview answers only `GET` and `HEAD` without a body, so the head is all there is to
//! read. Parsing is strict where leniency could be abused: a head with two `Host` headers, a
//! header line without a colon or a folded (indented) line is refused as a whole, so the
//! [host check](super::host_check) never has to guess which `Host` a request meant.

/// The parts of a request head the preview uses, borrowed from the bytes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestHead<'a> {
    /// `GET`
    pub method: &'a str,
    /// `/safety/?from=nav`, as sent (decoded later by [`super::request_path`]).
    pub target: &'a str,
    /// The `Host` header's value (`localhost:1111`), if the request has one.
    pub host: Option<&'a str>,
    /// The `Origin` header's value (`http://localhost:1111`), if the request has one.
    pub origin: Option<&'a str>,
}

/// Why a head could not be read; answered with 400 and this text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unreadable(pub &'static str);

/// Reads `head`: everything up to and including the blank line that ends it (anything after
/// the blank line is ignored).
pub(crate) fn parse(head: &[u8]) -> Result<RequestHead<'_>, Unreadable> {
    let end = memchr::memmem::find(head, b"\r\n\r\n")
        .ok_or(Unreadable("the request head is incomplete or too long"))?;
    let text = std::str::from_utf8(&head[..end])
        .map_err(|_| Unreadable("the request head is not text"))?;
    let mut lines = text.split("\r\n");
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v)) if parts.next().is_none() => (m, t, v),
        _ => return Err(Unreadable("the request line is not METHOD TARGET HTTP/1.1")),
    };
    if method.is_empty() || target.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(Unreadable("the request line is not METHOD TARGET HTTP/1.1"));
    }
    let mut request = RequestHead {
        method,
        target,
        host: None,
        origin: None,
    };
    for line in lines {
        if line.starts_with([' ', '\t']) {
            return Err(Unreadable("folded header lines are not accepted"));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or(Unreadable("a header line has no colon"))?;
        let slot = if name.eq_ignore_ascii_case("host") {
            &mut request.host
        } else if name.eq_ignore_ascii_case("origin") {
            &mut request.origin
        } else {
            continue;
        };
        if slot.is_some() {
            return Err(Unreadable("a header the preview checks is sent twice"));
        }
        *slot = Some(value.trim_matches([' ', '\t']));
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_target_host_and_origin_are_read() {
        let head = b"GET /safety/?x=1 HTTP/1.1\r\nhost:  localhost:1111 \r\n\
                     User-Agent: test\r\nORIGIN: http://localhost:1111\r\n\r\nignored";
        assert_eq!(
            parse(head),
            Ok(RequestHead {
                method: "GET",
                target: "/safety/?x=1",
                host: Some("localhost:1111"),
                origin: Some("http://localhost:1111"),
            })
        );
        let bare = parse(b"HEAD / HTTP/1.0\r\n\r\n").unwrap();
        assert_eq!((bare.method, bare.host, bare.origin), ("HEAD", None, None));
    }

    #[test]
    fn malformed_heads_are_refused() {
        for bad in [
            &b"GET / HTTP/1.1\r\nHost: a\r\n"[..],
            b"GET /\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET / SPDY/3\r\n\r\n",
            b" / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\n  folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
