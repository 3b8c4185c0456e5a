//! Front matter: find the `+++` TOML or `---` YAML block at the very top of a
//! file and parse it into a positioned `Table` (line/col counted from the top
//! of the file, not of the block).

use crate::diagnostic::{Diagnostic, Pos};
use crate::parse::FrontMatterFormat;
use crate::value::{self, Table};

/// Where the front matter and the body lie in the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub format: FrontMatterFormat,
    /// Byte range of the front matter's text, between the fences.
    pub start: usize,
    pub end: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Find the front matter block; a file without one is all body.
pub fn split(source: &str) -> Result<Split, Diagnostic> {
    let mut lines = lines_with_offsets(source);
    let Some((_, first)) = lines.next() else {
        return Ok(Split::none());
    };
    let (fence, format) = match fence_of(first) {
        Some(found) => found,
        None => return Ok(Split::none()),
    };
    let start = first.len();
    for (offset, line) in lines {
        if line.trim_end() == fence {
            return Ok(Split {
                format,
                start,
                end: offset,
                body_start: offset + line.len(),
            });
        }
    }
    Err(
        Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
            .at(source, Pos::new(1, 1), 3)
            .with_help(format!(
                "close it with a `{fence}` line after its last field, before the page's text"
            )),
    )
}

/// Parse the block `split` found into a table.
pub fn parse_table(source: &str, split: &Split) -> Result<Table, Diagnostic> {
    match split.format {
        FrontMatterFormat::Toml => value::toml_table(source, split.start, split.end),
        FrontMatterFormat::Yaml => value::yaml_table(source, split.start, split.end),
        FrontMatterFormat::None => Ok(Table::default()),
    }
}

impl Split {
    fn none() -> Split {
        Split {
            format: FrontMatterFormat::None,
            start: 0,
            end: 0,
            body_start: 0,
        }
    }
}

/// The fence a first line opens, if it is one. Trailing blanks are forgiven
/// because editors leave them and they are invisible.
fn fence_of(line: &str) -> Option<(&'static str, FrontMatterFormat)> {
    match line.trim_end() {
        "+++" => Some(("+++", FrontMatterFormat::Toml)),
        "---" => Some(("---", FrontMatterFormat::Yaml)),
        _ => None,
    }
}

/// Each line with its byte offset, line ending (`\n` or `\r\n`) included.
fn lines_with_offsets(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn finds_toml_between_plus_fences() {
        let src = "+++\ntitle = \"A\"\n+++\n# Body\n";
        let split = split(src).unwrap();
        assert_eq!(split.format, FrontMatterFormat::Toml);
        assert_eq!(&src[split.start..split.end], "title = \"A\"\n");
        assert_eq!(&src[split.body_start..], "# Body\n");
    }

    #[test]
    fn finds_yaml_with_crlf_line_endings() {
        let src = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let split = split(src).unwrap();
        assert_eq!(split.format, FrontMatterFormat::Yaml);
        assert_eq!(&src[split.start..split.end], "title: A\r\n");
        assert_eq!(&src[split.body_start..], "Body\r\n");
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let src = "+++\ntitle = \"A\"\n+++";
        let split = split(src).unwrap();
        assert_eq!((split.end, split.body_start), (16, src.len()));
    }

    #[test]
    fn no_fence_means_all_body() {
        for src in ["# Title\n", "", "\n+++\n+++\n", "++++\n"] {
            let split = split(src).unwrap();
            assert_eq!(split, Split::none(), "{src:?}");
        }
    }

    #[test]
    fn a_different_fence_does_not_close_the_block() {
        let src = "+++\ntitle = \"A\"\n---\nbody\n";
        let err = split(src).unwrap_err();
        assert_eq!(err.code, "unclosed-front-matter");
        assert_eq!(err.pos, Some(Pos::new(1, 1)));
        assert!(err.help.unwrap().contains("`+++`"));
    }

    #[test]
    fn unclosed_yaml_asks_for_the_yaml_fence() {
        let err = split("---\ntitle: A\n").unwrap_err();
        assert!(err.help.unwrap().contains("`---`"));
    }

    #[test]
    fn parsed_positions_are_file_lines() {
        let src = "---\ntitle: A\nweight: 3\n---\nbody";
        let table = parse_table(src, &split(src).unwrap()).unwrap();
        let (key, node) = &table.entries[1];
        assert_eq!((key.value.as_str(), key.pos), ("weight", Pos::new(3, 1)));
        assert_eq!(
            (node.value.clone(), node.pos),
            (Value::Integer(3), Pos::new(3, 9))
        );
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        let src = "+++\ntitle = \"A\"\nweight = \n+++\n";
        let err = parse_table(src, &split(src).unwrap()).unwrap_err();
        assert_eq!(err.code, "toml-syntax");
        assert_eq!(err.pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn no_front_matter_is_an_empty_table() {
        let src = "# Just a body\n";
        assert_eq!(
            parse_table(src, &split(src).unwrap()).unwrap(),
            Table::default()
        );
    }
}
