//! `dojo serve`: build the handbook into memory, serve it on 127.0.0.1, and
//! keep it current while it is edited. It writes nothing to disk.
//!
//! Three kinds of threads share the work. The builder (`builder`, `model`)
//! watches the handbook's folders, re-reads and re-parses only the files
//! that changed, resolves, and sends each outcome to the site actor
//! (`site`), which owns the last good site, renders pages when they are
//! asked for (`pages`) and pushes a reload to open pages (`live`). Each
//! connection has a thread of its own (`http`), which checks the `Host`
//! (`host`) and the path (`url`) before asking the actor (`routes`).

mod builder;
mod classify;
mod docs;
mod host;
mod http;
mod live;
mod model;
mod overlay;
mod pages;
mod routes;
mod shape;
mod site;
mod url;
mod watch;

use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;

use crate::build::BuildOptions;
use builder::Builder;
use host::HostPolicy;
use routes::Routes;
use site::{Outcome, SiteHandle};

/// The port tried first when none is given.
const DEFAULT_PORT: u16 = 1111;
/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// What the command line can change about serving.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The port to try first (the next free one is used if it is taken;
    /// 0 lets the system choose).
    pub port: Option<u16>,
    /// The address to listen on (default 127.0.0.1).
    pub bind: Option<String>,
    /// Open the site in a browser.
    pub open: bool,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// More `Host` names to answer (behind a proxy, say).
    pub allow_hosts: Vec<String>,
}

/// Serve the handbook at `root` until the process is stopped; returns the
/// exit code (2 when the server cannot start).
pub fn run(root: &Path, options: ServeOptions) -> i32 {
    match start(root, &options) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn start(root: &Path, options: &ServeOptions) -> Result<(), String> {
    let root = std::path::absolute(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let bind = bind_address(options.bind.as_deref())?;
    let listener = listen(bind, options.port)?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}, so other machines on the network can read the \
             handbook; it answers the names of this machine and --allow-host names"
        );
    }
    let url = format!("http://{}:{port}/", shown_host(bind));
    let build_options = BuildOptions {
        drafts: options.drafts,
        base_url: Some(url.clone()),
        ..BuildOptions::default()
    };
    let (builder, first) = Builder::start(&root, build_options);
    let title = builder.title().unwrap_or_else(|| folder_name(&root));
    print_first(&first);
    let site = SiteHandle::start(title.clone());
    site.update(first);
    let updates = site.clone();
    thread::Builder::new()
        .name("dojo-builder".into())
        .spawn(move || builder.run(updates))
        .map_err(|e| format!("cannot start the builder: {e}"))?;
    println!("Serving {title} at {url} (Ctrl-C to stop)");
    if options.open {
        open_browser(&url);
    }
    let hosts = HostPolicy::new(bind, port, &machine_names(), &options.allow_hosts);
    let routes = Routes::new(hosts, site);
    http::serve(listener, Arc::new(move |request| routes.respond(request)));
    Ok(())
}

fn bind_address(bind: Option<&str>) -> Result<IpAddr, String> {
    match bind {
        None | Some("localhost") => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        Some(text) => text.parse().map_err(|_| {
            format!("`--bind {text}` is not an IP address (such as 127.0.0.1 or ::1)")
        }),
    }
}

/// Listen on `port`, or the next free port after it.
fn listen(bind: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let first = port.unwrap_or(DEFAULT_PORT);
    let tries = if first == 0 { 1 } else { PORT_TRIES };
    let mut last_error = None;
    for port in (first..=u16::MAX).take(usize::from(tries)) {
        match TcpListener::bind(SocketAddr::new(bind, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == ErrorKind::AddrInUse => last_error = Some(e),
            Err(e) => return Err(format!("cannot listen on {bind}:{port}: {e}")),
        }
    }
    let why = last_error.map_or_else(String::new, |e| format!(": {e}"));
    Err(format!(
        "no free port from {first} to {}{why}",
        first.saturating_add(tries - 1)
    ))
}

/// How the address appears in the printed URL (an unspecified address is
/// reached through the machine's own name).
fn shown_host(bind: IpAddr) -> String {
    match bind {
        _ if bind.is_unspecified() => machine_names()
            .into_iter()
            .next()
            .unwrap_or_else(|| "localhost".to_string()),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn folder_name(root: &Path) -> String {
    root.file_name().map_or_else(
        || "handbook".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The first build's problems, as `dojo build` prints them.
fn print_first(first: &Outcome) {
    for d in first.warnings.iter().chain(&first.errors) {
        eprintln!("{d}");
    }
    if !first.errors.is_empty() {
        let n = first.errors.len();
        let plural = if n == 1 { "" } else { "s" };
        eprintln!(
            "error: the handbook has {n} error{plural}; pages show them until they are fixed"
        );
    }
}

/// Open `url` in the desktop's browser; a failure only means no browser.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reap it when it exits, so it does not linger as a zombie.
        let _ = thread::Builder::new().spawn(move || child.wait());
    }
}

/// This machine's names (`box`, `box.local`) for the `Host` check.
fn machine_names() -> Vec<String> {
    let Some(name) = hostname() else {
        return Vec::new();
    };
    let short = name.split('.').next().unwrap_or(&name).to_string();
    let mut names = vec![name.clone(), format!("{short}.local")];
    if short != name {
        names.push(short);
    }
    names
}

#[cfg(unix)]
fn hostname() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for `buf.len()` bytes; gethostname writes
    // at most that many and the last byte stays 0, so the name ends there.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
    if rc != 0 {
        return None;
    }
    let name = std::ffi::CStr::from_bytes_until_nul(&buf)
        .ok()?
        .to_str()
        .ok()?;
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

#[cfg(not(unix))]
fn hostname() -> Option<String> {
    std::env::var("COMPUTERNAME")
        .ok()
        .map(|n| n.to_ascii_lowercase())
}
