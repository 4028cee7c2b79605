//! The `sitegen` command line: parses arguments, runs the command, prints diagnostics and
//! sets the exit code (0 success, 1 problems in the site, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use sitegen::build::{self, BuildOptions};
use sitegen::diagnostics;
use sitegen::render::RenderOptions;
use sitegen::site::LoadOptions;

#[derive(Parser)]
#[command(
    name = "sitegen",
    version,
    about = "Builds the clinic's patient-information site from markdown"
)]
struct Cli {
    /// The site's folder (the one with site.toml); defaults to the current folder.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output DIR).
    Build(BuildArgs),
}

#[derive(Args)]
struct BuildArgs {
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Use this base URL instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Where to write the site (default: public/ in the site's folder).
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Write a copy that works when opened from disk (file://), for reviewers.
    #[arg(long)]
    offline: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&cli.root, args),
    }
}

fn run_build(root: &std::path::Path, args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: args.output.unwrap_or_else(|| root.join("public")),
        load: LoadOptions {
            drafts: args.drafts,
            base_url: args.base_url,
        },
        render: RenderOptions {
            offline: args.offline,
        },
    };
    match build::build(&options) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            if !report.kept_foreign.is_empty() {
                eprintln!(
                    "note: kept {} file{} in {} that sitegen did not make: {}",
                    report.kept_foreign.len(),
                    diagnostics::plural(report.kept_foreign.len()),
                    options.output.display(),
                    report.kept_foreign.join(", ")
                );
            }
            let warnings = report.warnings.len();
            let tail = if warnings > 0 {
                format!(", {warnings} warning{}", diagnostics::plural(warnings))
            } else {
                String::new()
            };
            println!("{}{tail}", report.summary());
            ExitCode::SUCCESS
        }
        Err(mut problems) => {
            diagnostics::sort(&mut problems);
            diagnostics::print_all(&problems);
            ExitCode::from(1)
        }
    }
}
