//! One owner per output file: the table of every file a build writes and what writes it
//! (a page, an alias redirect, the 404 page, a static file of the theme or the site, a file
//! beside a page, a publishing file), in every language. Made at load, before anything is
//! rendered, so two sources of one path are an error naming both, never a file that silently
//! replaces another (whichever of two parallel writes came last).
//!
//! Two overrides are deliberate and allowed; the build says when one applies (a warning):
//! a site's `static/` file replaces the theme's file of the same path, and a site's own
//! `static/robots.txt` replaces the one sitegen makes. Files that later outputs add join
//! the table through [`Owners::claim`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::output_path;
use crate::render::crawler_files::{self, ROBOTS};
use crate::render::files::static_sources;
use crate::render::templates::Templates;
use crate::render::{Languages, RenderOptions};

/// What writes a file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A page (or a section's page) of language `lang`.
    Page { lang: usize },
    /// The redirect of an old URL (`aliases`) of a page of language `lang`.
    Alias { lang: usize, alias: String },
    /// A file beside a page (a page bundle's picture).
    Asset,
    /// A file of the site's `static/`.
    SiteStatic,
    /// A file of the theme's `static/`.
    ThemeStatic,
    /// The 404 page, from the theme's template.
    NotFound,
    /// A file sitegen makes for the whole site (sitemap.xml, the search index...): `what`
    /// names it for editors.
    Publishing { what: &'static str },
}

/// One source of an output file, and where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Owner {
    pub kind: Kind,
    /// The file that writes it, relative to the site root.
    pub file: PathBuf,
    /// Where in that file, when it is a line of it (line, column, width, the line's text).
    pub at: Option<(usize, usize, usize, String)>,
}

impl Owner {
    fn new(kind: Kind, file: impl Into<PathBuf>) -> Self {
        Owner {
            kind,
            file: file.into(),
            at: None,
        }
    }

    /// `the alias `old-page/` of content/effects.md:11:12`, for messages.
    pub(crate) fn describe(&self) -> String {
        let place = match &self.at {
            Some((line, column, ..)) => format!("{}:{line}:{column}", self.file.display()),
            None => self.file.display().to_string(),
        };
        match &self.kind {
            Kind::Page { .. } => format!("the page {place}"),
            Kind::Alias { alias, .. } => format!("the alias `{alias}` of {place}"),
            Kind::Asset => format!("the file beside a page {place}"),
            Kind::SiteStatic => format!("the static file {place}"),
            Kind::ThemeStatic => format!("the theme's static file {place}"),
            Kind::NotFound => format!("the 404 page ({place})"),
            Kind::Publishing { what } => format!("{what} that sitegen makes"),
        }
    }

    /// Which of two sources an error is placed at: what an editor wrote in a page first,
    /// then the site's files, then the theme's, then sitegen's own.
    fn rank(&self) -> u8 {
        match self.kind {
            Kind::Alias { .. } => 0,
            Kind::Page { .. } => 1,
            Kind::Asset => 2,
            Kind::SiteStatic => 3,
            Kind::ThemeStatic => 4,
            Kind::NotFound => 5,
            Kind::Publishing { .. } => 6,
        }
    }
}

/// Every output path with its sources, and the folders a source fills with files whose
/// names are known only once made (the search index's shards).
#[derive(Debug, Default)]
pub(crate) struct Owners {
    files: BTreeMap<String, Vec<Owner>>,
    folders: Vec<(String, Owner)>,
}

/// What the table found: errors (two sources of one file) and the deliberate overrides that
/// apply (warnings).
#[derive(Debug, Default)]
pub(crate) struct OwnerFindings {
    pub errors: Vec<Diagnostic>,
    pub overrides: Vec<Diagnostic>,
}

impl Owners {
    /// Records that `owner` writes `path` (a path in the output: `safety/index.html`).
    pub(crate) fn claim(&mut self, path: String, owner: Owner) {
        self.files.entry(path).or_default().push(owner);
    }

    /// Records that `owner` writes files under `folder` (`search/`).
    pub(crate) fn claim_folder(&mut self, folder: String, owner: Owner) {
        self.folders.push((folder, owner));
    }

    /// The table of every file of the site in `sites` (every language, the default one
    /// first) with `templates`, as the published site has them.
    pub(crate) fn of(sites: Vec<&Site>, templates: &Templates) -> Owners {
        let mut owners = Owners::default();
        let languages = Languages::new(sites);
        for (lang, site) in languages.sites.iter().enumerate() {
            for page in site.pages.iter() {
                owners.claim(
                    output_path(&page.path),
                    Owner {
                        kind: Kind::Page { lang },
                        file: page.source.clone(),
                        // The page as a whole: its first line, not quoted.
                        at: Some((page.meta.line, 1, 0, String::new())),
                    },
                );
                for located in &page.meta.aliases {
                    let path = format!("/{}/", located.value.trim_matches('/'));
                    owners.claim(
                        output_path(&path),
                        Owner {
                            kind: Kind::Alias {
                                lang,
                                alias: located.value.clone(),
                            },
                            file: page.source.clone(),
                            at: Some((
                                located.line,
                                located.column,
                                located.width,
                                page.doc.source_line(located.line).to_string(),
                            )),
                        },
                    );
                }
            }
        }
        let site = languages.sites[0];
        for asset in &site.assets {
            owners.claim(
                asset.output.clone(),
                Owner::new(Kind::Asset, asset.source.clone()),
            );
        }
        for source in static_sources(site) {
            let kind = match source.from_theme {
                true => Kind::ThemeStatic,
                false => Kind::SiteStatic,
            };
            owners.claim(source.path, Owner::new(kind, source.origin));
        }
        if let Some(file) = templates.files.get("404.html") {
            if templates.tera.contains_template("404.html") {
                owners.claim("404.html".into(), Owner::new(Kind::NotFound, file.clone()));
            }
        }
        owners.claim_publishing(&languages);
        owners
    }

    /// The publishing files of every language (as published, not the offline copy).
    fn claim_publishing(&mut self, languages: &Languages<'_>) {
        let options = RenderOptions::default();
        for lang in 0..languages.sites.len() {
            for part in crawler_files::parts(lang, &options) {
                let what = match part {
                    crawler_files::Part::SearchIndex => "the search index",
                    crawler_files::Part::QuestionMap => "the question map",
                    crawler_files::Part::Feed => "the questions feed",
                    crawler_files::Part::Hosting => "a file for hosts and crawlers",
                    crawler_files::Part::Icons => "the home-screen icons and web manifest",
                };
                let owner = || Owner::new(Kind::Publishing { what }, "site.toml");
                for path in crawler_files::part_paths(languages, lang, part) {
                    let what = match path.rsplit('/').next().unwrap_or("") {
                        "sitemap.xml" => "the sitemap",
                        ROBOTS => "robots.txt",
                        ".nojekyll" => ".nojekyll",
                        "CNAME" => "the CNAME file (site.toml's `cname`)",
                        _ => what,
                    };
                    self.claim(path, Owner::new(Kind::Publishing { what }, "site.toml"));
                }
                if let Some(folder) = crawler_files::part_folder(languages, lang, part) {
                    self.claim_folder(folder, owner());
                }
            }
        }
        if let Some(site) = languages.sites.first() {
            if site.config.share.cards {
                // Every language's share cards: `cards/<page path>card.png`.
                self.claim_folder(
                    crate::render::cards::card_path("/")
                        .trim_end_matches("card.png")
                        .into(),
                    Owner::new(
                        Kind::Publishing {
                            what: "the share cards",
                        },
                        "site.toml",
                    ),
                );
            }
            if crawler_files::robots_from_static(site) {
                // The site's own replaces sitegen's: listed so the build says so.
                self.claim(
                    ROBOTS.into(),
                    Owner::new(Kind::Publishing { what: "robots.txt" }, "site.toml"),
                );
            }
        }
    }

    /// Every path with two sources, as errors (but those loading reports already: two pages
    /// or a page and an alias of one language), and the overrides that apply, as warnings.
    pub(crate) fn findings(&self) -> OwnerFindings {
        let mut found = OwnerFindings::default();
        for (path, owners) in &self.files {
            let mut owners: Vec<&Owner> = owners.iter().collect();
            owners.sort_by_key(|o| o.rank());
            let first = owners[0];
            for other in &owners[1..] {
                match overrides(first, other) {
                    Some(note) => found.overrides.push(note),
                    None if reported_already(first, other) => {}
                    None => found.errors.push(two_sources(path, first, other)),
                }
            }
        }
        for (folder, maker) in &self.folders {
            for (path, owners) in self.files.range(folder.clone()..) {
                if !path.starts_with(folder.as_str()) {
                    break;
                }
                for owner in owners {
                    found.errors.push(two_sources(path, owner, maker));
                }
            }
        }
        found
    }
}

/// The note when `wins` deliberately replaces `other` (a site's static file over the theme's,
/// or over sitegen's robots.txt); `None` when the two may not share a path.
fn overrides(wins: &Owner, other: &Owner) -> Option<Diagnostic> {
    let replaced = match (&wins.kind, &other.kind) {
        (Kind::SiteStatic, Kind::ThemeStatic) => other.file.display().to_string(),
        (Kind::SiteStatic, Kind::Publishing { what: ROBOTS }) => {
            "the robots.txt sitegen makes".to_string()
        }
        _ => return None,
    };
    Some(
        Diagnostic::warning(&wins.file, format!("this file replaces {replaced}"))
            .help("a site's static file replaces the theme's file (or sitegen's robots.txt) of the same path on purpose; delete it to publish the other"),
    )
}

/// Whether loading already reports these two (a page's URL taken twice, or an alias at a
/// page's URL or twice, in one language).
fn reported_already(a: &Owner, b: &Owner) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Page { lang: x }, Kind::Page { lang: y })
        | (Kind::Alias { lang: x, .. }, Kind::Page { lang: y })
        | (Kind::Alias { lang: x, .. }, Kind::Alias { lang: y, .. }) => x == y,
        _ => false,
    }
}

/// The error for `path` written by both `first` (where it is placed) and `second`.
fn two_sources(path: &str, first: &Owner, second: &Owner) -> Diagnostic {
    let message = format!(
        "two sources write `{path}`: {} and {}",
        first.describe(),
        second.describe()
    );
    let mut d = Diagnostic::error(&first.file, message);
    if let Some((line, column, width, text)) = &first.at {
        d = d.at(*line, *column);
        if !text.is_empty() {
            d = d.with_snippet(text.clone(), *width);
        }
    }
    d.help(help(first, second))
}

/// What to do about two sources of one file.
fn help(first: &Owner, second: &Owner) -> String {
    let name = |o: &Owner| match o.kind {
        Kind::Alias { .. } => "the alias",
        Kind::Page { .. } => "the page's URL (move the file or set `slug`)",
        Kind::Asset => "the file beside the page",
        Kind::SiteStatic => "the static file",
        Kind::ThemeStatic => "the theme's static file",
        Kind::NotFound => "the 404 page",
        Kind::Publishing { .. } => "sitegen's file",
    };
    if matches!(second.kind, Kind::Publishing { .. }) {
        return format!(
            "each file of the site has one source, and sitegen makes this one; rename or remove {}",
            name(first)
        );
    }
    format!(
        "each file of the site has one source; rename or remove {} or {}",
        name(first),
        name(second)
    )
}

/// The table's findings for the site in `sites` (every language, the default one first):
/// errors for every file with two sources, warnings for the overrides that apply.
pub(crate) fn check(sites: Vec<&Site>, templates: &Templates) -> OwnerFindings {
    Owners::of(sites, templates).findings()
}
