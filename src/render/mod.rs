//! Render stage: `Site` + theme -> output files (content pages, section and
//! tag pages, redirects, 404, sitemap, copied files), in parallel across
//! pages, into a `Sink`. Output depends only on the input: no clock, no
//! randomness, no absolute paths, whatever the thread count.

mod generated;
mod learning;
mod reports;
mod search;
pub mod svg;
pub mod theme;
pub mod view;

use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parse::markdown::{self, Rebase, RenderOptions};
use crate::resolve::urls::{LinkStyle, output_file, root_prefix};
use crate::resolve::{Page, Resolved, Site};
use crate::search::{SearchDoc, SectionReader};
pub use reports::{REPORTS_PATH, reports_page};
pub use search::{SearchSource, search_docs, search_files, search_sources};
pub use theme::Theme;
use view::{Linker, PageView, SiteView, TagLink, View};

/// Where rendered files go: a staging folder for `build`, memory for `serve`.
/// Paths are output-relative with `/` separators (`kata/x/index.html`).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), String>;
}

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Links end in `index.html` so the site works from `file://`.
    pub portable: bool,
    /// Leave the search index out (`serve` builds it in the background with
    /// `search_files`); the search page is still rendered.
    pub defer_search: bool,
}

impl Options {
    pub fn link_style(&self) -> LinkStyle {
        if self.portable {
            LinkStyle::Portable
        } else {
            LinkStyle::Relative
        }
    }
}

/// Everything a render step needs, borrowed.
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub opts: Options,
    pub site_view: SiteView<'a>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        site: &'a Site,
        config: &'a Config,
        theme: &'a Theme,
        opts: Options,
    ) -> Ctx<'a> {
        Ctx {
            site,
            config,
            theme,
            opts,
            site_view: SiteView::new(config),
        }
    }
}

/// Render content page `index` of the site alone, as `render` would
/// (`serve` renders pages when they are asked for).
pub fn render_one(
    site: &Site,
    config: &Config,
    theme: &Theme,
    opts: Options,
    index: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let ctx = Ctx::new(site, config, theme, opts);
    let page = site.pages.get(index).ok_or_else(|| {
        Diagnostic::error(
            "internal-error",
            format!("no page number {index} to render"),
        )
    })?;
    render_page(&ctx, index, page, None).map(String::into_bytes)
}

/// Render every file Dojo generates (listings, tags, overviews, the search
/// page, redirects, 404, sitemap, feed) into `sink`, but no content page,
/// no copied file and no search index (see `search_files`); returns the
/// number of HTML pages.
pub fn render_generated(
    site: &Site,
    config: &Config,
    theme: &Theme,
    opts: Options,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let ctx = Ctx::new(site, config, theme, opts);
    generated::render_all(&ctx, sink)
}

/// Render the whole site into `sink`; returns the number of HTML pages.
pub fn render(
    site: &Site,
    config: &Config,
    theme: &Theme,
    opts: Options,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let ctx = Ctx::new(site, config, theme, opts);
    let index = config.search_enabled && !opts.defer_search;
    // With the search index to build, each page's text is read for it
    // from the events that render the page.
    let pages: Vec<Result<Option<SearchDoc>, Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut reader = index.then(|| SectionReader::new(search::heading_ids(page)));
            let html = render_page(&ctx, i, page, reader.as_mut())?;
            put(sink, &output_file(&page.path), html.into_bytes())?;
            Ok(reader.map(|r| search::doc(site, i, page, r.finish())))
        })
        .collect();
    let mut errors = Vec::new();
    let mut docs = Vec::with_capacity(if index { pages.len() } else { 0 });
    for page in pages {
        match page {
            Ok(doc) => docs.extend(doc),
            Err(e) => errors.push(e),
        }
    }
    // The index is built beside the generated pages: much of each is one
    // thread's work.
    let docs = (index && errors.is_empty()).then_some(docs);
    let (generated, indexed) = rayon::join(
        || generated::render_all(&ctx, sink),
        || docs.map(|docs| search::write_index(sink, docs)),
    );
    errors.extend(indexed.and_then(Result::err));
    let generated = generated.unwrap_or_else(|mut e| {
        errors.append(&mut e);
        0
    });
    copy_files(&ctx, sink, &mut errors);
    if errors.is_empty() {
        Ok(site.pages.len() + generated)
    } else {
        Err(errors)
    }
}

fn copy_files(ctx: &Ctx<'_>, sink: &dyn Sink, errors: &mut Vec<Diagnostic>) {
    for (path, bytes) in &ctx.theme.statics {
        if let Err(e) = put(sink, &format!("_dojo/{path}"), bytes.clone()) {
            errors.push(e);
        }
    }
    for f in ctx.site.assets.iter().chain(&ctx.site.statics) {
        if let Err(e) = sink.copy(&f.rel, &f.abs) {
            errors.push(Diagnostic::error("io-error", e).in_file(f.rel.clone()));
        }
    }
}

pub(crate) fn put(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
    sink.put(path, bytes)
        .map_err(|e| Diagnostic::error("io-error", format!("could not write {path}: {e}")))
}

/// The body of a page as HTML, links written relative to the page; the
/// parser's events also go to `sections` when given.
pub fn page_html(
    page: &Page,
    config: &Config,
    style: LinkStyle,
    sections: Option<&mut SectionReader>,
) -> String {
    let link = Linker {
        from: &page.path,
        style,
    };
    let hrefs: Vec<String> = page
        .links
        .iter()
        .map(|r| match r {
            Resolved::Site(p) => link.to(p),
            Resolved::AsIs(s) => s.clone(),
        })
        .collect();
    let doc = &page.doc;
    let root = root_prefix(&page.path);
    let opts = RenderOptions {
        html: config.html,
        skip_first_h1: doc.title_from_heading,
        headings: &doc.headings,
        hrefs: &hrefs,
        rebase: Some(Rebase {
            root: &root,
            portable: style == LinkStyle::Portable,
        }),
    };
    match sections {
        Some(reader) => {
            markdown::render_html_observed(&doc.source, doc.body_start, &opts, &mut |e| {
                reader.event(e)
            })
        }
        None => markdown::render_html(&doc.source, doc.body_start, &opts),
    }
}

fn render_page(
    ctx: &Ctx<'_>,
    index: usize,
    page: &Page,
    sections: Option<&mut SectionReader>,
) -> Result<String, Diagnostic> {
    let site = ctx.site;
    let section = &site.sections[page.section];
    let mut view = View::frame(
        &ctx.site_view,
        site,
        &page.path,
        page.section,
        Some(index),
        &ctx.opts,
    );
    let link = Linker {
        from: &page.path,
        style: ctx.opts.link_style(),
    };
    let content = page_html(page, ctx.config, ctx.opts.link_style(), sections);
    view.page = page_view(ctx, page, &link, content);
    view.prev = page.prev.map(|i| view::page_link(&site.pages[i], &link));
    view.next = page.next.map(|i| view::page_link(&site.pages[i], &link));
    let template = if page.path.is_empty() {
        view.page.is_home = true;
        view.children = view::children(site, section, &link);
        "home.html"
    } else if page.doc.is_section_index {
        view.children = view::children(site, section, &link);
        "section.html"
    } else {
        "page.html"
    };
    let mut context =
        tera::Context::from_serialize(&view).map_err(|e| template_error(e, &page.doc.rel))?;
    if template == "home.html" {
        context.insert("recent", &generated::recent(ctx, &link));
    }
    let template = learning::content_page(ctx, index, &link, template, &mut context);
    ctx.theme
        .tera
        .render(template, &context)
        .map_err(|e| template_error(e, &page.doc.rel))
}

fn page_view<'a>(
    ctx: &Ctx<'a>,
    page: &'a Page,
    link: &Linker<'_>,
    content: String,
) -> PageView<'a> {
    let doc = &page.doc;
    let front = &doc.front;
    PageView {
        title: doc.title.clone(),
        summary: doc.summary.clone(),
        permalink: view::permalink(&ctx.config.base_url, &page.path),
        content,
        toc: doc
            .headings
            .iter()
            .filter(|h| h.level >= 2 && h.level <= 3)
            .collect(),
        reading_minutes: doc.reading_minutes(),
        duration: front.duration.map(view::format_minutes),
        owner: front.owner.as_deref(),
        updated: front.updated.map(|d| d.to_string()),
        reviewed: front.reviewed.map(|d| d.to_string()),
        tags: page
            .tags
            .iter()
            .map(|&t| {
                let tag = &ctx.site.tags[t];
                TagLink {
                    name: tag.name.clone(),
                    href: link.to(&format!("tags/{}/", tag.slug)),
                }
            })
            .collect(),
        edit_href: ctx
            .config
            .edit_url
            .as_ref()
            .map(|u| u.replace("{path}", &doc.rel)),
        source: Some(&doc.rel),
        kind: doc.kind.as_str(),
        is_home: false,
        extra: Some(&front.extra),
        noindex: false,
    }
}

pub(crate) fn template_error(e: tera::Error, what: &str) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(
        "template-error",
        format!("rendering {what} failed: {message}"),
    )
    .with_help("check the theme template named in the message")
}
