//! `dojo new`, `dojo init` and `dojo theme eject`: run the scaffolding,
//! print what was written and what to do next, or why nothing was (exit 2).

use std::io::IsTerminal;
use std::path::Path;

use clap::Subcommand;

use super::paint;
use crate::diagnostic::Severity;
use crate::resolve::reports;
use crate::scaffold::{self, EJECT_DEFAULT_NAME, ScaffoldError};

#[derive(Subcommand, Debug)]
pub(super) enum ThemeCommand {
    /// Copy the built-in theme into themes/NAME/ to change any of its files
    Eject {
        /// The new theme's folder name under themes/
        #[arg(default_value = EJECT_DEFAULT_NAME)]
        name: String,
    },
}

/// `dojo new <kind> <title>`.
pub(super) fn new(root: &Path, kind: &str, title: &str) -> i32 {
    let written = scaffold::parse_kind(kind)
        .and_then(|kind| scaffold::new_page(root, kind, title, reports::today()));
    match written {
        Ok(page) => {
            println!("Created {}", page.shown.display());
            0
        }
        Err(e) => refuse(&e),
    }
}

/// `dojo init [DIR]`.
pub(super) fn init(dir: &Path) -> i32 {
    match scaffold::init(dir) {
        Ok(starter) => {
            let shown = starter.dir.display().to_string();
            println!(
                "Created a starter handbook in {shown}/ ({} files). Next:",
                starter.files
            );
            let serve = match shown.as_str() {
                "." => "dojo serve".to_string(),
                s if s.contains([' ', '\'', '"']) => format!("cd \"{s}\" && dojo serve"),
                s => format!("cd {s} && dojo serve"),
            };
            let steps = [
                (serve.as_str(), "preview it as you write"),
                ("dojo new playbook \"Handle a complaint\"", "add a page"),
                ("dojo check", "every problem, and the trainer reports"),
            ];
            let width = steps
                .iter()
                .map(|(c, _)| c.chars().count())
                .max()
                .unwrap_or(0);
            for (command, what) in steps {
                println!("  {command:width$}   {what}");
            }
            0
        }
        Err(e) => refuse(&e),
    }
}

/// `dojo theme eject [NAME]`.
pub(super) fn theme(root: &Path, command: ThemeCommand) -> i32 {
    let ThemeCommand::Eject { name } = command;
    match scaffold::eject_theme(root, &name) {
        Ok((dir, files)) => {
            println!(
                "Copied the default theme ({files} files) to {}/",
                dir.display()
            );
            println!("To use it, set `theme = \"{name}\"` in handbook.toml.");
            0
        }
        Err(e) => refuse(&e),
    }
}

/// Print why nothing was written; exit code 2.
fn refuse(error: &ScaffoldError) -> i32 {
    let color = std::io::stderr().is_terminal();
    let label = paint("error", Severity::Error, color);
    match error {
        ScaffoldError::Usage { message, help } => {
            eprintln!("{label}: {message}\n  = help: {help}");
        }
        ScaffoldError::Exists { path, help } if help.is_empty() => {
            eprintln!(
                "{label}: `{}` already exists; nothing was overwritten",
                path.display()
            );
        }
        ScaffoldError::Exists { path, help } => {
            eprintln!(
                "{label}: `{}` already exists; nothing was overwritten\n  = help: {help}",
                path.display()
            );
        }
        ScaffoldError::Io(message) => eprintln!("{label}: {message}"),
    }
    2
}
