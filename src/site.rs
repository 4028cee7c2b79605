//! The `Site`: the whole, validated model of a site, built once by [`Site::load`] and only
//! read afterwards (by rendering, checks and the preview server).
//!
//! Loading reads site.toml and every page, collects the questions, resolves every link and
//! arranges pages into sections. It either yields a complete model or every diagnostic found.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, Asset, Page};
use crate::diagnostics::Diagnostic;
use crate::faq::{self, Questions};
use crate::links::{self, LinkGraph};
use crate::references::{self, References};

/// The template that makes a page the site's reference list.
pub const REFERENCES_TEMPLATE: &str = "references.html";

/// A folder with an `_index.md` (the root always counts as one).
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` page, if the folder has one.
    pub page: Option<usize>,
    /// Folder under content/: "" for the root, "guides" for content/guides.
    pub dir: String,
    /// Pages of this section (not sections), ordered by weight then title.
    pub pages: Vec<usize>,
    /// Sections directly below this one, in the same order.
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
}

/// What loading may be asked to do differently.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include `draft = true` pages.
    pub drafts: bool,
    /// Replace site.toml's base_url.
    pub base_url: Option<String>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub sections: Vec<Section>,
    /// Per page: the section it belongs to (for a section's own page, its parent section).
    pub section_of: Vec<usize>,
    pub questions: Questions,
    pub links: LinkGraph,
    /// Every `[[sources]]` entry of the site, once each, numbered.
    pub references: References,
}

impl Site {
    /// Reads and validates everything under `root`.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site, Vec<Diagnostic>> {
        let config = Config::load(root).and_then(|mut c| {
            if let Some(url) = &options.base_url {
                c.base_url = crate::config::normalize_base_url(url).ok_or_else(|| {
                    vec![
                        Diagnostic::error("--base-url", format!("`{url}` is not an http(s) URL"))
                            .help("write it like https://org.github.io/clinic-site/"),
                    ]
                })?;
            }
            Ok(c)
        });
        let stage = crate::timings::stage("(read pages)");
        let values = config
            .as_ref()
            .ok()
            .map(|c| content::ClinicValues::new(&c.clinic));
        let content = content::load(root, options.drafts, values.as_ref());
        drop(stage);
        let (config, content) = match (config, content) {
            (Ok(c), Ok(p)) => (c, p),
            (c, p) => {
                let mut all = c.err().unwrap_or_default();
                all.extend(p.err().unwrap_or_default());
                return Err(all);
            }
        };
        let pages = content.pages;
        let (questions, links) = link_model(&pages)?;
        let (sections, section_of) = build_sections(&pages);
        let references = references::collect(&pages);
        Ok(Site {
            root: root.to_path_buf(),
            config,
            pages,
            assets: content.assets,
            sections,
            section_of,
            questions,
            links,
            references,
        })
    }

    /// Puts each `(index, page)` (page `index`'s file, read again) in place and works out the
    /// questions, links and sections again: the preview's answer to edits of pages that keep
    /// their URL. On problems the site is left as it was.
    pub fn replace_pages(&mut self, pages: Vec<(usize, Page)>) -> Result<(), Vec<Diagnostic>> {
        let old: Vec<(usize, Page)> = pages
            .into_iter()
            .map(|(index, page)| (index, std::mem::replace(&mut self.pages[index], page)))
            .collect();
        match link_model(&self.pages) {
            Ok((questions, links)) => {
                self.questions = questions;
                self.links = links;
                (self.sections, self.section_of) = build_sections(&self.pages);
                self.references = references::collect(&self.pages);
                Ok(())
            }
            Err(problems) => {
                for (index, page) in old {
                    self.pages[index] = page;
                }
                Err(problems)
            }
        }
    }

    /// The home page (content/_index.md), if there is one.
    pub fn home(&self) -> Option<usize> {
        self.sections[0].page
    }

    /// The page a `@/rel` path names.
    pub fn page_by_rel(&self, rel: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.rel == rel)
    }

    /// Pages nothing links to (other than home), and questions no page links to.
    pub fn orphans(&self) -> (Vec<usize>, Vec<usize>) {
        let home = self.home();
        let pages = (0..self.pages.len())
            .filter(|&p| Some(p) != home && self.links.backlinks[p].is_empty())
            .collect();
        let questions = (0..self.questions.all.len())
            .filter(|&q| self.links.question_backlinks[q].is_empty())
            .collect();
        (pages, questions)
    }

    /// The page that lists every reference (`template = "references.html"`), if any.
    pub fn references_page(&self) -> Option<usize> {
        self.page_with_template(REFERENCES_TEMPLATE)
    }

    /// Index of the page with the given template name (`faq.html` finds the hub).
    pub fn page_with_template(&self, template: &str) -> Option<usize> {
        self.pages
            .iter()
            .position(|p| p.meta.template.as_deref() == Some(template))
    }
}

/// The questions of `pages` and the links between them, or every problem with them.
fn link_model(pages: &[Page]) -> Result<(Questions, LinkGraph), Vec<Diagnostic>> {
    let (mut questions, mut problems) = faq::collect(pages);
    let (links, link_problems) = links::resolve(pages, &questions);
    problems.extend(link_problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    questions.related = faq::compute_related(&questions, pages, &links, faq::RELATED_LIMIT);
    Ok((questions, links))
}

/// Groups pages into sections by folder and orders them.
fn build_sections(pages: &[Page]) -> (Vec<Section>, Vec<usize>) {
    let mut sections = vec![Section {
        page: None,
        dir: String::new(),
        pages: vec![],
        subsections: vec![],
        parent: None,
    }];
    let mut by_dir: HashMap<String, usize> = HashMap::from([(String::new(), 0)]);
    let mut section_pages: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, _)| i)
        .collect();
    section_pages.sort_by_key(|&i| pages[i].rel.matches('/').count());
    for &i in &section_pages {
        let dir = folder_of(&pages[i].rel);
        if dir.is_empty() {
            sections[0].page = Some(i);
            continue;
        }
        by_dir.insert(dir.clone(), sections.len());
        sections.push(Section {
            page: Some(i),
            dir,
            pages: vec![],
            subsections: vec![],
            parent: None,
        });
    }
    let nearest = |mut dir: String| -> usize {
        loop {
            if let Some(&s) = by_dir.get(&dir) {
                return s;
            }
            dir = match dir.rfind('/') {
                Some(i) => dir[..i].to_string(),
                None => String::new(),
            };
        }
    };
    let mut section_of = vec![0; pages.len()];
    for s in 1..sections.len() {
        let dir = sections[s].dir.clone();
        let parent_dir = dir
            .rfind('/')
            .map(|i| dir[..i].to_string())
            .unwrap_or_default();
        let parent = nearest(parent_dir);
        sections[s].parent = Some(parent);
        sections[parent].subsections.push(s);
        if let Some(p) = sections[s].page {
            section_of[p] = parent;
        }
    }
    for (i, page) in pages.iter().enumerate() {
        if !page.is_section {
            let s = nearest(folder_of(&page.rel));
            section_of[i] = s;
            sections[s].pages.push(i);
        }
    }
    let order =
        |a: &Page, b: &Page| (a.meta.weight, &a.meta.title).cmp(&(b.meta.weight, &b.meta.title));
    let section_pages_snapshot: Vec<Option<usize>> = sections.iter().map(|s| s.page).collect();
    for s in &mut sections {
        s.pages.sort_by(|&a, &b| order(&pages[a], &pages[b]));
        s.subsections.sort_by(|&a, &b| {
            match (section_pages_snapshot[a], section_pages_snapshot[b]) {
                (Some(a), Some(b)) => order(&pages[a], &pages[b]),
                _ => std::cmp::Ordering::Equal,
            }
        });
    }
    (sections, section_of)
}

fn folder_of(rel: &str) -> String {
    rel.rfind('/')
        .map(|i| rel[..i].to_string())
        .unwrap_or_default()
}
