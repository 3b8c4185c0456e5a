//! Diagnostics every stage reports: an error or warning with a stable code,
//! the file and `line:col` where the user can fix it, the offending source
//! line, and a `help:` suggestion. Printed rustc-style; collected, never thrown.

use std::fmt::{self, Write as _};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A 1-based line and column (in characters) in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A value with the place in the source it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
    /// Width of the span in characters, for the caret line (at least 1).
    pub len: u32,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos, len: u32) -> Self {
        Located { value, pos, len }
    }
}

/// One problem found in the handbook, with everything needed to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, documented code such as `unknown-field` (see the README).
    pub code: &'static str,
    pub message: String,
    /// Path relative to the handbook root, with `/` separators.
    pub file: Option<String>,
    pub pos: Option<Pos>,
    pub len: u32,
    /// The source line at `pos`, shown under the location.
    pub source_line: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            pos: None,
            len: 1,
            source_line: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Point at `pos` in `source` (the whole file's text), copying the line
    /// so the printed diagnostic can show it with a caret.
    pub fn at(mut self, source: &str, pos: Pos, len: u32) -> Self {
        self.pos = Some(pos);
        self.len = len.max(1);
        self.source_line = source
            .lines()
            .nth(pos.line.saturating_sub(1) as usize)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Point at a position without a source line to show.
    pub fn at_pos(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, `file`, or nothing, as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_deref()?;
        Some(match self.pos {
            Some(p) => format!("{file}:{}:{}", p.line, p.col),
            None => file.to_string(),
        })
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: header, `--> file:line:col`, the source line with a caret, `help:`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        let gutter = self.pos.map_or(1, |p| p.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(loc) = self.location() {
            writeln!(f, "{pad}--> {loc}")?;
        }
        if let (Some(pos), Some(line)) = (self.pos, &self.source_line) {
            let shown = line.replace('\t', "    ");
            let col_chars: usize = line
                .chars()
                .take(pos.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            let mut caret = String::new();
            let _ = write!(
                caret,
                "{}{}",
                " ".repeat(col_chars),
                "^".repeat(self.len as usize)
            );
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", pos.line, shown)?;
            writeln!(f, "{pad} | {caret}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// The names in `candidates` closest to `wanted`, best first, for a
/// "did you mean" line. Close means a small edit distance relative to length.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = strsim::damerau_levenshtein(&wanted_lower, &c.to_lowercase());
            let limit = (wanted.chars().count().max(c.chars().count()) / 3).max(2);
            let contains = c.len() > 2 && wanted_lower.contains(&c.to_lowercase())
                || wanted.len() > 2 && c.to_lowercase().contains(&wanted_lower);
            (d <= limit || contains).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `did you mean `x`?` for the best match, if any.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let best = closest(wanted, candidates);
    match best.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Line and column (1-based, column in characters) of byte `offset` in `text`.
pub fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Pos::new(line as u32, col as u32)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style_with_caret_under_the_span() {
        let src = "+++\ntitel = \"x\"\n+++\n";
        let d = Diagnostic::error("unknown-field", "unknown front-matter field `titel`")
            .in_file("content/a.md")
            .at(src, Pos::new(2, 1), 5)
            .with_help("did you mean `title`?");
        let shown = d.to_string();
        assert_eq!(
            shown,
            "error[unknown-field]: unknown front-matter field `titel`\n \
             --> content/a.md:2:1\n  |\n2 | titel = \"x\"\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn closest_prefers_small_edits() {
        assert_eq!(closest("titel", ["title", "tags", "weight"]), vec!["title"]);
        assert!(closest("zzzz", ["title", "tags"]).is_empty());
    }

    #[test]
    fn offsets_map_to_one_based_line_and_char_column() {
        let text = "ab\ncdé f";
        assert_eq!(pos_of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(pos_of_offset(text, 3), Pos::new(2, 1));
        assert_eq!(pos_of_offset(text, 8), Pos::new(2, 5));
    }
}
