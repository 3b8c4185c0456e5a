//! Index build, step 2: words per page -> one ranked, cut list of postings
//! per term. Scores are field-weighted BM25 (each field saturates on its
//! own, then fields add up by weight), computed here once so the browser
//! only adds numbers. Scores are stored quantised; ranks follow the stored
//! value (then the page number), so the browser ranks exactly as here.

use std::cmp::Reverse;

use rayon::prelude::*;

use super::IndexOptions;
use super::analyze::{FIELDS, Parts, Postings, SlotHit, TermInPage, WEIGHTS};

const K1: f32 = 1.2;
/// Length normalisation per field (title, heading, tags, summary, body, code).
const B: [f32; FIELDS] = [0.5, 0.4, 0.2, 0.5, 0.75, 0.75];
/// Stored score = round(ln(1 + score) * SCALE), in 12 bits.
pub(crate) const SCALE: f32 = 256.0;

/// One page's entry in a term's list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Posting {
    pub doc: u32,
    /// Quantised score (see `SCALE`).
    pub q: u16,
    /// Slots where the term occurs (bit 31: slot 31 or later).
    pub mask: u32,
    /// The term is in the page title.
    pub title: bool,
    /// The slot where it weighs most: the result's deep link and excerpt.
    pub hit: SlotHit,
}

/// A term's kept postings in rank order, and which of them carry a result card.
#[derive(Debug)]
pub(crate) struct TermList {
    /// Pages containing the term (before the cut).
    pub df: u32,
    pub postings: Vec<Posting>,
    /// Indexes into `postings` (ascending) whose result cards are stored.
    pub cards: Vec<u32>,
}

/// Score, rank and cut the postings of every term: `postings[id]` holds
/// term `id`'s pages (see `analyze`), `lengths` each page's field lengths.
/// Returns the terms' lists and how many top postings of each term carry
/// a card.
pub(crate) fn collect(
    postings: &Postings,
    lengths: &[[u32; FIELDS]],
    opts: &IndexOptions,
) -> (Vec<TermList>, usize) {
    let norms = Norms::new(lengths);
    let n = lengths.len() as f32;
    let mut lists: Vec<TermList> = (0..postings.len())
        .into_par_iter()
        .map(|term| rank_and_cut(postings.parts(term), &norms, n, opts))
        .collect();
    let budget = (opts.cards_per_page.saturating_mul(lengths.len())).max(opts.min_cards);
    let depth = card_depth(&lists, opts.cards_per_term, budget);
    lists
        .par_iter_mut()
        .for_each(|l| l.cards = card_ranks(&l.postings, depth));
    (lists, depth)
}

/// Each page's length normalisation per field, against the field's
/// average length over all pages (worked out once per page, not once per
/// term on the page).
struct Norms {
    pages: Vec<[f32; FIELDS]>,
}

impl Norms {
    fn new(lengths: &[[u32; FIELDS]]) -> Self {
        let mut total = [0u64; FIELDS];
        for page in lengths {
            for (t, &l) in total.iter_mut().zip(page) {
                *t += u64::from(l);
            }
        }
        let n = lengths.len().max(1) as f32;
        let avg = total.map(|t| (t as f32 / n).max(1.0));
        let pages = lengths
            .iter()
            .map(|l| std::array::from_fn(|f| 1.0 - B[f] + B[f] * l[f] as f32 / avg[f]))
            .collect();
        Norms { pages }
    }

    /// The term's weight in page `doc` before idf: each field's BM25
    /// saturation, weighted and summed.
    fn base(&self, tf: &[u16; FIELDS], doc: u32) -> f32 {
        let norms = &self.pages[doc as usize];
        let mut sum = 0.0;
        for f in 0..FIELDS {
            if tf[f] == 0 {
                continue;
            }
            let tf = f32::from(tf[f]) / norms[f];
            sum += WEIGHTS[f] * tf * (K1 + 1.0) / (K1 + tf);
        }
        sum
    }
}

/// Robertson-Sparck Jones idf, never negative.
fn idf(df: f32, n: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

pub(crate) fn quantize(score: f32) -> u16 {
    ((1.0 + score.max(0.0)).ln() * SCALE).round().min(4095.0) as u16
}

/// Rank a term's postings by stored score (then page) and keep the top
/// `postings_per_term` plus, up to `title_postings_per_term`, every page
/// with the term in its title.
fn rank_and_cut(parts: Parts<'_>, norms: &Norms, n: f32, opts: &IndexOptions) -> TermList {
    let df = parts.len();
    let idf = idf(df as f32, n);
    // Title matches are few and all candidates; the other pages are many
    // and only their best are kept, so they are ranked as bare keys first.
    let (mut titles, mut rest) = (Vec::new(), Vec::with_capacity(df));
    for entry in parts.entries() {
        let q = quantize(idf * norms.base(&entry.stats.tf, entry.doc));
        if entry.stats.tf[0] > 0 {
            titles.push(posting(entry, q));
        } else {
            rest.push(RankKey::new(q, entry.doc));
        }
    }
    let postings = best_candidates(titles, rest, opts.postings_per_term, parts);
    let mut titles = 0;
    let mut kept = Vec::new();
    for (rank, p) in postings.into_iter().enumerate() {
        let title = p.title && titles < opts.title_postings_per_term;
        titles += usize::from(p.title);
        if rank < opts.postings_per_term || title {
            kept.push(p);
        }
    }
    TermList {
        df: df as u32,
        postings: kept,
        cards: Vec::new(),
    }
}

/// The most top postings per term (up to `most`) that can carry a card
/// while all cards stay within `budget` (title matches always have one).
pub(crate) fn card_depth(lists: &[TermList], most: usize, budget: usize) -> usize {
    let total =
        |depth: usize| -> usize { lists.iter().map(|l| card_count(&l.postings, depth)).sum() };
    let (mut lo, mut hi) = (0, most);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if total(mid) <= budget {
            lo = mid
        } else {
            hi = mid - 1
        }
    }
    lo
}

fn card_count(kept: &[Posting], depth: usize) -> usize {
    depth.min(kept.len()) + kept.iter().skip(depth).filter(|p| p.title).count()
}

fn posting(entry: &TermInPage, q: u16) -> Posting {
    Posting {
        doc: entry.doc,
        q,
        mask: entry.stats.mask,
        title: entry.stats.tf[0] > 0,
        hit: entry.stats.best,
    }
}

/// A posting's rank as one number, larger for a better rank: a higher
/// stored score, then an earlier page.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RankKey(u64);

impl RankKey {
    fn new(q: u16, doc: u32) -> Self {
        RankKey(u64::from(q) << 32 | u64::from(u32::MAX - doc))
    }

    fn q(self) -> u16 {
        (self.0 >> 32) as u16
    }

    fn doc(self) -> u32 {
        u32::MAX - self.0 as u32
    }
}

/// In rank order, every title match and the best `top` other postings
/// (`rest`, found again in `parts` once chosen): all the cut can keep,
/// without sorting the whole list. Ranks are a total order (score, then
/// page), so the order postings come in does not matter.
fn best_candidates(
    mut titles: Vec<Posting>,
    mut rest: Vec<RankKey>,
    top: usize,
    parts: Parts<'_>,
) -> Vec<Posting> {
    if rest.len() > top && top > 0 {
        rest.select_nth_unstable_by_key(top - 1, |&key| Reverse(key));
    }
    rest.truncate(top);
    titles.extend(rest.into_iter().filter_map(|key| {
        let entry = parts.find(key.doc())?;
        Some(posting(entry, key.q()))
    }));
    titles.sort_unstable_by_key(|p| Reverse(RankKey::new(p.q, p.doc)));
    titles
}

/// Which kept postings get a stored result card: the top `top` and every
/// title match. `search.js` derives the same list from the postings.
pub(crate) fn card_ranks(kept: &[Posting], top: usize) -> Vec<u32> {
    (0..kept.len())
        .filter(|&r| r < top || kept[r].title)
        .map(|r| r as u32)
        .collect()
}
