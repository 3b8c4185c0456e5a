//! Search index, built at build time: pages (`SearchDoc`, plain data the
//! renderer fills) -> script files under `_dojo/search/` that `search.js`
//! loads on demand (manifest on focus, then about one shard per word).
//! Pure and deterministic: the same pages give the same bytes, whatever the
//! order they come in or the number of threads.
//!
//! Steps: `analyze` (each page's terms, counted per field, grouped by
//! term), `postings` (field-weighted BM25 per term and page, ranked and
//! cut), `layout` (the files).

mod analyze;
mod cards;
mod encode;
mod layout;
mod markdown;
mod postings;
pub mod tokenize;

#[cfg(test)]
mod tests;

use std::hash::Hasher;

use rayon::prelude::*;

use crate::hash::{Fnv, FxHasher};
use encode::script;

pub use markdown::{SectionReader, sections_from_markdown};
pub use tokenize::{stem, tokenize};

/// One page as search sees it. `url` is its site path relative to the site
/// root (`kata/five-questions/`, empty for the home page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    /// `page`, `playbook`, `kata`, ... (a facet).
    pub kind: String,
    /// Title of the section the page is in (a facet).
    pub section: String,
    pub summary: String,
    /// Tags (a facet, and searched).
    pub tags: Vec<String>,
    /// Roles the page is for (a facet).
    pub roles: Vec<String>,
    /// The body cut at its headings (see `sections_from_markdown`).
    pub sections: Vec<SearchSection>,
}

/// The part of a page under one heading. The part before the first heading
/// has `level` 0, an empty heading and no anchor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchSection {
    pub heading: String,
    /// The heading's id, for a deep link `url#anchor`.
    pub anchor: Option<String>,
    /// 1 to 6 for `#` to `######`; 0 for the lead-in.
    pub level: u8,
    /// Prose (inline code included).
    pub text: String,
    /// Code blocks and inline code.
    pub code: String,
}

/// Tuning of the index layout; the defaults meet the budgets of a
/// 10,000-page handbook (see `benches/search/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexOptions {
    /// Postings kept per term, best first; the rest are cut...
    pub postings_per_term: usize,
    /// ...except pages with the term in their title, kept up to this many.
    pub title_postings_per_term: usize,
    /// Result cards stored with a term's best postings (title matches always
    /// get one); fewer when the site would pass `cards_per_page`.
    pub cards_per_term: usize,
    /// Cards the index may hold per page on average, which bounds its size.
    pub cards_per_page: usize,
    /// ...but never fewer cards than this: on a small handbook most words
    /// are on one or two pages, and without a card a result can neither
    /// deep-link to its section nor show the words it matched.
    pub min_cards: usize,
    /// Cards of a term's best postings also kept in its term shard.
    pub inline_cards: usize,
    /// Most cards of one term in one file.
    pub cards_per_part: usize,
    /// Size a term shard aims at, in bytes before compression.
    pub shard_bytes: usize,
    /// Size a shared card file aims at, in bytes before compression.
    pub card_file_bytes: usize,
    /// Size a lexicon chunk aims at, in bytes before compression.
    pub lexicon_bytes: usize,
    /// A lexicon up to this size travels in the manifest instead.
    pub manifest_lexicon_bytes: usize,
    /// Pages per page-card chunk.
    pub docs_per_chunk: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            postings_per_term: 100,
            title_postings_per_term: 1000,
            cards_per_term: 100,
            cards_per_page: 12,
            min_cards: 10_000,
            inline_cards: 5,
            cards_per_part: 500,
            shard_bytes: 30_000,
            card_file_bytes: 60_000,
            lexicon_bytes: 40_000,
            manifest_lexicon_bytes: 12_000,
            docs_per_chunk: 40,
        }
    }
}

/// The built index: files to write under `_dojo/search/` and the build id
/// (a hash of their content) every file carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchIndex {
    pub build_id: String,
    /// `(path under _dojo/search/, bytes)`, in path order.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Build the search index of `docs`.
pub fn build_index(docs: &[SearchDoc], opts: &IndexOptions) -> SearchIndex {
    let mut sorted: Vec<&SearchDoc> = docs.iter().collect();
    sorted.sort_by(|a, b| a.url.cmp(&b.url).then_with(|| a.title.cmp(&b.title)));
    let analyze::Analysis {
        terms,
        postings,
        lengths,
    } = analyze::analyze(&sorted);
    let (lists, card_depth) = postings::collect(&postings, &lengths, opts);
    // The cut lists hold all the files need: free every page's entries
    // before the files take their room.
    drop(postings);
    let files = layout::files(&layout::Parts {
        docs: &sorted,
        terms: &terms,
        lists: &lists,
        card_depth,
        opts,
    });
    let build_id = build_id(&files);
    let files = files
        .into_par_iter()
        .map(|f| (f.path, script(&f.id, &build_id, &f.members)))
        .collect();
    SearchIndex { build_id, files }
}

/// A hash of the index's content, as 16 hex digits: each file hashed on
/// its own (in parallel, eight bytes at a time with FxHash), then the
/// format and the files' hashes in path order with FNV-1a 64. Two builds
/// share an id only when their files are the same, so files of one can
/// stand in for the other's; any change to what the index holds changes it.
fn build_id(files: &[layout::File]) -> String {
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|f| {
            let mut h = FxHasher::default();
            // Each string ends with a byte no UTF-8 text contains, so
            // fields cannot run together.
            for s in [&f.path, &f.id, &f.members] {
                h.write(s.as_bytes());
                h.write_u8(0xff);
            }
            h.finish()
        })
        .collect();
    let mut h = Fnv::new();
    h.write_str(&format!("dojo-search {}", layout::VERSION));
    for file in hashes {
        h.write(&file.to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

/// A page's sections numbered by slot: the lead-in (level 0) is slot 0,
/// the sections under headings are slots 1, 2, ... in order.
pub(crate) fn slots(doc: &SearchDoc) -> impl Iterator<Item = (usize, &SearchSection)> {
    let mut next = 0;
    doc.sections.iter().map(move |s| {
        if s.level > 0 {
            next += 1;
            (next, s)
        } else {
            (0, s)
        }
    })
}
