//! `sitegen serve` against abuse, through the real binary: requests for other hosts (DNS
//! rebinding) and from other origins are refused, idle connections take no thread each and do
//! not block a request (their memory and latency at 4,000 are `bench/idle_connections.sh`'s),
//! and listening beyond this computer is warned about.

mod common;

use common::copy_dir;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// A running `sitegen serve --port 0` on a copy of the serve fixture.
struct Server {
    child: Child,
    _site: tempfile::TempDir,
    /// `127.0.0.1:PORT`
    addr: String,
    port: u16,
    stderr: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let site = tempfile::tempdir().unwrap();
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview");
        copy_dir(&fixture, site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
            .arg("--root")
            .arg(site.path())
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let serving = stdout
            .iter()
            .find(|l| l.starts_with("Serving http://"))
            .expect("the server never said where it serves");
        let url = serving.split_whitespace().nth(1).unwrap();
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in stdout {});
        Server {
            child,
            _site: site,
            addr: addr.to_string(),
            port,
            stderr,
        }
    }

    /// Sends `head` (request line and headers, without the blank line) and reads the answer.
    fn send(&self, head: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(stream, "{head}\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw)
    }

    fn get_with_host(&self, host: &str) -> Reply {
        self.send(&format!("GET / HTTP/1.1\r\nHost: {host}"))
    }

    /// The next stderr line containing `text`.
    fn wait_for_stderr(&self, text: &str) -> String {
        common::next_line_with(&self.stderr, text, WAIT)
            .unwrap_or_else(|| panic!("the server never printed {text:?} to stderr"))
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }
}

#[test]
fn a_request_for_another_host_is_refused_and_one_for_localhost_is_served() {
    let server = Server::start(&[]);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = server.get_with_host(&host);
        assert_eq!(reply.status, 200, "{host}");
        assert!(reply.body.contains("<script src=\"/__sitegen/live.js\""));
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        "localhost:1".to_string(),
    ] {
        let reply = server.get_with_host(&host);
        assert_eq!(reply.status, 403, "{host} was served");
        assert!(reply.body.contains("--allowed-host"), "{}", reply.body);
        assert!(!reply.body.contains("<html"), "a refusal shows no page");
    }
    // Even the preview's own script and status page are refused.
    let status = server.send("GET /__sitegen/ HTTP/1.1\r\nHost: evil.example");
    assert_eq!(status.status, 403);
    let nameless = server.send("GET / HTTP/1.0");
    assert_eq!(
        nameless.status, 403,
        "a request must say which host it is for"
    );
    server.wait_for_stderr("refused a request for host evil.example");
}

#[test]
fn a_host_given_with_allowed_host_is_served() {
    let server = Server::start(&[
        "--allowed-host",
        "preview.test",
        "--allowed-host",
        "laptop.local:8080",
    ]);
    assert_eq!(server.get_with_host("preview.test").status, 200);
    assert_eq!(server.get_with_host("Preview.Test:8443").status, 200);
    assert_eq!(server.get_with_host("laptop.local:8080").status, 200);
    assert_eq!(server.get_with_host("laptop.local:9090").status, 403);
    assert_eq!(server.get_with_host("other.test").status, 403);
}

#[test]
fn a_malformed_allowed_host_stops_the_server_with_an_error() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview"),
        site.path(),
    );
    let run = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(site.path())
        .args([
            "serve",
            "--port",
            "0",
            "--allowed-host",
            "http://preview.test/",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("--allowed-host"), "{stderr}");
    assert!(stderr.contains("is not a host name"), "{stderr}");
}

#[test]
fn the_live_reload_stream_refuses_a_page_from_another_origin() {
    let server = Server::start(&[]);
    let port = server.port;
    let events =
        |extra: &str| format!("GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}{extra}");
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        "http://localhost:3000".to_string(),
        "null".to_string(),
    ] {
        let reply = server.send(&events(&format!("\r\nOrigin: {origin}")));
        assert_eq!(reply.status, 403, "{origin}");
        assert!(!reply.body.contains("data:"), "{origin} got an event");
    }
    let foreign_host = server.send(&format!(
        "GET /__sitegen/events HTTP/1.1\r\nHost: evil.example:{port}"
    ));
    assert_eq!(foreign_host.status, 403);
    // The preview's own pages, and clients that send no Origin, get the stream.
    for extra in [
        format!("\r\nOrigin: http://localhost:{port}"),
        String::new(),
    ] {
        let mut tab = TcpStream::connect(&server.addr).unwrap();
        tab.set_read_timeout(Some(WAIT)).unwrap();
        write!(tab, "{}\r\n\r\n", events(&extra)).unwrap();
        let mut seen = String::new();
        let mut reader = BufReader::new(tab);
        while !seen.contains("data: {\"build\":") {
            let mut line = String::new();
            assert!(reader.read_line(&mut line).unwrap() > 0, "{seen}");
            seen.push_str(&line);
        }
        assert!(seen.starts_with("HTTP/1.1 200 OK\r\n"), "{seen}");
        assert!(seen.contains("Content-Type: text/event-stream"));
    }
}

#[test]
fn head_post_and_malformed_requests_get_their_answers() {
    let server = Server::start(&[]);
    let host = format!("Host: {}", server.addr);
    let head = server.send(&format!("HEAD /safety/ HTTP/1.1\r\n{host}"));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    let length: usize = head
        .head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    let get = server.send(&format!("GET /safety/ HTTP/1.1\r\n{host}"));
    assert_eq!(get.body.len(), length);

    let post = server.send(&format!(
        "POST / HTTP/1.1\r\n{host}\r\nContent-Length: 5\r\n\r\nhello"
    ));
    assert_eq!(post.status, 405);
    assert!(post.head.contains("Allow: GET, HEAD"));

    for garbage in [
        "HELLO",
        "GET /",
        "GET / HTTP/1.1 extra",
        "GET / HTTP/1.1\r\nno colon",
    ] {
        assert_eq!(server.send(garbage).status, 400, "{garbage:?}");
    }
    let too_long = format!(
        "GET / HTTP/1.1\r\n{host}\r\nX-Filler: {}",
        "a".repeat(24_000)
    );
    assert_eq!(server.send(&too_long).status, 400);
    // A client that sends half a request and stops writing gets its 400 too.
    let mut half = TcpStream::connect(&server.addr).unwrap();
    half.set_read_timeout(Some(WAIT)).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
    half.shutdown(std::net::Shutdown::Write).unwrap();
    let mut raw = Vec::new();
    half.read_to_end(&mut raw).unwrap();
    assert_eq!(Reply::parse(&raw).status, 400);
}

#[test]
fn listening_on_every_address_warns_that_drafts_are_visible_to_the_network() {
    let server = Server::start(&["--bind", "0.0.0.0"]);
    let warning = server.wait_for_stderr("visible to the network");
    assert!(warning.contains("drafts included"), "{warning}");
    // Other devices reach it by this computer's address.
    assert_eq!(
        server
            .get_with_host(&format!("192.0.2.7:{}", server.port))
            .status,
        200
    );

    let mut local = Server::start(&[]);
    let _ = local.child.kill();
    let _ = local.child.wait();
    let said: Vec<String> = local.stderr.iter().collect();
    assert!(
        !said.iter().any(|l| l.contains("visible to the network")),
        "{said:?}"
    );
}

/// Linux only: the server's threads and open files are read from /proc.
///
/// What holds on any machine, however slow or busy: idle connections take no thread each and
/// do not stop a request from being answered. How much memory 4,000 of them take and how fast
/// a request is answered among them depend on the machine, so they are measured by
/// `bench/idle_connections.sh`, not here.
#[cfg(target_os = "linux")]
#[test]
fn idle_connections_take_no_thread_each_and_do_not_block_a_request() {
    let server = Server::start(&[]);
    let pid = server.child.id();
    let threads_before = proc_status(pid, "Threads:");
    let fds = || {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .unwrap()
            .count()
    };
    let fds_before = fds();
    // Few enough to open in well under the server's 10 s limit for a request head on a busy
    // machine, and within the default open-file limit of both processes.
    let count = 200.min(open_file_limit().saturating_sub(100) / 2);
    let idle: Vec<TcpStream> = (0..count)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    // Until the server has accepted them all (each is a file descriptor of its own).
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut held = fds().saturating_sub(fds_before);
    while held < count && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        held = held.max(fds().saturating_sub(fds_before));
    }
    assert!(
        held >= count,
        "the server held {held} of {count} connections"
    );
    let threads = proc_status(pid, "Threads:");
    assert!(
        threads <= threads_before + 4,
        "{threads} threads with {count} idle connections, {threads_before} before"
    );
    let reply = server.get_with_host(&server.addr);
    assert_eq!(
        reply.status, 200,
        "a request among {count} idle connections"
    );
    drop(idle);
}

#[cfg(target_os = "linux")]
fn open_file_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|soft| soft.parse().ok())
        .unwrap_or(1024)
}

/// A number from /proc/PID/status (`VmRSS:` in kB, `Threads:`).
#[cfg(target_os = "linux")]
fn proc_status(pid: u32, name: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}
