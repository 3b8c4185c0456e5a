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

use crate::swar::{HIGH, ONES, load};

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
    for_each_word(text, |word, _| {
        terms.push(term_of(word.as_str()).into_owned())
    });
    terms
}

/// A word as `for_each_word` gives it: a slice of the text, or, when it
/// had to be lowercased, of a buffer that lives only for that call (so that
/// counting a word seen before allocates nothing).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Word<'t, 's> {
    Text(&'t str),
    Lowered(&'s str),
}

impl Word<'_, '_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Word::Text(w) | Word::Lowered(w) => w,
        }
    }
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

/// What `for_each_word` gives its words to: a closure, or a type whose
/// `word` the tokenizer's loop can take in whole.
pub(crate) trait Words<'t> {
    fn word(&mut self, word: Word<'t, '_>, offset: usize);
}

impl<'t, F: FnMut(Word<'t, '_>, usize)> Words<'t> for F {
    fn word(&mut self, word: Word<'t, '_>, offset: usize) {
        self(word, offset)
    }
}

/// Call `f(word, byte_offset)` for every word of `text`, lowercased and
/// filtered but not yet stemmed (stemming is cached by the caller).
pub(crate) fn for_each_word<'t>(text: &'t str, f: impl FnMut(Word<'t, '_>, usize)) {
    read_words(text, f);
}

/// `for_each_word` for any `Words`.
pub(crate) fn read_words<'t>(text: &'t str, mut f: impl Words<'t>) {
    let bytes = text.as_bytes();
    let mut lowered = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let (is_word, len) = char_at(text, i);
        if !is_word {
            i += len;
            continue;
        }
        let start = i;
        // Most words are lowercase ASCII letters followed by a space or a
        // punctuation mark: they need no trimming, splitting or lowering.
        i += lowercase_run(&bytes[i..]);
        if i > start && ends_word(bytes, i) {
            keep_ascii(Word::Text(&text[start..i]), start, &mut f);
            continue;
        }
        // Most others begin a sentence: one capital, then the same.
        if i == start && bytes[i].is_ascii_uppercase() {
            let end = i + 1 + lowercase_run(&bytes[i + 1..]);
            if ends_word(bytes, end) {
                lowered.clear();
                lowered.push_str(&text[start..end]);
                lowered.make_ascii_lowercase();
                keep_ascii(Word::Lowered(&lowered), start, &mut f);
                i = end;
                continue;
            }
        }
        while i < bytes.len() {
            let (is_word, len) = char_at(text, i);
            if !is_word {
                break;
            }
            i += len;
        }
        emit_run(
            &text[start..i],
            start,
            &mut lowered,
            &mut f as &mut Emit<'t, '_>,
        );
    }
}

/// How many bytes `bytes` starts with that are lowercase ASCII letters;
/// eight at a time while eight remain.
#[inline]
pub(super) fn lowercase_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let x = load(chunk);
        // Per byte below 0x80 (no carry crosses a byte): the high bit of
        // `from_a` is set when the byte is `a` or above, of `past_z` when
        // it is above `z`.
        let from_a = x.wrapping_add(ONES * (0x80 - u64::from(b'a')));
        let past_z = x.wrapping_add(ONES * (0x80 - u64::from(b'z') - 1));
        let other = (!from_a | past_z | x) & HIGH;
        if other != 0 {
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .take_while(|b| b.is_ascii_lowercase())
        .count()
}

/// Whether a word ends at byte `i`: the text ends there, or an ASCII
/// character that is not part of a word follows.
#[inline(always)]
fn ends_word(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .is_none_or(|&b| b < 0x80 && !ASCII_WORD[b as usize])
}

/// `keep` for a word of lowercase ASCII letters.
#[inline(always)]
fn keep_ascii<'t>(word: Word<'t, '_>, offset: usize, f: &mut impl Words<'t>) {
    let w = word.as_str();
    if (2..=MAX_CHARS).contains(&w.len()) && !is_stop_word(w) {
        f.word(word, offset);
    }
}

/// Whether the character at byte `i` belongs to a word, and its length;
/// ASCII (nearly all text) without decoding.
#[inline(always)]
fn char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (ASCII_WORD[b as usize], 1)
    } else {
        wide_char_at(text, i)
    }
}

#[cold]
fn wide_char_at(text: &str, i: usize) -> (bool, usize) {
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

/// `for_each_word`'s callback as the slow path takes it: called through a
/// pointer, so that the fast path's one call can be inlined.
type Emit<'t, 'f> = dyn Words<'t> + 'f;

/// One run of word characters: plain words take the fast path; words that
/// need lowering are lowered into `lowered`.
fn emit_run<'t>(run: &'t str, offset: usize, lowered: &mut String, f: &mut Emit<'t, '_>) {
    let trimmed = run.trim_start_matches(is_trimmed);
    let offset = offset + run.len() - trimmed.len();
    let run = trimmed.trim_end_matches(is_trimmed);
    if run.is_empty() {
        return;
    }
    if run.bytes().all(|b| b.is_ascii_lowercase()) {
        return keep(Word::Text(run), offset, f);
    }
    if is_capitalized(run) {
        lowered.clear();
        lowered.push_str(run);
        lowered.make_ascii_lowercase();
        return keep(Word::Lowered(lowered), offset, f);
    }
    let parts = identifier_parts(run);
    keep_lowered(run, offset, lowered, f);
    if parts.len() > 1 {
        for part in parts {
            keep_lowered(part, offset, lowered, f);
        }
    }
}

/// `keep` for `word` lowercased, with `’` read as `'`.
fn keep_lowered<'t>(word: &'t str, offset: usize, lowered: &mut String, f: &mut Emit<'t, '_>) {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return keep(Word::Text(word), offset, f);
    }
    lowered.clear();
    lowered.push_str(&word.to_lowercase().replace('\u{2019}', "'"));
    keep(Word::Lowered(lowered), offset, f);
}

/// `Word` or `WORD`: ASCII letters with no identifier parts, so lowercasing is all it needs.
fn is_capitalized(run: &str) -> bool {
    let b = run.as_bytes();
    b[0].is_ascii_uppercase()
        && (b[1..].iter().all(u8::is_ascii_lowercase) || b.iter().all(u8::is_ascii_uppercase))
}

fn keep<'t>(word: Word<'t, '_>, offset: usize, f: &mut Emit<'t, '_>) {
    let w = word.as_str();
    let chars = if w.is_ascii() {
        w.len()
    } else {
        w.chars().count()
    };
    if (2..=MAX_CHARS).contains(&chars) && !is_stop_word(w) {
        f.word(word, offset);
    }
}

/// Whether `word` is in `STOP_WORDS`. Called for every word of every page,
/// so it compares bytes by length instead of searching the list (a test
/// checks the two agree).
#[inline(always)]
pub fn is_stop_word(word: &str) -> bool {
    matches!(
        word.as_bytes(),
        b"a" | b"an"
            | b"as"
            | b"at"
            | b"be"
            | b"by"
            | b"if"
            | b"in"
            | b"is"
            | b"it"
            | b"of"
            | b"on"
            | b"or"
            | b"to"
            | b"and"
            | b"are"
            | b"but"
            | b"for"
            | b"its"
            | b"the"
            | b"was"
            | b"from"
            | b"into"
            | b"that"
            | b"this"
            | b"with"
    )
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
