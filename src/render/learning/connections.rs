//! Where any page fits in the learning model: who it is for, what it
//! builds, the goals it serves as lines of sight up to the organization
//! goal, and the paths that include it (then it gets a "done" checkbox).

use serde::Serialize;

use super::refs::{GoalRef, PageRef, StepKey, goal_ref, page_refs, step_key};
use crate::render::view::Linker;
use crate::resolve::Site;

#[derive(Serialize, Default, Debug)]
pub(crate) struct Connections {
    pub(crate) roles: Vec<PageRef>,
    pub(crate) builds: Vec<PageRef>,
    /// One line of sight per goal served: the goal, its parent ... the top.
    pub(crate) sight: Vec<Vec<GoalRef>>,
    pub(crate) in_paths: Vec<PageRef>,
    /// Set when a path includes the page, for its "done" checkbox.
    pub(crate) step: Option<StepKey>,
    /// Whether there is anything to show.
    pub(crate) any: bool,
}

/// The connections of page `page`.
pub(crate) fn of_page(site: &Site, page: usize, link: &Linker<'_>) -> Connections {
    let edges = &site.graph.pages[page];
    let sight: Vec<Vec<GoalRef>> = edges
        .goals
        .iter()
        .map(|&g| {
            let chain = site.graph.goal_chain(g);
            chain.iter().map(|&i| goal_ref(site, i, link)).collect()
        })
        .collect();
    let step = (!edges.in_paths.is_empty()).then(|| step_key(site, page));
    let any = !(edges.roles.is_empty()
        && edges.builds.is_empty()
        && sight.is_empty()
        && edges.in_paths.is_empty());
    Connections {
        roles: page_refs(site, &edges.roles, link),
        builds: page_refs(site, &edges.builds, link),
        sight,
        in_paths: page_refs(site, &edges.in_paths, link),
        step,
        any,
    }
}
