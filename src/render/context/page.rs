//! The context of one page (`page` in templates): its body, contents, questions, related
//! pages and questions, neighbours, review dates and sources.

use super::*;

impl<'a> ContextBuilder<'a> {
    /// The context of page `index`.
    pub(crate) fn page(&self, index: PageId, linker: &Linker) -> PageContext<'a> {
        let site = self.site;
        let page: &Page = &site.pages[index];
        let meta = &page.meta;
        change::read_page(site, index);
        change::read_section_of(site, index);
        change::read_questions(site, index);
        change::read_links(site, index);
        change::read_roles(site);
        let section_index = site.section_of[index];
        change::read_section(site, section_index);
        let section = &site.sections[section_index];
        let questions: Vec<QuestionContext<'a>> = site.questions.of_page[index]
            .iter()
            .map(|&q| self.question(linker, q))
            .collect();
        let shown = &self.shown;
        let question_ids: Vec<&str> = questions.iter().map(|q| q.id).collect();
        let toc = page
            .doc
            .headings
            .iter()
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                text: &h.text,
                href: ["#", h.id.as_str()].concat(),
                is_question: shown
                    .is_question
                    .then(|| question_ids.contains(&h.id.as_str())),
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
        // Neighbours in reading order: a section's own page sits among its parent's pages.
        let pos = section.entries.iter().position(|&p| p == index);
        let at = |offset: isize| {
            pos.and_then(|i| i.checked_add_signed(offset))
                .and_then(|i| section.entries.get(i))
                .map(|&p| self.shared_link(linker, p, Some(index)))
        };
        let (prev, next) = (at(-1), at(1));
        let children = self.children(index, linker);
        let (last_reviewed, last_reviewed_iso) = meta.last_reviewed.map(|d| self.date(d)).unzip();
        let next_review_date = meta.review_due(site.config.review_interval_months);
        let (next_review, next_review_iso) = next_review_date.map(|d| self.date(d)).unzip();
        let permalink = site.config.absolute(&page.path);
        PageContext {
            title: &meta.title,
            description: &meta.description,
            content: self.body(index),
            path: shown.path.then_some(page.path.as_str()),
            permalink_shown: shown.permalink.then(|| permalink.clone()),
            permalink,
            is_home: site.home() == Some(index),
            is_section: shown.is_section.then_some(page.is_section),
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
                .map(|p| self.shared_link(linker, p, Some(index))),
            review: self.shared_review(
                ReviewContext {
                    last_reviewed,
                    last_reviewed_iso,
                    next_review,
                    next_review_iso,
                    reviewed_by: meta.reviewed_by.clone(),
                },
                (
                    meta.last_reviewed,
                    next_review_date,
                    meta.reviewed_by.clone(),
                ),
            ),
            sources: self.sources(index, linker),
            tags: shown.tags.then_some(meta.tags.as_slice()),
            mental_health: meta.mental_health,
            word_count: page.doc.word_count,
            reading_minutes: reading_minutes(page),
            extra: &meta.extra,
        }
    }

    /// Page `index`'s sources, each pointing at its entry in the reference list.
    fn sources(&self, index: PageId, linker: &Linker) -> Vec<SourceContext<'a>> {
        let site = self.site;
        change::read_sources(site, index);
        site.pages[index]
            .meta
            .sources
            .iter()
            .zip(&site.references.of_page[index])
            .map(|(source, &r)| self.source(source, &site.references.all[r], linker))
            .collect()
    }

    pub(super) fn source(
        &self,
        source: &'a Source,
        reference: &Reference,
        linker: &Linker,
    ) -> SourceContext<'a> {
        let reference_page = self.site.references_page();
        let (accessed, accessed_iso) = reference.accessed.map(|d| self.date(d)).unzip();
        SourceContext {
            title: &source.title,
            url: source.url.as_deref(),
            publisher: source.publisher.as_deref(),
            published: source.published.as_deref(),
            accessed,
            accessed_iso,
            number: reference.number,
            reference_href: reference_page.map(|p| {
                linker.href(&[self.site.pages[p].path.as_str(), "#", &reference.anchor()].concat())
            }),
        }
    }

    /// The body HTML of page `index`: copied from the markdown rendered ahead (only when a
    /// template shows answers' HTML), else rendered here, in the page's own task.
    fn body(&self, index: PageId) -> String {
        if self.fingerprint_bodies {
            let hash = crate::render::body_fingerprint(self.site, &self.style, index);
            return format!("{hash:016x}");
        }
        match self.rendered.get(index) {
            Some(rendered) => rendered.html.clone(),
            None => crate::render::render_page_markdown(self.site, &self.style, index, false).html,
        }
    }
}
