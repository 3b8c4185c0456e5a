//! Render stage, pictures: inline SVG drawn at build time from plain data
//! (a learning path's stages, the roles' service chain). Text is escaped,
//! shapes are styled by class only (no `style`), so a strict CSP holds and
//! the theme's CSS colours them in light and dark mode.

mod chain;
mod path;

pub use chain::{ChainRole, service_chain};
pub use path::{PathPicture, StagePicture, StepPicture, path_picture};

use std::fmt::Write;

/// Text as XML or HTML character data or an attribute value (SVG pictures,
/// the feed and the sitemap, `serve`'s error overlay).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, the last one an ellipsis when cut.
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Width and height of a drawing, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// One box of a drawing.
struct Node<'a> {
    class: &'a str,
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    /// One or two lines of text, already fitted to the width.
    lines: &'a [&'a str],
    /// The untruncated text, as the box's tooltip.
    full: &'a str,
    /// The source path of a path step, for scripts to mark it done.
    key: Option<&'a str>,
}

/// A document being drawn; `finish` closes it.
struct Canvas {
    out: String,
}

impl Canvas {
    /// `<svg>` with `role="img"`, its `<title>` and `<desc>` named by `id`.
    fn new(id: &str, class: &str, size: Size, title: &str, desc: &str) -> Canvas {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            escape(title),
            escape(desc),
            w = size.width,
            h = size.height,
        );
        Canvas { out }
    }

    /// A rounded box with a tooltip (the full text) and one or two lines.
    fn node(&mut self, node: &Node<'_>) {
        let (x, y, w, h) = (node.x, node.y, node.width, node.height);
        let key = node
            .key
            .map(|k| format!(" data-svg-step=\"{}\"", escape(k)))
            .unwrap_or_default();
        let _ = write!(
            self.out,
            "<g class=\"{}\"{key}><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\"/>",
            node.class,
            escape(node.full)
        );
        let two = u32::from(node.lines.len() > 1);
        for (i, line) in node.lines.iter().enumerate() {
            let class = if i == 0 { "svg-label" } else { "svg-sublabel" };
            let ty = y + h / 2 + 5 - 8 * two + 17 * i as u32;
            let _ = write!(
                self.out,
                "<text class=\"{class}\" x=\"{}\" y=\"{ty}\">{}</text>",
                x + 12,
                escape(line)
            );
        }
        self.out.push_str("</g>\n");
    }

    /// A straight line, for the flow between the steps of one column.
    fn line(&mut self, class: &str, from: (u32, u32), to: (u32, u32)) {
        let _ = writeln!(
            self.out,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            from.0, from.1, to.0, to.1
        );
    }

    fn text(&mut self, class: &str, at: (u32, u32), text: &str) {
        let _ = writeln!(
            self.out,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
            at.0,
            at.1,
            escape(text)
        );
    }

    /// An arrow (the marker `arrow` of `id`) along a horizontal S-curve.
    fn arrow(&mut self, id: &str, from: (u32, u32), to: (u32, u32)) {
        let mid = (from.0 + to.0) / 2;
        let _ = writeln!(
            self.out,
            "<path class=\"svg-edge\" d=\"M{} {} C{mid} {} {mid} {} {} {}\" marker-end=\"url(#{id}-arrow)\"/>",
            from.0, from.1, from.1, to.1, to.0, to.1
        );
    }

    /// An arrow along a vertical S-curve, or (`bend`) one that bulges out
    /// to the right, around whatever lies between its ends.
    fn curve(&mut self, id: &str, from: (u32, u32), to: (u32, u32), bend: bool) {
        let (c1, c2) = if bend {
            let x = from.0.max(to.0) + 36;
            ((x, from.1), (x, to.1))
        } else {
            let mid = (from.1 + to.1) / 2;
            ((from.0, mid), (to.0, mid))
        };
        let _ = writeln!(
            self.out,
            "<path class=\"svg-edge\" d=\"M{} {} C{} {} {} {} {} {}\" marker-end=\"url(#{id}-arrow)\"/>",
            from.0, from.1, c1.0, c1.1, c2.0, c2.1, to.0, to.1
        );
    }

    /// The arrowhead marker the arrows of this drawing use.
    fn arrow_marker(&mut self, id: &str) {
        let _ = writeln!(
            self.out,
            "<defs><marker id=\"{id}-arrow\" class=\"svg-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\"/></marker></defs>"
        );
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn fit_cuts_on_characters_with_an_ellipsis() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("Grüße aus Köln und Bonn", 10), "Grüße aus…");
        assert_eq!(fit("exactly10!", 10), "exactly10!");
    }
}
