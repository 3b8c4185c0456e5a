//! Raw-HTML safety for `render_html`: which attributes and URLs need the
//! sanitizer, and the ammonia builder that keeps Dojo's own markup.

use std::sync::OnceLock;

pub(super) fn is_safe_attribute(name: &str) -> bool {
    let handler = name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on"));
    !handler && !name.eq_ignore_ascii_case("style")
}

/// A URL whose scheme is not plainly harmless (`javascript:`, `data:`, or
/// anything odd before a `:`): the sanitizer gets the final word on it.
pub(super) fn is_unsafe_url(href: &str) -> bool {
    let end = href.find(['/', '?', '#']).unwrap_or(href.len());
    let Some((scheme, _)) = href[..end].split_once(':') else {
        return false;
    };
    !["http", "https", "mailto", "tel"]
        .iter()
        .any(|safe| scheme.eq_ignore_ascii_case(safe))
}

/// The sanitizer, built once: it keeps all the markup Dojo itself writes
/// (ids, classes, task-list checkboxes, footnotes, tables) and drops scripts,
/// styles, event handlers and `javascript:` URLs.
pub(super) fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(&["input"])
            .add_generic_attributes(&["id", "class"])
            .add_tag_attributes("input", &["type", "checked", "disabled", "aria-label"])
            .add_tag_attributes("details", &["open"])
            // Any `<input>` that survives is a checkbox. Only one value is
            // forced: ammonia appends missing forced attributes in hash-map
            // order, which would make the output differ between builds.
            .set_tag_attribute_value("input", "type", "checkbox")
            .link_rel(None);
        builder
    })
}

#[cfg(test)]
mod tests {
    use crate::config::HtmlPolicy;
    use crate::parse::markdown::tests::render;

    #[test]
    fn sanitize_drops_scripts_and_handlers_but_keeps_dojo_markup() {
        let body = "| a |\n|--:|\n| 1 |\n\n- [x] done\n\nPress <kbd>Ctrl</kbd>.<script>alert(1)</script>\n\n\
                    <img src=\"x.png\" onerror=\"alert(1)\">\n\n<details open><summary>More</summary>\n\nHi[^n]\n\n</details>\n\n[^n]: Note.\n";
        let html = render(body, HtmlPolicy::Sanitize);
        for gone in ["<script", "alert(1)", "onerror"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        for kept in [
            "<kbd>Ctrl</kbd>",
            "<img src=\"x.png\">",
            "<td class=\"align-right\">1</td>",
            "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Done\">",
            "<details open=\"\"><summary>More</summary>",
            "<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"n\">",
        ] {
            assert!(html.contains(kept), "{kept} missing in {html}");
        }
    }

    #[test]
    fn sanitize_drops_javascript_urls_and_handler_attributes_without_raw_html() {
        let html = render(
            "# T {onclick=alert(1) data-x=y}\n\n[x](javascript:alert(1))",
            HtmlPolicy::Sanitize,
        );
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("<a>x</a>"), "{html}");
    }
}
