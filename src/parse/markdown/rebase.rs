//! Root-relative URLs in a page's raw HTML (`<a href="/kata/x/">`,
//! `<img src="/files/a.png">`) made relative to the page, as Markdown links
//! are, so the site still works under a subpath, from a zip or a file share.

/// How to reach the site's root from the page being rendered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rebase<'a> {
    /// `../` once per folder of the page's path (empty at the root).
    pub root: &'a str,
    /// `--portable`: links to a folder name its `index.html`.
    pub portable: bool,
}

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "poster", "action"];

/// `html` with the root-relative URLs of its URL attributes rebased, or
/// `None` when it has none (most raw HTML: the caller keeps it as it is).
/// Only attributes inside tags count; text between tags is left alone.
pub(crate) fn rebase(html: &str, to: Rebase<'_>) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let (mut i, mut in_tag) = (0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'<' if !in_tag => in_tag = true,
            b'>' if in_tag => in_tag = false,
            b'=' if in_tag => {
                if let Some(value) = quoted_value(html, i) {
                    let url = &html[value.clone()];
                    if is_url_attribute(&html[..i])
                        && url.starts_with('/')
                        && !url.starts_with("//")
                    {
                        out.push_str(&html[copied..value.start]);
                        out.push_str(&rebased(&url[1..], to));
                        copied = value.end;
                    }
                    // Past the closing quote: a `>` inside a value ends no tag.
                    i = value.end + 1;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Whether the attribute whose `=` ends `before` takes a URL.
fn is_url_attribute(before: &str) -> bool {
    let before = before.trim_end();
    let name_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let spaced = before[..name_start].ends_with(|c: char| c.is_ascii_whitespace());
    spaced
        && URL_ATTRIBUTES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&before[name_start..]))
}

/// The span of the quoted value after the `=` at `eq`, quotes excluded.
fn quoted_value(html: &str, eq: usize) -> Option<std::ops::Range<usize>> {
    let after = &html[eq + 1..];
    let start = eq + 1 + (after.len() - after.trim_start().len());
    let quote = html[start..]
        .chars()
        .next()
        .filter(|q| matches!(q, '"' | '\''))?;
    let len = html[start + 1..].find(quote)?;
    Some(start + 1..start + 1 + len)
}

/// `path` (site-relative, after its leading `/`) from the page.
fn rebased(path: &str, to: Rebase<'_>) -> String {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let (file, rest) = path.split_at(end);
    let mut out = format!("{}{file}", to.root);
    if to.portable && (out.is_empty() || out.ends_with('/')) {
        out.push_str("index.html");
    } else if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEEP: Rebase<'static> = Rebase {
        root: "../../",
        portable: false,
    };

    #[test]
    fn root_relative_urls_become_relative_to_the_page() {
        assert_eq!(
            rebase(r#"<a href="/kata/five/#step">Five</a>"#, DEEP).as_deref(),
            Some(r#"<a href="../../kata/five/#step">Five</a>"#)
        );
        assert_eq!(
            rebase("<img alt='x' SRC = '/files/a.png'>", DEEP).as_deref(),
            Some("<img alt='x' SRC = '../../files/a.png'>")
        );
        let home = Rebase {
            root: "",
            portable: false,
        };
        assert_eq!(
            rebase(r#"<a href="/">Home</a>"#, home).as_deref(),
            Some(r#"<a href="./">Home</a>"#)
        );
    }

    #[test]
    fn portable_links_to_folders_name_their_index() {
        let portable = Rebase {
            root: "../",
            portable: true,
        };
        assert_eq!(
            rebase(
                r#"<a href="/kata/five/?x=1">x</a> <a href="/">h</a>"#,
                portable
            )
            .as_deref(),
            Some(r#"<a href="../kata/five/index.html?x=1">x</a> <a href="../index.html">h</a>"#)
        );
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        // Every sequence of three of these pieces: quotes, `=`, tags and
        // letters of one to four bytes next to each other.
        let pieces = [
            "<a", " href", "=", "\"", "'", "/x", ">", "é", "😀", " ", "ü=",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let html = format!("{a}{b}{c}{a}{c}");
                    if let Some(out) = rebase(&html, DEEP) {
                        assert!(out.contains("../../"), "{html} -> {out}");
                    }
                }
            }
        }
    }

    #[test]
    fn other_urls_and_text_are_left_alone() {
        for html in [
            r#"<a href="https://example.com/">x</a>"#,
            r#"<a href="//cdn.example.com/x.js">x</a>"#,
            r#"<a href="kata/five/">x</a>"#,
            r#"<a data-href="/x/">x</a>"#,
            r#"<p>a=b and href="/x/" in text</p>"#,
            r#"<a title="/x/">x</a>"#,
            "<a href=/bare/>x</a>",
            // Not an attribute name after white space; a letter of two bytes.
            r#"<a ühref="/x/">x</a>"#,
            r#"<a é="/x/">x</a>"#,
        ] {
            assert_eq!(rebase(html, DEEP), None, "{html}");
        }
    }
}
