//! The preview's connections: one thread waits on every socket at once (readiness, with
//! `mio`), reads request heads and writes answers without blocking, and a few workers
//! compute the answers. What an answer is belongs to a [`Service`] ([`super::http`]).
//!
//! Why not a thread per connection: browsers keep idle connections open, and anything on the
//! machine (or the network, with `--bind 0.0.0.0`) can open more; 4,000 idle connections
//! made ~3,000 threads and 365 MB resident. Here an idle connection costs a socket and a few
//! dozen bytes, and its place in a map; no async runtime is needed for that.
//!
//! Bounds, so that no client can starve another:
//! - a request head must arrive whole within [`Limits::head_timeout`] of connecting, and be at
//!   most [`MAX_HEAD`] bytes (larger heads get the service's 400);
//! - at most [`Limits::max_open`] connections are held; past it, or when the process is out of
//!   file descriptors, the oldest idle connection (still sending its head, or already
//!   answered) is closed to make room for the new one;
//! - an answer must be taken within [`Limits::write_timeout`] of the last progress;
//! - after its answer, a connection is closed once the client closes, or after
//!   [`Limits::linger`] (closing at once, with request bytes unread, could reset the
//!   connection and cut the answer short).
//!
//! Every connection gets one answer and `Connection: close`; a request for the live-reload
//! stream is handed over to the service ([`Service::adopt`]) and leaves this loop.

mod answer_workers;
mod socket;

use std::collections::BTreeMap;
use std::io::{self, ErrorKind};
use std::net::Shutdown;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use answer_workers::{start_workers, PendingHead};
pub(crate) use answer_workers::{Service, WorkerAnswer};
use socket::{drain, read_head, write_some, Next};

/// The most of a request head (request line and headers) that is read.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
/// Connections are numbered from here, in the order they arrive; a number is never reused.
const FIRST_CONNECTION: usize = 2;
/// How late a connection may be closed after its deadline, so that one pass over the
/// connections closes all those whose deadlines fall close together.
const CHECK_GRAIN: Duration = Duration::from_millis(50);

/// How many connections, and for how long.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_open: usize,
    pub head_timeout: Duration,
    pub write_timeout: Duration,
    pub linger: Duration,
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_open: 8192,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            linger: Duration::from_secs(1),
            workers: thread::available_parallelism().map_or(2, |n| n.get().clamp(4, 8)),
        }
    }
}

/// Starts answering connections of `listener` with `service`, until the process ends.
pub(crate) fn start(
    listener: std::net::TcpListener,
    service: Arc<dyn Service>,
    limits: Limits,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let (answered, answers) = mpsc::channel();
    let jobs = start_workers(limits.workers, &service, &answered, &waker)?;
    let mut event_loop = EventLoop {
        poll,
        listener,
        service,
        limits,
        jobs,
        answers,
        open: BTreeMap::new(),
        next_id: FIRST_CONNECTION,
        next_check: None,
        accept_again: false,
    };
    thread::Builder::new()
        .name("sitegen-http".into())
        .spawn(move || event_loop.run())?;
    Ok(())
}

/// Where a connection is.
enum ConnectionState {
    /// Waiting for the rest of the request head; what has arrived so far.
    Reading(Vec<u8>),
    /// A worker has the head.
    Answering,
    /// Sending the answer; how much is sent.
    Writing(Vec<u8>, usize),
    /// Answered; waiting for the client to close.
    Closing,
}

struct Connection {
    stream: TcpStream,
    state: ConnectionState,
    /// When the connection is closed if it is still in this state (none while answering).
    deadline: Option<Instant>,
}

impl Connection {
    /// Idle: nothing is owed to the client, so closing it loses no answer.
    fn is_idle(&self) -> bool {
        matches!(
            self.state,
            ConnectionState::Reading(_) | ConnectionState::Closing
        )
    }
}

struct EventLoop {
    poll: Poll,
    listener: TcpListener,
    service: Arc<dyn Service>,
    limits: Limits,
    jobs: Sender<PendingHead>,
    answers: Receiver<(usize, WorkerAnswer)>,
    /// Open connections by number, so the first is the oldest.
    open: BTreeMap<usize, Connection>,
    next_id: usize,
    /// No deadline passes before this.
    next_check: Option<Instant>,
    /// Accepting failed for want of file descriptors, with nothing idle to close.
    accept_again: bool,
}

impl EventLoop {
    fn run(&mut self) {
        let mut events = Events::with_capacity(1024);
        loop {
            let timeout = self.timeout();
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == ErrorKind::Interrupted {
                    continue;
                }
                eprintln!("error: the preview stopped answering: {e}");
                return;
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => self.take_answers(),
                    Token(id) => self.ready(id),
                }
            }
            if self.accept_again {
                self.accept();
            }
            self.close_overdue();
        }
    }

    /// How long to wait for sockets: until the next deadline (or a moment, to accept again).
    fn timeout(&self) -> Option<Duration> {
        let retry = self.accept_again.then_some(Duration::from_millis(100));
        let deadline = self
            .next_check
            .map(|at| at.saturating_duration_since(Instant::now()));
        retry.into_iter().chain(deadline).min()
    }

    fn accept(&mut self) {
        self.accept_again = false;
        // Room made for want of file descriptors, at most this often per call.
        let mut evictions = 64;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::Interrupted
                            | ErrorKind::ConnectionAborted
                            | ErrorKind::ConnectionReset
                    ) => {}
                // Most likely out of file descriptors: make room, or try again shortly.
                Err(_) => {
                    evictions -= 1;
                    if evictions == 0 || !self.close_oldest_idle() {
                        self.accept_again = true;
                        return;
                    }
                }
            }
        }
    }

    fn admit(&mut self, mut stream: TcpStream) {
        if self.open.len() >= self.limits.max_open && !self.close_oldest_idle() {
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        // Writability is asked for only when an answer does not fit the socket at once: most
        // never need it, and every new socket is writable (an event each, for nothing).
        let registered = self
            .poll
            .registry()
            .register(&mut stream, Token(id), Interest::READABLE);
        if registered.is_err() {
            return;
        }
        let deadline = Instant::now() + self.limits.head_timeout;
        self.open.insert(
            id,
            Connection {
                stream,
                state: ConnectionState::Reading(Vec::new()),
                deadline: Some(deadline),
            },
        );
        self.plan_check(deadline);
    }

    /// Closes the connection that has been idle longest; `false` if none is idle.
    fn close_oldest_idle(&mut self) -> bool {
        let oldest = self
            .open
            .iter()
            .find(|(_, c)| c.is_idle())
            .map(|(&id, _)| id);
        oldest.map(|id| self.close(id)).is_some()
    }

    /// A socket is readable or writable (or both, or closed).
    fn ready(&mut self, id: usize) {
        let Some(connection) = self.open.get_mut(&id) else {
            return;
        };
        let next = match &mut connection.state {
            ConnectionState::Reading(head) => read_head(&mut connection.stream, head),
            ConnectionState::Answering => Next::Keep,
            ConnectionState::Writing(..) | ConnectionState::Closing => Next::Keep,
        };
        match next {
            Next::Keep => self.progress(id),
            Next::Close => self.close(id),
            Next::Answer(head) => {
                if let Some(connection) = self.open.get_mut(&id) {
                    connection.state = ConnectionState::Answering;
                    connection.deadline = None;
                }
                if self.jobs.send(PendingHead { id, head }).is_err() {
                    self.close(id);
                }
            }
        }
    }

    /// Writes what is owed and reads what is left, as far as the socket allows now.
    fn progress(&mut self, id: usize) {
        let Some(connection) = self.open.get_mut(&id) else {
            return;
        };
        let now = Instant::now();
        let mut finished = false;
        if let ConnectionState::Writing(answer, sent) = &mut connection.state {
            match write_some(&mut connection.stream, answer, sent) {
                Ok(true) => finished = true,
                Ok(false) => {
                    connection.deadline = Some(now + self.limits.write_timeout);
                    let both = Interest::READABLE | Interest::WRITABLE;
                    let asked =
                        self.poll
                            .registry()
                            .reregister(&mut connection.stream, Token(id), both);
                    if asked.is_err() {
                        return self.close(id);
                    }
                }
                Err(()) => return self.close(id),
            }
        }
        if finished {
            let _ = connection.stream.shutdown(Shutdown::Write);
            connection.state = ConnectionState::Closing;
            connection.deadline = Some(now + self.limits.linger);
        }
        if matches!(connection.state, ConnectionState::Closing) && !drain(&mut connection.stream) {
            return self.close(id);
        }
        if let Some(deadline) = connection.deadline {
            self.plan_check(deadline);
        }
    }

    /// Answers from the workers.
    fn take_answers(&mut self) {
        while let Ok((id, outcome)) = self.answers.try_recv() {
            match outcome {
                WorkerAnswer::Reply(answer) => {
                    if let Some(connection) = self.open.get_mut(&id) {
                        // The answer goes out whole, without waiting to fill a packet.
                        let _ = connection.stream.set_nodelay(true);
                        connection.state = ConnectionState::Writing(answer, 0);
                        self.progress(id);
                    }
                }
                WorkerAnswer::Adopt => {
                    if let Some(mut connection) = self.open.remove(&id) {
                        let _ = self.poll.registry().deregister(&mut connection.stream);
                        let stream = connection.stream.into();
                        // A bug in the service must not stop every connection.
                        let _ = catch_unwind(AssertUnwindSafe(|| self.service.adopt(stream)));
                    }
                }
            }
        }
    }

    fn close(&mut self, id: usize) {
        if let Some(mut connection) = self.open.remove(&id) {
            let _ = self.poll.registry().deregister(&mut connection.stream);
        }
    }

    fn plan_check(&mut self, deadline: Instant) {
        if self.next_check.is_none_or(|at| deadline < at) {
            self.next_check = Some(deadline);
        }
    }

    /// Closes the connections whose deadline has passed, and notes the next deadline.
    fn close_overdue(&mut self) {
        let now = Instant::now();
        if self.next_check.is_none_or(|at| at > now) {
            return;
        }
        let overdue: Vec<usize> = self
            .open
            .iter()
            .filter(|(_, c)| c.deadline.is_some_and(|d| d <= now))
            .map(|(&id, _)| id)
            .collect();
        for id in overdue {
            self.close(id);
        }
        // Deadlines close together are checked in one pass.
        self.next_check = self
            .open
            .values()
            .filter_map(|c| c.deadline)
            .min()
            .map(|at| at.max(now + CHECK_GRAIN));
    }
}

#[cfg(test)]
mod tests;
