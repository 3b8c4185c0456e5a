//! Front matter: find the `+++` TOML or `---` YAML block at the very top of a
//! file and parse it into a positioned `Table` (line/col counted from the top
//! of the file, not of the block).

use crate::diagnostic::Diagnostic;
use crate::parse::FrontMatterFormat;
use crate::parse::value::Table;

/// Where the front matter and the body lie in the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub format: FrontMatterFormat,
    /// Byte range of the front matter's text, between the fences.
    pub start: usize,
    pub end: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Find the front matter block; a file without one is all body.
pub fn split(source: &str) -> Result<Split, Diagnostic> {
    let _ = source;
    todo!("front_matter::split")
}

/// Parse the block `split` found into a table.
pub fn parse_table(source: &str, split: &Split) -> Result<Table, Diagnostic> {
    let _ = (source, split);
    todo!("front_matter::parse_table")
}
