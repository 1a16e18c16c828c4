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

/// Reads one `Content-Length`-framed body.
pub fn read_frame(r: &mut impl BufRead) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad = false;
    let mut line = String::new();
    let mut saw_header = false;
    loop {
        line.clear();
        match r.read_line(&mut line) {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let l = line.trim_end_matches(['\r', '\n']);
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
    let mut body = vec![0; n];
    match r.read_exact(&mut body) {
        Ok(()) => Frame::Body(body),
        Err(_) => Frame::End,
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
    fn malformed_requests_keep_their_id() {
        let (id, _) = decode(br#"{"jsonrpc":"2.0","id":7,"params":1}"#).unwrap_err();
        assert_eq!(id, Some(RequestId::from(7)));
        let (id, _) = decode(b"not json").unwrap_err();
        assert_eq!(id, None);
        assert!(decode(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_ok());
    }
}
