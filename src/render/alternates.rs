//! The site's languages as rendering sees them: every language's [`Site`] (the default one
//! first), and for a page of one, the same page in the others (a translation is
//! `page.<code>.md` beside `page.md`, so both have the same `rel`). This gives each page its
//! `<link rel="alternate" hreflang>` list (reciprocal by construction: the same map serves
//! every page), the language switcher, and the sitemap's alternates.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::model::{PageId, Site};
use crate::urls::Linker;

/// Every language of the site.
pub struct Languages<'a> {
    /// The default language's site first, then the others in site.toml's order.
    pub sites: Vec<&'a Site>,
    /// Per language: each page's id by its `rel`.
    by_rel: Vec<HashMap<&'a str, PageId>>,
    /// Per language: its strings as a template value, made once (each page's `languages`
    /// shares it rather than converting every string again).
    strings: Vec<tera::Value>,
}

/// A page in one language, for `<link rel="alternate" hreflang>` (templates: `alternates`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Alternate {
    /// `es`, or `x-default` for the default language's page.
    pub hreflang: String,
    /// Its absolute URL.
    pub href: String,
}

/// One language of a page, for templates (`languages`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LanguageLink<'a> {
    /// `es`
    pub code: &'a str,
    /// `Español`
    pub name: &'a str,
    /// Whether the page being rendered is in it.
    pub current: bool,
    /// The same page in it, if it has one.
    pub href: Option<String>,
    /// Whether the page being rendered has no version in it (false on pages that are no
    /// page of the site, such as 404.html).
    pub missing: bool,
    /// Its absolute URL, for `hreflang` (same condition).
    pub permalink: Option<String>,
    /// Its home page.
    pub home_href: String,
    /// Its strings, for words shown in it (`l.t.info_in_language`): [`crate::theme_strings::Strings`] as a
    /// template value.
    pub t: &'a tera::Value,
}

impl<'a> Languages<'a> {
    pub(crate) fn new(sites: Vec<&'a Site>) -> Self {
        let by_rel = sites
            .iter()
            .map(|site| {
                site.pages
                    .enumerate()
                    .map(|(id, p)| (p.rel.as_str(), id))
                    .collect()
            })
            .collect();
        let strings = sites
            .iter()
            .map(|site| tera::Value::from_serializable(&site.strings))
            .collect();
        Languages {
            sites,
            by_rel,
            strings,
        }
    }

    /// The strings of language `lang` as a template value (`t`).
    pub(crate) fn strings_value(&self, lang: usize) -> &tera::Value {
        &self.strings[lang]
    }

    /// Whether the site is published in more than one language.
    pub(crate) fn several(&self) -> bool {
        self.sites.len() > 1
    }

    /// Page `rel` in language `lang`, if it has it.
    pub(crate) fn page(&self, lang: usize, rel: &str) -> Option<PageId> {
        self.by_rel.get(lang)?.get(rel).copied()
    }

    /// The page `rel` in every language that has it, as `(hreflang, absolute URL)`, and the
    /// default language's again as `x-default`: the same list for each of them, so the
    /// alternates are reciprocal. Empty when the page is in one language only.
    pub(crate) fn alternates(&self, rel: &str) -> Vec<Alternate> {
        let mut out: Vec<Alternate> = self
            .sites
            .iter()
            .enumerate()
            .filter_map(|(lang, site)| {
                let id = self.page(lang, rel)?;
                Some(Alternate {
                    hreflang: site.config.language.clone(),
                    href: site.config.absolute(&site.pages[id].path),
                })
            })
            .collect();
        if out.len() < 2 {
            return Vec::new();
        }
        if let Some(default) = self.page(0, rel) {
            let site = self.sites[0];
            out.push(Alternate {
                hreflang: "x-default".into(),
                href: site.config.absolute(&site.pages[default].path),
            });
        }
        out
    }

    /// Every language of the page `rel`, as links from a page in language `current` (the page
    /// at `linker`).
    pub(crate) fn links(
        &self,
        current: usize,
        rel: Option<&str>,
        linker: &Linker,
    ) -> Vec<LanguageLink<'_>> {
        self.sites
            .iter()
            .enumerate()
            .map(|(lang, site)| {
                let page = rel.and_then(|rel| self.page(lang, rel));
                let path = page.map(|id| site.pages[id].path.as_str());
                let home = if lang == 0 {
                    "/".to_string()
                } else {
                    format!("/{}/", site.config.language)
                };
                LanguageLink {
                    code: &site.config.language,
                    name: language_name(site),
                    current: lang == current,
                    href: path.map(|p| linker.href(p)),
                    missing: rel.is_some() && page.is_none(),
                    permalink: path.map(|p| site.config.absolute(p)),
                    home_href: linker.href(&home),
                    t: &self.strings[lang],
                }
            })
            .collect()
    }
}

/// A language's name in itself: site.toml's `name` for another language, the code for the
/// default one unless a string names it (`language_name`).
fn language_name(site: &Site) -> &str {
    let own = site.config.language.as_str();
    site.config
        .languages
        .iter()
        .find(|l| l.code == own)
        .map(|l| l.name.as_str())
        .or_else(|| Some(site.strings.get("language_name")).filter(|n| !n.is_empty()))
        .unwrap_or(own)
}
