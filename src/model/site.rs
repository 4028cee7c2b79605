//! The `Site`: the whole, validated model of a site, assembled once from what
//! [`crate::pipeline::load`] read and only read afterwards (by rendering, the link check,
//! `sitegen check` and the preview).
//!
//! Assembling collects the questions, resolves every link, arranges pages into sections and
//! gathers references and aliases ([`Derived`]), reporting every problem found.
//!
//! Pages and the parts worked out from them are shared (`Arc`), so a copy of the site costs
//! next to nothing: the preview keeps the site of each edit while the site before it may still
//! be served, and puts edited pages in place with [`Site::with_pages_replaced`] (in
//! [`super::update`]), which works out again only the parts the edit can change. After pages
//! came, went or moved, [`Site::assemble_after`] assembles the site again from the site
//! before: pages whose file did not change keep their questions' ids and texts and the links
//! they resolved to ([`super::relink`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Asset, Content, FailedPage, Page};
use crate::diagnostics::Diagnostic;
use crate::model::aliases::{self, Alias};
use crate::model::faq::{self, Questions};
use crate::model::ids::{PageId, QuestionId, SectionId, Table};
use crate::model::links::{self, LinkGraph};
use crate::model::references::{self, References};
use crate::model::relink;
use crate::model::sections::{build_sections, Section};

/// The root section: content/ itself.
pub(crate) const ROOT_SECTION: SectionId = SectionId::ROOT;

/// The template that makes a page the FAQ hub, which lists every question of the site.
pub(crate) const FAQ_TEMPLATE: &str = "faq.html";
/// The template that makes a page the site's reference list.
pub(crate) const REFERENCES_TEMPLATE: &str = "references.html";

/// What loading may be asked to do differently.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include `draft = true` pages.
    pub drafts: bool,
    /// Replace site.toml's base_url.
    pub base_url: Option<String>,
    /// Build a sample site (`--sample`): see [`crate::config::Config::sample`].
    pub sample: bool,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's folder (the one with site.toml).
    pub root: PathBuf,
    /// site.toml, in this site's language.
    pub config: Config,
    /// Every page, in the order of their files.
    pub pages: Pages,
    /// The files beside pages (pictures, PDFs), copied as they are.
    pub assets: Vec<Asset>,
    /// Every section (folder with an `_index.md`), the root first.
    pub sections: Arc<Table<SectionId, Section>>,
    /// Per page: the section it belongs to (for a section's own page, its parent section).
    pub section_of: Arc<Table<PageId, SectionId>>,
    /// Every question of the site, with the page it is on.
    pub questions: Arc<Questions>,
    /// Per question: related questions on other pages, most related first (see
    /// [`faq::compute_related`]).
    pub related_questions: Arc<Table<QuestionId, Vec<QuestionId>>>,
    /// Every link between pages and questions, both ways.
    pub links: Arc<LinkGraph>,
    /// Every `[[sources]]` entry of the site, once each, numbered.
    pub references: Arc<References>,
    /// Old URLs that redirect to a page.
    pub aliases: Arc<Vec<Alias>>,
    /// What loading found worth a warning (a link that names a question by an old id), in
    /// site order.
    pub warnings: Arc<Vec<Diagnostic>>,
    /// The FAQ hub and the references page, found once (every page asks whether it is one).
    special: SpecialPages,
    /// The theme's words in the site's language (set once the theme's strings are loaded).
    pub strings: crate::theme_strings::Strings,
}

/// The pages of a site, in site order.
pub type Pages = Table<PageId, Arc<Page>>;

/// Pages with a site-wide role, known by their template.
#[derive(Debug, Clone, Copy, Default)]
struct SpecialPages {
    faq_hub: Option<PageId>,
    references: Option<PageId>,
}

/// What is worked out from the pages: questions, links, sections, references, aliases.
pub(super) struct Derived {
    questions: Questions,
    related_questions: Arc<Table<QuestionId, Vec<QuestionId>>>,
    links: LinkGraph,
    sections: Table<SectionId, Section>,
    section_of: Table<PageId, SectionId>,
    references: References,
    aliases: Vec<Alias>,
    warnings: Vec<Diagnostic>,
}

impl Derived {
    /// Works everything out from `pages`; links to the files in `failed` (which did not
    /// load) are not reported. With `before`, the site before an edit of pages in the
    /// default language, the links of pages the edit cannot have moved are kept
    /// ([`relink`]).
    pub(super) fn of(
        pages: &Pages,
        failed: &[FailedPage],
        fallback: Option<links::Fallback<'_>>,
        before: Option<&Site>,
    ) -> (Derived, Vec<Diagnostic>) {
        use crate::timings::stage;
        // With the site before an edit (in the default language), what did not change is kept.
        let before = before.filter(|_| fallback.is_none() && failed.is_empty());
        let kept = before.map(|before| relink::kept_pages(&before.pages, pages));
        let timing = stage("(questions)");
        let earlier = before.zip(kept.as_ref());
        let earlier = earlier.map(|(before, kept)| (&*before.questions, kept));
        let (questions, mut problems) = faq::collect_reusing(pages, earlier);
        drop(timing);
        let timing = stage("(links)");
        let (links, link_problems) = match before.zip(kept.clone()) {
            Some((before, kept)) => {
                let before = relink::Before {
                    pages: &before.pages,
                    questions: &before.questions,
                    links: &before.links,
                    warnings: &before.warnings,
                };
                relink::resolve_after(&before, pages, &questions, kept)
            }
            None => links::resolve(pages, &questions, failed, fallback),
        };
        problems.extend(link_problems);
        drop(timing);
        let timing = stage("(related)");
        let related_questions = match before.zip(kept.as_ref()) {
            Some((before, kept)) if same_related(before, kept, &questions, &links) => {
                before.related_questions.clone()
            }
            _ => Arc::new(faq::compute_related(
                &questions,
                pages,
                &links,
                faq::RELATED_LIMIT,
            )),
        };
        drop(timing);
        let timing = stage("(sections, aliases)");
        let (sections, section_of) = build_sections(pages);
        let (aliases, alias_problems) = aliases::collect(pages);
        problems.extend(alias_problems);
        drop(timing);
        let _timing = stage("(references)");
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            problems.into_iter().partition(Diagnostic::is_error);
        let problems = errors;
        let derived = Derived {
            questions,
            related_questions,
            links,
            sections,
            section_of,
            references: references::collect(pages),
            aliases,
            warnings,
        };
        (derived, problems)
    }
}

/// Whether the related questions of `before` are those of `questions` and `links`: the same
/// questions in the same order (kept, with their maps, by [`faq::collect_reusing`]) on pages
/// whose files did not change (so their tags did not), the same links between answers, and
/// each of those pages' `related` naming the same questions. What else changed cannot move
/// them ([`faq::compute_related`] reads nothing else).
fn same_related(
    before: &Site,
    kept: &Table<PageId, Option<PageId>>,
    questions: &Questions,
    links: &LinkGraph,
) -> bool {
    fn named(graph: &LinkGraph, page: PageId) -> impl Iterator<Item = QuestionId> + '_ {
        graph.related[page].iter().filter_map(|t| match t {
            links::Target::Question(q) => Some(*q),
            links::Target::Page(_) => None,
        })
    }
    Arc::ptr_eq(&before.questions.by_id, &questions.by_id)
        && before.links.answer_links == links.answer_links
        && questions
            .of_page
            .enumerate()
            .filter(|(_, asked)| !asked.is_empty())
            .all(|(page, _)| {
                kept[page].is_some_and(|old| named(&before.links, old).eq(named(links, page)))
            })
}

impl Site {
    /// The site made of `config` and `content`, with every problem found in either. The site
    /// is whole only when there are no problems; it is returned anyway, so that later checks
    /// (templates) can report theirs in the same run. A translation (`config.language` is not
    /// the default) gives the default language's site as `fallback`: its links to pages and
    /// questions it lacks lead there.
    pub(crate) fn assemble(
        root: &Path,
        config: Config,
        content: Content,
        fallback: Option<&Site>,
    ) -> (Site, Vec<Diagnostic>) {
        Self::assemble_after(None, root, config, content, fallback)
    }

    /// [`Site::assemble`] after an edit of which pages `before` (the same site before it)
    /// had, keeping what the edit cannot have changed.
    pub(crate) fn assemble_after(
        before: Option<&Site>,
        root: &Path,
        config: Config,
        content: Content,
        fallback: Option<&Site>,
    ) -> (Site, Vec<Diagnostic>) {
        let mut problems = content.problems;
        let pages = Table::from(content.pages);
        let fallback = fallback.map(Site::as_fallback);
        let (derived, found) = Derived::of(&pages, &content.failed, fallback, before);
        problems.extend(found);
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            pages,
            assets: content.assets,
            sections: Arc::default(),
            section_of: Arc::default(),
            questions: Arc::default(),
            related_questions: Arc::default(),
            links: Arc::default(),
            references: Arc::default(),
            aliases: Arc::default(),
            warnings: Arc::default(),
            special: SpecialPages::default(),
            strings: crate::theme_strings::english(),
        };
        site.set(derived);
        (site, problems)
    }

    pub(super) fn set(&mut self, derived: Derived) {
        self.questions = Arc::new(derived.questions);
        self.related_questions = derived.related_questions;
        self.links = Arc::new(derived.links);
        self.sections = Arc::new(derived.sections);
        self.section_of = Arc::new(derived.section_of);
        self.references = Arc::new(derived.references);
        self.aliases = Arc::new(derived.aliases);
        self.warnings = Arc::new(derived.warnings);
        self.find_special_pages();
    }

    pub(super) fn find_special_pages(&mut self) {
        self.special = SpecialPages {
            faq_hub: self.page_with_template(FAQ_TEMPLATE),
            references: self.page_with_template(REFERENCES_TEMPLATE),
        };
    }

    /// What a translation's links fall back to: this site's pages and questions.
    pub(crate) fn as_fallback(&self) -> links::Fallback<'_> {
        links::Fallback {
            pages: &self.pages,
            questions: &self.questions,
        }
    }

    /// The home page (content/_index.md), if there is one.
    pub(crate) fn home(&self) -> Option<PageId> {
        self.sections[ROOT_SECTION].page
    }

    /// The page a `@/rel` path names.
    pub fn page_by_rel(&self, rel: &str) -> Option<PageId> {
        self.pages.position(|p| p.rel == rel)
    }

    /// The page whose file is `source` (`content/safety.md`).
    pub(crate) fn page_by_source(&self, source: &Path) -> Option<PageId> {
        self.pages.position(|p| p.source == source)
    }

    /// The section whose own page (`_index.md`) is `page`.
    pub(crate) fn section_of_index_page(&self, page: PageId) -> Option<SectionId> {
        self.sections.position(|s| s.page == Some(page))
    }

    /// Pages nothing links to (other than home), and questions no page links to.
    pub(crate) fn orphans(&self) -> (Vec<PageId>, Vec<QuestionId>) {
        let home = self.home();
        let pages = self
            .pages
            .ids()
            .filter(|&p| Some(p) != home && self.links.backlinks[p].is_empty())
            .collect();
        let questions = self
            .questions
            .all
            .ids()
            .filter(|&q| self.links.question_backlinks[q].is_empty())
            .collect();
        (pages, questions)
    }

    /// The FAQ hub (`template = "faq.html"`), if the site has one.
    pub(crate) fn faq_hub(&self) -> Option<PageId> {
        self.special.faq_hub
    }

    /// The page that lists every reference (`template = "references.html"`), if any.
    pub(crate) fn references_page(&self) -> Option<PageId> {
        self.special.references
    }

    fn page_with_template(&self, template: &str) -> Option<PageId> {
        self.pages
            .position(|p| p.meta.template.as_deref() == Some(template))
    }

    /// The template page `index` is rendered with: its `template`, else `index.html` for
    /// home, `section.html` for a section and `page.html` for any other page.
    pub(crate) fn template_of(&self, index: PageId) -> &str {
        let page = &self.pages[index];
        match &page.meta.template {
            Some(t) => t,
            None if self.home() == Some(index) => "index.html",
            None if page.is_section => "section.html",
            None => "page.html",
        }
    }
}
