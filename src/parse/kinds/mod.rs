//! Parse stage, kind-specific front matter: the fields kata, roles,
//! competencies, paths and goals add to the common ones (ARCHITECTURE
//! section 1), validated at `line:col` into `KindData`. References stay
//! `Located` strings here; the resolve stage checks them against other pages.

mod read;
#[cfg(test)]
mod tests;

use self::read::{Fields, Place};
use crate::diagnostic::{Diagnostic, Located};
use crate::parse::Kind;
use crate::value::{Node, Table, Value};

/// The reserved `serves` entry for the external customer (the frontline).
pub const CUSTOMER: &str = "customer";

/// What a page's kind adds to the common front matter.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum KindData {
    /// Plain pages and playbooks: nothing beyond the common fields.
    #[default]
    Plain,
    Kata(Kata),
    Role(Role),
    Competency(Competency),
    Path(LearningPath),
    Goal(Goal),
}

/// A routine practised daily.
#[derive(Clone, Debug, PartialEq)]
pub struct Kata {
    pub pattern: KataPattern,
    /// How often it is practised, as written (`"daily"`).
    pub cadence: Option<String>,
    /// Minutes one practice takes; also the page's `duration` when that is absent.
    pub minutes: Option<u32>,
    /// The routine, in order.
    pub steps: Vec<KataStep>,
    /// Questions shown as a card (the coaching kata's five questions).
    pub questions: Vec<String>,
    /// Column names of its practice storyboard.
    pub record: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KataPattern {
    Improvement,
    Coaching,
    Starter,
}

const PATTERNS: &[(&str, KataPattern)] = &[
    ("improvement", KataPattern::Improvement),
    ("coaching", KataPattern::Coaching),
    ("starter", KataPattern::Starter),
];

#[derive(Clone, Debug, PartialEq)]
pub struct KataStep {
    pub name: String,
    pub prompt: Option<String>,
}

/// A job role and what it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// `competencies = { slug = "Level" }`, in the order written.
    pub competencies: Vec<Requirement>,
    pub paths: Vec<Located<String>>,
    pub reports_to: Option<Located<String>>,
    /// The roles this one serves; `customer` (see `CUSTOMER`) is the external customer.
    pub serves: Vec<Located<String>>,
}

/// One competency a role requires, at a level named by that competency.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub competency: Located<String>,
    pub level: Located<String>,
}

/// A skill with named proficiency levels.
#[derive(Clone, Debug, PartialEq)]
pub struct Competency {
    /// Level names in rising order; never empty, no name twice.
    pub levels: Vec<String>,
}

/// A learning path. Its roles are the common `roles` field (`role` is
/// accepted as another name for it).
#[derive(Clone, Debug, PartialEq)]
pub struct LearningPath {
    pub prerequisites: Vec<Located<String>>,
    /// What a learner can do at the end (shown first).
    pub outcomes: Vec<String>,
    /// Never empty.
    pub stages: Vec<Stage>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub title: String,
    pub summary: Option<String>,
    /// Never empty.
    pub steps: Vec<Step>,
}

/// One step of a stage: a page, with an optional note.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Content-relative path without extension (`kata/five-questions`).
    pub page: Located<String>,
    pub note: Option<String>,
    pub optional: bool,
}

/// A goal in the cascade.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub level: GoalLevel,
    pub parent: Option<Located<String>>,
    pub measure: Option<String>,
    /// As written; a number becomes its decimal text.
    pub target: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoalLevel {
    Organization,
    Team,
    Individual,
}

const GOAL_LEVELS: &[(&str, GoalLevel)] = &[
    ("organization", GoalLevel::Organization),
    ("team", GoalLevel::Team),
    ("individual", GoalLevel::Individual),
];

impl KataPattern {
    pub fn as_str(self) -> &'static str {
        name_of(PATTERNS, self)
    }
}

impl GoalLevel {
    pub fn as_str(self) -> &'static str {
        name_of(GOAL_LEVELS, self)
    }
}

fn name_of<T: PartialEq>(options: &[(&'static str, T)], value: T) -> &'static str {
    options
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

impl KindData {
    pub fn kata(&self) -> Option<&Kata> {
        match self {
            KindData::Kata(kata) => Some(kata),
            _ => None,
        }
    }

    pub fn role(&self) -> Option<&Role> {
        match self {
            KindData::Role(role) => Some(role),
            _ => None,
        }
    }

    pub fn competency(&self) -> Option<&Competency> {
        match self {
            KindData::Competency(competency) => Some(competency),
            _ => None,
        }
    }

    pub fn path(&self) -> Option<&LearningPath> {
        match self {
            KindData::Path(path) => Some(path),
            _ => None,
        }
    }

    pub fn goal(&self) -> Option<&Goal> {
        match self {
            KindData::Goal(goal) => Some(goal),
            _ => None,
        }
    }
}

impl Competency {
    /// The position of `name` among the levels (0 = lowest); case is ignored.
    pub fn level_index(&self, name: &str) -> Option<usize> {
        self.levels
            .iter()
            .position(|level| level.to_lowercase() == name.to_lowercase())
    }
}

/// The front-matter fields `kind` adds, so the common validation does not
/// report them as unknown.
pub fn field_names(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Page | Kind::Playbook => &[],
        Kind::Kata => &[
            "pattern",
            "cadence",
            "minutes",
            "steps",
            "questions",
            "record",
        ],
        Kind::Role => &["competencies", "paths", "reports_to", "serves"],
        Kind::Competency => &["levels"],
        Kind::Path => &["prerequisites", "outcomes", "stages"],
        Kind::Goal => &["level", "parent", "measure", "target"],
    }
}

/// Validate the fields `kind` adds; every problem of the table is returned.
pub fn validate(kind: Kind, source: &str, table: &Table) -> Result<KindData, Vec<Diagnostic>> {
    let mut fields = Fields::new(source);
    let top = Place::top(source);
    let data = match kind {
        Kind::Page | Kind::Playbook => Some(KindData::Plain),
        Kind::Kata => kata(&mut fields, table, top).map(KindData::Kata),
        Kind::Role => role(&mut fields, table, top).map(KindData::Role),
        Kind::Competency => competency(&mut fields, table, top).map(KindData::Competency),
        Kind::Path => path(&mut fields, table, top).map(KindData::Path),
        Kind::Goal => goal(&mut fields, table, top).map(KindData::Goal),
    };
    fields.into_result(data)
}

fn kata(f: &mut Fields<'_>, table: &Table, top: Place) -> Option<Kata> {
    let help = "add `pattern`: one of improvement, coaching, starter";
    let pattern = f
        .required(table, "pattern", "this kata", top, help)
        .and_then(|node| f.choice("pattern", node, PATTERNS));
    let minutes = Fields::get(table, "minutes").and_then(|node| minutes(f, node));
    let steps = match Fields::get(table, "steps") {
        Some(node) => kata_steps(f, node),
        None => Vec::new(),
    };
    Some(Kata {
        cadence: f.string(table, "cadence"),
        minutes,
        steps,
        questions: f.strings(table, "questions"),
        record: f.strings(table, "record"),
        pattern: pattern?,
    })
}

/// `minutes`: a positive whole number.
fn minutes(f: &mut Fields<'_>, node: &Node) -> Option<u32> {
    let minutes = f.read.integer("minutes", node)?;
    let valid = u32::try_from(minutes).ok().filter(|m| *m > 0);
    if valid.is_none() {
        let message = format!("`minutes` must be a positive number of minutes, found {minutes}");
        let diagnostic = Diagnostic::error("invalid-duration", message)
            .with_help("write how long one practice takes, e.g. `minutes = 20`");
        f.read.report(diagnostic, node.pos, node.len);
    }
    valid
}

fn kata_steps(f: &mut Fields<'_>, node: &Node) -> Vec<KataStep> {
    let mut steps = Vec::new();
    for item in f.list("steps", node) {
        let Some(step) = f.table("steps", item, &["name", "prompt"]) else {
            continue;
        };
        let help = "give each step a `name` (and a `prompt`)";
        let name = f.required(step, "name", "this step", Place::of(item), help);
        let name = name.and_then(|n| f.read.string("name", n));
        let prompt = f.string(step, "prompt");
        steps.extend(name.map(|name| KataStep { name, prompt }));
    }
    steps
}

fn role(f: &mut Fields<'_>, table: &Table, top: Place) -> Option<Role> {
    let help = "add `competencies`, a table of competency = \"required level\"";
    let competencies = f
        .required(table, "competencies", "this role", top, help)
        .map(|node| requirements(f, node));
    Some(Role {
        competencies: competencies?,
        paths: f.references(table, "paths"),
        reports_to: f.reference(table, "reports_to"),
        serves: f.references(table, "serves"),
    })
}

/// `competencies = { coaching = "Proficient" }`: keys are competencies, values levels.
fn requirements(f: &mut Fields<'_>, node: &Node) -> Vec<Requirement> {
    let Value::Table(table) = &node.value else {
        let expected = "a table such as `{ coaching = \"Proficient\" }`";
        f.read.wrong_type("competencies", expected, node);
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, value) in &table.entries {
        let name = format!("competencies.{}", key.value);
        if let Some(level) = f.read.string(&name, value) {
            let level = Located::new(level, value.pos, value.len);
            let competency = key.clone();
            found.push(Requirement { competency, level });
        }
    }
    found
}

fn competency(f: &mut Fields<'_>, table: &Table, top: Place) -> Option<Competency> {
    let help = "add `levels`, the level names in rising order, e.g. [\"Aware\", \"Practising\", \"Proficient\"]";
    let node = f.required(table, "levels", "this competency", top, help)?;
    let levels = f.read.strings("levels", node);
    if levels.is_empty() && matches!(node.value, Value::Array(_)) {
        let message = "`levels` is empty".to_string();
        f.read.invalid(node, message, Some(help.to_string()));
    }
    for (i, level) in levels.iter().enumerate() {
        let lower = level.value.to_lowercase();
        if levels[..i].iter().any(|l| l.value.to_lowercase() == lower) {
            let message = format!("`levels` lists `{}` twice", level.value);
            let help = "each level name appears once, from lowest to highest".to_string();
            let diagnostic = Diagnostic::error("invalid-field", message).with_help(help);
            f.read.report(diagnostic, level.pos, level.len);
        }
    }
    let levels = levels.into_iter().map(|l| l.value).collect();
    Some(Competency { levels })
}

fn path(f: &mut Fields<'_>, table: &Table, top: Place) -> Option<LearningPath> {
    if Fields::get(table, "roles")
        .or(Fields::get(table, "role"))
        .is_none()
    {
        let help = "add `role = \"...\"` or `roles = [...]`: who the path is for";
        f.required(table, "roles", "this path", top, help);
    }
    let help = "add at least one `[[stages]]` with a `title` and `steps`";
    let stages = f
        .required(table, "stages", "this path", top, help)
        .map(|node| stages(f, node, help));
    Some(LearningPath {
        prerequisites: f.references(table, "prerequisites"),
        outcomes: f.strings(table, "outcomes"),
        stages: stages?,
    })
}

fn stages(f: &mut Fields<'_>, node: &Node, help: &str) -> Vec<Stage> {
    let items = f.list("stages", node);
    if items.is_empty() && matches!(node.value, Value::Array(_)) {
        f.read.invalid(
            node,
            "`stages` is empty".to_string(),
            Some(help.to_string()),
        );
    }
    let mut stages = Vec::new();
    for item in items {
        let Some(table) = f.table("stages", item, &["title", "summary", "steps"]) else {
            continue;
        };
        let place = Place::of(item);
        let help = "give each stage a `title`";
        let title = f.required(table, "title", "this stage", place, help);
        let title = title.and_then(|n| f.read.string("title", n));
        let help = "list the stage's pages: steps = [\"kata/five-questions\", ...]";
        let steps = f.required(table, "steps", "this stage", place, help);
        let steps = steps
            .map(|node| stage_steps(f, node, help))
            .unwrap_or_default();
        let summary = f.string(table, "summary");
        stages.extend(title.map(|title| Stage {
            title,
            summary,
            steps,
        }));
    }
    stages
}

fn stage_steps(f: &mut Fields<'_>, node: &Node, help: &str) -> Vec<Step> {
    let items = f.list("steps", node);
    if items.is_empty() && matches!(node.value, Value::Array(_)) {
        f.read
            .invalid(node, "`steps` is empty".to_string(), Some(help.to_string()));
    }
    items.iter().filter_map(|item| step(f, item)).collect()
}

/// A step: `"kata/five-questions"` or `{ page = "...", note = "...", optional = true }`.
fn step(f: &mut Fields<'_>, item: &Node) -> Option<Step> {
    if let Some(page) = item.located_str() {
        return Some(Step {
            page,
            note: None,
            optional: false,
        });
    }
    if !matches!(item.value, Value::Table(_)) {
        let expected = "a page reference or a table `{ page, note, optional }`";
        f.read.wrong_type("steps", expected, item);
        return None;
    }
    let table = f.table("steps", item, &["page", "note", "optional"])?;
    let help = "name the step's page: { page = \"kata/five-questions\" }";
    let page = f.required(table, "page", "this step", Place::of(item), help);
    let page = page.and_then(|node| {
        let found = node.located_str();
        if found.is_none() {
            f.read
                .wrong_type("page", "a page reference (a string)", node);
        }
        found
    });
    let optional = Fields::get(table, "optional").and_then(|n| f.read.boolean("optional", n));
    Some(Step {
        note: f.string(table, "note"),
        optional: optional.unwrap_or(false),
        page: page?,
    })
}

fn goal(f: &mut Fields<'_>, table: &Table, top: Place) -> Option<Goal> {
    let help = "add `level`: one of organization, team, individual";
    let level = f
        .required(table, "level", "this goal", top, help)
        .and_then(|node| f.choice("level", node, GOAL_LEVELS));
    let target = Fields::get(table, "target").and_then(|node| target(f, node));
    Some(Goal {
        parent: f.reference(table, "parent"),
        measure: f.string(table, "measure"),
        target,
        level: level?,
    })
}

/// `target`: text (`"90%"`) or a number.
fn target(f: &mut Fields<'_>, node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(x) => Some(x.to_string()),
        _ => {
            f.read.wrong_type("target", "a string or a number", node);
            None
        }
    }
}
