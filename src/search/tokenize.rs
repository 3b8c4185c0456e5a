//! The search tokenizer: text -> index terms. `search.js` implements the
//! same rules (tests/search_vectors/ proves they agree), so a query is cut
//! and stemmed exactly as the pages were.
//!
//! Rules: a word is a run of letters, digits, `_` and apostrophes (`’` reads
//! as `'`), trimmed of `_` and apostrophes at both ends, lowercased. An
//! identifier (`word_count`, `wordCount`) gives its whole self and then each
//! part. Words shorter than 2 or longer than 40 characters, and stop words,
//! are dropped. A word of ASCII letters and apostrophes is stemmed with
//! Snowball English (Porter2); any other is kept as it is.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to help a search; dropped from pages and queries alike.
/// Kept sorted (`is_stop_word` searches it).
pub const STOP_WORDS: [&str; 26] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "if", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "with",
];

/// Longer tokens are hashes, URLs or data, not words anyone types.
const MAX_CHARS: usize = 40;

/// The terms of `text`, in order, as the index stores them.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_word(text, |word, _| terms.push(term_of(&word).into_owned()));
    terms
}

/// The index term of one word from `for_each_word`: its Porter2 stem when it
/// is made of ASCII letters and apostrophes, else the word itself.
pub fn term_of(word: &str) -> Cow<'_, str> {
    if is_stemmable(word) {
        Stemmer::create(Algorithm::English).stem(word)
    } else {
        Cow::Borrowed(word)
    }
}

/// Snowball English (Porter2) stem of a lowercase word.
pub fn stem(word: &str) -> String {
    Stemmer::create(Algorithm::English).stem(word).into_owned()
}

fn is_stemmable(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
}

/// Call `f(word, byte_offset)` for every word of `text`, lowercased and
/// filtered but not yet stemmed (stemming is cached by the caller).
pub(crate) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>, usize)) {
    let mut i = 0;
    while i < text.len() {
        let (is_word, len) = char_at(text, i);
        if !is_word {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < text.len() {
            let (is_word, len) = char_at(text, i);
            if !is_word {
                break;
            }
            i += len;
        }
        emit_run(&text[start..i], start, &mut f);
    }
}

/// Whether the character at byte `i` belongs to a word, and its length;
/// ASCII (nearly all text) without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (ASCII_WORD[b as usize], 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

/// Which ASCII bytes are word characters.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'\'';
        b += 1;
    }
    table
};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '\'' | '\u{2019}')
}

fn is_trimmed(c: char) -> bool {
    matches!(c, '_' | '\'' | '\u{2019}')
}

/// One run of word characters: plain words take the fast path.
fn emit_run<'t>(run: &'t str, offset: usize, f: &mut impl FnMut(Cow<'t, str>, usize)) {
    let trimmed = run.trim_start_matches(is_trimmed);
    let offset = offset + run.len() - trimmed.len();
    let run = trimmed.trim_end_matches(is_trimmed);
    if run.is_empty() {
        return;
    }
    if run.bytes().all(|b| b.is_ascii_lowercase()) {
        return keep(Cow::Borrowed(run), offset, f);
    }
    if is_capitalized(run) {
        return keep(Cow::Owned(run.to_ascii_lowercase()), offset, f);
    }
    let parts = identifier_parts(run);
    keep(lower(run), offset, f);
    if parts.len() > 1 {
        for part in parts {
            keep(lower(part), offset, f);
        }
    }
}

/// `Word` or `WORD`: ASCII letters with no identifier parts, so lowercasing is all it needs.
fn is_capitalized(run: &str) -> bool {
    let b = run.as_bytes();
    b[0].is_ascii_uppercase()
        && (b[1..].iter().all(u8::is_ascii_lowercase) || b.iter().all(u8::is_ascii_uppercase))
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase().replace('\u{2019}', "'"))
    }
}

fn keep<'t>(word: Cow<'t, str>, offset: usize, f: &mut impl FnMut(Cow<'t, str>, usize)) {
    let chars = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if (2..=MAX_CHARS).contains(&chars) && !is_stop_word(&word) {
        f(word, offset);
    }
}

/// Whether `word` is in `STOP_WORDS` (sorted; all of 1 to 4 letters).
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= 4 && STOP_WORDS.binary_search(&word).is_ok()
}

/// `word_count` -> `word`, `count`; `wordCount` -> `word`, `Count`;
/// `HTTPServer` -> `HTTP`, `Server`. A plain word is its only part.
pub(crate) fn identifier_parts(run: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for piece in run.split('_').filter(|p| !p.is_empty()) {
        let chars: Vec<(usize, char)> = piece.char_indices().collect();
        let mut from = 0;
        for k in 1..chars.len() {
            if is_camel_boundary(&chars, k) {
                parts.push(&piece[from..chars[k].0]);
                from = chars[k].0;
            }
        }
        parts.push(&piece[from..]);
    }
    parts
}

fn is_camel_boundary(chars: &[(usize, char)], k: usize) -> bool {
    let prev = chars[k - 1].1;
    let cur = chars[k].1;
    let next_lower = chars.get(k + 1).is_some_and(|&(_, c)| c.is_lowercase());
    (prev.is_lowercase() && cur.is_uppercase())
        || (prev.is_uppercase() && cur.is_uppercase() && next_lower)
}
