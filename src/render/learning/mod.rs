//! Render stage, the learning model's pages: what each kind of page shows
//! beyond its body (views from `KindData` and the graph), the kinds'
//! generated overviews, the home page's role picker and `/skills/`.
//! Views go into the Tera context; the default theme's templates draw them.

mod connections;
mod home;
mod kinds;
mod overview;
mod path;
mod refs;
mod skills;

use super::view::{self, Children, Linker, PageView, View};
use super::{Ctx, Sink, put, template_error};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parse::{Kind, overview_kind};
use crate::resolve::urls::output_file;
use crate::resolve::{Page, Section, Site};

pub(crate) use skills::{PATH as SKILLS_PATH, wanted as skills_wanted};

/// The id employees' progress is stored under: the config's `id`, else the
/// title's slug (lowercase letters and digits, other characters one `-`).
pub(crate) fn handbook_id(config: &Config) -> String {
    if let Some(id) = &config.id {
        return id.clone();
    }
    let lowered: String = config
        .title
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = lowered.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "handbook".to_string()
    } else {
        parts.join("-")
    }
}

/// Add what content page `index` shows for its kind to `context`; returns
/// the template to render it with (`fallback` for plain pages).
pub(super) fn content_page(
    ctx: &Ctx<'_>,
    index: usize,
    link: &Linker<'_>,
    fallback: &'static str,
    context: &mut tera::Context,
) -> &'static str {
    let site = ctx.site;
    let page = &site.pages[index];
    if page.path.is_empty() {
        home(site, link, context);
        return fallback;
    }
    if page.doc.is_section_index {
        return match overview_kind(&page.doc.rel) {
            Some(kind) => kind_overview(site, &site.sections[page.section], kind, link, context),
            None => fallback,
        };
    }
    let connections = connections::of_page(site, index, link);
    if connections.step.is_some() {
        context.insert("learn_js", &true);
    }
    context.insert("connections", &connections);
    typed_page(site, index, page, link, context).unwrap_or(fallback)
}

/// The kind's own view, for typed pages; `None` for plain pages.
fn typed_page(
    site: &Site,
    index: usize,
    page: &Page,
    link: &Linker<'_>,
    context: &mut tera::Context,
) -> Option<&'static str> {
    let data = &page.doc.data;
    match page.doc.kind {
        Kind::Page => None,
        Kind::Playbook => Some("kinds/playbook.html"),
        Kind::Kata => {
            let former = refs::former_sources(site, index);
            context.insert("kata", &kinds::kata(data.kata()?, &page.doc.rel, former));
            context.insert("learn_js", &true);
            Some("kinds/kata.html")
        }
        Kind::Role => {
            context.insert("role", &kinds::role(site, index, link)?);
            Some("kinds/role.html")
        }
        Kind::Competency => {
            context.insert("competency", &kinds::competency(site, index, link)?);
            Some("kinds/competency.html")
        }
        Kind::Path => {
            context.insert("path", &path::path(site, index, link)?);
            context.insert("learn_js", &true);
            Some("kinds/path.html")
        }
        Kind::Goal => {
            context.insert("goal", &kinds::goal(site, index, link)?);
            Some("kinds/goal.html")
        }
    }
}

/// The home page's role picker, when the handbook has roles.
pub(super) fn home(site: &Site, link: &Linker<'_>, context: &mut tera::Context) {
    if let Some(roles) = home::role_picker(site, link) {
        context.insert("role_picker", &roles);
        context.insert("learn_js", &true);
    }
    if skills::wanted(site) {
        context.insert("skills_href", &link.to(SKILLS_PATH));
    }
}

/// The overview of `kind` for its folder's page; returns its template.
fn kind_overview(
    site: &Site,
    section: &Section,
    kind: Kind,
    link: &Linker<'_>,
    context: &mut tera::Context,
) -> &'static str {
    context.insert("overview", &overview::overview(site, kind, link));
    context.insert("children", &other_children(site, section, kind, link));
    if kind == Kind::Path {
        context.insert("learn_js", &true);
    }
    if matches!(kind, Kind::Role | Kind::Competency) && skills::wanted(site) {
        context.insert("skills_href", &link.to(SKILLS_PATH));
    }
    overview::template(kind)
}

/// For a folder without an index page: its kind's overview, if it is a
/// typed folder (`kata/`), else `None`.
pub(super) fn section_overview(
    site: &Site,
    section: &Section,
    link: &Linker<'_>,
    context: &mut tera::Context,
) -> Option<&'static str> {
    let kind = overview_kind(&format!("{}/_index.md", section.dir))?;
    Some(kind_overview(site, section, kind, link, context))
}

/// The folder's subfolders and its pages of another kind (the overview lists the rest).
fn other_children(site: &Site, section: &Section, kind: Kind, link: &Linker<'_>) -> Children {
    let mut children = view::children(site, section, link);
    let others: Vec<usize> = section
        .pages
        .iter()
        .copied()
        .filter(|&i| site.pages[i].doc.kind != kind)
        .collect();
    children.pages = others
        .iter()
        .map(|&i| view::page_link(&site.pages[i], link))
        .collect();
    children
}

/// `/skills/`, when the handbook has roles or competencies; returns pages written.
pub(super) fn skills_page(ctx: &Ctx<'_>, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    if !skills::wanted(ctx.site) {
        return Ok(0);
    }
    let path = SKILLS_PATH;
    let mut view = View::frame(&ctx.site_view, ctx.site, path, 0, None, &ctx.opts);
    let link = Linker {
        from: path,
        style: ctx.opts.link_style(),
    };
    view.page = PageView {
        title: "Skills matrix".to_string(),
        permalink: view::permalink(&ctx.config.base_url, path),
        kind: "skills",
        ..PageView::default()
    };
    let template = "skills.html";
    let mut context =
        tera::Context::from_serialize(&view).map_err(|e| template_error(e, template))?;
    context.insert("skills", &skills::matrix(ctx.site, &link));
    let html = ctx
        .theme
        .tera
        .render(template, &context)
        .map_err(|e| template_error(e, template))?;
    put(sink, &output_file(path), html.into_bytes())?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(text: &str) -> Config {
        crate::config::parse_config(Path::new("/handbook"), text).unwrap()
    }

    #[test]
    fn the_handbook_id_is_the_config_id_else_the_title_slug() {
        assert_eq!(
            handbook_id(&config("id = \"svc\"\ntitle = \"Service\"")),
            "svc"
        );
        assert_eq!(
            handbook_id(&config("title = \"Service Excellence: Handbook!\"")),
            "service-excellence-handbook"
        );
        assert_eq!(
            handbook_id(&config("title = \"Über uns – Handbuch\"")),
            "über-uns-handbuch"
        );
        assert_eq!(handbook_id(&config("title = \"!!\"")), "handbook");
    }
}
