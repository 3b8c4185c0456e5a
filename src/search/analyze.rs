//! Index build, step 1: each page's text -> its terms with counts per field
//! and the section ("slot") where each weighs most, grouped by term. Slot 0
//! is the page itself (title, summary, tags, text before the first
//! heading); slot k the k-th heading. This reads every word of the site,
//! so it is written for speed: one table lookup per word, no allocation
//! for a word seen before, each word stemmed once for all runs, and a
//! page's counts added to its terms' lists while they are still in cache.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::RwLock;

use rayon::prelude::*;

use super::SearchDoc;
use super::tokenize::{Word, Words, read_words, term_of};
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
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// One page's occurrences of a term (its words' counts folded together:
/// `review` and `reviews`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TermInPage {
    pub doc: u32,
    pub stats: WordStats,
}

/// One run of pages' entries of a term, in page order.
pub(crate) type Part = Vec<TermInPage>;

/// Every page's terms, grouped by term.
pub(crate) struct Analysis {
    /// Distinct terms in byte order: a term's id is its index here.
    pub terms: Vec<String>,
    /// Per term: the pages it is on.
    pub postings: Postings,
    /// Per page: tokens per field, for length normalisation.
    pub lengths: Vec<[u32; FIELDS]>,
}

/// Every term's entries, left where the run that counted them put them:
/// each run's in one array, term after term (each in page order), so
/// that they are freed as a few large blocks, not one small one per term
/// and run (which, freed on another thread than the one that made them,
/// cost more than ranking them).
pub(crate) struct Postings {
    runs: Vec<Vec<TermInPage>>,
    /// Term `t`'s parts are `spans[starts[t]..starts[t + 1]]`, in run order.
    spans: Vec<Span>,
    starts: Vec<u32>,
}

/// One run's entries of one term: `runs[run][start..end]`.
#[derive(Clone, Copy, Debug)]
struct Span {
    run: u32,
    start: u32,
    end: u32,
}

impl Postings {
    /// How many terms.
    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Term `term`'s entries.
    pub(crate) fn parts(&self, term: usize) -> Parts<'_> {
        let spans = &self.spans[self.starts[term] as usize..self.starts[term + 1] as usize];
        Parts {
            runs: &self.runs,
            spans,
        }
    }
}

/// A term's pages, as parts (one per run of pages that has it) in page
/// order.
#[derive(Clone, Copy)]
pub(crate) struct Parts<'a> {
    runs: &'a [Vec<TermInPage>],
    spans: &'a [Span],
}

impl<'a> Parts<'a> {
    pub(crate) fn iter(self) -> impl Iterator<Item = &'a [TermInPage]> {
        self.spans.iter().map(move |s| self.entries_of(s))
    }

    /// The term's entries, in page order.
    pub(crate) fn entries(self) -> impl Iterator<Item = &'a TermInPage> {
        self.iter().flatten()
    }

    /// How many pages have the term.
    pub(crate) fn len(self) -> usize {
        self.spans.iter().map(|s| (s.end - s.start) as usize).sum()
    }

    /// Page `doc`'s entry, if it has the term.
    pub(crate) fn find(self, doc: u32) -> Option<&'a TermInPage> {
        // Spans are never empty, and each ends with its last page.
        let after = self
            .spans
            .partition_point(|s| self.runs[s.run as usize][s.end as usize - 1].doc < doc);
        let part = self.entries_of(self.spans.get(after)?);
        let at = part.binary_search_by_key(&doc, |e| e.doc).ok()?;
        part.get(at)
    }

    /// One run's entries of the term.
    fn entries_of(self, s: &Span) -> &'a [TermInPage] {
        &self.runs[s.run as usize][s.start as usize..s.end as usize]
    }
}

/// Read every page's words (runs of pages in parallel) and group them by
/// term.
pub(crate) fn analyze(docs: &[&SearchDoc]) -> Analysis {
    // A few runs per thread balance the load; each run keeps its own table
    // of words, so more runs would look the same words up again.
    let run = docs
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(64);
    analyze_in_runs(docs, run)
}

/// `analyze` with runs of `run` pages; the result is the same whatever
/// `run` is.
pub(crate) fn analyze_in_runs(docs: &[&SearchDoc], run: usize) -> Analysis {
    let run = run.max(1);
    let stems = Stems::default();
    let runs: Vec<Run> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(k, chunk)| {
            let mut counter = Counter::new(&stems);
            for (i, doc) in chunk.iter().enumerate() {
                counter.page((k * run + i) as u32, doc);
            }
            counter.into_run()
        })
        .collect();
    merge(runs, docs.len())
}

/// What a run leaves once its pages are counted: its terms (as one text),
/// and their entries in one array, term after term.
struct Run {
    /// Term `t` is `text[ends[t - 1]..ends[t]]` (from 0 for the first).
    text: String,
    ends: Vec<u32>,
    entries: Vec<TermInPage>,
    /// Term `t`'s entries are `entries[starts[t]..starts[t + 1]]`.
    starts: Vec<u32>,
    lengths: Vec<(u32, [u32; FIELDS])>,
}

impl Run {
    fn terms(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(from, &to)| &self.text[from as usize..to as usize])
    }
}

/// Number the runs' terms across the site (in byte order) and point each
/// term at its entries in the runs' arrays, run by run.
fn merge(runs: Vec<Run>, pages: usize) -> Analysis {
    let mut terms: Vec<&str> = runs.iter().flat_map(Run::terms).collect();
    terms.par_sort_unstable();
    terms.dedup();
    let ids: HashMap<&str, u32, FxBuild> = terms
        .iter()
        .enumerate()
        .map(|(id, &t)| (t, id as u32))
        .collect();
    let global: Vec<Vec<u32>> = runs
        .par_iter()
        .map(|run| run.terms().map(|t| ids[t]).collect())
        .collect();
    // Each term's spans, in run order: counted, then placed.
    let mut starts = vec![0u32; terms.len() + 1];
    for (run, global) in runs.iter().zip(&global) {
        for (local, &id) in global.iter().enumerate() {
            if run.starts[local] < run.starts[local + 1] {
                starts[id as usize + 1] += 1;
            }
        }
    }
    for t in 0..terms.len() {
        starts[t + 1] += starts[t];
    }
    let mut next = starts.clone();
    let empty = Span {
        run: 0,
        start: 0,
        end: 0,
    };
    let mut spans = vec![empty; starts[terms.len()] as usize];
    for (k, (run, global)) in runs.iter().zip(&global).enumerate() {
        for (local, &id) in global.iter().enumerate() {
            let (start, end) = (run.starts[local], run.starts[local + 1]);
            if start < end {
                let at = &mut next[id as usize];
                spans[*at as usize] = Span {
                    run: k as u32,
                    start,
                    end,
                };
                *at += 1;
            }
        }
    }
    let terms: Vec<String> = terms.into_iter().map(str::to_string).collect();
    let mut lengths = vec![[0; FIELDS]; pages];
    for (doc, l) in runs.iter().flat_map(|r| &r.lengths) {
        lengths[*doc as usize] = *l;
    }
    Analysis {
        terms,
        postings: Postings {
            runs: runs.into_iter().map(|r| r.entries).collect(),
            spans,
            starts,
        },
        lengths,
    }
}

/// The term of every word any run has met so far: the runs meet mostly
/// the same words, and stemming a word costs more than looking it up.
#[derive(Default)]
pub(super) struct Stems(RwLock<HashMap<String, Option<String>, FxBuild>>);

impl Stems {
    /// `term_of(word)`, stemmed only if no run has stemmed it before.
    pub(super) fn term<'w>(&self, word: &'w str) -> Cow<'w, str> {
        // (A lock poisoned by a panic elsewhere only costs the cache.)
        if let Some(known) = self.0.read().ok().and_then(|m| m.get(word).cloned()) {
            return known.map_or(Cow::Borrowed(word), Cow::Owned);
        }
        let term = term_of(word);
        let stored = (term != word).then(|| term.to_string());
        if let Ok(mut m) = self.0.write() {
            m.insert(word.to_string(), stored);
        }
        term
    }
}

/// Counts the words of a run of pages, one page at a time, and adds each
/// page's terms to the run's lists.
struct Counter<'d, 's> {
    stems: &'s Stems,
    /// Every word seen in the run, and its number: words of up to 16 bytes
    /// (nearly all) by their bytes packed in a number, which hashes and
    /// compares in a few instructions; longer ones by text.
    short: HashMap<(u64, u64, u8), u32, FxBuild>,
    long: HashMap<Cow<'d, str>, u32, FxBuild>,
    /// Per word: its term...
    word_terms: Vec<u32>,
    /// ...and its place in the page being read, or `NOT_SEEN`.
    in_page: Vec<u32>,
    /// The page being read: its words, and their counts beside each one's
    /// weight in the slot being read (see `WordStats::add`), side by side
    /// so that counting a word touches one place.
    page_words: Vec<u32>,
    stats: Vec<(WordStats, SlotHit)>,
    page_lengths: [u32; FIELDS],
    /// The run's terms (stems), by number...
    terms: Vec<String>,
    term_ids: HashMap<String, u32, FxBuild>,
    /// ...each one's pages...
    lists: Vec<Part>,
    /// ...and its place in `merged` for the page being read, or `NOT_SEEN`.
    term_at: Vec<u32>,
    /// The page's terms, its words' counts folded together.
    merged: Vec<(u32, WordStats)>,
    /// Tokens per field of each page of the run.
    lengths: Vec<(u32, [u32; FIELDS])>,
}

const NOT_SEEN: u32 = u32::MAX;

impl<'d, 's> Counter<'d, 's> {
    fn new(stems: &'s Stems) -> Self {
        Counter {
            stems,
            short: HashMap::default(),
            long: HashMap::default(),
            word_terms: Vec::new(),
            in_page: Vec::new(),
            page_words: Vec::new(),
            stats: Vec::new(),
            page_lengths: [0; FIELDS],
            terms: Vec::new(),
            term_ids: HashMap::default(),
            lists: Vec::new(),
            term_at: Vec::new(),
            merged: Vec::new(),
            lengths: Vec::new(),
        }
    }

    fn page(&mut self, doc: u32, page: &'d SearchDoc) {
        self.add(&page.title, Field::Title, 0, false);
        self.add(&page.summary, Field::Summary, 0, false);
        for tag in &page.tags {
            self.add(tag, Field::Tags, 0, false);
        }
        for (slot, section) in super::slots(page) {
            let slot = slot.min(u16::MAX as usize) as u16;
            self.add(&section.heading, Field::Heading, slot, false);
            self.add(&section.text, Field::Body, slot, true);
            self.add(&section.code, Field::Code, slot, false);
        }
        self.finish(doc);
    }

    fn add(&mut self, text: &'d str, field: Field, slot: u16, prose: bool) {
        read_words(
            text,
            Reading {
                counter: self,
                field,
                slot,
                prose,
            },
        );
    }

    /// Count one word of `add`'s text (inlined into the tokenizer's loop:
    /// it runs for every word of the site).
    #[inline(always)]
    fn count(&mut self, word: Word<'d, '_>, field: Field, slot: u16, offset: Option<usize>) {
        self.page_lengths[field as usize] += 1;
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

    /// `word`'s number, added (with its term) if new.
    #[inline(always)]
    fn word_id(&mut self, word: Word<'d, '_>) -> usize {
        let next = self.word_terms.len() as u32;
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
            let term = self.term_id(word.as_str());
            self.word_terms.push(term);
            self.in_page.push(NOT_SEEN);
        }
        id as usize
    }

    /// The number of the term of a word new to the run.
    fn term_id(&mut self, word: &str) -> u32 {
        let stem = self.stems.term(word);
        if let Some(&id) = self.term_ids.get(stem.as_ref()) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.term_ids.insert(stem.to_string(), id);
        self.terms.push(stem.into_owned());
        self.lists.push(Vec::new());
        self.term_at.push(NOT_SEEN);
        id
    }

    /// The run's terms and entries, packed; everything else the counter
    /// holds is freed here, on the thread that made it.
    fn into_run(self) -> Run {
        let mut text = String::with_capacity(self.terms.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            text.push_str(term);
            ends.push(text.len() as u32);
        }
        let mut entries = Vec::with_capacity(self.lists.iter().map(Vec::len).sum());
        let mut starts = Vec::with_capacity(self.lists.len() + 1);
        starts.push(0);
        for list in &self.lists {
            entries.extend_from_slice(list);
            starts.push(entries.len() as u32);
        }
        Run {
            text,
            ends,
            entries,
            starts,
            lengths: self.lengths,
        }
    }

    /// Settle the slot being read, fold the page's words into its terms
    /// (in the order they first occur) and add those to the terms' lists,
    /// leaving the counter ready for the next page.
    fn finish(&mut self, doc: u32) {
        for (&word, (mut stats, current)) in self.page_words.iter().zip(self.stats.drain(..)) {
            self.in_page[word as usize] = NOT_SEEN;
            stats.best = stats.best.best(current);
            let term = self.word_terms[word as usize];
            let at = &mut self.term_at[term as usize];
            if *at == NOT_SEEN {
                *at = self.merged.len() as u32;
                self.merged.push((term, stats));
            } else {
                self.merged[*at as usize].1.merge(&stats);
            }
        }
        self.page_words.clear();
        for (term, stats) in self.merged.drain(..) {
            self.term_at[term as usize] = NOT_SEEN;
            self.lists[term as usize].push(TermInPage { doc, stats });
        }
        self.lengths.push((doc, self.page_lengths));
        self.page_lengths = [0; FIELDS];
    }
}

/// A counter reading one field of one slot: the tokenizer's loop takes in
/// its `count` whole.
struct Reading<'c, 'd, 's> {
    counter: &'c mut Counter<'d, 's>,
    field: Field,
    slot: u16,
    prose: bool,
}

impl<'d> Words<'d> for Reading<'_, 'd, '_> {
    #[inline(always)]
    fn word(&mut self, word: Word<'d, '_>, offset: usize) {
        let offset = self.prose.then_some(offset);
        self.counter.count(word, self.field, self.slot, offset);
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
