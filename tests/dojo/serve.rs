//! `dojo serve` over real sockets on 127.0.0.1: the `dojo` binary serves a
//! temporary copy of a fixture on a free port, and plain HTTP/1.1 requests
//! on `TcpStream`s check what it answers while files change. Every wait is
//! bounded.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{commit_all, copy_fixture, fixtures};

/// Long enough for a loaded CI machine; a passing run waits far less.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `dojo serve` on a copy of a fixture; killed when dropped.
pub(crate) struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

/// One HTTP response.
struct Reply {
    status: u16,
    /// Lowercase names.
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    pub(crate) fn start() -> Server {
        Server::start_with(|_| {})
    }

    /// Copy the `basic` fixture, let `prepare` change it, then serve it.
    fn start_with(prepare: impl FnOnce(&Path)) -> Server {
        let dir = copy_fixture(&fixtures().join("sites/basic"));
        prepare(dir.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_dojo"))
            .args(["serve", "--port", "0"])
            .current_dir(dir.path())
            // A fixed "today", so the trainer reports do not depend on the date.
            .env("SOURCE_DATE_EPOCH", "1893456000")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let lines = read_lines(child.stdout.take().unwrap());
        let banner = lines.recv_timeout(PATIENCE).expect("no banner");
        let port = banner_port(&banner);
        Server { child, port, dir }
    }

    /// `http://127.0.0.1:PORT` and `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn request(&self, raw: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        parse_reply(&bytes)
    }

    fn get_as(&self, path: &str, host: &str) -> Reply {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    fn get(&self, path: &str) -> Reply {
        self.get_as(path, &format!("127.0.0.1:{}", self.port))
    }

    pub(crate) fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/_dojo/status").body).unwrap()
    }

    pub(crate) fn build(&self) -> u64 {
        self.status()["build"].as_u64().unwrap()
    }

    /// Poll until `done` holds; fail, naming `what`, after `PATIENCE`.
    pub(crate) fn wait_for(&self, what: &str, done: impl Fn(&Server) -> bool) {
        let start = Instant::now();
        while !done(self) {
            assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let host = format!("127.0.0.1:{}", self.port);
        write!(stream, "GET /_dojo/live HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
        Events(BufReader::new(stream))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The server builds into memory only.
        assert!(
            !self.dir.path().join("public").exists(),
            "dojo serve wrote public/"
        );
    }
}

/// A server-sent event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    /// The next build number the stream announces.
    fn next_build(&mut self) -> u64 {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.0.read_line(&mut line).expect("no event in time");
            assert!(n > 0, "the event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return data.parse().unwrap();
            }
        }
    }
}

/// Lines of a child's output, read on a thread so the pipe never fills.
fn read_lines(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { return };
            let _ = tx.send(line);
        }
    });
    rx
}

fn banner_port(banner: &str) -> u16 {
    assert!(
        banner.starts_with("Serving Fixture Handbook at http://127.0.0.1:"),
        "{banner}"
    );
    assert!(banner.ends_with("/ (Ctrl-C to stop)"), "{banner}");
    let after = banner.split("127.0.0.1:").nth(1).unwrap();
    after.split('/').next().unwrap().parse().unwrap()
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

#[test]
fn serves_the_site_from_memory_with_the_live_script() {
    let server = Server::start();
    let about = server.get("/about/");
    assert_eq!(about.status, 200);
    assert_eq!(
        about.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(about.header("x-dojo-build"), Some("1"));
    assert!(about.body.contains("Who we are"), "{}", about.body);
    assert!(
        about
            .body
            .contains("<script src=\"/_dojo/live.js\" defer></script></head>")
    );
    assert!(
        about
            .body
            .contains("<meta name=\"dojo-build\" content=\"1\">")
    );
    assert!(
        !about.body.contains("dojo-overlay"),
        "no errors, no overlay"
    );
    let script = server.get("/_dojo/live.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource"));
    assert_eq!(server.get("/_dojo/live.css").status, 200);
    assert_eq!(server.get("/_dojo/dojo.css").status, 200);
    let chart = server.get("/files/chart.svg");
    assert_eq!(chart.header("content-type"), Some("image/svg+xml"));
    assert_eq!(server.get("/.well-known/security.txt").status, 200);
    let folder = server.get("/guide");
    assert_eq!(
        (folder.status, folder.header("location")),
        (301, Some("guide/"))
    );
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("dojo-build"),
        "the 404 page is HTML too"
    );
    let status = server.status();
    assert_eq!(status["ok"], true);
    assert_eq!(status["pages"], 6);
}

#[test]
fn an_edit_pushes_a_reload_and_the_new_page_is_served() {
    let server = Server::start();
    let mut events = server.events();
    let first = events.next_build();
    // As editors save: write a temporary file, then rename it over the page.
    let page = fs::read_to_string(server.path("content/guide/first-step.md")).unwrap();
    server.write(
        "content/guide/.first-step.md.tmp",
        &format!("{page}\nFreshly saved.\n"),
    );
    fs::rename(
        server.path("content/guide/.first-step.md.tmp"),
        server.path("content/guide/first-step.md"),
    )
    .unwrap();
    let next = events.next_build();
    assert!(next > first, "{next} after {first}");
    let reply = server.get("/guide/first-step/");
    assert!(reply.body.contains("Freshly saved."), "{}", reply.body);
    assert_eq!(
        reply.header("x-dojo-build"),
        Some(next.to_string().as_str())
    );
}

/// The fingerprint an open page compares after a rebuild (see `live.js`).
fn page_fingerprint(body: &str) -> String {
    let meta = "<meta name=\"dojo-page\" content=\"";
    let at = body.find(meta).expect("a page fingerprint") + meta.len();
    body[at..at + 16].to_string()
}

#[test]
fn an_edit_changes_the_fingerprint_of_the_pages_it_touches_only() {
    let server = Server::start();
    let (about, step) = ("/about/", "/guide/first-step/");
    let before = |path| page_fingerprint(&server.get(path).body);
    let (about_before, step_before) = (before(about), before(step));
    assert_eq!(before(about), about_before, "the same page, the same print");
    assert_ne!(about_before, step_before);

    let mut events = server.events();
    let first = events.next_build();
    let page = fs::read_to_string(server.path("content/guide/first-step.md")).unwrap();
    server.write(
        "content/guide/first-step.md",
        &format!("{page}\nOne more line.\n"),
    );
    assert!(events.next_build() > first);
    assert_eq!(page_fingerprint(&server.get(about).body), about_before);
    assert_ne!(page_fingerprint(&server.get(step).body), step_before);

    // A copied file can change how any page looks: every page reloads.
    server.write(
        "content/files/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let next = events.next_build();
    assert!(next > first);
    assert_ne!(page_fingerprint(&server.get(about).body), about_before);
}

/// As `dojo build` does, a page without an `updated` date shows its last
/// commit's date, also after it is saved again.
#[test]
fn pages_without_an_updated_date_show_their_last_commit() {
    let server = Server::start_with(commit_all);
    let dated = "<time datetime=\"2026-05-04\">2026-05-04</time>";
    let reply = server.get("/guide/first-step/");
    assert!(reply.body.contains(dated), "{}", reply.body);

    let mut events = server.events();
    let first = events.next_build();
    let page = fs::read_to_string(server.path("content/guide/first-step.md")).unwrap();
    server.write("content/guide/first-step.md", &format!("{page}\nSaved.\n"));
    assert!(events.next_build() > first);
    let reply = server.get("/guide/first-step/");
    assert!(
        reply.body.contains("Saved.") && reply.body.contains(dated),
        "{}",
        reply.body
    );
}

#[test]
fn a_broken_save_shows_an_overlay_over_the_last_good_site_until_fixed() {
    let server = Server::start();
    let good = fs::read_to_string(server.path("content/about.md")).unwrap();
    let mut events = server.events();
    let first = events.next_build();
    let broken = "+++\ntitle = \"About\"\nowners = \"<oops>\"\n+++\nNew text\n";
    server.write("content/about.md", broken);
    assert!(events.next_build() > first, "a failed build also reloads");
    server.wait_for("the error", |s| s.status()["errors"] != 0);
    let about = server.get("/about/");
    assert_eq!(about.status, 200);
    assert!(
        about.body.contains("Who we are"),
        "the last good page stays"
    );
    assert!(!about.body.contains("New text"));
    let overlay = about
        .body
        .split("<details class=\"dojo-overlay\"")
        .nth(1)
        .unwrap();
    assert!(overlay.contains("content/about.md:3:1"), "{overlay}");
    assert!(
        overlay.contains("owners = &quot;&lt;oops&gt;&quot;"),
        "{overlay}"
    );
    assert!(overlay.contains("help: "), "{overlay}");
    assert!(!about.body.contains("<oops>"), "escaped");
    assert!(
        server.get("/").body.contains("dojo-overlay"),
        "on every page"
    );
    server.write("content/about.md", &good);
    server.wait_for("the fix", |s| s.status()["ok"] == true);
    let fixed = server.get("/about/");
    assert!(!fixed.body.contains("dojo-overlay"), "{}", fixed.body);
}

#[test]
fn a_first_build_that_fails_still_serves_its_errors() {
    let server = Server::start_with(|dir| {
        fs::write(dir.join("content/about.md"), "+++\ntitle = \n+++\n").unwrap();
    });
    let home = server.get("/");
    assert_eq!(home.status, 500);
    assert!(home.body.contains("dojo-overlay"), "{}", home.body);
    assert!(home.body.contains("content/about.md:2:"), "{}", home.body);
    assert!(
        home.body.contains("/_dojo/live.js"),
        "it reloads when fixed"
    );
    assert_eq!(server.status()["pages"], serde_json::Value::Null);
    server.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n## Who we are\n",
    );
    server.wait_for("the fix", |s| s.get("/").status == 200);
    assert!(!server.get("/").body.contains("dojo-overlay"));
}

#[test]
fn no_path_leads_out_of_the_site() {
    let server = Server::start();
    for target in [
        "/../handbook.toml",
        "/guide/../../handbook.toml",
        "/%2e%2e/handbook.toml",
        "/%2E%2E/%2e%2e/handbook.toml",
        "/..%2fhandbook.toml",
        "/guide/..%2f..%2fhandbook.toml",
        "/%2e%2e%2fhandbook.toml",
        "/..\\handbook.toml",
        "/guide\\..\\..\\handbook.toml",
        "/%5c..%5chandbook.toml",
        "/about/%00",
        "/about%00/",
        "/handbook.toml",
        "/content/about.md",
        "/static/notes.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(!reply.body.contains("Fixture Handbook\"\n"), "{target}");
        assert!(!reply.body.contains("root:"), "{target}");
    }
    let raw_nul = server.request("GET /about/\0 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(raw_nul.status, 400, "not a request at all");
}

#[test]
fn only_the_bound_address_and_localhost_are_answered() {
    let server = Server::start();
    let port = server.port;
    assert_eq!(server.get_as("/", &format!("localhost:{port}")).status, 200);
    assert_eq!(server.get_as("/", &format!("127.0.0.1:{port}")).status, 200);
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
    ] {
        let reply = server.get_as("/", &host);
        assert_eq!(reply.status, 403, "{host}");
        assert!(!reply.body.contains("Who we are"));
    }
    let no_host = server.request("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(no_host.status, 403);
    let events = server.get_as("/_dojo/live", &format!("evil.example:{port}"));
    assert_eq!(events.status, 403);
}

#[test]
fn no_cross_origin_header_is_sent() {
    let server = Server::start();
    let host = format!("127.0.0.1:{}", server.port);
    for raw in [
        format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "OPTIONS / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /_dojo/status HTTP/1.1\r\nHost: {host}\r\nOrigin: null\r\nConnection: close\r\n\r\n"
        ),
    ] {
        let reply = server.request(&raw);
        assert!(
            reply
                .headers
                .iter()
                .all(|(n, _)| !n.starts_with("access-control-")),
            "{raw}"
        );
    }
    let options = server.request(&format!(
        "OPTIONS / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(options.status, 405);
}

#[test]
fn renames_and_deletes_are_followed() {
    let server = Server::start();
    server.write(
        "content/guide/extra.md",
        "+++\ntitle = \"Extra\"\n+++\nExtra page.\n",
    );
    server.wait_for("the new page", |s| s.get("/guide/extra/").status == 200);
    fs::rename(
        server.path("content/guide/extra.md"),
        server.path("content/guide/moved.md"),
    )
    .unwrap();
    server.wait_for("the renamed page", |s| s.get("/guide/moved/").status == 200);
    assert_eq!(server.get("/guide/extra/").status, 404);
    fs::remove_file(server.path("content/guide/moved.md")).unwrap();
    server.wait_for("the page to go", |s| s.get("/guide/moved/").status == 404);
    // A whole folder moved: its pages move with it.
    server.write("content/team/one.md", "+++\ntitle = \"One\"\n+++\nFirst.\n");
    server.wait_for("the new folder", |s| s.get("/team/one/").status == 200);
    fs::rename(server.path("content/team"), server.path("content/crew")).unwrap();
    server.wait_for("the moved folder", |s| s.get("/crew/one/").status == 200);
    assert_eq!(server.get("/team/one/").status, 404);
    assert_eq!(server.status()["ok"], true);
}

#[test]
fn a_burst_of_500_writes_gives_few_rebuilds_and_the_right_site() {
    let server = Server::start();
    let before = server.build();
    let pages = server.status()["pages"].as_u64().unwrap();
    fs::create_dir_all(server.path("content/burst")).unwrap();
    for i in 0..500 {
        let text = format!("+++\ntitle = \"Burst {i}\"\n+++\nPage number {i}.\n");
        fs::write(server.path(&format!("content/burst/p{i:03}.md")), text).unwrap();
    }
    server.wait_for("all 500 pages", |s| {
        let status = s.status();
        status["pages"].as_u64() == Some(pages + 500) && status["ok"] == true
    });
    let rebuilds = server.build() - before;
    eprintln!("500 writes: {rebuilds} rebuilds");
    assert!(rebuilds <= 10, "{rebuilds} rebuilds for one burst");
    for i in [0, 250, 499] {
        let page = server.get(&format!("/burst/p{i:03}/"));
        assert!(page.body.contains(&format!("Page number {i}.")), "p{i:03}");
    }
    assert_eq!(server.get("/burst/").status, 200);
}

#[test]
fn event_streams_and_slow_clients_do_not_hold_up_pages() {
    let server = Server::start();
    let streams: Vec<Events> = (0..20).map(|_| server.events()).collect();
    let slow: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.").unwrap();
            s
        })
        .collect();
    let start = Instant::now();
    for _ in 0..10 {
        assert_eq!(server.get("/about/").status, 200);
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    drop((streams, slow));
}

#[test]
fn the_trainer_reports_are_browsable() {
    let server = Server::start();
    let reports = server.get("/_reports/");
    assert_eq!(reports.status, 200);
    assert!(
        reports
            .body
            .contains("<title>Trainer reports · Fixture Handbook</title>"),
        "{}",
        reports.body
    );
    assert!(
        reports.body.contains("Pages due for review"),
        "{}",
        reports.body
    );
    assert!(
        reports.body.contains("content/about.md"),
        "{}",
        reports.body
    );
    assert!(reports.body.contains("/_dojo/live.js"));
    assert_eq!(
        server.get("/_reports").header("location"),
        Some("_reports/")
    );
}

#[test]
fn the_search_index_catches_up_after_an_edit() {
    let server = Server::start();
    let manifest = |s: &Server| s.get("/_dojo/search/manifest.js");
    server.wait_for("the first search index", |s| manifest(s).status == 200);
    let before = manifest(&server).body;
    assert!(!before.contains("zebrafinch"), "{before}");

    let page = fs::read_to_string(server.path("content/about.md")).unwrap();
    server.write(
        "content/about.md",
        &format!("{page}\nA zebrafinch sings.\n"),
    );
    server.wait_for("an index with the new word", |s| {
        manifest(s).body.contains("zebrafinch")
    });
    let after = manifest(&server).body;
    let build_id = |m: &str| m.split("\"b\":\"").nth(1).map(|r| r[..16].to_string());
    assert_ne!(build_id(&before), build_id(&after), "{after}");
}
