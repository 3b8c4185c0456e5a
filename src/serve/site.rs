//! The site actor: one thread owns the last good site and what is made from
//! it (rendered pages, the report page), answers requests for site paths,
//! applies the builder's updates between two requests, and tells the
//! live-reload streams about each build. A single owner means no lock around
//! the site: an update is a value handed over a channel.
//!
//! The search index catches up in the background: a moment after a change
//! (a burst of changes moves that moment on), the actor copies what the index needs out of
//! the site and a thread of its own builds it. Until it arrives the previous
//! index is served (and the search box says it is updating, as its build id
//! no longer matches), so a save never waits for the index.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use super::overlay;
use super::pages::{Found, Pages};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parse::Document;
use crate::render::{self, Theme};
use crate::resolve::Site;
use crate::resolve::reports;
use crate::resolve::urls::{encode_segment, output_file};

/// Bytes of the copied files (content assets, `static/`) by output path.
pub(crate) type Files = BTreeMap<String, Arc<[u8]>>;

/// How long after a change the actor starts the search index, so that the
/// page being looked at is rendered first.
const SEARCH_AFTER: Duration = Duration::from_millis(100);

/// A site that built, with what rendering it needs.
pub(crate) struct Live {
    pub site: Site,
    pub config: Config,
    pub theme: Arc<Theme>,
    pub files: Arc<Files>,
}

/// What a rebuild changed in what is served.
pub(crate) enum Update {
    /// A newly resolved site.
    Site(Box<Live>),
    /// Pages whose body alone changed: their new documents.
    Docs(Vec<Document>),
    /// Copied files' bytes.
    Files(Arc<Files>),
    /// The handbook has errors: keep serving the last good site.
    Failed,
}

/// One rebuild's result.
pub(crate) struct Outcome {
    pub update: Update,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The answer to a request for a site path.
pub(crate) struct Answer {
    pub build: u64,
    pub status: u16,
    pub content_type: &'static str,
    pub body: Arc<[u8]>,
    /// Where a 301 points (relative to the request).
    pub location: Option<String>,
    /// The error overlay HTML pages get, while the handbook has errors.
    pub overlay: Option<Arc<str>>,
    /// The generation of what pages load besides themselves (see `Actor`).
    pub files: u64,
}

impl Answer {
    pub(crate) fn is_html(&self) -> bool {
        self.content_type.starts_with("text/html")
    }
}

/// What `/_dojo/status` tells.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Status {
    /// Rebuilds so far (the first build is 1).
    pub build: u64,
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    /// Pages of the site being served, if one ever built.
    pub pages: Option<usize>,
}

enum Msg {
    Get(String, Sender<Answer>),
    Reports(Sender<Answer>),
    Status(Sender<Status>),
    /// A live-reload stream: where to send build numbers, and where to
    /// answer the current one.
    Listen(Sender<u64>, Sender<u64>),
    Update(Box<Outcome>),
    /// A search index built in the background: its files by output path.
    Search(Vec<(String, Vec<u8>)>),
}

/// The way to the site actor; cheap to clone, usable from any thread.
/// Every method returns `None` once the actor is gone.
#[derive(Clone)]
pub(crate) struct SiteHandle(Sender<Msg>);

impl SiteHandle {
    /// Start the actor for a handbook titled `title`.
    pub(crate) fn start(title: String) -> SiteHandle {
        let (tx, rx) = mpsc::channel();
        let actor = Actor::new(title, tx.clone());
        // Without its thread every request is answered 503.
        let _ = thread::Builder::new()
            .name("dojo-site".into())
            .spawn(move || actor.run(rx));
        SiteHandle(tx)
    }

    fn ask<T>(&self, message: impl FnOnce(Sender<T>) -> Msg) -> Option<T> {
        let (tx, rx) = mpsc::channel();
        self.0.send(message(tx)).ok()?;
        rx.recv().ok()
    }

    /// The output at site path `path` (`kata/x/`).
    pub(crate) fn get(&self, path: &str) -> Option<Answer> {
        self.ask(|tx| Msg::Get(path.to_string(), tx))
    }

    pub(crate) fn reports(&self) -> Option<Answer> {
        self.ask(Msg::Reports)
    }

    pub(crate) fn status(&self) -> Option<Status> {
        self.ask(Msg::Status)
    }

    /// The current build number, and a channel bringing the next ones.
    pub(crate) fn listen(&self) -> Option<(u64, Receiver<u64>)> {
        let (events, receiver) = mpsc::channel();
        let first = self.ask(|tx| Msg::Listen(events, tx))?;
        Some((first, receiver))
    }

    pub(crate) fn update(&self, outcome: Outcome) {
        let _ = self.0.send(Msg::Update(Box::new(outcome)));
    }
}

struct Actor {
    title: String,
    build: u64,
    /// Bumped when what pages load besides their HTML (copied files, the
    /// theme) may have changed: part of every page's fingerprint, so that
    /// every open page reloads then, and only changed pages otherwise.
    files: u64,
    served: Option<Served>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    overlay: Option<Arc<str>>,
    report: Option<Found>,
    listeners: Vec<Sender<u64>>,
    search: Search,
    /// The actor's own address, for the search thread to answer.
    me: Sender<Msg>,
}

/// The search index being served and whether a newer one is needed.
#[derive(Default)]
struct Search {
    files: HashMap<String, Arc<[u8]>>,
    /// When to start a new index: the site changed since the index being
    /// served (or built) was begun.
    due: Option<Instant>,
    /// A thread is building an index.
    running: bool,
}

/// The last good site and its rendered outputs.
struct Served {
    live: Live,
    pages: Pages,
}

impl Actor {
    fn new(title: String, me: Sender<Msg>) -> Actor {
        Actor {
            title,
            build: 0,
            files: 0,
            served: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            overlay: None,
            report: None,
            listeners: Vec::new(),
            search: Search::default(),
            me,
        }
    }

    fn run(mut self, messages: Receiver<Msg>) {
        loop {
            let due = self.search.due.filter(|_| !self.search.running);
            let next = match due {
                Some(due) => messages.recv_timeout(due.saturating_duration_since(Instant::now())),
                None => messages.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            let message = match next {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    self.start_search();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            match message {
                Msg::Get(path, reply) => drop(reply.send(self.get(&path))),
                Msg::Reports(reply) => drop(reply.send(self.reports())),
                Msg::Status(reply) => drop(reply.send(self.status())),
                Msg::Listen(events, reply) => {
                    if reply.send(self.build).is_ok() {
                        self.listeners.push(events);
                    }
                }
                Msg::Update(outcome) => self.apply(*outcome),
                Msg::Search(files) => {
                    self.search.running = false;
                    let files = files.into_iter().map(|(p, b)| (p, Arc::from(b)));
                    self.search.files = files.collect();
                }
            }
        }
    }

    /// Build the search index of the served site on a thread of its own.
    fn start_search(&mut self) {
        self.search.due = None;
        let Some(served) = &self.served else {
            return;
        };
        if !served.live.config.search_enabled {
            self.search.files.clear();
            return;
        }
        let sources = render::search_sources(&served.live.site);
        let me = self.me.clone();
        let started = thread::Builder::new()
            .name("dojo-search".into())
            .spawn(move || drop(me.send(Msg::Search(in_background(sources)))));
        match started {
            Ok(_) => self.search.running = true,
            Err(e) => eprintln!("warning: cannot build the search index: {e}"),
        }
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome.update {
            Update::Site(live) => {
                let old = self.served.replace(Served {
                    live: *live,
                    pages: Pages::default(),
                });
                drop_elsewhere(old);
                self.search.due = Some(Instant::now() + SEARCH_AFTER);
                self.files += 1;
            }
            Update::Docs(docs) => {
                if let Some(served) = &mut self.served {
                    served.swap(docs);
                }
                self.search.due = Some(Instant::now() + SEARCH_AFTER);
            }
            Update::Files(files) => {
                if let Some(served) = &mut self.served {
                    served.live.files = files;
                }
                self.files += 1;
            }
            Update::Failed => {}
        }
        if let Some(served) = &self.served {
            self.title.clone_from(&served.live.config.title);
        }
        self.errors = outcome.errors;
        self.warnings = outcome.warnings;
        self.overlay = overlay::overlay(&self.errors, self.served.is_some()).map(Arc::from);
        self.report = None;
        self.build += 1;
        let build = self.build;
        self.listeners.retain(|l| l.send(build).is_ok());
    }

    fn get(&mut self, path: &str) -> Answer {
        let file = output_file(path);
        let Some(served) = &mut self.served else {
            return self.without_site(&file);
        };
        if let Some(bytes) = self.search.files.get(&file) {
            let bytes = Arc::clone(bytes);
            return self.answer(200, content_type(&file), bytes);
        }
        if let Some(found) = served.find(&file) {
            return match found {
                Ok(bytes) => self.answer(200, content_type(&file), bytes),
                Err(errors) => self.render_failed(&errors),
            };
        }
        let folder = format!("{path}/index.html");
        if !path.is_empty() && !path.ends_with('/') && served.find(&folder).is_some() {
            let last = path.rsplit('/').next().unwrap_or(path);
            let mut answer = self.answer(301, "text/plain; charset=utf-8", Arc::from(&b""[..]));
            answer.location = Some(format!("{}/", encode_segment(last)));
            return answer;
        }
        match served.find("404.html") {
            Some(Ok(page)) => self.answer(404, "text/html; charset=utf-8", page),
            _ => self.answer(
                404,
                "text/plain; charset=utf-8",
                Arc::from(&b"Not found\n"[..]),
            ),
        }
    }

    /// Before any build succeeded, pages show the errors.
    fn without_site(&self, file: &str) -> Answer {
        if file.ends_with(".html") {
            let page = overlay::error_page(&self.title).into_bytes();
            return self.answer(500, "text/html; charset=utf-8", page.into());
        }
        self.answer(
            404,
            "text/plain; charset=utf-8",
            Arc::from(&b"Not found\n"[..]),
        )
    }

    /// A page whose template failed: its errors, with the handbook's.
    fn render_failed(&self, errors: &[Diagnostic]) -> Answer {
        let all: Vec<Diagnostic> = errors.iter().chain(&self.errors).cloned().collect();
        let page = overlay::error_page(&self.title).into_bytes();
        let mut answer = self.answer(500, "text/html; charset=utf-8", page.into());
        answer.overlay = overlay::overlay(&all, true).map(Arc::from);
        answer
    }

    /// The trainer reports of the site being served, as `dojo build`
    /// publishes them; the page with the errors while nothing has built.
    fn reports(&mut self) -> Answer {
        let Some(served) = &self.served else {
            return self.without_site("_reports/index.html");
        };
        let report = match &self.report {
            Some(report) => report.clone(),
            None => {
                let live = &served.live;
                let findings =
                    reports::findings(&live.site, reports::today(), live.config.review_every);
                let opts = render::Options::default();
                let rendered = render::reports_page(
                    &live.site,
                    &live.config,
                    &live.theme,
                    opts,
                    &findings,
                    &self.warnings,
                );
                let report = rendered
                    .map(|(_, html)| Arc::from(html))
                    .map_err(|e| vec![e]);
                self.report = Some(report.clone());
                report
            }
        };
        match report {
            Ok(body) => self.answer(200, "text/html; charset=utf-8", body),
            Err(errors) => self.render_failed(&errors),
        }
    }

    fn status(&self) -> Status {
        Status {
            build: self.build,
            ok: self.errors.is_empty(),
            errors: self.errors.len(),
            warnings: self.warnings.len(),
            pages: self.served.as_ref().map(|s| s.live.site.pages.len()),
        }
    }

    fn answer(&self, status: u16, content_type: &'static str, body: Arc<[u8]>) -> Answer {
        Answer {
            build: self.build,
            status,
            content_type,
            body,
            location: None,
            overlay: self.overlay.clone(),
            files: self.files,
        }
    }
}

impl Served {
    /// An output file of the site: a copied file, a theme file, a page.
    fn find(&mut self, file: &str) -> Option<Found> {
        if let Some(bytes) = self.live.files.get(file) {
            return Some(Ok(Arc::clone(bytes)));
        }
        let theme_file = file.strip_prefix("_dojo/").and_then(|name| {
            let statics = &self.live.theme.statics;
            statics.iter().find(|(path, _)| path == name)
        });
        if let Some((_, bytes)) = theme_file {
            return Some(Ok(Arc::from(bytes.as_slice())));
        }
        self.pages.get(&self.live, file)
    }

    /// Put new documents in place of the pages' old ones.
    fn swap(&mut self, docs: Vec<Document>) {
        let pages = &mut self.live.site.pages;
        for doc in docs {
            // A draft left out of the site has no page to update.
            if let Some(page) = pages.iter_mut().find(|p| p.doc.rel == doc.rel) {
                page.doc = doc;
            }
        }
        self.pages.clear();
    }
}

/// Build the search index on one low-priority thread of its own: on rayon's
/// shared pool its work would queue ahead of the next rebuild's.
fn in_background(sources: Vec<render::SearchSource>) -> Vec<(String, Vec<u8>)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "dojo-search-index".into())
        .start_handler(|_| lower_priority())
        .build();
    match pool {
        Ok(pool) => pool.install(|| render::search_files(sources)),
        Err(_) => render::search_files(sources),
    }
}

/// Let the calling thread yield the CPU to everything else (Linux sets
/// the nice value of one thread this way).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; `who` = 0 names
    // the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Dropping a large site takes tens of milliseconds; not on the actor.
fn drop_elsewhere(old: Option<Served>) {
    if let Some(old) = old {
        let _ = thread::Builder::new()
            .name("dojo-drop".into())
            .spawn(move || drop(old));
    }
}

/// The `Content-Type` of an output file, by its extension.
pub(crate) fn content_type(file: &str) -> &'static str {
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}
