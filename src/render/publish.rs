//! The files a host and crawlers read rather than people: `sitemap.xml`, `robots.txt`,
//! `.nojekyll` and `CNAME`.
//!
//! * `sitemap.xml` lists every published page (drafts are not loaded, aliases and the 404
//!   page are not pages) by absolute URL from `base_url`, with `<lastmod>` the later of the
//!   page's `last_reviewed` and `updated` dates, or none when it has neither.
//! * `robots.txt` allows everything and names the sitemap. Crawlers read it only at a host's
//!   root, so it counts with a custom domain (`cname`); under a project path it is harmless.
//! * `.nojekyll` stops GitHub Pages from running Jekyll, which would drop files and folders
//!   whose names start with `_`.
//! * `CNAME` holds `cname` from site.toml, the custom domain GitHub Pages serves the site at.
//!
//! The offline copy (`--offline`) gets none of them: it is opened from disk, never hosted or
//! crawled, and a `CNAME` inside a zip sent to a reviewer would only confuse.

use std::path::PathBuf;

use crate::date::Date;
use crate::model::{PageId, Site};
use crate::render::{escape_html, Body, OutputFile, RenderOptions};

/// Makes the site-wide files one after another, handing each to `put` before the next is made
/// (on a large site the search index and the feed are megabytes each): the search files, the
/// question map, the questions feed (in the offline copy only with `options.feed`) and,
/// unless `options.offline`, the hosting files.
pub fn for_each_file(site: &Site, options: &RenderOptions, put: &mut dyn FnMut(OutputFile)) {
    crate::render::search::files(site, put);
    crate::render::anchors::files(site)
        .into_iter()
        .for_each(&mut *put);
    if !options.offline || options.feed {
        crate::render::feed::files(site)
            .into_iter()
            .for_each(&mut *put);
    }
    if !options.offline {
        hosting_files(site).into_iter().for_each(&mut *put);
    }
}

/// The hosting files for `site` (its `cname` was checked when site.toml was read).
pub fn hosting_files(site: &Site) -> Vec<OutputFile> {
    let file = |path: &str, text: String| OutputFile {
        path: path.into(),
        body: Body::Bytes(text.into_bytes()),
        origin: PathBuf::from("site.toml"),
    };
    let mut out = vec![
        file("sitemap.xml", sitemap(site)),
        file("robots.txt", robots(&site.config.base_url)),
        file(".nojekyll", String::new()),
    ];
    if let Some(cname) = &site.config.cname {
        out.push(file("CNAME", format!("{cname}\n")));
    }
    out
}

/// The date a page last changed for a reader: its review or its update, whichever is later.
pub fn last_modified(site: &Site, page: PageId) -> Option<Date> {
    let meta = &site.pages[page].meta;
    match (meta.last_reviewed, meta.updated) {
        (Some(a), Some(b)) => Some(if b.to_days() > a.to_days() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// `sitemap.xml` in the sitemaps.org 0.9 format, pages in site order.
pub fn sitemap(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (index, page) in site.pages.enumerate() {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&site.config.absolute(&page.path)));
        xml.push_str("</loc>");
        if let Some(date) = last_modified(site, index) {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt` that allows every crawler and names the sitemap.
pub fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_names_the_absolute_sitemap() {
        let text = robots("https://org.github.io/clinic-site/");
        assert!(text.contains("User-agent: *"));
        assert!(text
            .lines()
            .any(|l| l == "Sitemap: https://org.github.io/clinic-site/sitemap.xml"));
    }
}
