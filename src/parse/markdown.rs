//! Markdown with pulldown-cmark: `scan` reads a body once for what other
//! stages need (headings with GitHub-style ids, links with positions, first
//! paragraph, word count); `render_html` turns it into HTML with links
//! rewritten to the URLs resolve chose, walking the same events in the same order.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{
    Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::config::HtmlPolicy;
use crate::diagnostic::Pos;

/// A heading with the id its anchor gets.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    pub id: String,
    #[serde(skip)]
    pub pos: Pos,
}

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

/// One link or image in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination exactly as written.
    pub dest: String,
    pub target: LinkTarget,
    /// Where the link starts in the file (line/col from the top of the file).
    pub pos: Pos,
    /// Characters of the link's source text on its first line (for the caret).
    pub len: u32,
    pub is_image: bool,
}

/// What one pass over the body found.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scan {
    pub first_h1: Option<String>,
    pub first_paragraph: Option<String>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub anchors: Vec<String>,
    pub word_count: usize,
    pub has_raw_html: bool,
}

/// How to render a body.
pub(crate) struct RenderOptions<'a> {
    pub html: HtmlPolicy,
    /// Leave out the first `# heading` (it became the page title).
    pub skip_first_h1: bool,
    /// The ids from `scan`, assigned to headings in order.
    pub headings: &'a [Heading],
    /// One final `href`/`src` per entry of `scan().links`, in the same order.
    pub hrefs: &'a [String],
}

/// The first paragraph is cut near this many characters for a summary.
const SUMMARY_CHARS: usize = 300;

/// The Markdown dialect: `scan` and `render_html` must use the same one, or
/// the links they walk would not line up.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Read the body (from byte `body_start` of `source`) of the file at
/// content-relative path `rel` once, collecting what later stages need.
pub(crate) fn scan(source: &str, body_start: usize, rel: &str) -> Scan {
    let body = source.get(body_start..).unwrap_or("");
    let mut scanner = Scanner::new(source, body_start, rel);
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        scanner.event(event, range);
    }
    scanner.finish()
}

/// Line starts of a file, so an offset becomes a line/col by binary search.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts.collect())
    }

    fn pos(&self, text: &str, offset: usize) -> Pos {
        let line = self.0.partition_point(|&start| start <= offset);
        let start = self.0.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let col = text.get(start..offset).map_or(0, |s| s.chars().count());
        Pos::new(line as u32, col as u32 + 1)
    }
}

/// A heading being read; its id is settled once all explicit ids are known.
struct FoundHeading {
    heading: Heading,
    explicit_id: Option<String>,
}

/// State of the single pass `scan` makes.
struct Scanner<'s> {
    source: &'s str,
    body_start: usize,
    rel: &'s str,
    lines: LineIndex,
    out: Scan,
    headings: Vec<FoundHeading>,
    footnotes: Vec<String>,
    /// Nesting of open tags; a paragraph at depth 0 is top-level.
    depth: usize,
    in_heading: bool,
    /// Open images: their alt text is neither read aloud nor a summary.
    in_image: usize,
    summary: Option<Summary>,
    /// Whether the last text ended inside a word, so `**a**b` counts once.
    in_word: bool,
}

impl<'s> Scanner<'s> {
    fn new(source: &'s str, body_start: usize, rel: &'s str) -> Self {
        Scanner {
            source,
            body_start,
            rel,
            lines: LineIndex::new(source),
            out: Scan::default(),
            headings: Vec::new(),
            footnotes: Vec::new(),
            depth: 0,
            in_heading: false,
            in_image: 0,
            summary: None,
            in_word: false,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Html(_) | Event::InlineHtml(_) => self.out.has_raw_html = true,
            _ => self.in_word = false,
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        self.in_word &= is_inline(tag.to_end());
        match tag {
            Tag::Heading { level, id, .. } => {
                self.open_heading(level, id, self.body_start + range.start);
            }
            Tag::Paragraph if self.depth == 0 && self.out.first_paragraph.is_none() => {
                self.summary = Some(Summary::default());
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link(link_type, dest_url, range, false),
            Tag::Image {
                link_type,
                dest_url,
                ..
            } => {
                self.in_image += 1;
                self.link(link_type, dest_url, range, true);
            }
            Tag::FootnoteDefinition(name) => self.footnotes.push(name.into_string()),
            _ => {}
        }
        self.depth += 1;
    }

    fn end(&mut self, end: TagEnd) {
        self.in_word &= is_inline(end);
        self.depth = self.depth.saturating_sub(1);
        match end {
            TagEnd::Heading(_) => self.in_heading = false,
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            TagEnd::Paragraph if self.depth == 0 && self.summary.is_some() => {
                // An empty paragraph (an image alone, say) is no summary: keep looking.
                let text = self.summary.take().map(Summary::finish);
                self.out.first_paragraph = text.filter(|t| !t.is_empty());
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_image > 0 {
            return;
        }
        self.count_words(text);
        if let Some(summary) = &mut self.summary {
            summary.push(text);
        }
        if self.in_heading
            && let Some(found) = self.headings.last_mut()
        {
            found.heading.text.push_str(text);
        }
    }

    fn count_words(&mut self, text: &str) {
        for byte in text.bytes() {
            let space = byte.is_ascii_whitespace();
            if !space && !self.in_word {
                self.out.word_count += 1;
            }
            self.in_word = !space;
        }
    }

    fn open_heading(&mut self, level: HeadingLevel, id: Option<CowStr<'_>>, offset: usize) {
        self.in_heading = true;
        self.headings.push(FoundHeading {
            heading: Heading {
                level: level as u8,
                text: String::new(),
                id: String::new(),
                pos: self.pos(offset),
            },
            explicit_id: id.map(CowStr::into_string),
        });
    }

    fn link(&mut self, link_type: LinkType, dest: CowStr<'_>, range: Range<usize>, is_image: bool) {
        let (start, end) = (self.body_start + range.start, self.body_start + range.end);
        let written = self.source.get(start..end).unwrap_or("");
        let first_line = written
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r');
        let target = match link_type {
            // `<a@b.org>`: the writer adds `mailto:`, so the destination lacks it.
            LinkType::Email => LinkTarget::External(format!("mailto:{dest}")),
            _ => classify(&dest, self.rel),
        };
        self.out.links.push(LinkRef {
            dest: dest.into_string(),
            target,
            pos: self.pos(start),
            len: (first_line.chars().count() as u32).max(1),
            is_image,
        });
    }

    fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(self.source, offset)
    }

    fn finish(mut self) -> Scan {
        self.out.headings = assign_ids(self.headings);
        self.out.first_h1 = self
            .out
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.clone());
        self.out.anchors = self.out.headings.iter().map(|h| h.id.clone()).collect();
        self.out.anchors.append(&mut self.footnotes);
        self.out
    }
}

/// Tags that sit inside a line of text, so a word can run across them.
fn is_inline(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// Plain text of the first paragraph, whitespace collapsed, kept short.
#[derive(Default)]
struct Summary {
    text: String,
    chars: usize,
    space: bool,
}

impl Summary {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            // One character past the limit tells `finish` that there is more.
            if self.chars > SUMMARY_CHARS {
                return;
            }
            if c.is_whitespace() {
                self.space = !self.text.is_empty();
                continue;
            }
            if std::mem::take(&mut self.space) {
                self.text.push(' ');
                self.chars += 1;
            }
            self.text.push(c);
            self.chars += 1;
        }
    }

    fn finish(self) -> String {
        let text = self.text;
        let Some((limit, _)) = text.char_indices().nth(SUMMARY_CHARS) else {
            return text;
        };
        let cut = if text[limit..].starts_with(' ') {
            limit
        } else {
            text[..limit].rfind(' ').unwrap_or(limit)
        };
        format!("{}…", text[..cut].trim_end())
    }
}

/// Settle heading ids: explicit `{#id}`s first, so generated ids avoid them.
fn assign_ids(found: Vec<FoundHeading>) -> Vec<Heading> {
    let mut slugger = Slugger::default();
    for id in found.iter().filter_map(|f| f.explicit_id.as_deref()) {
        slugger.reserve(id);
    }
    let settle = |f: FoundHeading| {
        let id = match f.explicit_id {
            Some(id) => id,
            None => slugger.unique(slugify(&f.heading.text)),
        };
        Heading { id, ..f.heading }
    };
    found.into_iter().map(settle).collect()
}

/// GitHub's heading id: lowercase, punctuation dropped except `-` and `_`,
/// each space a `-`, Unicode letters and digits kept.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            slug.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' || is_combining_mark(c) {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

/// Combining marks (decomposed accents) belong to the letter before them.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Makes ids unique the way github-slugger does: `a`, `a-1`, `a-2`.
#[derive(Default)]
struct Slugger {
    /// Each id handed out or reserved, with the last suffix used for it.
    seen: HashMap<String, usize>,
}

impl Slugger {
    fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    fn unique(&mut self, base: String) -> String {
        // An empty id (a heading of only punctuation) would be no anchor at all.
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut n = self.seen.get(&base).copied().unwrap_or(0);
        let mut id = base.clone();
        while self.seen.contains_key(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if id != base {
            self.seen.insert(base, n);
        }
        self.seen.insert(id.clone(), 0);
        id
    }
}

/// Classify a link destination written in the page at content path `rel`.
fn classify(dest: &str, rel: &str) -> LinkTarget {
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
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Render the body to HTML: heading ids from `opts.headings`, link and image
/// destinations replaced by `opts.hrefs`, raw HTML per `opts.html`.
pub(crate) fn render_html(source: &str, body_start: usize, opts: &RenderOptions<'_>) -> String {
    let body = source.get(body_start..).unwrap_or("");
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    let mut rewriter = Rewriter::new(opts);
    let events = Parser::new_ext(body, parser_options()).filter_map(|e| rewriter.map(e));
    pulldown_cmark::html::push_html(&mut html, events);
    if rewriter.needs_cleaning() {
        sanitizer().clean(&html).to_string()
    } else {
        html
    }
}

/// Rewrites the parser's events on their way to the HTML writer.
struct Rewriter<'a> {
    opts: &'a RenderOptions<'a>,
    /// Index of the next heading in `opts.headings`, and of the next link.
    heading: usize,
    link: usize,
    skipping: bool,
    h1_skipped: bool,
    table: Vec<Alignment>,
    column: usize,
    in_table_head: bool,
    saw_raw_html: bool,
    saw_unsafe_url: bool,
}

impl<'a> Rewriter<'a> {
    fn new(opts: &'a RenderOptions<'a>) -> Self {
        Rewriter {
            opts,
            heading: 0,
            link: 0,
            skipping: false,
            h1_skipped: false,
            table: Vec::new(),
            column: 0,
            in_table_head: false,
            saw_raw_html: false,
            saw_unsafe_url: false,
        }
    }

    fn map(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let was_skipping = self.skipping;
        let event = match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Html(html) => self.raw_html(html, false),
            Event::InlineHtml(html) => self.raw_html(html, true),
            other => other,
        };
        (!was_skipping && !self.skipping).then_some(event)
    }

    fn start(&mut self, tag: Tag<'a>) -> Event<'a> {
        let tag = match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => self.heading(level, id, classes, attrs),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let (link_type, dest_url) = self.href(link_type, dest_url);
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let (link_type, dest_url) = self.href(link_type, dest_url);
                Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            // Cells are written here (see `cell_open`), so the writer needs no alignments.
            Tag::Table(alignments) => {
                self.table = alignments;
                Tag::Table(Vec::new())
            }
            Tag::TableHead => {
                (self.in_table_head, self.column) = (true, 0);
                Tag::TableHead
            }
            Tag::TableRow => {
                self.column = 0;
                Tag::TableRow
            }
            Tag::TableCell => return Event::Html(CowStr::Borrowed(self.cell_open())),
            // Escaped HTML blocks read as paragraphs of text.
            Tag::HtmlBlock if self.opts.html == HtmlPolicy::Escape => Tag::Paragraph,
            other => other,
        };
        Event::Start(tag)
    }

    fn end(&mut self, end: TagEnd) -> Event<'a> {
        match end {
            TagEnd::Heading(HeadingLevel::H1) if self.skipping => self.skipping = false,
            TagEnd::TableHead => self.in_table_head = false,
            TagEnd::TableCell => {
                self.column += 1;
                let close = if self.in_table_head { "</th>" } else { "</td>" };
                return Event::Html(CowStr::Borrowed(close));
            }
            TagEnd::HtmlBlock if self.opts.html == HtmlPolicy::Escape => {
                return Event::End(TagEnd::Paragraph);
            }
            _ => {}
        }
        Event::End(end)
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        mut attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Tag<'a> {
        let opts = self.opts;
        let id = opts
            .headings
            .get(self.heading)
            .map(|h| CowStr::Borrowed(h.id.as_str()))
            .or(id);
        self.heading += 1;
        if level == HeadingLevel::H1 && opts.skip_first_h1 && !self.h1_skipped {
            (self.h1_skipped, self.skipping) = (true, true);
        }
        // `{onclick=...}` or `{style=...}` would slip past both sanitizing and the CSP.
        if opts.html != HtmlPolicy::Allow {
            attrs.retain(|(name, _)| is_safe_attribute(name));
        }
        Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }
    }

    fn href(&mut self, link_type: LinkType, dest: CowStr<'a>) -> (LinkType, CowStr<'a>) {
        let opts = self.opts;
        let href = match opts.hrefs.get(self.link) {
            Some(href) => CowStr::Borrowed(href.as_str()),
            None => dest,
        };
        self.link += 1;
        self.saw_unsafe_url |= is_unsafe_url(&href);
        // The writer prefixes `mailto:` to email autolinks; do not double it.
        let link_type = match link_type {
            LinkType::Email if href.starts_with("mailto:") => LinkType::Autolink,
            other => other,
        };
        (link_type, href)
    }

    fn cell_open(&self) -> &'static str {
        let align = self
            .table
            .get(self.column)
            .copied()
            .unwrap_or(Alignment::None);
        match (self.in_table_head, align) {
            (true, Alignment::None) => "<th>",
            (true, Alignment::Left) => "<th class=\"align-left\">",
            (true, Alignment::Center) => "<th class=\"align-center\">",
            (true, Alignment::Right) => "<th class=\"align-right\">",
            (false, Alignment::None) => "<td>",
            (false, Alignment::Left) => "<td class=\"align-left\">",
            (false, Alignment::Center) => "<td class=\"align-center\">",
            (false, Alignment::Right) => "<td class=\"align-right\">",
        }
    }

    fn raw_html(&mut self, html: CowStr<'a>, inline: bool) -> Event<'a> {
        self.saw_raw_html = true;
        match (self.opts.html, inline) {
            (HtmlPolicy::Escape, _) => Event::Text(html),
            (_, true) => Event::InlineHtml(html),
            (_, false) => Event::Html(html),
        }
    }

    /// Sanitizing is costly, so only bodies that can carry something unsafe get it.
    fn needs_cleaning(&self) -> bool {
        match self.opts.html {
            HtmlPolicy::Allow => false,
            HtmlPolicy::Sanitize => self.saw_raw_html || self.saw_unsafe_url,
            HtmlPolicy::Escape => self.saw_unsafe_url,
        }
    }
}

fn is_safe_attribute(name: &str) -> bool {
    let handler = name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on"));
    !handler && !name.eq_ignore_ascii_case("style")
}

/// A URL whose scheme is not plainly harmless (`javascript:`, `data:`, or
/// anything odd before a `:`): the sanitizer gets the final word on it.
fn is_unsafe_url(href: &str) -> bool {
    let end = href.find(['/', '?', '#']).unwrap_or(href.len());
    let Some((scheme, _)) = href[..end].split_once(':') else {
        return false;
    };
    !["http", "https", "mailto", "tel"]
        .iter()
        .any(|safe| scheme.eq_ignore_ascii_case(safe))
}

/// The sanitizer, built once: it keeps all the markup Dojo itself writes
/// (ids, classes, task-list checkboxes, footnotes, tables) and drops scripts,
/// styles, event handlers and `javascript:` URLs.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(&["input"])
            .add_generic_attributes(&["id", "class"])
            .add_tag_attributes("input", &["type", "checked", "disabled"])
            .add_tag_attributes("details", &["open"])
            // Any `<input>` that survives is a checkbox. Only one value is
            // forced: ammonia appends missing forced attributes in hash-map
            // order, which would make the output differ between builds.
            .set_tag_attribute_value("input", "type", "checkbox")
            .link_rel(None);
        builder
    })
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

    fn render(body: &str, html: HtmlPolicy) -> String {
        let scan = scan(body, 0, "a.md");
        let opts = RenderOptions {
            html,
            skip_first_h1: false,
            headings: &scan.headings,
            hrefs: &[],
        };
        render_html(body, 0, &opts)
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("What's new?"), "whats-new");
        assert_eq!(slugify("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slugify("snake_case and-dash 2"), "snake_case-and-dash-2");
        assert_eq!(slugify("a  b"), "a--b");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let ids: Vec<String> = scan("# a\n## a\n### a\n## A!", 0, "x.md")
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
    }

    #[test]
    fn explicit_ids_win_and_reserve_their_name() {
        let scan = scan(
            "## Intro {#custom .wide}\n## Custom\n## Custom\n\nSee[^n].\n\n[^n]: Note.\n",
            0,
            "x.md",
        );
        let ids: Vec<&str> = scan.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["custom", "custom-1", "custom-2"]);
        assert_eq!(scan.headings[0].text, "Intro");
        assert_eq!(scan.anchors, ["custom", "custom-1", "custom-2", "n"]);
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

    #[test]
    fn links_keep_their_position_in_the_whole_file() {
        let source = "+++\ntitle = \"x\"\n+++\n\n# Title\n\nSée [x](@/a.md) and ![i](b.png)\n";
        let body_start = source.find("\n\n# Title").unwrap_or(0);
        let scan = scan(source, body_start, "k/p.md");
        assert_eq!(scan.links.len(), 2);
        let link = &scan.links[0];
        assert_eq!(
            (link.pos, link.len, link.is_image),
            (Pos::new(7, 5), 11, false)
        );
        assert_eq!(link.dest, "@/a.md");
        assert_eq!(scan.links[1].target, LinkTarget::Asset("k/b.png".into()));
        assert!(scan.links[1].is_image);
        assert_eq!(scan.headings[0].pos, Pos::new(5, 1));
    }

    #[test]
    fn email_autolinks_are_external_and_render_once_prefixed() {
        let body = "Write <a@b.org>.";
        let scan = scan(body, 0, "a.md");
        assert_eq!(
            scan.links[0].target,
            LinkTarget::External("mailto:a@b.org".into())
        );
        let hrefs = ["mailto:a@b.org".to_string()];
        let opts = RenderOptions {
            html: HtmlPolicy::Sanitize,
            skip_first_h1: false,
            headings: &[],
            hrefs: &hrefs,
        };
        assert!(render_html(body, 0, &opts).contains("<a href=\"mailto:a@b.org\">a@b.org</a>"));
    }

    #[test]
    fn summary_word_count_and_title() {
        let body = "# The *title*\n\n![only an image](a.png)\n\n> quoted\n\nFirst   para,\nwith **bo**ld `code`.\n\nSecond.";
        let scan = scan(body, 0, "a.md");
        assert_eq!(scan.first_h1.as_deref(), Some("The title"));
        assert_eq!(
            scan.first_paragraph.as_deref(),
            Some("First para, with bold code.")
        );
        assert_eq!(scan.word_count, 9);
        assert!(!scan.has_raw_html);
    }

    #[test]
    fn long_first_paragraph_is_cut_on_a_word_boundary() {
        let body = "word ".repeat(100);
        let summary = scan(&body, 0, "a.md").first_paragraph.unwrap_or_default();
        assert!(summary.ends_with("word…"), "{summary}");
        assert!(summary.chars().count() <= SUMMARY_CHARS + 1);
    }

    #[test]
    fn renders_ids_and_final_hrefs_and_skips_the_title() {
        let body = "# Title [t](t.md)\n\n## Part {.note}\n\n[a](b.md#x) ![c](d.png) [e](f.md)\n";
        let scan = scan(body, 0, "a.md");
        let hrefs = [
            "../t/".to_string(),
            "../b/#x".to_string(),
            "d.png".to_string(),
        ];
        let opts = RenderOptions {
            html: HtmlPolicy::Sanitize,
            skip_first_h1: true,
            headings: &scan.headings,
            hrefs: &hrefs,
        };
        let html = render_html(body, 0, &opts);
        assert_eq!(
            html,
            "<h2 id=\"part\" class=\"note\">Part</h2>\n<p><a href=\"../b/#x\">a</a> \
             <img src=\"d.png\" alt=\"c\" /> <a href=\"f.md\">e</a></p>\n"
        );
    }

    #[test]
    fn aligned_table_cells_get_classes_not_styles() {
        let html = render(
            "| a | b | c |\n|:--|:-:|---|\n| 1 | 2 | 3 |\n",
            HtmlPolicy::Sanitize,
        );
        assert!(!html.contains("style="), "{html}");
        assert_eq!(
            html,
            "<table><thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th>c</th>\
             </tr></thead><tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td>\
             <td>3</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn sanitize_drops_scripts_and_handlers_but_keeps_dojo_markup() {
        let body = "| a |\n|--:|\n| 1 |\n\n- [x] done\n\nPress <kbd>Ctrl</kbd>.<script>alert(1)</script>\n\n\
                    <img src=\"x.png\" onerror=\"alert(1)\">\n\n<details open><summary>More</summary>\n\nHi[^n]\n\n</details>\n\n[^n]: Note.\n";
        let html = render(body, HtmlPolicy::Sanitize);
        for gone in ["<script", "alert(1)", "onerror"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        for kept in [
            "<kbd>Ctrl</kbd>",
            "<img src=\"x.png\">",
            "<td class=\"align-right\">1</td>",
            "<input disabled=\"\" type=\"checkbox\" checked=\"\">",
            "<details open=\"\"><summary>More</summary>",
            "<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"n\">",
        ] {
            assert!(html.contains(kept), "{kept} missing in {html}");
        }
    }

    #[test]
    fn sanitize_drops_javascript_urls_and_handler_attributes_without_raw_html() {
        let html = render(
            "# T {onclick=alert(1) data-x=y}\n\n[x](javascript:alert(1))",
            HtmlPolicy::Sanitize,
        );
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("<a>x</a>"), "{html}");
    }

    #[test]
    fn escape_shows_raw_html_as_text() {
        let html = render(
            "Hi <b>there</b>\n\n<script>alert(1)</script>\n",
            HtmlPolicy::Escape,
        );
        assert_eq!(
            html,
            "<p>Hi &lt;b&gt;there&lt;/b&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n"
        );
        let allowed = render("<b>x</b>", HtmlPolicy::Allow);
        assert_eq!(allowed, "<p><b>x</b></p>\n");
    }

    #[test]
    fn footnotes_and_task_lists_render_without_raw_html() {
        let html = render(
            "- [ ] todo\n- [x] done\n\nSee[^a].\n\n[^a]: The note.\n",
            HtmlPolicy::Sanitize,
        );
        assert!(
            html.contains("<li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>"),
            "{html}"
        );
        assert!(
            html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"footnote-definition\" id=\"a\">"),
            "{html}"
        );
    }

    #[test]
    fn pathological_nesting_finishes_quickly() {
        let started = std::time::Instant::now();
        for body in [
            "[".repeat(50_000),
            ">".repeat(50_000) + " deep",
            "[a](".repeat(50_000),
        ] {
            let scan = scan(&body, 0, "a.md");
            assert!(scan.links.is_empty());
            let opts = RenderOptions {
                html: HtmlPolicy::Sanitize,
                skip_first_h1: false,
                headings: &[],
                hrefs: &[],
            };
            assert!(!render_html(&body, 0, &opts).is_empty());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
}
