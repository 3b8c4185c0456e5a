//! Config stage: `handbook.toml` -> validated `Config` with absolute paths.
//! Every key of ARCHITECTURE section 5 is accepted and type-checked here;
//! unknown keys are errors with a did-you-mean.

use std::path::{Component, Path, PathBuf};

use crate::date::INTERVAL_FORMS;
use crate::date::Interval;
use crate::diagnostic::{Diagnostic, Located, Pos, did_you_mean};
use crate::value::{self, Node, Reader, Table, Value};

/// What to do with raw HTML in Markdown (`[markdown] html`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HtmlPolicy {
    /// Keep harmless markup, drop scripts, event handlers and `javascript:` URLs.
    #[default]
    Sanitize,
    /// Pass raw HTML through untouched (trusted authors only).
    Allow,
    /// Show raw HTML as text.
    Escape,
}

/// What an unknown front-matter field is (`[front_matter] unknown`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownFields {
    #[default]
    Error,
    Warn,
}

/// The validated site configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The handbook's folder (absolute).
    pub root: PathBuf,
    /// Stable id keying employees' progress; `None` when the config has none.
    pub id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    pub language: String,
    pub theme: Option<String>,
    /// Where `build` writes (absolute).
    pub output_dir: PathBuf,
    /// Template with `{path}` (the content-relative source path).
    pub edit_url: Option<String>,
    pub review_every: Interval,
    pub html: HtmlPolicy,
    pub unknown_fields: UnknownFields,
    pub search_enabled: bool,
    pub check_skip_prefixes: Vec<String>,
    pub check_max_concurrency: usize,
    pub reports_publish: bool,
}

/// The config file's name, relative to the handbook root (for diagnostics too).
const FILE: &str = "handbook.toml";

/// Top-level keys holding a value (ARCHITECTURE section 5); the others are `TABLES`.
#[rustfmt::skip]
const VALUE_KEYS: &[&str] = &[
    "id", "title", "description", "base_url", "language", "theme", "output_dir", "edit_url",
];

/// Each table of `handbook.toml` and the keys it takes.
const TABLES: &[(&str, &[&str])] = &[
    ("review", &["every"]),
    ("markdown", &["html"]),
    ("front_matter", &["unknown"]),
    ("search", &["enabled"]),
    ("check", &["skip_prefixes", "max_concurrency"]),
    ("reports", &["publish"]),
];

const HTML_POLICIES: &[(&str, HtmlPolicy)] = &[
    ("sanitize", HtmlPolicy::Sanitize),
    ("allow", HtmlPolicy::Allow),
    ("escape", HtmlPolicy::Escape),
];

const UNKNOWN_FIELD_POLICIES: &[(&str, UnknownFields)] = &[
    ("error", UnknownFields::Error),
    ("warn", UnknownFields::Warn),
];

/// The name of the theme embedded in the binary.
const DEFAULT_THEME: &str = "default";

/// Read and validate `<root>/handbook.toml`.
pub fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    match std::fs::read_to_string(root.join(FILE)) {
        Ok(text) => parse_config(root, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
            Err(vec![
                Diagnostic::error(
                    "missing-config",
                    format!("no handbook.toml was found in `{}`", shown.display()),
                )
                .with_help(
                    "run `dojo init` to create a starter handbook, or pass `--root` to the handbook's folder",
                ),
            ])
        }
        Err(e) => Err(vec![
            Diagnostic::error("io-error", format!("could not read handbook.toml: {e}"))
                .in_file(FILE),
        ]),
    }
}

/// Validate the text of `handbook.toml` for the handbook in `root`; every
/// problem is reported, not just the first. Only the theme check looks at the disk.
pub fn parse_config(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let table = value::toml_table(text, 0, text.len()).map_err(|d| vec![d.in_file(FILE)])?;
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut settings = Settings {
        root: &root,
        read: Reader::new(text, "invalid-config"),
    };
    settings.check_keys(&table);
    let config = settings.config(&table);
    if settings.read.has_errors() {
        let errors = settings.read.into_errors();
        Err(errors.into_iter().map(|d| d.in_file(FILE)).collect())
    } else {
        Ok(config)
    }
}

/// `base_url` as links need it: always ending in `/` (empty means the site root).
pub fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Turns the positioned table into a `Config`, collecting every problem.
struct Settings<'a> {
    root: &'a Path,
    read: Reader<'a>,
}

impl Settings<'_> {
    fn config(&mut self, table: &Table) -> Config {
        let get = |key: &str| table.get(key);
        let nested = |section: &str, key: &str| match table.get(section).map(|n| &n.value) {
            Some(Value::Table(inner)) => inner.get(key),
            _ => None,
        };
        Config {
            root: self.root.to_path_buf(),
            id: self.id(get("id")),
            title: self.title(table),
            description: self.string("description", get("description")),
            base_url: self.base_url(get("base_url")),
            language: self
                .string("language", get("language"))
                .unwrap_or_else(|| "en".into()),
            theme: self.theme(get("theme")),
            output_dir: self.output_dir(get("output_dir")),
            edit_url: self.edit_url(get("edit_url")),
            review_every: self
                .interval("review.every", nested("review", "every"))
                .unwrap_or(Interval::Months(12)),
            html: self
                .choice("markdown.html", nested("markdown", "html"), HTML_POLICIES)
                .unwrap_or_default(),
            unknown_fields: self
                .choice(
                    "front_matter.unknown",
                    nested("front_matter", "unknown"),
                    UNKNOWN_FIELD_POLICIES,
                )
                .unwrap_or_default(),
            search_enabled: self
                .boolean("search.enabled", nested("search", "enabled"))
                .unwrap_or(true),
            check_skip_prefixes: self
                .strings("check.skip_prefixes", nested("check", "skip_prefixes")),
            check_max_concurrency: self
                .concurrency(nested("check", "max_concurrency"))
                .unwrap_or(8),
            reports_publish: self
                .boolean("reports.publish", nested("reports", "publish"))
                .unwrap_or(false),
        }
    }

    /// Unknown keys at the top and inside each table; tables that are not tables.
    fn check_keys(&mut self, table: &Table) {
        for (key, node) in &table.entries {
            let name = key.value.as_str();
            if !top_keys().any(|k| k == name) {
                self.unknown_top_key(key);
                continue;
            }
            let Some((_, keys)) = TABLES.iter().find(|(t, _)| *t == name) else {
                continue;
            };
            match &node.value {
                Value::Table(inner) => self.check_table_keys(name, keys, inner),
                _ => self.read.wrong_type(name, "a table", node),
            }
        }
    }

    fn unknown_top_key(&mut self, key: &Located<String>) {
        let name = key.value.as_str();
        let help = did_you_mean(name, top_keys())
            .or_else(|| table_of(name).map(|t| format!("`{name}` belongs in the `[{t}]` table")))
            .unwrap_or_else(|| {
                format!("known keys: {}", top_keys().collect::<Vec<_>>().join(", "))
            });
        self.unknown_key(key, format!("unknown key `{name}` in handbook.toml"), help);
    }

    fn check_table_keys(&mut self, section: &str, keys: &[&str], table: &Table) {
        for (key, _) in &table.entries {
            let name = key.value.as_str();
            if keys.contains(&name) {
                continue;
            }
            let help = did_you_mean(name, keys.iter().copied())
                .unwrap_or_else(|| format!("`[{section}]` takes: {}", keys.join(", ")));
            self.unknown_key(key, format!("unknown key `{name}` in `[{section}]`"), help);
        }
    }

    fn unknown_key(&mut self, key: &Located<String>, message: String, help: String) {
        let diagnostic = Diagnostic::error("unknown-config-key", message).with_help(help);
        self.read.report(diagnostic, key.pos, key.len);
    }

    fn string(&mut self, path: &str, node: Option<&Node>) -> Option<String> {
        self.read.string(path, node?)
    }

    fn boolean(&mut self, path: &str, node: Option<&Node>) -> Option<bool> {
        self.read.boolean(path, node?)
    }

    fn strings(&mut self, path: &str, node: Option<&Node>) -> Vec<String> {
        let strings = node.map(|node| self.read.strings(path, node));
        strings
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.value)
            .collect()
    }

    /// One of a fixed set of names; the error lists them all.
    fn choice<T: Copy>(
        &mut self,
        path: &str,
        node: Option<&Node>,
        options: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(path, node)?;
        let found = options
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, v)| *v);
        if found.is_none() {
            let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            let message = format!(
                "`{path}` must be one of {}, found \"{text}\"",
                quoted.join(", ")
            );
            let help = did_you_mean(&text, names);
            self.read.invalid(node?, message, help);
        }
        found
    }

    fn title(&mut self, table: &Table) -> String {
        let Some(node) = table.get("title") else {
            let diagnostic = Diagnostic::error("invalid-config", "handbook.toml has no `title`")
                .with_help("add a line such as `title = \"Our handbook\"`");
            self.read.report(diagnostic, Pos::new(1, 1), 1);
            return String::new();
        };
        let title = self.string("title", Some(node)).unwrap_or_default();
        if node.as_str().is_some_and(|t| t.trim().is_empty()) {
            self.read.invalid(node, "`title` is empty".into(), None);
        }
        title
    }

    /// The id keys employees' progress, so it must be a stable, URL-safe name.
    fn id(&mut self, node: Option<&Node>) -> Option<String> {
        let id = self.string("id", node)?;
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            let message =
                format!("`id` may only use lowercase letters, digits, `-` and `_`, found \"{id}\"");
            let help = format!("for example `id = \"{}\"`", suggested_id(&id));
            self.read.invalid(node?, message, Some(help));
            return None;
        }
        Some(id)
    }

    fn base_url(&mut self, node: Option<&Node>) -> String {
        let Some(url) = self.string("base_url", node) else {
            return "/".to_string();
        };
        let url = url.trim();
        let absolute =
            url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://");
        if !absolute && !url.is_empty() {
            let message = format!(
                "`base_url` must be a full URL or a path starting with `/`, found \"{url}\""
            );
            let help =
                "for example `base_url = \"https://handbook.example.com/\"` or `\"/handbook/\"`";
            if let Some(node) = node {
                self.read.invalid(node, message, Some(help.into()));
            }
        }
        normalize_base_url(url)
    }

    fn theme(&mut self, node: Option<&Node>) -> Option<String> {
        let name = self.string("theme", node)?;
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
        let themes = self.root.join("themes");
        if plain && themes.join(&name).is_dir() {
            return Some(name);
        }
        // `theme = "default"` names the embedded theme, which needs no folder.
        if name == DEFAULT_THEME {
            return None;
        }
        let installed = theme_folders(&themes);
        let help = did_you_mean(&name, installed.iter().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "create `themes/{name}/` (`dojo theme eject {name}` copies the default theme there), \
                 or remove `theme` to use the built-in theme"
            )
        });
        let message =
            format!("theme \"{name}\" was not found: there is no folder `themes/{name}/`");
        self.read.invalid(node?, message, Some(help));
        None
    }

    fn output_dir(&mut self, node: Option<&Node>) -> PathBuf {
        let Some(dir) = self.string("output_dir", node) else {
            return self.root.join("public");
        };
        let path = lexically_normal(&self.root.join(&dir));
        // `write` replaces this folder wholesale, so it must not hold the sources.
        let protected = ["content", "static", "themes"].map(|d| self.root.join(d));
        let clobbers =
            self.root.starts_with(&path) || protected.iter().any(|p| path.starts_with(p));
        if clobbers && let Some(node) = node {
            let message =
                format!("`output_dir` \"{dir}\" would overwrite the handbook's own files");
            let help = "use a folder of its own, such as `output_dir = \"public\"`";
            self.read.invalid(node, message, Some(help.into()));
        }
        path
    }

    fn edit_url(&mut self, node: Option<&Node>) -> Option<String> {
        let url = self.string("edit_url", node)?;
        if !url.contains("{path}") {
            let message =
                "`edit_url` must contain `{path}`, where the page's source path goes".into();
            let help = "for example `edit_url = \"https://git.example.com/handbook/edit/main/content/{path}\"`";
            self.read.invalid(node?, message, Some(help.into()));
            return None;
        }
        Some(url)
    }

    fn interval(&mut self, path: &str, node: Option<&Node>) -> Option<Interval> {
        let text = self.string(path, node)?;
        let interval = Interval::parse(&text);
        if interval.is_none() {
            let node = node?;
            let message = format!("`{path}` is not a valid interval: \"{text}\"");
            let diagnostic =
                Diagnostic::error("invalid-interval", message).with_help(INTERVAL_FORMS);
            self.read.report(diagnostic, node.pos, node.len);
        }
        interval
    }

    fn concurrency(&mut self, node: Option<&Node>) -> Option<usize> {
        let node = node?;
        let Value::Integer(n) = node.value else {
            self.read
                .wrong_type("check.max_concurrency", "a whole number", node);
            return None;
        };
        let count = usize::try_from(n).ok().filter(|n| *n >= 1);
        if count.is_none() {
            self.read.invalid(
                node,
                format!("`check.max_concurrency` must be at least 1, found {n}"),
                None,
            );
        }
        count
    }
}

/// Every top-level key: values, then tables.
fn top_keys() -> impl Iterator<Item = &'static str> {
    VALUE_KEYS
        .iter()
        .copied()
        .chain(TABLES.iter().map(|(table, _)| *table))
}

/// The table a nested key belongs in, for "`html` belongs in `[markdown]`".
fn table_of(key: &str) -> Option<&'static str> {
    TABLES
        .iter()
        .find(|(_, keys)| keys.contains(&key))
        .map(|(table, _)| *table)
}

/// A valid id close to what the user wrote: `My Handbook` -> `my-handbook`.
fn suggested_id(id: &str) -> String {
    let lowered: String = id
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = lowered.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "my-handbook".to_string()
    } else {
        parts.join("-")
    }
}

/// Names of the folders under `themes/`, for did-you-mean.
fn theme_folders(themes: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(themes) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// `path` with `.` and `..` resolved without touching the disk.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests;
