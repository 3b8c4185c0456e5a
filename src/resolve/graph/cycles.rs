//! Cycles in the references that must form a hierarchy or a chain: goal
//! parents, path prerequisites, role `reports_to` and `serves`. Each cycle is
//! one `reference-cycle` error at the reference that closes it, printing the
//! cycle (`a -> b -> c -> a`).

use super::refs::Refs;
use crate::diagnostic::{Diagnostic, Located};
use crate::resolve::Page;

/// The references that may not loop back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Relation {
    GoalParent,
    Prerequisite,
    ReportsTo,
    Serves,
}

impl Relation {
    const ALL: [Relation; 4] = [
        Relation::GoalParent,
        Relation::Prerequisite,
        Relation::ReportsTo,
        Relation::Serves,
    ];

    fn what(self) -> &'static str {
        match self {
            Relation::GoalParent => "goal parents",
            Relation::Prerequisite => "path prerequisites",
            Relation::ReportsTo => "`reports_to` links",
            Relation::Serves => "`serves` links",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Relation::GoalParent => {
                "a goal cannot be its own ancestor: the cascade runs from the organization down; remove one `parent`"
            }
            Relation::Prerequisite => {
                "a path cannot have to come before itself; remove one prerequisite of the cycle"
            }
            Relation::ReportsTo => {
                "a role cannot report to itself, even through others; remove one `reports_to`"
            }
            Relation::Serves => {
                "the service chain must end at the customer; remove one `serves` entry of the cycle"
            }
        }
    }
}

/// One resolved reference of a relation: page `from` names page `to` at `at`.
#[derive(Clone, Debug)]
pub(super) struct Link {
    pub(super) relation: Relation,
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) at: Located<String>,
}

/// Report every cycle of every relation.
pub(super) fn check(links: &[Link], pages: &[Page], refs: &Refs<'_>, errors: &mut Vec<Diagnostic>) {
    for relation in Relation::ALL {
        let mut next: Vec<Vec<&Link>> = vec![Vec::new(); pages.len()];
        for link in links.iter().filter(|l| l.relation == relation) {
            next[link.from].push(link);
        }
        for (cycle, closing) in find_cycles(&next) {
            let names: Vec<String> = cycle.iter().map(|&i| refs.name(i)).collect();
            let message = format!("{} form a cycle: {}", relation.what(), names.join(" -> "));
            let doc = &pages[closing.from].doc;
            errors.push(
                Diagnostic::error("reference-cycle", message)
                    .in_file(format!("content/{}", doc.rel))
                    .at(&doc.source, closing.at.pos, closing.at.len)
                    .with_help(relation.help()),
            );
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    OnStack,
    Done,
}

/// Depth-first search from every page in order, without recursion (chains
/// may be long). Each edge back to a page on the stack closes one cycle:
/// returned as the pages from that page round to itself, with the closing link.
fn find_cycles<'l>(next: &[Vec<&'l Link>]) -> Vec<(Vec<usize>, &'l Link)> {
    let mut marks = vec![Mark::New; next.len()];
    let mut found = Vec::new();
    for start in 0..next.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // (page, index of its next edge to follow)
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = Mark::OnStack;
        while let Some(top) = stack.last_mut() {
            let (page, edge) = *top;
            let Some(link) = next[page].get(edge) else {
                marks[page] = Mark::Done;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match marks[link.to] {
                Mark::New => {
                    marks[link.to] = Mark::OnStack;
                    stack.push((link.to, 0));
                }
                Mark::OnStack => {
                    let first = stack.iter().position(|(p, _)| *p == link.to).unwrap_or(0);
                    let mut cycle: Vec<usize> = stack[first..].iter().map(|(p, _)| *p).collect();
                    cycle.push(link.to);
                    found.push((cycle, *link));
                }
                Mark::Done => {}
            }
        }
    }
    found
}
