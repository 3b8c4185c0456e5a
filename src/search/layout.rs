//! Index build, step 3: ranked term lists -> the files under `_dojo/search/`,
//! each a classic script calling `dojoSearch.register({...})`:
//!
//! - `manifest.js`: build id, the first term of every term shard and
//!   lexicon chunk, and the constants the runtime needs (loaded on focus);
//! - `t/B/N.js`: term shard N, a sorted range of terms with their page
//!   counts, postings and where their result cards are;
//! - `c/B/N.js`: result cards of terms' top postings (one term's cards are
//!   in one file, or split in parts of `cards_per_part`);
//! - `x/B/N.js`: the lexicon, every term, chunked by first letter (typos);
//! - `d/B/N.js`: page cards by page number, for results without a card.
//!
//! `B` is `N / 500`, so no folder holds more than 500 files.

use rayon::prelude::*;

use super::cards::{card_head, push_card, push_card_ref, push_page_card};
use super::encode::{push_fixed2, push_json_str, push_json_strs, push_varint};
use super::postings::TermList;
use super::{IndexOptions, SearchDoc};

/// Files per folder at most.
const PER_FOLDER: usize = 500;
/// Format of the files; the runtime refuses others.
pub(crate) const VERSION: u32 = 1;

/// What the layout is made from.
pub(crate) struct Parts<'a> {
    pub docs: &'a [&'a SearchDoc],
    pub terms: &'a [String],
    pub lists: &'a [TermList],
    /// Top postings per term that carry a card (besides title matches).
    pub card_depth: usize,
    pub opts: &'a IndexOptions,
}

/// One index file before the build id is known: its path under
/// `_dojo/search/`, the id it registers as (`t/3`), and its JSON members.
pub(crate) struct File {
    pub path: String,
    pub id: String,
    pub members: String,
}

/// Every index file, in path order.
pub(crate) fn files(parts: &Parts<'_>) -> Vec<File> {
    let heads: Vec<String> = parts
        .docs
        .par_iter()
        .enumerate()
        .map(|(id, doc)| card_head(id as u32, doc))
        .collect();
    let cards: Vec<TermCards> = parts
        .lists
        .par_iter()
        .map(|list| term_cards(parts.docs, &heads, list))
        .collect();
    let (card_files, card_start) = pack_cards(parts.terms, &cards, parts.opts);
    let mut files = Vec::new();
    for (n, members) in card_files.into_iter().enumerate() {
        files.push(file("c", n, members));
    }
    let shard_bounds = write_shards(parts, &cards, &card_start, &mut files);
    let lexicon = write_lexicon(parts, &mut files);
    let chunks = write_page_chunks(parts, &heads, &mut files);
    let manifest = manifest(parts, &shard_bounds, &lexicon, chunks);
    files.push(File {
        path: "manifest.js".to_string(),
        id: "manifest".to_string(),
        members: manifest,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// File `n` of a kind (`t`, `c`, `x`, `d`).
fn file(kind: &str, n: usize, members: String) -> File {
    File {
        path: format!("{kind}/{}/{n}.js", n / PER_FOLDER),
        id: format!("{kind}/{n}"),
        members,
    }
}

/// A term's cards, one after another in one string.
struct TermCards {
    /// The cards' JSON, comma-separated.
    json: String,
    /// Where each card ends in `json`.
    ends: Vec<usize>,
}

impl TermCards {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cards `range` as a JSON list's items.
    fn items(&self, range: std::ops::Range<usize>) -> &str {
        if range.is_empty() {
            return "";
        }
        let start = match range.start {
            0 => 0,
            // After the previous card's end and its comma.
            k => self.ends[k - 1] + 1,
        };
        &self.json[start..self.ends[range.end - 1]]
    }
}

/// The bytes a list's items count for when files are packed: their text
/// and one more (nothing for no items).
fn listed_size(items: &str) -> usize {
    if items.is_empty() { 0 } else { items.len() + 1 }
}

/// The card of each posting `list.cards` names, in that order.
fn term_cards(docs: &[&SearchDoc], heads: &[String], list: &TermList) -> TermCards {
    let mut json = String::with_capacity(list.cards.len() * 400);
    let mut ends = Vec::with_capacity(list.cards.len());
    for &i in &list.cards {
        let p = &list.postings[i as usize];
        if !json.is_empty() {
            json.push(',');
        }
        let doc = p.doc as usize;
        push_card(&mut json, &heads[doc], docs[doc], p.hit);
        ends.push(json.len());
    }
    TermCards { json, ends }
}

/// Pack terms' cards into files: small lists share a file up to
/// `card_file_bytes`; a list longer than `cards_per_part` gets files of its
/// own, one per part. Returns the files' JSON members and each term's first file.
fn pack_cards(
    terms: &[String],
    cards: &[TermCards],
    opts: &IndexOptions,
) -> (Vec<String>, Vec<u32>) {
    let mut files: Vec<String> = Vec::new();
    let mut open: Option<String> = None;
    let mut start = Vec::with_capacity(terms.len());
    for (term, entries) in terms.iter().zip(cards) {
        let size = listed_size(entries.items(0..entries.len()));
        let shareable = entries.len() <= opts.cards_per_part;
        let fits = open
            .as_ref()
            .is_some_and(|o| o.len() + size + term.len() < opts.card_file_bytes);
        if !(shareable && fits) {
            files.extend(open.take().map(close_card_file));
        }
        start.push(files.len() as u32);
        if shareable {
            let members = open.get_or_insert_with(|| String::from("\"t\":{"));
            push_term_cards(members, term, entries.items(0..entries.len()));
        } else {
            for part in (0..entries.len()).step_by(opts.cards_per_part) {
                let part = part..(part + opts.cards_per_part).min(entries.len());
                let mut members = String::from("\"t\":{");
                push_term_cards(&mut members, term, entries.items(part));
                files.push(close_card_file(members));
            }
        }
    }
    files.extend(open.map(close_card_file));
    (files, start)
}

fn push_term_cards(members: &mut String, term: &str, items: &str) {
    if !members.ends_with('{') {
        members.push(',');
    }
    push_json_str(members, term);
    members.push_str(":[");
    members.push_str(items);
    members.push(']');
}

fn close_card_file(mut members: String) -> String {
    members.push('}');
    members
}

/// One term's postings in page order: page gap (varint), stored score (2
/// digits), `mask << 1 | in_title` (varint), after the count.
pub(crate) fn encode_postings(list: &TermList) -> String {
    let mut sorted: Vec<_> = list.postings.iter().collect();
    sorted.sort_by_key(|p| p.doc);
    let mut out = String::with_capacity(sorted.len() * 7 + 4);
    push_varint(&mut out, sorted.len() as u64);
    let mut prev = 0;
    for p in sorted {
        push_varint(&mut out, u64::from(p.doc - prev));
        prev = p.doc;
        push_fixed2(&mut out, p.q);
        push_varint(&mut out, u64::from(p.mask) << 1 | u64::from(p.title));
    }
    out
}

/// Write the term shards; returns the first term of each, then the last. A shard holds,
/// per term: the term (`t`), its page count (`d`), its postings (`p`), its
/// first card file (`c`, varints) and its first few cards inline (`k`), so
/// a one-word query needs no card file.
fn write_shards(
    parts: &Parts<'_>,
    cards: &[TermCards],
    card_start: &[u32],
    files: &mut Vec<File>,
) -> Vec<String> {
    let postings: Vec<String> = parts.lists.par_iter().map(encode_postings).collect();
    let inline = |i: usize| cards[i].items(0..cards[i].len().min(parts.opts.inline_cards));
    let sizes: Vec<usize> = (0..parts.terms.len())
        .map(|i| parts.terms[i].len() + postings[i].len() + listed_size(inline(i)) + 16)
        .collect();
    let ranges = pack(parts.terms, &sizes, 3, parts.opts.shard_bytes);
    for (n, range) in ranges.iter().enumerate() {
        let r = range.clone();
        let mut m = String::from("\"t\":");
        push_json_strs(&mut m, &parts.terms[r.clone()]);
        m.push_str(",\"d\":");
        push_numbers(&mut m, parts.lists[r.clone()].iter().map(|l| l.df));
        m.push_str(",\"p\":");
        push_json_strs(&mut m, &postings[r.clone()]);
        m.push_str(",\"c\":\"");
        card_start[r.clone()]
            .iter()
            .for_each(|&s| push_card_ref(&mut m, s));
        m.push_str("\",\"k\":[");
        for i in r {
            if i > range.start {
                m.push(',');
            }
            m.push('[');
            m.push_str(inline(i));
            m.push(']');
        }
        m.push(']');
        files.push(file("t", n, m));
    }
    ranges
        .iter()
        .map(|r| parts.terms[r.start].clone())
        .chain(ranges.iter().map(|r| parts.terms[r.end - 1].clone()))
        .collect()
}

fn push_numbers(out: &mut String, numbers: impl Iterator<Item = u32>) {
    out.push('[');
    for (i, n) in numbers.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&n.to_string());
    }
    out.push(']');
}

/// The lexicon as the manifest refers to it.
enum Lexicon {
    /// Small enough to travel in the manifest: every term, space-separated.
    Inline(String),
    /// In chunk files: the first term of each.
    Chunks(Vec<String>),
}

/// Write the lexicon chunks (terms only, space-separated), unless the
/// whole lexicon is small enough for the manifest.
fn write_lexicon(parts: &Parts<'_>, files: &mut Vec<File>) -> Lexicon {
    let sizes: Vec<usize> = parts.terms.iter().map(|t| t.len() + 1).collect();
    if sizes.iter().sum::<usize>() <= parts.opts.manifest_lexicon_bytes {
        return Lexicon::Inline(parts.terms.join(" "));
    }
    let ranges = pack(parts.terms, &sizes, 1, parts.opts.lexicon_bytes);
    for (n, r) in ranges.iter().enumerate() {
        let mut m = String::from("\"t\":");
        push_json_str(&mut m, &parts.terms[r.clone()].join(" "));
        files.push(file("x", n, m));
    }
    Lexicon::Chunks(
        ranges
            .iter()
            .map(|r| parts.terms[r.start].clone())
            .collect(),
    )
}

/// Write page cards in chunks of `docs_per_chunk` pages; returns the count.
fn write_page_chunks(parts: &Parts<'_>, heads: &[String], files: &mut Vec<File>) -> usize {
    let per = parts.opts.docs_per_chunk.max(1);
    let chunks: Vec<File> = parts
        .docs
        .par_chunks(per)
        .enumerate()
        .map(|(n, docs)| {
            let mut m = String::from("\"d\":[");
            for (i, doc) in docs.iter().enumerate() {
                if i > 0 {
                    m.push(',');
                }
                push_page_card(&mut m, &heads[n * per + i], doc);
            }
            m.push(']');
            file("d", n, m)
        })
        .collect();
    let count = chunks.len();
    files.extend(chunks);
    count
}

/// The manifest's JSON members: format, page count, card constants, and
/// the first (`t`) and last (`e`) term of every shard, the first of every
/// lexicon chunk (`x`), or the whole lexicon (`xl`).
fn manifest(parts: &Parts<'_>, shards: &[String], lexicon: &Lexicon, chunks: usize) -> String {
    let o = parts.opts;
    let (first, last) = shards.split_at(shards.len() / 2);
    let mut m = format!(
        "\"v\":{VERSION},\"n\":{},\"C\":{},\"P\":{},\"D\":{},\"dc\":{chunks},\"t\":",
        parts.docs.len(),
        parts.card_depth,
        o.cards_per_part,
        o.docs_per_chunk.max(1),
    );
    push_json_strs(&mut m, first);
    m.push_str(",\"e\":");
    push_json_strs(&mut m, last);
    match lexicon {
        Lexicon::Inline(all) => {
            m.push_str(",\"x\":[],\"xl\":");
            push_json_str(&mut m, all);
        }
        Lexicon::Chunks(starts) => {
            m.push_str(",\"x\":");
            push_json_strs(&mut m, starts);
        }
    }
    m
}

/// Cut sorted `terms` into consecutive ranges of about `limit` bytes,
/// preferring cuts where the first `prefix` characters change, so a prefix
/// (or a typo's first letter) falls in one range.
pub(crate) fn pack(
    terms: &[String],
    sizes: &[usize],
    prefix: usize,
    limit: usize,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut size) = (0, 0);
    let mut boundary: Option<(usize, usize)> = None;
    for i in 0..terms.len() {
        if i > start && head(&terms[i], prefix) != head(&terms[i - 1], prefix) {
            boundary = Some((i, size));
        }
        if i > start && size + sizes[i] > limit {
            let cut = match boundary {
                Some((b, before)) if b > start && before * 2 >= limit => b,
                _ => i,
            };
            ranges.push(start..cut);
            size = sizes[cut..i].iter().sum();
            start = cut;
            boundary = None;
        }
        size += sizes[i];
    }
    if start < terms.len() {
        ranges.push(start..terms.len());
    }
    ranges
}

/// The first `n` characters of a term.
fn head(term: &str, n: usize) -> &str {
    term.char_indices().nth(n).map_or(term, |(i, _)| &term[..i])
}
