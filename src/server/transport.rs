//! JSON-RPC over stdio, tolerant of bad input.
//!
//! `lsp-server`'s own stdio transport ends the connection at the first
//! payload that is not a valid message. This one answers a request it cannot
//! read with an error, skips a notification it cannot read, and ends only
//! when the input ends, when the framing cannot be recovered, or after
//! `exit`.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use lsp_server::{Message, RequestId};

/// What the reader hands the server.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A payload that is not a message; a request's id when it has one, so
    /// the server can answer it with an error.
    Malformed {
        id: Option<RequestId>,
        why: String,
    },
}

/// Channels over this process's stdin and stdout, and the writer thread.
///
/// The writer ends once every sender is dropped, after writing what is
/// queued. The reader ends at the end of the input or after `exit`.
pub fn stdio() -> (Sender<Message>, Receiver<Incoming>, thread::JoinHandle<()>) {
    let (out_tx, out_rx) = unbounded::<Message>();
    let (in_tx, in_rx) = bounded::<Incoming>(16);
    let writer = thread::Builder::new()
        .name("dockward-lsp-writer".into())
        .spawn(move || write_loop(out_rx, io::stdout().lock()))
        .expect("spawn the writer thread");
    thread::Builder::new()
        .name("dockward-lsp-reader".into())
        .spawn(move || read_loop(io::stdin().lock(), &in_tx))
        .expect("spawn the reader thread");
    (out_tx, in_rx, writer)
}

fn write_loop(rx: Receiver<Message>, mut out: impl Write) {
    for msg in rx {
        if msg.write(&mut out).is_err() {
            break;
        }
    }
}

/// What reading one frame gave.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A frame's body.
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`; skipped.
    Skipped,
    /// The end of the input, or a framing error that cannot be recovered.
    End,
}

/// The longest header line kept: `Content-Length: <20 digits>` and
/// `Content-Type` fit many times over. A longer line is read through and
/// dropped, and its frame skipped, so a line without an end costs time
/// proportional to its length and no memory.
pub const MAX_HEADER_LINE: usize = 4096;

/// Reads one header line into `line`, without its line ending. `None` at
/// the end of the input; `Some(false)` when the line was longer than
/// [`MAX_HEADER_LINE`] or not UTF-8 (it was consumed whole, and not kept).
fn read_header_line(r: &mut impl BufRead, line: &mut Vec<u8>) -> Option<bool> {
    line.clear();
    let mut too_long = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        if buf.is_empty() {
            // The input ended inside the line.
            return None;
        }
        let (chunk, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let n = chunk.len();
        if !too_long && line.len() + n <= MAX_HEADER_LINE + 2 {
            line.extend_from_slice(chunk);
        } else {
            too_long = true;
            line.clear();
        }
        r.consume(n);
        if done {
            break;
        }
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Some(!too_long && std::str::from_utf8(line).is_ok())
}

/// Reads one `Content-Length`-framed body.
pub fn read_frame(r: &mut impl BufRead) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad = false;
    let mut raw = Vec::new();
    let mut saw_header = false;
    loop {
        let Some(usable) = read_header_line(r, &mut raw) else {
            return Frame::End;
        };
        if !usable {
            saw_header = true;
            bad = true;
            continue;
        }
        let l = std::str::from_utf8(&raw).unwrap_or_default();
        if l.is_empty() {
            if !saw_header {
                // Stray blank lines between frames.
                continue;
            }
            break;
        }
        saw_header = true;
        match l.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad = true,
                }
            }
            Some(_) => {}
            None => bad = true,
        }
    }
    let Some(n) = length else {
        return Frame::Skipped;
    };
    if bad || n > MAX_FRAME {
        // The body's length is known: skip it and carry on.
        return match io::copy(&mut io::Read::take(&mut *r, n as u64), &mut io::sink()) {
            Ok(k) if k == n as u64 => Frame::Skipped,
            _ => Frame::End,
        };
    }
    // Grown as the bytes arrive: a large length with no body behind it
    // allocates nothing.
    let mut body = Vec::new();
    match io::Read::read_to_end(&mut io::Read::take(&mut *r, n as u64), &mut body) {
        Ok(k) if k == n => Frame::Body(body),
        _ => Frame::End,
    }
}

/// The largest message accepted: far above any Dockerfile an editor shows.
const MAX_FRAME: usize = 256 * 1024 * 1024;

fn read_loop(mut input: impl BufRead, tx: &Sender<Incoming>) {
    loop {
        let body = match read_frame(&mut input) {
            Frame::Body(b) => b,
            Frame::Skipped => Vec::new(),
            Frame::End => return,
        };
        let incoming = match decode(&body) {
            Ok(msg) => Incoming::Message(msg),
            Err((id, why)) => Incoming::Malformed { id, why },
        };
        let exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if tx.send(incoming).is_err() || exit {
            return;
        }
    }
}

/// A message, or why it is not one and the id to answer, if it has one.
pub fn decode(body: &[u8]) -> Result<Message, (Option<RequestId>, String)> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| (None, format!("the message is not JSON: {e}")))?;
    let id = value
        .get("id")
        .and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    serde_json::from_value::<Message>(value).map_err(|e| {
        (
            id,
            format!("the message is not a JSON-RPC request, response or notification: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_survive_garbage() {
        let input = b"Content-Length: 2\r\n\r\n{}\r\nX-Junk\r\n\r\nContent-Length: zz\r\n\r\nContent-Length: 3\r\ncontent-type: x\r\n\r\nabc";
        let mut r = &input[..];
        assert_eq!(read_frame(&mut r), Frame::Body(b"{}".to_vec()));
        assert_eq!(read_frame(&mut r), Frame::Skipped);
        assert_eq!(read_frame(&mut r), Frame::Skipped);
        assert_eq!(read_frame(&mut r), Frame::Body(b"abc".to_vec()));
        assert_eq!(read_frame(&mut r), Frame::End);
    }

    #[test]
    fn an_endless_header_line_is_dropped_without_being_kept() {
        // A header line far over the limit, then a good frame: the first
        // block is skipped, the next frame read.
        let mut input = vec![b'a'; 50 * MAX_HEADER_LINE];
        input.extend_from_slice(b"\r\n\r\nContent-Length: 2\r\n\r\n{}");
        let mut r = io::BufReader::with_capacity(1024, &input[..]);
        assert_eq!(read_frame(&mut r), Frame::Skipped);
        assert_eq!(read_frame(&mut r), Frame::Body(b"{}".to_vec()));
        // A long `Content-Length` line is not believed either.
        let mut long = b"Content-Length: 2".to_vec();
        long.extend(std::iter::repeat_n(b' ', 2 * MAX_HEADER_LINE));
        long.extend_from_slice(b"\r\n\r\n{}");
        assert_eq!(read_frame(&mut &long[..]), Frame::Skipped);
        // No line end at all: the input ends inside the line.
        let endless = vec![b'a'; 10 * MAX_HEADER_LINE];
        assert_eq!(read_frame(&mut &endless[..]), Frame::End);
        // Not UTF-8: skipped like any unusable header.
        assert_eq!(
            read_frame(&mut &b"\xff\xfe: 1\r\nContent-Length: 2\r\n\r\n{}"[..]),
            Frame::Skipped
        );
        // A length with no body behind it allocates nothing up front.
        assert_eq!(
            read_frame(&mut &b"Content-Length: 268435455\r\n\r\n{}"[..]),
            Frame::End
        );
    }

    #[test]
    fn malformed_requests_keep_their_id() {
        let (id, _) = decode(br#"{"jsonrpc":"2.0","id":7,"params":1}"#).unwrap_err();
        assert_eq!(id, Some(RequestId::from(7)));
        let (id, _) = decode(b"not json").unwrap_err();
        assert_eq!(id, None);
        assert!(decode(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_ok());
    }
}
