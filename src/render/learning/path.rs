//! What a learning path page shows: outcomes first, prerequisites, stages
//! with their steps and times, the path's picture (an SVG drawn here), and
//! the step data progress is kept by. Also the short card of a path that
//! the home page and `/paths/` list.

use serde::Serialize;

use super::refs::{PageRef, page_ref, page_refs, step_key};
use crate::parse::kinds::LearningPath;
use crate::render::svg::{PathPicture, StagePicture, StepPicture, path_picture};
use crate::render::view::{Linker, format_minutes};
use crate::resolve::Site;
use crate::resolve::graph::{PathEdges, StepEdge};

#[derive(Serialize, Debug)]
pub(crate) struct PathView<'a> {
    pub(crate) outcomes: &'a [String],
    pub(crate) prerequisites: Vec<PageRef>,
    /// Paths that list this one as a prerequisite.
    pub(crate) leads_to: Vec<PageRef>,
    /// Time of every step.
    pub(crate) total: String,
    /// Time of the required steps, when some steps are optional.
    pub(crate) required: Option<String>,
    pub(crate) stages: Vec<StageView<'a>>,
    pub(crate) step_count: usize,
    /// The inline SVG picture (escaped when drawn).
    pub(crate) picture: String,
    /// The path's source path, for progress.
    pub(crate) source: &'a str,
}

#[derive(Serialize, Debug)]
pub(crate) struct StageView<'a> {
    pub(crate) number: usize,
    pub(crate) title: &'a str,
    pub(crate) summary: Option<&'a str>,
    pub(crate) time: String,
    pub(crate) steps: Vec<StepView<'a>>,
}

/// One step: the page, its time, and what progress is keyed by.
#[derive(Serialize, Debug)]
pub(crate) struct StepView<'a> {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) kind: &'static str,
    pub(crate) time: String,
    pub(crate) optional: bool,
    pub(crate) note: Option<&'a str>,
    pub(crate) source: String,
    pub(crate) hash: String,
    /// Source paths it had before it moved (a JSON list, or empty).
    pub(crate) former: String,
    /// Unique on the page, for the checkbox's label.
    pub(crate) id: String,
}

pub(crate) fn path<'a>(site: &'a Site, page: usize, link: &Linker<'_>) -> Option<PathView<'a>> {
    let edges = site.graph.path(page)?;
    let doc = &site.pages[page].doc;
    let data = doc.data.path()?;
    let stages = stages(site, data, edges, link);
    let picture = picture(site, &doc.title, edges, &stages);
    Some(PathView {
        outcomes: &data.outcomes,
        prerequisites: page_refs(site, &edges.prerequisites, link),
        leads_to: page_refs(site, &edges.leads_to, link),
        total: format_minutes(edges.minutes),
        required: (edges.required_minutes != edges.minutes)
            .then(|| format_minutes(edges.required_minutes)),
        step_count: stages.iter().map(|s| s.steps.len()).sum(),
        stages,
        picture,
        source: &doc.rel,
    })
}

fn stages<'a>(
    site: &Site,
    data: &'a LearningPath,
    edges: &PathEdges,
    link: &Linker<'_>,
) -> Vec<StageView<'a>> {
    // Every step resolved (a miss fails the build), so kind data and edges pair up.
    data.stages
        .iter()
        .zip(&edges.stages)
        .enumerate()
        .map(|(i, (stage, stage_edges))| StageView {
            number: i + 1,
            title: &stage.title,
            summary: stage.summary.as_deref(),
            time: format_minutes(stage_edges.minutes),
            steps: stage
                .steps
                .iter()
                .zip(&stage_edges.steps)
                .enumerate()
                .map(|(j, (step, edge))| {
                    let mut view = step_view(site, edge, link);
                    view.note = step.note.as_deref();
                    view.id = format!("step-{}-{}", i + 1, j + 1);
                    view
                })
                .collect(),
        })
        .collect()
}

fn step_view<'a>(site: &Site, edge: &StepEdge, link: &Linker<'_>) -> StepView<'a> {
    let target = page_ref(site, edge.page, link);
    let key = step_key(site, edge.page);
    StepView {
        title: target.title,
        href: target.href,
        kind: target.kind,
        time: format_minutes(edge.minutes),
        optional: edge.optional,
        note: None,
        source: key.source,
        hash: key.hash,
        former: key.former,
        id: String::new(),
    }
}

fn picture(site: &Site, title: &str, edges: &PathEdges, stages: &[StageView<'_>]) -> String {
    let picture = PathPicture {
        title,
        prerequisites: edges
            .prerequisites
            .iter()
            .map(|&p| site.pages[p].doc.title.as_str())
            .collect(),
        stages: stages
            .iter()
            .map(|stage| StagePicture {
                title: stage.title,
                time: stage.time.clone(),
                steps: stage
                    .steps
                    .iter()
                    .map(|s| StepPicture {
                        title: &s.title,
                        detail: format!("{} · {}", s.kind, s.time),
                        optional: s.optional,
                        key: &s.source,
                    })
                    .collect(),
            })
            .collect(),
    };
    path_picture("path-picture", &picture)
}

/// A path in a list, with its steps for the progress script.
#[derive(Serialize, Debug)]
pub(crate) struct PathCard<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) summary: Option<&'a str>,
    pub(crate) source: &'a str,
    pub(crate) time: String,
    pub(crate) stage_count: usize,
    pub(crate) steps: Vec<StepView<'a>>,
}

pub(crate) fn card<'a>(site: &'a Site, page: usize, link: &Linker<'_>) -> Option<PathCard<'a>> {
    let edges = site.graph.path(page)?;
    let p = &site.pages[page];
    Some(PathCard {
        title: &p.doc.title,
        href: link.to(&p.path),
        summary: p.doc.summary.as_deref(),
        source: &p.doc.rel,
        time: format_minutes(edges.minutes),
        stage_count: edges.stages.len(),
        steps: edges
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .map(|edge| step_view(site, edge, link))
            .collect(),
    })
}

pub(crate) fn cards<'a>(site: &'a Site, pages: &[usize], link: &Linker<'_>) -> Vec<PathCard<'a>> {
    pages.iter().filter_map(|&p| card(site, p, link)).collect()
}
