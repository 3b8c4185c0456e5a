//! The builder's picture of the handbook: config, theme, every parsed
//! document keyed by path, the copied files' bytes. A batch of changed paths
//! is applied by re-reading and re-parsing only those files; then the site is
//! resolved again, or, when only page bodies changed in ways no other page
//! can see (`shape`), the new documents are handed over as they are. A
//! config change, or a change the per-file path cannot follow (a folder
//! moved, a file added beside the pages, the theme), reads everything again
//! and re-parses only what differs.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::classify::Change;
use super::docs::Docs;
use super::shape::same_shape;
use super::site::{Files, Live, Outcome, Update};
use crate::build::{self, BuildError, BuildOptions};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{self, CopiedFile, SourceFile};
use crate::parse::{self, Date, Document};
use crate::render::Theme;
use crate::resolve::{self, ResolveOptions};

/// The changes of one quiet window.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub content: BTreeSet<String>,
    pub statics: BTreeSet<String>,
    pub theme: bool,
    pub config: bool,
    /// The watcher lost events: read everything again.
    pub rescan: bool,
}

impl Batch {
    pub(crate) fn add(&mut self, change: Change) {
        match change {
            Change::Content(rel) => drop(self.content.insert(rel)),
            Change::Static(rel) => drop(self.statics.insert(rel)),
            Change::Theme => self.theme = true,
            Change::Config => self.config = true,
            Change::Ignored => {}
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.content.is_empty()
            && self.statics.is_empty()
            && !self.theme
            && !self.config
            && !self.rescan
    }

    /// A short account for the console: the path when one file changed.
    pub(crate) fn describe(&self) -> String {
        let paths = self.content.len() + self.statics.len();
        match (self.config, self.theme, self.content.iter().next()) {
            (true, _, _) => "handbook.toml".to_string(),
            (_, true, _) => "theme".to_string(),
            (_, _, Some(rel)) if paths == 1 => format!("content/{rel}"),
            _ if paths == 1 => "static/".to_string() + self.statics.iter().next().map_or("", |s| s),
            _ => format!("{paths} paths"),
        }
    }
}

/// What applying a batch changed, from least to most work.
enum Effect {
    Nothing,
    /// Bytes of copied files only.
    Bytes,
    /// Page bodies only: the new documents.
    Bodies(Vec<Document>),
    Structure,
}

impl Effect {
    fn and(self, other: Effect) -> Effect {
        match (self, other) {
            (Effect::Nothing, e) | (e, Effect::Nothing) => e,
            (Effect::Bytes, Effect::Bytes) => Effect::Bytes,
            (Effect::Bodies(mut a), Effect::Bodies(b)) => {
                a.extend(b);
                Effect::Bodies(a)
            }
            _ => Effect::Structure,
        }
    }
}

/// The handbook as the builder knows it; `Err` while the config or the
/// first load fails (every later change then reads everything again).
pub(crate) struct Model {
    root: PathBuf,
    options: BuildOptions,
    state: Result<Loaded, Vec<Diagnostic>>,
}

impl Model {
    /// Read and build the handbook at `root` for the first time.
    pub(crate) fn load(root: &Path, options: BuildOptions) -> (Model, Outcome) {
        let mut model = Model {
            root: root.to_path_buf(),
            options,
            state: Err(Vec::new()),
        };
        let first = model.reload();
        (model, first)
    }

    /// Apply one batch of changes; `None` when nothing the site shows changed.
    pub(crate) fn apply(&mut self, batch: &Batch) -> Option<Outcome> {
        let drafts = self.options.drafts;
        match &mut self.state {
            Ok(loaded) if !batch.config => {
                let effect = loaded.apply(batch);
                loaded.conclude(effect, drafts)
            }
            _ => Some(self.reload()),
        }
    }

    /// The config, when it loaded.
    pub(crate) fn config(&self) -> Option<&Config> {
        self.state.as_ref().ok().map(|l| &l.config)
    }

    /// Prepare for the next rebuild while nothing is happening.
    pub(crate) fn refill(&mut self) {
        if let Ok(loaded) = &mut self.state {
            loaded.docs.refill();
        }
    }

    fn reload(&mut self) -> Outcome {
        self.state = Loaded::load(&self.root, &self.options);
        match &mut self.state {
            Ok(loaded) => loaded.settle(Effect::Structure, self.options.drafts),
            Err(errors) => Outcome {
                update: Update::Failed,
                errors: errors.clone(),
                warnings: Vec::new(),
            },
        }
    }
}

/// A handbook whose config loaded.
struct Loaded {
    config: Config,
    theme_files: Vec<(String, Vec<u8>)>,
    /// `None` until the theme is first loaded.
    theme: Option<Result<Arc<Theme>, Vec<Diagnostic>>>,
    docs: Docs,
    /// Pages that do not read or parse, with their errors.
    broken: BTreeMap<String, Vec<Diagnostic>>,
    /// Parse warnings of each page that has some.
    warnings: BTreeMap<String, Vec<Diagnostic>>,
    assets: Vec<CopiedFile>,
    statics: Vec<CopiedFile>,
    files: Arc<Files>,
    /// Problems of the last full read (a symlink leaving the handbook, say);
    /// while there are some, every change reads everything again.
    load_errors: Vec<Diagnostic>,
    /// Warnings of the last resolve.
    site_warnings: Vec<Diagnostic>,
    /// Each page's last commit date, from the last full read.
    git_dates: HashMap<String, Date>,
    /// Whether the served site is what these documents resolve to.
    published: bool,
}

impl Loaded {
    fn load(root: &Path, options: &BuildOptions) -> Result<Loaded, Vec<Diagnostic>> {
        let config = build::configure(root, options).map_err(|e| match e {
            BuildError::Handbook(d) => d,
            BuildError::Io(message) => vec![Diagnostic::error("io-error", message)],
        })?;
        let mut loaded = Loaded {
            config,
            theme_files: Vec::new(),
            theme: None,
            docs: Docs::default(),
            broken: BTreeMap::new(),
            warnings: BTreeMap::new(),
            assets: Vec::new(),
            statics: Vec::new(),
            files: Arc::default(),
            load_errors: Vec::new(),
            site_warnings: Vec::new(),
            git_dates: HashMap::new(),
            published: false,
        };
        loaded.rescan();
        Ok(loaded)
    }

    fn apply(&mut self, batch: &Batch) -> Effect {
        if batch.rescan || batch.theme || !self.load_errors.is_empty() || self.needs_rescan(batch) {
            return self.rescan();
        }
        let mut effect = Effect::Nothing;
        for rel in &batch.content {
            effect = effect.and(match rel.ends_with(".md") {
                true => self.update_page(rel),
                false => self.reread(rel, false),
            });
        }
        for rel in &batch.statics {
            effect = effect.and(self.reread(rel, true));
        }
        effect
    }

    /// Whether a change is one the per-file path cannot follow: a folder
    /// appearing, going or moving, a copied file added or removed.
    fn needs_rescan(&self, batch: &Batch) -> bool {
        let content = self.config.root.join("content");
        let statics = self.config.root.join("static");
        let page_folder = |rel: &String| {
            rel.ends_with(".md") && fs::metadata(content.join(rel)).is_ok_and(|m| !m.is_file())
        };
        let other = |rel: &String| {
            !rel.ends_with(".md") && !self.plain_file_change(&content.join(rel), rel, &self.assets)
        };
        batch.content.iter().any(|r| page_folder(r) || other(r))
            || (batch.statics.iter())
                .any(|r| !self.plain_file_change(&statics.join(r), r, &self.statics))
    }

    /// A known copied file that is still a file, or a path that came and
    /// went without being anything the site knows.
    fn plain_file_change(&self, abs: &Path, rel: &str, known: &[CopiedFile]) -> bool {
        let is_file = fs::metadata(abs).map(|m| m.is_file());
        let is_known = known.iter().any(|f| f.rel == rel);
        match is_file {
            Ok(true) => is_known,
            Ok(false) => false,
            Err(e) if e.kind() == ErrorKind::NotFound => !is_known && !self.holds_under(rel),
            Err(_) => false,
        }
    }

    /// Whether anything known lies inside the folder `rel`.
    fn holds_under(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        let under = |r: &str| r.starts_with(&prefix);
        self.docs.rels().any(under)
            || self.broken.keys().any(|r| under(r))
            || self
                .assets
                .iter()
                .chain(&self.statics)
                .any(|f| under(&f.rel))
    }

    /// Re-read and re-parse one page (or forget it, when it is gone).
    fn update_page(&mut self, rel: &str) -> Effect {
        let abs = self.config.root.join("content").join(rel);
        if fs::metadata(&abs).is_err_and(|e| e.kind() == ErrorKind::NotFound) {
            let had = self.docs.remove(rel) | self.broken.remove(rel).is_some();
            self.warnings.remove(rel);
            return if had {
                Effect::Structure
            } else {
                Effect::Nothing
            };
        }
        let parsed = load::read_source(&self.config, rel)
            .map_err(|d| vec![d])
            .and_then(|source| parse::parse(&source, &self.config));
        match parsed {
            Ok((doc, warnings)) => self.keep_page(doc, warnings),
            Err(errors) => {
                self.docs.remove(rel);
                self.warnings.remove(rel);
                self.broken.insert(rel.to_string(), errors);
                Effect::Structure
            }
        }
    }

    fn keep_page(&mut self, mut doc: Document, warnings: Vec<Diagnostic>) -> Effect {
        build::date_from_git(&mut doc, &self.git_dates);
        let rel = doc.rel.clone();
        let was_broken = self.broken.remove(&rel).is_some();
        self.set_warnings(&rel, warnings);
        let effect = match self.docs.get(&rel) {
            Some(old) if old.source == doc.source && !was_broken => Effect::Nothing,
            Some(old) if same_shape(old, &doc) && !was_broken => Effect::Bodies(vec![doc.clone()]),
            _ => Effect::Structure,
        };
        self.docs.insert(doc);
        effect
    }

    fn set_warnings(&mut self, rel: &str, warnings: Vec<Diagnostic>) {
        if warnings.is_empty() {
            self.warnings.remove(rel);
        } else {
            self.warnings.insert(rel.to_string(), warnings);
        }
    }

    /// New bytes for a known copied file.
    fn reread(&mut self, rel: &str, is_static: bool) -> Effect {
        let list = if is_static {
            &self.statics
        } else {
            &self.assets
        };
        let Some(file) = list.iter().find(|f| f.rel == rel) else {
            // Came and went (a vanished temp file, say): nothing to show.
            return Effect::Nothing;
        };
        match fs::read(&file.abs) {
            Ok(bytes) => {
                Arc::make_mut(&mut self.files).insert(rel.to_string(), bytes.into());
                Effect::Bytes
            }
            Err(_) => self.rescan(),
        }
    }

    /// Read the whole handbook folder again; parse only pages whose text
    /// differs from the kept document.
    fn rescan(&mut self) -> Effect {
        let sources = match load::load(&self.config) {
            Ok(sources) => sources,
            Err(errors) => {
                self.load_errors = errors;
                return Effect::Structure;
            }
        };
        self.load_errors.clear();
        self.git_dates = sources.git_dates;
        let pages_changed = self.merge_pages(sources.pages);
        let lists_changed = !same_files(&self.assets, &sources.assets)
            || !same_files(&self.statics, &sources.statics);
        self.assets = sources.assets;
        self.statics = sources.statics;
        let theme_changed = self.theme.is_none() || self.theme_files != sources.theme_files;
        if theme_changed {
            let name = self.config.theme.as_deref();
            self.theme = Some(Theme::load(name, &sources.theme_files).map(Arc::new));
            self.theme_files = sources.theme_files;
        }
        self.files = Arc::new(read_files(
            &self.assets,
            &self.statics,
            &mut self.load_errors,
        ));
        match pages_changed || lists_changed || theme_changed {
            true => Effect::Structure,
            false => Effect::Bytes,
        }
    }

    /// Keep documents whose text is unchanged, parse the others; true when
    /// any page was added, removed or changed.
    fn merge_pages(&mut self, pages: Vec<SourceFile>) -> bool {
        let present: HashSet<&str> = pages.iter().map(|p| p.rel.as_str()).collect();
        let gone: Vec<String> = (self
            .docs
            .rels()
            .chain(self.broken.keys().map(String::as_str)))
        .filter(|r| !present.contains(r))
        .map(str::to_string)
        .collect();
        for rel in &gone {
            self.docs.remove(rel);
            self.broken.remove(rel);
            self.warnings.remove(rel);
        }
        let todo: Vec<&SourceFile> = pages.iter().filter(|p| self.differs(p)).collect();
        let config = &self.config;
        let parsed: Vec<(String, parse::Parsed)> = todo
            .par_iter()
            .map(|p| (p.rel.clone(), parse::parse(p, config)))
            .collect();
        let changed = !gone.is_empty() || !parsed.is_empty();
        for (rel, result) in parsed {
            match result {
                Ok((doc, warnings)) => drop(self.keep_page(doc, warnings)),
                Err(errors) => {
                    self.docs.remove(&rel);
                    self.warnings.remove(&rel);
                    self.broken.insert(rel, errors);
                }
            }
        }
        changed
    }

    fn differs(&self, page: &SourceFile) -> bool {
        let text = page.text.strip_prefix('\u{feff}').unwrap_or(&page.text);
        self.broken.contains_key(&page.rel)
            || self.docs.get(&page.rel).is_none_or(|d| d.source != text)
    }

    fn conclude(&mut self, effect: Effect, drafts: bool) -> Option<Outcome> {
        match effect {
            Effect::Nothing => None,
            effect => Some(self.settle(effect, drafts)),
        }
    }

    /// Turn what changed into what the server should show.
    fn settle(&mut self, effect: Effect, drafts: bool) -> Outcome {
        let errors = self.errors();
        if !errors.is_empty() {
            self.published = false;
            return self.outcome(Update::Failed, errors);
        }
        match effect {
            Effect::Bytes if self.published => {
                self.outcome(Update::Files(Arc::clone(&self.files)), Vec::new())
            }
            Effect::Bodies(docs) if self.published && !self.site_warns_about(&docs) => {
                self.outcome(Update::Docs(docs), Vec::new())
            }
            _ => self.resolve(drafts),
        }
    }

    fn resolve(&mut self, drafts: bool) -> Outcome {
        let theme = match &self.theme {
            Some(Ok(theme)) => Arc::clone(theme),
            _ => return self.outcome(Update::Failed, self.errors()),
        };
        let docs = self.docs.take_all();
        let options = ResolveOptions { drafts };
        match resolve::resolve(docs, self.assets.clone(), self.statics.clone(), options) {
            Ok(site) => {
                self.site_warnings = site.warnings.clone();
                self.published = true;
                let live = Live {
                    site,
                    config: self.config.clone(),
                    theme,
                    files: Arc::clone(&self.files),
                };
                self.outcome(Update::Site(Box::new(live)), Vec::new())
            }
            Err(errors) => {
                self.published = false;
                self.outcome(Update::Failed, errors)
            }
        }
    }

    fn outcome(&self, update: Update, errors: Vec<Diagnostic>) -> Outcome {
        let mut warnings: Vec<Diagnostic> = self.warnings.values().flatten().cloned().collect();
        if self.published {
            warnings.extend(self.site_warnings.iter().cloned());
        }
        Outcome {
            update,
            errors,
            warnings,
        }
    }

    /// Everything that stops the build before `resolve`.
    fn errors(&self) -> Vec<Diagnostic> {
        let mut errors = self.load_errors.clone();
        if let Some(Err(theme)) = &self.theme {
            errors.extend(theme.iter().cloned());
        }
        errors.extend(self.broken.values().flatten().cloned());
        errors
    }

    fn site_warns_about(&self, docs: &[Document]) -> bool {
        let files: HashSet<String> = docs.iter().map(|d| format!("content/{}", d.rel)).collect();
        self.site_warnings
            .iter()
            .any(|w| w.file.as_ref().is_some_and(|f| files.contains(f)))
    }
}

fn same_files(a: &[CopiedFile], b: &[CopiedFile]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.rel == y.rel && x.abs == y.abs)
}

/// The bytes of every copied file, by output path (content assets and
/// `static/` files land at their relative path).
fn read_files(
    assets: &[CopiedFile],
    statics: &[CopiedFile],
    errors: &mut Vec<Diagnostic>,
) -> Files {
    let read: Vec<(String, std::io::Result<Vec<u8>>)> = assets
        .par_iter()
        .chain(statics.par_iter())
        .map(|f| (f.rel.clone(), fs::read(&f.abs)))
        .collect();
    let mut files = Files::new();
    for (rel, result) in read {
        match result {
            Ok(bytes) => drop(files.insert(rel, bytes.into())),
            Err(e) => errors.push(Diagnostic::error(
                "io-error",
                format!("cannot read `{rel}`: {e}"),
            )),
        }
    }
    files
}
