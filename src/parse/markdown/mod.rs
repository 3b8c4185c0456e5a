//! Markdown with pulldown-cmark: `scan` reads a body once for what other
//! stages need (headings with GitHub-style ids, links with positions, first
//! paragraph, word count); `render_html` turns it into HTML with links
//! rewritten to the URLs resolve chose, walking the same events in the same order.

mod links;
mod rebase;
mod sanitize;
mod slug;

use std::ops::Range;

use pulldown_cmark::{
    Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::config::HtmlPolicy;
use crate::diagnostic::Pos;
use links::classify;
pub(crate) use rebase::Rebase;
use sanitize::{is_safe_attribute, is_unsafe_url, sanitizer};
use slug::{Slugger, slugify};

pub use links::LinkTarget;
pub(crate) use links::percent_decode_bytes;

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
    /// Where the site's root is from the page, for root-relative URLs in
    /// raw HTML (`None`: leave them as written).
    pub rebase: Option<Rebase<'a>>,
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

/// Render the body to HTML: heading ids from `opts.headings`, link and image
/// destinations replaced by `opts.hrefs`, raw HTML per `opts.html`.
pub(crate) fn render_html(source: &str, body_start: usize, opts: &RenderOptions<'_>) -> String {
    render_html_observed(source, body_start, opts, &mut |_| {})
}

/// `render_html`, showing `observe` every event the parser reads, before
/// it is rewritten (the search index reads the page's text this way instead
/// of parsing it a second time).
pub(crate) fn render_html_observed(
    source: &str,
    body_start: usize,
    opts: &RenderOptions<'_>,
    observe: &mut dyn FnMut(&Event<'_>),
) -> String {
    let body = source.get(body_start..).unwrap_or("");
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    let mut rewriter = Rewriter::new(opts);
    let events = Parser::new_ext(body, parser_options())
        .inspect(|e| observe(e))
        .filter_map(|e| rewriter.map(e));
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
            Event::TaskListMarker(done) => task_marker(done),
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
        // Escaped HTML is shown as text: its URLs stay as written.
        let html = match self.opts.rebase {
            Some(to) if self.opts.html != HtmlPolicy::Escape => {
                rebase::rebase(&html, to).map_or(html, CowStr::from)
            }
            _ => html,
        };
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

/// A task-list checkbox with an accessible name: a form control without one
/// fails WCAG (axe rule `label`), and the item's text follows it anyway.
fn task_marker(done: bool) -> Event<'static> {
    Event::InlineHtml(if done {
        "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> ".into()
    } else {
        "<input type=\"checkbox\" disabled aria-label=\"Not done\"> ".into()
    })
}

#[cfg(test)]
mod tests;
