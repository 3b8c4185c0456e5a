//! Typed reads of kind-specific fields on top of `value::Reader`: required
//! fields, enums with a did-you-mean, references, and nested tables whose keys
//! are checked. Every problem is collected so one run lists them all.

use crate::diagnostic::{Diagnostic, Located, Pos, did_you_mean};
use crate::value::{Node, Reader, Table, Value};

/// Where a missing field is reported: the table that should hold it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Place {
    pos: Pos,
    len: u32,
}

impl Place {
    /// The front matter as a whole: its first line (the opening fence), since
    /// an absent field has no position of its own.
    pub(super) fn top(source: &str) -> Place {
        let first = source.lines().next().unwrap_or("");
        let len = first.trim_end().chars().count().max(1) as u32;
        Place {
            pos: Pos::new(1, 1),
            len,
        }
    }

    pub(super) fn of(node: &Node) -> Place {
        Place {
            pos: node.pos,
            len: node.len,
        }
    }
}

/// Collects the errors of one file's kind-specific fields.
pub(super) struct Fields<'a> {
    pub(super) read: Reader<'a>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(source: &'a str) -> Self {
        Fields {
            read: Reader::new(source, "invalid-field"),
        }
    }

    /// `name`'s value, unless it is absent or null (YAML `name:` with nothing after it).
    pub(super) fn get<'t>(table: &'t Table, name: &str) -> Option<&'t Node> {
        table.get(name).filter(|node| node.value != Value::Null)
    }

    /// `name`'s value; its absence is a `missing-field` error at `place`.
    pub(super) fn required<'t>(
        &mut self,
        table: &'t Table,
        name: &str,
        owner: &str,
        place: Place,
        help: &str,
    ) -> Option<&'t Node> {
        let node = Fields::get(table, name);
        if node.is_none() {
            let message = format!("{owner} has no `{name}`");
            let diagnostic = Diagnostic::error("missing-field", message).with_help(help);
            self.read.report(diagnostic, place.pos, place.len);
        }
        node
    }

    pub(super) fn string(&mut self, table: &Table, name: &str) -> Option<String> {
        Fields::get(table, name).and_then(|node| self.read.string(name, node))
    }

    pub(super) fn strings(&mut self, table: &Table, name: &str) -> Vec<String> {
        let Some(node) = Fields::get(table, name) else {
            return Vec::new();
        };
        let strings = self.read.strings(name, node);
        strings.into_iter().map(|s| s.value).collect()
    }

    /// One page reference, as written, with its place for resolve's errors.
    pub(super) fn reference(&mut self, table: &Table, name: &str) -> Option<Located<String>> {
        let node = Fields::get(table, name)?;
        let found = node.located_str();
        if found.is_none() {
            self.read
                .wrong_type(name, "a page reference (a string)", node);
        }
        found
    }

    /// Page references: a list, or one string for a single reference.
    pub(super) fn references(&mut self, table: &Table, name: &str) -> Vec<Located<String>> {
        let Some(node) = Fields::get(table, name) else {
            return Vec::new();
        };
        match node.located_str() {
            Some(one) => vec![one],
            None => self.read.strings(name, node),
        }
    }

    /// One of `options` by name; anything else lists them and suggests the closest.
    pub(super) fn choice<T: Copy>(
        &mut self,
        name: &str,
        node: &Node,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let text = self.read.string(name, node)?;
        if let Some((_, value)) = options.iter().find(|(n, _)| *n == text) {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let accepted = format!("accepted values: {}", names.join(", "));
        let help = match did_you_mean(&text, names.iter().copied()) {
            Some(guess) => format!("{guess} {accepted}"),
            None => accepted,
        };
        let message = format!("`{name}` has an unknown value `{text}`");
        self.read.invalid(node, message, Some(help));
        None
    }

    /// A nested table (a `[[steps]]` entry ...), its keys checked against `known`.
    pub(super) fn table<'t>(
        &mut self,
        name: &str,
        node: &'t Node,
        known: &[&str],
    ) -> Option<&'t Table> {
        let Value::Table(table) = &node.value else {
            self.read.wrong_type(name, "a table", node);
            return None;
        };
        for (key, _) in &table.entries {
            if !known.contains(&key.value.as_str()) {
                self.unknown_key(name, key, known);
            }
        }
        Some(table)
    }

    /// The items of a list field (`[[steps]]`, `stages`); another value is an error.
    pub(super) fn list<'t>(&mut self, name: &str, node: &'t Node) -> &'t [Node] {
        match &node.value {
            Value::Array(items) => items,
            _ => {
                self.read.wrong_type(name, "a list", node);
                &[]
            }
        }
    }

    fn unknown_key(&mut self, within: &str, key: &Located<String>, known: &[&str]) {
        let message = format!("unknown field `{}` in `{within}`", key.value);
        let help = did_you_mean(&key.value, known.iter().copied())
            .unwrap_or_else(|| format!("`{within}` takes: {}", known.join(", ")));
        let diagnostic = Diagnostic::error("unknown-field", message).with_help(help);
        self.read.report(diagnostic, key.pos, key.len);
    }

    pub(super) fn into_result<T>(self, data: Option<T>) -> Result<T, Vec<Diagnostic>> {
        match data {
            Some(data) if !self.read.has_errors() => Ok(data),
            _ => Err(self.read.into_errors()),
        }
    }
}
