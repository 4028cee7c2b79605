//! What templates receive. Every value a template needs is computed here, hrefs included, so
//! themes stay free of logic and every link is written by [`crate::urls::Linker`].
//!
//! Variables of every template (see README "Templates" for the full list):
//! `page` ([`PageContext`]), `site` (site.toml, with `clinic`), `nav` (header menu),
//! `site_tree` (every section and page, nested: title, href, path, is_section, children),
//! `root` (prefix to the site root, for assets: `{{ root }}style.css`), `jsonld` (ready-made
//! `<script>` body), `faq_groups` (every question grouped by page; filled on the FAQ hub
//! only), `canonical` (absolute URL).
//!
//! Whatever the builder reads of the site beyond site.toml and the theme, it records where it
//! reads it ([`change`]: `change::read_page(site, p)` for anything of page `p`, and the parts
//! of the model it reads), so the preview knows which pages' output an edit can change. A
//! new variable that shows something of another page reads it here, and is recorded with it.

mod lists;
mod menus;
mod page;
mod shared_values;

use std::borrow::Cow;

use serde::Serialize;

use crate::content::{Page, Source};
use crate::date::Date;
use crate::markdown::Rendered;
use crate::memo::Memo;
use crate::model::change;
use crate::model::references::Reference;
use crate::model::Site;
use crate::model::{PageId, QuestionId, SectionId, Table};
use crate::render::templates::Shown;
use crate::render::Languages;
use crate::text::first_sentence;
use crate::urls::Linker;
pub(crate) use shared_values::SharedValue;

/// The variables of a page's template whose value differs on every page (or nearly): a
/// partial naming one of them is rendered on each page, never remembered
/// ([`crate::render::include_memo`]).
pub(crate) const PER_PAGE: [&str; 6] = [
    "page",
    "canonical",
    "jsonld",
    "alternates",
    "languages",
    "share",
];

/// A link for templates: title and href, and whether it is the current page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkContext<'a> {
    pub title: &'a str,
    pub href: String,
    /// Site path (`/safety/`, `/safety/#risks`), for building absolute URLs (when a template
    /// names `path`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Cow<'a, str>>,
    /// The site path of the page linked to, for the JSON-LD.
    #[serde(skip)]
    pub page_path: &'a str,
    pub current: bool,
    pub description: &'a str,
    /// A short label for menus: the page's `[extra] nav_title`, else its title.
    pub nav_title: &'a str,
    /// The page's file under content/ (`about/_index.md`), the same in every language: what
    /// a template compares to find a page.
    pub rel: &'a str,
    /// Minutes the page takes to read (of a question: its page's).
    pub reading_minutes: usize,
}

impl<'a> LinkContext<'a> {
    /// A link to `p` from nowhere: what it shows of the page (its href and whether it is the
    /// current page depend on the page it is on).
    fn to(p: &'a Page) -> LinkContext<'a> {
        LinkContext {
            title: &p.meta.title,
            href: String::new(),
            path: Some(Cow::Borrowed(&p.path)),
            page_path: &p.path,
            current: false,
            description: &p.meta.description,
            rel: &p.rel,
            nav_title: p
                .meta
                .extra
                .get("nav_title")
                .and_then(|v| v.as_str())
                .unwrap_or(&p.meta.title),
            reading_minutes: reading_minutes(p),
        }
    }
}

/// The hash of what a link shows of page `p`, every field of [`LinkContext`] but those that
/// depend on the page it is on: the preview keeps a page that links to `p` while it is the
/// same ([`change::read_link`]).
pub(crate) fn link_hash(p: &Page) -> u64 {
    let mut f = crate::render::page_fingerprint::Fingerprint::new();
    f.json(&LinkContext::to(p));
    f.finish()
}

/// Minutes `page` takes to read, at 200 words a minute (at least one).
fn reading_minutes(page: &Page) -> usize {
    page.doc.word_count.div_ceil(200).max(1)
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_question: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuestionContext<'a> {
    pub id: &'a str,
    pub question: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_html: Option<&'a str>,
    /// The answer as text, for the JSON-LD.
    #[serde(skip)]
    pub answer_text: &'a str,
    /// `answer_text` for templates (when one names it).
    #[serde(rename = "answer_text", skip_serializing_if = "Option::is_none")]
    pub answer_text_shown: Option<&'a str>,
    pub first_sentence: &'a str,
    /// Link to the answer from the page being rendered.
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_href: Option<String>,
    /// Related questions on other pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<LinkContext<'a>>>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct ReviewContext {
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
pub(crate) struct SourceContext<'a> {
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
pub(crate) struct ReferenceContext<'a> {
    #[serde(flatten)]
    pub source: SourceContext<'a>,
    /// Its id on the references page: `ref-3`.
    pub id: String,
    /// The pages that cite it.
    pub cited_by: Vec<LinkContext<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FaqGroup<'a> {
    pub title: &'a str,
    pub href: String,
    pub questions: Vec<QuestionContext<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The body as HTML (already escaped; print with `| safe`).
    pub content: String,
    /// Site path: `/safety/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// The absolute URL, for `canonical` and the JSON-LD.
    #[serde(skip)]
    pub permalink: String,
    /// `permalink` for templates (when one names it).
    #[serde(rename = "permalink", skip_serializing_if = "Option::is_none")]
    pub permalink_shown: Option<String>,
    pub is_home: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_section: Option<bool>,
    pub toc: Vec<TocEntry<'a>>,
    pub questions: Vec<QuestionContext<'a>>,
    pub related_pages: Vec<LinkContext<'a>>,
    pub related_questions: Vec<LinkContext<'a>>,
    /// Pages that link here.
    pub backlinks: Vec<LinkContext<'a>>,
    /// From home down to (and including) this page.
    pub breadcrumbs: Vec<SharedValue<LinkContext<'a>>>,
    pub prev: Option<SharedValue<LinkContext<'a>>>,
    pub next: Option<SharedValue<LinkContext<'a>>>,
    /// For sections: their pages and subsections, in order.
    pub children: Vec<LinkContext<'a>>,
    /// The section the page belongs to.
    pub section: Option<SharedValue<LinkContext<'a>>>,
    pub review: SharedValue<ReviewContext>,
    pub sources: Vec<SourceContext<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<&'a [String]>,
    pub mental_health: bool,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a toml::Table,
}

/// Builds contexts for one site and one link style.
pub(crate) struct ContextBuilder<'a> {
    pub site: &'a Site,
    pub rendered: &'a Table<PageId, Rendered>,
    pub style: crate::urls::LinkStyle,
    /// `site` (the config) as a template value, converted once per render.
    pub site_value: tera::Value,
    /// Pages in the header menu, in order.
    nav_items: Vec<PageId>,
    /// Menus already built, by (root prefix, current item): pages at the same depth in the
    /// same section share one (tera values are reference-counted, so sharing is free).
    nav_cache: Memo<(String, Option<usize>), tera::Value>,
    /// The site tree, by root prefix (it depends on nothing else).
    tree_cache: Memo<String, tera::Value>,
    /// Dates as the site's language writes them and as ISO dates: a site has few distinct
    /// review dates, and most pages show two.
    date_cache: Memo<Date, (String, String)>,
    /// Template values that many pages show alike, made once.
    shared: shared_values::SharedValues,
    /// Every language of the site, and the index of this site's.
    pub languages: &'a Languages<'a>,
    pub lang: usize,
    /// `t` (the site's strings) as a template value, converted once per render.
    pub strings_value: tera::Value,
    /// Bodies are given as the fingerprint of what they render from (see
    /// [`crate::render::page_fingerprint`]), not rendered.
    pub fingerprint_bodies: bool,
    /// The fields some template names: the others are left out of every context
    /// ([`Shown`]).
    pub shown: Shown,
    /// What every page's JSON-LD takes from the settings, written once.
    pub jsonld: crate::render::jsonld::SiteGraph,
}

/// A node of the site tree: a section with its pages and subsections, or a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TreeNode {
    pub title: String,
    pub href: String,
    pub path: String,
    pub is_section: bool,
    pub children: Vec<TreeNode>,
}

impl<'a> ContextBuilder<'a> {
    pub(crate) fn new(
        site: &'a Site,
        rendered: &'a Table<PageId, Rendered>,
        style: crate::urls::LinkStyle,
        languages: &'a Languages<'a>,
        lang: usize,
    ) -> Self {
        let nav_items = site.sections[SectionId::ROOT].entries.clone();
        ContextBuilder {
            site,
            rendered,
            style,
            site_value: tera::Value::from_serializable(&site.config),
            nav_items,
            nav_cache: Memo::default(),
            tree_cache: Memo::default(),
            date_cache: Memo::default(),
            shared: Default::default(),
            languages,
            lang,
            strings_value: languages.strings_value(lang).clone(),
            fingerprint_bodies: false,
            shown: Shown::ALL,
            jsonld: crate::render::jsonld::SiteGraph::of(site),
        }
    }
}

impl<'a> ContextBuilder<'a> {
    /// `date` as the site's language writes it ("2 November 2026") and as an ISO date
    /// ("2026-11-02"), made once per date.
    fn date(&self, date: Date) -> (String, String) {
        self.date_cache
            .get_or_make(&date, || (self.site.strings.date(date), date.to_string()))
    }

    /// A link to `page`; `current` is the page being rendered, if it is one.
    fn link(&self, linker: &Linker, page: PageId, current: Option<PageId>) -> LinkContext<'a> {
        change::read_link(self.site, page, link_hash);
        let p = &self.site.pages[page];
        let mut link = LinkContext {
            href: linker.href(&p.path),
            current: Some(page) == current,
            ..LinkContext::to(p)
        };
        if !self.shown.path {
            link.path = None;
        }
        link
    }

    /// Records what a link to question `q` reads of its page.
    fn read_question_link(&self, q: QuestionId) {
        let page = self.site.questions.all[q].page;
        change::read_page(self.site, page);
        change::read_questions(self.site, page);
    }

    fn question_link(&self, linker: &Linker, q: QuestionId) -> LinkContext<'a> {
        self.read_question_link(q);
        let question = &self.site.questions.all[q];
        let page = &self.site.pages[question.page];
        let path = [page.path.as_str(), "#", &question.id].concat();
        LinkContext {
            title: &question.text,
            href: linker.href(&path),
            path: self.shown.path.then_some(Cow::Owned(path)),
            page_path: &page.path,
            current: false,
            description: &page.meta.title,
            nav_title: &question.text,
            rel: &page.rel,
            reading_minutes: reading_minutes(page),
        }
    }

    /// A question as templates see it, with hrefs relative to `linker`'s page.
    pub(crate) fn question(&self, linker: &Linker, q: QuestionId) -> QuestionContext<'a> {
        let site = self.site;
        let question = &site.questions.all[q];
        change::read_page(site, question.page);
        change::read_questions(site, question.page);
        let page = &site.pages[question.page];
        let answer_text = page
            .doc
            .answer_texts
            .get(question.block)
            .map_or("", String::as_str);
        let shown = &self.shown;
        let answer_html = shown.answer_html.then(|| {
            self.rendered
                .get(question.page)
                .and_then(|r| r.answers_html.get(question.block))
                .map_or("", String::as_str)
        });
        let related = if shown.related {
            Some(
                site.related_questions[q]
                    .iter()
                    .map(|&r| self.question_link(linker, r))
                    .collect(),
            )
        } else {
            // Not shown, but recorded as read as when they are: what the preview keeps
            // does not depend on the templates.
            for &r in &site.related_questions[q] {
                self.read_question_link(r);
            }
            None
        };
        QuestionContext {
            id: &question.id,
            question: &question.text,
            first_sentence: first_sentence(answer_text),
            answer_html,
            answer_text,
            answer_text_shown: shown.answer_text.then_some(answer_text),
            href: linker.href(&[page.path.as_str(), "#", &question.id].concat()),
            page_title: shown.page_title.then_some(page.meta.title.as_str()),
            page_href: shown.page_href.then(|| linker.href(&page.path)),
            related,
        }
    }
}
