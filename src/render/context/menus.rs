//! Ways around the site: the header menu, the site tree, a section's children and the
//! breadcrumbs, with hrefs relative to the page being rendered.

use super::*;

impl<'a> ContextBuilder<'a> {
    /// The header menu: the root section's pages and subsections, in order, the one holding
    /// page `current` marked. Hrefs lead through the page's root prefix (`../../safety/`).
    pub(crate) fn nav(&self, linker: &Linker, current: Option<PageId>) -> tera::Value {
        let current_item = current.and_then(|c| {
            self.nav_items
                .iter()
                .position(|&p| c == p || self.is_inside(c, p))
        });
        // Read whether or not the menu is built here: another page's may be taken.
        change::read_section(self.site, SectionId::ROOT);
        for &p in &self.nav_items {
            change::read_link(self.site, p, link_hash);
        }
        let key = (linker.root(), current_item);
        self.nav_cache.get_or_make(&key, || {
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
            tera::Value::from_serializable(&items)
        })
    }

    /// The whole site as a tree from the home section down (`site_tree` in templates), with
    /// hrefs through the page's root prefix; built once per page depth.
    pub(crate) fn tree(&self, linker: &Linker) -> tera::Value {
        change::read_everything();
        self.tree_cache.get_or_make(&linker.root(), || {
            tera::Value::from_serializable(&self.section_node(linker, SectionId::ROOT))
        })
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
        change::read_section_of(self.site, inner);
        let mut s = self.site.section_of[inner];
        loop {
            change::read_section(self.site, s);
            if self.site.sections[s].page == Some(section_page) {
                return true;
            }
            match self.site.sections[s].parent {
                Some(parent) => s = parent,
                None => return false,
            }
        }
    }

    /// For a section's page: its pages and subsections, in order (empty for other pages).
    pub(crate) fn children(&self, index: PageId, linker: &Linker) -> Vec<LinkContext<'a>> {
        let site = self.site;
        if !site.pages[index].is_section {
            return Vec::new();
        }
        let own = site.section_of_index_page(index).unwrap_or(SectionId::ROOT);
        change::read_section(site, own);
        site.sections[own]
            .entries
            .iter()
            .map(|&p| self.link(linker, p, Some(index)))
            .collect()
    }

    /// Home, the enclosing sections, then the page itself (the sections' links shared with
    /// the other pages in them).
    pub(crate) fn breadcrumbs(
        &self,
        linker: &Linker,
        index: PageId,
    ) -> Vec<SharedValue<LinkContext<'a>>> {
        let site = self.site;
        let mut chain = vec![index];
        change::read_section_of(site, index);
        let mut s = Some(site.section_of[index]);
        while let Some(section) = s {
            change::read_section(site, section);
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
            .map(|p| {
                if p == index {
                    SharedValue::plain(self.link(linker, p, Some(index)))
                } else {
                    self.shared_link(linker, p, Some(index))
                }
            })
            .collect()
    }
}
