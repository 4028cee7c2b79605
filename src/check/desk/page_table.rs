//! The desk's table of pages: review dates and reviewer, reading level against its target,
//! translation state, findings counted.

use std::fmt::Write as _;

use super::page_index::{review_rank, PageIndex};
use super::{page_href, Mode};
use crate::check::reading::ReadingTarget;
use crate::check::review::ReviewStatus;
use crate::check::translations::TranslationState;
use crate::check::{CheckReport, PageReport};
use crate::html::escape_html;

pub(super) fn page_table(
    html: &mut String,
    report: &CheckReport,
    pages: &PageIndex<'_>,
    mode: &Mode<'_>,
) {
    let mut rows: Vec<&PageReport> = report.pages.iter().collect();
    rows.sort_by(|a, b| review_rank(a).cmp(&review_rank(b)));
    let _ = writeln!(
        html,
        "<section id=\"pages\" aria-labelledby=\"pages-title\">\n\
         <h2 id=\"pages-title\">Pages ({})</h2>\n\
         <p>Overdue reviews first, then those due within 60 days.</p>\n\
         <table class=\"desk-pages\">\n<thead><tr><th scope=\"col\">Page</th>\
         <th scope=\"col\">Language</th><th scope=\"col\">Last reviewed</th>\
         <th scope=\"col\">Next review due</th><th scope=\"col\">Reviewer</th>\
         <th scope=\"col\">Reading level</th><th scope=\"col\">Translation</th>\
         <th scope=\"col\">Findings</th></tr></thead>\n<tbody>",
        report.pages.len()
    );
    for p in rows {
        let r = &p.review;
        let found = pages.findings.get(p.file.as_str()).copied().unwrap_or(0);
        let overdue = r.status == ReviewStatus::Overdue;
        let _ = write!(
            html,
            "<tr data-lang=\"{}\" data-overdue=\"{overdue}\" data-findings=\"{}\">\
             <th scope=\"row\" data-label=\"Page\"><a href=\"{}\">{}</a><br><code>{}</code></th>\
             <td data-label=\"Language\">{}</td><td data-label=\"Last reviewed\"><span class=\"desk-date\">{}</span></td>",
            escape_html(&p.language),
            found > 0,
            escape_html(&page_href(&p.url, mode)),
            escape_html(&p.title),
            escape_html(&p.file),
            escape_html(&p.language),
            escape_html(r.last_reviewed.as_deref().unwrap_or("never")),
        );
        let due = match (&r.next_review, r.next_review_is_default) {
            (Some(d), true) => format!(
                "<span class=\"desk-date\">{}</span> (site default)",
                escape_html(d)
            ),
            (Some(d), false) => format!("<span class=\"desk-date\">{}</span>", escape_html(d)),
            (None, _) => "-".into(),
        };
        let (class, status) = match r.status {
            ReviewStatus::Overdue => ("desk-bad", "overdue".to_string()),
            ReviewStatus::DueSoon => (
                "desk-warn",
                format!("due in {} days", r.days_until_due.unwrap_or(0)),
            ),
            ReviewStatus::NeverReviewed => ("desk-bad", "never reviewed".into()),
            ReviewStatus::NoReviewer => ("desk-bad", "no reviewer".into()),
            ReviewStatus::Current => ("", String::new()),
        };
        let status = if status.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"{class}\">{status}</span>")
        };
        let _ = writeln!(
            html,
            "<td data-label=\"Next review due\">{due}{status}</td>\
             <td data-label=\"Reviewer\">{}</td><td data-label=\"Reading level\">{}</td>\
             <td data-label=\"Translation\">{}</td><td data-label=\"Findings\">{}</td></tr>",
            r.reviewed_by
                .as_deref()
                .map_or("<span class=\"desk-bad\">none</span>".into(), escape_html),
            reading(p),
            translation(&p.translation),
            if found > 0 {
                format!("<a href=\"#findings\">{found}</a>")
            } else {
                "0".into()
            }
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

fn reading(p: &PageReport) -> String {
    let r = &p.reading;
    let missed = p.reading_target.missed_by(r);
    let level = match (p.reading_target, r.flesch_kincaid_grade, r.fernandez_huerta) {
        (ReadingTarget::GradeAtMost(t), Some(g), _) => {
            format!("grade {g:.1} (target {t} or below)")
        }
        (ReadingTarget::EaseAtLeast(t), _, Some(e)) => format!("ease {e:.1} (target {t} or above)"),
        (_, Some(g), _) => format!("grade {g:.1}"),
        (_, _, Some(e)) => format!("ease {e:.1}"),
        _ => return "-".into(),
    };
    if missed {
        format!("{level} <span class=\"desk-warn\">too hard</span>")
    } else {
        level
    }
}

fn translation(state: &TranslationState) -> String {
    let languages = |ls: &[String]| escape_html(&ls.join(", "));
    match state {
        TranslationState::OneLanguage => "-".into(),
        TranslationState::Source {
            up_to_date,
            behind,
            missing,
        } => {
            let mut parts = Vec::new();
            if !up_to_date.is_empty() {
                parts.push(format!("up to date: {}", languages(up_to_date)));
            }
            if !behind.is_empty() {
                parts.push(format!(
                    "<span class=\"desk-warn\">behind: {}</span>",
                    languages(behind)
                ));
            }
            if !missing.is_empty() {
                parts.push(format!(
                    "<span class=\"desk-warn\">missing: {}</span>",
                    languages(missing)
                ));
            }
            parts.join("<br>")
        }
        TranslationState::UpToDate { source } => format!("up to date with <code>{}</code>", escape_html(source)),
        TranslationState::Behind { source } => format!(
            "<span class=\"desk-warn\">behind its source</span> <code>{}</code>",
            escape_html(source)
        ),
        TranslationState::Unrecorded { source } => format!(
            "<span class=\"desk-warn\">behind its source?</span> (no source_version) <code>{}</code>",
            escape_html(source)
        ),
        TranslationState::NoSource => "no page in the default language".into(),
    }
}
