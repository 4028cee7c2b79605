//! The `Site`: the whole, validated model of a site, assembled once from what
//! [`crate::pipeline::load`] read and only read afterwards (by rendering, the link check,
//! `sitegen check` and the preview).
//!
//! Assembling collects the questions, resolves every link, arranges pages into sections and
//! gathers references and aliases ([`Derived`]), reporting every problem found. The preview
//! puts edited pages in place with [`Site::replace_pages`], which works the same parts out
//! again by the same code.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{Asset, Content, FailedPage, Page};
use crate::diagnostics::Diagnostic;
use crate::model::aliases::{self, Alias};
use crate::model::faq::{self, Questions};
use crate::model::ids::{PageId, QuestionId, SectionId, Table};
use crate::model::links::{self, LinkGraph};
use crate::model::references::{self, References};
use crate::model::sections::{build_sections, Section};

/// The root section: content/ itself.
pub const ROOT_SECTION: SectionId = SectionId::ROOT;

/// The template that makes a page the FAQ hub, which lists every question of the site.
pub const FAQ_TEMPLATE: &str = "faq.html";
/// The template that makes a page the site's reference list.
pub const REFERENCES_TEMPLATE: &str = "references.html";

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
    pub pages: Table<PageId, Page>,
    pub assets: Vec<Asset>,
    pub sections: Table<SectionId, Section>,
    /// Per page: the section it belongs to (for a section's own page, its parent section).
    pub section_of: Table<PageId, SectionId>,
    pub questions: Questions,
    pub links: LinkGraph,
    /// Every `[[sources]]` entry of the site, once each, numbered.
    pub references: References,
    /// Old URLs that redirect to a page.
    pub aliases: Vec<Alias>,
    /// What loading found worth a warning (a link that names a question by an old id).
    pub warnings: Vec<Diagnostic>,
    /// The FAQ hub and the references page, found once (every page asks whether it is one).
    special: SpecialPages,
    /// The theme's words in the site's language (set once the theme's strings are loaded).
    pub strings: crate::render::strings::Strings,
}

/// Pages with a site-wide role, known by their template.
#[derive(Debug, Clone, Copy, Default)]
struct SpecialPages {
    faq_hub: Option<PageId>,
    references: Option<PageId>,
}

/// What is worked out from the pages: questions, links, sections, references, aliases.
struct Derived {
    questions: Questions,
    links: LinkGraph,
    sections: Table<SectionId, Section>,
    section_of: Table<PageId, SectionId>,
    references: References,
    aliases: Vec<Alias>,
    warnings: Vec<Diagnostic>,
}

impl Derived {
    /// Works everything out from `pages`; links to the files in `failed` (which did not
    /// load) are not reported.
    fn of(
        pages: &Table<PageId, Page>,
        failed: &[FailedPage],
        fallback: Option<links::Fallback<'_>>,
    ) -> (Derived, Vec<Diagnostic>) {
        let (mut questions, mut problems) = faq::collect(pages);
        let (links, link_problems) = links::resolve(pages, &questions, failed, fallback);
        problems.extend(link_problems);
        questions.related = faq::compute_related(&questions, pages, &links, faq::RELATED_LIMIT);
        let (sections, section_of) = build_sections(pages);
        let (aliases, alias_problems) = aliases::collect(pages);
        problems.extend(alias_problems);
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            problems.into_iter().partition(Diagnostic::is_error);
        let problems = errors;
        let derived = Derived {
            questions,
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

impl Site {
    /// The site made of `config` and `content`, with every problem found in either. The site
    /// is whole only when there are no problems; it is returned anyway, so that later checks
    /// (templates) can report theirs in the same run. A translation (`config.language` is not
    /// the default) gives the default language's site as `fallback`: its links to pages and
    /// questions it lacks lead there.
    pub fn assemble(
        root: &Path,
        config: Config,
        content: Content,
        fallback: Option<&Site>,
    ) -> (Site, Vec<Diagnostic>) {
        let mut problems = content.problems;
        let pages = Table::from(content.pages);
        let fallback = fallback.map(|site| links::Fallback {
            pages: &site.pages,
            questions: &site.questions,
        });
        let (derived, found) = Derived::of(&pages, &content.failed, fallback);
        problems.extend(found);
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            pages,
            assets: content.assets,
            sections: Table::default(),
            section_of: Table::default(),
            questions: Questions::default(),
            links: LinkGraph::default(),
            references: References::default(),
            aliases: Vec::new(),
            warnings: Vec::new(),
            special: SpecialPages::default(),
            strings: crate::render::strings::english(),
        };
        site.set(derived);
        (site, problems)
    }

    fn set(&mut self, derived: Derived) {
        self.questions = derived.questions;
        self.links = derived.links;
        self.sections = derived.sections;
        self.section_of = derived.section_of;
        self.references = derived.references;
        self.aliases = derived.aliases;
        self.warnings = derived.warnings;
        self.special = SpecialPages {
            faq_hub: self.page_with_template(FAQ_TEMPLATE),
            references: self.page_with_template(REFERENCES_TEMPLATE),
        };
    }

    /// Puts each `(index, page)` (page `index`'s file, read again) in place and works out the
    /// questions, links, sections, references and aliases again: the preview's answer to
    /// edits of pages that keep their URL. On problems the site is left as it was.
    pub fn replace_pages(&mut self, pages: Vec<(PageId, Page)>) -> Result<(), Vec<Diagnostic>> {
        let old: Vec<(PageId, Page)> = pages
            .into_iter()
            .map(|(id, page)| (id, self.pages.replace(id, page)))
            .collect();
        let (derived, problems) = Derived::of(&self.pages, &[], None);
        if problems.is_empty() {
            self.set(derived);
            return Ok(());
        }
        for (index, page) in old {
            self.pages[index] = page;
        }
        Err(problems)
    }

    /// The home page (content/_index.md), if there is one.
    pub fn home(&self) -> Option<PageId> {
        self.sections[ROOT_SECTION].page
    }

    /// The page a `@/rel` path names.
    pub fn page_by_rel(&self, rel: &str) -> Option<PageId> {
        self.pages.position(|p| p.rel == rel)
    }

    /// The page whose file is `source` (`content/safety.md`).
    pub fn page_by_source(&self, source: &Path) -> Option<PageId> {
        self.pages.position(|p| p.source == source)
    }

    /// The section whose own page (`_index.md`) is `page`.
    pub fn section_of_index_page(&self, page: PageId) -> Option<SectionId> {
        self.sections.position(|s| s.page == Some(page))
    }

    /// Pages nothing links to (other than home), and questions no page links to.
    pub fn orphans(&self) -> (Vec<PageId>, Vec<QuestionId>) {
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
    pub fn faq_hub(&self) -> Option<PageId> {
        self.special.faq_hub
    }

    /// The page that lists every reference (`template = "references.html"`), if any.
    pub fn references_page(&self) -> Option<PageId> {
        self.special.references
    }

    fn page_with_template(&self, template: &str) -> Option<PageId> {
        self.pages
            .position(|p| p.meta.template.as_deref() == Some(template))
    }

    /// The template page `index` is rendered with: its `template`, else `index.html` for
    /// home, `section.html` for a section and `page.html` for any other page.
    pub fn template_of(&self, index: PageId) -> &str {
        let page = &self.pages[index];
        match &page.meta.template {
            Some(t) => t,
            None if self.home() == Some(index) => "index.html",
            None if page.is_section => "section.html",
            None => "page.html",
        }
    }
}
