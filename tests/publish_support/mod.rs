//! Helpers for tests/publish.rs: running the `sitegen` binary on a copy of a fixture, a tiny
//! GitHub-Pages-like static server (serves one folder under a base path, answers unknown
//! paths with 404.html) and an HTTP GET.

// Each test file that includes this module compiles its own copy and uses part of it; rustc
// checks each copy alone, so the rest would read as unused in every one of them.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// Copies `tests/fixtures/<name>` into a fresh temporary folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&from, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `sitegen --root <root> <args>`.
pub fn sitegen(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run sitegen")
}

/// Builds `root` into `out` with extra `args`, failing the test if the build fails.
pub fn build(root: &Path, out: &Path, args: &[&str]) {
    let mut all = vec!["build", "--output", out.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let output = sitegen(root, &all);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A response: status code, content type and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Serves `folder` at `http://127.0.0.1:PORT<base_path>` the way GitHub Pages does: `dir/`
/// serves `dir/index.html`, `dir` redirects to `dir/`, anything else is 404 with `404.html`.
/// Returns the port; the server runs until the test process ends.
pub fn serve(folder: &Path, base_path: &str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let folder = folder.to_path_buf();
    let base_path = base_path.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let folder = folder.clone();
            let base_path = base_path.clone();
            std::thread::spawn(move || answer(stream, &folder, &base_path));
        }
    });
    port
}

fn answer(mut stream: TcpStream, folder: &Path, base_path: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, file, location) = match locate(folder, base_path, path) {
        Located::File(f) => (200, Some(f), None),
        Located::Redirect(to) => (301, None, Some(to)),
        Located::Missing => (404, Some(folder.join("404.html")), None),
    };
    let body = file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok())
        .unwrap_or_default();
    let kind = file
        .as_ref()
        .map(|f| content_type(f))
        .unwrap_or("text/plain");
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(to) = location {
        head.push_str(&format!("Location: {to}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

enum Located {
    File(PathBuf),
    Redirect(String),
    Missing,
}

fn locate(folder: &Path, base_path: &str, path: &str) -> Located {
    let Some(rest) = path.strip_prefix(base_path) else {
        return Located::Missing;
    };
    let decoded = percent_decode(rest);
    if decoded.split('/').any(|s| s == ".." || s.contains('\\')) {
        return Located::Missing;
    }
    let file = folder.join(&decoded);
    if file.is_dir() {
        if !(decoded.is_empty() || decoded.ends_with('/')) {
            return Located::Redirect(format!("{path}/"));
        }
        let index = file.join("index.html");
        return if index.is_file() {
            Located::File(index)
        } else {
            Located::Missing
        };
    }
    if file.is_file() {
        Located::File(file)
    } else {
        Located::Missing
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && text.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "xml" => "application/xml",
        "txt" => "text/plain",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// `GET path` from the server on `port`.
pub fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    Response {
        status: head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        content_type: header("content-type").unwrap_or_default(),
        location: header("location"),
        body: raw[split + 4..].to_vec(),
    }
}

/// Resolves `href` against the URL path `from` (`/clinic-site/safety/`), as a browser does.
/// Returns the path and the fragment, or `None` when `href` climbs above the host's root.
pub fn join(from: &str, href: &str) -> Option<(String, String)> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, f.to_string()),
        None => (href, String::new()),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((from.to_string(), fragment));
    }
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}{}", &from[..=from.rfind('/')?], path)
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = joined.split('/').skip(1).collect();
    for (i, s) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *s {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop()?;
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    Some((format!("/{}", out.join("/")), fragment))
}

#[test]
fn join_resolves_like_a_browser() {
    assert_eq!(
        join("/clinic-site/safety/", "../effects/#q"),
        Some(("/clinic-site/effects/".into(), "q".into()))
    );
    assert_eq!(
        join("/clinic-site/", "./"),
        Some(("/clinic-site/".into(), "".into()))
    );
    assert_eq!(
        join("/clinic-site/a/b/c/", "/clinic-site/style.css"),
        Some(("/clinic-site/style.css".into(), "".into()))
    );
    assert_eq!(
        join("/clinic-site/a/", "#x"),
        Some(("/clinic-site/a/".into(), "x".into()))
    );
    assert_eq!(join("/a/", "../../x"), None);
}
