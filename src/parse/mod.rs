//! Parse stage: one source file's text -> a `Document` (validated front
//! matter plus what the Markdown body says about itself: headings, links,
//! summary, word count). Pure: no file system, no knowledge of other pages.

pub mod date;
pub mod fields;
pub mod front_matter;
pub mod markdown;
pub mod value;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Located};
use crate::load::SourceFile;

pub use date::{Date, Interval};
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
    pub fn from_path(rel: &str) -> Kind {
        let top = rel.split('/').next().unwrap_or("");
        if !rel.contains('/') {
            return Kind::Page;
        }
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == Some(top))
            .unwrap_or(Kind::Page)
    }
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
    let split = front_matter::split(source).map_err(|d| vec![d.in_file(diag_file.clone())])?;
    let table = front_matter::parse_table(source, &split)
        .map_err(|d| vec![d.in_file(diag_file.clone())])?;
    let (front, warnings) =
        fields::validate(source, &table, config.unknown_fields).map_err(|ds| {
            ds.into_iter()
                .map(|d| d.in_file(diag_file.clone()))
                .collect::<Vec<_>>()
        })?;
    let scan = markdown::scan(source, split.body_start, &file.rel);
    let title_from_heading = front.title.is_none() && scan.first_h1.is_some();
    let title = match (&front.title, &scan.first_h1) {
        (Some(t), _) => t.clone(),
        (None, Some(h)) => h.clone(),
        (None, None) if is_section_index(&file.rel) => section_title_from_path(&file.rel),
        (None, None) => {
            return Err(vec![
                Diagnostic::error("missing-title", "this page has no title")
                    .in_file(diag_file)
                    .at(source, crate::diagnostic::Pos::new(1, 1), 1)
                    .with_help("add `title = \"...\"` to the front matter, or start the body with a `# Heading`"),
            ]);
        }
    };
    let kind = front.kind.unwrap_or_else(|| Kind::from_path(&file.rel));
    let summary = front.summary.clone().or(scan.first_paragraph.clone());
    let warnings = warnings
        .into_iter()
        .map(|d| d.in_file(diag_file.clone()))
        .collect();
    let doc = Document {
        rel: file.rel.clone(),
        body_start: split.body_start,
        format: split.format,
        kind,
        is_section_index: is_section_index(&file.rel),
        title,
        title_from_heading,
        summary,
        anchors: scan.anchors,
        headings: scan.headings,
        links: scan.links,
        word_count: scan.word_count,
        has_raw_html: scan.has_raw_html,
        content_hash: fnv1a(source.as_bytes()),
        front,
        source: source.to_string(),
    };
    Ok((doc, warnings))
}

/// `_index.md`, `index.md` and `README.md` describe their folder.
pub fn is_section_index(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(name, "_index.md" | "index.md" | "README.md")
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

/// FNV-1a, 64 bit: a small, stable, non-cryptographic content hash.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
