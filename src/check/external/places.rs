//! Where the site links to other web sites, each URL with every place it is written.
//!
//! Read from the model, not the disk: every `[[sources]]` `url` (at the line of its `url`
//! key), every link and image of every page's markdown (at its line and column), and the
//! links of the rendered pages that neither wrote (the templates' own: a footer, a logo).
//! Those are placed where their text is written, in a template file or in site.toml (values
//! a template shows); the only files read are those, and only when a rendered page has such a
//! link. A template link is reported once per place, however many pages show it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::address::{is_own, request_url};
use crate::content::{Page, Source};
use crate::diagnostics::{line_col, slash_path};
use crate::model::Site;
use crate::pipeline::Made;
use crate::render::templates::Templates;

/// What kind of link a place holds, for the wording of findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum LinkKind {
    /// A `[[sources]]` entry, with its title.
    Source(String),
    Link,
    Image,
    /// Written by a template (or a site.toml value a template shows).
    Template,
}

/// One place a URL is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Place {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub kind: LinkKind,
    /// The link as written there (with its `#fragment`).
    pub written: String,
    /// The text of the line, quoted under the finding.
    pub snippet: Option<String>,
}

/// A URL to ask about, and where the site writes it.
#[derive(Debug, Clone)]
pub(crate) struct WrittenUrl {
    /// The request URL (see [`request_url`]).
    pub url: String,
    /// Sorted by file and line.
    pub places: Vec<Place>,
}

/// The site as rendered in memory, when it builds: its files and the templates that made them.
pub(crate) struct RenderedSite<'a, K> {
    pub files: &'a [Made<K>],
    pub templates: &'a Templates,
}

/// Every URL of `sites` (the site in each of its languages, the default first) that leads to
/// another web site, sorted, each with its places.
pub(crate) fn collect<K>(
    sites: &[&Site],
    rendered: Option<&RenderedSite<'_, K>>,
) -> Vec<WrittenUrl> {
    let mut found: BTreeMap<String, BTreeSet<Place>> = BTreeMap::new();
    let add = |found: &mut BTreeMap<String, BTreeSet<Place>>, url: String, place: Place| {
        found.entry(url).or_default().insert(place);
    };
    let Some(first) = sites.first() else {
        return Vec::new();
    };
    let base_url = first.config.base_url.as_str();
    let outside = |written: &str| request_url(written).filter(|url| !is_own(url, base_url));
    for page in sites.iter().flat_map(|site| site.pages.iter()) {
        for source in &page.meta.sources {
            let Some(written) = &source.url else { continue };
            if let Some(url) = outside(written) {
                add(&mut found, url, source_place(page, source, written));
            }
        }
        for link in page.doc.links.iter().filter(|l| !l.is_email) {
            if let Some(url) = outside(&link.dest) {
                add(
                    &mut found,
                    url,
                    Place {
                        file: page.source.clone(),
                        line: Some(link.line),
                        column: Some(link.column),
                        kind: if link.is_image {
                            LinkKind::Image
                        } else {
                            LinkKind::Link
                        },
                        written: link.dest.clone(),
                        snippet: Some(page.doc.source_line(link.line).to_string()),
                    },
                );
            }
        }
    }
    if let Some(rendered) = rendered {
        // A rendered URL that some page's markdown or sources write is theirs; it is
        // reported at those places (the FAQ hub, for one, shows other pages' answers).
        let by_content: HashSet<String> = found.keys().cloned().collect();
        let mut texts = TemplateTexts::new(sites, rendered.templates);
        for file in rendered.files {
            let Some(scan) = &file.scan else { continue };
            for href in &scan.links {
                let Some(url) = outside(href) else { continue };
                if by_content.contains(&url) {
                    continue;
                }
                for place in texts.places_of(href, &file.origin) {
                    add(&mut found, url.clone(), place);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(url, places)| WrittenUrl {
            url,
            places: places.into_iter().collect(),
        })
        .collect()
}

/// A source's `url`: at the line of its `url` key (the first line from its `[[sources]]`
/// header on that holds the URL), else at the header.
fn source_place(page: &Page, source: &Source, written: &str) -> Place {
    let text = page.doc.source();
    let found = text
        .split('\n')
        .enumerate()
        .skip(source.line.saturating_sub(1))
        .take_while(|(_, line)| line.trim_end() != "+++")
        .find_map(|(i, line)| line.find(written).map(|at| (i + 1, line, at)));
    let (line, column) = match found {
        Some((line, text, at)) => (line, text[..at].chars().count() + 1),
        None => (source.line, 1),
    };
    Place {
        file: page.source.clone(),
        line: Some(line),
        column: Some(column),
        kind: LinkKind::Source(source.title.clone()),
        written: written.to_string(),
        snippet: Some(page.doc.source_line(line).to_string()),
    }
}

/// The text of the templates and of site.toml, read when first needed, to find where a
/// template link is written.
struct TemplateTexts<'a> {
    /// The site in each language, the default first.
    sites: &'a [&'a Site],
    templates: &'a Templates,
    /// Relative path and text of each template file, then site.toml.
    texts: Option<Vec<(PathBuf, String)>>,
    /// Per link as written: the places it was found at (empty when nowhere).
    found: HashMap<String, Vec<Place>>,
}

impl<'a> TemplateTexts<'a> {
    fn new(sites: &'a [&'a Site], templates: &'a Templates) -> Self {
        TemplateTexts {
            sites,
            templates,
            texts: None,
            found: HashMap::new(),
        }
    }

    /// Where `href` (found in a file made from `origin`) is written: each occurrence in the
    /// templates and site.toml, else the template that made the file, without a line.
    fn places_of(&mut self, href: &str, origin: &Path) -> Vec<Place> {
        if !self.found.contains_key(href) {
            let places = self.search(href);
            self.found.insert(href.to_string(), places);
        }
        match self.found.get(href) {
            Some(places) if !places.is_empty() => places.clone(),
            _ => vec![Place {
                file: self.template_of(origin),
                line: None,
                column: None,
                kind: LinkKind::Template,
                written: href.to_string(),
                snippet: None,
            }],
        }
    }

    fn search(&mut self, href: &str) -> Vec<Place> {
        let (root, templates) = (self.root(), self.templates);
        let texts = self
            .texts
            .get_or_insert_with(|| read_texts(&root, templates));
        // The scan decoded `&amp;`; the template may have it either way.
        let spellings = [href.to_string(), href.replace('&', "&amp;")];
        let mut places = Vec::new();
        for (file, text) in texts.iter() {
            for spelling in spellings.iter().collect::<BTreeSet<_>>() {
                for (at, _) in text.match_indices(spelling.as_str()) {
                    let next = text[at + spelling.len()..].chars().next();
                    if next.is_some_and(|c| !matches!(c, '"' | '\'' | '<' | ')' | ' ' | '\n')) {
                        continue; // a longer URL that starts the same way
                    }
                    let (line, column) = line_col(text, at);
                    places.push(Place {
                        file: file.clone(),
                        line: Some(line),
                        column: Some(column),
                        kind: LinkKind::Template,
                        written: href.to_string(),
                        snippet: text.lines().nth(line - 1).map(str::to_string),
                    });
                }
            }
        }
        places
    }

    /// The template file that made an output file: its origin when that is a template, else
    /// the template of the page it came from.
    fn template_of(&self, origin: &Path) -> PathBuf {
        let files = &self.templates.files;
        if files.values().any(|f| f == origin) {
            return origin.to_path_buf();
        }
        self.sites
            .iter()
            .find_map(|site| Some(site.template_of(site.page_by_source(origin)?)))
            .and_then(|name| files.get(name).cloned())
            .unwrap_or_else(|| origin.to_path_buf())
    }

    fn root(&self) -> PathBuf {
        self.sites
            .first()
            .map(|site| site.root.clone())
            .unwrap_or_default()
    }
}

fn read_texts(root: &Path, templates: &Templates) -> Vec<(PathBuf, String)> {
    let mut files: Vec<&PathBuf> = templates.files.values().collect();
    files.sort_by_key(|f| slash_path(f));
    files.dedup();
    let site_toml = PathBuf::from("site.toml");
    files
        .into_iter()
        .chain(std::iter::once(&site_toml))
        .filter_map(|file| {
            let text = std::fs::read_to_string(root.join(file)).ok()?;
            Some((file.clone(), text))
        })
        .collect()
}
