//! What the desk knows of the pages of a report: each by its file, its findings counted, the
//! languages, and the order of review (overdue first).

use std::collections::{BTreeMap, HashMap};

use crate::check::review::ReviewStatus;
use crate::check::{CheckReport, PageReport};
use crate::diagnostics::Diagnostic;
use crate::paths::slash_path;

/// The pages by file, and each page's findings counted.
pub(super) struct PageIndex<'r> {
    by_file: HashMap<&'r str, &'r PageReport>,
    pub(super) findings: HashMap<&'r str, usize>,
    /// Pages per language, in order.
    pub(super) languages: BTreeMap<&'r str, usize>,
}

impl<'r> PageIndex<'r> {
    pub(super) fn of(report: &'r CheckReport) -> PageIndex<'r> {
        let by_file: HashMap<&str, &PageReport> =
            report.pages.iter().map(|p| (p.file.as_str(), p)).collect();
        let mut findings = HashMap::new();
        for d in &report.diagnostics {
            let file = slash_path(&d.file);
            if let Some((&key, _)) = by_file.get_key_value(file.as_str()) {
                *findings.entry(key).or_insert(0) += 1;
            }
        }
        let mut languages = BTreeMap::new();
        for p in &report.pages {
            *languages.entry(p.language.as_str()).or_insert(0) += 1;
        }
        PageIndex {
            by_file,
            findings,
            languages,
        }
    }

    pub(super) fn page_of(&self, d: &Diagnostic) -> Option<&'r PageReport> {
        self.by_file.get(slash_path(&d.file).as_str()).copied()
    }
}

/// Overdue first, then due soon, then pages never reviewed or with no reviewer, then the
/// rest; by due date within each.
pub(super) fn review_rank(p: &PageReport) -> (u8, i64, &str) {
    let rank = match p.review.status {
        ReviewStatus::Overdue => 0,
        ReviewStatus::DueSoon => 1,
        ReviewStatus::NeverReviewed => 2,
        ReviewStatus::NoReviewer => 3,
        ReviewStatus::Current => 4,
    };
    (rank, p.review.days_until_due.unwrap_or(i64::MAX), &p.file)
}
