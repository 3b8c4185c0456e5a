//! What templates see: plain serializable views of a page, its navigation
//! and its lists, with every link already written relative to the page.
//! Built from the `Site`; nothing here renders itself.

use serde::Serialize;

use super::Options;
use crate::config::Config;
use crate::parse::Heading;
use crate::resolve::urls::{LinkStyle, encode_segment, relative, root_prefix};
use crate::resolve::{Page, Section, Site};

/// How many sidebar links a section shows around the current page; the
/// rest are reached through the section's own page, so output stays linear.
const NAV_WINDOW: usize = 100;

#[derive(Serialize)]
pub struct SiteView<'a> {
    /// Keys employees' progress in the browser (see `learning::handbook_id`).
    pub id: String,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub base_url: &'a str,
    pub feed: bool,
    /// `[search] enabled`: the header search box and the index are published.
    pub search: bool,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config) -> Self {
        SiteView {
            id: super::learning::handbook_id(config),
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_url: &config.base_url,
            feed: true,
            search: config.search_enabled,
        }
    }
}

/// A link with a title (and a summary for lists).
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Serialize)]
pub struct TagLink {
    pub name: String,
    pub href: String,
}

/// The page being rendered (a content page or a generated one).
#[derive(Serialize, Default)]
pub struct PageView<'a> {
    pub title: String,
    pub summary: Option<String>,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<&'a Heading>,
    pub reading_minutes: u32,
    pub duration: Option<String>,
    pub owner: Option<&'a str>,
    pub updated: Option<String>,
    pub reviewed: Option<String>,
    pub tags: Vec<TagLink>,
    pub edit_href: Option<String>,
    /// Content-relative source path; `None` for generated pages.
    pub source: Option<&'a str>,
    pub kind: &'static str,
    pub is_home: bool,
    pub extra: Option<&'a toml::Table>,
    /// Ask search engines not to index the page (the trainer reports).
    pub noindex: bool,
}

#[derive(Serialize)]
pub struct NavSection {
    pub title: String,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct NavPage {
    pub title: String,
    pub href: String,
    pub current: bool,
}

/// The bounded sidebar: top-level sections, and the current section's pages
/// in a window around the current page.
#[derive(Serialize)]
pub struct NavView {
    pub sections: Vec<NavSection>,
    pub pages: Vec<NavPage>,
    pub before: usize,
    pub after: usize,
}

#[derive(Serialize, Default)]
pub struct Children {
    pub sections: Vec<LinkView>,
    pub pages: Vec<LinkView>,
}

/// Everything a template gets.
#[derive(Serialize)]
pub struct View<'a> {
    pub site: &'a SiteView<'a>,
    pub page: PageView<'a>,
    /// Relative prefix back to the site root (`../../`).
    pub root: String,
    pub home_href: String,
    pub search_href: String,
    pub nav: NavView,
    pub breadcrumbs: Vec<LinkView>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub children: Children,
}

/// Links from one page, in the site's link style.
pub struct Linker<'a> {
    pub from: &'a str,
    pub style: LinkStyle,
}

impl Linker<'_> {
    pub fn to(&self, path: &str) -> String {
        relative(self.from, path, self.style)
    }
}

impl<'a> View<'a> {
    /// The frame every page shares: site, nav, breadcrumbs, root links.
    pub fn frame(
        site_view: &'a SiteView<'a>,
        site: &Site,
        path: &str,
        section: usize,
        current_page: Option<usize>,
        opts: &Options,
    ) -> Self {
        let link = Linker {
            from: path,
            style: opts.link_style(),
        };
        View {
            site: site_view,
            page: PageView::default(),
            root: root_prefix(path),
            home_href: link.to(""),
            search_href: link.to("search/"),
            nav: nav(site, section, current_page, &link),
            breadcrumbs: breadcrumbs(site, section, current_page.is_some(), path, &link),
            prev: None,
            next: None,
            children: Children::default(),
        }
    }
}

fn nav(site: &Site, section: usize, current_page: Option<usize>, link: &Linker<'_>) -> NavView {
    let top = site.ancestry(section).get(1).copied().unwrap_or(0);
    let root = &site.sections[0];
    let mut sections = vec![NavSection {
        title: "Home".to_string(),
        href: link.to(""),
        current: top == 0,
    }];
    sections.extend(root.children.iter().map(|&s| NavSection {
        title: site.sections[s].title.clone(),
        href: link.to(&site.sections[s].path),
        current: s == top,
    }));
    let list = &site.sections[section].pages;
    let at = current_page
        .and_then(|p| list.iter().position(|&i| i == p))
        .unwrap_or(0);
    let start = at
        .saturating_sub(NAV_WINDOW / 2)
        .min(list.len().saturating_sub(NAV_WINDOW));
    let end = (start + NAV_WINDOW).min(list.len());
    let pages = list[start..end]
        .iter()
        .map(|&i| NavPage {
            title: site.pages[i].doc.title.clone(),
            href: link.to(&site.pages[i].path),
            current: Some(i) == current_page,
        })
        .collect();
    NavView {
        sections,
        pages,
        before: start,
        after: list.len() - end,
    }
}

/// Root to the parent of the current page; a section's own page stops at its parent.
fn breadcrumbs(
    site: &Site,
    section: usize,
    is_page: bool,
    path: &str,
    link: &Linker<'_>,
) -> Vec<LinkView> {
    if path.is_empty() {
        return Vec::new();
    }
    let mut chain = site.ancestry(section);
    let own_section = !is_page || site.sections[section].path == path;
    if own_section {
        chain.pop();
    }
    chain
        .into_iter()
        .map(|s| LinkView {
            title: if s == 0 {
                "Home".to_string()
            } else {
                site.sections[s].title.clone()
            },
            href: link.to(&site.sections[s].path),
            summary: None,
        })
        .collect()
}

/// A page as an entry of a list.
pub fn page_link(page: &Page, link: &Linker<'_>) -> LinkView {
    LinkView {
        title: page.doc.title.clone(),
        href: link.to(&page.path),
        summary: page.doc.summary.clone(),
    }
}

/// A section's subsections and pages as lists.
pub fn children(site: &Site, section: &Section, link: &Linker<'_>) -> Children {
    Children {
        sections: section
            .children
            .iter()
            .map(|&s| {
                let sub = &site.sections[s];
                LinkView {
                    title: sub.title.clone(),
                    href: link.to(&sub.path),
                    summary: sub.index.and_then(|i| site.pages[i].doc.summary.clone()),
                }
            })
            .collect(),
        pages: section
            .pages
            .iter()
            .map(|&i| page_link(&site.pages[i], link))
            .collect(),
    }
}

/// Absolute URL of a site path, from `base_url`.
pub fn permalink(base_url: &str, path: &str) -> String {
    let encoded: Vec<String> = path.split('/').map(encode_segment).collect();
    format!("{base_url}{}", encoded.join("/"))
}

/// `95` -> `1 h 35 min`.
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
