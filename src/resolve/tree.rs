//! The section tree (folders -> sections with their index pages and ordered
//! pages), previous/next links within a section, and tags.

use std::collections::BTreeMap;

use super::urls::{section_path, slugify};
use super::{Page, Section, Tag};
use crate::diagnostic::Diagnostic;
use crate::parse::section_title_from_path;

/// The content folder a page lives in (`a/b/c.md` -> `a/b`, `a/_index.md` -> `a`).
pub(super) fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Group pages into sections, one per folder (ancestors included), and
/// point each page at its section.
pub(super) fn build_sections(pages: &mut [Page], errors: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut dirs: BTreeMap<String, usize> = BTreeMap::new();
    dirs.insert(String::new(), 0);
    for page in pages.iter() {
        let mut dir = dir_of(&page.doc.rel);
        loop {
            dirs.entry(dir.to_string()).or_insert(0);
            if dir.is_empty() {
                break;
            }
            dir = dir_of(dir);
        }
    }
    let mut sections: Vec<Section> = Vec::with_capacity(dirs.len());
    for (i, (dir, slot)) in dirs.iter_mut().enumerate() {
        *slot = i;
        sections.push(Section {
            dir: dir.clone(),
            path: section_path(dir),
            title: section_title_from_path(&format!("{dir}/_")),
            index: None,
            pages: Vec::new(),
            children: Vec::new(),
            parent: None,
            weight: None,
        });
    }
    // Every folder's parent exists (ancestors were added above), so indices are known now.
    for s in &mut sections {
        s.parent = (!s.dir.is_empty()).then(|| dirs[dir_of(&s.dir)]);
    }
    attach_pages(pages, &mut sections, &dirs, errors);
    order(pages, &mut sections);
    sections
}

fn attach_pages(
    pages: &mut [Page],
    sections: &mut [Section],
    dirs: &BTreeMap<String, usize>,
    errors: &mut Vec<Diagnostic>,
) {
    for i in 0..pages.len() {
        let s = dirs[dir_of(&pages[i].doc.rel)];
        pages[i].section = s;
        let doc = &pages[i].doc;
        if !doc.is_section_index {
            sections[s].pages.push(i);
            continue;
        }
        match sections[s].index {
            Some(first) => errors.push(
                Diagnostic::error(
                    "duplicate-index",
                    format!(
                        "content/{} and content/{} both describe the folder `{}`",
                        pages[first].doc.rel, doc.rel, sections[s].dir
                    ),
                )
                .in_file(format!("content/{}", doc.rel))
                .with_help("a folder has one index page: keep one of `_index.md`, `index.md` or `README.md`"),
            ),
            None => {
                sections[s].index = Some(i);
                sections[s].title = doc.title.clone();
                sections[s].weight = doc.front.weight;
            }
        }
    }
}

/// Reading order: pages with a weight first (lightest first), then by title.
fn order(pages: &[Page], sections: &mut [Section]) {
    let key = |p: &Page| {
        (
            p.doc.front.weight.is_none(),
            p.doc.front.weight.unwrap_or(0),
            p.doc.title.to_lowercase(),
            p.doc.rel.clone(),
        )
    };
    for s in sections.iter_mut() {
        s.pages.sort_by_cached_key(|&i| key(&pages[i]));
    }
    let mut children: Vec<(usize, usize)> = sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.parent.map(|p| (p, i)))
        .collect();
    children.sort_by_cached_key(|&(p, i)| {
        let s = &sections[i];
        (
            p,
            s.weight.is_none(),
            s.weight.unwrap_or(0),
            s.title.to_lowercase(),
        )
    });
    for (parent, child) in children {
        sections[parent].children.push(child);
    }
}

/// Previous/next follow reading order within a section.
pub(super) fn link_prev_next(pages: &mut [Page], sections: &[Section]) {
    for s in sections {
        for pair in s.pages.windows(2) {
            pages[pair[0]].next = Some(pair[1]);
            pages[pair[1]].prev = Some(pair[0]);
        }
    }
}

/// Tags by slug; the first spelling seen names the tag.
pub(super) fn collect_tags(pages: &mut [Page]) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in &page.doc.front.tags {
            let entry = by_slug
                .entry(slugify(name))
                .or_insert_with(|| (name.clone(), Vec::new()));
            if !entry.1.contains(&i) {
                entry.1.push(i);
            }
        }
    }
    let mut tags: Vec<Tag> = by_slug
        .into_iter()
        .filter(|(slug, _)| !slug.is_empty())
        .map(|(slug, (name, pages))| Tag { name, slug, pages })
        .collect();
    for (t, tag) in tags.iter_mut().enumerate() {
        tag.pages
            .sort_by_cached_key(|&i| (pages[i].doc.title.to_lowercase(), pages[i].doc.rel.clone()));
        for &i in &tag.pages {
            pages[i].tags.push(t);
        }
    }
    tags
}
