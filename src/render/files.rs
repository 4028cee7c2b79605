//! The files of the site that are not pages: a small redirect page for each alias, and the
//! static files (the theme's, then the site's, which win, then the assets beside pages).
//! [`static_sources`] lists the static files for the table of who writes each file
//! ([`crate::owners`]).

use crate::html::escape_html;
use crate::model::Site;
use crate::output::output_path;
use crate::output::{Body, OutputFile};
use crate::urls::{LinkStyle, Linker};

/// Small redirect pages for each alias (an old URL of a page; validated at load). A script
/// forwards the `?query` and `#fragment` the old URL was opened with (so an old link to a
/// question still lands on its answer); without scripts, the refresh still reaches the page.
/// The target is relative, so it works under a project path and from disk.
pub(super) fn alias_pages(site: &Site, style: &LinkStyle) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|alias| {
            let page = &site.pages[alias.page];
            let linker = Linker::new(&alias.path, style.clone());
            let target = linker.href(&page.path);
            let canonical = site.config.absolute(&page.path);
            let title = escape_html(&page.meta.title);
            let script_target = crate::render::jsonld::escape_for_script(
                &serde_json::to_string(&target).unwrap_or_default(),
            );
            let target = escape_html(&target);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
<link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\">\
<script>location.replace({script_target} + location.search + location.hash);</script>\
<meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
<body><p>{moved}</p></body></html>\n",
                lang = site.config.language,
                moved = site.strings.fill(
                    "moved_to",
                    &[("link", &format!("<a href=\"{target}\">{title}</a>"))]
                ),
            );
            OutputFile {
                path: output_path(&alias.path),
                body: Body::Bytes(html.into_bytes()),
                origin: page.source.clone(),
            }
        })
        .collect()
}

/// A file of the theme's or the site's `static/` folder.
#[derive(Debug, Clone)]
pub(crate) struct StaticSource {
    /// Its path in the output (`logo.svg`), with `/` separators.
    pub path: String,
    /// The file, relative to the site root (`static/logo.svg`).
    pub origin: std::path::PathBuf,
    /// Whether it is the theme's (`themes/<theme>/static/`) rather than the site's.
    pub from_theme: bool,
}

/// Every file of the theme's `static/`, then of the site's, in the order each folder lists
/// them (files whose names start with `.` are left out). A site's file and the theme's of the
/// same path are both listed: the site's replaces the theme's (see [`crate::owners`]).
pub(crate) fn static_sources(site: &Site) -> Vec<StaticSource> {
    let dirs = [
        (
            site.root
                .join("themes")
                .join(&site.config.theme)
                .join("static"),
            true,
        ),
        (site.root.join("static"), false),
    ];
    let mut out = Vec::new();
    for (dir, from_theme) in dirs {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            out.push(StaticSource {
                path: crate::diagnostics::slash_path(&crate::diagnostics::relative(
                    &dir,
                    entry.path(),
                )),
                origin: crate::diagnostics::relative(&site.root, entry.path()),
                from_theme,
            });
        }
    }
    out
}

/// The theme's `static/`, then the site's `static/` (which wins), then content assets.
/// CSS and JavaScript from `static/` are minified unless site.toml says `minify = false`.
/// Loading has checked that no two of them (nor any other file of the site) share a path
/// but for the site's files that replace the theme's.
pub(super) fn static_files(site: &Site) -> Vec<OutputFile> {
    let mut by_path: std::collections::BTreeMap<String, OutputFile> = Default::default();
    for source in static_sources(site) {
        let full = site.root.join(&source.origin);
        let body = match site.config.minify {
            true => minified(&full),
            false => None,
        };
        by_path.insert(
            source.path.clone(),
            OutputFile {
                path: source.path,
                body: body.unwrap_or(Body::Copy(full)),
                origin: source.origin,
            },
        );
    }
    for asset in &site.assets {
        by_path.insert(
            asset.output.clone(),
            OutputFile {
                path: asset.output.clone(),
                body: Body::Copy(site.root.join(&asset.source)),
                origin: asset.source.clone(),
            },
        );
    }
    by_path.into_values().collect()
}

/// A `.css` or `.js` file made smaller (comments and spaces dropped, by the `minifier` crate,
/// which rustdoc uses for its own); `None` for other files, or when the file cannot be read
/// or parsed (it is then copied as written).
fn minified(path: &std::path::Path) -> Option<Body> {
    let extension = path.extension()?.to_str()?;
    if !matches!(extension, "css" | "js") {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let small = match extension {
        "css" => minifier::css::minify(&text).ok()?.to_string(),
        _ => minifier::js::minify(&text).ok()?.to_string(),
    };
    Some(Body::Bytes(small.trim().as_bytes().to_vec()))
}
