//! Body links: `@/path.md#anchor`, relative `.md` links, same-page anchors
//! and links to files under `content/`, each checked against the site and
//! resolved to a site path, or reported at its `file:line:col` with a did-you-mean.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

use super::{Page, Resolved, Section, Tag};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::load::CopiedFile;
use crate::parse::{LinkRef, LinkTarget};

/// Everything a link can point at.
pub(super) struct Index<'a> {
    pages: &'a [Page],
    by_rel: HashMap<&'a str, usize>,
    sections: HashMap<&'a str, &'a Section>,
    /// Generated pages a body may link to (`tags/`, `tags/<slug>/`, `skills/`).
    generated: HashSet<String>,
    assets: HashSet<&'a str>,
    drafts: HashSet<&'a str>,
    /// Did-you-mean of each missing target, worked out once: moving a
    /// folder breaks many links to the same few pages, and each guess reads
    /// every name in the handbook.
    guesses: RefCell<HashMap<String, Option<String>>>,
    names: OnceCell<Vec<String>>,
}

impl<'a> Index<'a> {
    pub(super) fn new(
        pages: &'a [Page],
        sections: &'a [Section],
        tags: &[Tag],
        assets: &'a [CopiedFile],
        drafts: &'a [String],
    ) -> Self {
        let mut generated: HashSet<String> = HashSet::from(["tags/".to_string()]);
        generated.extend(tags.iter().map(|t| format!("tags/{}/", t.slug)));
        if super::has_skills_matrix(pages) {
            generated.insert("skills/".to_string());
        }
        Index {
            pages,
            by_rel: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.doc.rel.as_str(), i))
                .collect(),
            sections: sections.iter().map(|s| (s.dir.as_str(), s)).collect(),
            generated,
            assets: assets.iter().map(|a| a.rel.as_str()).collect(),
            drafts: drafts.iter().map(String::as_str).collect(),
            guesses: RefCell::default(),
            names: OnceCell::new(),
        }
    }

    /// `did you mean ...?` for a link to `wanted` (written `@/path`).
    fn guess(&self, wanted: &str) -> Option<String> {
        if let Some(guess) = self.guesses.borrow().get(wanted) {
            return guess.clone();
        }
        let names = self.names.get_or_init(|| self.link_names());
        let guess = did_you_mean(wanted, names.iter().map(String::as_str));
        self.guesses
            .borrow_mut()
            .insert(wanted.to_string(), guess.clone());
        guess
    }

    /// Names offered in a did-you-mean, written the way a link would use them.
    fn link_names(&self) -> Vec<String> {
        let pages = self.by_rel.keys().map(|r| format!("@/{r}"));
        let folders = self.sections.keys().map(|d| format!("@/{d}/"));
        let mut names: Vec<String> = pages.chain(folders).collect();
        names.sort();
        names
    }
}

/// Resolve every link of one page; problems go to `errors`.
pub(super) fn resolve_page(
    page: &Page,
    index: &Index<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Resolved> {
    page.doc
        .links
        .iter()
        .map(|link| match resolve_link(page, link, index) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                Resolved::AsIs(link.dest.clone())
            }
        })
        .collect()
}

fn resolve_link(page: &Page, link: &LinkRef, index: &Index<'_>) -> Result<Resolved, Diagnostic> {
    match &link.target {
        LinkTarget::External(_) | LinkTarget::Other(_) => Ok(Resolved::AsIs(link.dest.clone())),
        LinkTarget::Anchor(anchor) => {
            check_anchor(page, &page.doc.anchors, anchor, link)?;
            Ok(Resolved::Site(format!("{}#{anchor}", page.path)))
        }
        LinkTarget::Asset(rel) => {
            if index.assets.contains(rel.as_str()) {
                Ok(Resolved::Site(rel.clone()))
            } else {
                Err(error(
                    page,
                    link,
                    "missing-file",
                    format!(
                        "`{}` links to a file that does not exist: content/{rel}",
                        link.dest
                    ),
                )
                .with_help("check the file name, or add the file next to the page under content/"))
            }
        }
        LinkTarget::Page { path, anchor } => {
            resolve_page_link(page, link, path, anchor.as_deref(), index)
        }
    }
}

fn resolve_page_link(
    page: &Page,
    link: &LinkRef,
    path: &str,
    anchor: Option<&str>,
    index: &Index<'_>,
) -> Result<Resolved, Diagnostic> {
    let with_anchor = |site_path: &str| match anchor {
        Some(a) => format!("{site_path}#{a}"),
        None => site_path.to_string(),
    };
    if let Some(&target) = index.by_rel.get(path) {
        let target = &index.pages[target];
        if let Some(a) = anchor {
            check_anchor(page, &target.doc.anchors, a, link)?;
        }
        return Ok(Resolved::Site(with_anchor(&target.path)));
    }
    if index.drafts.contains(path) {
        return Err(error(
            page,
            link,
            "link-to-draft",
            format!("`{}` links to a draft page", link.dest),
        )
        .with_help(
            "publish the target (remove `draft = true`), remove the link, or build with `--drafts`",
        ));
    }
    let dir = path.trim_end_matches('/');
    if let Some(section) = index
        .sections
        .get(dir)
        .filter(|_| path.is_empty() || path.ends_with('/'))
    {
        return Ok(Resolved::Site(with_anchor(&section.path)));
    }
    if index.generated.contains(path) {
        return Ok(Resolved::Site(with_anchor(path)));
    }
    let wanted = format!("@/{path}");
    let mut e = error(
        page,
        link,
        "broken-link",
        format!("`{}` points to a page that does not exist", link.dest),
    );
    let help = if path.starts_with("../") {
        Some("the link climbs out of content/; link to pages inside the handbook".to_string())
    } else {
        index.guess(&wanted)
    };
    if let Some(h) = help {
        e = e.with_help(h);
    }
    Err(e)
}

fn check_anchor(
    page: &Page,
    anchors: &[String],
    anchor: &str,
    link: &LinkRef,
) -> Result<(), Diagnostic> {
    if anchor.is_empty() || anchors.iter().any(|a| a == anchor) {
        return Ok(());
    }
    let mut e = error(
        page,
        link,
        "broken-anchor",
        format!("`{}` points to a heading that does not exist", link.dest),
    );
    let names: Vec<String> = anchors.iter().map(|a| format!("#{a}")).collect();
    if let Some(h) = did_you_mean(&format!("#{anchor}"), names.iter().map(String::as_str)) {
        e = e.with_help(h);
    } else if !names.is_empty() {
        let shown = names.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
        e = e.with_help(format!("that page's anchors are: {shown}"));
    }
    Err(e)
}

fn error(page: &Page, link: &LinkRef, code: &'static str, message: String) -> Diagnostic {
    Diagnostic::error(code, message)
        .in_file(format!("content/{}", page.doc.rel))
        .at(&page.doc.source, link.pos, link.len)
}
