//! Resolve stage: all parsed documents -> `Site`: every page's URL, the
//! section tree with ordering and previous/next, tags, aliases, every body
//! link checked and resolved, and the learning model's graph. Pure; collects
//! every diagnostic before failing so one run lists them all.

pub mod graph;
mod links;
pub mod outputs;
pub mod reports;
mod tree;
pub mod urls;

use crate::diagnostic::Diagnostic;
use crate::load::CopiedFile;
use crate::parse::Document;

pub use graph::Graph;

/// What `resolve` needs to know beyond the documents.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResolveOptions {
    /// Include `draft = true` pages (and allow links to them).
    pub drafts: bool,
}

/// The whole handbook, resolved: what `render` turns into files.
#[derive(Debug)]
pub struct Site {
    /// Every published page, section index pages included.
    pub pages: Vec<Page>,
    /// `sections[0]` is the root (home) section.
    pub sections: Vec<Section>,
    pub tags: Vec<Tag>,
    /// Non-Markdown files under `content/`, copied to the same relative place.
    pub assets: Vec<CopiedFile>,
    pub statics: Vec<CopiedFile>,
    pub aliases: Vec<Alias>,
    /// The learning model: typed references resolved both ways, path times.
    pub graph: Graph,
    /// Warnings found while resolving (errors fail the build instead).
    pub warnings: Vec<Diagnostic>,
}

/// One published page.
#[derive(Debug)]
pub struct Page {
    pub doc: Document,
    /// Site path, e.g. `kata/five-questions/` (empty for the home page).
    pub path: String,
    /// The section it belongs to; for an index page, the section it describes.
    pub section: usize,
    /// One entry per `doc.links`, in the same order.
    pub links: Vec<Resolved>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Indices into `Site::tags`.
    pub tags: Vec<usize>,
}

/// Where a body link ends up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A site path, possibly with `#fragment`; rendered relative to the page.
    Site(String),
    /// Left exactly as written (external links).
    AsIs(String),
}

/// A content folder.
#[derive(Debug)]
pub struct Section {
    /// Content-relative folder (`a/b`), empty for the root.
    pub dir: String,
    pub path: String,
    pub title: String,
    /// The page made from its `_index.md`, if it has one.
    pub index: Option<usize>,
    /// Its pages in reading order (weight, then title), index page excluded.
    pub pages: Vec<usize>,
    /// Its subsections in the same order.
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    pub weight: Option<i64>,
}

#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    /// Pages carrying the tag, ordered by title.
    pub pages: Vec<usize>,
}

/// An old URL that redirects to a page.
#[derive(Debug)]
pub struct Alias {
    /// Site path of the old URL (`old/service-chain/`).
    pub path: String,
    pub page: usize,
}

/// Whether the site gets a skills matrix at `skills/`: it has roles or
/// competencies to put in it. Links and rendering both ask this.
pub fn has_skills_matrix(pages: &[Page]) -> bool {
    pages.iter().any(|p| {
        matches!(
            p.doc.kind,
            crate::parse::Kind::Role | crate::parse::Kind::Competency
        )
    })
}

impl Site {
    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.doc.rel == rel)
    }

    /// Sections from the root down to `section` (for breadcrumbs).
    pub fn ancestry(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut at = section;
        while let Some(parent) = self.sections[at].parent {
            chain.push(parent);
            at = parent;
        }
        chain.reverse();
        chain
    }
}

/// Resolve every document into the site, or return every error found.
pub fn resolve(
    docs: Vec<Document>,
    assets: Vec<CopiedFile>,
    statics: Vec<CopiedFile>,
    options: ResolveOptions,
) -> Result<Site, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let (published, drafts): (Vec<Document>, Vec<Document>) = docs
        .into_iter()
        .partition(|d| options.drafts || !d.front.draft);
    let draft_rels: Vec<String> = drafts.into_iter().map(|d| d.rel).collect();
    let mut pages: Vec<Page> = published.into_iter().map(Page::new).collect();
    let sections = tree::build_sections(&mut pages, &mut errors);
    let aliases = outputs::aliases(&pages, &mut errors);
    outputs::check(&pages, &sections, &statics, &aliases, &mut errors);
    let tags = tree::collect_tags(&mut pages);
    tree::link_prev_next(&mut pages, &sections);
    let index = links::Index::new(&pages, &sections, &tags, &assets, &draft_rels);
    let resolved: Vec<Vec<Resolved>> = pages
        .iter()
        .map(|p| links::resolve_page(p, &index, &mut errors))
        .collect();
    for (page, links) in pages.iter_mut().zip(resolved) {
        page.links = links;
    }
    let graph = graph::build(&pages, &draft_rels, &mut errors);
    if errors.iter().any(Diagnostic::is_error) {
        errors.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
        return Err(errors);
    }
    Ok(Site {
        pages,
        sections,
        tags,
        assets,
        statics,
        aliases,
        graph,
        warnings: errors,
    })
}

impl Page {
    fn new(doc: Document) -> Page {
        Page {
            path: urls::page_path(&doc.rel),
            doc,
            section: 0,
            links: Vec::new(),
            prev: None,
            next: None,
            tags: Vec::new(),
        }
    }
}
