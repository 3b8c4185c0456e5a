//! Typed references: a page's slug (its file stem, slugified like URLs) or
//! its content-relative path without extension, looked up among pages of the
//! expected kind. Misses become `unknown-reference`, `wrong-kind`,
//! `ambiguous-reference`, `link-to-draft`, `duplicate-slug` or `unknown-level`;
//! a goal's parent below or beside it in the cascade is `goal-level`.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Located, did_you_mean};
use crate::parse::Kind;
use crate::parse::kinds::GoalLevel;
use crate::resolve::Page;
use crate::resolve::urls::slugify;

/// What a reference must point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Expect {
    Kind(Kind),
    /// A path step: a page of any kind.
    Any,
}

impl Expect {
    fn accepts(self, kind: Kind) -> bool {
        self == Expect::Any || self == Expect::Kind(kind)
    }

    /// "a role", or "a page" for any kind.
    fn noun(self) -> &'static str {
        match self {
            Expect::Kind(kind) => kind.as_str(),
            Expect::Any => "page",
        }
    }
}

/// Kinds referenced by slug alone, so two of them may not share one.
const UNIQUE_SLUG_KINDS: [Kind; 4] = [Kind::Role, Kind::Competency, Kind::Path, Kind::Goal];

/// Why a reference did not resolve.
enum Miss {
    Unknown,
    Draft,
    WrongKind(usize),
    Ambiguous(Vec<usize>),
    /// Two pages of a kind named by slug alone: already a `duplicate-slug` error.
    DuplicateSlug,
}

/// Every page by path and by slug.
pub(super) struct Refs<'a> {
    pages: &'a [Page],
    /// `kata/five-questions` -> page (section index pages by their folder).
    by_path: HashMap<String, usize>,
    /// `five-questions` -> pages with that stem (section index pages excluded).
    by_stem: HashMap<String, Vec<usize>>,
    /// Paths and stems of draft pages, to say why a reference to one fails.
    drafts: HashSet<String>,
    /// `suggest`'s answers so far.
    suggestions: RefCell<HashMap<(String, Expect), String>>,
}

impl<'a> Refs<'a> {
    pub(super) fn new(pages: &'a [Page], drafts: &[String]) -> Self {
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            if let Some(stem) = stem(&page.doc.rel) {
                by_stem.entry(stem).or_default().push(i);
            }
        }
        let by_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.trim_end_matches('/').to_string(), i))
            .filter(|(path, _)| !path.is_empty())
            .collect();
        let drafts = drafts
            .iter()
            .flat_map(|rel| [key(rel), stem(rel).unwrap_or_default()])
            .collect();
        Refs {
            pages,
            by_path,
            by_stem,
            drafts,
            suggestions: RefCell::default(),
        }
    }

    /// Two roles, competencies, paths or goals with one slug: an error naming both.
    pub(super) fn check_duplicate_slugs(&self, errors: &mut Vec<Diagnostic>) {
        let mut groups: BTreeMap<(Kind, &str), Vec<usize>> = BTreeMap::new();
        for (stem, pages) in &self.by_stem {
            for &i in pages {
                let kind = self.pages[i].doc.kind;
                if UNIQUE_SLUG_KINDS.contains(&kind) {
                    groups.entry((kind, stem.as_str())).or_default().push(i);
                }
            }
        }
        for ((kind, stem), mut pages) in groups.into_iter().filter(|(_, p)| p.len() > 1) {
            pages.sort_unstable();
            let files: Vec<String> = pages.iter().map(|&i| self.file(i)).collect();
            let plural = kind.folder().unwrap_or("pages");
            let count = match pages.len() {
                2 => "two".to_string(),
                3 => "three".to_string(),
                n => n.to_string(),
            };
            let message = format!(
                "{count} {plural} have the slug `{stem}`: {}",
                files.join(" and ")
            );
            let help = format!(
                "references name a {} by its file name, so each needs its own; rename one of the files",
                kind.as_str()
            );
            let second = files[1].clone();
            errors.push(
                Diagnostic::error("duplicate-slug", message)
                    .in_file(second)
                    .with_help(help),
            );
        }
    }

    /// The page `reference` (written on page `from`) names, or an error at it.
    pub(super) fn resolve(
        &self,
        from: usize,
        reference: &Located<String>,
        expect: Expect,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        match self.lookup(&reference.value, expect) {
            Ok(found) => Some(found),
            Err(miss) => {
                errors.extend(self.miss(from, reference, expect, miss));
                None
            }
        }
    }

    fn lookup(&self, text: &str, expect: Expect) -> Result<usize, Miss> {
        let key = key(text);
        let candidates = match self.by_stem.get(&key) {
            Some(pages) if !key.contains('/') => pages.as_slice(),
            _ => return self.lookup_path(&key, expect),
        };
        let matching: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| expect.accepts(self.pages[i].doc.kind))
            .collect();
        match matching.as_slice() {
            [one] => Ok(*one),
            [] => self.lookup_path(&key, expect).map_err(|miss| match miss {
                Miss::Unknown => Miss::WrongKind(candidates[0]),
                other => other,
            }),
            _ if matches!(expect, Expect::Kind(k) if UNIQUE_SLUG_KINDS.contains(&k)) => {
                Err(Miss::DuplicateSlug)
            }
            many => Err(Miss::Ambiguous(many.to_vec())),
        }
    }

    fn lookup_path(&self, key: &str, expect: Expect) -> Result<usize, Miss> {
        match self.by_path.get(key) {
            Some(&found) if expect.accepts(self.pages[found].doc.kind) => Ok(found),
            Some(&found) => Err(Miss::WrongKind(found)),
            None if self.drafts.contains(key) => Err(Miss::Draft),
            None => Err(Miss::Unknown),
        }
    }

    /// The error for a miss; none for a duplicate slug, which is reported once, not per reference.
    fn miss(
        &self,
        from: usize,
        reference: &Located<String>,
        expect: Expect,
        miss: Miss,
    ) -> Option<Diagnostic> {
        let text = &reference.value;
        let noun = expect.noun();
        let (code, message, help) = match miss {
            Miss::DuplicateSlug => return None,
            Miss::Unknown => (
                "unknown-reference",
                format!("there is no {noun} `{text}`"),
                Some(self.suggest(text, expect)),
            ),
            Miss::Draft => (
                "link-to-draft",
                format!("`{text}` is a draft page"),
                Some("publish it (remove `draft = true`), remove the reference, or build with `--drafts`".to_string()),
            ),
            Miss::WrongKind(found) => (
                "wrong-kind",
                format!(
                    "a {noun} is expected here, but `{text}` is a {}",
                    self.pages[found].doc.kind.as_str()
                ),
                Some(self.wrong_kind_help(text, expect, found)),
            ),
            Miss::Ambiguous(pages) => (
                "ambiguous-reference",
                format!(
                    "`{text}` matches more than one page: {}",
                    pages.iter().map(|&i| self.file(i)).collect::<Vec<_>>().join(", ")
                ),
                Some(format!(
                    "write the page's path without `.md`, e.g. `{}`",
                    key(&self.pages[pages[0]].doc.rel)
                )),
            ),
        };
        Some(self.error(from, reference, code, message, help))
    }

    /// A role's required `level` as an index into the competency's levels.
    pub(super) fn level(
        &self,
        from: usize,
        competency: usize,
        level: &Located<String>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let levels = &self.pages[competency].doc.data.competency()?.levels;
        if let Some(found) = levels
            .iter()
            .position(|l| l.to_lowercase() == level.value.to_lowercase())
        {
            return Some(found);
        }
        let name = stem(&self.pages[competency].doc.rel).unwrap_or_default();
        let message = format!("the competency `{name}` has no level `{}`", level.value);
        let listed = format!("its levels, lowest first: {}", levels.join(", "));
        let help = match did_you_mean(&level.value, levels.iter().map(String::as_str)) {
            Some(guess) => format!("{guess} {listed}"),
            None => listed,
        };
        errors.push(self.error(from, level, "unknown-level", message, Some(help)));
        None
    }

    /// The error when goal `from`'s `parent` (page `parent`, written at
    /// `reference`) does not stand above it in the cascade (organization ->
    /// team -> individual); a level may be skipped.
    pub(super) fn parent_level(
        &self,
        from: usize,
        reference: &Located<String>,
        parent: usize,
    ) -> Option<Diagnostic> {
        let level = self.pages[from].doc.data.goal()?.level;
        let above = self.pages[parent].doc.data.goal()?.level;
        if above < level {
            return None;
        }
        let name = self.name(parent);
        let (message, help) = match level {
            GoalLevel::Organization => (
                format!(
                    "an organization goal has no parent, but this one names `{name}` ({} goal)",
                    with_article(above)
                ),
                "an organization goal is the top of the cascade: remove `parent`, or change this goal's `level`".to_string(),
            ),
            _ => {
                let also = if above == level { "also " } else { "" };
                let message = format!(
                    "{} goal's parent must stand above it in the cascade, but `{name}` is {also}{} goal",
                    with_article(level),
                    with_article(above),
                );
                let mut higher: Vec<String> = (0..self.pages.len())
                    .filter(|&i| {
                        let goal = self.pages[i].doc.data.goal();
                        goal.is_some_and(|g| g.level < level)
                    })
                    .map(|i| self.name(i))
                    .collect();
                higher.sort();
                let choices = match higher.as_slice() {
                    [] => "there is none yet".to_string(),
                    some => listed(some),
                };
                let goals = match level {
                    GoalLevel::Individual => "a team or organization goal",
                    _ => "an organization goal",
                };
                let help = format!(
                    "the cascade runs organization -> team -> individual: point `parent` at {goals} ({choices}), or change `level`"
                );
                (message, help)
            }
        };
        Some(self.error(from, reference, "goal-level", message, Some(help)))
    }

    /// A step's time: the page's `duration`, else its reading time.
    pub(super) fn minutes(&self, page: usize) -> u32 {
        let doc = &self.pages[page].doc;
        doc.front.duration.unwrap_or_else(|| doc.reading_minutes())
    }

    /// The name a page is referred to by in messages: its slug, or its path for an index page.
    pub(super) fn name(&self, page: usize) -> String {
        let rel = &self.pages[page].doc.rel;
        stem(rel).unwrap_or_else(|| key(rel))
    }

    /// What to write instead of `text`: a did-you-mean, or the pages there
    /// are. Worked out once per reference text and kind: a renamed page
    /// leaves many references to it, and each guess reads every page.
    fn suggest(&self, text: &str, expect: Expect) -> String {
        let memo = (text.to_string(), expect);
        if let Some(s) = self.suggestions.borrow().get(&memo) {
            return s.clone();
        }
        let s = self.suggest_anew(text, expect);
        self.suggestions.borrow_mut().insert(memo, s.clone());
        s
    }

    /// Did-you-mean over pages of the expected kind, or what exists instead.
    fn suggest_anew(&self, text: &str, expect: Expect) -> String {
        let by_path = text.contains('/') || expect == Expect::Any;
        let mut names: Vec<String> = self
            .pages
            .iter()
            .filter(|p| expect.accepts(p.doc.kind))
            .filter_map(|p| {
                if by_path {
                    Some(key(&p.doc.rel))
                } else {
                    stem(&p.doc.rel)
                }
            })
            .filter(|name| !name.is_empty())
            .collect();
        names.sort();
        names.dedup();
        let plural = match expect {
            Expect::Kind(kind) => kind.folder().unwrap_or("pages"),
            Expect::Any => "pages",
        };
        if let Some(guess) = did_you_mean(&key(text), names.iter().map(String::as_str)) {
            return guess;
        }
        match names.as_slice() {
            [] => format!("there are no {plural} yet; add one under content/{plural}/"),
            some => format!("the {plural} are: {}", listed(some)),
        }
    }

    fn wrong_kind_help(&self, text: &str, expect: Expect, found: usize) -> String {
        let guess = match self.suggest(text, expect) {
            s if s.starts_with("did you mean") => format!("{s} "),
            _ => String::new(),
        };
        let (file, found) = (self.file(found), self.pages[found].doc.kind.as_str());
        let noun = expect.noun();
        let folder = match expect {
            Expect::Kind(kind) => kind.folder().unwrap_or("pages"),
            Expect::Any => "pages",
        };
        format!(
            "{guess}{file} is a {found}; a {noun} lives under content/{folder}/ or has `kind = \"{noun}\"`"
        )
    }

    fn file(&self, page: usize) -> String {
        format!("content/{}", self.pages[page].doc.rel)
    }

    fn error(
        &self,
        from: usize,
        at: &Located<String>,
        code: &'static str,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let doc = &self.pages[from].doc;
        let mut diagnostic = Diagnostic::error(code, message)
            .in_file(format!("content/{}", doc.rel))
            .at(&doc.source, at.pos, at.len);
        diagnostic.help = help;
        diagnostic
    }
}

/// The first eight of `names` in backticks, `, ...` when there are more.
fn listed(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 8 { ", ..." } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// "a team", "an organization": a goal level with its article.
fn with_article(level: GoalLevel) -> String {
    let name = level.as_str();
    if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

/// A reference in path form: slugified segments without `.md` or slashes
/// at either end (`Kata/Five Questions.md` -> `kata/five-questions`).
fn key(reference: &str) -> String {
    let trimmed = reference.trim().trim_start_matches("@/").trim_matches('/');
    let without_ext = trimmed.strip_suffix(".md").unwrap_or(trimmed);
    let segments: Vec<String> = without_ext.split('/').map(slugify).collect();
    let mut key = segments.join("/");
    // A section index is referred to by its folder.
    for index in ["/_index", "/index", "/readme"] {
        if let Some(folder) = key.strip_suffix(index) {
            key = folder.to_string();
        }
    }
    key
}

/// A page's slug: its file stem, slugified; `None` for section index pages.
fn stem(rel: &str) -> Option<String> {
    if crate::parse::is_section_index(rel) {
        return None;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    Some(slugify(name.strip_suffix(".md").unwrap_or(name)))
}
