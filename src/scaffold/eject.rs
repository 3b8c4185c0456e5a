//! `dojo theme eject [NAME]`: copy every file of the embedded default theme
//! (`render::theme::DEFAULT_THEME`) into `themes/NAME/`, so a handbook can
//! change any of them; a file deleted there falls back to the default again.

use std::path::{Path, PathBuf};

use super::{ScaffoldError, create_file, require_handbook, shown};
use crate::render::theme::DEFAULT_THEME;

/// The theme name `dojo theme eject` uses when given none.
pub const EJECT_DEFAULT_NAME: &str = "custom";

/// Copy the default theme to `<root>/themes/<name>/`; returns the folder as
/// the user would type it and the number of files written.
pub fn eject_theme(root: &Path, name: &str) -> Result<(PathBuf, usize), ScaffoldError> {
    require_handbook(root)?;
    check_name(name)?;
    let rel = format!("themes/{name}");
    let dir = root.join(&rel);
    if dir.exists() {
        return Err(ScaffoldError::Exists {
            path: shown(root, &rel),
            help: format!(
                "choose another name (`dojo theme eject my-theme`), or remove `{rel}/` first"
            ),
        });
    }
    for (path, bytes) in DEFAULT_THEME {
        create_file(&dir.join(path), bytes, "")?;
    }
    Ok((shown(root, &rel), DEFAULT_THEME.len()))
}

/// A plain folder name; `default` is the built-in theme's own name.
fn check_name(name: &str) -> Result<(), ScaffoldError> {
    let plain = !name.is_empty()
        && !name.contains(['/', '\\'])
        && name != "."
        && name != ".."
        && !name.starts_with('.');
    let message = if !plain {
        format!("`{name}` is not a folder name")
    } else if name == "default" {
        "`default` names the built-in theme".to_string()
    } else {
        return Ok(());
    };
    Err(ScaffoldError::Usage {
        message,
        help: format!(
            "give the theme a name of its own, e.g. `dojo theme eject {EJECT_DEFAULT_NAME}`"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_plain_folders_other_than_default() {
        assert!(check_name("brand").is_ok());
        for bad in ["", "a/b", "..", ".hidden", "default"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
