//! What `serve` adds to every HTML response: the live-reload script and
//! styles (as files: no inline script or style, so a CSP holds), the build
//! number the page was served with and the page's fingerprint (so an open
//! page reloads only when what it shows changed), and, while the handbook
//! has errors, an overlay listing them (file, line, column, source line,
//! help), escaped, made on the server so it shows without JavaScript.

use std::hash::Hasher;

use crate::diagnostic::Diagnostic;
use crate::hash::FxHasher;
use crate::render::svg::escape;

/// At most this many errors are listed in the overlay; the console has all.
const SHOWN: usize = 20;

/// The overlay for `errors`, or `None` when there are none.
pub(crate) fn overlay(errors: &[Diagnostic], has_site: bool) -> Option<String> {
    if errors.is_empty() {
        return None;
    }
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let served = if has_site {
        "this is the last good build"
    } else {
        "nothing could be built yet"
    };
    let mut html = format!(
        "<details class=\"dojo-overlay\" role=\"alert\" open>\
         <summary class=\"dojo-overlay-title\">Dojo: the handbook has {count}; {served}. \
         Fix and save: this page reloads.</summary>\
         <ol class=\"dojo-overlay-list\">"
    );
    for d in errors.iter().take(SHOWN) {
        html.push_str(&item(d));
    }
    html.push_str("</ol>");
    if errors.len() > SHOWN {
        let more = errors.len() - SHOWN;
        html.push_str(&format!("<p>… and {more} more (see the console).</p>"));
    }
    html.push_str("</details>");
    Some(html)
}

/// One diagnostic as `dojo build` prints it: header, `--> file:line:col`,
/// the source line with a caret, `help:`.
fn item(d: &Diagnostic) -> String {
    let text = d.to_string();
    format!(
        "<li class=\"dojo-overlay-item\"><pre class=\"dojo-overlay-text\">{}</pre></li>",
        escape(text.trim_end())
    )
}

/// What an open page compares, after a rebuild, with the same page served
/// again: its HTML, the overlay over it, and the generation of the files it
/// loads (`files`). Equal fingerprints, nothing to reload.
pub(crate) fn fingerprint(html: &[u8], overlay: Option<&str>, files: u64) -> u64 {
    let mut h = FxHasher::default();
    h.write(html);
    h.write_u8(0xff);
    h.write(overlay.unwrap_or("").as_bytes());
    h.write_u64(files);
    h.finish()
}

/// `html` with the live-reload tags in its `<head>` (the build number and
/// the page's `fingerprint`) and the overlay, if any, at the start of its
/// `<body>`.
pub(crate) fn inject(html: &[u8], build: u64, page: u64, overlay: Option<&str>) -> Vec<u8> {
    let head = format!(
        "<meta name=\"dojo-build\" content=\"{build}\">\
         <meta name=\"dojo-page\" content=\"{page:016x}\">\
         <link rel=\"stylesheet\" href=\"/_dojo/live.css\">\
         <script src=\"/_dojo/live.js\" defer></script>"
    );
    let at_head = find_ascii(html, b"</head").unwrap_or(0);
    let at_body = overlay.map(|_| after_body_tag(html).unwrap_or(html.len()));
    let mut out = Vec::with_capacity(html.len() + head.len() + overlay.map_or(0, str::len));
    let mut copied = 0;
    let mut inserts = vec![(at_head, head.as_bytes())];
    if let (Some(at), Some(text)) = (at_body, overlay) {
        inserts.push((at.max(at_head), text.as_bytes()));
    }
    for (at, text) in inserts {
        out.extend_from_slice(&html[copied..at]);
        out.extend_from_slice(text);
        copied = at;
    }
    out.extend_from_slice(&html[copied..]);
    out
}

/// The page answered for HTML paths when no build has succeeded yet.
pub(crate) fn error_page(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Build failed: {}</title></head><body></body></html>\n",
        escape(title)
    )
}

/// Index just past the `>` of the `<body ...>` tag.
fn after_body_tag(html: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = find_ascii(&html[from..], b"<body") {
        let start = from + found + b"<body".len();
        match html.get(start) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') => {
                let close = html[start..].iter().position(|&b| b == b'>')?;
                return Some(start + close + 1);
            }
            _ => from = start,
        }
    }
    None
}

/// First position of `needle` (ASCII, matched case-insensitively).
fn find_ascii(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    fn broken() -> Diagnostic {
        Diagnostic::error("toml-syntax", "expected `=`, found `<`")
            .in_file("content/a.md")
            .at("+++\ntitle <script>\n+++\n", Pos::new(2, 7), 1)
            .with_help("write `key = \"value\"`")
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn the_overlay_lists_location_source_line_and_help_escaped() {
        let html = overlay(&[broken()], true).unwrap();
        assert!(html.contains("content/a.md:2:7"), "{html}");
        assert!(html.contains("title &lt;script&gt;"), "{html}");
        assert!(
            html.contains("help: write `key = &quot;value&quot;`"),
            "{html}"
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("1 error;"), "{html}");
        assert_eq!(overlay(&[], true), None);
    }

    #[test]
    fn many_errors_are_cut_short() {
        let html = overlay(&vec![broken(); SHOWN + 3], true).unwrap();
        assert_eq!(html.matches("<li").count(), SHOWN);
        assert!(html.contains("and 3 more"), "{html}");
    }

    #[test]
    fn tags_go_in_the_head_and_the_overlay_after_body() {
        let page = b"<!doctype html><html><head><title>x</title></head>\n<body class=\"a\"><main>m</main></body></html>";
        let out = String::from_utf8(inject(page, 7, 0xabc, Some("<aside>!</aside>"))).unwrap();
        assert_eq!(
            out,
            "<!doctype html><html><head><title>x</title>\
             <meta name=\"dojo-build\" content=\"7\">\
             <meta name=\"dojo-page\" content=\"0000000000000abc\">\
             <link rel=\"stylesheet\" href=\"/_dojo/live.css\">\
             <script src=\"/_dojo/live.js\" defer></script></head>\n\
             <body class=\"a\"><aside>!</aside><main>m</main></body></html>"
        );
    }

    #[test]
    fn a_page_keeps_its_fingerprint_until_what_it_shows_changes() {
        let page = fingerprint(b"<p>a</p>", None, 1);
        assert_eq!(page, fingerprint(b"<p>a</p>", None, 1));
        assert_ne!(page, fingerprint(b"<p>b</p>", None, 1), "its HTML");
        assert_ne!(page, fingerprint(b"<p>a</p>", Some("!"), 1), "an overlay");
        assert_ne!(
            page,
            fingerprint(b"<p>a</p>", None, 2),
            "the files it loads"
        );
        // The overlay is not read as more HTML.
        assert_ne!(
            fingerprint(b"<p>a</p>", Some("x"), 1),
            fingerprint(b"<p>a</p>x", None, 1)
        );
    }

    #[test]
    fn pages_without_head_or_body_still_get_both() {
        let out = String::from_utf8(inject(b"<p>bare</p>", 1, 0, Some("<aside/>"))).unwrap();
        assert!(out.starts_with("<meta name=\"dojo-build\""), "{out}");
        assert!(out.ends_with("<p>bare</p><aside/>"), "{out}");
        let out = String::from_utf8(inject(b"<BODY><p>x</p>", 1, 0, Some("<aside/>"))).unwrap();
        assert!(out.ends_with("<BODY><aside/><p>x</p>"), "{out}");
        let out = String::from_utf8(inject(b"<bodyguard><body>", 1, 0, Some("!"))).unwrap();
        assert!(out.ends_with("<bodyguard><body>!"), "{out}");
    }
}
