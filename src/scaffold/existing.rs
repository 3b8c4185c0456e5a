//! What a handbook already holds, read cheaply from file names: the typed
//! pages under each kind's folder, so `dojo new` can refuse a slug that is
//! taken and fill its examples and placeholders with real references.

use std::path::Path;

use crate::parse::{Kind, is_section_index};
use crate::resolve::urls::slugify;

/// One typed page found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) kind: Kind,
    /// Its slug (file stem, slugified like URLs).
    pub(super) slug: String,
    /// Content-relative path without `.md`, slugified (`playbooks/warm-transfer`), as path steps name it.
    pub(super) path: String,
    /// Marked `draft = true`: not a valid reference from a published page.
    pub(super) draft: bool,
    /// A goal with `level = "organization"`: the parent a new goal suggests.
    pub(super) top_goal: bool,
}

/// The typed pages of a handbook, in file-name order.
#[derive(Clone, Debug, Default)]
pub(super) struct Existing {
    entries: Vec<Entry>,
}

impl Existing {
    /// Scan `<root>/content/<kind folder>/` for every typed kind. Unreadable
    /// files are skipped: this only feeds suggestions.
    pub(super) fn scan(root: &Path) -> Existing {
        let content = root.join("content");
        let mut entries = Vec::new();
        for kind in Kind::ALL {
            let Some(folder) = kind.folder() else {
                continue;
            };
            let walker = walkdir::WalkDir::new(content.join(folder)).sort_by_file_name();
            for entry in walker.into_iter().filter_map(Result::ok) {
                let Ok(rel) = entry.path().strip_prefix(&content) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                entries.extend(Self::entry(kind, &rel, entry.path()));
            }
        }
        Existing { entries }
    }

    fn entry(kind: Kind, rel: &str, abs: &Path) -> Option<Entry> {
        let path = rel.strip_suffix(".md")?;
        if is_section_index(rel) || !abs.is_file() {
            return None;
        }
        let stem = path.rsplit('/').next().unwrap_or(path);
        let text = std::fs::read_to_string(abs).unwrap_or_default();
        Some(Entry {
            kind,
            slug: slugify(stem),
            path: path.split('/').map(slugify).collect::<Vec<_>>().join("/"),
            draft: is_draft(&text),
            top_goal: kind == Kind::Goal
                && front_value(&text, "level")
                    .is_some_and(|v| v.trim_matches(['"', '\'']) == "organization"),
        })
    }

    /// For tests and callers that already know the pages.
    #[cfg(test)]
    pub(super) fn of(entries: Vec<Entry>) -> Existing {
        Existing { entries }
    }

    /// Published pages of `kind`.
    pub(super) fn published(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| e.kind == kind && !e.draft)
    }

    /// Up to `n` slugs of published pages of `kind`.
    pub(super) fn slugs(&self, kind: Kind, n: usize) -> Vec<&str> {
        let slugs = self.published(kind).map(|e| e.slug.as_str());
        slugs.take(n).collect()
    }

    /// A page of `kind` that already has `slug` (typed references are by slug).
    pub(super) fn with_slug(&self, kind: Kind, slug: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.kind == kind && e.slug == slug)
    }
}

/// Whether the front matter says `draft = true` (TOML) or `draft: true` (YAML).
fn is_draft(text: &str) -> bool {
    front_value(text, "draft").is_some_and(|v| v.starts_with("true"))
}

/// The raw value of a top-level `key` in the front matter, TOML (`key =
/// value`) or YAML (`key: value`); enough for hints, not a parser.
fn front_value<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let mut lines = text.lines();
    let fence = lines.next()?.trim();
    if fence != "+++" && fence != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim() != fence)
        .filter_map(|l| l.split_once(['=', ':']))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, value)| value.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_read_from_either_front_matter() {
        assert!(is_draft("+++\ntitle = \"A\"\ndraft = true\n+++\n"));
        assert!(is_draft("---\ndraft: true\n---\n"));
        assert!(!is_draft("+++\ndraft = false\n+++\ndraft = true\n"));
        assert!(!is_draft("draft = true\n"));
    }

    #[test]
    fn organization_goals_are_told_from_their_level() {
        let dir = tempfile::tempdir().unwrap();
        let goals = dir.path().join("content/goals");
        std::fs::create_dir_all(&goals).unwrap();
        std::fs::write(goals.join("a.md"), "+++\nlevel = \"team\"\n+++\n").unwrap();
        std::fs::write(goals.join("b.md"), "---\nlevel: organization\n---\n").unwrap();
        let found = Existing::scan(dir.path());
        let top = |slug| found.with_slug(Kind::Goal, slug).unwrap().top_goal;
        assert!(!top("a"));
        assert!(top("b"));
    }

    #[test]
    fn scans_typed_pages_but_not_index_pages() {
        let dir = tempfile::tempdir().unwrap();
        let roles = dir.path().join("content/roles/team");
        std::fs::create_dir_all(&roles).unwrap();
        std::fs::write(roles.join("Team Lead.md"), "+++\n+++\n").unwrap();
        std::fs::write(roles.join("_index.md"), "").unwrap();
        let found = Existing::scan(dir.path());
        let lead = found.with_slug(Kind::Role, "team-lead").unwrap();
        assert_eq!(lead.path, "roles/team/team-lead");
        assert_eq!(found.slugs(Kind::Role, 5), ["team-lead"]);
        assert!(found.slugs(Kind::Goal, 5).is_empty());
    }
}
