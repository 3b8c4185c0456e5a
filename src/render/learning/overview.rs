//! The generated overview of each kind (`/paths/`, `/roles/`,
//! `/competencies/`, `/kata/`, `/playbooks/`, `/goals/`): every page of the
//! kind with what matters about it, in reading order. The folder's
//! `_index.md`, when there is one, gives the title and introduction.

use serde::Serialize;

use super::path::{PathCard, cards};
use super::refs::{GoalRef, PageRef, goal_ref, page_ref, page_refs};
use crate::parse::Kind;
use crate::render::svg::{ChainRole, service_chain};
use crate::render::view::Linker;
use crate::resolve::{Page, Site};

/// Deepest goal tree level drawn nested; deeper goals are listed on their parent's page.
const MAX_GOAL_DEPTH: usize = 12;

#[derive(Serialize, Debug)]
#[serde(untagged)]
pub(crate) enum Overview<'a> {
    Paths(Vec<RoleGroup<'a>>),
    Roles(RolesOverview),
    Competencies(Vec<CompetencyRow<'a>>),
    Kata(Vec<KataRow<'a>>),
    Playbooks(Vec<PlaybookRow>),
    Goals(Vec<GoalNode<'a>>),
}

/// The template of a kind's overview.
pub(crate) fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Path => "overviews/paths.html",
        Kind::Role => "overviews/roles.html",
        Kind::Competency => "overviews/competencies.html",
        Kind::Kata => "overviews/kata.html",
        Kind::Playbook => "overviews/playbooks.html",
        Kind::Goal => "overviews/goals.html",
        Kind::Page => "section.html",
    }
}

pub(crate) fn overview<'a>(site: &'a Site, kind: Kind, link: &Linker<'_>) -> Overview<'a> {
    match kind {
        Kind::Path => Overview::Paths(paths_by_role(site, link)),
        Kind::Role => Overview::Roles(roles(site, link)),
        Kind::Competency => Overview::Competencies(competencies(site, link)),
        Kind::Kata => Overview::Kata(kata(site, link)),
        Kind::Goal => Overview::Goals(goal_tree(site, &site.graph.goal_roots, link, 0)),
        Kind::Playbook | Kind::Page => Overview::Playbooks(playbooks(site, kind, link)),
    }
}

/// Pages of `kind` in reading order (weighted first, then by title).
pub(crate) fn of_kind(site: &Site, kind: Kind) -> Vec<usize> {
    let mut found: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].doc.kind == kind)
        .collect();
    let key = |p: &Page| {
        (
            p.doc.front.weight.is_none(),
            p.doc.front.weight.unwrap_or(0),
            p.doc.title.to_lowercase(),
            p.doc.rel.clone(),
        )
    };
    found.sort_by_cached_key(|&i| key(&site.pages[i]));
    found
}

#[derive(Serialize, Debug)]
pub(crate) struct RoleGroup<'a> {
    pub(crate) role: PageRef,
    pub(crate) paths: Vec<PathCard<'a>>,
}

/// Paths under each role they are for (a path for two roles is under both).
fn paths_by_role<'a>(site: &'a Site, link: &Linker<'_>) -> Vec<RoleGroup<'a>> {
    of_kind(site, Kind::Role)
        .into_iter()
        .filter_map(|role| {
            let edges = site.graph.role(role)?;
            let paths = cards(site, &edges.paths, link);
            (!paths.is_empty()).then(|| RoleGroup {
                role: page_ref(site, role, link),
                paths,
            })
        })
        .collect()
}

#[derive(Serialize, Debug)]
pub(crate) struct RolesOverview {
    pub(crate) roles: Vec<RoleRow>,
    /// The service chain as an inline SVG (escaped when drawn).
    pub(crate) chain: String,
}

#[derive(Serialize, Debug)]
pub(crate) struct RoleRow {
    pub(crate) role: PageRef,
    pub(crate) serves: Vec<PageRef>,
    pub(crate) serves_customer: bool,
    pub(crate) paths: usize,
}

fn roles(site: &Site, link: &Linker<'_>) -> RolesOverview {
    let order = of_kind(site, Kind::Role);
    let mut rows = Vec::new();
    let mut chain = Vec::new();
    for &role in &order {
        let Some(edges) = site.graph.role(role) else {
            continue;
        };
        rows.push(RoleRow {
            role: page_ref(site, role, link),
            serves: page_refs(site, &edges.serves, link),
            serves_customer: edges.serves_customer,
            paths: edges.paths.len(),
        });
        chain.push(ChainRole {
            title: site.pages[role].doc.title.as_str(),
            serves: edges
                .serves
                .iter()
                .filter_map(|s| order.iter().position(|o| o == s))
                .collect(),
            serves_customer: edges.serves_customer,
        });
    }
    RolesOverview {
        roles: rows,
        chain: if chain.is_empty() {
            String::new()
        } else {
            service_chain("service-chain", &chain)
        },
    }
}

#[derive(Serialize, Debug)]
pub(crate) struct CompetencyRow<'a> {
    pub(crate) page: PageRef,
    pub(crate) levels: &'a [String],
    pub(crate) required_by: usize,
    pub(crate) built_by: usize,
}

fn competencies<'a>(site: &'a Site, link: &Linker<'_>) -> Vec<CompetencyRow<'a>> {
    of_kind(site, Kind::Competency)
        .into_iter()
        .filter_map(|c| {
            let edges = site.graph.competency(c)?;
            Some(CompetencyRow {
                page: page_ref(site, c, link),
                levels: &site.pages[c].doc.data.competency()?.levels,
                required_by: edges.required_by.len(),
                built_by: edges.built_by.len(),
            })
        })
        .collect()
}

#[derive(Serialize, Debug)]
pub(crate) struct KataRow<'a> {
    pub(crate) page: PageRef,
    pub(crate) pattern: &'static str,
    pub(crate) cadence: Option<&'a str>,
    pub(crate) minutes: Option<u32>,
}

fn kata<'a>(site: &'a Site, link: &Linker<'_>) -> Vec<KataRow<'a>> {
    of_kind(site, Kind::Kata)
        .into_iter()
        .filter_map(|k| {
            let data = site.pages[k].doc.data.kata()?;
            Some(KataRow {
                page: page_ref(site, k, link),
                pattern: data.pattern.as_str(),
                cadence: data.cadence.as_deref(),
                minutes: data.minutes,
            })
        })
        .collect()
}

#[derive(Serialize, Debug)]
pub(crate) struct PlaybookRow {
    pub(crate) page: PageRef,
    pub(crate) roles: Vec<PageRef>,
}

fn playbooks(site: &Site, kind: Kind, link: &Linker<'_>) -> Vec<PlaybookRow> {
    of_kind(site, kind)
        .into_iter()
        .map(|p| PlaybookRow {
            page: page_ref(site, p, link),
            roles: page_refs(site, &site.graph.pages[p].roles, link),
        })
        .collect()
}

/// A goal of the cascade with the goals under it.
#[derive(Serialize, Debug)]
pub(crate) struct GoalNode<'a> {
    pub(crate) goal: GoalRef,
    pub(crate) measure: Option<&'a str>,
    pub(crate) target: Option<&'a str>,
    pub(crate) children: Vec<GoalNode<'a>>,
}

fn goal_tree<'a>(
    site: &'a Site,
    goals: &[usize],
    link: &Linker<'_>,
    depth: usize,
) -> Vec<GoalNode<'a>> {
    goals
        .iter()
        .map(|&g| {
            let data = site.pages[g].doc.data.goal();
            let children = match site.graph.goal(g) {
                Some(edges) if depth < MAX_GOAL_DEPTH => {
                    goal_tree(site, &edges.children, link, depth + 1)
                }
                _ => Vec::new(),
            };
            GoalNode {
                goal: goal_ref(site, g, link),
                measure: data.and_then(|d| d.measure.as_deref()),
                target: data.and_then(|d| d.target.as_deref()),
                children,
            }
        })
        .collect()
}
