//! The external links to visit: every `http(s)` link and image of the
//! published pages, one entry per URL (its `#fragment` dropped, since a
//! server never sees it) with every place that links it. Pure.

use crate::diagnostic::Pos;
use crate::parse::{Document, LinkTarget};

/// Where a link is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Handbook-relative source file (`content/playbooks/x.md`).
    pub file: String,
    pub pos: Pos,
    /// Width of the link's source on its line, for the caret.
    pub len: u32,
    /// The source line, shown under the location.
    pub line: Option<String>,
}

impl Place {
    /// `file:line:col`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.pos.line, self.pos.col)
    }
}

/// One URL and every place that links to it, in page then body order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub places: Vec<Place>,
}

/// The unique `http(s)` URLs of `docs`, in order of first appearance.
/// Drafts are left out unless `drafts`, as the build leaves them out.
pub fn external_links(docs: &[Document], drafts: bool) -> Vec<ExternalLink> {
    let mut links: Vec<ExternalLink> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for doc in docs.iter().filter(|d| drafts || !d.front.draft) {
        for link in &doc.links {
            let LinkTarget::External(dest) = &link.target else {
                continue;
            };
            let Some(url) = visitable(dest) else {
                continue;
            };
            let place = Place {
                file: format!("content/{}", doc.rel),
                pos: link.pos,
                len: link.len.max(1),
                line: source_line(&doc.source, link.pos.line),
            };
            let slot = *index.entry(url.clone()).or_insert_with(|| {
                links.push(ExternalLink {
                    url,
                    places: Vec::new(),
                });
                links.len() - 1
            });
            links[slot].places.push(place);
        }
    }
    links
}

/// The URL to request for a destination: `http://` or `https://` (any
/// case), without its fragment; anything else (`mailto:`, `tel:`) is not visited.
fn visitable(dest: &str) -> Option<String> {
    let dest = dest.trim();
    let scheme = dest.split_once("://")?.0.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let url = dest.split('#').next().unwrap_or(dest);
    Some(url.to_string())
}

fn source_line(source: &str, line: u32) -> Option<String> {
    let line = source.lines().nth(line.saturating_sub(1) as usize)?;
    Some(line.trim_end_matches('\r').to_string())
}

/// Whether `url` starts with one of the config's `[check] skip_prefixes`.
pub fn is_skipped(url: &str, prefixes: &[String]) -> bool {
    prefixes
        .iter()
        .any(|p| !p.is_empty() && url.starts_with(p.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn doc(rel: &str, text: &str) -> Document {
        let config = crate::config::parse_config(std::path::Path::new("/h"), "title = \"T\"\n");
        let file = SourceFile {
            rel: rel.to_string(),
            text: text.to_string(),
        };
        crate::parse::parse(&file, &config.unwrap()).unwrap().0
    }

    #[test]
    fn one_entry_per_url_with_every_place() {
        let a = doc(
            "a.md",
            "# A\n\nSee [x](https://e.org/x#top) and [m](mailto:a@e.org).\n\n![i](HTTP://e.org/i.png)\n",
        );
        let b = doc("b.md", "# B\n\n[again](https://e.org/x) [rel](@/a.md)\n");
        let links = external_links(&[a, b], false);
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://e.org/x", "HTTP://e.org/i.png"]);
        let places: Vec<String> = links[0].places.iter().map(Place::location).collect();
        assert_eq!(places, ["content/a.md:3:5", "content/b.md:3:1"]);
        assert_eq!(
            links[0].places[1].line.as_deref(),
            Some("[again](https://e.org/x) [rel](@/a.md)")
        );
    }

    #[test]
    fn drafts_are_left_out_unless_asked_for() {
        let draft = doc(
            "d.md",
            "+++\ntitle = \"D\"\ndraft = true\n+++\n<https://e.org/>\n",
        );
        assert!(external_links(std::slice::from_ref(&draft), false).is_empty());
        assert_eq!(external_links(&[draft], true).len(), 1);
    }

    #[test]
    fn prefixes_skip_urls() {
        let prefixes = vec!["https://intranet.example.com/".to_string(), String::new()];
        assert!(is_skipped("https://intranet.example.com/wiki", &prefixes));
        assert!(!is_skipped("https://example.com/", &prefixes));
    }
}
