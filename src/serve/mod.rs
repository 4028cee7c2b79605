//! `sitegen serve`: the editors' live preview.
//!
//! The site is built in memory and served over HTTP from there ([`http`]); `public/` and the
//! sources are never written, and nothing is left on disk when the server stops (Ctrl-C ends
//! the process; there is no temporary folder to remove). The sources are watched ([`watch`]);
//! each batch of changes becomes a new version of the site ([`engine`], reading only the files
//! that changed), which is served at once ([`preview`]): every file is made the first time it
//! is asked for ([`store`]), so the page in the editor's browser shows the edit within
//! milliseconds whatever the size of the site, and no file an edit may have changed is served
//! from before it. Open tabs are told to reload ([`reload`]). Meanwhile the [`background`] makes
//! the rest and runs the whole-site link check, as `sitegen build` would: if the version does
//! not build, the tabs show its errors over the last good version (the script of [`inject`]),
//! and the terminal says so. `/__sitegen/` is the editor's desk: `sitegen check` of the
//! whole site, both languages and the built pages included, worked out by the worker when
//! the editor pauses ([`desk_report`]) and shown by [`desk_page`]; every page links to it
//! from a badge that [`inject`]'s script draws.
//!
//! Links between pages are relative (see [`crate::urls`]), so they work at the preview's root
//! whatever the site's `base_url` path is. The preview replaces `base_url` with its own
//! address, so the absolute links of `404.html` and canonical URLs lead to the preview too;
//! requests under the site's own base path (`/clinic-site/safety/`) are served as well.

pub mod background;
pub(crate) mod connections;
pub(crate) mod desk_page;
pub(crate) mod desk_report;
pub mod engine;
pub(crate) mod host_check;
pub(crate) mod http;
pub(crate) mod inject;
pub mod preview;
pub(crate) mod reload;
pub(crate) mod request_head;
pub(crate) mod request_path;
pub(crate) mod store;
#[cfg(test)]
mod test_sites;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::date::Date;
use crate::diagnostics::{plural, Diagnostic};
use crate::model::LoadOptions;
use crate::render::RenderOptions;

use background::{Job, Verdict, Worker};
use engine::{Applied, Engine};
use preview::Preview;
use watch::{Changes, Waited, Watch};

/// Everything `sitegen serve` can be asked.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (the one with site.toml).
    pub root: PathBuf,
    /// The address to listen on (`127.0.0.1` unless `--bind`).
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Show `draft = true` pages too.
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
    let load = LoadOptions {
        drafts: options.drafts,
        base_url: Some(url.clone()),
        sample: false,
    };
    let mut engine = Engine::new(root.clone(), load, RenderOptions::default());
    let preview = Arc::new(Preview::default());

    let started = Instant::now();
    let first = engine.apply(&Changes::default());
    build_first(&preview, first, &base_path(&root), "", started);
    let worker = Worker::start(preview.clone(), preview.served_version(), options.today);
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
    println!("Serving {url} (the editor's desk is at {url}__sitegen/; press Ctrl-C to stop)");
    if options.open {
        open_in_browser(&url);
    }
    loop {
        let changes = match watch.wait_for_changes(None) {
            Waited::Changes(changes) => changes,
            Waited::Idle => continue,
            Waited::Stopped => break,
        };
        let seen = Instant::now();
        worker.interrupt();
        let base_path = if changes.config {
            base_path(&root)
        } else {
            preview.current().base_path.clone()
        };
        let applied = engine.apply(&changes);
        if !preview.has_good_version() {
            // Nothing built yet: a version is served only once it builds.
            build_first(&preview, applied, &base_path, &changes.describe(), seen);
            worker.resume();
            continue;
        }
        match applied {
            Ok(applied) => {
                preview.publish(applied.generation.clone(), &base_path);
                worker.submit(Job {
                    generation: applied.generation,
                    edit: applied.edit,
                    changes: applied.changes,
                    seen,
                    served_after: seen.elapsed(),
                });
            }
            Err(errors) => {
                worker.resume();
                let errors = background::print_failure(errors, &changes.describe(), seen.elapsed());
                preview.publish_errors(errors);
            }
        }
    }
    Ok(())
}

/// site.toml's base path, or `/` when it does not load.
fn base_path(root: &Path) -> String {
    crate::config::Config::load(root)
        .map(|c| c.base_path().to_string())
        .unwrap_or_else(|_| "/".into())
}

/// Builds a version completely before serving it: what the first version needs, having no
/// good one to fall back on. Prints one line about it (and its errors, if any). `what` names
/// the changed files; it is empty for the first build.
fn build_first(
    preview: &Preview,
    applied: Result<Applied, Vec<Diagnostic>>,
    base_path: &str,
    what: &str,
    started: Instant,
) {
    let applied = match applied {
        Ok(applied) => applied,
        Err(errors) => {
            let errors = background::print_failure(errors, what, started.elapsed());
            preview.publish_errors(errors);
            return;
        }
    };
    let version = applied.generation;
    match background::check(&version, None, &|| false) {
        Verdict::Built(warnings) => {
            let (pages, questions, translations) = crate::build::language_counts(&version.inputs);
            let count = warnings.len();
            preview.publish(version.clone(), base_path);
            preview.checked(&version, Ok(warnings));
            let tail = match count {
                0 => String::new(),
                n => format!(" ({n} warning{}: see /__sitegen/)", plural(n)),
            };
            match what {
                "" => {
                    println!(
                        "{}{tail}",
                        crate::build::built_line(
                            pages,
                            questions,
                            &translations,
                            started.elapsed()
                        )
                    );
                    if let Some(line) = crate::check::to_confirm::warning_line(&version.inputs) {
                        eprintln!("{line}");
                    }
                }
                _ => println!(
                    "Rebuilt {what} in {} ms{tail}",
                    started.elapsed().as_millis()
                ),
            }
        }
        Verdict::Failed(errors) => {
            let errors = background::print_failure(errors, what, started.elapsed());
            preview.publish_errors(errors);
        }
        Verdict::Interrupted => {}
    }
}

/// `http://127.0.0.1:1111/`; a wildcard bind address is shown as the local machine.
pub(crate) fn preview_url(address: SocketAddr) -> String {
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
