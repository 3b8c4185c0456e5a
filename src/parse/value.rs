//! A front-matter or config value tree that remembers where each value was
//! written, so validation can point at `line:col` in the original file.
//! Built from TOML (`toml::de::DeTable`) or YAML (`saphyr::MarkedYaml`).

use crate::diagnostic::{Located, Pos};

/// A value and where it starts in the file (line/col counted from the top of the file).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Width in characters of the value as written (for the caret); at least 1.
    pub len: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date or datetime, kept as written (e.g. `2024-05-01`).
    Datetime(String),
    Array(Vec<Node>),
    Table(Table),
    /// YAML `~` / `null` / empty value.
    Null,
}

impl Value {
    /// The name used in "expected a string, found an integer" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Null => "nothing (null)",
        }
    }
}

/// A table's entries in source order; keys carry their own positions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub entries: Vec<(Located<String>, Node)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }
}
