//! Front-matter fields: check a positioned `Table` against the fields every
//! kind has (ARCHITECTURE section 1), with the aliases `description`, `date`
//! and `author`, and turn it into a `FrontMatter`. Unknown fields get a did-you-mean.

use crate::config::UnknownFields;
use crate::date::{self, Date, Interval, parse_duration};
use crate::diagnostic::{Diagnostic, Located, did_you_mean};
use crate::parse::{FrontMatter, Kind};
use crate::value::{Node, Reader, Table, Value};

/// How a field's value is checked and stored: (checker, front matter, name as written, value).
type Setter = fn(&mut Checker<'_>, &mut FrontMatter, &str, &Node);

/// One front-matter field: its name, the other name migrated handbooks use
/// for it, and how its value is checked and stored.
pub struct Field {
    pub name: &'static str,
    pub alias: Option<&'static str>,
    set: Setter,
}

const fn field(name: &'static str, alias: Option<&'static str>, set: Setter) -> Field {
    Field { name, alias, set }
}

/// The fields every kind has. Kind-specific fields are validated by their
/// kind and passed to `validate_with` as known names.
#[rustfmt::skip]
pub const COMMON_FIELDS: &[Field] = &[
    field("title", None, |c, f, n, v| f.title = c.read.string(n, v)),
    field("summary", Some("description"), |c, f, n, v| f.summary = c.read.string(n, v)),
    field("tags", None, |c, f, n, v| f.tags = c.plain_strings(n, v)),
    field("weight", None, |c, f, n, v| f.weight = c.read.integer(n, v)),
    field("draft", None, |c, f, n, v| f.draft = c.read.boolean(n, v).unwrap_or(false)),
    field("owner", Some("author"), |c, f, n, v| f.owner = c.read.string(n, v)),
    field("updated", Some("date"), |c, f, n, v| f.updated = c.date(n, v)),
    field("reviewed", None, |c, f, n, v| f.reviewed = c.date(n, v)),
    field("review_every", None, |c, f, n, v| f.review_every = c.interval(n, v)),
    field("aliases", None, |c, f, n, v| f.aliases = c.plain_strings(n, v)),
    // `role` reads better for a path written for a single role.
    field("roles", Some("role"), |c, f, n, v| f.roles = c.references(n, v)),
    field("goals", None, |c, f, n, v| f.goals = c.references(n, v)),
    field("builds", None, |c, f, n, v| f.builds = c.references(n, v)),
    field("duration", None, |c, f, n, v| f.duration = c.duration(n, v)),
    field("kind", None, |c, f, n, v| f.kind = c.kind(n, v)),
    field("extra", None, |c, f, n, v| f.extra = c.extra(n, v)),
];

/// Validate the table; warnings (unknown fields under `warn`) come back with the value.
pub fn validate(
    source: &str,
    table: &Table,
    unknown: UnknownFields,
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    validate_with(source, table, unknown, &[])
}

/// Like `validate`, but `kind_fields` are also known: they are left for the
/// kind's own validation instead of being reported as unknown.
pub fn validate_with(
    source: &str,
    table: &Table,
    unknown: UnknownFields,
    kind_fields: &[&str],
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut checker = Checker {
        source,
        read: Reader::new(source, "invalid-field"),
        warnings: Vec::new(),
    };
    let mut front = FrontMatter::default();
    let mut seen: Vec<(&Field, &Located<String>)> = Vec::new();
    for (key, node) in &table.entries {
        let Some(field) = field_named(&key.value) else {
            if !kind_fields.contains(&key.value.as_str()) {
                checker.unknown(key, unknown, kind_fields);
            }
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(f, _)| f.name == field.name) {
            checker.duplicate(first, key);
            continue;
        }
        seen.push((field, key));
        // YAML `summary:` with nothing after it leaves the field unset.
        if node.value != Value::Null {
            (field.set)(&mut checker, &mut front, &key.value, node);
        }
    }
    if checker.read.has_errors() {
        let mut errors = checker.read.into_errors();
        errors.append(&mut checker.warnings);
        Err(errors)
    } else {
        Ok((front, checker.warnings))
    }
}

/// The common field `name` stands for, by its own name or its alias.
fn field_named(name: &str) -> Option<&'static Field> {
    COMMON_FIELDS
        .iter()
        .find(|f| f.name == name || f.alias == Some(name))
}

/// Every name a front matter may use, for did-you-mean.
fn known_names<'a>(kind_fields: &'a [&'a str]) -> impl Iterator<Item = &'a str> {
    COMMON_FIELDS
        .iter()
        .flat_map(|f| std::iter::once(f.name).chain(f.alias))
        .chain(kind_fields.iter().copied())
}

/// Collects every problem of one table, so a single run lists them all.
struct Checker<'a> {
    source: &'a str,
    read: Reader<'a>,
    warnings: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn unknown(&mut self, key: &Located<String>, unknown: UnknownFields, kind_fields: &[&str]) {
        let message = format!("unknown front-matter field `{}`", key.value);
        let help = did_you_mean(&key.value, known_names(kind_fields)).unwrap_or_else(|| {
            "free-form data goes under an `extra` table (`[extra]` in TOML, `extra:` in YAML), \
             which templates can read"
                .to_string()
        });
        match unknown {
            UnknownFields::Error => {
                let diagnostic = Diagnostic::error("unknown-field", message).with_help(help);
                self.read.report(diagnostic, key.pos, key.len);
            }
            UnknownFields::Warn => self.warnings.push(
                Diagnostic::warning("unknown-field", message)
                    .at(self.source, key.pos, key.len)
                    .with_help(help),
            ),
        }
    }

    fn duplicate(&mut self, first: &Located<String>, second: &Located<String>) {
        let (a, b) = (&first.value, &second.value);
        let message = format!("`{a}` and `{b}` are both set, but they are the same field");
        let help = format!(
            "`{a}` is already set on line {}; keep only one",
            first.pos.line
        );
        let diagnostic = Diagnostic::error("duplicate-field", message).with_help(help);
        self.read.report(diagnostic, second.pos, second.len);
    }

    /// An error with its own code (`invalid-date` ...) and the accepted forms as help.
    fn bad_value(&mut self, code: &'static str, message: String, forms: &str, node: &Node) {
        let diagnostic = Diagnostic::error(code, message).with_help(forms);
        self.read.report(diagnostic, node.pos, node.len);
    }

    fn plain_strings(&mut self, name: &str, node: &Node) -> Vec<String> {
        let strings = self.read.strings(name, node);
        strings.into_iter().map(|s| s.value).collect()
    }

    /// Page references: a list, or one string for a single reference.
    fn references(&mut self, name: &str, node: &Node) -> Vec<Located<String>> {
        match node.located_str() {
            Some(one) => vec![one],
            None => self.read.strings(name, node),
        }
    }

    fn date(&mut self, name: &str, node: &Node) -> Option<Date> {
        let (Value::String(text) | Value::Datetime(text)) = &node.value else {
            self.read
                .wrong_type(name, "a date such as \"2024-05-01\"", node);
            return None;
        };
        let parsed = Date::parse(text);
        if parsed.is_none() {
            let message = format!("`{name}` is not a valid date: `{text}`");
            self.bad_value("invalid-date", message, date::DATE_FORMS, node);
        }
        parsed
    }

    fn interval(&mut self, name: &str, node: &Node) -> Option<Interval> {
        let text = self.read.string(name, node)?;
        let parsed = Interval::parse(&text);
        if parsed.is_none() {
            let message = format!("`{name}` is not a valid interval: `{text}`");
            self.bad_value("invalid-interval", message, date::INTERVAL_FORMS, node);
        }
        parsed
    }

    /// A duration string, or a whole number of minutes.
    fn duration(&mut self, name: &str, node: &Node) -> Option<u32> {
        let parsed = match &node.value {
            Value::String(text) => parse_duration(text),
            Value::Integer(minutes) => u32::try_from(*minutes).ok().filter(|m| *m > 0),
            _ => {
                let expected = "a duration such as \"20 min\", or a number of minutes";
                self.read.wrong_type(name, expected, node);
                return None;
            }
        };
        if parsed.is_none() {
            let message = format!("`{name}` is not a valid duration");
            self.bad_value("invalid-duration", message, date::DURATION_FORMS, node);
        }
        parsed
    }

    fn kind(&mut self, name: &str, node: &Node) -> Option<Kind> {
        let text = self.read.string(name, node)?;
        let kind = Kind::from_name(&text);
        if kind.is_none() {
            let names = Kind::ALL.map(Kind::as_str);
            let accepted = format!("accepted values: {}", names.join(", "));
            let help = match did_you_mean(&text, names) {
                Some(guess) => format!("{guess} {accepted}"),
                None => accepted,
            };
            let message = format!("`{name}` has an unknown kind `{text}`");
            self.read.invalid(node, message, Some(help));
        }
        kind
    }

    fn extra(&mut self, name: &str, node: &Node) -> toml::Table {
        match &node.value {
            Value::Table(table) => toml_of_table(table),
            _ => {
                self.read.wrong_type(name, "a table", node);
                toml::Table::new()
            }
        }
    }
}

/// `[extra]` as plain TOML for templates; YAML nulls have no TOML form and are dropped.
fn toml_of_table(table: &Table) -> toml::Table {
    table
        .entries
        .iter()
        .filter_map(|(key, node)| Some((key.value.clone(), toml_of(&node.value)?)))
        .collect()
}

fn toml_of(value: &Value) -> Option<toml::Value> {
    Some(match value {
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Integer(i) => toml::Value::Integer(*i),
        Value::Float(f) => toml::Value::Float(*f),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Datetime(s) => s
            .parse()
            .map_or_else(|_| toml::Value::String(s.clone()), toml::Value::Datetime),
        Value::Array(items) => {
            toml::Value::Array(items.iter().filter_map(|n| toml_of(&n.value)).collect())
        }
        Value::Table(table) => toml::Value::Table(toml_of_table(table)),
        Value::Null => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Pos, Severity};
    use crate::value::{toml_table, yaml_table};

    fn toml(src: &str) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
        let table = toml_table(src, 0, src.len()).unwrap();
        validate(src, &table, UnknownFields::Error)
    }

    fn yaml(src: &str) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
        let table = yaml_table(src, 0, src.len()).unwrap();
        validate(src, &table, UnknownFields::Error)
    }

    #[test]
    fn reads_every_common_field_from_toml() {
        let src = r#"
title = "Five questions"
summary = "The coaching kata"
tags = ["kata", "coaching"]
weight = 3
draft = true
owner = "Ana"
updated = 2024-05-01
reviewed = "2024-04-01T10:00:00Z"
review_every = "6 months"
aliases = ["/old/"]
roles = "team-lead"
goals = ["quality"]
builds = ["coaching"]
duration = "1h30"
kind = "kata"
[extra]
colour = "blue"
"#;
        let (front, warnings) = toml(src).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(front.title.as_deref(), Some("Five questions"));
        assert_eq!(front.summary.as_deref(), Some("The coaching kata"));
        assert_eq!(front.tags, ["kata", "coaching"]);
        assert_eq!((front.weight, front.draft), (Some(3), true));
        assert_eq!(front.owner.as_deref(), Some("Ana"));
        assert_eq!(front.updated, Date::new(2024, 5, 1));
        assert_eq!(front.reviewed, Date::new(2024, 4, 1));
        assert_eq!(front.review_every, Some(Interval::Months(6)));
        assert_eq!(front.aliases, ["/old/"]);
        assert_eq!(
            front.roles,
            [Located::new("team-lead".to_string(), Pos::new(12, 9), 11)]
        );
        assert_eq!(front.goals[0].pos, Pos::new(13, 10));
        assert_eq!(front.builds[0].value, "coaching");
        assert_eq!((front.duration, front.kind), (Some(90), Some(Kind::Kata)));
        assert_eq!(front.extra["colour"].as_str(), Some("blue"));
    }

    #[test]
    fn accepts_jekyll_and_hugo_names_from_yaml() {
        let src = "title: Old page\ndescription: Moved over\nauthor: Bo\ndate: 2019-03-04 10:00:00 +0100\n\
                   tags:\nextra:\n  n: ~\n  k: [1, ~]\n";
        let (front, _) = yaml(src).unwrap();
        assert_eq!(front.summary.as_deref(), Some("Moved over"));
        assert_eq!(front.owner.as_deref(), Some("Bo"));
        assert_eq!(front.updated, Date::new(2019, 3, 4));
        assert!(front.tags.is_empty());
        assert!(!front.extra.contains_key("n"));
        assert_eq!(front.extra["k"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn unknown_field_is_an_error_at_the_key_with_did_you_mean() {
        let errors = toml("title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(e.code, "unknown-field");
        assert_eq!(e.message, "unknown front-matter field `titel`");
        assert_eq!((e.pos, e.len), (Some(Pos::new(2, 1)), 5));
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unknown_field_without_a_near_name_points_to_extra() {
        let errors = toml("colour = \"blue\"\n").unwrap_err();
        assert!(errors[0].help.as_deref().unwrap().contains("`[extra]`"));
    }

    #[test]
    fn unknown_fields_warn_when_configured() {
        let src = "title = \"x\"\nlayout = \"post\"\n";
        let table = toml_table(src, 0, src.len()).unwrap();
        let (front, warnings) = validate(src, &table, UnknownFields::Warn).unwrap();
        assert_eq!(front.title.as_deref(), Some("x"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            (warnings[0].severity, warnings[0].code),
            (Severity::Warning, "unknown-field")
        );
    }

    #[test]
    fn kind_fields_are_known_and_suggested() {
        let src = "pattern = \"coaching\"\npatern = 1\n";
        let table = toml_table(src, 0, src.len()).unwrap();
        let errors = validate_with(src, &table, UnknownFields::Error, &["pattern"]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `pattern`?"));
    }

    #[test]
    fn alias_and_canonical_name_together_is_an_error_at_the_second() {
        let errors = yaml("description: a\ntitle: t\nsummary: b\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "duplicate-field");
        assert!(
            errors[0].message.contains("`description`") && errors[0].message.contains("`summary`")
        );
        assert_eq!(errors[0].pos, Some(Pos::new(3, 1)));
    }

    #[test]
    fn wrong_types_are_reported_at_the_value() {
        let errors = toml("tags = 3\n").unwrap_err();
        assert_eq!(errors[0].code, "invalid-field");
        assert_eq!(
            errors[0].message,
            "`tags` must be a list of strings, found an integer"
        );
        assert_eq!(errors[0].pos, Some(Pos::new(1, 8)));
        let errors = toml("tags = [\"a\", true]\n").unwrap_err();
        assert_eq!(
            errors[0].message,
            "`tags` must be a list of strings, found a boolean"
        );
        assert_eq!(errors[0].pos, Some(Pos::new(1, 14)));
    }

    #[test]
    fn collects_every_error_of_the_table() {
        let src = "titel = \"a\"\nweight = \"heavy\"\ndraft = 1\nreviewed = \"last week\"\n\
                   review_every = \"often\"\nduration = \"soon\"\nkind = \"katas\"\nextra = 1\n";
        let errors = toml(src).unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "unknown-field",
                "invalid-field",
                "invalid-field",
                "invalid-date",
                "invalid-interval",
                "invalid-duration",
                "invalid-field",
                "invalid-field"
            ]
        );
        let lines: Vec<u32> = errors
            .iter()
            .filter_map(|e| e.pos.map(|p| p.line))
            .collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn bad_values_list_the_accepted_forms() {
        let errors = toml("review_every = \"often\"\nkind = \"katas\"\n").unwrap_err();
        assert!(errors[0].help.as_deref().unwrap().contains("\"6 months\""));
        let kind_help = errors[1].help.as_deref().unwrap();
        assert!(kind_help.starts_with("did you mean `kata`?"), "{kind_help}");
        assert!(kind_help.contains("playbook, kata, role"), "{kind_help}");
    }

    #[test]
    fn duration_accepts_minutes_as_a_number() {
        assert_eq!(toml("duration = 45\n").unwrap().0.duration, Some(45));
        assert_eq!(
            toml("duration = -5\n").unwrap_err()[0].code,
            "invalid-duration"
        );
    }
}
