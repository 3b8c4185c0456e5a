//! The theme: the default theme embedded in the binary (so `dojo` works from
//! any folder), with any single file overridden by a file of the same name
//! in the handbook's `themes/<name>/`. Yields parsed templates and the
//! static files written under `_dojo/`.

use crate::diagnostic::Diagnostic;

/// One entry of the embedded theme: its path and its bytes, read at compile time.
macro_rules! theme_file {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!("../../themes/default/", $path)),
        )
    };
}

/// Every file of `themes/default/`, by its path inside that folder.
/// A test checks that this table and the folder agree.
pub const DEFAULT_THEME: &[(&str, &[u8])] = &[
    theme_file!("static/dojo.css"),
    theme_file!("static/dojo.js"),
    theme_file!("static/favicon.svg"),
    theme_file!("static/learn.js"),
    theme_file!("static/search.js"),
    theme_file!("static/theme.js"),
    theme_file!("templates/404.html"),
    theme_file!("templates/alias.html"),
    theme_file!("templates/article.html"),
    theme_file!("templates/base.html"),
    theme_file!("templates/home.html"),
    theme_file!("templates/kinds/competency.html"),
    theme_file!("templates/kinds/goal.html"),
    theme_file!("templates/kinds/kata.html"),
    theme_file!("templates/kinds/path.html"),
    theme_file!("templates/kinds/playbook.html"),
    theme_file!("templates/kinds/role.html"),
    theme_file!("templates/learning/at_a_glance.html"),
    theme_file!("templates/learning/components.html"),
    theme_file!("templates/learning/kata_card.html"),
    theme_file!("templates/learning/kata_routine.html"),
    theme_file!("templates/learning/path_card.html"),
    theme_file!("templates/learning/practice_log.html"),
    theme_file!("templates/learning/progress_tools.html"),
    theme_file!("templates/learning/role_picker.html"),
    theme_file!("templates/learning/step.html"),
    theme_file!("templates/learning/step_self.html"),
    theme_file!("templates/learning/storage_note.html"),
    theme_file!("templates/learning/storyboard.html"),
    theme_file!("templates/list.html"),
    theme_file!("templates/overviews/competencies.html"),
    theme_file!("templates/overviews/goals.html"),
    theme_file!("templates/overviews/kata.html"),
    theme_file!("templates/overviews/paths.html"),
    theme_file!("templates/overviews/playbooks.html"),
    theme_file!("templates/overviews/roles.html"),
    theme_file!("templates/page.html"),
    theme_file!("templates/page_meta.html"),
    theme_file!("templates/reports.html"),
    theme_file!("templates/search.html"),
    theme_file!("templates/section.html"),
    theme_file!("templates/section_article.html"),
    theme_file!("templates/skills.html"),
    theme_file!("templates/tags.html"),
];

/// Parsed templates plus the static files to publish.
pub struct Theme {
    pub tera: tera::Tera,
    /// (path under `_dojo/`, bytes)
    pub statics: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// The default theme with `overrides` (files of `themes/<name>/`,
    /// relative to it) laid over it; `name` is used in error messages.
    pub fn load(
        name: Option<&str>,
        overrides: &[(String, Vec<u8>)],
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut files: Vec<(String, Vec<u8>, bool)> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec(), false))
            .collect();
        for (path, bytes) in overrides {
            match files.iter_mut().find(|(p, _, _)| p == path) {
                Some(slot) => *slot = (path.clone(), bytes.clone(), true),
                None => files.push((path.clone(), bytes.clone(), true)),
            }
        }
        let mut errors = Vec::new();
        let mut templates = Vec::new();
        let mut statics = Vec::new();
        for (path, bytes, overridden) in files {
            let shown = match (overridden, name) {
                (true, Some(n)) => format!("themes/{n}/{path}"),
                _ => format!("themes/default/{path}"),
            };
            if let Some(t) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((t.to_string(), text)),
                    Err(_) => errors.push(
                        Diagnostic::error("template-error", "template is not valid UTF-8")
                            .in_file(shown),
                    ),
                }
            } else if let Some(s) = path.strip_prefix("static/") {
                statics.push((s.to_string(), bytes));
            }
        }
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.add_raw_templates(templates) {
            errors.push(
                Diagnostic::error("template-error", format!("a theme template does not compile: {e}"))
                    .with_help("fix the template named in the message, or delete it from your theme to use the default"),
            );
        }
        if errors.is_empty() {
            statics.sort();
            Ok(Theme { tera, statics })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "themes/default and DEFAULT_THEME must list the same files"
        );
    }

    #[test]
    fn the_default_theme_compiles() {
        let theme = Theme::load(None, &[])
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        assert!(theme.tera.get_template_names().any(|n| n == "page.html"));
        assert!(theme.statics.iter().any(|(p, _)| p == "dojo.css"));
    }

    #[test]
    fn a_user_file_overrides_the_default_of_the_same_name() {
        let over = vec![("static/dojo.css".to_string(), b"body{}".to_vec())];
        let theme = Theme::load(Some("brand"), &over)
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        let css = theme.statics.iter().find(|(p, _)| p == "dojo.css").unwrap();
        assert_eq!(css.1, b"body{}");
    }
}
