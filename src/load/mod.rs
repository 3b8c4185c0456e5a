//! Load stage: walk `content/`, `static/` and the theme folder (walkdir, in a
//! deterministic order), read the files and the pages' last commit dates
//! (`git`). Nothing is parsed here; this and `write` are the only stages that
//! touch the disk.

mod git;

// `Diagnostic` is the error type every stage shares; boxing it here alone
// would only make this module differ from the others.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, pos_of_offset};

/// A Markdown source, content-relative path with `/` separators.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub rel: String,
    pub text: String,
}

/// A file copied as is (content assets, `static/`); read by `write`.
#[derive(Clone, Debug)]
pub struct CopiedFile {
    /// Path relative to its folder (`content/` or `static/`), `/` separators.
    pub rel: String,
    pub abs: PathBuf,
}

/// Everything the handbook folder holds, as the later stages need it.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub pages: Vec<SourceFile>,
    /// Non-Markdown files under `content/` (images, PDFs).
    pub assets: Vec<CopiedFile>,
    /// Files under `static/`, dotfiles included.
    pub statics: Vec<CopiedFile>,
    /// Files of the user's theme folder (`themes/<name>/`), relative to it.
    pub theme_files: Vec<(String, Vec<u8>)>,
    /// Each page's last commit date, keyed like `SourceFile::rel`, when the
    /// handbook is in a git work tree; a page never committed has none.
    pub git_dates: HashMap<String, Date>,
}

/// Walk the handbook folder and read everything the build needs. Every
/// problem found is reported, not just the first.
pub fn load(config: &Config) -> Result<Sources, Vec<Diagnostic>> {
    load_from(&config.root, config.theme.as_deref())
}

/// Read one content file (`rel` relative to `content/`) with the same checks
/// as `load`; `serve` calls it when a single page changes.
pub fn read_source(config: &Config, rel: &str) -> Result<SourceFile, Diagnostic> {
    read_source_from(&config.root, rel)
}

/// Whether `load` leaves a content path out: a hidden file or folder
/// anywhere in it, or an editor's leftover as the file. `serve` uses the same
/// rule so that saving in an editor does not trigger a rebuild for its swap file.
pub fn is_ignored(rel: &str) -> bool {
    let mut names = rel.split('/').filter(|n| !n.is_empty()).peekable();
    while let Some(name) = names.next() {
        let is_file = names.peek().is_none();
        if is_hidden(name) || (is_file && is_editor_leftover(name)) {
            return true;
        }
    }
    false
}

/// `load` without the rest of the config, so tests need no `Config`.
fn load_from(root: &Path, theme: Option<&str>) -> Result<Sources, Vec<Diagnostic>> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(vec![missing_content(root)]);
    }
    let mut walker = Walker::new(root).map_err(|d| vec![d])?;
    let found = walker.files(&content, keep_content);
    let (markdown, assets): (Vec<_>, Vec<_>) =
        found.into_iter().partition(|f| f.rel.ends_with(".md"));
    let rels = markdown.iter().map(|f| f.rel.as_str());
    // Reading git history and reading the pages are independent.
    let (pages, git_dates) = rayon::join(
        || split_errors(&mut walker.errors, markdown.par_iter().map(read_page)),
        || git::last_commit_dates(root, rels),
    );
    let statics = walker.statics();
    let theme_files = match theme {
        Some(name) => walker.theme(name),
        None => Vec::new(),
    };
    if !walker.errors.is_empty() {
        return Err(walker.errors);
    }
    Ok(Sources {
        pages,
        assets,
        statics,
        theme_files,
        git_dates,
    })
}

fn read_source_from(root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let shown = format!("content/{rel}");
    let is_plain = Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if rel.is_empty() || !is_plain {
        return Err(Diagnostic::error(
            "io-error",
            format!("`{shown}` is not a path inside `content/`"),
        )
        .in_file(shown));
    }
    let abs = root.join("content").join(rel);
    let real_root = canonical_root(root)?;
    // Any component of the path may be a link, so check where the whole path leads.
    let target = fs::canonicalize(&abs).map_err(|e| io_error(&shown, &e))?;
    if !target.starts_with(&real_root) {
        let msg = format!(
            "`{shown}` leads through a symlink to `{}`, outside the handbook folder",
            target.display()
        );
        return Err(outside_root(&shown, msg));
    }
    read_page(&CopiedFile {
        rel: rel.to_string(),
        abs,
    })
}

/// Walks folders of one handbook, collecting problems instead of stopping.
struct Walker {
    /// The root as configured, to name files relative to it in diagnostics.
    root: PathBuf,
    /// The root with every link resolved, to tell where a symlink leads.
    real_root: PathBuf,
    errors: Vec<Diagnostic>,
}

impl Walker {
    fn new(root: &Path) -> Result<Walker, Diagnostic> {
        Ok(Walker {
            root: root.to_path_buf(),
            real_root: canonical_root(root)?,
            errors: Vec::new(),
        })
    }

    /// Every regular file under `dir` (sorted by name, links followed) that
    /// `keep` accepts, with its path relative to `dir`.
    fn files(&mut self, dir: &Path, keep: fn(&DirEntry) -> bool) -> Vec<CopiedFile> {
        let mut found = Vec::new();
        let mut walk = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(next) = walk.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(err) => {
                    self.errors.push(self.walk_error(&err));
                    continue;
                }
            };
            let wanted = (entry.depth() == 0 || keep(&entry)) && self.inside_root(&entry);
            if !wanted && entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            // Sockets and FIFOs are skipped: reading a FIFO would block the build.
            if wanted
                && entry.file_type().is_file()
                && let Some(rel) = self.rel_name(dir, entry.path())
            {
                found.push(CopiedFile {
                    rel,
                    abs: entry.into_path(),
                });
            }
        }
        found
    }

    fn statics(&mut self) -> Vec<CopiedFile> {
        let dir = self.root.join("static");
        // A handbook without static files needs no `static/` folder (but a
        // broken link named `static` is walked, so that it is reported).
        if fs::symlink_metadata(&dir).is_err() {
            return Vec::new();
        }
        self.files(&dir, |_| true)
    }

    fn theme(&mut self, name: &str) -> Vec<(String, Vec<u8>)> {
        let dir = self.root.join("themes").join(name);
        if !is_folder_name(name) || !dir.is_dir() {
            // `default` is built in; its folder is only needed to override it.
            if name != "default" {
                self.errors.push(missing_theme(name));
            }
            return Vec::new();
        }
        let files = self.files(&dir, |_| true);
        let folder = format!("themes/{name}");
        split_errors(
            &mut self.errors,
            files.par_iter().map(|f| read_bytes(&folder, f)),
        )
    }

    /// False (and an error) when `entry` is a link leading out of the handbook.
    fn inside_root(&mut self, entry: &DirEntry) -> bool {
        if !entry.path_is_symlink() {
            return true;
        }
        let shown = self.shown(entry.path());
        match fs::canonicalize(entry.path()) {
            Ok(target) if target.starts_with(&self.real_root) => true,
            Ok(target) => {
                let msg = format!(
                    "symlink `{shown}` points to `{}`, outside the handbook folder",
                    target.display()
                );
                self.errors.push(outside_root(&shown, msg));
                false
            }
            Err(e) => {
                self.errors.push(io_error(&shown, &e));
                false
            }
        }
    }

    /// `path` relative to `base` with `/` separators, or an error when a
    /// name is not UTF-8 (it could not become a URL or output path).
    fn rel_name(&mut self, base: &Path, path: &Path) -> Option<String> {
        let names: Option<Vec<&str>> = path
            .strip_prefix(base)
            .ok()?
            .iter()
            .map(|n| n.to_str())
            .collect();
        if names.is_none() {
            let shown = self.shown(path);
            let d = Diagnostic::error(
                "not-utf8",
                format!("the name of `{shown}` is not valid UTF-8"),
            )
            .in_file(shown)
            .with_help("rename the file using UTF-8 characters");
            self.errors.push(d);
        }
        Some(names?.join("/"))
    }

    fn walk_error(&self, err: &walkdir::Error) -> Diagnostic {
        let shown = err.path().map(|p| self.shown(p)).unwrap_or_default();
        if let Some(ancestor) = err.loop_ancestor() {
            let msg = format!(
                "symlink `{shown}` leads back to `{}`, a folder that contains it",
                self.shown(ancestor)
            );
            return symlink_loop(&shown, msg);
        }
        match err.io_error() {
            Some(e) if is_link_cycle(e) => symlink_loop(
                &shown,
                format!("symlink `{shown}` is part of a cycle of links"),
            ),
            Some(e) => match err.path().map(fs::read_link) {
                Some(Ok(target)) if e.kind() == io::ErrorKind::NotFound => Diagnostic::error(
                    "io-error",
                    format!(
                        "broken symlink `{shown}`: its target `{}` does not exist",
                        target.display()
                    ),
                )
                .in_file(shown),
                _ => io_error(&shown, e),
            },
            None => Diagnostic::error("io-error", err.to_string()).in_file(shown),
        }
    }

    /// `path` relative to the handbook root with `/` separators, as
    /// diagnostics name files.
    fn shown(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let names: Vec<_> = rel.iter().map(|n| n.to_string_lossy()).collect();
        names.join("/")
    }
}

/// One plain folder name, so a theme name cannot lead out of `themes/`.
fn is_folder_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(_)), None)
    )
}

fn keep_content(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    let leftover = entry.file_type().is_file() && is_editor_leftover(&name);
    !is_hidden(&name) && !leftover
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Backup, lock and swap files editors leave beside the file being edited
/// (Emacs `x~`, `#x#`, `.#x`; Vim `.x.swp`; others `*.tmp`).
fn is_editor_leftover(name: &str) -> bool {
    let autosave = name.len() > 1 && name.starts_with('#') && name.ends_with('#');
    let swap = [".swp", ".swo", ".swx", ".tmp"]
        .iter()
        .any(|ext| name.ends_with(ext));
    name.ends_with('~') || autosave || swap
}

fn read_bytes(folder: &str, file: &CopiedFile) -> Result<(String, Vec<u8>), Diagnostic> {
    let bytes = fs::read(&file.abs).map_err(|e| io_error(&format!("{folder}/{}", file.rel), &e))?;
    Ok((file.rel.clone(), bytes))
}

/// Read a Markdown file, which must be UTF-8; a BOM and CRLF are kept for parse.
fn read_page(file: &CopiedFile) -> Result<SourceFile, Diagnostic> {
    let shown = format!("content/{}", file.rel);
    let bytes = fs::read(&file.abs).map_err(|e| io_error(&shown, &e))?;
    let text = decode_utf8(&shown, bytes)?;
    Ok(SourceFile {
        rel: file.rel.clone(),
        text,
    })
}

fn decode_utf8(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        // Everything before `at` is valid, so the position can be computed on it.
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let byte = bytes.get(at).copied().unwrap_or_default();
        Diagnostic::error(
            "not-utf8",
            format!("`{shown}` is not valid UTF-8: invalid byte 0x{byte:02X} at byte offset {at}"),
        )
        .in_file(shown)
        .at_pos(pos_of_offset(valid, at))
        .with_help("save the file as UTF-8")
    })
}

/// Split parallel results into the values and the errors, keeping the order.
fn split_errors<T: Send>(
    errors: &mut Vec<Diagnostic>,
    results: impl IndexedParallelIterator<Item = Result<T, Diagnostic>>,
) -> Vec<T> {
    let results: Vec<_> = results.collect();
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(d) => errors.push(d),
        }
    }
    values
}

fn canonical_root(root: &Path) -> Result<PathBuf, Diagnostic> {
    fs::canonicalize(root).map_err(|e| {
        Diagnostic::error(
            "io-error",
            format!("cannot open the handbook folder `{}`: {e}", root.display()),
        )
    })
}

/// A chain of file links that never ends (`a -> b -> a`); walkdir only
/// detects loops through folders itself.
#[cfg(unix)]
fn is_link_cycle(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_cycle(_: &io::Error) -> bool {
    false
}

fn missing_content(root: &Path) -> Diagnostic {
    Diagnostic::error("missing-content", format!("no `content/` folder in `{}`", root.display())).with_help(
        "a handbook keeps its pages in `content/`; run `dojo init` to start one, or pass `--root DIR` to point at it",
    )
}

fn missing_theme(name: &str) -> Diagnostic {
    Diagnostic::error(
        "missing-theme",
        format!("theme `{name}` not found: no folder `themes/{name}/`"),
    )
    .in_file("handbook.toml")
    .with_help("create that folder, or remove `theme` from handbook.toml to use the built-in theme")
}

fn outside_root(shown: &str, message: String) -> Diagnostic {
    Diagnostic::error("symlink-outside-root", message)
        .in_file(shown)
        .with_help("copy the file into the handbook, or point the link at something inside it")
}

fn symlink_loop(shown: &str, message: String) -> Diagnostic {
    Diagnostic::error("symlink-loop", message)
        .in_file(shown)
        .with_help("remove the link or point it elsewhere")
}

fn io_error(shown: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error("io-error", format!("cannot read `{shown}`: {e}")).in_file(shown)
}

#[cfg(test)]
mod tests;
