//! Whether a re-parsed page changed only where no other page, and nothing
//! `resolve` computes, can see it: its body text, word count within the same
//! reading time, raw HTML and content hash. Then `serve` swaps the new
//! document into the served site instead of resolving the whole handbook
//! again, so saving a paragraph costs one parse, not a resolve.
//!
//! Everything `resolve` reads must be compared here. The document is taken
//! apart field by field, so adding a field to `Document` fails to compile
//! until it is sorted into "compared" or "only its own page shows it".

use crate::parse::{Document, Heading, LinkRef};

/// True when `new` may replace `old` without resolving the site again.
pub(crate) fn same_shape(old: &Document, new: &Document) -> bool {
    let Document {
        rel,
        // Rendered only on the page itself (other pages read the hash at
        // render time, from the swapped document).
        source: _,
        body_start: _,
        has_raw_html: _,
        content_hash: _,
        // Compared through `reading_minutes`, what path times are made of.
        word_count: _,
        format,
        front,
        kind,
        data,
        is_section_index,
        title,
        title_from_heading,
        summary,
        headings,
        links,
        anchors,
    } = new;
    old.rel == *rel
        && old.format == *format
        && old.front == *front
        && old.kind == *kind
        && old.data == *data
        && old.is_section_index == *is_section_index
        && old.title == *title
        && old.title_from_heading == *title_from_heading
        && old.summary == *summary
        && old.anchors == *anchors
        && old.reading_minutes() == new.reading_minutes()
        && same_by(&old.headings, headings, same_heading)
        && same_by(&old.links, links, same_link)
}

/// Equal lists, element by element, as `same` compares them.
fn same_by<T>(a: &[T], b: &[T], same: impl Fn(&T, &T) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

/// Headings and links are compared without their positions: positions only
/// place diagnostics.
fn same_heading(a: &Heading, b: &Heading) -> bool {
    a.level == b.level && a.text == b.text && a.id == b.id
}

fn same_link(a: &LinkRef, b: &LinkRef) -> bool {
    a.dest == b.dest && a.target == b.target && a.is_image == b.is_image
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;
    use crate::load::SourceFile;
    use crate::parse::parse;

    fn doc(rel: &str, text: &str) -> Document {
        let config = parse_config(std::path::Path::new("/h"), "title = \"H\"").unwrap();
        let file = SourceFile {
            rel: rel.to_string(),
            text: text.to_string(),
        };
        parse(&file, &config).unwrap().0
    }

    const PAGE: &str =
        "+++\ntitle = \"A\"\ntags = [\"t\"]\n+++\nIntro.\n\n## Part\n\nSee [b](b.md).\n";

    fn with(edit: &str) -> Document {
        doc("a.md", &format!("{PAGE}{edit}"))
    }

    #[test]
    fn more_body_text_keeps_the_shape() {
        assert!(same_shape(
            &doc("a.md", PAGE),
            &with("\nMore words here.\n")
        ));
    }

    #[test]
    fn moved_links_and_headings_keep_the_shape() {
        let old = doc("a.md", PAGE);
        let new = doc(
            "a.md",
            &PAGE.replace("Intro.", "Intro.\n\nA new paragraph.\n"),
        );
        assert_ne!(old.links[0].pos, new.links[0].pos);
        assert!(same_shape(&old, &new));
    }

    #[test]
    fn what_other_pages_see_changes_the_shape() {
        let old = doc("a.md", PAGE);
        for new in [
            doc("a.md", &PAGE.replace("title = \"A\"", "title = \"B\"")),
            doc("a.md", &PAGE.replace("[\"t\"]", "[\"u\"]")),
            doc("a.md", &PAGE.replace("Intro.", "Another intro.")),
            doc("a.md", &PAGE.replace("## Part", "## Whole")),
            doc("a.md", &PAGE.replace("b.md", "c.md")),
            with("\n[c](c.md)\n"),
            with("\n## Another part\n"),
            with(&"word ".repeat(400)),
            doc("b.md", PAGE),
        ] {
            assert!(!same_shape(&old, &new), "{}", new.source);
        }
    }
}
