//! Render step for search: every page as a `SearchDoc` (title, headings with
//! their anchors, summary, tags, body and code, facets), the index files
//! under `_dojo/search/`, and the `/search/` page that reads `?q=`.

use rayon::prelude::*;

use super::view::{self, PageView, View};
use super::{Ctx, Sink, put, template_error};
use crate::diagnostic::Diagnostic;
use crate::resolve::{Page, Site};
use crate::search::{IndexOptions, SearchDoc, SearchSection, build_index, sections_from_markdown};

/// Where the search page lives (a path Dojo reserves).
const SEARCH_PATH: &str = "search/";

/// Write the index files of `docs`, the pages as search sees them.
pub(super) fn write_index(sink: &dyn Sink, docs: Vec<SearchDoc>) -> Result<(), Diagnostic> {
    let files = index_files(&docs);
    // Freeing the pages' texts (some thirty strings a page) takes longer
    // than writing the files, and nothing needs it done: a worker does it
    // while the build goes on.
    rayon::spawn(move || drop(docs));
    files
        .into_par_iter()
        .try_for_each(|(path, bytes)| put(sink, &path, bytes))
}

/// Every page as the index sees it: its facets, and its text cut at its
/// headings (`render` gets the same from the pass that writes each page).
pub fn search_docs(site: &Site) -> Vec<SearchDoc> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let page = &site.pages[i];
            let sections = sections_from_markdown(page.doc.body(), heading_ids(page));
            doc(site, i, page, sections)
        })
        .collect()
}

/// Page `index` as the index sees it, given its text cut at its headings.
pub(super) fn doc(
    site: &Site,
    index: usize,
    page: &Page,
    sections: Vec<SearchSection>,
) -> SearchDoc {
    SearchDoc {
        sections,
        ..facets(site, index, page)
    }
}

/// What the index needs of one page, copied out of the site so that the
/// index can be built on another thread while the site moves on (`serve`
/// builds it in the background).
pub struct SearchSource {
    doc: SearchDoc,
    body: String,
    ids: Vec<String>,
}

/// Every page's `SearchSource`: a copy of its facets and text, no parsing.
pub fn search_sources(site: &Site) -> Vec<SearchSource> {
    (0..site.pages.len())
        .map(|i| {
            let page = &site.pages[i];
            SearchSource {
                doc: facets(site, i, page),
                body: page.doc.body().to_string(),
                ids: heading_ids(page),
            }
        })
        .collect()
}

/// The index files (output paths under `_dojo/search/`, bytes) of `sources`.
pub fn search_files(sources: Vec<SearchSource>) -> Vec<(String, Vec<u8>)> {
    let docs: Vec<SearchDoc> = sources
        .into_par_iter()
        .map(|SearchSource { doc, body, ids }| SearchDoc {
            sections: sections_from_markdown(&body, ids),
            ..doc
        })
        .collect();
    index_files(&docs)
}

fn index_files(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    let index = build_index(docs, &IndexOptions::default());
    index
        .files
        .into_iter()
        .map(|(path, bytes)| (format!("_dojo/search/{path}"), bytes))
        .collect()
}

pub(super) fn heading_ids(page: &Page) -> Vec<String> {
    page.doc.headings.iter().map(|h| h.id.clone()).collect()
}

/// What the index knows of one page but its text. Role facets use the
/// roles' titles.
fn facets(site: &Site, index: usize, page: &Page) -> SearchDoc {
    let doc = &page.doc;
    let roles = site
        .graph
        .pages
        .get(index)
        .map(|edges| {
            edges
                .roles
                .iter()
                .map(|&r| site.pages[r].doc.title.clone())
                .collect()
        })
        .unwrap_or_default();
    SearchDoc {
        url: page.path.clone(),
        title: doc.title.clone(),
        kind: doc.kind.as_str().to_string(),
        section: site.sections[page.section].title.clone(),
        summary: doc.summary.clone().unwrap_or_default(),
        tags: doc.front.tags.clone(),
        roles,
        sections: Vec::new(),
    }
}

/// The `/search/` page.
pub(super) fn search_page(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut view = View::frame(&ctx.site_view, ctx.site, SEARCH_PATH, 0, None, &ctx.opts);
    view.page = PageView {
        title: "Search".to_string(),
        permalink: view::permalink(&ctx.config.base_url, SEARCH_PATH),
        kind: "search",
        ..PageView::default()
    };
    let context =
        tera::Context::from_serialize(&view).map_err(|e| template_error(e, "search.html"))?;
    let html = ctx
        .theme
        .tera
        .render("search.html", &context)
        .map_err(|e| template_error(e, "search.html"))?;
    put(sink, "search/index.html", html.into_bytes())
}
