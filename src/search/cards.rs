//! Result cards: what a result shows, as the JSON array `search.js` reads:
//! `[doc, url, title, kind, section, roles, tags, heading, anchor, excerpt, slot]`.
//! The heading, anchor and excerpt are those of the slot where the term
//! weighs most, so a card deep-links to the part of the page that matched.

use super::analyze::SlotHit;
use std::fmt::Write;

use super::encode::{push_json_chars, push_json_str, push_json_strs, push_varint};
use super::{SearchDoc, SearchSection};

/// An excerpt is about this long (bytes), starting up to `LEAD` before the match.
const EXCERPT: usize = 140;
const LEAD: usize = 60;

/// The part of a page's cards that is the same for every match: `[doc,
/// url, title, kind, section, roles, tags`, written once per page.
pub(crate) fn card_head(id: u32, doc: &SearchDoc) -> String {
    let mut out = String::with_capacity(64 + doc.url.len() + doc.title.len());
    let _ = write!(out, "[{id}");
    for s in [&doc.url, &doc.title, &doc.kind, &doc.section] {
        out.push(',');
        push_json_str(&mut out, s);
    }
    out.push(',');
    push_json_strs(&mut out, &doc.roles);
    out.push(',');
    push_json_strs(&mut out, &doc.tags);
    out
}

/// Append the card of a page (its `card_head`) for a match at `hit`.
pub(crate) fn push_card(out: &mut String, head: &str, doc: &SearchDoc, hit: SlotHit) {
    out.push_str(head);
    let (heading, anchor, excerpt) = matched_part(doc, hit);
    for s in [heading, anchor] {
        out.push(',');
        push_json_str(out, s);
    }
    out.push(',');
    excerpt.push_json(out);
    let _ = write!(out, ",{}]", hit.slot);
}

/// Append the page's card with no match in view: its summary as excerpt.
pub(crate) fn push_page_card(out: &mut String, head: &str, doc: &SearchDoc) {
    let none = SlotHit {
        slot: 0,
        weight: 0.0,
        offset: u32::MAX,
    };
    push_card(out, head, doc, none);
}

/// Append a term shard's reference to where a term's cards start.
pub(crate) fn push_card_ref(out: &mut String, file: u32) {
    push_varint(out, u64::from(file));
}

/// Heading, anchor and excerpt of the slot `hit` names.
fn matched_part(doc: &SearchDoc, hit: SlotHit) -> (&str, &str, Excerpt<'_>) {
    let offset = (hit.offset != u32::MAX).then_some(hit.offset as usize);
    let section = super::slots(doc)
        .find(|(slot, _)| *slot == usize::from(hit.slot))
        .map(|(_, s)| s);
    match section {
        Some(s) if hit.slot > 0 => (
            &s.heading,
            s.anchor.as_deref().unwrap_or(""),
            excerpt(&s.text, offset.unwrap_or(0)),
        ),
        intro => ("", "", page_excerpt(doc, intro, offset)),
    }
}

/// Slot 0: around the match in the lead-in text, else the summary, else
/// the lead-in's start.
fn page_excerpt<'d>(
    doc: &'d SearchDoc,
    intro: Option<&'d SearchSection>,
    offset: Option<usize>,
) -> Excerpt<'d> {
    match (intro, offset) {
        (Some(s), Some(o)) => excerpt(&s.text, o),
        _ if !doc.summary.is_empty() => excerpt(&doc.summary, 0),
        (Some(s), None) => excerpt(&s.text, 0),
        _ => excerpt("", 0),
    }
}

/// A piece of a text, with whether an ellipsis marks text cut before and
/// after it.
pub(crate) struct Excerpt<'t> {
    lead: bool,
    text: &'t str,
    tail: bool,
}

impl Excerpt<'_> {
    /// Append it as a JSON string, ellipses included.
    fn push_json(&self, out: &mut String) {
        out.push('"');
        if self.lead {
            out.push('…');
        }
        push_json_chars(out, self.text);
        if self.tail {
            out.push('…');
        }
        out.push('"');
    }
}

impl std::fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lead, tail) = (
            if self.lead { "…" } else { "" },
            if self.tail { "…" } else { "" },
        );
        write!(f, "{lead}{}{tail}", self.text)
    }
}

/// About `EXCERPT` bytes of `text` around byte `at`: from the start of the
/// sentence holding it when that is near, else from a word start shortly
/// before; cut at a word end. Ellipses mark what was cut.
pub(crate) fn excerpt(text: &str, at: usize) -> Excerpt<'_> {
    let at = floor_boundary(text, at.min(text.len()));
    let mut start = floor_boundary(text, at.saturating_sub(LEAD));
    if let Some(dot) = text[start..at].rfind(". ") {
        start += dot + 2;
    } else if start > 0 {
        start += text[start..at].find(' ').map_or(0, |sp| sp + 1);
    }
    let mut end = floor_boundary(text, start + EXCERPT);
    if end < text.len() {
        end = text[start..end].rfind(' ').map_or(end, |sp| start + sp);
    }
    Excerpt {
        lead: start > 0 && !text[..start].ends_with(". "),
        text: text[start..end].trim(),
        tail: end < text.len(),
    }
}

/// The largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
