//! `sitegen serve` as an editor uses it: start it on a copy of a small site, edit files,
//! and check what the browser would get. Each test starts its own server on a free port
//! (`--port 0`, address read from the terminal line) and kills it when done.

mod common;

use common::copy_dir;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// A running `sitegen serve` on a copy of a fixture site.
struct Server {
    child: Child,
    site: tempfile::TempDir,
    addr: String,
    stdout: Receiver<String>,
    /// What the server printed before its "Serving" line (the first build's summary).
    printed_first: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(fixture: &str, extra: &[&str]) -> Server {
        let site = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
            site.path(),
        );
        // A fixture without a theme of its own is served with the clinic theme.
        let theme = site.path().join("themes");
        if !theme.exists() && !site.path().join("templates").exists() {
            copy_dir(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic"),
                &theme.join("clinic"),
            );
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
            .arg("--root")
            .arg(site.path())
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            site,
            addr: String::new(),
            stdout,
            printed_first: Vec::new(),
        };
        let line = loop {
            match server.stdout.recv_timeout(WAIT) {
                Ok(line) if line.contains("Serving http://") => break line,
                Ok(line) => server.printed_first.push(line),
                Err(_) => panic!("the server never printed a line with \"Serving http://\""),
            }
        };
        let url = line.split_whitespace().nth(1).unwrap();
        server.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    /// The next terminal line containing `text` (bounded wait).
    fn wait_for_line(&self, text: &str) -> String {
        common::next_line_with(&self.stdout, text, WAIT)
            .unwrap_or_else(|| panic!("the server never printed a line with {text:?}"))
    }

    fn get(&self, target: &str) -> Reply {
        request(&self.addr, "GET", target)
    }

    /// Polls `target` until its body contains `text` (or its status is `status`).
    fn wait_until(&self, target: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + WAIT;
        loop {
            let reply = self.get(target);
            if ok(&reply) {
                return reply;
            }
            if Instant::now() > deadline {
                panic!(
                    "{target} never showed {what}; last reply: {} {}",
                    reply.status, reply.body
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn events(&self) -> EventStream {
        EventStream::open(&self.addr)
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One raw HTTP/1.1 request: the target is sent exactly as given (clients would clean up
/// `../`, and the point is to see what the server does with it).
fn request(addr: &str, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

/// The server-sent events a browser tab receives.
struct EventStream {
    lines: Receiver<String>,
}

impl EventStream {
    fn open(addr: &str) -> EventStream {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__sitegen/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(data.to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        EventStream { lines }
    }

    /// The next state whose JSON satisfies `ok`.
    fn wait_for(&self, what: &str, ok: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(data) => {
                    let state: serde_json::Value = serde_json::from_str(&data).unwrap();
                    if ok(&state) {
                        return state;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no event said {what}");
    }

    fn current_build(&self) -> u64 {
        self.wait_for("anything", |_| true)["build"]
            .as_u64()
            .unwrap()
    }
}

fn listing(dir: &Path) -> BTreeSet<PathBuf> {
    walk(dir, dir)
}

fn walk(root: &Path, dir: &Path) -> BTreeSet<PathBuf> {
    let mut all = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        all.insert(path.strip_prefix(root).unwrap().to_path_buf());
        if path.is_dir() {
            all.extend(walk(root, &path));
        }
    }
    all
}

/// The hrefs of `<a>` and `<link>` elements in a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Joins a relative href to the directory of `page` (`/guides/` + `../safety/`).
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
    let href = href.split('#').next().unwrap();
    for segment in href.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if href.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

#[test]
fn pages_are_served_with_live_reload_and_every_link_works_under_a_base_path() {
    let server = Server::start("serve_preview", &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<script src=\"/__sitegen/live.js\""));
    assert_eq!(home.header("Connection").as_deref(), Some("close"));
    for page in ["/", "/safety/", "/guides/", "/guides/first-visit/"] {
        let reply = server.get(page);
        assert_eq!(reply.status, 200, "{page}");
        for href in hrefs(&reply.body) {
            if href.starts_with("http") {
                continue;
            }
            let target = resolve(page, &href);
            assert_eq!(
                server.get(&target).status,
                200,
                "{page} links to {href} ({target})"
            );
        }
    }
    // site.toml's base_url is https://org.github.io/clinic-site/: its paths work too.
    assert!(server
        .get("/clinic-site/guides/first-visit/")
        .body
        .contains("<h1>First visit</h1>"));
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(!css.body.contains("live.js"));
    let script = server.get("/__sitegen/live.js");
    assert!(script
        .header("Content-Type")
        .unwrap()
        .starts_with("text/javascript"));
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("This page is not here"));
    let home_link = hrefs(&missing.body)
        .into_iter()
        .find(|h| h.starts_with('/') && !h.starts_with("/__sitegen"))
        .unwrap();
    assert_eq!(
        server.get(&home_link).status,
        200,
        "404 links to {home_link}"
    );
    assert_eq!(
        server.get("/safety").header("Location").as_deref(),
        Some("/safety/")
    );
    assert!(
        !server.path("public").exists(),
        "serve must not write public/"
    );
}

#[test]
fn requests_never_read_outside_the_build() {
    let server = Server::start("serve_preview", &[]);
    let long = format!("/{}", "a/".repeat(2000));
    let attempts = [
        "/site.toml",
        "/content/safety.md",
        "/themes/mini/templates/page.html",
        "/../site.toml",
        "/../../../../etc/passwd",
        "/safety/../../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsite.toml",
        "/%2e%2e%2fsite.toml",
        "/..%5csite.toml",
        "/..\\site.toml",
        "/%252e%252e/site.toml",
        "/%252e%252e%252fsite.toml",
        "/style.css%00.html",
        "/%00",
        "/safety/%2e%2e/%2e%2e/site.toml",
        long.as_str(),
    ];
    for target in attempts {
        let reply = server.get(target);
        assert!(
            [400, 403, 404, 414].contains(&reply.status),
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.body.contains("base_url"),
            "{target} leaked site.toml"
        );
        assert!(!reply.body.contains("+++"), "{target} leaked a source");
        assert!(!reply.body.contains("root:"), "{target} leaked /etc/passwd");
    }
    assert_eq!(request(&server.addr, "DELETE", "/").status, 405);
}

#[test]
fn an_edit_is_served_and_signalled_and_the_terminal_names_the_file() {
    let server = Server::start("serve_preview", &[]);
    let tab = server.events();
    let before = tab.current_build();
    let page = server.path("content/safety.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Safety comes first", "Safety is checked twice"),
    )
    .unwrap();
    tab.wait_for("a new build", |s| s["build"].as_u64() > Some(before));
    assert!(server
        .get("/safety/")
        .body
        .contains("Safety is checked twice"));
    let line = server.wait_for_line("Rebuilt content/safety.md in ");
    assert!(line.ends_with(" ms"), "{line}");
    // The search index follows once the editor pauses.
    server.wait_until("/search-index.js", "the new word", |r| {
        r.body.contains("\"twice\"")
    });
}

#[test]
fn saving_through_a_temporary_file_deleting_renaming_and_new_folders_are_all_seen() {
    let server = Server::start("serve_preview", &[]);
    // An editor that writes a temporary file and renames it over the page.
    let temp = server.path("content/.safety.md.tmp");
    let text = std::fs::read_to_string(server.path("content/safety.md")).unwrap();
    std::fs::write(
        &temp,
        text.replace("Safety comes first", "Renamed into place"),
    )
    .unwrap();
    std::fs::rename(&temp, server.path("content/safety.md")).unwrap();
    server.wait_until("/safety/", "the renamed-in text", |r| {
        r.body.contains("Renamed into place")
    });

    // A new folder with a section and a page in it.
    std::fs::create_dir(server.path("content/costs")).unwrap();
    std::fs::write(
        server.path("content/costs/_index.md"),
        "+++\ntitle = \"Costs\"\ndescription = \"What a session costs.\"\n+++\n\nPrices and insurance.\n",
    )
    .unwrap();
    std::fs::write(
        server.path("content/costs/insurance.md"),
        "+++\ntitle = \"Insurance\"\ndescription = \"Which plans pay.\"\n+++\n\nAsk your plan.\n",
    )
    .unwrap();
    server.wait_until("/costs/insurance/", "the new page", |r| {
        r.status == 200 && r.body.contains("Ask your plan")
    });

    // Renaming a page moves it.
    std::fs::rename(
        server.path("content/costs/insurance.md"),
        server.path("content/costs/coverage.md"),
    )
    .unwrap();
    server.wait_until("/costs/coverage/", "the renamed page", |r| r.status == 200);
    assert_eq!(server.get("/costs/insurance/").status, 404);

    // Deleting a page removes it.
    std::fs::remove_file(server.path("content/costs/coverage.md")).unwrap();
    server.wait_until("/costs/coverage/", "a 404", |r| r.status == 404);
    assert_eq!(server.get("/costs/").status, 200);
}

#[test]
fn a_broken_page_shows_its_error_and_the_fix_clears_it() {
    let server = Server::start("serve_preview", &[]);
    let tab = server.events();
    let good = tab.current_build();
    let page = server.path("content/safety.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("title = ", "titel = ")).unwrap();
    let broken = tab.wait_for("an error", |s| {
        s["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    let error = &broken["errors"][0];
    assert!(
        error["location"]
            .as_str()
            .unwrap()
            .starts_with("content/safety.md:2"),
        "{error}"
    );
    assert!(error["message"].as_str().unwrap().contains("titel"));
    assert_eq!(
        broken["build"].as_u64(),
        Some(good),
        "the last good build stays"
    );
    let still = server.get("/safety/");
    assert_eq!(still.status, 200);
    assert!(still.body.contains("<h1>Safety</h1>"));
    assert!(server
        .get("/__sitegen/")
        .body
        .contains("content/safety.md:2"));
    server.wait_for_line("Rebuild of content/safety.md failed with");

    std::fs::write(&page, text).unwrap();
    tab.wait_for("the fix", |s| {
        s["errors"].as_array().is_some_and(Vec::is_empty) && s["build"].as_u64() > Some(good)
    });
    assert!(server.get("/__sitegen/").body.contains("build-ok"));
}

#[test]
fn a_static_file_at_a_pages_url_is_the_same_one_error_as_build_gives() {
    let server = Server::start("serve_preview", &[]);
    let tab = server.events();
    let good = tab.current_build();
    let shadow = server.path("static/safety/index.html");
    std::fs::create_dir_all(shadow.parent().unwrap()).unwrap();
    std::fs::write(&shadow, "<p>mine</p>\n").unwrap();
    let broken = tab.wait_for("an error", |s| {
        s["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    let errors = broken["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "one error, not a cascade: {errors:?}");
    assert_eq!(
        errors[0]["message"].as_str().unwrap(),
        "two sources write `safety/index.html`: the page content/safety.md:1:1 and the static file static/safety/index.html"
    );
    assert_eq!(
        errors[0]["location"].as_str().unwrap(),
        "content/safety.md:1:1"
    );
    // The page is still served as it was.
    assert!(server.get("/safety/").body.contains("<h1>Safety</h1>"));
    // build says the same.
    let build = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(server.site.path())
        .args(["build", "--output", "built"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&build.stderr).starts_with(
        "error: two sources write `safety/index.html`: the page content/safety.md:1:1 and the static file static/safety/index.html\n --> content/safety.md:1:1\n"
    ));
    std::fs::remove_file(&shadow).unwrap();
    tab.wait_for("the fix", |s| {
        s["errors"].as_array().is_some_and(Vec::is_empty) && s["build"].as_u64() > Some(good)
    });
}

#[test]
fn fifty_parallel_clients_are_all_served() {
    let server = Server::start("serve_preview", &[]);
    let addr = server.addr.clone();
    // Browsers keep idle connections open; they must not hold up other clients.
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            write!(stream, "GET /style.css HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
            stream
        })
        .collect();
    let clients: Vec<_> = (0..50)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let pages = ["/", "/safety/", "/guides/", "/style.css"];
                (0..4)
                    .map(|j| request(&addr, "GET", pages[(i + j) % pages.len()]).status)
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), vec![200; 4]);
    }
    drop(idle);
}

#[test]
fn drafts_are_previewed_only_when_asked() {
    let page = "+++\ntitle = \"Work in progress\"\ndescription = \"Not ready.\"\ndraft = true\n+++\n\nDraft text.\n";
    let server = Server::start("serve_preview", &[]);
    std::fs::write(server.path("content/wip.md"), page).unwrap();
    server.wait_for_line("Rebuilt content/wip.md");
    assert_eq!(server.get("/wip/").status, 404);
    let with_drafts = Server::start("serve_preview", &["--drafts"]);
    std::fs::write(with_drafts.path("content/wip.md"), page).unwrap();
    with_drafts.wait_until("/wip/", "the draft", |r| r.body.contains("Draft text."));
}

#[test]
fn stopping_the_server_leaves_the_site_folder_as_it_was() {
    let server = Server::start("serve_preview", &[]);
    let before = listing(server.site.path());
    assert_eq!(server.get("/").status, 200);
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    let mut server = server;
    let deadline = Instant::now() + WAIT;
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "Ctrl-C did not stop the server");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        exit.code(),
        Some(0),
        "Ctrl-C is a normal way to stop: exit 0"
    );
    assert_eq!(listing(server.site.path()), before);
}

#[test]
fn the_build_command_never_adds_the_live_reload_script() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview"),
        site.path(),
    );
    let status = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    for file in listing(&site.path().join("public")) {
        let path = site.path().join("public").join(&file);
        if path.is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            assert!(
                !text.contains("__sitegen"),
                "{} has the script",
                file.display()
            );
        }
    }
}

#[test]
fn new_starts_a_page_and_never_overwrites_one() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_preview"),
        site.path(),
    );
    let new = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sitegen"))
            .arg("--root")
            .arg(site.path())
            .arg("new")
            .args(args)
            .output()
            .unwrap()
    };
    let made = new(&["guides/driving-home", "--title", "Driving home"]);
    assert!(made.status.success());
    assert!(String::from_utf8_lossy(&made.stdout).contains("content/guides/driving-home.md"));
    let text = std::fs::read_to_string(site.path().join("content/guides/driving-home.md")).unwrap();
    assert!(text.contains("title = \"Driving home\""));
    let today = sitegen::date::Date::from_system_clock().to_string();
    assert!(text.contains(&format!("last_reviewed = {today}")), "{text}");

    let again = new(&["content/safety.md"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let safety = std::fs::read_to_string(site.path().join("content/safety.md")).unwrap();
    assert!(safety.contains("Safety comes first"));

    // The new page builds (as a draft) with the rest of the site.
    let built = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(site.path())
        .args(["build", "--drafts"])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(site
        .path()
        .join("public/guides/driving-home/index.html")
        .is_file());
}

#[test]
fn the_status_page_shows_what_sitegen_check_finds_and_follows_edits() {
    let server = Server::start("serve_preview", &[]);
    // The fixture's pages name no reviewer, which `sitegen check` reports.
    let status = server.wait_until("/__sitegen/", "the check findings", |r| {
        r.body
            .contains("content/safety.md:1:1</code> <span class=\"desk-message\">page does not say who reviewed it")
    });
    assert!(status.body.contains("Findings of sitegen check ("));
    let page = server.path("content/safety.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen(
            "weight = 10",
            "weight = 10\nreviewed_by = \"Dr. Rivera, psychiatrist\"",
            1,
        ),
    )
    .unwrap();
    server.wait_until("/__sitegen/", "the finding to go away", |r| {
        !r.body
            .contains("content/safety.md:1:1</code> <span class=\"desk-message\">page does not say who reviewed it")
            && r.body
                .contains("content/guides/_index.md:1:1</code> <span class=\"desk-message\">page does not say who reviewed it")
    });
}

#[test]
fn a_burst_of_saves_ends_with_the_last_one_served() {
    let server = Server::start("serve_preview", &[]);
    let page = server.path("content/safety.md");
    let text = std::fs::read_to_string(&page).unwrap();
    for i in 0..30 {
        std::fs::write(
            &page,
            text.replace("Safety comes first", &format!("Save number {i} ")),
        )
        .unwrap();
    }
    server.wait_until("/safety/", "the last save", |r| {
        r.body.contains("Save number 29 ")
    });
    assert!(server.get("/__sitegen/").body.contains("build-ok"));
}

#[test]
fn the_first_build_is_summed_up_per_language_and_translations_are_served() {
    let server = Server::start("languages", &[]);
    let summary = server
        .printed_first
        .iter()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary in {:?}", server.printed_first));
    assert!(summary.contains(", es: "), "{summary}");
    let reply = server.get("/es/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("lang=\"es\""), "{}", reply.body);
}

/// The background worker (whole-site check, publishing files) runs below the priority of
/// the edit in hand and the browser's requests, so on a 2-core machine it never slows them.
#[cfg(target_os = "linux")]
#[test]
fn the_background_worker_runs_at_a_lower_priority_than_the_preview() {
    let server = Server::start("serve_preview", &[]);
    let tasks = PathBuf::from(format!("/proc/{}/task", server.child.id()));
    let nice_of = |name: &str| -> Option<i64> {
        std::fs::read_dir(&tasks).ok()?.flatten().find_map(|task| {
            let comm = std::fs::read_to_string(task.path().join("comm")).ok()?;
            if comm.trim() != name {
                return None;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
            // Fields after the command's closing parenthesis: state is field 3, nice 19.
            let after = &stat[stat.rfind(')')? + 2..];
            after.split_whitespace().nth(16)?.parse().ok()
        })
    };
    // Ten steps below the server's own priority, which it inherits from this test (0 unless
    // the suite itself runs under `nice`), at most 19.
    let main = nice_of("sitegen").expect("the server's main thread");
    let below = (main + 10).min(19);
    // The worker's thread lowers its priority as it starts, which may be just after the
    // server says it is serving.
    let deadline = Instant::now() + WAIT;
    while nice_of("sitegen-worker") != Some(below) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(nice_of("sitegen-worker"), Some(below));
    assert_eq!(
        nice_of("sitegen"),
        Some(main),
        "the main thread keeps its priority"
    );
}

#[test]
fn saving_a_block_updates_every_page_that_shows_it() {
    let server = Server::start("blocks", &[]);
    let tab = server.events();
    let before = tab.current_build();
    let block = server.path("content/_blocks/warning-signs.md");
    let text = std::fs::read_to_string(&block).unwrap();
    std::fs::write(
        &block,
        text.replace(
            "chest pain or a racing heart",
            "chest pain that does not stop",
        ),
    )
    .unwrap();
    tab.wait_for("a new build", |s| s["build"].as_u64() > Some(before));
    server.wait_for_line("Rebuilt content/_blocks/warning-signs.md in ");
    for page in ["/", "/safety/"] {
        let body = server.get(page).body;
        assert!(
            body.contains("chest pain that does not stop"),
            "{page}: {body}"
        );
        assert!(!body.contains("racing heart"), "{page}");
    }
    // The Spanish page shows the Spanish block, which did not change.
    assert!(server.get("/es/").body.contains("dolor en el pecho"));
    // A broken link saved in the block is shown over the page, naming the block's line.
    std::fs::write(&block, format!("{text}- [gone](@/gone.md)\n")).unwrap();
    server.wait_until("/__sitegen/", "the error", |r| {
        r.body.contains("content/_blocks/warning-signs.md:4:3")
    });
}

/// The desk's number of its latest check (0 until the first check is done).
fn desk_number(html: &str) -> u64 {
    html.split("data-sitegen-desk=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_desk_lists_every_page_of_both_languages_and_what_check_finds() {
    let server = Server::start("desk", &[]);
    let desk = server.wait_until("/__sitegen/", "a finished check", |r| {
        desk_number(&r.body) > 0
    });
    // `check` as of the same day as the preview (the real date: the server has no
    // SITEGEN_TODAY either).
    let output = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .arg("--root")
        .arg(server.site.path())
        .args(["check", "--format", "json"])
        .env_remove("SITEGEN_TODAY")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = common::desk::findings_of_json(&report);
    assert!(
        expected.iter().any(|f| f.contains("content/safety.es.md"))
            && expected.iter().any(|f| f.contains("content/safety.md")),
        "findings in both languages: {expected:#?}"
    );
    assert_eq!(common::desk::findings_of_desk(&desk.body), expected);
    let left = common::desk::to_confirm_of_json(&report);
    assert_eq!(left.len(), 2, "{left:#?}");
    assert_eq!(common::desk::to_confirm_of_desk(&desk.body), left);
    assert_eq!(common::desk::to_confirm_count_of_desk(&desk.body), Some(2));
    let mut pages = common::desk::pages_of_desk(&desk.body);
    pages.sort();
    assert_eq!(
        pages,
        [
            "content/_index.es.md",
            "content/_index.md",
            "content/effects.md",
            "content/safety.es.md",
            "content/safety.md"
        ]
    );
    // Served by the preview under its Content-Security-Policy, with its own files.
    assert!(desk.body.contains("script-src 'self'"));
    assert_eq!(server.get("/__sitegen/desk.js").status, 200);
    assert_eq!(server.get("/__sitegen/desk.css").status, 200);
    assert!(desk.body.contains("<a href=\"/es/safety/\">Seguridad</a>"));
}

#[test]
fn saving_a_spanish_page_with_an_overdue_review_shows_it_on_the_desk() {
    let server = Server::start("desk", &[]);
    let tab = server.events();
    let before = server.wait_until("/__sitegen/", "a finished check", |r| {
        desk_number(&r.body) > 0
    });
    let row = |html: &str| -> String {
        html.split("<tr ")
            .find(|row| row.contains("<code>content/_index.es.md</code>"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        row(&before.body).contains("data-overdue=\"false\""),
        "{}",
        row(&before.body)
    );
    let page = server.path("content/_index.es.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "last_reviewed = 2026-11-01",
            "last_reviewed = 2024-01-10\nnext_review = 2025-01-10",
        ),
    )
    .unwrap();
    // Open tabs are told that the desk has a new check.
    tab.wait_for("a new check", |s| {
        s["desk"]["number"].as_u64() > Some(desk_number(&before.body))
    });
    let after = server.wait_until("/__sitegen/", "the overdue Spanish page", |r| {
        row(&r.body).contains("data-overdue=\"true\"")
    });
    assert!(row(&after.body).contains("2025-01-10</span> <span class=\"desk-bad\">overdue</span>"));
    assert!(after.body.contains(
        "<code class=\"desk-place\">content/_index.es.md:3:15</code> \
         <span class=\"desk-message\">review overdue: it was due on 2025-01-10"
    ));
}
