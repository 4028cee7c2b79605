//! What templates receive. Every value a template needs is computed here, hrefs included, so
//! themes stay free of logic and every link is written by [`crate::urls::Linker`].
//!
//! Variables of every template (see README "Templates" for the full list):
//! `page` ([`PageContext`]), `site` (site.toml, with `clinic`), `nav` (header menu),
//! `site_tree` (every section and page, nested: title, href, path, is_section, children),
//! `root` (prefix to the site root, for assets: `{{ root }}style.css`), `jsonld` (ready-made
//! `<script>` body), `faq_groups` (every question grouped by page; filled on the FAQ hub
//! only), `canonical` (absolute URL).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

use crate::content::{Page, Source};
use crate::markdown::Rendered;
use crate::model::references::Reference;
use crate::model::Site;
use crate::model::{PageId, QuestionId, SectionId, Table};
use crate::text::first_sentence;
use crate::urls::Linker;

/// A link for templates: title and href, and whether it is the current page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkContext<'a> {
    pub title: &'a str,
    pub href: String,
    /// Site path (`/safety/`), for building absolute URLs.
    pub path: Cow<'a, str>,
    pub current: bool,
    pub description: &'a str,
    /// A short label for menus: the page's `[extra] nav_title`, else its title.
    pub nav_title: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
    pub href: String,
    pub is_question: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionContext<'a> {
    pub id: &'a str,
    pub question: &'a str,
    pub answer_html: &'a str,
    pub answer_text: &'a str,
    pub first_sentence: &'a str,
    /// Link to the answer from the page being rendered.
    pub href: String,
    pub page_title: &'a str,
    pub page_href: String,
    /// Related questions on other pages.
    pub related: Vec<LinkContext<'a>>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ReviewContext {
    /// "2 November 2026"
    pub last_reviewed: Option<String>,
    /// "2026-11-02", for `<time datetime>`
    pub last_reviewed_iso: Option<String>,
    pub next_review: Option<String>,
    pub next_review_iso: Option<String>,
    pub reviewed_by: Option<String>,
}

/// A `[[sources]]` entry of a page, with its place in the site's reference list.
#[derive(Debug, Clone, Serialize)]
pub struct SourceContext<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub published: Option<&'a str>,
    /// "28 November 2026"
    pub accessed: Option<String>,
    /// "2026-11-28", for `<time datetime>`
    pub accessed_iso: Option<String>,
    /// Its number in the reference list.
    pub number: usize,
    /// Its entry on the references page (`../references/#ref-3`), if the site has one.
    pub reference_href: Option<String>,
}

/// An entry of the reference list (`references`, on the references page only).
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceContext<'a> {
    #[serde(flatten)]
    pub source: SourceContext<'a>,
    /// Its id on the references page: `ref-3`.
    pub id: String,
    /// The pages that cite it.
    pub cited_by: Vec<LinkContext<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FaqGroup<'a> {
    pub title: &'a str,
    pub href: String,
    pub questions: Vec<QuestionContext<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The body as HTML (already escaped; print with `| safe`).
    pub content: String,
    /// Site path: `/safety/`.
    pub path: &'a str,
    pub permalink: String,
    pub is_home: bool,
    pub is_section: bool,
    pub toc: Vec<TocEntry<'a>>,
    pub questions: Vec<QuestionContext<'a>>,
    pub related_pages: Vec<LinkContext<'a>>,
    pub related_questions: Vec<LinkContext<'a>>,
    /// Pages that link here.
    pub backlinks: Vec<LinkContext<'a>>,
    /// From home down to (and including) this page.
    pub breadcrumbs: Vec<LinkContext<'a>>,
    pub prev: Option<LinkContext<'a>>,
    pub next: Option<LinkContext<'a>>,
    /// For sections: their pages and subsections, in order.
    pub children: Vec<LinkContext<'a>>,
    /// The section the page belongs to.
    pub section: Option<LinkContext<'a>>,
    pub review: ReviewContext,
    pub sources: Vec<SourceContext<'a>>,
    pub tags: &'a [String],
    pub mental_health: bool,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a toml::Table,
}

/// Builds contexts for one site and one link style.
pub struct ContextBuilder<'a> {
    pub site: &'a Site,
    pub rendered: &'a Table<PageId, Rendered>,
    pub style: crate::urls::LinkStyle,
    /// `site` (the config) as a template value, converted once per render.
    pub site_value: tera::Value,
    /// Pages in the header menu, in order.
    nav_items: Vec<PageId>,
    /// Menus already built, by (root prefix, current item): pages at the same depth in the
    /// same section share one (tera values are reference-counted, so sharing is free).
    nav_cache: Mutex<HashMap<(String, Option<usize>), tera::Value>>,
    /// The site tree, by root prefix (it depends on nothing else).
    tree_cache: Mutex<HashMap<String, tera::Value>>,
    /// Page bodies to hand over rather than copy, each taken by its page's context (see
    /// [`ContextBuilder::taking_bodies`]).
    bodies: Option<Table<PageId, Mutex<String>>>,
}

/// A node of the site tree: a section with its pages and subsections, or a page.
#[derive(Debug, Clone, Serialize)]
pub struct TreeNode {
    pub title: String,
    pub href: String,
    pub path: String,
    pub is_section: bool,
    pub children: Vec<TreeNode>,
}

impl<'a> ContextBuilder<'a> {
    pub fn new(
        site: &'a Site,
        rendered: &'a Table<PageId, Rendered>,
        style: crate::urls::LinkStyle,
    ) -> Self {
        let root = &site.sections[SectionId::ROOT];
        let mut nav_items: Vec<PageId> = root.pages.clone();
        nav_items.extend(
            root.subsections
                .iter()
                .filter_map(|&s| site.sections[s].page),
        );
        nav_items.sort_by(|&a, &b| {
            let (pa, pb) = (&site.pages[a].meta, &site.pages[b].meta);
            (pa.weight, &pa.title).cmp(&(pb.weight, &pb.title))
        });
        ContextBuilder {
            site,
            rendered,
            style,
            site_value: tera::Value::from_serializable(&site.config),
            nav_items,
            nav_cache: Mutex::new(HashMap::new()),
            tree_cache: Mutex::new(HashMap::new()),
            bodies: None,
        }
    }

    /// Makes each page's context take its body HTML from `bodies` (page order) instead of
    /// copying it from the rendered markdown: a build renders each page once, so the body
    /// can be freed as soon as its page is written, rather than held to the end.
    pub fn taking_bodies(mut self, bodies: Vec<String>) -> Self {
        self.bodies = Some(bodies.into_iter().map(Mutex::new).collect());
        self
    }
}

impl<'a> ContextBuilder<'a> {
    /// A link to `page`; `current` is the page being rendered, if it is one.
    fn link(&self, linker: &Linker, page: PageId, current: Option<PageId>) -> LinkContext<'a> {
        let p = &self.site.pages[page];
        LinkContext {
            title: &p.meta.title,
            href: linker.href(&p.path),
            path: Cow::Borrowed(&p.path),
            current: Some(page) == current,
            description: &p.meta.description,
            nav_title: p
                .meta
                .extra
                .get("nav_title")
                .and_then(|v| v.as_str())
                .unwrap_or(&p.meta.title),
        }
    }

    fn question_link(&self, linker: &Linker, q: QuestionId) -> LinkContext<'a> {
        let question = &self.site.questions.all[q];
        let page = &self.site.pages[question.page];
        let path = format!("{}#{}", page.path, question.id);
        LinkContext {
            title: &question.text,
            href: linker.href(&path),
            path: Cow::Owned(path),
            current: false,
            description: &page.meta.title,
            nav_title: &question.text,
        }
    }

    /// A question as templates see it, with hrefs relative to `linker`'s page.
    pub fn question(&self, linker: &Linker, q: QuestionId) -> QuestionContext<'a> {
        let site = self.site;
        let question = &site.questions.all[q];
        let page = &site.pages[question.page];
        let answer_text = page
            .doc
            .answer_texts
            .get(question.block)
            .map_or("", String::as_str);
        let answer_html = self
            .rendered
            .get(question.page)
            .and_then(|r| r.answers_html.get(question.block))
            .map_or("", String::as_str);
        let related = &site.questions.related[q];
        QuestionContext {
            id: &question.id,
            question: &question.text,
            first_sentence: first_sentence(answer_text),
            answer_html,
            answer_text,
            href: linker.href(&format!("{}#{}", page.path, question.id)),
            page_title: &page.meta.title,
            page_href: linker.href(&page.path),
            related: related
                .iter()
                .map(|&r| self.question_link(linker, r))
                .collect(),
        }
    }

    /// The header menu: the root section's pages and subsections, in order, the one holding
    /// page `current` marked. Hrefs lead through the page's root prefix (`../../safety/`).
    pub fn nav(&self, linker: &Linker, current: Option<PageId>) -> tera::Value {
        let current_item = current.and_then(|c| {
            self.nav_items
                .iter()
                .position(|&p| c == p || self.is_inside(c, p))
        });
        let key = (linker.root(), current_item);
        if let Some(value) = self
            .nav_cache
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned())
        {
            return value;
        }
        let items: Vec<LinkContext<'_>> = self
            .nav_items
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let mut l = self.link(linker, p, None);
                l.href = linker.rooted(&self.site.pages[p].path);
                l.current = current_item == Some(i);
                l
            })
            .collect();
        let value = tera::Value::from_serializable(&items);
        if let Ok(mut cache) = self.nav_cache.lock() {
            cache.insert(key, value.clone());
        }
        value
    }

    /// The whole site as a tree from the home section down (`site_tree` in templates), with
    /// hrefs through the page's root prefix; built once per page depth.
    pub fn tree(&self, linker: &Linker) -> tera::Value {
        let key = linker.root();
        if let Some(value) = self
            .tree_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return value;
        }
        let value = tera::Value::from_serializable(&self.section_node(linker, SectionId::ROOT));
        if let Ok(mut cache) = self.tree_cache.lock() {
            cache.insert(key, value.clone());
        }
        value
    }

    fn section_node(&self, linker: &Linker, section: SectionId) -> TreeNode {
        let site = self.site;
        let s = &site.sections[section];
        let leaf = |p: PageId| TreeNode {
            title: site.pages[p].meta.title.clone(),
            href: linker.rooted(&site.pages[p].path),
            path: site.pages[p].path.clone(),
            is_section: false,
            children: Vec::new(),
        };
        let mut children: Vec<TreeNode> = s.pages.iter().map(|&p| leaf(p)).collect();
        children.extend(
            s.subsections
                .iter()
                .map(|&sub| self.section_node(linker, sub)),
        );
        let (title, path) = match s.page {
            Some(p) => (site.pages[p].meta.title.clone(), site.pages[p].path.clone()),
            None => (
                site.config.title.clone(),
                format!("/{}/", s.dir).replace("//", "/"),
            ),
        };
        TreeNode {
            title,
            href: linker.rooted(&path),
            path,
            is_section: true,
            children,
        }
    }

    /// Whether page `inner` lies within the section whose page is `section_page`.
    fn is_inside(&self, inner: PageId, section_page: PageId) -> bool {
        let mut s = self.site.section_of[inner];
        loop {
            if self.site.sections[s].page == Some(section_page) {
                return true;
            }
            match self.site.sections[s].parent {
                Some(parent) => s = parent,
                None => return false,
            }
        }
    }

    /// The context of page `index`.
    pub fn page(&self, index: PageId, linker: &Linker) -> PageContext<'a> {
        let site = self.site;
        let page: &Page = &site.pages[index];
        let meta = &page.meta;
        let section_index = site.section_of[index];
        let section = &site.sections[section_index];
        let questions: Vec<QuestionContext<'a>> = site.questions.of_page[index]
            .iter()
            .map(|&q| self.question(linker, q))
            .collect();
        let question_ids: Vec<&str> = questions.iter().map(|q| q.id).collect();
        let toc = page
            .doc
            .headings
            .iter()
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                text: &h.text,
                href: format!("#{}", h.id),
                is_question: question_ids.contains(&h.id.as_str()),
            })
            .collect();
        let mut related_pages = Vec::new();
        let mut related_questions = Vec::new();
        for target in &site.links.related[index] {
            match *target {
                crate::model::links::Target::Page(p) => {
                    related_pages.push(self.link(linker, p, Some(index)))
                }
                crate::model::links::Target::Question(q) => {
                    related_questions.push(self.question_link(linker, q))
                }
            }
        }
        let (prev, next) = if page.is_section {
            (None, None)
        } else {
            let pos = section.pages.iter().position(|&p| p == index);
            let at = |offset: isize| {
                pos.and_then(|i| i.checked_add_signed(offset))
                    .and_then(|i| section.pages.get(i))
                    .map(|&p| self.link(linker, p, Some(index)))
            };
            (at(-1), at(1))
        };
        let children = self.children(index, linker);
        let next_review = meta.review_due(site.config.review_interval_months);
        PageContext {
            title: &meta.title,
            description: &meta.description,
            content: self.body(index),
            path: &page.path,
            permalink: site.config.absolute(&page.path),
            is_home: site.home() == Some(index),
            is_section: page.is_section,
            toc,
            questions,
            related_pages,
            related_questions,
            backlinks: site.links.backlinks[index]
                .iter()
                .map(|&p| self.link(linker, p, Some(index)))
                .collect(),
            breadcrumbs: self.breadcrumbs(linker, index),
            prev,
            next,
            children,
            section: section
                .page
                .filter(|&p| p != index)
                .map(|p| self.link(linker, p, Some(index))),
            review: ReviewContext {
                last_reviewed: meta.last_reviewed.map(|d| d.human()),
                last_reviewed_iso: meta.last_reviewed.map(|d| d.to_string()),
                next_review: next_review.map(|d| d.human()),
                next_review_iso: next_review.map(|d| d.to_string()),
                reviewed_by: meta.reviewed_by.clone(),
            },
            sources: self.sources(index, linker),
            tags: &meta.tags,
            mental_health: meta.mental_health,
            word_count: page.doc.word_count,
            reading_minutes: page.doc.word_count.div_ceil(200).max(1),
            extra: &meta.extra,
        }
    }

    /// Page `index`'s sources, each pointing at its entry in the reference list.
    fn sources(&self, index: PageId, linker: &Linker) -> Vec<SourceContext<'a>> {
        let site = self.site;
        site.pages[index]
            .meta
            .sources
            .iter()
            .zip(&site.references.of_page[index])
            .map(|(source, &r)| self.source(source, &site.references.all[r], linker))
            .collect()
    }

    fn source(
        &self,
        source: &'a Source,
        reference: &Reference,
        linker: &Linker,
    ) -> SourceContext<'a> {
        let reference_page = self.site.references_page();
        SourceContext {
            title: &source.title,
            url: source.url.as_deref(),
            publisher: source.publisher.as_deref(),
            published: source.published.as_deref(),
            accessed: reference.accessed.map(|d| d.human()),
            accessed_iso: reference.accessed.map(|d| d.to_string()),
            number: reference.number,
            reference_href: reference_page.map(|p| {
                linker.href(&format!(
                    "{}#{}",
                    self.site.pages[p].path,
                    reference.anchor()
                ))
            }),
        }
    }

    /// The whole reference list, for the references page.
    pub fn references(&self, linker: &Linker) -> Vec<ReferenceContext<'a>> {
        let site = self.site;
        site.references
            .all
            .iter()
            .map(|r| ReferenceContext {
                source: self.source(&r.source, r, linker),
                id: r.anchor(),
                cited_by: r
                    .cited_by
                    .iter()
                    .map(|&p| self.link(linker, p, None))
                    .collect(),
            })
            .collect()
    }

    /// The body HTML of page `index`: taken over if bodies were handed in, else copied.
    fn body(&self, index: PageId) -> String {
        match self.bodies.as_ref().and_then(|b| b.get(index)) {
            Some(body) => body
                .lock()
                .map(|mut body| std::mem::take(&mut *body))
                .unwrap_or_default(),
            None => match self.rendered.get(index) {
                Some(rendered) => rendered.html.clone(),
                // Not rendered ahead: a build that needs no answer HTML renders each body
                // here, in its page's own task.
                None => {
                    crate::render::render_page_markdown(self.site, &self.style, index, false).html
                }
            },
        }
    }

    /// For a section's page: its pages and subsections, in order (empty for other pages).
    pub fn children(&self, index: PageId, linker: &Linker) -> Vec<LinkContext<'a>> {
        let site = self.site;
        if !site.pages[index].is_section {
            return Vec::new();
        }
        let own = site.section_of_index_page(index).unwrap_or(SectionId::ROOT);
        let s = &site.sections[own];
        s.pages
            .iter()
            .copied()
            .chain(
                s.subsections
                    .iter()
                    .filter_map(|&sub| site.sections[sub].page),
            )
            .map(|p| self.link(linker, p, Some(index)))
            .collect()
    }

    /// Home, the enclosing sections, then the page itself.
    pub fn breadcrumbs(&self, linker: &Linker, index: PageId) -> Vec<LinkContext<'a>> {
        let site = self.site;
        let mut chain = vec![index];
        let mut s = Some(site.section_of[index]);
        while let Some(section) = s {
            if let Some(p) = site.sections[section].page {
                if p != index {
                    chain.push(p);
                }
            }
            s = site.sections[section].parent;
        }
        chain.reverse();
        chain
            .into_iter()
            .map(|p| self.link(linker, p, Some(index)))
            .collect()
    }

    /// Every question, grouped by the page it is on, in site order.
    pub fn faq_groups(&self, linker: &Linker) -> Vec<FaqGroup<'a>> {
        let site = self.site;
        let mut groups: Vec<(PageId, FaqGroup<'a>)> = Vec::new();
        for (i, q) in site.questions.all.enumerate() {
            if groups.last().map(|(p, _)| *p) != Some(q.page) {
                let page = &site.pages[q.page];
                let group = FaqGroup {
                    title: &page.meta.title,
                    href: linker.href(&page.path),
                    questions: vec![],
                };
                groups.push((q.page, group));
            }
            if let Some((_, group)) = groups.last_mut() {
                group.questions.push(self.question(linker, i));
            }
        }
        // Sections first, then by weight; pages of equal rank keep site order.
        groups.sort_by_key(|(p, _)| (!site.pages[*p].is_section, site.pages[*p].meta.weight));
        groups.into_iter().map(|(_, group)| group).collect()
    }
}
