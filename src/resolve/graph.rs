//! Resolve stage, the learning model's graph: every typed reference
//! (`roles`, `goals`, `builds`, role competencies, paths, goal parents ...)
//! checked and turned into page indices, both ways, plus cycle checks and
//! path times. Plain data indexed like `Site::pages`; built by `build`.

mod cycles;
mod refs;
#[cfg(test)]
pub(super) mod tests;

use self::cycles::{Link, Relation};
use self::refs::{Expect, Refs};
use super::{Page, Site};
use crate::diagnostic::{Diagnostic, Located};
use crate::parse::Kind;
use crate::parse::kinds::{CUSTOMER, KindData, LearningPath, Role};

/// Who links to whom in the learning model. Every index is into `Site::pages`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// One entry per page, same index as `Site::pages`.
    pub pages: Vec<PageEdges>,
    /// Goals without a parent: the tops of the cascade, in page order.
    pub goal_roots: Vec<usize>,
}

/// A page's resolved references and the pages that refer to it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageEdges {
    /// Its `roles` (who it is for), in the order written.
    pub roles: Vec<usize>,
    /// Its `goals` (what it serves), in the order written.
    pub goals: Vec<usize>,
    /// Its `builds` (competencies it develops), in the order written.
    pub builds: Vec<usize>,
    /// Paths with a step on this page, in page order.
    pub in_paths: Vec<usize>,
    /// What only its kind has.
    pub kind: KindEdges,
}

/// The edges only one kind has.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum KindEdges {
    #[default]
    Plain,
    Role(RoleEdges),
    Competency(CompetencyEdges),
    Path(PathEdges),
    Goal(GoalEdges),
}

/// A role requires a competency at a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub role: usize,
    pub competency: usize,
    /// Index into the competency's `levels` (0 = lowest).
    pub level: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleEdges {
    /// Its `competencies`, in the order written.
    pub competencies: Vec<Requirement>,
    /// Its own `paths`, then the other paths whose `roles` name it.
    pub paths: Vec<usize>,
    pub reports_to: Option<usize>,
    /// Roles whose `reports_to` is this one.
    pub reports: Vec<usize>,
    /// Roles it serves (its internal customers), without the external customer.
    pub serves: Vec<usize>,
    /// Whether `serves` names the external customer (`"customer"`).
    pub serves_customer: bool,
    /// Roles that serve this one.
    pub served_by: Vec<usize>,
    /// Pages of any kind whose `roles` name it.
    pub pages: Vec<usize>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompetencyEdges {
    /// Pages whose `builds` name it.
    pub built_by: Vec<usize>,
    /// Roles requiring it, with the level each needs.
    pub required_by: Vec<Requirement>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PathEdges {
    pub prerequisites: Vec<usize>,
    /// Paths that list this one as a prerequisite.
    pub leads_to: Vec<usize>,
    /// One per stage of the path's `KindData::Path`, same order.
    pub stages: Vec<StageEdges>,
    /// Time of every step, in minutes.
    pub minutes: u32,
    /// Time of the steps not marked `optional`.
    pub required_minutes: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageEdges {
    /// One per step of the stage, same order.
    pub steps: Vec<StepEdge>,
    pub minutes: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepEdge {
    pub page: usize,
    /// The page's `duration`, else its reading time.
    pub minutes: u32,
    pub optional: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoalEdges {
    pub parent: Option<usize>,
    /// Goals whose `parent` is this one, in page order.
    pub children: Vec<usize>,
    /// Pages whose `goals` name it.
    pub served_by: Vec<usize>,
}

impl Graph {
    pub fn role(&self, page: usize) -> Option<&RoleEdges> {
        match &self.pages.get(page)?.kind {
            KindEdges::Role(role) => Some(role),
            _ => None,
        }
    }

    pub fn competency(&self, page: usize) -> Option<&CompetencyEdges> {
        match &self.pages.get(page)?.kind {
            KindEdges::Competency(competency) => Some(competency),
            _ => None,
        }
    }

    pub fn path(&self, page: usize) -> Option<&PathEdges> {
        match &self.pages.get(page)?.kind {
            KindEdges::Path(path) => Some(path),
            _ => None,
        }
    }

    pub fn goal(&self, page: usize) -> Option<&GoalEdges> {
        match &self.pages.get(page)?.kind {
            KindEdges::Goal(goal) => Some(goal),
            _ => None,
        }
    }

    /// `goal`, its parent, and so on up to the top (the organization goal).
    pub fn goal_chain(&self, goal: usize) -> Vec<usize> {
        let mut chain = vec![goal];
        while let Some(parent) = self.goal(chain[chain.len() - 1]).and_then(|g| g.parent) {
            // Cycles are build errors, but never loop on one.
            if chain.contains(&parent) {
                break;
            }
            chain.push(parent);
        }
        chain
    }
}

impl Requirement {
    /// The required level's name, as the competency spells it.
    pub fn level_name<'a>(&self, site: &'a Site) -> &'a str {
        let competency = site.pages.get(self.competency);
        let levels = competency.and_then(|p| p.doc.data.competency());
        levels
            .and_then(|c| c.levels.get(self.level))
            .map_or("", String::as_str)
    }
}

/// Resolve every typed reference of `pages` into the graph; problems go to `errors`.
pub(super) fn build(pages: &[Page], drafts: &[String], errors: &mut Vec<Diagnostic>) -> Graph {
    let refs = Refs::new(pages, drafts);
    refs.check_duplicate_slugs(errors);
    let mut graph = Graph {
        pages: vec![PageEdges::default(); pages.len()],
        goal_roots: Vec::new(),
    };
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let mut at = Resolver {
            refs: &refs,
            from: i,
            errors: &mut *errors,
            links: &mut links,
        };
        graph.pages[i] = at.page_edges(page);
    }
    link_reverse(&mut graph);
    cycles::check(&links, pages, &refs, errors);
    graph
}

/// Resolves the references of one page, reporting each problem at its place.
struct Resolver<'r, 'e> {
    refs: &'r Refs<'r>,
    from: usize,
    errors: &'e mut Vec<Diagnostic>,
    /// References of the relations that must not loop, for the cycle check.
    links: &'e mut Vec<Link>,
}

impl Resolver<'_, '_> {
    fn one(&mut self, reference: &Located<String>, expect: Expect) -> Option<usize> {
        self.refs.resolve(self.from, reference, expect, self.errors)
    }

    /// One reference of a relation that must not loop.
    fn linked(
        &mut self,
        reference: &Located<String>,
        kind: Kind,
        relation: Relation,
    ) -> Option<usize> {
        let to = self.one(reference, Expect::Kind(kind))?;
        self.links.push(Link {
            relation,
            from: self.from,
            to,
            at: reference.clone(),
        });
        Some(to)
    }

    /// Each reference resolved once, in the order written; `relation` if they must not loop.
    fn all(
        &mut self,
        references: &[Located<String>],
        kind: Kind,
        relation: Option<Relation>,
    ) -> Vec<usize> {
        let mut found = Vec::with_capacity(references.len());
        for reference in references {
            let to = match relation {
                Some(relation) => self.linked(reference, kind, relation),
                None => self.one(reference, Expect::Kind(kind)),
            };
            if let Some(i) = to.filter(|i| !found.contains(i)) {
                found.push(i);
            }
        }
        found
    }

    fn page_edges(&mut self, page: &Page) -> PageEdges {
        let front = &page.doc.front;
        PageEdges {
            roles: self.all(&front.roles, Kind::Role, None),
            goals: self.all(&front.goals, Kind::Goal, None),
            builds: self.all(&front.builds, Kind::Competency, None),
            in_paths: Vec::new(),
            kind: self.kind_edges(&page.doc.data),
        }
    }

    fn kind_edges(&mut self, data: &KindData) -> KindEdges {
        match data {
            KindData::Plain | KindData::Kata(_) => KindEdges::Plain,
            KindData::Competency(_) => KindEdges::Competency(CompetencyEdges::default()),
            KindData::Role(role) => KindEdges::Role(self.role(role)),
            KindData::Path(path) => KindEdges::Path(self.path(path)),
            KindData::Goal(goal) => KindEdges::Goal(GoalEdges {
                parent: goal.parent.as_ref().and_then(|p| {
                    let parent = self.linked(p, Kind::Goal, Relation::GoalParent)?;
                    let refs = self.refs;
                    self.errors.extend(refs.parent_level(self.from, p, parent));
                    Some(parent)
                }),
                ..GoalEdges::default()
            }),
        }
    }

    fn role(&mut self, role: &Role) -> RoleEdges {
        let competencies = role
            .competencies
            .iter()
            .filter_map(|required| {
                let competency = self.one(&required.competency, Expect::Kind(Kind::Competency))?;
                let level = self
                    .refs
                    .level(self.from, competency, &required.level, self.errors)?;
                let role = self.from;
                Some(Requirement {
                    role,
                    competency,
                    level,
                })
            })
            .collect();
        let (customer, serves): (Vec<_>, Vec<_>) = role
            .serves
            .iter()
            .cloned()
            .partition(|s| s.value == CUSTOMER);
        RoleEdges {
            competencies,
            paths: self.all(&role.paths, Kind::Path, None),
            reports_to: role
                .reports_to
                .as_ref()
                .and_then(|r| self.linked(r, Kind::Role, Relation::ReportsTo)),
            serves: self.all(&serves, Kind::Role, Some(Relation::Serves)),
            serves_customer: !customer.is_empty(),
            ..RoleEdges::default()
        }
    }

    fn path(&mut self, path: &LearningPath) -> PathEdges {
        let mut edges = PathEdges {
            prerequisites: self.all(
                &path.prerequisites,
                Kind::Path,
                Some(Relation::Prerequisite),
            ),
            ..PathEdges::default()
        };
        for stage in &path.stages {
            let mut stage_edges = StageEdges::default();
            for step in &stage.steps {
                if let Some(page) = self.one(&step.page, Expect::Any) {
                    let minutes = self.refs.minutes(page);
                    let optional = step.optional;
                    stage_edges.steps.push(StepEdge {
                        page,
                        minutes,
                        optional,
                    });
                    stage_edges.minutes += minutes;
                    edges.minutes += minutes;
                    edges.required_minutes += if optional { 0 } else { minutes };
                }
            }
            edges.stages.push(stage_edges);
        }
        edges
    }
}

/// Fill every reverse index from the forward edges, in page order.
fn link_reverse(graph: &mut Graph) {
    for from in 0..graph.pages.len() {
        let edges = graph.pages[from].clone();
        for &role in &edges.roles {
            with_role(graph, role, |r| r.pages.push(from));
        }
        for &goal in &edges.goals {
            with_goal(graph, goal, |g| g.served_by.push(from));
        }
        for &competency in &edges.builds {
            with_competency(graph, competency, |c| c.built_by.push(from));
        }
        match &edges.kind {
            KindEdges::Role(role) => link_role(graph, from, role),
            KindEdges::Path(path) => link_path(graph, from, &edges.roles, path),
            KindEdges::Goal(goal) => match goal.parent {
                Some(parent) => with_goal(graph, parent, |g| g.children.push(from)),
                None => graph.goal_roots.push(from),
            },
            KindEdges::Plain | KindEdges::Competency(_) => {}
        }
    }
}

fn link_role(graph: &mut Graph, from: usize, role: &RoleEdges) {
    for required in &role.competencies {
        with_competency(graph, required.competency, |c| {
            c.required_by.push(*required)
        });
    }
    for &served in &role.serves {
        with_role(graph, served, |r| r.served_by.push(from));
    }
    if let Some(boss) = role.reports_to {
        with_role(graph, boss, |r| r.reports.push(from));
    }
}

fn link_path(graph: &mut Graph, from: usize, roles: &[usize], path: &PathEdges) {
    for &before in &path.prerequisites {
        with_path(graph, before, |p| p.leads_to.push(from));
    }
    for step in path.stages.iter().flat_map(|s| &s.steps) {
        let in_paths = &mut graph.pages[step.page].in_paths;
        if !in_paths.contains(&from) {
            in_paths.push(from);
        }
    }
    for &role in roles {
        with_role(graph, role, |r| {
            if !r.paths.contains(&from) {
                r.paths.push(from);
            }
        });
    }
}

fn with_role(graph: &mut Graph, page: usize, f: impl FnOnce(&mut RoleEdges)) {
    if let Some(KindEdges::Role(role)) = graph.pages.get_mut(page).map(|p| &mut p.kind) {
        f(role);
    }
}

fn with_goal(graph: &mut Graph, page: usize, f: impl FnOnce(&mut GoalEdges)) {
    if let Some(KindEdges::Goal(goal)) = graph.pages.get_mut(page).map(|p| &mut p.kind) {
        f(goal);
    }
}

fn with_competency(graph: &mut Graph, page: usize, f: impl FnOnce(&mut CompetencyEdges)) {
    if let Some(KindEdges::Competency(c)) = graph.pages.get_mut(page).map(|p| &mut p.kind) {
        f(c);
    }
}

fn with_path(graph: &mut Graph, page: usize, f: impl FnOnce(&mut PathEdges)) {
    if let Some(KindEdges::Path(path)) = graph.pages.get_mut(page).map(|p| &mut p.kind) {
        f(path);
    }
}
