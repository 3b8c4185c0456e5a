//! What kata, role, competency and goal pages show beyond their body:
//! plain views built from the page's `KindData` and its graph edges.

use serde::Serialize;

use super::refs::{GoalRef, LevelRef, PageRef, goal_ref, level_ref, page_ref, page_refs};
use crate::parse::kinds::Kata;
use crate::render::view::Linker;
use crate::resolve::Site;
use crate::resolve::graph::Requirement;

/// Empty rows of the printable practice storyboard.
const STORYBOARD_ROWS: u32 = 5;

#[derive(Serialize, Debug)]
pub(crate) struct KataView<'a> {
    pub(crate) pattern: &'static str,
    pub(crate) cadence: Option<&'a str>,
    pub(crate) minutes: Option<u32>,
    pub(crate) steps: Vec<KataStepView<'a>>,
    pub(crate) questions: &'a [String],
    pub(crate) record: &'a [String],
    /// `1..=STORYBOARD_ROWS`, for the storyboard's empty rows.
    pub(crate) blank_rows: Vec<u32>,
    /// The kata's source path: the practice log's key.
    pub(crate) source: &'a str,
    /// Source paths it had before it moved (a JSON list, or empty).
    pub(crate) former: String,
}

#[derive(Serialize, Debug)]
pub(crate) struct KataStepView<'a> {
    pub(crate) name: &'a str,
    pub(crate) prompt: Option<&'a str>,
}

pub(crate) fn kata<'a>(kata: &'a Kata, source: &'a str, former: String) -> KataView<'a> {
    KataView {
        pattern: kata.pattern.as_str(),
        cadence: kata.cadence.as_deref(),
        minutes: kata.minutes,
        steps: kata
            .steps
            .iter()
            .map(|s| KataStepView {
                name: &s.name,
                prompt: s.prompt.as_deref(),
            })
            .collect(),
        questions: &kata.questions,
        record: &kata.record,
        blank_rows: (1..=STORYBOARD_ROWS).collect(),
        source,
        former,
    }
}

/// A competency (or role) with the level required of it.
#[derive(Serialize, Debug)]
pub(crate) struct Need {
    pub(crate) page: PageRef,
    pub(crate) level: LevelRef,
}

#[derive(Serialize, Debug)]
pub(crate) struct RoleView {
    pub(crate) competencies: Vec<Need>,
    pub(crate) paths: Vec<PageRef>,
    pub(crate) reports_to: Option<PageRef>,
    pub(crate) reports: Vec<PageRef>,
    pub(crate) serves: Vec<PageRef>,
    pub(crate) serves_customer: bool,
    pub(crate) served_by: Vec<PageRef>,
    /// Content for the role, its paths left out (they are listed above).
    pub(crate) pages: Vec<PageRef>,
}

pub(crate) fn role(site: &Site, page: usize, link: &Linker<'_>) -> Option<RoleView> {
    let edges = site.graph.role(page)?;
    let need = |r: &Requirement| Need {
        page: page_ref(site, r.competency, link),
        level: level_ref(site, r.competency, r.level),
    };
    let content: Vec<usize> = edges
        .pages
        .iter()
        .copied()
        .filter(|p| !edges.paths.contains(p))
        .collect();
    Some(RoleView {
        competencies: edges.competencies.iter().map(need).collect(),
        paths: page_refs(site, &edges.paths, link),
        reports_to: edges.reports_to.map(|r| page_ref(site, r, link)),
        reports: page_refs(site, &edges.reports, link),
        serves: page_refs(site, &edges.serves, link),
        serves_customer: edges.serves_customer,
        served_by: page_refs(site, &edges.served_by, link),
        pages: page_refs(site, &content, link),
    })
}

#[derive(Serialize, Debug)]
pub(crate) struct CompetencyView<'a> {
    pub(crate) levels: &'a [String],
    /// Roles requiring it, with the level each needs.
    pub(crate) required_by: Vec<Need>,
    pub(crate) built_by: Vec<PageRef>,
}

pub(crate) fn competency<'a>(
    site: &'a Site,
    page: usize,
    link: &Linker<'_>,
) -> Option<CompetencyView<'a>> {
    let edges = site.graph.competency(page)?;
    let data = site.pages[page].doc.data.competency()?;
    Some(CompetencyView {
        levels: &data.levels,
        required_by: edges
            .required_by
            .iter()
            .map(|r| Need {
                page: page_ref(site, r.role, link),
                level: level_ref(site, page, r.level),
            })
            .collect(),
        built_by: page_refs(site, &edges.built_by, link),
    })
}

#[derive(Serialize, Debug)]
pub(crate) struct GoalView<'a> {
    pub(crate) level: &'static str,
    pub(crate) measure: Option<&'a str>,
    pub(crate) target: Option<&'a str>,
    /// Its parent, grandparent ... up to the top (the organization goal).
    pub(crate) ancestors: Vec<GoalRef>,
    pub(crate) children: Vec<GoalRef>,
    pub(crate) served_by: Vec<PageRef>,
}

pub(crate) fn goal<'a>(site: &'a Site, page: usize, link: &Linker<'_>) -> Option<GoalView<'a>> {
    let edges = site.graph.goal(page)?;
    let data = site.pages[page].doc.data.goal()?;
    let mut chain = site.graph.goal_chain(page);
    chain.remove(0);
    Some(GoalView {
        level: data.level.as_str(),
        measure: data.measure.as_deref(),
        target: data.target.as_deref(),
        ancestors: chain.iter().map(|&g| goal_ref(site, g, link)).collect(),
        children: edges
            .children
            .iter()
            .map(|&g| goal_ref(site, g, link))
            .collect(),
        served_by: page_refs(site, &edges.served_by, link),
    })
}
