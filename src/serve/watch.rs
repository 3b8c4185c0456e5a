//! Watching the handbook with `notify`: its folder (not recursively, for
//! `handbook.toml` and its top folders appearing), `content/`, `static/` and
//! the configured theme's folder. Each event becomes the changed paths for
//! the builder; events the system dropped ask for a full rescan.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// What the watcher tells the builder.
#[derive(Debug)]
pub(crate) enum Signal {
    Paths(Vec<PathBuf>),
    /// Events were lost: read everything again.
    Rescan,
    /// The watcher failed; the message says why.
    Failed(String),
}

/// The folders to watch, and how.
pub(crate) type Targets = Vec<(PathBuf, RecursiveMode)>;

/// The folders of the handbook at `root` (with theme `theme`) to watch.
pub(crate) fn targets(root: &Path, theme: Option<&str>) -> Targets {
    let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in ["content", "static"] {
        let path = root.join(folder);
        if path.is_dir() {
            targets.push((path, RecursiveMode::Recursive));
        }
    }
    let themes = root.join("themes");
    if let Some(name) = theme {
        let folder = themes.join(name);
        if folder.is_dir() {
            targets.push((folder, RecursiveMode::Recursive));
        } else if themes.is_dir() {
            // To see the theme's folder appear.
            targets.push((themes, RecursiveMode::NonRecursive));
        }
    }
    targets
}

/// Start watching `targets`, sending what happens to `signals`.
pub(crate) fn watch(
    targets: &Targets,
    signals: Sender<Signal>,
) -> Result<RecommendedWatcher, String> {
    let handler = move |result: notify::Result<Event>| {
        if let Some(signal) = signal_of(result) {
            let _ = signals.send(signal);
        }
    };
    let mut watcher = notify::recommended_watcher(handler).map_err(|e| e.to_string())?;
    for (path, mode) in targets {
        watcher
            .watch(path, *mode)
            .map_err(|e| format!("cannot watch `{}`: {e}", path.display()))?;
    }
    Ok(watcher)
}

fn signal_of(result: notify::Result<Event>) -> Option<Signal> {
    let event = match result {
        Ok(event) => event,
        Err(e) => return Some(Signal::Failed(e.to_string())),
    };
    if event.need_rescan() {
        return Some(Signal::Rescan);
    }
    match event.kind {
        // Opening or reading a file changes nothing; closing it after writing does.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Signal::Paths(event.paths)),
        EventKind::Access(_) => None,
        _ => Some(Signal::Paths(event.paths)),
    }
}

/// `path` relative to `root` with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let names: Vec<_> = rel.iter().map(|n| n.to_string_lossy()).collect();
    Some(names.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, Flag};

    #[test]
    fn reads_are_not_changes() {
        let read = Event::new(EventKind::Access(AccessKind::Open(AccessMode::Read)));
        assert!(signal_of(Ok(read)).is_none());
        let written = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write)))
            .add_path(PathBuf::from("/h/content/a.md"));
        assert!(matches!(signal_of(Ok(written)), Some(Signal::Paths(p)) if p.len() == 1));
        let created = Event::new(EventKind::Create(CreateKind::File));
        assert!(matches!(signal_of(Ok(created)), Some(Signal::Paths(_))));
    }

    #[test]
    fn lost_events_ask_for_a_rescan() {
        let lost = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(matches!(signal_of(Ok(lost)), Some(Signal::Rescan)));
    }

    #[test]
    fn paths_are_made_relative_to_the_handbook() {
        let root = Path::new("/h");
        assert_eq!(
            relative(root, Path::new("/h/content/a b.md")).as_deref(),
            Some("content/a b.md")
        );
        assert_eq!(relative(root, Path::new("/h")).as_deref(), Some(""));
        assert_eq!(relative(root, Path::new("/elsewhere/x")), None);
    }
}
