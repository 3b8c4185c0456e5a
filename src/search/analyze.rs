//! Index build, step 1: each page's text -> its words with counts per field
//! and the section ("slot") where each weighs most; then the vocabulary
//! (every word once, stemmed once). Slot 0 is the page itself (title,
//! summary, tags, text before the first heading); slot k the k-th heading.
//! This reads every word of the site, so it is written for speed: one
//! table lookup per word, no allocation for a word seen before.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use super::SearchDoc;
use super::tokenize::{Word, for_each_word, term_of};
use crate::hash::FxBuild;

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
}

impl WordStats {
    const NEW: WordStats = WordStats {
        tf: [0; FIELDS],
        mask: 0,
        best: SlotHit::NONE,
    };

    /// Count one occurrence; `current` is the word's weight in the slot
    /// being read, which moves into `best` once the reading leaves that slot.
    fn add(&mut self, current: &mut SlotHit, field: Field, slot: u16, offset: Option<usize>) {
        let f = field as usize;
        self.tf[f] = self.tf[f].saturating_add(1);
        self.mask |= 1 << slot.min(31);
        if current.weight > 0.0 && current.slot != slot {
            self.best = self.best.best(*current);
            *current = SlotHit::NONE;
        }
        current.slot = slot;
        current.weight += WEIGHTS[f];
        if let Some(o) = offset {
            current.offset = current.offset.min(o as u32);
        }
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

/// Every word of one page.
pub(crate) struct PageWords {
    /// The dictionary (see `Analysis::dictionaries`) `words` index into.
    pub dictionary: u32,
    /// The page's distinct words in the order they first occur, as
    /// indexes into that dictionary...
    pub words: Vec<u32>,
    /// ...and their occurrences.
    pub stats: Vec<WordStats>,
    /// Tokens per field, for length normalisation.
    pub lengths: [u32; FIELDS],
}

/// Every page's words, and the dictionaries they are spelled in.
pub(crate) struct Analysis<'d> {
    pub pages: Vec<PageWords>,
    /// The words of each worker's run of pages: a word is looked up in one
    /// table per occurrence, and stemmed once per dictionary.
    pub dictionaries: Vec<Vec<Cow<'d, str>>>,
}

/// Read every page's words (in parallel; the order of pages is kept).
pub(crate) fn analyze<'d>(docs: &[&'d SearchDoc]) -> Analysis<'d> {
    let runs: Vec<Counter<'d>> = docs
        .par_iter()
        .enumerate()
        .with_min_len(32)
        .fold(Counter::default, |mut counter, (n, doc)| {
            counter.page(n, doc);
            counter
        })
        .collect();
    let mut pages: Vec<(usize, PageWords)> = Vec::with_capacity(docs.len());
    let mut dictionaries = Vec::with_capacity(runs.len());
    for (d, run) in runs.into_iter().enumerate() {
        pages.extend(run.pages.into_iter().map(|(n, mut page)| {
            page.dictionary = d as u32;
            (n, page)
        }));
        dictionaries.push(run.words);
    }
    pages.sort_unstable_by_key(|(n, _)| *n);
    Analysis {
        pages: pages.into_iter().map(|(_, page)| page).collect(),
        dictionaries,
    }
}

/// Counts the words of a run of pages, one page at a time.
#[derive(Default)]
struct Counter<'d> {
    /// Every word seen in the run, and its place in `words`: words of up
    /// to 16 bytes (nearly all) by their bytes packed in a number, which
    /// hashes and compares in a few instructions; longer ones by text.
    short: HashMap<(u64, u64, u8), u32, FxBuild>,
    long: HashMap<Cow<'d, str>, u32, FxBuild>,
    words: Vec<Cow<'d, str>>,
    /// Per dictionary word: its place in the page being read, or `NOT_SEEN`.
    in_page: Vec<u32>,
    /// The page being read: its words, and their counts beside each one's
    /// weight in the slot being read (see `WordStats::add`), side by side
    /// so that counting a word touches one place.
    page_words: Vec<u32>,
    stats: Vec<(WordStats, SlotHit)>,
    lengths: [u32; FIELDS],
    /// The pages read, with their numbers.
    pages: Vec<(usize, PageWords)>,
}

const NOT_SEEN: u32 = u32::MAX;

impl<'d> Counter<'d> {
    fn page(&mut self, n: usize, doc: &'d SearchDoc) {
        self.add(&doc.title, Field::Title, 0, false);
        self.add(&doc.summary, Field::Summary, 0, false);
        for tag in &doc.tags {
            self.add(tag, Field::Tags, 0, false);
        }
        for (slot, section) in super::slots(doc) {
            let slot = slot.min(u16::MAX as usize) as u16;
            self.add(&section.heading, Field::Heading, slot, false);
            self.add(&section.text, Field::Body, slot, true);
            self.add(&section.code, Field::Code, slot, false);
        }
        let page = self.finish();
        self.pages.push((n, page));
    }

    fn add(&mut self, text: &'d str, field: Field, slot: u16, prose: bool) {
        for_each_word(text, |word, offset| {
            self.count(word, field, slot, prose.then_some(offset))
        });
    }

    /// Count one word of `add`'s text (inlined into the tokenizer's loop:
    /// it runs for every word of the site).
    #[inline(always)]
    fn count(&mut self, word: Word<'d, '_>, field: Field, slot: u16, offset: Option<usize>) {
        self.lengths[field as usize] += 1;
        let id = self.word_id(word);
        let mut at = self.in_page[id] as usize;
        if at == NOT_SEEN as usize {
            at = self.page_words.len();
            self.in_page[id] = at as u32;
            self.page_words.push(id as u32);
            self.stats.push((WordStats::NEW, SlotHit::NONE));
        }
        let (stats, current) = &mut self.stats[at];
        stats.add(current, field, slot, offset);
    }

    /// `word`'s place in the dictionary, added if new.
    #[inline(always)]
    fn word_id(&mut self, word: Word<'d, '_>) -> usize {
        let next = self.words.len() as u32;
        let id = match word {
            _ if word.as_str().len() <= 16 => *self
                .short
                .entry(short_key(word.as_str().as_bytes()))
                .or_insert(next),
            Word::Text(w) => *self.long.entry(Cow::Borrowed(w)).or_insert(next),
            Word::Lowered(w) => match self.long.get(w) {
                Some(&id) => id,
                None => {
                    self.long.insert(Cow::Owned(w.to_string()), next);
                    next
                }
            },
        };
        if id == next {
            self.words.push(match word {
                Word::Text(w) => Cow::Borrowed(w),
                Word::Lowered(w) => Cow::Owned(w.to_string()),
            });
            self.in_page.push(NOT_SEEN);
        }
        id as usize
    }

    /// Settle the slot being read and hand the page's words over, leaving
    /// the counter ready for the next page.
    fn finish(&mut self) -> PageWords {
        for &id in &self.page_words {
            self.in_page[id as usize] = NOT_SEEN;
        }
        let page = PageWords {
            dictionary: 0,
            words: self.page_words.drain(..).collect(),
            stats: self
                .stats
                .drain(..)
                .map(|(mut stats, current)| {
                    stats.best = stats.best.best(current);
                    stats
                })
                .collect(),
            lengths: self.lengths,
        };
        self.lengths = [0; FIELDS];
        page
    }
}

/// A word of 1 to 16 bytes as numbers: its first and last eight bytes
/// (four for words shorter than eight, three single bytes below four),
/// overlapping in the middle, and its length. Together they are the whole
/// word, so two words have the same key only if they are the same. Read
/// with whole loads: no byte-by-byte copy for the processor to wait on.
#[inline]
pub(super) fn short_key(w: &[u8]) -> (u64, u64, u8) {
    let n = w.len();
    let u64_at = |i: usize| {
        w.get(i..i + 8).map_or(0, |b| {
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        })
    };
    let u32_at = |i: usize| {
        w.get(i..i + 4).map_or(0, |b| {
            u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        })
    };
    let byte = |i: usize| u64::from(w.get(i).copied().unwrap_or(0));
    let (head, tail) = match n {
        8.. => (u64_at(0), u64_at(n - 8)),
        4.. => (u32_at(0), u32_at(n - 4)),
        _ => (
            byte(0) | byte(n / 2) << 8 | byte(n.wrapping_sub(1)) << 16,
            0,
        ),
    };
    (head, tail, n as u8)
}

/// Every distinct term of the site, and the term of every dictionary word.
pub(crate) struct Vocabulary {
    /// Distinct terms in byte order: a term's id is its index here.
    pub terms: Vec<String>,
    /// `term_of[d][w]`: the term id of word `w` of dictionary `d`.
    pub term_of: Vec<Vec<u32>>,
}

impl Vocabulary {
    /// Stem every distinct word of the dictionaries once.
    pub(crate) fn new(dictionaries: &[Vec<Cow<'_, str>>]) -> Self {
        let mut ids: HashMap<&str, u32, FxBuild> = HashMap::default();
        let mut words: Vec<&str> = Vec::new();
        let word_ids: Vec<Vec<u32>> = dictionaries
            .iter()
            .map(|dictionary| {
                dictionary
                    .iter()
                    .map(|w| {
                        let next = words.len() as u32;
                        let id = *ids.entry(w.as_ref()).or_insert(next);
                        if id == next {
                            words.push(w.as_ref());
                        }
                        id
                    })
                    .collect()
            })
            .collect();
        let stems: Vec<String> = words.par_iter().map(|w| term_of(w).into_owned()).collect();
        let mut terms = stems.clone();
        terms.par_sort_unstable();
        terms.dedup();
        let term_of_word: Vec<u32> = stems
            .iter()
            .map(|s| terms.partition_point(|t| t < s) as u32)
            .collect();
        let term_of = word_ids
            .into_iter()
            .map(|ids| ids.into_iter().map(|w| term_of_word[w as usize]).collect())
            .collect();
        Vocabulary { terms, term_of }
    }

    /// The term ids of a page's words, in the page's order.
    pub(crate) fn terms_of<'a>(&'a self, page: &'a PageWords) -> impl Iterator<Item = u32> + 'a {
        let term_of = &self.term_of[page.dictionary as usize];
        page.words.iter().map(move |&w| term_of[w as usize])
    }
}
