//! Just enough HTTP/1.1 for a dev server, on std's `TcpListener`: a thread
//! per connection (a slow client or a long-lived event stream blocks only
//! itself), read and write timeouts, a bounded request head parsed by
//! `httparse`, keep-alive. What to answer is the caller's `respond`
//! function; this file only speaks the protocol, and adds no
//! `Access-Control-*` header to anything.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// Largest request head read; a browser's is a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// Open connections at most (each holds a thread); more get a 503.
const MAX_CONNECTIONS: usize = 256;
/// An idle keep-alive connection, or a client sending its request this
/// slowly, is closed after this long.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// A client that stops reading is dropped after this long.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// What a request asks for (the body, if any, is never read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub method: String,
    /// The request target exactly as sent (`/a/b/?x`).
    pub target: String,
    pub host: Option<String>,
    /// Close the connection after answering.
    pub close: bool,
}

/// A response body: shared (a cached page) or made for this response.
pub(crate) enum Body {
    Shared(Arc<[u8]>),
    Owned(Vec<u8>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
        }
    }
}

/// A whole response.
pub(crate) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: &'static str, body: Body) -> Response {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    pub(crate) fn text(status: u16, text: &str) -> Response {
        let body = Body::Owned(format!("{text}\n").into_bytes());
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    pub(crate) fn with(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// Writes a streamed body until the client goes away.
pub(crate) type Streamer = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + Send>;

/// What `respond` answers.
pub(crate) enum Reply {
    Full(Response),
    /// A body of unknown length (server-sent events), ended by closing.
    Stream {
        content_type: &'static str,
        headers: Vec<(&'static str, String)>,
        body: Streamer,
    },
}

/// The function that answers requests; called on many threads at once.
pub(crate) type Respond = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// Accept connections forever, each on its own thread.
pub(crate) fn serve(listener: TcpListener, respond: Respond) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait for some to close.
            thread::sleep(Duration::from_millis(20));
            continue;
        };
        if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            refuse(stream);
            continue;
        }
        let slot = Slot::take(&open);
        let respond = Arc::clone(&respond);
        let spawned = thread::Builder::new()
            .name("dojo-http".into())
            .spawn(move || {
                let _slot = slot;
                let _ = connection(stream, respond.as_ref());
            });
        // A failed spawn drops the closure, its slot and the connection.
        drop(spawned);
    }
}

/// One counted open connection.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::AcqRel);
        Slot(Arc::clone(open))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let busy = Response::text(503, "Too many open connections; try again");
    let _ = write_response(&mut stream, &busy, false, true);
}

/// Answer requests on one connection until it closes.
fn connection(
    mut stream: TcpStream,
    respond: &(dyn Fn(&Request) -> Reply + Sync),
) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let _ = stream.set_nodelay(true);
    let mut pending = Vec::new();
    loop {
        let request = match read_head(&mut stream, &mut pending)? {
            Head::Request(r) => r,
            Head::Closed => return Ok(()),
            Head::Bad(status, why) => {
                return write_response(&mut stream, &Response::text(status, why), false, true);
            }
        };
        let head_only = request.method == "HEAD";
        match respond(&request) {
            Reply::Full(response) => {
                write_response(&mut stream, &response, head_only, request.close)?;
                if request.close {
                    return Ok(());
                }
            }
            Reply::Stream {
                content_type,
                headers,
                body,
            } => {
                write_stream_head(&mut stream, content_type, &headers)?;
                return body(&mut stream);
            }
        }
    }
}

/// The outcome of reading one request head.
#[derive(Debug, PartialEq, Eq)]
enum Head {
    Request(Request),
    /// The client closed or went quiet: close without answering.
    Closed,
    Bad(u16, &'static str),
}

/// Read until `pending` holds a whole request head; what follows it stays
/// in `pending` for the next request (pipelining).
fn read_head(stream: &mut impl Read, pending: &mut Vec<u8>) -> io::Result<Head> {
    let mut chunk = [0u8; 4096];
    loop {
        if !pending.is_empty() {
            match parse_head(pending) {
                Some(Ok((request, len))) => {
                    pending.drain(..len);
                    return Ok(Head::Request(request));
                }
                Some(Err((status, why))) => return Ok(Head::Bad(status, why)),
                None if pending.len() >= MAX_HEAD => {
                    return Ok(Head::Bad(431, "Request header fields too large"));
                }
                None => {}
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(Head::Closed),
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(Head::Closed);
            }
            Err(e) => return Err(e),
        }
    }
}

type Parsed = Result<(Request, usize), (u16, &'static str)>;

/// Parse a request head; `None` while it is incomplete.
fn parse_head(bytes: &[u8]) -> Option<Parsed> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return None,
        Err(httparse::Error::TooManyHeaders) => {
            return Some(Err((431, "Too many header fields")));
        }
        Err(_) => return Some(Err((400, "Bad request"))),
    };
    Some(request_of(&parsed).map(|r| (r, len)))
}

fn request_of(parsed: &httparse::Request<'_, '_>) -> Result<Request, (u16, &'static str)> {
    let header = |name: &str| values(parsed.headers, name);
    let hosts = header("host");
    if hosts.len() > 1 {
        return Err((400, "More than one Host header"));
    }
    let wants_close =
        (header("connection").iter()).any(|v| v.to_ascii_lowercase().contains("close"));
    // A body is never read, so the connection cannot carry another request.
    let has_body = !header("transfer-encoding").is_empty()
        || header("content-length").iter().any(|v| v != "0");
    Ok(Request {
        method: parsed.method.unwrap_or_default().to_string(),
        target: parsed.path.unwrap_or_default().to_string(),
        host: hosts.into_iter().next(),
        close: wants_close || has_body || parsed.version != Some(1),
    })
}

/// The values of every header named `name`, trimmed.
fn values(headers: &[httparse::Header<'_>], name: &str) -> Vec<String> {
    headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
        .collect()
}

fn write_response(
    out: &mut impl Write,
    response: &Response,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let body = response.body.bytes();
    let mut head = status_line(response.status);
    head.push_str(&format!(
        "Content-Type: {}\r\nContent-Length: {}\r\n",
        response.content_type,
        body.len()
    ));
    push_headers(&mut head, &response.headers);
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

fn write_stream_head(
    out: &mut impl Write,
    content_type: &str,
    headers: &[(&'static str, String)],
) -> io::Result<()> {
    let mut head = status_line(200);
    head.push_str(&format!("Content-Type: {content_type}\r\n"));
    push_headers(&mut head, headers);
    head.push_str("Connection: close\r\n\r\n");
    out.write_all(head.as_bytes())?;
    out.flush()
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

/// Headers every response carries, then the response's own. A dev server's
/// answers are never cached: every save must show.
fn push_headers(head: &mut String, headers: &[(&'static str, String)]) {
    head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        let mut pending = text.as_bytes().to_vec();
        read_head(&mut io::empty(), &mut pending).unwrap()
    }

    fn request(text: &str) -> Request {
        match head(text) {
            Head::Request(r) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_plain_get_keeps_the_connection() {
        let r = request("GET /a/?x=1 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n");
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a/?x=1");
        assert_eq!(r.host.as_deref(), Some("localhost:1111"));
        assert!(!r.close);
    }

    #[test]
    fn close_http_1_0_and_bodies_end_the_connection() {
        assert!(request("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").close);
        assert!(request("GET / HTTP/1.0\r\n\r\n").close);
        assert!(request("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").close);
        assert!(request("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").close);
    }

    #[test]
    fn bad_heads_are_refused() {
        assert_eq!(
            head("GET /\0 HTTP/1.1\r\n\r\n"),
            Head::Bad(400, "Bad request")
        );
        assert_eq!(
            head("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            Head::Bad(400, "More than one Host header")
        );
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(head(&huge), Head::Bad(431, _)));
        assert_eq!(head("GET / HTTP/1.1\r\n"), Head::Closed);
    }

    #[test]
    fn pipelined_requests_are_read_one_by_one() {
        let mut pending = b"GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n".to_vec();
        let mut none = io::empty();
        let first = read_head(&mut none, &mut pending).unwrap();
        let second = read_head(&mut none, &mut pending).unwrap();
        assert!(matches!(first, Head::Request(r) if r.target == "/a"));
        assert!(matches!(second, Head::Request(r) if r.target == "/b"));
    }

    #[test]
    fn responses_carry_length_and_no_cors() {
        let mut out = Vec::new();
        let r = Response::text(404, "Not found").with("X-Dojo-Build", "3".into());
        write_response(&mut out, &r, false, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"), "{text}");
        assert!(text.contains("Content-Length: 10\r\n"), "{text}");
        assert!(text.contains("X-Dojo-Build: 3\r\n"), "{text}");
        assert!(
            !text.to_ascii_lowercase().contains("access-control"),
            "{text}"
        );
        assert!(text.ends_with("\r\n\r\nNot found\n"), "{text}");
    }
}
