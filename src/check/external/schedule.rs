//! Asking many sites at once, politely: a few worker threads share the URLs, at most
//! `per_host` of them ask one host at a time, and requests to one host start at least
//! `delay` apart (longer when the host sent `Retry-After`).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How many requests may be under way at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestLimits {
    /// Worker threads: requests under way across all hosts.
    pub workers: usize,
    /// URLs of one host asked about at once.
    pub per_host: usize,
    /// The least time between the starts of two requests to one host.
    pub delay: Duration,
}

/// When each host may next be asked: shared by the workers, so pacing holds across them.
pub(crate) struct Pacing {
    next: Mutex<HashMap<String, Instant>>,
    delay: Duration,
}

impl Pacing {
    pub(crate) fn new(delay: Duration) -> Self {
        Pacing {
            next: Mutex::new(HashMap::new()),
            delay,
        }
    }

    /// Waits for `host`'s turn, and books its next turn `delay` later.
    pub(crate) fn wait_turn(&self, host: &str) {
        let start = {
            let mut next = lock(&self.next);
            let now = Instant::now();
            let start = next.get(host).map_or(now, |&t| t.max(now));
            next.insert(host.to_string(), start + self.delay);
            start
        };
        std::thread::sleep(start.saturating_duration_since(Instant::now()));
    }

    /// Keeps every worker from asking `host` before `until` (the host asked us to wait).
    pub(crate) fn hold(&self, host: &str, until: Instant) {
        let mut next = lock(&self.next);
        let at = next.entry(host.to_string()).or_insert(until);
        *at = (*at).max(until);
    }
}

/// The queue the workers take jobs from.
struct Queue {
    /// Job numbers not started yet, in order.
    pending: Vec<usize>,
    /// Jobs under way per host.
    active: HashMap<String, usize>,
}

/// Runs `work` on each of `jobs` (whose host `host_of` tells) within `limits`; returns each
/// result with its job's number, in no particular order.
pub(crate) fn run_all<J: Sync, R: Send>(
    jobs: &[J],
    host_of: impl Fn(&J) -> &str + Sync,
    limits: RequestLimits,
    work: impl Fn(&J) -> R + Sync,
) -> Vec<(usize, R)> {
    let queue = Mutex::new(Queue {
        pending: (0..jobs.len()).collect(),
        active: HashMap::new(),
    });
    let turn = Condvar::new();
    let results = Mutex::new(Vec::with_capacity(jobs.len()));
    let per_host = limits.per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..limits.workers.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                while let Some(index) = next_job(&queue, &turn, jobs, &host_of, per_host) {
                    let host = host_of(&jobs[index]);
                    // Frees the host's place even if `work` panics, so no worker waits forever.
                    let _done = Done {
                        queue: &queue,
                        turn: &turn,
                        host,
                    };
                    let result = work(&jobs[index]);
                    lock(&results).push((index, result));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// The next job whose host has a free place, waiting for one; `None` when all are taken.
fn next_job<J>(
    queue: &Mutex<Queue>,
    turn: &Condvar,
    jobs: &[J],
    host_of: &impl Fn(&J) -> &str,
    per_host: usize,
) -> Option<usize> {
    let mut state = lock(queue);
    loop {
        if state.pending.is_empty() {
            return None;
        }
        let free = state.pending.iter().position(|&i| {
            let host = host_of(&jobs[i]);
            state.active.get(host).copied().unwrap_or(0) < per_host
        });
        if let Some(position) = free {
            let index = state.pending.remove(position);
            *state
                .active
                .entry(host_of(&jobs[index]).to_string())
                .or_default() += 1;
            return Some(index);
        }
        state = turn.wait(state).unwrap_or_else(PoisonError::into_inner);
    }
}

/// A job under way: when dropped, its host's place is freed and waiting workers look again.
struct Done<'a> {
    queue: &'a Mutex<Queue>,
    turn: &'a Condvar,
    host: &'a str,
}

impl Drop for Done<'_> {
    fn drop(&mut self) {
        if let Some(n) = lock(self.queue).active.get_mut(self.host) {
            *n = n.saturating_sub(1);
        }
        self.turn.notify_all();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn no_more_than_the_per_host_limit_ask_one_host_at_once() {
        let jobs: Vec<&str> = ["a", "a", "a", "a", "a", "b", "b", "b"].to_vec();
        let now_a = AtomicUsize::new(0);
        let most_a = AtomicUsize::new(0);
        let limits = RequestLimits {
            workers: 6,
            per_host: 2,
            delay: Duration::ZERO,
        };
        let results = run_all(
            &jobs,
            |j| j,
            limits,
            |&host| {
                if host == "a" {
                    let n = now_a.fetch_add(1, Ordering::SeqCst) + 1;
                    most_a.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    now_a.fetch_sub(1, Ordering::SeqCst);
                }
                host.len()
            },
        );
        let mut numbers: Vec<usize> = results.iter().map(|(i, _)| *i).collect();
        numbers.sort();
        assert_eq!(numbers, (0..8).collect::<Vec<_>>());
        assert_eq!(most_a.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn requests_to_one_host_start_a_delay_apart_and_a_hold_pushes_them_back() {
        let pacing = Pacing::new(Duration::from_millis(200));
        let start = Instant::now();
        pacing.wait_turn("a");
        pacing.wait_turn("a");
        let a_twice = start.elapsed();
        pacing.wait_turn("b");
        assert!(a_twice >= Duration::from_millis(200));
        assert!(
            start.elapsed() - a_twice < Duration::from_millis(150),
            "b does not wait for a"
        );
        pacing.hold("a", Instant::now() + Duration::from_millis(300));
        let held = Instant::now();
        pacing.wait_turn("a");
        assert!(held.elapsed() >= Duration::from_millis(300));
    }
}
