//! Telling open browser tabs about each build, with server-sent events.
//!
//! Every tab of the preview opens `GET /__sitegen/events` (an `EventSource`). The server keeps
//! the connection and sends one `state` event when it opens and another after each rebuild:
//! the build number and the current errors. The script in the tab ([`super::overlay`])
//! reloads when the build number differs from the one its page was served with, and shows the
//! errors over the page when there are any. Server-sent events need no extra crate and pass
//! the theme's `default-src 'self'` Content-Security-Policy.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// How often an idle event stream sends a comment, so that dead connections are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// A problem as the browser overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShownProblem {
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
pub struct BuildState {
    pub build: u64,
    pub errors: Vec<ShownProblem>,
}

impl BuildState {
    /// The state as one server-sent event.
    pub fn to_event(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        format!("event: state\ndata: {json}\n\n")
    }
}

/// The open event streams.
#[derive(Default)]
pub struct Broadcaster {
    subscribers: Mutex<Vec<Sender<String>>>,
}

impl Broadcaster {
    /// A new stream; it receives every event sent from now on.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.lock().push(tx);
        rx
    }

    /// Sends `event` to every open stream and forgets the closed ones.
    pub fn send(&self, event: &str) {
        self.lock().retain(|tx| tx.send(event.to_string()).is_ok());
    }

    /// How many streams are open (a closed one counts until the next send).
    pub fn subscribers(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<String>>> {
        self.subscribers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes an event stream to `out` until the client goes away: `first`, then each event
/// from `events`, with keep-alive comments in between.
pub fn stream_events(mut out: impl Write, first: &str, events: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 500\n\n";
    if out.write_all(head.as_bytes()).is_err() || send(&mut out, first).is_err() {
        return;
    }
    loop {
        let chunk = match events.recv_timeout(KEEPALIVE) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut out, &chunk).is_err() {
            return;
        }
    }
}

fn send(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
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

    #[test]
    fn a_stream_writes_headers_then_events_until_the_sender_is_gone() {
        let hub = Broadcaster::default();
        let rx = hub.subscribe();
        hub.send("event: state\ndata: 2\n\n");
        drop(hub);
        let mut out = Vec::new();
        stream_events(&mut out, "event: state\ndata: 1\n\n", rx);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Type: text/event-stream"));
        let first = text.find("data: 1").unwrap();
        let second = text.find("data: 2").unwrap();
        assert!(first < second);
    }
}
