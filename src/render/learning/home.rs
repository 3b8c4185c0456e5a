//! The home page's role picker: every role with its paths and their steps,
//! so `learn.js` can show the chosen role's progress and next step.

use serde::Serialize;

use super::overview::of_kind;
use super::path::{PathCard, cards};
use crate::parse::Kind;
use crate::render::view::Linker;
use crate::resolve::Site;

#[derive(Serialize, Debug)]
pub(crate) struct RoleChoice<'a> {
    /// The role's source path: what the picker remembers.
    pub(crate) value: &'a str,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) paths: Vec<PathCard<'a>>,
}

/// Every role, in reading order; `None` when the handbook has no roles.
pub(crate) fn role_picker<'a>(site: &'a Site, link: &Linker<'_>) -> Option<Vec<RoleChoice<'a>>> {
    let roles: Vec<RoleChoice<'a>> = of_kind(site, Kind::Role)
        .into_iter()
        .filter_map(|r| {
            let edges = site.graph.role(r)?;
            let page = &site.pages[r];
            Some(RoleChoice {
                value: &page.doc.rel,
                title: &page.doc.title,
                href: link.to(&page.path),
                paths: cards(site, &edges.paths, link),
            })
        })
        .collect();
    (!roles.is_empty()).then_some(roles)
}
