//! The builder thread: waits for file-system events, gathers them until the
//! handbook has been quiet for a moment (so an editor's write-to-temp and
//! rename, or a `git checkout` of a thousand files, is one rebuild), applies
//! them to the model, and hands the outcome to the site actor. Events that
//! arrive during a rebuild wait in the channel and make the next batch.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::RecommendedWatcher;

use super::classify::classify;
use super::model::{Batch, Model};
use super::site::{Outcome, SiteHandle, Update};
use super::watch::{self, Signal, Targets};
use crate::build::{self, BuildOptions};

/// How long the handbook must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(15);
/// A batch closes after this long even if events keep coming.
const LONGEST: Duration = Duration::from_secs(1);

/// Rebuilds the handbook as it changes.
pub(crate) struct Builder {
    root: PathBuf,
    model: Model,
    signals: Receiver<Signal>,
    sender: Sender<Signal>,
    targets: Targets,
    /// Kept alive: dropping it stops the watching.
    watcher: Option<RecommendedWatcher>,
}

impl Builder {
    /// Start watching the handbook at `root` (absolute), then build it; the
    /// watcher starts first so that no change during the build is missed.
    pub(crate) fn start(root: &Path, options: BuildOptions) -> (Builder, Outcome) {
        let (sender, signals) = mpsc::channel();
        let theme = build::configure(root, &options).ok().and_then(|c| c.theme);
        let targets = watch::targets(root, theme.as_deref());
        let watcher = start_watching(&targets, &sender);
        let (model, first) = Model::load(root, options);
        let mut builder = Builder {
            root: root.to_path_buf(),
            model,
            signals,
            sender,
            targets,
            watcher,
        };
        builder.rewatch();
        (builder, first)
    }

    /// The handbook's title, when its config loads.
    pub(crate) fn title(&self) -> Option<String> {
        self.model.config().map(|c| c.title.clone())
    }

    /// Rebuild on every batch of changes until the watcher stops.
    pub(crate) fn run(mut self, site: SiteHandle) {
        self.model.refill();
        while let Some(batch) = self.next_batch() {
            let started = Instant::now();
            let outcome = self.model.apply(&batch);
            self.rewatch();
            if let Some(outcome) = outcome {
                report(&outcome, &batch, started);
                site.update(outcome);
            }
            self.model.refill();
        }
    }

    fn next_batch(&mut self) -> Option<Batch> {
        loop {
            let mut batch = Batch::default();
            self.add(&mut batch, self.signals.recv().ok()?);
            let started = Instant::now();
            while let Some(left) = LONGEST.checked_sub(started.elapsed()) {
                match self.signals.recv_timeout(QUIET.min(left)) {
                    Ok(signal) => self.add(&mut batch, signal),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !batch.is_empty() {
                return Some(batch);
            }
        }
    }

    fn add(&self, batch: &mut Batch, signal: Signal) {
        let theme = self.model.config().and_then(|c| c.theme.as_deref());
        match signal {
            Signal::Paths(paths) => {
                for path in paths {
                    if let Some(rel) = watch::relative(&self.root, &path) {
                        batch.add(classify(&rel, theme));
                    }
                }
            }
            Signal::Rescan => batch.rescan = true,
            Signal::Failed(message) => {
                eprintln!("warning: watching the handbook: {message}");
                batch.rescan = true;
            }
        }
    }

    /// Watch what the current config asks for, if that changed.
    fn rewatch(&mut self) {
        let theme = self.model.config().and_then(|c| c.theme.as_deref());
        let targets = watch::targets(&self.root, theme);
        if self.watcher.is_some() && targets == self.targets {
            return;
        }
        // The new watcher starts before the old one stops.
        if let Some(watcher) = start_watching(&targets, &self.sender) {
            self.watcher = Some(watcher);
        }
        self.targets = targets;
    }
}

fn start_watching(targets: &Targets, sender: &Sender<Signal>) -> Option<RecommendedWatcher> {
    watch::watch(targets, sender.clone())
        .map_err(|message| eprintln!("warning: changes will not be seen: {message}"))
        .ok()
}

/// One line per rebuild on the console; errors in full, as `dojo build` prints them.
fn report(outcome: &Outcome, batch: &Batch, started: Instant) {
    let millis = started.elapsed().as_millis();
    if let Update::Failed = outcome.update {
        for error in &outcome.errors {
            eprintln!("{error}");
        }
        let n = outcome.errors.len();
        let plural = if n == 1 { "" } else { "s" };
        eprintln!(
            "error: {} changed and the handbook has {n} error{plural}; \
             still serving the last good build",
            batch.describe()
        );
    } else {
        println!("Rebuilt in {millis} ms: {}", batch.describe());
    }
}
