//! Reading and writing a connection's socket without blocking: as far as it goes now.

use std::io::{ErrorKind, Read, Write};

use mio::net::TcpStream;

use super::MAX_HEAD;

/// What happens to a connection after it was read from or written to.
pub(super) enum Next {
    /// Wait for the socket to be ready again.
    Keep,
    /// The client is gone, or broke the rules: close.
    Close,
    /// The request head (whole, or all the client will send) is here: answer it.
    Answer(Vec<u8>),
}

/// Reads what has arrived of a request head.
pub(super) fn read_head(stream: &mut TcpStream, head: &mut Vec<u8>) -> Next {
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            // The client closed: answer what it sent (a malformed request gets its 400).
            Ok(0) if head.is_empty() => return Next::Close,
            Ok(0) => return Next::Answer(std::mem::take(head)),
            Ok(n) => {
                let searched_from = head.len().saturating_sub(3);
                head.extend_from_slice(&chunk[..n]);
                let complete = memchr::memmem::find(&head[searched_from..], b"\r\n\r\n").is_some();
                if complete || head.len() > MAX_HEAD {
                    return Next::Answer(std::mem::take(head));
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Next::Keep,
            Err(_) => return Next::Close,
        }
    }
}

/// Writes as much of `answer` as the socket takes; `Ok(true)` when all of it is written.
pub(super) fn write_some(
    stream: &mut TcpStream,
    answer: &[u8],
    sent: &mut usize,
) -> Result<bool, ()> {
    while *sent < answer.len() {
        match stream.write(&answer[*sent..]) {
            Ok(0) => return Err(()),
            Ok(n) => *sent += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
            Err(_) => return Err(()),
        }
    }
    Ok(true)
}

/// Reads and drops what the client still sends; `false` once it has closed (or sent more
/// than a request's worth).
pub(super) fn drain(stream: &mut TcpStream) -> bool {
    let mut chunk = [0u8; 4096];
    let mut total = 0;
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return false,
            Ok(n) => {
                total += n;
                if total > MAX_HEAD {
                    return false;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(_) => return false,
        }
    }
}
