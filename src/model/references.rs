//! The site's reference list: every `[[sources]]` entry of every page, once each, numbered.
//!
//! A source cited by several pages (the same `url`, or the same title when it has no URL) is
//! one reference. References are numbered in alphabetical order of publisher and title, so
//! the list on the references page (the page with `template = "references.html"`) reads like a
//! bibliography, and each page's own source list links to its entries there (`#ref-3`).

use crate::content::Source;
use crate::date::Date;
use crate::model::ids::{PageId, Table};

/// One entry of the reference list.
#[derive(Debug, Clone)]
pub struct Reference {
    /// 1-based, as shown.
    pub number: usize,
    /// The first citing page's entry (in site order).
    pub source: Source,
    /// The latest `accessed` date any citing page gives.
    pub accessed: Option<Date>,
    /// The pages that cite it, in site order.
    pub cited_by: Vec<PageId>,
}

impl Reference {
    /// The id of its entry on the references page.
    pub(crate) fn anchor(&self) -> String {
        format!("ref-{}", self.number)
    }
}

/// Every reference of the site, and which of them each page cites.
#[derive(Debug, Clone, Default)]
pub struct References {
    pub all: Vec<Reference>,
    /// Per page, per entry of its `sources`: the index in `all` of its reference.
    pub of_page: Table<PageId, Vec<usize>>,
}

/// What makes two sources the same reference.
fn key(source: &Source) -> String {
    match &source.url {
        Some(url) => url.trim().trim_end_matches('/').to_ascii_lowercase(),
        None => source.title.trim().to_lowercase(),
    }
}

/// The sort order of the list: publisher (or title), then title.
fn order(source: &Source) -> (String, String) {
    let title = source.title.trim().to_lowercase();
    let publisher = source
        .publisher
        .as_deref()
        .map(|p| p.trim().to_lowercase())
        .unwrap_or_else(|| title.clone());
    (publisher, title)
}

/// Collects the references of `pages`.
pub(crate) fn collect(pages: &crate::model::Pages) -> References {
    let mut by_key: std::collections::HashMap<String, usize> = Default::default();
    let mut all: Vec<Reference> = Vec::new();
    let mut of_page: Table<PageId, Vec<usize>> = Table::default();
    for (p, page) in pages.enumerate() {
        let mut cited = Vec::with_capacity(page.meta.sources.len());
        for source in &page.meta.sources {
            let index = *by_key.entry(key(source)).or_insert_with(|| {
                all.push(Reference {
                    number: 0,
                    source: source.clone(),
                    accessed: None,
                    cited_by: Vec::new(),
                });
                all.len() - 1
            });
            let reference = &mut all[index];
            reference.accessed = reference.accessed.max(source.accessed);
            if reference.cited_by.last() != Some(&p) {
                reference.cited_by.push(p);
            }
            cited.push(index);
        }
        of_page.push(cited);
    }
    // Number in reading order, then point each page's entries at their new places.
    let mut sorted: Vec<usize> = (0..all.len()).collect();
    sorted.sort_by_cached_key(|&i| order(&all[i].source));
    let mut new_place = vec![0; all.len()];
    for (place, &old) in sorted.iter().enumerate() {
        new_place[old] = place;
    }
    let mut slots: Vec<Option<Reference>> = all.into_iter().map(Some).collect();
    let all: Vec<Reference> = sorted
        .iter()
        .enumerate()
        .filter_map(|(place, &old)| {
            let mut r = slots[old].take()?;
            r.number = place + 1;
            Some(r)
        })
        .collect();
    for cited in of_page.iter_mut() {
        for index in cited.iter_mut() {
            *index = new_place[*index];
        }
    }
    References { all, of_page }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::content::Page;
    use std::sync::Arc;

    fn page(sources: &[(&str, Option<&str>, &str)]) -> Arc<Page> {
        let mut text = String::from("+++\ntitle = \"T\"\ndescription = \"D\"\n");
        for (title, url, publisher) in sources {
            text.push_str(&format!(
                "[[sources]]\ntitle = \"{title}\"\npublisher = \"{publisher}\"\n"
            ));
            if let Some(url) = url {
                text.push_str(&format!("url = \"{url}\"\n"));
            }
        }
        text.push_str("+++\nBody\n");
        Arc::new(Page::from_text(std::path::Path::new("content/a.md"), "a.md", text, None).unwrap())
    }

    #[test]
    fn a_source_cited_twice_is_one_reference_and_the_list_is_alphabetical() {
        let pages: crate::model::Pages = Table::from(vec![
            page(&[
                ("Spravato label", Some("https://fda.gov/spravato/"), "FDA"),
                (
                    "Depression",
                    Some("https://nimh.nih.gov/depression"),
                    "NIMH",
                ),
            ]),
            page(&[
                ("Ketamine", None, "Cleveland Clinic"),
                (
                    "Spravato label (again)",
                    Some("https://FDA.gov/spravato"),
                    "FDA",
                ),
            ]),
        ]);
        let refs = collect(&pages);
        let titles: Vec<&str> = refs.all.iter().map(|r| r.source.title.as_str()).collect();
        assert_eq!(titles, ["Ketamine", "Spravato label", "Depression"]);
        assert_eq!(
            refs.all.iter().map(|r| r.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(refs.of_page.as_slice(), [vec![1, 2], vec![0, 1]]);
        assert_eq!(refs.all[1].cited_by, [PageId::new(0), PageId::new(1)]);
        assert_eq!(refs.all[1].anchor(), "ref-2");
    }
}
