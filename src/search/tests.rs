//! Unit tests of the search index: tokenizer (and the vectors it shares
//! with search.js), Markdown sections, encoding, ranking, layout, and the
//! JavaScript side through node when it is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::analyze::{self, SlotHit};
use super::encode::{DIGITS, push_fixed2, push_json_str, push_varint, script};
use super::layout::pack;
use super::markdown;
use super::postings::{self, Posting, TermList, card_depth, card_ranks, quantize};
use super::*;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---- tokenizer ----------------------------------------------------------

#[test]
fn tokenize_stems_lowercases_and_drops_stop_words() {
    assert_eq!(
        tokenize("The Coaching Questions of the TEAM"),
        ["coach", "question", "team"]
    );
}

#[test]
fn identifiers_give_whole_and_parts() {
    assert_eq!(
        tokenize("word_count wordCount HTTPServer"),
        [
            "word_count",
            "word",
            "count",
            "wordcount",
            "word",
            "count",
            "httpserver",
            "http",
            "server"
        ]
    );
}

#[test]
fn apostrophes_are_part_of_words_and_curly_ones_read_straight() {
    assert_eq!(
        tokenize("the team’s goal, 'quoted'"),
        ["team", "goal", "quot"]
    );
    assert_eq!(tokenize("don't"), ["don't"]);
}

#[test]
fn short_long_and_non_english_words() {
    assert_eq!(tokenize("a x 42 café Größe"), ["42", "café", "größe"]);
    let long = "a".repeat(41);
    assert!(tokenize(&long).is_empty());
}

#[test]
fn markup_in_text_is_only_words() {
    assert_eq!(
        tokenize("<img src=x onerror=alert(1)>"),
        ["img", "src", "onerror", "alert"]
    );
}

#[test]
fn word_offsets_point_into_the_text() {
    let text = "Ask  the __coach__ now";
    let mut seen = Vec::new();
    tokenize::for_each_word(text, |w, at| seen.push((w.as_str().to_string(), at)));
    assert_eq!(
        seen,
        [
            ("ask".to_string(), 0),
            ("coach".to_string(), 11),
            ("now".to_string(), 19)
        ]
    );
}

#[test]
fn capitalised_words_read_alike_wherever_they_stand() {
    // A capital then lowercase letters takes a short cut; the words around
    // it decide whether it may.
    let text = "Ask. The I Don't Step1 ASK Ask_me Café Ask";
    let mut seen = Vec::new();
    tokenize::for_each_word(text, |w, at| seen.push((w.as_str().to_string(), at)));
    let expected = [
        ("ask", 0),
        ("don't", 11),
        ("step1", 17),
        ("ask", 23),
        ("ask_me", 27),
        ("ask", 27),
        ("me", 27),
        ("café", 34),
        ("ask", 40),
    ];
    let expected: Vec<(String, usize)> = expected
        .iter()
        .map(|&(w, at)| (w.to_string(), at))
        .collect();
    assert_eq!(seen, expected);
}

// ---- shared vectors: Rust side, and JavaScript side through node --------

#[derive(serde::Deserialize)]
struct Vectors {
    about: String,
    stems: Vec<(String, String)>,
    tokens: Vec<TokenCase>,
}

#[derive(serde::Deserialize)]
struct TokenCase {
    text: String,
    tokens: Vec<String>,
}

fn vectors_path() -> PathBuf {
    manifest_dir().join("tests/search_vectors/vectors.json")
}

#[test]
fn vectors_rust_side() {
    let text = std::fs::read_to_string(vectors_path()).unwrap();
    let mut vectors: Vectors = serde_json::from_str(&text).unwrap();
    assert!(vectors.stems.len() >= 300, "too few stemming pairs");
    for (word, want) in &vectors.stems {
        assert_eq!(&stem(word), want, "stem of {word:?}");
    }
    if std::env::var_os("DOJO_BLESS").is_some() {
        vectors
            .tokens
            .iter_mut()
            .for_each(|c| c.tokens = tokenize(&c.text));
        std::fs::write(vectors_path(), write_vectors(&vectors)).unwrap();
    }
    for case in &vectors.tokens {
        assert_eq!(
            tokenize(&case.text),
            case.tokens,
            "tokens of {:?}",
            case.text
        );
    }
}

/// One stem pair or token case a line, so a change reads as a small diff.
fn write_vectors(v: &Vectors) -> String {
    let json = |s: &str| {
        let mut out = String::new();
        push_json_str(&mut out, s);
        out
    };
    let stems: Vec<String> = v
        .stems
        .iter()
        .map(|(w, s)| format!("  [{}, {}]", json(w), json(s)))
        .collect();
    let tokens: Vec<String> = v
        .tokens
        .iter()
        .map(|c| {
            let list: Vec<String> = c.tokens.iter().map(|t| json(t)).collect();
            format!(
                "  {{\"text\": {}, \"tokens\": [{}]}}",
                json(&c.text),
                list.join(", ")
            )
        })
        .collect();
    format!(
        "{{\n\"about\": {},\n\"stems\": [\n{}\n],\n\"tokens\": [\n{}\n]\n}}\n",
        json(&v.about),
        stems.join(",\n"),
        tokens.join(",\n")
    )
}

/// Run a node script of tests/search_vectors/, or say why not. With
/// `CI=true` a missing node fails the test; elsewhere the test is skipped.
fn node(args: &[&str]) -> Option<std::process::Output> {
    match Command::new("node")
        .args(args)
        .current_dir(manifest_dir())
        .output()
    {
        Ok(out) => Some(out),
        Err(e) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "node is needed for the search.js tests under CI: {e}");
            eprintln!("skipped: node is not installed ({e}); search.js is not checked");
            None
        }
    }
}

#[test]
fn vectors_javascript_side() {
    let Some(out) = node(&["tests/search_vectors/check.js"]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "check.js failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

// ---- Markdown sections ----------------------------------------------------

#[test]
fn sections_follow_headings_with_given_ids() {
    let body = "Lead-in with `inline_code`.\n\n## First part\n\nText **bold** here.\n\n```yaml\nkey: value\n```\n\n### Deeper\n\nMore ![alt text](x.png) text.\n";
    let ids = vec!["first-part".to_string(), "deeper".to_string()];
    let s = sections_from_markdown(body, ids);
    assert_eq!(s.len(), 3);
    assert_eq!((s[0].level, s[0].anchor.as_deref()), (0, None));
    assert_eq!(s[0].text, "Lead-in with inline_code.");
    assert_eq!(s[0].code, "inline_code");
    assert_eq!(s[1].heading, "First part");
    assert_eq!(s[1].anchor.as_deref(), Some("first-part"));
    assert_eq!((s[1].level, s[1].text.as_str()), (2, "Text bold here."));
    assert_eq!(s[1].code, "key: value");
    assert_eq!((s[2].level, s[2].text.as_str()), (3, "More text."));
}

#[test]
fn sections_without_lead_in_or_enough_ids() {
    let s = sections_from_markdown("# One\n\ntext\n\n# Two\n", vec!["one".to_string()]);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].heading, "One");
    assert_eq!(s[1].anchor, None);
}

#[test]
fn lists_and_tables_do_not_glue_words() {
    let s = sections_from_markdown(
        "- one\n- two\n\n| a | b |\n|---|---|\n| c | d |\n",
        Vec::new(),
    );
    assert_eq!(s[0].text, "one two a b c d");
}

#[test]
fn white_space_in_text_is_one_space_at_a_time() {
    // Spaces kept in inline code and in text after a hard break, tabs, and
    // line breaks all come out as single spaces, none leading or trailing.
    let s = sections_from_markdown("`a  b` and\tc  \nd   e  \n  f `  g`\n", Vec::new());
    assert_eq!(s[0].text, "a b and c d e f g");
    assert_eq!(s[0].code, "a  b   g");
}

#[test]
fn collapsed_text_is_told_eight_bytes_at_a_time_as_one_by_one() {
    let one_by_one = |b: &[u8]| {
        b.first() != Some(&b' ')
            && !b.iter().any(|&c| c < b' ')
            && !b.windows(2).any(|w| w == b"  ")
    };
    // A space, a second space, a tab, a newline or a byte above ASCII at
    // every position of texts up to three words of eight long.
    for len in 0..24 {
        let text: Vec<u8> = (0..len)
            .map(|i| if i % 3 == 2 { b' ' } else { b'w' })
            .collect();
        for at in 0..len {
            for b in [b' ', b'\t', b'\n', 0x1f, b'!', 0xc3] {
                let mut t = text.clone();
                t[at] = b;
                assert_eq!(markdown::is_collapsed(&t), one_by_one(&t), "{t:?}");
            }
        }
        assert_eq!(markdown::is_collapsed(&text), one_by_one(&text), "{text:?}");
    }
}

#[test]
fn text_is_collapsed_alike_by_every_path() {
    // One character at a time: each run of white space one space, none
    // leading. The short cuts (whole text, text after one space) must agree.
    let one_by_one = |out: &str, text: &str| {
        let mut out = out.to_string();
        for c in text.chars() {
            if !c.is_ascii_whitespace() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
    let texts = [
        "",
        " ",
        "  ",
        "word",
        " word",
        "  word",
        " two words",
        " two  words",
        "\tword",
        " word\n",
        "word ",
        " é word",
        "a b c d e f g h i j",
    ];
    for before in ["", "Text", "Text "] {
        for text in texts {
            let mut out = before.to_string();
            markdown::push_collapsed(&mut out, text);
            assert_eq!(out, one_by_one(before, text), "{before:?} + {text:?}");
        }
    }
}

// ---- encoding -------------------------------------------------------------

/// Read the varints `push_varint` writes (as search.js does).
fn read_varints(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut v, mut shift) = (0u64, 0);
    for c in s.bytes() {
        let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
        if d >= 32 {
            v |= (d - 32) << shift;
            shift += 5;
        } else {
            out.push(v | d << shift);
            (v, shift) = (0, 0);
        }
    }
    out
}

#[test]
fn varints_round_trip() {
    let values = [
        0,
        1,
        31,
        32,
        1023,
        1024,
        99_999,
        u64::from(u32::MAX) << 1 | 1,
    ];
    let mut s = String::new();
    values.iter().for_each(|&v| push_varint(&mut s, v));
    assert_eq!(read_varints(&s), values);
    assert_eq!(&s[..5], "01VW1");
}

#[test]
fn fixed_width_scores_and_json_strings() {
    let mut s = String::new();
    push_fixed2(&mut s, 0);
    push_fixed2(&mut s, 4095);
    push_fixed2(&mut s, 9999);
    assert_eq!(s, "00____");
    let mut j = String::new();
    push_json_str(&mut j, "a\"b\\c\n\u{1}\u{2028}</script>");
    assert_eq!(j, r#""a\"b\\c\n\u0001\u2028</script>""#);
    // Other characters that start with the same byte as U+2028 stay as they are.
    let text = "…\t\u{2029}x\u{1f}é€\u{2028}";
    let mut j = String::new();
    push_json_str(&mut j, text);
    assert_eq!(j, r#""…\t\u2029x\u001fé€\u2028""#);
    assert_eq!(serde_json::from_str::<String>(&j).unwrap(), text);
}

#[test]
fn every_file_is_a_register_call() {
    let bytes = script("t/3", "abc", "\"t\":[]");
    assert_eq!(
        bytes,
        b"dojoSearch.register({\"f\":\"t/3\",\"b\":\"abc\",\"t\":[]});\n"
    );
}

#[test]
fn quantized_scores_keep_order() {
    assert_eq!(quantize(0.0), 0);
    assert!(quantize(0.5) < quantize(0.51));
    assert!(quantize(100.0) < quantize(101.0));
    assert_eq!(quantize(1e12), 4095);
}

// ---- ranking ----------------------------------------------------------------

fn doc(url: &str, title: &str, heading: &str, body: &str) -> SearchDoc {
    SearchDoc {
        url: url.to_string(),
        title: title.to_string(),
        kind: "page".to_string(),
        section: "Guides".to_string(),
        summary: String::new(),
        tags: Vec::new(),
        roles: Vec::new(),
        sections: vec![SearchSection {
            heading: heading.to_string(),
            anchor: Some(heading.to_lowercase().replace(' ', "-")),
            level: 2,
            text: body.to_string(),
            code: String::new(),
        }],
    }
}

fn filler(n: usize) -> Vec<SearchDoc> {
    (0..n)
        .map(|i| {
            doc(
                &format!("f/{i}/"),
                &format!("Filler {i}"),
                "Notes",
                "plain words here",
            )
        })
        .collect()
}

/// The decoded postings of `term`: (page, stored score, mask, in title).
fn postings_of(index: &SearchIndex, term: &str) -> Vec<(u64, u64, u64, u64)> {
    for (path, bytes) in &index.files {
        if !path.starts_with("t/") {
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap();
        let json = &text["dojoSearch.register(".len()..text.len() - 3];
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let terms = v["t"].as_array().unwrap();
        if let Some(i) = terms.iter().position(|t| t == term) {
            let raw = read_varints_mixed(v["p"][i].as_str().unwrap());
            return raw;
        }
    }
    Vec::new()
}

/// Postings string: count, then (gap varint, 2 fixed digits, mask varint).
fn read_varints_mixed(s: &str) -> Vec<(u64, u64, u64, u64)> {
    let digits: Vec<u64> = s
        .bytes()
        .map(|c| DIGITS.iter().position(|&x| x == c).unwrap() as u64)
        .collect();
    let mut i = 0;
    let varint = |i: &mut usize| {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let d = digits[*i];
            *i += 1;
            if d < 32 {
                return v | d << shift;
            }
            v |= (d - 32) << shift;
            shift += 5;
        }
    };
    let n = varint(&mut i);
    let mut out = Vec::new();
    let mut doc = 0;
    for _ in 0..n {
        doc += varint(&mut i);
        let q = digits[i] * 64 + digits[i + 1];
        i += 2;
        let m = varint(&mut i);
        out.push((doc, q, m >> 1, m & 1));
    }
    out
}

#[test]
fn title_beats_heading_beats_body_beats_code() {
    let mut docs = filler(20);
    docs.push(doc("a/", "Escalation guide", "Notes", "nothing"));
    docs.push(doc("b/", "Guide", "Escalation", "nothing"));
    docs.push(doc("c/", "Guide", "Notes", "an escalation happens"));
    let mut code_doc = doc("d/", "Guide", "Notes", "nothing");
    code_doc.sections[0].code = "escalation".to_string();
    docs.push(code_doc);
    let index = build_index(&docs, &IndexOptions::default());
    let mut p = postings_of(&index, "escal");
    p.sort_by_key(|x| std::cmp::Reverse(x.1));
    // Pages are numbered by URL: a/ b/ c/ d/ come first.
    let order: Vec<u64> = p.iter().map(|x| x.0).collect();
    assert_eq!(order, [0, 1, 2, 3]);
    assert_eq!(p[0].3, 1, "title flag");
    assert_eq!(p[1].2, 0b10, "heading is in slot 1");
}

#[test]
fn cut_keeps_top_postings_and_all_title_matches() {
    let mut docs = filler(10);
    for i in 0..30 {
        docs.push(doc(&format!("t/{i:02}/"), "Coaching", "Notes", "text"));
        docs.push(doc(
            &format!("b/{i:02}/"),
            "Guide",
            "Notes",
            "coaching coaching",
        ));
    }
    let opts = IndexOptions {
        postings_per_term: 5,
        ..IndexOptions::default()
    };
    let index = build_index(&docs, &opts);
    let p = postings_of(&index, "coach");
    assert_eq!(p.len(), 30, "every title match kept, body matches cut");
    assert!(p.iter().all(|x| x.3 == 1));
}

#[test]
fn cut_keeps_the_best_body_matches() {
    let mut docs = filler(10);
    for i in 1..=6 {
        let body = format!("{}{}", "review ".repeat(i), "other ".repeat(6 - i));
        docs.push(doc(&format!("r/{i}/"), "Guide", "Notes", &body));
    }
    docs.push(doc("t/", "Review", "Notes", "text"));
    let opts = IndexOptions {
        postings_per_term: 3,
        ..IndexOptions::default()
    };
    let p = postings_of(&build_index(&docs, &opts), "review");
    // Pages by URL: f/0/ to f/9/, then r/1/ (10) to r/6/ (15), then t/.
    // The title match ranks first; the more often a page of the same
    // length says the word, the higher it ranks after that, so the two
    // that say it most complete the top three.
    let kept: Vec<u64> = p.iter().map(|x| x.0).collect();
    assert_eq!(kept, [14, 15, 16]);
    assert!(p[0].1 < p[1].1 && p[1].1 < p[2].1, "{p:?}");
}

fn posting(doc: u32, q: u16, title: bool) -> Posting {
    Posting {
        doc,
        q,
        mask: 1,
        title,
        hit: SlotHit {
            slot: 0,
            weight: 1.0,
            offset: u32::MAX,
        },
    }
}

#[test]
fn cards_go_to_top_postings_and_title_matches_within_budget() {
    let kept = vec![
        posting(1, 9, false),
        posting(2, 8, false),
        posting(3, 7, true),
        posting(4, 6, false),
    ];
    assert_eq!(card_ranks(&kept, 1), [0, 2]);
    let lists = vec![TermList {
        df: 4,
        postings: kept,
        cards: Vec::new(),
    }];
    assert_eq!(card_depth(&lists, 100, 4), 100);
    assert_eq!(card_depth(&lists, 100, 3), 3);
    assert_eq!(card_depth(&lists, 100, 2), 1);
    assert_eq!(card_depth(&lists, 100, 0), 0);
}

#[test]
fn excerpts_start_near_the_match_and_cut_at_words() {
    let text = "First sentence here. The escalation happens when a customer asks for a manager and the agent cannot resolve the issue alone, which takes some more words to fill the window up.";
    let at = text.find("escalation").unwrap();
    let e = cards::excerpt(text, at).to_string();
    assert!(e.starts_with("The escalation"), "{e}");
    assert!(e.ends_with('…') && e.len() < 150, "{e}");
    assert_eq!(cards::excerpt("short", 0).to_string(), "short");
}

// ---- layout and determinism --------------------------------------------------

#[test]
fn pack_prefers_prefix_boundaries_and_respects_the_limit() {
    let terms: Vec<String> = ["aaa1", "aaa2", "aab1", "aab2", "aab3", "abc"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let sizes = vec![10; terms.len()];
    let ranges = pack(&terms, &sizes, 3, 35);
    assert_eq!(ranges, [0..2, 2..5, 5..6]);
}

fn sample_docs() -> Vec<SearchDoc> {
    let mut docs = filler(50);
    for i in 0..40 {
        let mut d = doc(
            &format!("kata/k{i:02}/"),
            &format!("Kata number {i} on coaching"),
            "Practice",
            "Practise the coaching questions every morning with the team lead.",
        );
        d.kind = "kata".to_string();
        d.tags = vec!["coaching".to_string()];
        d.roles = vec!["team-lead".to_string()];
        docs.push(d);
    }
    docs
}

#[test]
fn terms_and_ranks_are_the_same_however_the_pages_are_cut_into_runs() {
    // Words of one term on one page (`review`, `Reviews`, `reviewing`) in
    // different sections, words longer than 16 bytes, and pages that share
    // words with pages of other runs.
    let mut docs = sample_docs();
    for i in 0..12 {
        let mut d = doc(
            &format!("r/{i}/"),
            &format!("Reviews of the onboarding_checklist {i}"),
            "Reviewing together",
            "A review a day; REVIEWS weekly. Internationalisation-ready checklists.",
        );
        d.sections.push(SearchSection {
            heading: "Review notes".to_string(),
            anchor: Some("review-notes".to_string()),
            level: 3,
            text: format!("review step {i} of the counterintuitively long review"),
            code: "let review_count = reviews.len();".to_string(),
        });
        docs.push(d);
    }
    let refs: Vec<&SearchDoc> = docs.iter().collect();
    let flat = |a: &analyze::Analysis| -> Vec<Vec<analyze::TermInPage>> {
        (0..a.postings.len())
            .map(|t| a.postings.parts(t).entries().copied().collect())
            .collect()
    };
    // Ranked and cut to three a term, most lists are cut, and their best
    // postings are found again across the runs' parts.
    let ranked = |a: analyze::Analysis| {
        let opts = IndexOptions {
            postings_per_term: 3,
            ..IndexOptions::default()
        };
        let (lists, depth) = postings::collect(&a.postings, &a.lengths, &opts);
        let lists: Vec<_> = lists
            .into_iter()
            .map(|l| (l.df, l.postings, l.cards))
            .collect();
        (lists, depth)
    };
    let whole = analyze::analyze_in_runs(&refs, refs.len());
    assert!(whole.terms.iter().any(|t| t == "review"));
    let whole_ranked = ranked(analyze::analyze_in_runs(&refs, refs.len()));
    assert!(
        whole_ranked
            .0
            .iter()
            .any(|(df, kept, _)| *df > 5 && kept.len() == 3)
    );
    for run in [1, 5, 64] {
        let cut = analyze::analyze_in_runs(&refs, run);
        assert_eq!(cut.terms, whole.terms, "runs of {run}");
        assert_eq!(flat(&cut), flat(&whole), "runs of {run}");
        assert_eq!(cut.lengths, whole.lengths, "runs of {run}");
        assert_eq!(ranked(cut), whole_ranked, "runs of {run}");
    }
}

#[test]
fn index_is_deterministic_whatever_the_order_or_threads() {
    let docs = sample_docs();
    let a = build_index(&docs, &IndexOptions::default());
    let mut reversed = docs.clone();
    reversed.reverse();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let b = pool.install(|| build_index(&reversed, &IndexOptions::default()));
    assert_eq!(a, b);
    let mut changed = docs;
    changed[0].title.push('!');
    assert_ne!(
        build_index(&changed, &IndexOptions::default()).build_id,
        a.build_id
    );
}

#[test]
fn build_id_changes_with_anything_the_index_holds() {
    let docs = sample_docs();
    let id = |docs: &[SearchDoc]| build_index(docs, &IndexOptions::default()).build_id;
    let base = id(&docs);
    let edits: [fn(&mut SearchDoc); 9] = [
        |d| d.sections[0].text.push('x'),
        |d| d.sections[0].code.push_str("retro_board"),
        // A heading's section made the text before the first heading.
        |d| d.sections[0].level = 0,
        |d| d.sections[0].anchor = Some("elsewhere".into()),
        |d| d.tags.push("new".into()),
        |d| d.roles.push("Coach".into()),
        |d| d.url.push('x'),
        |d| d.kind = "kata".into(),
        // The same text, cut at another place between two fields.
        |d| {
            let title = std::mem::take(&mut d.title);
            d.summary = format!("{title}{}", d.summary);
        },
    ];
    for (n, edit) in edits.iter().enumerate() {
        let mut changed = docs.clone();
        edit(&mut changed[0]);
        assert_ne!(id(&changed), base, "edit {n} kept the build id");
    }
    // The id is the index's: an edit the index does not see (a one-letter
    // word is not indexed, nor is a heading's level) leaves every file as
    // it was, and the id too.
    let mut unseen = docs.clone();
    unseen[0].sections[0].code.push_str(" x");
    unseen[0].sections[0].level += 1;
    assert_eq!(id(&unseen), base);
}

#[test]
fn every_file_carries_the_build_id_and_folders_stay_small() {
    let index = build_index(&sample_docs(), &IndexOptions::default());
    assert_eq!(index.build_id.len(), 16);
    let needle = format!("\"b\":\"{}\"", index.build_id);
    let mut per_folder = std::collections::HashMap::new();
    for (path, bytes) in &index.files {
        assert!(String::from_utf8_lossy(bytes).contains(&needle), "{path}");
        let folder = Path::new(path).parent().unwrap().to_path_buf();
        *per_folder.entry(folder).or_insert(0) += 1;
    }
    assert!(per_folder.values().all(|&n| n <= 1000));
    assert!(index.files.iter().any(|(p, _)| p == "manifest.js"));
}

/// Every card file's lists of cards for `term`, in file order.
fn card_lists(index: &SearchIndex, term: &str) -> Vec<Vec<serde_json::Value>> {
    let mut files: Vec<(u64, serde_json::Value)> = index
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("c/"))
        .map(|(_, bytes)| {
            let text = std::str::from_utf8(bytes).unwrap();
            let json = &text["dojoSearch.register(".len()..text.len() - 3];
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            let n = v["f"].as_str().unwrap()[2..].parse().unwrap();
            (n, v)
        })
        .collect();
    files.sort_by_key(|(n, _)| *n);
    files
        .into_iter()
        .filter_map(|(_, v)| v["t"][term].as_array().cloned())
        .collect()
}

#[test]
fn a_long_card_list_is_split_into_parts_in_rank_order() {
    let docs = sample_docs();
    let whole = card_lists(&build_index(&docs, &IndexOptions::default()), "kata");
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0].len(), 40, "every title match has a card");
    let opts = IndexOptions {
        cards_per_part: 3,
        ..IndexOptions::default()
    };
    let parts = card_lists(&build_index(&docs, &opts), "kata");
    assert_eq!(parts.len(), 14);
    assert!(parts.iter().all(|p| p.len() == 3 || p.len() == 1));
    assert_eq!(parts.concat(), whole[0]);
}

// ---- end to end through search.js ----------------------------------------------

/// Build `docs`, write the index to a temporary folder and query it with search.js.
fn query_js(docs: &[SearchDoc], q: &str) -> Option<serde_json::Value> {
    query_js_with(docs, q, &[])
}

fn query_js_with(docs: &[SearchDoc], q: &str, flags: &[&str]) -> Option<serde_json::Value> {
    query_files_js(&build_index(docs, &IndexOptions::default()).files, q, flags)
}

/// Write index `files` to a temporary folder and query them with search.js.
fn query_files_js(
    files: &[(String, Vec<u8>)],
    q: &str,
    flags: &[&str],
) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    let mut args = vec![
        "tests/search_vectors/check.js",
        dir.path().to_str().unwrap(),
        q,
    ];
    args.extend(flags);
    let out = node(&args)?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn handbook() -> Vec<SearchDoc> {
    let mut docs = filler(30);
    let mut kata = doc(
        "kata/five-questions/",
        "The five coaching questions",
        "Asking the questions",
        "Ask each question in turn and wait for the learner's answer.",
    );
    kata.kind = "kata".to_string();
    kata.summary = "Ask them in every coaching cycle".to_string();
    docs.push(kata);
    let mut play = doc(
        "playbooks/refunds/",
        "Refunds",
        "Escalation path",
        "When the refund is over the limit, escalate to the shift lead with the ticket number.",
    );
    play.kind = "playbook".to_string();
    docs.push(play);
    docs
}

#[test]
fn search_js_finds_title_words_and_deep_links_sections() {
    let Some(res) = query_js(&handbook(), "coaching questions") else {
        return;
    };
    assert_eq!(res["results"][0]["url"], "kata/five-questions/");
    assert_eq!(res["results"][0]["kind"], "kata");
    let Some(res) = query_js(&handbook(), "refund limit escalate") else {
        return;
    };
    let top = &res["results"][0];
    assert_eq!(top["url"], "playbooks/refunds/#escalation-path");
    assert_eq!(top["heading"], "Escalation path");
    assert!(top["excerpt"].as_str().unwrap().contains("refund"));
}

#[test]
fn search_js_tolerates_typos_and_completes_prefixes() {
    let Some(res) = query_js(&handbook(), "coachnig questoins") else {
        return;
    };
    assert_eq!(res["results"][0]["url"], "kata/five-questions/");
    let Some(res) = query_js(&handbook(), "refu") else {
        return;
    };
    assert_eq!(res["results"][0]["url"], "playbooks/refunds/");
}

#[test]
fn search_js_shows_markup_as_text() {
    let mut docs = handbook();
    docs.push(doc("x/", "<img src=x onerror=alert(1)>", "Notes", "plain"));
    let Some(res) = query_js(&docs, "onerror") else {
        return;
    };
    assert_eq!(res["results"][0]["title"], "<img src=x onerror=alert(1)>");
}

#[test]
fn stop_word_test_matches_the_list() {
    assert!(tokenize::STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    // Every word of one to four lowercase letters (all stop words are such).
    let mut word = Vec::new();
    for len in 1..=4u32 {
        for n in 0..26usize.pow(len) {
            word.clear();
            let mut rest = n;
            for _ in 0..len {
                word.push(b'a' + (rest % 26) as u8);
                rest /= 26;
            }
            let w = std::str::from_utf8(&word).unwrap();
            let listed = tokenize::STOP_WORDS.binary_search(&w).is_ok();
            assert_eq!(tokenize::is_stop_word(w), listed, "{w}");
        }
    }
    assert!(!tokenize::is_stop_word("these"));
}

#[test]
fn short_word_keys_tell_every_word_apart() {
    // Every word of 1 to 16 letters over a two-letter alphabet: the words
    // that overlap themselves most, where the key's halves overlap too.
    let mut keys = std::collections::HashSet::new();
    let mut count = 0;
    for len in 1..=16u32 {
        for bits in 0..1u32 << len {
            let word: Vec<u8> = (0..len).map(|i| b'a' + (bits >> i & 1) as u8).collect();
            keys.insert(analyze::short_key(&word));
            count += 1;
        }
    }
    assert_eq!(keys.len(), count);
    assert_eq!(analyze::short_key(b"review"), analyze::short_key(b"review"));
}

#[test]
fn lowercase_runs_are_measured_eight_bytes_at_a_time_as_one_by_one() {
    let one_by_one = |b: &[u8]| b.iter().take_while(|b| b.is_ascii_lowercase()).count();
    // Every byte value, after runs of every length up to two words of
    // eight, then more letters: the first byte that ends a run is found
    // wherever it falls, whatever follows it.
    for len in 0..20 {
        for stop in 0..=255u8 {
            let mut bytes = vec![b'q'; len];
            bytes.push(stop);
            bytes.extend_from_slice(b"abcdefghijkl");
            assert_eq!(
                tokenize::lowercase_run(&bytes),
                one_by_one(&bytes),
                "{len} letters, then {stop:#x}"
            );
        }
        let letters: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
        assert_eq!(tokenize::lowercase_run(&letters), len);
    }
    assert_eq!(tokenize::lowercase_run("zebra\u{e9}".as_bytes()), 5);
}

/// Pages where `alpha` and `beta` each have their own best pages, and only
/// three pages hold both: those three have no card inline in a term shard.
fn split_pages() -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for i in 0..6 {
        docs.push(doc(
            &format!("a/{i}/"),
            &format!("First {i}"),
            "Notes",
            "alpha alpha alpha alpha",
        ));
        docs.push(doc(
            &format!("b/{i}/"),
            &format!("Second {i}"),
            "Notes",
            "beta beta beta beta",
        ));
    }
    for i in 0..3 {
        docs.push(doc(
            &format!("both/{i}/"),
            &format!("Both {i}"),
            "Notes",
            "alpha and then beta",
        ));
    }
    docs
}

#[test]
fn typing_loads_no_card_file_until_the_pause() {
    let Some(res) = query_js_with(&split_pages(), "alpha beta", &["--typed"]) else {
        return;
    };
    let typing: Vec<&str> = res["typing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(typing.iter().all(|id| !id.starts_with("c/")), "{typing:?}");
    assert_eq!(
        res["complete_while_typing"], false,
        "the test needs results without inline cards"
    );
    let requests = res["requests"].as_array().unwrap();
    assert!(
        requests
            .iter()
            .any(|id| id.as_str().unwrap().starts_with("c/")),
        "{requests:?}"
    );
    let first: Vec<&str> = (0..3)
        .map(|i| res["results"][i]["url"].as_str().unwrap())
        .collect();
    assert!(first.iter().all(|u| u.starts_with("both/")), "{first:?}");
    assert!(
        res["results"][0]["excerpt"]
            .as_str()
            .unwrap()
            .contains("alpha")
    );
}

/// A term shard from another build, or none at all, makes the runtime say
/// the index is updating instead of answering from mismatched files.
#[test]
fn a_stale_or_missing_shard_says_the_index_is_updating() {
    let index = build_index(&handbook(), &IndexOptions::default());
    let Some(fresh) = query_files_js(&index.files, "refund", &[]) else {
        return;
    };
    assert_eq!(fresh["status"], "ok");
    assert!(!fresh["results"].as_array().unwrap().is_empty());

    let other = format!("\"b\":\"{}\"", "0".repeat(16));
    let ours = format!("\"b\":\"{}\"", index.build_id);
    let stale: Vec<(String, Vec<u8>)> = index
        .files
        .iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let text = if path.starts_with("t/") {
                text.replace(&ours, &other)
            } else {
                text
            };
            (path.clone(), text.into_bytes())
        })
        .collect();
    assert_ne!(stale, index.files);
    let missing: Vec<(String, Vec<u8>)> = index
        .files
        .iter()
        .filter(|(path, _)| !path.starts_with("t/"))
        .cloned()
        .collect();
    for (what, files) in [("stale", &stale), ("missing", &missing)] {
        let res = query_files_js(files, "refund", &[]).unwrap();
        assert_eq!(res["status"], "updating", "{what}: {res}");
        assert_eq!(res["results"], serde_json::json!([]), "{what}: {res}");
    }
}

#[test]
fn shared_stems_give_each_word_its_own_term_first_time_and_after() {
    let stems = analyze::Stems::default();
    for word in [
        "reviews",
        "review",
        "reviewing",
        "coaching",
        "word_count",
        "été",
        "ab",
    ] {
        let expected = tokenize::term_of(word).into_owned();
        assert_eq!(stems.term(word), expected, "{word}, stemmed");
        assert_eq!(stems.term(word), expected, "{word}, remembered");
    }
    // A word that is its own term comes back borrowed, not copied.
    assert!(matches!(
        stems.term("word_count"),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(stems.term("reviews"), "review");
}
