//! The trainer reports page, `_reports/`: the findings `dojo check` lists
//! (competencies nothing builds, roles without a path, reviews due...),
//! grouped by code, each linked to its page, plus the handbook's warnings.
//! `dojo serve` shows it always; `dojo build` publishes it with
//! `[reports] publish = true`.

use serde::Serialize;

use super::view::{self, Linker, PageView, View};
use super::{Ctx, Options, Theme, template_error};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use crate::resolve::reports::{CODES, Finding};
use crate::resolve::urls::output_file;

/// Where the reports live (a path Dojo reserves).
pub const REPORTS_PATH: &str = "_reports/";

#[derive(Serialize)]
struct Group<'a> {
    code: &'a str,
    heading: &'static str,
    findings: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    /// `content/roles/lead.md:3:1`
    place: String,
    message: &'a str,
    /// The owner or the kind it is grouped under in `dojo check`.
    group: &'a str,
    title: &'a str,
    href: String,
}

/// The report page's output file and HTML.
pub fn reports_page(
    site: &Site,
    config: &Config,
    theme: &Theme,
    opts: Options,
    findings: &[Finding],
    warnings: &[Diagnostic],
) -> Result<(String, Vec<u8>), Diagnostic> {
    let ctx = Ctx::new(site, config, theme, opts);
    let path = REPORTS_PATH;
    let template = "reports.html";
    let mut view = View::frame(&ctx.site_view, site, path, 0, None, &opts);
    view.page = PageView {
        title: "Trainer reports".to_string(),
        permalink: view::permalink(&config.base_url, path),
        kind: "reports",
        noindex: true,
        ..PageView::default()
    };
    let link = Linker {
        from: path,
        style: opts.link_style(),
    };
    let groups: Vec<Group<'_>> = CODES
        .iter()
        .map(|&code| Group {
            code,
            heading: heading(code),
            findings: (findings.iter())
                .filter(|f| f.code == code)
                .map(|f| item(site, f, &link))
                .collect(),
        })
        .filter(|g| !g.findings.is_empty())
        .collect();
    let warnings: Vec<String> = warnings
        .iter()
        .map(|w| w.to_string().trim_end().to_string())
        .collect();
    let mut context =
        tera::Context::from_serialize(&view).map_err(|e| template_error(e, template))?;
    context.insert("groups", &groups);
    context.insert("finding_count", &findings.len());
    context.insert("warnings", &warnings);
    let html = (theme.tera)
        .render(template, &context)
        .map_err(|e| template_error(e, template))?;
    Ok((output_file(path), html.into_bytes()))
}

fn item<'a>(site: &'a Site, f: &'a Finding, link: &Linker<'_>) -> Item<'a> {
    let place = match f.pos {
        Some(p) => format!("{}:{}:{}", f.file, p.line, p.col),
        None => f.file.clone(),
    };
    let page = site.pages.get(f.page);
    Item {
        place,
        message: &f.message,
        group: &f.group,
        title: page.map_or("", |p| p.doc.title.as_str()),
        href: page.map_or_else(String::new, |p| link.to(&p.path)),
    }
}

/// What each finding code's section is called.
fn heading(code: &str) -> &'static str {
    match code {
        "uncovered-competency" => "Competencies no content builds",
        "role-without-path" => "Roles without a learning path",
        "serves-no-goal" => "Playbooks and kata that serve no goal",
        "review-due" => "Pages due for review",
        "unreached" => "Pages no learning path reaches",
        _ => "Other findings",
    }
}
