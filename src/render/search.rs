//! Render step for search: every page as a `SearchDoc` (title, headings with
//! their anchors, summary, tags, body and code, facets), the index files
//! under `_dojo/search/`, and the `/search/` page that reads `?q=`.

use rayon::prelude::*;

use super::view::{self, PageView, View};
use super::{Ctx, Sink, put, template_error};
use crate::diagnostic::Diagnostic;
use crate::resolve::{Page, Site};
use crate::search::{IndexOptions, SearchDoc, build_index, sections_from_markdown};

/// Where the search page lives (a path Dojo reserves).
const SEARCH_PATH: &str = "search/";

/// Write the index files and the search page; returns the pages written.
pub(super) fn render(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let site = ctx.site;
    let docs: Vec<SearchDoc> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| search_doc(site, i, &site.pages[i]))
        .collect();
    let index = build_index(&docs, &IndexOptions::default());
    for (path, bytes) in index.files {
        put(sink, &format!("_dojo/search/{path}"), bytes)?;
    }
    search_page(ctx, sink)?;
    Ok(1)
}

/// What the index knows of one page. Role facets use the roles' titles.
fn search_doc(site: &Site, index: usize, page: &Page) -> SearchDoc {
    let doc = &page.doc;
    let ids: Vec<String> = doc.headings.iter().map(|h| h.id.clone()).collect();
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
        sections: sections_from_markdown(doc.body(), &ids),
    }
}

fn search_page(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<(), Diagnostic> {
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
