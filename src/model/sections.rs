//! Sections: each folder with an `_index.md` (and the root, always), its pages ordered by
//! `weight` then title, and its subsections.

use std::collections::HashMap;

use crate::content::Page;
use crate::model::ids::{PageId, SectionId, Table};

/// A folder with an `_index.md` (the root always counts as one).
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` page, if the folder has one.
    pub page: Option<PageId>,
    /// Folder under content/: "" for the root, "guides" for content/guides.
    pub dir: String,
    /// Pages of this section (not sections), ordered by weight then title.
    pub pages: Vec<PageId>,
    /// Sections directly below this one, in the same order.
    pub subsections: Vec<SectionId>,
    /// What a reader meets in the section, in reading order (weight, then title): its pages
    /// and its subsections' own pages, interleaved. The section's page lists them, and
    /// "previous" and "next" follow them.
    pub entries: Vec<PageId>,
    pub parent: Option<SectionId>,
}

/// Groups pages into sections by folder and orders them.
pub(crate) fn build_sections(
    pages: &crate::model::Pages,
) -> (Table<SectionId, Section>, Table<PageId, SectionId>) {
    let root = SectionId::ROOT;
    let mut sections: Table<SectionId, Section> = Table::default();
    sections.push(Section {
        page: None,
        dir: String::new(),
        pages: vec![],
        subsections: vec![],
        entries: vec![],
        parent: None,
    });
    let mut by_dir: HashMap<String, SectionId> = HashMap::from([(String::new(), root)]);
    let mut section_pages: Vec<PageId> = pages
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, _)| i)
        .collect();
    section_pages.sort_by_key(|&i| pages[i].rel.matches('/').count());
    for &i in &section_pages {
        let dir = folder_of(&pages[i].rel);
        if dir.is_empty() {
            sections[root].page = Some(i);
            continue;
        }
        let id = sections.push(Section {
            page: Some(i),
            dir: dir.clone(),
            pages: vec![],
            subsections: vec![],
            entries: vec![],
            parent: None,
        });
        by_dir.insert(dir, id);
    }
    let nearest = |mut dir: String| -> SectionId {
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
    let mut section_of: Table<PageId, SectionId> = Table::filled(pages.len());
    for s in sections.ids().skip(1) {
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
    for (i, page) in pages.enumerate() {
        if !page.is_section {
            let s = nearest(folder_of(&page.rel));
            section_of[i] = s;
            sections[s].pages.push(i);
        }
    }
    let order =
        |a: &Page, b: &Page| (a.meta.weight, &a.meta.title).cmp(&(b.meta.weight, &b.meta.title));
    let section_pages_snapshot: Table<SectionId, Option<PageId>> =
        sections.iter().map(|s| s.page).collect();
    for s in sections.iter_mut() {
        s.pages.sort_by(|&a, &b| order(&pages[a], &pages[b]));
        s.subsections.sort_by(|&a, &b| {
            match (section_pages_snapshot[a], section_pages_snapshot[b]) {
                (Some(a), Some(b)) => order(&pages[a], &pages[b]),
                _ => std::cmp::Ordering::Equal,
            }
        });
        let mut entries = s.pages.clone();
        entries.extend(
            s.subsections
                .iter()
                .filter_map(|&sub| section_pages_snapshot[sub]),
        );
        entries.sort_by(|&a, &b| order(&pages[a], &pages[b]));
        s.entries = entries;
    }
    (sections, section_of)
}

fn folder_of(rel: &str) -> String {
    rel.rfind('/')
        .map(|i| rel[..i].to_string())
        .unwrap_or_default()
}
