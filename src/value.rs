//! A front-matter or config value tree that remembers where each value was
//! written, so validation can point at `line:col` in the original file.
//! Built from TOML (`toml::de::DeTable`) or YAML (`saphyr::MarkedYaml`).

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, Scalar, YamlData};
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Located, Pos};

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

impl Node {
    /// The string this node holds, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The string this node holds, with its place in the file.
    pub fn located_str(&self) -> Option<Located<String>> {
        self.as_str()
            .map(|s| Located::new(s.to_string(), self.pos, self.len))
    }
}

/// Typed reads from a positioned tree, shared by front matter and config. A
/// value of the wrong type adds an error ("`tags` must be a list of strings,
/// found an integer", at the value) and reads as nothing, so validation goes
/// on and one run reports every problem.
pub struct Reader<'a> {
    source: &'a str,
    /// Code of wrong-type errors: `invalid-field` or `invalid-config`.
    code: &'static str,
    errors: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a str, code: &'static str) -> Self {
        Reader {
            source,
            code,
            errors: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn into_errors(self) -> Vec<Diagnostic> {
        self.errors
    }

    /// Add `diagnostic`, pointing at `pos` in the source.
    pub fn report(&mut self, diagnostic: Diagnostic, pos: Pos, len: u32) {
        self.errors.push(diagnostic.at(self.source, pos, len));
    }

    /// An error with this reader's code at `node`.
    pub fn invalid(&mut self, node: &Node, message: String, help: Option<String>) {
        let mut diagnostic = Diagnostic::error(self.code, message);
        diagnostic.help = help;
        self.report(diagnostic, node.pos, node.len);
    }

    pub fn wrong_type(&mut self, name: &str, expected: &str, node: &Node) {
        let found = node.value.type_name();
        self.invalid(
            node,
            format!("`{name}` must be {expected}, found {found}"),
            None,
        );
    }

    pub fn string(&mut self, name: &str, node: &Node) -> Option<String> {
        let text = node.as_str().map(str::to_string);
        if text.is_none() {
            self.wrong_type(name, "a string", node);
        }
        text
    }

    pub fn integer(&mut self, name: &str, node: &Node) -> Option<i64> {
        match node.value {
            Value::Integer(i) => Some(i),
            _ => {
                self.wrong_type(name, "a whole number", node);
                None
            }
        }
    }

    pub fn boolean(&mut self, name: &str, node: &Node) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(name, "`true` or `false`", node);
                None
            }
        }
    }

    /// A list of strings, each with its place (for reference errors later).
    pub fn strings(&mut self, name: &str, node: &Node) -> Vec<Located<String>> {
        let expected = "a list of strings";
        let Value::Array(items) = &node.value else {
            self.wrong_type(name, expected, node);
            return Vec::new();
        };
        let mut found = Vec::with_capacity(items.len());
        for item in items {
            match item.located_str() {
                Some(s) => found.push(s),
                None => self.wrong_type(name, expected, item),
            }
        }
        found
    }
}

/// Parse the TOML in `source[start..end]` into a positioned table; positions
/// count from the top of the whole `source`, so a front-matter error points at
/// the file's line, not the block's.
pub fn toml_table(source: &str, start: usize, end: usize) -> Result<Table, Diagnostic> {
    let text = source.get(start..end).unwrap_or("");
    let tree = TomlTree {
        lines: Lines::new(source),
        base: start,
    };
    let parsed = DeTable::parse(text).map_err(|e| tree.syntax_error(&e))?;
    tree.table(parsed.get_ref())
}

/// Parse the YAML in `source[start..end]` into a positioned table (positions
/// from the top of `source`). An empty document is an empty table.
pub fn yaml_table(source: &str, start: usize, end: usize) -> Result<Table, Diagnostic> {
    let text = source.get(start..end).unwrap_or("");
    let lines = Lines::new(source);
    let tree = YamlTree {
        base: lines.pos(start),
        lines,
    };
    let docs = MarkedYaml::load_from_str(text).map_err(|e| {
        let pos = tree.pos(e.marker());
        Diagnostic::error("yaml-syntax", e.info().to_string()).at(source, pos, 1)
    })?;
    let Some(doc) = docs.first() else {
        return Ok(Table::default());
    };
    let root = tree.node(doc)?;
    match root.value {
        Value::Table(table) => Ok(table),
        Value::Null => Ok(Table::default()),
        other => Err(Diagnostic::error(
            "front-matter-not-table",
            format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                other.type_name()
            ),
        )
        .at(source, root.pos, root.len)
        .with_help("write one `field: value` per line between the `---` fences")),
    }
}

/// Line starts of a file, to turn byte offsets into `Pos` without rescanning.
struct Lines<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { source, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let line_start = self.starts.get(index).copied().unwrap_or(0);
        let col = self.source[line_start..offset].chars().count() + 1;
        Pos::new(index as u32 + 1, col as u32)
    }

    /// The text of 1-based `line`, without its line ending.
    fn line_text(&self, line: u32) -> &'a str {
        let index = line.saturating_sub(1) as usize;
        let start = self.starts.get(index).copied().unwrap_or(self.source.len());
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.source.len());
        self.source[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Characters from `pos` to the end of its line, at least 1.
    fn rest_of_line(&self, pos: Pos) -> u32 {
        let chars = self.line_text(pos.line).chars().count() as u32;
        chars.saturating_sub(pos.col - 1).max(1)
    }

    /// Width of `source[start..end]` on its first line, at least 1.
    fn width(&self, start: usize, end: usize) -> u32 {
        let text = self.source.get(start..end.max(start)).unwrap_or("");
        let first_line = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
        (first_line.chars().count() as u32).max(1)
    }
}

/// Converts `toml`'s spanned tree, shifting spans by where the TOML starts.
struct TomlTree<'a> {
    lines: Lines<'a>,
    base: usize,
}

impl TomlTree<'_> {
    fn place(&self, span: std::ops::Range<usize>) -> (Pos, u32) {
        let (start, end) = (self.base + span.start, self.base + span.end);
        (self.lines.pos(start), self.lines.width(start, end))
    }

    fn syntax_error(&self, error: &toml::de::Error) -> Diagnostic {
        let message = error
            .message()
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("invalid TOML");
        let (pos, len) = self.place(error.span().unwrap_or(0..0));
        Diagnostic::error("toml-syntax", message.to_string()).at(self.lines.source, pos, len)
    }

    fn error_at(&self, span: std::ops::Range<usize>, message: &str) -> Diagnostic {
        let (pos, len) = self.place(span);
        Diagnostic::error("toml-syntax", message.to_string()).at(self.lines.source, pos, len)
    }

    fn table(&self, table: &DeTable<'_>) -> Result<Table, Diagnostic> {
        let mut entries = Vec::with_capacity(table.len());
        for (key, value) in table.iter() {
            let (pos, len) = self.place(key.span());
            let key = Located::new(key.get_ref().to_string(), pos, len);
            entries.push((key, self.node(value)?));
        }
        // `toml` keeps keys sorted unless `preserve_order` is on; put them
        // back in source order so diagnostics come out top to bottom.
        entries.sort_by_key(|(key, _)| key.pos);
        Ok(Table { entries })
    }

    fn node(&self, spanned: &toml::Spanned<DeValue<'_>>) -> Result<Node, Diagnostic> {
        let span = spanned.span();
        let (pos, len) = self.place(span.clone());
        let value = match spanned.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => Value::Integer(
                i64::from_str_radix(i.as_str(), i.radix())
                    .map_err(|_| self.error_at(span, "integer does not fit in 64 bits"))?,
            ),
            DeValue::Float(f) => Value::Float(
                f.as_str()
                    .parse()
                    .map_err(|_| self.error_at(span, "invalid floating-point number"))?,
            ),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(_) => Value::Datetime(self.written(span)),
            DeValue::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.node(item))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(table) => Value::Table(self.table(table)?),
        };
        Ok(Node { value, pos, len })
    }

    /// The source text of a span, as the author wrote it.
    fn written(&self, span: std::ops::Range<usize>) -> String {
        let range = self.base + span.start..self.base + span.end;
        self.lines
            .source
            .get(range)
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

/// Converts saphyr's marked tree; its markers count lines from 1 and columns
/// from 0 relative to the YAML text, which starts at `base` in the file.
struct YamlTree<'a> {
    lines: Lines<'a>,
    base: Pos,
}

impl YamlTree<'_> {
    fn pos(&self, marker: &Marker) -> Pos {
        let line = self.base.line + (marker.line() as u32).saturating_sub(1);
        let col = if marker.line() <= 1 {
            self.base.col + marker.col() as u32
        } else {
            marker.col() as u32 + 1
        };
        Pos::new(line, col)
    }

    fn error(&self, node: &MarkedYaml<'_>, code: &'static str, message: String) -> Diagnostic {
        let pos = self.pos(&node.span.start);
        Diagnostic::error(code, message).at(self.lines.source, pos, 1)
    }

    fn node(&self, node: &MarkedYaml<'_>) -> Result<Node, Diagnostic> {
        let (start, end) = (node.span.start, node.span.end);
        let pos = self.pos(&start);
        let len = if start.line() == end.line() {
            ((end.col() - start.col()) as u32).max(1)
        } else {
            self.lines.rest_of_line(pos)
        };
        let value = match &node.data {
            YamlData::Value(scalar) => scalar_value(scalar),
            YamlData::Representation(text, _, _) => Value::String(text.to_string()),
            YamlData::Sequence(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.node(item))
                    .collect::<Result<_, _>>()?,
            ),
            YamlData::Mapping(mapping) => Value::Table(self.table(mapping)?),
            // A custom tag (`!foo x`) carries no meaning for Dojo: keep the value.
            YamlData::Tagged(_, inner) => self.node(inner)?.value,
            YamlData::Alias(_) | YamlData::BadValue => {
                let message = "this value cannot be read (a bad tag or an unknown alias)";
                return Err(self.error(node, "yaml-syntax", message.to_string()));
            }
        };
        Ok(Node { value, pos, len })
    }

    fn table(
        &self,
        mapping: &saphyr::AnnotatedMapping<'_, MarkedYaml<'_>>,
    ) -> Result<Table, Diagnostic> {
        let mut entries = Vec::with_capacity(mapping.len());
        for (key, value) in mapping.iter() {
            let name = self.node(key)?;
            let text = match name.value {
                Value::String(s) => s,
                Value::Integer(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    let message =
                        format!("a key must be a plain name, found {}", other.type_name());
                    return Err(self.error(key, "yaml-syntax", message));
                }
            };
            entries.push((Located::new(text, name.pos, name.len), self.node(value)?));
        }
        Ok(Table { entries })
    }
}

fn scalar_value(scalar: &Scalar<'_>) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Integer(*i),
        Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'t>(table: &'t Table, key: &str) -> (&'t Located<String>, &'t Node) {
        let (k, v) = table.entries.iter().find(|(k, _)| k.value == key).unwrap();
        (k, v)
    }

    #[test]
    fn toml_positions_count_from_the_top_of_the_file() {
        let src = "+++\ntitle = \"Hi\"\ntags = [\"a\", 'b']\n+++\nbody";
        let table = toml_table(src, 4, src.rfind("+++").unwrap()).unwrap();
        let (key, title) = entry(&table, "title");
        assert_eq!((key.pos, key.len), (Pos::new(2, 1), 5));
        assert_eq!((title.pos, title.len), (Pos::new(2, 9), 4));
        let (_, tags) = entry(&table, "tags");
        let Value::Array(items) = &tags.value else {
            panic!("{tags:?}")
        };
        assert_eq!(items[1].pos, Pos::new(3, 14));
        assert_eq!(items[1].value, Value::String("b".into()));
    }

    #[test]
    fn toml_entries_come_back_in_source_order() {
        let src = "zeta = 1\nalpha = 2\n[extra]\nmid = 3\n";
        let table = toml_table(src, 0, src.len()).unwrap();
        let keys: Vec<&str> = table
            .entries
            .iter()
            .map(|(k, _)| k.value.as_str())
            .collect();
        assert_eq!(keys, ["zeta", "alpha", "extra"]);
        let (_, extra) = entry(&table, "extra");
        assert_eq!(extra.pos, Pos::new(3, 1));
    }

    #[test]
    fn toml_scalars_convert_and_datetimes_stay_as_written() {
        let src = "i = 0x1F\nf = 1.5\nb = true\nd = 2024-05-01\nt = 2024-05-01 10:00:00Z\n";
        let table = toml_table(src, 0, src.len()).unwrap();
        assert_eq!(table.get("i").unwrap().value, Value::Integer(31));
        assert_eq!(table.get("f").unwrap().value, Value::Float(1.5));
        assert_eq!(table.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(
            table.get("d").unwrap().value,
            Value::Datetime("2024-05-01".into())
        );
        assert_eq!(
            table.get("t").unwrap().value,
            Value::Datetime("2024-05-01 10:00:00Z".into())
        );
    }

    #[test]
    fn toml_syntax_errors_point_into_the_file() {
        let src = "+++\ntitle = \"ok\"\ntags = [\n+++\n";
        let err = toml_table(src, 4, 27).unwrap_err();
        assert_eq!(err.code, "toml-syntax");
        assert_eq!(err.pos.map(|p| p.line), Some(4));
        let src = "+++\na = 1\na = 2\n+++\n";
        let err = toml_table(src, 4, 16).unwrap_err();
        assert_eq!(err.message, "duplicate key");
        assert_eq!(err.pos, Some(Pos::new(3, 1)));
        assert_eq!(err.source_line.as_deref(), Some("a = 2"));
    }

    #[test]
    fn toml_integer_overflow_is_an_error_not_a_panic() {
        let src = "n = 9223372036854775808\n";
        let err = toml_table(src, 0, src.len()).unwrap_err();
        assert_eq!((err.code, err.pos), ("toml-syntax", Some(Pos::new(1, 5))));
    }

    #[test]
    fn yaml_positions_count_from_the_top_of_the_file() {
        let src = "---\r\ntitle: Hé llo\r\ntags:\r\n  - a\r\n  - 'b'\r\n---\r\n";
        let end = src.rfind("---").unwrap();
        let table = yaml_table(src, 5, end).unwrap();
        let (key, title) = entry(&table, "title");
        assert_eq!((key.pos, key.len), (Pos::new(2, 1), 5));
        assert_eq!((title.pos, title.len), (Pos::new(2, 8), 6));
        let (_, tags) = entry(&table, "tags");
        let Value::Array(items) = &tags.value else {
            panic!("{tags:?}")
        };
        assert_eq!((items[1].pos, items[1].len), (Pos::new(5, 5), 3));
    }

    #[test]
    fn yaml_scalars_and_nulls_convert() {
        let src = "n: 3\nf: 2.5\nb: true\ns: 2024-05-01\nz: ~\ne:\nt: !custom x\n";
        let table = yaml_table(src, 0, src.len()).unwrap();
        assert_eq!(table.get("n").unwrap().value, Value::Integer(3));
        assert_eq!(table.get("f").unwrap().value, Value::Float(2.5));
        assert_eq!(table.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(
            table.get("s").unwrap().value,
            Value::String("2024-05-01".into())
        );
        assert_eq!(table.get("z").unwrap().value, Value::Null);
        assert_eq!(table.get("e").unwrap().value, Value::Null);
        assert_eq!(table.get("t").unwrap().value, Value::String("x".into()));
    }

    #[test]
    fn yaml_errors_and_non_mappings() {
        let src = "---\ntitle: a: b\n---\n";
        let err = yaml_table(src, 4, 17).unwrap_err();
        assert_eq!((err.code, err.pos), ("yaml-syntax", Some(Pos::new(2, 9))));
        let src = "---\n- a\n- b\n---\n";
        let err = yaml_table(src, 4, 12).unwrap_err();
        assert_eq!(
            (err.code, err.pos),
            ("front-matter-not-table", Some(Pos::new(2, 1)))
        );
        assert!(err.message.contains("found a list"), "{}", err.message);
    }

    #[test]
    fn empty_blocks_are_empty_tables() {
        assert_eq!(yaml_table("---\n---\n", 4, 4).unwrap(), Table::default());
        assert_eq!(
            yaml_table("# just a comment\n", 0, 17).unwrap(),
            Table::default()
        );
        assert_eq!(toml_table("+++\n+++\n", 4, 4).unwrap(), Table::default());
    }
}
