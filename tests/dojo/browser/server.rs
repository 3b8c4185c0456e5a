//! A tiny static file server for the browser tests: serves a built site from
//! 127.0.0.1 at the root or under a subpath, optionally with a strict
//! Content-Security-Policy, and records the CSP violation reports it receives.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Where browsers POST Content-Security-Policy violation reports.
const CSP_REPORT_PATH: &str = "/__csp";

/// Whether responses carry a Content-Security-Policy header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Csp {
    Off,
    /// `default-src 'self'`: what the README promises a host can set.
    Strict,
}

/// A running server; it stops when dropped.
pub(crate) struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
}

struct State {
    root: PathBuf,
    /// Always starts and ends with `/`.
    prefix: String,
    csp: Csp,
    csp_reports: Mutex<Vec<String>>,
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
}

struct Response {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Server {
    /// Serve the folder `root` at `http://127.0.0.1:<port><prefix>`.
    pub(crate) fn start(root: &Path, prefix: &str, csp: Csp) -> Server {
        assert!(prefix.starts_with('/') && prefix.ends_with('/'), "{prefix}");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State {
            root: root.to_path_buf(),
            prefix: prefix.to_string(),
            csp,
            csp_reports: Mutex::new(Vec::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let (state2, stop2) = (Arc::clone(&state), Arc::clone(&stop));
        thread::spawn(move || accept_loop(&listener, &state2, &stop2));
        Server { addr, state, stop }
    }

    /// The absolute URL of `path`, relative to the site's root.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{}{}", self.addr, self.state.prefix, path)
    }

    /// The CSP violation reports received so far.
    pub(crate) fn csp_reports(&self) -> Vec<String> {
        self.state.csp_reports.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag and exits.
        let _ = TcpStream::connect(self.addr);
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<State>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(state);
        // A thread per connection: Chromium opens several at once.
        thread::spawn(move || {
            let _ = handle(stream, &state);
        });
    }
}

/// One request per connection (`Connection: close`) keeps the parser tiny.
fn handle(mut stream: TcpStream, state: &State) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let Some(request) = read_request(&mut stream)? else {
        return Ok(());
    };
    let response = respond(&request, state);
    write_response(&mut stream, &request, &response, state.csp)
}

fn read_request(stream: &mut TcpStream) -> io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let (method, path) = (method.to_string(), target.to_string());
    let mut content_length = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request { method, path, body }))
}

fn respond(request: &Request, state: &State) -> Response {
    match request.method.as_str() {
        "POST" if request.path == CSP_REPORT_PATH => {
            let report = String::from_utf8_lossy(&request.body).into_owned();
            state.csp_reports.lock().unwrap().push(report);
            Response::empty(204)
        }
        "GET" | "HEAD" => serve_file(&request.path, state),
        _ => Response::empty(405),
    }
}

fn serve_file(target: &str, state: &State) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    // `/handbook` is the folder `/handbook/`: send the browser there, as
    // real servers do, so relative links resolve against the folder.
    if format!("{path}/") == state.prefix {
        return Response::redirect(state.prefix.clone());
    }
    let Some(rel) = path.strip_prefix(&state.prefix) else {
        return Response::not_found();
    };
    let Some(rel) = safe_relative(&percent_decode(rel)) else {
        return Response::not_found();
    };
    let mut file = state.root.join(rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            return Response::redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            content_type: content_type(&file),
            location: None,
            body,
        },
        Err(_) => Response::not_found(),
    }
}

/// `rel` as a path inside the served folder, or None if it climbs out.
fn safe_relative(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(rel);
    let inside = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    inside.then_some(path)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A wrong type is a real bug on a host with `nosniff`, so be exact.
fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

impl Response {
    fn empty(status: u16) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: Vec::new(),
        }
    }

    fn not_found() -> Response {
        Response {
            body: b"404 Not Found\n".to_vec(),
            ..Response::empty(404)
        }
    }

    fn redirect(location: String) -> Response {
        Response {
            location: Some(location),
            ..Response::empty(301)
        }
    }
}

fn write_response(
    stream: &mut TcpStream,
    request: &Request,
    response: &Response,
    csp: Csp,
) -> io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Connection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    if let Some(location) = &response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if csp == Csp::Strict {
        head.push_str(&format!(
            "Content-Security-Policy: default-src 'self'; report-uri {CSP_REPORT_PATH}\r\n"
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if request.method != "HEAD" {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}
