//! `dojo new <kind> <title>`: a page of that kind at
//! `content/<kind folder>/<slug>.md`, its front matter written out with every
//! field explained. Required fields are filled with values that validate, so
//! the handbook still builds; optional ones are commented-out examples that
//! use the handbook's own roles, goals and competencies where it has some.

use std::path::{Path, PathBuf};

use super::existing::Existing;
use super::{ScaffoldError, create_file, require_handbook, shown, slug, toml_string};
use crate::diagnostic::did_you_mean;
use crate::parse::{Date, Kind};
use crate::resolve::outputs::reserved;
use crate::resolve::urls::page_path;

/// A page `dojo new` wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct NewPage {
    /// Content path as written to the handbook: `content/kata/morning-huddle.md`.
    pub rel: String,
    /// The same, as the user would type it from the current folder.
    pub shown: PathBuf,
}

/// Column at which trailing comments start, so a template reads as a table.
const COMMENT_COLUMN: usize = 40;

/// Kinds whose pages are referenced by slug alone, so a slug may not repeat.
const UNIQUE_SLUG_KINDS: [Kind; 4] = [Kind::Role, Kind::Competency, Kind::Path, Kind::Goal];

/// The kind `name` stands for: a kind (`kata`) or its folder (`playbooks`).
pub fn parse_kind(name: &str) -> Result<Kind, ScaffoldError> {
    let wanted = name.trim().to_lowercase();
    let found = Kind::ALL
        .into_iter()
        .find(|k| k.as_str() == wanted || k.folder() == Some(wanted.as_str()));
    found.ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        let listed = format!("the kinds are: {}", names.join(", "));
        let help = match did_you_mean(&wanted, names.iter().copied()) {
            Some(guess) => format!("{guess} {listed}"),
            None => listed,
        };
        ScaffoldError::Usage {
            message: format!("unknown kind `{name}`"),
            help,
        }
    })
}

/// Write a new page of `kind` titled `title` into the handbook at `root`.
pub fn new_page(
    root: &Path,
    kind: Kind,
    title: &str,
    today: Date,
) -> Result<NewPage, ScaffoldError> {
    require_handbook(root)?;
    let title = title.trim();
    let slug = slug(title);
    if slug.is_empty() {
        return Err(ScaffoldError::Usage {
            message: format!(
                "the title `{title}` has no letters or digits to make a file name from"
            ),
            help: "give the page a title with words, e.g. `dojo new kata \"Morning huddle\"`"
                .into(),
        });
    }
    let rel = match kind.folder() {
        Some(folder) => format!("{folder}/{slug}.md"),
        None => format!("{slug}.md"),
    };
    let existing = Existing::scan(root);
    refuse_taken(kind, &slug, &rel, &existing)?;
    let text = page_text(kind, title, &slug, &existing, today);
    let rel = format!("content/{rel}");
    let help = "choose another title, or edit the page that is there";
    let shown = shown(root, &rel);
    match create_file(&root.join(&rel), text.as_bytes(), help) {
        Ok(()) => Ok(NewPage { rel, shown }),
        Err(ScaffoldError::Exists { help, .. }) => Err(ScaffoldError::Exists { path: shown, help }),
        Err(e) => Err(e),
    }
}

/// A slug Dojo generates a page for, or one another page of a
/// unique-slug kind already has in a subfolder.
fn refuse_taken(
    kind: Kind,
    slug: &str,
    rel: &str,
    existing: &Existing,
) -> Result<(), ScaffoldError> {
    if let Some(name) = reserved(&format!("{}index.html", page_path(rel))) {
        return Err(ScaffoldError::Usage {
            message: format!("`{name}` is a path Dojo generates itself, so no page can have it"),
            help: "choose another title".into(),
        });
    }
    let other = existing
        .with_slug(kind, slug)
        .filter(|e| UNIQUE_SLUG_KINDS.contains(&kind) && format!("{}.md", e.path) != rel);
    match other {
        Some(entry) => Err(ScaffoldError::Usage {
            message: format!(
                "a {} with the slug `{slug}` already exists: content/{}.md",
                kind.as_str(),
                entry.path
            ),
            help: format!(
                "references name a {} by its file name, so each needs its own; choose another title",
                kind.as_str()
            ),
        }),
        None => Ok(()),
    }
}

/// The new page's text: front matter for `kind`, then a line of body to replace.
pub(super) fn page_text(
    kind: Kind,
    title: &str,
    slug: &str,
    existing: &Existing,
    today: Date,
) -> String {
    let mut t = Template::default();
    t.line("+++");
    t.line("# Front matter, in TOML. Lines starting with `#` are comments: remove the `#`");
    t.line("# to use a field. The README's \"Writing a handbook\" describes every field.");
    t.field(&format!("title = {}", toml_string(title)), "required");
    common(&mut t, today);
    match kind {
        Kind::Page | Kind::Playbook => learning_links(&mut t, existing, true),
        Kind::Kata => kata(&mut t, existing),
        Kind::Role => role(&mut t, existing),
        Kind::Competency => competency(&mut t),
        Kind::Path => path(&mut t, slug, existing),
        Kind::Goal => goal(&mut t, existing),
    }
    t.blank();
    t.field(
        "# [extra]",
        "anything else, free-form, for your own templates",
    );
    t.line("+++");
    t.line(body(kind));
    t.text
}

/// Lines with trailing comments aligned.
#[derive(Default)]
struct Template {
    text: String,
}

impl Template {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    /// `code` with `comment` after it, at `COMMENT_COLUMN` where it fits.
    fn field(&mut self, code: &str, comment: &str) {
        let width = code.chars().count();
        let pad = COMMENT_COLUMN.saturating_sub(width).max(1);
        self.line(&format!("{code}{}# {comment}", " ".repeat(pad)));
    }
}

/// Fields every kind has, commented out, with what each does.
#[rustfmt::skip]
const COMMON: &[(&str, &str)] = &[
    ("# summary = \"One sentence\"", "shown in lists, search results and the feed"),
    ("# owner = \"Training team\"", "who keeps it current; reviews due are listed by owner"),
    ("# tags = [\"onboarding\"]", "grouped on the site's tags page"),
    ("# weight = 10", "order in its section: lightest first, then by title"),
    ("# draft = true", "left out of the site unless built with --drafts"),
    ("# reviewed = {today}", "last review; due again after `review_every`"),
    ("# review_every = \"6 months\"", "\"90 days\", \"1 year\"; default: [review] every"),
    ("# aliases = [\"/old/url/\"]", "old URLs that redirect here"),
];

/// A kata's own fields; its `[[steps]]` come after every other field.
#[rustfmt::skip]
const KATA: &[(&str, &str)] = &[
    ("pattern = \"starter\"", "required: \"improvement\", \"coaching\" or \"starter\""),
    ("# cadence = \"daily\"", "how often it is practised"),
    ("# minutes = 10", "one practice, in minutes (also its duration)"),
    ("# questions = [\"What is the target condition?\"]", "shown as a card"),
    ("# record = [\"Target condition\", \"Actual condition\", \"Obstacle\", \"Next step\", \"Expected\", \"Learned\"]",
     "columns of its practice storyboard"),
];

fn common(t: &mut Template, today: Date) {
    for (code, what) in COMMON {
        t.field(&code.replace("{today}", &today.to_string()), what);
    }
}

/// `roles`, `goals`, `builds` (and `duration`): who a page is for, what it
/// serves and what it develops.
fn learning_links(t: &mut Template, existing: &Existing, duration: bool) {
    if duration {
        t.field(
            "# duration = \"20 min\"",
            "\"20 min\", \"1h30\", \"2 h\", \"1 day\", \"2 weeks\"",
        );
    }
    let links = [
        ("roles", Kind::Role, "team-lead", "who it is for"),
        (
            "goals",
            Kind::Goal,
            "first-contact-resolution",
            "the goals it serves",
        ),
        (
            "builds",
            Kind::Competency,
            "active-listening",
            "the competencies it develops",
        ),
    ];
    for (field, kind, fallback, what) in links {
        let (example, note) = examples(existing, kind, fallback);
        t.field(
            &format!("# {field} = {example}"),
            &format!("{what}; {note}"),
        );
    }
}

/// A TOML list of up to two slugs of `kind` (or `fallback`), and a note
/// naming the ones that exist.
fn examples(existing: &Existing, kind: Kind, fallback: &str) -> (String, String) {
    let plural = kind.folder().unwrap_or("pages");
    let all = existing.slugs(kind, 6);
    let shown: Vec<String> = all.iter().take(2).map(|s| toml_string(s)).collect();
    let note = match all.as_slice() {
        [] => format!("no {plural} yet (`dojo new {} \"...\"`)", kind.as_str()),
        some if some.len() > 5 => format!("{plural}: {}, ...", some[..5].join(", ")),
        some => format!("{plural}: {}", some.join(", ")),
    };
    match shown.is_empty() {
        true => (format!("[{}]", toml_string(fallback)), note),
        false => (format!("[{}]", shown.join(", ")), note),
    }
}

/// The first published slug of `kind` (or `fallback`), as a TOML string.
fn first_or(existing: &Existing, kind: Kind, fallback: &str) -> String {
    let slugs = existing.slugs(kind, 1);
    toml_string(slugs.first().copied().unwrap_or(fallback))
}

fn kata(t: &mut Template, existing: &Existing) {
    for (code, what) in KATA {
        t.field(code, what);
    }
    learning_links(t, existing, false);
    t.blank();
    t.line("# The routine: one [[steps]] table per step, in order.");
    t.line("# [[steps]]");
    t.line("# name = \"Prepare\"");
    t.line("# prompt = \"What to do or ask in this step\"");
}

fn role(t: &mut Template, existing: &Existing) {
    let (_, note) = examples(existing, Kind::Competency, "");
    t.line("# Required: the competencies this role needs, each at a level that competency");
    t.line(
        "# names, e.g. competencies = { active-listening = \"Proficient\", coaching = \"Aware\" }",
    );
    t.line(&format!("# ({note}). Empty until you add some."));
    t.line("competencies = {}");
    let (paths, note) = examples(existing, Kind::Path, "new-starter-path");
    t.field(
        &format!("# paths = {paths}"),
        &format!("its learning paths; {note}"),
    );
    let (_, note) = examples(existing, Kind::Role, "");
    let boss = first_or(existing, Kind::Role, "team-lead");
    t.field(
        &format!("# reports_to = {boss}"),
        &format!("the role it reports to; {note}"),
    );
    t.field(
        "# serves = [\"customer\"]",
        "roles it serves; \"customer\" for the frontline",
    );
}

fn competency(t: &mut Template) {
    t.line("# Required: level names, lowest first. A role requires one of them by name.");
    t.line("levels = [\"Aware\", \"Practising\", \"Proficient\", \"Coaching others\"]");
}

/// A path needs roles and a stage with a step that resolve: the handbook's
/// first role and playbook (or kata), else an empty `roles` and the path itself.
fn path(t: &mut Template, slug: &str, existing: &Existing) {
    match existing.slugs(Kind::Role, 1).first() {
        Some(role) => t.field(
            &format!("roles = [{}]", toml_string(role)),
            "required: who the path is for",
        ),
        None => t.field(
            "roles = []",
            "required: who it is for; no roles yet (`dojo new role`)",
        ),
    }
    let (paths, note) = examples(existing, Kind::Path, "new-starter-path");
    t.field(
        &format!("# prerequisites = {paths}"),
        &format!("paths to finish first; {note}"),
    );
    t.field(
        "# outcomes = [\"What a learner can do at the end\"]",
        "shown first on the path page",
    );
    t.blank();
    t.line("# The stages, in order. Each step is a page's content path without `.md`,");
    t.line("# or { page = \"...\", note = \"...\", optional = true }.");
    t.line("[[stages]]");
    t.line("title = \"First steps\"");
    t.line("# summary = \"What this stage is about\"");
    let step = [Kind::Playbook, Kind::Kata]
        .into_iter()
        .find_map(|kind| existing.published(kind).next());
    match step {
        Some(entry) => t.line(&format!("steps = [{}]", toml_string(&entry.path))),
        None => {
            t.line("# A placeholder that points at this path itself: list the pages to study.");
            t.line(&format!(
                "steps = [{}]",
                toml_string(&format!("paths/{slug}"))
            ));
        }
    }
}

/// A first goal tops the cascade; later ones usually serve a parent.
fn goal(t: &mut Template, existing: &Existing) {
    let (_, note) = examples(existing, Kind::Goal, "");
    let first = existing.slugs(Kind::Goal, 1).is_empty();
    let level = if first { "organization" } else { "team" };
    t.field(
        &format!("level = \"{level}\""),
        "required: \"organization\", \"team\" or \"individual\"",
    );
    // The goal above a new team goal: an organization goal if there is one.
    let parent = match existing.published(Kind::Goal).find(|e| e.top_goal) {
        Some(top) => toml_string(&top.slug),
        None => first_or(existing, Kind::Goal, "serve-customers-well"),
    };
    t.field(
        &format!("# parent = {parent}"),
        &format!("the goal it serves, one level up; {note}"),
    );
    t.field(
        "# measure = \"First-contact resolution\"",
        "how progress is measured",
    );
    t.field("# target = \"80%\"", "the value to reach: text or a number");
}

fn body(kind: Kind) -> &'static str {
    match kind {
        Kind::Page => "Write the page here, in Markdown.",
        Kind::Playbook => {
            "When to use this playbook, then its steps:\n\n1. The first step.\n2. The next step."
        }
        Kind::Kata => "Why this routine matters, and how to practise it.",
        Kind::Role => "What this role does, and whom it serves.",
        Kind::Competency => "What this skill looks like at each level.",
        Kind::Path => "Who this path is for, and what it leads to.",
        Kind::Goal => "Why this goal matters, and how progress is measured.",
    }
}

#[cfg(test)]
mod tests {
    use super::super::existing::Entry;
    use super::*;

    fn today() -> Date {
        Date::parse("2026-05-01").unwrap()
    }

    fn entry(kind: Kind, path: &str) -> Entry {
        let slug = path.rsplit('/').next().unwrap().to_string();
        Entry {
            kind,
            slug,
            path: path.to_string(),
            draft: false,
            top_goal: false,
        }
    }

    #[test]
    fn kinds_are_named_by_kind_or_folder_and_typos_get_a_suggestion() {
        assert_eq!(parse_kind("kata"), Ok(Kind::Kata));
        assert_eq!(parse_kind("Playbooks"), Ok(Kind::Playbook));
        let Err(ScaffoldError::Usage { message, help }) = parse_kind("playbok") else {
            panic!("accepted a typo");
        };
        assert_eq!(message, "unknown kind `playbok`");
        assert_eq!(
            help,
            "did you mean `playbook`? the kinds are: page, playbook, kata, role, competency, path, goal"
        );
    }

    #[test]
    fn a_path_steps_through_existing_pages_when_there_are_some() {
        let existing = Existing::of(vec![
            entry(Kind::Role, "roles/agent"),
            entry(Kind::Kata, "kata/starter"),
        ]);
        let text = page_text(Kind::Path, "Basics", "basics", &existing, today());
        assert!(text.contains("\nroles = [\"agent\"]"), "{text}");
        assert!(text.contains("\nsteps = [\"kata/starter\"]\n"), "{text}");
        let empty = page_text(
            Kind::Path,
            "Basics",
            "basics",
            &Existing::default(),
            today(),
        );
        assert!(empty.contains("\nroles = []"), "{empty}");
        assert!(empty.contains("\nsteps = [\"paths/basics\"]\n"), "{empty}");
    }

    #[test]
    fn examples_name_the_handbooks_own_pages() {
        let existing = Existing::of(vec![entry(Kind::Goal, "goals/loyalty")]);
        let text = page_text(
            Kind::Playbook,
            "A \"quoted\" title",
            "a",
            &existing,
            today(),
        );
        assert!(text.starts_with("+++\n"), "{text}");
        assert!(
            text.contains("\ntitle = \"A \\\"quoted\\\" title\""),
            "{text}"
        );
        assert!(text.contains("# goals = [\"loyalty\"]"), "{text}");
        assert!(text.contains("goals: loyalty\n"), "{text}");
        assert!(
            text.contains("no roles yet (`dojo new role \"...\"`)"),
            "{text}"
        );
        assert!(text.contains("# reviewed = 2026-05-01"), "{text}");
        let goal = page_text(Kind::Goal, "G", "g", &existing, today());
        assert!(goal.contains("\nlevel = \"team\""), "{goal}");
        assert!(goal.contains("# parent = \"loyalty\""), "{goal}");
        let first = page_text(Kind::Goal, "G", "g", &Existing::default(), today());
        assert!(first.contains("\nlevel = \"organization\""), "{first}");
    }

    #[test]
    fn a_new_goal_suggests_an_organization_goal_as_its_parent() {
        let top = Entry {
            top_goal: true,
            ..entry(Kind::Goal, "goals/loyalty")
        };
        let existing = Existing::of(vec![entry(Kind::Goal, "goals/first-contact"), top]);
        let goal = page_text(Kind::Goal, "G", "g", &existing, today());
        assert!(goal.contains("# parent = \"loyalty\""), "{goal}");
    }
}
