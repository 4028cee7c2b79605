//! The site-wide lists one page shows: every question grouped by page (the FAQ hub) and every
//! source (the references page).

use super::*;

impl<'a> ContextBuilder<'a> {
    /// Every question, grouped by the page it is on, in site order.
    pub(crate) fn faq_groups(&self, linker: &Linker) -> Vec<FaqGroup<'a>> {
        change::read_everything();
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

    /// The whole reference list, for the references page.
    pub(crate) fn references(&self, linker: &Linker) -> Vec<ReferenceContext<'a>> {
        change::read_everything();
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
}
