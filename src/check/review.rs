//! Review governance: every page says when a clinician last reviewed it and who did, and
//! falls due again on `next_review` (or `last_reviewed` plus site.toml's
//! `review_interval_months`).
//!
//! Errors: no `last_reviewed`, no `reviewed_by`, a review date in the future, a `next_review`
//! before `last_reviewed`, and a review overdue. Warning: a review due within
//! [`DUE_SOON_DAYS`] days.

use crate::content::Page;
use crate::date::Date;
use crate::diagnostics::Diagnostic;

/// A review falling due within this many days is a warning.
pub(crate) const DUE_SOON_DAYS: i64 = 60;

/// Where a page stands with its review, for the summary table and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Reviewed, with a reviewer, and not due within [`DUE_SOON_DAYS`].
    Current,
    /// Falls due within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Past its review date.
    Overdue,
    /// Reviewed, but nobody is named as the reviewer.
    NoReviewer,
    /// No `last_reviewed` date.
    NeverReviewed,
}

impl ReviewStatus {
    /// The words shown in the summary table.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::DueSoon => "due soon",
            Self::Overdue => "OVERDUE",
            Self::NoReviewer => "NO REVIEWER",
            Self::NeverReviewed => "NOT REVIEWED",
        }
    }
}

/// A page's review facts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Review {
    /// The date of the last clinical review (`YYYY-MM-DD`), if the page gives one.
    pub last_reviewed: Option<String>,
    /// The date the next review falls due: `next_review`, or the default interval.
    pub next_review: Option<String>,
    /// Whether `next_review` came from site.toml's interval rather than the page.
    pub next_review_is_default: bool,
    /// Who reviewed it, as the page says (clinic values put in).
    pub reviewed_by: Option<String>,
    /// Days from today until the review falls due (negative when overdue).
    pub days_until_due: Option<i64>,
    /// Where the review stands.
    pub status: ReviewStatus,
}

/// Works out a page's review status on `today`.
pub(crate) fn review_of(page: &Page, interval_months: u32, today: Date) -> Review {
    let meta = &page.meta;
    let due = meta.review_due(interval_months);
    let days_until_due = due.map(|d| today.days_until(d));
    let status = match (meta.last_reviewed, days_until_due) {
        (None, _) => ReviewStatus::NeverReviewed,
        (_, Some(days)) if days < 0 => ReviewStatus::Overdue,
        _ if meta.reviewed_by.is_none() => ReviewStatus::NoReviewer,
        (_, Some(days)) if days <= DUE_SOON_DAYS => ReviewStatus::DueSoon,
        _ => ReviewStatus::Current,
    };
    Review {
        last_reviewed: meta.last_reviewed.map(|d| d.to_string()),
        next_review: due.map(|d| d.to_string()),
        next_review_is_default: meta.next_review.is_none() && due.is_some(),
        reviewed_by: meta.reviewed_by.clone(),
        days_until_due,
        status,
    }
}

/// The review findings for one page.
pub(crate) fn check(page: &Page, interval_months: u32, today: Date) -> Vec<Diagnostic> {
    let meta = &page.meta;
    let at = |d: Diagnostic, key: &str| meta.place_at_key(d, key, &page.doc);
    let mut out = Vec::new();
    if meta.reviewed_by.is_none() {
        out.push(at(
            Diagnostic::error(&page.source, "page does not say who reviewed it")
                .help("add `reviewed_by = \"Name, role\"` (the clinician who checked it) to the front matter"),
            "reviewed_by",
        ));
    }
    let Some(last) = meta.last_reviewed else {
        out.push(at(
            Diagnostic::error(&page.source, "page has no `last_reviewed` date")
                .help("have a clinician review it, then add `last_reviewed = YYYY-MM-DD` to the front matter"),
            "last_reviewed",
        ));
        return out;
    };
    if last > today {
        out.push(at(
            Diagnostic::error(
                &page.source,
                format!("`last_reviewed` ({last}) is in the future"),
            )
            .help("set it to the date the review actually took place"),
            "last_reviewed",
        ));
    }
    if let Some(next) = meta.next_review.filter(|&n| n <= last) {
        out.push(at(
            Diagnostic::error(
                &page.source,
                format!("`next_review` ({next}) is not after `last_reviewed` ({last})"),
            )
            .help(format!(
                "set the next review after the last one, or remove `next_review` to use {interval_months} months"
            )),
            "next_review",
        ));
        return out;
    }
    let due = meta.review_due(interval_months).unwrap_or(last);
    let (key, how) = match meta.next_review {
        Some(_) => ("next_review", String::new()),
        None => (
            "last_reviewed",
            format!(" (last_reviewed + {interval_months} months)"),
        ),
    };
    let days = today.days_until(due);
    if days < 0 {
        out.push(at(
            Diagnostic::error(
                &page.source,
                format!(
                    "review overdue: it was due on {due}{how}, {} day{} ago",
                    -days,
                    crate::diagnostics::plural((-days) as usize)
                ),
            )
            .help("have a clinician review the page, then set `last_reviewed` to that date and move `next_review` on"),
            key,
        ));
    } else if days <= DUE_SOON_DAYS {
        out.push(at(
            Diagnostic::warning(
                &page.source,
                format!(
                    "review due soon: on {due}{how}, in {days} day{}",
                    crate::diagnostics::plural(days as usize)
                ),
            )
            .help("book the clinical review now so the page does not go out of date"),
            key,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn page(front: &str) -> Page {
        let text = format!("+++\ntitle = \"T\"\ndescription = \"D\"\n{front}+++\nBody.\n");
        Page::from_text(Path::new("content/a.md"), "a.md", text, None).unwrap()
    }

    fn today() -> Date {
        Date::parse("2026-11-22").unwrap()
    }

    fn findings(front: &str) -> Vec<Diagnostic> {
        check(&page(front), 12, today())
    }

    #[test]
    fn a_current_page_has_no_findings() {
        let front = "last_reviewed = 2026-11-02\nreviewed_by = \"Dr A\"\n";
        assert!(findings(front).is_empty());
        let p = page(front);
        let r = review_of(&p, 12, today());
        assert_eq!(r.status, ReviewStatus::Current);
        assert_eq!(r.next_review.as_deref(), Some("2027-11-02"));
        assert!(r.next_review_is_default);
    }

    #[test]
    fn missing_reviewer_and_date_are_errors_at_the_front_matter() {
        let f = findings("");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|d| d.is_error() && d.line == Some(1)));
        assert!(f.iter().any(|d| d.message.contains("who reviewed")));
        assert!(f.iter().any(|d| d.message.contains("no `last_reviewed`")));
    }

    #[test]
    fn an_overdue_review_points_at_next_review() {
        let f = findings(
            "last_reviewed = 2025-01-01\nnext_review = 2026-01-01\nreviewed_by = \"Dr A\"\n",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].is_error());
        assert_eq!(f[0].line, Some(5));
        assert!(
            f[0].message.contains("due on 2026-01-01"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("325 days ago"), "{}", f[0].message);
    }

    #[test]
    fn the_default_interval_applies_without_next_review() {
        let f = findings("last_reviewed = 2025-10-01\nreviewed_by = \"Dr A\"\n");
        assert_eq!(f.len(), 1);
        assert!(f[0]
            .message
            .contains("due on 2026-10-01 (last_reviewed + 12 months)"));
        assert_eq!(f[0].line, Some(4));
        let p = page("last_reviewed = 2025-10-01\n");
        assert_eq!(review_of(&p, 24, today()).status, ReviewStatus::NoReviewer);
        assert_eq!(review_of(&p, 12, today()).status, ReviewStatus::Overdue);
    }

    #[test]
    fn due_within_sixty_days_is_a_warning_and_sixty_one_is_fine() {
        let f = findings(
            "last_reviewed = 2026-01-01\nnext_review = 2027-01-21\nreviewed_by = \"Dr A\"\n",
        );
        assert_eq!(f.len(), 1);
        assert!(!f[0].is_error());
        assert!(f[0].message.contains("in 60 days"));
        assert!(findings(
            "last_reviewed = 2026-01-01\nnext_review = 2027-01-22\nreviewed_by = \"Dr A\"\n"
        )
        .is_empty());
    }

    #[test]
    fn impossible_dates_are_errors() {
        let f = findings(
            "last_reviewed = 2027-01-01\nnext_review = 2026-12-01\nreviewed_by = \"Dr A\"\n",
        );
        assert!(f.iter().any(|d| d.message.contains("in the future")));
        assert!(f.iter().any(|d| d.message.contains("is not after")));
    }
}
