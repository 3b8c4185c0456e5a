//! Pages Dojo makes itself: folders without an index page, the home page
//! when there is no `content/_index.md`, `/tags/`, alias redirects, `404.html`,
//! `sitemap.xml`, `robots.txt` and the Atom feed (the learning model's
//! overviews and `/skills/` come from `learning`).

use serde::Serialize;

use super::svg::escape as xml_escape;
use super::view::{self, LinkView, Linker, PageView, View};
use super::{Ctx, Sink, learning, put, template_error};
use crate::diagnostic::Diagnostic;
use crate::resolve::urls::output_file;

/// How many pages the home page and the feed list as recently updated.
const RECENT: usize = 10;

/// Render every generated file; returns the number of HTML pages written.
pub(super) fn render_all(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut count = 0;
    let mut keep = |r: Result<usize, Diagnostic>| match r {
        Ok(n) => count += n,
        Err(e) => errors.push(e),
    };
    for s in 0..ctx.site.sections.len() {
        keep(section_page(ctx, s, sink));
    }
    keep(tag_pages(ctx, sink));
    keep(learning::skills_page(ctx, sink));
    if ctx.config.search_enabled {
        keep(super::search::search_page(ctx, sink).map(|_| 1));
    }
    keep(alias_pages(ctx, sink));
    keep(not_found(ctx, sink));
    keep(put(sink, "sitemap.xml", sitemap(ctx).into_bytes()).map(|_| 0));
    keep(put(sink, "robots.txt", robots(ctx).into_bytes()).map(|_| 0));
    keep(put(sink, "feed.xml", feed(ctx).into_bytes()).map(|_| 0));
    if errors.is_empty() {
        Ok(count)
    } else {
        Err(errors)
    }
}

/// A folder without an index page still gets a page listing what it holds.
fn section_page(ctx: &Ctx<'_>, s: usize, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let section = &ctx.site.sections[s];
    if section.index.is_some() {
        return Ok(0);
    }
    let mut view = View::frame(&ctx.site_view, ctx.site, &section.path, s, None, &ctx.opts);
    let link = Linker {
        from: &section.path,
        style: ctx.opts.link_style(),
    };
    view.children = view::children(ctx.site, section, &link);
    let is_home = section.path.is_empty();
    view.page = PageView {
        title: if is_home {
            ctx.config.title.clone()
        } else {
            section.title.clone()
        },
        permalink: view::permalink(&ctx.config.base_url, &section.path),
        is_home,
        kind: "section",
        ..PageView::default()
    };
    let mut template = if is_home { "home.html" } else { "section.html" };
    let mut context =
        tera::Context::from_serialize(&view).map_err(|e| template_error(e, template))?;
    if is_home {
        context.insert("recent", &recent(ctx, &link));
        learning::home(ctx.site, &link, &mut context);
    } else if let Some(overview) =
        learning::section_overview(ctx.site, section, &link, &mut context)
    {
        template = overview;
    }
    let html = ctx
        .theme
        .tera
        .render(template, &context)
        .map_err(|e| template_error(e, template))?;
    put(sink, &output_file(&section.path), html.into_bytes())?;
    Ok(1)
}

#[derive(Serialize)]
pub(super) struct Recent {
    title: String,
    href: String,
    updated: String,
}

/// Pages with an `updated` date, newest first (ties by path, for stable output).
pub(super) fn recent(ctx: &Ctx<'_>, link: &Linker<'_>) -> Vec<Recent> {
    recent_pages(ctx)
        .into_iter()
        .map(|i| {
            let p = &ctx.site.pages[i];
            Recent {
                title: p.doc.title.clone(),
                href: link.to(&p.path),
                updated: p
                    .doc
                    .front
                    .updated
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn recent_pages(ctx: &Ctx<'_>) -> Vec<usize> {
    let mut dated: Vec<usize> = (0..ctx.site.pages.len())
        .filter(|&i| ctx.site.pages[i].doc.front.updated.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        let (pa, pb) = (&ctx.site.pages[a], &ctx.site.pages[b]);
        pb.doc
            .front
            .updated
            .cmp(&pa.doc.front.updated)
            .then_with(|| pa.path.cmp(&pb.path))
    });
    dated.truncate(RECENT);
    dated
}

#[derive(Serialize)]
struct TagEntry {
    name: String,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct TagView {
    pages: Vec<LinkView>,
}

/// `/tags/` and one page per tag.
fn tag_pages(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let render = |path: &str, title: String, fill: &dyn Fn(&Linker<'_>, &mut tera::Context)| {
        let mut view = View::frame(&ctx.site_view, ctx.site, path, 0, None, &ctx.opts);
        let link = Linker {
            from: path,
            style: ctx.opts.link_style(),
        };
        view.page = PageView {
            title,
            permalink: view::permalink(&ctx.config.base_url, path),
            kind: "tags",
            ..PageView::default()
        };
        let mut context =
            tera::Context::from_serialize(&view).map_err(|e| template_error(e, "tags.html"))?;
        fill(&link, &mut context);
        let html = ctx
            .theme
            .tera
            .render("tags.html", &context)
            .map_err(|e| template_error(e, "tags.html"))?;
        put(sink, &output_file(path), html.into_bytes())
    };
    render("tags/", "Tags".to_string(), &|link, c| {
        let tags: Vec<TagEntry> = ctx
            .site
            .tags
            .iter()
            .map(|t| TagEntry {
                name: t.name.clone(),
                href: link.to(&format!("tags/{}/", t.slug)),
                count: t.pages.len(),
            })
            .collect();
        c.insert("tags", &tags);
    })?;
    for tag in &ctx.site.tags {
        let path = format!("tags/{}/", tag.slug);
        render(&path, format!("Tagged “{}”", tag.name), &|link, c| {
            let pages = tag
                .pages
                .iter()
                .map(|&i| view::page_link(&ctx.site.pages[i], link))
                .collect();
            c.insert("tag", &TagView { pages });
            c.insert("all_tags_href", &link.to("tags/"));
        })?;
    }
    Ok(1 + ctx.site.tags.len())
}

#[derive(Serialize)]
struct AliasTarget {
    title: String,
    href: String,
    permalink: String,
}

/// A redirect page at each old URL.
fn alias_pages(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    for alias in &ctx.site.aliases {
        let page = &ctx.site.pages[alias.page];
        let from = if alias.path.ends_with('/') {
            alias.path.clone()
        } else {
            parent_dir(&alias.path)
        };
        let link = Linker {
            from: &from,
            style: ctx.opts.link_style(),
        };
        let mut context = tera::Context::new();
        context.insert("site", &ctx.site_view);
        // The theme's icon, or the browser asks the server for /favicon.ico.
        context.insert("root", &crate::resolve::urls::root_prefix(&from));
        context.insert(
            "target",
            &AliasTarget {
                title: page.doc.title.clone(),
                href: link.to(&page.path),
                permalink: view::permalink(&ctx.config.base_url, &page.path),
            },
        );
        let html = ctx
            .theme
            .tera
            .render("alias.html", &context)
            .map_err(|e| template_error(e, "alias.html"))?;
        put(sink, &output_file(&alias.path), html.into_bytes())?;
    }
    Ok(ctx.site.aliases.len())
}

fn parent_dir(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default()
}

/// `404.html` is served at any depth, so its links are root-absolute from
/// the path of `base_url`: correct when the site is deployed at `base_url`.
fn not_found(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("site", &ctx.site_view);
    context.insert("base_path", &base_path(&ctx.config.base_url));
    let html = ctx
        .theme
        .tera
        .render("404.html", &context)
        .map_err(|e| template_error(e, "404.html"))?;
    put(sink, "404.html", html.into_bytes())?;
    Ok(1)
}

/// The path part of a base URL: `https://x.org/handbook/` -> `/handbook/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => after_scheme[i..].to_string(),
        _ if base_url.starts_with('/') => base_url.to_string(),
        _ => "/".to_string(),
    }
}

fn sitemap(ctx: &Ctx<'_>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<(&str, Option<String>)> = ctx
        .site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.doc.front.updated.map(|d| d.to_string())))
        .collect();
    paths.extend(
        ctx.site
            .sections
            .iter()
            .filter(|s| s.index.is_none())
            .map(|s| (s.path.as_str(), None)),
    );
    if learning::skills_wanted(ctx.site) {
        paths.push((learning::SKILLS_PATH, None));
    }
    paths.sort();
    for (path, updated) in paths {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&view::permalink(&ctx.config.base_url, path)));
        out.push_str("</loc>");
        if let Some(d) = updated {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(ctx: &Ctx<'_>) -> String {
    format!(
        "User-agent: *\nDisallow: /_reports/\nSitemap: {}\n",
        view::permalink(&ctx.config.base_url, "sitemap.xml")
    )
}

/// An Atom feed of the most recently updated pages.
fn feed(ctx: &Ctx<'_>) -> String {
    let pages = recent_pages(ctx);
    let base = &ctx.config.base_url;
    let newest = pages
        .first()
        .and_then(|&i| ctx.site.pages[i].doc.front.updated)
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{newest}</updated>\n",
        xml_escape(&ctx.config.language),
        xml_escape(&ctx.config.title),
        xml_escape(base),
        xml_escape(base),
        xml_escape(&view::permalink(base, "feed.xml")),
    );
    for i in pages {
        let p = &ctx.site.pages[i];
        let url = xml_escape(&view::permalink(base, &p.path));
        let updated = p.doc.front.updated.map(|d| d.rfc3339()).unwrap_or_default();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{updated}</updated>\n",
            xml_escape(&p.doc.title)
        ));
        if let Some(s) = &p.doc.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(s)));
        }
        if let Some(o) = &p.doc.front.owner {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(o)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(
            base_path("https://intranet.example.com/handbook/"),
            "/handbook/"
        );
        assert_eq!(base_path("https://example.com/"), "/");
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path("/docs/"), "/docs/");
    }
}
