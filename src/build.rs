//! `dojo build` and `dojo check` as lists of named steps: config, load,
//! parse, resolve, render, write. Each step hands a value to the next; the
//! first step that finds errors stops with all of its diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Sources};
use crate::parse::{self, Date, Document};
use crate::render::{self, Sink, Theme};
use crate::resolve::reports::{self, Finding};
use crate::resolve::{self, ResolveOptions, Site};
use crate::write::Staging;

/// What the command line can change about a build.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Output folder (relative to the current folder), instead of the config's.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub portable: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    pub out: PathBuf,
    pub millis: u128,
    pub warnings: Vec<Diagnostic>,
    /// How many trainer-report findings `dojo check` would list.
    pub findings: usize,
}

/// What `dojo check` found in a handbook that builds.
#[derive(Debug)]
pub struct Checked {
    pub warnings: Vec<Diagnostic>,
    pub findings: Vec<Finding>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The handbook has errors (exit code 1).
    Handbook(Vec<Diagnostic>),
    /// Reading or writing failed for reasons outside the handbook (exit code 2).
    Io(String),
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(d: Vec<Diagnostic>) -> Self {
        BuildError::Handbook(d)
    }
}

/// Everything up to rendering: the handbook read, checked and resolved.
struct Prepared {
    config: Config,
    theme: Theme,
    site: Site,
    warnings: Vec<Diagnostic>,
}

/// Build the handbook at `root` into its output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let Prepared {
        config,
        theme,
        site,
        warnings,
    } = prepare(root, options)?;
    let staging = Staging::create(&config.output_dir).map_err(|e| BuildError::Io(e.to_string()))?;
    let opts = render_options(options);
    let mut pages = render::render(&site, &config, &theme, opts, &staging)?;
    let findings = reports::findings(&site, reports::today(), config.review_every);
    if config.reports_publish {
        let (file, html) = render::reports_page(&site, &config, &theme, opts, &findings, &warnings)
            .map_err(|e| BuildError::Handbook(vec![e]))?;
        Sink::put(&staging, &file, html).map_err(BuildError::Io)?;
        pages += 1;
    }
    staging
        .commit()
        .map_err(|e| BuildError::Io(e.to_string()))?;
    let findings = findings.len();
    Ok(Built {
        pages,
        out: config.output_dir,
        millis: started.elapsed().as_millis(),
        warnings,
        findings,
    })
}

/// Build without writing anything, and list the trainer-report findings.
pub fn check(root: &Path, options: &BuildOptions) -> Result<Checked, BuildError> {
    let Prepared {
        config,
        theme,
        site,
        warnings,
    } = prepare(root, options)?;
    // Rendering finds template errors; the search index, thrown away here,
    // cannot fail, so it is not built.
    let opts = render::Options {
        defer_search: true,
        ..render_options(options)
    };
    render::render(&site, &config, &theme, opts, &Discard)?;
    let findings = reports::findings(&site, reports::today(), config.review_every);
    Ok(Checked { warnings, findings })
}

fn render_options(options: &BuildOptions) -> render::Options {
    render::Options {
        portable: options.portable,
        defer_search: false,
    }
}

fn prepare(root: &Path, options: &BuildOptions) -> Result<Prepared, BuildError> {
    let config = configure(root, options)?;
    let sources = load::load(&config)?;
    let (mut docs, mut warnings) = parse_all(&sources, &config)?;
    for doc in &mut docs {
        date_from_git(doc, &sources.git_dates);
    }
    let theme = Theme::load(config.theme.as_deref(), &sources.theme_files)?;
    let mut site = resolve::resolve(
        docs,
        sources.assets,
        sources.statics,
        ResolveOptions {
            drafts: options.drafts,
        },
    )?;
    warnings.append(&mut site.warnings);
    Ok(Prepared {
        config,
        theme,
        site,
        warnings,
    })
}

/// A page without an `updated` date was last updated when it was last
/// committed: the feed, the home page and the page footer use that date
/// (`serve` does the same to each page it parses).
pub(crate) fn date_from_git(doc: &mut Document, git_dates: &HashMap<String, Date>) {
    if doc.front.updated.is_none() {
        doc.front.updated = git_dates.get(&doc.rel).copied();
    }
}

/// Read the config and apply the command line's overrides.
pub fn configure(root: &Path, options: &BuildOptions) -> Result<Config, BuildError> {
    let mut config = config::load_config(root)?;
    if let Some(out) = &options.out {
        config.output_dir = std::path::absolute(out)
            .map_err(|e| BuildError::Io(format!("{}: {e}", out.display())))?;
    }
    if let Some(url) = &options.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    Ok(config)
}

/// Parse every source in parallel; all errors of all files are returned together.
pub fn parse_all(
    sources: &Sources,
    config: &Config,
) -> Result<(Vec<Document>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let results: Vec<parse::Parsed> = sources
        .pages
        .par_iter()
        .map(|f| parse::parse(f, config))
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((doc, mut w)) => {
                docs.push(doc);
                warnings.append(&mut w);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok((docs, warnings))
    } else {
        Err(errors)
    }
}

/// Resolve without rendering (for tools and tests that need the `Site`).
pub fn resolve_only(
    root: &Path,
    options: &BuildOptions,
) -> Result<(Config, Site, Vec<Diagnostic>), BuildError> {
    let Prepared {
        config,
        site,
        warnings,
        ..
    } = prepare(root, options)?;
    Ok((config, site, warnings))
}

/// A sink that keeps nothing: `check` renders to find template errors only.
struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: Vec<u8>) -> Result<(), String> {
        Ok(())
    }

    fn copy(&self, _path: &str, _from: &Path) -> Result<(), String> {
        Ok(())
    }
}
