//! Result cards: what a result shows, as the JSON array `search.js` reads:
//! `[doc, url, title, kind, section, roles, tags, heading, anchor, excerpt, slot]`.
//! The heading, anchor and excerpt are those of the slot where the term
//! weighs most, so a card deep-links to the part of the page that matched.

use super::analyze::SlotHit;
use super::encode::{push_json_str, push_json_strs, push_varint};
use super::{SearchDoc, SearchSection};

/// An excerpt is about this long (bytes), starting up to `LEAD` before the match.
const EXCERPT: usize = 140;
const LEAD: usize = 60;

/// Append the card of page `id` for a match at `hit`.
pub(crate) fn push_card(out: &mut String, id: u32, doc: &SearchDoc, hit: SlotHit) {
    out.push('[');
    out.push_str(&id.to_string());
    for s in [&doc.url, &doc.title, &doc.kind, &doc.section] {
        out.push(',');
        push_json_str(out, s);
    }
    out.push(',');
    push_json_strs(out, &doc.roles);
    out.push(',');
    push_json_strs(out, &doc.tags);
    let (heading, anchor, excerpt) = matched_part(doc, hit);
    for s in [heading, anchor, &excerpt] {
        out.push(',');
        push_json_str(out, s);
    }
    out.push(',');
    out.push_str(&hit.slot.to_string());
    out.push(']');
}

/// Append the page's card with no match in view: its summary as excerpt.
pub(crate) fn push_page_card(out: &mut String, id: u32, doc: &SearchDoc) {
    let none = SlotHit {
        slot: 0,
        weight: 0.0,
        offset: u32::MAX,
    };
    push_card(out, id, doc, none);
}

/// Append a term shard's reference to where a term's cards start.
pub(crate) fn push_card_ref(out: &mut String, file: u32) {
    push_varint(out, u64::from(file));
}

/// Heading, anchor and excerpt of the slot `hit` names.
fn matched_part(doc: &SearchDoc, hit: SlotHit) -> (&str, &str, String) {
    let offset = (hit.offset != u32::MAX).then_some(hit.offset as usize);
    let section = super::slots(doc)
        .find(|(slot, _)| *slot == usize::from(hit.slot))
        .map(|(_, s)| s);
    match section {
        Some(s) if hit.slot > 0 => (
            &s.heading,
            s.anchor.as_deref().unwrap_or(""),
            window(&s.text, offset.unwrap_or(0)),
        ),
        intro => ("", "", page_excerpt(doc, intro, offset)),
    }
}

/// Slot 0: around the match in the lead-in text, else the summary, else
/// the lead-in's start.
fn page_excerpt(doc: &SearchDoc, intro: Option<&SearchSection>, offset: Option<usize>) -> String {
    match (intro, offset) {
        (Some(s), Some(o)) => window(&s.text, o),
        _ if !doc.summary.is_empty() => window(&doc.summary, 0),
        (Some(s), None) => window(&s.text, 0),
        _ => String::new(),
    }
}

/// About `EXCERPT` bytes of `text` around byte `at`: from the start of the
/// sentence holding it when that is near, else from a word start shortly
/// before; cut at a word end. Ellipses mark what was cut.
pub(crate) fn window(text: &str, at: usize) -> String {
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
    let lead = if start > 0 && !text[..start].ends_with(". ") {
        "…"
    } else {
        ""
    };
    let tail = if end < text.len() { "…" } else { "" };
    format!("{lead}{}{tail}", text[start..end].trim())
}

/// The largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
