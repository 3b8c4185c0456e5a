//! Command line: parse arguments (clap), run the command, print diagnostics
//! rustc-style on stderr (coloured only on a terminal), return the exit
//! code: 0 success, 1 handbook errors, 2 usage or I/O errors.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::build::{self, BuildError, BuildOptions};
use crate::diagnostic::{Diagnostic, Severity};

mod check;
mod external;
mod scaffold;

#[derive(Parser, Debug)]
#[command(
    name = "dojo",
    version,
    about = "Build a learning handbook into a fast static site"
)]
struct Cli {
    /// The handbook's folder (holding handbook.toml)
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        /// Output folder, relative to the current folder
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Base URL to publish under, instead of the config's
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Links end in index.html, so the site works opened from disk or a file share
        #[arg(long)]
        portable: bool,
    },
    /// Check the handbook without writing anything: errors, warnings and trainer reports
    Check {
        /// `text` for people, `json` for CI (one JSON object per line)
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Fail on warnings too
        #[arg(long)]
        strict: bool,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Also visit every http(s) link (once per URL) and report those that fail
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external link's answer
        #[arg(
            long,
            value_name = "SECONDS",
            default_value_t = 10.0,
            requires = "external",
            value_parser = check::parse_timeout
        )]
        timeout: f64,
    },
    /// Create a starter handbook in a new or empty folder
    Init {
        /// The folder to create the handbook in (default: --root, the current folder)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Add a page of a kind, its front matter ready to fill in
    New {
        /// page, playbook, kata, role, competency, path or goal
        kind: String,
        /// The page's title; the file name is made from it
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
    },
    /// Copy the built-in theme out to change it: `dojo theme eject [NAME]`
    Theme {
        #[command(subcommand)]
        command: scaffold::ThemeCommand,
    },
    /// Serve the handbook from memory on 127.0.0.1, rebuilding and reloading as it changes
    Serve {
        /// Port to try first; the next free one is used if it is taken (0: any free port)
        #[arg(long, value_name = "N")]
        port: Option<u16>,
        /// Address to listen on; other than loopback makes the handbook reachable from the network
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Also answer requests for this host name (repeatable)
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            portable,
        } => {
            let options = BuildOptions {
                out,
                base_url,
                drafts,
                portable,
            };
            run_build(&cli.root, &options)
        }
        Command::Check {
            format,
            strict,
            drafts,
            external,
            timeout,
        } => {
            let options = BuildOptions {
                drafts,
                ..BuildOptions::default()
            };
            let how = check::How {
                json: format == Format::Json,
                strict,
                external: external.then(|| std::time::Duration::from_secs_f64(timeout)),
            };
            check::run(&cli.root, &options, &how)
        }
        Command::Init { dir } => scaffold::init(dir.as_deref().unwrap_or(&cli.root)),
        Command::New { kind, title } => scaffold::new(&cli.root, &kind, &title.join(" ")),
        Command::Theme { command } => scaffold::theme(&cli.root, command),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            allow_host,
        } => {
            let options = crate::serve::ServeOptions {
                port,
                bind,
                open,
                drafts,
                allow_hosts: allow_host,
            };
            crate::serve::run(&cli.root, options)
        }
    }
}

fn run_build(root: &Path, options: &BuildOptions) -> i32 {
    let color = std::io::stderr().is_terminal();
    match build::build(root, options) {
        Ok(built) => {
            print_diagnostics(&built.warnings, color);
            let out = shown_path(&built.out);
            let reports = match built.findings {
                0 => String::new(),
                1 => " (1 trainer-report finding: run `dojo check` to see it)".to_string(),
                n => format!(" ({n} trainer-report findings: run `dojo check` to see them)"),
            };
            println!(
                "Built {} pages in {} ms -> {out}{reports}",
                built.pages, built.millis
            );
            0
        }
        Err(BuildError::Handbook(diags)) => {
            print_diagnostics(&diags, color);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let plural = if errors == 1 { "" } else { "s" };
            eprintln!(
                "{}: the build failed with {errors} error{plural}; nothing was written",
                paint("error", Severity::Error, color)
            );
            1
        }
        Err(BuildError::Io(message)) => {
            eprintln!("{}: {message}", paint("error", Severity::Error, color));
            2
        }
    }
}

/// Print each diagnostic, rustc-style, separated by blank lines.
pub fn print_diagnostics(diags: &[Diagnostic], color: bool) {
    for d in diags {
        let text = d.to_string();
        let label = d.severity.as_str();
        match text.strip_prefix(label) {
            Some(rest) if color => eprintln!("{}{rest}", paint(label, d.severity, true)),
            _ => eprintln!("{text}"),
        }
    }
}

pub(crate) fn paint(text: &str, severity: Severity, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The output folder as the user would type it: relative to the current folder when inside it.
fn shown_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    format!("{}/", shown.display())
}
