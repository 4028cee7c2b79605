//! The connection loop with a stand-in service: bounds, timeouts and hand-overs.

use std::io::{Read, Write};
use std::net::TcpStream as StdStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::*;

/// Answers `GET /big` with 8 MB, panics on `GET /panic`, hands `GET /adopt` over (and says
/// `adopted` on it), and answers anything else with `ok`.
#[derive(Default)]
struct Echo {
    adopted: Mutex<Vec<std::net::TcpStream>>,
    answered: AtomicUsize,
}

impl Service for Echo {
    fn respond(&self, head: &[u8]) -> WorkerAnswer {
        self.answered.fetch_add(1, Ordering::SeqCst);
        let body = match head {
            h if h.starts_with(b"GET /big ") => vec![b'x'; 8 << 20],
            h if h.starts_with(b"GET /panic ") => panic!("a bug in an answer"),
            h if h.starts_with(b"GET /adopt ") => return WorkerAnswer::Adopt,
            h if h.ends_with(b"\r\n\r\n") => b"ok".to_vec(),
            _ => b"unreadable".to_vec(),
        };
        let mut reply = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        reply.push_str(&String::from_utf8_lossy(&body));
        WorkerAnswer::Reply(reply.into_bytes())
    }

    fn adopt(&self, mut stream: std::net::TcpStream) {
        let mut adopted = self.adopted.lock().unwrap_or_else(|e| e.into_inner());
        let _ = stream.write_all(b"adopted");
        adopted.push(stream);
    }

    fn failed(&self) -> Vec<u8> {
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n".to_vec()
    }
}

fn serve(limits: Limits) -> (String, Arc<Echo>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let echo = Arc::new(Echo::default());
    start(listener, echo.clone(), limits).unwrap();
    (addr, echo)
}

fn connect(addr: &str) -> StdStream {
    let stream = StdStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Sends `GET target` and reads the answer until the server closes.
fn get(addr: &str, target: &str) -> Vec<u8> {
    let mut stream = connect(addr);
    write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    answer
}

/// Whether the server has closed `stream` (reading gives end of file or a reset).
fn closed_by_server(stream: &mut StdStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(stream.read(&mut byte), Ok(0) | Err(_))
}

#[test]
fn a_request_among_many_idle_connections_is_answered_at_once() {
    let (addr, _) = serve(Limits::default());
    let idle: Vec<StdStream> = (0..300).map(|_| connect(&addr)).collect();
    let started = Instant::now();
    assert!(get(&addr, "/").ends_with(b"\r\n\r\nok"));
    assert!(started.elapsed() < Duration::from_secs(2));
    drop(idle);
}

#[test]
fn a_connection_that_never_sends_a_whole_head_is_closed_after_the_timeout() {
    let limits = Limits {
        head_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let (addr, echo) = serve(limits);
    let mut silent = connect(&addr);
    let mut partial = connect(&addr);
    partial.write_all(b"GET / HT").unwrap();
    let started = Instant::now();
    assert!(closed_by_server(&mut silent));
    assert!(closed_by_server(&mut partial));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(echo.answered.load(Ordering::SeqCst), 0);
}

#[test]
fn past_the_cap_the_oldest_idle_connection_makes_room_for_a_new_request() {
    let limits = Limits {
        max_open: 4,
        ..Limits::default()
    };
    let (addr, _) = serve(limits);
    let mut idle: Vec<StdStream> = (0..4).map(|_| connect(&addr)).collect();
    // The fourth is surely registered once a request on a fifth is answered.
    assert!(get(&addr, "/").ends_with(b"ok"));
    assert!(get(&addr, "/").ends_with(b"ok"));
    assert!(closed_by_server(&mut idle[0]), "the oldest was closed");
    // The newest idle connection is still open and is answered.
    let newest = idle.last_mut().unwrap();
    newest
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    newest.read_to_end(&mut answer).unwrap();
    assert!(answer.ends_with(b"ok"));
}

#[test]
fn an_answer_larger_than_the_socket_takes_at_once_arrives_whole() {
    let (addr, _) = serve(Limits::default());
    let answer = get(&addr, "/big");
    assert!(answer.starts_with(b"HTTP/1.1 200 OK\r\n"));
    assert_eq!(answer.iter().filter(|&&b| b == b'x').count(), 8 << 20);
}

#[test]
fn a_head_cut_short_or_too_long_is_still_answered_by_the_service() {
    let (addr, _) = serve(Limits::default());
    let mut cut = connect(&addr);
    cut.write_all(b"GET / HTTP/1.1\r\nHost").unwrap();
    cut.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    cut.read_to_end(&mut answer).unwrap();
    assert!(answer.ends_with(b"unreadable"));
    let mut long = connect(&addr);
    let header = format!("X-Filler: {}\r\n", "a".repeat(MAX_HEAD + 8192));
    let _ = write!(long, "GET / HTTP/1.1\r\n{header}\r\n");
    let mut answer = Vec::new();
    let _ = long.read_to_end(&mut answer);
    assert!(answer.ends_with(b"unreadable"), "{}", answer.len());
}

#[test]
fn a_panicking_answer_gets_a_500_and_the_server_goes_on() {
    let (addr, _) = serve(Limits::default());
    for _ in 0..Limits::default().workers + 1 {
        assert!(get(&addr, "/panic").starts_with(b"HTTP/1.1 500"));
    }
    assert!(get(&addr, "/").ends_with(b"ok"));
}

#[test]
fn a_handed_over_connection_leaves_the_loop_open() {
    let (addr, echo) = serve(Limits::default());
    let mut tab = connect(&addr);
    tab.write_all(b"GET /adopt HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut said = [0u8; 7];
    tab.read_exact(&mut said).unwrap();
    assert_eq!(&said, b"adopted");
    let adopted = echo.adopted.lock().unwrap_or_else(|e| e.into_inner()).len();
    assert_eq!(adopted, 1);
}
