//! The picture of a learning path: its prerequisites in a first column,
//! then one column per stage from left to right, each step a box in order.

use super::{Canvas, Node, Size, fit};

const PAD: u32 = 16;
const COLUMN: u32 = 196;
const GAP: u32 = 36;
const HEAD: u32 = 54;
const NODE: u32 = 48;
const NODE_GAP: u32 = 14;
/// Characters of a title that fit a box (13px text in 172px).
const LABEL: usize = 24;
/// Characters of a column heading that fit (bold, a little wider).
const HEADING: usize = 22;

/// What the picture shows, in the path's order.
#[derive(Clone, Debug, Default)]
pub struct PathPicture<'a> {
    pub title: &'a str,
    /// Titles of the paths to finish first.
    pub prerequisites: Vec<&'a str>,
    pub stages: Vec<StagePicture<'a>>,
}

#[derive(Clone, Debug, Default)]
pub struct StagePicture<'a> {
    pub title: &'a str,
    /// The stage's time, formatted (`1 h 30 min`).
    pub time: String,
    pub steps: Vec<StepPicture<'a>>,
}

#[derive(Clone, Debug, Default)]
pub struct StepPicture<'a> {
    pub title: &'a str,
    /// The second line: kind and time (`playbook · 20 min`).
    pub detail: String,
    pub optional: bool,
    /// The step page's source path.
    pub key: &'a str,
}

/// One column: a heading, a second heading line, and its boxes.
struct Column<'a> {
    heading: String,
    subheading: String,
    class: &'static str,
    boxes: Vec<Boxed<'a>>,
}

/// One box of a column.
struct Boxed<'a> {
    title: &'a str,
    detail: String,
    key: Option<&'a str>,
    optional: bool,
}

/// The SVG of `path`; `id` makes its element ids unique on the page.
pub fn path_picture(id: &str, path: &PathPicture<'_>) -> String {
    let columns = columns(path);
    let size = size_of(&columns);
    let mut canvas = Canvas::new(id, "path-picture", size, &title(path), &describe(path));
    canvas.arrow_marker(id);
    for (i, column) in columns.iter().enumerate() {
        let x = PAD + i as u32 * (COLUMN + GAP);
        draw_column(&mut canvas, x, column);
        if i + 1 < columns.len() {
            let y = PAD + 16;
            canvas.arrow(id, (x + COLUMN + 4, y), (x + COLUMN + GAP - 4, y));
        }
    }
    canvas.finish()
}

fn title(path: &PathPicture<'_>) -> String {
    format!("The stages of the path “{}”", path.title)
}

/// The picture in words, for screen readers.
fn describe(path: &PathPicture<'_>) -> String {
    let mut parts = Vec::new();
    if !path.prerequisites.is_empty() {
        parts.push(format!(
            "Before you start: {}.",
            path.prerequisites.join(", ")
        ));
    }
    for (i, stage) in path.stages.iter().enumerate() {
        let steps: Vec<&str> = stage.steps.iter().map(|s| s.title).collect();
        parts.push(format!(
            "Stage {} “{}” ({}): {}.",
            i + 1,
            stage.title,
            stage.time,
            steps.join(", ")
        ));
    }
    parts.join(" ")
}

fn columns<'a>(path: &'a PathPicture<'a>) -> Vec<Column<'a>> {
    let mut columns = Vec::new();
    if !path.prerequisites.is_empty() {
        columns.push(Column {
            heading: "Before you start".to_string(),
            subheading: "finish these paths".to_string(),
            class: "svg-prerequisite",
            boxes: path
                .prerequisites
                .iter()
                .map(|title| Boxed {
                    title,
                    detail: "path".to_string(),
                    key: None,
                    optional: false,
                })
                .collect(),
        });
    }
    for (i, stage) in path.stages.iter().enumerate() {
        columns.push(Column {
            heading: fit(&format!("{}. {}", i + 1, stage.title), HEADING),
            subheading: stage.time.clone(),
            class: "svg-step",
            boxes: stage.steps.iter().map(step_box).collect(),
        });
    }
    columns
}

fn step_box<'a>(step: &StepPicture<'a>) -> Boxed<'a> {
    let detail = if step.optional {
        format!("{} · optional", step.detail)
    } else {
        step.detail.clone()
    };
    Boxed {
        title: step.title,
        detail,
        key: Some(step.key),
        optional: step.optional,
    }
}

/// The drawing's size: every column side by side, as tall as the longest.
fn size_of(columns: &[Column<'_>]) -> Size {
    let count = columns.len().max(1) as u32;
    let most = columns.iter().map(|c| c.boxes.len()).max().unwrap_or(0) as u32;
    Size {
        width: 2 * PAD + count * COLUMN + (count - 1) * GAP,
        height: 2 * PAD + HEAD + most * NODE + most.saturating_sub(1) * NODE_GAP,
    }
}

fn draw_column(canvas: &mut Canvas, x: u32, column: &Column<'_>) {
    canvas.text("svg-heading", (x, PAD + 20), &column.heading);
    canvas.text("svg-subheading", (x, PAD + 40), &column.subheading);
    for (i, boxed) in column.boxes.iter().enumerate() {
        let y = PAD + HEAD + i as u32 * (NODE + NODE_GAP);
        if i > 0 {
            let mid = x + COLUMN / 2;
            canvas.line("svg-flow", (mid, y - NODE_GAP), (mid, y));
        }
        let class = if boxed.optional {
            "svg-step svg-optional"
        } else {
            column.class
        };
        let label = fit(boxed.title, LABEL);
        canvas.node(&Node {
            class,
            x,
            y,
            width: COLUMN,
            height: NODE,
            lines: &[&label, &boxed.detail],
            full: boxed.title,
            key: boxed.key,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(title: &'a str, key: &'a str) -> StepPicture<'a> {
        StepPicture {
            title,
            detail: "playbook · 20 min".to_string(),
            optional: false,
            key,
        }
    }

    fn sample() -> PathPicture<'static> {
        PathPicture {
            title: "Agent <basics> & more",
            prerequisites: vec!["Welcome \"day\""],
            stages: vec![
                StagePicture {
                    title: "Listen",
                    time: "40 min".to_string(),
                    steps: vec![
                        step("Warm transfers & <handoffs>", "playbooks/warm.md"),
                        step("Five questions", "kata/five.md"),
                    ],
                },
                StagePicture {
                    title: "Practise",
                    time: "20 min".to_string(),
                    steps: vec![StepPicture {
                        optional: true,
                        ..step("Huddle", "playbooks/huddle.md")
                    }],
                },
            ],
        }
    }

    #[test]
    fn one_column_per_stage_after_the_prerequisites() {
        let picture = sample();
        let size = size_of(&columns(&picture));
        // Three columns; the tallest holds two boxes.
        assert_eq!(size.width, 2 * PAD + 3 * COLUMN + 2 * GAP);
        assert_eq!(size.height, 2 * PAD + HEAD + 2 * NODE + NODE_GAP);
        let svg = path_picture("p", &picture);
        assert!(svg.starts_with(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-picture\" viewBox=\"0 0 {} {}\"",
            size.width, size.height
        )));
        assert_eq!(svg.matches("<g class=\"svg-step").count(), 3);
        assert_eq!(svg.matches("<g class=\"svg-prerequisite\"").count(), 1);
        assert_eq!(svg.matches("class=\"svg-edge\"").count(), 2);
        assert!(
            svg.contains(
                "<g class=\"svg-step svg-optional\" data-svg-step=\"playbooks/huddle.md\">"
            )
        );
    }

    #[test]
    fn every_text_is_escaped() {
        let svg = path_picture("p", &sample());
        assert!(svg.contains(
            "<title id=\"p-title\">The stages of the path “Agent &lt;basics&gt; &amp; more”</title>"
        ));
        assert!(svg.contains("<title>Warm transfers &amp; &lt;handoffs&gt;</title>"));
        assert!(svg.contains(">Welcome &quot;day&quot;</text>"));
        assert!(!svg.contains("<handoffs>") && !svg.contains("<basics>"));
        assert!(!svg.contains("style"), "styled by class only");
    }

    #[test]
    fn a_path_without_prerequisites_starts_with_its_first_stage() {
        let mut picture = sample();
        picture.prerequisites.clear();
        picture.stages.truncate(1);
        let size = size_of(&columns(&picture));
        assert_eq!(size.width, 2 * PAD + COLUMN);
        let svg = path_picture("p", &picture);
        assert!(!svg.contains("svg-edge"));
        assert!(svg.contains(">1. Listen</text>"));
    }
}
