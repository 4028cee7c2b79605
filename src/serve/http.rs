//! The preview's HTTP side: answers each request from the in-memory build of the
//! [`Preview`], never from a path on disk.
//!
//! Why an in-memory map rather than axum and tower-http's `ServeDir`: the build
//! already exists in memory (the [`crate::pipeline`]'s sink for serve), so serving it needs no
//! temporary folder (nothing to clean up on Ctrl-C, `public/` untouched) and a request can
//! only reach a file the build produced: a path is decoded once ([`super::request_path`]) and
//! looked up in a map, so `../`, encoded or not, has no file system to climb.
//!
//! Each request is read by [`super::connections`] (no thread per connection), checked for its
//! `Host` ([`super::host_check`]: a page elsewhere must not read drafts through the editor's
//! browser), and answered here by a worker with `Connection: close`. The preview only answers
//! `GET` and `HEAD` with no body, so the head is all there is to read
//! ([`super::request_head`]).
//!
//! Routes: `/__sitegen/live.js` and `/__sitegen/overlay.css` (the preview's own script and
//! styles), `/__sitegen/events` (server-sent events, held by [`super::reload::Tabs`]; its
//! `Origin` is checked too), `/__sitegen/` (the editor's desk, [`super::desk_page`], with its
//! `desk.css` and `desk.js`), and every file of the build.
//! HTML gets the live-reload script; missing paths get the theme's `404.html` with status 404.

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::connections::{self, Limits, Service, WorkerAnswer};
use super::desk_page;
use super::host_check::HostPolicy;
use super::inject::{with_live_reload, LIVE_JS, OVERLAY_CSS};
use super::preview::{Preview, Snapshot};
use super::reload::Tabs;
use super::request_head::{self, RequestHead};
use super::request_path::{lookup_key, Lookup};
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

/// The live-reload stream's address.
const EVENTS: &str = "/__sitegen/events";
/// Refused hosts named in the terminal, at most (the rest are refused quietly).
const HOSTS_NOTED: usize = 16;

/// A response before it is sent.
#[derive(Debug)]
pub(crate) struct Reply {
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
    pub(crate) fn head(&self) -> Vec<u8> {
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

    /// The whole answer as sent: the head, and the body unless `head_only` (for `HEAD`).
    pub(crate) fn bytes(self, head_only: bool) -> Vec<u8> {
        let mut bytes = self.head();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Binds the server; port 0 picks a free one.
pub(crate) fn bind(address: SocketAddr) -> Result<(TcpListener, SocketAddr), String> {
    let listener = TcpListener::bind(address).map_err(|e| e.to_string())?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((listener, bound))
}

/// Starts answering requests on `listener` from `preview`, for the hosts `hosts` allows,
/// until the process ends.
pub(crate) fn start(
    listener: TcpListener,
    preview: Arc<Preview>,
    hosts: HostPolicy,
) -> std::io::Result<()> {
    let tabs = Tabs::start(preview.events.subscribe());
    let server = PreviewServer {
        preview,
        hosts,
        tabs,
        noted: Mutex::default(),
    };
    connections::start(listener, Arc::new(server), Limits::default())
}

/// The preview as the connections see it.
struct PreviewServer {
    preview: Arc<Preview>,
    hosts: HostPolicy,
    tabs: Tabs,
    /// Hosts already named in the terminal as refused.
    noted: Mutex<HashSet<String>>,
}

impl Service for PreviewServer {
    fn respond(&self, head: &[u8]) -> WorkerAnswer {
        let request = match request_head::parse(head) {
            Ok(request) => request,
            Err(why) => {
                let text = format!("The request could not be read: {}.\n", why.0);
                return WorkerAnswer::Reply(Reply::text(400, &text).bytes(false));
            }
        };
        let head_only = request.method == "HEAD";
        match self.route(&request) {
            Some(reply) => WorkerAnswer::Reply(reply.bytes(head_only)),
            None => WorkerAnswer::Adopt,
        }
    }

    fn adopt(&self, stream: TcpStream) {
        self.tabs.add(stream, || self.preview.state().to_event());
    }

    fn failed(&self) -> Vec<u8> {
        Reply::text(500, "The preview failed to answer; see the terminal.\n").bytes(false)
    }
}

impl PreviewServer {
    /// The reply to `request`; `None` for the live-reload stream.
    fn route(&self, request: &RequestHead) -> Option<Reply> {
        if let Err(why) = self.hosts.check_host(request.host) {
            self.note_refused(request.host.unwrap_or(""));
            return Some(Reply::text(403, &format!("{why}\n")));
        }
        let is_events = request.target.split('?').next() == Some(EVENTS);
        if request.method == "GET" && is_events {
            return match self.hosts.check_origin(request.origin) {
                Ok(()) => None,
                Err(why) => Some(Reply::text(403, &format!("{why}\n"))),
            };
        }
        Some(match request.method {
            "GET" | "HEAD" => answer(request.target, &self.preview.current()),
            _ => Reply::text(405, "The preview only answers GET and HEAD requests.\n"),
        })
    }

    /// Says once per host in the terminal that it was refused, and how to allow it.
    fn note_refused(&self, host: &str) {
        let mut noted = self.noted.lock().unwrap_or_else(|e| e.into_inner());
        let name: String = host
            .chars()
            .filter(char::is_ascii_graphic)
            .take(100)
            .collect();
        if noted.len() < HOSTS_NOTED && !name.is_empty() && noted.insert(name.clone()) {
            eprintln!(
                "note: refused a request for host {name} (a page elsewhere may be trying to read \
                 the preview; if you opened it by that name, start with --allowed-host NAME)"
            );
        }
    }
}

/// The reply to `GET target` from `snapshot`.
pub(crate) fn answer(target: &str, snapshot: &Snapshot) -> Reply {
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
        "/__sitegen/desk.css" => {
            return Reply::new(
                200,
                "text/css; charset=utf-8",
                crate::check::desk::DESK_CSS.as_bytes().to_vec(),
            )
        }
        "/__sitegen/desk.js" => {
            return Reply::new(
                200,
                "text/javascript; charset=utf-8",
                desk_page::DESK_JS.as_bytes().to_vec(),
            )
        }
        "/__sitegen" | "/__sitegen/" => {
            let html = desk_page::render(snapshot);
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
        let html = desk_page::render(snapshot);
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
pub(crate) fn content_type(key: &str) -> &'static str {
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
