//! Sections: each folder with an `_index.md` (and the root, always), its pages ordered by
//! `weight` then title, and its subsections.

use std::collections::HashMap;

use crate::content::Page;

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

/// Groups pages into sections by folder and orders them.
pub fn build_sections(pages: &[Page]) -> (Vec<Section>, Vec<usize>) {
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
