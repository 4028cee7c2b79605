//! The workers that compute answers, so that the connection loop never waits for one, and
//! what they answer with: a [`Service`].

use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

use mio::Waker;

/// What the workers make of a request.
pub(crate) enum WorkerAnswer {
    /// The whole answer (status line, headers and body); the connection closes after it.
    Reply(Vec<u8>),
    /// The connection is handed to [`Service::adopt`].
    Adopt,
}

/// What answers requests: called by the workers, several at a time.
pub(crate) trait Service: Send + Sync + 'static {
    /// The answer to a request whose head is `head` (which ends with an empty line, unless the
    /// client sent more than [`MAX_HEAD`](super::MAX_HEAD) bytes without one, or closed early).
    fn respond(&self, head: &[u8]) -> WorkerAnswer;
    /// Takes over a connection answered with [`WorkerAnswer::Adopt`] (non-blocking).
    fn adopt(&self, stream: std::net::TcpStream);
    /// The answer when [`Service::respond`] panicked.
    fn failed(&self) -> Vec<u8>;
}

/// A request head for a worker, and where its answer goes.
pub(super) struct PendingHead {
    pub id: usize,
    pub head: Vec<u8>,
}

/// Starts `count` workers answering the jobs sent on the returned channel; each answer is
/// sent on `answered`, and `waker` wakes the connection loop to take it.
pub(super) fn start_workers(
    count: usize,
    service: &Arc<dyn Service>,
    answered: &Sender<(usize, WorkerAnswer)>,
    waker: &Arc<Waker>,
) -> io::Result<Sender<PendingHead>> {
    let (jobs, queue) = mpsc::channel::<PendingHead>();
    let queue = Arc::new(Mutex::new(queue));
    for n in 0..count.max(1) {
        let (queue, service) = (queue.clone(), service.clone());
        let (answered, waker) = (answered.clone(), waker.clone());
        thread::Builder::new()
            .name(format!("sitegen-answer-{n}"))
            .spawn(move || loop {
                let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok(job) = job else { return };
                let outcome = catch_unwind(AssertUnwindSafe(|| service.respond(&job.head)))
                    .unwrap_or_else(|_| WorkerAnswer::Reply(service.failed()));
                if answered.send((job.id, outcome)).is_err() || waker.wake().is_err() {
                    return;
                }
            })?;
    }
    Ok(jobs)
}
