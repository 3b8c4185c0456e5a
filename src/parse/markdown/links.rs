//! Link classification for `scan`: a destination as written -> a
//! `LinkTarget` (external, page, anchor, asset), with content-relative paths
//! normalized and percent-decoded.

/// What a link or image destination points at, before resolving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// `http(s)://...`, `mailto:`, `tel:`, `//host` ...: left as written.
    External(String),
    /// `@/kata/x.md#a` or a relative `../kata/x.md#a`, as a content-relative
    /// path (`kata/x.md`; a folder link such as `@/kata/` keeps its trailing `/`).
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// `#anchor` on the same page.
    Anchor(String),
    /// A relative link to a non-Markdown file under `content/`, content-relative.
    Asset(String),
    /// A root-absolute link (`/x`) or anything else left as written.
    Other(String),
}

/// Classify a link destination written in the page at content path `rel`.
pub(super) fn classify(dest: &str, rel: &str) -> LinkTarget {
    if dest.starts_with("//") || has_scheme(dest) {
        return LinkTarget::External(dest.to_string());
    }
    let (before, anchor) = match dest.split_once('#') {
        Some((before, anchor)) => (before, (!anchor.is_empty()).then(|| percent_decode(anchor))),
        None => (dest, None),
    };
    let path = before.split('?').next().unwrap_or("");
    if let Some(page) = path.strip_prefix("@/") {
        return LinkTarget::Page {
            path: normalize("", page),
            anchor,
        };
    }
    if before.is_empty() {
        return match anchor {
            Some(anchor) => LinkTarget::Anchor(anchor),
            None => LinkTarget::Other(dest.to_string()),
        };
    }
    if path.is_empty() || path.starts_with('/') {
        return LinkTarget::Other(dest.to_string());
    }
    let folder = rel.rsplit_once('/').map_or("", |(folder, _)| folder);
    if path.ends_with(".md") {
        LinkTarget::Page {
            path: normalize(folder, path),
            anchor,
        }
    } else if has_extension(path) {
        LinkTarget::Asset(normalize(folder, path))
    } else {
        LinkTarget::Other(dest.to_string())
    }
}

/// `scheme:` as in RFC 3986: a letter, then letters, digits, `+`, `.`, `-`.
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// Whether the last path segment has a `.ext` (and is not a dotfile or `..`).
fn has_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rfind('.')
        .is_some_and(|dot| dot > 0 && dot + 1 < name.len())
}

/// Join a percent-decoded `path` to content folder `base` and resolve `.`
/// and `..`. Climbing above the content root keeps the leading `../`, so the
/// resolver can report it; a trailing `/` (a folder link) is kept.
fn normalize(base: &str, path: &str) -> String {
    let path = percent_decode(path);
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    joined
}

/// `%XX` escapes to the characters they stand for; malformed ones are kept.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    String::from_utf8_lossy(&percent_decode_bytes(text).0).into_owned()
}

/// `%XX` escapes (two hex digits) decoded to the bytes they stand for, and
/// whether every `%` began a well-formed escape (a malformed one is kept as
/// it is).
/// Links decode leniently; the dev server refuses a malformed request path.
pub(crate) fn percent_decode_bytes(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut well_formed = true;
    let mut i = 0;
    while i < bytes.len() {
        let escape = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escape {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                well_formed &= bytes[i] != b'%';
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    (out, well_formed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, anchor: Option<&str>) -> LinkTarget {
        LinkTarget::Page {
            path: path.to_string(),
            anchor: anchor.map(str::to_string),
        }
    }

    #[test]
    fn classifies_link_targets() {
        let rel = "x/y/z.md";
        assert_eq!(classify("../a/b.md#x", rel), page("x/a/b.md", Some("x")));
        assert_eq!(classify("./c.md?v=1", rel), page("x/y/c.md", None));
        assert_eq!(classify("../../../up.md", rel), page("../up.md", None));
        assert_eq!(
            classify("@/kata/five.md#q", rel),
            page("kata/five.md", Some("q"))
        );
        assert_eq!(classify("@/kata/", rel), page("kata/", None));
        assert_eq!(classify("@/", rel), page("", None));
        assert_eq!(classify("#top", rel), LinkTarget::Anchor("top".into()));
        assert_eq!(
            classify("img/my%20file.png", rel),
            LinkTarget::Asset("x/y/img/my file.png".into())
        );
        assert_eq!(
            classify("../../files/a.pdf?dl=1", rel),
            LinkTarget::Asset("files/a.pdf".into())
        );
        assert_eq!(
            classify("/abs/path", rel),
            LinkTarget::Other("/abs/path".into())
        );
        assert_eq!(
            classify("../folder/", rel),
            LinkTarget::Other("../folder/".into())
        );
        for external in [
            "https://e.org/a.md?q=1",
            "mailto:a@b.org",
            "tel:+1",
            "//cdn.org/x.js",
        ] {
            assert_eq!(
                classify(external, rel),
                LinkTarget::External(external.into())
            );
        }
    }
}
