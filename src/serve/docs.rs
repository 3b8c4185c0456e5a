//! The parsed documents `serve` keeps between rebuilds, keyed by path in
//! the order `load` walks them (so `resolve` sees what `dojo build` gives
//! it), plus a spare copy made while the builder is idle: `resolve` consumes
//! its documents, and cloning 10,000 of them takes tens of milliseconds that
//! should not be spent between a save and the new page.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::parse::Document;

/// A content-relative path, ordered folder by folder as `load` walks
/// (`a/z.md` before `a.md`, as walkdir visits folder `a` before file `a.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key(String);

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.split('/').cmp(other.0.split('/'))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Every parsed document, and a spare copy of them all.
#[derive(Default)]
pub(crate) struct Docs {
    master: BTreeMap<Key, Document>,
    spare: Option<BTreeMap<Key, Document>>,
}

impl Docs {
    pub(crate) fn get(&self, rel: &str) -> Option<&Document> {
        self.master.get(&Key(rel.to_string()))
    }

    pub(crate) fn rels(&self) -> impl Iterator<Item = &str> {
        self.master.keys().map(|k| k.0.as_str())
    }

    /// Add or replace a document.
    pub(crate) fn insert(&mut self, doc: Document) {
        if let Some(spare) = &mut self.spare {
            spare.insert(Key(doc.rel.clone()), doc.clone());
        }
        self.master.insert(Key(doc.rel.clone()), doc);
    }

    /// Remove a document; true when there was one.
    pub(crate) fn remove(&mut self, rel: &str) -> bool {
        let key = Key(rel.to_string());
        if let Some(spare) = &mut self.spare {
            spare.remove(&key);
        }
        self.master.remove(&key).is_some()
    }

    /// All documents in walk order, for `resolve` (the spare if there is one).
    pub(crate) fn take_all(&mut self) -> Vec<Document> {
        let copy = self.spare.take().unwrap_or_else(|| self.master.clone());
        copy.into_values().collect()
    }

    /// Make the spare copy, if there is none.
    pub(crate) fn refill(&mut self) {
        if self.spare.is_none() {
            self.spare = Some(self.master.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_as_walkdir_visits() {
        let mut keys: Vec<Key> = ["a.md", "a/z.md", "a-b.md", "_index.md", "a/b/c.md", "B.md"]
            .into_iter()
            .map(|k| Key(k.to_string()))
            .collect();
        keys.sort();
        let sorted: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(
            sorted,
            ["B.md", "_index.md", "a/b/c.md", "a/z.md", "a-b.md", "a.md"]
        );
    }
}
