//! `sitegen check --external` against a local HTTP server that plays each case a real site
//! can (200, 301, 302, 404, 410, 403, 429 with `Retry-After`, 500 once, 405 to `HEAD`, too
//! slow to answer), plus a closed port and a host under `.invalid`: no other network is
//! used. The fixture (tests/fixtures/check_external) names the server `LOCAL` and the closed
//! port `DEAD`; the test writes the real addresses in.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Run, Site};
use serde_json::Value;

/// One request the server saw.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    at: Instant,
}

/// The local server: answers each path as its name says, and logs every request.
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_log, thread_stop) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let log = thread_log.clone();
                std::thread::spawn(move || answer(stream, &log));
            }
        });
        Server { port, log, stop }
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    fn clear(&self) {
        self.log.lock().unwrap().clear();
    }

    fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.requests().into_iter().map(|s| s.path).collect();
        paths.sort();
        paths
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes the accept loop
    }
}

/// Reads one request and answers it as its path says.
fn answer(stream: TcpStream, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return;
    };
    let earlier = {
        let mut log = log.lock().unwrap();
        let earlier = log.iter().filter(|s| s.path == path).count();
        log.push(Seen {
            method: method.to_string(),
            path: path.to_string(),
            at: Instant::now(),
        });
        earlier
    };
    let (status, headers): (&str, &[&str]) = match (method, path) {
        (_, "/ok" | "/new-home") => ("200 OK", &[]),
        (_, "/moved") => ("301 Moved Permanently", &["Location: /new-home"]),
        (_, "/temporary") => ("302 Found", &["Location: /ok"]),
        (_, "/removed") => ("410 Gone", &[]),
        (_, "/forbidden" | "/allowed-403") => ("403 Forbidden", &[]),
        (_, "/busy-once") if earlier == 0 => ("429 Too Many Requests", &["Retry-After: 1"]),
        (_, "/busy-once") => ("200 OK", &[]),
        (_, "/busy") => ("429 Too Many Requests", &["Retry-After: 1"]),
        (_, "/slow-down") => ("429 Too Many Requests", &["Retry-After: 3600"]),
        (_, "/flaky") if earlier == 0 => ("500 Internal Server Error", &[]),
        (_, "/flaky") => ("200 OK", &[]),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", &["Allow: GET"]),
        ("GET", "/no-head") => ("200 OK", &[]),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", &[])
        }
        _ => ("404 Not Found", &[]),
    };
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n");
    for header in headers {
        response.push_str(header);
        response.push_str("\r\n");
    }
    response.push_str("\r\n");
    let _ = (&stream).write_all(response.as_bytes());
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    listener.local_addr().unwrap().port()
}

/// The fixture, with the addresses of the server and of a closed port (also returned)
/// written in.
fn site(server: &Server) -> (Site, String) {
    let site = Site::new("check_external");
    let local = format!("127.0.0.1:{}", server.port);
    let dead = format!("127.0.0.1:{}", closed_port());
    for file in ["site.toml", "content/references.md", "templates/base.html"] {
        let text = site
            .read(file)
            .replace("LOCAL", &local)
            .replace("DEAD", &dead);
        site.write(file, &text);
    }
    (site, dead)
}

fn check_json(site: &Site, args: &[&str]) -> (Run, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run, json)
}

/// The diagnostics whose message names `url_part`.
fn about<'a>(json: &'a Value, url_part: &str) -> Vec<&'a Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains(url_part))
        .collect()
}

/// The one diagnostic about `url_part`: its severity, `file:line` and message.
fn one(json: &Value, url_part: &str) -> (String, String, String) {
    let found = about(json, url_part);
    assert_eq!(found.len(), 1, "{url_part}: {found:#?}");
    let d = found[0];
    (
        d["severity"].as_str().unwrap().to_string(),
        format!("{}:{}", d["file"].as_str().unwrap(), d["line"]),
        d["message"].as_str().unwrap().to_string(),
    )
}

/// `content/references.md:N` for the line of the fixture that holds `text`.
fn line_of(site: &Site, file: &str, text: &str) -> String {
    let source = site.read(file);
    let line = source
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not in {file}"));
    format!("{file}:{}", line + 1)
}

#[test]
fn each_answer_is_reported_with_its_severity_at_the_place_the_link_is_written() {
    let server = Server::start();
    let (site, dead) = site(&server);
    let (run, json) = check_json(&site, &["--external"]);
    assert_eq!(run.code, 1, "broken links are errors: {}", run.stdout);
    let page = "content/references.md";
    let at = |text: &str| line_of(&site, page, text);

    let (severity, place, message) = one(&json, "/gone`");
    assert_eq!((severity.as_str(), place), ("error", at("/gone\"")));
    assert!(
        message.starts_with("source \"A page that is gone\""),
        "{message}"
    );
    assert!(message.ends_with("answers 404 Not Found"), "{message}");

    let (severity, place, message) = one(&json, "/removed");
    assert_eq!((severity.as_str(), place), ("error", at("/removed)")));
    assert!(message.ends_with("410 Gone"), "{message}");

    let (severity, place, message) = one(&json, "/moved");
    assert_eq!((severity.as_str(), place), ("warning", at("/moved#part")));
    let new_home = format!("http://127.0.0.1:{}/new-home", server.port);
    assert!(
        message.contains(&format!("has moved to `{new_home}`")),
        "{message}"
    );

    let (severity, place, message) = one(&json, "/forbidden");
    assert_eq!((severity.as_str(), place), ("warning", at("/forbidden)")));
    assert!(message.starts_with("could not verify link") && message.ends_with("(403 Forbidden)"));

    let (severity, _, message) = one(&json, "/busy`");
    assert_eq!(severity, "warning");
    assert!(message.contains("429 Too Many Requests"), "{message}");
    let (severity, _, message) = one(&json, "/slow-down");
    assert_eq!(severity, "warning", "{message}");
    assert!(
        message.starts_with("could not verify") && message.contains("429"),
        "{message}"
    );

    let (severity, place, message) = one(&json, "/slow`");
    assert_eq!((severity.as_str(), place), ("warning", at("/slow)")));
    assert!(
        message.contains("no answer within 1 s (asked 2 times)"),
        "{message}"
    );

    let (severity, place, message) = one(&json, &format!("{dead}/page`"));
    assert_eq!(
        (severity.as_str(), place),
        ("error", at("A server that is not there"))
    );
    assert!(message.ends_with("(connection refused)"), "{message}");

    let (severity, place, message) = one(&json, "no-such-host.invalid");
    assert_eq!(
        (severity.as_str(), place),
        ("error", at("no-such-host.invalid"))
    );
    assert!(
        message.contains("the host `no-such-host.invalid` does not exist"),
        "{message}"
    );

    let (severity, place, message) = one(&json, "/footer-gone");
    assert_eq!(
        (severity.as_str(), place),
        (
            "error",
            line_of(&site, "templates/base.html", "footer-gone")
        ),
        "a template's link is reported once, in the template"
    );
    assert!(message.starts_with("template link"), "{message}");

    let local = format!("127.0.0.1:{}", server.port);
    for fine in [
        "/ok",
        "/busy-once",
        "/flaky",
        "/no-head",
        "/temporary",
        "/skipped/page",
        "/allowed-403",
    ] {
        let url = format!("{local}{fine}");
        let found = [
            about(&json, &format!("{url}`")),
            about(&json, &format!("{url}#")),
        ]
        .concat();
        assert!(found.is_empty(), "{fine} is not reported: {found:#?}");
    }

    let seen = server.requests();
    let of = |path: &str| {
        seen.iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(of("/skipped/page").is_empty(), "skip: never asked");
    assert_eq!(
        of("/ok").len(),
        2,
        "asked once as a link, once after the temporary redirect"
    );
    let busy_once = of("/busy-once");
    assert_eq!(busy_once.len(), 2, "asked again after Retry-After");
    assert!(
        busy_once[1].at - busy_once[0].at >= Duration::from_secs(1),
        "Retry-After: 1 is honoured"
    );
    assert_eq!(
        of("/slow-down").len(),
        1,
        "an hour's Retry-After is not waited for"
    );
    assert_eq!(of("/busy").len(), 2, "retries = 1");
    assert_eq!(of("/flaky").len(), 2, "a 500 is asked again");
    let methods: Vec<String> = of("/no-head").into_iter().map(|s| s.method).collect();
    assert_eq!(methods, ["HEAD", "GET"], "GET when HEAD is refused");

    let summary = &json["external"];
    assert_eq!(summary["skipped"], 1);
    assert_eq!(summary["cached"], 0);
    assert_eq!(summary["asked"], summary["urls"].as_u64().unwrap() - 1);
}

#[test]
fn a_second_run_within_the_cache_age_asks_no_site_and_a_stale_answer_is_asked_again() {
    let server = Server::start();
    let (site, _) = site(&server);
    let (_, first) = check_json(&site, &["--external"]);
    assert!(!server.requests().is_empty());
    server.clear();

    let (run, second) = check_json(&site, &["--external"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        server.paths(),
        Vec::<String>::new(),
        "no request within the cache age"
    );
    assert_eq!(
        first["diagnostics"], second["diagnostics"],
        "the same findings, from the cache"
    );
    assert_eq!(second["external"]["asked"], 0);
    assert_eq!(second["external"]["requests"], 0);
    assert_eq!(second["external"]["cached"], first["external"]["asked"]);

    // Age one answer past max_age_days: only that URL is asked again.
    let cache_file = ".sitegen-external-cache.json";
    let mut cache: Value = serde_json::from_str(&site.read(cache_file)).unwrap();
    let ok = format!("http://127.0.0.1:{}/ok", server.port);
    cache["urls"][&ok]["checked"] = 0.into();
    site.write(cache_file, &serde_json::to_string(&cache).unwrap());
    let (_, third) = check_json(&site, &["--external"]);
    assert_eq!(server.paths(), ["/ok"]);
    assert_eq!(third["external"]["asked"], 1);

    // A corrupt cache is an empty one: everything is asked again, and a good file written.
    site.write(cache_file, "{ not json");
    server.clear();
    let (_, fourth) = check_json(&site, &["--external"]);
    assert_eq!(fourth["diagnostics"], first["diagnostics"]);
    assert!(server.paths().contains(&"/gone".to_string()));
    let rewritten: Value = serde_json::from_str(&site.read(cache_file)).unwrap();
    assert_eq!(rewritten["version"], 1);
}

#[test]
fn check_without_external_and_build_ask_no_site() {
    let server = Server::start();
    let (site, _) = site(&server);
    let (run, json) = check_json(&site, &[]);
    assert!(json.get("external").is_none(), "{}", run.stdout);
    assert!(about(&json, "could not verify").is_empty());
    site.run(&["build"]).ok();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(server.paths(), Vec::<String>::new());
    assert!(!site.file(".sitegen-external-cache.json").exists());
}
