//! Render stage: `Site` + theme -> output files (HTML pages, generated
//! pages, copied assets), in parallel across pages, into a `Sink`.

use std::path::Path;

/// Where rendered files go: a staging folder for `build`, memory for `serve`.
/// Paths are output-relative with `/` separators (`kata/x/index.html`).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), String>;
}
