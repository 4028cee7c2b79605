//! The files a host and crawlers read rather than people: `sitemap.xml`, `robots.txt`,
//! `.nojekyll` and `CNAME`.
//!
//! * `sitemap.xml` lists every published page (drafts are not loaded, aliases and the 404
//!   page are not pages) by absolute URL from `base_url`, with `<lastmod>` the later of the
//!   page's `last_reviewed` and `updated` dates, or none when it has neither.
//! * `robots.txt` allows everything and names the sitemap (a site's own `static/robots.txt`
//!   replaces it). Crawlers read it only at a host's
//!   root, so it counts with a custom domain (`cname`); under a project path it is harmless.
//! * `.nojekyll` stops GitHub Pages from running Jekyll, which would drop files and folders
//!   whose names start with `_`.
//! * `CNAME` holds `cname` from site.toml, the custom domain GitHub Pages serves the site at.
//!
//! The offline copy (`--offline`) gets none of them: it is opened from disk, never hosted or
//! crawled, and a `CNAME` inside a zip sent to a reviewer would only confuse.

use std::path::PathBuf;

use crate::date::Date;
use crate::html::escape_html;
use crate::model::{PageId, Site};
use crate::output::{Body, OutputFile};
use crate::render::{Languages, RenderOptions};

/// One part of the site-wide files, made on its own: the preview makes each only when it is
/// asked for, or when the editor pauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    /// `search-index.js` (the manifest) and the shards in `search/`
    SearchIndex,
    /// `anchors/<shard>.js`
    QuestionMap,
    /// `questions.json` and its schema
    Feed,
    /// `sitemap.xml`, `robots.txt`, `.nojekyll`, `CNAME` (the default language's, for all)
    Hosting,
    /// The web manifest and home-screen icons (see [`crate::render::cards::icons`])
    Icons,
}

/// The parts language `lang` has, in the order they are made: the search index, the
/// question map, the questions feed (in the offline copy only with `options.feed`) and, for
/// the default language unless `options.offline`, the hosting files.
pub(crate) fn parts(lang: usize, options: &RenderOptions) -> Vec<Part> {
    let mut parts = vec![Part::SearchIndex, Part::QuestionMap];
    if !options.offline || options.feed {
        parts.push(Part::Feed);
    }
    if !options.offline && lang == 0 {
        parts.push(Part::Hosting);
    }
    if !options.offline {
        parts.push(Part::Icons);
    }
    parts
}

/// Makes the site-wide files of language `lang` one after another, handing each to `put`
/// before the next is made (on a large site the search files and the feed are megabytes
/// each): every part of [`parts`]. Another language's files are under `<code>/`.
pub(crate) fn for_each_file(
    languages: &Languages<'_>,
    lang: usize,
    options: &RenderOptions,
    put: &mut dyn FnMut(OutputFile),
) {
    for part in parts(lang, options) {
        part_files(languages, lang, part, put);
    }
}

/// Language `lang`'s folder in the output: `""`, or `es/`.
fn folder(languages: &Languages<'_>, lang: usize) -> String {
    if lang == 0 {
        String::new()
    } else {
        format!("{}/", languages.sites[lang].config.language)
    }
}

/// Makes the files of `part` in language `lang`, handing each to `put`.
pub(crate) fn part_files(
    languages: &Languages<'_>,
    lang: usize,
    part: Part,
    put: &mut dyn FnMut(OutputFile),
) {
    let site = languages.sites[lang];
    let folder = folder(languages, lang);
    let mut put_in_folder = |mut file: OutputFile| {
        file.path.insert_str(0, &folder);
        put(file)
    };
    match part {
        Part::SearchIndex => crate::render::search::files(site, &mut put_in_folder),
        Part::QuestionMap => crate::render::anchors::files(site)
            .into_iter()
            .for_each(&mut put_in_folder),
        // The schema once, at the root.
        Part::Feed => crate::render::feed::files(site)
            .into_iter()
            .filter(|f| lang == 0 || f.path != crate::render::feed::SCHEMA_FILE)
            .for_each(&mut put_in_folder),
        Part::Hosting => hosting_files(languages).into_iter().for_each(&mut *put),
        // Already in their language's folder.
        Part::Icons => crate::render::cards::icons::files(languages, lang)
            .into_iter()
            .for_each(&mut *put),
    }
}

/// The folder whose files `part` makes besides those [`part_paths`] lists, when their names
/// are known only once it is made: the search shards (`search/`, or `es/search/`), named by
/// the index's stem ranges.
pub(crate) fn part_folder(languages: &Languages<'_>, lang: usize, part: Part) -> Option<String> {
    match part {
        Part::SearchIndex => Some(format!(
            "{}{}/",
            folder(languages, lang),
            crate::render::search::SHARD_DIR
        )),
        Part::QuestionMap | Part::Feed | Part::Hosting | Part::Icons => None,
    }
}

/// The paths of the files [`part_files`] makes, without making them (a part with a
/// [`part_folder`] also makes files in it).
pub(crate) fn part_paths(languages: &Languages<'_>, lang: usize, part: Part) -> Vec<String> {
    let site = languages.sites[lang];
    let folder = folder(languages, lang);
    let in_folder = |path: &str| format!("{folder}{path}");
    match part {
        Part::SearchIndex => vec![in_folder(crate::render::search::INDEX_FILE)],
        Part::QuestionMap => crate::render::anchors::shards(site)
            .into_iter()
            .map(|shard| in_folder(&crate::render::anchors::shard_file(shard)))
            .collect(),
        Part::Feed => {
            let mut paths = vec![in_folder(crate::render::feed::FILE)];
            if lang == 0 {
                paths.push(crate::render::feed::SCHEMA_FILE.to_string());
            }
            paths
        }
        Part::Hosting => {
            let mut paths = vec!["sitemap.xml".to_string()];
            if !robots_from_static(site) {
                paths.push("robots.txt".to_string());
            }
            paths.push(".nojekyll".to_string());
            if site.config.cname.is_some() {
                paths.push("CNAME".into());
            }
            paths
        }
        Part::Icons => crate::render::cards::icons::paths(languages, lang),
    }
}

/// The hosting files (the `cname` was checked when site.toml was read).
pub(crate) fn hosting_files(languages: &Languages<'_>) -> Vec<OutputFile> {
    let site = languages.sites[0];
    let file = |path: &str, text: String| OutputFile {
        path: path.into(),
        body: Body::Bytes(text.into_bytes()),
        origin: PathBuf::from("site.toml"),
    };
    let mut out = vec![file("sitemap.xml", sitemap(languages))];
    if !robots_from_static(site) {
        out.push(file("robots.txt", robots(&site.config.base_url)));
    }
    out.push(file(".nojekyll", String::new()));
    if let Some(cname) = &site.config.cname {
        out.push(file("CNAME", format!("{cname}\n")));
    }
    out
}

/// The date a page last changed for a reader: its review or its update, whichever is later.
pub(crate) fn last_modified(site: &Site, page: PageId) -> Option<Date> {
    let meta = &site.pages[page].meta;
    match (meta.last_reviewed, meta.updated) {
        (Some(a), Some(b)) => Some(if b.to_days() > a.to_days() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// `sitemap.xml` in the sitemaps.org 0.9 format: every language's pages, in site order, the
/// default language's first. A page with translations lists each (and itself, and the
/// default language as `x-default`) as `<xhtml:link rel="alternate" hreflang>`, the form
/// search engines read in sitemaps.
pub(crate) fn sitemap(languages: &Languages<'_>) -> String {
    let several = languages.several();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(if several {
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    });
    for site in &languages.sites {
        for (index, page) in site.pages.enumerate() {
            xml.push_str("  <url><loc>");
            xml.push_str(&escape_html(&site.config.absolute(&page.path)));
            xml.push_str("</loc>");
            if let Some(date) = last_modified(site, index) {
                xml.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            if several {
                for alternate in languages.alternates(&page.rel) {
                    xml.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        alternate.hreflang,
                        escape_html(&alternate.href)
                    ));
                }
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Whether the site writes its own `robots.txt` (`static/robots.txt`), which then replaces
/// the one sitegen makes (a deliberate override: the build says so).
pub(crate) fn robots_from_static(site: &Site) -> bool {
    site.root.join("static").join(ROBOTS).is_file()
}

/// The name of the crawlers' file.
pub(crate) const ROBOTS: &str = "robots.txt";

/// `robots.txt` that allows every crawler and names the sitemap.
pub(crate) fn robots(base_url: &str) -> String {
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
