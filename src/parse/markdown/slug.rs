//! GitHub-style heading ids: `slugify` turns heading text into an id and
//! `Slugger` keeps ids unique on a page (`a`, `a-1`, `a-2`).

use std::collections::HashMap;

/// GitHub's heading id: lowercase, punctuation dropped except `-` and `_`,
/// each space a `-`, Unicode letters and digits kept.
pub(super) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            slug.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' || is_combining_mark(c) {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

/// Combining marks (decomposed accents) belong to the letter before them.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Makes ids unique the way github-slugger does: `a`, `a-1`, `a-2`.
#[derive(Default)]
pub(super) struct Slugger {
    /// Each id handed out or reserved, with the last suffix used for it.
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub(super) fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    pub(super) fn unique(&mut self, base: String) -> String {
        // An empty id (a heading of only punctuation) would be no anchor at all.
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut n = self.seen.get(&base).copied().unwrap_or(0);
        let mut id = base.clone();
        while self.seen.contains_key(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if id != base {
            self.seen.insert(base, n);
        }
        self.seen.insert(id.clone(), 0);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("What's new?"), "whats-new");
        assert_eq!(slugify("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slugify("snake_case and-dash 2"), "snake_case-and-dash-2");
        assert_eq!(slugify("a  b"), "a--b");
    }
}
