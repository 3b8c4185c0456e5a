//! Index build, step 1: each page's text -> its words with counts per field
//! and the section ("slot") where each weighs most; then the vocabulary
//! (every word once, stemmed once). Slot 0 is the page itself (title,
//! summary, tags, text before the first heading); slot k the k-th heading.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::SearchDoc;
use super::tokenize::{for_each_word, term_of};

/// Fields of a page, from most to least telling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Title = 0,
    Heading = 1,
    Tags = 2,
    Summary = 3,
    Body = 4,
    Code = 5,
}

pub(crate) const FIELDS: usize = 6;

/// How much a match in each field counts (title > headings > tags/summary > body > code).
pub(crate) const WEIGHTS: [f32; FIELDS] = [8.0, 3.0, 2.0, 2.0, 1.0, 0.6];

/// Where a word weighs most in a page, and where it first occurs in that
/// slot's prose (`u32::MAX` when only in a heading, title, tags or code).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SlotHit {
    pub slot: u16,
    pub weight: f32,
    pub offset: u32,
}

impl SlotHit {
    const NONE: SlotHit = SlotHit {
        slot: 0,
        weight: 0.0,
        offset: u32::MAX,
    };

    /// The better of two hits: more weight, then the earlier slot.
    pub(crate) fn best(self, other: SlotHit) -> SlotHit {
        if other.weight > self.weight || (other.weight == self.weight && other.slot < self.slot) {
            other
        } else {
            self
        }
    }
}

/// One word's occurrences in one page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordStats {
    pub tf: [u16; FIELDS],
    /// Bit k: occurs in slot k (slots from 31 on share bit 31).
    pub mask: u32,
    pub best: SlotHit,
    current: SlotHit,
}

impl WordStats {
    fn new() -> Self {
        WordStats {
            tf: [0; FIELDS],
            mask: 0,
            best: SlotHit::NONE,
            current: SlotHit::NONE,
        }
    }

    fn add(&mut self, field: Field, slot: u16, offset: Option<usize>) {
        let f = field as usize;
        self.tf[f] = self.tf[f].saturating_add(1);
        self.mask |= 1 << slot.min(31);
        if self.current.weight > 0.0 && self.current.slot != slot {
            self.best = self.best.best(self.current);
            self.current = SlotHit::NONE;
        }
        self.current.slot = slot;
        self.current.weight += WEIGHTS[f];
        if let Some(o) = offset {
            self.current.offset = self.current.offset.min(o as u32);
        }
    }

    /// Settle the slot being read (call once the page is done).
    fn finish(&mut self) {
        self.best = self.best.best(self.current);
    }

    /// Fold in another word of the same term (`review`, `reviews`).
    pub(crate) fn merge(&mut self, other: &WordStats) {
        for (a, b) in self.tf.iter_mut().zip(other.tf) {
            *a = a.saturating_add(b);
        }
        self.mask |= other.mask;
        self.best = self.best.best(other.best);
    }
}

/// A fast, deterministic hasher for word keys (FxHash).
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let tail = rest
                .iter()
                .enumerate()
                .fold(0u64, |v, (i, &b)| v | u64::from(b) << (8 * i));
            self.add(tail);
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Every word of one page.
pub(crate) struct PageWords<'d> {
    pub words: Vec<Cow<'d, str>>,
    pub stats: Vec<WordStats>,
    /// Tokens per field, for length normalisation.
    pub lengths: [u32; FIELDS],
}

/// Read every page's words (in parallel; the order of pages is kept).
pub(crate) fn analyze<'d>(docs: &[&'d SearchDoc]) -> Vec<PageWords<'d>> {
    docs.par_iter().map(|d| analyze_page(d)).collect()
}

fn analyze_page(doc: &SearchDoc) -> PageWords<'_> {
    let mut page = Counter {
        index: HashMap::with_capacity_and_hasher(1024, FxBuild::default()),
        words: Vec::with_capacity(1024),
        stats: Vec::with_capacity(1024),
        lengths: [0; FIELDS],
    };
    page.add(&doc.title, Field::Title, 0, false);
    page.add(&doc.summary, Field::Summary, 0, false);
    for tag in &doc.tags {
        page.add(tag, Field::Tags, 0, false);
    }
    for (slot, section) in super::slots(doc) {
        let slot = slot.min(u16::MAX as usize) as u16;
        page.add(&section.heading, Field::Heading, slot, false);
        page.add(&section.text, Field::Body, slot, true);
        page.add(&section.code, Field::Code, slot, false);
    }
    page.finish()
}

/// Counts words as a page is read.
struct Counter<'d> {
    index: HashMap<Cow<'d, str>, u32, FxBuild>,
    words: Vec<Cow<'d, str>>,
    stats: Vec<WordStats>,
    lengths: [u32; FIELDS],
}

impl<'d> Counter<'d> {
    fn add(&mut self, text: &'d str, field: Field, slot: u16, prose: bool) {
        for_each_word(text, |word, offset| {
            self.lengths[field as usize] += 1;
            let at = match self.index.get(&word) {
                Some(&i) => i as usize,
                None => {
                    self.index.insert(word.clone(), self.words.len() as u32);
                    self.words.push(word);
                    self.stats.push(WordStats::new());
                    self.words.len() - 1
                }
            };
            self.stats[at].add(field, slot, prose.then_some(offset));
        });
    }

    fn finish(mut self) -> PageWords<'d> {
        self.stats.iter_mut().for_each(WordStats::finish);
        PageWords {
            words: self.words,
            stats: self.stats,
            lengths: self.lengths,
        }
    }
}

/// Every distinct term of the site, and the term of every word of every page.
pub(crate) struct Vocabulary {
    /// Distinct terms in byte order: a term's id is its index here.
    pub terms: Vec<String>,
    /// `page_terms[page][i]`: the term id of `pages[page].words[i]`.
    pub page_terms: Vec<Vec<u32>>,
}

impl Vocabulary {
    /// Collect the words of all pages and stem each distinct one once.
    pub(crate) fn new(pages: &[PageWords<'_>]) -> Self {
        let mut ids: HashMap<&str, u32, FxBuild> = HashMap::default();
        let mut words: Vec<&str> = Vec::new();
        let mut page_words = Vec::with_capacity(pages.len());
        for page in pages {
            let mut these = Vec::with_capacity(page.words.len());
            for w in &page.words {
                let next = words.len() as u32;
                let id = *ids.entry(w.as_ref()).or_insert(next);
                if id == next {
                    words.push(w.as_ref());
                }
                these.push(id);
            }
            page_words.push(these);
        }
        let stems: Vec<String> = words.par_iter().map(|w| term_of(w).into_owned()).collect();
        let mut terms = stems.clone();
        terms.par_sort_unstable();
        terms.dedup();
        let term_of_word: Vec<u32> = stems
            .iter()
            .map(|s| terms.partition_point(|t| t < s) as u32)
            .collect();
        let page_terms = page_words
            .into_par_iter()
            .map(|ids| ids.into_iter().map(|w| term_of_word[w as usize]).collect())
            .collect();
        Vocabulary { terms, page_terms }
    }
}
