//! The `sitegen` command line: parses arguments, runs the command, prints diagnostics and
//! sets the exit code (0 success, 1 problems in the site, 2 usage errors).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How `sitegen build` has the allocator handle memory: keep what it frees, in small pages.
mod allocator {
    use std::ffi::{c_int, c_long};

    // mimalloc's `mi_option_set` (mimalloc.h), linked in by the `mimalloc` crate.
    extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }

    /// `mi_option_purge_delay`: how long freed memory waits before it is given back to the
    /// operating system (milliseconds, -1 never). Its place in mimalloc's option list (v2 and
    /// v3 alike), which the `mimalloc` crate does not name.
    const PURGE_DELAY: c_int = 15;

    #[cfg(target_os = "linux")]
    extern "C" {
        fn prctl(option: c_int, ...) -> c_int;
    }

    /// `PR_SET_THP_DISABLE` (linux/prctl.h): no transparent huge pages for this process, in
    /// the memory it has and the memory it gets. (mimalloc's own option is read once, when
    /// it starts, before `main`.)
    #[cfg(target_os = "linux")]
    const PR_SET_THP_DISABLE: c_int = 41;

    /// Sets how `build` uses memory; the preview, which runs for hours, keeps mimalloc's
    /// defaults.
    ///
    /// * Freed memory is kept for the rest of the process rather than given back a second
    ///   later. A build frees and allocates again as it goes from page to page; memory given
    ///   back is zeroed by the kernel when it is touched again, which at 100,000 pages cost
    ///   more system time (about 8 s) than all the files written. A build is one process that
    ///   ends when the site is built, so the memory is given back then.
    /// * No huge pages. Each one the kernel hands out must be 2 MiB of free memory in one
    ///   piece; after other programs have written files (the page cache fills memory in small
    ///   pieces), the kernel first moves memory around to make one, on the build's time. At
    ///   10,000 pages, run right after another build, that took 0.40-0.57 s of system time
    ///   against 0.17-0.23 s with small pages (which cost 0.1 s more user time in missed
    ///   address lookups), and the build's wall time went from 1.0 s to 0.87 s (medians).
    pub(crate) fn tune_for_build() {
        // SAFETY: mi_option_set only stores the value (options are atomics in mimalloc) and
        // may be called at any time from any thread.
        unsafe { mi_option_set(PURGE_DELAY, -1) }
        // SAFETY: prctl with PR_SET_THP_DISABLE takes the flag and three zeros (anything else
        // is refused) and changes only how the kernel backs this process's memory. Where it
        // fails, nothing changes.
        #[cfg(target_os = "linux")]
        unsafe {
            let zero: std::ffi::c_ulong = 0;
            prctl(PR_SET_THP_DISABLE, 1 as std::ffi::c_ulong, zero, zero, zero);
        }
    }
}

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use sitegen::build::{self, BuildOptions};
use sitegen::date::Date;
use sitegen::diagnostics;
use sitegen::model::LoadOptions;
use sitegen::render::RenderOptions;

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
    /// Check the site: review dates, reading level, accessibility, wording and privacy.
    Check(CheckArgs),
    /// Preview the site while you edit: serves it and reloads the browser after each save.
    Serve(ServeArgs),
    /// Start a new page under content/ with its front matter filled in.
    New(NewArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; the default is reachable from this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Also answer requests for this host name (repeatable; add :PORT to allow one port only).
    /// Requests for names other than localhost and the bound address are refused.
    #[arg(long = "allowed-host", value_name = "HOST")]
    allowed_hosts: Vec<String>,
}

#[derive(Args)]
struct NewArgs {
    /// The page's file under content/, like guides/driving.md.
    path: PathBuf,
    /// The page's title (default: from the file name).
    #[arg(long)]
    title: Option<String>,
}

#[derive(Args)]
struct CheckArgs {
    /// `human` (grouped by file, with tables), `json` (for tools) or `html` (the editor's
    /// desk as one self-contained file).
    #[arg(long, value_enum, default_value = "human")]
    format: CheckFormat,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Also ask other web sites whether the links to them still work (sources, links in
    /// pages and templates); answers are cached in .sitegen-external-cache.json.
    #[arg(long)]
    external: bool,
    /// The gate before publishing: also fail (exit 1) while any clinic value awaits
    /// confirmation or cannot be real, listing them all.
    #[arg(long)]
    publish: bool,
    /// With --publish: let a site with unconfirmed values through as a sample site (build
    /// it with `build --sample`: every page then says it is a sample, not a real clinic).
    #[arg(long, requires = "publish")]
    sample: bool,
    /// Use this base URL instead of site.toml's base_url (as `build` does).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Html,
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
    /// Also write questions.json into the offline copy (the published site always has it).
    #[arg(long)]
    feed: bool,
    /// Build a sample site: every page carries a "sample site, not a real clinic" banner,
    /// asks search engines not to index it, and has no MedicalClinic JSON-LD.
    #[arg(long)]
    sample: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&cli.root, args),
        Command::Check(args) => run_check(&cli.root, args),
        Command::Serve(args) => run_serve(&cli.root, args),
        Command::New(args) => run_new(&cli.root, args),
    }
}

/// Today's date for review governance: `SITEGEN_TODAY=YYYY-MM-DD` when set (so tests and
/// reviewers can check as of another day), else today in UTC.
fn today() -> Date {
    std::env::var("SITEGEN_TODAY")
        .ok()
        .and_then(|t| Date::parse(&t))
        .unwrap_or_else(Date::from_system_clock)
}

/// Exit 1 when any error was found (or, with `--publish`, when the gate refuses the site), 0
/// when at most warnings remain.
fn run_check(root: &std::path::Path, args: CheckArgs) -> ExitCode {
    let load = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url,
        sample: args.sample,
    };
    let external = args.external.then(std::time::SystemTime::now);
    let today = today();
    let mut report = sitegen::check::run(root, &load, today, external);
    if args.publish {
        report.publish = Some(sitegen::check::publish::verdict(&report, args.sample));
    }
    match args.format {
        CheckFormat::Human => {
            print!("{}", sitegen::check::report::human(&report));
            if let Some(s) = &report.external {
                println!(
                    "external links: {} checked ({} asked, {} from the cache, {} skipped; {} request{})",
                    s.urls - s.skipped,
                    s.asked,
                    s.cached,
                    s.skipped,
                    s.requests,
                    diagnostics::plural(s.requests)
                );
            }
        }
        CheckFormat::Json => println!("{}", sitegen::check::report::json(&report)),
        CheckFormat::Html => print!(
            "{}",
            sitegen::check::desk::render(
                &report,
                &today.to_string(),
                &sitegen::check::desk::Mode::File
            )
        ),
    }
    let refused = report.publish.as_ref().is_some_and(|v| !v.allowed);
    if report.errors() > 0 || refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_serve(root: &std::path::Path, args: ServeArgs) -> ExitCode {
    let options = sitegen::serve::ServeOptions {
        root: root.to_path_buf(),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        allowed_hosts: args.allowed_hosts,
        today,
    };
    match sitegen::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            diagnostics::print_all(&problems);
            ExitCode::from(1)
        }
    }
}

fn run_new(root: &std::path::Path, args: NewArgs) -> ExitCode {
    let request = sitegen::scaffold::NewPage {
        path: args.path,
        title: args.title,
    };
    match sitegen::scaffold::create(root, &request, today()) {
        Ok(created) => {
            println!(
                "Created {} (a draft: preview it with `sitegen serve --drafts`)",
                created.display()
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            diagnostics::print_all(&[problem]);
            ExitCode::from(1)
        }
    }
}

fn run_build(root: &std::path::Path, args: BuildArgs) -> ExitCode {
    allocator::tune_for_build();
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: args.output.unwrap_or_else(|| root.join("public")),
        load: LoadOptions {
            drafts: args.drafts,
            base_url: args.base_url,
            sample: args.sample,
        },
        render: RenderOptions {
            offline: args.offline,
            feed: args.feed,
            // `build` draws the share cards, reusing those already in the output.
            draw_cards: None,
        },
    };
    match build::build(&options) {
        Ok(report) => {
            print_warnings(&report.warnings);
            if !report.kept_foreign.is_empty() {
                eprintln!(
                    "note: kept {} file{} in {} that sitegen did not make: {}",
                    report.kept_foreign.len(),
                    diagnostics::plural(report.kept_foreign.len()),
                    options.output.display(),
                    report.kept_foreign.join(", ")
                );
            }
            if let Some(line) = sitegen::check::to_confirm::warning_line(&report.leftovers.inputs) {
                eprintln!("{line}");
            }
            let warnings = report.warnings.len();
            let tail = if warnings > 0 {
                format!(", {warnings} warning{}", diagnostics::plural(warnings))
            } else {
                String::new()
            };
            println!("{}{tail}", report.summary());
            // Exit without freeing the site model: the operating system takes it back at once.
            use std::io::Write;
            let _ = std::io::stdout().flush();
            std::process::exit(0);
        }
        // In the order build gives them (pipeline::build_errors), as the preview reports them.
        Err(problems) => {
            diagnostics::print_all(&problems);
            ExitCode::from(1)
        }
    }
}

/// Prints a build's warnings: the first few in full, then one line each, so a large site's
/// orphan list does not bury the summary.
fn print_warnings(warnings: &[diagnostics::Diagnostic]) {
    const IN_FULL: usize = 5;
    const MAX_LINES: usize = 20;
    for w in warnings.iter().take(IN_FULL) {
        eprintln!("{w}");
    }
    for w in warnings.iter().skip(IN_FULL).take(MAX_LINES) {
        eprintln!("warning: {}: {}", w.location(), w.message);
    }
    let shown = IN_FULL + MAX_LINES;
    if warnings.len() > shown {
        eprintln!("... and {} more warnings", warnings.len() - shown);
    }
}
