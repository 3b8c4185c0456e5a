//! Unit tests of `scan` and `render_html`: ids, positions, summaries,
//! rendered HTML under each raw-HTML policy, percent-decoding.

use super::*;

pub(super) fn render(body: &str, html: HtmlPolicy) -> String {
    let scan = scan(body, 0, "a.md");
    let opts = RenderOptions {
        html,
        skip_first_h1: false,
        headings: &scan.headings,
        hrefs: &[],
        rebase: None,
    };
    render_html(body, 0, &opts)
}

#[test]
fn repeated_headings_get_numbered_ids() {
    let ids: Vec<String> = scan("# a\n## a\n### a\n## A!", 0, "x.md")
        .headings
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
}

#[test]
fn explicit_ids_win_and_reserve_their_name() {
    let scan = scan(
        "## Intro {#custom .wide}\n## Custom\n## Custom\n\nSee[^n].\n\n[^n]: Note.\n",
        0,
        "x.md",
    );
    let ids: Vec<&str> = scan.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["custom", "custom-1", "custom-2"]);
    assert_eq!(scan.headings[0].text, "Intro");
    assert_eq!(scan.anchors, ["custom", "custom-1", "custom-2", "n"]);
}

#[test]
fn links_keep_their_position_in_the_whole_file() {
    let source = "+++\ntitle = \"x\"\n+++\n\n# Title\n\nSée [x](@/a.md) and ![i](b.png)\n";
    let body_start = source.find("\n\n# Title").unwrap_or(0);
    let scan = scan(source, body_start, "k/p.md");
    assert_eq!(scan.links.len(), 2);
    let link = &scan.links[0];
    assert_eq!(
        (link.pos, link.len, link.is_image),
        (Pos::new(7, 5), 11, false)
    );
    assert_eq!(link.dest, "@/a.md");
    assert_eq!(scan.links[1].target, LinkTarget::Asset("k/b.png".into()));
    assert!(scan.links[1].is_image);
    assert_eq!(scan.headings[0].pos, Pos::new(5, 1));
}

#[test]
fn email_autolinks_are_external_and_render_once_prefixed() {
    let body = "Write <a@b.org>.";
    let scan = scan(body, 0, "a.md");
    assert_eq!(
        scan.links[0].target,
        LinkTarget::External("mailto:a@b.org".into())
    );
    let hrefs = ["mailto:a@b.org".to_string()];
    let opts = RenderOptions {
        html: HtmlPolicy::Sanitize,
        skip_first_h1: false,
        headings: &[],
        hrefs: &hrefs,
        rebase: None,
    };
    assert!(render_html(body, 0, &opts).contains("<a href=\"mailto:a@b.org\">a@b.org</a>"));
}

#[test]
fn summary_word_count_and_title() {
    let body = "# The *title*\n\n![only an image](a.png)\n\n> quoted\n\nFirst   para,\nwith **bo**ld `code`.\n\nSecond.";
    let scan = scan(body, 0, "a.md");
    assert_eq!(scan.first_h1.as_deref(), Some("The title"));
    assert_eq!(
        scan.first_paragraph.as_deref(),
        Some("First para, with bold code.")
    );
    assert_eq!(scan.word_count, 9);
    assert!(!scan.has_raw_html);
}

#[test]
fn long_first_paragraph_is_cut_on_a_word_boundary() {
    let body = "word ".repeat(100);
    let summary = scan(&body, 0, "a.md").first_paragraph.unwrap_or_default();
    assert!(summary.ends_with("word…"), "{summary}");
    assert!(summary.chars().count() <= SUMMARY_CHARS + 1);
}

#[test]
fn renders_ids_and_final_hrefs_and_skips_the_title() {
    let body = "# Title [t](t.md)\n\n## Part {.note}\n\n[a](b.md#x) ![c](d.png) [e](f.md)\n";
    let scan = scan(body, 0, "a.md");
    let hrefs = [
        "../t/".to_string(),
        "../b/#x".to_string(),
        "d.png".to_string(),
    ];
    let opts = RenderOptions {
        html: HtmlPolicy::Sanitize,
        skip_first_h1: true,
        headings: &scan.headings,
        hrefs: &hrefs,
        rebase: None,
    };
    let html = render_html(body, 0, &opts);
    assert_eq!(
        html,
        "<h2 id=\"part\" class=\"note\">Part</h2>\n<p><a href=\"../b/#x\">a</a> \
         <img src=\"d.png\" alt=\"c\" /> <a href=\"f.md\">e</a></p>\n"
    );
}

#[test]
fn aligned_table_cells_get_classes_not_styles() {
    let html = render(
        "| a | b | c |\n|:--|:-:|---|\n| 1 | 2 | 3 |\n",
        HtmlPolicy::Sanitize,
    );
    assert!(!html.contains("style="), "{html}");
    assert_eq!(
        html,
        "<table><thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th>c</th>\
         </tr></thead><tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td>\
         <td>3</td></tr>\n</tbody></table>\n"
    );
}

#[test]
fn escape_shows_raw_html_as_text() {
    let html = render(
        "Hi <b>there</b>\n\n<script>alert(1)</script>\n",
        HtmlPolicy::Escape,
    );
    assert_eq!(
        html,
        "<p>Hi &lt;b&gt;there&lt;/b&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n"
    );
    let allowed = render("<b>x</b>", HtmlPolicy::Allow);
    assert_eq!(allowed, "<p><b>x</b></p>\n");
}

#[test]
fn footnotes_and_task_lists_render_without_raw_html() {
    let html = render(
        "- [ ] todo\n- [x] done\n\nSee[^a].\n\n[^a]: The note.\n",
        HtmlPolicy::Sanitize,
    );
    assert!(
        html.contains("<li><input type=\"checkbox\" disabled aria-label=\"Not done\"> todo</li>"),
        "{html}"
    );
    assert!(
        html.contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\"> done"),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"footnote-definition\" id=\"a\">"),
        "{html}"
    );
}

#[test]
fn pathological_nesting_finishes_quickly() {
    let started = std::time::Instant::now();
    for body in [
        "[".repeat(50_000),
        ">".repeat(50_000) + " deep",
        "[a](".repeat(50_000),
    ] {
        let scan = scan(&body, 0, "a.md");
        assert!(scan.links.is_empty());
        let opts = RenderOptions {
            html: HtmlPolicy::Sanitize,
            skip_first_h1: false,
            headings: &[],
            hrefs: &[],
            rebase: None,
        };
        assert!(!render_html(&body, 0, &opts).is_empty());
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn percent_escapes_need_two_hex_digits() {
    assert_eq!(percent_decode_bytes("a%20b%2F"), (b"a b/".to_vec(), true));
    // `u8::from_str_radix` alone would read "+1" as 1.
    for malformed in ["%+1", "%-1", "%zz", "%2", "%"] {
        assert_eq!(
            percent_decode_bytes(malformed),
            (malformed.as_bytes().to_vec(), false),
            "{malformed}"
        );
    }
}
