//! Parse stage: one source file's text -> a `Document` (validated front
//! matter plus what the Markdown body says about itself: headings, links,
//! summary, word count). Pure: no file system, no knowledge of other pages.

pub mod fields;
pub mod front_matter;
pub mod kinds;
pub mod markdown;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Located};
use crate::load::SourceFile;
use crate::value;

pub use crate::date::{Date, Interval};
pub use kinds::KindData;
pub use markdown::{Heading, LinkRef, LinkTarget};

/// The kind of a page, from its top-level folder or `kind = "..."`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Page,
    Playbook,
    Kata,
    Role,
    Competency,
    Path,
    Goal,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Page,
        Kind::Playbook,
        Kind::Kata,
        Kind::Role,
        Kind::Competency,
        Kind::Path,
        Kind::Goal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Playbook => "playbook",
            Kind::Kata => "kata",
            Kind::Role => "role",
            Kind::Competency => "competency",
            Kind::Path => "path",
            Kind::Goal => "goal",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The top-level content folder whose files default to this kind.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Page => None,
            Kind::Playbook => Some("playbooks"),
            Kind::Kata => Some("kata"),
            Kind::Role => Some("roles"),
            Kind::Competency => Some("competencies"),
            Kind::Path => Some("paths"),
            Kind::Goal => Some("goals"),
        }
    }

    /// The kind a content-relative path implies by its top-level folder.
    /// Section index files are plain pages: they introduce the kind's overview.
    pub fn from_path(rel: &str) -> Kind {
        let top = rel.split('/').next().unwrap_or("");
        if !rel.contains('/') || is_section_index(rel) {
            return Kind::Page;
        }
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == Some(top))
            .unwrap_or(Kind::Page)
    }
}

/// The kind whose generated overview page a section index file introduces:
/// `kata/_index.md` -> `Kata`.
pub fn overview_kind(rel: &str) -> Option<Kind> {
    let (dir, _) = rel.split_once('/')?;
    let top_level_index = is_section_index(rel) && !rel[dir.len() + 1..].contains('/');
    let kind = Kind::ALL.into_iter().find(|k| k.folder() == Some(dir))?;
    top_level_index.then_some(kind)
}

/// Which markup the front matter was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Toml,
    Yaml,
    None,
}

/// The validated fields every kind has (ARCHITECTURE section 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub owner: Option<String>,
    pub updated: Option<Date>,
    pub reviewed: Option<Date>,
    pub review_every: Option<Interval>,
    pub aliases: Vec<String>,
    pub roles: Vec<Located<String>>,
    pub goals: Vec<Located<String>>,
    pub builds: Vec<Located<String>>,
    /// Time it takes, in minutes.
    pub duration: Option<u32>,
    pub kind: Option<Kind>,
    /// `[extra]`: free-form data templates may read.
    pub extra: toml::Table,
}

/// One parsed source file.
#[derive(Clone, Debug)]
pub struct Document {
    /// Content-relative path with `/` separators, e.g. `kata/five-questions.md`.
    pub rel: String,
    /// The whole file's text (BOM removed); kept for diagnostics and rendering.
    pub source: String,
    /// Byte offset in `source` where the Markdown body starts.
    pub body_start: usize,
    pub format: FrontMatterFormat,
    pub front: FrontMatter,
    pub kind: Kind,
    /// What the kind adds to the common front matter (`KindData::Plain` for
    /// plain pages, playbooks and every section index page).
    pub data: KindData,
    /// True for `_index.md`, `index.md` and `README.md`.
    pub is_section_index: bool,
    /// Title from front matter or the first `# heading`.
    pub title: String,
    /// True when the title came from the body's first `# heading`, which
    /// rendering then leaves out.
    pub title_from_heading: bool,
    pub summary: Option<String>,
    pub headings: Vec<Heading>,
    /// Every link and image in body order (rendering walks them in the same order).
    pub links: Vec<LinkRef>,
    /// Ids of all anchors the page defines (headings and `{#id}`), for checking `#anchor` links.
    pub anchors: Vec<String>,
    pub word_count: usize,
    /// Whether the body contains raw HTML (then it is sanitized when rendered).
    pub has_raw_html: bool,
    /// Hash of the source text, stable across builds (FNV-1a 64).
    pub content_hash: u64,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }

    /// Reading time in minutes, at 200 words a minute, at least one.
    pub fn reading_minutes(&self) -> u32 {
        (self.word_count as u32).div_ceil(200).max(1)
    }
}

/// What parsing one file produced: the document (if it parsed) and any
/// warnings, or the errors that stopped it.
pub type Parsed = Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Parse one source file into a `Document`.
pub fn parse(file: &SourceFile, config: &Config) -> Parsed {
    let source = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let diag_file = format!("content/{}", file.rel);
    let in_file = |ds: Vec<Diagnostic>| -> Vec<Diagnostic> {
        ds.into_iter()
            .map(|d| d.in_file(diag_file.clone()))
            .collect()
    };
    let split = front_matter::split(source).map_err(|d| in_file(vec![d]))?;
    let table = front_matter::parse_table(source, &split).map_err(|d| in_file(vec![d]))?;
    let kind = kind_of(&file.rel, &table, source).map_err(in_file)?;
    let (front, data, warnings) = read_fields(source, &table, kind, config).map_err(in_file)?;
    let scan = markdown::scan(source, split.body_start, &file.rel);
    let (title, title_from_heading) =
        title_of(&front, scan.first_h1.as_deref(), &file.rel, source).map_err(in_file)?;
    let doc = Document {
        rel: file.rel.clone(),
        body_start: split.body_start,
        format: split.format,
        kind,
        data,
        is_section_index: is_section_index(&file.rel),
        title,
        title_from_heading,
        summary: front.summary.clone().or(scan.first_paragraph),
        anchors: scan.anchors,
        headings: scan.headings,
        links: scan.links,
        word_count: scan.word_count,
        has_raw_html: scan.has_raw_html,
        content_hash: crate::hash::fnv1a(source.as_bytes()),
        front,
        source: source.to_string(),
    };
    Ok((doc, in_file(warnings)))
}

/// The kind: `kind = "..."` if it names one (a bad name is reported by the
/// field's validation), else the top-level folder. Read before validating,
/// since the kind decides which fields are known.
fn kind_of(rel: &str, table: &value::Table, source: &str) -> Result<Kind, Vec<Diagnostic>> {
    let node = table.get("kind");
    let named = node.and_then(value::Node::as_str).and_then(Kind::from_name);
    match (named, node) {
        // An index page introduces its folder; a typed page has a file of its own.
        (Some(kind), Some(node)) if is_section_index(rel) && kind != Kind::Page => Err(vec![
            Diagnostic::error(
                "invalid-field",
                format!("a folder's index page cannot be a {}", kind.as_str()),
            )
            .at(source, node.pos, node.len)
            .with_help(format!(
                "an index page introduces its folder; put the {} in a file of its own",
                kind.as_str()
            )),
        ]),
        (Some(kind), _) => Ok(kind),
        (None, _) => Ok(Kind::from_path(rel)),
    }
}

/// The common fields and the kind's own, with the errors of both together.
fn read_fields(
    source: &str,
    table: &value::Table,
    kind: Kind,
    config: &Config,
) -> Result<(FrontMatter, KindData, Vec<Diagnostic>), Vec<Diagnostic>> {
    let known = kinds::field_names(kind);
    let common = fields::validate_with(source, table, config.unknown_fields, known);
    let own = kinds::validate(kind, source, table);
    match (common, own) {
        (Ok((mut front, warnings)), Ok(data)) => {
            if let KindData::Kata(kata) = &data {
                front.duration = front.duration.or(kata.minutes);
            }
            Ok((front, data, warnings))
        }
        (common, own) => {
            let mut errors = common.err().unwrap_or_default();
            errors.extend(own.err().unwrap_or_default());
            errors.sort_by_key(|d| d.pos);
            Err(errors)
        }
    }
}

/// The title from front matter, else the body's first `# heading` (then
/// `true`: rendering leaves that heading out), else a folder's name for an index page.
fn title_of(
    front: &FrontMatter,
    first_h1: Option<&str>,
    rel: &str,
    source: &str,
) -> Result<(String, bool), Vec<Diagnostic>> {
    match (&front.title, first_h1) {
        (Some(t), _) => Ok((t.clone(), false)),
        (None, Some(h)) => Ok((h.to_string(), true)),
        (None, None) if is_section_index(rel) => Ok((section_title_from_path(rel), false)),
        (None, None) => Err(vec![
            Diagnostic::error("missing-title", "this page has no title")
                .at(source, crate::diagnostic::Pos::new(1, 1), 1)
                .with_help(
                    "add `title = \"...\"` to the front matter, or start the body with a `# Heading`",
                ),
        ]),
    }
}

/// The file names of a page that describes its folder.
pub const SECTION_INDEX_NAMES: [&str; 3] = ["_index.md", "index.md", "README.md"];

/// `_index.md`, `index.md` and `README.md` describe their folder.
pub fn is_section_index(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    SECTION_INDEX_NAMES.contains(&name)
}

/// A folder's name as a title: `getting_started` -> `Getting started`.
pub fn section_title_from_path(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    let name = parts.last().copied().unwrap_or("Home");
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    fn parsed(rel: &str, text: &str) -> Parsed {
        let config =
            crate::config::parse_config(std::path::Path::new("/h"), "title = \"T\"\n").unwrap();
        let file = SourceFile {
            rel: rel.to_string(),
            text: text.to_string(),
        };
        parse(&file, &config)
    }

    #[test]
    fn the_folder_or_the_kind_field_types_a_page() {
        let (doc, _) = parsed(
            "kata/a.md",
            "+++\ntitle = \"A\"\npattern = \"starter\"\n+++\n",
        )
        .unwrap();
        assert_eq!(doc.kind, Kind::Kata);
        assert!(doc.data.kata().is_some());
        let text = "+++\ntitle = \"G\"\nkind = \"goal\"\nlevel = \"team\"\n+++\n";
        let (doc, _) = parsed("elsewhere/g.md", text).unwrap();
        assert_eq!(
            (doc.kind, doc.data.goal().map(|g| g.level)),
            (Kind::Goal, Some(kinds::GoalLevel::Team))
        );
    }

    #[test]
    fn kind_fields_of_another_kind_are_unknown() {
        let errors = parsed(
            "playbooks/a.md",
            "+++\ntitle = \"A\"\npattern = \"starter\"\n+++\n",
        )
        .unwrap_err();
        assert_eq!(errors[0].code, "unknown-field");
        assert_eq!(errors[0].file.as_deref(), Some("content/playbooks/a.md"));
    }

    #[test]
    fn common_and_kind_errors_come_together_in_file_order() {
        let text = "+++\ntitel = \"A\"\npattern = \"coachng\"\n+++\n";
        let errors = parsed("kata/a.md", text).unwrap_err();
        let found: Vec<(&str, Option<Pos>)> = errors.iter().map(|e| (e.code, e.pos)).collect();
        assert_eq!(
            found,
            [
                ("unknown-field", Some(Pos::new(2, 1))),
                ("invalid-field", Some(Pos::new(3, 11)))
            ]
        );
    }

    #[test]
    fn kata_minutes_give_the_duration_unless_it_is_set() {
        let text = "+++\ntitle = \"A\"\npattern = \"starter\"\nminutes = 10\n+++\n";
        assert_eq!(
            parsed("kata/a.md", text).unwrap().0.front.duration,
            Some(10)
        );
        let text =
            "+++\ntitle = \"A\"\npattern = \"starter\"\nminutes = 10\nduration = \"1 h\"\n+++\n";
        assert_eq!(
            parsed("kata/a.md", text).unwrap().0.front.duration,
            Some(60)
        );
    }

    #[test]
    fn a_path_takes_role_or_roles_but_not_both() {
        let stages = "[[stages]]\ntitle = \"S\"\nsteps = [\"a\"]\n";
        let text = format!("+++\ntitle = \"P\"\nrole = \"lead\"\n{stages}+++\n");
        let (doc, _) = parsed("paths/p.md", &text).unwrap();
        assert_eq!(doc.front.roles[0].value, "lead");
        let text = format!("+++\ntitle = \"P\"\nrole = \"lead\"\nroles = [\"x\"]\n{stages}+++\n");
        assert_eq!(
            parsed("paths/p.md", &text).unwrap_err()[0].code,
            "duplicate-field"
        );
    }

    #[test]
    fn section_index_files_are_never_typed() {
        let (doc, _) = parsed("roles/_index.md", "+++\ntitle = \"Roles\"\n+++\n").unwrap();
        assert_eq!((doc.kind, doc.data.clone()), (Kind::Page, KindData::Plain));
        assert_eq!(overview_kind("roles/_index.md"), Some(Kind::Role));
        assert_eq!(overview_kind("roles/team/_index.md"), None);
        assert_eq!(overview_kind("guide/_index.md"), None);
        let errors = parsed("kata/README.md", "+++\nkind = \"kata\"\n+++\n").unwrap_err();
        assert_eq!(errors[0].message, "a folder's index page cannot be a kata");
        assert_eq!(errors[0].pos, Some(Pos::new(2, 8)));
    }
}
