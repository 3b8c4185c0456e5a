//! Diagnostics every stage reports: an error or warning with a stable code,
//! the file and `line:col` where the user can fix it, the offending source
//! line, and a `help:` suggestion. Printed rustc-style; collected, never thrown.
//! Also the did-you-mean search those suggestions use.

use std::fmt::{self, Write as _};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A 1-based line and column (in characters) in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A value with the place in the source it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
    /// Width of the span in characters, for the caret line (at least 1).
    pub len: u32,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos, len: u32) -> Self {
        Located { value, pos, len }
    }
}

/// One problem found in the handbook, with everything needed to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, documented code such as `unknown-field` (see the README).
    pub code: &'static str,
    pub message: String,
    /// Path relative to the handbook root, with `/` separators.
    pub file: Option<String>,
    pub pos: Option<Pos>,
    pub len: u32,
    /// The source line at `pos`, shown under the location.
    pub source_line: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            pos: None,
            len: 1,
            source_line: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Point at `pos` in `source` (the whole file's text), copying the line
    /// so the printed diagnostic can show it with a caret.
    pub fn at(mut self, source: &str, pos: Pos, len: u32) -> Self {
        self.pos = Some(pos);
        self.len = len.max(1);
        self.source_line = source
            .lines()
            .nth(pos.line.saturating_sub(1) as usize)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Point at a position without a source line to show.
    pub fn at_pos(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, `file`, or nothing, as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_deref()?;
        Some(match self.pos {
            Some(p) => format!("{file}:{}:{}", p.line, p.col),
            None => file.to_string(),
        })
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: header, `--> file:line:col`, the source line with a caret, `help:`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        let gutter = self.pos.map_or(1, |p| p.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(loc) = self.location() {
            writeln!(f, "{pad}--> {loc}")?;
        }
        if let (Some(pos), Some(line)) = (self.pos, &self.source_line) {
            let shown = line.replace('\t', "    ");
            let col_chars: usize = line
                .chars()
                .take(pos.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            let mut caret = String::new();
            let _ = write!(
                caret,
                "{}{}",
                " ".repeat(col_chars),
                "^".repeat(self.len as usize)
            );
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", pos.line, shown)?;
            writeln!(f, "{pad} | {caret}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// The names in `candidates` closest to `wanted`, best first, for a
/// "did you mean" line. Close means a small edit distance relative to
/// length (Damerau, restricted: two swapped letters count as one edit), or
/// one name containing the other. Every page of a big handbook can be a
/// candidate for every broken link, so distances are worked out 64
/// characters at a time as bits, and a candidate that cannot beat the
/// third best so far is dropped.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    const SHOWN: usize = 3;
    let wanted_lower = wanted.to_lowercase();
    let wanted_chars: Vec<char> = wanted_lower.chars().collect();
    let wanted_count = wanted.chars().count();
    let pattern = Pattern::new(&wanted_chars);
    let mut rows = Rows::default();
    let mut chars = Vec::new();
    // The best so far, in order: once there are enough, a candidate only
    // needs to be within the last one's distance.
    let mut best: Vec<(usize, &str)> = Vec::with_capacity(SHOWN + 1);
    for c in candidates {
        let lower = lowercase(c);
        let contains = c.len() > 2
            && lower.len() <= wanted_lower.len()
            && wanted_lower.contains(lower.as_ref())
            || wanted.len() > 2
                && wanted_lower.len() <= lower.len()
                && lower.contains(&wanted_lower);
        // A name that contains the other is offered however far it is.
        let mut bound = if contains {
            usize::MAX
        } else {
            (wanted_count.max(c.chars().count()) / 3).max(2)
        };
        if let Some(&(last, _)) = best.get(SHOWN - 1) {
            bound = bound.min(last);
        }
        chars.clear();
        chars.extend(lower.chars());
        if wanted_chars.len().abs_diff(chars.len()) > bound {
            continue;
        }
        let d = match &pattern {
            Some(p) => Some(p.distance(&chars)).filter(|&d| d <= bound),
            None => edit_distance_within(&wanted_chars, &chars, bound, &mut rows),
        };
        let Some(d) = d else {
            continue;
        };
        if let Err(at) = best.binary_search(&(d, c)) {
            best.insert(at, (d, c));
            best.truncate(SHOWN);
        }
    }
    best.into_iter().map(|(_, c)| c).collect()
}

/// `name` lowercased, borrowed when it already is.
fn lowercase(name: &str) -> std::borrow::Cow<'_, str> {
    if name
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        std::borrow::Cow::Owned(name.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// A wanted name of up to 64 characters, set up for `distance`: for each
/// of its characters, the positions where it occurs, as bits.
struct Pattern {
    len: usize,
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
}

impl Pattern {
    fn new(chars: &[char]) -> Option<Self> {
        if chars.len() > 64 {
            return None;
        }
        let mut p = Pattern {
            len: chars.len(),
            ascii: [0; 128],
            other: Vec::new(),
        };
        for (i, &c) in chars.iter().enumerate() {
            let bit = 1u64 << i;
            match p.ascii.get_mut(c as usize) {
                Some(mask) => *mask |= bit,
                None => match p.other.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, mask)) => *mask |= bit,
                    None => p.other.push((c, bit)),
                },
            }
        }
        Some(p)
    }

    fn positions(&self, c: char) -> u64 {
        match self.ascii.get(c as usize) {
            Some(&mask) => mask,
            None => self
                .other
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |&(_, mask)| mask),
        }
    }

    /// `edit_distance_within` (unbounded) from this pattern to `text`,
    /// working down the table a column at a time with the column held as
    /// bits (Myers' method, with Hyyrö's swaps): bit `i` of `v_plus` /
    /// `v_minus` says the cell in row `i + 1` is one more / one less than
    /// the one above it, `h_plus` / `h_minus` the same against the cell to
    /// its left, and `d_zero` that it equals the one up and to its left.
    fn distance(&self, text: &[char]) -> usize {
        if self.len == 0 {
            return text.len();
        }
        let last = 1u64 << (self.len - 1);
        let (mut v_plus, mut v_minus) = (u64::MAX, 0u64);
        let (mut d_zero, mut previous) = (0u64, 0u64);
        let mut score = self.len;
        for &c in text {
            let eq = self.positions(c);
            let swap = ((!d_zero & eq) << 1) & previous;
            d_zero = (((eq & v_plus).wrapping_add(v_plus)) ^ v_plus) | eq | v_minus | swap;
            let mut h_plus = v_minus | !(d_zero | v_plus);
            let mut h_minus = d_zero & v_plus;
            if h_plus & last != 0 {
                score += 1;
            } else if h_minus & last != 0 {
                score -= 1;
            }
            // The top row counts up by one a column.
            h_plus = (h_plus << 1) | 1;
            h_minus <<= 1;
            v_plus = h_minus | !(d_zero | h_plus);
            v_minus = h_plus & d_zero;
            previous = eq;
        }
        score
    }
}

/// Rows of the distance table, kept between candidates.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    last: Vec<usize>,
    this: Vec<usize>,
}

/// The optimal-string-alignment distance between `a` and `b` (insertions,
/// deletions, substitutions, and swaps of two neighbours, each one edit),
/// or `None` if it passes `bound`: for names longer than `Pattern` takes.
/// Only the cells within `bound` of the diagonal can stay within it, so
/// only those are worked out; the rest read as "too far".
fn edit_distance_within(a: &[char], b: &[char], bound: usize, rows: &mut Rows) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let far = bound.saturating_add(1);
    let Rows { before, last, this } = rows;
    last.clear();
    last.extend((0..=b.len()).map(|j| j.min(far)));
    for i in 1..=a.len() {
        this.clear();
        this.resize(b.len() + 1, far);
        this[0] = i.min(far);
        let (from, to) = (
            i.saturating_sub(bound).max(1),
            i.saturating_add(bound).min(b.len()),
        );
        let mut least = this[0];
        for j in from..=to {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (last[j - 1] + cost).min(last[j] + 1).min(this[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            this[j] = d.min(far);
            least = least.min(this[j]);
        }
        // A row's least is at most one more than the last row's, and no
        // step on makes a distance smaller: once a row's least passes
        // `bound`, so does the answer (a swap past this row starts from
        // the last one, whose least is then `bound` or more).
        if least > bound {
            return None;
        }
        std::mem::swap(before, last);
        std::mem::swap(last, this);
    }
    Some(last[b.len()]).filter(|&d| d <= bound)
}

/// `did you mean `x`?` for the best match, if any.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let best = closest(wanted, candidates);
    match best.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Line and column (1-based, column in characters) of byte `offset` in `text`.
pub fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Pos::new(line as u32, col as u32)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style_with_caret_under_the_span() {
        let src = "+++\ntitel = \"x\"\n+++\n";
        let d = Diagnostic::error("unknown-field", "unknown front-matter field `titel`")
            .in_file("content/a.md")
            .at(src, Pos::new(2, 1), 5)
            .with_help("did you mean `title`?");
        let shown = d.to_string();
        assert_eq!(
            shown,
            "error[unknown-field]: unknown front-matter field `titel`\n \
             --> content/a.md:2:1\n  |\n2 | titel = \"x\"\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    /// Xorshift: the same pseudo-random cases on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn bit_parallel_distance_agrees_with_the_table() {
        // Every pair of words of up to 6 letters over a three-letter
        // alphabet (where swaps, repeats and overlaps are densest), and
        // random longer pairs up to the 64 a pattern takes.
        let words: Vec<Vec<char>> = (0..=6u32)
            .flat_map(|len| {
                (0..3u32.pow(len)).map(move |mut n| {
                    (0..len)
                        .map(|_| {
                            let c = char::from(b'a' + (n % 3) as u8);
                            n /= 3;
                            c
                        })
                        .collect()
                })
            })
            .collect();
        let mut rows = Rows::default();
        let sample: Vec<&Vec<char>> = words.iter().step_by(7).collect();
        for a in &sample {
            let p = Pattern::new(a).unwrap();
            for b in &sample {
                let d = p.distance(b);
                assert_eq!(Some(d), edit_distance_within(a, b, usize::MAX, &mut rows));
                // Bounded, it answers exactly when within the bound.
                for bound in 0..4 {
                    let within = edit_distance_within(a, b, bound, &mut rows);
                    assert_eq!(
                        within,
                        Some(d).filter(|&d| d <= bound),
                        "{a:?} {b:?} {bound}"
                    );
                }
            }
        }
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let word = |rng: &mut Rng, most: u64| -> Vec<char> {
            let n = rng.below(most);
            (0..n)
                .map(|_| ['a', 'b', 'é', '-'][rng.below(4) as usize])
                .collect()
        };
        for _ in 0..2000 {
            let (a, b) = (word(&mut rng, 65), word(&mut rng, 80));
            let p = Pattern::new(&a).unwrap();
            let d = p.distance(&b);
            assert_eq!(Some(d), edit_distance_within(&a, &b, usize::MAX, &mut rows));
            let bound = rng.below(12) as usize;
            let within = edit_distance_within(&a, &b, bound, &mut rows);
            assert_eq!(
                within,
                Some(d).filter(|&d| d <= bound),
                "{a:?} {b:?} {bound}"
            );
        }
        let mut distance = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            edit_distance_within(&a, &b, usize::MAX, &mut rows)
        };
        assert_eq!(distance("ab", "ba"), Some(1));
        // Restricted: a swapped pair is not edited again.
        assert_eq!(distance("ca", "abc"), Some(3));
    }

    #[test]
    fn closest_finds_what_scoring_every_candidate_in_full_finds() {
        // The shortcuts (the running top three's bound, the length check,
        // the bit-parallel distance) must not change the answer.
        let mut rows = Rows::default();
        let mut full = |wanted: &str, names: &[String]| -> Vec<String> {
            let w: Vec<char> = wanted.to_lowercase().chars().collect();
            let mut scored: Vec<(usize, &String)> = names
                .iter()
                .filter_map(|c| {
                    let lower = c.to_lowercase();
                    let d = edit_distance_within(
                        &w,
                        &lower.chars().collect::<Vec<_>>(),
                        usize::MAX,
                        &mut rows,
                    )?;
                    let limit = (wanted.chars().count().max(c.chars().count()) / 3).max(2);
                    let contains = c.len() > 2 && wanted.to_lowercase().contains(&lower)
                        || wanted.len() > 2 && lower.contains(&wanted.to_lowercase());
                    (d <= limit || contains).then_some((d, c))
                })
                .collect();
            scored.sort();
            scored.dedup_by(|a, b| a.1 == b.1);
            scored.into_iter().take(3).map(|(_, c)| c.clone()).collect()
        };
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let parts = [
            "kata",
            "Coach",
            "review",
            "-",
            "/",
            "a",
            "ab",
            "ba",
            "five-questions",
        ];
        let name = |rng: &mut Rng, most: u64| -> String {
            let n = 1 + rng.below(most);
            (0..n)
                .map(|_| parts[rng.below(parts.len() as u64) as usize])
                .collect()
        };
        for round in 0..300 {
            // Longer names in some rounds, past the 64 characters a
            // pattern takes.
            let most = if round % 3 == 0 { 14 } else { 6 };
            let names: Vec<String> = (0..40).map(|_| name(&mut rng, most)).collect();
            let wanted = name(&mut rng, most);
            let got: Vec<&str> = closest(&wanted, names.iter().map(String::as_str));
            assert_eq!(got, full(&wanted, &names), "{wanted} among {names:?}");
        }
    }

    #[test]
    fn closest_prefers_small_edits() {
        assert_eq!(closest("titel", ["title", "tags", "weight"]), vec!["title"]);
        assert!(closest("zzzz", ["title", "tags"]).is_empty());
    }

    #[test]
    fn offsets_map_to_one_based_line_and_char_column() {
        let text = "ab\ncdé f";
        assert_eq!(pos_of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(pos_of_offset(text, 3), Pos::new(2, 1));
        assert_eq!(pos_of_offset(text, 8), Pos::new(2, 5));
    }
}
