//! What a file-system event means for the site: a pure function from a path
//! (relative to the handbook folder) to the kind of change, so that what the
//! watcher reacts to is decided, and tested, without touching the disk.

use crate::load;

/// The kind of change one changed path stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// A file or folder under `content/`, relative to it.
    Content(String),
    /// A file or folder under `static/`, relative to it.
    Static(String),
    /// Something in the configured theme's folder.
    Theme,
    /// `handbook.toml`, or one of the handbook's own folders appearing or
    /// going: everything is read again.
    Config,
    /// Not part of the site: editor leftovers, other themes, `public/`, the
    /// handbook folder's other files.
    Ignored,
}

/// Classify `rel`, a path relative to the handbook folder with `/`
/// separators; `theme` is the config's `theme`.
pub(crate) fn classify(rel: &str, theme: Option<&str>) -> Change {
    let rel = rel.trim_matches('/');
    let (top, rest) = rel.split_once('/').unwrap_or((rel, ""));
    match (top, rest) {
        ("handbook.toml" | "content" | "static" | "themes", "") => Change::Config,
        // The same rule as `load`, so a swap file never triggers a rebuild.
        ("content", rest) if load::is_ignored(rest) => Change::Ignored,
        ("content", rest) => Change::Content(rest.to_string()),
        // `static/` keeps dotfiles (`.well-known/`); only leftovers are ignored.
        ("static", rest) if is_leftover(file_name(rest)) => Change::Ignored,
        ("static", rest) => Change::Static(rest.to_string()),
        ("themes", rest) => theme_change(rest, theme),
        _ => Change::Ignored,
    }
}

/// A path under `themes/`: only the configured theme's folder matters.
fn theme_change(rest: &str, theme: Option<&str>) -> Change {
    let (name, inside) = rest.split_once('/').unwrap_or((rest, ""));
    match theme {
        Some(t) if t == name && !is_leftover(file_name(inside)) => Change::Theme,
        _ => Change::Ignored,
    }
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// An editor's backup, lock or swap file, hidden or not (`.x.swp`, `.#x`,
/// `x~`, `#x#`); `load::is_ignored` would also drop every dotfile.
fn is_leftover(name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let unhidden = name.strip_prefix('.').unwrap_or(name);
    name.starts_with(".#") || (!unhidden.is_empty() && load::is_ignored(unhidden))
}

#[cfg(test)]
mod tests {
    use super::Change::*;
    use super::*;

    fn content(rel: &str) -> Change {
        Content(rel.to_string())
    }

    #[test]
    fn content_files_and_folders_are_content() {
        assert_eq!(classify("content/a.md", None), content("a.md"));
        assert_eq!(classify("content/kata/x.md", None), content("kata/x.md"));
        assert_eq!(
            classify("content/files/chart.svg", None),
            content("files/chart.svg")
        );
        assert_eq!(classify("content/guide", None), content("guide"));
        assert_eq!(classify("content/guide/", None), content("guide"));
    }

    #[test]
    fn editor_leftovers_and_hidden_content_are_ignored() {
        for rel in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md.tmp",
            "content/.git/index",
            "content/guide/.hidden.md",
        ] {
            assert_eq!(classify(rel, None), Ignored, "{rel}");
        }
    }

    #[test]
    fn static_keeps_dotfiles_but_not_leftovers() {
        assert_eq!(classify("static/site.css", None), Static("site.css".into()));
        assert_eq!(
            classify("static/.well-known/security.txt", None),
            Static(".well-known/security.txt".into())
        );
        assert_eq!(
            classify("static/.htaccess", None),
            Static(".htaccess".into())
        );
        assert_eq!(classify("static/.site.css.swp", None), Ignored);
        assert_eq!(classify("static/site.css~", None), Ignored);
        assert_eq!(classify("static/.#site.css", None), Ignored);
    }

    #[test]
    fn only_the_configured_theme_counts() {
        let theme = Some("house");
        assert_eq!(classify("themes/house/templates/page.html", theme), Theme);
        assert_eq!(classify("themes/house", theme), Theme);
        assert_eq!(classify("themes/other/templates/page.html", theme), Ignored);
        assert_eq!(
            classify("themes/house/templates/.page.html.swp", theme),
            Ignored
        );
        assert_eq!(classify("themes/house/templates/page.html", None), Ignored);
    }

    #[test]
    fn config_and_top_folders_rebuild_everything() {
        assert_eq!(classify("handbook.toml", None), Config);
        assert_eq!(classify("content", None), Config);
        assert_eq!(classify("static", None), Config);
        assert_eq!(classify("themes", Some("house")), Config);
    }

    #[test]
    fn everything_else_is_ignored() {
        for rel in [
            "public/index.html",
            "README.md",
            ".handbook.toml.swp",
            "handbook.toml~",
            "4913",
            "",
        ] {
            assert_eq!(classify(rel, None), Ignored, "{rel}");
        }
    }
}
