//! Unit tests of `parse_config`: defaults, every key's validation and the
//! exact diagnostics for unknown or malformed keys.

use super::*;

fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse_config(Path::new("/handbook"), text)
}

fn errors(text: &str) -> Vec<Diagnostic> {
    parse(text).unwrap_err()
}

#[test]
fn minimal_config_gets_the_defaults() {
    let config = parse("title = \"Handbook\"\n").unwrap();
    assert_eq!(config.title, "Handbook");
    assert_eq!(
        (config.id, config.theme, config.edit_url),
        (None, None, None)
    );
    assert_eq!(config.base_url, "/");
    assert_eq!(config.language, "en");
    assert_eq!(config.output_dir, Path::new("/handbook/public"));
    assert_eq!(config.review_every, Interval::Months(12));
    assert_eq!(config.html, HtmlPolicy::Sanitize);
    assert_eq!(config.unknown_fields, UnknownFields::Error);
    assert!(config.search_enabled && !config.reports_publish);
    assert!(config.check_skip_prefixes.is_empty());
    assert_eq!(config.check_max_concurrency, 8);
}

#[test]
fn reads_every_key() {
    let text = "\u{feff}id = \"ops_2\"\ntitle = \"Ops\"\ndescription = \"d\"\n\
        base_url = \"https://x.example/docs\"\nlanguage = \"de\"\ntheme = \"default\"\n\
        output_dir = \"../site\"\nedit_url = \"https://git/edit/{path}\"\n\
        [review]\nevery = \"6 months\"\n[markdown]\nhtml = \"escape\"\n\
        [front_matter]\nunknown = \"warn\"\n[search]\nenabled = false\n\
        [check]\nskip_prefixes = [\"https://intranet/\"]\nmax_concurrency = 2\n\
        [reports]\npublish = true\n";
    let config = parse(text).unwrap();
    assert_eq!(config.id.as_deref(), Some("ops_2"));
    assert_eq!(config.description.as_deref(), Some("d"));
    assert_eq!(config.base_url, "https://x.example/docs/");
    assert_eq!(config.language, "de");
    assert_eq!(config.theme, None);
    assert_eq!(config.output_dir, Path::new("/site"));
    assert_eq!(config.edit_url.as_deref(), Some("https://git/edit/{path}"));
    assert_eq!(config.review_every, Interval::Months(6));
    assert_eq!(
        (config.html, config.unknown_fields),
        (HtmlPolicy::Escape, UnknownFields::Warn)
    );
    assert!(!config.search_enabled && config.reports_publish);
    assert_eq!(config.check_skip_prefixes, ["https://intranet/"]);
    assert_eq!(config.check_max_concurrency, 2);
}

#[test]
fn unknown_keys_get_did_you_mean_at_their_position() {
    let errs = errors("title = \"x\"\ntitel = \"y\"\n[review]\nevry = \"1 year\"\n");
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].code, "unknown-config-key");
    assert_eq!(errs[0].file.as_deref(), Some("handbook.toml"));
    assert_eq!((errs[0].pos, errs[0].len), (Some(Pos::new(2, 1)), 5));
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(errs[1].message, "unknown key `evry` in `[review]`");
    assert_eq!(errs[1].pos, Some(Pos::new(4, 1)));
    assert_eq!(errs[1].help.as_deref(), Some("did you mean `every`?"));
}

#[test]
fn a_nested_key_at_the_top_names_its_table() {
    let errs = errors("title = \"x\"\nhtml = \"allow\"\n");
    assert_eq!(
        errs[0].help.as_deref(),
        Some("`html` belongs in the `[markdown]` table")
    );
}

#[test]
fn wrong_types_and_bad_values_are_all_reported() {
    let text = "title = 3\nid = \"My Handbook\"\nsearch = true\nedit_url = \"https://git/\"\n\
                [markdown]\nhtml = \"sanitise\"\n[check]\nmax_concurrency = 0\n\
                [review]\nevery = \"often\"\n";
    let errs = errors(text);
    let found: Vec<(&str, u32)> = errs
        .iter()
        .map(|e| (e.code, e.pos.map_or(0, |p| p.line)))
        .collect();
    assert_eq!(
        found,
        [
            ("invalid-config", 3),
            ("invalid-config", 2),
            ("invalid-config", 1),
            ("invalid-config", 4),
            ("invalid-interval", 10),
            ("invalid-config", 6),
            ("invalid-config", 8),
        ]
    );
    assert_eq!(errs[0].message, "`search` must be a table, found a boolean");
    assert_eq!(
        errs[1].help.as_deref(),
        Some("for example `id = \"my-handbook\"`")
    );
    assert_eq!(
        errs[2].message,
        "`title` must be a string, found an integer"
    );
    assert_eq!(errs[2].pos, Some(Pos::new(1, 9)));
    assert_eq!(
        errs[5].message,
        "`markdown.html` must be one of \"sanitize\", \"allow\", \"escape\", found \"sanitise\""
    );
    assert_eq!(errs[5].help.as_deref(), Some("did you mean `sanitize`?"));
}

#[test]
fn title_is_required() {
    let errs = errors("language = \"en\"\n");
    assert_eq!(errs[0].message, "handbook.toml has no `title`");
    assert_eq!(errs[0].pos, Some(Pos::new(1, 1)));
}

#[test]
fn toml_syntax_errors_are_located() {
    let errs = errors("title = \"x\"\nbase_url = \n");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code, "toml-syntax");
    assert_eq!(errs[0].pos.map(|p| p.line), Some(2));
    assert_eq!(errs[0].file.as_deref(), Some("handbook.toml"));
}

#[test]
fn relative_base_url_is_rejected() {
    let errs = errors("title = \"x\"\nbase_url = \"docs\"\n");
    assert_eq!(errs[0].code, "invalid-config");
    assert_eq!(normalize_base_url("/handbook"), "/handbook/");
    assert_eq!(normalize_base_url(""), "/");
}

#[test]
fn output_dir_may_not_replace_the_sources() {
    for dir in [".", "", "..", "content", "static/out", "themes"] {
        let errs = errors(&format!("title = \"x\"\noutput_dir = \"{dir}\"\n"));
        assert_eq!(errs[0].code, "invalid-config", "{dir}");
    }
    let config = parse("title = \"x\"\noutput_dir = \"build/site\"\n").unwrap();
    assert_eq!(config.output_dir, Path::new("/handbook/build/site"));
}

#[test]
fn theme_folder_must_exist() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("themes/corporate")).unwrap();
    let config = parse_config(root.path(), "title = \"x\"\ntheme = \"corporate\"\n").unwrap();
    assert_eq!(config.theme.as_deref(), Some("corporate"));
    let errs = parse_config(root.path(), "title = \"x\"\ntheme = \"corprate\"\n").unwrap_err();
    assert_eq!(errs[0].pos, Some(Pos::new(2, 9)));
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `corporate`?"));
    let errs = parse_config(root.path(), "title = \"x\"\ntheme = \"../x\"\n").unwrap_err();
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .contains("dojo theme eject")
    );
}

#[test]
fn load_reads_the_file_or_says_how_to_start() {
    let root = tempfile::tempdir().unwrap();
    let errs = load_config(root.path()).unwrap_err();
    assert_eq!(errs[0].code, "missing-config");
    assert!(errs[0].message.starts_with("no handbook.toml was found in"));
    assert!(errs[0].help.as_deref().unwrap().contains("dojo init"));
    std::fs::write(root.path().join("handbook.toml"), "title = \"T\"\n").unwrap();
    let config = load_config(root.path()).unwrap();
    assert_eq!(
        (config.title.as_str(), config.root.as_path()),
        ("T", root.path())
    );
}
