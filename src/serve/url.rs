//! From a request target to a path of the in-memory site. The server never
//! maps a URL to the disk; this only decides which names of the site a
//! request may ask for. Anything that could mean "go up" or "another
//! separator" once decoded (`..`, `%2e%2e`, `%2f`, backslashes, NUL and other
//! control characters, empty segments) is refused, so it ends in a 404.

use crate::parse::markdown::percent_decode_bytes;

/// The site path a request target names (`/kata/x/?q=1` -> `kata/x/`), or
/// `None` when it is not a plain path.
pub(crate) fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return None;
    }
    let mut segments = decoded.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        if segment == "." || segment == ".." || (segment.is_empty() && !last) {
            return None;
        }
    }
    Some(decoded)
}

/// `%XX` escapes decoded; `None` when an escape is malformed.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let (bytes, well_formed) = percent_decode_bytes(text);
    well_formed.then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(target: &str) -> String {
        site_path(target).unwrap_or_else(|| panic!("{target} refused"))
    }

    #[test]
    fn plain_paths_are_kept() {
        assert_eq!(ok("/"), "");
        assert_eq!(ok("/kata/five-questions/"), "kata/five-questions/");
        assert_eq!(ok("/_dojo/dojo.css"), "_dojo/dojo.css");
        assert_eq!(ok("/.well-known/security.txt"), ".well-known/security.txt");
        assert_eq!(ok("/guide/?q=1#top"), "guide/");
        assert_eq!(ok("/files/My%20Checklist.txt"), "files/My Checklist.txt");
        assert_eq!(ok("/s%C3%BC%C3%9Fe/"), "süße/");
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for target in [
            "/../handbook.toml",
            "/guide/../../handbook.toml",
            "/%2e%2e/handbook.toml",
            "/%2E%2E/handbook.toml",
            "/..%2fhandbook.toml",
            "/..%2Fhandbook.toml",
            "/%2e%2e%2fhandbook.toml",
            "/guide/..",
            "/./handbook.toml",
            "/..\\handbook.toml",
            "/%5c..%5chandbook.toml",
            "/guide%5c..%5c..%5chandbook.toml",
            "/about/%00",
            "/about%00.html",
            "//etc/passwd",
            "/guide//x",
            "handbook.toml",
            "http://example.com/",
            "/%",
            "/%zz",
            "/%+2",
            "/%ff",
            "/a%0a",
        ] {
            assert_eq!(site_path(target), None, "{target}");
        }
    }
}
