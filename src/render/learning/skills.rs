//! The skills matrix at `/skills/`: roles across, competencies down, the
//! level each role requires, how many pages build each competency, and the
//! gaps (a competency some role requires that nothing builds).

use serde::Serialize;

use super::overview::of_kind;
use super::refs::{LevelRef, PageRef, level_ref, page_ref, page_refs};
use crate::parse::Kind;
use crate::render::view::Linker;
use crate::resolve::Site;

/// The site path of the skills matrix (a reserved path).
pub(crate) const PATH: &str = "skills/";

#[derive(Serialize, Debug)]
pub(crate) struct SkillsView {
    /// The columns.
    pub(crate) roles: Vec<PageRef>,
    pub(crate) rows: Vec<SkillRow>,
    pub(crate) gaps: Vec<PageRef>,
}

#[derive(Serialize, Debug)]
pub(crate) struct SkillRow {
    pub(crate) competency: PageRef,
    /// One per role, in column order: the level it requires, if any.
    pub(crate) cells: Vec<Option<LevelRef>>,
    pub(crate) built_by: usize,
    pub(crate) gap: bool,
}

/// Whether the handbook has a learning model to draw a matrix of.
pub(crate) fn wanted(site: &Site) -> bool {
    crate::resolve::has_skills_matrix(&site.pages)
}

pub(crate) fn matrix(site: &Site, link: &Linker<'_>) -> SkillsView {
    let roles = of_kind(site, Kind::Role);
    let rows: Vec<SkillRow> = of_kind(site, Kind::Competency)
        .into_iter()
        .filter_map(|c| {
            let edges = site.graph.competency(c)?;
            let cells = roles
                .iter()
                .map(|&r| {
                    let need = edges.required_by.iter().find(|n| n.role == r);
                    need.map(|n| level_ref(site, c, n.level))
                })
                .collect();
            Some(SkillRow {
                competency: page_ref(site, c, link),
                cells,
                built_by: edges.built_by.len(),
                gap: edges.built_by.is_empty() && !edges.required_by.is_empty(),
            })
        })
        .collect();
    SkillsView {
        roles: page_refs(site, &roles, link),
        gaps: rows
            .iter()
            .filter(|r| r.gap)
            .map(|r| r.competency.clone())
            .collect(),
        rows,
    }
}
