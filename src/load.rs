//! Load stage: walk `content/`, `static/` and the theme folder (walkdir, in a
//! deterministic order) and read the files. Nothing is parsed here; this and
//! `write` are the only stages that touch the disk.

use std::path::PathBuf;

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
}

/// Walk the handbook folder and read everything the build needs.
pub fn load(config: &crate::config::Config) -> Result<Sources, Vec<crate::diagnostic::Diagnostic>> {
    let _ = config;
    todo!("load::load")
}
