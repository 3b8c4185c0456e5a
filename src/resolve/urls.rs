//! URL rules: a source path's slug and output path, relative links between
//! two site paths, and percent-encoding. Site paths are relative to the site
//! root with `/` separators; a page's path ends in `/` (`kata/five-questions/`),
//! the home page's path is empty.

/// Slug of one path segment: lowercased, spaces and underscores turned into
/// `-`; other Unicode letters are kept (percent-encoded only in links).
pub fn slugify(segment: &str) -> String {
    segment
        .trim()
        .chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect()
}

/// The site path of a content-relative Markdown path:
/// `a/b.md` -> `a/b/`, `a/_index.md` (or `index.md`, `README.md`) -> `a/`, `_index.md` -> ``.
pub fn page_path(rel: &str) -> String {
    let without_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let mut segments: Vec<&str> = without_ext.split('/').collect();
    if crate::parse::is_section_index(rel) {
        segments.pop();
    }
    dir_path(segments.iter().map(|s| slugify(s)))
}

/// The site path of a content folder (`a/b` -> `a/b/`, `` -> ``).
pub fn section_path(dir: &str) -> String {
    if dir.is_empty() {
        return String::new();
    }
    dir_path(dir.split('/').map(slugify))
}

fn dir_path(segments: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for s in segments.filter(|s| !s.is_empty()) {
        out.push_str(&s);
        out.push('/');
    }
    out
}

/// A site path's file: `a/b/` -> `a/b/index.html`; a file path stays as is.
pub fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// How links are written: plain relative (`../b/`) or, for `--portable`
/// (opened from disk or a file share), ending in `index.html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStyle {
    Relative,
    Portable,
}

/// The relative link from the page at site path `from` to site path `to`
/// (which may carry a `#fragment`), percent-encoded.
pub fn relative(from: &str, to: &str, style: LinkStyle) -> String {
    let (to_path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to, None),
    };
    let from_dirs: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to_path.split('/').collect();
    // Only folders of `to` can be shared with `from`; its last part is a file or empty.
    let to_dirs = &to_parts[..to_parts.len().saturating_sub(1)];
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    for part in &to_parts[common..] {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&encode_segment(part));
    }
    if style == LinkStyle::Portable && (out.is_empty() || out.ends_with('/')) {
        out.push_str("index.html");
    } else if out.is_empty() {
        out.push_str("./");
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&encode_fragment(f));
    }
    out
}

/// The relative prefix from a page at `from` back to the site root (`../../`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.split('/').filter(|s| !s.is_empty()).count())
}

/// Percent-encode a path segment: ASCII letters, digits and `-._~` stay.
pub fn encode_segment(segment: &str) -> String {
    encode(segment, |b| {
        b.is_ascii_alphanumeric() || b"-._~".contains(&b)
    })
}

fn encode_fragment(fragment: &str) -> String {
    encode(fragment, |b| {
        b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b)
    })
}

fn encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use LinkStyle::*;

    #[test]
    fn source_paths_map_to_folder_urls() {
        assert_eq!(page_path("kata/Five Questions.md"), "kata/five-questions/");
        assert_eq!(page_path("kata/_index.md"), "kata/");
        assert_eq!(page_path("Team_Leads/README.md"), "team-leads/");
        assert_eq!(page_path("_index.md"), "");
        assert_eq!(page_path("index.md"), "");
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("a/b/"), "a/b/index.html");
    }

    #[test]
    fn relative_links_climb_only_what_they_must() {
        assert_eq!(relative("a/b/", "a/c/", Relative), "../c/");
        assert_eq!(relative("a/b/", "c/d/", Relative), "../../c/d/");
        assert_eq!(relative("", "c/d/", Relative), "c/d/");
        assert_eq!(relative("a/b/", "", Relative), "../../");
        assert_eq!(relative("a/", "a/", Relative), "./");
        assert_eq!(relative("a/b/", "a/b/#x", Relative), "./#x");
        assert_eq!(relative("a/b/", "a/img.png", Relative), "../img.png");
        assert_eq!(
            relative("a/b/", "_dojo/dojo.css", Relative),
            "../../_dojo/dojo.css"
        );
    }

    #[test]
    fn portable_links_name_the_index_file() {
        assert_eq!(relative("a/b/", "", Portable), "../../index.html");
        assert_eq!(relative("a/b/", "a/c/#x", Portable), "../c/index.html#x");
        assert_eq!(relative("a/b/", "a/img.png", Portable), "../img.png");
    }

    #[test]
    fn non_ascii_is_percent_encoded_in_links_only() {
        assert_eq!(page_path("équipe/Straße.md"), "équipe/straße/");
        assert_eq!(relative("", "équipe/", Relative), "%C3%A9quipe/");
    }
}
