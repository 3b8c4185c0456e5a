//! The sites the browser tests visit: the repository's example handbook
//! built with `dojo` into a temporary folder, and the list of its pages.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{dojo, stderr};

/// A handbook built into a temporary folder, deleted when dropped.
pub(crate) struct BuiltSite {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

/// One HTML file of a built site.
pub(crate) struct Page {
    /// The page's URL relative to the site's root: `""`, `about/`, `404.html`.
    pub(crate) path: String,
    /// The HTML file.
    pub(crate) file: PathBuf,
    /// An alias page that sends the reader on with `<meta http-equiv="refresh">`.
    pub(crate) redirects: bool,
}

/// Build the example handbook at the repository's root (`handbook.toml`,
/// `content/`) with extra `build` arguments such as `--portable`.
pub(crate) fn example(args: &[&str]) -> BuiltSite {
    let repo = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["--root", repo, "build", "--out", "site"];
    all.extend_from_slice(args);
    let out = dojo(dir.path(), &all);
    assert!(out.status.success(), "dojo build failed:\n{}", stderr(&out));
    let out = dir.path().join("site");
    BuiltSite { _dir: dir, out }
}

impl BuiltSite {
    /// The output folder.
    pub(crate) fn root(&self) -> &Path {
        &self.out
    }

    /// Every HTML file of the site, sorted by path.
    pub(crate) fn pages(&self) -> Vec<Page> {
        let mut pages: Vec<Page> = walkdir::WalkDir::new(&self.out)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| self.page(e.path()))
            .collect();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }

    /// The reader-facing pages: every page but the alias redirects.
    pub(crate) fn content_pages(&self) -> Vec<Page> {
        self.pages().into_iter().filter(|p| !p.redirects).collect()
    }

    fn page(&self, file: &Path) -> Page {
        let rel = file.strip_prefix(&self.out).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let path = match rel.strip_suffix("index.html") {
            Some(folder) => folder.to_string(),
            None => rel,
        };
        // Classifying the file, not testing it: a substring is enough here.
        let html = fs::read_to_string(file).unwrap();
        let redirects = html.contains(r#"http-equiv="refresh""#);
        Page {
            path,
            file: file.to_path_buf(),
            redirects,
        }
    }
}
