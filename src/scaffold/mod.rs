//! Scaffolding for the authoring loop: `dojo new` (a page from its kind's
//! template), `dojo init` (a starter handbook) and `dojo theme eject` (the
//! default theme copied out). Text is made by pure functions; only the
//! `create_*` functions here touch the disk, and they never overwrite a file.

mod eject;
mod existing;
mod page;
mod starter;

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

pub use eject::{EJECT_DEFAULT_NAME, eject_theme};
pub use page::{NewPage, new_page, parse_kind};
pub use starter::{Starter, init, starter_files};

/// Why a scaffolding command did nothing (exit code 2).
#[derive(Debug, PartialEq, Eq)]
pub enum ScaffoldError {
    /// The arguments do not name something Dojo can make; `help` says what would.
    Usage { message: String, help: String },
    /// The file or folder is already there; scaffolding never overwrites.
    Exists { path: PathBuf, help: String },
    /// Reading or writing failed.
    Io(String),
}

impl ScaffoldError {
    fn io(path: &Path, e: &io::Error) -> Self {
        ScaffoldError::Io(format!("{}: {e}", path.display()))
    }
}

/// A file name from a title, the way URLs are made: lowercase, spaces and
/// underscores to `-`, punctuation dropped, no `-` doubled or at either end
/// (`"What's new?"` -> `whats-new`). Letters of other scripts are kept.
pub fn slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if matches!(c, ' ' | '_' | '-' | '\t') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// `text` as a TOML basic string, quotes included, for titles in front matter.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Write `text` to `path`, creating its folders; an existing file is left
/// untouched and reported as `Exists`.
fn create_file(path: &Path, text: &[u8], help: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| ScaffoldError::io(parent, &e))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists {
                path: path.to_path_buf(),
                help: help.to_string(),
            });
        }
        Err(e) => return Err(ScaffoldError::io(path, &e)),
    };
    file.write_all(text)
        .map_err(|e| ScaffoldError::io(path, &e))
}

/// The handbook's config must be there before pages or themes are added to it.
fn require_handbook(root: &Path) -> Result<(), ScaffoldError> {
    if root.join("handbook.toml").is_file() {
        return Ok(());
    }
    Err(ScaffoldError::Usage {
        message: format!("no handbook.toml was found in `{}`", root.display()),
        help: "run `dojo init` to create a starter handbook, or pass `--root` to the handbook's folder"
            .to_string(),
    })
}

/// `root/rel` as the user would type it: `content/x.md` when `root` is `.`.
pub fn shown(root: &Path, rel: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_like_urls() {
        assert_eq!(slug("Morning huddle"), "morning-huddle");
        assert_eq!(slug("What's new?"), "whats-new");
        assert_eq!(slug("  Handle a  complaint! "), "handle-a-complaint");
        assert_eq!(slug("snake_case - and dash 2"), "snake-case-and-dash-2");
        assert_eq!(slug("Café Straße"), "café-straße");
        assert_eq!(slug("?!"), "");
    }

    #[test]
    fn titles_are_quoted_for_toml() {
        let quoted = toml_string("A \"quoted\" \\ title\u{7}");
        assert_eq!(quoted, r#""A \"quoted\" \\ title\u0007""#);
        let parsed: toml::Table = toml::from_str(&format!("t = {quoted}")).unwrap();
        assert_eq!(parsed["t"].as_str(), Some("A \"quoted\" \\ title\u{7}"));
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        create_file(&path, b"one", "h").unwrap();
        let again = create_file(&path, b"two", "h");
        assert!(matches!(again, Err(ScaffoldError::Exists { .. })));
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
    }
}
