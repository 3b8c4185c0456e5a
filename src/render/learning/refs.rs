//! Small views shared by the learning pages: a linked page with its kind
//! and time, a goal with its level, a required level with its position,
//! and what a path step needs for progress (source path and content hash).

use serde::Serialize;

use crate::render::view::{Linker, format_minutes};
use crate::resolve::Site;

/// A page as a link, with what lists of learning content show beside it.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PageRef {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) duration: Option<String>,
}

/// A goal as a link, with its level in the cascade.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct GoalRef {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) level: &'static str,
}

/// A competency level by name and position: "Proficient (3 of 4)".
#[derive(Serialize, Clone, Debug)]
pub(crate) struct LevelRef {
    pub(crate) name: String,
    pub(crate) position: usize,
    pub(crate) of: usize,
}

/// What progress is keyed by: the page's source path and content hash,
/// and the source paths it had before it moved (see `former_sources`).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct StepKey {
    pub(crate) source: String,
    pub(crate) hash: String,
    pub(crate) former: String,
}

pub(crate) fn page_ref(site: &Site, page: usize, link: &Linker<'_>) -> PageRef {
    let p = &site.pages[page];
    PageRef {
        title: p.doc.title.clone(),
        href: link.to(&p.path),
        kind: p.doc.kind.as_str(),
        summary: p.doc.summary.clone(),
        duration: p.doc.front.duration.map(format_minutes),
    }
}

pub(crate) fn page_refs(site: &Site, pages: &[usize], link: &Linker<'_>) -> Vec<PageRef> {
    pages.iter().map(|&i| page_ref(site, i, link)).collect()
}

pub(crate) fn goal_ref(site: &Site, page: usize, link: &Linker<'_>) -> GoalRef {
    let p = &site.pages[page];
    GoalRef {
        title: p.doc.title.clone(),
        href: link.to(&p.path),
        level: p.doc.data.goal().map_or("", |g| g.level.as_str()),
    }
}

/// The level at `index` of the competency `competency`.
pub(crate) fn level_ref(site: &Site, competency: usize, index: usize) -> LevelRef {
    let levels = site.pages[competency]
        .doc
        .data
        .competency()
        .map_or(&[][..], |c| c.levels.as_slice());
    LevelRef {
        name: levels.get(index).cloned().unwrap_or_default(),
        position: index + 1,
        of: levels.len(),
    }
}

pub(crate) fn step_key(site: &Site, page: usize) -> StepKey {
    let doc = &site.pages[page].doc;
    StepKey {
        source: doc.rel.clone(),
        hash: format!("{:016x}", doc.content_hash),
        former: former_sources(site, page),
    }
}

/// The source paths whose progress a page that moved takes over: what was
/// published at each of its aliases (`/old/about/` came from `old/about.md`,
/// or `_index.md`, `index.md` or `README.md` in `old/about/`), as a JSON
/// list for the progress script; empty when the page has no aliases.
pub(crate) fn former_sources(site: &Site, page: usize) -> String {
    let mut sources = Vec::new();
    for alias in site.aliases.iter().filter(|a| a.page == page) {
        let stem = alias.path.trim_end_matches('/');
        if stem.is_empty() {
            continue;
        }
        sources.push(format!("{stem}.md"));
        for index in crate::parse::SECTION_INDEX_NAMES {
            sources.push(format!("{stem}/{index}"));
        }
    }
    if sources.is_empty() {
        return String::new();
    }
    serde_json::to_string(&sources).unwrap_or_default()
}
