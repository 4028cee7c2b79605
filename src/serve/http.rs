//! The preview's HTTP side: answers each request from the in-memory build of the
//! [`Preview`](super::preview::Preview), never from a path on disk.
//!
//! Why an in-memory map rather than axum and tower-http's `ServeDir`: the build
//! already exists in memory ([`crate::build::build_in_memory`]), so serving it needs no
//! temporary folder (nothing to clean up on Ctrl-C, `public/` untouched) and a request can
//! only reach a file the build produced: a path is decoded once ([`super::request_path`]) and
//! looked up in a map, so `../`, encoded or not, has no file system to climb.
//!
//! **The transport is a few lines over `std::net`:** a thread per connection reads one
//! request head (with a time limit), answers it with `Connection: close`, and closes. The
//! preview only answers `GET` and `HEAD` with no body, so parsing is one line of text. It
//! replaced tiny_http, whose connection pool gives each open connection a thread while it
//! waits for a next request and, under load, could leave a new connection queued behind
//! browsers' idle keep-alive connections for good (seen as a 20-second stall in
//! `tests/serve.rs`; a thread dump showed every pool thread reading an idle socket). No async
//! runtime is needed for one editor's browser and a few dozen parallel clients.
//!
//! Routes: `/__sitegen/live.js` and `/__sitegen/overlay.css` (the preview's own script and
//! styles), `/__sitegen/events` (server-sent events), `/__sitegen/` (build status page), and
//! every file of the build. HTML gets the live-reload script; missing paths get the theme's
//! `404.html` with status 404.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::inject::{with_live_reload, LIVE_JS, OVERLAY_CSS};
use super::preview::{Preview, Snapshot};
use super::reload::stream_events;
use super::request_path::{lookup_key, Lookup};
use super::status_page;
use crate::output::Body;

/// Characters escaped when a path is written back into a `Location` header.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// How long a connection may take to send its request, and to take its answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The most of a request head (request line and headers) that is read.
const MAX_HEAD: usize = 16 * 1024;

/// A response before it is sent.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Reply {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn text(status: u16, message: &str) -> Self {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            message.as_bytes().to_vec(),
        )
    }

    /// The status line and headers.
    pub fn head(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        if let Some(location) = &self.location {
            head.push_str(&format!("Location: {location}\r\n"));
        }
        if self.status == 405 {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Binds the server; port 0 picks a free one.
pub fn bind(address: SocketAddr) -> Result<(TcpListener, SocketAddr), String> {
    let listener = TcpListener::bind(address).map_err(|e| e.to_string())?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((listener, bound))
}

/// Starts answering connections, each on its own thread, until the process ends.
pub fn spawn_workers(listener: TcpListener, preview: Arc<Preview>) {
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                continue;
            };
            let preview = preview.clone();
            thread::spawn(move || handle(stream, &preview));
        }
    });
}

fn handle(mut stream: TcpStream, preview: &Arc<Preview>) {
    let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
    let _ = stream.set_write_timeout(Some(REQUEST_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Some((method, target)) = read_request_line(&mut stream) else {
        send(
            &mut stream,
            &Reply::text(400, "The request could not be read.\n"),
            false,
        );
        return;
    };
    if method == "GET" && target.split('?').next() == Some("/__sitegen/events") {
        let events = preview.events.subscribe();
        let first = preview.state().to_event();
        let _ = stream.set_write_timeout(None);
        stream_events(stream, &first, events);
        return;
    }
    let reply = match method.as_str() {
        "GET" | "HEAD" => answer(&target, &preview.current()),
        _ => Reply::text(405, "The preview only answers GET and HEAD requests.\n"),
    };
    send(&mut stream, &reply, method == "HEAD");
}

/// Writes `reply` and closes the connection. A client that hung up needs no answer.
fn send(stream: &mut TcpStream, reply: &Reply, head_only: bool) {
    let written = stream
        .write_all(&reply.head())
        .and_then(|()| {
            if head_only {
                Ok(())
            } else {
                stream.write_all(&reply.body)
            }
        })
        .and_then(|()| stream.flush());
    if written.is_ok() {
        // Closing while request bytes are still unread would reset the connection and could
        // cut the answer short; say we are done, and let the client close first.
        let _ = stream.shutdown(Shutdown::Write);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let _ = std::io::copy(&mut stream.take(MAX_HEAD as u64), &mut std::io::sink());
    }
}

/// Reads a request head and returns its method and target (`GET`, `/safety/`); `None` if
/// the head is malformed, too long, or does not arrive in time.
fn read_request_line(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let searched_from = head.len().saturating_sub(3);
        let read = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(&chunk[..read]);
        if memchr::memmem::find(&head[searched_from..], b"\r\n\r\n").is_some() {
            break;
        }
        if head.len() > MAX_HEAD {
            return None;
        }
    }
    let line_end = memchr::memchr(b'\n', &head)?;
    let line = std::str::from_utf8(&head[..line_end])
        .ok()?
        .trim_end_matches('\r');
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && version.starts_with("HTTP/1.") && !method.is_empty())
        .then(|| (method.to_string(), target.to_string()))
}

/// The reply to `GET target` from `snapshot`.
pub fn answer(target: &str, snapshot: &Snapshot) -> Reply {
    let path = target.split('?').next().unwrap_or("");
    match path {
        "/__sitegen/live.js" => {
            return Reply::new(
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            )
        }
        "/__sitegen/overlay.css" => {
            return Reply::new(
                200,
                "text/css; charset=utf-8",
                OVERLAY_CSS.as_bytes().to_vec(),
            )
        }
        "/__sitegen" | "/__sitegen/" => {
            let html = status_page::render(snapshot);
            return Reply::new(
                200,
                "text/html; charset=utf-8",
                with_live_reload(html.as_bytes(), snapshot.build),
            );
        }
        _ => {}
    }
    if snapshot.build == 0 {
        // Nothing has built yet: show the errors, and reload once the site builds.
        let html = status_page::render(snapshot);
        return Reply::new(
            503,
            "text/html; charset=utf-8",
            with_live_reload(html.as_bytes(), 0),
        );
    }
    let key = match lookup_key(target) {
        Lookup::File(key) => key,
        Lookup::Refused(status, why) => return Reply::text(status, &format!("{why}\n")),
    };
    let key = under_base_path(&key, snapshot);
    if let Some(reply) = file_reply(&key, 200, snapshot) {
        return reply;
    }
    if !key.ends_with("index.html") && snapshot.files.contains_key(&format!("{key}/index.html")) {
        let mut reply = Reply::text(301, "Moved to the folder's address.\n");
        reply.location = Some(format!("/{}/", utf8_percent_encode(&key, PATH_ESCAPES)));
        return reply;
    }
    file_reply("404.html", 404, snapshot)
        .unwrap_or_else(|| Reply::text(404, "There is no page at this address.\n"))
}

/// `clinic-site/safety/index.html` -> `safety/index.html` when the build has no such file
/// but the site's base path is `/clinic-site/`.
fn under_base_path(key: &str, snapshot: &Snapshot) -> String {
    let prefix = snapshot.base_path.trim_matches('/');
    if prefix.is_empty() || snapshot.files.contains_key(key) {
        return key.to_string();
    }
    match key.strip_prefix(prefix) {
        Some("/index.html") => "index.html".to_string(),
        Some(rest) if rest.starts_with('/') => rest[1..].to_string(),
        _ => key.to_string(),
    }
}

fn file_reply(key: &str, status: u16, snapshot: &Snapshot) -> Option<Reply> {
    let body = match snapshot.files.get(key)?.as_ref() {
        Body::Bytes(bytes) => bytes.clone(),
        // The build recorded where to copy this file from; the request did not choose it.
        Body::Copy(source) => std::fs::read(source).ok()?,
    };
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        with_live_reload(&body, snapshot.build)
    } else {
        body
    };
    Some(Reply::new(status, content_type, body))
}

/// The Content-Type of a file of the build, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let files = [
            ("index.html", "<html><body>home</body></html>"),
            ("safety/index.html", "<html><body>safety</body></html>"),
            ("404.html", "<html><body>not here</body></html>"),
            ("style.css", "body{}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Arc::new(Body::Bytes(v.as_bytes().to_vec()))))
        .collect();
        Snapshot {
            build: 4,
            files: crate::serve::preview::Files::Fixed(Arc::new(files)),
            base_path: "/clinic-site/".into(),
            ..Snapshot::default()
        }
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn pages_get_html_with_the_live_reload_script() {
        let reply = answer("/safety/", &snapshot());
        assert_eq!(reply.status, 200);
        assert_eq!(reply.content_type, "text/html; charset=utf-8");
        assert!(body(&reply).contains("safety<script src=\"/__sitegen/live.js\" data-build=\"4\">"));
        let css = answer("/style.css", &snapshot());
        assert_eq!(css.content_type, "text/css; charset=utf-8");
        assert_eq!(body(&css), "body{}");
    }

    #[test]
    fn a_folder_without_its_slash_redirects() {
        let reply = answer("/safety", &snapshot());
        assert_eq!(reply.status, 301);
        assert_eq!(reply.location.as_deref(), Some("/safety/"));
    }

    #[test]
    fn paths_under_the_sites_base_path_work_too() {
        assert!(body(&answer("/clinic-site/safety/", &snapshot())).contains("safety"));
        assert!(body(&answer("/clinic-site/", &snapshot())).contains("home"));
    }

    #[test]
    fn missing_pages_get_the_themes_404_page() {
        let reply = answer("/nowhere/", &snapshot());
        assert_eq!(reply.status, 404);
        assert!(body(&reply).contains("not here"));
        assert_eq!(answer("/site.toml", &snapshot()).status, 404);
        assert_eq!(answer("/content/safety.md", &snapshot()).status, 404);
    }

    #[test]
    fn traversal_is_refused() {
        assert_eq!(answer("/../site.toml", &snapshot()).status, 400);
        assert_eq!(answer("/%2e%2e/%2e%2e/etc/passwd", &snapshot()).status, 400);
    }
}
