//! Markdown body -> `SearchSection`s for the index: the prose and the code
//! under each heading, read from pulldown-cmark events (never from HTML).
//! Pure; heading ids come from the caller, who computed them for the page.
//! `dojo build` feeds `SectionReader` the events of the pass that renders
//! the page; `sections_from_markdown` parses the body itself.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::SearchSection;
use crate::swar::{HIGH, ONES, load};

/// The page's text cut at its headings. The part before the first heading
/// (if it has any text) comes first, without heading or anchor. Heading `i`
/// gets `headings_ids[i]` as its anchor. Inline code is part of the prose
/// (so excerpts read naturally) and also of `code`; code blocks are `code` only.
pub fn sections_from_markdown(body: &str, headings_ids: Vec<String>) -> Vec<SearchSection> {
    let mut reader = SectionReader::new(headings_ids);
    for event in Parser::new_ext(body, options()) {
        reader.event(&event);
    }
    reader.finish()
}

/// The dialect Dojo renders with, so the same text is seen.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Cuts a page's text at its headings from the parser's events, as
/// `sections_from_markdown` does; the renderer feeds it the events of the
/// pass that writes the page's HTML.
pub struct SectionReader {
    /// The ids of the headings not yet read, each moved into its section.
    ids: std::vec::IntoIter<String>,
    sections: Vec<SearchSection>,
    current: SearchSection,
    headings_seen: usize,
    in_heading: bool,
    in_code_block: bool,
    /// Open images: alt text is not page text.
    in_image: usize,
}

impl SectionReader {
    /// `ids` are the page's heading ids, in order.
    pub fn new(ids: Vec<String>) -> Self {
        SectionReader {
            sections: Vec::with_capacity(ids.len() + 1),
            ids: ids.into_iter(),
            current: SearchSection::default(),
            headings_seen: 0,
            in_heading: false,
            in_code_block: false,
            in_image: 0,
        }
    }

    /// Read the next event of the body.
    pub fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(*end),
            Event::Text(text) => self.text(text),
            Event::Code(code) => self.inline_code(code),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.close_section();
                self.current.level = *level as u8;
                self.current.anchor = self.ids.next();
                self.headings_seen += 1;
                self.in_heading = true;
            }
            Tag::CodeBlock(_) => self.in_code_block = true,
            Tag::Image { .. } => self.in_image += 1,
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Heading(_) => self.in_heading = false,
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.current.code.push('\n');
            }
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {}
            _ => self.text(" "),
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_image > 0 {
            return;
        }
        if self.in_code_block {
            self.current.code.push_str(text);
        } else if self.in_heading {
            push_collapsed(&mut self.current.heading, text);
        } else {
            push_collapsed(&mut self.current.text, text);
        }
    }

    fn inline_code(&mut self, code: &str) {
        if self.in_image > 0 {
            return;
        }
        self.text(code);
        self.current.code.push_str(code);
        self.current.code.push(' ');
    }

    /// Keep the section read so far (the untitled lead-in only if it says
    /// something). `current` is only a buffer: the section gets copies of
    /// its texts, tidied and no longer than they need to be, and the
    /// buffers, cleared, keep their room for the next section.
    fn close_section(&mut self) {
        let untitled = self.headings_seen == 0;
        let current = &mut self.current;
        let section = SearchSection {
            heading: without_last_space(&current.heading).to_string(),
            anchor: current.anchor.take(),
            level: std::mem::take(&mut current.level),
            text: without_last_space(&current.text).to_string(),
            code: current.code.trim().to_string(),
        };
        current.heading.clear();
        current.text.clear();
        current.code.clear();
        if !untitled || !section.text.is_empty() || !section.code.is_empty() {
            self.sections.push(section);
        }
    }

    /// The sections read, once the last event is in.
    pub fn finish(mut self) -> Vec<SearchSection> {
        self.close_section();
        self.sections
    }
}

/// Prose and headings trimmed: their white space is already collapsed and
/// never leading, so only a last space can remain. (Code keeps its lines.)
fn without_last_space(text: &str) -> &str {
    text.strip_suffix(' ').unwrap_or(text)
}

/// Whether `bytes` has no white space but single spaces, none leading.
/// Every text event of every page is checked, so eight bytes at a time.
pub(super) fn is_collapsed(bytes: &[u8]) -> bool {
    let mut after_space = true;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = load(chunk);
        // Some byte below the space (exact as a yes or no).
        if x.wrapping_sub(ONES * u64::from(b' ')) & !x & HIGH != 0 {
            return false;
        }
        // The high bit of each byte that is a space, and no other.
        let y = x ^ (ONES * u64::from(b' '));
        let spaces = !((y & !HIGH).wrapping_add(!HIGH) | y | !HIGH);
        // Two spaces in a row, within these eight or across from the last.
        if spaces & (spaces << 8) != 0 || (after_space && spaces & 0x80 != 0) {
            return false;
        }
        after_space = spaces >> 63 != 0;
    }
    for &b in chunks.remainder() {
        if b < b' ' || (b == b' ' && after_space) {
            return false;
        }
        after_space = b == b' ';
    }
    true
}

/// Append `text`, each run of ASCII white space as one space, none leading.
pub(super) fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Most text events are one line with single spaces: copy them whole.
    // (ASCII white space other than the space is below it.)
    if is_collapsed(bytes) {
        out.push_str(text);
        return;
    }
    // Text after a link, emphasis or inline code starts with one space.
    if let Some(rest) = text.strip_prefix(' ')
        && is_collapsed(rest.as_bytes())
    {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(rest);
        return;
    }
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        out.push_str(&text[start..i]);
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        start = i;
    }
    out.push_str(&text[start..]);
}
