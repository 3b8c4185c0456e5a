//! `dojo check --external` against a tiny HTTP server on 127.0.0.1 (no
//! other host is ever contacted): one request per URL, skipped prefixes,
//! timeouts, retries, HEAD refused, bounded concurrency, and every place a
//! broken link is written, in JSON and in text.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::support::{stderr, stdout};

/// The server accepts this many connections at most, then stops by itself.
const MAX_CONNECTIONS: usize = 64;

/// What the server saw.
#[derive(Default)]
struct Seen {
    /// (method, path) of every request, in arrival order.
    requests: Vec<(String, String)>,
    in_flight: usize,
    most_in_flight: usize,
}

struct Server {
    port: u16,
    seen: Arc<Mutex<Seen>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let shared = Arc::clone(&seen);
        thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS).flatten() {
                let seen = Arc::clone(&shared);
                thread::spawn(move || answer(stream, &seen));
            }
        });
        Server { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The methods of the requests for `path`, in order.
    fn methods(&self, path: &str) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        let hits = seen.requests.iter().filter(|(_, p)| p == path);
        hits.map(|(m, _)| m.clone()).collect()
    }
}

/// Answer one request by its path: `/ok` 200, `/missing` 404, `/error` 500,
/// `/flaky` 503 then 200, `/slow` after 3 s, `/no-head` 405 to HEAD,
/// `/wait/..` 200 after 150 ms (to count requests in flight).
fn answer(stream: TcpStream, seen: &Mutex<Seen>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    reader.read_line(&mut request).unwrap_or_default();
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let earlier = {
        let mut seen = seen.lock().unwrap();
        let earlier = seen.requests.iter().filter(|(_, p)| *p == path).count();
        seen.requests.push((method.clone(), path.clone()));
        seen.in_flight += 1;
        seen.most_in_flight = seen.most_in_flight.max(seen.in_flight);
        earlier
    };
    let status = match path.as_str() {
        "/ok" => "200 OK",
        "/error" => "500 Internal Server Error",
        "/flaky" if earlier == 0 => "503 Service Unavailable",
        "/flaky" => "200 OK",
        "/no-head" if method == "HEAD" => "405 Method Not Allowed",
        "/no-head" => "200 OK",
        "/slow" => {
            thread::sleep(Duration::from_secs(3));
            "200 OK"
        }
        p if p.starts_with("/wait/") => {
            thread::sleep(Duration::from_millis(150));
            "200 OK"
        }
        _ => "404 Not Found",
    };
    // Out of flight before the client can see the answer and send the next request.
    seen.lock().unwrap().in_flight -= 1;
    let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = (&stream).write_all(reply.as_bytes());
}

/// A handbook whose two pages link to `server`; `[check]` skips `/skipped/`.
fn handbook(server: &Server, slow: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let skipped = server.url("/skipped/");
    let config = format!(
        "title = \"Links\"\n[check]\nskip_prefixes = [\"{skipped}\"]\nmax_concurrency = 4\n"
    );
    fs::write(dir.path().join("handbook.toml"), config).unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    let u = |p: &str| server.url(p);
    let a = format!(
        "# A\n\n[ok]({}) and [missing]({}).\n\n[again]({}#part), [flaky]({}), [mail](mailto:a@example.com)\n",
        u("/ok"),
        u("/missing"),
        u("/missing"),
        u("/flaky")
    );
    let slow = if slow {
        format!("[slow]({}) ", u("/slow"))
    } else {
        String::new()
    };
    let b = format!(
        "# B\n\nSee <{}> and [ok]({}).\n\n{slow}[error]({}) [no head]({}) [skipped]({})\n",
        u("/missing"),
        u("/ok"),
        u("/error"),
        u("/no-head"),
        u("/skipped/page")
    );
    fs::write(dir.path().join("content/a.md"), a).unwrap();
    fs::write(dir.path().join("content/b.md"), b).unwrap();
    dir
}

/// Run `dojo` with no proxy from the environment, so requests stay local.
fn dojo_local(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dojo"));
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    command.args(args).current_dir(dir).output().unwrap()
}

/// The `broken-external-link` JSON lines, as (location, message).
fn broken_lines(out: &Output) -> Vec<(String, String)> {
    let text = stdout(out);
    let lines = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap());
    lines
        .filter(|v| v["code"] == "broken-external-link")
        .map(|v| {
            assert_eq!(v["severity"], "warning");
            let at = format!(
                "{}:{}:{}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"]
            );
            (at, v["message"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn each_url_is_visited_once_and_each_failure_names_every_place() {
    let server = Server::start();
    let dir = handbook(&server, true);
    let args = ["check", "--external", "--timeout", "1", "--format", "json"];
    let out = dojo_local(dir.path(), &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stderr(&out),
        stdout(&out)
    );
    let missing = format!("`{}` is broken: HTTP 404 Not Found", server.url("/missing"));
    let error = format!(
        "`{}` is broken: HTTP 500 Internal Server Error",
        server.url("/error")
    );
    let slow = format!("`{}` is broken: no answer within 1 s", server.url("/slow"));
    let col = |page: &str, text: &str| page.find(text).unwrap() + 1;
    let a = fs::read_to_string(dir.path().join("content/a.md")).unwrap();
    let b_line = fs::read_to_string(dir.path().join("content/b.md")).unwrap();
    let b_line = b_line.lines().nth(4).unwrap().to_string();
    let a_line = a.lines().nth(2).unwrap();
    assert_eq!(
        broken_lines(&out),
        [
            (
                format!("content/a.md:3:{}", col(a_line, "[missing]")),
                missing.clone()
            ),
            ("content/a.md:5:1".to_string(), missing.clone()),
            ("content/b.md:3:5".to_string(), missing),
            ("content/b.md:5:1".to_string(), slow),
            (format!("content/b.md:5:{}", col(&b_line, "[error]")), error),
        ]
    );
    // One request per URL, however often it is linked; retries only for what may pass.
    assert_eq!(server.methods("/ok"), ["HEAD"]);
    assert_eq!(server.methods("/missing"), ["HEAD"]);
    assert_eq!(server.methods("/flaky"), ["HEAD", "HEAD"]);
    assert_eq!(server.methods("/error"), ["HEAD", "HEAD", "HEAD"]);
    assert_eq!(server.methods("/slow"), ["HEAD", "HEAD", "HEAD"]);
    assert_eq!(server.methods("/no-head"), ["HEAD", "GET"]);
    assert!(server.methods("/skipped/page").is_empty());
}

#[test]
fn text_shows_each_broken_url_once_and_strict_fails_on_it() {
    let server = Server::start();
    let dir = handbook(&server, false);
    let out = dojo_local(dir.path(), &["check", "--external", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    let header = format!(
        "warning[broken-external-link]: `{}` is broken: HTTP 404 Not Found\n --> content/a.md:3:",
        server.url("/missing")
    );
    assert_eq!(text.matches(&header).count(), 1, "{text}");
    assert!(
        text.contains(
            "= help: also linked from content/a.md:5:1, content/b.md:3:5; fix or remove the link"
        ),
        "{text}"
    );
    assert!(
        stdout(&out).contains("External links: 5 checked, 1 skipped, 2 broken\n"),
        "{}",
        stdout(&out)
    );
    let lenient = dojo_local(dir.path(), &["check", "--external"]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
}

#[test]
fn no_more_requests_are_in_flight_than_max_concurrency() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let config = "title = \"Waits\"\n[check]\nmax_concurrency = 2\n";
    fs::write(dir.path().join("handbook.toml"), config).unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    let links: Vec<String> = (0..6)
        .map(|i| format!("[w{i}]({})", server.url(&format!("/wait/{i}"))))
        .collect();
    fs::write(
        dir.path().join("content/w.md"),
        format!("# W\n\n{}\n", links.join(" ")),
    )
    .unwrap();
    let out = dojo_local(dir.path(), &["check", "--external"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let seen = server.seen.lock().unwrap();
    assert_eq!(seen.requests.len(), 6);
    assert_eq!(seen.most_in_flight, 2);
}

#[test]
fn external_links_are_only_visited_when_asked() {
    let server = Server::start();
    let dir = handbook(&server, false);
    let out = dojo_local(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(server.seen.lock().unwrap().requests.is_empty());
    let out = dojo_local(dir.path(), &["check", "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(2), "--timeout without --external");
}
