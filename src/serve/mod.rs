//! `sitegen serve`: the editors' live preview.
//!
//! The site is built in memory and served over HTTP from there ([`http`]); `public/` and the
//! sources are never written, and nothing is left on disk when the server stops (Ctrl-C ends
//! the process; there is no temporary folder to remove). The sources are watched ([`watch`]);
//! each batch of changes is rebuilt ([`rebuild`]) and published to the [`preview`], which
//! tells every open tab to reload ([`reload`]) or to show the errors over the last good page
//! (the script of [`inject`]). `/__sitegen/` lists the build's errors and warnings and what
//! `sitegen check` finds ([`status_page`], [`findings`]). Work that no page shows (the search
//! index and sitemap after a one-page rebuild, the checks) waits until the sources have been
//! quiet for a moment, so a burst of saves is never held up by it.
//!
//! Links between pages are relative (see [`crate::urls`]), so they work at the preview's root
//! whatever the site's `base_url` path is. The preview replaces `base_url` with its own
//! address, so the absolute links of `404.html` and canonical URLs lead to the preview too;
//! requests under the site's own base path (`/clinic-site/safety/`) are served as well.

pub mod connections;
pub mod findings;
pub mod host_check;
pub mod http;
pub mod inject;
pub mod preview;
pub mod rebuild;
pub mod reload;
pub mod request_head;
pub mod request_path;
pub mod status_page;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::date::Date;
use crate::diagnostics::{self, plural, Diagnostic};
use crate::model::LoadOptions;
use crate::render::RenderOptions;

use findings::Findings;
use preview::{GoodBuild, Preview};
use rebuild::{Engine, Rebuilt, Scope};
use watch::{Changes, Waited, Watch};

/// Everything `sitegen serve` can be asked.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// Open the preview in the default browser once it is up.
    pub open: bool,
    /// Host names answered besides the local ones (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
    /// Today's date, asked each time the checks run (the preview may run past midnight).
    pub today: fn() -> Date,
}

/// Runs the preview until the process is stopped. Returns only when it cannot start.
pub fn run(options: &ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        vec![
            Diagnostic::error(&options.root, format!("cannot open the site folder: {e}"))
                .help("run sitegen in the folder with site.toml, or pass --root DIR"),
        ]
    })?;
    let (server, address) =
        http::bind(SocketAddr::new(options.bind, options.port)).map_err(|e| {
            vec![Diagnostic::error(
                "--port",
                format!("cannot listen on {}:{}: {e}", options.bind, options.port),
            )
            .help("another program may be using the port; pick another with --port")]
        })?;
    let url = preview_url(address);
    let hosts = host_check::HostPolicy::new(address, &options.allowed_hosts)
        .map_err(|e| vec![Diagnostic::error("--allowed-host", e)])?;
    let mut watch = Watch::start(&root).map_err(|e| {
        vec![Diagnostic::error(&root, e).help("check that you may read the site's folders")]
    })?;
    let base_path = crate::config::Config::load(&root)
        .map(|c| c.base_path().to_string())
        .unwrap_or_else(|_| "/".into());
    let load = LoadOptions {
        drafts: options.drafts,
        base_url: Some(url.clone()),
    };
    let mut engine = Engine::new(root.clone(), load, RenderOptions::default());
    let preview = Arc::new(Preview::default());

    let mut later = Deferred {
        today: options.today,
        pending: false,
        scopes: Vec::new(),
        findings: Findings::default(),
    };
    let started = Instant::now();
    let first = engine.rebuild(&Changes::default());
    if let Some(scope) = report(&preview, first, &base_path, "", started) {
        later.add(scope);
    }
    http::start(server, preview.clone(), hosts)
        .map_err(|e| vec![Diagnostic::error("--port", format!("cannot serve: {e}"))])?;
    if let Some(warning) = host_check::exposure_warning(options.bind) {
        eprintln!("{warning}");
    }
    // Ctrl-C: the preview holds everything in memory, so there is nothing to clean up; say so
    // and exit with success rather than dying by the signal.
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nStopped the preview; nothing was written to disk.");
        std::process::exit(0);
    });
    println!("Serving {url} (the build's status is at {url}__sitegen/; press Ctrl-C to stop)");
    if options.open {
        open_in_browser(&url);
    }
    loop {
        let idle = (!later.is_empty()).then_some(IDLE_BEFORE_DEFERRED_WORK);
        let changes = match watch.wait_for_changes(idle) {
            Waited::Changes(changes) => changes,
            Waited::Idle => {
                later.run(&preview, &mut engine, &mut watch);
                continue;
            }
            Waited::Stopped => break,
        };
        let started = Instant::now();
        let base_path = if changes.config {
            crate::config::Config::load(&root)
                .map(|c| c.base_path().to_string())
                .unwrap_or_else(|_| "/".into())
        } else {
            preview.current().base_path.clone()
        };
        let result = engine.rebuild(&changes);
        if let Some(scope) = report(&preview, result, &base_path, &changes.describe(), started) {
            later.add(scope);
        }
    }
    Ok(())
}

/// How long the sources must stay unchanged before the work no page shows is done.
const IDLE_BEFORE_DEFERRED_WORK: Duration = Duration::from_millis(400);

/// Work that waits until the editor pauses, so that quick successive saves are never held
/// up by it: the site-wide publishing files of one-page rebuilds (search index, sitemap) and
/// the `sitegen check` findings of the status page.
struct Deferred {
    /// Today's date, for the checks.
    today: fn() -> Date,
    /// Set after a good rebuild, until its deferred work is done.
    pending: bool,
    /// What a good rebuild asks to check again.
    scopes: Vec<Scope>,
    findings: Findings,
}

impl Deferred {
    fn is_empty(&self) -> bool {
        !self.pending
    }

    fn add(&mut self, scope: Scope) {
        self.pending = true;
        self.scopes.push(scope);
    }

    /// Does the deferred work, stopping early when `watch` sees another save.
    fn run(&mut self, preview: &Preview, engine: &mut Engine, watch: &mut Watch) {
        let build = preview.current().build;
        match engine.finish() {
            Some(Ok(files)) => preview.add_files(build, files),
            Some(Err(errors)) => {
                self.pending = false;
                print_failure(preview, errors, "the publishing files", Instant::now());
                return;
            }
            None => {}
        }
        let Some(site) = engine.site() else {
            self.pending = false;
            return;
        };
        for scope in self.scopes.drain(..) {
            match scope {
                Scope::Pages { parsed, .. } => self.findings.plan_pages(site, &parsed),
                Scope::Full | Scope::AllPages => self.findings.plan_all(site),
            }
        }
        let done = self
            .findings
            .work(site, (self.today)(), &mut || watch.has_pending());
        if done {
            self.pending = false;
            preview.set_findings(build, self.findings.list());
        }
    }
}

/// Publishes a rebuild and prints one line about it (and its errors, if any). `what` names
/// the changed files; it is empty for the first build. Returns what a successful rebuild
/// did.
fn report(
    preview: &Preview,
    result: Result<Rebuilt, Vec<Diagnostic>>,
    base_path: &str,
    what: &str,
    started: Instant,
) -> Option<Scope> {
    match result {
        Ok(rebuilt) => {
            let warnings = rebuilt.warnings.len();
            let (pages, questions) = (rebuilt.pages, rebuilt.questions);
            let complete = rebuilt.is_complete();
            preview.publish(GoodBuild {
                files: rebuilt.files,
                complete,
                warnings: rebuilt.warnings,
                pages,
                questions,
                base_path: base_path.to_string(),
            });
            let ms = started.elapsed().as_millis();
            let tail = match warnings {
                0 => String::new(),
                n => format!(" ({n} warning{}: see /__sitegen/)", plural(n)),
            };
            match what {
                "" => println!(
                    "Built {pages} page{} ({questions} question{}) in {ms} ms{tail}",
                    plural(pages),
                    plural(questions)
                ),
                _ => println!("Rebuilt {what} in {ms} ms{tail}"),
            }
            Some(rebuilt.scope)
        }
        Err(errors) => {
            print_failure(preview, errors, what, started);
            None
        }
    }
}

fn print_failure(preview: &Preview, mut errors: Vec<Diagnostic>, what: &str, started: Instant) {
    diagnostics::sort(&mut errors);
    for e in &errors {
        eprintln!("{e}");
    }
    let n = errors.len();
    let what = if what.is_empty() { "the site" } else { what };
    println!(
        "Rebuild of {what} failed with {n} error{} in {} ms; the preview shows the last good version",
        plural(n),
        started.elapsed().as_millis()
    );
    preview.publish_errors(errors);
}

/// `http://127.0.0.1:1111/`; a wildcard bind address is shown as the local machine.
pub fn preview_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", address.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", address.port()),
    }
}

fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("note: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_url_names_a_reachable_host() {
        assert_eq!(
            preview_url("0.0.0.0:1111".parse().unwrap()),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            preview_url("192.168.1.5:8080".parse().unwrap()),
            "http://192.168.1.5:8080/"
        );
        assert_eq!(
            preview_url("[::]:1111".parse().unwrap()),
            "http://[::1]:1111/"
        );
    }
}
