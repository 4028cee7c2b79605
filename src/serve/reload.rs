//! Telling open browser tabs about each build, with server-sent events.
//!
//! Every tab of the preview opens `GET /__sitegen/events` (an `EventSource`). The server keeps
//! the connection and sends one `state` event when it opens and another after each rebuild:
//! the build number and the current errors. The script in the tab ([`super::inject`])
//! reloads when the build number differs from the one its page was served with, and shows the
//! errors over the page when there are any. Server-sent events need no extra crate and pass
//! the theme's `default-src 'self'` Content-Security-Policy.
//!
//! Every stream is held by [`Tabs`]: one thread writes each event to all open tabs without
//! blocking, so a tab costs a socket and no thread, and a tab that stops reading is dropped
//! (its script reconnects) instead of holding up the others.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// How often an idle event stream sends a comment, so that dead connections are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// A problem as the browser overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct ShownProblem {
    /// `content/safety.md:7:3`
    pub location: String,
    pub message: String,
    pub help: Option<String>,
    /// The whole diagnostic as the terminal prints it, with the quoted line.
    pub text: String,
}

impl From<&Diagnostic> for ShownProblem {
    fn from(d: &Diagnostic) -> Self {
        ShownProblem {
            location: d.location(),
            message: d.message.clone(),
            help: d.help.clone(),
            text: d.to_string(),
        }
    }
}

/// What a tab is told: which build is current and what is wrong with the sources.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct BuildState {
    pub build: u64,
    pub errors: Vec<ShownProblem>,
    /// The editor's desk, once the site has been checked.
    pub desk: Option<DeskState>,
}

/// What the preview's badge and an open editor's desk are told of the latest check.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct DeskState {
    /// Counts the checks: an open desk with another number is out of date.
    pub number: u64,
    pub errors: usize,
    pub warnings: usize,
}

impl BuildState {
    /// The state as one server-sent event.
    pub(crate) fn to_event(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        format!("event: state\ndata: {json}\n\n")
    }
}

/// The open event streams.
#[derive(Default)]
pub(crate) struct Broadcaster {
    subscribers: Mutex<Vec<Sender<String>>>,
}

impl Broadcaster {
    /// A new stream; it receives every event sent from now on.
    pub(crate) fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.lock().push(tx);
        rx
    }

    /// Sends `event` to every open stream and forgets the closed ones.
    pub(crate) fn send(&self, event: &str) {
        self.lock().retain(|tx| tx.send(event.to_string()).is_ok());
    }

    /// How many streams are open (a closed one counts until the next send).
    #[cfg(test)]
    pub(crate) fn subscribers(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<String>>> {
        self.subscribers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How long a tab may go without taking what it is sent before it is dropped (its script
/// reconnects).
const PATIENCE: Duration = Duration::from_secs(10);
/// How often a tab that is behind is written to again.
const RETRY: Duration = Duration::from_millis(50);
/// The most tabs kept open; past it the oldest is dropped (its script reconnects).
const MAX_TABS: usize = 128;
/// The comment sent when all is quiet.
const KEEPALIVE_COMMENT: &str = ": keep-alive\n\n";

/// The head of the event stream, and how soon a tab should reconnect when it breaks.
const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                           Cache-Control: no-store\r\nConnection: close\r\n\
                           X-Content-Type-Options: nosniff\r\n\r\nretry: 500\n\n";

/// The open event streams of every tab, written without blocking by one thread, so that many
/// open tabs cost a socket each and no thread.
///
/// Each event is the whole state of the preview, so a tab that is behind needs only the
/// newest: it is sent the event it is in the middle of, then the newest one (the ones in
/// between are skipped), and a tab that takes nothing for a while is dropped.
#[derive(Clone, Default)]
pub(crate) struct Tabs {
    open: Arc<Mutex<Vec<Tab>>>,
}

/// One tab's connection and what it has not taken yet.
struct Tab {
    stream: TcpStream,
    /// The event being written, and how much of it is written.
    current: Vec<u8>,
    written: usize,
    /// The newest event, sent once `current` is.
    newest: Option<String>,
    /// Since when the socket has taken nothing.
    stuck_since: Option<Instant>,
}

impl Tabs {
    /// Starts the thread that sends each event of `events` to every open tab (and a comment
    /// when all is quiet, so that closed tabs are noticed). It ends, closing the tabs, when
    /// `events`' sender is gone.
    pub(crate) fn start(events: Receiver<String>) -> Tabs {
        Tabs::with_patience(events, PATIENCE)
    }

    /// [`Tabs::start`], dropping a tab that takes nothing for `patience`.
    pub(crate) fn with_patience(events: Receiver<String>, patience: Duration) -> Tabs {
        let tabs = Tabs::default();
        let open = tabs.open.clone();
        let spawned = thread::Builder::new()
            .name("sitegen-tabs".into())
            .spawn(move || forward(&open, &events, patience));
        if let Err(e) = spawned {
            eprintln!("warning: live reload is off: {e}");
        }
        tabs
    }

    /// Takes over the connection of a request for the event stream: sends the head and
    /// `first()`, then every event from now on. `first` is asked while no event can be sent,
    /// so the tab misses none between the two.
    pub(crate) fn add(&self, stream: TcpStream, first: impl FnOnce() -> String) {
        if stream.set_nonblocking(true).is_err() {
            return;
        }
        let mut open = lock(&self.open);
        let mut current = STREAM_HEAD.as_bytes().to_vec();
        current.extend_from_slice(first().as_bytes());
        let mut tab = Tab {
            stream,
            current,
            written: 0,
            newest: None,
            stuck_since: None,
        };
        if tab.flush(PATIENCE) {
            if open.len() >= MAX_TABS {
                open.remove(0);
            }
            open.push(tab);
        }
    }

    /// How many tabs are open (a closed one counts until it is next written to).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        lock(&self.open).len()
    }
}

fn lock(open: &Mutex<Vec<Tab>>) -> std::sync::MutexGuard<'_, Vec<Tab>> {
    open.lock().unwrap_or_else(|e| e.into_inner())
}

/// The thread of [`Tabs::start`].
fn forward(open: &Mutex<Vec<Tab>>, events: &Receiver<String>, patience: Duration) {
    let mut quiet_since = Instant::now();
    loop {
        let behind = lock(open).iter().any(Tab::is_behind);
        let wait = if behind { RETRY } else { KEEPALIVE };
        let event = match events.recv_timeout(wait) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                lock(open).clear();
                return;
            }
        };
        let keepalive = event.is_none() && quiet_since.elapsed() >= KEEPALIVE;
        if event.is_some() || keepalive {
            quiet_since = Instant::now();
        }
        lock(open).retain_mut(|tab| {
            if let Some(event) = &event {
                tab.queue(event.clone());
            } else if keepalive && !tab.is_behind() {
                tab.queue(KEEPALIVE_COMMENT.to_string());
            }
            tab.flush(patience)
        });
    }
}

impl Tab {
    fn is_behind(&self) -> bool {
        self.written < self.current.len()
    }

    /// Sends `event` after the one being written, in place of any other waiting.
    fn queue(&mut self, event: String) {
        if self.is_behind() {
            self.newest = Some(event);
        } else {
            self.current = event.into_bytes();
            self.written = 0;
        }
    }

    /// Writes what the socket takes now; `false` once the tab is closed, or has taken
    /// nothing for `patience`.
    fn flush(&mut self, patience: Duration) -> bool {
        loop {
            while self.is_behind() {
                match self.stream.write(&self.current[self.written..]) {
                    Ok(0) => return false,
                    Ok(n) => {
                        self.written += n;
                        self.stuck_since = None;
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        let since = *self.stuck_since.get_or_insert_with(Instant::now);
                        return since.elapsed() < patience;
                    }
                    Err(_) => return false,
                }
            }
            match self.newest.take() {
                Some(next) => self.queue(next),
                None => return true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_event_carries_the_build_and_the_errors() {
        let d = Diagnostic::error("content/safety.md", "unknown front matter key `titel`")
            .at(2, 1)
            .help("did you mean `title`?");
        let state = BuildState {
            build: 7,
            errors: vec![ShownProblem::from(&d)],
            desk: None,
        };
        let event = state.to_event();
        assert!(event.starts_with("event: state\ndata: {"));
        assert!(event.ends_with("\n\n"));
        let json: serde_json::Value =
            serde_json::from_str(event.lines().nth(1).unwrap().trim_start_matches("data: "))
                .unwrap();
        assert_eq!(json["build"], 7);
        assert_eq!(json["errors"][0]["location"], "content/safety.md:2:1");
        assert_eq!(json["errors"][0]["help"], "did you mean `title`?");
    }

    #[test]
    fn closed_streams_are_forgotten() {
        let hub = Broadcaster::default();
        let open = hub.subscribe();
        drop(hub.subscribe());
        hub.send("event: state\ndata: {}\n\n");
        assert_eq!(hub.subscribers(), 1);
        assert_eq!(open.try_recv().unwrap(), "event: state\ndata: {}\n\n");
    }

    /// A connected pair of sockets: (the server's side, the browser's side).
    fn connection() -> (TcpStream, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let browser = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (listener.accept().unwrap().0, browser)
    }

    #[test]
    fn a_stream_writes_headers_then_events_until_the_sender_is_gone() {
        let hub = Broadcaster::default();
        let tabs = Tabs::start(hub.subscribe());
        let (server, mut browser) = connection();
        tabs.add(server, || "event: state\ndata: 1\n\n".to_string());
        hub.send("event: state\ndata: 2\n\n");
        drop(hub);
        browser
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut browser, &mut text).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Type: text/event-stream"));
        let first = text.find("data: 1").unwrap();
        let second = text.find("data: 2").unwrap();
        assert!(first < second);
    }

    #[test]
    fn a_tab_that_stops_reading_is_dropped_without_holding_up_the_others() {
        let hub = Broadcaster::default();
        let tabs = Tabs::with_patience(hub.subscribe(), Duration::from_millis(300));
        let (stuck, _never_read) = connection();
        let (server, browser) = connection();
        tabs.add(stuck, String::new);
        tabs.add(server, String::new);
        let reader = thread::spawn(move || {
            let lines = std::io::BufRead::lines(std::io::BufReader::new(browser));
            lines
                .map_while(Result::ok)
                .any(|line| line == "data: the last one")
        });
        // Far more than the stuck tab's socket can hold.
        let big = format!("event: state\ndata: {}\n\n", "x".repeat(64 * 1024));
        for _ in 0..200 {
            hub.send(&big);
        }
        hub.send("event: state\ndata: the last one\n\n");
        assert!(
            reader.join().unwrap(),
            "the reading tab got the newest event"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while tabs.len() > 1 && Instant::now() < deadline {
            hub.send(": ping\n\n");
            thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(tabs.len(), 1, "the tab that stopped reading was dropped");
    }
}
